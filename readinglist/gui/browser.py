"""Opening a link in the user's browser, and saying so when there is none.

``QDesktopServices.openUrl`` returns False when no browser (or no handler)
is set up, e.g. on a minimal desktop or over SSH; the link is then put on
the clipboard so the user can open it by hand.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication


def open_url(url: str) -> bool:
    return bool(QDesktopServices.openUrl(QUrl(url)))


def no_browser(url: str) -> str:
    QGuiApplication.clipboard().setText(url)
    return (f"No web browser could be opened for {url}. The link is on the clipboard; "
            "set a default browser (e.g. xdg-settings set default-web-browser) to open links.")
