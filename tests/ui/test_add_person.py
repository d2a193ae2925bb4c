"""Adding a person at the door through the real window, with the keyboard only: the dialog,
its checks in words, the new row under the door, and a Not Home for them; then the sync
sends the person before their visit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from canvass_app.core.door_marks import DoorMark
from canvass_app.core.outbox import OutboxState
from canvass_app.core.walklist import WalklistEntry
from canvass_app.services import contacts as people
from canvass_app.services import visits as visit_service
from canvass_app.storage.contacts import ContactRepo
from canvass_app.ui.walklist_model import DOOR_MARK_ROLE
from tests.ui.test_door_flows import pick_person

pytestmark = pytest.mark.gui


def one_person_door(window: Any) -> WalklistEntry:
    """Someone alone at a door with units (the new person's row goes under the unit)."""
    for building in window.walklist_model.buildings[1:]:
        for door in building.doors:
            if len(door.entries) == 1 and door.unit_num:
                return door.entries[0]
    raise AssertionError("the demo list has a unit with one person")


def type_into_focus(text: str) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    QTest.keyClicks(focused, text)


def add_with_keys(window: Any, qtbot: Any, given: str, surname: str) -> Any:
    """Ctrl+Shift+N, the names, Enter: the dialog as a canvasser uses it."""
    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    dialog = window.add_person_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    qtbot.waitUntil(lambda: dialog.given_edit.hasFocus(), timeout=5_000)
    type_into_focus(given)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.surname_edit.hasFocus()
    type_into_focus(surname)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    if not dialog.problems_shown():
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
        qtbot.waitUntil(window.walklist_view.tree.hasFocus, timeout=5_000)
        qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    return dialog


def test_add_a_person_and_record_not_home_with_the_keyboard(window: Any, qtbot: Any) -> None:
    neighbour = one_person_door(window)
    pick_person(window, neighbour)
    add_with_keys(window, qtbot, "Ana", "Ruiz")

    [added] = window.session.selection
    assert added.added_here and added.household == neighbour.household
    assert window.walklist_view.tree.hasFocus()
    index = window.walklist_model.index_for_contact(added.contact.id)
    assert (
        index.isValid()
        and index.parent() == window.walklist_model.index_for_contact(neighbour.contact.id).parent()
    )
    assert window.walklist_model.data(index) == "Ana Ruiz (new)"
    assert window.walklist_model.data(index, Qt.ItemDataRole.AccessibleTextRole) == (
        "Ana Ruiz, added at the door on this laptop"
    )
    assert window.message_label.text().startswith("Added Ana Ruiz at ")

    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_1)  # Not Home

    [visit] = visit_service.list_visits(window.db)
    assert visit.local_contact_id == added.local_contact_id
    assert visit.contact_name == "Ana Ruiz" and visit.data["unavailableReason"] == "Not Home"
    assert visit.state is OutboxState.QUEUED
    person = people.get_person(window.db, added.local_contact_id)
    assert person is not None and person.display_name == "Ana Ruiz"
    row = window.walklist_model.index_for_contact(added.contact.id)
    outcome = window.walklist_model.index(row.row(), 1, row.parent())
    assert window.walklist_model.data(outcome, DOOR_MARK_ROLE) == DoorMark.NOT_HOME.value


def test_the_dialog_says_what_is_missing_and_keeps_the_canvasser_there(
    window: Any, qtbot: Any
) -> None:
    pick_person(window, one_person_door(window))
    dialog = add_with_keys(window, qtbot, "Ana", "")
    assert dialog.isVisible()
    assert dialog.problems_shown() == [
        "Enter the person's last name too: the campaign's records need both names."
    ]
    assert dialog.surname_edit.hasFocus()
    QTest.keyClick(dialog.surname_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    assert ContactRepo(window.db).all() == []


def test_the_person_and_their_visit_reach_the_server_in_order(
    pulled_data_dir: Path, make_window: Any, polis_server: Any, qtbot: Any
) -> None:
    window = make_window(pulled_data_dir, start_services=True)
    qtbot.waitUntil(lambda: not window.sync_controller.is_syncing, timeout=10_000)
    pick_person(window, one_person_door(window))
    add_with_keys(window, qtbot, "Rosa", "Parks")
    [added] = window.session.selection
    with qtbot.waitSignal(window.sync_controller.sync_finished, timeout=20_000):
        QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_1)
    qtbot.waitUntil(
        lambda: visit_service.list_visits(window.db)[0].state is OutboxState.SENT, timeout=20_000
    )
    person = people.get_person(window.db, added.local_contact_id)
    assert person is not None and person.on_server
    [interaction] = polis_server.state.interactions()
    assert interaction["data"]["contactId"] == person.server_id
    assert interaction["data"]["contactHouseholdId"] == person.link_id
    contact = polis_server.state.get_document("contacts", person.server_id)
    assert contact["data"]["profile"]["name"]["anglican"] == {"given": "Rosa", "surname": "Parks"}


def test_f2_corrects_a_person_added_here_before_they_are_sent(window: Any, qtbot: Any) -> None:
    pick_person(window, one_person_door(window))
    add_with_keys(window, qtbot, "Ana", "Ruis")
    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_F2)
    dialog = window.add_person_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    assert dialog.surname_edit.text() == "Ruis" and dialog.add_button.text() == "Save changes"
    dialog.surname_edit.setText("Ruiz")
    QTest.keyClick(dialog.surname_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    [corrected] = window.session.selection
    assert corrected.contact.display_name == "Ana Ruiz"
    index = window.walklist_model.index_for_contact(corrected.contact.id)
    assert window.walklist_model.data(index) == "Ana Ruiz (new)"
    assert window.message_label.text() == (
        "Corrected Ana Ruiz; the server will get the corrected details."
    )
