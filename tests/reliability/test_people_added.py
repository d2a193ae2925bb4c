"""Proof: people added at the door reach the server exactly once, in order, and their
visits name them by the server's ids.

Each person added on the laptop needs three requests, in this order: the contact
(``POST /v2/contacts``), its link to the household (``PUT /v2/contacts/{id}/households/
{householdId}``), then each of their visits (``POST /v2/interactions``, naming the
contact's and the link's ids). The server here ignores Idempotency-Key and checks
references (an interaction naming a contact or link it does not hold is refused), and
keeps a journal of every write it commits, whatever happens to the answers.

1. ``canvass-app sync`` in its own process, killed with SIGKILL at random moments between
   and during those requests, while the canvasser keeps adding people and recording.
2. Answers lost after commit on each of the three requests (and resets, 503s), on a
   server that answers a re-sent contact with the existing one (the API's match on
   create) and on one that does not.
3. A person the server refuses: their visits end in ``needs_attention`` with the reason,
   and no request for those visits ever leaves the laptop.

After each: one contact, one link and one interaction per visit on the server for every
person added, the interactions naming the contact's and the link's server ids.
"""

from __future__ import annotations

import os
import random
import signal
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlite_utils
from support.reliability import (
    FAST_SETTINGS,
    drain,
    print_figures,
    scale,
    start_wrapped_server,
    sync_process,
)

from canvass_app.api.client import PolisClient
from canvass_app.core.contact import LocalContact, PersonDetails, match_key
from canvass_app.core.outbox import OutboxState, Visit
from canvass_app.core.walklist import Address, Household
from canvass_app.server.seed import DEMO_CAMPAIGN_ID, DEMO_LIST_ID, DEMO_SURVEY_ID
from canvass_app.server.state import WriteRecord
from canvass_app.services import contacts as people
from canvass_app.services import visits as visit_service
from canvass_app.storage.contacts import ContactRepo
from canvass_app.storage.db import iso, open_database, transaction, utc_now

pytestmark = [pytest.mark.reliability, pytest.mark.timeout(300 * scale())]

TOKEN = "people-proof-token-5a7e"
GIVEN = ("Ana", "Luis", "Mei", "Kofi", "Ines", "Tomas", "Yara", "Omar", "Lena", "Ravi")
SURNAMES = ("Ruiz", "Okafor", "Nguyen", "Silva", "Haddad", "Kowalski", "Mensah", "Tran")
REASONS = ("Not Home", "Come Back", "Refused")


class Laptop:
    """The canvasser's side: people added at doors of the demo walklist, their visits
    (one or two each, a few seconds apart), and corrections before they are sent."""

    def __init__(self, db: sqlite_utils.Database, households: list[Household], seed: int):
        self.db = db
        self.households = households
        self.rng = random.Random(seed)
        self.clock = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
        self.people: list[str] = []  # local contact ids
        self.visits: dict[str, str] = {}  # visit local id -> local contact id
        self.corrections = 0

    def tick(self) -> datetime:
        self.clock += timedelta(seconds=self.rng.randint(1, 9))
        return self.clock

    def add(self) -> LocalContact:
        number = len(self.people)
        # names are told apart by their number: each person added is someone else (one
        # contact each), whatever the server's match on create does with the same name
        details = PersonDetails(
            GIVEN[number % len(GIVEN)] if self.rng.random() < 0.8 else self.rng.choice(GIVEN),
            self.rng.choice(SURNAMES) + f" {number}",
        )
        person = people.add_person(
            self.db, details, household=self.rng.choice(self.households), canvasser="proof",
            walklist_id=DEMO_LIST_ID, campaign_id=DEMO_CAMPAIGN_ID, now=self.tick(),
        )  # fmt: skip
        self.people.append(person.local_contact_id)
        for _ in range(self.rng.randint(1, 2)):
            self.record(person)
        return person

    def record(self, person: LocalContact) -> Visit:
        reason = self.rng.choice(REASONS)
        visit = visit_service.record_visit(
            self.db,
            visit_service.VisitDraft(
                campaign_id=DEMO_CAMPAIGN_ID, contact_id=person.ref,
                household_id=person.household_id, contact_household_id=person.ref,
                survey_id=DEMO_SURVEY_ID, unavailable=reason != "Refused",
                unavailable_reason=reason, contact_name=person.display_name,
            ),
            canvasser="proof",
            now=self.tick(),
        )  # fmt: skip
        self.visits[visit.local_id] = person.local_contact_id
        return visit

    def correct_one(self) -> None:
        """A correction of someone not sent yet (folded into their contact)."""
        waiting = ContactRepo(self.db).unsent_ids()
        if not waiting:
            return
        local_id = self.rng.choice(waiting)
        person = ContactRepo(self.db).get(local_id)
        if person is None:
            return
        details = person.details
        try:
            people.edit_person(
                self.db, local_id, PersonDetails(details.given, details.surname + "-Soto")
            )
        except people.PersonNotChanged:
            return  # leased or sent meanwhile: it stays as it went out
        self.corrections += 1

    def person(self, local_contact_id: str) -> LocalContact:
        found = ContactRepo(self.db).get(local_contact_id)
        assert found is not None
        return found


