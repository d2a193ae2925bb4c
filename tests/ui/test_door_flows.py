"""The door screen driven through its real widgets, on a real data dir and real server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from canvass_app.core.door_marks import DoorMark
from canvass_app.core.outbox import OutboxState
from canvass_app.core.outcomes import ONE_TAP_OUTCOMES
from canvass_app.core.walklist import WalklistEntry
from canvass_app.services import visits as visit_service
from canvass_app.ui.walklist_model import DOOR_MARK_ROLE, NodeKind, WalklistFilter

pytestmark = pytest.mark.gui


def entry_named(window: Any, surname: str, given: str | None = None) -> WalklistEntry:
    assert window.walklist is not None
    for entry in window.walklist.entries:
        if entry.contact.surname == surname and (given is None or entry.contact.given == given):
            return entry
    raise AssertionError(f"no {given or ''} {surname} on the demo walklist")


def first_entry(window: Any) -> WalklistEntry:
    assert window.walklist is not None
    return window.walklist.entries[0]


def pick_person(window: Any, entry: WalklistEntry) -> None:
    assert window.walklist_view.select_contact(entry.contact.id)
    window.walklist_view.tree.setFocus()
    assert [e.contact_household_id for e in window.session.selection] == [
        entry.contact_household_id
    ]


def multi_unit_building(window: Any) -> Any:
    for building in window.walklist_model.buildings:
        if len(building.doors) >= 6:
            return building
    raise AssertionError("the demo walklist has no building with six units")


def test_not_home_with_one_keypress_lands_in_the_outbox(window: Any, qtbot: Any) -> None:
    entry = first_entry(window)
    pick_person(window, entry)

    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_1)

    visits = visit_service.list_visits(window.db)
    assert len(visits) == 1
    visit = visits[0]
    assert visit.contact_id == entry.contact.id
    assert visit.household_id == entry.household.id
    assert visit.state is OutboxState.QUEUED
    assert visit.data["unavailable"] is True
    assert visit.data["unavailableReason"] == "Not Home"
    assert visit.data["survey"]["responses"] == {}
    assert "location" not in visit.data  # no fix: no location, never 0,0
    # the door shows it, by word and by mark
    index = window.walklist_model.index_for_contact(entry.contact.id)
    door_row = index.parent()
    outcome = window.walklist_model.index(door_row.row(), 1, door_row.parent())
    assert window.walklist_model.data(outcome, DOOR_MARK_ROLE) == DoorMark.NOT_HOME.value
    assert "Not Home" in window.walklist_model.data(outcome)
    assert "1 waiting to send" in window.sync_status.pending_label.text()


def test_a_saved_visit_reaches_the_server(
    pulled_data_dir: Path, make_window: Any, polis_server: Any, qtbot: Any
) -> None:
    window = make_window(pulled_data_dir, start_services=True)
    entry = first_entry(window)
    pick_person(window, entry)
    # wait out the start-up pass so our nudge gives a pass that carries the visit
    qtbot.waitUntil(lambda: not window.sync_controller.is_syncing, timeout=10_000)

    with qtbot.waitSignal(window.sync_controller.sync_finished, timeout=20_000):
        QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_2)  # Come Back
    qtbot.waitUntil(
        lambda: visit_service.list_visits(window.db)[0].state is OutboxState.SENT, timeout=20_000
    )

    visit = visit_service.list_visits(window.db)[0]
    on_server = [doc for doc in polis_server.state.interactions() if doc["id"] == visit.server_id]
    assert len(on_server) == 1
    assert on_server[0]["data"]["contactId"] == entry.contact.id
    assert on_server[0]["data"]["unavailableReason"] == "Come Back"
    assert on_server[0]["data"]["timestamp"] == visit.knock_time
    qtbot.waitUntil(
        lambda: "All visits sent" in window.sync_status.pending_label.text(), timeout=10_000
    )


def choose_survey(window: Any, name: str) -> None:
    combo = window.door_view.survey_combo
    index = combo.findText(name)
    assert index >= 0, f"survey {name!r} not offered"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_survey_branches_reviews_and_saves_the_right_responses(window: Any, qtbot: Any) -> None:
    entry = first_entry(window)
    pick_person(window, entry)
    choose_survey(window, "Default Survey")
    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_Return)  # opens the survey
    form = window.door_view.survey_form
    assert form.current_question is not None
    assert form.current_question.tag == "available"

    QTest.keyClick(form, Qt.Key.Key_A)  # Unavailable → branches to the reason
    QTest.keyClick(form, Qt.Key.Key_Return)
    assert form.current_question.tag == "unavailable_reason"
    QTest.keyClick(form, Qt.Key.Key_D)  # Moved
    QTest.keyClick(form, Qt.Key.Key_Return)
    assert form.pages.currentIndex() == form.PAGE_REVIEW
    assert form.review_rows() == [
        ("Is the contact available?", "Unavailable"),
        ("Why is the contact unavailable?", "Moved"),
    ]
    QTest.keyClick(form, Qt.Key.Key_Return)  # save

    visits = visit_service.list_visits(window.db)
    assert len(visits) == 1
    data = visits[0].data
    survey = window.session.survey(data["survey"]["surveyId"])
    available, reason = survey.questions[0], survey.questions[1]
    assert data["survey"]["responses"] == {
        available.question_id: {
            "questionId": available.question_id,
            "fields": {"available": "false"},
        },
        reason.question_id: {
            "questionId": reason.question_id,
            "fields": {"unavailable_reason": "Moved"},
        },
    }
    assert data["unavailable"] is True
    assert data["unavailableReason"] == "Moved"
    assert data["successful"] is False


def showcase_survey(window: Any) -> Any:
    """The demo survey that uses all nine question types (core.survey's showcase)."""
    from canvass_app.core.survey import QUESTION_TYPES

    for survey in window.walklist.surveys:
        if {q.type for q in survey.questions} == set(QUESTION_TYPES):
            return survey
    raise AssertionError("the demo campaign has no survey using all nine question types")


def test_back_changes_the_branch_and_drops_the_abandoned_answer(window: Any) -> None:
    pick_person(window, first_entry(window))
    choose_survey(window, showcase_survey(window).name)
    assert window.start_survey()
    form = window.door_view.survey_form

    def pick(tag: str, option_text: str) -> None:
        question = form.current_question
        assert question is not None and question.tag == tag
        labels = [option.label for option in question.options]
        form.choose_option(labels.index(option_text))
        form.go_next()

    pick("available", "Unavailable")
    assert form.current_question.tag == "unavailable_reason"
    QTest.keyClick(form, Qt.Key.Key_Backspace)
    pick("available", "Available")
    # a scale: the happiest face (value 5, a success) goes straight to the issues
    support = form.current_question
    assert support.type == "scale"
    form.choose_option(4)
    form.go_next()
    assert form.current_question.type == "multi-select"
    issues_tag = form.current_question.tag
    QTest.keyClick(form, Qt.Key.Key_A)  # letters tick the choices
    QTest.keyClick(form, Qt.Key.Key_C)
    assert [box.isChecked() for box in form.choice_boxes] == [True, False, True, False, False]
    form.go_next()  # its only option ("Next") is where going on leads
    assert form.current_question.type == "pdf"
    assert form.link_label.isVisible() and "http" in form.link_label.text()
    pick(form.current_question.tag, "Read it")
    assert form.current_question.type == "payment"
    pick(form.current_question.tag, "$25")
    assert form.current_question.type == "verification"
    pick(form.current_question.tag, "Verified")
    text_question = form.current_question
    assert text_question.type == "text" and text_question.keyboard == "email"
    assert form.input_line is not None and form.input_line.hasFocus()
    assert form.input_line.maxLength() == text_question.max_length
    QTest.keyClicks(form.input_line, "ana@example.org")
    form.choose_option(0)  # Save
    form.go_next()
    assert form.pages.currentIndex() == form.PAGE_REVIEW
    assert (text_question.text, "ana@example.org") in form.review_rows()
    form.save()

    data = visit_service.list_visits(window.db)[0].data
    fields: dict[str, Any] = {}
    for response in data["survey"]["responses"].values():
        fields.update(response["fields"])
    assert "unavailable_reason" not in fields  # the abandoned branch is dropped
    assert fields["available"] == "true"
    assert fields[support.tag] == 5
    issues = next(q for q in showcase_survey(window).questions if q.tag == issues_tag)
    assert fields[issues_tag] == [issues.choices[0].label, issues.choices[2].label]
    assert fields[text_question.tag] == "ana@example.org"
    assert data["successful"] is True
    assert data["unavailable"] is False


def test_a_required_question_blocks_next_with_a_message(window: Any) -> None:
    pick_person(window, first_entry(window))
    choose_survey(window, "Default Survey")
    assert window.start_survey()
    form = window.door_view.survey_form
    QTest.keyClick(form, Qt.Key.Key_Return)
    assert form.current_question is not None
    assert form.current_question.tag == "available"
    assert form.message_label.isVisible()
    assert form.message_label.text() == (
        "“Is the contact available?” is required: answer it before going on."
    )
    form.choose_option(1)
    assert not form.message_label.isVisible()
    QTest.keyClick(form, Qt.Key.Key_Return)
    assert form.pages.currentIndex() == form.PAGE_REVIEW
    assert visit_service.list_visits(window.db) == []  # nothing saved before Save


def test_undo_voids_the_last_visit_and_the_door_is_open_again(window: Any) -> None:
    entry = first_entry(window)
    pick_person(window, entry)
    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_3)  # Refused
    assert window.walklist_model.door_mark_for_household(entry.household.id) is DoorMark.UNAVAILABLE

    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    visits = visit_service.list_visits(window.db)
    assert len(visits) == 1 and visits[0].deleted
    assert window.walklist_model.door_mark_for_household(entry.household.id) is DoorMark.NOT_VISITED
    assert "Undid" in window.message_label.text()
    assert "Ctrl+Z" in window.undo_action.shortcut().toString()


