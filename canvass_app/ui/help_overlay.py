"""The keyboard help (F1 or ?): every shortcut the window has, read from its actions."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class ShortcutHelpDialog(QDialog):
    """A table of (keys, action), closed with Esc or the button."""

    def __init__(self, rows: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.resize(620, 640)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Everything on the door screen works from the keyboard. Tab moves between areas."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(rows), 2)
        self.table.setAccessibleName(self.tr("Shortcuts"))
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Does")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, (keys, does) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(does))
        layout.addWidget(self.table, 1)
        close = QPushButton(self.tr("Close"))
        close.setAccessibleName(self.tr("Close the shortcut list"))
        close.setDefault(True)
        close.clicked.connect(self.accept)
        layout.addWidget(close)

    def rows(self) -> list[tuple[str, str]]:
        found = []
        for row in range(self.table.rowCount()):
            keys = self.table.item(row, 0)
            does = self.table.item(row, 1)
            found.append((keys.text() if keys else "", does.text() if does else ""))
        return found
