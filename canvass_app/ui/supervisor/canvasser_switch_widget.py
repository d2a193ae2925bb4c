"""Quick switching between canvassers who share this laptop.

A combo box of everyone known on this laptop plus a field to add someone new. Picking a
name makes them the current canvasser (``services.people.switch_canvasser``) so that the
next visit is attributed to them; ``canvasser_switched`` tells the rest of the window.
"""

from __future__ import annotations

import sqlite_utils
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from canvass_app.core.errors import CanvassError
from canvass_app.services import people
from canvass_app.ui.i18n import render


class CanvasserSwitchWidget(QWidget):
    """Who is knocking now: pick a name, or type a new one and press Add."""

    canvasser_switched = Signal(str)  # canvasser id

    def __init__(self, db: sqlite_utils.Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.setAccessibleName(self.tr("Current canvasser"))
        self.combo = QComboBox()
        self.combo.setAccessibleName(self.tr("Canvasser on this laptop"))
        self.combo.setMinimumHeight(36)
        self.new_edit = QLineEdit()
        self.new_edit.setPlaceholderText(self.tr("New canvasser's name"))
        self.new_edit.setAccessibleName(self.tr("New canvasser's name"))
        self.new_edit.setMinimumHeight(36)
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setAccessibleName(self.tr("Add canvasser"))
        self.add_button.setMinimumHeight(36)
        self.message = QLabel()
        self.message.setStyleSheet("color: #B00020;")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Canvasser:")))
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.new_edit, 1)
        layout.addWidget(self.add_button)
        layout.addWidget(self.message)
        self.reload()
        self.combo.activated.connect(self._on_combo_activated)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.new_edit.returnPressed.connect(self._on_add_clicked)

    def reload(self) -> None:
        current = people.current_canvasser(self._db)
        self.combo.blockSignals(True)
        self.combo.clear()
        for person in people.known_canvassers(self._db):
            self.combo.addItem(person.display_name, person.canvasser_id)
        index = self.combo.findData(current) if current else -1
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)

    @property
    def current(self) -> str | None:
        value = self.combo.currentData()
        return str(value) if value else None

    def switch_to(self, canvasser_id: str) -> None:
        try:
            person = people.switch_canvasser(self._db, canvasser_id)
        except CanvassError as error:
            self.message.setText(render(error.message))
            return
        self.message.clear()
        self.reload()
        self.canvasser_switched.emit(person.canvasser_id)

    def _on_combo_activated(self, index: int) -> None:
        value = self.combo.itemData(index)
        if value:
            self.switch_to(str(value))

    def _on_add_clicked(self) -> None:
        name = self.new_edit.text()
        self.switch_to(name)
        if not self.message.text():
            self.new_edit.clear()