def test_bulk_outcome_records_one_visit_per_person_who_still_needs_a_knock(window: Any) -> None:
    building = multi_unit_building(window)
    model = window.walklist_model
    building_index = model.index_for_building(building.id)
    window.walklist_view.select_index(building_index)
    window.walklist_view.tree.expand(building_index)
    selection = window.walklist_view.tree.selectionModel()
    selection.clearSelection()
    units = [model.index(row, 0, building_index) for row in range(6)]
    for unit in units:
        assert model.node_kind(unit) is NodeKind.DOOR
        selection.select(unit, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
    people = [entry for door in building.doors[:6] for entry in door.entries]
    do_not_knock = set(window.walklist.list_statuses())
    skipped = [e for e in people if e.household.id in do_not_knock]
    assert skipped, "the demo's six-unit building has a Do Not Knock unit"
    assert len(window.session.selection) == len(people)
    assert "selected" in window.door_view.contact_label.text()

    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_1)

    visits = visit_service.list_visits(window.db)
    knocked = [e for e in people if e.household.id not in do_not_knock]
    assert sorted(v.contact_id for v in visits) == sorted(e.contact.id for e in knocked)
    assert {v.data["unavailableReason"] for v in visits} == {"Not Home"}
    assert window.message_label.text().startswith(
        f"Not Home for {len(knocked)}; skipped {len(skipped)} (Do Not Knock)."
    )
    for door in building.doors[:6]:
        # A Do Not Knock door keeps showing as such; the others show what was recorded.
        expected = DoorMark.DO_NOT_KNOCK if door.household_id in do_not_knock else DoorMark.NOT_HOME
        assert model.door_mark(door) is expected
    # One Ctrl+Z undoes the whole press.
    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert all(v.deleted for v in visit_service.list_visits(window.db))
    assert all(model.door_mark(door) is not DoorMark.NOT_HOME for door in building.doors[:6])
    assert (
        window.message_label.text() == f"Undid the whole press: {len(knocked)} visits (Not Home)."
    )


