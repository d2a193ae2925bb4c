"""The about dialog shows the one version and the data dir."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

import canvass_app
from canvass_app.ui.about_dialog import AboutDialog

pytestmark = pytest.mark.gui


def test_about_shows_version_data_dir_and_log(qtbot: QtBot, data_dir: Path) -> None:
    dialog = AboutDialog(data_dir)
    qtbot.addWidget(dialog)
    shown = dialog.title_label.text() + dialog.details_label.text()
    assert canvass_app.__version__ in shown
    assert f"Data folder: {data_dir}" in shown
    assert f"Log file: {data_dir / 'logs' / 'canvass.log'}" in shown
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == dialog.details_label.text()
