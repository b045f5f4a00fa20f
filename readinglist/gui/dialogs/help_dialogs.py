"""Help inside the app: the keyboard-shortcuts sheet, the search syntax, About.

The shortcuts sheet is read from the window's own menus, so a new action
with a shortcut appears in it without anyone remembering to document it;
only keys that have no menu entry (Daily triage, the table's j/k) are
listed here by hand.
"""

from __future__ import annotations

import html
import platform
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from urllib.parse import quote, unquote

import platformdirs
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QSettings, QUrl, Signal, qVersion
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMainWindow,
    QMenu,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from readinglist import __version__
from readinglist.core.about import runtime_versions
from readinglist.core.library import LibraryService
from readinglist.core.paths import APP_NAME

# Keys handled by widgets rather than menu actions: (section, keys, what they do).
EXTRA_KEYS: tuple[tuple[str, str, str], ...] = (
    ("Paper table", "j / k", "next / previous paper"),
    ("Paper table", "Double-click", "open the paper in the browser"),
    ("Search bar", "Esc", "clear the search"),
    ("Daily papers", "j / k", "next / previous paper"),
    ("Daily papers", "a", "add to your queue"),
    ("Daily papers", "t", "add with tags"),
    ("Daily papers", "s", "skip"),
    ("Daily papers", "o", "open the paper in the browser"),
    ("Daily papers", "Enter", "show the abstract"),
    ("Daily papers", "Alt+Left / Alt+Right", "previous / next day"),
    ("Daily papers", "F5", "fetch the day again"),
)

# (what you type, what it finds, an example to try)
QUERY_SYNTAX: tuple[tuple[str, str, str], ...] = (
    ("graph neural", "papers with both words anywhere (title, authors, abstract, tags, notes), "
     "ranked; title hits first", "graph neural"),
    ('"graph neural"', "the phrase", '"language model"'),
    ("bert OR gpt", "either word", "bert OR gpt"),
    ("NOT survey, -survey", "without the word", "transformer -survey"),
    ("embed*", "words starting with embed (at least 3 letters before *)", "embed*"),
    ("title: author: abstract: note: venue:", "only in that field; group with parentheses",
     "title:(bert OR gpt)"),
    ("tag:ml", "tag ml and every tag below it (ml/nlp, ml/vision)", "tag:ml"),
    ("status:read", "inbox, queued, reading, read, skipped", "status:queued"),
    ("year:2017, year:2020..2023, year:>=2024", "by year", "year:2020..2023"),
    ("added:<7d, added:>1m, added:2024-05-01", "by date added (d, w, m, y)", "added:<7d"),
    ("rating:>=4", "by rating", "rating:>=4"),
    ("has:note", "also has:tag, has:abstract, has:doi, has:arxiv, has:code, has:pdf, "
     "has:rating, has:duplicate", "has:note"),
    ("key:… arxiv:… doi:…", "by identifier (an id typed alone also works)", "arxiv:1706.03762"),
)
QUERY_NOTES = (
    "Words are joined by AND; AND, OR and NOT are operators only in capitals; parentheses "
    "group. Hyphenated words (self-attention) match as a phrase. A malformed query is "
    "explained under the search bar and the current results stay."
)

