"""The crash handler: one dialog per crash, from the main thread or a worker thread."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from canvass_app.qt.crash import (
    CrashHandler,
    current_crash_handler,
    install_crash_handler,
    uninstall_crash_handler,
)
from canvass_app.services import logs
from canvass_app.services.logs import log_path, register_secret, setup_logging, shutdown_logging
from canvass_app.services.visits import VisitDraft, record_visit
from canvass_app.storage.db import open_database
from canvass_app.ui.crash_dialog import CrashDialog

pytestmark = [pytest.mark.gui, pytest.mark.qt_no_exception_capture]

TOKEN = "tok_crash_5e4d3c2b1a"


@pytest.fixture
def handler(qapp: QApplication, data_dir: Path) -> Iterator[CrashHandler]:
    names = [*logs.APP_LOGGER_ROOTS, *logs.QUIET_LIBRARIES, ""]
    levels = {name: logging.getLogger(name).level for name in names}
    hooks = (sys.excepthook, threading.excepthook)
    setup_logging(data_dir, "INFO")
    register_secret(TOKEN)
    install_crash_handler(qapp, data_dir)
    installed = current_crash_handler()
    assert installed is not None
    try:
        yield installed
    finally:
        if installed.dialog is not None:
            installed.dialog.close()
        uninstall_crash_handler()
        assert (sys.excepthook, threading.excepthook) == hooks
        shutdown_logging()
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        logs.forget_secret(TOKEN)


def _files_outside_logs(data_dir: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(data_dir)): p.read_bytes()
        for p in data_dir.rglob("*")
        if p.is_file() and "logs" not in p.relative_to(data_dir).parts
    }


def _raise_in_main_thread(message: str) -> None:
    def boom() -> None:
        raise RuntimeError(message)

    QTimer.singleShot(0, boom)


def test_main_thread_exception_opens_one_dialog(
    handler: CrashHandler, qtbot: QtBot, data_dir: Path
) -> None:
    _raise_in_main_thread(f"main thread boom with Authorization: Bearer {TOKEN}")
    qtbot.waitUntil(lambda: handler.dialog is not None)
    dialog = handler.dialog
    assert isinstance(dialog, CrashDialog)
    assert dialog.isVisible()
    assert handler.dialogs_opened == 1
    report = dialog.reports[0]
    assert report.thread_name == "MainThread"
    assert report.log_path == log_path(data_dir)
    assert str(log_path(data_dir)) in dialog.log_path_label.text()
    assert "RuntimeError: main thread boom" in dialog.details_text()
    assert TOKEN not in dialog.details_text()

    # A second error while the dialog is open joins it instead of opening another.
    _raise_in_main_thread("second boom")
    qtbot.waitUntil(lambda: len(dialog.reports) == 2)
    assert handler.dialogs_opened == 1
    assert "second boom" in dialog.details_text()

    # The details can be copied in one click.
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == dialog.details_text()

    dialog.keep_button.click()
    qtbot.waitUntil(lambda: handler.dialog is None)
    text = log_path(data_dir).read_text(encoding="utf-8")
    assert "unexpected error in thread MainThread" in text
    assert "RuntimeError: main thread boom" in text
    assert "Traceback (most recent call last)" in text
    assert TOKEN not in text


def test_worker_thread_exception_opens_one_dialog(
    handler: CrashHandler, qtbot: QtBot, data_dir: Path
) -> None:
    def work() -> None:
        raise ValueError(f"worker boom token={TOKEN}")

    thread = threading.Thread(target=work, name="sync-worker-test")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: handler.dialog is not None)
    dialog = handler.dialog
    assert isinstance(dialog, CrashDialog)
    assert dialog.isVisible()
    assert handler.dialogs_opened == 1
    assert dialog.reports[0].thread_name == "sync-worker-test"
    assert dialog.reports[0].headline == "ValueError: worker boom token=[redacted]"
    dialog.close()
    qtbot.waitUntil(lambda: handler.dialog is None)
    assert handler.dialogs_opened == 1
    text = log_path(data_dir).read_text(encoding="utf-8")
    assert "unexpected error in thread sync-worker-test" in text
    assert "ValueError: worker boom" in text
    assert TOKEN not in text


def test_a_crash_after_the_dialog_closed_opens_a_new_one(
    handler: CrashHandler, qtbot: QtBot
) -> None:
    _raise_in_main_thread("first")
    qtbot.waitUntil(lambda: handler.dialog is not None)
    assert handler.dialog is not None
    handler.dialog.close()
    qtbot.waitUntil(lambda: handler.dialog is None)
    _raise_in_main_thread("again")
    qtbot.waitUntil(lambda: handler.dialog is not None)
    assert handler.dialogs_opened == 2


def test_the_outbox_is_untouched_by_a_crash(
    handler: CrashHandler, qtbot: QtBot, data_dir: Path
) -> None:
    db = open_database(data_dir)
    record_visit(
        db,
        VisitDraft(
            campaign_id="camp-1",
            contact_id="c-1",
            household_id="h-1",
            contact_household_id="ch-1",
            survey_id="s-1",
        ),
        canvasser="Jo",
    )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _files_outside_logs(data_dir)
    try:
        _raise_in_main_thread("while the database is open")
        qtbot.waitUntil(lambda: handler.dialog is not None)
        assert _files_outside_logs(data_dir) == before
    finally:
        db.conn.close()


def test_keyboard_interrupt_goes_to_the_previous_hook(handler: CrashHandler, qtbot: QtBot) -> None:
    seen: list[type[BaseException]] = []
    previous = handler._previous_excepthook
    handler._previous_excepthook = lambda t, v, tb: seen.append(t)
    try:
        sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
        qtbot.wait(20)
    finally:
        handler._previous_excepthook = previous
    assert seen == [KeyboardInterrupt]
    assert handler.dialog is None and handler.crashes_seen == 0
