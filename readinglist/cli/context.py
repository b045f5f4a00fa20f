"""What a CLI command needs: the library, opened on first use."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from readinglist.core.events import LibraryEvent
from readinglist.core.library import LibraryService
from readinglist.core.paths import resolve_library_dir


class Context:
    def __init__(self, library: Path | None) -> None:
        self.library_dir = resolve_library_dir(library)
        self._service: LibraryService | None = None

    @property
    def service(self) -> LibraryService:
        if self._service is None:
            self._service = LibraryService(self.library_dir)
            self._service.undo_origin = "cli"  # `readinglist undo` takes back CLI changes only
            self._service.events.subscribe(self._on_event)
        return self._service

    def _on_event(self, event: LibraryEvent, ids: Sequence[int]) -> None:
        """The automatic export runs when the command closes the library; say if it failed."""
        if event is LibraryEvent.AUTO_EXPORT_FAILED and self._service is not None:
            status = self._service.auto_exporter.status
            if status is not None:
                print(f"readinglist: {status.message}", file=sys.stderr)

    def close(self) -> None:
        if self._service is not None:
            lag = self._service.indexing.lag
            self._service.close()
            self._service = None
            if lag:
                print(f"readinglist: note: {lag}", file=sys.stderr)

    @staticmethod
    def progress(label: str):  # noqa: ANN205 - returns a ProgressFn
        """A progress callback that redraws one line on stderr (only on a terminal)."""
        if not sys.stderr.isatty():
            return None

        def show(done: int, total: int) -> None:
            end = "\n" if done >= total else ""
            sys.stderr.write(f"\r{label}: {done}/{total}{end}")
            sys.stderr.flush()

        return show
