"""The export dialog offers CSV for Excel, with a byte order mark (issue 15, point 3)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from PySide6.QtCore import Qt

from canvass_app.services.exports import FORMULA_STARTS
from canvass_app.ui.supervisor import history_view
from canvass_app.ui.supervisor.history_view import HistoryView

pytestmark = pytest.mark.gui


def _export_with(
    view: HistoryView, qtbot: Any, monkeypatch: pytest.MonkeyPatch, path: Path, file_type: str
) -> None:
    """Click Export and answer the file dialog as a person would: a name and a type."""
    offered: list[str] = []

    def choose(parent: object, title: str, name: str, types: str) -> tuple[str, str]:
        offered.extend(types.split(";;"))
        chosen = next(text for text in offered if text.startswith(file_type))
        return str(path), chosen

    monkeypatch.setattr(history_view.QFileDialog, "getSaveFileName", choose)
    monkeypatch.setattr(history_view.QMessageBox, "information", lambda *args: None)
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert any("Excel" in text for text in offered)


def test_export_dialog_writes_a_bom_only_for_csv_for_excel(
    qtbot: Any, small_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    view = HistoryView(small_db, canvasser=None, supervisor=True)
    qtbot.addWidget(view)
    excel, plain = tmp_path / "excel.csv", tmp_path / "plain.csv"
    _export_with(view, qtbot, monkeypatch, excel, "CSV for Excel")
    _export_with(view, qtbot, monkeypatch, plain, "CSV (")
    assert excel.read_bytes().startswith(b"\xef\xbb\xbflocal_id,")
    assert excel.read_bytes()[3:] == plain.read_bytes()
    with plain.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(
        not row["contact_name"] or row["contact_name"][0] not in FORMULA_STARTS for row in rows
    )
