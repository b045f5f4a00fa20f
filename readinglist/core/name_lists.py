"""People other than the authors (editors), kept in ``extra`` as one text.

The model has a column of authors only; editors come from ``.bib``, CSL-JSON
and RIS files and must leave through every exporter. They are stored as a
BibTeX name list in Unicode (``Family, Given and {Group Name}``), which
keeps family and given names apart and reads back without guessing.
"""

from __future__ import annotations

from readinglist.core.models import Author
from readinglist.core.names import split_name

EDITOR = "editor"  # the extra field holding the editors
NAMES_ARE_EDITORS = "_names"  # extra["_names"] == "editor": the author column holds editors


def format_names(people: tuple[Author, ...] | list[Author]) -> str:
    parts = []
    for a in people:
        if a.family:
            braced = "," in a.family or (" " in a.family and not a.given)
            family = f"{{{a.family}}}" if braced else a.family
            parts.append(f"{family}, {a.given}" if a.given else family)
        elif a.name.strip():
            parts.append("{" + a.name.strip() + "}")
    return " and ".join(parts)


def _split_and(text: str) -> list[str]:
    out, depth, start, i = [], 0, 0, 0
    low = text.lower()
    while i < len(text):
        ch = text[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
        elif depth == 0 and low.startswith(" and ", i):
            out.append(text[start:i])
            i += 5
            start = i
            continue
        i += 1
    out.append(text[start:])
    return [p.strip() for p in out if p.strip()]


def parse_names(text: str) -> tuple[Author, ...]:
    """The people of a stored name list (also the older ``A; B`` spelling)."""
    text = " ".join(text.split())
    if not text:
        return ()
    parts = _split_and(text)
    if len(parts) == 1 and ";" in text:
        parts = [p.strip() for p in text.split(";") if p.strip()]
    return tuple(_person(part) for part in parts)


def _person(part: str) -> Author:
    if part.startswith("{"):
        close = _closing_brace(part)
        inner, rest = part[1:close].strip(), part[close + 1 :].strip()
        if not rest:
            return Author(inner)  # {Group Name}
        if rest.startswith(","):
            given = rest[1:].strip().replace("{", "").replace("}", "")
            return Author(f"{given} {inner}".strip(), inner, given)
        part = part.replace("{", "").replace("}", "")
    if "," in part:
        family, _, given = part.partition(",")
    else:
        family, given = split_name(part.replace("{", "").replace("}", ""))
    family, given = family.strip().replace("{", "").replace("}", ""), given.strip()
    return Author(f"{given} {family}".strip(), family, given)


def _closing_brace(text: str) -> int:
    depth = 0
    for i, ch in enumerate(text):
        depth += ch == "{"
        depth -= ch == "}"
        if depth == 0:
            return i
    return len(text) - 1


def editors_of(extra: dict[str, object]) -> tuple[Author, ...]:
    value = extra.get(EDITOR)
    return parse_names(value) if isinstance(value, str) else ()