def test_a_do_not_knock_door_takes_a_visit_only_after_a_yes(window: Any) -> None:
    do_not_knock = set(window.walklist.list_statuses())
    entry = next(e for e in window.walklist.entries if e.household.id in do_not_knock)
    pick_person(window, entry)
    asked: list[str] = []
    window.confirm_do_not_knock = lambda names, proceed: asked.append(names)  # "No"
    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_1)
    assert asked == [entry.contact.display_name]
    assert visit_service.list_visits(window.db) == []
    assert "Do Not Knock" in window.message_label.text()
    window.confirm_do_not_knock = lambda names, proceed: proceed()  # "Yes"
    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_2)
    [visit] = visit_service.list_visits(window.db)
    assert visit.do_not_knock_override and visit.contact_id == entry.contact.id
    assert "Do-Not-Knock door" in window.message_label.text()


def test_search_and_filters(window: Any, qtbot: Any) -> None:
    entry = first_entry(window)
    view = window.walklist_view
    model = window.walklist_model
    all_doors = model.counts().doors

    QTest.keyClicks(view.search_edit, entry.contact.surname)
    qtbot.waitUntil(lambda: model.counts().shown_doors < all_doors, timeout=5_000)
    assert model.index_for_contact(entry.contact.id).isValid()
    view.search_edit.clear()
    view.apply_search_now()
    assert model.counts().shown_doors == all_doors

    pick_person(window, entry)
    window.record_outcome(ONE_TAP_OUTCOMES[1])  # Come Back
    view.filter_combo.setCurrentIndex(view.filter_combo.findData(WalklistFilter.COME_BACK))
    assert model.counts().shown_doors == 1
    assert model.index_for_contact(entry.contact.id).isValid()
    view.filter_combo.setCurrentIndex(view.filter_combo.findData(WalklistFilter.NOT_VISITED))
    do_not_knock = len(window.walklist.list_statuses())
    assert do_not_knock > 0
    # Do Not Knock doors are not "to visit".
    assert model.counts().shown_doors == all_doors - 1 - do_not_knock
    assert not model.index_for_contact(entry.contact.id).isValid()
    assert f"1 done, {all_doors - 1 - do_not_knock} to go" in view.counts_label.text()


