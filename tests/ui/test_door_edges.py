"""Bad surveys, signing in and out, location, help, theme, language and a 50,000-door list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from canvass_app.core.geo import Fix, GpsGrade, usable_fix
from canvass_app.core.walklist import Address, Contact, Household, WalklistEntry, group_doors
from canvass_app.credentials import TokenStore
from canvass_app.server.seed import DEMO_LIST_ID
from canvass_app.services import visits as visit_service
from canvass_app.storage import cache
from canvass_app.storage.cache import CacheRepo
from canvass_app.storage.db import open_database
from canvass_app.ui.location_panel import LocationPanelWidget
from canvass_app.ui.walklist_model import NodeKind, WalklistFilter, WalklistModel

pytestmark = pytest.mark.gui

BROKEN_SURVEY = {
    "id": "broken-survey",
    "data": {
        "name": "Broken Survey",
        "campaignId": "",
        "questions": [
            {
                "questionId": "q1",
                "text": "Pick a colour",
                "tag": "colour",
                "type": "dropdown",
                "options": [],
            },
            {"questionId": "q2", "text": "Rate us", "type": "scale", "options": [{"text": "1"}]},
        ],
    },
}


def add_broken_default_survey(data_dir: Path) -> None:
    """Put a malformed survey in the offline cache and make it the list's default."""
    db = open_database(data_dir)
    try:
        repo = CacheRepo(db)
        listing = repo.cached_list(DEMO_LIST_ID)
        assert listing is not None
        broken = dict(BROKEN_SURVEY)
        broken["data"] = dict(BROKEN_SURVEY["data"], campaignId=listing.campaign_id)
        repo.replace_walklist(
            cache.CachedList(
                listing.list_id,
                listing.campaign_id,
                listing.name,
                listing.pulled_at,
                default_survey_id="broken-survey",
            ),
            contact_households=repo.documents(cache.CONTACT_HOUSEHOLD, listing.list_id),
            surveys=[*repo.documents(cache.SURVEY, listing.campaign_id), broken],
            statuses=repo.documents(cache.STATUS),
            status_groups=repo.documents(cache.STATUS_GROUP),
            campaign=None,
        )
    finally:
        db.conn.close()


def test_a_malformed_survey_is_explained_and_outcomes_still_work(
    pulled_data_dir: Path, make_window: Any
) -> None:
    add_broken_default_survey(pulled_data_dir)
    window = make_window(pulled_data_dir)
    form = window.door_view.survey_form
    assert window.door_view.current_survey_id() == "broken-survey"
    assert form.pages.currentIndex() == form.PAGE_PROBLEMS
    text = form.problems_label.text() + "\n" + form.problem_details.text()
    assert "Broken Survey" in text
    assert "'Pick a colour'" in text and "dropdown" in text  # names the question and the fault
    assert "'Rate us'" in text
    assert "keys 1–7" in text

    entry = window.walklist.entries[0]
    window.walklist_view.select_contact(entry.contact.id)
    assert not window.start_survey()  # refuses, does not crash
    window.walklist_view.tree.setFocus()
    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_1)
    visits = visit_service.list_visits(window.db)
    assert len(visits) == 1, window.message_label.text()
    assert visits[0].data["unavailableReason"] == "Not Home"

    # the good surveys are still there to pick
    index = window.door_view.survey_combo.findText("Default Survey")
    window.door_view.survey_combo.setCurrentIndex(index)
    window.door_view.survey_combo.activated.emit(index)
    assert window.start_survey()
    assert form.current_question is not None


def test_no_walklist_yet_says_how_to_get_one(data_dir: Path, make_window: Any) -> None:
    window = make_window(data_dir)
    assert "Download" in window.walklist_view.title_label.text()
    assert window.walklist_model.rowCount() == 0
    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_1)  # nothing picked: no crash
    assert visit_service.list_visits(window.db) == []


def test_download_walklist_from_the_gui(data_dir: Path, make_window: Any, qtbot: Any) -> None:
    window = make_window(data_dir)
    assert window.walklist is None
    window.download_walklist()
    qtbot.waitUntil(lambda: window.walklist is not None, timeout=20_000)
    assert window.walklist_model.counts().doors > 0
    assert "Downloaded" in window.message_label.text()
    assert not window.walklist_view.download_progress.isVisible()


