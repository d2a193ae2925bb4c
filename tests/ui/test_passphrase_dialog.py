"""No keyring: the window asks for the passphrase of the visits database before anything
opens it, says what a passphrase means, and refuses a wrong one in words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keyring
import pytest

pytest.importorskip("PySide6")

from keyring.backends import fail
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from canvass_app.credentials.db_key import forget_passphrases
from canvass_app.services.database import NEW_PASSPHRASE, PassphrasePrompt
from canvass_app.storage.db import database_path
from canvass_app.storage.encryption import is_plain
from canvass_app.ui import app as gui_app
from canvass_app.ui.passphrase_dialog import PassphraseDialog

PASSPHRASE = "a long passphrase for the visits"


@pytest.fixture
def no_keyring() -> None:
    keyring.set_keyring(fail.Keyring())  # the test's keyring fixture puts its own back


def _answer(typed: list[tuple[str, str]], seen: list[PassphraseDialog]) -> None:
    """Type into each passphrase dialog as it opens (the first answer, then the next)."""

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PassphraseDialog):
            QTimer.singleShot(20, fill)
            return
        seen.append(dialog)
        passphrase, confirm = typed.pop(0)
        dialog.passphrase_edit.setText(passphrase)
        dialog.confirm_edit.setText(confirm)
        dialog.ok_button.click()
        if dialog.isVisible():  # refused by the dialog itself (the two differ): quit
            dialog.reject()
        if typed:
            QTimer.singleShot(20, fill)

    QTimer.singleShot(20, fill)


def test_the_dialog_says_what_a_passphrase_means_and_wants_it_twice(qtbot: Any) -> None:
    dialog = PassphraseDialog(PassphrasePrompt(new=True, explanation=NEW_PASSPHRASE))
    qtbot.addWidget(dialog)
    assert "cannot be recovered" in dialog.explanation.text()
    assert "not sent yet are lost" in dialog.explanation.text()
    dialog.passphrase_edit.setText(PASSPHRASE)
    dialog.confirm_edit.setText(PASSPHRASE + "!")
    dialog.ok_button.click()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "differ" in dialog.message.text()
    dialog.confirm_edit.setText(PASSPHRASE)
    dialog.ok_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.passphrase() == PASSPHRASE


def test_the_start_asks_for_the_passphrase_and_refuses_a_wrong_one(
    data_dir: Path, qapp: Any, no_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box) or 0)
    seen: list[PassphraseDialog] = []

    _answer([(PASSPHRASE, PASSPHRASE)], seen)  # a new database: choose one
    assert gui_app._unlock_database(data_dir) is True
    assert seen[0].new and not boxes
    assert gui_app._check_database(data_dir) is True  # opens (and creates) it encrypted
    assert not is_plain(database_path(data_dir))

    forget_passphrases()  # the next start
    seen.clear()
    _answer([("a wrong passphrase", ""), (PASSPHRASE, "")], seen)
    assert gui_app._unlock_database(data_dir) is True
    assert [dialog.new for dialog in seen] == [False, False]
    assert "does not open the visits database" in seen[1].message.text()
    assert gui_app._check_database(data_dir) is True

    forget_passphrases()
    seen.clear()
    _answer([("", "")], seen)  # Quit: nothing opens, in words
    assert gui_app._unlock_database(data_dir) is False
    (box,) = boxes
    assert "needs a passphrase" in box.text()
