"""Progress reporting and cancellation for long core operations, without Qt.

Core functions take ``progress(done, total)`` and ``cancel`` (anything
callable returning True once the user gave up); the GUI passes signal-backed
ones, the CLI passes printing ones or nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from readinglist.core.errors import Cancelled

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]


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
