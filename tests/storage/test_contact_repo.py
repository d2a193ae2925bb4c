"""People added at the door on a real SQLite file: saved with their two requests in one
transaction, read by household, corrected by folding into the unsent contact."""

from __future__ import annotations

import json
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
from canvass_app.services.visits import VisitDraft, record_visit
from canvass_app.storage.contacts import ContactFinish, ContactRepo
from canvass_app.storage.db import open_database
from canvass_app.storage.visits import LeaseLost, VisitRepo

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
    at = ContactRepo(db).at_households(["house-1"])
    assert [p.local_contact_id for p in at] == [first.local_contact_id, second.local_contact_id]
    assert [p.display_name for p in ContactRepo(db).at_households(["house-2", "nowhere"])] == [
        "Kim Lee"
    ]
    assert ContactRepo(db).at_households([]) == []
    assert len(ContactRepo(db).all()) == 3
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


# --- the engine's side ------------------------------------------------------------------


def _waiting_visit(db: sqlite_utils.Database, person: LocalContact) -> str:
    """A Not Home for ``person``, saved as the door saves it; its local id."""
    return record_visit(
        db,
        VisitDraft(
            campaign_id="camp-1", contact_id=person.ref, household_id=person.household_id,
            contact_household_id=person.ref, survey_id="survey-1", unavailable=True,
            unavailable_reason="Not Home", contact_name=person.display_name,
        ),
        canvasser="dana",
        now=T0,
    ).local_id  # fmt: skip


def _payload(db: sqlite_utils.Database, local_id: str) -> dict[str, object]:
    row = db.execute("SELECT payload_json FROM outbox WHERE local_id = ?", [local_id]).fetchone()
    return dict(json.loads(row[0]))


def test_the_contact_then_the_link_go_in_order_and_rewrite_the_waiting_visit(
    db: sqlite_utils.Database,
) -> None:
    repo = ContactRepo(db)
    person = _add(db)
    visit_id = _waiting_visit(db, person)
    assert repo.eligible_count(T0) == 1  # the link waits for the contact
    leased = repo.lease_next("engine-1", now=T0, lease_s=60)
    assert leased is not None and leased.op.kind is ContactOpKind.CREATE
    assert leased.op.state is OutboxState.SENDING and leased.previous_state is OutboxState.QUEUED
    assert repo.lease_next("engine-1", now=T0, lease_s=60) is None  # the link is not next yet
    repo.finish(
        "engine-1",
        ContactFinish(leased.op.op_id, OutboxState.SENT, "sent", server_id="c-9", etag="e1",
                      server_data=person.data, method="POST"),
        now=T0,
    )  # fmt: skip
    assert _payload(db, visit_id)["contactId"] == "c-9"
    assert _payload(db, visit_id)["contactHouseholdId"] == person.ref
    visit = VisitRepo(db).get_visit(visit_id)
    assert visit is not None and visit.contact_id == "c-9" and visit.data["contactId"] == "c-9"
    waits = db.execute("SELECT waits_for FROM outbox WHERE local_id = ?", [visit_id]).fetchone()[0]
    assert waits == person.local_contact_id  # still waits for the link
    link = repo.lease_next("engine-1", now=T0, lease_s=60)
    assert link is not None and link.op.kind is ContactOpKind.LINK
    assert link.person.server_id == "c-9"
    repo.finish(
        "engine-1",
        ContactFinish(link.op.op_id, OutboxState.SENT, "sent", link_id="ch-9", method="PUT"),
        now=T0,
    )
    assert _payload(db, visit_id)["contactHouseholdId"] == "ch-9"
    assert (
        db.execute("SELECT waits_for FROM outbox WHERE local_id = ?", [visit_id]).fetchone()[0]
        is None
    )
    done = repo.get(person.local_contact_id)
    assert done is not None and done.on_server and done.state is OutboxState.SENT
    assert (done.contact_id, done.contact_household_id) == ("c-9", "ch-9")
    events = [e.event for e in VisitRepo(db).events(visit_id)]
    assert events[-2:] == ["person_sent", "person_linked"]


