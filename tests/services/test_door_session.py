"""The door session, headless: every rule of the door on a real SQLite file, with the demo
walklist pulled over real HTTP from the reference server. No Qt."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from canvass_app.api.client import PolisClient
from canvass_app.core.door_marks import Knock
from canvass_app.core.geo import Fix, GpsGrade
from canvass_app.core.messages import Message
from canvass_app.core.outcomes import ONE_TAP_OUTCOMES, outcome_by_key
from canvass_app.core.survey import build_responses
from canvass_app.core.survey_run import SurveyResult
from canvass_app.core.walklist import Building, WalklistEntry
from canvass_app.server.seed import DEMO_CAMPAIGN_ID, DEMO_LIST_ID
from canvass_app.services import visits as visit_service
from canvass_app.services.door import DOUBLE_TAP_S, DoorSession
from canvass_app.services.pull import pull_walklist
from canvass_app.storage.db import open_database
from canvass_app.storage.dbapi import sqlite3

NOT_HOME = outcome_by_key("not_home")
COME_BACK = outcome_by_key("come_back")
REFUSED = outcome_by_key("refused")
T0 = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


@dataclass
class Clock:
    """The session's clocks, moved on by the test."""

    now: datetime = T0
    mono: float = 1000.0

    def tick(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        self.mono += seconds


@pytest.fixture
def pulled(data_dir: Path, polis_server: Any) -> Path:
    db = open_database(data_dir)
    try:
        with PolisClient(polis_server.url, polis_server.token) as client:
            pull_walklist(db, client, DEMO_LIST_ID, DEMO_CAMPAIGN_ID)
    finally:
        db.conn.close()
    return data_dir


@pytest.fixture
def db(pulled: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(pulled)
    yield database
    database.conn.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def session(db: sqlite_utils.Database, clock: Clock) -> DoorSession:
    door = DoorSession(db, canvasser="ana", clock=lambda: clock.mono, now=lambda: clock.now)
    door.open(DEMO_LIST_ID)
    assert door.walklist is not None
    return door


def building(session: DoorSession, line: str) -> Building:
    return next(b for b in session.buildings if b.address.line == line)


def after(session: DoorSession, line: str, steps: int = 1) -> Building:
    """The building ``steps`` after this one in walk order."""
    lines = [b.address.line for b in session.buildings]
    return session.buildings[lines.index(line) + steps]


def person(session: DoorSession, where: str, unit: str = "") -> WalklistEntry:
    found = building(session, where)
    return next(e for e in found.entries if e.household.unit_num == unit)


def visits(db: sqlite_utils.Database) -> list[Any]:
    return [v for v in visit_service.list_visits(db) if not v.deleted]


def surveyed(session: DoorSession, entry: WalklistEntry, *, available: bool) -> SurveyResult:
    """What the survey form hands over when the first question was answered."""
    survey = session.survey()
    assert survey is not None
    first = survey.questions[0]
    answered = ((first, {first.tag: "true" if available else "false"}),)
    return SurveyResult(survey.id, build_responses(list(answered)), available, answered)


# --- 1. bulk outcomes respect the door ---------------------------------------------------------


def test_a_building_press_skips_do_not_knock_and_finished_people(
    session: DoorSession, db: sqlite_utils.Database, clock: Clock
) -> None:
    dana = building(session, "16 Dana Street")
    do_not_knock = [e for e in dana.entries if session.knock(e) is Knock.DO_NOT_KNOCK]
    assert {e.household.unit_num for e in do_not_knock} == {"2"}
    # someone of unit 1 was surveyed a moment ago (a final outcome)
    finished = person(session, "16 Dana Street", "1")
    session.select([finished])
    assert session.start_survey().survey is not None
    assert session.finish_survey(surveyed(session, finished, available=True)).saved
    # someone of unit 3 was Not Home earlier: a try-again, knocked again
    again = person(session, "16 Dana Street", "3")
    session.select([again])
    session.record_outcome(NOT_HOME)
    clock.tick(60)

    session.select(dana.entries)  # the building row: everyone under it
    change = session.record_outcome(NOT_HOME)

    expected = [
        e
        for e in dana.entries
        if e.household.unit_num != "2" and e.contact.id != finished.contact.id
    ]
    assert sorted(v.contact_id for v in change.saved) == sorted(e.contact.id for e in expected)
    assert again.contact.id in {v.contact_id for v in change.saved}
    skipped_done = sum(1 for e in dana.entries if e.contact.id == finished.contact.id)
    text = str(change.message)
    assert text.startswith(
        f"Not Home for {len(expected)}; skipped {len(do_not_knock) + skipped_done} "
        f"({len(do_not_knock)} Do Not Knock, {skipped_done} already done)."
    ), text
    assert not change.problem and change.outbox_changed
    # what changed is named: the households and people whose marks the views repaint
    assert set(change.people) == {e.contact.id for e in expected}
    assert set(change.households) == {e.household.id for e in expected}
    # one transaction, one press, one moment
    assert len({v.press_id for v in change.saved}) == 1
    assert len({v.knock_time for v in change.saved}) == 1


def test_a_do_not_knock_building_press_names_only_what_was_skipped(
    session: DoorSession,
) -> None:
    dana = building(session, "16 Dana Street")
    unit_two = [e for e in dana.entries if e.household.unit_num == "2"]
    others = [e for e in building(session, "18 Dana Street").entries]
    session.select(unit_two + others)
    change = session.record_outcome(NOT_HOME)
    assert str(change.message).startswith(
        f"Not Home for {len(others)}; skipped {len(unit_two)} (Do Not Knock)."
    )


def test_one_ctrl_z_undoes_the_whole_press(
    session: DoorSession, db: sqlite_utils.Database, clock: Clock
) -> None:
    session.select([person(session, "18 Dana Street")])
    single = session.record_outcome(REFUSED).saved
    clock.tick(30)
    dana = building(session, "16 Dana Street")
    session.select(dana.entries)
    pressed = session.record_outcome(NOT_HOME).saved
    assert len(pressed) > 5

    undone = session.undo()
    assert str(undone.message) == f"Undid the whole press: {len(pressed)} visits (Not Home)."
    assert {v.local_id for v in visits(db)} == {v.local_id for v in single}
    # the doors show what they showed before the press
    assert set(undone.households) == {v.household_id for v in pressed}
    assert all(undone.households[v.household_id] is None for v in pressed)
    assert all(session.knock(e).needed for e in dana.entries if e.household.unit_num != "2")
    # the next Ctrl+Z undoes the press before it
    again = session.undo()
    assert str(again.message).startswith("Undid the visit to")
    assert visits(db) == []
    assert str(session.undo().message).startswith("Nothing to undo")


def test_a_do_not_knock_door_takes_a_visit_only_on_purpose(
    session: DoorSession, db: sqlite_utils.Database
) -> None:
    door = person(session, "16 Dana Street", "2")
    session.select([door])
    refused = session.record_outcome(NOT_HOME)
    assert refused.ask_override and refused.problem and not refused.saved
    assert "Do Not Knock" in str(refused.message) and visits(db) == []
    assert session.start_survey().ask_override  # a survey too

    overridden = session.record_outcome(NOT_HOME, override=True)
    assert len(overridden.saved) == 1 and overridden.saved[0].do_not_knock_override
    assert "Do-Not-Knock door" in str(overridden.message)
    stored = visit_service.get_visit(db, overridden.saved[0].local_id)
    assert stored is not None and stored.do_not_knock_override  # in the ledger
    # an ordinary visit carries no such mark
    session.select([person(session, "18 Dana Street")])
    assert not session.record_outcome(NOT_HOME).saved[0].do_not_knock_override


def test_one_person_may_get_a_second_visit_on_purpose(session: DoorSession) -> None:
    session.auto_advance = False
    entry = person(session, "18 Dana Street")
    session.select([entry])
    assert session.finish_survey(surveyed(session, entry, available=True)).problem
    assert session.start_survey().survey is not None
    session.finish_survey(surveyed(session, entry, available=True))
    assert session.knock(entry) is Knock.DONE
    # one person picked on purpose: recorded (a building press would skip them)
    assert len(session.record_outcome(COME_BACK).saved) == 1


def test_a_double_tap_is_not_a_second_visit(
    session: DoorSession, db: sqlite_utils.Database, clock: Clock
) -> None:
    first = person(session, "16 Dana Street", "1")
    session.select([first])
    session.record_outcome(NOT_HOME)  # moves on to the next door
    clock.tick(0.4)
    echo = session.record_outcome(NOT_HOME)  # the screen felt slow
    assert echo.saved == () and "not saved twice" in str(echo.message)
    clock.tick(DOUBLE_TAP_S)
    assert len(session.record_outcome(NOT_HOME).saved) == 1  # a real next knock
    assert len(visits(db)) == 2


# --- 2. next door -------------------------------------------------------------------------------


def test_next_door_goes_to_the_next_person_who_needs_a_knock(session: DoorSession) -> None:
    entries = session.walklist.entries  # type: ignore[union-attr]
    dana_16 = building(session, "16 Dana Street")
    units = dana_16.entries
    # everyone of 16 Dana but the last unit is done or Do Not Knock already
    session.auto_advance = False
    for entry in units[:-1]:
        if session.knock(entry) is Knock.DO_NOT_KNOCK:
            continue
        session.select([entry])
        session.start_survey()
        session.finish_survey(surveyed(session, entry, available=True))
    session.select([entries[entries.index(units[0]) - 1]])  # the person before 16 Dana
    change = session.next_door()
    assert change.select == (units[-1],)  # across units, past done and Do Not Knock
    assert units[-1].household.id != units[-2].household.id
    assert str(change.message).startswith(f"Next: {units[-1].contact.display_name}, 16 Dana")
    # then on to the next building, and across streets at the end of Dana Street
    session.select([units[-1]])
    assert session.next_door().select == (after(session, "16 Dana Street").entries[0],)
    dana = [b for b in session.buildings if b.address.street_name == "Dana Street"]
    session.select([dana[-1].entries[-1]])
    following = session.next_door().select
    assert following is not None and following[0].household.address.street_name != "Dana Street"
    assert following[0] == after(session, dana[-1].address.line).entries[0]


def test_a_one_tap_outcome_moves_on_by_itself_and_says_where(
    session: DoorSession, clock: Clock
) -> None:
    first = person(session, "68 Dana Street", "1")
    session.select([first])
    change = session.record_outcome(NOT_HOME)
    assert change.saved[0].contact_id == first.contact.id
    assert change.people[first.contact.id] is change.saved[0]  # the door just recorded
    # on to the next door: everyone there who still needs a knock (one keystroke a door)
    unit_two = tuple(
        e for e in building(session, "68 Dana Street").entries if e.household.unit_num == "2"
    )
    assert change.select == unit_two and session.selection == unit_two
    names = ", ".join(e.contact.display_name for e in unit_two)
    assert str(change.message) == (
        f"Saved Not Home for {first.contact.display_name}. Ctrl+Z undoes it. "
        f"Next: {names}, 68 Dana Street #2."
    )
    # a run of Not Homes down the street: one keystroke per door
    clock.tick(60)
    session.record_outcome(NOT_HOME)  # unit 2: its people at once
    clock.tick(60)
    assert session.record_outcome(NOT_HOME).select == tuple(
        after(session, "68 Dana Street").entries
    )  # unit 3, then on to the next building
    for steps in (2, 3):
        clock.tick(60)
        moved = session.record_outcome(NOT_HOME).select
        assert moved == tuple(after(session, "68 Dana Street", steps).entries)
    # with the setting off, the selection stays
    session.auto_advance = False
    clock.tick(60)
    assert session.record_outcome(NOT_HOME).select is None


def test_nearest_door_needs_a_usable_fix_and_skips_the_door_here(
    session: DoorSession, clock: Clock
) -> None:
    assert "GPS position" in str(session.nearest_door().message)
    dana = building(session, "16 Dana Street")
    assert dana.address.lat is not None and dana.address.lng is not None
    session.set_fix(Fix(dana.address.lat, dana.address.lng, 5.0, clock.now, "test"))
    change = session.nearest_door()
    assert change.select is not None
    assert change.select[0].household.address.line == "16 Dana Street"
    session.select(dana.entries)
    session.record_outcome(NOT_HOME)  # everyone there: Not Home (a try-again)
    session.select([dana.entries[0]])
    later = session.nearest_door().select
    assert later is not None and later[0].household.address.line == "18 Dana Street"


# --- 4. honest location -----------------------------------------------------------------------


def test_a_stale_fix_or_no_fix_never_goes_into_a_visit(session: DoorSession, clock: Clock) -> None:
    entry = person(session, "18 Dana Street")
    lat, lng = entry.household.address.lat, entry.household.address.lng
    assert lat is not None and lng is not None
    session.auto_advance = False
    session.set_fix(Fix(lat, lng, 6.0, clock.now, "nmea"))
    session.select([entry])
    fresh = session.record_outcome(NOT_HOME).saved[0]
    assert fresh.data["location"]["confidence"] == 6.0
    assert fresh.gps_grade == GpsGrade.GOOD.value

    clock.tick(61)  # the same fix, older than the limit
    assert "61 s old" in str(session.location_problem())
    stale = session.record_outcome(COME_BACK).saved[0]
    assert "location" not in stale.data and stale.gps_grade == GpsGrade.NONE.value

    # the receiver says "no fix" (GGA quality 0): the source drops the fix at once and
    # says why (tests/qt/test_position.py); the door says so, and records no position
    why = Message("Location", "The GPS has no fix right now.")
    session.set_fix(None, why)
    assert session.location_problem() == why
    none = session.record_outcome(REFUSED).saved[0]
    assert "location" not in none.data and none.gps_grade == GpsGrade.NONE.value
    session.set_fix(None)
    assert str(session.location_problem()) == "no position yet"


def test_a_fix_worse_than_the_settings_allow_is_not_recorded(
    session: DoorSession, clock: Clock
) -> None:
    entry = person(session, "18 Dana Street")
    lat, lng = entry.household.address.lat, entry.household.address.lng
    assert lat is not None and lng is not None
    session.auto_advance = False
    session.max_accuracy_m = 20.0
    session.set_fix(Fix(lat, lng, 35.0, clock.now, "nmea"))
    session.select([entry])
    assert "±35 m, worse than the 20 m" in str(session.location_problem())
    assert "location" not in session.record_outcome(NOT_HOME).saved[0].data


# --- surveys, edits, voids ------------------------------------------------------------------


def test_survey_start_finish_and_abandon(session: DoorSession, db: sqlite_utils.Database) -> None:
    entry = person(session, "18 Dana Street")
    session.select([entry])
    started = session.start_survey()
    assert started.survey is not None and started.survey.entry == entry
    left = session.abandon_survey()
    assert left.close_survey and "nothing was saved" in str(left.message)
    assert session.finish_survey(surveyed(session, entry, available=True)).problem
    assert visits(db) == []

    session.start_survey()
    saved = session.finish_survey(surveyed(session, entry, available=False))
    assert saved.close_survey and saved.form_note is not None
    assert (
        str(saved.message)
        == f"Saved the survey for {entry.contact.display_name}. Ctrl+Z undoes it."
    )
    assert saved.saved[0].data["unavailable"] is True
    # picking someone else while a survey is open closes it (and clears the line)
    session.start_survey()
    moved = session.select([person(session, "46 Dana Street")])
    assert moved.close_survey and moved.clears_message


def test_edit_and_void_refresh_the_door(session: DoorSession, db: sqlite_utils.Database) -> None:
    entry = person(session, "18 Dana Street")
    session.select([entry])
    session.start_survey()
    visit = session.finish_survey(surveyed(session, entry, available=True)).saved[0]
    opened = session.edit(visit)
    assert opened.survey is not None and opened.survey.editing == visit
    edited = session.finish_survey(surveyed(session, entry, available=False))
    assert edited.people[entry.contact.id].data["unavailable"] is True  # type: ignore[union-attr]
    assert len(visits(db)) == 1  # an edit, not a new visit
    voided = session.void(visit)
    assert voided.households[entry.household.id] is None
    assert session.knock(entry) is Knock.TO_KNOCK


# --- 6. messages that are true ---------------------------------------------------------------


def test_the_status_line_is_cleared_when_what_it_describes_changes(session: DoorSession) -> None:
    entry = person(session, "18 Dana Street")
    session.select([entry])
    session.start_survey()
    saved = session.finish_survey(surveyed(session, entry, available=True))
    assert saved.form_note is not None  # the form says "Saved the survey for …" too
    moved = session.select([person(session, "46 Dana Street")])
    assert moved.clears_message  # the status line …
    assert moved.close_survey and moved.form_note is None  # … and the form's note go
    assert not session.select([entry]).close_survey  # (only once)
    # "Sending waiting visits…" goes when the pass ends; a door message stays
    assert str(session.sync_requested(True).message) == "Sending waiting visits…"
    assert session.sync_ended().clears_message
    session.select([entry])
    session.record_outcome(NOT_HOME)
    assert not session.sync_ended().clears_message


# --- expected problems and bugs --------------------------------------------------------------


def test_a_full_disk_is_told_in_words_and_a_bug_goes_to_the_crash_dialog(
    session: DoorSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    session.select([person(session, "18 Dana Street")])

    def disk_full(*_args: Any, **_kwargs: Any) -> Any:
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorcode = 13  # type: ignore[attr-defined]
        raise error

    monkeypatch.setattr(visit_service, "record_visits", disk_full)
    change = session.record_outcome(NOT_HOME)
    assert change.problem and change.bug is None
    assert str(change.message).startswith("Not done: The disk is full")
    assert "database or disk" not in str(change.message)  # SQLite's words go to the log

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise sqlite3.OperationalError("no such column: knock_tme")  # our SQL: a bug

    monkeypatch.setattr(visit_service, "record_visits", broken)
    bug = session.record_outcome(COME_BACK)
    assert isinstance(bug.bug, sqlite3.OperationalError)
    assert "It was logged" in str(bug.message)


def test_every_one_tap_outcome_is_recordable(session: DoorSession, clock: Clock) -> None:
    session.auto_advance = False
    entry = person(session, "18 Dana Street")
    session.select([entry])
    for outcome in ONE_TAP_OUTCOMES:
        clock.tick(5)
        assert len(session.record_outcome(outcome).saved) == 1, outcome.key


def test_no_walklist_says_how_to_get_one(data_dir: Path) -> None:
    db = open_database(data_dir)
    try:
        session = DoorSession(db, canvasser="ana")
        session.open(None)
        assert session.walklist is None and "Download" in str(session.no_walklist)
        assert "Pick" in str(session.record_outcome(NOT_HOME).message)
        assert session.next_door().select is None
    finally:
        db.conn.close()
