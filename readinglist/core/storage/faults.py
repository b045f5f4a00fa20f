"""A fault-injection hook for the places where a full disk bites.

Tests cannot fill a real disk (no root for a tiny tmpfs in CI), and patching
``requests`` or SQLite internals would test the patch, not the program. So
the two writes that matter, the SQLite ``COMMIT`` and the search index's
commit, call :func:`maybe_fail` first; with ``READINGLIST_FAULT`` set (only
ever by tests) it raises exactly what the real layer raises when the disk
is full. Unset, it costs one dictionary lookup.

``READINGLIST_FAULT=commit`` fails every SQLite commit; ``index`` fails
every index write; ``commit:3`` fails only the third commit of the process.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
from pathlib import Path

ENV = "READINGLIST_FAULT"
_counts: dict[str, int] = {}
_lock = threading.Lock()


def maybe_fail(point: str, path: Path | str) -> None:
    spec = os.environ.get(ENV)
    if not spec:
        return
    for item in spec.split(","):
        name, _, nth = item.strip().partition(":")
        if name != point:
            continue
        with _lock:
            _counts[point] = _counts.get(point, 0) + 1
            count = _counts[point]
        if nth and int(nth) != count:
            continue
        if point == "commit":
            raise sqlite3.OperationalError("database or disk is full")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
