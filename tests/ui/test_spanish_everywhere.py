"""Every window and dialog, opened offscreen in Spanish, shows no English but data.

Each test opens the windows of one part of the app on data a Spanish-speaking campaign
would have (the reference server's seed and a generated ledger, both with Spanish places,
people and surveys: ``support.spanish_data``), reads every text a person (or a screen
reader) meets (``support.ui_texts``), and fails with each English word found, the text it
was in and where. Statuses come from the Polis API in English: the app must translate them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6.QtCharts")
pytest.importorskip("spellchecker")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from support.spanish_data import ledger_generator
from support.ui_texts import EnglishFinder, Shown, window_texts

from canvass_app.qt import tasks

pytestmark = pytest.mark.gui


@pytest.fixture
def spanish(qapp: QApplication) -> Iterator[None]:
    from canvass_app.ui.i18n import install_translators, remove_translators

    translators = install_translators(qapp, "es")
    assert translators, "the Spanish catalogue did not load"
    try:
        yield
    finally:
        remove_translators(qapp, translators)


@pytest.fixture
def inline_tasks() -> Iterator[None]:
    tasks.set_inline(True)
    try:
        yield
    finally:
        tasks.set_inline(False)


class Scan:
    """What the windows of one test showed, and the English in it."""

    def __init__(self, finder: EnglishFinder) -> None:
        self.finder = finder
        self.shown: list[Shown] = []

    def read(self, widget: QWidget, label: str | None = None) -> None:
        QApplication.processEvents()
        self.shown.extend(window_texts(widget, label))

    def read_modal(self, trigger: Callable[[], Any], label: str) -> Any:
        """Run ``trigger``, which opens a modal dialog (a message box, an input dialog),
        read the dialog, answer it with Escape (Cancel, No) and return what ``trigger`` did."""
        found: list[Shown] = []

        def read_and_close() -> None:
            modal = QApplication.activeModalWidget()
            if modal is None:
                QTimer.singleShot(20, read_and_close)
                return
            QApplication.processEvents()
            found.extend(window_texts(modal, label))
            if isinstance(modal, QMessageBox) and modal.escapeButton() is not None:
                modal.escapeButton().click()
            elif isinstance(modal, QDialog):
                modal.reject()
            else:
                modal.close()

        QTimer.singleShot(0, read_and_close)
        result = trigger()
        deadline = QTimer()
        deadline.setSingleShot(True)
        deadline.start(10_000)
        while not found and deadline.isActive():
            QApplication.processEvents()
        assert found, f"{label}: no dialog opened"
        self.shown.extend(found)
        return result

    def assert_spanish(self) -> None:
        assert len(self.shown) > 20, "too few texts read to mean anything"
        lines = self.finder.report(self.shown)
        assert not lines, f"{len(lines)} text(s) with English:\n" + "\n".join(lines)


# --- the supervisor's review -------------------------------------------------------------


@pytest.fixture(scope="module")
def spanish_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("ledger-es") / "data"
    ledger_generator().generate_ledger(data_dir, visits=1500, seed=5, language="es")
    return data_dir


def _technical_texts(data_dir: Path) -> list[str]:
    """What the visits' records say as they are (the server's and the engine's technical
    words, kept for support): shown in the detail view and the state's tool tip."""
    from canvass_app.storage.db import open_database

    db = open_database(data_dir)
    try:
        rows = db.execute(
            "SELECT last_error FROM visits WHERE last_error IS NOT NULL"
            " UNION SELECT message FROM sync_log WHERE message IS NOT NULL"
        ).fetchall()
    finally:
        db.close()
    return [row[0] for row in rows]


def test_the_supervisor_review_speaks_spanish(
    qtbot: Any, spanish: None, inline_tasks: None, spanish_ledger: Path
) -> None:
    from canvass_app.services.history import HistoryFilter, history_page
    from canvass_app.storage.db import open_database
    from canvass_app.ui.supervisor.review_view import SupervisorReviewView

    words = ledger_generator().SPANISH
    scan = Scan(
        EnglishFinder(
            data_texts=_technical_texts(spanish_ledger),
            data_words=[*ledger_generator().CANVASSERS, *words.given, *words.surnames],
        )
    )
    review = SupervisorReviewView(spanish_ledger, canvasser=None, supervisor=True)
    qtbot.addWidget(review)
    review.resize(1360, 860)
    review.show()
    scan.read(review, "Review (History)")
    review.tabs.setCurrentWidget(review.stats)
    scan.read(review, "Review (Stats)")
    review.stats.group_by.setCurrentIndex(1)
    scan.read(review.stats, "Stats per walklist")
    review.tabs.setCurrentWidget(review.map)
    scan.read(review, "Review (Map)")

    db = open_database(spanish_ledger)
    try:
        for state in ("rejected", "needs_attention", "sent"):
            row = history_page(db, HistoryFilter(states=(state,)), limit=1)[0]
            dialog = review.open_detail(row.local_id)
            for tab in range(dialog.tabs.count()):
                dialog.tabs.setCurrentIndex(tab)
                scan.read(dialog, f"Detail of a {state} visit, tab {tab}")
            dialog.close()
    finally:
        db.close()

    canvasser = SupervisorReviewView(spanish_ledger, canvasser="ana", supervisor=False)
    qtbot.addWidget(canvasser)
    scan.read(canvasser, "My visits (a canvasser's review)")
    scan.assert_spanish()