def strict_server(
    monkeypatch: pytest.MonkeyPatch, wrap: Callable[[Any], Any] = lambda app: app, **options: Any
) -> Any:
    """The demo server as the proofs want it: Idempotency-Key ignored, references
    checked, every committed write journaled; in this process (it outlives every kill)."""
    return start_wrapped_server(
        monkeypatch, wrap, seed="demo", token=TOKEN, idempotency=False,
        check_references=True, record_writes=True, **options,
    )  # fmt: skip


def demo_households(server: Any) -> list[Household]:
    """A dozen households of the demo walklist (doors the canvasser stands at)."""
    found: list[Household] = []
    for member in server.state.list_members(DEMO_LIST_ID, _everything())[:48:4]:
        household = member["data"]["household"]
        found.append(
            Household(household["id"], household["data"].get("unitNum", ""),
                      Address("a", "1", "Ellery Street", "Cambridge", "MA", "02138"))
        )  # fmt: skip
    return found


def _everything() -> Any:
    from canvass_app.server.query import parse_collection_query

    return parse_collection_query([("skip", "0"), ("limit", "1000")])


def check_server(laptop: Laptop, writes: list[WriteRecord]) -> dict[str, int]:
    """One contact, one link and one interaction per visit for every person added, in that
    order in the server's journal, the interactions naming the server's ids."""
    creates: dict[str, list[WriteRecord]] = {}
    for write in writes:
        if write.kind == "create":
            creates.setdefault(write.resource, []).append(write)
    by_contact_key = Counter(match_key(w.after) for w in creates.get("contacts", []))
    links = Counter(
        (w.after["contactId"], w.after["householdId"])
        for w in creates.get("contact-households", [])
    )
    interactions = Counter(
        (w.after["contactId"], w.after["timestamp"]) for w in creates.get("interactions", [])
    )
    order = {(w.resource, w.doc_id): w.seq for w in writes if w.kind == "create"}
    visits_of: dict[str, list[Visit]] = {}
    for local_id, local_contact_id in laptop.visits.items():
        visit = visit_service.get_visit(laptop.db, local_id)
        assert visit is not None and visit.state is OutboxState.SENT, (local_id, visit)
        visits_of.setdefault(local_contact_id, []).append(visit)
    server_ids: Counter[str] = Counter()
    for local_contact_id in laptop.people:
        person = laptop.person(local_contact_id)
        assert person.on_server and person.state is OutboxState.SENT, person
        assert person.server_id is not None and person.link_id is not None
        server_ids[person.server_id] += 1
        assert by_contact_key[match_key(person.data)] == 1, f"contact of {person.display_name}"
        assert links[(person.server_id, person.household_id)] == 1, "its link, once"
        contact_at = order[("contacts", person.server_id)]
        link_at = order[("contact-households", person.link_id)]
        assert contact_at < link_at, "the link after the contact"
        for visit in visits_of.get(local_contact_id, []):
            assert interactions[(person.server_id, visit.knock_time)] == 1, "each visit, once"
            assert visit.data["contactId"] == person.server_id
            assert visit.data["contactHouseholdId"] == person.link_id
            document = order[("interactions", visit.server_id)]
            assert link_at < document, "the visit after the link"
    assert len(creates.get("contacts", [])) == len(laptop.people), "no stray contact"
    assert len(creates.get("interactions", [])) == len(laptop.visits), "no stray interaction"
    assert all(n == 1 for n in server_ids.values()), "two people adopted one contact"
    return {
        "people": len(laptop.people),
        "visits": len(laptop.visits),
        "contacts_on_server": len(creates.get("contacts", [])),
        "links_on_server": len(creates.get("contact-households", [])),
        "interactions_on_server": len(creates.get("interactions", [])),
        "duplicated": 0,
        "lost": 0,
    }


