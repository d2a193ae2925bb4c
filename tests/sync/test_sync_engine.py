"""The sync engine against the real reference server over HTTP (sync-notes scenarios)."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from canvass_app.api.client import PolisClient
from canvass_app.core.outbox import OpKind, OutboxState, SyncProgress
from canvass_app.services.sync import auth_paused, sync_now
from canvass_app.services.visits import (
    VisitDraft,
    build_visit_data,
    delete_visit,
    edit_visit,
    get_visit,
    requeue_visit,
    visit_log,
)
from canvass_app.storage.db import connect, database_path, parse_iso
from canvass_app.storage.dbapi import sqlite3
from canvass_app.storage.encryption import apply_key, key_for
from canvass_app.storage.visits import NewVisit, VisitRepo

from .conftest import CAMPAIGN, FAST, TOKEN, SyncEnv


def _states(env: SyncEnv) -> dict[str, OutboxState]:
    return {v.local_id: v.state for v in VisitRepo(env.db).list_visits()}


def _events(env: SyncEnv, local_id: str) -> list[str]:
    return [e.event for e in visit_log(env.db, local_id)]


def _wait_after_lease(env: SyncEnv, local_id: str) -> float:
    """Seconds from the op's last lease (before its request left) to its next attempt:
    a wait counts from the attempt, not from when the round recorded its result (a
    moment later under load)."""
    op = VisitRepo(env.db).ops(local_id)[0]
    leased_at = [e.at for e in visit_log(env.db, local_id) if e.event == "lease"][-1]
    return (parse_iso(op.next_attempt_at) - parse_iso(leased_at)).total_seconds()


def test_happy_path_sends_everything_once(env: SyncEnv) -> None:
    visits = env.record(6)
    seen: list[SyncProgress] = []
    report = env.sync(dataclasses.replace(FAST, concurrency=4), progress=seen.append)
    assert (report.sent, report.remaining, report.exit_code()) == (6, 0, 0)
    docs = {d["id"]: d for d in env.server_docs()}
    assert len(docs) == 6
    for visit in visits:
        after = get_visit(env.db, visit.local_id)
        assert after is not None and after.state is OutboxState.SENT
        assert after.server_id in docs and after.etag == docs[after.server_id]["meta"]["etag"]
        assert after.sent_time is not None and after.knock_time == visit.knock_time
        assert docs[after.server_id]["data"]["timestamp"] == visit.knock_time
    assert seen[-1].done == seen[-1].total == 6
    assert report.counts.last_sync_at is not None


def test_nothing_due_touches_no_network(env: SyncEnv) -> None:
    env.server.stop()
    report = env.sync()
    assert (report.attempted, report.offline, report.exit_code()) == (0, False, 0)


# --- scenario 2: lost answer --------------------------------------------------------------


@pytest.mark.parametrize("fault", ["lost_answer", "truncated", "malformed"])
def test_lost_answer_without_server_idempotency_gives_exactly_one_document(
    make_env: Callable[..., SyncEnv], fault: str
) -> None:
    env = make_env(idempotency=False, faults=f"POST /v2/interactions: {fault}=1")
    visits = env.record(3)
    first = env.sync(once=True)
    assert first.unknown == 3 and first.exit_code() == 3
    assert len(env.server_docs()) == 3  # the server did commit them
    env.server.state.set_faults(None)
    second = env.sync()
    assert second.sent == 3 and second.exit_code() == 0
    assert len(env.server_docs()) == 3  # reconciled by natural key, not sent again
    for visit in visits:
        assert "adopted" in _events(env, visit.local_id)


def test_reconcile_waits_at_least_the_request_timeout(make_env: Callable[..., SyncEnv]) -> None:
    env = make_env(idempotency=False, faults="POST /v2/interactions: lost_answer=1")
    (visit,) = env.record(1)
    patient = dataclasses.replace(FAST, reconcile_after_s=None)  # the client's timeout: 5 s
    env.sync(patient)
    env.server.state.set_faults(None)
    again = env.sync(patient)
    assert again.attempted == 0
    op = VisitRepo(env.db).ops(visit.local_id)[0]
    assert op.state is OutboxState.UNKNOWN
    assert _wait_after_lease(env, visit.local_id) >= 5.0


def test_lost_answer_then_absent_on_server_is_sent_again(make_env: Callable[..., SyncEnv]) -> None:
    # A 500 answered without processing: "maybe applied" for the client, absent in truth.
    env = make_env(idempotency=False, faults="POST /v2/interactions: 500=1")
    (visit,) = env.record(1)
    assert env.sync(once=True).unknown == 1
    env.server.state.set_faults(None)
    assert env.sync().sent == 1
    assert len(env.server_docs()) == 1
    assert "reconciled_absent" in _events(env, visit.local_id)


def test_lost_answer_on_an_edit_is_not_applied_twice(make_env: Callable[..., SyncEnv]) -> None:
    env = make_env()
    (visit,) = env.record(1)
    env.sync()
    edit_visit(env.db, visit.local_id, {"/unavailableReason": "Refused"})
    env.server.state.set_faults("PATCH /v2/interactions/*: lost_answer=1")
    assert env.sync(once=True).unknown == 1
    env.server.state.set_faults(None)
    assert env.sync().sent == 1
    (doc,) = env.server_docs()
    assert doc["data"]["unavailableReason"] == "Refused"
    after = get_visit(env.db, visit.local_id)
    assert after is not None and after.etag == doc["meta"]["etag"]
    assert after.state is OutboxState.SENT


# --- scenario 3: two sends at once --------------------------------------------------------


def test_two_engines_at_once_send_each_visit_once(make_env: Callable[..., SyncEnv]) -> None:
    env = make_env(idempotency=False, faults="*: latency=2ms")
    env.record(16)
    start = threading.Barrier(2)
    reports = []

    def run() -> None:
        db = connect(database_path(env.data_dir))
        client = PolisClient(env.server.url, TOKEN, timeout=5.0)
        try:
            start.wait()
            reports.append(sync_now(db, client, concurrency=3, settings=FAST))
        finally:
            client.close()
            db.conn.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.sent for r in reports) == 16
    assert len(env.server_docs()) == 16
    assert set(_states(env).values()) == {OutboxState.SENT}


# --- scenario 4 and 6: slow links, 5xx, 429 -----------------------------------------------


def test_slow_link_reports_progress_and_sends_once(make_env: Callable[..., SyncEnv]) -> None:
    env = make_env(faults="*: latency=20ms..40ms")
    env.record(5)
    seen: list[SyncProgress] = []
    report = env.sync(dataclasses.replace(FAST, concurrency=2), progress=seen.append)
    assert report.sent == 5 and len(env.server_docs()) == 5
    assert [p.done for p in seen] == sorted(p.done for p in seen)
    assert seen[-1] == SyncProgress(done=5, total=5)


def test_rate_limit_honours_retry_after(make_env: Callable[..., SyncEnv]) -> None:
    env = make_env(faults="POST /v2/interactions: 429=1, retry_after=120")
    (visit,) = env.record(1)
    report = env.sync()
    assert report.retry_wait == 1 and report.attempted == 1  # not hammered within the pass
    op = VisitRepo(env.db).ops(visit.local_id)[0]
    assert op.state is OutboxState.RETRY_WAIT and op.last_status == 429
    assert _wait_after_lease(env, visit.local_id) >= 120
    env.server.state.set_faults(None)
    assert env.sync().attempted == 0  # still waiting
    assert env.sync(reset_backoff=True).sent == 1  # "Sync now" resets the backoff


@pytest.mark.parametrize("status", ["502", "503"])
def test_post_5xx_is_unknown_and_reconciled(make_env: Callable[..., SyncEnv], status: str) -> None:
    # retry_after=0: the 503 sets no wait, so the test's frozen clock can go on
    env = make_env(faults=f"POST /v2/interactions: {status}=1, retry_after=0")
    env.record(2)
    assert env.sync(once=True).unknown == 2
    env.server.state.set_faults(None)
    assert env.sync().sent == 2
    assert len(env.server_docs()) == 2


def test_a_503_retry_after_is_honoured(make_env: Callable[..., SyncEnv]) -> None:
    env = make_env(faults="POST /v2/interactions: 503=1, retry_after=300")
    (visit,) = env.record(1)
    env.sync(once=True)
    op = VisitRepo(env.db).ops(visit.local_id)[0]
    assert op.last_status == 503
    assert _wait_after_lease(env, visit.local_id) >= 300


# --- scenario 5: captive portal -----------------------------------------------------------


def test_captive_portal_html_200_is_never_sent(make_env: Callable[..., SyncEnv]) -> None:
    env = make_env(faults="POST /v2/interactions: html=1")
    (visit,) = env.record(1)
    report = env.sync(once=True)
    assert report.sent == 0
    after = get_visit(env.db, visit.local_id)
    assert after is not None and after.state is not OutboxState.SENT and after.server_id is None
    env.server.state.set_faults(None)
    env.sync()
    assert len(env.server_docs()) == 1


def test_offline_ends_the_pass(env: SyncEnv) -> None:
    env.record(3)
    env.server.stop()
    report = env.sync()
    assert report.offline and report.attempted == 0 and report.exit_code() == 3
    assert set(_states(env).values()) == {OutboxState.QUEUED}
    assert "not sent" in (report.last_error or "") or "connect" in (report.last_error or "")


# --- scenario 7: poison -------------------------------------------------------------------


def test_poison_visit_at_the_head_is_set_aside_and_the_rest_sent(env: SyncEnv) -> None:
    # A valid visit the server refuses with a 4xx (its id is too long for an
    # Idempotency-Key), saved before all the others.
    env.clock += timedelta(seconds=1)
    draft = VisitDraft(CAMPAIGN, "c-poison", "h", "ch", "survey-1", unavailable=True)
    data = build_visit_data(draft, env.clock)
    poison = NewVisit(
        local_id="p" * 300,
        canvasser="ann",
        walklist_id=None,
        campaign_id=CAMPAIGN,
        contact_id="c-poison",
        household_id="h",
        contact_household_id="ch",
        knock_time=data["timestamp"],
        data=data,
    )
    VisitRepo(env.db).insert_visit(poison, now=env.clock)
    good = env.record(3)
    report = env.sync(dataclasses.replace(FAST, concurrency=1))
    assert report.rejected == 1 and report.sent == 3 and report.exit_code() == 4
    rejected = get_visit(env.db, poison.local_id)
    assert rejected is not None and rejected.state is OutboxState.REJECTED
    assert rejected.last_error and "400" in rejected.last_error  # the server's answer, kept
    assert rejected.data == poison.data  # nothing deleted on failure
    for visit in good:
        assert get_visit(env.db, visit.local_id).state is OutboxState.SENT  # type: ignore[union-attr]
    assert env.sync().attempted == 0  # rejected waits for a person, not retried
    requeue_visit(env.db, poison.local_id)
    assert get_visit(env.db, poison.local_id).state is OutboxState.QUEUED  # type: ignore[union-attr]


# --- scenario 8: sign-in ------------------------------------------------------------------


def test_401_mid_drain_pauses_and_resumes_after_sign_in(env: SyncEnv) -> None:
    visits = env.record(5)

    def expire_after_two(progress: SyncProgress) -> None:
        if progress.done == 2:
            env.client.set_token("a-token-the-server-never-issued")

    report = env.sync(progress=expire_after_two)
    assert report.auth_required and report.exit_code() == 5
    assert report.sent == 2 and auth_paused(env.db)
    repo = VisitRepo(env.db)
    waiting = [v for v in visits if get_visit(env.db, v.local_id).state is not OutboxState.SENT]  # type: ignore[union-attr]
    assert len(waiting) == 3
    for visit in waiting:
        assert get_visit(env.db, visit.local_id).state is OutboxState.QUEUED  # type: ignore[union-attr]
        assert repo.ops(visit.local_id)[0].attempts == 0  # the retry was not spent
    again = env.sync()
    assert again.auth_required and again.attempted == 0  # still signed out: nothing tried
    env.client.set_token(TOKEN)
    resumed = env.sync()
    assert resumed.sent == 3 and not resumed.auth_required and not auth_paused(env.db)
    assert len(env.server_docs()) == 5


# --- scenario 9: conflicts ----------------------------------------------------------------


def test_disjoint_server_edit_is_kept_and_ours_applied(env: SyncEnv) -> None:
    (visit,) = env.record(1)
    env.sync()
    server_id = get_visit(env.db, visit.local_id).server_id  # type: ignore[union-attr]
    env.server.state.edit_interaction(
        server_id, [{"op": "add", "path": "/statusId", "value": "s-9"}]
    )
    edit_visit(env.db, visit.local_id, {"/successful": True})
    report = env.sync()
    assert report.sent == 1
    (doc,) = env.server_docs()
    assert doc["data"]["successful"] is True and doc["data"]["statusId"] == "s-9"
    after = get_visit(env.db, visit.local_id)
    assert after is not None and after.data == doc["data"] and after.etag == doc["meta"]["etag"]
    assert "conflict_rebased" in _events(env, visit.local_id)


def test_same_field_conflict_keeps_the_overwritten_server_value(env: SyncEnv) -> None:
    (visit,) = env.record(1)
    env.sync()
    server_id = get_visit(env.db, visit.local_id).server_id  # type: ignore[union-attr]
    env.server.state.edit_interaction(
        server_id, [{"op": "replace", "path": "/unavailableReason", "value": "Refused"}]
    )
    edit_visit(env.db, visit.local_id, {"/unavailableReason": "Moved"})
    assert env.sync().sent == 1
    (doc,) = env.server_docs()
    assert doc["data"]["unavailableReason"] == "Moved"
    rebased = [e for e in visit_log(env.db, visit.local_id) if e.event == "conflict_rebased"]
    assert rebased and rebased[0].detail == {
        "overwritten": [
            {"path": "/unavailableReason", "server_value": "Refused", "local_value": "Moved"}
        ]
    }


def test_server_changing_on_every_try_hits_the_rebase_cap(make_env: Callable[..., SyncEnv]) -> None:
    env = make_env()
    (visit,) = env.record(1)
    env.sync()
    # A value the concurrent editor can never produce itself.
    edit_visit(env.db, visit.local_id, {"/unavailableReason": "Moved"})
    env.server.state.set_faults("PATCH /v2/interactions/*: edit=1")
    report = env.sync(once=True)
    assert report.retry_wait == 1 and report.sent == 0
    after = get_visit(env.db, visit.local_id)
    assert after is not None and after.state is OutboxState.RETRY_WAIT
    assert "kept changing" in (after.last_error or "")
    assert _events(env, visit.local_id).count("conflict_rebased") == FAST.max_rebases
    env.server.state.set_faults(None)
    assert env.sync(reset_backoff=True).sent == 1
    assert env.server_docs()[0]["data"]["unavailableReason"] == "Moved"


# --- scenario 10: gone on the server ------------------------------------------------------


def test_edit_of_a_document_deleted_on_the_server_needs_attention(env: SyncEnv) -> None:
    (visit,) = env.record(1)
    env.sync()
    sent = get_visit(env.db, visit.local_id)
    assert sent is not None and sent.server_id is not None
    env.server.state.delete_interaction(sent.server_id)
    edit_visit(env.db, visit.local_id, {"/successful": True})
    report = env.sync()
    assert report.needs_attention == 1 and report.exit_code() == 4
    after = get_visit(env.db, visit.local_id)
    assert after is not None and after.state is OutboxState.NEEDS_ATTENTION
    assert after.data["successful"] is True  # the canvasser's change is kept
    assert VisitRepo(env.db).server_data(visit.local_id) is not None  # and the server's copy
    assert "deleted on the server" in (after.last_error or "")


def test_void_after_send_deletes_with_etag_even_after_a_server_edit(env: SyncEnv) -> None:
    (visit,) = env.record(1)
    env.sync()
    server_id = get_visit(env.db, visit.local_id).server_id  # type: ignore[union-attr]
    env.server.state.edit_interaction(
        server_id, [{"op": "replace", "path": "/successful", "value": True}]
    )
    delete_visit(env.db, visit.local_id)
    assert env.sync().sent == 1
    assert env.server_docs() == []
    assert env.server_docs(include_deleted=True)[0]["meta"]["isDeleted"] is True
    assert "conflict_refetched" in _events(env, visit.local_id)


def test_void_of_a_document_already_deleted_is_done(env: SyncEnv) -> None:
    (visit,) = env.record(1)
    env.sync()
    env.server.state.delete_interaction(get_visit(env.db, visit.local_id).server_id)  # type: ignore[arg-type,union-attr]
    delete_visit(env.db, visit.local_id)
    assert env.sync().sent == 1
    assert _events(env, visit.local_id)[-1] == "already_deleted"


def test_edit_while_create_is_unknown_is_sent_after_it(make_env: Callable[..., SyncEnv]) -> None:
    env = make_env(idempotency=False, faults="POST /v2/interactions: lost_answer=1")
    (visit,) = env.record(1)
    env.sync(once=True)
    edit_visit(env.db, visit.local_id, {"/successful": True})
    kinds = [op.kind for op in VisitRepo(env.db).ops(visit.local_id)]
    assert kinds == [OpKind.CREATE, OpKind.PATCH]  # no fold: the create may be on the server
    env.server.state.set_faults(None)
    report = env.sync()
    assert report.sent == 2
    (doc,) = env.server_docs()
    assert doc["data"]["successful"] is True


# --- crash recovery, scenario 12 and 13 ---------------------------------------------------


def test_expired_lease_at_start_is_reconciled_not_duplicated(
    make_env: Callable[..., SyncEnv],
) -> None:
    env = make_env(idempotency=False)
    (visit,) = env.record(1)
    # A previous run leased it, POSTed it (the server committed), then died.
    repo = VisitRepo(env.db)
    leased = repo.lease_next("dead-engine", now=env.clock, lease_s=1)  # long expired
    assert leased is not None
    env.client.create_interaction(visit.data)
    report = env.sync()
    assert report.sent == 1 and len(env.server_docs()) == 1
    events = _events(env, visit.local_id)
    assert "lease_expired" in events and "adopted" in events


def test_clock_skew_sends_in_local_order(env: SyncEnv) -> None:
    first = env.record(1)[0]
    env.clock -= timedelta(days=4)  # the machine's clock jumped back
    second = env.record(1)[0]
    env.sync()
    leases = [
        e.local_id
        for v in (first, second)
        for e in visit_log(env.db, v.local_id)
        if e.event == "lease"
    ]
    order = sorted(
        (e.id, e.local_id)
        for v in (first, second)
        for e in visit_log(env.db, v.local_id)
        if e.event == "lease"
    )
    assert len(leases) == 2 and [lid for _, lid in order] == [first.local_id, second.local_id]
    assert {d["data"]["timestamp"] for d in env.server_docs()} == {
        first.knock_time,
        second.knock_time,
    }


def test_visits_of_a_survey_that_changed_still_send(env: SyncEnv) -> None:
    old = env.record(2, survey_id="survey-retired-last-week")
    new = env.record(1, survey_id="survey-2")
    report = env.sync()
    for visit in old + new:
        after = get_visit(env.db, visit.local_id)
        assert after is not None
        assert after.state is OutboxState.SENT or (
            after.state is OutboxState.REJECTED and after.last_error
        )
    assert report.sent + report.rejected == 3


def test_concurrency_setting_is_checked() -> None:
    from canvass_app.services.sync import SyncSettings

    with pytest.raises(ValueError, match="concurrency"):
        SyncSettings(concurrency=0)


class _BrokenClient(PolisClient):
    """The real client with a bug planted in create (bugs cannot be produced otherwise)."""

    def create_interaction(self, data: Any, *, idempotency_key: str | None = None) -> Any:
        raise KeyError("planted bug")


def test_a_bug_while_sending_never_leaves_the_op_sending(env: SyncEnv) -> None:
    (visit,) = env.record(1)
    broken = _BrokenClient(env.server.url, TOKEN, timeout=5.0)
    try:
        report = sync_now(env.db, broken, concurrency=1, settings=FAST, once=True)
    finally:
        broken.close()
    assert report.unknown == 1
    after = get_visit(env.db, visit.local_id)
    assert after is not None and after.state is OutboxState.UNKNOWN
    assert "planted bug" in (after.last_error or "")
    assert env.sync().sent == 1 and len(env.server_docs()) == 1


def test_void_while_the_create_is_unknown_is_sent_after_it(
    make_env: Callable[..., SyncEnv],
) -> None:
    env = make_env(idempotency=False, faults="POST /v2/interactions: lost_answer=1")
    (visit,) = env.record(1)
    env.sync(once=True)
    voided = delete_visit(env.db, visit.local_id)
    assert voided.deleted and voided.state is OutboxState.UNKNOWN
    env.server.state.set_faults(None)
    assert env.sync().sent == 2
    assert env.server_docs() == [] and len(env.server_docs(include_deleted=True)) == 1


def test_many_visits_with_faults_end_settled_and_unique(make_env: Callable[..., SyncEnv]) -> None:
    env = make_env(
        idempotency=False,
        faults="POST /v2/interactions: lost_answer=0.2, 503=0.1, reset=0.1, retry_after=0",
        fault_seed=3,
    )
    visits = env.record(30)
    for _ in range(10):
        report = env.sync(dataclasses.replace(FAST, concurrency=4))
        if report.remaining == 0:
            break
    assert report.remaining == 0
    docs = env.server_docs()
    assert len(docs) == 30
    assert {d["id"] for d in docs} == {
        get_visit(env.db, v.local_id).server_id  # type: ignore[union-attr]
        for v in visits
    }


def test_network_going_down_mid_pass_ends_it(env: SyncEnv) -> None:
    env.record(6)

    def pull_the_cable(progress: SyncProgress) -> None:
        if progress.done == 1:
            env.server.stop()

    report = env.sync(progress=pull_the_cable)
    assert report.offline and report.sent == 1 and report.exit_code() == 3
    # A reused keep-alive connection may first fail as "maybe sent"; the next request
    # cannot connect at all, and the pass stops there instead of trying all six.
    assert report.attempted <= 3
    states = list(_states(env).values())
    assert OutboxState.SENDING not in states
    assert states.count(OutboxState.QUEUED) >= 3


# --- batching: one writer, leases ahead, group commits ------------------------------------


class _WatchingClient(PolisClient):
    """The real client, watching every write request: the visit's op must be committed
    ``sending`` when the request starts (mark before send, read by another connection),
    and no two requests of one visit may be in flight at once."""

    def __init__(self, env: SyncEnv) -> None:
        super().__init__(env.server.url, TOKEN, timeout=5.0)
        path = database_path(env.data_dir)
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        apply_key(self._db, key_for(path))
        self._lock = threading.Lock()
        self._in_flight: set[str] = set()
        self._local_of: dict[str, str] = {}  # server id → local id
        self.requests: dict[str, list[str]] = {}  # local id → methods, in order
        self.violations: list[str] = []

    def _start(self, local_id: str, method: str) -> None:
        with self._lock:
            head = self._db.execute(
                "SELECT state FROM outbox WHERE local_id = ? AND state != 'sent' "
                "ORDER BY op_id LIMIT 1",
                [local_id],
            ).fetchone()
            if head != ("sending",):
                self.violations.append(f"{method} of {local_id} sent while its op was {head}")
            if local_id in self._in_flight:
                self.violations.append(f"{method} of {local_id} while another was in flight")
            self._in_flight.add(local_id)
            self.requests.setdefault(local_id, []).append(method)

    def _end(self, local_id: str) -> None:
        with self._lock:
            self._in_flight.discard(local_id)

    def create_interaction(self, data: Any, *, idempotency_key: str | None = None) -> Any:
        assert idempotency_key is not None
        self._start(idempotency_key, "POST")
        try:
            doc = super().create_interaction(data, idempotency_key=idempotency_key)
            with self._lock:
                self._local_of[doc.id] = idempotency_key
            return doc
        finally:
            self._end(idempotency_key)

    def patch_interaction(self, interaction_id: str, ops: Any, etag: str) -> Any:
        local_id = self._local_of[interaction_id]
        self._start(local_id, "PATCH")
        try:
            return super().patch_interaction(interaction_id, ops, etag)
        finally:
            self._end(local_id)

    def delete_interaction(self, interaction_id: str, etag: str) -> None:
        local_id = self._local_of[interaction_id]
        self._start(local_id, "DELETE")
        try:
            super().delete_interaction(interaction_id, etag)
        finally:
            self._end(local_id)

    def close(self) -> None:
        self._db.close()
        super().close()


def test_batched_leases_keep_each_visits_operations_in_order(
    make_env: Callable[..., SyncEnv],
) -> None:
    env = make_env(faults="*: latency=1ms..5ms")
    saved = env.record(12)
    repo = VisitRepo(env.db)  # files the saves: operations can be added to them
    chains = []
    for visit in saved:
        if len(chains) < 6:  # half the visits: create, edit and void all queued at once
            repo.add_op(
                visit.local_id,
                OpKind.PATCH,
                [{"op": "replace", "path": "/unavailableReason", "value": "Refused"}],
                {},
                f"{visit.local_id}-patch",
                data=None,
                display={},
                now=env.clock,
            )
            repo.add_op(
                visit.local_id,
                OpKind.DELETE,
                None,
                None,
                f"{visit.local_id}-delete",
                data=None,
                display={},
                now=env.clock,
                deleted=True,
            )
            chains.append(visit.local_id)
    client = _WatchingClient(env)
    try:
        report = sync_now(env.db, client, concurrency=4, settings=FAST)
    finally:
        client.close()
    assert client.violations == []
    assert report.sent == 6 * 3 + 6 and report.remaining == 0  # all in one pass
    for local_id in chains:
        assert client.requests[local_id] == ["POST", "PATCH", "DELETE"]
    assert len(env.server_docs()) == 6 and len(env.server_docs(include_deleted=True)) == 12


def test_a_round_records_at_least_concurrency_results_while_work_is_queued(
    make_env: Callable[..., SyncEnv],
) -> None:
    env = make_env(faults="*: latency=1ms..5ms")
    env.record(100)
    done: list[int] = []
    report = env.sync(
        dataclasses.replace(FAST, concurrency=4), progress=lambda p: done.append(p.done)
    )
    assert report.sent == 100
    # One progress call per round (after the first at 0). Every round records at least
    # ``concurrency`` results while the workers still have queued work, so only the tail
    # (the last 4 × 4 leased ahead) may go one result per commit.
    steps = [b - a for a, b in zip(done, done[1:], strict=False)]
    assert len(steps) <= 100 // 4 + 16
    assert all(step >= 4 for step in steps[:-16])


def test_should_stop_sends_nothing_more_and_gives_back_unsent_leases(
    make_env: Callable[..., SyncEnv],
) -> None:
    env = make_env(faults="*: latency=20ms")
    visits = env.record(30)
    stop = threading.Event()
    on_server_at_stop: list[int] = []

    def stop_after_two(progress: SyncProgress) -> None:
        if progress.done >= 2 and not stop.is_set():
            stop.set()
            on_server_at_stop.append(len(env.server_docs()))

    report = env.sync(
        dataclasses.replace(FAST, concurrency=4), progress=stop_after_two, should_stop=stop.is_set
    )
    repo = VisitRepo(env.db)
    states = _states(env)
    sent = [lid for lid, s in states.items() if s is OutboxState.SENT]
    # Once stopped, no request starts: what was on the server then, and at most one
    # request in flight per sender (how many the senders had sent before the pass thread
    # recorded a round depends on the machine's speed).
    assert 2 <= len(sent) <= on_server_at_stop[0] + 4 and report.sent == len(sent)
    assert len(env.server_docs()) == len(sent)
    released = 0
    for visit in visits:
        if states[visit.local_id] is OutboxState.SENT:
            continue
        # Never sent: back as it was, attempt refunded, no lease left behind.
        (op,) = repo.ops(visit.local_id)
        assert (op.state, op.attempts, op.lease_owner) == (OutboxState.QUEUED, 0, None)
        released += "lease_released" in _events(env, visit.local_id)
    assert released >= 1  # leased ahead, then handed back
    assert env.sync().sent == 30 - len(sent)
    assert len(env.server_docs()) == 30
