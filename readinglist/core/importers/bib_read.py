"""Reading a whole ``.bib`` file entry by entry, the way BibTeX does.

An entry that cannot be used is set aside with its key, line and a reason a
user understands; every other entry comes in. ``@string`` macros, ``#``
joins, ``crossref`` and biblatex ``xdata`` inheritance are resolved here, so
a child entry carries the fields it inherits (its ``booktitle``, publisher,
year) into the library and out again. biblatex ``@set`` and ``@xdata``
entries are not publications: they are reported, and their members come in
on their own.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import bibtexparser
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ParsingFailedBlock,
)

from readinglist.core.importers import bib_blocks
from readinglist.core.importers.bib_blocks import Block
from readinglist.core.importers.bib_entries import to_draft
from readinglist.core.importers.bib_values import evaluate
from readinglist.core.models import PaperDraft
from readinglist.core.text_norm import collapse_spaces

# bibtexparser logs parse problems itself; they are reported to the user instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False

_STRING_RE = re.compile(r"@[^{(]*[{(]\s*([^\s=]+)\s*=\s*(.*)\}\s*$", re.DOTALL)
_ABORTED_RE = re.compile(r"^.*?due to syntactical error in bibtex:\s*", re.DOTALL)
# Fields a child does not inherit from its crossref/xdata parent: the parent's own
# identity (its DOI or URL is not the child's) and the links themselves.
_NOT_INHERITED = frozenset(
    {"ids", "crossref", "xref", "xdata", "entryset", "key", "label", "doi", "url", "eprint",
     "eprinttype", "archiveprefix", "primaryclass", "eprintclass",
     "shorthand", "sortkey", "related", "file", "timestamp", "owner", "abstract", "note",
     "biburl", "bibsource", "keywords", "groups"}
)
_CONTAINER_TYPES = frozenset({"book", "mvbook", "proceedings", "mvproceedings", "collection",
                              "mvcollection", "reference", "mvreference", "periodical"})
_CONTAINED_TYPES = frozenset({"inproceedings", "incollection", "inbook", "bookinbook",
                              "suppbook", "inreference", "conference", "book_section"})
NOT_PAPERS = frozenset({"set", "xdata"})


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a draft came from in the file (for the messages after the import)."""

    key: str
    line: int
    keyless: bool = False

    def label(self) -> str:
        return f"{self.key} (line {self.line})" if self.key else f"the entry at line {self.line}"


@dataclass(frozen=True, slots=True)
class Problem:
    """An entry that was not imported, and why."""

    key: str
    line: int
    reason: str

    def __str__(self) -> str:
        who = f"{self.key} (line {self.line})" if self.key else f"entry at line {self.line}"
        return f"{who}: {self.reason}"


@dataclass
class BibRead:
    drafts: list[PaperDraft] = field(default_factory=list)
    origins: list[Origin] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


@dataclass
class _Entry:
    kind: str
    key: str
    line: int
    fields: dict[str, str]
    keyless: bool


def read_bib(text: str, *, source: str = "bibtex") -> BibRead:
    """Every entry of a ``.bib`` text as a draft, or as a problem, in file order."""
    result = BibRead()
    blocks = bib_blocks.split(text.lstrip("\ufeff"))
    macros: dict[str, str] = {}
    entry_blocks: list[Block] = []
    for block in blocks:
        if block.kind == "string":
            match = _STRING_RE.match(block.text)
            if match:
                macros[match.group(1).lower()] = evaluate(match.group(2), macros)
        elif block.kind != "preamble":
            entry_blocks.append(block)
    entries = _parse(entry_blocks, macros, result)
    by_key = {e.key.lower(): e for e in entries if e.key}
    _inherit(entries, by_key, result)
    members: dict[str, list[str]] = {}
    for e in entries:
        for parent in _keys(e.fields.get("xdata", "")):
            members.setdefault(parent.lower(), []).append(e.key)
    for e in entries:
        if e.kind == "set":
            keys = ", ".join(_keys(e.fields.get("entryset", ""))) or "no entries"
            result.problems.append(Problem(e.key, e.line, f"it is a biblatex @set (a group of {keys}); "
                                           "its entries are imported on their own"))
            continue
        if e.kind == "xdata":
            users = ", ".join(members.get(e.key.lower(), [])) or "no entry"
            result.problems.append(Problem(e.key, e.line, "it is a biblatex @xdata container, not a "
                                           f"publication; its fields were given to {users}"))
            continue
        try:
            draft = to_draft(e.kind, "" if e.keyless else e.key, e.fields, source=source)
        except Exception:  # noqa: BLE001 - one odd entry must not stop the file
            draft = "its fields could not be read (an unexpected value; please report it)"
        if isinstance(draft, str):
            result.problems.append(Problem("" if e.keyless else e.key, e.line, draft))
            continue
        result.drafts.append(draft)
        result.origins.append(Origin("" if e.keyless else e.key, e.line, e.keyless))
    return result


