"""The bounds every imported paper must fit, checked before anything is written.

A single record from a shared file or a service (a paper "added" in the
year 6100, a year of 10**30, a megabyte title) must not be able to make the
library unusable: SQLite stores 64-bit integers only, the search index
stores numbers in fixed widths, and the window draws every title. Every
importer therefore passes its drafts through :func:`check_draft` (the
library does it once more when writing, for importers added later), and
readers of untrusted JSON use :func:`load_json` and :func:`check_depth`.

The limits are generous for real papers (ATLAS papers have ~3,000 authors,
abstracts are a few thousand characters) and small enough that a hostile
value is refused with a message saying which field and what the limit is.
"""

from __future__ import annotations

import json
import re
from dataclasses import fields as dc_fields
from datetime import UTC, datetime, timedelta
from typing import Any

from readinglist.core.errors import ImportFailed
from readinglist.core.models import PaperDraft

# Publication years: old enough for historical sources, a few years ahead for
# "to appear" entries; the index stores the year in a 32-bit field.
YEAR_MIN = 1
YEAR_MAX_AHEAD = 10
# When a paper was added or modified: not before the first computers, not
# after tomorrow (a clock a day off is tolerated, the year 6100 is not).
STAMP_MIN = datetime(1970, 1, 1, tzinfo=UTC)
STAMP_AHEAD = timedelta(days=2)

MAX_TITLE = 2_000_000  # drawn clipped (see gui), stored whole
MAX_ABSTRACT = 200_000
MAX_NOTE = 1_000_000
MAX_SHORT_FIELD = 2_000  # venue, publisher, pages, ids, keys …
MAX_URL = 8_192
MAX_AUTHORS = 20_000
MAX_AUTHOR_NAME = 1_000
MAX_LIST_ITEMS = 1_000  # categories, sources, tags, notes of one paper
MAX_TAG = 500
MAX_EXTRA_JSON = 200_000  # characters of the ``extra`` object as JSON
MAX_NESTING = 32  # depth of any JSON value inside a record
MAX_VERSION = 10_000  # arXiv versions
MAX_COUNT = 10**12  # upvotes, stars, comments

_TEXT_LIMITS: dict[str, int] = {
    "title": MAX_TITLE,
    "abstract": MAX_ABSTRACT,
    "url": MAX_URL,
    "pdf_url": MAX_URL,
    "code_url": MAX_URL,
    "project_url": MAX_URL,
}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def year_max() -> int:
    return datetime.now(UTC).year + YEAR_MAX_AHEAD


def check_year(value: Any, where: str, key: str = "year") -> int | None:
    """A publication year within bounds, or None when absent."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ImportFailed(f"{where}: {key!r} must be a whole number")
    if not YEAR_MIN <= value <= year_max():
        raise ImportFailed(
            f"{where}: {key!r} {_short_number(value)} is not a plausible year "
            f"(expected {YEAR_MIN}–{year_max()})"
        )
    return value


def check_int(value: Any, where: str, key: str, low: int, high: int) -> int | None:
    """A whole number in ``[low, high]``, or None when absent."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ImportFailed(f"{where}: {key!r} must be a whole number")
    if not low <= value <= high:
        raise ImportFailed(
            f"{where}: {key!r} {_short_number(value)} is out of range ({low}–{high})"
        )
    return value


def bounded_count(value: Any) -> int | None:
    """A service's count (upvotes, stars) if it is a sane whole number, else None."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        return None
    return value


def check_timestamp(value: Any, where: str, key: str) -> str:
    """An ISO 8601 time (stored as ``2024-05-01T09:30:00Z``) within bounds, or ""."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ImportFailed(f"{where}: {key!r} must be text, not {type(value).__name__}")
    text = value.strip()
    if not text:
        return ""
    if len(text) > 64:
        raise ImportFailed(f"{where}: {key!r} is not a date and time")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        moment = moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise ImportFailed(f"{where}: {key!r} is not a date and time: {text[:40]!r}") from None
    latest = datetime.now(UTC) + STAMP_AHEAD
    if not STAMP_MIN <= moment <= latest:
        raise ImportFailed(
            f"{where}: {key!r} {text[:40]!r} is outside the possible range "
            f"({STAMP_MIN:%Y-%m-%d} to {latest:%Y-%m-%d})"
        )
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def stamp_is_sane(text: str) -> bool:
    """True for a stored timestamp the index can hold (used to guard old data)."""
    try:
        check_timestamp(text, "", "")
    except ImportFailed:
        return False
    return True


