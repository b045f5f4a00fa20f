"""Reading RIS (Zotero, Mendeley, EndNote, publishers' "Download citation").

rispy reads the tag lines; this module cuts the file into records first
(``TY`` to ``ER``) so that each record is read on its own: one that cannot
be a paper is reported with its number, line and reason, and the rest
comes in. Tag lines are normalised before rispy sees them (``TY - JOUR``
with one space, a missing ``ER`` at the end, header lines before the first
record), which real exports contain and rispy would otherwise drop silently.

Keywords (``KW``) become tags, as Zotero and Mendeley import them: they are
how those tools export their tags, so a library moved through RIS keeps its
tags. Fields the model has no column for are kept in ``extra`` under their
BibTeX names (``CY`` → ``address``, ``T3`` → ``series``, ``SN`` → ``isbn``
or ``issn``).
"""

from __future__ import annotations

import re
from typing import Any

import rispy

from readinglist.core import entry_types
from readinglist.core.citekeys import is_valid_citekey
from readinglist.core.identifiers import parse_arxiv_id, parse_doi
from readinglist.core.importers.bounds import title_problem
from readinglist.core.importers.registry import Parsed
from readinglist.core.models import Author, PaperDraft
from readinglist.core.name_lists import EDITOR, NAMES_ARE_EDITORS, format_names
from readinglist.core.names import split_name

MAX_RECORDS = 200_000
MAX_TEXT = 100_000
_TAG_LINE = re.compile(r"^\ufeff?\s*([A-Z][A-Z0-9])\s{1,4}-(?:\s(.*)|)$")
_ARXIV_TEXT = re.compile(r"arxiv[:\s]*(?:abs/)?([^\s\]\[,;]+)(?:\s*\[([^\]\s]+)\])?", re.IGNORECASE)
_ISBN = re.compile(r"^(?:97[89][\d\- ]{10,14}|[\d\- ]{9,12}[\dXx])$")
_DATE = re.compile(r"^\s*(\d{4})(?:[/\-](\d{1,2}))?(?:[/\-](\d{1,2}))?")


def sniff(text: str) -> bool:
    """A ``TY  - `` line before any other content (headers such as ``Provider:`` allowed)."""
    for count, line in enumerate(text.splitlines()):
        m = _TAG_LINE.match(line)
        if m:
            return m.group(1) == "TY"
        if count > 20:
            return False
    return False


def records(text: str) -> list[tuple[int, list[str]]]:
    """The records of a RIS text: (first line number, normalised lines)."""
    out: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        m = _TAG_LINE.match(raw)
        if m is None:
            if current is not None and raw.strip():
                current.append(raw.strip())  # a continuation of the previous tag's value
            continue
        tag, value = m.group(1), (m.group(2) or "").strip()
        if tag == "TY":
            if current is not None:
                out[-1][1].append("ER  - ")  # the previous record had no ER
            current = [f"TY  - {value}"]
            out.append((number, current))
        elif current is not None:
            current.append(f"{tag}  - {value}")
            if tag == "ER":
                current = None
    if current is not None:
        current.append("ER  - ")
    return out


def parse(text: str) -> Parsed:
    found = Parsed()
    cut = records(text)
    if len(cut) > MAX_RECORDS:
        cut = cut[:MAX_RECORDS]
        found.problems.append(f"only the first {MAX_RECORDS} records were read")
    for position, (line, lines) in enumerate(cut, 1):
        try:
            [fields] = rispy.loads("\n".join(lines), skip_unknown_tags=False)
        except Exception as exc:  # rispy raises plain exceptions on lines it cannot place
            found.problems.append(f"record {position} (line {line}): unreadable ({exc})")
            continue
        result = record_to_draft(fields)
        if isinstance(result, str):
            found.problems.append(f"record {position} (line {line}{_label(fields)}): {result}")
        else:
            draft, tags = result
            found.drafts.append(draft)
            found.tags.append(tags)
    return found


