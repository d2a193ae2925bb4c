"""The trusted certificate authority is a setting with its own field, checked on save
(issue 15, point 4): not an environment variable the person does not know about."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from support.certificates import TestAuthority

from canvass_app.services.settings import (
    Settings,
    SettingsError,
    client_options,
    load_settings,
    save_settings,
    validate_settings,
)
from canvass_app.ui.settings_dialog import SettingsDialog


def test_a_ca_file_is_saved_and_given_to_the_client(data_dir: Path, tmp_path: Path) -> None:
    authority = TestAuthority(tmp_path)
    settings = Settings(api_url="https://polis.example.org", ca_file=str(authority.cert_file))
    save_settings(data_dir, settings)
    assert load_settings(data_dir).ca_file == str(authority.cert_file)
    assert client_options(load_settings(data_dir))["verify"] == str(authority.cert_file)
    assert client_options(Settings())["verify"] is True  # the system's trust store


@pytest.mark.parametrize(
    ("content", "words"),
    [(None, "does not exist"), ("not a certificate", "not a PEM file")],
)
def test_an_unusable_ca_file_is_named_on_save(
    data_dir: Path, tmp_path: Path, content: str | None, words: str
) -> None:
    path = tmp_path / "ca.pem"
    if content is not None:
        path.write_text(content)
    settings = Settings(ca_file=str(path))
    (error,) = validate_settings(settings)
    assert error.field == "ca_file"
    assert str(error.message).startswith("trusted certificate authority")
    assert words in str(error.message)
    with pytest.raises(SettingsError):
        save_settings(data_dir, settings)


@pytest.mark.gui
def test_the_dialog_edits_the_ca_file(qtbot: QtBot, data_dir: Path, tmp_path: Path) -> None:
    authority = TestAuthority(tmp_path)
    dialog = SettingsDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.ca_file_edit.setText(str(tmp_path / "missing.pem"))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert "does not exist" in dialog.error_text() and dialog.isVisible()
    dialog.ca_file_edit.setText(str(authority.cert_file))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert load_settings(data_dir).ca_file == str(authority.cert_file)
