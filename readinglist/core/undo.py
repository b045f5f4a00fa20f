"""Undo: every change a user can regret records its own way back.

Each undoable change writes a journal entry (core/storage/undo.py) in the
same SQLite transaction as the change: a label the user reads ("Delete 3
papers") and inverse *steps*. Steps are differences, not snapshots of whole
papers, so undoing a tag edit does not also revert a note written since:

- ``columns``: the old values of plain columns (status, rating, citekey);
- ``tags``: each paper's tags before and after, and the tag rows (names,
  colours) that appeared, vanished or changed; undo adds back what was
  removed and removes what was added;
- ``restore``: papers kept in the trash (core/storage/trash.py);
- ``notes_restore`` / ``notes_delete``: a deleted note back, an added note away.

Entries belong to an *origin* (the app, or the command line), so each front
end takes back its own last change. The app and the CLI share this code
through :class:`~readinglist.core.library.LibraryService`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from readinglist.core.errors import InvalidInput, NotFound
from readinglist.core.models import PaperId
from readinglist.core.storage import notes as notes_repo
from readinglist.core.storage import papers as papers_repo
from readinglist.core.storage import tags as tags_repo
from readinglist.core.storage import trash as trash_repo
from readinglist.core.storage import undo as journal_repo
from readinglist.core.storage.db import WriteTxn

UNDOABLE_COLUMNS = ("status", "rating", "citekey")


@dataclass
class Change:
    """What one undoable change did, filled in while it runs."""

    label: str = ""
    steps: list[dict[str, Any]] = field(default_factory=list)

    def add(self, step: dict[str, Any] | None) -> None:
        if step is not None:
            self.steps.append(step)


@dataclass(frozen=True, slots=True)
class UndoResult:
    label: str
    changed: list[PaperId]  # papers whose data changed back
    restored: list[PaperId]  # papers brought back from the trash


def papers_label(db: Database, ids: Sequence[int], verb: str, suffix: str = "") -> str:
    """'Delete “Title”' for one paper, 'Delete 3 papers' for more."""
    ids = list(ids)
    if len(ids) == 1:
        row = papers_repo.title_and_key(db, ids[0])
        name = (row[0] or row[1]) if row else f"paper {ids[0]}"
        name = name if len(name) <= 50 else name[:49] + "…"
        return f"{verb} “{name}”{suffix}"
    return f"{verb} {len(ids)} papers{suffix}"


def record(txn: WriteTxn, origin: str, change: Change) -> None:
    if change.steps:
        journal_repo.record(txn, origin, change.label, change.steps)


# ---- capturing ------------------------------------------------------------------


def capture_columns(db: Database, ids: Sequence[int], columns: Sequence[str]) -> dict[int, list[Any]]:
    return papers_repo.column_values(db, ids, [c for c in columns if c in UNDOABLE_COLUMNS])


def columns_step(before: dict[int, list[Any]], columns: Sequence[str],
                 changed: Sequence[int]) -> dict[str, Any] | None:
    rows = [[pid, before[pid]] for pid in changed if pid in before]
    return {"op": "columns", "columns": list(columns), "rows": rows} if rows else None


def _tag_members(db: Database, ids: Sequence[int]) -> dict[int, list[str]]:
    found = papers_repo.tags_for(db, ids)
    return {pid: list(found.get(pid, [])) for pid in ids}


def _tag_rows(db: Database) -> dict[str, list[str]]:
    return tags_repo.rows_by_name(db)


@contextmanager
def tags_change(txn: WriteTxn, ids: Sequence[int], change: Change) -> Iterator[None]:
    """Wrap a change of tags on ``ids``; adds its inverse step to ``change``."""
    members = _tag_members(txn.db, ids)
    rows = _tag_rows(txn.db)
    yield
    after_members = _tag_members(txn.db, ids)
    after_rows = _tag_rows(txn.db)
    papers = [
        [pid, members[pid], after_members[pid]]
        for pid in ids
        if {t.lower() for t in members[pid]} != {t.lower() for t in after_members[pid]}
    ]
    tag_rows = [
        [key, rows.get(key)]
        for key in {*rows, *after_rows}
        if rows.get(key) != after_rows.get(key)
    ]
    if papers or tag_rows:
        change.steps.append({"op": "tags", "papers": papers, "tag_rows": tag_rows})


def delete_papers(txn: WriteTxn, ids: Sequence[int], change: Change) -> list[PaperId]:
    """Keep the papers in the trash before they are deleted; returns those that exist."""
    snaps = trash_repo.snapshot(txn.db, ids)
    if snaps:
        change.steps.append({"op": "restore", "trash": trash_repo.put(txn, snaps)})
    return [PaperId(s["paper"]["id"]) for s in snaps]


# ---- undoing --------------------------------------------------------------------


def undo_last(txn: WriteTxn, origin: str) -> UndoResult:
    """Take back ``origin``'s newest change, in ``txn``; raises NotFound if there is none."""
    entries = journal_repo.recent(txn.db, origin, limit=1)
    if not entries:
        raise NotFound("nothing to undo")
    entry = entries[0]
    changed: list[PaperId] = []
    restored: list[PaperId] = []
    for step in reversed(entry.steps):
        op = step["op"]
        if op == "columns":
            changed += _undo_columns(txn, step)
        elif op == "tags":
            changed += _undo_tags(txn, step)
        elif op == "restore":
            for snap in trash_repo.take(txn, step["trash"]):
                pid, merged = trash_repo.restore(txn, snap)
                (changed if merged else restored).append(pid)
        elif op == "notes_restore":
            changed += _undo_note_delete(txn, step)
        elif op == "notes_delete":
            changed += _undo_note_add(txn, step)
    journal_repo.drop(txn, entry.id)
    return UndoResult(entry.label, list(dict.fromkeys(changed)), restored)


