"""The door's rules, pure: who a press records, the next and the nearest door to knock."""

from __future__ import annotations

from canvass_app.core.door import nearest_to_knock, next_to_knock, plan_press
from canvass_app.core.door_marks import Knock
from canvass_app.core.walklist import Address, Building, Contact, Door, Household, WalklistEntry


def _entry(person: str, household: str, address: Address) -> WalklistEntry:
    return WalklistEntry(f"ch-{person}", Contact(person), Household(household, "", address))


def _building(address_id: str, lat: float | None, people: dict[str, list[str]]) -> Building:
    address = Address(address_id, "1", "Elm Street", "", "", "", lat, -71.0 if lat else None)
    doors = []
    for household, names in people.items():
        door = Door(address, "")
        door.entries.extend(_entry(name, household, address) for name in names)
        doors.append(door)
    return Building(address, doors)


STATES = {"dnk": Knock.DO_NOT_KNOCK, "done": Knock.DONE, "again": Knock.AGAIN}


def knock_of(entry: WalklistEntry) -> Knock:
    return STATES.get(entry.contact.id.split("-")[0], Knock.TO_KNOCK)


def test_a_press_on_several_people_records_only_who_still_needs_a_knock() -> None:
    b = _building(
        "a", 42.0, {"h1": ["new-1", "again-1"], "h2": ["dnk-1", "dnk-2"], "h3": ["done-1"]}
    )
    plan = plan_press(b.entries, knock_of)
    assert [e.contact.id for e in plan.record] == ["new-1", "again-1"]
    assert plan.skipped == {Knock.DO_NOT_KNOCK: 2, Knock.DONE: 1}
    assert not plan.needs_override


def test_one_person_is_recorded_on_purpose_but_do_not_knock_needs_an_override() -> None:
    b = _building("a", 42.0, {"h1": ["done-1"], "h2": ["dnk-1", "dnk-2"]})
    assert [e.contact.id for e in plan_press([b.entries[0]], knock_of).record] == ["done-1"]
    door = b.doors[1].entries
    for targets in ([door[0]], door):  # one person, or the people of that one door
        asked = plan_press(targets, knock_of)
        assert asked.needs_override and asked.record == ()
        assert plan_press(targets, knock_of, override=True).record == tuple(targets)
    assert plan_press([], knock_of).record == ()


def test_next_to_knock_passes_over_done_and_do_not_knock_and_wraps_round() -> None:
    entries = _building(
        "a", 42.0, {"h1": ["new-1"], "h2": ["done-1"], "h3": ["dnk-1"], "h4": ["again-1"]}
    ).entries
    assert next_to_knock(entries, 0, knock_of).contact.id == "again-1"  # type: ignore[union-attr]
    # at the end of the list, round to the start (the second pass)
    assert next_to_knock(entries, 3, knock_of).contact.id == "new-1"  # type: ignore[union-attr]
    assert next_to_knock(entries, 3, knock_of, leave_out={"ch-new-1", "ch-again-1"}) is None
    assert next_to_knock([], -1, knock_of) is None


def test_nearest_to_knock_prefers_the_first_pass() -> None:
    near_again = _building("near", 42.0001, {"h1": ["again-1"]})
    mid_new = _building("mid", 42.01, {"h2": ["new-1"]})
    far_new = _building("far", 42.1, {"h3": ["new-2"]})
    finished = _building("done", 42.0, {"h4": ["done-1"]})
    nowhere = _building("nowhere", None, {"h5": ["new-3"]})
    buildings = [far_new, near_again, finished, nowhere, mid_new]
    assert nearest_to_knock(buildings, 42.0, -71.0, knock_of) is mid_new
    assert nearest_to_knock(buildings, 42.0, -71.0, knock_of, leave_out={"mid"}) is far_new
    # only try-agains left: the nearest of them
    only_again = nearest_to_knock(buildings, 42.0, -71.0, knock_of, leave_out={"mid", "far"})
    assert only_again is near_again
    assert nearest_to_knock([finished, nowhere], 42.0, -71.0, knock_of) is None