def let_waits_run_out(db: sqlite_utils.Database) -> None:
    """Time passes for the waits of lookups and backoff (visits' and people's)."""
    now = iso(utc_now())
    with transaction(db, immediate=True):
        for table in ("outbox", "contact_ops"):
            db.execute(
                f"UPDATE {table} SET next_attempt_at = ? "  # noqa: S608 (a table name from code)
                "WHERE state IN ('unknown', 'retry_wait') AND next_attempt_at > ?",
                [now, now],
            )


def _count(db: sqlite_utils.Database, sql: str) -> int:
    return int(db.execute(sql).fetchone()[0])


def _leases(db: sqlite_utils.Database, *, visits: bool = False) -> int:
    """Leases taken so far (of visits' operations only, with ``visits``)."""
    if visits:
        return _count(
            db,
            "SELECT COUNT(*) FROM sync_log WHERE event = 'lease' "
            "AND local_id IN (SELECT local_id FROM visits)",
        )
    return _count(db, "SELECT COUNT(*) FROM sync_log WHERE event = 'lease'")


def _person_leases(db: sqlite_utils.Database) -> int:
    return _count(
        db,
        "SELECT COUNT(*) FROM sync_log WHERE event = 'lease' AND local_id IN "
        "(SELECT local_contact_id FROM local_contacts)",
    )


# --- 1. kill -9 between the contact, the link and the interaction -----------------------


