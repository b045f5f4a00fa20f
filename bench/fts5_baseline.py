"""The near-limit baseline: SQLite FTS5 over the very documents we index.

The budget for search is relative ("≤ 3× FTS5 on the same data in the same
run"), so this builds an FTS5 table in the run, from the same search
documents Whoosh gets (``schema.document``), and answers the same intents
with bm25 ranking weighted like our field boosts, limited like the app.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from bench.queries import BenchQuery

_COLUMNS = ("title", "abstract", "authors", "tags", "notes", "venue", "ids")
# bm25 weights in column order, from readinglist.core.search.schema.FIELD_BOOSTS.
_WEIGHTS = "4.0, 1.0, 2.5, 2.0, 1.5, 1.0, 8.0"


class Fts5Baseline:
    def __init__(self, path: Path, *, reuse: bool = False) -> None:
        if reuse and path.exists():  # built by an earlier run (bench.run --keep)
            self.conn = sqlite3.connect(str(path))
            return
        path.unlink(missing_ok=True)
        self.conn = sqlite3.connect(str(path))
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.executescript(
            f"""
            CREATE VIRTUAL TABLE docs USING fts5({', '.join(_COLUMNS)},
                tokenize = "porter unicode61 remove_diacritics 2");
            CREATE TABLE meta (id INTEGER PRIMARY KEY, year INTEGER, status TEXT, added TEXT);
            CREATE INDEX meta_year ON meta(year);
            CREATE INDEX meta_added ON meta(added);
            CREATE TABLE tag_links (paper_id INTEGER, tag TEXT);
            CREATE INDEX tag_links_tag ON tag_links(tag, paper_id);
            """
        )

    def build(self, docs: Iterable[tuple[dict[str, object], list[str], str]]) -> tuple[int, float]:
        """Insert ``(search document, own tags, added)`` rows; returns (count, seconds)."""
        start = time.perf_counter()
        n = 0
        with self.conn:
            for doc, tags, added in docs:
                pid = int(str(doc["pid"]))
                self.conn.execute(
                    f"INSERT INTO docs (rowid, {', '.join(_COLUMNS)}) VALUES (?{', ?' * len(_COLUMNS)})",
                    [pid, *(str(doc.get(c, "")) for c in _COLUMNS)],
                )
                self.conn.execute(
                    "INSERT INTO meta (id, year, status, added) VALUES (?, ?, ?, ?)",
                    [pid, doc.get("year"), doc.get("status"), added],
                )
                self.conn.executemany(
                    "INSERT INTO tag_links (paper_id, tag) VALUES (?, ?)",
                    [(pid, t.lower()) for t in tags],
                )
                n += 1
        self.conn.execute("ANALYZE")
        return n, time.perf_counter() - start

    def search(self, q: BenchQuery, limit: int | None) -> list[int]:
        lim = -1 if limit is None else int(limit)
        if q.fts_match:
            where = f" AND ({q.fts_where})" if q.fts_where else ""
            sql = (
                "SELECT docs.rowid FROM docs JOIN meta ON meta.id = docs.rowid "
                f"WHERE docs MATCH ?{where} ORDER BY bm25(docs, {_WEIGHTS}) LIMIT ?"
            )
            return [r[0] for r in self.conn.execute(sql, [q.fts_match, lim])]
        sql = f"SELECT id FROM meta WHERE {q.fts_where} ORDER BY added DESC, id DESC LIMIT ?"
        return [r[0] for r in self.conn.execute(sql, [lim])]

    def close(self) -> None:
        self.conn.close()