def check_day_text(value: str, where: str, key: str = "date") -> str:
    """A ``YYYY[-MM[-DD]]`` date whose year is within bounds (free text is kept as is)."""
    match = _DATE.match(value or "")
    if match is not None:
        check_year(int(match.group(1)), where, key)
    return value


def bounded_day(value: Any) -> str:
    """``2026-02-26T17:08:18.000Z`` -> ``2026-02-26`` if it is a real, plausible day, else ""."""
    if not isinstance(value, str) or len(value) < 10:
        return ""
    try:
        day = datetime.fromisoformat(value[:10]).date()
    except ValueError:
        return ""
    return day.isoformat() if YEAR_MIN <= day.year <= year_max() else ""


def check_text(value: str, where: str, key: str, limit: int) -> str:
    if len(value) > limit:
        raise ImportFailed(
            f"{where}: {key!r} is {len(value):,} characters long (at most {limit:,} are accepted)"
        )
    return value


def check_depth(value: Any, where: str, limit: int = MAX_NESTING) -> None:
    """Refuse JSON values nested deeper than ``limit`` (iteratively: no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            raise ImportFailed(f"{where}: nested more than {limit} levels deep")
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)


def load_json(text: str | bytes, what: str, *, invalid: str = "") -> Any:
    """``json.loads`` whose failures (bad syntax, absurd nesting, huge numbers) are messages.

    ``invalid`` replaces the syntax-error message (services: "cut off?").
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if invalid:
            raise ImportFailed(invalid) from None
        raise ImportFailed(
            f"{what} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise ImportFailed(f"{what} is nested too deeply to be a real export") from None
    except ValueError as exc:  # e.g. an integer with more than 4,300 digits
        raise ImportFailed(f"{what} is not valid JSON: {exc}") from None


def check_draft(draft: PaperDraft, where: str = "") -> PaperDraft:
    """Raise :class:`ImportFailed` if any field of ``draft`` is out of bounds."""
    where = where or _describe(draft)
    for f in dc_fields(PaperDraft):
        value = getattr(draft, f.name)
        if isinstance(value, str):
            check_text(value, where, f.name, _TEXT_LIMITS.get(f.name, MAX_SHORT_FIELD))
    check_year(draft.year, where)
    check_day_text(draft.date, where)
    check_int(draft.arxiv_version, where, "arxiv_version", 1, MAX_VERSION)
    if len(draft.authors) > MAX_AUTHORS:
        raise ImportFailed(f"{where}: more than {MAX_AUTHORS:,} authors")
    for author in draft.authors:
        for part in (author.name, author.family, author.given):
            if not isinstance(part, str):
                raise ImportFailed(f"{where}: an author's name must be text")
            check_text(part, where, "author", MAX_AUTHOR_NAME)
    for key in ("categories", "sources"):
        items = getattr(draft, key)
        if len(items) > MAX_LIST_ITEMS:
            raise ImportFailed(f"{where}: more than {MAX_LIST_ITEMS:,} {key}")
        for item in items:
            if not isinstance(item, str):
                raise ImportFailed(f"{where}: {key!r} must be a list of text")
            check_text(item, where, key, MAX_SHORT_FIELD)
    if not isinstance(draft.extra, dict):
        raise ImportFailed(f"{where}: 'extra' must be an object")
    check_depth(draft.extra, f"{where}: 'extra'")
    try:
        size = len(json.dumps(draft.extra, ensure_ascii=False, default=str))
    except (ValueError, TypeError, RecursionError):
        raise ImportFailed(f"{where}: 'extra' cannot be stored") from None
    if size > MAX_EXTRA_JSON:
        raise ImportFailed(f"{where}: 'extra' is {size:,} characters (at most {MAX_EXTRA_JSON:,})")
    return draft


def check_tags(tags: Any, where: str) -> tuple[str, ...]:
    if not isinstance(tags, list | tuple) or not all(isinstance(t, str) for t in tags):
        raise ImportFailed(f"{where}: 'tags' must be a list of text")
    if len(tags) > MAX_LIST_ITEMS:
        raise ImportFailed(f"{where}: more than {MAX_LIST_ITEMS:,} tags")
    for tag in tags:
        check_text(tag, where, "tags", MAX_TAG)
    return tuple(tags)


def _describe(draft: PaperDraft) -> str:
    title = draft.title if isinstance(draft.title, str) else ""
    label = draft.arxiv_id or draft.doi or title[:60]
    return f"paper {label!r}" if label else "a paper"


def _short_number(value: int) -> str:
    if abs(value) < 10**15:
        return str(value)
    return f"{'-' if value < 0 else ''}~10^{int(abs(value).bit_length() * 0.30103)}"
