"""Rebuilding the search index in a separate process.

Whoosh indexing is pure Python and sorts large batches in single C calls
that hold the GIL for a second or more; run in a thread of the app it froze
the window (1.5 s stalls measured at 100,000 papers). So the app runs
``readinglist reindex`` as a child process, shows its progress, and switches
to the new index when it is swapped in (the service notices the new build).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QProcess, Signal, Slot

from readinglist.core.library import LibraryService


class IndexRebuilder(QObject):
    """Signals:
        progress(int, int): done, total.
        finished(bool, str): success, and a message for the user.
    """

    progress = Signal(int, int)
    finished = Signal(bool, str)

    def __init__(self, service: LibraryService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.process: QProcess | None = None
        self.pending_only = False
        self._buffer = b""

    @property
    def running(self) -> bool:
        return self.process is not None

    def start(self, *, pending_only: bool = False) -> None:
        """Rebuild the whole index, or (``pending_only``) index a large backlog of changes."""
        if self.process is not None:
            return
        self.pending_only = pending_only
        process = QProcess(self)
        process.setProgram(sys.executable)
        # A frozen build's executable is the app itself, not a Python interpreter.
        module = [] if getattr(sys, "frozen", False) else ["-m", "readinglist"]
        process.setArguments([*module, "--library", str(self.service.dir),
                              "reindex", "--progress-lines",
                              *(["--pending-only"] if pending_only else [])])
        process.readyReadStandardOutput.connect(self._on_output)
        process.finished.connect(self._on_finished)
        process.errorOccurred.connect(self._on_error)
        self.process = process
        process.start()

    def cancel(self) -> None:
        if self.process is not None:
            self.process.kill()  # the old index stays: the new one is built beside it

    def wait(self, msecs: int = 30_000) -> None:
        if self.process is not None:
            self.process.waitForFinished(msecs)

    @Slot()
    def _on_output(self) -> None:
        assert self.process is not None
        self._buffer += bytes(self.process.readAllStandardOutput().data())
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            parts = line.decode("utf-8", "replace").split()
            if len(parts) == 3 and parts[0] == "progress":
                self.progress.emit(int(parts[1]), int(parts[2]))

    @Slot(int, QProcess.ExitStatus)
    def _on_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        process = self.process
        self.process = None
        if process is None:
            return
        if status == QProcess.ExitStatus.NormalExit and code == 0:
            self.finished.emit(True, "Search index updated." if self.pending_only
                               else "Search index rebuilt.")
        else:
            error = bytes(process.readAllStandardError().data()).decode("utf-8", "replace")
            last = error.strip().splitlines()[-1] if error.strip() else f"exit code {code}"
            self.finished.emit(False, f"Rebuilding the search index failed: {last}")
        process.deleteLater()

    @Slot(QProcess.ProcessError)
    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and self.process is not None:
            self.process = None
            self.finished.emit(False, "Could not start the index rebuild process.")
