"""VisitRepo transactions: one-transaction save, leases, expiry, order, counts, search."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from canvass_app.core.outbox import OpKind, OutboxState
from canvass_app.services.visits import VisitDraft, record_visit
from canvass_app.storage.db import DB_FILENAME, StorageEnvironmentError, connect, open_database
from canvass_app.storage.dbapi import sqlite3
from canvass_app.storage.visits import Finish, NewVisit, VisitRepo

T0 = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


def _new(local_id: str, *, name: str = "Ann Lee", canvasser: str = "ann") -> NewVisit:
    return NewVisit(
        local_id=local_id,
        canvasser=canvasser,
        walklist_id=None,
        campaign_id="camp",
        contact_id=f"contact-{local_id}",
        household_id="house-1",
        contact_household_id="ch-1",
        knock_time="2026-03-01T12:00:00.000Z",
        data={"campaignId": "camp", "note": local_id},
        contact_name=name,
        address_line="12 Elm St",
        unit="2",
        outcome="Not Home",
    )


@pytest.fixture
def repo(data_dir: Path) -> VisitRepo:
    return VisitRepo(open_database(data_dir))


def _rows(repo: VisitRepo, table: str) -> int:
    return int(repo.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608


def test_save_writes_visit_op_and_log_together(repo: VisitRepo) -> None:
    visit = repo.insert_visit(_new("v1"), now=T0)
    assert visit.state is OutboxState.QUEUED
    ops = repo.ops("v1")
    assert [(o.kind, o.state, o.idempotency_key) for o in ops] == [
        (OpKind.CREATE, OutboxState.QUEUED, "v1")
    ]
    assert ops[0].payload == {"campaignId": "camp", "note": "v1"}
    assert [e.event for e in repo.events("v1")] == ["saved"]


def test_failure_mid_save_leaves_nothing_half_written(repo: VisitRepo) -> None:
    # The outbox insert (the second statement of the save) fails.
    repo.db.execute(
        "CREATE TEMP TRIGGER fail_outbox BEFORE INSERT ON outbox "
        "BEGIN SELECT RAISE(ABORT, 'simulated failure'); END"
    )
    with pytest.raises(sqlite3.IntegrityError, match="simulated failure"):
        repo.insert_visit(_new("v1"), now=T0)
    assert _rows(repo, "visits") == 0
    assert _rows(repo, "outbox") == 0
    assert _rows(repo, "sync_log") == 0
    assert repo.list_visits(search="Ann") == []


def test_full_disk_while_saving_is_shown_in_words_and_nothing_is_written(
    data_dir: Path,
) -> None:
    db = open_database(data_dir)
    repo = VisitRepo(db)
    repo.insert_visit(_new("v0"), now=T0)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {int(pages)}")  # the "disk" is now full
    big = NewVisit(**{**_new("v1").__dict__, "notes": "x" * 200_000})
    with pytest.raises(StorageEnvironmentError, match="disk is full"):
        repo.insert_visit(big, now=T0)
    assert [v.local_id for v in repo.list_visits()] == ["v0"]
    assert _rows(repo, "outbox") == 1


def test_record_visit_on_a_locked_database_raises_in_words(data_dir: Path) -> None:
    db = open_database(data_dir)
    db.execute("PRAGMA busy_timeout = 0")
    holder = connect(data_dir / DB_FILENAME)
    holder.conn.execute("BEGIN IMMEDIATE")
    try:
        draft = VisitDraft("camp", "c1", "h1", "ch1", "s1", unavailable=True)
        with pytest.raises(StorageEnvironmentError, match="locked"):
            record_visit(db, draft, canvasser="ann", now=T0)
    finally:
        holder.conn.rollback()
    assert _rows(VisitRepo(db), "visits") == 0


def test_only_the_head_op_of_a_visit_can_be_leased(repo: VisitRepo) -> None:
    repo.insert_visit(_new("v1"), now=T0)
    repo.add_op(
        "v1",
        OpKind.PATCH,
        [{"op": "add", "path": "/x", "value": 1}],
        {},
        "k2",
        data=None,
        display={},
        now=T0,
    )
    first = repo.lease_next("me", now=T0, lease_s=60)
    assert first is not None and first.op.kind is OpKind.CREATE
    assert repo.get_visit("v1").state is OutboxState.SENDING  # type: ignore[union-attr]
    assert repo.lease_next("me", now=T0, lease_s=60) is None  # the patch waits for its create
    repo.finish(
        first.op.op_id,
        "me",
        OutboxState.SENT,
        now=T0,
        event="sent",
        server_id="srv-1",
        etag="e1",
        server_data={"campaignId": "camp"},
    )
    second = repo.lease_next("me", now=T0, lease_s=60)
    assert second is not None and second.op.kind is OpKind.PATCH
    assert second.visit.server_id == "srv-1"


def test_two_engines_racing_never_lease_one_op_twice(data_dir: Path) -> None:
    repo = VisitRepo(open_database(data_dir))
    for i in range(40):
        repo.insert_visit(_new(f"v{i:02d}"), now=T0)
    start = threading.Barrier(2)
    leased: dict[str, list[int]] = {"a": [], "b": []}

    def take(owner: str) -> None:
        mine = VisitRepo(connect(data_dir / DB_FILENAME))
        start.wait()
        while (got := mine.lease_next(owner, now=T0, lease_s=60)) is not None:
            leased[owner].append(got.op.op_id)
        mine.db.conn.close()

    threads = [threading.Thread(target=take, args=(o,)) for o in leased]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    everything = leased["a"] + leased["b"]
    assert sorted(everything) == sorted(set(everything))
    assert len(everything) == 40
    lease_events = repo.db.execute("SELECT COUNT(*) FROM sync_log WHERE event = 'lease'").fetchone()
    assert lease_events[0] == 40


def test_expired_lease_becomes_unknown_never_queued(repo: VisitRepo) -> None:
    repo.insert_visit(_new("v1"), now=T0)
    leased = repo.lease_next("crashed", now=T0, lease_s=30)
    assert leased is not None
    assert repo.expire_leases(now=T0 + timedelta(seconds=29)) == 0
    assert repo.expire_leases(now=T0 + timedelta(seconds=31)) == 1
    op = repo.ops("v1")[0]
    assert op.state is OutboxState.UNKNOWN and op.lease_owner is None
    assert repo.get_visit("v1").state is OutboxState.UNKNOWN  # type: ignore[union-attr]
    assert repo.events("v1")[-1].event == "lease_expired"


def test_a_late_answer_after_expiry_is_still_recorded(repo: VisitRepo) -> None:
    repo.insert_visit(_new("v1"), now=T0)
    leased = repo.lease_next("slow", now=T0, lease_s=1)
    assert leased is not None
    repo.expire_leases(now=T0 + timedelta(seconds=5))
    repo.finish(
        leased.op.op_id, "slow", OutboxState.SENT, now=T0, event="sent", server_id="srv", etag="e"
    )
    assert repo.get_visit("v1").state is OutboxState.SENT  # type: ignore[union-attr]


def test_lease_order_is_local_sequence_not_wall_clock(repo: VisitRepo) -> None:
    # Clock skew: the second visit's clock said three days earlier.
    repo.insert_visit(_new("later-saved-first"), now=T0)
    repo.insert_visit(_new("skewed"), now=T0 - timedelta(days=3))
    first = repo.lease_next("me", now=T0, lease_s=60)
    assert first is not None and first.op.local_id == "later-saved-first"


def test_retry_wait_is_not_leased_before_its_time(repo: VisitRepo) -> None:
    repo.insert_visit(_new("v1"), now=T0)
    leased = repo.lease_next("me", now=T0, lease_s=60)
    assert leased is not None
    repo.finish(
        leased.op.op_id,
        "me",
        OutboxState.RETRY_WAIT,
        now=T0,
        event="transient",
        next_attempt_at=T0 + timedelta(seconds=100),
    )
    assert repo.lease_next("me", now=T0 + timedelta(seconds=99), lease_s=60) is None
    assert repo.lease_next("me", now=T0 + timedelta(seconds=100), lease_s=60) is not None


def test_counts_and_oldest_unsent_age(repo: VisitRepo) -> None:
    repo.insert_visit(_new("v1"), now=T0)
    repo.insert_visit(_new("v2"), now=T0 + timedelta(seconds=30))
    leased = repo.lease_next("me", now=T0, lease_s=60)
    assert leased is not None
    repo.finish(
        leased.op.op_id, "me", OutboxState.SENT, now=T0, event="sent", server_id="s", etag="e"
    )
    counts = repo.counts(T0 + timedelta(seconds=90))
    assert counts.count(OutboxState.SENT) == 1
    assert counts.count(OutboxState.QUEUED) == 1
    assert counts.unsent == 1
    assert counts.oldest_unsent_age_s == pytest.approx(60.0)
    as_json = counts.to_json()
    assert as_json["queued"] == 1 and as_json["sent"] == 1 and as_json["rejected"] == 0


def test_search_follows_text_edits_and_ignores_state_changes(repo: VisitRepo) -> None:
    repo.insert_visit(_new("v1", name="Priya Patel"), now=T0)
    repo.insert_visit(_new("v2", name="Liam Murphy"), now=T0)
    assert [v.local_id for v in repo.list_visits(search="pri")] == ["v1"]
    repo.db.execute("UPDATE visits SET contact_name = 'Priya Kim' WHERE local_id = 'v1'")
    assert [v.local_id for v in repo.list_visits(search="kim")] == ["v1"]
    assert repo.list_visits(search="patel") == []
    repo.db.execute("UPDATE visits SET state = 'sent' WHERE local_id = 'v2'")
    assert [v.local_id for v in repo.list_visits(search='murphy "')] == ["v2"]


def test_list_filters(repo: VisitRepo) -> None:
    repo.insert_visit(_new("v1", canvasser="ann"), now=T0)
    repo.insert_visit(_new("v2", canvasser="bob"), now=T0)
    assert [v.local_id for v in repo.list_visits(canvasser="bob")] == ["v2"]
    assert [v.local_id for v in repo.list_visits()] == ["v2", "v1"]  # newest first
    assert [v.local_id for v in repo.list_visits(limit=1)] == ["v2"]
    assert repo.list_visits(states=[OutboxState.SENT]) == []
    assert len(repo.list_visits(household_id="house-1")) == 2


def test_a_result_after_another_engine_took_over_is_refused(repo: VisitRepo) -> None:
    from canvass_app.storage.visits import LeaseLost

    repo.insert_visit(_new("v1"), now=T0)
    first = repo.lease_next("slow", now=T0, lease_s=1)
    assert first is not None
    repo.expire_leases(now=T0 + timedelta(seconds=5))
    second = repo.lease_next("other", now=T0 + timedelta(seconds=5), lease_s=60)
    assert second is not None and second.previous_state is OutboxState.UNKNOWN
    with pytest.raises(LeaseLost):
        repo.finish(
            first.op.op_id,
            "slow",
            OutboxState.SENT,
            now=T0,
            event="sent",
            server_id="srv",
            etag="e",
        )
    assert repo.get_visit("v1").state is OutboxState.SENDING  # type: ignore[union-attr]


def _report(**counts: int) -> object:
    from canvass_app.core.outbox import SyncCounts, SyncReport

    full = {state: counts.get(state.value, 0) for state in OutboxState}
    return SyncReport(
        attempted=0,
        sent=0,
        retry_wait=0,
        unknown=0,
        needs_attention=0,
        rejected=0,
        remaining=sum(n for s, n in full.items() if s is not OutboxState.SENT),
        auth_required=counts.get("auth", 0) == 1,
        offline=False,
        last_error=None,
        counts=SyncCounts(counts=full, oldest_unsent_age_s=None, last_sync_at=None),
    )


@pytest.mark.parametrize(
    ("counts", "code"),
    [
        ({"sent": 3}, 0),
        ({}, 0),
        ({"sent": 1, "queued": 1}, 3),
        ({"retry_wait": 1}, 3),
        ({"unknown": 2}, 3),
        ({"queued": 1, "rejected": 1}, 4),
        ({"needs_attention": 1}, 4),
        ({"queued": 1, "auth": 1}, 5),
    ],
)
def test_sync_exit_codes(counts: dict[str, int], code: int) -> None:
    assert _report(**counts).exit_code() == code  # type: ignore[attr-defined]


def test_a_held_lease_can_be_renewed_a_lost_one_cannot(repo: VisitRepo) -> None:
    from canvass_app.storage.visits import LeaseLost

    repo.insert_visit(_new("v1"), now=T0)
    leased = repo.lease_next("me", now=T0, lease_s=10)
    assert leased is not None
    repo.renew_lease(leased.op.op_id, "me", now=T0 + timedelta(seconds=8), lease_s=10)
    assert repo.expire_leases(now=T0 + timedelta(seconds=12)) == 0  # renewed until 18 s
    with pytest.raises(LeaseLost):
        repo.renew_lease(leased.op.op_id, "someone-else", now=T0, lease_s=10)
    assert repo.expire_leases(now=T0 + timedelta(seconds=19)) == 1
    with pytest.raises(LeaseLost):
        repo.renew_lease(leased.op.op_id, "me", now=T0 + timedelta(seconds=19), lease_s=10)


# --- the engine's batch: lease_batch and finish_many -----------------------------------


def _patch_and_delete(repo: VisitRepo, local_id: str) -> None:
    repo.add_op(
        local_id,
        OpKind.PATCH,
        [{"op": "replace", "path": "/note", "value": "edited"}],
        {"/note": local_id},
        f"{local_id}-patch",
        data=None,
        display={},
        now=T0,
    )
    repo.add_op(
        local_id, OpKind.DELETE, None, None, f"{local_id}-delete", data=None, display={}, now=T0
    )


def test_lease_batch_takes_only_the_head_of_each_visit_committed_before_it_returns(
    repo: VisitRepo, data_dir: Path
) -> None:
    repo.insert_visit(_new("v1"), now=T0)
    _patch_and_delete(repo, "v1")  # v1: create, patch, delete
    repo.insert_visit(_new("v2"), now=T0)
    repo.insert_visit(_new("v3"), now=T0)
    batch = repo.lease_batch("me", now=T0, lease_s=60, limit=10)
    assert [(b.op.local_id, b.op.kind) for b in batch] == [
        ("v1", OpKind.CREATE),
        ("v2", OpKind.CREATE),
        ("v3", OpKind.CREATE),
    ]
    for leased in batch:
        assert leased.previous_state is OutboxState.QUEUED
        assert leased.op.state is OutboxState.SENDING and leased.op.attempts == 1
        assert leased.visit.local_id == leased.op.local_id
        assert leased.visit.state is OutboxState.SENDING
        assert leased.visit.data == {"campaignId": "camp", "note": leased.op.local_id}
        assert leased.server_data is None
    # Committed (mark before send): another connection sees every lease and its log event.
    other = VisitRepo(connect(data_dir / DB_FILENAME))
    for local_id in ("v1", "v2", "v3"):
        head = other.ops(local_id)[0]
        assert (head.state, head.lease_owner) == (OutboxState.SENDING, "me")
        assert head.lease_expires_at == "2026-03-01T12:01:00.000Z"
        assert other.events(local_id)[-1].event == "lease"
    assert [o.state for o in other.ops("v1")[1:]] == [OutboxState.QUEUED, OutboxState.QUEUED]
    # The patch waits while its create is unfinished, however large the batch.
    assert repo.lease_batch("me", now=T0, lease_s=60, limit=10) == []


def test_lease_batch_honours_limit_exclude_and_due_time(repo: VisitRepo) -> None:
    for i in range(5):
        repo.insert_visit(_new(f"v{i}"), now=T0)
    first = repo.lease_batch("me", now=T0, lease_s=60, limit=2)
    assert [b.op.local_id for b in first] == ["v0", "v1"]
    third = repo.ops("v2")[0].op_id
    rest = repo.lease_batch("me", now=T0, lease_s=60, limit=10, exclude={third})
    assert [b.op.local_id for b in rest] == ["v3", "v4"]
    assert repo.lease_batch("me", now=T0 - timedelta(seconds=1), lease_s=60, limit=10) == []


def test_finish_many_records_each_result_and_skips_a_lost_lease(repo: VisitRepo) -> None:
    for i in range(3):
        repo.insert_visit(_new(f"v{i}"), now=T0)
    _patch_and_delete(repo, "v0")
    batch = repo.lease_batch("me", now=T0, lease_s=1, limit=3)
    # v2's lease runs out and another engine takes it over.
    repo.db.execute(
        "UPDATE outbox SET lease_expires_at = '2000-01-01T00:00:00.000Z' WHERE local_id = 'v2'"
    )
    repo.expire_leases(now=T0)
    taken = repo.lease_next("other", now=T0, lease_s=60)
    assert taken is not None and taken.op.local_id == "v2"
    later = T0 + timedelta(seconds=30)
    lost = repo.finish_many(
        "me",
        [
            Finish(
                batch[0].op.op_id,
                OutboxState.SENT,
                "sent",
                server_id="s0",
                etag="e0",
                server_data={"campaignId": "camp", "note": "server"},
                adopt_server_data=True,
            ),
            Finish(
                batch[1].op.op_id,
                OutboxState.RETRY_WAIT,
                "transient",
                http_status=503,
                error="busy",
                next_attempt_at=later,
            ),
            Finish(batch[2].op.op_id, OutboxState.SENT, "sent", server_id="s2", etag="e2"),
        ],
        now=T0,
    )
    assert lost == [batch[2].op.op_id]
    v0 = repo.get_visit("v0")
    assert v0 is not None and (v0.server_id, v0.etag) == ("s0", "e0")
    assert v0.state is OutboxState.QUEUED  # its patch is next
    # The server copy is kept, but not adopted as local data: a later op is unfinished.
    assert v0.data == {"campaignId": "camp", "note": "v0"}
    assert repo.server_data("v0") == {"campaignId": "camp", "note": "server"}
    assert repo.events("v0")[-1].event == "sent"
    v1_op = repo.ops("v1")[0]
    assert (v1_op.state, v1_op.last_status, v1_op.next_attempt_at) == (
        OutboxState.RETRY_WAIT,
        503,
        "2026-03-01T12:00:30.000Z",
    )
    assert repo.get_visit("v1").last_error == "busy"  # type: ignore[union-attr]
    v2_op = repo.ops("v2")[0]
    assert (v2_op.state, v2_op.lease_owner) == (OutboxState.SENDING, "other")
    assert repo.get_visit("v2").server_id is None  # type: ignore[union-attr]


def test_finish_many_is_one_transaction(repo: VisitRepo) -> None:
    for i in range(2):
        repo.insert_visit(_new(f"v{i}"), now=T0)
    batch = repo.lease_batch("me", now=T0, lease_s=60, limit=2)
    # The second result fails half-way (a bug, not the machine): the first is rolled back.
    repo.db.execute(
        "CREATE TEMP TRIGGER refuse_v1 BEFORE UPDATE OF server_id ON visits "
        "WHEN NEW.local_id = 'v1' BEGIN SELECT RAISE(ABORT, 'planted failure'); END"
    )
    with pytest.raises(sqlite3.IntegrityError, match="planted failure"):
        repo.finish_many(
            "me",
            [
                Finish(b.op.op_id, OutboxState.SENT, "sent", server_id=f"s{i}", etag="e")
                for i, b in enumerate(batch)
            ],
            now=T0,
        )
    for local_id in ("v0", "v1"):
        assert repo.ops(local_id)[0].state is OutboxState.SENDING
        assert repo.get_visit(local_id).server_id is None  # type: ignore[union-attr]
        assert repo.events(local_id)[-1].event == "lease"


def test_finish_refunds_an_attempt_and_keeps_the_message_apart(repo: VisitRepo) -> None:
    repo.insert_visit(_new("v1"), now=T0)
    leased = repo.lease_next("me", now=T0, lease_s=60)
    assert leased is not None and leased.op.attempts == 1
    repo.finish(
        leased.op.op_id,
        "me",
        leased.previous_state,
        now=T0,
        event="lease_released",
        refund_attempt=True,
        message="not sent",
    )
    op = repo.ops("v1")[0]
    assert (op.state, op.attempts, op.lease_owner, op.last_error) == (
        OutboxState.QUEUED,
        0,
        None,
        None,
    )
    event = repo.events("v1")[-1]
    assert (event.event, event.from_state, event.to_state, event.message) == (
        "lease_released",
        "sending",
        "queued",
        "not sent",
    )


def test_finish_many_refuses_two_results_of_one_visit_and_writes_nothing(
    repo: VisitRepo,
) -> None:
    repo.insert_visit(_new("v1"), now=T0)
    _patch_and_delete(repo, "v1")
    (create,) = repo.lease_batch("me", now=T0, lease_s=60, limit=10)
    patch = repo.ops("v1")[1]
    # Only a visit's head can be leased; a patch marked sending behind its create is a
    # state the engine never makes, and one statement per batch could not order the two.
    repo.db.execute(
        "UPDATE outbox SET state = 'sending', lease_owner = 'me' WHERE op_id = ?", [patch.op_id]
    )
    with pytest.raises(ValueError, match="one visit"):
        repo.finish_many(
            "me",
            [
                Finish(create.op.op_id, OutboxState.SENT, "sent", server_id="s1", etag="e1"),
                Finish(patch.op_id, OutboxState.SENT, "sent", etag="e2"),
            ],
            now=T0,
        )
    assert [o.state for o in repo.ops("v1")[:2]] == [OutboxState.SENDING] * 2
    assert repo.get_visit("v1").server_id is None  # type: ignore[union-attr]


def test_finish_and_lease_records_first_so_the_next_op_of_a_visit_follows_at_once(
    repo: VisitRepo,
) -> None:
    repo.insert_visit(_new("v1"), now=T0)
    _patch_and_delete(repo, "v1")
    repo.insert_visit(_new("v2"), now=T0)
    create1, _ = repo.lease_batch("me", now=T0, lease_s=60, limit=10)
    lost, batch = repo.finish_and_lease(
        "me",
        [Finish(create1.op.op_id, OutboxState.SENT, "sent", server_id="s1", etag="e1")],
        now=T0,
        lease_s=60,
        limit=10,
    )
    # v1's patch is taken in the same transaction that records its create; v2 is still
    # held, and v1's delete waits for the patch.
    assert lost == []
    assert [(b.op.local_id, b.op.kind) for b in batch] == [("v1", OpKind.PATCH)]
    assert (batch[0].visit.server_id, batch[0].visit.etag) == ("s1", "e1")
    assert [e.event for e in repo.events("v1")][-2:] == ["sent", "lease"]
    # limit 0: results only, nothing leased.
    lost, batch = repo.finish_and_lease(
        "me",
        [Finish(batch[0].op.op_id, OutboxState.SENT, "sent", etag="e2")],
        now=T0,
        lease_s=60,
        limit=0,
    )
    assert (lost, batch) == ([], [])
    assert repo.ops("v1")[2].state is OutboxState.QUEUED
