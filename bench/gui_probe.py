"""Does the window stay responsive? Typing in the search bar and scrolling the table.

Run by the benchmark as ``python -m bench.gui_probe LIBRARY QUERY...`` in a
fresh, offscreen process with the app's own service settings. A 5 ms
heartbeat timer measures how long the event loop goes without running
(a stall) while the queries are typed one key every 60 ms, as a fast typist
does, and the search workers run. Then the table is scrolled a page at a
time and each step is painted synchronously to time it. Prints JSON.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

HEARTBEAT_MS = 5
KEY_MS = 60
SCROLL_STEPS = 200


def main() -> int:
    library = Path(sys.argv[1])
    queries = sys.argv[2:]
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from readinglist.core.library import LibraryService
    from readinglist.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    service = LibraryService(library, auto_index=False, auto_rebuild=False)
    window = MainWindow(service)
    window.resize(1400, 900)
    window.show()

    def run_until(condition, timeout_s: float = 120.0) -> None:  # noqa: ANN001
        deadline = time.monotonic() + timeout_s
        while not condition():
            loop = QEventLoop()
            QTimer.singleShot(5, loop.quit)
            loop.exec()
            if time.monotonic() > deadline:
                raise TimeoutError("the window did not get there in time")

    run_until(lambda: window.model.rowCount() > 0 and not window.runner.busy)

    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer()
    heartbeat.timeout.connect(beat)
    heartbeat.start(HEARTBEAT_MS)

    keys = [(q, i) for q in queries for i in range(len(q) + 1)]
    position = [0]
    results: list[int] = []

    def type_next() -> None:
        if position[0] >= len(keys):
            typing.stop()
            return
        query, upto = keys[position[0]]
        position[0] += 1
        edit = window.search_bar.edit
        if upto == 0:
            edit.clear()
        else:
            QTest.keyClick(edit, query[upto - 1])

    typing = QTimer()
    typing.timeout.connect(type_next)
    last[0] = time.perf_counter()
    typing.start(KEY_MS)
    run_until(lambda: not typing.isActive() and not window.runner.busy
              and not window.views.searching)
    results.append(window.model.rowCount())
    heartbeat.stop()
    typing_gaps = sorted(gaps)

    window.search_bar.edit.clear()
    run_until(lambda: not window.views.searching and not window.runner.busy)
    bar = window.table.verticalScrollBar()
    steps: list[float] = []
    for n in range(SCROLL_STEPS):
        started = time.perf_counter()
        bar.setValue(min(bar.maximum(), (n + 1) * bar.pageStep() * 7))
        window.table.viewport().repaint()
        steps.append(time.perf_counter() - started)
    steps.sort()

    def pct(values: list[float], p: float) -> float:
        return values[min(len(values) - 1, int(len(values) * p))] * 1000 if values else 0.0

    print(json.dumps({
        "rows": window.model.rowCount(),
        "keys_typed": len(keys),
        "stall_p50_ms": pct(typing_gaps, 0.5),
        "stall_p99_ms": pct(typing_gaps, 0.99),
        "stall_max_ms": typing_gaps[-1] * 1000 if typing_gaps else 0.0,
        "heartbeats": len(typing_gaps),
        "scroll_p50_ms": pct(steps, 0.5),
        "scroll_p95_ms": pct(steps, 0.95),
        "scroll_max_ms": steps[-1] * 1000 if steps else 0.0,
        "last_result_rows": results[-1] if results else 0,
    }), flush=True)
    window.close()
    service.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
