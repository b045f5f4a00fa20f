"""The desktop app's composition root: QApplication, error hook, one instance per library."""

from __future__ import annotations

import hashlib
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QIcon
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication

from readinglist import __version__
from readinglist.core.errors import UserError
from readinglist.core.library import LibraryService
from readinglist.core.paths import resolve_library_dir
from readinglist.gui import resources
from readinglist.gui.theme import apply_theme

APP_ID = "io.github.readinglist.ReadingList"

_open_dialogs: list[object] = []


def install_excepthook() -> None:
    """Unexpected errors open a dialog with the traceback; the app keeps running."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, exc, tb))
        sys.stderr.write(text)
        if QApplication.instance() is None:
            return
        from readinglist.gui.dialogs.error_dialog import ErrorDialog

        dialog = ErrorDialog(str(exc) or kind.__name__, text)
        _open_dialogs.append(dialog)
        dialog.show()

    sys.excepthook = hook


def app_icon() -> QIcon:
    """The icon at every size we ship (PNGs need no SVG plugin; the SVG scales beyond)."""
    icon = QIcon()
    for png in sorted(resources.path("icons/hicolor").glob(f"*/apps/{APP_ID}.png")):
        icon.addFile(str(png))
    icon.addFile(str(resources.path("icons/readinglist.svg")))
    return icon


def _server_name(library_dir: Path) -> str:
    digest = hashlib.sha1(str(library_dir.resolve()).encode()).hexdigest()[:16]
    return f"readinglist-{digest}"


def _already_running(name: str) -> bool:
    """Ask a running instance on this library to come to the front."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(300):
        return False
    socket.write(b"raise\n")
    socket.waitForBytesWritten(300)
    socket.disconnectFromServer()
    return True


def run_app(library_dir: Path | None = None, *, smoke_test: bool = False) -> int:
    started = time.monotonic()
    QCoreApplication.setOrganizationName("readinglist")
    QCoreApplication.setApplicationName("Reading List")
    QCoreApplication.setApplicationVersion(__version__)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setDesktopFileName("io.github.readinglist.ReadingList")  # Wayland app id, taskbar icon
    app.setWindowIcon(app_icon())
    apply_theme(app)
    install_excepthook()
    directory = resolve_library_dir(library_dir)
    name = _server_name(directory)
    if _already_running(name):
        print(f"Reading List is already open for {directory}; switched to it.")
        return 0
    try:
        service = LibraryService(directory, auto_index=False, auto_rebuild=False)
    except UserError as exc:
        print(f"readinglist: {exc}", file=sys.stderr)
        return 1
    from readinglist.gui.main_window import MainWindow

    window = MainWindow(service)
    server = QLocalServer()
    QLocalServer.removeServer(name)  # a stale socket from a crashed run
    server.listen(name)

    def bring_to_front() -> None:
        connection = server.nextPendingConnection()
        if connection is not None:
            connection.close()
        window.showNormal()
        window.raise_()
        window.activateWindow()

    server.newConnection.connect(bring_to_front)
    window.show()
    try:
        if smoke_test:
            from readinglist.gui.smoke import run_smoke_test

            return run_smoke_test(app, window, started)
        return app.exec()
    finally:
        server.close()
        service.close()
