"""The supervisor views (pytest-qt, offscreen) on the generated ledgers."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

pytest.importorskip("PySide6.QtCharts")

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from canvass_app.core.outbox import rule_of
from canvass_app.qt import tasks
from canvass_app.services import people
from canvass_app.services.history import SUPERVISOR, HistoryFilter, history_page
from canvass_app.services.outbox_transfer import export_outbox
from canvass_app.storage.db import open_database
from canvass_app.ui.supervisor.detail_dialog import VisitDetailDialog
from canvass_app.ui.supervisor.history_model import COLUMNS, HistoryTableModel
from canvass_app.ui.supervisor.history_view import HistoryView
from canvass_app.ui.supervisor.map_view import MapView
from canvass_app.ui.supervisor.pin_dialog import SupervisorPinDialog
from canvass_app.ui.supervisor.review_view import SupervisorReviewView
from canvass_app.ui.supervisor.stats_view import StatsView

from .conftest import BIG_LEDGER_VISITS, Ledger

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def inline_tasks() -> Iterator[None]:
    tasks.set_inline(True)
    try:
        yield
    finally:
        tasks.set_inline(False)


def test_model_pages_a_100k_ledger_without_loading_it(qtbot, big_db: sqlite_utils.Database) -> None:
    model = HistoryTableModel(big_db, viewer=SUPERVISOR)
    assert model.rowCount() == BIG_LEDGER_VISITS
    assert model.columnCount() == len(COLUMNS)
    for row in (0, 1, 50_000, 99_999, 73_211, 0):
        assert model.index(row, 0).data()
    assert model.cached_rows() <= model.PAGE_SIZE * model.MAX_PAGES
    assert model.pages_fetched == 4  # row 1 shares page 0; the last 0 is still cached
    # Sorting happens in SQL: the newest knock first, then the oldest first.
    knock_column = [key for key, _ in COLUMNS].index("knock_time")
    model.sort(knock_column, Qt.SortOrder.AscendingOrder)
    first = model.row_at(0)
    last = model.row_at(BIG_LEDGER_VISITS - 1)
    assert first is not None and last is not None and first.knock_time <= last.knock_time
    state_column = [key for key, _ in COLUMNS].index("state")
    model.sort(state_column, Qt.SortOrder.DescendingOrder)
    assert model.row_at(0).state == "unknown"  # type: ignore[union-attr]


def test_history_view_filters_search_and_says_bad_dates(
    qtbot, big_db: sqlite_utils.Database, big_ledger: Ledger
) -> None:
    view = HistoryView(big_db, canvasser=None, supervisor=True)
    qtbot.addWidget(view)
    assert view.model.rowCount() == BIG_LEDGER_VISITS
    emitted: list[HistoryFilter] = []
    view.filter_changed.connect(emitted.append)
    view.state_box.setCurrentIndex(view.state_box.findData("rejected"))
    assert view.model.rowCount() == big_ledger.summary.by_state["rejected"]
    assert emitted[-1].states == ("rejected",)
    assert view.count_label.text() == f"{big_ledger.summary.by_state['rejected']:,} visits"
    view.state_box.setCurrentIndex(0)
    qtbot.keyClicks(view.search_edit, "gate code")
    view.apply_filters()  # what the debounce timer does after a pause
    expected = big_db.execute(
        "SELECT COUNT(*) FROM visits WHERE notes LIKE '%gate code%'"
    ).fetchone()[0]
    assert view.model.rowCount() == expected
    view.since_edit.setText("last tuesday")
    view.apply_filters()
    assert view.problem_label.isVisibleTo(view)
    assert "'last tuesday' is not a date or time" in view.problem_label.text()
    assert view.model.rowCount() == expected  # the table kept the last good filter


def test_canvasser_sees_only_own_visits(
    qtbot, big_db: sqlite_utils.Database, big_ledger: Ledger
) -> None:
    view = HistoryView(big_db, canvasser="ana", supervisor=False)
    qtbot.addWidget(view)
    assert not view.canvasser_box.isEnabled()
    assert not view.export_queue_button.isVisibleTo(view)
    assert view.model.rowCount() == big_ledger.summary.by_canvasser["ana"]
    assert {view.model.row_at(i).canvasser for i in range(0, 12_000, 997)} == {"ana"}  # type: ignore[union-attr]


def test_detail_actions_requeue_edit_void_export(
    qtbot, small_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    rejected = history_page(small_db, HistoryFilter(states=("rejected",)), limit=1)[0]
    dialog = VisitDetailDialog(small_db, rejected.local_id)
    qtbot.addWidget(dialog)
    assert dialog.requeue_button.isEnabled()
    changed: list[str] = []
    dialog.visit_changed.connect(changed.append)
    qtbot.mouseClick(dialog.requeue_button, Qt.MouseButton.LeftButton)
    assert dialog.detail is not None and dialog.detail.row.state == "queued"
    assert not dialog.requeue_button.isEnabled()

    data = dict(dialog.detail.row.data)
    data["successful"] = not data.get("successful", False)
    assert dialog.apply_edit(json.dumps(data))
    assert dialog.detail.row.data["successful"] == data["successful"]

    out = tmp_path / "visit.json"
    dialog.export_to(out)
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["local_id"] == rejected.local_id and exported["sync_log"]

    dialog.void_visit()
    assert dialog.detail.row.deleted
    assert not dialog.void_button.isEnabled()
    assert changed == [rejected.local_id] * 3


def test_detail_refuses_bad_json_in_words(
    qtbot, small_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = history_page(small_db, HistoryFilter(), limit=1)[0]
    dialog = VisitDetailDialog(small_db, row.local_id)
    qtbot.addWidget(dialog)
    shown: list[str] = []
    monkeypatch.setattr(dialog, "_show_error", lambda error: shown.append(str(error)))
    assert not dialog.apply_edit("{not json")
    assert not dialog.apply_edit("[1, 2]")
    assert "not valid JSON" in shown[0] and "must be a JSON object" in shown[1]


def test_stats_view_draws_table_flags_and_charts(qtbot, big_ledger: Ledger) -> None:
    view = StatsView(big_ledger.data_dir)
    qtbot.addWidget(view)
    view.refresh()
    assert view.table.rowCount() == 8
    names = [view.table.item(r, 0).text() for r in range(8)]
    gus = names.index("gus")
    assert "unusually high" in view.table.item(gus, 7).text()
    assert view.table.item(names.index("ana"), 7).text() == "—"
    assert view.outcome_chart.series() and view.grade_chart.series()
    grade_sets = view.grade_chart.series()[0].barSets()
    assert [s.label() for s in grade_sets][0].endswith("Under 100 m")
    view.group_by.setCurrentIndex(1)
    assert view.table.rowCount() == 4
    assert view.table.horizontalHeaderItem(0).text() == "Walklist"


def test_map_draws_visits_doors_and_opens_a_click(qtbot, small_ledger: Ledger) -> None:
    view = MapView(small_ledger.data_dir)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    view.refresh()
    data = view.data
    assert data is not None and not data.truncated
    with_fix = [v for v in data.visits if v.lat is not None]
    drawn = view.map._visits
    assert len(drawn) == len(with_fix) > 0
    assert view.map.doors and all(door.id in data.newest_visit for door in view.map.doors)
    assert any(door_position is not None for _visit, _at, door_position in drawn)  # lines
    assert data.streets and data.basemap is None  # no tiles: the walklists' own streets
    assert "without a fix are not on the map" in view.status.text()
    # each door reads as in the walklist: its state in words
    door = view.map.doors[0]
    look = view.map.look(door.id)
    assert look is not None and look.words
    assert view.map.door_words(door.id).startswith(door.address)
    # the buttons read in full ("Fit doors" once showed as "t door")
    for button in (view.fit_doors_button, view.fit_all_button):
        assert button.width() >= button.fontMetrics().horizontalAdvance(button.text())

    before = view.map.zoom_level()
    view.map.setFocus()
    qtbot.keyClick(view.map, Qt.Key.Key_Plus)
    assert view.map.zoom_level() > before
    centre = QPointF(view.map.rect().center())
    wheel_out = QWheelEvent(
        centre,
        QPointF(view.map.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, -240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    zoomed_in = view.map.zoom_level()
    QApplication.sendEvent(view.map, wheel_out)
    assert view.map.zoom_level() == pytest.approx(zoomed_in - 2 * math.log2(1.25))
    qtbot.keyClick(view.map, Qt.Key.Key_Minus)
    assert view.map.zoom_level() == pytest.approx(zoomed_in - 3 * math.log2(1.25))
    view.map.fit_all()

    # a click on a visit opens it
    visit, _at, _door = drawn[0]
    view.map.set_view(visit.lat, visit.lng, 19)
    point = view.map.screen_point(visit.lat, visit.lng).toPoint()
    target = view.map.visit_at(QPointF(point))
    assert target is not None
    with qtbot.waitSignal(view.visit_clicked) as blocker:
        if view.map.door_at(QPointF(point)) is None:
            qtbot.mouseClick(view.map, Qt.MouseButton.LeftButton, pos=point)
        else:  # the visit was recorded at its door: the door answers the click
            view.map.visit_clicked.emit(target)
    assert blocker.args == [target]

    # the keyboard walks from door to door; Enter opens the door's newest visit
    view.map.fit_doors()
    view.map.setFocus()
    with qtbot.assertNotEmitted(view.visit_clicked):
        qtbot.keyClick(view.map, Qt.Key.Key_PageDown)
    first = view.map.doors[0].id
    assert view.map.selected == [first]
    with qtbot.waitSignal(view.visit_clicked) as opened:
        qtbot.keyClick(view.map, Qt.Key.Key_Return)
    assert opened.args == [data.newest_visit[first]]


def test_review_view_tabs_and_queue_transfer(qtbot, small_ledger: Ledger, tmp_path: Path) -> None:
    review = SupervisorReviewView(small_ledger.data_dir, canvasser=None, supervisor=True)
    qtbot.addWidget(review)
    review.tabs.setCurrentWidget(review.stats)
    assert review.stats.table.rowCount() == 8
    review.tabs.setCurrentWidget(review.map)
    assert review.map.data is not None
    dialog = review.open_detail(review.history.model.row_at(0).local_id)  # type: ignore[union-attr]
    qtbot.addWidget(dialog)

    # Move the unsent queue to another laptop: imported once, the second time skipped.
    queue = tmp_path / "outbox.jsonl"
    sent = export_outbox(review.db, queue)
    other_dir = tmp_path / "other-laptop"
    other = SupervisorReviewView(other_dir, canvasser=None, supervisor=True)
    qtbot.addWidget(other)
    first = other.history.import_queue(queue)
    assert first.imported == sent > 0  # type: ignore[attr-defined]
    assert other.history.model.rowCount() == sent
    again = other.history.import_queue(queue)
    assert again.imported == 0 and again.skipped_duplicates == sent  # type: ignore[attr-defined]
    assert other.history.model.rowCount() == sent
    review.close()
    other.close()


def test_pin_dialog_only_checks_the_pin(qtbot, data_dir: Path) -> None:
    db = open_database(data_dir)
    try:
        nobody_set_it = SupervisorPinDialog(db)
        qtbot.addWidget(nobody_set_it)
        assert "No supervisor PIN is set" in nobody_set_it.message.text()
        assert not nobody_set_it.ok_button.isEnabled()  # never "first come chooses"
        assert not people.has_supervisor_pin(db)

        people.set_supervisor_pin(db, "258014")
        asking = SupervisorPinDialog(db)
        qtbot.addWidget(asking)
        asking.pin_edit.setText("111112")
        qtbot.mouseClick(asking.ok_button, Qt.MouseButton.LeftButton)
        assert "Wrong PIN" in asking.message.text() and asking.pin_edit.text() == ""
        asking.pin_edit.setText("258014")
        qtbot.mouseClick(asking.ok_button, Qt.MouseButton.LeftButton)
        assert asking.result() == SupervisorPinDialog.DialogCode.Accepted
    finally:
        db.close()


def test_supervisor_mode_needs_the_pin_and_then_shows_everyone(qtbot, small_ledger: Ledger) -> None:
    review = SupervisorReviewView(small_ledger.data_dir, canvasser="ana", supervisor=False)
    qtbot.addWidget(review)
    own = review.history.model.rowCount()
    assert own == small_ledger.summary.by_canvasser["ana"]
    assert review.supervisor_button.isVisibleTo(review)
    people.set_supervisor_pin(review.db, "753196")
    review.enter_supervisor_mode()
    assert review.supervisor and not review.supervisor_button.isVisibleTo(review)
    assert review.history.model.rowCount() == small_ledger.summary.visits
    review.tabs.setCurrentWidget(review.stats)
    assert review.stats.table.rowCount() == 8
    review.close()


def test_stats_are_computed_on_a_worker_thread(qtbot, small_ledger: Ledger) -> None:
    tasks.set_inline(False)
    view = StatsView(small_ledger.data_dir)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.stats_updated, timeout=30_000) as blocker:
        view.refresh()
    assert len(blocker.args[0]) == 8
    assert tasks.wait_for_all(10_000)


@pytest.mark.parametrize(
    "state", ["queued", "sent", "retry_wait", "unknown", "needs_attention", "rejected"]
)
def test_detail_offers_send_again_only_where_the_state_rules_allow(
    qtbot, small_db: sqlite_utils.Database, state: str
) -> None:
    rows = [
        row
        for row in history_page(small_db, HistoryFilter(states=(state,)), limit=50)
        if not row.deleted
    ]
    if not rows:
        pytest.skip(f"the small ledger has no {state} visit")
    dialog = VisitDetailDialog(small_db, rows[0].local_id)
    qtbot.addWidget(dialog)
    assert dialog.requeue_button.isEnabled() is rule_of(state).requeueable


def test_send_again_refused_by_storage_is_told_in_words(
    qtbot, small_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    unknown = history_page(small_db, HistoryFilter(states=("unknown",)), limit=1)
    if not unknown:
        pytest.skip("the small ledger has no unknown visit")
    dialog = VisitDetailDialog(small_db, unknown[0].local_id)
    qtbot.addWidget(dialog)
    assert not dialog.requeue_button.isEnabled()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: told.append(text))
    dialog._on_requeue_clicked()  # as if the button were pressed anyway
    assert told and "may already be on the server" in told[0]
    assert dialog.detail is not None and dialog.detail.row.state == "unknown"