def test_kill_minus_nine_between_contact_link_and_interaction(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rng = random.Random(20261128)
    kills = 25 * scale()
    server = strict_server(
        monkeypatch,
        # every request takes a while: kills land with requests in flight, some of which
        # commit on the server after the process that sent them is dead
        faults="*: latency=15ms..45ms",
    )
    data_dir = tmp_path / "laptop"
    data_dir.mkdir(mode=0o700)
    try:
        db = open_database(data_dir)
        laptop = Laptop(db, demo_households(server), seed=5)
        for _ in range(8 * scale()):
            laptop.add()
        killed_mid_run = runs = 0
        # Until `kills` runs were killed while running (a run may end before its kill).
        while killed_mid_run < kills and runs < 2 * kills:
            runs += 1
            for _ in range(rng.randint(1, 3)):
                laptop.add()
            if rng.random() < 0.5:
                laptop.correct_one()
            # Kill among the people's requests, or among their visits' (once a visit's
            # create was taken: the people of the run were recorded just before).
            among_visits = rng.random() < 0.4
            before = _leases(db, visits=among_visits)
            process = sync_process(data_dir, server.url, TOKEN)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and process.poll() is None:
                if _leases(db, visits=among_visits) > before:
                    break
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.1))
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
                killed_mid_run += 1
            process.wait()
            if process.stderr is not None:
                process.stderr.close()
        assert killed_mid_run == kills, "the kills must land while sync is running"

        deadline = time.monotonic() + 240 * scale()
        while True:
            let_waits_run_out(db)
            process = sync_process(data_dir, server.url, TOKEN)
            _, errors = process.communicate(timeout=240 * scale())
            if process.returncode == 0:
                break
            assert process.returncode == 3, f"sync ended with {process.returncode}: {errors}"
            assert time.monotonic() < deadline, "the outbox did not drain after the kills"
        tallies = check_server(laptop, list(server.state.writes or []))
    finally:
        server.stop()
    interrupted_people = _count(
        db,
        "SELECT COUNT(*) FROM sync_log WHERE event = 'interrupted' AND local_id IN "
        "(SELECT local_contact_id FROM local_contacts)",
    )
    interrupted_visits = _count(
        db,
        "SELECT COUNT(*) FROM sync_log WHERE event = 'interrupted' AND local_id IN "
        "(SELECT local_id FROM visits)",
    )
    assert interrupted_people > 0 and interrupted_visits > 0, "kills among both kinds"
    print_figures(
        {
            "proof": "people_added_kill9",
            "kills": kills,
            "sync_runs": runs,
            "killed_mid_run": killed_mid_run,
            "person_requests_leased": _person_leases(db),
            "person_requests_interrupted": interrupted_people,
            "visit_creates_interrupted": interrupted_visits,
            "corrections_folded": laptop.corrections,
            **tallies,
        }
    )


# --- 2. answers lost after commit on each of the three requests -------------------------

LOST = (
    "POST /v2/contacts: lost_answer=0.35, reset=0.1, 503=0.1, retry_after=0; "
    "PUT /v2/contacts/*/households/*: lost_answer=0.35, truncated=0.1, 503=0.1, retry_after=0; "
    "POST /v2/interactions: lost_answer=0.35, malformed=0.1, 503=0.1, retry_after=0; "
    "GET *: 503=0.05, retry_after=0"
)


@pytest.mark.parametrize("contact_match", [True, False], ids=["match-on-create", "no-match"])
def test_lost_answers_on_contact_link_and_interaction(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, contact_match: bool
) -> None:
    server = strict_server(
        monkeypatch,
        contact_match=contact_match,
        faults=LOST,
        fault_seed=7,
    )
    data_dir = tmp_path / "laptop"
    data_dir.mkdir(mode=0o700)
    try:
        db = open_database(data_dir)
        laptop = Laptop(db, demo_households(server), seed=11)
        with PolisClient(server.url, TOKEN, timeout=5) as client:
            for _round in range(4 * scale()):
                for _ in range(5):
                    laptop.add()
                laptop.correct_one()
                report, passes = drain(db, client, FAST_SETTINGS)
                assert report.remaining == 0, report
        tallies = check_server(laptop, list(server.state.writes or []))
        faults = dict(server.state.fault_counts.counts)
    finally:
        server.stop()
    adopted = _count(
        db,
        "SELECT COUNT(*) FROM sync_log WHERE event = 'adopted' AND local_id IN "
        "(SELECT local_contact_id FROM local_contacts)",
    )
    assert faults.get("lost_answer", 0) > 0
    assert adopted > 0, "some lost answers were settled by a lookup"
    print_figures(
        {
            "proof": "people_added_lost_answers",
            "server_matches_on_create": contact_match,
            "faults": faults,
            "person_requests_adopted_by_lookup": adopted,
            **tallies,
        }
    )


# --- 3. a person the server refuses -------------------------------------------------------


