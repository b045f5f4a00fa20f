"""``--smoke-test``: prove a build starts, shows a library's papers and exits cleanly.

CI runs the frozen build this way on a machine without a display or
Python; the line it prints is what the build report quotes. It runs its own
event loop (not the application's), so nothing of it outlives the call.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from readinglist.gui.main_window import MainWindow

TIMEOUT_MS = 60_000


def run_smoke_test(app: QApplication, window: MainWindow, started: float) -> int:
    """Wait until the table shows rows (exit status 0) or the timeout (1); then close."""
    del app  # the window's own event loop is enough; kept for the caller's signature
    outcome: dict[str, float | int] = {}
    loop = QEventLoop()

    def check() -> None:
        rows = window.model.rowCount()
        if rows > 0 and not window.runner.busy:
            outcome["rows"] = rows
            outcome["seconds"] = time.monotonic() - started
            loop.quit()

    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(check)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.setInterval(TIMEOUT_MS)
    deadline.timeout.connect(loop.quit)
    poll.start()
    deadline.start()
    loop.exec()
    poll.stop()
    deadline.stop()
    window.close()
    if "rows" not in outcome:
        print(f"smoke test failed: no papers shown within {TIMEOUT_MS // 1000} s "
              f"(is the library empty?)", flush=True)
        return 1
    print(f"smoke test ok: {outcome['rows']} papers shown, "
          f"{outcome['seconds']:.2f} s after start", flush=True)
    return 0
