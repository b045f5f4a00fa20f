"""Paper rows: reading them into :class:`Paper` objects and writing drafts.

All SQL about papers and their authors lives here. Reads take a list of ids
and keep its order, because the callers (search ranking, the table's sort
order) decide the order, not this module.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlite_utils import Database

from readinglist.core.models import (
    METADATA_FIELDS,
    Author,
    Note,
    NoteId,
    Paper,
    PaperDraft,
    PaperId,
    ReadStatus,
)
from readinglist.core.storage.db import WriteTxn
from readinglist.core.text_norm import title_key

_CHUNK = 500
_COLUMNS = (
    "id",
    "citekey",
    *METADATA_FIELDS,
    "categories",
    "sources",
    "extra",
    "added",
    "modified",
    "status",
    "rating",
    "duplicate_of",
)
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM papers"


def chunks(ids: Sequence[int], size: int = _CHUNK) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def authors_for(db: Database, ids: Sequence[int]) -> dict[int, list[Author]]:
    out: dict[int, list[Author]] = {}
    for part in chunks(ids):
        rows = db.execute(
            f"SELECT paper_id, name, family, given FROM authors "
            f"WHERE paper_id IN ({_marks(len(part))}) ORDER BY paper_id, position",
            list(part),
        )
        for pid, name, family, given in rows:
            out.setdefault(pid, []).append(Author(name, family, given))
    return out


def tags_for(db: Database, ids: Sequence[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for part in chunks(ids):
        rows = db.execute(
            f"SELECT pt.paper_id, t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id "
            f"WHERE pt.paper_id IN ({_marks(len(part))}) ORDER BY t.name COLLATE NOCASE",
            list(part),
        )
        for pid, name in rows:
            out.setdefault(pid, []).append(name)
    return out


def notes_for(db: Database, ids: Sequence[int]) -> dict[int, list[Note]]:
    out: dict[int, list[Note]] = {}
    for part in chunks(ids):
        rows = db.execute(
            f"SELECT id, paper_id, body, created, modified FROM notes "
            f"WHERE paper_id IN ({_marks(len(part))}) ORDER BY paper_id, created, id",
            list(part),
        )
        for nid, pid, body, created, modified in rows:
            out.setdefault(pid, []).append(Note(NoteId(nid), PaperId(pid), body, created, modified))
    return out


def _paper(row: Sequence[Any], authors: list[Author], tags: list[str], notes: list[Note]) -> Paper:
    data = dict(zip(_COLUMNS, row, strict=True))
    return Paper(
        id=PaperId(data["id"]),
        citekey=data["citekey"],
        authors=tuple(authors),
        categories=tuple(json.loads(data["categories"])),
        sources=tuple(json.loads(data["sources"])),
        extra=json.loads(data["extra"]),
        added=data["added"],
        modified=data["modified"],
        status=ReadStatus(data["status"]),
        rating=data["rating"],
        tags=tuple(tags),
        notes=tuple(notes),
        duplicate_of=data["duplicate_of"],
        **{f: ("" if data[f] is None and f not in ("year", "arxiv_version") else data[f])
           for f in METADATA_FIELDS},
    )


def get_many(
    db: Database, ids: Sequence[int], *, with_notes: bool = True
) -> list[Paper]:
    """Papers for ``ids`` in the same order; unknown ids are left out."""
    ids = list(ids)
    if not ids:
        return []
    rows: dict[int, Sequence[Any]] = {}
    for part in chunks(ids):
        for row in db.execute(f"{_SELECT} WHERE id IN ({_marks(len(part))})", list(part)):
            rows[row[0]] = row
    found = [pid for pid in ids if pid in rows]
    authors = authors_for(db, found)
    tags = tags_for(db, found)
    notes = notes_for(db, found) if with_notes else {}
    return [
        _paper(rows[pid], authors.get(pid, []), tags.get(pid, []), notes.get(pid, []))
        for pid in found
    ]


def get(db: Database, paper_id: int) -> Paper | None:
    papers = get_many(db, [paper_id])
    return papers[0] if papers else None


def find_id(db: Database, column: str, value: str) -> PaperId | None:
    """The paper whose ``column`` (arxiv_id, doi, citekey) equals ``value``."""
    assert column in ("arxiv_id", "doi", "citekey", "title_key")
    if not value:
        return None
    row = db.execute(f"SELECT id FROM papers WHERE {column} = ? LIMIT 1", [value]).fetchone()
    return PaperId(row[0]) if row else None


def citekey_of(db: Database, paper_id: int) -> str:
    row = db.execute("SELECT citekey FROM papers WHERE id = ?", [paper_id]).fetchone()
    return row[0] if row else ""


def citekey_taken(db: Database, key: str, *, exclude: int | None = None) -> bool:
    row = db.execute(
        "SELECT id FROM papers WHERE citekey = ? COLLATE NOCASE AND id IS NOT ?", [key, exclude]
    ).fetchone()
    return row is not None


def _metadata_values(draft: PaperDraft) -> dict[str, Any]:
    values: dict[str, Any] = {f: getattr(draft, f) for f in METADATA_FIELDS}
    values["arxiv_id"] = draft.arxiv_id or None
    values["doi"] = draft.doi or None
    values["categories"] = json.dumps(list(draft.categories))
    values["sources"] = json.dumps(list(draft.sources))
    values["extra"] = json.dumps(draft.extra, sort_keys=True, ensure_ascii=False)
    first = draft.authors[0].family_name if draft.authors else ""
    values["first_author"] = first
    values["title_key"] = title_key(draft.title, first)
    return values


def insert(
    txn: WriteTxn,
    draft: PaperDraft,
    *,
    citekey: str,
    status: ReadStatus = ReadStatus.INBOX,
    rating: int = 0,
    added: str | None = None,
    modified: str | None = None,
    duplicate_of: int | None = None,
) -> PaperId:
    values = _metadata_values(draft)
    values.update(
        citekey=citekey,
        status=status.value,
        rating=rating,
        added=added or txn.now,
        modified=modified or added or txn.now,
        duplicate_of=duplicate_of,
    )
    cols = list(values)
    cursor = txn.db.execute(
        f"INSERT INTO papers ({', '.join(cols)}) VALUES ({_marks(len(cols))})",
        [values[c] for c in cols],
    )
    pid = PaperId(int(cursor.lastrowid or 0))
    set_authors(txn, pid, draft.authors)
    txn.touch([pid], modified=False)
    return pid


def update_metadata(txn: WriteTxn, paper_id: int, draft: PaperDraft) -> None:
    """Replace bibliographic metadata; never tags, notes, status, rating or key."""
    values = _metadata_values(draft)
    assigns = ", ".join(f"{c} = ?" for c in values)
    txn.db.execute(
        f"UPDATE papers SET {assigns} WHERE id = ?", [*values.values(), paper_id]
    )
    set_authors(txn, paper_id, draft.authors)
    txn.touch([paper_id])


def set_authors(txn: WriteTxn, paper_id: int, authors: Sequence[Author]) -> None:
    txn.db.execute("DELETE FROM authors WHERE paper_id = ?", [paper_id])
    txn.db.conn.executemany(
        "INSERT INTO authors (paper_id, position, name, family, given) VALUES (?, ?, ?, ?, ?)",
        [(paper_id, i, a.name, a.family, a.given) for i, a in enumerate(authors)],
    )


def set_columns(txn: WriteTxn, ids: Sequence[int], **values: Any) -> list[PaperId]:
    """Set plain columns (status, rating, citekey …) on papers; returns changed ids."""
    cols = list(values)
    changed: list[PaperId] = []
    for part in chunks(list(ids)):
        differs = " OR ".join(f"{c} IS NOT ?" for c in cols)
        rows = txn.db.execute(
            f"UPDATE papers SET {', '.join(f'{c} = ?' for c in cols)} "
            f"WHERE id IN ({_marks(len(part))}) AND ({differs}) RETURNING id",
            [*values.values(), *part, *values.values()],
        ).fetchall()
        changed.extend(PaperId(r[0]) for r in rows)
    txn.touch(changed)
    return changed


def delete(txn: WriteTxn, ids: Sequence[int]) -> list[PaperId]:
    removed: list[PaperId] = []
    for part in chunks(list(ids)):
        rows = txn.db.execute(
            f"DELETE FROM papers WHERE id IN ({_marks(len(part))}) RETURNING id", list(part)
        ).fetchall()
        removed.extend(PaperId(r[0]) for r in rows)
    txn.touch(removed, modified=False)
    return removed


def existing_ids(db: Database, ids: Sequence[int]) -> set[int]:
    found: set[int] = set()
    for part in chunks(list(ids)):
        found.update(
            r[0]
            for r in db.execute(f"SELECT id FROM papers WHERE id IN ({_marks(len(part))})", list(part))
        )
    return found


def count(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM papers").fetchone()[0])


def find_by_citekey(db: Database, key: str) -> PaperId | None:
    """The paper whose key is ``key``, ignoring case (how users type keys)."""
    row = db.execute("SELECT id FROM papers WHERE citekey = ? COLLATE NOCASE", [key]).fetchone()
    return PaperId(row[0]) if row else None


def citekey_holder(db: Database, key: str, *, exclude: int | None = None) -> tuple[str, int | None] | None:
    """(title, year) of the other paper using ``key``, for the message that refuses it."""
    row = db.execute(
        "SELECT title, year FROM papers WHERE citekey = ? COLLATE NOCASE AND id IS NOT ?",
        [key, exclude],
    ).fetchone()
    return (row[0], row[1]) if row else None


def keys_for_title(db: Database, tkey: str, key_prefix: str) -> list[str]:
    """Citation keys of papers with this title key whose key starts with ``key_prefix``."""
    wanted = key_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = db.execute(
        "SELECT citekey FROM papers WHERE title_key = ? AND citekey LIKE ? ESCAPE '\\' ORDER BY id",
        [tkey, f"{wanted}%"],
    ).fetchall()
    return [r[0] for r in rows]


def set_modified(txn: WriteTxn, paper_id: int, modified: str) -> None:
    """Put back a paper's modification time (a restored export keeps the one it had)."""
    txn.db.execute("UPDATE papers SET modified = ? WHERE id = ?", [modified, paper_id])


