"""The Daily panel's "For you" part: sort choice, score bands, why-lines, mute menu.

Ranking runs in a worker (it may retrain the model first); until it comes
back the list shows in upvote or list order. A day keeps its ranking while
the user triages it, so rows never jump under the cursor after an add or a
skip; the model learns from them for the next day (or the next Fetch).
Mute rules apply at once, without re-ranking: they only hide rows.
"""

from __future__ import annotations

import html
from typing import Any

import shiboken6
from PySide6.QtCore import QModelIndex, QObject, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHelpEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QInputDialog,
    QLabel,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from readinglist.core.errors import UserError
from readinglist.core.recommend.results import (
    BANDS,
    FOR_YOU_MIN_PAPERS,
    Ranking,
    band_mark,
    default_sort,
    ordered,
)
from readinglist.gui.models.daily_list import ITEM_ROLE  # the DailyItem of a row
from readinglist.gui.workers import FunctionWorker

SORT_NAMES = {"for-you": "For you", "upvotes": "Upvotes", "list": "List order"}
BAND_COLORS = ("#9e9e9e", "#c7a008", "#43a047", "#1e88e5")  # weak, fair, good, strong


class DailyRanker(QObject):
    """Owns the day's ranking; the panel asks it for the order of the rows.

    Signals:
        reshow(): the order or the why-lines changed; show the list again.
        message(str): something to tell the user (e.g. "Muted …").
    """

    reshow = Signal()
    message = Signal(str)

    def __init__(self, panel: Any, *, title_column: int) -> None:
        super().__init__(panel)
        self.panel = panel
        self.title_column = title_column
        self.service = panel.service
        self.daily: Any = None  # the DailyList last arranged
        self.ranking: Ranking | None = None
        self._key: tuple[Any, ...] | None = None  # (day, ids) the ranking is for
        self._pending: tuple[Any, ...] | None = None
        self._positives: int | None = None  # from the last ranking: picks the default sort
        self._user_sort: str | None = None
        self._muted: dict[str, str] = {}

        self.sort_box = QComboBox(panel)
        self.sort_box.setAccessibleName("Daily sort")
        self.sort_box.setToolTip("For you: by a model of your own library (trained on this "
                                 "machine); Upvotes: Hugging Face upvotes; List order: as listed")
        for key, name in SORT_NAMES.items():
            self.sort_box.addItem(name, key)
        self.sort_box.activated.connect(self._on_sort_chosen)
        self.note = QLabel(panel)
        self.note.setAccessibleName("Daily ranking note")
        self.note.setWordWrap(True)
        self.delegate = WhyDelegate(self, panel.table)

    def install(self) -> None:
        """Hook into the panel's table: two-line rows, the why-line painter, the context menu."""
        table = self.panel.table
        table.setItemDelegateForColumn(self.title_column, self.delegate)
        table.verticalHeader().setDefaultSectionSize(self.delegate.row_height())
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    # ---- order --------------------------------------------------------------------------

    def sort(self) -> str:
        if self._user_sort:
            return self._user_sort
        if self.ranking is not None:
            return default_sort(self.ranking)
        enough = (self._positives or 0) >= FOR_YOU_MIN_PAPERS
        return "for-you" if enough else "upvotes"

    def arrange(self, daily: Any) -> list[Any]:
        """The day's items to show, in the chosen order, muted ones left out."""
        self.daily = daily
        items = list(daily.items)
        key = (daily.day, tuple(sorted(i.arxiv_id for i in items)))
        if key != self._key:
            self.ranking = None
            if key != self._pending and items:
                self._request(key, items)
        try:
            rules = self.service.daily.mute_rules()
        except UserError:
            rules = None
        self._muted = {i.arxiv_id: r for i in items
                       if rules is not None and (r := rules.reason(i)) is not None}
        ranking = self.ranking or Ranking([i.arxiv_id for i in items])
        sort = self.sort()
        self.sort_box.setCurrentIndex(max(0, self.sort_box.findData(sort)))
        self._update_note(sort, len(items))
        return ordered(items, sort if self.ranking or sort != "for-you" else "list", ranking,
                       self._muted)

    def ranked(self, arxiv_id: str) -> Any:
        return self.ranking.by_id.get(arxiv_id) if self.ranking else None

    def forget(self, day: Any) -> None:
        """The next arrange of ``day`` ranks it again."""
        if self._key is not None and self._key[0] == day:
            self._key = None

    def invalidate(self) -> None:
        """Rank the shown day again (e.g. after the model was retrained)."""
        self._key = self._pending = None
        if self.daily is not None:
            self.reshow.emit()

    def _request(self, key: tuple[Any, ...], items: list[Any]) -> None:
        self._pending = key
        worker = FunctionWorker(self.service.daily.rank, items, mute=False)
        worker.signals.result.connect(lambda ranking, k=key: self._on_ranked(k, ranking))
        worker.signals.failed.connect(lambda exc, tb, k=key: self._on_failed(k, exc))
        self.panel.runner.start(worker)

    def _on_ranked(self, key: tuple[Any, ...], ranking: Ranking) -> None:
        if key != self._pending or not shiboken6.isValid(self):
            return  # the user moved on to another day meanwhile (or closed the window)
        self._pending = None
        self._key = key
        self.ranking = ranking
        self._positives = ranking.positives
        self.reshow.emit()

    def _on_failed(self, key: tuple[Any, ...], exc: object) -> None:
        if not shiboken6.isValid(self):
            return
        if key == self._pending:
            self._pending = None
            self._key = key  # do not ask again for this day; show why
        if not isinstance(exc, (UserError, OSError, ValueError)):
            raise exc  # type: ignore[misc]  # a bug: the error dialog
        self.note.setText(f"Could not rank for you: {exc}")

    def _on_sort_chosen(self, index: int) -> None:
        self._user_sort = str(self.sort_box.itemData(index))
        self.panel._user_sorted = False  # a header click sorted by a column; this undoes it
        self.panel.table.horizontalHeader().setSortIndicatorShown(False)
        if self.daily is not None:
            self.reshow.emit()

    def _update_note(self, sort: str, count: int) -> None:
        parts = []
        if self.ranking is None and self._pending is not None:
            parts.append("Ranking for you…")
        elif sort == "for-you":
            n = self.ranking.positives if self.ranking else 0
            parts.append(f"For you: ranked by what you keep ({n} papers in your library, "
                         "and what you skip). Hover a row for the reason.")
        elif self._user_sort is None and self.ranking is not None:
            parts.append(f"By upvotes: “For you” starts once your library has "
                         f"{FOR_YOU_MIN_PAPERS} papers (it has {self.ranking.positives}).")
        if self._muted:
            reasons = sorted(set(self._muted.values()))
            more = f" and {len(reasons) - 3} more" if len(reasons) > 3 else ""
            parts.append(f"{len(self._muted)} of {count} muted ({'; '.join(reasons[:3])}{more}); "
                         "rules in Settings.")
        self.note.setText(" ".join(parts))
        self.note.setVisible(bool(parts))

    # ---- suggested tags -------------------------------------------------------------------

    def suggest_tags(self, items: list[Any]) -> list[str]:
        """Tags of the library papers nearest to ``items`` (from the stored model: instant)."""
        try:
            return self.service.daily.recommender.suggest_tags_many(
                [(i.title, i.abstract) for i in items])
        except (UserError, OSError, ValueError):
            return []

    # ---- mute rules ---------------------------------------------------------------------

    def _context_menu(self, pos: QPoint) -> None:
        index = self.panel.table.indexAt(pos)
        item = index.data(ITEM_ROLE) if index.isValid() else None
        if item is None:
            return
        menu = self.mute_menu(item, self.panel.table)
        menu.exec(self.panel.table.viewport().mapToGlobal(pos))

    def mute_menu(self, item: Any, parent: QWidget) -> QMenu:
        menu = QMenu(parent)
        authors = menu.addMenu("Mute author")
        for name in item.authors[:12]:
            authors.addAction(name, lambda n=name: self.mute("author", n))
        authors.setEnabled(bool(item.authors))
        if item.primary_category:
            menu.addAction(f"Mute category {item.primary_category}",
                           lambda: self.mute("category", item.primary_category))
        menu.addAction("Mute a phrase…", lambda: self._ask_phrase(item))
        menu.addSeparator()
        menu.addAction("Hide cross-lists", lambda: self.mute("cross-lists"))
        menu.addAction("Hide replacements", lambda: self.mute("replacements"))
        return menu

    def _ask_phrase(self, item: Any) -> None:
        text, ok = QInputDialog.getText(self.panel, "Mute a phrase",
                                        "Hide papers whose title or abstract has this phrase:")
        if ok and text.strip():
            self.mute("phrase", text)

    def mute(self, kind: str, value: str = "") -> None:
        try:
            self.service.daily.add_mute_rule(kind, value)
        except UserError as exc:
            self.message.emit(str(exc))
            return
        what = {"cross-lists": "cross-lists hidden", "replacements": "replacements hidden"}.get(
            kind, f"muted {kind} {value.strip()}")
        self.message.emit(f"Daily papers: {what} (undo in Settings).")
        if self.daily is not None:
            self.reshow.emit()


