"""Real .bib files from other tools, checked against real BibTeX.

For each file in ``../shared/corpus/bib/`` (the corpus is read in place,
never copied): every entry BibTeX itself typesets is imported or named in
the report; keys are kept or their renaming is reported; the fields a user
expects survive import → export (the type, editors, address, series, isbn,
note, …, and the words the source protected from lower-casing); and the
BibTeX export compiles with real ``bibtex``. The independent count is the
``.bbl`` that ``bibtex`` writes for ``\\citation{*}`` over the original.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest

from readinglist.core.library import LibraryService

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "bib"
FILES = sorted(CORPUS.glob("*.bib")) if CORPUS.is_dir() else []
BIBTEX = shutil.which("bibtex")

# Fields a user expects back, under either profile's name.
EXPECTED = {
    "author", "editor", "title", "journal", "booktitle", "year", "volume", "number", "pages",
    "publisher", "address", "series", "edition", "school", "institution", "organization",
    "howpublished", "isbn", "issn", "note", "doi", "chapter", "type",
}
ALIASES = {"journaltitle": "journal", "location": "address", "date": "year", "issue": "number"}
STANDARD_TYPES = {
    "article", "book", "booklet", "inbook", "incollection", "inproceedings", "manual",
    "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished",
}

pytestmark = [
    pytest.mark.skipif(not FILES, reason=f"the corpus folder {CORPUS} is missing"),
    pytest.mark.skipif(BIBTEX is None, reason="real BibTeX (texlive-binaries) is not installed"),
]


def run_bibtex(tmp: Path, text: str, name: str) -> tuple[list[str], int, str]:
    """Keys in the .bbl that plain.bst writes for \\citation{*}, the exit code, the log."""
    work = tmp / name
    work.mkdir()
    (work / "data.bib").write_text(text, "utf-8")
    (work / "x.aux").write_text("\\citation{*}\n\\bibdata{data}\n\\bibstyle{plain}\n")
    done = subprocess.run(
        [BIBTEX, "-terse", "x"], cwd=work, capture_output=True, text=True, timeout=60,
        env={**os.environ, "max_strings": "1000000"},
    )
    bbl = (work / "x.bbl").read_text("utf-8", "replace") if (work / "x.bbl").exists() else ""
    blg = (work / "x.blg").read_text("utf-8", "replace")
    return re.findall(r"\\bibitem(?:\[[^\]]*\])?\{([^}]*)\}", bbl), done.returncode, blg


def fields_of(text: str) -> dict[str, tuple[str, dict[str, str]]]:
    """key → (type, {field: raw value}) as bibtexparser reads the text (independent of us)."""
    library = bibtexparser.parse_string(text, parse_stack=[])
    out: dict[str, tuple[str, dict[str, str]]] = {}
    blocks = list(library.entries) + [
        b.ignore_error_block for b in library.failed_blocks
        if getattr(b, "ignore_error_block", None) is not None
    ]
    for e in blocks:
        if not hasattr(e, "fields") or not e.key:
            continue
        fields: dict[str, str] = {}
        for f in e.fields:
            name = f.key.lower()
            fields.setdefault(ALIASES.get(name, name), str(f.value))
        out.setdefault(e.key, (e.entry_type.lower(), fields))
    return out


def protected(raw_title: str) -> list[str]:
    """ASCII words that hold a capital inside a brace group ({DNA}, {P}rocess, every word
    of {The Andes}); not special characters such as {\\"O}."""
    value = raw_title.strip()
    if value.startswith("{") and value.endswith("}"):
        value = value[1:-1]
    words = []
    depth, start = 0, 0
    tokens = []
    for i, ch in enumerate(value + " "):
        depth += (ch == "{") - (ch == "}")
        if ch.isspace() and depth == 0:
            tokens.append(value[start:i])
            start = i + 1
    for token in tokens:
        if token.startswith("{") and token.endswith("}") and " " in token:
            tokens.extend("{" + w + "}" for w in token[1:-1].split())
            continue
        if re.search(r"\{(?!\\)[^{}]*[A-Z]", token) and token.isascii() and "\\" not in token:
            plain = re.sub(r"\\[A-Za-z]+|[{}]", "", token)
            words += [w for w in re.findall(r"[A-Za-z0-9]+", plain) if w != w.lower()]
    return words


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_file_imports_and_exports_like_bibtex(path: Path, tmp_path: Path) -> None:
    original = path.read_text("utf-8-sig")
    bbl_keys, _, _ = run_bibtex(tmp_path, original, "original")
    with LibraryService(tmp_path / "lib") as service:
        report = service.imports.text(original)
        keys = {service.papers.get(pid).citekey for pid in report.paper_ids}
        exported = service.exports.text("bibtex")
        exported_biblatex = service.exports.text("biblatex")
        again = service.imports.text(original)
        keys_again = {service.papers.get(pid).citekey for pid in again.paper_ids}
        count = service.papers.count()

    # 1. Every entry BibTeX typesets is imported, or named in the report.
    said = "\n".join([*report.problems, *report.notices])
    missing = [k for k in bbl_keys if k not in keys and k not in said]
    keyless = sum("has no key" in n for n in report.notices)
    assert len(missing) <= keyless, f"entries BibTeX typesets but the import lost: {missing[:10]}"
    assert len(report.added) + len(report.problems) + len(report.updated) + len(
        report.unchanged
    ) >= len(set(bbl_keys))

    # 2. Keys kept exactly (or the change reported); a second import adds nothing.
    source = fields_of(original)
    for key in source:
        if key in bbl_keys and key not in keys:
            assert key in said, f"key {key!r} changed without a word"
    assert again.added == [] and keys_again == keys and count == len(report.added)

    # 3. The export compiles with real BibTeX and holds every paper.
    out_keys, rc, blg = run_bibtex(tmp_path, exported, "export")
    assert rc <= 1 and "error message" not in blg, blg[-2000:]
    assert sorted(out_keys) == sorted(keys)

    # 4. The fields a user expects survive, in both profiles; the type is kept.
    for profile, text in (("bibtex", exported), ("biblatex", exported_biblatex)):
        back = fields_of(text)
        lost: list[str] = []
        for key, (kind, fields) in source.items():
            if key not in back:
                continue
            out_kind, out_fields = back[key]
            if profile == "bibtex" and kind in STANDARD_TYPES:
                assert out_kind == kind, f"{key}: @{kind} exported as @{out_kind}"
            for name in EXPECTED & set(fields):
                value = fields[name].strip("{}\" ")
                if value and name not in out_fields and not (
                    name == "school" and "institution" in out_fields
                ):
                    lost.append(f"{key}.{name}")
            parent = source.get(fields.get("crossref", "").strip("{}\" "))
            if parent and kind in ("inproceedings", "incollection") and "title" in parent[1]:
                assert "booktitle" in out_fields, f"{key}: the inherited booktitle was lost"
            if profile == "bibtex" and "title" in fields and "title" in out_fields:
                for word in protected(fields["title"]):
                    assert re.search(r"\{[^{}]*\b" + re.escape(word) + r"\b", out_fields["title"]), (
                        f"{key}: {word!r} lost its braces: {out_fields['title']}"
                    )
        assert not lost, f"{profile}: fields lost on export: {lost[:20]}"