def _undo_columns(txn: WriteTxn, step: dict[str, Any]) -> list[PaperId]:
    columns: list[str] = [c for c in step["columns"] if c in UNDOABLE_COLUMNS]
    changed: list[PaperId] = []
    for pid, values in step["rows"]:
        old = dict(zip(columns, values, strict=True))
        if "citekey" in old and papers_repo.citekey_taken(txn.db, old["citekey"], exclude=pid):
            raise InvalidInput(
                f"cannot undo: the citation key {old['citekey']!r} is now used by another paper"
            )
        changed += papers_repo.set_columns(txn, [pid], **old)
    return changed


def _undo_tags(txn: WriteTxn, step: dict[str, Any]) -> list[PaperId]:
    db = txn.db
    changed: list[PaperId] = []
    existing = papers_repo.existing_ids(db, [p[0] for p in step["papers"]])
    for pid, before, after in step["papers"]:
        if pid not in existing:
            continue
        lower_before = {t.lower() for t in before}
        lower_after = {t.lower() for t in after}
        gone = [t for t in before if t.lower() not in lower_after]
        new = [t for t in after if t.lower() not in lower_before]
        changed += tags_repo.add_tags(txn, [pid], gone)
        changed += tags_repo.remove_tags(txn, [pid], new)
    for key, row in step["tag_rows"]:
        tags_repo.put_row(txn, key, row)
    tags_repo.prune_unused(txn)
    return changed


def _undo_note_delete(txn: WriteTxn, step: dict[str, Any]) -> list[PaperId]:
    changed: list[PaperId] = []
    for note in step["notes"]:
        if not papers_repo.existing_ids(txn.db, [note["paper_id"]]):
            raise InvalidInput("cannot undo: the note's paper has been deleted since")
        notes_repo.put_back(txn, note["id"], note["paper_id"], note["body"], note["created"],
                            note["modified"])
        txn.touch([note["paper_id"]], modified=False)
        changed.append(PaperId(note["paper_id"]))
    return changed


def _undo_note_add(txn: WriteTxn, step: dict[str, Any]) -> list[PaperId]:
    changed: list[PaperId] = []
    for note_id, body in step["notes"]:
        try:
            note = notes_repo.get(txn.db, note_id)
        except NotFound:
            continue  # already deleted
        if note.body != body:
            raise InvalidInput("cannot undo: the note has been edited since; delete it instead")
        notes_repo.delete(txn, note_id)
        changed.append(note.paper_id)
    return changed
