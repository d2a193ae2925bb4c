"""The supervisor PIN: chosen when the laptop is set up, entered to open supervisor mode.

``SetUpLaptopDialog`` is the first start's step (the app opens nothing before it);
``SupervisorPinDialog`` only checks the PIN, and asks for a new one when the old one is
from before six-digit PINs. Checking, hashing and the lockout are in ``services.people``;
these dialogs show what it says, in words, and keep no PIN after they close.
"""

from __future__ import annotations

import sqlite_utils
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from canvass_app.core.errors import CanvassError
from canvass_app.services import people
from canvass_app.ui.i18n import render


def pin_edit(accessible_name: str) -> QLineEdit:
    """A PIN field: hidden as typed, digits only, at most twelve."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
    edit.setMaxLength(people.MAX_PIN_DIGITS)
    edit.setAccessibleName(accessible_name)
    edit.setMinimumHeight(36)
    edit.setMinimumWidth(220)
    return edit


def problem_label(accessible_name: str) -> QLabel:
    """Where a dialog says what went wrong (red, bold, wrapped)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #B00020; font-weight: bold;")
    label.setAccessibleName(accessible_name)
    return label


def button_row(dialog: QDialog, ok_text: str) -> tuple[QHBoxLayout, QPushButton]:
    """Cancel and the default button, right-aligned."""
    ok = QPushButton(ok_text)
    ok.setDefault(True)
    ok.setMinimumHeight(36)
    cancel = QPushButton(QCoreApplication.translate("PinDialogs", "Cancel"))
    cancel.setMinimumHeight(36)
    cancel.clicked.connect(dialog.reject)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(cancel)
    row.addWidget(ok)
    return row, ok


class SetUpLaptopDialog(QDialog):
    """The first start on a laptop: the supervisor chooses the PIN (typed twice), and
    whether canvassers have their own PIN. Canvass opens nothing else before this."""

    def __init__(self, db: sqlite_utils.Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.setWindowTitle(self.tr("Set up this laptop"))
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(520)
        intro = QLabel(
            self.tr(
                "<b>The supervisor sets up this laptop once.</b><br>Choose the supervisor "
                "PIN: 6 to 12 digits, not an easy one like 123456. It opens everyone's "
                "visits, adds canvassers and exports; canvassers should not know it."
            )
        )
        intro.setWordWrap(True)
        self.pin_edit = pin_edit(self.tr("Supervisor PIN"))
        self.confirm_edit = pin_edit(self.tr("Repeat the supervisor PIN"))
        self.own_pins_box = QCheckBox(self.tr("Each canvasser has their own PIN to switch in"))
        self.own_pins_box.setToolTip(
            self.tr(
                "Then switching to a canvasser needs their PIN or the supervisor's. You can "
                "change this later when adding a canvasser."
            )
        )
        self.message = problem_label(self.tr("PIN message"))
        buttons, self.ok_button = button_row(self, self.tr("Set up"))
        self.ok_button.clicked.connect(self._on_ok_clicked)
        form = QFormLayout()
        form.addRow(self.tr("Supervisor PIN:"), self.pin_edit)
        form.addRow(self.tr("Repeat it:"), self.confirm_edit)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.own_pins_box)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def _on_ok_clicked(self) -> None:
        pin = self.pin_edit.text()
        try:
            people.set_supervisor_pin(self._db, pin, repeat=self.confirm_edit.text())
            if self.own_pins_box.isChecked():
                people.set_own_pins(self._db, True, supervisor_pin=pin)
        except CanvassError as error:
            self.message.setText(render(error.message))
            self.pin_edit.clear()
            self.confirm_edit.clear()
            self.pin_edit.setFocus()
            return
        self.pin_edit.clear()
        self.confirm_edit.clear()
        self.accept()


class SupervisorPinDialog(QDialog):
    """Enter the supervisor PIN. Accepted only when right; a PIN from before six-digit
    PINs is then replaced before the dialog accepts."""

    def __init__(self, db: sqlite_utils.Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._old_pin: str | None = None  # held only while a new PIN is being chosen
        self.setWindowTitle(self.tr("Supervisor PIN"))
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(440)
        self.intro = QLabel(self.tr("Enter the supervisor PIN to see every canvasser's visits."))
        self.intro.setWordWrap(True)
        self.pin_edit = pin_edit(self.tr("PIN"))
        self.confirm_edit = pin_edit(self.tr("Repeat the PIN"))
        self.message = problem_label(self.tr("PIN message"))
        buttons, self.ok_button = button_row(self, self.tr("Unlock"))
        self.ok_button.clicked.connect(self._on_ok_clicked)
        self.form = QFormLayout()
        self.form.addRow(self.tr("PIN:"), self.pin_edit)
        self.form.addRow(self.tr("Repeat:"), self.confirm_edit)
        self.form.setRowVisible(self.confirm_edit, False)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        if not people.has_supervisor_pin(db):
            self.message.setText(render(people.NoPinSet().message))
            self.pin_edit.setEnabled(False)
            self.ok_button.setEnabled(False)
        else:
            remaining = people.pin_locked_for(db)
            if remaining is not None:
                self.message.setText(render(people.PinLocked(remaining).message))

    @property
    def choosing_new_pin(self) -> bool:
        return self._old_pin is not None

    def _ask_for_a_new_pin(self, old_pin: str) -> None:
        self._old_pin = old_pin
        self.setWindowTitle(self.tr("Choose a new supervisor PIN"))
        self.intro.setText(
            self.tr(
                "<b>The PIN is right, but it is from before six-digit PINs.</b><br>Choose "
                "a new one now: 6 to 12 digits, not an easy one like 123456."
            )
        )
        self.form.labelForField(self.pin_edit).setText(self.tr("New PIN:"))  # type: ignore[attr-defined]
        self.form.setRowVisible(self.confirm_edit, True)
        self.ok_button.setText(self.tr("Set PIN"))
        self.message.clear()
        self.pin_edit.setFocus()

    def _on_ok_clicked(self) -> None:
        pin = self.pin_edit.text()
        try:
            if self._old_pin is not None:
                people.set_supervisor_pin(
                    self._db, pin, repeat=self.confirm_edit.text(), current_pin=self._old_pin
                )
            else:
                people.verify_supervisor_pin(self._db, pin)
                if people.supervisor_pin_must_change(self._db):
                    self.pin_edit.clear()
                    self._ask_for_a_new_pin(pin)
                    return
        except CanvassError as error:
            self.message.setText(render(error.message))
            self.pin_edit.clear()
            self.confirm_edit.clear()
            return
        self._old_pin = None
        self.pin_edit.clear()
        self.confirm_edit.clear()
        self.accept()

    def done(self, result: int) -> None:
        self._old_pin = None  # never kept after the dialog closes
        super().done(result)
