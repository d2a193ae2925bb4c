"""Screenshots of the door screen for docs/screenshots (and for looking at the layout).

Each test drives the real window into a state, checks that state, then saves a grab.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest

from canvass_app.core.geo import Fix, GpsGrade
from canvass_app.core.outcomes import ONE_TAP_OUTCOMES
from canvass_app.qt.sync_worker import MESSAGE_OFFLINE
from canvass_app.services import visits as visit_service
from tests.ui.conftest import screenshots_dir
from tests.ui.test_door_flows import showcase_survey

pytestmark = pytest.mark.gui


def save(widget: Any, name: str) -> Path:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()  # let layouts settle, as they do on screen
    path = screenshots_dir() / name
    assert widget.grab().save(str(path))
    return path


def building_with_units(window: Any) -> Any:
    return next(b for b in window.walklist_model.buildings if len(b.doors) >= 6)


def test_screenshot_walklist(window: Any) -> None:
    building = building_with_units(window)
    first = building.doors[0].entries[0]
    tree = window.walklist_view.tree
    do_not_knock = window.session.list_statuses
    knockable = [door for door in building.doors[1:] if door.household_id not in do_not_knock]
    for door, key in zip(knockable[:3], (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3), strict=True):
        window.walklist_view.select_contact(door.entries[0].contact.id)
        tree.setFocus()
        QTest.keyClick(tree, key)
    window.walklist_view.select_contact(first.contact.id)
    assert len(visit_service.list_visits(window.db)) == 3
    assert save(window, "door-walklist.png").stat().st_size > 0


def test_screenshot_outcomes_bulk(window: Any) -> None:
    building = building_with_units(window)
    model = window.walklist_model
    index = model.index_for_building(building.id)
    window.walklist_view.select_index(index)
    window.walklist_view.tree.expand(index)
    selection = window.walklist_view.tree.selectionModel()
    for row in range(1, 6):
        selection.select(
            model.index(row, 0, index),
            selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
        )
    assert window.door_view.outcome_bar.title_label.text().startswith("Outcome for all")
    assert save(window, "door-outcomes.png").stat().st_size > 0


def test_screenshot_survey(window: Any) -> None:
    window.walklist_view.select_contact(window.walklist.entries[0].contact.id)
    combo = window.door_view.survey_combo
    combo.setCurrentIndex(combo.findText(showcase_survey(window).name))
    combo.activated.emit(combo.currentIndex())
    assert window.start_survey()
    form = window.door_view.survey_form
    form.choose_option(1)  # Available
    form.go_next()
    assert form.current_question.type == "scale"
    form.choose_option(3)
    assert save(window, "door-survey.png").stat().st_size > 0


def test_screenshot_location(window: Any) -> None:
    entry = window.walklist.entries[0]
    window.walklist_view.select_contact(entry.contact.id)
    address = entry.household.address
    window.door_view.location_panel.set_fix(
        Fix(address.lat + 0.0003, address.lng, 6.0, datetime.now(UTC), "NMEA log")
    )
    assert window.door_view.location_panel.grade() is GpsGrade.GOOD
    assert save(window.door_view, "door-location.png").stat().st_size > 0


def test_screenshot_sync_status(window: Any) -> None:
    entries = window.walklist.entries
    for entry in entries[:3]:
        window.walklist_view.select_contact(entry.contact.id)
        window.record_outcome(ONE_TAP_OUTCOMES[0])
    window.sync_status.set_online(False)
    window.sync_status.set_error(MESSAGE_OFFLINE)
    assert "3 waiting to send" in window.sync_status.pending_label.text()
    assert save(window.sync_status, "door-sync-status.png").stat().st_size > 0


def test_screenshot_spanish(pulled_data_dir: Path, make_window: Any) -> None:
    from canvass_app.ui.i18n import install_translators, remove_translators

    app = QCoreApplication.instance()
    assert app is not None
    translators = install_translators(app, "es")
    try:
        window = make_window(pulled_data_dir, demo=True)
        window.walklist_view.select_contact(window.walklist.entries[0].contact.id)
        assert window.start_survey()
        assert window.sync_status.sync_button.text() == "Sincronizar ahora"
        assert save(window, "door-spanish.png").stat().st_size > 0
    finally:
        remove_translators(app, translators)


def test_screenshot_bulk_press_skips_a_do_not_knock_unit(window: Any) -> None:
    """A building press at 1366×768: everyone who still needs a knock gets Not Home, the
    Do-Not-Knock unit is skipped and the status line says so."""
    window.resize(1366, 768)
    do_not_knock = window.session.list_statuses
    building = next(
        b
        for b in window.walklist_model.buildings
        if len(b.doors) >= 6 and any(d.household_id in do_not_knock for d in b.doors)
    )
    address = building.address
    window._on_position_fix_changed(  # what the position service's fix_changed does
        Fix(address.lat + 0.0001, address.lng, 6.0, datetime.now(UTC), "nmea")
    )
    index = window.walklist_model.index_for_building(building.id)
    window.walklist_view.select_index(index)
    window.walklist_view.tree.expand(index)
    window.walklist_view.tree.setFocus()
    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_1)
    assert all("location" in v.data for v in visit_service.list_visits(window.db))
    skipped = sum(len(d.entries) for d in building.doors if d.household_id in do_not_knock)
    recorded = len(building.entries) - skipped
    assert window.message_label.text().startswith(
        f"Not Home for {recorded}; skipped {skipped} (Do Not Knock)."
    )
    assert len(visit_service.list_visits(window.db)) == recorded
    # the selection moved on to the next door, and the Do-Not-Knock unit is still in view
    tree = window.walklist_view.tree
    skipped_row = next(
        window.walklist_model.index(row, 0, index)
        for row, door in enumerate(building.doors)
        if door.household_id in do_not_knock
    )
    assert tree.viewport().rect().intersects(tree.visualRect(skipped_row))
    assert tree.viewport().rect().contains(tree.visualRect(tree.currentIndex()))
    assert save(window, "door-bulk-do-not-knock.png").stat().st_size > 0


def test_screenshot_add_person(window: Any, qtbot: Any) -> None:
    """The add-a-person dialog as a canvasser sees it: the fields, then what core says
    about an incomplete phone and email, under each field; then the door screen with the
    new person under their door, marked as added here, after a Not Home."""
    from tests.ui.test_add_person import one_person_door

    neighbour = one_person_door(window)
    window.walklist_view.select_contact(neighbour.contact.id)
    window.walklist_view.tree.setFocus()
    dialog = window.add_person()
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    dialog.given_edit.setText("Ana María")
    dialog.surname_edit.setText("Ruiz")
    dialog.phone_edit.setText("617-55")
    dialog.email_edit.setText("ana.ruiz@")
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("es"))
    dialog.add_button.click()
    assert dialog.isVisible() and len(dialog.problems_shown()) == 2
    assert save(dialog, "door-add-person.png").stat().st_size > 0
    dialog.phone_edit.setText("617-555-0100")
    dialog.email_edit.setText("ana.ruiz@example.org")
    dialog.add_button.click()
    qtbot.waitUntil(lambda: window.walklist_view.tree.hasFocus(), timeout=5_000)
    [added] = window.session.selection
    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_1)  # Not Home for her
    [visit] = visit_service.list_visits(window.db)
    assert visit.contact_name == "Ana María Ruiz"
    window.walklist_view.select_contact(added.contact.id)
    assert save(window, "door-added-person.png").stat().st_size > 0


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1280, 720)])
def test_screenshot_map(window: Any, qtbot: Any, width: int, height: int) -> None:
    """The door screen with its map at a laptop's size: some doors done, the next one
    picked, where the canvasser stands."""
    window.resize(width, height)
    singles = [b for b in window.session.buildings if len(b.doors) == 1][:7]
    for building, outcome in zip(singles, ONE_TAP_OUTCOMES[:6], strict=False):
        window.walklist_view.select_contact(building.doors[0].entries[0].contact.id)
        window.record_outcome(outcome)
    window.walklist_view.select_contact(singles[6].doors[0].entries[0].contact.id)
    window.toggle_map()
    assert window.left_tabs.currentWidget() is window.map_view
    qtbot.waitUntil(lambda: bool(window.map_view.map.doors), timeout=10_000)
    picked = window.session.selection[0]
    address = picked.household.address
    fix = Fix(address.lat - 0.0002, address.lng + 0.0001, 18.0, datetime.now(UTC), "NMEA log")
    window._on_position_fix_changed(fix)
    map_widget = window.map_view.map
    assert map_widget.selected == [singles[6].id] and map_widget.fix == fix
    map_widget.set_view(address.lat, address.lng, 17.0)  # street level: doors labelled
    assert window.door_view.outcome_bar.width() <= window.width()
    suffix = "" if width == 1366 else f"-{width}x{height}"
    assert save(window, f"door-map{suffix}.png").stat().st_size > 0
