"""Storage obeys core.outbox.STATE_RULES: it refuses loudly what the table forbids, folds
and voids only where it allows, and its SQL state lists (bound from the table) still use
the partial indexes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support.visits import new_visit

from canvass_app.core.outbox import (
    REQUEUEABLE_STATES,
    OpKind,
    OutboxRuleError,
    OutboxState,
    rule_of,
)
from canvass_app.storage.db import open_database
from canvass_app.storage.rows import named
from canvass_app.storage.visits import (
    _ELIGIBLE_IN,
    _ELIGIBLE_PARAMS,
    VisitRepo,
)

T0 = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


@pytest.fixture
def repo(data_dir: Path) -> VisitRepo:
    return VisitRepo(open_database(data_dir))


def _save(repo: VisitRepo, local_id: str = "v1") -> None:
    repo.insert_visit(new_visit(local_id, data={"campaignId": "camp", "successful": False}), now=T0)


def _put_in(repo: VisitRepo, state: OutboxState, local_id: str = "v1") -> None:
    """Bring the visit's create into ``state`` the way the engine does."""
    if state is OutboxState.QUEUED:
        return
    leased = repo.lease_next("engine-a", now=T0, lease_s=60)
    assert leased is not None and leased.op.local_id == local_id
    if state is OutboxState.SENDING:
        return
    repo.finish(
        leased.op.op_id,
        "engine-a",
        state,
        now=T0,
        event="test",
        server_id="doc-1" if state is OutboxState.SENT else None,
        etag="e1" if state is OutboxState.SENT else None,
    )


@pytest.mark.parametrize("state", list(OutboxState))
def test_requeue_follows_the_table(repo: VisitRepo, state: OutboxState) -> None:
    _save(repo)
    _put_in(repo, state)
    if state in REQUEUEABLE_STATES:
        assert repo.requeue("v1", now=T0 + timedelta(seconds=1)) == 1
        (op,) = repo.ops("v1")
        assert (op.state, op.attempts, op.next_attempt_at) == (
            OutboxState.QUEUED,
            0,
            "2026-03-01T12:00:01.000Z",
        )
        assert repo.events("v1")[-1].event == "requeued"
        return
    before = [e.event for e in repo.events("v1")]
    with pytest.raises(OutboxRuleError) as refused:
        repo.requeue("v1", now=T0)
    assert refused.value.state is state and str(refused.value.message)
    # Refused loudly, and nothing changed.
    assert repo.ops("v1")[0].state is state
    assert [e.event for e in repo.events("v1")] == before


def test_an_unknown_create_is_never_requeued_into_a_blind_resend(repo: VisitRepo) -> None:
    _save(repo)
    _put_in(repo, OutboxState.UNKNOWN)
    with pytest.raises(OutboxRuleError, match="may already be on the server"):
        repo.requeue("v1", now=T0)
    assert repo.get_visit("v1").state is OutboxState.UNKNOWN  # type: ignore[union-attr]


@pytest.mark.parametrize("state", list(OutboxState))
def test_void_and_fold_follow_the_table(repo: VisitRepo, state: OutboxState) -> None:
    _save(repo)
    _put_in(repo, state)
    (create,) = repo.ops("v1")
    folded = repo.fold_into_create(
        "v1", create.op_id, {"campaignId": "camp", "successful": True}, {}, now=T0
    )
    assert folded is rule_of(state).foldable
    voided = repo.void_locally("v1", now=T0)
    assert voided is rule_of(state).voidable
    if voided:
        visit = repo.get_visit("v1")
        assert visit is not None and visit.deleted and visit.state is OutboxState.SENT


def test_fold_into_a_patch_follows_the_table(repo: VisitRepo) -> None:
    _save(repo)
    _put_in(repo, OutboxState.SENT)
    patch = repo.add_op(
        "v1",
        OpKind.PATCH,
        [{"op": "replace", "path": "/successful", "value": True}],
        {},
        "k",
        data=None,
        display={},
        now=T0,
    )
    more = [{"op": "replace", "path": "/successful", "value": False}]
    assert repo.fold_into_patch("v1", patch, more, {}, {"successful": False}, {}, now=T0)
    leased = repo.lease_next("engine-a", now=T0, lease_s=60)
    assert leased is not None and leased.op.op_id == patch
    assert not repo.fold_into_patch("v1", patch, more, {}, {"successful": False}, {}, now=T0)
    repo.finish(patch, "engine-a", OutboxState.REJECTED, now=T0, event="rejected")
    assert repo.fold_into_patch("v1", patch, more, {}, {"successful": False}, {}, now=T0)


def test_sync_now_leaves_unknown_waits_alone(repo: VisitRepo) -> None:
    _save(repo, "waiting")
    _save(repo, "maybe-sent")
    later = T0 + timedelta(minutes=5)
    for _ in range(2):
        leased = repo.lease_next("engine-a", now=T0, lease_s=60)
        assert leased is not None
        state = OutboxState.RETRY_WAIT if leased.op.local_id == "waiting" else OutboxState.UNKNOWN
        repo.finish(leased.op.op_id, "engine-a", state, now=T0, event="test", next_attempt_at=later)
    assert repo.reset_backoff(now=T0) == 1
    due = {
        op.local_id: op.next_attempt_at for lid in ("waiting", "maybe-sent") for op in repo.ops(lid)
    }
    assert due == {"waiting": "2026-03-01T12:00:00.000Z", "maybe-sent": "2026-03-01T12:05:00.000Z"}


def test_state_lists_from_the_table_still_use_the_partial_indexes(repo: VisitRepo) -> None:
    def plan(sql: str, params: dict[str, str]) -> str:
        rows = named(repo.db.conn, "EXPLAIN QUERY PLAN " + sql, params)
        return " ".join(str(row["detail"]) for row in rows)

    oldest = plan(
        "SELECT MIN(created_at) FROM visits WHERE state != :sent", {"sent": OutboxState.SENT.value}
    )
    assert "visits_unsent_created" in oldest
    due = plan(
        f"SELECT COUNT(*) FROM outbox WHERE state IN {_ELIGIBLE_IN} AND next_attempt_at <= :now",  # noqa: S608
        {**_ELIGIBLE_PARAMS, "now": "2026"},
    )
    assert "USING INDEX" in due and "SCAN outbox" not in due
