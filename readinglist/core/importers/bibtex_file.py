"""Reading ``.bib`` files (JabRef, Zotero, Better BibTeX, arXiv, Crossref) into drafts.

bibtexparser v2 does the parsing (``@string`` macros, ``{}``/``""`` values,
comments); this module maps fields to the library's model. Keys are kept as
the wished citation key (a clash with another paper gets a suffix, which the
library reports). Text fields are decoded from LaTeX to Unicode for display
(``{\\"u}`` -> ``ü``); math (``$\\alpha$``) stays as written. Fields the model
has no column for are kept in ``extra`` under their own names. One broken
entry rejects the whole file, naming its line, so nothing is half-imported.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import MonthIntMiddleware, SeparateCoAuthors, SplitNameParts
from bibtexparser.middlewares.names import NameParts
from bibtexparser.middlewares.parsestack import default_parse_stack
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry, String
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from readinglist.core.errors import ImportFailed
from readinglist.core.identifiers import ARXIV_ID_RE, parse_arxiv_id, parse_doi
from readinglist.core.models import Author, PaperDraft
from readinglist.core.text_norm import collapse_spaces

# bibtexparser logs parse problems itself; we report them as ImportFailed instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False

def _latex_decoder() -> LatexNodes2Text:
    """pylatexenc's decoder, plus the text-mode spellings our own exporter writes.

    Without them ``\\textbraceleft{}`` vanished and ``\\textasciicircum{}``
    became U+02C6, so a title exported and imported again changed.
    """
    db = get_default_latex_context_db()
    db.add_context_category(
        "readinglist-text",
        prepend=True,
        macros=[
            MacroTextSpec("textbraceleft", "{"),
            MacroTextSpec("textbraceright", "}"),
            MacroTextSpec("textasciicircum", "^"),
            MacroTextSpec("textasciitilde", "~"),
            MacroTextSpec("textbackslash", "\\"),
            MacroTextSpec("textunderscore", "_"),
            MacroTextSpec("textbar", "|"),
            MacroTextSpec("textless", "<"),
            MacroTextSpec("textgreater", ">"),
        ],
    )
    return LatexNodes2Text(latex_context=db, math_mode="verbatim")


_LATEX = _latex_decoder()
_NEEDS_DECODING = re.compile(r"[\\{}~$`']|--")
_BLOCK_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*([{(])", re.MULTILINE)
_ARXIV_IN_TEXT = re.compile(
    r"arxiv[:\s]*(?:abs/)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)",
    re.IGNORECASE,
)

# Fields that become columns (or are consumed otherwise); everything else goes to extra.
_MAPPED = {
    "title",
    "author",
    "editor",
    "year",
    "date",
    "month",
    "journal",
    "journaltitle",
    "booktitle",
    "volume",
    "number",
    "issue",
    "pages",
    "publisher",
    "doi",
    "url",
    "eprint",
    "archiveprefix",
    "eprinttype",
    "primaryclass",
    "eprintclass",
    "abstract",
}
# Fields kept exactly as written (paths, identifiers, machine stamps).
_RAW = {"file", "url", "doi", "eprint", "pages", "urldate", "timestamp", "owner", "isbn", "issn"}
_NON_ENTRY_TYPES = {"comment", "string", "preamble"}


@dataclass(frozen=True, slots=True)
class TextBlocks:
    """A text cut into BibTeX blocks and everything around them."""

    blocks: list[str]
    rest: str


def split_blocks(text: str) -> TextBlocks:
    """Find ``@type{...}`` blocks that start a line, matching braces to their end.

    Used to pick BibTeX entries out of a paste that also holds prose, ids or
    URLs. An unclosed block runs to the end of the text (the parser then
    reports it).
    """
    blocks: list[str] = []
    rest: list[str] = []
    pos = 0
    for match in _BLOCK_START.finditer(text):
        if match.start() < pos:
            continue  # inside the previous block
        end = _block_end(text, match.end(), match.group(2))
        rest.append(text[pos : match.start()])
        blocks.append(text[match.start() : end])
        pos = end
    rest.append(text[pos:])
    return TextBlocks(blocks, "".join(rest))


def _block_end(text: str, start: int, opener: str) -> int:
    depth = 1 if opener == "{" else 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if opener == "{" and depth == 0:
                return i + 1
        elif ch == ")" and opener == "(" and depth == 0:
            return i + 1
    return len(text)


def looks_bibtex(text: str) -> bool:
    """A ``.bib`` file: at least one entry and nothing but comments around the blocks."""
    found = split_blocks(text)
    kinds = [m.group(1).lower() for m in (_BLOCK_START.match(b) for b in found.blocks) if m]
    if not any(kind not in _NON_ENTRY_TYPES for kind in kinds):
        return False
    return all(
        not line.strip() or line.lstrip().startswith("%") for line in found.rest.splitlines()
    )


sniff = looks_bibtex


def parse(text: str, *, source: str = "bibtex") -> list[PaperDraft]:
    """Every entry of a BibTeX text as a draft, in file order."""
    library = bibtexparser.parse_string(text, parse_stack=_parse_stack())
    strings = [b for b in library.blocks if isinstance(b, String)]
    entries: list[tuple[int, Entry]] = [(e.start_line or 0, e) for e in library.entries]
    for failed in library.failed_blocks:
        if isinstance(failed, (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock)) and isinstance(
            failed.ignore_error_block, Entry
        ):
            # A repeated key is still a paper (its key gets a suffix); a repeated
            # field keeps its first value. Neither is a reason to refuse a file.
            entries.append((failed.start_line or 0, _finish(failed.ignore_error_block, strings)))
            continue
        line = (failed.start_line or 0) + 1
        head = (failed.raw or "").strip().splitlines()[0][:60] if (failed.raw or "").strip() else ""
        raise ImportFailed(
            f"the BibTeX entry at line {line} ({head}) is malformed: {_reason(failed.error)}; "
            "nothing was imported"
        )
    entries.sort(key=lambda pair: pair[0])
    drafts = []
    for _, entry in entries:
        draft = entry_to_draft(entry, source=source)
        if draft is not None:
            drafts.append(draft)
    return drafts


def _parse_stack() -> list[Any]:
    return [*default_parse_stack(), SeparateCoAuthors(), SplitNameParts(), MonthIntMiddleware()]


def _finish(entry: Entry, strings: list[String]) -> Entry:
    """Run the parse stack over an entry bibtexparser set aside."""
    seen: set[str] = set()
    fields = []
    for f in entry.fields:
        if f.key.lower() not in seen:
            seen.add(f.key.lower())
            fields.append(f)
    entry = Entry(entry.entry_type, entry.key, fields, entry.start_line, entry.raw)
    library = Library([*strings, entry])
    for middleware in _parse_stack():
        library = middleware.transform(library=library)
    return library.entries[0] if library.entries else entry


def _reason(error: Exception) -> str:
    text = collapse_spaces(str(error))
    return text[:160] or type(error).__name__


def decode(value: str) -> str:
    """LaTeX to Unicode for display: accents, ``\\&``, ``--``, braces; math kept."""
    if not _NEEDS_DECODING.search(value):
        return collapse_spaces(value)
    try:
        return collapse_spaces(_LATEX.latex_to_text(value))
    except Exception:  # noqa: BLE001 - pylatexenc's own errors; show the text as written
        return collapse_spaces(value)


def _fields(entry: Entry) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in entry.fields:
        out.setdefault(f.key.lower(), f.value)
    return out


def _str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " and ".join(_str(v) for v in value)
    return str(value)


def entry_to_draft(entry: Entry, *, source: str = "bibtex") -> PaperDraft | None:
    if entry.entry_type.lower() in _NON_ENTRY_TYPES:
        return None
    fields = _fields(entry)
    title = decode(_str(fields.get("title")))
    authors = _authors(fields.get("author")) or _authors(fields.get("editor"))
    arxiv = _arxiv(fields)
    doi = parse_doi(_str(fields.get("doi")), allow_arxiv=True)
    date = _date(fields)
    year_match = re.search(r"\d{4}", _str(fields.get("year"))) or re.match(r"\d{4}", date)
    venue = decode(
        _str(fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle"))
    )
    extra: dict[str, Any] = {}
    for name, value in fields.items():
        if name in _MAPPED:
            continue
        text = _str(value)
        if not text.strip():
            continue
        extra[name] = text.strip() if name in _RAW else decode(text)
    if "editor" in fields and authors and fields.get("author"):
        extra["editor"] = "; ".join(a.name for a in _authors(fields.get("editor")))
    primary = _str(fields.get("primaryclass") or fields.get("eprintclass")).strip()
    if not title and not arxiv and not doi:
        raise ImportFailed(
            f"the BibTeX entry {entry.key!r} (line {(entry.start_line or 0) + 1}) has no title, "
            "arXiv id or DOI; nothing was imported"
        )
    return PaperDraft(
        title=title,
        authors=authors,
        abstract=decode(_str(fields.get("abstract"))),
        year=int(year_match.group(0)) if year_match else None,
        date=date,
        arxiv_id=arxiv,
        doi=doi,
        venue=venue,
        entry_type=entry.entry_type.lower(),
        volume=decode(_str(fields.get("volume"))),
        number=decode(_str(fields.get("number") or fields.get("issue"))),
        pages=_str(fields.get("pages")).strip(),
        publisher=decode(_str(fields.get("publisher"))),
        url=_str(fields.get("url")).strip(),
        primary_category=primary if arxiv and "." in primary else "",
        categories=(primary,) if arxiv and "." in primary else (),
        sources=(source,),
        extra=extra,
        citekey=entry.key.strip(),
    )


def _authors(value: Any) -> tuple[Author, ...]:
    if not isinstance(value, list):
        return ()
    out = []
    for person in value:
        if isinstance(person, NameParts):
            family = decode(" ".join([*person.von, *person.last]))
            given = decode(" ".join(person.first))
            suffix = decode(" ".join(person.jr))
            name = " ".join(p for p in (given, family, suffix) if p)
            if suffix:
                given = f"{given}, {suffix}" if given else suffix
            if name:
                out.append(Author(name, family, given))
        elif isinstance(person, str) and person.strip():
            out.append(Author(decode(person)))
    return tuple(out)


def _arxiv(fields: dict[str, Any]) -> str:
    """The arXiv id: ``eprint`` with an arXiv prefix, else an arXiv URL or note."""
    prefix = _str(fields.get("archiveprefix") or fields.get("eprinttype")).strip().lower()
    eprint = _str(fields.get("eprint")).strip()
    if eprint and prefix in ("arxiv", ""):
        parsed = parse_arxiv_id(eprint)
        if parsed is not None:
            return str(parsed)
    for name in ("url", "doi"):
        parsed = parse_arxiv_id(_str(fields.get(name)))
        if parsed is not None:
            return str(parsed)
    for name in ("journal", "note", "howpublished", "journaltitle"):
        for match in _ARXIV_IN_TEXT.finditer(_str(fields.get(name))):
            if ARXIV_ID_RE.match(match.group(1)):
                return match.group(1)
    return ""


def _date(fields: dict[str, Any]) -> str:
    """``date`` (biblatex) as written if ISO-like, else year and month."""
    date = _str(fields.get("date")).strip()
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):
        return date
    year = re.search(r"\d{4}", _str(fields.get("year")))
    if not year:
        return date[:10] if re.match(r"\d{4}-\d{2}-\d{2}", date) else ""
    month = fields.get("month")
    if isinstance(month, int) and 1 <= month <= 12:
        return f"{year.group(0)}-{month:02d}"
    return ""  # the year alone is in ``year``
