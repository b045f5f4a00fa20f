"""Field values as BibTeX reads them: macros, ``#`` joins, names and months.

bibtexparser hands over each value as written (``{…}``, ``"…"``, ``jan``,
``j # " of X"``); this module evaluates them the way BibTeX does, with
field and macro names in any case (``Month = DEC``), and splits name lists
the way BibTeX and biber do, including biber's extended name format
(``family=Heuvel, given=Charles, prefix=van den, useprefix=true``) and the
trailing ``and``/comma that some exporters leave.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bibtexparser.middlewares.names import parse_single_name_into_parts

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# BibTeX's predefined macros (plain.bst and friends): the month abbreviations.
DEFAULT_MACROS = {name[:3].lower(): name for name in MONTH_NAMES}

_MONTH_WORDS = {name.lower(): i for i, name in enumerate(MONTH_NAMES, 1)}
_MONTH_WORDS.update({name[:3].lower(): i for i, name in enumerate(MONTH_NAMES, 1)})
_MONTH_WORDS.update({"sept": 9, "febr": 2, "janv": 1, "févr": 2, "mär": 3, "mrz": 3, "okt": 10, "dez": 12})
_MONTH_RE = re.compile(r"[A-Za-zé]+|\d+")


def evaluate(raw: str, macros: dict[str, str], leftovers: list[str] | None = None) -> str:
    """A raw value (``{a}``, ``"a"``, ``12``, ``macro``, joined with ``#``) as text.

    Read as BibTeX reads it: an undefined macro is empty, and whatever follows
    a complete value without a ``#`` (a missing comma) is not part of it.
    """
    raw = raw.strip()
    if not raw:
        return ""
    if raw[0] == "{" and raw[-1] == "}" and _group_end(raw, 0) == len(raw):
        return raw[1:-1]
    out: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        ch = raw[i]
        if ch == "{":
            end = _group_end(raw, i)
            out.append(raw[i + 1 : end - 1] if end <= n and raw[end - 1] == "}" else raw[i + 1 :])
            i = end
        elif ch == '"':
            end = _quoted_end(raw, i)
            out.append(raw[i + 1 : end - 1] if end <= n and raw[end - 1] == '"' else raw[i + 1 :])
            i = end
        else:
            match = _WORD_RE.match(raw, i)
            if match is None:
                if leftovers is not None:
                    leftovers.append(raw[i:])
                return "".join(out)
            word = match.group(0)
            if word.isdigit():
                out.append(word)
            else:
                out.append(macros.get(word.lower(), DEFAULT_MACROS.get(word.lower(), "")))
            i = match.end()
        while i < n and raw[i].isspace():
            i += 1
        if i < n and raw[i] == "#":
            i += 1
            while i < n and raw[i].isspace():
                i += 1
            continue
        break  # anything else: BibTeX stops reading the value here
    if i < n and leftovers is not None:
        leftovers.append(raw[i:])
    return "".join(out)


_WORD_RE = re.compile(r"[^\s\"#%'(),={}]+")


def _group_end(raw: str, start: int) -> int:
    depth = 0
    for i in range(start, len(raw)):
        if raw[i] == "{":
            depth += 1
        elif raw[i] == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(raw)


def _quoted_end(raw: str, start: int) -> int:
    depth = 0
    for i in range(start + 1, len(raw)):
        ch = raw[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth <= 0:
            return i + 1
    return len(raw)


def month_number(text: str) -> int | None:
    """1–12 from ``dec``, ``December``, ``Sept.``, ``02``, ``12~15`` (None if not a month)."""
    match = _MONTH_RE.search(text.strip())
    if match is None:
        return None
    word = match.group(0).lower()
    if word.isdigit():
        value = int(word)
        return value if 1 <= value <= 12 else None
    return _MONTH_WORDS.get(word) or _MONTH_WORDS.get(word[:3])


# ---- names -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Name:
    """One person from a name list, still in TeX (decoded later): von and last form ``family``."""

    family: str
    given: str
    suffix: str = ""
    literal: str = ""  # a name BibTeX cannot split (kept whole)


_AND_RE = re.compile(r"\s+and\s+", re.IGNORECASE)
_EXTENDED_RE = re.compile(r"^\s*(family|given|prefix|suffix|useprefix|giveni|familyi)\s*=", re.I)


def _top_level_split(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Split where ``pattern`` matches outside braces."""
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            m = pattern.match(text, i)
            if m is not None and m.end() > i:
                parts.append(text[start:i])
                start = i = m.end()
                continue
        i += 1
    parts.append(text[start:])
    return parts


def split_names(value: str) -> tuple[list[Name], bool]:
    """The people in an ``author``/``editor`` value, and whether it ended in ``and others``."""
    value = " ".join(value.split())
    value = re.sub(r"^\s*and\s+|\s+and\s*$", "", value, flags=re.IGNORECASE)
    names: list[Name] = []
    others = False
    for part in _top_level_split(" " + value + " ", _AND_RE):
        part = part.strip().strip(",;").strip()
        if not part:
            continue
        if part.lower() == "others":
            others = True
            continue
        names.append(parse_name(part))
    return names, others


def parse_name(text: str) -> Name:
    """One name: ``First von Last``, ``von Last, First``, ``von Last, Jr, First`` or biber's
    ``family=…, given=…, prefix=…, suffix=…``."""
    if _EXTENDED_RE.match(text):
        return _extended(text)
    if text.count(",") - _braced_commas(text) > 2:
        return Name("", "", literal=text)
    try:
        parts = parse_single_name_into_parts(text, strict=False)
    except Exception:  # noqa: BLE001 - bibtexparser's name errors; keep the name whole
        return Name("", "", literal=text)
    family = " ".join([*parts.von, *parts.last])
    return Name(family, " ".join(parts.first), " ".join(parts.jr))


def _braced_commas(text: str) -> int:
    depth = 0
    count = 0
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "," and depth > 0:
            count += 1
    return count


def _extended(text: str) -> Name:
    values: dict[str, str] = {}
    for item in _top_level_split(text, re.compile(r"\s*,\s*")):
        key, _, val = item.partition("=")
        val = val.strip()
        if len(val) >= 2 and val[0] == "{" and val[-1] == "}":
            val = val[1:-1]
        values[key.strip().lower()] = val
    family = values.get("family", "")
    prefix = values.get("prefix", "")
    if prefix:
        family = f"{prefix} {family}".strip()
    return Name(family, values.get("given", ""), values.get("suffix", ""))
