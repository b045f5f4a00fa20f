"""Progress reporting and cancellation for long core operations, without Qt.

Core functions take ``progress(done, total)`` and ``cancel`` (anything
callable returning True once the user gave up); the GUI passes signal-backed
ones, the CLI passes printing ones or nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

from readinglist.core.errors import Cancelled

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]
T = TypeVar("T")


class CancelToken:
    """A thread-safe "please stop" flag: call ``cancel()``, poll by calling it."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    def __call__(self) -> bool:
        return self._event.is_set()


def check_cancel(cancel: CancelFn | None, what: str = "operation") -> None:
    if cancel is not None and cancel():
        raise Cancelled(f"{what} cancelled")


def report(progress: ProgressFn | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def steps(
    items: Sequence[T] | Iterable[T],
    what: str,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    *,
    every: int = 200,
    total: int | None = None,
) -> Iterator[T]:
    """``items`` one by one; every ``every`` items, stop if cancelled and report progress.

    Checking on every item would cost more than the work for cheap items; the
    final report (``total, total``) comes once the last item was handed out.
    ``total``: how many a stream of ``items`` holds (a sequence knows).
    """
    if total is None:
        assert isinstance(items, Sequence)
        total = len(items)
    for i, item in enumerate(items):
        if i % every == 0:
            check_cancel(cancel, what)
            report(progress, i, total)
        yield item
    report(progress, total, total)


def counting(
    items: Iterable[T], total: int, progress: ProgressFn, *, every: int = 500
) -> Iterator[T]:
    """Pass ``items`` through, reporting every ``every`` of them (a long drain shows progress)."""
    for n, item in enumerate(items, start=1):
        if n % every == 0:
            progress(n, total)
        yield item
    progress(total, total)
