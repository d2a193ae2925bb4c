"""The supervisor PIN: set it the first time, enter it to open supervisor mode.

Checking, hashing and the lockout after wrong tries are in ``services.people``; this
dialog shows what it says, in words, and never keeps the PIN after it closes.
"""

from __future__ import annotations

import sqlite_utils
from PySide6.QtWidgets import (
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


class SupervisorPinDialog(QDialog):
    """Enter (or, the first time, choose) the supervisor PIN. Accepted only when right."""

    def __init__(self, db: sqlite_utils.Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.setting = not people.has_supervisor_pin(db)
        self.setWindowTitle(
            self.tr("Choose a supervisor PIN") if self.setting else self.tr("Supervisor PIN")
        )
        self.setAccessibleName(self.windowTitle())
        intro = QLabel(
            self.tr(
                "No supervisor PIN is set on this laptop. Choose 4 to 12 digits; canvassers "
                "will need it to see everyone's visits."
            )
            if self.setting
            else self.tr("Enter the supervisor PIN to see every canvasser's visits.")
        )
        intro.setWordWrap(True)
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setAccessibleName(self.tr("PIN"))
        self.pin_edit.setMinimumHeight(36)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit.setAccessibleName(self.tr("Repeat the PIN"))
        self.confirm_edit.setMinimumHeight(36)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #B00020; font-weight: bold;")
        self.message.setAccessibleName(self.tr("PIN message"))
        self.ok_button = QPushButton(self.tr("Set PIN") if self.setting else self.tr("Unlock"))
        self.ok_button.setDefault(True)
        self.ok_button.setMinimumHeight(36)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setMinimumHeight(36)
        self.ok_button.clicked.connect(self._on_ok_clicked)
        cancel.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("PIN:"), self.pin_edit)
        if self.setting:
            form.addRow(self.tr("Repeat:"), self.confirm_edit)
        else:
            self.confirm_edit.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._show_lock()

    def _show_lock(self) -> None:
        if self.setting:
            return
        remaining = people.pin_locked_for(self._db)
        if remaining is not None:
            self.message.setText(render(people.PinLocked(remaining).message))

    def _on_ok_clicked(self) -> None:
        pin = self.pin_edit.text()
        try:
            if self.setting:
                if pin != self.confirm_edit.text():
                    self.message.setText(self.tr("The two PINs differ; type the same PIN twice."))
                    return
                people.set_supervisor_pin(self._db, pin)
            else:
                people.verify_supervisor_pin(self._db, pin)
        except CanvassError as error:
            self.message.setText(render(error.message))
            self.pin_edit.clear()
            self.confirm_edit.clear()
            return
        self.pin_edit.clear()
        self.confirm_edit.clear()
        self.accept()