def test_sign_in_with_a_pasted_token_goes_to_the_keyring(window: Any, qtbot: Any) -> None:
    window.sign_in()
    dialog = window.sign_in_dialog
    assert not dialog.notice_label.isVisible()
    dialog.token_edit.setText("  new-token  ")
    with qtbot.waitSignal(dialog.signed_in):
        dialog.sign_in_button.click()
    assert TokenStore(window.api_url).get() == "new-token"
    assert window.token == "new-token"
    assert "new-token" not in window.message_label.text()


def test_sign_in_without_a_keyring_says_session_only(window: Any, qtbot: Any) -> None:
    keyring.set_keyring(fail.Keyring())
    window.sign_in()
    dialog = window.sign_in_dialog
    assert dialog.notice_label.isVisible()
    assert "kept for this session only" in dialog.notice_label.text()
    dialog.token_edit.setText("session-token")
    with qtbot.waitSignal(dialog.signed_in):
        dialog.sign_in_button.click()
    assert dialog.persisted is False
    assert "kept for this session only" in window.message_label.text()


def test_sign_in_by_authorization_code(window: Any, qtbot: Any) -> None:
    from canvass_app.server.seed import DEMO_CODE

    window.sign_in()
    dialog = window.sign_in_dialog
    dialog.tabs.setCurrentIndex(1)
    dialog.sign_in_button.click()
    assert "client id" in dialog.message_label.text()  # says what is missing
    dialog.client_id_edit.setText("canvass-app")
    dialog.client_secret_edit.setText("secret")
    dialog.code_edit.setText(DEMO_CODE)
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000):
        dialog.sign_in_button.click()
    assert window.token and window.token == TokenStore(window.api_url).get()


def test_sign_out_is_refused_while_visits_are_unsent_unless_exported(
    window: Any, tmp_path: Path
) -> None:
    TokenStore(window.api_url).set("stored-token")
    window.walklist_view.select_contact(window.walklist.entries[0].contact.id)
    window.walklist_view.tree.setFocus()
    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_1)
    window._ask_export_path = lambda unsent: None  # the person declines to export
    assert window.sign_out() is False
    assert TokenStore(window.api_url).get() == "stored-token"
    assert "not sent yet" in window.message_label.text()

    export = tmp_path / "unsent.jsonl"
    assert window.sign_out(export_to=export) is True
    assert export.exists() and export.read_text().strip()
    assert TokenStore(window.api_url).get() is None


def test_location_panel_grades_the_distance_by_shape_word_and_colour(qtbot: Any) -> None:
    panel = LocationPanelWidget(max_accuracy_m=100)
    qtbot.addWidget(panel)
    now = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    panel.set_clock(lambda: now)
    assert panel.grade() is GpsGrade.NONE
    assert "No GPS captured" in panel.grade_label.text()

    panel.set_household(42.3732, -71.1074)
    panel.set_fix(Fix(42.3732, -71.1074 + 0.0005, 8.0, now - timedelta(seconds=5), "nmea"))
    assert panel.grade() is GpsGrade.GOOD
    assert GpsGrade.GOOD.shape in panel.grade_label.text()
    assert GpsGrade.GOOD.color in panel.grade_label.text()
    assert "Under 100 m" in panel.grade_label.text()
    assert "±8 m" in panel.fix_label.text() and "5 s old" in panel.fix_label.text()

    panel.set_fix(Fix(42.3732, -71.1074 + 0.003, 8.0, now, "nmea"))  # ~250 m
    assert panel.grade() is GpsGrade.FAIR

    panel.set_fix(Fix(42.3732, -71.1074, 450.0, now, "nmea"))  # too inaccurate
    assert panel.grade() is GpsGrade.NONE
    assert "No GPS captured" in panel.grade_label.text()
    assert "Not used" in panel.fix_label.text()

    panel.set_fix(Fix(42.3732, -71.1074, 5.0, now - timedelta(minutes=5), "nmea"))  # too old
    assert panel.grade() is GpsGrade.NONE
    panel.stop()


def test_help_lists_every_shortcut(window: Any) -> None:
    QTest.keyClick(window, Qt.Key.Key_F1)
    dialog = window.help_dialog
    rows = dict((does, keys) for keys, does in dialog.rows())
    assert rows["Sync now"] == "Ctrl+S"
    assert rows["Undo last visit"] == "Ctrl+Z"
    assert rows["Record Not Home"] == "1"
    assert rows["Record Other Language"] == "7"
    assert "F1" in rows["Keyboard shortcuts"] and "?" in rows["Keyboard shortcuts"]
    dialog.close()