# (component, distribution for the version, licence, where its source and licence are)
LICENCES: tuple[tuple[str, str | None, str, str], ...] = (
    ("Qt 6", None, "LGPL-3.0", "https://www.qt.io/licensing/open-source-lgpl-obligations"),
    ("PySide6 (Qt for Python)", "PySide6-Essentials", "LGPL-3.0", "https://code.qt.io/cgit/pyside/pyside-setup.git/"),
    ("Shiboken6", "shiboken6", "LGPL-3.0", "https://code.qt.io/cgit/pyside/pyside-setup.git/"),
    ("Python", None, "PSF-2.0", "https://docs.python.org/3/license.html"),
    ("SQLite", None, "public domain", "https://sqlite.org/copyright.html"),
    ("sqlite-utils", "sqlite-utils", "Apache-2.0", "https://github.com/simonw/sqlite-utils"),
    ("Whoosh (whoosh-reloaded)", "whoosh-reloaded", "BSD-2-Clause", "https://github.com/Sygil-Dev/whoosh-reloaded"),
    ("Requests", "requests", "Apache-2.0", "https://github.com/psf/requests"),
    ("urllib3", "urllib3", "MIT", "https://github.com/urllib3/urllib3"),
    ("certifi", "certifi", "MPL-2.0", "https://github.com/certifi/python-certifi"),
    ("idna", "idna", "BSD-3-Clause", "https://github.com/kjd/idna"),
    ("charset-normalizer", "charset-normalizer", "MIT", "https://github.com/jawah/charset_normalizer"),
    ("platformdirs", "platformdirs", "MIT", "https://github.com/tox-dev/platformdirs"),
    ("anyascii", "anyascii", "ISC", "https://github.com/anyascii/anyascii"),
    ("tomli-w", "tomli-w", "MIT", "https://github.com/hukkin/tomli-w"),
    ("bibtexparser", "bibtexparser", "MIT", "https://github.com/sciunto-org/python-bibtexparser"),
    ("pylatexenc", "pylatexenc", "MIT", "https://github.com/phfaist/pylatexenc"),
    ("rispy", "rispy", "MIT", "https://github.com/MrTango/rispy"),
    ("NumPy", "numpy", "BSD-3-Clause", "https://github.com/numpy/numpy"),
    ("SciPy", "scipy", "BSD-3-Clause", "https://github.com/scipy/scipy"),
    ("threadpoolctl", "threadpoolctl", "BSD-3-Clause", "https://github.com/joblib/threadpoolctl"),
    ("click", "click", "BSD-3-Clause", "https://github.com/pallets/click"),
    ("tabulate", "tabulate", "MIT", "https://github.com/astanin/python-tabulate"),
    ("python-dateutil", "python-dateutil", "Apache-2.0 / BSD-3-Clause", "https://github.com/dateutil/dateutil"),
)

_STYLE = """
<style>
  h2 { margin-top: 4px; }
  h3 { margin-top: 14px; margin-bottom: 4px; }
  td { padding: 3px 10px 3px 0; vertical-align: top; }
  td.keys { white-space: nowrap; font-weight: 600; }
  code { font-family: monospace; }
</style>
"""


