"""The Daily lists' cache (``daily_cache``) and what the user did with each paper (``daily_triage``).

A fetched day is kept as the JSON of its feed items per source, so the list
shows offline and a failed fetch keeps the list the user had.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlite_utils import Database

from readinglist.core.importers.feed_item import FeedItem
from readinglist.core.storage.db import WriteTxn, utc_now


def save_source(txn: WriteTxn, day: date, source: str, items: Sequence[FeedItem]) -> None:
    txn.db.execute(
        "INSERT INTO daily_cache (day, source, fetched, items) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(day, source) DO UPDATE SET fetched = excluded.fetched, items = excluded.items",
        [
            day.isoformat(),
            source,
            utc_now(),
            json.dumps([i.to_json() for i in items], ensure_ascii=False),
        ],
    )


def load_day(db: Database, day: date) -> dict[str, tuple[str, list[FeedItem]]] | None:
    """source -> (fetched, items) for a cached day; None if the day was never fetched."""
    rows = db.execute(
        "SELECT source, fetched, items FROM daily_cache WHERE day = ?", [day.isoformat()]
    ).fetchall()
    if not rows:
        return None
    return {
        source: (fetched, [FeedItem.from_json(d) for d in json.loads(items)])
        for source, fetched, items in rows
    }


def cached_days(db: Database) -> list[date]:
    return [
        date.fromisoformat(row[0])
        for row in db.execute("SELECT DISTINCT day FROM daily_cache ORDER BY day")
    ]


def newest_day_with(db: Database, arxiv_id: str) -> date | None:
    """The latest cached day whose lists hold ``arxiv_id`` (a base id, no version)."""
    row = db.execute(
        "SELECT day FROM daily_cache WHERE items LIKE ? ORDER BY day DESC LIMIT 1",
        [f'%"{arxiv_id}"%'],
    ).fetchone()
    return date.fromisoformat(row[0]) if row else None


def set_state(txn: WriteTxn, arxiv_ids: Iterable[str], state: str, day: date) -> None:
    """Mark papers ``added`` or ``skipped`` on ``day``."""
    ids = list(dict.fromkeys(arxiv_ids))
    txn.db.conn.executemany(
        "INSERT INTO daily_triage (arxiv_id, state, day, changed) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(arxiv_id) DO UPDATE SET state = excluded.state, day = excluded.day, "
        "changed = excluded.changed",
        [(i, state, day.isoformat(), txn.now) for i in ids],
    )


def paper_ids_by_arxiv(db: Database, arxiv_ids: Sequence[str]) -> dict[str, int]:
    return _lookup(db, "SELECT arxiv_id, id FROM papers WHERE arxiv_id IN ({marks})", arxiv_ids)


def triage_states(db: Database, arxiv_ids: Sequence[str]) -> dict[str, str]:
    return _lookup(db, "SELECT arxiv_id, state FROM daily_triage WHERE arxiv_id IN ({marks})", arxiv_ids)


def _lookup(db: Database, sql: str, ids: Sequence[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for start in range(0, len(ids), 500):
        part = list(ids[start : start + 500])
        marks = ", ".join("?" * len(part))
        out.update(db.execute(sql.format(marks=marks), part).fetchall())
    return out
