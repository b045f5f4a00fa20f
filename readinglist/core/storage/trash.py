"""The trash: deleted papers with everything the user gave them.

A deleted paper is kept as one JSON snapshot of its rows (the paper, its
authors, tags with their colours, notes, and the papers that were marked as
its duplicates), so undo or "restore from trash" brings back the same paper:
same key, status, rating, tags and notes, and the same id when it is free.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from readinglist.core import citekeys
from readinglist.core.models import PaperId
from readinglist.core.storage import tags as tags_repo
from readinglist.core.storage.db import WriteTxn
from readinglist.core.storage.papers import chunks

# Trashed papers older than this are forgotten when something new is deleted.
KEEP_DAYS = 60


@dataclass(frozen=True, slots=True)
class TrashedPaper:
    id: int  # the trash entry
    paper_id: int  # the id the paper had
    deleted: str
    citekey: str
    title: str


def _rows(db: Database, sql: str, args: Sequence[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, list(args))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def snapshot(db: Database, paper_ids: Sequence[int]) -> list[dict[str, Any]]:
    """Everything stored about each paper, for a faithful restore."""
    out: list[dict[str, Any]] = []
    for part in chunks(list(paper_ids)):
        marks = ", ".join("?" * len(part))
        papers = _rows(db, f"SELECT * FROM papers WHERE id IN ({marks})", part)
        authors = _rows(db, f"SELECT * FROM authors WHERE paper_id IN ({marks}) "
                            "ORDER BY paper_id, position", part)
        tags = _rows(db, "SELECT pt.paper_id, t.name, t.color FROM paper_tags pt "
                         f"JOIN tags t ON t.id = pt.tag_id WHERE pt.paper_id IN ({marks})", part)
        notes = _rows(db, f"SELECT * FROM notes WHERE paper_id IN ({marks}) ORDER BY id", part)
        dupes = _rows(db, f"SELECT id, duplicate_of FROM papers WHERE duplicate_of IN ({marks})",
                      part)
        for paper in papers:
            pid = paper["id"]
            out.append({
                "paper": paper,
                "authors": [a for a in authors if a["paper_id"] == pid],
                "tags": [[t["name"], t["color"]] for t in tags if t["paper_id"] == pid],
                "notes": [n for n in notes if n["paper_id"] == pid],
                "duplicates": [d["id"] for d in dupes if d["duplicate_of"] == pid],
            })
    return out


def put(txn: WriteTxn, snapshots: Sequence[dict[str, Any]]) -> list[int]:
    """Keep snapshots in the trash; returns their trash ids."""
    cutoff = (datetime.now(UTC) - timedelta(days=KEEP_DAYS)).strftime("%Y-%m-%dT%H:%M:%SZ")
    txn.db.execute("DELETE FROM trash WHERE deleted < ?", [cutoff])
    ids: list[int] = []
    for snap in snapshots:
        paper = snap["paper"]
        cursor = txn.db.execute(
            "INSERT INTO trash (paper_id, deleted, citekey, title, snapshot) VALUES (?, ?, ?, ?, ?)",
            [paper["id"], txn.now, paper["citekey"], paper["title"],
             json.dumps(snap, separators=(",", ":"))],
        )
        ids.append(int(cursor.lastrowid or 0))
    return ids


def listing(db: Database, limit: int = 1000) -> list[TrashedPaper]:
    """What is in the trash, newest first."""
    return [
        TrashedPaper(*row)
        for row in db.execute(
            "SELECT id, paper_id, deleted, citekey, title FROM trash ORDER BY id DESC LIMIT ?",
            [limit],
        ).fetchall()
    ]


def take(txn: WriteTxn, trash_ids: Sequence[int]) -> list[dict[str, Any]]:
    """Remove entries from the trash and return their snapshots (in the order given)."""
    out: list[dict[str, Any]] = []
    for tid in trash_ids:
        row = txn.db.execute(
            "DELETE FROM trash WHERE id = ? RETURNING snapshot", [tid]
        ).fetchone()
        if row is not None:
            out.append(json.loads(row[0]))
    return out


def restore(txn: WriteTxn, snap: dict[str, Any]) -> tuple[PaperId, bool]:
    """Put a trashed paper back; returns (its id, whether it was merged into a copy).

    If the library has the paper again (same arXiv id or DOI, e.g. it was
    re-added after the delete), the user's tags and notes go onto that copy
    instead of making a duplicate. A taken key gets a suffix, a taken id a
    new id; nothing of the user's is dropped.
    """
    db = txn.db
    paper = dict(snap["paper"])
    owner = None
    for column in ("arxiv_id", "doi"):
        if paper.get(column) and owner is None:
            row = db.execute(f"SELECT id FROM papers WHERE {column} = ?", [paper[column]]).fetchone()
            owner = row[0] if row else None
    merged = owner is not None
    if owner is None:
        if db.execute("SELECT 1 FROM papers WHERE id = ?", [paper["id"]]).fetchone():
            paper.pop("id")
        taken = lambda key: bool(db.execute(  # noqa: E731
            "SELECT 1 FROM papers WHERE citekey = ?", [key]).fetchone())
        paper["citekey"] = citekeys.unique_citekey(paper["citekey"], taken)
        dup = paper.get("duplicate_of")
        if dup is not None and not db.execute("SELECT 1 FROM papers WHERE id = ?", [dup]).fetchone():
            paper["duplicate_of"] = None
        cols = list(paper)
        cursor = db.execute(
            f"INSERT INTO papers ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            [paper[c] for c in cols],
        )
        owner = int(cursor.lastrowid or 0)
        for author in snap["authors"]:
            db.execute(
                "INSERT INTO authors (paper_id, position, name, family, given) VALUES (?, ?, ?, ?, ?)",
                [owner, author["position"], author["name"], author["family"], author["given"]],
            )
        dupes = [d for d in snap.get("duplicates", [])]
        for part in chunks(dupes):
            db.execute(
                f"UPDATE papers SET duplicate_of = ? WHERE id IN ({', '.join('?' * len(part))}) "
                "AND duplicate_of IS NULL",
                [owner, *part],
            )
    for name, color in snap["tags"]:
        existed = tags_repo.tag_id(db, name) is not None
        tid = tags_repo.ensure_tag(txn, name)
        if color and not existed:
            db.execute("UPDATE tags SET color = ? WHERE id = ?", [color, tid])
        db.execute("INSERT INTO paper_tags (paper_id, tag_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                   [owner, tid])
    for note in snap["notes"]:
        free = not db.execute("SELECT 1 FROM notes WHERE id = ?", [note["id"]]).fetchone()
        db.execute(
            "INSERT INTO notes (id, paper_id, body, created, modified) VALUES (?, ?, ?, ?, ?)",
            [note["id"] if free and not merged else None, owner, note["body"], note["created"],
             note["modified"]],
        )
    txn.touch([owner], modified=merged)
    return PaperId(owner), merged