def _plain(text: str) -> str:
    """A menu text as a person reads it: no mnemonic ampersands, no trailing ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def menu_shortcuts(window: QMainWindow) -> list[tuple[str, list[tuple[str, str]]]]:
    """(menu title, [(keys, action)]) for every menu action that has a shortcut."""
    sections: list[tuple[str, list[tuple[str, str]]]] = []

    def walk(menu: QMenu, rows: list[tuple[str, str]]) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            if action.menu() is not None:
                walk(action.menu(), rows)
                continue
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
            keys = [k for k in keys if k]
            if keys:
                rows.append((" or ".join(keys), _plain(action.text())))

    for top in window.menuBar().actions():
        menu = top.menu()
        if menu is None:
            continue
        rows: list[tuple[str, str]] = []
        walk(menu, rows)
        if rows:
            sections.append((_plain(top.text()), rows))
    return sections


def shortcuts_html(window: QMainWindow) -> str:
    parts = [_STYLE, "<h2>Keyboard shortcuts</h2>"]
    sections = menu_shortcuts(window)
    extra: dict[str, list[tuple[str, str]]] = {}
    for section, keys, what in EXTRA_KEYS:
        extra.setdefault(section, []).append((keys, what))
    for title, rows in [*sections, *extra.items()]:
        parts.append(f"<h3>{html.escape(title)}</h3><table>")
        parts += [f"<tr><td class='keys' width='150'>{html.escape(k)}</td>"
                  f"<td>{html.escape(w)}</td></tr>"
                  for k, w in rows]
        parts.append("</table>")
    return "".join(parts)


def query_syntax_html() -> str:
    rows = "".join(
        f"<tr><td class='keys'><code>{html.escape(typed)}</code></td><td>{html.escape(finds)}</td>"
        f"<td><a href='query:{quote(example, safe='')}'><code>{html.escape(example)}</code></a></td></tr>"
        for typed, finds, example in QUERY_SYNTAX
    )
    return (f"{_STYLE}<h2>Search queries</h2><p>The same language works in the search bar, "
            f"<code>readinglist search</code> and saved searches. Click an example to try it.</p>"
            f"<table><tr><th align='left'>you type</th><th align='left'>finds</th>"
            f"<th align='left'>try</th></tr>{rows}</table><p>{html.escape(QUERY_NOTES)}</p>")


def _version(distribution: str | None) -> str:
    if distribution is None:
        return ""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return ""


def about_html(library_dir: Path, papers: int | None = None) -> str:
    def link(path: Path) -> str:
        url = QUrl.fromLocalFile(str(path)).toString()
        return f"<a href='{html.escape(url, quote=True)}'>{html.escape(str(path))}</a>"

    versions = {"Qt 6": qVersion(), **runtime_versions()}
    licence_rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td>{html.escape(versions.get(name) or _version(dist))}</td>"
        f"<td>{html.escape(licence)}</td><td><a href='{url}'>source and licence</a></td></tr>"
        for name, dist, licence, url in LICENCES
    )
    frozen = getattr(sys, "frozen", False)
    places = [
        ("Library", link(library_dir)
         + (f" ({papers:,} papers)" if papers is not None else "")),
        ("Database", html.escape(str(library_dir / "library.db"))),
        ("Backups", link(library_dir / "backups")),
        ("Library settings", html.escape(str(library_dir / "settings.toml"))),
        ("Default data folder", link(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))),
        ("Window settings", html.escape(QSettings().fileName())),
    ]
    place_rows = "".join(f"<tr><td class='keys'>{k}</td><td>{v}</td></tr>" for k, v in places)
    return (
        f"{_STYLE}<h2>Reading List {html.escape(__version__)}</h2>"
        "<p>Keep the papers you read: daily papers, tags, Markdown notes, instant search and "
        "stable BibTeX keys. Licensed under the MIT licence.</p>"
        f"<table>{place_rows}</table>"
        f"<p>Python {html.escape(platform.python_version())}, Qt {html.escape(qVersion())}, "
        f"PySide6 {html.escape(pyside_version)}{' (frozen build)' if frozen else ''}, "
        f"{html.escape(platform.system())} {html.escape(platform.machine())}.</p>"
        "<h3>Licences of the parts it is built from</h3>"
        f"<table><tr><th align='left'>component</th><th align='left'>version</th>"
        f"<th align='left'>licence</th><th></th></tr>{licence_rows}</table>"
        "<p>Qt and PySide6 are used under the GNU LGPL version 3: they are separate shared "
        "libraries (also in the frozen build's folder), which you may replace with your own "
        "builds; their source is at the links above.</p>"
    )


class HelpDialog(QDialog):
    """A scrollable page of help; links open in the browser (or, for queries, search)."""

    query_chosen = Signal(str)

    def __init__(self, title: str, body: str, parent: QWidget | None = None,
                 size: tuple[int, int] = (640, 620)) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(*size)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._on_link)
        self.browser.setHtml(body)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)

    def _on_link(self, url: QUrl) -> None:
        if url.scheme() == "query":
            encoded = url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
            self.query_chosen.emit(unquote(encoded[len("query:"):]))
            return
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(url)


class HelpDialogs:
    """The Help menu's windows (its actions are declared in ``gui/actions.py``): one of
    each, shown again (with fresh text) when asked for again."""

    def __init__(self, window: QMainWindow, service: LibraryService,
                 search: Callable[[str], None] | None = None) -> None:
        self.window = window
        self.service = service
        self.search = search
        self.dialogs: dict[str, HelpDialog] = {}

    def _show(self, key: str, title: str, body: str, size: tuple[int, int] = (640, 620)) -> HelpDialog:
        dialog = self.dialogs.get(key)
        if dialog is None:
            dialog = HelpDialog(title, body, self.window, size)
            self.dialogs[key] = dialog
            if key == "syntax" and self.search is not None:
                dialog.query_chosen.connect(self.search)
        else:
            dialog.browser.setHtml(body)  # the library may have moved on (About) or menus grown
        was_open = dialog.isVisible()
        dialog.show()
        if was_open and QGuiApplication.platformName() != "offscreen":
            dialog.raise_()  # already open behind the window: bring it forward
            dialog.activateWindow()
        return dialog

    def show_shortcuts(self) -> HelpDialog:
        return self._show("shortcuts", "Keyboard shortcuts", shortcuts_html(self.window), (560, 680))

    def show_syntax(self) -> HelpDialog:
        return self._show("syntax", "Search syntax", query_syntax_html(), (760, 560))

    def show_about(self) -> HelpDialog:
        return self._show("about", "About Reading List", about_html(self.service.dir, self.service.papers.count()), (720, 640))
