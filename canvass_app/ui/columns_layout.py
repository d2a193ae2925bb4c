"""A layout of equal columns: as many as the widest item allows in the width given.

The survey's options and choices use it so they are all on screen at the door: two
options side by side, six in two rows of three, five short choices in one row, and one
column on a narrow pane. Rows are balanced (6 in 3+3, not 4+2) and all rows share the
height of the tallest item, so a grid of buttons reads as one block.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class ColumnsLayout(QLayout):
    """Items in balanced rows of equal columns (at most ``max_columns``)."""

    def __init__(
        self, parent: QWidget | None = None, *, max_columns: int = 0, spacing: int = 6
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.max_columns = max_columns  # 0: as many as fit
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    # --- QLayout ---------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if not 0 <= index < len(self._items):
            return None
        item = self._items.pop(index)
        self.invalidate()
        return item

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._height(self._rows(width))

    def sizeHint(self) -> QSize:
        count = len(self._visible())
        if not count:
            return QSize(0, 0)
        columns = min(count, self.max_columns or count)
        width = columns * self._cell().width() + (columns - 1) * self.spacing()
        return self._with_margins(QSize(width, self._height(math.ceil(count / columns))))

    def minimumSize(self) -> QSize:
        count = len(self._visible())
        if not count:
            return QSize(0, 0)
        # one column is the narrowest; the height comes from heightForWidth, never below a row
        widest = max(item.minimumSize().width() for item in self._visible())
        return self._with_margins(QSize(widest, self._height(1)))

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        area = rect.marginsRemoved(self.contentsMargins())
        items = self._visible()
        if not items:
            return
        columns = self.columns_for(area.width())
        spacing = self.spacing()
        cell_width = max(1, (area.width() - (columns - 1) * spacing) // columns)
        cell_height = self._cell().height()
        for index, item in enumerate(items):
            row, column = divmod(index, columns)
            item.setGeometry(
                QRect(
                    area.x() + column * (cell_width + spacing),
                    area.y() + row * (cell_height + spacing),
                    cell_width,
                    cell_height,
                )
            )

    # --- the arithmetic ----------------------------------------------------------------

    def columns_for(self, width: int) -> int:
        """How many columns the items get in ``width`` (rows balanced)."""
        count = len(self._visible())
        if not count:
            return 1
        margins = self.contentsMargins()
        width -= margins.left() + margins.right()
        spacing = self.spacing()
        fit = max(1, (width + spacing) // (self._cell().width() + spacing))
        columns = min(count, fit, self.max_columns or count)
        rows = math.ceil(count / columns)
        return math.ceil(count / rows)

    def _rows(self, width: int) -> int:
        count = len(self._visible())
        return math.ceil(count / self.columns_for(width)) if count else 0

    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _cell(self) -> QSize:
        cell = QSize(1, 1)
        for item in self._visible():
            cell = cell.expandedTo(item.sizeHint()).expandedTo(item.minimumSize())
        return cell

    def _height(self, rows: int) -> int:
        if rows <= 0:
            return 0
        margins = self.contentsMargins()
        return (
            margins.top()
            + margins.bottom()
            + rows * self._cell().height()
            + (rows - 1) * self.spacing()
        )

    def _with_margins(self, size: QSize) -> QSize:
        margins = self.contentsMargins()
        return QSize(size.width() + margins.left() + margins.right(), size.height())
