"""The passphrase of the visits database, asked at start where no keyring keeps its key.

What a passphrase means, whether it opens the file, and its rules are in
``services.database`` (``unlock_database``, ``PassphrasePrompt``); this dialog shows the
prompt's words, takes the passphrase (twice when it is new) and keeps nothing once closed.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from canvass_app.services.database import PassphrasePrompt
from canvass_app.ui.i18n import render


class PassphraseDialog(QDialog):
    """Type the passphrase (a new one: twice). ``passphrase()`` after it is accepted."""

    def __init__(self, prompt: PassphrasePrompt, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new = prompt.new
        self.setWindowTitle(
            self.tr("Choose a passphrase for the visits")
            if self.new
            else self.tr("Passphrase of the visits")
        )
        self.setAccessibleName(self.windowTitle())
        self.explanation = QLabel(render(prompt.explanation))
        self.explanation.setWordWrap(True)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName(self.tr("Passphrase"))
        self.passphrase_edit.setMinimumHeight(36)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit.setAccessibleName(self.tr("Repeat the passphrase"))
        self.confirm_edit.setMinimumHeight(36)
        self.message = QLabel(render(prompt.problem) if prompt.problem else "")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #B00020; font-weight: bold;")
        self.message.setAccessibleName(self.tr("Passphrase message"))
        self.ok_button = QPushButton(self.tr("Lock the visits") if self.new else self.tr("Open"))
        self.ok_button.setDefault(True)
        self.ok_button.setMinimumHeight(36)
        self.ok_button.clicked.connect(self._on_ok_clicked)
        quit_button = QPushButton(self.tr("Quit"))
        quit_button.setMinimumHeight(36)
        quit_button.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Passphrase"), self.passphrase_edit)
        if self.new:
            form.addRow(self.tr("Repeat it"), self.confirm_edit)
        else:
            self.confirm_edit.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(quit_button)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)

    def passphrase(self) -> str:
        return self.passphrase_edit.text()

    def _on_ok_clicked(self) -> None:
        if not self.passphrase():
            self.message.setText(self.tr("Type the passphrase."))
            return
        if self.new and self.confirm_edit.text() != self.passphrase():
            self.message.setText(self.tr("The two passphrases differ; type them again."))
            self.confirm_edit.clear()
            return
        self.accept()

    def done(self, result: int) -> None:
        super().done(result)
        if result != QDialog.DialogCode.Accepted:
            self.passphrase_edit.clear()
        self.confirm_edit.clear()


def ask_passphrase(prompt: PassphrasePrompt) -> str | None:
    """The ``ask`` of ``services.database.unlock_database`` for the GUI: a modal dialog
    (a QApplication is made when there is none yet); None when the person quits."""
    if not isinstance(QApplication.instance(), QApplication):
        QApplication(sys.argv[:1])
    dialog = PassphraseDialog(prompt)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.passphrase()
    finally:
        dialog.passphrase_edit.clear()
        dialog.deleteLater()
