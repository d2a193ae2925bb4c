"""The walklist tree is made lazily: street rows at open, the rest when a row is opened.

These tests check that nothing the door screen shows is lost on the way: walk order,
search into streets nobody opened, the done/remaining counts, and rows (expansion,
selection) that survive a sync pass.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QTreeView

from canvass_app.core.door_marks import DoorMark
from canvass_app.core.outbox import OutboxState, Visit
from canvass_app.core.outcomes import DEFAULT_STATUSES, status_by_name
from canvass_app.core.walklist import Address, Contact, Household, WalklistEntry, group_doors
from canvass_app.ui.walklist_model import (
    DOOR_MARK_ROLE,
    PARENTS_PER_TURN,
    NodeKind,
    WalklistCounts,
    WalklistFilter,
    WalklistModel,
)

pytestmark = pytest.mark.gui


def entries(count: int, *, units: int = 1, per_street: int = 40) -> list[WalklistEntry]:
    """``count`` households, ``units`` to an address, addresses given in reverse order."""
    found = []
    for i in reversed(range(count)):
        building = i // units
        address = Address(
            id=f"a{building}",
            number=str(building % per_street + 1),
            street_name=f"Street {building // per_street:03d}",
            city="Cambridge",
            state="MA",
            postal_code="02139",
        )
        unit = str(i % units + 1) if units > 1 else ""
        household = Household(id=f"h{i}", unit_num=unit, address=address)
        contact = Contact(id=f"c{i}", given="Ana", surname=f"Surname{i}")
        found.append(WalklistEntry(f"ch{i}", contact, household))
    return found


def visit(contact_id: str, household_id: str, *, reason: str, state: OutboxState) -> Visit:
    return Visit(
        local_id=f"v-{contact_id}",
        seq=1,
        canvasser="ana",
        walklist_id=None,
        campaign_id="c",
        contact_id=contact_id,
        household_id=household_id,
        knock_time="2026-05-01T12:00:00.000Z",
        sent_time=None,
        data={"unavailable": True, "unavailableReason": reason},
        server_id=None,
        etag=None,
        state=state,
        deleted=False,
        last_error=None,
        contact_name="",
        address_line="",
        unit="",
        outcome=reason,
        distance_miles=None,
        gps_grade="none",
        created_at="2026-05-01T12:00:00.000Z",
        updated_at="2026-05-01T12:00:00.000Z",
    )


def counted(model: WalklistModel) -> WalklistCounts:
    """The counts worked out the slow way, over every door and every shown row."""
    doors = done = do_not_knock = 0
    for building in model.buildings:
        for door in building.doors:
            doors += 1
            if model.is_visited(door):
                done += 1
            elif model.door_mark(door) is DoorMark.DO_NOT_KNOCK:
                do_not_knock += 1
    shown = 0
    for street_row in range(model.rowCount()):
        street = model.index(street_row, 0)
        for row in range(model.rowCount(street)):
            building = model.index(row, 0, street)
            shown += 1 if model.door_at(building) is not None else model.rowCount(building)
    return WalklistCounts(doors, done, shown, do_not_knock)


def texts_under(model: WalklistModel, parent: Any) -> list[str]:
    return [model.index(row, 0, parent).data() for row in range(model.rowCount(parent))]


def test_a_big_list_opens_with_street_rows_only_and_a_street_opens_in_walk_order(
    qtbot: Any,
) -> None:
    model = WalklistModel()
    model.set_walklist(group_doors(entries(20_000)))
    assert model.rowCount() == 20_000 // 40 * 2  # one row per street side
    # no row below the streets was made at open
    assert len(model._nodes) == model.rowCount()

    street = model.index(0, 0)
    assert street.data() == "Street 000 — odd side"
    assert texts_under(model, street) == [f"{n} Street 000" for n in range(1, 40, 2)]
    even = model.index(1, 0)
    assert even.data() == "Street 000 — even side"
    # up one side, back down the other
    assert texts_under(model, even) == [f"{n} Street 000" for n in range(40, 1, -2)]
    # a building of one door shows its person directly
    first = model.index(0, 0, street)
    assert model.node_kind(first) is NodeKind.BUILDING
    assert texts_under(model, first) == ["Ana Surname0"]
    # only the two opened street sides (20 buildings each) and the opened building got rows
    assert len(model._nodes) == model.rowCount() + 20 + 20 + 1


def test_units_open_in_natural_order_with_their_people(qtbot: Any) -> None:
    model = WalklistModel()
    model.set_walklist(group_doors(entries(48, units=12)))
    building = model.index(0, 0, model.index(0, 0))
    assert model.data(model.index(0, 1, model.index(0, 0))) == "0 of 12 doors done"
    units = texts_under(model, building)
    assert units == [f"Unit {n}" for n in range(1, 13)]  # 2 before 10
    assert texts_under(model, model.index(1, 0, building)) == ["Ana Surname1"]


def test_search_finds_a_person_in_a_street_nobody_opened(qtbot: Any) -> None:
    model = WalklistModel()
    model.set_walklist(group_doors(entries(20_000, units=4)))
    model.set_search("Surname1999")  # 1999 and 19990-19999
    assert model.counts().shown_doors == 11
    person = model.index_for_contact("c19994")
    assert person.isValid() and person.data() == "Ana Surname19994"
    assert model.node_kind(person.parent()) is NodeKind.DOOR  # a unit of a building
    # a longer text narrows the last matches; a shorter one widens them again
    model.set_search("Surname19994")
    assert model.counts().shown_doors == 1
    assert not model.index_for_contact("c1999").isValid()
    model.set_search("Surname1999")
    assert model.counts().shown_doors == 11
    assert model.index_for_contact("c1999").isValid()
    # an address matches every door there
    model.set_search("12 street 003")
    assert model.counts() == counted(model)
    assert model.counts().shown_doors == 4
    model.set_search("")
    assert model.counts().shown_doors == 20_000


def test_counts_stay_right_as_visits_are_recorded_undone_and_synced(qtbot: Any) -> None:
    dnk = status_by_name(DEFAULT_STATUSES, "Do Not Knock")
    assert dnk is not None
    model = WalklistModel()
    model.set_walklist(
        group_doors(entries(400, units=4)),
        statuses=DEFAULT_STATUSES,
        visits={"h3": visit("c3", "h3", reason="Not Home", state=OutboxState.SENT)},
        list_statuses={"h1": dnk, "h2": dnk},
    )
    assert model.counts() == counted(model) == WalklistCounts(400, 1, 400, 2)

    model.record_visits([visit("c1", "h1", reason="Come Back", state=OutboxState.QUEUED)])
    model.record_visits([visit("c5", "h5", reason="Refused", state=OutboxState.QUEUED)])
    model.record_visits([visit("c5", "h5", reason="Not Home", state=OutboxState.QUEUED)])
    model.record_visits([visit("c9", "nowhere", reason="Refused", state=OutboxState.QUEUED)])
    assert model.counts() == counted(model) == WalklistCounts(400, 3, 400, 1)

    model.apply_latest({"h5": None}, {"c5": None})  # undone (what a DoorChange says)
    assert model.counts() == counted(model) == WalklistCounts(400, 2, 400, 1)

    # a sync pass: h3's visit is gone from the ledger, h1 is now sent, h7 arrived
    model.replace_visits(
        {
            "h1": visit("c1", "h1", reason="Come Back", state=OutboxState.SENT),
            "h7": visit("c7", "h7", reason="Not Home", state=OutboxState.SENT),
        }
    )
    assert model.counts() == counted(model) == WalklistCounts(400, 2, 400, 1)

    model.set_filter(WalklistFilter.NOT_VISITED)
    assert model.counts() == counted(model) == WalklistCounts(400, 2, 397, 1)
    model.record_visits([visit("c8", "h8", reason="Refused", state=OutboxState.QUEUED)])
    assert model.counts() == counted(model) == WalklistCounts(400, 3, 396, 1)


def test_a_sync_pass_keeps_the_open_rows_and_the_selection_and_repaints_the_door(
    qtbot: Any,
) -> None:
    model = WalklistModel()
    queued = visit("c4", "h4", reason="Not Home", state=OutboxState.QUEUED)
    model.set_walklist(group_doors(entries(4_000, units=4)), visits={"h4": queued})
    tree = QTreeView()
    qtbot.addWidget(tree)
    tree.setModel(model)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    person = model.index_for_contact("c4")
    door = person.parent()
    tree.expand(door.parent().parent())
    tree.expand(door.parent())
    tree.expand(door)
    tree.setCurrentIndex(person)
    assert model.data(model.index(door.row(), 1, door.parent())) == "Not Home · not sent"

    resets: list[bool] = []
    changed: list[tuple[Any, Any]] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(lambda first, last, _roles=(): changed.append((first, last)))
    model.replace_visits({"h4": dataclasses.replace(queued, state=OutboxState.SENT)})

    assert resets == []
    assert tree.isExpanded(door) and tree.isExpanded(door.parent())
    assert tree.currentIndex() == person
    assert model.data(model.index(door.row(), 1, door.parent())) == "Not Home"
    assert any(
        first.parent() == door.parent() and first.row() <= door.row() <= last.row()
        for first, last in changed
    )
    # nothing changed, nothing repaints
    changed.clear()
    model.replace_visits({"h4": dataclasses.replace(queued, state=OutboxState.SENT)})
    assert changed == []


def test_a_sync_pass_rebuilds_a_filtered_tree_only_when_a_door_leaves_it(qtbot: Any) -> None:
    model = WalklistModel()
    come_back = visit("c4", "h4", reason="Come Back", state=OutboxState.QUEUED)
    model.set_walklist(
        group_doors(entries(40, units=4)), statuses=DEFAULT_STATUSES, visits={"h4": come_back}
    )
    model.set_filter(WalklistFilter.COME_BACK)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))

    model.replace_visits({"h4": dataclasses.replace(come_back, state=OutboxState.SENT)})
    assert resets == []
    assert model.index_for_contact("c4").isValid()

    model.replace_visits({"h4": visit("c4", "h4", reason="Refused", state=OutboxState.SENT)})
    assert resets == [True]
    assert not model.index_for_contact("c4").isValid()
    assert model.counts().shown_doors == 0


def test_the_door_mark_role_follows_a_recorded_visit_in_an_open_street(qtbot: Any) -> None:
    model = WalklistModel()
    model.set_walklist(group_doors(entries(8)), statuses=DEFAULT_STATUSES)
    building = model.index_for_building("a3")
    assert model.data(model.index(building.row(), 1, building.parent()), DOOR_MARK_ROLE) == (
        DoorMark.NOT_VISITED.value
    )
    model.record_visits([visit("c3", "h3", reason="Come Back", state=OutboxState.QUEUED)])
    outcome = model.index(building.row(), 1, building.parent())
    assert model.data(outcome, DOOR_MARK_ROLE) == DoorMark.COME_BACK.value
    street = building.parent()
    assert model.data(model.index(street.row(), 1)) == "1 of 4 doors done"


def test_the_keyboard_walks_into_streets_nobody_opened(qtbot: Any) -> None:
    model = WalklistModel()
    model.set_walklist(group_doors(entries(20_000, units=2)))
    tree = QTreeView()
    qtbot.addWidget(tree)
    tree.setModel(model)
    tree.resize(600, 800)
    tree.show()
    qtbot.waitExposed(tree)
    tree.setFocus()
    tree.setCurrentIndex(model.index(0, 0))
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Right, Qt.Key.Key_Down):
        QTest.keyClick(tree, key)
    assert model.node_kind(tree.currentIndex()) is NodeKind.DOOR
    assert tree.currentIndex().data() == "Unit 1"
    assert tree.currentIndex().parent().data() == "1 Street 000"
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
        QTest.keyClick(tree, key)
    assert model.entry_at(tree.currentIndex()) is not None
    assert tree.currentIndex().data() == "Ana Surname0"


def test_a_pass_that_changes_many_streets_repaints_them_a_few_per_turn(qtbot: Any) -> None:
    model = WalklistModel()
    walk = entries(400, per_street=10)  # 40 streets
    queued = {
        e.household.id: visit(
            e.contact.id, e.household.id, reason="Not Home", state=OutboxState.QUEUED
        )
        for e in walk
    }
    model.set_walklist(group_doors(walk), statuses=DEFAULT_STATUSES, visits=queued)
    tree = QTreeView()
    tree.setModel(model)
    tree.expandAll()  # every door row made and shown
    changed: list[Any] = []
    model.dataChanged.connect(lambda first, _last, _roles=(): changed.append(first.parent()))
    sent = {h: dataclasses.replace(v, state=OutboxState.SENT) for h, v in queued.items()}
    model.replace_visits(sent)
    told_now = len(changed)
    assert 0 < told_now <= PARENTS_PER_TURN  # the rest on the next turns of the event loop
    qtbot.waitUntil(lambda: len({(i.row(), i.parent().row()) for i in changed}) >= 40)
    # A tree rebuilt meanwhile is read again whole: what was left to tell is dropped.
    changed.clear()
    model.replace_visits(queued)
    model.set_filter(WalklistFilter.NOT_VISITED)  # rebuilds the tree
    left = len(changed)
    QTest.qWait(50)
    assert len(changed) == left
