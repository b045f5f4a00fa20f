"""The words above and below the Daily list: the status line and the status-bar summary.

Kept apart from the panel's widgets: given the day, the list shown and what the
filter leaves, the wording is a plain function (counts per source, when each
source was fetched, which source failed and whether an older list is kept).
"""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from readinglist.core.daily import SOURCE_NAMES, failure_note, today_utc

ERROR_COLOR = "#d64541"  # readable on light and dark backgrounds


def day_text(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def red(text: str) -> str:
    return f"<span style='color:{ERROR_COLOR}'>{html.escape(text)}</span>"


def status_html(day: date, daily: Any, *, shown: int, filtering: bool,
                sources: tuple[str, ...], error: str) -> str:
    """The info line (rich text): counts (filtered ones too), when fetched, what went wrong.
    ``daily`` is the DailyList shown (None: nothing fetched for the day)."""
    parts: list[str] = []
    if daily is None:
        parts.append(html.escape(f"{day_text(day)}: nothing fetched."))
    elif not daily.items:
        weekend = day.weekday() >= 5
        parts.append(html.escape(
            f"{day_text(day)}: no papers"
            + (" (weekends have no new papers)." if weekend else " on this day.")))
    else:
        in_library = sum(1 for i in daily.items if i.paper_id is not None)
        counts = ", ".join(
            f"{SOURCE_NAMES.get(s, s)} {sum(1 for i in daily.items if s in i.sources)}"
            for s in ("hf", "arxiv") if s in daily.fetched)
        fetched = ", ".join(f"{SOURCE_NAMES.get(k, k)} {v[:16].replace('T', ' ')}"
                            for k, v in daily.fetched.items())
        filtered = (f"showing {shown} of {len(daily.items)} papers matching the filter"
                    if filtering else f"{len(daily.items)} papers")
        parts.append(html.escape(
            f"{day_text(day)}: {filtered} ({counts}), {in_library} in your library."
            f" Fetched: {fetched} UTC."))
    notes = getattr(daily, "notes", ()) if daily is not None else ()
    parts.extend(html.escape(n[:1].upper() + n[1:] + ".") for n in notes)
    failed = dict(getattr(daily, "failed", {}) or {}) if daily is not None else {}
    for source, problem in failed.items():
        kept = " (showing the list fetched before)" if source in daily.fetched else ""
        parts.append(red(failure_note(source, problem) + kept + "."))
    if daily is not None and daily.fetched:
        for source in sources:
            if source not in daily.fetched and source not in failed and not notes:
                past_arxiv = source == "arxiv" and day < today_utc()
                parts.append(html.escape(
                    f"{SOURCE_NAMES[source]}: no list kept for this day (its feed only "
                    "holds the latest announcement)." if past_arxiv else
                    f"{SOURCE_NAMES[source]}: not fetched for this day (Fetch, F5)."))
    if error:
        parts.append(red(error))
    return " ".join(parts)


def summary_text(day: date, daily: Any, shown: int) -> str:
    """What the status bar says while the Daily panel is shown."""
    if daily is None:
        return f"Daily papers, {day.isoformat()}"
    total = len(daily.items)
    return (f"{shown:,} of {total:,} daily papers, {day.isoformat()}" if shown != total
            else f"{total:,} daily paper{'s' if total != 1 else ''}, {day.isoformat()}")