def test_every_control_has_an_accessible_name_and_a_big_target(window: Any) -> None:
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit

    window.walklist_view.select_contact(window.walklist.entries[0].contact.id)
    assert window.start_survey()
    controls = [
        widget
        for widget in window.findChildren(QAbstractButton)
        + window.findChildren(QLineEdit)
        + window.findChildren(QComboBox)
        if widget.isVisible()
    ]
    assert len(controls) > 15
    unnamed = [c for c in controls if not c.accessibleName() and not c.text()]
    assert unnamed == []
    small = [
        c.accessibleName()
        for c in window.findChildren(QAbstractButton)
        if c.isVisible() and c.height() < 44 and c.metaObject().className() == "QPushButton"
    ]
    assert small == []


def test_high_contrast_theme_applies_and_is_saved(window: Any) -> None:
    from canvass_app.services.settings import load_settings
    from canvass_app.ui.theme import current_theme

    window.high_contrast_action.trigger()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert current_theme(app) == "high-contrast"
    assert "#00FFFF" in app.styleSheet()  # the focus ring colour of that theme
    assert load_settings(window.data_dir).theme == "high-contrast"
    window.set_theme("light")


def test_demo_banner(pulled_data_dir: Path, make_window: Any) -> None:
    window = make_window(pulled_data_dir, demo=True)
    assert window.demo_banner.isVisible()
    assert window.demo_banner.text() == "Demo campaign — practice data"
    plain = make_window(pulled_data_dir)
    assert not plain.demo_banner.isVisible()


def test_spanish_interface_loads_translated_strings(
    pulled_data_dir: Path, make_window: Any
) -> None:
    from canvass_app.ui.i18n import install_translators, remove_translators

    app = QCoreApplication.instance()
    assert app is not None
    translators = install_translators(app, "es")
    try:
        assert translators, "the Spanish catalogue did not load"
        window = make_window(pulled_data_dir)
        assert window.sync_status.sync_button.text() == "Sincronizar ahora"
        assert window.undo_action.text() == "Deshacer la última visita"
        assert window.door_view.outcome_bar.buttons["not_home"].text() == "1  No está en casa"
        assert window.demo_banner.text() == "Campaña de demostración — datos de práctica"
    finally:
        remove_translators(app, translators)


def synthetic_entries(count: int) -> list[WalklistEntry]:
    entries = []
    for i in range(count):
        building = i // 4  # four households per address
        address = Address(
            id=f"a{building}",
            number=str(building % 400 + 1),
            street_name=f"Street {building // 400}",
            city="Cambridge",
            state="MA",
            postal_code="02139",
            lat=42.0 + building * 1e-5,
            lng=-71.0,
        )
        household = Household(id=f"h{i}", unit_num=str(i % 4 + 1), address=address)
        contact = Contact(id=f"c{i}", given="Ana", surname=f"Surname{i}")
        entries.append(WalklistEntry(f"ch{i}", contact, household))
    return entries


def test_the_model_handles_50000_households(qtbot: Any) -> None:
    model = WalklistModel()
    buildings = group_doors(synthetic_entries(50_000))
    model.set_walklist(buildings)
    counts = model.counts()
    assert counts.doors == 50_000 and counts.done == 0 and counts.shown_doors == 50_000
    # streets are grouped by side; every door is reachable through the tree
    street = model.index(0, 0)
    assert model.node_kind(street) is NodeKind.STREET
    building = model.index(0, 0, street)
    assert model.node_kind(building) is NodeKind.BUILDING
    assert model.rowCount(building) == 4

    model.set_search("surname49999")
    assert model.counts().shown_doors == 1
    assert model.index_for_contact("c49999").isValid()
    # filters run over every door: none is marked "come back" yet, then one is
    model.set_filter(WalklistFilter.COME_BACK)
    model.set_search("")
    assert model.rowCount() == 0
    model.record_visits([come_back_visit("c777", "h777")])
    assert model.counts().shown_doors == 1 and model.counts().done == 1
    assert model.index_for_contact("c777").isValid()


