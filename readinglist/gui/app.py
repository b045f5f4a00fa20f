"""The desktop app's composition root: QApplication, error hook, main window."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from readinglist import __version__
from readinglist.core.library import LibraryService
from readinglist.core.paths import resolve_library_dir


def _install_excepthook() -> None:
    """Show unexpected errors with their traceback; the app keeps running."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, exc, tb))
        sys.stderr.write(text)
        box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error",
                          f"Something went wrong: {exc}")
        box.setDetailedText(text)
        box.setModal(False)
        box.show()

    sys.excepthook = hook


def run_app(library_dir: Path | None = None) -> int:
    QCoreApplication.setOrganizationName("readinglist")
    QCoreApplication.setApplicationName("Reading List")
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    _install_excepthook()
    from readinglist.gui.main_window import MainWindow

    service = LibraryService(resolve_library_dir(library_dir))
    window = MainWindow(service)
    window.show()
    try:
        return app.exec()
    finally:
        service.close()


def main() -> int:
    return run_app(None)
