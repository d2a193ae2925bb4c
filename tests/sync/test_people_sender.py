"""PeopleSender against the real reference server over HTTP: the contact, then the link,
lost answers looked up before any resend (with and without the API's match on create),
refusals, sign-in and offline."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from canvass_app.api.client import PolisClient
from canvass_app.core.contact import LocalContact, PersonDetails
from canvass_app.core.outbox import OutboxState
from canvass_app.core.walklist import Address, Household
from canvass_app.server.seed import DEMO_LIST_ID
from canvass_app.services.contacts import add_person
from canvass_app.services.visits import VisitDraft, record_visit
from canvass_app.storage.contacts import ContactRepo
from canvass_app.storage.db import open_database
from canvass_app.storage.visits import VisitRepo
from canvass_app.sync.contacts import PeoplePass, PeopleSender

TOKEN = "people-test-token-3c9d"
T0 = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


@dataclass
class Env:
    server: Any
    client: PolisClient
    db: sqlite_utils.Database
    household: Household
    clock: datetime = T0

    def now(self) -> datetime:
        self.clock += timedelta(milliseconds=5)
        return self.clock

    def sender(self, owner: str = "pid-1/engine") -> PeopleSender:
        return PeopleSender(
            self.client,
            owner=owner,
            lease_s=60,
            clock=self.now,
            retry_at=lambda attempts, after: self.clock,
            reconcile_at=lambda: self.clock,
        )

    def run(self, limit: int = 1) -> PeoplePass:
        return self.sender().run(ContactRepo(self.db), limit=limit)

    def add(self, given: str = "Ana", surname: str = "Ruiz") -> LocalContact:
        return add_person(
            self.db, PersonDetails(given, surname, language="es"), household=self.household,
            canvasser="dana", walklist_id=DEMO_LIST_ID, campaign_id="camp", now=self.now(),
        )  # fmt: skip

    def person(self, local_contact_id: str) -> LocalContact:
        found = ContactRepo(self.db).get(local_contact_id)
        assert found is not None
        return found

    def contacts_named(self, surname: str) -> list[dict[str, Any]]:
        return [
            c
            for c in self.server.state.documents("contacts")
            if c["data"]["profile"]["name"]["anglican"]["surname"] == surname
        ]


@pytest.fixture
def make_env(make_polis_server: Callable[..., Any], data_dir: Path) -> Iterator[Callable[..., Env]]:
    clients: list[PolisClient] = []

    def make(**server_options: Any) -> Env:
        server = make_polis_server(seed="demo", token=TOKEN, idempotency=False, **server_options)
        client = PolisClient(server.url, TOKEN, timeout=5)
        clients.append(client)
        doc = server.state.documents("households")[0]
        household = Household(doc["id"], doc["data"].get("unitNum", ""),
                              Address("a", "1", "Ellery Street", "Cambridge", "MA", "02138"))  # fmt: skip
        return Env(server, client, open_database(data_dir), household)

    yield make
    for client in clients:
        client.close()


def _waiting_visit(env: Env, person: LocalContact) -> str:
    """A Not Home for ``person``, saved as the door saves it; its local id."""
    return record_visit(
        env.db,
        VisitDraft(
            campaign_id="camp", contact_id=person.ref, household_id=person.household_id,
            contact_household_id=person.ref, survey_id="s", unavailable=True,
            unavailable_reason="Not Home", contact_name=person.display_name,
        ),
        canvasser="dana",
        now=env.now(),
    ).local_id  # fmt: skip


def _payload(env: Env, local_id: str) -> dict[str, Any]:
    row = env.db.execute("SELECT payload_json FROM outbox WHERE local_id = ?", [local_id])
    return dict(json.loads(row.fetchone()[0]))


def _events(env: Env, local_id: str) -> list[str]:
    rows = env.db.execute("SELECT event FROM sync_log WHERE local_id = ? ORDER BY id", [local_id])
    return [row[0] for row in rows]


def test_contact_then_link_and_the_waiting_visit_names_both(make_env: Callable[..., Env]) -> None:
    env = make_env()
    person = env.add()
    visit_id = _waiting_visit(env, person)
    done = env.run()
    assert (done.attempted, done.sent, done.stop) == (2, 2, None)
    sent = env.person(person.local_contact_id)
    assert sent.on_server and sent.state is OutboxState.SENT
    [contact] = env.contacts_named("Ruiz")
    assert contact["id"] == sent.server_id
    assert contact["data"]["primaryHouseholdId"] == env.household.id
    link = env.server.state.get_document("contact-households", sent.link_id)  # type: ignore[arg-type]
    assert link["data"] == {"contactId": sent.server_id, "householdId": env.household.id}
    payload = _payload(env, visit_id)
    assert (payload["contactId"], payload["contactHouseholdId"]) == (sent.server_id, sent.link_id)
    assert env.run().attempted == 0  # nothing left


@pytest.mark.parametrize("contact_match", [True, False])
def test_a_lost_contact_answer_is_looked_up_not_duplicated(
    make_env: Callable[..., Env], contact_match: bool
) -> None:
    env = make_env(contact_match=contact_match)
    person = env.add()
    env.server.state.set_faults("POST /v2/contacts: lost_answer=1")
    first = env.run()
    assert first.outcomes == {OutboxState.UNKNOWN: 1}
    assert len(env.contacts_named("Ruiz")) == 1  # committed, answer lost
    env.server.state.set_faults(None)
    second = env.run()
    assert second.sent == 2
    assert len(env.contacts_named("Ruiz")) == 1
    assert "adopted" in _events(env, person.local_contact_id)
    assert env.person(person.local_contact_id).server_id == env.contacts_named("Ruiz")[0]["id"]


def test_a_lost_contact_that_never_arrived_is_sent_again(make_env: Callable[..., Env]) -> None:
    env = make_env(contact_match=False)
    person = env.add()
    env.server.state.set_faults("POST /v2/contacts: reset=1")  # nothing committed
    env.run()
    ops = ContactRepo(env.db).ops(person.local_contact_id)
    assert ops[0].state is OutboxState.UNKNOWN
    env.server.state.set_faults(None)
    assert env.run().sent == 2
    assert len(env.contacts_named("Ruiz")) == 1
    assert "reconciled_absent" in _events(env, person.local_contact_id)


def test_a_lost_link_answer_is_adopted(make_env: Callable[..., Env]) -> None:
    env = make_env()
    person = env.add()
    visit_id = _waiting_visit(env, person)
    env.server.state.set_faults("PUT /v2/contacts/*/households/*: lost_answer=1")
    env.run()
    assert [o.state for o in ContactRepo(env.db).ops(person.local_contact_id)] == [
        OutboxState.SENT,
        OutboxState.UNKNOWN,
    ]
    assert (
        env.db.execute("SELECT waits_for FROM outbox WHERE local_id = ?", [visit_id]).fetchone()[0]
        is not None
    )
    env.server.state.set_faults(None)
    assert env.run().sent == 1
    sent = env.person(person.local_contact_id)
    links = [
        link
        for link in env.server.state.documents("contact-households")
        if link["data"]["contactId"] == sent.server_id
    ]
    assert [link["id"] for link in links] == [sent.link_id]
    assert _payload(env, visit_id)["contactHouseholdId"] == sent.link_id


def test_a_refused_contact_leaves_its_visit_waiting_for_a_person(
    make_env: Callable[..., Env],
) -> None:
    env = make_env()
    person = env.add()
    visit_id = _waiting_visit(env, person)
    # a server with stricter rules than the form's: it refuses the contact
    env.db.execute("UPDATE contact_ops SET payload_json = json_remove(payload_json, "
                   "'$.profile.name.anglican.surname') WHERE kind = 'contact_create'")  # fmt: skip
    done = env.run()
    assert done.outcomes == {OutboxState.REJECTED: 1} and done.refused == ["Ana Ruiz"]
    visit = VisitRepo(env.db).get_visit(visit_id)
    assert visit is not None and visit.state is OutboxState.NEEDS_ATTENTION
    assert "Ana Ruiz" in (visit.last_error or "")
    assert _payload(env, visit_id)["contactId"] == person.ref
    assert env.contacts_named("Ruiz") == []
    assert env.run().attempted == 0  # nothing more is tried by itself


def test_a_link_to_a_household_gone_from_the_server_needs_attention(
    make_env: Callable[..., Env],
) -> None:
    env = make_env()
    person = env.add()
    visit_id = _waiting_visit(env, person)
    household = env.server.state.get_document("households", env.household.id)
    with env.server.state.lock:
        household["meta"]["isDeleted"] = True
        env.server.state.store.put("households", household)
    done = env.run()
    assert done.outcomes == {OutboxState.SENT: 1, OutboxState.NEEDS_ATTENTION: 1}
    assert env.person(person.local_contact_id).state is OutboxState.NEEDS_ATTENTION
    visit = VisitRepo(env.db).get_visit(visit_id)
    assert visit is not None and visit.state is OutboxState.NEEDS_ATTENTION


def test_sign_in_pauses_and_offline_ends_the_step(make_env: Callable[..., Env]) -> None:
    env = make_env()
    person = env.add()
    env.client.set_token("wrong-token")
    paused = env.run()
    assert paused.stop == "auth" and paused.attempted == 1
    op = ContactRepo(env.db).ops(person.local_contact_id)[0]
    assert op.state is OutboxState.QUEUED and op.attempts == 0  # refunded
    env.client.set_token(TOKEN)
    env.server.stop()
    offline = env.run()
    assert offline.stop == "offline"
    assert ContactRepo(env.db).ops(person.local_contact_id)[0].state is OutboxState.RETRY_WAIT
