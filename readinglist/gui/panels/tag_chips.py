"""Tags drawn as small coloured chips in the paper table, like labels on issues."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from readinglist.gui.models.paper_table import TAGS_ROLE

PAD_X, GAP, RADIUS = 5, 4, 4


def _text_color(background: QColor) -> QColor:
    luminance = 0.299 * background.red() + 0.587 * background.green() + 0.114 * background.blue()
    return QColor("#101010") if luminance > 150 else QColor("#ffffff")


class TagChipDelegate(QStyledItemDelegate):
    def __init__(self, colors: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colors = colors  # lower-cased tag name -> "#rrggbb"; updated by the window

    def color_for(self, tag: str, palette: QPalette) -> QColor:
        parts = tag.lower().split("/")
        for i in range(len(parts), 0, -1):  # a child without a colour takes its parent's
            color = self.colors.get("/".join(parts[:i]))
            if color:
                return QColor(color)
        return palette.color(QPalette.ColorRole.Mid)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        tags = index.data(TAGS_ROLE) or []
        style = option.widget.style() if option.widget else None
        if style is not None:
            # Background and selection as for any other cell, without the text.
            opt = QStyleOptionViewItem(option)
            self.initStyleOption(opt, index)
            opt.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)
        if not tags:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(option.font)
        height = metrics.height() + 2
        rect = option.rect.adjusted(3, 0, -3, 0)
        y = rect.top() + (rect.height() - height) / 2
        x = float(rect.left())
        for number, tag in enumerate(tags):
            label = tag.rsplit("/", 1)[-1] if "/" in tag else tag
            width = metrics.horizontalAdvance(label) + 2 * PAD_X
            remaining = len(tags) - number
            if x + width > rect.right() - (0 if remaining == 1 else 18):
                more = f"+{remaining}"
                painter.setPen(option.palette.color(QPalette.ColorRole.Text))
                painter.drawText(QRectF(x, y, rect.right() - x, height),
                                 int(Qt.AlignmentFlag.AlignVCenter), more)
                break
            background = self.color_for(tag, option.palette)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(background)
            painter.drawRoundedRect(QRectF(x, y, width, height), RADIUS, RADIUS)
            painter.setPen(_text_color(background))
            painter.drawText(QRectF(x, y, width, height), int(Qt.AlignmentFlag.AlignCenter), label)
            x += width + GAP
        painter.restore()
