"""Lists of paper ids in a chosen order: filters compiled to SQL, sorting a result set.

The table model pages through these id lists; the front ends only see the
sort names (``SORT_COLUMNS``), never the SQL behind them.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

from readinglist.core.errors import InvalidInput
from readinglist.core.models import PaperId
from readinglist.core.search.query import Node
from readinglist.core.search.sql_filter import count_sql_for, to_sql

SORT_COLUMNS = {
    "added": "added",
    "modified": "modified",
    "title": "title COLLATE NOCASE",
    "year": "year",
    "author": "first_author COLLATE NOCASE",
    "status": "status",
    "rating": "rating",
    "citekey": "citekey COLLATE NOCASE",
    "id": "id",
    # The first tag by name; papers without tags after the tagged ones.
    "tags": "coalesce((SELECT min(t.name) FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id "
    "WHERE pt.paper_id = papers.id), char(1114111)) COLLATE NOCASE",
}


def order_by(sort: str, descending: bool) -> str:
    if sort not in SORT_COLUMNS:
        raise InvalidInput(f"cannot sort by {sort!r}; use one of {', '.join(SORT_COLUMNS)}")
    direction = "DESC" if descending else "ASC"
    return f"{SORT_COLUMNS[sort]} {direction}, id {direction}"


def matching_ids(
    db: Database,
    node: Node,
    *,
    sort: str = "added",
    descending: bool = True,
    limit: int | None = None,
    index: str | None = None,
) -> list[PaperId]:
    """Ids of the papers a structured query matches; ``index`` hints SQLite's plan."""
    where, params = to_sql(node)
    hint = f" INDEXED BY {index}" if index and sort == "added" else ""
    sql = f"SELECT id FROM papers{hint} WHERE {where} ORDER BY {order_by(sort, descending)}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [PaperId(r[0]) for r in db.execute(sql, params)]


def count_matching(db: Database, node: Node) -> int:
    count_sql, count_params = count_sql_for(node)
    return int(db.execute(count_sql, count_params).fetchone()[0])


def max_id(db: Database) -> int:
    return int(db.execute("SELECT coalesce(max(id), 0) FROM papers").fetchone()[0])


def sort_ids(db: Database, ids: Sequence[int], sort: str, *, descending: bool = False) -> list[PaperId]:
    """Reorder a result set by a column, through a temporary table (any number of ids)."""
    order = order_by(sort, descending)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS _sort_ids (id INTEGER PRIMARY KEY)")
    try:
        db.conn.executemany("INSERT OR IGNORE INTO _sort_ids (id) VALUES (?)", [(i,) for i in ids])
        rows = db.execute(
            f"SELECT id FROM papers WHERE id IN (SELECT id FROM temp._sort_ids) ORDER BY {order}"
        ).fetchall()
    finally:
        db.execute("DELETE FROM _sort_ids")
        if db.conn.in_transaction:
            db.conn.commit()
    return [PaperId(r[0]) for r in rows]
