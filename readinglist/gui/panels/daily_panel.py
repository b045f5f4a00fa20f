"""The Daily panel: the day's papers from Hugging Face and arXiv, triaged by keyboard.

``j``/``k`` move, ``a`` adds, ``s`` skips, ``t`` adds with tags, ``o`` opens
the paper, Enter shows the abstract. Days already fetched open from the
database (offline); fetching runs in a worker, and a failed fetch leaves
what was shown in place with the reason above it. One source failing does
not hide the other's papers: the status line says which source failed.
The chosen day and sources are kept across restarts (``UiState``).
"""

from __future__ import annotations

import html
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.daily import today_utc
from readinglist.core.errors import Cancelled, UserError
from readinglist.core.library import LibraryService
from readinglist.core.shown_text import ABSTRACT_CHARS, HEADER_CHARS, clip
from readinglist.gui.inert_text import InertBrowser
from readinglist.gui.browser import no_browser, open_url
from readinglist.gui.dialogs.tags_dialog import ask_tags
from readinglist.gui.models.daily_list import AUTHORS, ITEM_ROLE, SOURCE, STATE, TITLE, UPVOTES, DailyFilter, DailyModel
from readinglist.gui.panels.daily_ranking import DailyRanker
from readinglist.gui.panels.daily_status import day_text, status_html, summary_text
from readinglist.gui.state import DAILY_DAY, DAILY_SOURCES, UiState
from readinglist.gui.workers import FunctionWorker, TaskRunner

FUTURE_SHOWN = 45  # days after today a calendar page can show (greyed out)