# --- the door screen and what it opens -------------------------------------------------------


@pytest.fixture
def spanish_door_dir(polis_server: Any, request: pytest.FixtureRequest) -> Path:
    """A data dir holding a Spanish campaign's walklist, pulled from the reference server."""
    from support.spanish_data import spanish_server_data

    spanish_server_data(polis_server)  # before the pull
    path: Path = request.getfixturevalue("pulled_data_dir")
    return path


def _door_finder() -> EnglishFinder:
    import getpass

    words = ledger_generator().SPANISH
    return EnglishFinder(
        # the canvasser's name is the computer account's until one is set
        data_words=[*words.given, *words.surnames, *words.streets, words.city, getpass.getuser()]
    )


def test_the_door_screen_and_its_dialogs_speak_spanish(
    qtbot: Any, spanish: None, spanish_door_dir: Path, make_window: Any
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from canvass_app.core.outcomes import ONE_TAP_OUTCOMES
    from canvass_app.qt.sync_worker import MESSAGE_OFFLINE

    scan = Scan(_door_finder())
    window = make_window(spanish_door_dir)
    scan.read(window, "Door screen")
    do_not_knock = set(window.walklist.list_statuses())
    people = [e for e in window.walklist.entries if e.household.id not in do_not_knock]

    assert window.walklist_view.select_contact(people[0].contact.id)
    window.walklist_view.tree.setFocus()
    scan.read(window, "Door screen, a person picked")
    window.record_outcome(ONE_TAP_OUTCOMES[0])
    scan.read(window, "Door screen, after an outcome")
    assert window.walklist_view.select_contact(people[0].contact.id)  # back from the next door
    window.show_history()
    history = window.history_dialog
    history.select_visit(history.visits[0].local_id)
    scan.read(history, "Household history")
    scan.read_modal(history._on_delete_button_clicked, "Delete this visit?")
    history.close()

    # The survey of all nine question types, page by page, as the keyboard walks it.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    assert window.walklist_view.select_contact(people[1].contact.id)
    combo = window.door_view.survey_combo
    combo.setCurrentIndex(combo.findText("Encuesta del barrio"))
    combo.activated.emit(combo.currentIndex())
    assert window.start_survey()
    form = window.door_view.survey_form
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=5_000)

    def press(key: Qt.Key) -> None:
        QTest.keyClick(QApplication.focusWidget() or form, key)

    for keys in ("B", "B", "A", "BD", "A", "B", "A", ""):
        scan.read(window, f"Survey, question {form.current_question and form.current_question.tag}")
        for key in keys:
            press(getattr(Qt.Key, f"Key_{key}"))
        press(Qt.Key.Key_Return)
    assert form.pages.currentIndex() == form.PAGE_REVIEW, "the survey did not reach its review"
    scan.read(window, "Survey, the review")
    scan.read_modal(lambda: press(Qt.Key.Key_Escape), "Leave the survey?")  # keep answering
    form.confirm_leave = lambda: True
    press(Qt.Key.Key_Escape)  # leave it, answers discarded
    scan.read(window, "Door screen, the survey left")

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    dnk = next(e for e in window.walklist.entries if e.household.id in do_not_knock)
    assert window.walklist_view.select_contact(dnk.contact.id)
    window.walklist_view.tree.setFocus()
    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_1)
    scan.read(window.do_not_knock_box, "Do Not Knock question")
    window.do_not_knock_box.reject()

    window.sync_status.set_error(MESSAGE_OFFLINE)
    scan.read(window.sync_status, "Sync status, offline")
    scan.read_modal(window.sign_out, "Sign out with visits unsent")
    window.list_id = None
    scan.read_modal(window.download_walklist, "Download: which walklist")

    window.show_help()
    scan.read(window.help_dialog, "Keyboard shortcuts")
    window.help_dialog.close()
    window.open_about()
    scan.read(window.about_dialog, "About")
    window.about_dialog.close()
    window.sign_in()
    scan.read(window.sign_in_dialog, "Sign in")
    window.sign_in_dialog.sign_in_button.click()  # no token pasted
    scan.read(window.sign_in_dialog, "Sign in, nothing pasted")
    window.sign_in_dialog.close()

    window.open_settings()
    settings = window.settings_dialog
    scan.read(settings, "Settings")
    settings.api_url_edit.setText("ftp://polis.example.org")
    settings.canvasser_name_edit.setText("x" * 201)
    settings.accept()
    scan.read(settings, "Settings, refused values")
    settings.close()

    review = window.open_my_review()
    scan.read(review, "My visits")
    review.close()
    scan.read_modal(window.open_supervisor_review, "Supervisor PIN, none set")
    scan.assert_spanish()


