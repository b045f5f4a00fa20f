"""Start the desktop app on a library, in a fresh process, as a user would.

Run by the benchmark as ``python -m bench.startup_probe LIBRARY QUERY``; the
parent times from spawning this process to the line ``ready``, so
interpreter start and every import count. The lead's contract: the window's
``table`` model has rows once the first page is shown. Afterwards it runs
one full-text search (the library is then really open: index searcher
loaded) and reports resident memory at both points as JSON.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def rss_mb() -> float:
    """Resident set size of this process (Linux ``/proc``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    library, query = Path(sys.argv[1]), sys.argv[2]
    timeout_s = float(sys.argv[3]) if len(sys.argv) > 3 else 60.0
    from PySide6.QtWidgets import QApplication

    from readinglist.core.library import LibraryService
    from readinglist.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    service = LibraryService(library)
    window = MainWindow(service)
    window.show()
    deadline = time.monotonic() + timeout_s
    while True:
        app.processEvents()
        model = window.table.model()
        if model is not None and model.rowCount() > 0:
            break
        if time.monotonic() > deadline:
            print("timeout", flush=True)
            return 1
        time.sleep(0.001)
    print("ready", flush=True)
    shown_rss = rss_mb()
    rows = window.table.model().rowCount()
    started = time.perf_counter()
    hits = service.search(query)
    search_s = time.perf_counter() - started
    app.processEvents()
    print(json.dumps({"rss_shown_mb": shown_rss, "rss_after_search_mb": rss_mb(),
                      "rows_shown": rows, "first_search_s": search_s,
                      "first_search_hits": hits.total}), flush=True)
    window.close()
    service.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