class InteractionPosts:
    """ASGI wrapper: every POST /v2/interactions body that reached the server."""

    def __init__(self, app: Callable[[Any, Any, Any], Awaitable[None]]) -> None:
        self.app = app
        self.bodies: list[bytes] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and (scope["method"], scope["path"]) == (
            "POST",
            "/v2/interactions",
        ):
            body = b""

            async def recording() -> Any:
                nonlocal body
                message = await receive()
                body += message.get("body", b"")
                if not message.get("more_body", False):
                    self.bodies.append(body)
                return message

            await self.app(scope, recording, send)
            return
        await self.app(scope, receive, send)


def test_a_refused_person_keeps_their_visits_on_the_laptop(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    posts: list[InteractionPosts] = []

    def recorded(app: Any) -> Any:
        posts.append(InteractionPosts(app))
        return posts[-1]

    server = strict_server(monkeypatch, recorded)
    data_dir = tmp_path / "laptop"
    data_dir.mkdir(mode=0o700)
    try:
        db = open_database(data_dir)
        laptop = Laptop(db, demo_households(server), seed=3)
        accepted = laptop.add()
        server.state.set_faults(None)
        with PolisClient(server.url, TOKEN, timeout=5) as client:
            drain(db, client, FAST_SETTINGS)
            server.state.set_faults("POST /v2/contacts: 400=1")
            refused = laptop.add()
            later = laptop.record(refused)  # recorded while the refusal waits to happen
            report, _ = drain(db, client, FAST_SETTINGS)
            assert report.exit_code() == 4
            assert str(report.message).startswith(
                f"The server did not accept {refused.display_name}, added at the door"
            )
            after_refusal = laptop.record(refused)  # recorded after: held at once
            refused_visits = [
                local_id for local_id, who in laptop.visits.items()
                if who == refused.local_contact_id
            ]  # fmt: skip
            assert later.local_id in refused_visits and after_refusal.local_id in refused_visits
            for local_id in refused_visits:
                visit = visit_service.get_visit(db, local_id)
                assert visit is not None and visit.state is OutboxState.NEEDS_ATTENTION
                assert refused.display_name in (visit.last_error or "")
                assert visit.data["contactId"] == refused.ref  # never a server id
            assert laptop.person(refused.local_contact_id).state is OutboxState.REJECTED
            # nothing for those visits ever left the laptop
            sent_bodies = b"".join(posts[0].bodies)
            assert refused.ref.encode() not in sent_bodies
            assert len(posts[0].bodies) == len(
                [v for v, who in laptop.visits.items() if who == accepted.local_contact_id]
            )
            assert all(
                w.resource != "interactions" or w.after["contactId"] != refused.ref
                for w in server.state.writes or []
            )
            # corrected and sent again: the person, then their visits, once each
            server.state.set_faults(None)
            people.edit_person(
                db, refused.local_contact_id, PersonDetails(refused.details.given, "Corrected")
            )
            visit_service.requeue_visit(db, refused_visits[0])
            report, _ = drain(db, client, FAST_SETTINGS)
            assert report.remaining == 0
        check_server(laptop, list(server.state.writes or []))
    finally:
        server.stop()


def test_the_server_refuses_a_placeholder_it_would_otherwise_store(
    make_polis_server: Callable[..., Any],
) -> None:
    """The reference server's reference check is what makes proof 3 meaningful: an
    interaction naming a local reference is refused, not stored."""
    server = make_polis_server(seed="demo", token=TOKEN, check_references=True)
    household = demo_households(server)[0]
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {TOKEN}"}) as http:
        answer = http.post(
            "/v2/interactions",
            json={"data": {
                "campaignId": DEMO_CAMPAIGN_ID, "contactId": "local:x",
                "householdId": household.id, "contactHouseholdId": "local:x",
                "timestamp": "2026-11-27T16:00:00.000Z", "unavailable": True,
                "survey": {"surveyId": DEMO_SURVEY_ID, "responses": {}},
            }},
        )  # fmt: skip
    assert answer.status_code == 400
    assert server.state.interactions() == []