def test_the_supervisor_dialogs_and_their_problems_speak_spanish(
    qtbot: Any,
    spanish: None,
    inline_tasks: None,
    spanish_ledger: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from datetime import UTC, datetime, timedelta

    from PySide6.QtWidgets import QFileDialog

    from canvass_app.services import people
    from canvass_app.storage.db import open_database
    from canvass_app.ui.supervisor.canvasser_switch_widget import CanvasserSwitchWidget
    from canvass_app.ui.supervisor.pin_dialog import SetUpLaptopDialog, SupervisorPinDialog
    from canvass_app.ui.supervisor.review_view import SupervisorReviewView

    words = ledger_generator().SPANISH
    scan = Scan(
        EnglishFinder(
            data_texts=_technical_texts(spanish_ledger),
            data_words=[*ledger_generator().CANVASSERS, *words.given, *words.surnames],
        )
    )
    db = open_database(spanish_ledger)
    try:
        setup = SetUpLaptopDialog(db)
        qtbot.addWidget(setup)
        scan.read(setup, "Set up this laptop")
        for pin, repeat, label in (
            ("246813", "246819", "the two differ"),
            ("24", "24", "too short"),
            ("135135", "135135", "too easy"),
        ):
            setup.pin_edit.setText(pin)
            setup.confirm_edit.setText(repeat)
            setup.ok_button.click()
            scan.read(setup, f"Set up this laptop, {label}")
        people.set_supervisor_pin(db, "246813")
        people.start_first_canvasser(db, "ana")
        unlock = SupervisorPinDialog(db)
        qtbot.addWidget(unlock)
        scan.read(unlock, "Supervisor PIN")
        unlock.pin_edit.setText("111112")
        unlock.ok_button.click()  # "Wrong PIN. 2 more tries…"
        scan.read(unlock, "Supervisor PIN, a wrong try")
        for _ in range(2):
            unlock.pin_edit.setText("111112")
            unlock.ok_button.click()
        scan.read(unlock, "Supervisor PIN, locked for a while")
        again = SupervisorPinDialog(db)
        qtbot.addWidget(again)
        scan.read(again, "Supervisor PIN, opened while locked")

        switch = CanvasserSwitchWidget(db)
        qtbot.addWidget(switch)
        switch.add_button.click()
        add = switch.dialog
        scan.read(add, "Add a canvasser")
        add.name_edit.setText("x" * 81)
        add.ok_button.click()
        scan.read(add, "Add a canvasser, a name too long")
        add.name_edit.setText(words.given[0])
        add.own_pins_box.setChecked(True)
        add.own_pin_edit.setText("840261")
        add.own_repeat_edit.setText("840261")
        add.supervisor_edit.setText("111112")
        add.ok_button.click()
        scan.read(add, "Add a canvasser, own PINs, locked supervisor PIN")
        people.add_canvasser(
            db,
            words.given[0],
            supervisor_pin="246813",
            own_pin="840261",
            own_pins=True,
            now=datetime.now(UTC) + timedelta(hours=2),
        )
        switch.reload()
        switch.switch_to(words.given[0])
        scan.read(switch.dialog, "Switch to a canvasser with a PIN")
        switch.dialog.pin_edit.setText("111112")
        switch.dialog.ok_button.click()
        scan.read(switch.dialog, "Switch to a canvasser, a wrong PIN")
        switch.dialog.reject()
        switch.switch_to(ledger_generator().CANVASSERS[1])
        scan.read(switch.dialog, "Switch to a canvasser without a PIN")
        switch.dialog.reject()
        db.execute("UPDATE supervisor_pin SET must_change = 1")  # a PIN from before 6 digits
        renew = SupervisorPinDialog(db)
        qtbot.addWidget(renew)
        renew.pin_edit.setText("246813")
        renew.ok_button.click()
        scan.read(renew, "Supervisor PIN, choose a new one")
    finally:
        db.close()

    review = SupervisorReviewView(spanish_ledger, canvasser=None, supervisor=True)
    qtbot.addWidget(review)
    history = review.history
    history.since_edit.setText("el martes")
    history.until_edit.setText("2020-01-01")
    history.apply_filters()
    scan.read(history, "History, a date that is not one")
    history.since_edit.setText("2026-11-20")
    history.apply_filters()
    scan.read(history, "History, the end before the start")
    history.since_edit.setText("")
    history.until_edit.setText("")
    history.apply_filters()

    missing = tmp_path / "no-such-folder" / "ledger.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(missing), ""))
    scan.read_modal(history._on_export_clicked, "Export to a folder that is not there")
    scan.read_modal(history._on_export_queue_clicked, "Export the queue there")
    bad = tmp_path / "queue.jsonl"
    bad.write_text('{"format": "something else"}\nnot json\n', encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    scan.read_modal(history._on_import_queue_clicked, "Import a file that is not a queue")

    history.table.selectRow(0)
    local_id = history.selected_local_id()
    assert local_id is not None
    detail = review.open_detail(local_id)
    scan.read_modal(lambda: detail.apply_edit("{not json"), "Edit with broken JSON")
    scan.read_modal(lambda: detail.apply_edit("[1, 2]"), "Edit with a list")
    scan.read_modal(detail._on_void_clicked, "Void this visit?")
    scan.assert_spanish()


def test_the_start_up_problems_and_the_crash_dialog_speak_spanish(
    qtbot: Any, spanish: None, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from support.page_examples import PAGE_POST_BODY

    from canvass_app.qt.crash import CrashReport
    from canvass_app.services.startup import StartupCheck, StartupVerdict, check_and_recover
    from canvass_app.services.visits import import_visit
    from canvass_app.storage.db import DB_FILENAME, PROBLEM_MESSAGES
    from canvass_app.storage.dir_lock import DataDirBusy
    from canvass_app.ui import app as gui_app
    from canvass_app.ui.crash_dialog import CrashDialog

    scan = Scan(EnglishFinder())
    for problem, message in PROBLEM_MESSAGES.items():
        check = StartupCheck(StartupVerdict.UNAVAILABLE, (message,), problem)
        scan.read(gui_app.startup_dialog(check), f"Start-up: {problem.name}")

    from support.plain_database import plain_database

    db = plain_database(data_dir)  # a file from before encryption, its header destroyed
    import_visit(db, PAGE_POST_BODY, canvasser="ana")
    db.conn.close()
    path = data_dir / DB_FILENAME
    raw = bytearray(path.read_bytes())
    raw[:100] = b"\x00" * 100
    path.write_bytes(bytes(raw))
    damaged = check_and_recover(data_dir)
    assert damaged.verdict is StartupVerdict.RECOVERED
    scan.read(gui_app.startup_dialog(damaged), "Start-up: a damaged database, recovered")

    busy = DataDirBusy(data_dir, 4242)
    scan.read_modal(lambda: gui_app.show_data_dir_busy(busy.message), "Canvass is already open")

    report = CrashReport(
        headline="ValueError: the walk went wrong",
        summary="Traceback (most recent call last):\n  ...\nValueError: the walk went wrong",
        log_path=data_dir / "logs" / "canvass.log",
        thread_name="MainThread",
        time_utc="2026-11-20T19:00:00Z",
    )
    crash = CrashDialog(report)
    qtbot.addWidget(crash)
    crash.add_report(report)
    scan.read(crash, "Crash dialog")
    scan.assert_spanish()


def test_the_scan_finds_english_and_says_where(qtbot: Any) -> None:
    """The scan itself: English is found with its place; Spanish, data and names are not."""
    from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout

    window = QWidget()
    window.setObjectName("probe")
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    english = QLabel("Sync now")
    english.setObjectName("sync")
    spanish = QLabel("Sincronizar ahora · Lucía García, Calle Mayor 12 · Canvass y Polis")
    spanish.setToolTip("Visitas enviadas a la vez")
    combo = QComboBox()
    combo.addItems(["No está en casa", "Not Home"])
    for widget in (english, spanish, combo):
        layout.addWidget(widget)

    finder = EnglishFinder(data_words=["Lucía", "García", "Calle Mayor"])
    lines = finder.report(window_texts(window, "Probe"))

    assert len(lines) == 2, lines
    assert lines[0].startswith("['Sync', 'now'] in 'Sync now'\n    at Probe > QLabel 'sync' : text")
    assert lines[1].startswith("['Not'] in 'Not Home'\n    at Probe > QComboBox : item 1")
    assert "(and 1 more)" in lines[1]  # the combo's popup list shows it too