class DailyPanel(QWidget):
    """Signals:
        message(str): something the user may like to know (e.g. "3 papers added").
        error(str): something failed (also shown in the panel).
    """

    message = Signal(str)
    error = Signal(str)
    recovered = Signal()  # a day was shown after an error: earlier errors are out of date
    summary_changed = Signal(str)  # for the status bar while the panel is shown

    def __init__(self, service: LibraryService, runner: TaskRunner,
                 parent: QWidget | None = None, *, ui_state: UiState | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.runner = runner
        self.ui_state = ui_state
        self.day = today_utc()
        self._fetching = False
        self._fetching_day: date | None = None
        self._fetch_again = False
        self._auto_fetched: set[date] = set()
        self._listing: Any = None  # the DailyList shown (for the status line)
        self._error = ""  # the last error of this day, shown in the status line

        self.prev_button = QPushButton("◀", self)
        self.prev_button.setToolTip("Previous day (Alt+Left)")
        self.next_button = QPushButton("▶", self)
        self.next_button.setToolTip("Next day (Alt+Right)")
        self.date_edit = QDateEdit(self)
        self.date_edit.setAccessibleName("Daily date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setCalendarWidget(QCalendarWidget(self.date_edit))
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        for button in (self.prev_button, self.next_button):
            button.setMaximumWidth(36)
        self.today_button = QPushButton("Today", self)
        self.fetch_button = QPushButton("Fetch", self)
        self.fetch_button.setToolTip("Fetch this day again from the network (F5)")
        self.hf_box = QCheckBox("Hugging Face", self)
        self.hf_box.setChecked(True)
        self.arxiv_box = QCheckBox("arXiv", self)
        self.arxiv_box.setChecked(True)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setAccessibleName("Daily filter")
        self.filter_edit.setPlaceholderText("Filter…")
        self.filter_edit.setClearButtonEnabled(True)

        self.status = QLabel(self)
        self.status.setAccessibleName("Daily status")
        self.status.setWordWrap(True)
        # Room for two lines from the start: a note or an error appearing does not push
        # the list down under the mouse.
        self.status.setMinimumHeight(2 * self.fontMetrics().lineSpacing() + 4)
        self.status.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.model = DailyModel(self)
        self.proxy = DailyFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setAccessibleName("Daily list")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicatorShown(False)
        self._user_sorted = False
        header.sectionClicked.connect(self._on_header_clicked)
        for column, width in ((UPVOTES, 54), (AUTHORS, 170), (SOURCE, 110), (STATE, 96)):
            self.table.setColumnWidth(column, width)
        self.ranker = DailyRanker(self, title_column=TITLE)  # "For you": sort choice, bands, why-lines, mute menu
        self.ranker.install()
        self.abstract = InertBrowser(self)
        self.abstract.setAccessibleName("Daily abstract")

        self.add_button = QPushButton("Add selected  (a)", self)
        self.tags_button = QPushButton("Add with tags…  (t)", self)
        self.skip_button = QPushButton("Skip  (s)", self)
        self.add_all_button = QPushButton("Add all", self)

        nav = QHBoxLayout()
        for widget in (self.prev_button, self.date_edit, self.next_button, self.today_button,
                       self.fetch_button):
            nav.addWidget(widget)
        nav.addSpacing(12)
        nav.addWidget(self.hf_box)
        nav.addWidget(self.arxiv_box)
        nav.addSpacing(12)
        nav.addWidget(self.ranker.sort_box)
        nav.addWidget(self.filter_edit, 1)
        self.filter_edit.setMinimumWidth(80)
        buttons = QHBoxLayout()
        for widget in (self.add_button, self.tags_button, self.skip_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.add_all_button)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.abstract)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(nav)
        layout.addWidget(self.status)
        layout.addWidget(self.ranker.note)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

        self._set_date_widget()
        self.prev_button.clicked.connect(lambda: self.set_day(self.day - timedelta(days=1)))
        self.next_button.clicked.connect(lambda: self.set_day(self.day + timedelta(days=1)))
        self.today_button.clicked.connect(lambda: self.set_day(today_utc()))
        self.fetch_button.clicked.connect(self.fetch)
        self.date_edit.dateChanged.connect(self._on_date_edited)
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.table.doubleClicked.connect(lambda _i: self.open_current())
        self.add_button.clicked.connect(lambda: self.add_selected())
        self.tags_button.clicked.connect(self.add_selected_with_tags)
        self.skip_button.clicked.connect(self.skip_selected)
        self.add_all_button.clicked.connect(self.add_all)
        self.filter_edit.textChanged.connect(lambda _t: self._update_status())
        self.hf_box.toggled.connect(lambda _on: self._remember())
        self.arxiv_box.toggled.connect(lambda _on: self._remember())
        self.ranker.reshow.connect(lambda: self._show_list(self.ranker.daily))
        self.ranker.message.connect(self.message)
        self._shortcuts()
        self._restore()

    # ---- remembered across restarts ------------------------------------------------

    def _restore(self) -> None:
        if self.ui_state is None:
            return
        sources = self.ui_state.text(DAILY_SOURCES, "hf,arxiv").split(",")
        try:
            day = date.fromisoformat(self.ui_state.text(DAILY_DAY, ""))
        except ValueError:
            day = today_utc()
        if day <= today_utc():
            self.day = day
            self._set_date_widget()
        if {"hf", "arxiv"} & set(sources):  # never restore "no source at all"
            self.hf_box.setChecked("hf" in sources)
            self.arxiv_box.setChecked("arxiv" in sources)

    def _remember(self) -> None:
        if self.ui_state is not None:
            self.ui_state.set_text(DAILY_SOURCES, ",".join(self._sources()))
            self.ui_state.set_text(DAILY_DAY, self.day.isoformat())

    @Slot(int)
    def _on_header_clicked(self, _section: int) -> None:
        self._user_sorted = True
        self.table.horizontalHeader().setSortIndicatorShown(True)

    def _shortcuts(self) -> None:
        table = self.table
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for key, slot in (
            ("J", lambda: self.move(1)), ("K", lambda: self.move(-1)),
            ("A", lambda: self.add_selected()), ("S", self.skip_selected),
            ("T", self.add_selected_with_tags), ("O", self.open_current),
            ("Return", self.show_abstract), ("Enter", self.show_abstract),
        ):
            QShortcut(QKeySequence(key), table, slot, context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence("Alt+Left"), self, self.prev_button.click, context=context)
        QShortcut(QKeySequence("Alt+Right"), self, self.next_button.click, context=context)
        QShortcut(QKeySequence("F5"), self, self.fetch, context=context)

    # ---- days --------------------------------------------------------------------------

    def activate(self) -> None:
        """The panel became visible: show the day (fetching it once if never fetched)."""
        self.show_day(fetch_if_missing=True)
        self.table.setFocus()

    def set_day(self, day: date) -> None:
        if day > today_utc():
            self.status.setText("There are no papers from the future yet.")
            return
        self.day = day
        self._error = ""
        self._set_date_widget()
        self._remember()
        self.show_day(fetch_if_missing=True)

    def _set_date_widget(self) -> None:
        self.date_edit.blockSignals(True)
        today = QDate(*today_utc().timetuple()[:3])
        self.date_edit.setMaximumDate(today)
        self.date_edit.setDate(QDate(self.day.year, self.day.month, self.day.day))
        self.date_edit.blockSignals(False)
        self.next_button.setEnabled(self.day < today_utc())
        self._grey_out_future(today)

    def _grey_out_future(self, today: QDate) -> None:
        """Days after today cannot be picked; make them look like it (Qt draws them normally)."""
        calendar = self.date_edit.calendarWidget()
        grey = QTextCharFormat()
        grey.setForeground(self.palette().color(self.palette().ColorGroup.Disabled,
                                                self.palette().ColorRole.Text))
        grey.setToolTip("No list yet: this day is in the future")
        for n in range(1, FUTURE_SHOWN + 1):
            calendar.setDateTextFormat(today.addDays(n), grey)

    @Slot(QDate)
    def _on_date_edited(self, qdate: QDate) -> None:
        self.set_day(date(qdate.year(), qdate.month(), qdate.day()))

    def show_day(self, *, fetch_if_missing: bool = False) -> None:
        try:
            cached = self.service.daily.cached(self.day)
        except UserError as exc:
            self._show_error(str(exc))
            return
        if cached is None:
            self.model.set_items([])
            self._listing = None
            self.summary_changed.emit(f"Daily papers, {self.day.isoformat()}: none fetched yet")
            self.abstract.clear()
            if fetch_if_missing and self.day not in self._auto_fetched:
                self._auto_fetched.add(self.day)
                self.fetch()
            elif self._error:
                self._update_status()
            else:
                self.status.setText(f"{self._day_text()}: not fetched yet. Press Fetch (F5).")
            return
        self._show_list(cached)

    def _day_text(self) -> str:
        return day_text(self.day)

    def _show_list(self, daily: Any) -> None:
        current = self._current_item()
        self.model.set_items(self.ranker.arrange(daily))
        header = self.table.horizontalHeader()
        if self._user_sorted:
            self.proxy.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        else:
            self.proxy.sort(-1)  # the list's own order: upvotes, then arXiv
        if daily.fetched and not self._error:
            self.recovered.emit()
        self._listing = daily
        self._update_status()
        self._select_item(current)

    def _update_status(self) -> None:
        """The info line and the status-bar summary for the list shown."""
        daily, shown = self._listing, self.proxy.rowCount()
        self.status.setText(status_html(self.day, daily, shown=shown, filtering=bool(self.proxy.words),
                                        sources=self._sources(), error=self._error))
        self.summary_changed.emit(summary_text(self.day, daily, shown))
        self.status.setToolTip(self.status.text() if len(self.status.text()) > 200 else "")
        self._update_add_all()

    def _update_add_all(self) -> None:
        shown = self.proxy.rowCount()
        total = self.model.rowCount()
        self.add_all_button.setEnabled(shown > 0)
        self.add_all_button.setText(
            f"Add the {shown} shown" if self.proxy.words and shown < total else "Add all")
        self.add_all_button.setToolTip(
            "Adds only the papers the filter shows" if self.proxy.words else
            "Adds every paper of the day to your queue")

    def refresh_marks(self) -> None:
        """Library changed: update the in-library marks from the cache (no network)."""
        if self.isVisible():
            self.show_day()

    def _sources(self) -> tuple[str, ...]:
        sources = []
        if self.hf_box.isChecked():
            sources.append("hf")
        if self.arxiv_box.isChecked():
            sources.append("arxiv")
        return tuple(sources)

    @Slot()
    def fetch(self) -> None:
        if self._fetching:
            # Another day's fetch is finishing: fetch this day when it has
            # (dropping it left the new day showing the old day's status).
            self._fetch_again = self._fetch_again or self.day != self._fetching_day
            return
        sources = self._sources()
        if not sources:
            self.status.setText("Choose at least one source (Hugging Face or arXiv).")
            return
        self._fetching = True
        self._fetching_day = day = self.day
        self.fetch_button.setEnabled(False)
        self.status.setText(f"{self._day_text()}: fetching…")
        worker = FunctionWorker(self.service.daily.fetch, day, sources, with_progress=True)
        worker.signals.result.connect(lambda daily, d=day: self._on_fetched(d, daily))
        worker.signals.failed.connect(lambda exc, tb, d=day: self._on_fetch_failed(d, exc, tb))
        worker.signals.finished.connect(self._on_fetch_finished)
        self.runner.start(worker)

    closing = False  # the window is closing: late worker results are dropped

    def _on_fetched(self, day: date, daily: Any) -> None:
        self.ranker.forget(day)  # fetched again: rank again (the model may have learnt since)
        if day == self.day and not self.closing:
            self._error = ""
            self._show_list(daily)

    def _on_fetch_failed(self, day: date, exc: object, details: str) -> None:
        if isinstance(exc, Cancelled) or self.closing:
            return  # the window is closing, or the user cancelled: nothing to say
        if not isinstance(exc, UserError):
            raise exc  # type: ignore[misc]  # a bug: the error dialog
        if day != self.day:
            return
        kept = " Showing what was fetched before." if self.model.items else ""
        self._show_error(f"Could not fetch {day.isoformat()}: {str(exc).rstrip('.')}.{kept}")

    def _show_error(self, text: str) -> None:
        self._error = text
        self._update_status()
        self.error.emit(text)

    @Slot()
    def _on_fetch_finished(self) -> None:
        self._fetching = False
        if self.closing:
            return
        self.fetch_button.setEnabled(True)
        if self._fetch_again:
            self._fetch_again = False
            if self._fetching_day != self.day:
                self.fetch()

    # ---- triage --------------------------------------------------------------------------

    def _current_item(self) -> Any:
        index = self.table.currentIndex()
        return index.data(ITEM_ROLE) if index.isValid() else None

    def _selected_items(self) -> list[Any]:
        rows = self.table.selectionModel().selectedRows()
        items = [r.data(ITEM_ROLE) for r in sorted(rows, key=lambda r: r.row())]
        if not items and (current := self._current_item()) is not None:
            items = [current]
        return items

    def _select_item(self, item: Any) -> None:
        if self.proxy.rowCount() == 0:
            return
        row = 0
        if item is not None:
            for r in range(self.proxy.rowCount()):
                if self.proxy.index(r, 0).data(ITEM_ROLE).arxiv_id == item.arxiv_id:
                    row = r
                    break
        self.table.selectRow(row)

    def move(self, step: int) -> None:
        rows = self.proxy.rowCount()
        if rows:
            row = self.table.currentIndex().row()
            self.table.selectRow(0 if row < 0 else max(0, min(rows - 1, row + step)))

    @Slot(QModelIndex, QModelIndex)
    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = current.data(ITEM_ROLE) if current.isValid() else None
        if item is None:
            self.abstract.clear()
            return
        extra = item.extra or {}
        parts = [f"<h3>{html.escape(clip(item.title, HEADER_CHARS))}</h3>",
                 f"<p>{html.escape(clip(', '.join(item.authors), HEADER_CHARS))}</p>"]
        links = [f'<a href="https://arxiv.org/abs/{item.arxiv_id}">arXiv:{item.arxiv_id}</a>']
        for key, label in (("github_repo", "Code"), ("project_page", "Project")):
            if extra.get(key):
                links.append(f'<a href="{html.escape(str(extra[key]), quote=True)}">{label}</a>')
        parts.append("<p>" + " · ".join(links) + "</p>")
        if extra.get("ai_summary"):
            parts.append(f"<p><i>{html.escape(clip(str(extra['ai_summary']), ABSTRACT_CHARS))}</i></p>")
        parts.append(f"<p>{html.escape(clip(item.abstract, ABSTRACT_CHARS))}</p>")
        self.abstract.setHtml("".join(parts))

    @Slot()
    def show_abstract(self) -> None:
        self.abstract.setFocus()

    @Slot()
    def open_current(self) -> None:
        item = self._current_item()
        if item is not None:
            url = f"https://arxiv.org/abs/{item.arxiv_id}"
            if not open_url(url):
                self._show_error(no_browser(url))

    def add_selected(self, tags: tuple[str, ...] = ()) -> None:
        items = self._selected_items()
        if not items:
            return
        try:
            report = self.service.daily.add(self.day, [i.arxiv_id for i in items], tags=tags)
        except UserError as exc:
            self._show_error(str(exc))
            return
        self.message.emit(f"{len(report.added)} added to your queue"
                          + (f", tagged {', '.join(tags)}" if tags else "") + ".")
        self.show_day()
        self.move(1)

    @Slot()
    def add_selected_with_tags(self) -> None:
        items = self._selected_items()
        if not items:
            return
        try:
            names = self.service.tags.names()
        except UserError:
            names = []
        suggested = self.ranker.suggest_tags(items)
        hint = ("\nSuggested by the nearest papers in your library: Enter accepts them, "
                "typing replaces them." if suggested else "")
        tags = ask_tags(self, "Add with tags",
                        f"Tags for {len(items)} paper{'s' if len(items) != 1 else ''} "
                        "(comma-separated, / for hierarchy):" + hint, names,
                        text=", ".join(suggested))
        if tags:
            self.add_selected(tuple(tags))

    @Slot()
    def skip_selected(self) -> None:
        items = self._selected_items()
        if not items:
            return
        try:
            self.service.daily.skip(self.day, [i.arxiv_id for i in items])
        except UserError as exc:
            self._show_error(str(exc))
            return
        self.show_day()
        self.move(1)

    @Slot()
    def add_all(self) -> None:
        """Adds what the list shows: with a filter typed, only the matching papers (and says so)."""
        ids = [self.proxy.index(r, 0).data(ITEM_ROLE).arxiv_id for r in range(self.proxy.rowCount())]
        if not ids:
            return
        try:
            report = self.service.daily.add(self.day, ids)
        except UserError as exc:
            self._show_error(str(exc))
            return
        added = len(report.added)
        text = f"Added {added} paper{'s' if added != 1 else ''} from {self.day.isoformat()}"
        if self.proxy.words and len(ids) < self.model.rowCount():
            others = self.model.rowCount() - len(ids)
            text += (f": only the {len(ids)} matching the filter "
                     f"“{self.filter_edit.text().strip()}”; {others} others were not added")
        already = len(ids) - added
        if already > 0:
            text += f" ({already} already in the library)"
        self.message.emit(text + ".")
        self.show_day()
