"""Tags: adding and removing them on papers, renaming, merging, deleting, colours.

Every change here is undoable, and each announces ``TAGS_CHANGED`` besides
``PAPERS_CHANGED`` so the sidebar's counts follow.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from readinglist.core import undo
from readinglist.core.errors import InvalidInput, NotFound
from readinglist.core.events import LibraryEvent
from readinglist.core.models import PaperId, TagCount
from readinglist.core.services.context import LibraryContext
from readinglist.core.storage import papers as papers_repo
from readinglist.core.storage import tags as tags_repo


class Tags:
    def __init__(self, ctx: LibraryContext) -> None:
        self._ctx = ctx

    def _announce(self, changed: Sequence[int]) -> None:
        self._ctx.changed(LibraryEvent.PAPERS_CHANGED, changed)
        self._ctx.events.emit(LibraryEvent.TAGS_CHANGED, changed)

    def add(self, ids: Sequence[int], names: Iterable[str]) -> list[PaperId]:
        return self._link(ids, names, tags_repo.add_tags, "Tag")

    def remove(self, ids: Sequence[int], names: Iterable[str]) -> list[PaperId]:
        return self._link(ids, names, tags_repo.remove_tags, "Untag")

    def _link(self, ids: Sequence[int], names: Iterable[str], write: Any, verb: str) -> list[PaperId]:
        """Add or remove tags in one undoable change named after what it did."""
        tag_names = [tags_repo.normalize_tag(n) for n in names]
        with self._ctx.undoable() as (txn, change), undo.tags_change(txn, ids, change):
            changed = write(txn, ids, tag_names)
            change.label = undo.papers_label(txn.db, changed, verb, f" {', '.join(tag_names)}")
        if changed:
            self._announce(changed)
        return changed

    def set(self, paper_id: int, names: Iterable[str]) -> list[str]:
        """Make the paper's tags exactly ``names``."""
        return self.edit(paper_id, shown=self._tags_of(paper_id), wanted=names)

    def edit(self, paper_id: int, *, shown: Iterable[str], wanted: Iterable[str]) -> list[str]:
        """Apply a tag editor's change: what the user removed from or added to ``shown``.

        Tags another program added meanwhile (the CLI while the app is open)
        are not in ``shown`` and so survive, instead of being erased by a
        "set exactly these" write.
        """
        before = {tags_repo.normalize_tag(n).lower(): tags_repo.normalize_tag(n) for n in shown}
        after = {tags_repo.normalize_tag(n).lower(): tags_repo.normalize_tag(n) for n in wanted}
        removed = [before[k] for k in before if k not in after]
        added = [after[k] for k in after if k not in before]
        with self._ctx.undoable() as (txn, change), undo.tags_change(txn, [paper_id], change):
            changed = tags_repo.remove_tags(txn, [paper_id], removed)
            changed += tags_repo.add_tags(txn, [paper_id], added)
            change.label = undo.papers_label(txn.db, [paper_id], "Edit the tags of")
        if changed:
            self._announce([paper_id])
        return self._tags_of(paper_id)

    def _tags_of(self, paper_id: int) -> list[str]:
        paper = papers_repo.get(self._ctx.store.db(), paper_id)
        if paper is None:
            raise NotFound(f"no paper with id {paper_id}")
        return list(paper.tags)

    def rename(self, old: str, new: str) -> list[PaperId]:
        """Rename a tag (and the tags under it); renaming onto an existing tag merges."""
        old_name, new_name = tags_repo.normalize_tag(old), tags_repo.normalize_tag(new)
        with self._ctx.undoable() as (txn, change):
            merging = bool(tags_repo.subtree(txn.db, new_name))
            under = tags_repo.papers_under(txn.db, old_name)
            with undo.tags_change(txn, under, change):
                affected = tags_repo.rename_tag(txn, old_name, new_name)
            verb = "Merge tag {} into {}" if merging else "Rename tag {} to {}"
            change.label = verb.format(old_name, new_name)
        self._announce(affected)
        return affected

    def delete(self, name: str) -> list[PaperId]:
        tag = tags_repo.normalize_tag(name)
        with self._ctx.undoable() as (txn, change):
            with undo.tags_change(txn, tags_repo.papers_under(txn.db, tag), change):
                affected = tags_repo.delete_tag(txn, tag)
            change.label = f"Delete tag {tag}"
        self._announce(affected)
        return affected

    def set_color(self, name: str, color: str) -> None:
        if color and not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
            raise InvalidInput(f"{color!r} is not a colour like #3366cc")
        tag = tags_repo.normalize_tag(name)
        with self._ctx.undoable() as (txn, change), undo.tags_change(txn, [], change):
            tags_repo.set_color(txn, tag, color)
            change.label = f"Colour tag {tag}" if color else f"Clear the colour of tag {tag}"
        self._ctx.events.emit(LibraryEvent.TAGS_CHANGED, [])

    def counts(self) -> list[TagCount]:
        return tags_repo.tag_counts(self._ctx.store.db())

    def names(self) -> list[str]:
        return tags_repo.all_tag_names(self._ctx.store.db())
