"""Every importer against generated hostile input, on a fixed budget.

The property a user relies on: an import either says clearly what is wrong
(a ``UserError``, and the library is exactly as it was) or imports papers
that make sense (each has a title; importing the same text again adds
nothing). Any other exception is a bug. Inputs are built near each format
(valid skeletons with random values, types and damage) so the examples
reach the readers' inner paths instead of being refused at the door.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.core import importers
from readinglist.core.errors import UserError
from readinglist.core.library import LibraryService
from readinglist.core.net.session import HttpClient
from tests.conftest import FAST_NET

# Reading is pure and fast: many examples. Importing into a library (SQLite, the
# index) is slower: a few examples, each in a new library.
PARSE = settings(max_examples=60, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow])
IMPORT = settings(max_examples=5, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFF), max_size=40
)
hostile_text = st.one_of(
    text,
    st.sampled_from(["", " ", "{", "}", "\\", "$", "%", "@", "}{", "\x00", "\u202e", "\n\n",
                     "2509.12345", "10.1000/xyz", "arXiv:2301.00001", "a" * 5000,
                     "6100-01-01T00:00:00Z", "-0001", "0"]),
)
json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
              st.floats(allow_nan=False), hostile_text),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(hostile_text, inner, max_size=3)),
    max_leaves=8,
)


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


_made = [0]


def fresh(folder: Path) -> LibraryService:
    """A new library per example: one example's papers must not decide the next's."""
    _made[0] += 1
    service = LibraryService(folder / f"lib{_made[0]}")
    service.http = HttpClient(FAST_NET)  # look-ups fail fast: the endpoints are unreachable
    return service


def _snapshot(library: LibraryService) -> str:
    return library.exports.text("json")


def check_import(folder: Path, data: str) -> None:
    library = fresh(folder)
    try:
        _check(library, data)
    finally:
        library.close()


def check_reading(data: str) -> None:
    """The reader alone: a UserError, or drafts that are papers (titled, bounded)."""
    try:
        spec = importers.detect(data)
        found = spec.parse(data)
    except UserError as exc:
        assert str(exc).strip()
        return
    drafts = found.drafts if isinstance(found, importers.Parsed) else getattr(found, "drafts", [])
    for draft in drafts:
        assert draft.title.strip()
        assert draft.year is None or 1 <= draft.year <= 9999


def _check(library: LibraryService, data: str) -> None:
    library.imports.text("@misc{seed2020, title={A Paper Already There}, author={Ann Old}, year={2020}}")
    before = _snapshot(library)
    count = library.papers.count()
    try:
        report = library.imports.text(data)
    except UserError as exc:
        assert str(exc).strip(), "an error the user sees must say something"
        assert _snapshot(library) == before, "a refused import changed the library"
        return
    assert library.papers.count() == count + len(report.added)
    for paper in library.papers.get_many(report.added, with_notes=False):
        assert paper.title.strip(), "a paper without a title was imported"
        assert paper.citekey.strip()
    again = library.imports.text(data)
    assert again.added == [], "importing the same text twice added papers"


# ---- native JSON ------------------------------------------------------------------

PAPER_FIELDS = ["citekey", "title", "authors", "abstract", "year", "date", "arxiv_id", "doi",
                "venue", "entry_type", "pages", "tags", "status", "rating", "notes", "added",
                "modified", "extra", "categories", "url"]


def _native(args: tuple[list[dict], bool]) -> str:
    papers, with_title = args
    for n, paper in enumerate(papers):
        if with_title:
            paper.setdefault("title", f"Native paper {n}")
    return json.dumps({"format": "readinglist", "version": 1, "papers": papers, "tags": [],
                       "saved_searches": []})


native_files = st.tuples(
    st.lists(st.dictionaries(st.sampled_from(PAPER_FIELDS), json_value, max_size=8), max_size=4),
    st.booleans(),
).map(_native)


# ---- CSL-JSON ------------------------------------------------------------------------

CSL_FIELDS = ["id", "citation-key", "type", "title", "author", "editor", "issued", "accessed",
              "container-title", "page", "volume", "issue", "DOI", "URL", "ISBN", "note",
              "publisher", "number", "genre", "abstract", "collection-title", "keyword"]
csl_name = st.one_of(
    st.fixed_dictionaries({}, optional={"family": json_value, "given": json_value,
                                        "literal": json_value, "suffix": json_value,
                                        "non-dropping-particle": json_value}),
    json_value,
)
csl_date = st.one_of(
    st.fixed_dictionaries({}, optional={
        "date-parts": st.lists(st.lists(json_value, max_size=4), max_size=3),
        "raw": json_value, "literal": json_value, "season": json_value}),
    json_value,
)


csl_files = st.lists(
    st.fixed_dictionaries(
        {"type": st.sampled_from(["article-journal", "book", "thesis", "chapter", "webpage",
                                  "report", "bogus", ""])},
        optional={f: json_value for f in CSL_FIELDS if f not in ("author", "editor", "issued",
                                                               "type", "title")}
        | {"author": st.lists(csl_name, max_size=3), "editor": st.lists(csl_name, max_size=2),
           "issued": csl_date, "title": hostile_text},
    ),
    min_size=1, max_size=4,
).map(json.dumps)


# ---- RIS ---------------------------------------------------------------------------------

RIS_TAGS = ["TY", "TI", "T1", "AU", "A1", "A2", "ED", "PY", "Y1", "DA", "JO", "JF", "T2", "T3",
            "VL", "IS", "SP", "EP", "DO", "UR", "SN", "PB", "CY", "AB", "N1", "N2", "KW", "ID",
            "M3", "ER", "XX"]
ris_line = st.one_of(
    st.tuples(st.sampled_from(RIS_TAGS), hostile_text).map(lambda t: f"{t[0]}  - {t[1]}"),
    hostile_text,
)


def _ris(records: list[tuple[str, list[str]]]) -> str:
    lines = []
    for ty, body in records:
        lines += [f"TY  - {ty}", *body, "ER  - "]
    return "\n".join(lines) + "\n"


ris_files = st.lists(st.tuples(st.sampled_from(["JOUR", "BOOK", "THES", "GEN", "??", ""]),
                               st.lists(ris_line, max_size=8)), min_size=1, max_size=4).map(_ris)


# ---- BibTeX ----------------------------------------------------------------------------------

BIB_FIELDS = ["title", "Title", "AUTHOR", "author", "editor", "year", "month", "journal",
              "booktitle", "pages", "doi", "url", "eprint", "archivePrefix", "note", "crossref",
              "isbn", "address"]
bib_value = hostile_text.map(lambda v: v.replace("\n", " "))


def _bib(entries: list[tuple[str, str, list[tuple[str, str, str]]]]) -> str:
    parts = []
    for kind, key, fields in entries:
        body = ",\n".join(
            f"  {name} = {q[:len(q) // 2]}{value}{q[len(q) // 2:]}" for name, value, q in fields
        )
        parts.append(f"@{kind}{{{key},\n{body}\n}}\n")
    return "\n".join(parts)


bib_files = st.lists(st.tuples(
    st.sampled_from(["article", "book", "misc", "inproceedings", "set", "book_section", "string"]),
    st.text(alphabet="abcXYZ019_:-*'", max_size=12),
    st.lists(st.tuples(st.sampled_from(BIB_FIELDS), bib_value,
                       st.sampled_from(["{}", '""', "{{}}", ""])), max_size=6),
), min_size=1, max_size=4).map(_bib)


# ---- pasted text (offline: the endpoints are unreachable, so look-ups fail cleanly) ----------

paste_line = st.one_of(
    hostile_text,
    st.tuples(st.sampled_from(["Title:", "Authors:", "Abstract:", "**Title:**", "> ", "# ",
                               "<h2>", "| Cite as: |", "- [x](#y)"]), hostile_text)
    .map(lambda t: f"{t[0]} {t[1]}"),
    st.sampled_from(["A Title Line For A Paper",
                     "A long abstract sentence that goes on and on about results. " * 4]),
)


paste_texts = st.tuples(st.lists(paste_line, min_size=1, max_size=12),
                        st.sampled_from(["\n", "\n\n"])).map(lambda t: t[1].join(t[0]))

FORMATS = {"native": native_files, "csl-json": csl_files, "ris": ris_files,
           "bibtex": bib_files, "paste": paste_texts}


@pytest.mark.parametrize("name", FORMATS)
def test_reading_gives_papers_or_a_clear_error(name):
    given(FORMATS[name])(PARSE(lambda data: check_reading(data)))()


@pytest.mark.parametrize("name", FORMATS)
def test_importing_changes_nothing_on_error_and_is_idempotent(name, folder):
    given(FORMATS[name])(IMPORT(lambda data: check_import(folder, data)))()