class WhyDelegate(QStyledItemDelegate):
    """The title cell: score band and title on the first line, the why-line under it."""

    def __init__(self, ranker: DailyRanker, parent: QWidget) -> None:
        super().__init__(parent)
        self.ranker = ranker

    def row_height(self) -> int:
        view = self.parent()
        assert isinstance(view, QWidget)
        fm = view.fontMetrics()
        return fm.height() + self._small_metrics(view.font()).height() + 10

    @staticmethod
    def _small_font(font: QFont) -> QFont:
        small = QFont(font)
        size = font.pointSizeF()
        if size > 0:
            small.setPointSizeF(max(7.0, size * 0.86))
        return small

    def _small_metrics(self, font: QFont) -> QFontMetrics:
        return QFontMetrics(self._small_font(font))

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        return QSize(size.width(), self.row_height())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        item = index.data(ITEM_ROLE)
        ranked = self.ranker.ranked(item.arxiv_id) if item is not None else None
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_color = opt.palette.highlightedText().color() if selected else (
            index.data(Qt.ItemDataRole.ForegroundRole) or opt.palette.text().color())
        if not isinstance(text_color, QColor):
            text_color = QColor(text_color)
        rect = opt.rect.adjusted(6, 3, -6, -3)
        fm = QFontMetrics(opt.font)
        small = self._small_font(opt.font)
        sfm = QFontMetrics(small)
        painter.save()
        x = rect.left()
        top = QRect(rect.left(), rect.top(), rect.width(), fm.height())
        if ranked is not None:
            mark = band_mark(ranked.band)
            painter.setFont(opt.font)
            painter.setPen(QColor(BAND_COLORS[ranked.band]) if not selected else text_color)
            painter.drawText(top, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             mark)
            x += fm.horizontalAdvance(mark) + fm.horizontalAdvance("  ")
        painter.setPen(text_color)
        painter.setFont(opt.font)
        title_rect = QRect(x, rect.top(), rect.right() - x, fm.height())
        painter.drawText(title_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         fm.elidedText(title, Qt.TextElideMode.ElideRight, title_rect.width()))
        why = ranked.why.text() if ranked is not None else ""
        if why:
            faint = QColor(text_color)
            if not selected:
                faint = opt.palette.placeholderText().color()
            painter.setPen(faint)
            painter.setFont(small)
            why_rect = QRect(x, rect.top() + fm.height() + 2, rect.right() - x, sfm.height())
            painter.drawText(why_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             sfm.elidedText(why, Qt.TextElideMode.ElideRight, why_rect.width()))
        painter.restore()

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView,  # noqa: N802
                  option: QStyleOptionViewItem, index: QModelIndex) -> bool:
        item = index.data(ITEM_ROLE)
        ranked = self.ranker.ranked(item.arxiv_id) if item is not None else None
        if ranked is None:
            return super().helpEvent(event, view, option, index)
        lines = [f"<b>{html.escape(item.title)}</b>",
                 f"{BANDS[ranked.band].capitalize()} match for you (score {ranked.score:.2f})"]
        why = ranked.why
        if why.tag:
            lines.append(f"Closest tag: {html.escape(why.tag)}")
        if why.words:
            lines.append(f"Words that weighed most: {html.escape(', '.join(why.words))}")
        if why.like_title:
            lines.append(f"Most like: {html.escape(why.like_title)}"
                         f" ({html.escape(why.like_key)}, similarity {why.like_similarity:.2f})")
        QToolTip.showText(event.globalPos(), "<br>".join(lines), view)
        return True
