"""The SQL behind finding and merging duplicates (``core/duplicates.py``).

``title_key`` is "<folded title>|<folded first author>", so papers with one
title are a range scan on its index, and a title-only record ("…|") sorts
just before the same title with an author.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

from readinglist.core.models import PaperId
from readinglist.core.storage.db import WriteTxn


def with_title(db: Database, folded: str) -> list[PaperId]:
    """Papers whose title key starts with ``folded|``, oldest first."""
    rows = db.execute(
        "SELECT id FROM papers WHERE title_key >= ? AND title_key < ? ORDER BY id",
        [f"{folded}|", f"{folded}}}"],
    ).fetchall()
    return [PaperId(r[0]) for r in rows]


def bare_among(db: Database, ids: Sequence[int]) -> list[PaperId]:
    """Those of ``ids`` with no arXiv id, no DOI and no authors (a pasted title)."""
    marks = ", ".join("?" * len(ids))
    rows = db.execute(
        f"SELECT id FROM papers WHERE id IN ({marks}) AND arxiv_id IS NULL AND doi IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM authors a WHERE a.paper_id = papers.id)",
        list(ids),
    ).fetchall()
    return [PaperId(r[0]) for r in rows]


def with_title_key(db: Database, key: str, ids: Sequence[int]) -> list[PaperId]:
    rows = db.execute(
        f"SELECT id FROM papers WHERE title_key = ? AND id IN ({', '.join('?' * len(ids))})",
        [key, *ids],
    ).fetchall()
    return [PaperId(r[0]) for r in rows]


def flagged(db: Database) -> list[tuple[int, int]]:
    """(paper, the paper it was flagged as a duplicate of) on import."""
    return [tuple(r) for r in db.execute(
        "SELECT id, duplicate_of FROM papers WHERE duplicate_of IS NOT NULL"
    ).fetchall()]


def same_title_key_groups(db: Database) -> list[list[int]]:
    """Ids sharing a title and first author, each group in id order."""
    rows = db.execute(
        "SELECT title_key, group_concat(id) FROM papers WHERE title_key != '' "
        "GROUP BY title_key HAVING count(*) > 1"
    ).fetchall()
    return [sorted(int(i) for i in ids.split(",")) for _key, ids in rows]


def title_only_pairs(db: Database) -> list[tuple[int, int]]:
    """(title-only record, a paper with the same title and an author)."""
    return [tuple(r) for r in db.execute(
        "SELECT a.id, b.id FROM papers a JOIN papers b "
        "ON b.title_key > a.title_key AND b.title_key < substr(a.title_key, 1, "
        "length(a.title_key) - 1) || '}' WHERE a.title_key LIKE '%|' AND a.title_key != '|'"
    ).fetchall()]


def move_dependents(txn: WriteTxn, keep_id: int, other_id: int) -> None:
    """Notes and user-edited field marks go to the kept paper; flags on the other go."""
    db = txn.db
    db.execute("UPDATE notes SET paper_id = ? WHERE paper_id = ?", [keep_id, other_id])
    db.execute("INSERT OR IGNORE INTO paper_edits (paper_id, field) "
               "SELECT ?, field FROM paper_edits WHERE paper_id = ?", [keep_id, other_id])
    db.execute("UPDATE papers SET duplicate_of = NULL WHERE duplicate_of = ?", [other_id])