def come_back_visit(contact_id: str, household_id: str) -> Any:
    from canvass_app.core.outbox import OutboxState, Visit

    return Visit(
        local_id="v-" + contact_id,
        seq=1,
        canvasser="ana",
        walklist_id=None,
        campaign_id="c",
        contact_id=contact_id,
        household_id=household_id,
        knock_time="2026-05-01T12:00:00.000Z",
        sent_time=None,
        data={"unavailable": True, "unavailableReason": "Come Back"},
        server_id=None,
        etag=None,
        state=OutboxState.QUEUED,
        deleted=False,
        last_error=None,
        contact_name="",
        address_line="",
        unit="",
        outcome="Come Back",
        distance_miles=None,
        gps_grade="none",
        created_at="2026-05-01T12:00:00.000Z",
        updated_at="2026-05-01T12:00:00.000Z",
    )


def test_the_model_passes_qt_model_checks(window: Any) -> None:
    from PySide6.QtTest import QAbstractItemModelTester

    mode = QAbstractItemModelTester.FailureReportingMode.Fatal
    tester = QAbstractItemModelTester(window.walklist_model, mode)
    window.walklist_model.set_search("street")
    window.walklist_model.set_filter(WalklistFilter.NOT_VISITED)
    window.walklist_model.set_filter(WalklistFilter.ALL)
    del tester


def test_run_gui_shows_the_window_and_returns_when_it_closes(
    pulled_data_dir: Path, polis_server: Any, qtbot: Any
) -> None:
    from PySide6.QtCore import QTimer

    from canvass_app.ui.app import run_gui
    from canvass_app.ui.main_window import MainWindow

    seen: list[MainWindow] = []

    def close_it() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        seen.extend(w for w in windows if w.isVisible())
        for window in windows:
            window.close()

    QTimer.singleShot(300, close_it)
    code = run_gui(
        data_dir=pulled_data_dir,
        api_url=polis_server.url,
        token=polis_server.token,
        list_id=DEMO_LIST_ID,
        demo=True,
    )
    assert code == 0
    assert len(seen) == 1
    assert not seen[0].demo_banner.isHidden()  # (the window is closed by now)
    assert seen[0].walklist_model.counts().doors > 0


def test_sync_status_shows_progress_errors_and_the_oldest_age(qtbot: Any) -> None:
    from canvass_app.core.outbox import OutboxState, SyncCounts, SyncProgress, SyncReport
    from canvass_app.ui.sync_status import SyncStatusWidget

    widget = SyncStatusWidget()
    qtbot.addWidget(widget)
    widget.show()
    widget.set_counts(
        SyncCounts(
            counts={OutboxState.QUEUED: 2, OutboxState.REJECTED: 1, OutboxState.SENT: 9},
            oldest_unsent_age_s=7 * 60,
            last_sync_at=None,
        )
    )
    assert widget.pending_label.text().startswith("3 waiting to send")
    assert "1 need your attention" in widget.pending_label.text()
    assert widget.oldest_label.text() == "oldest: 7 min"
    # Every visit sent but a person added at the door still waiting: not "all sent".
    widget.set_counts(
        SyncCounts(
            counts={OutboxState.SENT: 9},
            oldest_unsent_age_s=None,
            last_sync_at=None,
            people={OutboxState.RETRY_WAIT: 1},
        )
    )
    assert widget.pending_label.text() == "People added here, waiting to send: 1"
    widget.show_syncing()
    assert widget.progress_bar.isVisible()
    widget.set_progress(SyncProgress(done=1, total=3))
    assert widget.progress_bar.value() == 1 and widget.progress_bar.maximum() == 3
    widget.set_error("No connection. Visits are saved on this laptop.")
    assert not widget.progress_bar.isVisible()
    assert widget.error_label.isVisible() and "No connection" in widget.error_label.text()
    report = SyncReport(
        attempted=3,
        sent=3,
        retry_wait=0,
        unknown=0,
        needs_attention=0,
        rejected=0,
        remaining=0,
        auth_required=False,
        offline=False,
        last_error=None,
    )
    widget.set_report(report)
    assert not widget.error_label.isVisible()
    assert widget.pending_label.text() == "✓ All visits sent"
    widget.set_report(
        SyncReport(
            attempted=1,
            sent=0,
            retry_wait=0,
            unknown=0,
            needs_attention=0,
            rejected=0,
            remaining=1,
            auth_required=True,
            offline=False,
            last_error=None,
        )
    )
    assert widget.sign_in_button.isVisible()
    assert "Sign-in needed" in widget.error_label.text()
    with qtbot.waitSignal(widget.sync_requested):
        widget.sync_button.click()