def ids_without_identifiers(db: Database) -> list[PaperId]:
    """Papers known only by title: no arXiv id and no DOI."""
    return [
        PaperId(r[0])
        for r in db.execute(
            "SELECT id FROM papers WHERE coalesce(arxiv_id, '') = '' "
            "AND coalesce(doi, '') = '' ORDER BY id"
        )
    ]


def status_counts(db: Database) -> dict[str, int]:
    return {status: n for status, n in db.execute("SELECT status, count(*) FROM papers GROUP BY status")}


def title_and_key(db: Database, paper_id: int) -> tuple[str, str] | None:
    row = db.execute("SELECT title, citekey FROM papers WHERE id = ?", [paper_id]).fetchone()
    return (row[0], row[1]) if row else None


def column_values(db: Database, ids: Sequence[int], columns: Sequence[str]) -> dict[int, list[Any]]:
    """id -> the values of ``columns`` (checked by the caller against a fixed list)."""
    found: dict[int, list[Any]] = {}
    for part in chunks(list(ids)):
        rows = db.execute(
            f"SELECT id, {', '.join(columns)} FROM papers WHERE id IN ({_marks(len(part))})",
            list(part),
        )
        found.update({r[0]: list(r[1:]) for r in rows})
    return found


def edited_fields(db: Database, paper_id: int) -> set[str]:
    """The fields the user edited by hand (a re-import keeps them)."""
    rows = db.execute("SELECT field FROM paper_edits WHERE paper_id = ?", [paper_id]).fetchall()
    return {row[0] for row in rows}


def record_edits(txn: WriteTxn, paper_id: int, fields: Iterable[str]) -> None:
    txn.db.conn.executemany(
        "INSERT OR IGNORE INTO paper_edits (paper_id, field) VALUES (?, ?)",
        [(paper_id, f) for f in fields],
    )


def without_ids_by_title_key(db: Database, key: str, year: int | None) -> list[PaperId]:
    """Papers with no arXiv id or DOI, this title key and this year (or both no year)."""
    rows = db.execute(
        "SELECT id FROM papers WHERE title_key = ? AND coalesce(arxiv_id, '') = '' "
        "AND coalesce(doi, '') = '' AND year IS ? ORDER BY id",
        [key, year],
    ).fetchall()
    return [PaperId(r[0]) for r in rows]
