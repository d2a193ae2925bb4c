"""Adding a canvasser (the supervisor's, with the supervisor PIN) and the PIN asked when
switching to someone who has one. The rules are ``services.people``'s."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from canvass_app.core.errors import CanvassError
from canvass_app.services import people
from canvass_app.ui.i18n import render
from canvass_app.ui.supervisor.pin_dialog import button_row, pin_edit, problem_label


class AddCanvasserDialog(QDialog):
    """A new canvasser on this laptop: their name, their own PIN when own PINs are on,
    and the supervisor PIN that allows it."""

    def __init__(
        self, db: sqlite_utils.Database, name: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self.added: people.Canvasser | None = None
        self.setWindowTitle(self.tr("Add a canvasser"))
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(500)
        intro = QLabel(
            self.tr(
                "Only the supervisor adds canvassers: their visits are recorded under this name."
            )
        )
        intro.setWordWrap(True)
        self.name_edit = QLineEdit(name.strip())
        self.name_edit.setAccessibleName(self.tr("New canvasser's name"))
        self.name_edit.setMinimumHeight(36)
        self.own_pins_box = QCheckBox(
            self.tr("Canvassers on this laptop need their own PIN to switch in")
        )
        self.own_pins_box.setToolTip(
            self.tr(
                "For everyone on this laptop. A canvasser without a PIN of their own is "
                "then switched to with the supervisor PIN."
            )
        )
        self.own_pins_box.setChecked(people.own_pins_on(db))
        self.own_pin_edit = pin_edit(self.tr("The canvasser's own PIN"))
        self.own_pin_edit.setPlaceholderText(self.tr("6 to 12 digits, chosen by the canvasser"))
        self.own_repeat_edit = pin_edit(self.tr("Repeat the canvasser's own PIN"))
        self.supervisor_edit = pin_edit(self.tr("Supervisor PIN"))
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        self.message = problem_label(self.tr("Problem"))
        buttons, self.ok_button = button_row(self, self.tr("Add"))
        self.ok_button.clicked.connect(self._on_ok_clicked)
        self.form = QFormLayout()
        self.form.addRow(self.tr("Name:"), self.name_edit)
        self.form.addRow(self.own_pins_box)
        self.form.addRow(self.tr("Their own PIN:"), self.own_pin_edit)
        self.form.addRow(self.tr("Repeat it:"), self.own_repeat_edit)
        self.form.addRow(line)
        self.form.addRow(self.tr("Supervisor PIN:"), self.supervisor_edit)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.own_pins_box.toggled.connect(self._show_own_pin)
        self._show_own_pin(self.own_pins_box.isChecked())

    def _show_own_pin(self, on: bool) -> None:
        self.form.setRowVisible(self.own_pin_edit, on)
        self.form.setRowVisible(self.own_repeat_edit, on)
        self.adjustSize()

    def _on_ok_clicked(self) -> None:
        own = self.own_pins_box.isChecked()
        try:
            person = people.add_canvasser(
                self._db,
                self.name_edit.text(),
                supervisor_pin=self.supervisor_edit.text(),
                own_pin=self.own_pin_edit.text() if own else None,
                own_pin_repeat=self.own_repeat_edit.text() if own else None,
                own_pins=own,
                make_current=True,
            )
        except CanvassError as error:
            self.message.setText(render(error.message))
            for edit in (self.own_pin_edit, self.own_repeat_edit, self.supervisor_edit):
                edit.clear()
            return
        for edit in (self.own_pin_edit, self.own_repeat_edit, self.supervisor_edit):
            edit.clear()
        self.added = person
        self.accept()


class SwitchPinDialog(QDialog):
    """The PIN that lets someone switch to a canvasser: theirs, or the supervisor's."""

    def __init__(
        self, db: sqlite_utils.Database, person: people.Canvasser, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._person = person
        needs = people.switch_needs(db, person.canvasser_id)
        self.setWindowTitle(self.tr("Switch to {name}").format(name=person.display_name))
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(440)
        intro = QLabel(
            self.tr("Enter {name}'s PIN, or the supervisor PIN.").format(name=person.display_name)
            if needs is people.SwitchNeeds.OWN_OR_SUPERVISOR
            else self.tr("{name} has no PIN of their own yet: enter the supervisor PIN.").format(
                name=person.display_name
            )
        )
        intro.setWordWrap(True)
        self.pin_edit = pin_edit(self.tr("PIN"))
        self.supervisor_box = QCheckBox(self.tr("This is the supervisor PIN"))
        self.supervisor_box.setVisible(needs is people.SwitchNeeds.OWN_OR_SUPERVISOR)
        self.message = problem_label(self.tr("PIN message"))
        buttons, self.ok_button = button_row(self, self.tr("Switch"))
        self.ok_button.clicked.connect(self._on_ok_clicked)
        form = QFormLayout()
        form.addRow(self.tr("PIN:"), self.pin_edit)
        form.addRow(self.supervisor_box)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def _on_ok_clicked(self) -> None:
        try:
            people.switch_canvasser(
                self._db,
                self._person.canvasser_id,
                pin=self.pin_edit.text(),
                supervisor=self.supervisor_box.isChecked(),
            )
        except CanvassError as error:
            self.message.setText(render(error.message))
            self.pin_edit.clear()
            return
        self.pin_edit.clear()
        self.accept()