def _label(fields: dict[str, Any]) -> str:
    key = _one(fields.get("id"))
    return f", {key[:80]}" if key else ""


def _one(value: Any) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), "")
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        return ""
    return " ".join(value.split())


def _all(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [" ".join(v.split()) for v in values if isinstance(v, str) and v.strip()][:5000]


def _unknown(fields: dict[str, Any], tag: str) -> list[str]:
    unknown = fields.get("unknown_tag") or {}
    return _all(unknown.get(tag, [])) if isinstance(unknown, dict) else []


def _person(text: str, *, plain: bool = True) -> Author:
    """``Family, Given[, Suffix]`` as RIS writes names; without a comma, one
    name kept whole (an organisation), as Zotero reads it. ``plain``: a name
    whose parts split_name would guess anyway is kept as a name only."""
    if "," not in text:
        return Author(text, text)
    family, given, *rest = [p.strip() for p in text.split(",")]
    if rest and rest[0]:
        family = f"{family}, {rest[0]}"
    name = f"{given} {family}".strip()
    if plain and split_name(name) == (family, given):
        return Author(name)  # the name alone says it all
    return Author(name, family, given)


def _date(*texts: str) -> tuple[int | None, str]:
    """Year and ISO date from ``PY``/``Y1``/``DA`` (``2020``, ``2020/05/17/``, ``2020-05``)."""
    year, iso = None, ""
    for text in texts:
        m = _DATE.match(text)
        if not m or not 1 <= int(m.group(1)) <= 9999:
            continue
        y, month, day = int(m.group(1)), m.group(2), m.group(3)
        candidate = f"{y:04d}"
        if month and 1 <= int(month) <= 12:
            candidate += f"-{int(month):02d}"
            if day and 1 <= int(day) <= 31:
                candidate += f"-{int(day):02d}"
        if year is None:
            year = y
        if y == year and len(candidate) > max(len(iso), 4):
            iso = candidate  # a year alone is the year column, not a date
    return year, iso


def _pages(start: str, end: str) -> str:
    if start and end and end != start:
        return f"{start}--{end}"
    return start or end


def record_to_draft(fields: dict[str, Any]) -> tuple[PaperDraft, tuple[str, ...]] | str:
    """One record as a draft plus its keywords, or why it cannot be a paper."""
    ris_type = _one(fields.get("type_of_reference"))
    entry_type = entry_types.from_ris(ris_type) if ris_type else ""
    if ris_type.upper() == "THES":  # M3 says which: "PhD thesis", "Master's thesis"
        entry_type = entry_types.from_csl("thesis", _one(fields.get("type_of_work")))
    kind = entry_types.kind(entry_type)
    title = _one(fields.get("title")) or _one(fields.get("primary_title"))
    if not title and kind is not None and kind.stored in ("book", "collection"):
        title = _one(_unknown(fields, "BT"))
    if not title:
        return "it has no title (TI or T1)"
    problem = title_problem(title)
    if problem:
        return problem
    people = [*_all(fields.get("authors")), *_all(fields.get("first_authors"))]
    authors = tuple(_person(p) for p in dict.fromkeys(people))
    editor_names = [*_all(fields.get("secondary_authors")), *_unknown(fields, "ED")]
    editors = tuple(_person(n, plain=False) for n in dict.fromkeys(editor_names))
    extra: dict[str, Any] = {}
    if editors:
        extra[EDITOR] = format_names(editors)
        if not authors:
            authors = tuple(_person(n) for n in dict.fromkeys(editor_names))
            extra[NAMES_ARE_EDITORS] = EDITOR
    year, iso = _date(
        _one(fields.get("date")), _one(fields.get("publication_year")), _one(fields.get("year"))
    )
    journal = (
        _one(fields.get("alternate_title3"))  # JF: the full journal name
        or _one(fields.get("journal_name"))  # JO
        or _one(fields.get("secondary_title"))  # T2
        or _one(fields.get("alternate_title2"))  # JA
    )
    container = _one(fields.get("secondary_title")) or _one(_unknown(fields, "BT"))
    venue = journal if kind is None or kind.stored == "article" else container or journal
    publisher = _one(fields.get("publisher"))
    if kind is not None and kind.csl in ("thesis", "report") and not venue:
        venue, publisher = publisher, ""  # the university or institution
    short_journal = _one(fields.get("alternate_title1")) or _one(fields.get("alternate_title2"))
    if short_journal and short_journal != venue:
        extra["shortjournal"] = short_journal
    for field, key in (
        ("place_published", "address"),
        ("tertiary_title", "series"),
        ("edition", "edition"),
        ("language", "language"),
        ("short_title", "shorttitle"),
        ("type_of_work", "type"),
        ("number_of_volumes", "volumes"),
        ("accession_number", "accession"),
        ("call_number", "call-number"),
        ("name_of_database", "source"),
    ):
        value = _one(fields.get(field))
        if value:
            extra[key] = value
    accessed = _date(_one(fields.get("access_date")))[1]
    if accessed:
        extra["urldate"] = accessed
    if kind is not None and kind.genre and extra.get("type") == kind.genre:
        del extra["type"]
    for number in _all(fields.get("issn")):
        key = "isbn" if _ISBN.match(number) and len(re.sub(r"\D", "", number)) in (10, 13) else "issn"
        extra[key] = f"{extra[key]}, {number}" if key in extra else number
    notes = [*_all(fields.get("notes")), *_all(fields.get("note"))]
    abstract = _one(fields.get("abstract")) or _one(fields.get("notes_abstract"))
    urls = _all(fields.get("urls"))
    doi = parse_doi(_one(fields.get("doi")), allow_arxiv=True)
    arxiv_id, category = _arxiv([*notes, *urls, _one(fields.get("doi"))])
    url = next(
        (u for u in urls if not (parse_doi(u) and "doi.org" in u) and "arxiv.org/abs/" not in u),
        "",
    )
    if not doi:
        doi = next((d for d in (parse_doi(u) for u in urls if "doi.org" in u) if d), "")
    notes = [n for n in notes if not (arxiv_id and n.lower().startswith(f"arxiv:{arxiv_id}".lower()))]
    if notes:
        extra["note"] = "\n".join(notes)
    if arxiv_id and entry_type in ("misc", "preprint") and not venue:
        entry_type = ""  # an arXiv paper: its kind goes without saying (as when added by id)
    key = _one(fields.get("id"))
    draft = PaperDraft(
        title=title,
        authors=authors,
        abstract=abstract,
        year=year,
        date=iso,
        arxiv_id=arxiv_id,
        doi=doi,
        venue=venue,
        entry_type=entry_type,
        volume=_one(fields.get("volume")),
        number=_one(fields.get("number")),
        pages=_pages(_one(fields.get("start_page")), _one(fields.get("end_page"))),
        publisher=publisher,
        url=url,
        primary_category=category,
        sources=("ris",),
        extra=extra,
        citekey=key if key and is_valid_citekey(key) else "",
    )
    return draft, _keywords(_all(fields.get("keywords")))


def _keywords(values: list[str]) -> tuple[str, ...]:
    """Tag names from ``KW`` lines; one line may hold a ``;``-separated list
    (and a single line a comma-separated one). Tag names hold no commas."""
    if len(values) == 1 and ";" not in values[0] and values[0].count(",") >= 2:
        values = values[0].split(",")
    words = [w.strip().replace(",", " ") for v in values for w in v.split(";")]
    return tuple(dict.fromkeys(" ".join(w.split()) for w in words if w.strip() and len(w) <= 100))


def _arxiv(texts: list[str]) -> tuple[str, str]:
    for text in texts:
        if "arxiv" not in text.lower():
            continue
        m = _ARXIV_TEXT.search(text)
        parsed = parse_arxiv_id(m.group(1)) if m else None
        if parsed is None:
            parsed = parse_arxiv_id(text)
        if parsed is not None:
            return parsed.base, (m.group(2) or "") if m else ""
    return "", ""
