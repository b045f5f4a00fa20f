"""Reading CSL-JSON (Zotero, Better BibTeX, Pandoc, Mendeley, our own export).

A CSL-JSON file is an array of items, each a flat object: ``type``, ``id``
(Better BibTeX adds ``citation-key``), ``title``, name lists (``author``,
``editor``) of ``{family, given, …}`` or ``{literal}``, dates as
``{"date-parts": [[y, m, d]]}``, ``raw`` or ``literal``, and text or
numbers for the rest. Each item is read on its own: one that cannot be a
paper (not an object, no title) is reported by position and the rest comes
in. Fields the model has no column for are kept in ``extra`` under their
BibTeX names (``publisher-place`` → ``address``), so every exporter can
write them back.
"""

from __future__ import annotations

import json
import re
from typing import Any

from readinglist.core import entry_types
from readinglist.core.citekeys import is_valid_citekey
from readinglist.core.errors import ImportFailed
from readinglist.core.identifiers import parse_arxiv_id, parse_doi
from readinglist.core.importers.bounds import title_problem
from readinglist.core.importers.registry import Parsed
from readinglist.core.models import Author, PaperDraft
from readinglist.core.name_lists import EDITOR, NAMES_ARE_EDITORS, format_names
from readinglist.core.names import split_name

MAX_ITEMS = 200_000
MAX_TEXT = 100_000  # characters in one field: an abstract longer than this is not one

