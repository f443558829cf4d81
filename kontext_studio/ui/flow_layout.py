"""A layout that lays its widgets out in rows, as many to a row as fit, and starts another
row for the rest: a row of buttons whose words grow with the font (15 pt) no longer sets a
minimum width that adds up to more than an 800 px screen. Its minimum width is that of its
widest widget; its height follows its width (heightForWidth)."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Widgets in rows of as many as fit, each row's spare width shared among its widgets
    when ``justify`` (a row of equal buttons keeps filling the width, as a box layout did),
    else given to those of them that expand (a progress bar, a line edit: as a box layout
    gives it), or else left before the row, after it or either side of it, as ``align``
    says. With ``even_rows`` every row holds as many: four go 4, 2 + 2 or one to a row,
    never 3 + 1 (the Statistics' numbers, a lone one under three read as a footnote)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        spacing: int = 4,
        justify: bool = False,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        even_rows: bool = False,
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._height_for: tuple[int, int] | None = None
        """The last width asked of :meth:`heightForWidth` and its answer: Qt asks it again
        and again for one width while a window is laid out (~200 times at start)."""
        self._justify = justify
        self._align = align
        self._even_rows = even_rows
        self.setSpacing(spacing)
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self._height_for = None

    def insert_widget(self, index: int, widget: QWidget) -> None:
        """Put ``widget`` at ``index`` among the items. Added as any is (Qt makes its item,
        and owns it), then moved there."""
        self.addWidget(widget)
        self._items.insert(index, self._items.pop())
        self.invalidate()

    def count(self) -> int:
        return len(self._living())

    def itemAt(self, index: int) -> QLayoutItem | None:
        items = self._living()
        return items[index] if 0 <= index < len(items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        self._height_for = None
        items = self._living()
        return items.pop(index) if 0 <= index < len(items) else None

    def invalidate(self) -> None:
        """An item's size hint or visibility changed: the heights asked before are stale."""
        self._height_for = None
        super().invalidate()

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if self._height_for is None or self._height_for[0] != width:
            self._height_for = (width, self._arrange(QRect(0, 0, width, 0), move=False))
        return self._height_for[1]

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """All in one row."""
        shown = self._shown()
        margins = self.contentsMargins()
        width = sum(item.sizeHint().width() for item in shown)
        width += self.spacing() * max(len(shown) - 1, 0)
        height = max((item.sizeHint().height() for item in shown), default=0)
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:
        """One widget to a row: as wide as the widest."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _offset(self, spare: int) -> int:
        """How far a row starts from the left, given the width it leaves."""
        if self._justify or self._align == Qt.AlignmentFlag.AlignLeft:
            return 0
        return spare // 2 if self._align == Qt.AlignmentFlag.AlignHCenter else spare

    def _living(self) -> list[QLayoutItem]:
        """The items, less those Qt has deleted. A dialog let go of and collected deletes
        its widgets one by one, and Qt their items, before this layout: the layout, asked
        its size as each went, read a deleted item and printed "Internal C++ object
        (QWidgetItem) already deleted" each time."""
        if not all(shiboken6.isValid(item) for item in self._items):
            self._items = [item for item in self._items if shiboken6.isValid(item)]
            self._height_for = None
        return self._items

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._living() if not item.isEmpty()]

    def _rows(self, width: int) -> list[list[QLayoutItem]]:
        if self._even_rows:
            return self._even(width)
        rows: list[list[QLayoutItem]] = []
        used = 0
        for item in self._shown():
            wanted = item.sizeHint().width()
            if rows and used + self.spacing() + wanted <= width:
                rows[-1].append(item)
                used += self.spacing() + wanted
            else:
                rows.append([item])
                used = wanted
        return rows

    def _even(self, width: int) -> list[list[QLayoutItem]]:
        """Rows of the most items that divide them evenly and whose every row fits."""
        shown = self._shown()
        for per_row in range(len(shown), 1, -1):
            if len(shown) % per_row:
                continue
            rows = [shown[start : start + per_row] for start in range(0, len(shown), per_row)]
            if all(self._row_width(row) <= width for row in rows):
                return rows
        return [[item] for item in shown]

    def _row_width(self, row: list[QLayoutItem]) -> int:
        return sum(item.sizeHint().width() for item in row) + self.spacing() * (len(row) - 1)

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place the items in ``rect`` (when ``move``); return the height they take."""
        margins = self.contentsMargins()
        inner = rect.marginsRemoved(margins)
        y = inner.y()
        for row in self._rows(inner.width()):
            widths = [min(item.sizeHint().width(), inner.width()) for item in row]
            spare = inner.width() - sum(widths) - self.spacing() * (len(row) - 1)
            growing = [
                i
                for i, item in enumerate(row)
                if self._justify or item.expandingDirections() & Qt.Orientation.Horizontal
            ]
            if growing and spare > 0:
                for place, i in enumerate(growing):
                    widths[i] += spare // len(growing) + (place < spare % len(growing))
                spare = 0
            height = max(_height(item, width) for item, width in zip(row, widths, strict=True))
            x = inner.x() + self._offset(max(spare, 0))
            for item, width in zip(row, widths, strict=True):
                if move:
                    item.setGeometry(QRect(QPoint(x, y), QSize(width, height)))
                x += width + self.spacing()
            y += height + self.spacing()
        taken = y - inner.y() - (self.spacing() if y > inner.y() else 0)
        return taken + margins.top() + margins.bottom()


def _height(item: QLayoutItem, width: int) -> int:
    """``item``'s height at ``width``: a label whose words wrap takes more lines where it is
    narrower than its words."""
    return item.heightForWidth(width) if item.hasHeightForWidth() else item.sizeHint().height()
