"""Running core functions off the GUI thread.

A :class:`FunctionWorker` runs one plain core call in a ``QThreadPool``; the
results come back through a :class:`WorkerSignals` object created on the GUI
thread (so queued connections deliver them there). Core functions take
``progress`` and ``cancel`` callables; the worker adapts both.

Two pools: the general one for network, import, export and searches, and an
index pool with a single thread, because Whoosh allows one writer at a time
and the index outbox must be drained by one writer in one process.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from readinglist.core.progress import CancelToken


class WorkerSignals(QObject):
    """Signals of one task.

    Signals:
        progress(int, int): done, total.
        result(object): the function's return value.
        failed(object, str): the exception and its formatted traceback.
        finished(): always last, after result or failed.
    """

    progress = Signal(int, int)
    result = Signal(object)
    failed = Signal(object, str)
    finished = Signal()


class FunctionWorker(QRunnable):
    def __init__(self, fn: Callable[..., Any], *args: Any, with_progress: bool = False,
                 **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.cancel = CancelToken()
        self.signals = WorkerSignals()  # created here, on the GUI thread
        if with_progress:
            self.kwargs["progress"] = self._progress
            self.kwargs["cancel"] = self.cancel

    def _progress(self, done: int, total: int) -> None:
        self.signals.progress.emit(done, total)

    def run(self) -> None:  # Override QRunnable.run (worker thread)
        try:
            value = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:  # noqa: BLE001 - everything goes back to the GUI
            self.signals.failed.emit(exc, "".join(traceback.format_exception(exc)))
        else:
            self.signals.result.emit(value)
        finally:
            self.signals.finished.emit()


class TaskRunner(QObject):
    """Owns the pools and keeps running workers alive until they finish."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max(2, QThreadPool.globalInstance().maxThreadCount()))
        self.index_pool = QThreadPool(self)
        self.index_pool.setMaxThreadCount(1)
        # What the table shows (a search as you type, a listing) never queues
        # behind slow work in the general pool: after a big import, retraining
        # "similar papers" held both of its threads for seconds.
        self.view_pool = QThreadPool(self)
        self.view_pool.setMaxThreadCount(1)
        self._pools = (self.pool, self.index_pool, self.view_pool)
        for pool in self._pools:
            # Threads live as long as the app: each holds its own SQLite
            # connection, which an expiring thread would leave behind.
            pool.setExpiryTimeout(-1)
        self._running: set[FunctionWorker] = set()

    def start(self, worker: FunctionWorker, *, index: bool = False,
              view: bool = False) -> FunctionWorker:
        """``index``: the one index writer's pool; ``view``: what the table waits for."""
        self._running.add(worker)
        worker.signals.finished.connect(self._forget)
        (self.index_pool if index else self.view_pool if view else self.pool).start(worker)
        return worker

    @Slot()
    def _forget(self) -> None:
        sender = self.sender()
        for worker in list(self._running):
            if worker.signals is sender:
                self._running.discard(worker)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until all tasks finish (used at shutdown and in tests)."""
        for worker in list(self._running):
            worker.cancel.cancel()
        done = [pool.waitForDone(msecs) for pool in self._pools]
        return all(done)