def test_review_settings_and_about_open_from_the_window(window: Any) -> None:
    import dataclasses

    from canvass_app.ui.theme import current_theme

    window.walklist_view.select_contact(window.walklist.entries[0].contact.id)
    window.walklist_view.tree.setFocus()
    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_1)
    review = window.open_my_review()
    assert review.isVisible()

    window.open_settings()
    assert window.settings_dialog.isVisible()
    window.settings_dialog.close()
    changed = dataclasses.replace(window.settings, theme="dark", accuracy_threshold_m=50.0)
    window.apply_settings(changed)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert current_theme(app) == "dark"
    assert window.theme_actions["dark"].isChecked()
    assert window.door_view.location_panel._max_accuracy_m == 50.0
    window.apply_settings(dataclasses.replace(changed, language="es", theme="light"))
    assert "Restart" in window.message_label.text()

    window.open_about()
    assert window.about_dialog.isVisible()
    window.about_dialog.close()


def test_the_position_source_feeds_the_location_panel(
    pulled_data_dir: Path, make_window: Any, qtbot: Any
) -> None:
    from canvass_app.services.paths import resources_dir

    nmea = resources_dir() / "demo-walk.nmea"
    if not nmea.exists():
        pytest.skip("the demo NMEA log is not in this checkout")
    window = make_window(pulled_data_dir, start_services=True, nmea_path=nmea)
    panel = window.door_view.location_panel
    qtbot.waitUntil(lambda: panel.fix is not None, timeout=15_000)
    assert "Fix ±" in panel.fix_label.text()
    window.walklist_view.select_contact(window.walklist.entries[0].contact.id)
    window.walklist_view.tree.setFocus()
    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_1)
    visit = visit_service.list_visits(window.db)[0]
    fix = panel.fix
    assert fix is not None and usable_fix(fix, datetime.now(UTC))
    # The demo's walk starts at the walklist's first door and stays there a minute: the
    # first demo visit is graded at the door, as in the field (it was "Over 300 m").
    assert visit.data["location"]["lat"] == pytest.approx(fix.lat, abs=0.001)
    assert visit.gps_grade == GpsGrade.GOOD.value
    assert panel.grade() is GpsGrade.GOOD


def test_do_not_knock_doors_are_shown_as_such_and_left_out_of_the_to_do_list(
    qtbot: Any,
) -> None:
    from canvass_app.core.door_marks import DoorMark
    from canvass_app.core.outcomes import DEFAULT_STATUSES, status_by_name
    from canvass_app.ui.walklist_model import DOOR_MARK_ROLE

    dnk = status_by_name(DEFAULT_STATUSES, "Do Not Knock")
    assert dnk is not None
    model = WalklistModel()
    model.set_walklist(
        group_doors(synthetic_entries(8)), statuses=DEFAULT_STATUSES, list_statuses={"h1": dnk}
    )
    index = model.index_for_contact("c1").parent()  # the door of household h1
    outcome = model.index(index.row(), 1, index.parent())
    assert model.data(outcome, DOOR_MARK_ROLE) == DoorMark.DO_NOT_KNOCK.value
    assert model.data(outcome) == "Do Not Knock"  # words, not colour alone
    assert model.data(outcome, Qt.ItemDataRole.DecorationRole) is not None  # and a shape
    # a visit recorded there does not make it knockable again
    model.record_visits([come_back_visit("c1", "h1")])
    assert model.door_mark_for_household("h1") is DoorMark.DO_NOT_KNOCK
    model.set_filter(WalklistFilter.NOT_VISITED)
    assert not model.index_for_contact("c1").isValid()
    assert model.index_for_contact("c2").isValid()


def test_opening_a_list_leaves_what_was_frozen_and_a_reload_collects_its_dead_cycles(
    pulled_data_dir: Path, make_window: Any
) -> None:
    import gc
    import weakref

    class Cycle:
        me: Any = None

    def frozen_dead_cycle() -> weakref.ref[Cycle]:
        cycle = Cycle()
        cycle.me = cycle
        gc.freeze()  # as a load before this one froze its objects
        return weakref.ref(cycle)

    try:
        first = frozen_dead_cycle()
        # A window's first load does not thaw (a full collection walks every frozen object).
        window = make_window(pulled_data_dir)
        assert first() is not None and window.walklist is not None
        # A reload thaws what was frozen: no dead cycle stays frozen for good.
        second = frozen_dead_cycle()
        window.reload_walklist()
        assert first() is None and second() is None
        assert window.walklist_model.rowCount() > 0
    finally:
        gc.unfreeze()  # leave no frozen objects to the next tests