def _parse(blocks: list[Block], macros: dict[str, str], result: BibRead) -> list[_Entry]:
    text, starts = bib_blocks.layout(blocks)
    library = bibtexparser.parse_string(text, parse_stack=[])
    seen: set[int] = set()
    entries: list[_Entry] = []
    for parsed in library.blocks:
        line = (parsed.start_line or 0) + 1
        block = starts.get(line)
        if block is None:
            continue  # text between blocks (bibtexparser's implicit comments)
        if isinstance(parsed, (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock)):
            parsed = parsed.ignore_error_block
        if isinstance(parsed, ParsingFailedBlock) or not isinstance(parsed, Entry):
            if id(block) in seen:
                continue
            retried = _retry(block)
            if retried is None:
                seen.add(id(block))
                error = getattr(parsed, "error", None)
                result.problems.append(Problem(_key_of(block), block.line, _reason(error)))
                continue
            parsed = retried
        seen.add(id(block))
        fields: dict[str, str] = {}
        for f in parsed.fields:
            name = f.key.strip().lower()
            if name not in fields:  # BibTeX keeps the first of a repeated field
                leftovers: list[str] = []
                fields[name] = evaluate(str(f.value), macros, leftovers)
                if leftovers:
                    shown = collapse_spaces(leftovers[0])[:40]
                    block.repairs.append(
                        f"a comma is missing after its {name} field; BibTeX skips the rest "
                        f"of the entry from {shown!r} on, and so did this import"
                    )
                    break
        key = "" if block.keyless else parsed.key
        entries.append(_Entry(block.kind, key, block.line, fields, block.keyless))
        for repair in block.repairs:
            result.notices.append(f"{_label(key, block.line)}: {repair}")
    for block in blocks:
        if id(block) not in seen:
            result.problems.append(
                Problem(_key_of(block), block.line, "it could not be read as a BibTeX entry")
            )
    entries.sort(key=lambda e: e.line)
    result.problems.sort(key=lambda p: p.line)
    return entries


def _retry(block: Block) -> Entry | None:
    """The block read again the way BibTeX reads it, after bibtexparser gave up on it.

    BibTeX counts ``\\}`` as a brace like any other (bibtexparser skips it, then
    finds the entry unclosed), and after a syntax error it keeps the fields it
    had read and skips the rest of the entry. The user is told (a notice).
    """
    text = block.text.replace("\\{", "\\ {").replace("\\}", "\\ }")
    entry, error = _parse_one(text)
    if entry is not None:
        return entry
    stop = getattr(error, "end_index", None)
    head = text[: stop if isinstance(stop, int) and stop > 0 else len(text)]
    cut = _last_field_end(head)
    if cut <= 0:
        return None
    entry, _ = _parse_one(head[:cut] + "\n}")
    if entry is not None:
        block.repairs.append(
            f"the rest of the entry after line {block.line + head[:cut].count(chr(10))} "
            "is not valid BibTeX and was skipped, as BibTeX skips it"
        )
    return entry


def _parse_one(text: str) -> tuple[Entry | None, Exception | None]:
    library = bibtexparser.parse_string(text, parse_stack=[])
    error = None
    for parsed in library.blocks:
        if isinstance(parsed, (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock)):
            parsed = parsed.ignore_error_block
        if isinstance(parsed, Entry):
            return parsed, None
        if isinstance(parsed, ParsingFailedBlock) and error is None:
            error = parsed.error
    return None, error


def _last_field_end(text: str) -> int:
    """Where the last complete ``name = value`` of an entry's head ends (depth 1)."""
    depth = 0
    last = -1
    quoted = False
    for i, ch in enumerate(text):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 1:
                last = i + 1
        elif ch == '"' and depth == 1:
            quoted = not quoted
            if not quoted:
                last = i + 1
        elif ch == "," and depth == 1 and not quoted:
            last = i
    return last


def _key_of(block: Block) -> str:
    return "" if block.keyless else block.key


def _label(key: str, line: int) -> str:
    return f"{key} (line {line})" if key else f"the entry at line {line}"


def _reason(error: Exception | None) -> str:
    detail = collapse_spaces(
        str(getattr(error, "abort_reason", "") or _ABORTED_RE.sub("", str(error or "")))
    )
    if not detail or " " not in detail:
        return "it is not valid BibTeX (a field is not written as name = {value})"
    return f"it is not valid BibTeX: {detail[:1].lower()}{detail[1:160]}"


def _keys(value: str) -> list[str]:
    return [k.strip() for k in value.split(",") if k.strip()]


def _inherit(entries: list[_Entry], by_key: dict[str, _Entry], result: BibRead) -> None:
    """Give children the fields of their ``xdata`` and ``crossref`` parents (BibTeX and
    biber rules: a field the child has is never replaced)."""

    def resolve(e: _Entry, depth: int = 0) -> None:
        if depth > 8:
            return
        for parent_key in _keys(e.fields.get("xdata", "")):
            parent = by_key.get(parent_key.lower())
            if parent is None:
                result.notices.append(f"{_label(e.key, e.line)}: its xdata entry {parent_key} "
                                      "is not in the file")
                continue
            resolve(parent, depth + 1)
            for name, value in parent.fields.items():
                if name not in _NOT_INHERITED:
                    e.fields.setdefault(name, value)
        parent_key = e.fields.get("crossref", "").strip()
        if parent_key:
            parent = by_key.get(parent_key.lower())
            if parent is None:
                result.notices.append(f"{_label(e.key, e.line)}: its crossref entry {parent_key} "
                                      "is not in the file")
                return
            resolve(parent, depth + 1)
            if parent.kind in _CONTAINER_TYPES or e.kind in _CONTAINED_TYPES:
                if "title" in parent.fields:
                    e.fields.setdefault("booktitle", parent.fields["title"])
                if parent.kind in ("mvbook", "mvproceedings", "mvcollection") and "title" in parent.fields:
                    e.fields.setdefault("maintitle", parent.fields["title"])
            for name, value in parent.fields.items():
                if name not in _NOT_INHERITED and not (
                    name == "title" and e.kind in _CONTAINED_TYPES
                ):
                    e.fields.setdefault(name, value)

    for e in entries:
        resolve(e)
