"""Reading ``.bib`` files (JabRef, Zotero, Better BibTeX, Mendeley, arXiv, Crossref) into drafts.

The work is done entry by entry in :mod:`bib_read` (splitting, macros,
inheritance) and :mod:`bib_entries` (fields → draft); this module keeps the
two questions the paste importer asks: where are the BibTeX blocks in a
text, and is a text a ``.bib`` file at all?
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from readinglist.core.errors import ImportFailed
from readinglist.core.importers.bib_entries import decode
from readinglist.core.importers.bib_read import BibRead, read_bib
from readinglist.core.models import PaperDraft

__all__ = ["TextBlocks", "decode", "looks_bibtex", "parse", "read", "split_blocks"]

# Entry types: letters, then letters, digits, "_" or "-" (Mendeley writes @book_section, @web_page).
_BLOCK_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z][\w\-]*)[ \t]*([{(])", re.MULTILINE)
_NON_ENTRY_TYPES = {"comment", "string", "preamble"}


@dataclass(frozen=True, slots=True)
class TextBlocks:
    """A text cut into BibTeX blocks and everything around them."""

    blocks: list[str]
    rest: str


def split_blocks(text: str) -> TextBlocks:
    """Find ``@type{...}`` blocks that start a line, matching braces to their end.

    Used to pick BibTeX entries out of a paste that also holds prose, ids or
    URLs. An unclosed block runs to the end of the text (the reader then
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
    quoted = False
    for i in range(start, len(text)):
        ch = text[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if opener == "{" and depth == 0:
                return i + 1
        elif ch == '"' and opener == "(" and depth == 0:
            quoted = not quoted  # "A (B) C" inside @article( … )
        elif ch == ")" and opener == "(" and depth == 0 and not quoted:
            return i + 1
    return len(text)


def looks_bibtex(text: str) -> bool:
    """A ``.bib`` file: at least one entry and nothing but comments around the blocks.

    Text around the blocks that BibTeX would skip (free comments, JabRef's
    and BibDesk's headers) counts as comment when most of the file is entries.
    """
    found = split_blocks(text.lstrip("\ufeff"))
    kinds = [m.group(1).lower() for m in (_BLOCK_START.match(b) for b in found.blocks) if m]
    entries = sum(kind not in _NON_ENTRY_TYPES for kind in kinds)
    if not entries:
        return False
    stray = [  # comments and stray closing braces (a brace typo) are not prose
        line for line in found.rest.splitlines()
        if line.strip(" \t\r})") and not line.lstrip().startswith("%")
    ]
    if not stray:
        return True
    # A real .bib with a few lines of free text between entries (BibTeX ignores them).
    block_chars = sum(len(b) for b in found.blocks)
    return entries >= 3 and block_chars >= 4 * sum(len(line) for line in stray)


def read(text: str, *, source: str = "bibtex") -> BibRead:
    """Drafts, with the entries that could not be used and why."""
    return read_bib(text, source=source)


sniff = looks_bibtex


def parse(text: str, *, source: str = "bibtex") -> list[PaperDraft]:
    """Every usable entry of a BibTeX text as a draft, in file order.

    Raises :class:`ImportFailed` only when no entry at all could be used.
    """
    found = read_bib(text, source=source)
    if not found.drafts and found.problems:
        raise ImportFailed(
            "nothing was imported: " + "; ".join(str(p) for p in found.problems[:5])
        )
    return found.drafts
