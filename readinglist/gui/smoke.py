"""``--smoke-test``: prove a build starts, shows a library's papers and exits cleanly.

CI runs the frozen build this way on a machine without a display or
Python; the line it prints is what the build report quotes.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from readinglist.gui.main_window import MainWindow

TIMEOUT_MS = 60_000


def run_smoke_test(app: QApplication, window: MainWindow, started: float) -> int:
    """Run the event loop until the table shows rows (exit 0) or the timeout (exit 1)."""
    outcome: dict[str, float | int] = {}

    def check() -> None:
        rows = window.model.rowCount()
        if rows > 0 and not window.runner.busy:
            outcome["rows"] = rows
            outcome["seconds"] = time.monotonic() - started
            poll.stop()
            window.close()
            app.quit()

    poll = QTimer(window)
    poll.setInterval(20)
    poll.timeout.connect(check)
    poll.start()
    QTimer.singleShot(TIMEOUT_MS, app.quit)
    app.exec()
    if "rows" not in outcome:
        window.close()
        print(f"smoke test failed: no papers shown within {TIMEOUT_MS // 1000} s "
              f"(is the library empty?)", flush=True)
        return 1
    print(f"smoke test ok: {outcome['rows']} papers shown, "
          f"{outcome['seconds']:.2f} s after start", flush=True)
    return 0
