"""Quick switching between canvassers who share this laptop.

A combo box of everyone known on this laptop and a button to add someone. Picking a name
makes them the current canvasser (``services.people.switch_canvasser``) so that the next
visit is attributed to them, after their PIN (or the supervisor's) when the supervisor
turned own PINs on; adding someone needs the supervisor PIN (``AddCanvasserDialog``).
``canvasser_switched`` tells the rest of the window.
"""

from __future__ import annotations

import sqlite_utils
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from canvass_app.core.errors import CanvassError
from canvass_app.services import people
from canvass_app.ui.i18n import render
from canvass_app.ui.supervisor.canvasser_dialogs import AddCanvasserDialog, SwitchPinDialog


class CanvasserSwitchWidget(QWidget):
    """Who is knocking now: pick a name (with a PIN if needed), or add someone."""

    canvasser_switched = Signal(str)  # canvasser id

    def __init__(self, db: sqlite_utils.Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.dialog: AddCanvasserDialog | SwitchPinDialog | None = None  # the one open
        self.setAccessibleName(self.tr("Current canvasser"))
        self.combo = QComboBox()
        self.combo.setAccessibleName(self.tr("Canvasser on this laptop"))
        self.combo.setMinimumHeight(36)
        self.combo.setMinimumWidth(200)
        self.add_button = QPushButton(self.tr("Add…"))
        self.add_button.setAccessibleName(self.tr("Add canvasser"))
        self.add_button.setToolTip(self.tr("Adding a canvasser needs the supervisor PIN"))
        self.add_button.setMinimumHeight(36)
        self.message = QLabel()
        self.message.setStyleSheet("color: #B00020;")
        self.message.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Canvasser:")))
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.add_button)
        layout.addWidget(self.message, 1)
        self.reload()
        self.combo.activated.connect(self._on_combo_activated)
        self.add_button.clicked.connect(self._on_add_clicked)

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
        """Switch at once, or open the PIN dialog when the switch needs one."""
        person = next(
            (p for p in people.known_canvassers(self._db) if p.canvasser_id == canvasser_id),
            None,
        )
        if person is not None and people.switch_needs(self._db, canvasser_id) is not (
            people.SwitchNeeds.NOTHING
        ):
            self._open(SwitchPinDialog(self._db, person, self))
            return
        try:
            people.switch_canvasser(self._db, canvasser_id)
        except CanvassError as error:
            self.message.setText(render(error.message))
            self.reload()
            return
        self._switched()

    def _open(self, dialog: AddCanvasserDialog | SwitchPinDialog) -> None:
        self.dialog = dialog
        dialog.accepted.connect(self._switched)
        dialog.rejected.connect(self.reload)  # the combo shows who is current again
        dialog.open()

    def _switched(self) -> None:
        self.message.clear()
        self.reload()
        current = people.current_canvasser(self._db)
        if current:
            self.canvasser_switched.emit(current)

    def _on_combo_activated(self, index: int) -> None:
        value = self.combo.itemData(index)
        if value:
            self.switch_to(str(value))

    def _on_add_clicked(self) -> None:
        self._open(AddCanvasserDialog(self._db, parent=self))
