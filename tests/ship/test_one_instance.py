"""The GUI owns its data folder: a second window says so in a dialog and opens nothing, and
the start resumes the sends a dead process left half done."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from support.visits import new_visit

from canvass_app.core.outbox import OutboxState
from canvass_app.qt.sync_worker import SyncController
from canvass_app.services.instance import claim_data_dir
from canvass_app.storage.db import open_database
from canvass_app.storage.visits import VisitRepo
from canvass_app.ui import app as gui

pytestmark = pytest.mark.gui

HOLD = """
import sys
from pathlib import Path
from canvass_app.storage.dir_lock import lock_data_dir
lock = lock_data_dir(Path(sys.argv[1]))
print("held", flush=True)
sys.stdin.read()
"""


def test_a_second_window_on_the_same_folder_says_so_and_opens_nothing(
    qapp: QApplication, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []

    def exec_box(box: QMessageBox) -> int:
        shown.append((box.windowTitle(), box.text()))
        return 0

    def no_window(**_: Any) -> None:
        raise AssertionError("no window may open on a folder another Canvass holds")

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    monkeypatch.setattr(gui, "build_main_window", no_window)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        code = gui.run_gui(data_dir=data_dir, api_url=None, token=None)
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
        assert holder.stdout is not None
        holder.stdout.close()
    assert code == gui.EXIT_DATA_DIR_BUSY == 6
    ((title, text),) = shown
    assert title == "Canvass is already open"
    assert "already open with the data folder" in text and str(holder.pid) in text


def test_the_start_resumes_a_dead_processes_sends(qapp: QApplication, data_dir: Path) -> None:
    db = open_database(data_dir)
    repo = VisitRepo(db)
    repo.insert_visit(new_visit("v1"), now=datetime.now(UTC) - timedelta(seconds=5))
    assert repo.lease_next("process-dead/engine-1", now=datetime.now(UTC), lease_s=120)
    counted: list[Any] = []
    with claim_data_dir(data_dir):  # what run_gui does before the window opens
        controller = SyncController(data_dir, api_url=None, token=None)
        controller.counts_changed.connect(counted.append)
        try:
            controller.refresh_counts()  # the first read, at start
        finally:
            controller.shutdown()
    assert repo.ops("v1")[0].state is OutboxState.UNKNOWN
    assert counted and counted[-1].count(OutboxState.UNKNOWN) == 1
    assert counted[-1].count(OutboxState.SENDING) == 0
