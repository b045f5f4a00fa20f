"""Reading the native JSON format, validated before anything is written.

Every record is checked first; one bad record rejects the whole file with a
message naming it, so a half-imported library never happens.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from readinglist.core.errors import ImportFailed, InvalidInput
from readinglist.core.exporters.native_json import FORMAT, VERSION
from readinglist.core.models import Author, PaperDraft, ReadStatus, SavedSearch


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
    """An ISO 8601 time as stored (``2024-05-01T09:30:00Z``); normalised to UTC."""
    value = _str(record, key, where).strip()
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ImportFailed(f"{where}: {key!r} is not a date and time: {value!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _opt_int(record: dict[str, Any], key: str, where: str) -> int | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ImportFailed(f"{where}: {key!r} must be a whole number")
    return value


def _str_list(record: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = record.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ImportFailed(f"{where}: {key!r} must be a list of text")
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
            out.append(
                Author(item["name"], str(item.get("family", "")), str(item.get("given", "")))
            )
        else:
            raise ImportFailed(f"{where}: each author must be a name or {{'name': …}}")
    return tuple(out)


def _paper(record: Any, index: int) -> PaperRecord:
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
    rating = _opt_int(record, "rating", where) or 0
    if not 0 <= rating <= 5:
        raise ImportFailed(f"{where}: 'rating' must be between 0 and 5")
    notes_value = record.get("notes", [])
    if not isinstance(notes_value, list):
        raise ImportFailed(f"{where}: 'notes' must be a list")
    notes = []
    for note in notes_value:
        if not isinstance(note, dict) or not isinstance(note.get("body"), str):
            raise ImportFailed(f"{where}: each note needs a 'body' text")
        notes.append(
            NoteRecord(
                note["body"], _timestamp(note, "created", where), _timestamp(note, "modified", where)
            )
        )
    draft = PaperDraft(
        title=title,
        authors=_authors(record, where),
        abstract=_str(record, "abstract", where),
        year=_opt_int(record, "year", where),
        date=_str(record, "date", where),
        arxiv_id=_str(record, "arxiv_id", where),
        arxiv_version=_opt_int(record, "arxiv_version", where),
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
    return PaperRecord(
        draft=draft,
        tags=_str_list(record, "tags", where),
        status=status,
        rating=rating,
        notes=tuple(notes),
        added=_timestamp(record, "added", where),
        modified=_timestamp(record, "modified", where),
    )


def parse_native(text: str) -> NativeLibrary:
    """Validate a native JSON export; raises :class:`ImportFailed` naming the problem."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFailed("not a Reading List export (the 'format' field is missing)")
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise ImportFailed(
            f"this file is format version {version!r}; this Reading List reads up to {VERSION}"
        )
    papers = data.get("papers")
    if not isinstance(papers, list):
        raise ImportFailed("the 'papers' field must be a list")
    records = [_paper(p, i) for i, p in enumerate(papers)]
    colors: dict[str, str] = {}
    for tag in data.get("tags", []) or []:
        if isinstance(tag, dict) and isinstance(tag.get("name"), str):
            colors[tag["name"]] = str(tag.get("color", ""))
    saved = [
        SavedSearch(s["name"], s["query"])
        for s in data.get("saved_searches", []) or []
        if isinstance(s, dict) and isinstance(s.get("name"), str) and isinstance(s.get("query"), str)
    ]
    return NativeLibrary(records, colors, saved)


parse = parse_native