def test_a_refused_contact_puts_its_waiting_visits_in_needs_attention(
    db: sqlite_utils.Database,
) -> None:
    repo = ContactRepo(db)
    person = _add(db)
    visit_id = _waiting_visit(db, person)
    leased = repo.lease_next("engine-1", now=T0, lease_s=60)
    assert leased is not None
    repo.finish(
        "engine-1",
        ContactFinish(leased.op.op_id, OutboxState.REJECTED, "rejected", http_status=400,
                      error="400: /data/profile/name/anglican/surname is required"),
        now=T0,
    )  # fmt: skip
    visit = VisitRepo(db).get_visit(visit_id)
    assert visit is not None and visit.state is OutboxState.NEEDS_ATTENTION
    assert visit.last_error is not None and "Ana Ruiz" in visit.last_error
    assert _payload(db, visit_id)["contactId"] == person.ref  # never given a server id
    refused = repo.get(person.local_contact_id)
    assert refused is not None and refused.state is OutboxState.REJECTED
    # corrected, then sent again: the person and their visit are queued once more
    svc.edit_person(db, person.local_contact_id, PersonDetails("Ana", "Ruiz Soto"))
    assert repo.requeue(person.local_contact_id, requeueable={OutboxState.REJECTED}, now=T0)
    again = VisitRepo(db).get_visit(visit_id)
    assert again is not None and again.state is OutboxState.QUEUED
    assert repo.eligible_count(T0) == 1
    assert not repo.requeue(person.local_contact_id, requeueable={OutboxState.REJECTED}, now=T0)


def test_an_interrupted_send_becomes_unknown_and_a_stale_holder_cannot_record(
    db: sqlite_utils.Database,
) -> None:
    repo = ContactRepo(db)
    person = _add(db)
    leased = repo.lease_next("pid-1/engine", now=T0, lease_s=60)
    assert leased is not None
    assert repo.release_dead_leases(now=T0, live_owner_prefix="pid-2") == 1
    op = repo.ops(person.local_contact_id)[0]
    assert op.state is OutboxState.UNKNOWN and op.lease_owner is None
    # the dead engine's answer still counts (a known answer beats a guess)...
    repo.finish(
        "pid-1/engine",
        ContactFinish(op.op_id, OutboxState.SENT, "sent", server_id="c-1"),
        now=T0,
    )
    # ...but once taken again by another engine, an old holder cannot record
    link = repo.lease_next("pid-2/engine", now=T0, lease_s=60)
    assert link is not None
    with pytest.raises(LeaseLost):
        repo.finish("pid-1/engine", ContactFinish(link.op.op_id, OutboxState.SENT, "sent",
                                                  link_id="x"), now=T0)  # fmt: skip
    assert repo.expire_leases(now=T0 + timedelta(seconds=61)) == 1
    assert repo.ops(person.local_contact_id)[1].state is OutboxState.UNKNOWN


def test_sync_now_makes_waiting_requests_due(db: sqlite_utils.Database) -> None:
    repo = ContactRepo(db)
    _add(db)
    db.execute("UPDATE contact_ops SET state = 'retry_wait', next_attempt_at = '2099-01-01'")
    assert repo.eligible_count(T0) == 0
    assert repo.reset_backoff(now=T0, states={OutboxState.RETRY_WAIT}) == 2
    assert repo.eligible_count(T0) == 1


def test_the_outbox_counts_a_person_added_without_a_visit(db: sqlite_utils.Database) -> None:
    from canvass_app.services.visits import sync_counts

    assert sync_counts(db, T0).people_unsent == 0
    _add(db)
    counts = sync_counts(db, T0)
    # No visit waits, but the person does: "all sent" would be a lie.
    assert counts.unsent == 0 and counts.people_unsent == 1 and counts.attention == 0
    assert counts.to_json()["people_added"]["queued"] == 1
