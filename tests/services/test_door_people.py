"""Adding a person at the door, headless: the DoorSession on a real SQLite file with the demo
walklist pulled over real HTTP. The person shows at once under their door (marked as added
here), takes outcomes like anyone, keeps their mark across a sync and a re-read, and is
sent before their visits. No Qt."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from canvass_app.api.client import PolisClient
from canvass_app.core.contact import PersonDetails
from canvass_app.core.door_marks import Knock
from canvass_app.core.outbox import OutboxState
from canvass_app.core.outcomes import outcome_by_key
from canvass_app.core.walklist import WalklistEntry
from canvass_app.server.seed import DEMO_CAMPAIGN_ID, DEMO_LIST_ID
from canvass_app.services import visits as visit_service
from canvass_app.services.door import DoorSession
from canvass_app.services.pull import pull_walklist
from canvass_app.services.sync import SyncSettings, sync_now
from canvass_app.storage.db import open_database

NOT_HOME = outcome_by_key("not_home")
T0 = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
FAST = SyncSettings(concurrency=1, reconcile_after_s=0.0, backoff_base_s=0.001, seed=5)


@dataclass
class Clock:
    now: datetime = T0
    mono: float = 1000.0

    def tick(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        self.mono += seconds


@pytest.fixture
def db(data_dir: Path, polis_server: Any) -> Iterator[sqlite_utils.Database]:
    database = open_database(data_dir)
    with PolisClient(polis_server.url, polis_server.token) as client:
        pull_walklist(database, client, DEMO_LIST_ID, DEMO_CAMPAIGN_ID)
    yield database
    database.conn.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def session(db: sqlite_utils.Database, clock: Clock) -> DoorSession:
    door = DoorSession(db, canvasser="ana", clock=lambda: clock.mono, now=lambda: clock.now)
    door.open(DEMO_LIST_ID)
    return door


def _a_door(session: DoorSession) -> list[WalklistEntry]:
    """The people of a door with one person on the list (after the first building)."""
    for building in session.buildings[1:]:
        for door in building.doors:
            if len(door.entries) == 1:
                return list(door.entries)
    raise AssertionError("the demo list has a door with one person")


def test_a_new_person_joins_their_door_selected_and_marked(session: DoorSession) -> None:
    door = _a_door(session)
    session.select(door)
    count = len(session.walklist.entries)  # type: ignore[union-attr]
    change = session.add_person(PersonDetails("Ana", "Ruiz", language="es"))
    assert not change.problem, change.message
    [added] = change.added
    assert change.select == (added,) and session.selection == (added,)
    assert added.added_here and added.contact.display_name == "Ana Ruiz"
    assert added.household == door[0].household
    assert str(change.message).startswith(f"Added Ana Ruiz at {door[0].household.address.line}")
    entries = session.walklist.entries  # type: ignore[union-attr]
    assert len(entries) == count + 1
    assert entries[entries.index(door[0]) + 1] is added  # right after the door's people
    assert session.knock(added) is Knock.TO_KNOCK


def test_the_new_person_takes_a_not_home_like_anyone(session: DoorSession, clock: Clock) -> None:
    session.select(_a_door(session))
    [added] = session.add_person(PersonDetails("Ana", "Ruiz")).added
    session.select([added])
    clock.tick(5)
    change = session.record_outcome(NOT_HOME)
    [visit] = change.saved
    assert visit.local_contact_id == added.local_contact_id
    assert visit.contact_name == "Ana Ruiz" and visit.state is OutboxState.QUEUED
    assert change.people == {added.contact.id: visit}
    assert session.knock(added) is Knock.AGAIN


def test_the_mark_stays_across_a_sync_and_a_fresh_read(
    session: DoorSession, db: sqlite_utils.Database, polis_server: Any, clock: Clock
) -> None:
    session.select(_a_door(session))
    [added] = session.add_person(PersonDetails("Ana", "Ruiz")).added
    session.select([added])
    clock.tick(5)
    [visit] = session.record_outcome(NOT_HOME).saved
    with PolisClient(polis_server.url, polis_server.token) as client:
        report = sync_now(db, client, settings=FAST)
    assert report.remaining == 0 and report.people_sent == 2
    sent = visit_service.get_visit(db, visit.local_id)
    assert sent is not None and sent.state is OutboxState.SENT
    assert sent.contact_id != added.contact.id  # the server's id now
    # the door's window re-reads the latest visits after a pass: still this person's
    by_household, by_contact = visit_service.latest_visits(db, {added.household.id}, DEMO_LIST_ID)
    session.replace_latest(by_household, by_contact)
    assert session.knock(added) is Knock.AGAIN
    # and a fresh read of the walklist still shows them, once, marked as added here
    session.open(DEMO_LIST_ID)
    again = [e for e in session.walklist.entries if e.added_here]  # type: ignore[union-attr]
    assert [e.contact.display_name for e in again] == ["Ana Ruiz"]
    assert session.knock(again[0]) is Knock.AGAIN


def test_adding_needs_one_door_and_good_details(session: DoorSession) -> None:
    assert "Pick the door" in str(session.add_person(PersonDetails("Ana", "Ruiz")).message)
    two_doors = [d.entries[0] for b in session.buildings for d in b.doors][:2]
    session.select(two_doors)
    assert session.add_person(PersonDetails("Ana", "Ruiz")).problem
    session.select(two_doors[:1])
    refused = session.add_person(PersonDetails("Ana", ""))
    assert refused.problem and "last name" in str(refused.message)
    assert not refused.added


def test_a_person_is_corrected_before_sending_and_not_after(
    session: DoorSession, db: sqlite_utils.Database, polis_server: Any
) -> None:
    session.select(_a_door(session))
    [added] = session.add_person(PersonDetails("Ana", "Ruiz")).added
    assert session.person_details(added) == PersonDetails("Ana", "Ruiz")
    change = session.correct_person(added, PersonDetails("Ana", "Ruiz Soto"))
    assert change.reloaded and not change.problem
    [corrected] = change.select or ()
    assert corrected.contact.display_name == "Ana Ruiz Soto" and corrected.added_here
    with PolisClient(polis_server.url, polis_server.token) as client:
        sync_now(db, client, settings=FAST)
    late = session.correct_person(corrected, PersonDetails("Anna", "Ruiz Soto"))
    assert late.problem and "already on the server" in str(late.message)
    someone = _a_door(session)[0]
    assert "came with the walklist" in str(
        session.correct_person(someone, PersonDetails("X", "Y")).message
    )


def test_the_new_person_takes_a_survey_like_anyone(session: DoorSession, clock: Clock) -> None:
    from tests.services.test_door_session import surveyed

    session.select(_a_door(session))
    [added] = session.add_person(PersonDetails("Ana", "Ruiz")).added
    start = session.start_survey()
    assert start.survey is not None and start.survey.entry == added
    clock.tick(30)
    [visit] = session.finish_survey(surveyed(session, added, available=True)).saved
    assert visit.local_contact_id == added.local_contact_id
    assert visit.contact_id == added.contact.id  # the local reference until sent
    assert visit.data["survey"]["responses"]
    assert session.knock(added) is not Knock.TO_KNOCK