# CSL variables kept in extra, under the name BibTeX/biblatex gives them.
_EXTRA_FIELDS = {
    "publisher-place": "address",
    "collection-title": "series",
    "collection-number": "series-number",
    "edition": "edition",
    "ISBN": "isbn",
    "ISSN": "issn",
    "note": "note",
    "language": "language",
    "title-short": "shorttitle",
    "shortTitle": "shorttitle",
    "container-title-short": "shortjournal",
    "journalAbbreviation": "shortjournal",
    "number-of-pages": "pagetotal",
    "number-of-volumes": "volumes",
    "keyword": "keywords",
    "PMID": "pmid",
    "PMCID": "pmcid",
    "event-title": "eventtitle",
    "event": "eventtitle",
    "event-place": "venue",
    "genre": "type",
    "medium": "howpublished",
    "status": "pubstate",
    "version": "version",
    "archive": "archive",
    "archive_location": "archive-location",
    "call-number": "call-number",
    "source": "source",
    "chapter-number": "chapter",
    "original-title": "origtitle",
    "annote": "annote",
}
_ARXIV_NOTE = re.compile(r"arxiv:\s*([^\s\]\[,;]+)(?:\s*\[([^\]\s]+)\])?", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
# CSL's rich-text markup in titles (<i>, <b>, <sc>, <sup>, <sub>, <span class="nocase">).
_MARKUP = re.compile(r"</?(?:i|b|sc|sup|sub|span)(?:\s[^<>]*)?>", re.IGNORECASE)


def sniff(text: str) -> bool:
    """A JSON array of objects that look like CSL items (or one such object)."""
    head = text.lstrip()[:1]
    if head not in ("[", "{"):
        return False
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return False
    items = data if isinstance(data, list) else [data]
    objects = [i for i in items[:50] if isinstance(i, dict)]
    if not objects or "format" in objects[0] and objects[0].get("format") == "readinglist":
        return False
    return any(
        isinstance(i.get("type"), str) and ("title" in i or "id" in i) for i in objects
    )


def parse(text: str) -> Parsed:
    try:
        data = json.loads(text)
    except RecursionError:
        raise ImportFailed("this CSL-JSON file is nested too deeply to read") from None
    except ValueError as exc:
        raise ImportFailed(f"this is not valid JSON: {exc}") from None
    items = data if isinstance(data, list) else [data]
    if len(items) > MAX_ITEMS:
        raise ImportFailed(f"this CSL-JSON file has {len(items)} items; at most {MAX_ITEMS} are read")
    found = Parsed()
    for number, item in enumerate(items, 1):
        draft = item_to_draft(item)
        if isinstance(draft, str):
            found.problems.append(f"item {number}{_label(item)}: {draft}")
        else:
            found.drafts.append(draft)
    return found


def _label(item: Any) -> str:
    if isinstance(item, dict):
        key = item.get("citation-key") or item.get("id")
        if isinstance(key, (str, int)) and not isinstance(key, bool) and str(key).strip():
            return f" ({str(key).strip()[:80]})"
    return ""


def _text(value: Any) -> str:
    """A CSL string or number variable as text ("" for anything else)."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(int(value)) if float(value).is_integer() else str(value)
    if isinstance(value, str):
        return " ".join(value.split()) if len(value) <= MAX_TEXT else ""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(v.strip() for v in value if v.strip())  # keyword lists
    return ""


def _plain(value: Any) -> str:
    """A title-like variable without CSL's rich-text tags (the app shows plain text)."""
    return " ".join(_MARKUP.sub("", _text(value)).split())


def _person(value: Any, *, plain: bool = True) -> Author | None:
    if isinstance(value, str):
        return Author(" ".join(value.split())) if value.strip() else None
    if not isinstance(value, dict):
        return None
    literal = _text(value.get("literal"))
    if literal:
        return Author(literal, literal)  # one unit ("The ACME Lab"): never split into parts
    family = " ".join(
        p for p in (_text(value.get("non-dropping-particle")), _text(value.get("family"))) if p
    )
    given = " ".join(
        p for p in (_text(value.get("given")), _text(value.get("dropping-particle"))) if p
    )
    suffix = _text(value.get("suffix"))
    if not family and not given:
        return None
    if not family:
        return Author(given, given)
    name = f"{given} {family}".strip() + (f", {suffix}" if suffix else "")
    if suffix:
        family = f"{family}, {suffix}"  # BibTeX's "von Last, Jr, First" keeps it with the family
    if plain and split_name(name) == (family, given):
        return Author(name)  # the name alone says it all (as for names from arXiv)
    return Author(name, family, given)


def _people(value: Any, *, plain: bool = True) -> tuple[Author, ...]:
    """``plain``: a name whose parts split_name would guess anyway is kept as a
    name only, so our own export reads back unchanged."""
    if not isinstance(value, list):
        return ()
    return tuple(p for p in (_person(v, plain=plain) for v in value[:5000]) if p is not None)


def _date(value: Any) -> tuple[int | None, str, str]:
    """Year, ISO date (``2020``, ``2020-05``, ``2020-05-17``) and the words of a
    date that has no parts (``"13th cent"``), from a CSL date."""
    if isinstance(value, str):
        value = {"raw": value}
    if not isinstance(value, dict):
        return None, "", ""
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        numbers = []
        for part in parts[0][:3]:
            try:
                numbers.append(int(str(part).strip()))
            except ValueError:
                break
        if numbers and 1 <= numbers[0] <= 9999:
            year = numbers[0]
            iso = f"{year:04d}"
            if len(numbers) > 1 and 1 <= numbers[1] <= 12:
                iso += f"-{numbers[1]:02d}"
                if len(numbers) > 2 and 1 <= numbers[2] <= 31:
                    iso += f"-{numbers[2]:02d}"
            return year, iso if len(iso) > 4 else "", ""
    for key in ("raw", "literal"):
        words = _text(value.get(key))
        if not words:
            continue
        m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", words)
        if m and 1 <= int(m.group(1)) <= 9999:
            iso = "-".join(g for g in m.groups() if g)
            return int(m.group(1)), iso if len(iso) > 4 else "", "" if iso == words else words
        year = _YEAR.search(words)
        return (int(year.group(1)) if year else None), "", words
    return None, "", ""


def item_to_draft(item: Any) -> PaperDraft | str:
    """One CSL item as a draft, or why it cannot be a paper."""
    if not isinstance(item, dict):
        return "not a CSL item (an object with a type and a title)"
    title = _plain(item.get("title"))
    problem = title_problem(title)
    if problem:
        return problem
    csl_type = _text(item.get("type"))
    genre = _text(item.get("genre"))
    entry_type = entry_types.from_csl(csl_type, genre) if csl_type else ""
    kind = entry_types.kind(entry_type)
    authors = _people(item.get("author"))
    editors = _people(item.get("editor"), plain=False)
    extra: dict[str, Any] = {}
    if editors:
        extra[EDITOR] = format_names(editors)
        if not authors:
            authors = _people(item.get("editor"))
            extra[NAMES_ARE_EDITORS] = EDITOR
    year, iso, words = _date(item.get("issued"))
    if words:
        extra["issued"] = words
    _, accessed, _ = _date(item.get("accessed"))
    if accessed:
        extra["urldate"] = accessed
    for csl_name, field in _EXTRA_FIELDS.items():
        value = _text(item.get(csl_name))
        if value and field not in extra:
            extra[field] = value
    if kind is not None and kind.genre and extra.get("type") == kind.genre:
        del extra["type"]  # "PhD thesis" is what the entry type already says
    venue = _plain(item.get("container-title"))
    publisher = _text(item.get("publisher"))
    if kind is not None and kind.csl in ("thesis", "report") and not venue:
        venue, publisher = publisher, ""  # the university or institution
    number = _text(item.get("issue")) or _text(item.get("number"))
    arxiv_id, category = _arxiv(item, number)
    if arxiv_id and number.lower().startswith("arxiv"):
        number = ""
    if arxiv_id and publisher.lower() == "arxiv":
        publisher = ""
    if arxiv_id and (_text(item.get("note")).lower().startswith("arxiv:")):
        extra.pop("note", None)
    url = _text(item.get("URL"))
    if arxiv_id:
        if entry_type == "preprint":
            entry_type = ""  # an arXiv paper: its kind goes without saying (as when added by id)
        if url.rstrip("/") in (f"https://arxiv.org/abs/{arxiv_id}", f"http://arxiv.org/abs/{arxiv_id}"):
            url = ""  # the link every exporter derives from the id
    return PaperDraft(
        title=title,
        authors=authors,
        abstract=_text(item.get("abstract")),
        year=year,
        date=iso,
        arxiv_id=arxiv_id,
        doi=_doi(item, url),
        venue=venue,
        entry_type=entry_type,
        volume=_text(item.get("volume")),
        number=number,
        pages=_text(item.get("page")),
        publisher=publisher,
        url=url,
        primary_category=category,
        sources=("csl-json",),
        extra=extra,
        citekey=_citekey(item),
    )


def _citekey(item: dict[str, Any]) -> str:
    for name in ("citation-key", "id"):
        key = _text(item.get(name))
        if key and is_valid_citekey(key):
            return key
    return ""


def _doi(item: dict[str, Any], url: str) -> str:
    doi = parse_doi(_text(item.get("DOI")), allow_arxiv=True)
    if not doi and url:
        doi = parse_doi(url, allow_arxiv=True)  # a short DOI ("10/fqd6hj") next to the full URL
    return doi


def _arxiv(item: dict[str, Any], number: str) -> tuple[str, str]:
    """An arXiv id from ``number`` (``arXiv:2301.00001``), the URL, the DOI or the note."""
    for text in (_text(item.get("note")), number):
        m = _ARXIV_NOTE.search(text)
        parsed = parse_arxiv_id(m.group(1)) if m else None
        if m and parsed is not None:
            return parsed.base, m.group(2) or ""
    for text in (_text(item.get("URL")), _text(item.get("DOI"))):
        parsed = parse_arxiv_id(text) if "arxiv" in text.lower() else None
        if parsed is not None:
            return parsed.base, ""
    return "", ""
