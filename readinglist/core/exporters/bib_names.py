"""Author names as BibTeX wants them: ``Family, Given``, joined with `` and ``.

Most names are plain ASCII "Given Family" display names; those take a fast
path that checks the whole list at once. Everything else goes through
``names.split_name`` and :func:`tex_text.to_tex`, braced where BibTeX's own
name parser would split it wrongly (a comma, an ``and``, a group name).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from readinglist.core.exporters.records import AuthorParts
from readinglist.core.exporters.tex_text import TexNotes, to_tex
from readinglist.core.models import Author
from readinglist.core.names import split_name

_PLAIN_NAME_RE = re.compile(r"[A-Za-z][A-Za-z .'-]*")


def _name_part(text: str, ascii_only: bool, notes: TexNotes | None) -> str:
    if _PLAIN_NAME_RE.fullmatch(text) is not None:
        spelt = text  # nothing to escape: most names
    else:
        spelt = " ".join(to_tex(text, ascii_only=ascii_only, notes=notes).split())
        if not spelt:
            return ""
    low = spelt.lower()
    if "," in spelt or " and " in f" {low} " or low == "others":
        return "{" + spelt + "}"  # keep BibTeX's name parser from splitting it
    return spelt


def bibtex_name(
    author: Author | AuthorParts, ascii_only: bool, notes: TexNotes | None = None
) -> str:
    """``Family, Given``; a one-part name with spaces (a group) is braced whole."""
    parts = author if isinstance(author, tuple) else (author.name, author.family, author.given)
    if not parts[1]:
        plain = _plain_name(parts[0])
        if plain is not None:
            return plain  # nothing in it needed escaping, so nothing to note
    if notes is None:
        return _cached_name(parts, ascii_only)
    return _format_name(parts, ascii_only, notes)


def _plain_name(name: str) -> str | None:
    """The common "Given [Middle] Family" display name with nothing to escape,
    split exactly as ``names.split_name`` would, without its general machinery."""
    if _PLAIN_NAMES_RE.fullmatch(name) is None:
        return None
    given, _, last = name.rpartition(" ")
    if last.lower() in _NOT_PLAIN_LAST:
        return None
    if " " in given and given.rpartition(" ")[2].lower() in _PARTICLES:
        return None
    low = given.lower()
    if ("and" in low or "others" in low) and (low == "others" or " and " in f" {low} "):
        given = "{" + given + "}"
    return f"{last}, {given}"


_PLAIN_NAMES_RE = re.compile(r"[A-Za-z][A-Za-z.'-]*(?: [A-Za-z][A-Za-z.'-]*)+")
_PARTICLES = frozenset(
    "van von der den de del della di da dos das du la le ter ten bin ibn al el".split()
)
# Last words split_name treats specially (suffixes), or BibTeX does ("and", "others").
_NOT_PLAIN_LAST = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "and", "others"})


def _format_name(author: AuthorParts, ascii_only: bool, notes: TexNotes | None) -> str:
    name, family, given = author
    if not family:
        family, given = split_name(name)
    fam = _name_part(family.strip(), ascii_only, notes)
    giv = _name_part(given.strip(), ascii_only, notes)
    if not fam.strip():
        fam, giv = giv, ""
    if not fam.strip():
        return ""
    if not giv.strip():
        if " " in fam and not fam.startswith("{"):
            return "{" + fam + "}"
        return fam
    return f"{fam}, {giv}"


@lru_cache(maxsize=65536)
def _cached_name(author: AuthorParts, ascii_only: bool) -> str:
    return _format_name(author, ascii_only, None)


# A "plain" author list: ASCII display names of two or more words, letters with
# inner dots, hyphens and apostrophes, nothing to escape.
_NAME_WORD = r"[A-Za-z][A-Za-z.'-]*"
_PLAIN_LIST_RE = re.compile(
    rf"{_NAME_WORD}(?: {_NAME_WORD})+(?:\x1f{_NAME_WORD}(?: {_NAME_WORD})+)*"
)
_SPECIAL_WORDS = _PARTICLES | _NOT_PLAIN_LAST


def bibtex_authors(
    authors: Sequence[AuthorParts], ascii_only: bool, notes: TexNotes | None = None
) -> str:
    """``Family, Given and Family, Given …``"""
    if authors and not any(a[1] for a in authors):
        # Most author lists are plain "Given Family" display names: check them
        # all at once, then put each last word first.
        names = [a[0] for a in authors]
        joined = "\x1f".join(names)
        if _PLAIN_LIST_RE.fullmatch(joined) and _SPECIAL_WORDS.isdisjoint(
            joined.lower().replace("\x1f", " ").split(" ")
        ):
            return " and ".join(
                [f"{last}, {given}" for given, _, last in (name.rpartition(" ") for name in names)]
            )
    parts = []
    for author in authors:
        plain = None if author[1] else _plain_name(author[0])  # plain names are never lossy
        spelt = plain if plain is not None else bibtex_name(author, ascii_only, notes)
        if spelt:
            parts.append(spelt)
    return " and ".join(parts)
