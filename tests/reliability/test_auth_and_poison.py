"""Proof 5: sign-in and poison.

- A 401 in the middle of a drain (the token dropped, or expired on the server) pauses the
  whole queue with nothing lost and no attempt spent; the drain resumes after sign-in.
- A visit the server refuses (a validation rule the device does not know) is set aside
  as `rejected` with the server's message while every other visit drains; after the
  canvasser fixes it and re-queues it, it is sent like any other.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from support.reliability import (
    FAST_SETTINGS,
    RefuseContacts,
    check_server_matches,
    drain,
    natural_key,
    print_figures,
    scale,
    server_documents,
    start_wrapped_server,
    visit_data,
)

from canvass_app.api.client import PolisClient
from canvass_app.core.outbox import EXIT_ATTENTION, EXIT_SIGN_IN, OutboxState, SyncProgress
from canvass_app.services.sync import auth_paused, sync_now
from canvass_app.services.visits import (
    edit_visit,
    get_visit,
    import_visit,
    list_visits,
    requeue_visit,
    visit_log,
)
from canvass_app.storage.db import open_database
from canvass_app.storage.visits import VisitRepo

pytestmark = [pytest.mark.reliability, pytest.mark.timeout(300 * scale())]

TOKEN = "auth-proof-token"


def _record(db: Any, rng: random.Random, count: int, start: int = 0) -> list[str]:
    return [
        import_visit(db, visit_data(rng, start + i), canvasser="auth-proof").local_id
        for i in range(count)
    ]


def _server_matches_local(db: Any, url: str) -> dict[str, int]:
    visits = list_visits(db)
    live = {natural_key(v.data): v.data for v in visits if not v.deleted}
    tallies: dict[str, int] = check_server_matches(server_documents(url, TOKEN), live, [])
    return tallies


def test_token_dropped_mid_drain_pauses_then_resumes_after_sign_in(
    make_polis_server: Any, data_dir: Path
) -> None:
    rng = random.Random(401)
    server = make_polis_server(seed="empty", token=TOKEN)
    client = PolisClient(server.url, TOKEN, timeout=5.0)
    try:
        db = open_database(data_dir)
        count = 60 * scale()
        local_ids = _record(db, rng, count)
        cut_at = count // 3

        def sign_out_midway(progress: SyncProgress) -> None:
            # `>=`: two workers finishing together may skip a count.
            if progress.done >= cut_at and client.has_token:
                client.set_token(None)  # the canvasser signed out / the token was wiped

        report = sync_now(
            db, client, concurrency=4, settings=FAST_SETTINGS, progress=sign_out_midway
        )
        assert report.auth_required and report.exit_code() == EXIT_SIGN_IN
        assert auth_paused(db)
        states = Counter(get_visit(db, lid).state for lid in local_ids)  # type: ignore[union-attr]
        sent_before = states[OutboxState.SENT]
        assert cut_at <= sent_before < count, states
        # Nothing lost, nothing spent: the rest wait as they were, attempts refunded.
        assert set(states) <= {OutboxState.SENT, OutboxState.QUEUED}, states
        repo = VisitRepo(db)
        for lid in local_ids:
            if get_visit(db, lid).state is OutboxState.QUEUED:  # type: ignore[union-attr]
                assert repo.ops(lid)[0].attempts == 0
        paused_events = sum(
            1 for lid in local_ids for e in visit_log(db, lid) if e.event == "auth_paused"
        )
        assert paused_events >= 1
        # Still signed out: the next pass tries nothing.
        again = sync_now(db, client, concurrency=4, settings=FAST_SETTINGS)
        assert again.auth_required and again.attempted == 0
        client.set_token(TOKEN)
        final, _ = drain(db, client)
        assert not final.auth_required and final.counts.unsent == 0 and not auth_paused(db)
        tallies = _server_matches_local(db, server.url)
        print_figures(
            {
                "proof": "auth_token_dropped",
                "scale": scale(),
                "visits": count,
                "sent_before_pause": sent_before,
                "paused_ops": paused_events,
                **tallies,
            }
        )
    finally:
        client.close()


def test_token_expiring_on_the_server_again_and_again_loses_nothing(
    make_polis_server: Any, data_dir: Path
) -> None:
    rng = random.Random(4011)
    # Every request takes at least 20 ms and 4 go at once, so the drain of 250 visits
    # lasts at least 1.25 s: longer than a token lives.
    server = make_polis_server(seed="empty", token=TOKEN, token_ttl_s=1.0, faults="*: latency=20ms")
    client = PolisClient(server.url, TOKEN, timeout=5.0)
    try:
        db = open_database(data_dir)
        count = 250 * scale()
        _record(db, rng, count)
        pauses = 0
        for sign_in in range(1, 1000):
            report, _ = drain(db, client)
            if not report.auth_required:
                break
            pauses += 1
            assert report.exit_code() == EXIT_SIGN_IN
            counts = report.counts
            assert counts.count(OutboxState.SENDING) == 0
            assert (
                counts.count(OutboxState.REJECTED) == counts.count(OutboxState.NEEDS_ATTENTION) == 0
            )
            # Sign in again: the server issues a new token, the client uses it.
            token = f"{TOKEN}-{sign_in}"
            server.state.add_token(token)
            client.set_token(token)
        assert pauses >= 1, "the token never expired during the drain"
        assert report.counts.unsent == 0 and not auth_paused(db)
        client.set_token(TOKEN)
        server.state.add_token(TOKEN)
        tallies = _server_matches_local(db, server.url)
        print_figures(
            {
                "proof": "auth_token_expiry",
                "scale": scale(),
                "visits": count,
                "token_ttl_s": 1.0,
                "pauses": pauses,
                **tallies,
            }
        )
    finally:
        client.close()


def test_poison_visits_are_set_aside_and_requeued_after_a_fix(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    rng = random.Random(400)
    unknown_contacts: set[str] = set()
    wrappers: list[RefuseContacts] = []

    def refusing(app: Any) -> Any:
        wrappers.append(RefuseContacts(app, unknown_contacts))
        return wrappers[-1]

    server = start_wrapped_server(monkeypatch, refusing, seed="empty", token=TOKEN)
    client = PolisClient(server.url, TOKEN, timeout=5.0)
    try:
        db = open_database(data_dir)
        count = 60 * scale()
        local_ids = _record(db, rng, count)
        poisoned = rng.sample(local_ids, 3 * scale())
        good_contacts: dict[str, str] = {}
        for lid in poisoned:
            visit = get_visit(db, lid)
            assert visit is not None
            good_contacts[lid] = visit.data["contactId"]
            # The canvasser picked a wrong contact id: the server does not know it.
            wrong = f"no-such-contact-{lid[:8]}"
            unknown_contacts.add(wrong)
            edit_visit(db, lid, {"/contactId": wrong})  # folds into the unsent create
        report, _ = drain(db, client)
        assert report.exit_code() == EXIT_ATTENTION
        states = {lid: get_visit(db, lid).state for lid in local_ids}  # type: ignore[union-attr]
        for lid in local_ids:
            if lid in poisoned:
                visit = get_visit(db, lid)
                assert visit is not None and visit.state is OutboxState.REJECTED
                assert visit.last_error and "is not a known contact" in visit.last_error, (
                    visit.last_error
                )
            else:
                assert states[lid] is OutboxState.SENT, f"{lid} is {states[lid]}"
        assert len(server.state.interactions()) == count - len(poisoned)
        refusals = wrappers[0].refusals
        assert refusals == len(poisoned), "a rejected visit was retried by itself"
        # The canvasser fixes each one and re-queues it.
        for lid in poisoned:
            edit_visit(db, lid, {"/contactId": good_contacts[lid]})
            visit = get_visit(db, lid)
            assert visit is not None and visit.state is OutboxState.REJECTED  # kept aside
            assert requeue_visit(db, lid).state is OutboxState.QUEUED
        final, _ = drain(db, client)
        assert final.exit_code() == 0 and final.counts.unsent == 0
        for lid in poisoned:
            events = [e.event for e in visit_log(db, lid)]
            assert "rejected" in events and events[-1] == "sent", events
        tallies = _server_matches_local(db, server.url)
        print_figures(
            {
                "proof": "poison",
                "scale": scale(),
                "visits": count,
                "rejected": len(poisoned),
                "server_refusals": refusals,
                "requeued_and_sent": len(poisoned),
                **tallies,
            }
        )
    finally:
        client.close()
        server.stop()
