"""People added at the door on a real SQLite file: saved with their two requests in one
transaction, read by household, corrected by folding into the unsent contact."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils

from canvass_app.core.contact import (
    ContactOpKind,
    LocalContact,
    PersonDetails,
    PersonInvalid,
    contact_data,
    local_ref,
)
from canvass_app.core.outbox import OutboxState
from canvass_app.core.walklist import Address, Household
from canvass_app.services import contacts as svc
from canvass_app.storage.contacts import ContactRepo
from canvass_app.storage.db import open_database

T0 = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
HOUSEHOLD = Household(
    "house-1", "2", Address("addr-1", "12", "Elm Street", "Cambridge", "MA", "02138", 42.37, -71.1)
)


@pytest.fixture
def db(data_dir: Path) -> sqlite_utils.Database:
    return open_database(data_dir)


def _add(
    db: sqlite_utils.Database,
    details: PersonDetails | None = None,
    household: Household = HOUSEHOLD,
) -> LocalContact:
    return svc.add_person(
        db,
        details or PersonDetails("Ana", "Ruiz", phone="617-555-0100", language="es"),
        household=household,
        canvasser="dana",
        walklist_id="list-1",
        campaign_id="camp-1",
        now=T0,
    )


def test_adding_a_person_saves_them_and_their_two_requests(db: sqlite_utils.Database) -> None:
    person = svc.add_person(
        db,
        PersonDetails(" Ana ", "Ruiz", phone="617-555-0100", language="es"),
        household=HOUSEHOLD,
        canvasser="dana",
        walklist_id="list-1",
        campaign_id="camp-1",
        now=T0,
    )
    assert person.display_name == "Ana Ruiz" and person.state is OutboxState.QUEUED
    assert (person.address_line, person.unit, person.household_id) == ("12 Elm Street", "2",
                                                                       "house-1")  # fmt: skip
    assert person.data == contact_data(
        PersonDetails("Ana", "Ruiz", phone="617-555-0100", language="es"), "house-1"
    )
    assert person.contact_id == person.contact_household_id == local_ref(person.local_contact_id)
    assert not person.on_server
    ops = ContactRepo(db).ops(person.local_contact_id)
    assert [(op.kind, op.state) for op in ops] == [
        (ContactOpKind.CREATE, OutboxState.QUEUED),
        (ContactOpKind.LINK, OutboxState.QUEUED),
    ]
    assert ops[0].payload == person.data and ops[1].payload == {"householdId": "house-1"}
    events = db.execute(
        "SELECT event, message FROM sync_log WHERE local_id = ?", [person.local_contact_id]
    ).fetchall()
    assert events == [("person_added", "Ana Ruiz added at the door by dana")]


def test_bad_details_save_nothing(db: sqlite_utils.Database) -> None:
    with pytest.raises(PersonInvalid) as caught:
        _add(db, PersonDetails("Ana", "", email="ana@"))
    assert [p.field for p in caught.value.problems] == ["surname", "email"]
    assert db.execute("SELECT COUNT(*) FROM local_contacts").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM contact_ops").fetchone()[0] == 0


def test_people_are_read_by_household_oldest_first(db: sqlite_utils.Database) -> None:
    other = Household("house-2", "", HOUSEHOLD.address)
    first = _add(db)
    second = svc.add_person(
        db, PersonDetails("Luis", "Ruiz"), household=HOUSEHOLD, canvasser="dana",
        walklist_id=None, campaign_id=None, now=T0 + timedelta(seconds=5),
    )  # fmt: skip
    elsewhere = _add(db, PersonDetails("Kim", "Lee"), household=other)
    at = svc.people_at(db, ["house-1"])
    assert [p.local_contact_id for p in at] == [first.local_contact_id, second.local_contact_id]
    assert [p.display_name for p in svc.people_at(db, ["house-2", "nowhere"])] == ["Kim Lee"]
    assert svc.people_at(db, []) == []
    assert len(svc.added_people(db)) == 3
    found = svc.get_person(db, elsewhere.local_contact_id)
    assert found is not None and found.display_name == "Kim Lee"


def test_a_correction_before_sending_folds_into_the_contact(db: sqlite_utils.Database) -> None:
    person = _add(db)
    local_id = person.local_contact_id
    changed = svc.edit_person(db, local_id, PersonDetails("Ana María", "Ruiz", email="a@b.org"))
    assert changed.display_name == "Ana María Ruiz"
    create = ContactRepo(db).ops(local_id)[0]
    assert (
        create.payload
        == changed.data
        == contact_data(PersonDetails("Ana María", "Ruiz", email="a@b.org"), "house-1")
    )
    assert db.execute(
        "SELECT event FROM sync_log WHERE local_id = ? ORDER BY id", [local_id]
    ).fetchall() == [("person_added",), ("edited",)]


@pytest.mark.parametrize("state", ["sending", "unknown", "sent", "needs_attention"])
def test_a_correction_once_the_contact_may_be_on_the_server_is_refused_in_words(
    db: sqlite_utils.Database, state: str
) -> None:
    person = _add(db)
    local_id = person.local_contact_id
    db.execute("UPDATE contact_ops SET state = ? WHERE kind = 'contact_create'", [state])
    with pytest.raises(svc.PersonNotChanged) as caught:
        svc.edit_person(db, local_id, PersonDetails("Anna", "Ruiz"))
    assert "already on the server" in str(caught.value.message)
    kept = ContactRepo(db).get(local_id)
    assert kept is not None and kept.display_name == "Ana Ruiz"


def test_a_leased_create_is_not_folded(db: sqlite_utils.Database) -> None:
    person = _add(db)
    db.execute("UPDATE contact_ops SET lease_owner = 'engine-1' WHERE kind = 'contact_create'")
    with pytest.raises(svc.PersonNotChanged):
        svc.edit_person(db, person.local_contact_id, PersonDetails("Anna", "Ruiz"))


def test_editing_someone_unknown_or_without_a_canvasser_says_so(db: sqlite_utils.Database) -> None:
    with pytest.raises(svc.PersonNotChanged, match="not on this laptop"):
        svc.edit_person(db, "nobody", PersonDetails("Ana", "Ruiz"))
    with pytest.raises(svc.PersonNotChanged, match="who is canvassing"):
        svc.add_person(
            db, PersonDetails("Ana", "Ruiz"), household=HOUSEHOLD, canvasser=" ",
            walklist_id=None, campaign_id=None,
        )  # fmt: skip