def test_history_edit_and_delete(window: Any, qtbot: Any) -> None:
    entry = first_entry(window)
    pick_person(window, entry)
    choose_survey(window, "Default Survey")
    assert window.start_survey()
    form = window.door_view.survey_form
    form.choose_option(0)
    form.go_next()
    form.choose_option(0)  # Not Home
    form.go_next()
    form.save()
    visit = visit_service.list_visits(window.db)[0]
    assert visit.data["unavailableReason"] == "Not Home"

    window.show_history()
    dialog = window.history_dialog
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "not sent yet"  # send time apart from knock time
    assert dialog.table.item(0, 0).text()
    dialog.edit_button.click()
    # the answers are re-opened as they were saved
    assert form.current_question.tag == "available"
    assert form.option_group.checkedId() == 0
    form.go_next()
    assert form.option_group.checkedId() == 0
    form.choose_option(1)  # Refused instead
    form.go_next()
    assert form.save_button.text() == "Save changes"
    form.save()
    edited = visit_service.get_visit(window.db, visit.local_id)
    assert edited is not None
    assert edited.data["unavailableReason"] == "Refused"
    assert len(visit_service.list_visits(window.db)) == 1  # an edit, not a new visit

    window.show_history()
    dialog = window.history_dialog
    dialog.confirm_delete = lambda _visit: True
    dialog.delete_button.click()
    deleted = visit_service.get_visit(window.db, visit.local_id)
    assert deleted is not None and deleted.deleted
    assert dialog.table.item(0, 4).text() == "deleted"
    assert window.walklist_model.door_mark_for_household(entry.household.id) is DoorMark.NOT_VISITED
    dialog.close()


def test_nearest_and_next_door(window: Any) -> None:
    from datetime import UTC, datetime

    from canvass_app.core.geo import Fix

    target = multi_unit_building(window)
    lat, lng = target.address.lat, target.address.lng
    assert lat is not None and lng is not None
    # what the position service's fix_changed does
    window._on_position_fix_changed(Fix(lat + 0.00001, lng, 5.0, datetime.now(UTC), "test"))
    assert window.go_to_nearest_door() is target
    assert window.session.selection[0].household.address.id == target.id
    assert window.walklist_view.selected_entries() == list(window.session.selection)
    here = window.session.selection
    following = window.go_to_next_door()  # the next door in walk order: the next unit here
    assert following is target
    assert window.session.selection[0].household.id != here[0].household.id
    assert window.walklist_view.selected_entries() == list(window.session.selection)
    assert window.message_label.text().startswith("Next: ")


