"""A bulk write's papers, handed to the index while the write is still going on.

See :mod:`readinglist.core.search.bulk_writer` for why. This side knows the
outbox: the papers it fed are the ones whose outbox rows it removes once
the index has committed them. A paper written again after it was fed (the
same paper twice in one file) keeps its row, and the drain that follows
indexes its final state.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from readinglist.core.errors import Cancelled, IndexBusy, StorageUnavailable
from readinglist.core.progress import CancelFn, ProgressFn
from readinglist.core.search.bulk_writer import BulkWriter
from readinglist.core.search.schema import document
from readinglist.core.storage import outbox
from readinglist.core.storage import papers as papers_repo
from readinglist.core.storage.db import Store, WriteTxn


# Papers written between two hand-overs to the index.
FEED_BATCH = 500


class IndexFeed:
    def __init__(self, store: Store, writer: BulkWriter, done: Callable[[], None],
                 failed: Callable[[BaseException], None]) -> None:
        self._store = store
        self._writer = writer
        self._done = done  # the indexing service's after-commit step (drain what is left)
        self._failed = failed  # the write is saved: an index failure is lag, not an error
        self._fed: set[int] = set()
        self._again: set[int] = set()
        self._seq = 0
        self._added: list[int] = []
        self._updated: list[int] = []

    def written(self, txn: WriteTxn, pid: int, *, new: bool) -> None:
        """A paper was just written in ``txn`` (``new``: added); handed over in batches."""
        (self._added if new else self._updated).append(pid)
        if len(self._added) + len(self._updated) >= FEED_BATCH:
            self.flush(txn)

    def flush(self, txn: WriteTxn) -> None:
        """Hand over what was written since the last batch (call before the commit)."""
        added, updated = self._added, self._updated
        self._added, self._updated = [], []
        self._hand_over(txn, added, updated)

    def _hand_over(self, txn: WriteTxn, added: Sequence[int], updated: Sequence[int]) -> None:
        """Papers written in ``txn`` since the last batch, read back through it.

        ``added``: new papers (no older copy in the index to replace).
        """
        fed = self._fed
        again = [pid for pid in (*added, *updated) if pid in fed]
        self._again.update(again)
        # A paper added and then updated since the last call is read once, as it is now.
        fresh_added = [pid for pid in dict.fromkeys(added) if pid not in fed]
        new = set(fresh_added)
        fresh_updates = [pid for pid in dict.fromkeys(updated) if pid not in fed and pid not in new]
        if not (fresh_added or fresh_updates):
            return
        self._seq = txn.seq
        for ids, new in ((fresh_added, True), (fresh_updates, False)):
            if ids:
                docs = (document(p) for p in papers_repo.get_many(txn.db, ids))
                self._writer.add(docs, new=new)
                fed.update(ids)

    def finish(self, *, progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> None:
        """After the write committed: let the children finish, commit, clear the rows.

        The papers are saved by now: if the index cannot take them (disk
        full, cancelled), their outbox rows stay, ``lag`` says so, and the
        next drain or start indexes them.
        """
        try:
            self._writer.commit(self._seq, progress=progress, cancel=cancel)
            done = [(pid, self._seq) for pid in self._fed if pid not in self._again]
            if done:
                outbox.clear(self._store, done)
        except (OSError, IndexBusy, StorageUnavailable, Cancelled) as exc:
            self._writer.cancel()
            self._failed(exc)
            return
        self._done()

    def cancel(self) -> None:
        self._writer.cancel()
