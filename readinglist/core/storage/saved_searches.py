"""Saved searches: a name for a query, shown in the sidebar."""

from __future__ import annotations

from sqlite_utils import Database

from readinglist.core.errors import InvalidInput, NotFound
from readinglist.core.models import SavedSearch
from readinglist.core.storage.db import WriteTxn


def all_saved(db: Database) -> list[SavedSearch]:
    return [
        SavedSearch(name, query)
        for name, query in db.execute(
            "SELECT name, query FROM saved_searches ORDER BY position, name COLLATE NOCASE"
        )
    ]


def save(txn: WriteTxn, name: str, query: str) -> SavedSearch:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("a saved search needs a name")
    position = txn.db.execute(
        "SELECT coalesce(max(position), 0) + 1 FROM saved_searches"
    ).fetchone()[0]
    txn.db.execute(
        "INSERT INTO saved_searches (name, query, position) VALUES (?, ?, ?) "
        "ON CONFLICT(name) DO UPDATE SET query = excluded.query",
        [name, query, position],
    )
    return SavedSearch(name, query)


def delete(txn: WriteTxn, name: str) -> None:
    if txn.db.execute("DELETE FROM saved_searches WHERE name = ? RETURNING name", [name]).fetchone() is None:
        raise NotFound(f"no saved search named {name!r}")