def test_a_double_tap_does_not_record_the_visit_twice(window: Any) -> None:
    now = [100.0]
    window.session.clock = lambda: now[0]
    first = first_entry(window)
    pick_person(window, first)
    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_1)  # saved; on to the next door
    moved_to = window.session.selection
    assert first not in moved_to
    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_1)  # the screen felt slow
    assert len(visit_service.list_visits(window.db)) == 1
    assert "not saved twice" in window.message_label.text()
    assert window.session.selection == moved_to  # the next door was not stamped either
    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_2)  # a different outcome is meant
    assert len(visit_service.list_visits(window.db)) == 1 + len(moved_to)
    now[0] += 60  # a real knock, later
    saved = len(visit_service.list_visits(window.db))
    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_2)
    assert len(visit_service.list_visits(window.db)) > saved


def test_visits_are_attributed_to_the_canvasser_picked_on_this_laptop(window: Any) -> None:
    from canvass_app.services import people

    people.set_supervisor_pin(window.db, "482913")
    mine = window.open_my_review()
    switch = window.canvasser_switch
    switch.add_button.click()
    switch.dialog.name_edit.setText("maria")
    switch.dialog.supervisor_edit.setText("482913")
    switch.dialog.ok_button.click()
    assert window.canvasser == "maria"
    assert not mine.isVisible()  # the last canvasser's review closed with the switch
    pick_person(window, first_entry(window))
    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_1)
    assert visit_service.list_visits(window.db)[0].canvasser == "maria"


def sent_report(last_error: str | None = None) -> Any:
    """What a background pass that sent one visit reports."""
    from canvass_app.core.outbox import SyncCounts, SyncReport

    return SyncReport(
        attempted=1,
        sent=1,
        retry_wait=0,
        unknown=0,
        needs_attention=0,
        rejected=0,
        remaining=0,
        auth_required=False,
        offline=False,
        last_error=last_error,
        counts=SyncCounts(counts={}, oldest_unsent_age_s=None, last_sync_at=None),
    )


def test_a_sync_or_a_search_does_not_lose_the_survey_in_progress(window: Any) -> None:
    entry = first_entry(window)
    pick_person(window, entry)
    QTest.keyClick(window.walklist_view.tree, Qt.Key.Key_3)  # another visit, unsent
    pick_person(window, entry)  # (the selection moved on to the next door)
    choose_survey(window, "Default Survey")
    assert window.start_survey()
    form = window.door_view.survey_form
    form.choose_option(0)
    form.go_next()
    assert form.current_question.tag == "unavailable_reason"

    window._on_sync_controller_finished(sent_report())  # what a background pass ending does
    assert form.current_question is not None
    assert form.current_question.tag == "unavailable_reason"

    window.walklist_view.search_edit.setText(entry.contact.surname)
    window.walklist_view.apply_search_now()
    assert [e.contact.id for e in window.session.selection] == [entry.contact.id]
    assert form.current_question is not None  # still answering
    form.choose_option(0)
    form.go_next()
    form.save()
    assert len(visit_service.list_visits(window.db)) == 2


def test_the_status_line_tells_only_what_is_still_true(window: Any) -> None:
    first, other = window.walklist.entries[0], window.walklist.entries[-1]
    pick_person(window, first)
    choose_survey(window, "Default Survey")
    assert window.start_survey()
    form = window.door_view.survey_form
    form.choose_option(1)  # Available
    form.go_next()
    form.save()
    said = f"Saved the survey for {first.contact.display_name}"
    assert window.message_label.text().startswith(said)
    assert said in form.empty_label.text()
    pick_person(window, other)  # another person: "Saved the survey for …" is not about them
    assert window.message_label.text() == ""
    assert said not in form.empty_label.text()

    from types import SimpleNamespace

    asked: list[str] = []
    # a controller is there (its pass is faked below)
    window.sync_controller = SimpleNamespace(request_sync=asked.append)
    window.sync_now()
    assert asked == ["manual"]
    assert window.message_label.text() == "Sending waiting visits…"
    technical = "PATCH /v2/interactions/x answered 412 Precondition Failed"
    window._on_sync_controller_finished(sent_report(technical))  # everything is sent
    assert window.message_label.text() == ""
    assert "412" not in window.sync_status.error_label.text()
    window.sync_controller = None
