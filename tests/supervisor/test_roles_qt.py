"""Roles that hold, as a person meets them: the laptop's setup step, adding a canvasser
with the supervisor PIN, switching to someone with a PIN, and "Review my visits" showing
only the current canvasser's visits (the query's scope, not just a widget's)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from canvass_app.qt import tasks
from canvass_app.services import people
from canvass_app.services.history import HistoryFilter, NotAllowed, Viewer
from canvass_app.storage.db import open_database
from canvass_app.ui import app as gui_app
from canvass_app.ui.supervisor.canvasser_dialogs import AddCanvasserDialog, SwitchPinDialog
from canvass_app.ui.supervisor.canvasser_switch_widget import CanvasserSwitchWidget
from canvass_app.ui.supervisor.history_model import HistoryTableModel
from canvass_app.ui.supervisor.pin_dialog import SetUpLaptopDialog, SupervisorPinDialog
from canvass_app.ui.supervisor.review_view import SupervisorReviewView

from .conftest import Ledger

PIN = "482913"
ANA_PIN = "840261"


@pytest.fixture(autouse=True)
def inline_tasks() -> Iterator[None]:
    tasks.set_inline(True)  # the stats are computed in place, so the test reads them
    try:
        yield
    finally:
        tasks.set_inline(False)


@pytest.fixture
def db(data_dir: Path) -> sqlite_utils.Database:
    database = open_database(data_dir)
    yield database
    database.close()


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_setup_step_asks_for_a_strong_pin_twice(qtbot, db: sqlite_utils.Database) -> None:
    dialog = SetUpLaptopDialog(db)
    qtbot.addWidget(dialog)
    for pin, repeat, words in (
        ("2580", "2580", "6 to 12 digits"),
        ("123456", "123456", "too easy to guess"),
        ("000000", "000000", "too easy to guess"),
        (PIN, "482914", "two PINs differ"),
    ):
        dialog.pin_edit.setText(pin)
        dialog.confirm_edit.setText(repeat)
        click(qtbot, dialog.ok_button)
        assert words in dialog.message.text()
        assert dialog.pin_edit.text() == "" and not people.has_supervisor_pin(db)
    dialog.pin_edit.setText(PIN)
    dialog.confirm_edit.setText(PIN)
    dialog.own_pins_box.setChecked(True)
    click(qtbot, dialog.ok_button)
    assert dialog.result() == SetUpLaptopDialog.DialogCode.Accepted
    people.verify_supervisor_pin(db, PIN)
    assert people.own_pins_on(db)


def test_the_first_start_opens_nothing_until_the_laptop_is_set_up(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[object] = []
    monkeypatch.setattr(gui_app, "build_main_window", lambda **kw: opened.append(kw))

    def answer(cancel: bool) -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, SetUpLaptopDialog))
        if cancel:
            dialog.reject()
            return
        dialog.pin_edit.setText(PIN)
        dialog.confirm_edit.setText(PIN)
        dialog.ok_button.click()

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, lambda: answer(cancel=True))
    assert gui_app.set_up_laptop(data_dir) is False  # cancelled: nothing opens
    QTimer.singleShot(0, lambda: answer(cancel=False))
    assert gui_app.set_up_laptop(data_dir) is True
    assert gui_app.set_up_laptop(data_dir) is True  # asked once: now there is a PIN
    reopened = open_database(data_dir)
    try:
        people.verify_supervisor_pin(reopened, PIN)
    finally:
        reopened.close()
    assert opened == []


def test_an_old_short_pin_opens_once_then_must_be_replaced(
    qtbot, db: sqlite_utils.Database
) -> None:
    people.set_supervisor_pin(db, PIN)
    db.execute("UPDATE supervisor_pin SET must_change = 1")  # what migration 8 does
    dialog = SupervisorPinDialog(db)
    qtbot.addWidget(dialog)
    dialog.pin_edit.setText(PIN)
    click(qtbot, dialog.ok_button)
    assert dialog.choosing_new_pin and dialog.result() != SupervisorPinDialog.DialogCode.Accepted
    assert dialog.confirm_edit.isVisibleTo(dialog)
    dialog.pin_edit.setText("2580")
    dialog.confirm_edit.setText("2580")
    click(qtbot, dialog.ok_button)
    assert "6 to 12 digits" in dialog.message.text()
    dialog.pin_edit.setText("570386")
    dialog.confirm_edit.setText("570386")
    click(qtbot, dialog.ok_button)
    assert dialog.result() == SupervisorPinDialog.DialogCode.Accepted
    assert not people.supervisor_pin_must_change(db)
    people.verify_supervisor_pin(db, "570386")


def test_adding_a_canvasser_needs_the_supervisor_pin(qtbot, db: sqlite_utils.Database) -> None:
    people.set_supervisor_pin(db, PIN)
    people.start_first_canvasser(db, "ben")
    widget = CanvasserSwitchWidget(db)
    qtbot.addWidget(widget)
    click(qtbot, widget.add_button)
    dialog = widget.dialog
    assert isinstance(dialog, AddCanvasserDialog) and dialog.isVisible()
    assert not dialog.own_pin_edit.isVisibleTo(dialog)  # own PINs are off
    dialog.name_edit.setText("maria")
    dialog.supervisor_edit.setText("000001")
    click(qtbot, dialog.ok_button)
    assert "Wrong PIN" in dialog.message.text()
    assert "maria" not in [widget.combo.itemData(i) for i in range(widget.combo.count())]
    dialog.supervisor_edit.setText(PIN)
    with qtbot.waitSignal(widget.canvasser_switched) as switched:
        click(qtbot, dialog.ok_button)
    assert switched.args == ["maria"] and widget.current == "maria"
    assert people.current_canvasser(db) == "maria"


def test_switching_to_someone_with_a_pin_needs_it(qtbot, db: sqlite_utils.Database) -> None:
    people.set_supervisor_pin(db, PIN)
    people.start_first_canvasser(db, "ben")
    widget = CanvasserSwitchWidget(db)
    qtbot.addWidget(widget)
    # the supervisor turns own PINs on while adding Ana with hers
    click(qtbot, widget.add_button)
    add = widget.dialog
    assert isinstance(add, AddCanvasserDialog)
    add.name_edit.setText("ana")
    add.own_pins_box.setChecked(True)
    assert add.own_pin_edit.isVisibleTo(add)
    add.own_pin_edit.setText(ANA_PIN)
    add.own_repeat_edit.setText(ANA_PIN)
    add.supervisor_edit.setText(PIN)
    click(qtbot, add.ok_button)
    assert widget.current == "ana" and people.own_pins_on(db)

    # back to Ben (no own PIN: the supervisor's), then to Ana (hers)
    widget.switch_to("ben")
    ask = widget.dialog
    assert isinstance(ask, SwitchPinDialog) and not ask.supervisor_box.isVisibleTo(ask)
    ask.reject()
    assert widget.current == "ana"  # cancelled: nothing changed, the combo says so
    widget.switch_to("ben")
    ask = widget.dialog
    assert isinstance(ask, SwitchPinDialog)
    ask.pin_edit.setText(PIN)
    click(qtbot, ask.ok_button)
    assert widget.current == "ben" == people.current_canvasser(db)

    widget.combo.setCurrentIndex(widget.combo.findData("ana"))
    widget.combo.activated.emit(widget.combo.currentIndex())
    ask = widget.dialog
    assert isinstance(ask, SwitchPinDialog) and ask.supervisor_box.isVisibleTo(ask)
    ask.pin_edit.setText("111112")
    click(qtbot, ask.ok_button)
    assert "Wrong PIN" in ask.message.text() and people.current_canvasser(db) == "ben"
    ask.pin_edit.setText(ANA_PIN)
    with qtbot.waitSignal(widget.canvasser_switched):
        click(qtbot, ask.ok_button)
    assert widget.current == "ana" == people.current_canvasser(db)


def test_review_my_visits_queries_only_the_current_canvassers(qtbot, small_ledger: Ledger) -> None:
    own = small_ledger.summary.by_canvasser["ana"]
    review = SupervisorReviewView(small_ledger.data_dir, canvasser="ana", supervisor=False)
    qtbot.addWidget(review)
    model = review.history.model
    assert model.rowCount() == own < small_ledger.summary.visits
    # the model scopes every filter it is given, whoever builds it
    model.set_filter(HistoryFilter(search=None))
    assert model.current_filter.canvasser == "ana" and model.rowCount() == own
    rows = {model.row_at(i).canvasser for i in range(model.rowCount())}  # type: ignore[union-attr]
    assert rows == {"ana"}
    with pytest.raises(NotAllowed, match="only the supervisor may see gus's visits"):
        model.set_filter(HistoryFilter(canvasser="gus"))
    assert not review.history.canvasser_box.isEnabled()
    # the Stats and Map tabs read the History tab's (scoped) filter
    assert review.current_filter.canvasser == "ana"
    review.tabs.setCurrentWidget(review.stats)
    assert review.stats.table.rowCount() == 1
    review.close()
    # a canvasser view with nobody current is refused rather than shown everything
    with pytest.raises(NotAllowed):
        HistoryTableModel(review.db, viewer=Viewer(canvasser=None, supervisor=False))
