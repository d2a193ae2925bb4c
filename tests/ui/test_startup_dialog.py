"""The GUI's start-up path: services.startup decides, the dialog only shows it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QMessageBox
from support.environment import lock_held_by_another_program, snapshot
from support.page_examples import PAGE_POST_BODY
from support.plain_database import plain_database

from canvass_app.services.startup import StartupCheck, StartupVerdict
from canvass_app.services.visits import import_visit
from canvass_app.storage.db import DB_FILENAME, PROBLEM_MESSAGES, StorageProblem, open_database
from canvass_app.ui import app as gui_app


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch, qapp: Any) -> list[QMessageBox]:
    """Dialogs the start-up path showed (exec returns at once, as if the person read it)."""
    boxes: list[QMessageBox] = []

    def record(box: QMessageBox) -> int:
        boxes.append(box)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    return boxes


def _with_a_visit(data_dir: Path, *, plain: bool = False) -> None:
    db = plain_database(data_dir) if plain else open_database(data_dir)
    import_visit(db, PAGE_POST_BODY, canvasser="ana")
    db.conn.close()


def test_a_locked_database_stops_the_start_in_words_and_moves_nothing(
    data_dir: Path, shown: list[QMessageBox], monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_a_visit(data_dir)
    before = snapshot(data_dir)
    windows: list[Any] = []
    monkeypatch.setattr(gui_app, "build_main_window", lambda **kw: windows.append(kw))
    with lock_held_by_another_program(data_dir / DB_FILENAME, whole_file=True):
        code = gui_app.run_gui(data_dir=data_dir, api_url=None, token=None)
    assert code == 1 and windows == []  # the window never opened
    (box,) = shown
    assert box.icon() is QMessageBox.Icon.Critical
    assert box.windowTitle() == "The visits database cannot be used"
    assert "locked by another program" in box.text()
    assert str(data_dir / DB_FILENAME) in box.informativeText()
    assert snapshot(data_dir) == before
    assert not (data_dir / "recovery").exists()


def test_a_damaged_database_is_told_and_the_window_opens_on_a_fresh_one(
    data_dir: Path, shown: list[QMessageBox]
) -> None:
    # A plain file from before encryption whose header is destroyed: the salvage rebuilds
    # it (an encrypted file's damage: tests/storage/test_encryption.py).
    _with_a_visit(data_dir, plain=True)
    path = data_dir / DB_FILENAME
    raw = bytearray(path.read_bytes())
    raw[:100] = b"\x00" * 100
    path.write_bytes(bytes(raw))
    assert gui_app._check_database(data_dir) is True
    (box,) = shown
    assert box.icon() is QMessageBox.Icon.Warning
    assert box.windowTitle() == "The visits database was damaged"
    assert box.text().startswith("1 unsent visit could still be read and was saved to ")
    assert "A copy of the damaged database was kept at " in box.informativeText()
    assert box.informativeText().endswith(
        "The saved visit was queued again in the new database: nothing is lost."
    )
    assert list(data_dir.glob("canvass.sqlite3.damaged-*"))


@pytest.mark.parametrize("problem", list(StorageProblem))
def test_every_environment_problem_reads_as_words(problem: StorageProblem, qapp: Any) -> None:
    check = StartupCheck(StartupVerdict.UNAVAILABLE, (PROBLEM_MESSAGES[problem],), problem)
    box = gui_app.startup_dialog(check)
    assert box.text() == str(PROBLEM_MESSAGES[problem])
    assert box.text().endswith(".") and "Errno" not in box.text()


def test_dialog_screenshots(tmp_path: Path, qapp: Any, data_dir: Path) -> None:
    """Renders the two dialogs to CANVASS_SCREENSHOT_DIR when it is set (a look, by a
    person), else to a temporary folder."""
    folder = Path(os.environ.get("CANVASS_SCREENSHOT_DIR") or tmp_path)
    locked = StartupCheck(
        StartupVerdict.UNAVAILABLE,
        (
            PROBLEM_MESSAGES[StorageProblem.LOCKED],
            PROBLEM_MESSAGES[StorageProblem.LOCKED].__class__(
                "Startup", "The database is {path}.", {"path": data_dir / DB_FILENAME}
            ),
        ),
        StorageProblem.LOCKED,
    )
    box = gui_app.startup_dialog(locked)
    box.show()
    qapp.processEvents()
    assert box.grab().save(str(folder / "startup-locked.png"))
    box.close()
