"""Indexing a bulk write while it is being written, on every core.

A 100k-paper import spent ~40 s writing SQLite and then ~85 s indexing,
one after the other. Here the import hands each batch of papers it has
written (read back through its own, still open, transaction) to the index
writer's child processes as it goes: the children index while the import
parses and writes, and job files may pile up on disk rather than slow the
import down, so its rows are committed (and listed by status, tag and year)
as soon as they are written, while the full text follows.

Nothing is visible in search before the SQLite transaction has committed:
the index is committed after it, and a write that fails or is cancelled
cancels the index writer too.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from readinglist.core.errors import Cancelled
from readinglist.core.progress import CancelFn, ProgressFn
from readinglist.core.search.index import CHILD_BATCH, SEGMENT_CAP, WhooshIndex


class BulkWriter:
    """A multi-process writer on the live index for the length of one bulk write.

    Holds the index's write lock from creation to :meth:`commit` or
    :meth:`cancel`; other writers in this process wait (the indexing
    service does not start drains meanwhile).
    """

    def __init__(self, index: WhooshIndex, procs: int) -> None:
        self.index = index
        index.write_lock.acquire()
        try:
            self._writer, self._searcher = index.live_writer(procs, backlog=True)
        except BaseException:
            index.write_lock.release()
            raise
        self.added = 0
        self._open = True

    def add(self, docs: Iterable[dict[str, object]], *, new: bool) -> None:
        """Hand documents to the children; ``new``: no older copy can be in the index."""
        writer, searcher = self._writer, self._searcher
        for doc in docs:
            if not new:
                writer.delete_by_term("pid", str(doc["pid"]), searcher=searcher)
            writer.add_document(**doc)
            self.added += 1

    def waiting(self) -> int:
        """Documents handed over that no child has started on (an estimate)."""
        writer = self._writer
        try:
            queued = writer.jobqueue.qsize() if hasattr(writer, "jobqueue") else 0
        except NotImplementedError:  # macOS has no sem_getvalue: no progress, same result
            queued = 0
        return queued * CHILD_BATCH + len(getattr(writer, "docbuffer", ()))

    def commit(self, seq: int, *, progress: ProgressFn | None = None,
               cancel: CancelFn | None = None) -> None:
        """Wait for the children (reporting progress), then commit as change ``seq``."""
        writer = self._writer
        try:
            if getattr(writer, "docbuffer", None):
                writer._enqueue()  # noqa: SLF001 - hand the last partial batch over now
            total = max(self.added, 1)
            while (left := self.waiting()) > 0:
                if cancel is not None and cancel():
                    raise Cancelled("indexing cancelled")
                if progress is not None:
                    progress(total - left, total)
                time.sleep(0.25)
            self.index.record_seq(seq)
        except BaseException:
            self.cancel()
            raise
        try:
            writer.commit(merge=False)
        finally:
            self._open = False
            self.index.write_lock.release()
        if progress is not None:
            progress(total, total)
        if self.index.segment_count() > SEGMENT_CAP:
            self.index.compact()

    def cancel(self) -> None:
        if not self._open:
            return
        self._open = False
        try:
            self._writer.cancel()
        finally:
            self.index.write_lock.release()
