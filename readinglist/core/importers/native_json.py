"""Reading the native JSON format, validated before anything is written.

Every record is checked first; one bad record rejects the whole file with a
message naming it, so a half-imported library never happens.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from readinglist.core.errors import ImportFailed, InvalidInput
from readinglist.core.exporters.native_json import FORMAT, VERSION
from readinglist.core.models import Author, PaperDraft, ReadStatus, SavedSearch
from readinglist.core.validation import (
    MAX_LIST_ITEMS,
    MAX_NOTE,
    MAX_SHORT_FIELD,
    MAX_VERSION,
    check_draft,
    check_int,
    check_tags,
    check_text,
    check_timestamp,
    check_year,
    load_json,
)


@dataclass(frozen=True, slots=True)
class NoteRecord:
    body: str
    created: str
    modified: str


@dataclass(frozen=True, slots=True)
class PaperRecord:
    draft: PaperDraft
    tags: tuple[str, ...]
    status: ReadStatus
    rating: int
    notes: tuple[NoteRecord, ...]
    added: str
    modified: str


@dataclass(frozen=True, slots=True)
class NativeLibrary:
    papers: list[PaperRecord]
    tag_colors: dict[str, str]
    saved_searches: list[SavedSearch]


def looks_native(text: str) -> bool:
    head = text.lstrip()[:200]
    return head.startswith("{") and '"format"' in text[:2000] and FORMAT in text[:2000]


sniff = looks_native


def _str(record: dict[str, Any], key: str, where: str) -> str:
    value = record.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ImportFailed(f"{where}: {key!r} must be text, not {type(value).__name__}")
    return value


def _timestamp(record: dict[str, Any], key: str, where: str) -> str:
    """An ISO 8601 time as stored (``2024-05-01T09:30:00Z``); normalised to UTC and bounded."""
    return check_timestamp(record.get(key), where, key)


def _str_list(record: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = record.get(key, [])
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ImportFailed(f"{where}: {key!r} must be a list of text")
    if len(value) > MAX_LIST_ITEMS:
        raise ImportFailed(f"{where}: {key!r} has more than {MAX_LIST_ITEMS:,} items")
    return tuple(value)


def _authors(record: dict[str, Any], where: str) -> tuple[Author, ...]:
    value = record.get("authors", [])
    if not isinstance(value, list):
        raise ImportFailed(f"{where}: 'authors' must be a list")
    out = []
    for item in value:
        if isinstance(item, str):
            out.append(Author(item))
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            family, given = item.get("family") or "", item.get("given") or ""
            if not isinstance(family, str) or not isinstance(given, str):
                raise ImportFailed(f"{where}: an author's 'family' and 'given' must be text")
            out.append(Author(item["name"], family, given))
        else:
            raise ImportFailed(f"{where}: each author must be a name or {{'name': …}}")
    return tuple(out)


def paper_record(record: Any, index: int) -> PaperRecord:
    """One paper of the file (``index`` from 0), checked; the message names it by number and title."""
    where = f"paper #{index + 1}"
    if not isinstance(record, dict):
        raise ImportFailed(f"{where} is not an object")
    title = _str(record, "title", where)
    where = f"paper #{index + 1} ({title[:60]!r})" if title else where
    extra = record.get("extra", {})
    if not isinstance(extra, dict):
        raise ImportFailed(f"{where}: 'extra' must be an object")
    try:
        status = ReadStatus.parse(_str(record, "status", where) or "inbox")
    except InvalidInput as exc:
        raise ImportFailed(f"{where}: {exc}") from None
    rating = check_int(record.get("rating"), where, "rating", 0, 5) or 0
    notes_value = record.get("notes", [])
    if notes_value is None:
        notes_value = []
    if not isinstance(notes_value, list):
        raise ImportFailed(f"{where}: 'notes' must be a list")
    if len(notes_value) > MAX_LIST_ITEMS:
        raise ImportFailed(f"{where}: more than {MAX_LIST_ITEMS:,} notes")
    notes = []
    for note in notes_value:
        if not isinstance(note, dict) or not isinstance(note.get("body"), str):
            raise ImportFailed(f"{where}: each note needs a 'body' text")
        check_text(note["body"], where, "note", MAX_NOTE)
        notes.append(
            NoteRecord(
                note["body"], _timestamp(note, "created", where), _timestamp(note, "modified", where)
            )
        )
    draft = PaperDraft(
        title=title,
        authors=_authors(record, where),
        abstract=_str(record, "abstract", where),
        year=check_year(record.get("year"), where),
        date=_str(record, "date", where),
        arxiv_id=_str(record, "arxiv_id", where),
        arxiv_version=check_int(record.get("arxiv_version"), where, "arxiv_version", 1, MAX_VERSION),
        doi=_str(record, "doi", where),
        venue=_str(record, "venue", where),
        entry_type=_str(record, "entry_type", where),
        volume=_str(record, "volume", where),
        number=_str(record, "number", where),
        pages=_str(record, "pages", where),
        publisher=_str(record, "publisher", where),
        url=_str(record, "url", where),
        pdf_url=_str(record, "pdf_url", where),
        code_url=_str(record, "code_url", where),
        project_url=_str(record, "project_url", where),
        primary_category=_str(record, "primary_category", where),
        categories=_str_list(record, "categories", where),
        sources=_str_list(record, "sources", where),
        extra=extra,
        citekey=_str(record, "citekey", where),
    )
    if not (draft.title or draft.arxiv_id or draft.doi):
        raise ImportFailed(f"{where} has no title, arXiv id or DOI")
    check_draft(draft, where)
    tags = record.get("tags")
    return PaperRecord(
        draft=draft,
        tags=() if tags is None else check_tags(tags, where),
        status=status,
        rating=rating,
        notes=tuple(notes),
        added=_timestamp(record, "added", where),
        modified=_timestamp(record, "modified", where),
    )


def parse_native(text: str) -> NativeLibrary:
    """Validate a native JSON export; raises :class:`ImportFailed` naming the problem."""
    data = load_json(text, "the file")  # "not valid JSON: … at line L, column C"
    if not isinstance(data, dict):
        raise ImportFailed(NOT_AN_EXPORT)
    check_header(data.get("format"), data.get("version"))
    papers = data.get("papers")
    if not isinstance(papers, list):
        raise ImportFailed("the 'papers' field must be a list")
    records = [paper_record(p, i) for i, p in enumerate(papers)]
    return NativeLibrary(records, tag_colors(data.get("tags")),
                         saved_searches(data.get("saved_searches")))


NOT_AN_EXPORT = "not a Reading List export (the 'format' field is missing)"


def check_header(fmt: object, version: object) -> None:
    """The file says it is our format, in a version this build reads."""
    if fmt != FORMAT:
        raise ImportFailed(NOT_AN_EXPORT)
    if isinstance(version, bool) or not isinstance(version, int) or version > VERSION:
        raise ImportFailed(
            f"this file is format version {str(version)[:20]!r}; this Reading List reads up to {VERSION}"
        )


def tag_colors(tags: object) -> dict[str, str]:
    """The file's ``tags`` list: each tag's colour, by name."""
    tags = tags or []
    if not isinstance(tags, list):
        raise ImportFailed("the 'tags' field must be a list of tags")
    colors: dict[str, str] = {}
    for i, tag in enumerate(tags):
        if not isinstance(tag, dict) or not isinstance(tag.get("name"), str):
            raise ImportFailed(f"tag #{i + 1} must be an object with a 'name'")
        color = tag.get("color") or ""
        if not isinstance(color, str):
            raise ImportFailed(f"tag {tag['name'][:60]!r}: 'color' must be text")
        check_text(tag["name"], f"tag #{i + 1}", "name", MAX_SHORT_FIELD)
        check_text(color, f"tag #{i + 1}", "color", 64)
        colors[tag["name"]] = color
    return colors


def saved_searches(searches: object) -> list[SavedSearch]:
    """The file's ``saved_searches`` list, checked."""
    searches = searches or []
    if not isinstance(searches, list):
        raise ImportFailed("the 'saved_searches' field must be a list")
    saved = []
    for i, s in enumerate(searches):
        if not (isinstance(s, dict) and isinstance(s.get("name"), str)
                and isinstance(s.get("query"), str)):
            raise ImportFailed(f"saved search #{i + 1} needs a 'name' and a 'query' text")
        check_text(s["name"], f"saved search #{i + 1}", "name", MAX_SHORT_FIELD)
        check_text(s["query"], f"saved search #{i + 1}", "query", 10_000)
        saved.append(SavedSearch(s["name"], s["query"]))
    return saved


parse = parse_native
