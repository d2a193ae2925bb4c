"""The sync engine: drains the outbox to the Polis API and returns a ``SyncReport``.

One pass (``SyncEngine.run``):

1. Lease recovery: ``sending`` operations whose lease ran out become ``unknown``.
2. Nothing due → done without touching the network. Otherwise probe the API (a cheap
   authenticated GET): offline ends the pass, 401/403 pauses the queue.
3. Workers (``concurrency`` threads, each with its own SQLite connection, all sharing ONE
   PolisClient) lease the oldest due operation that heads its visit, mark it ``sending``
   in a committed transaction, send it, and record the result with a sync-log event.
   Only the first unfinished operation of a visit can be leased, so each visit's
   operations go strictly in order while different visits go in parallel.
4. ``once``: each operation is tried at most once; otherwise up to
   ``max_attempts_per_pass`` times while it is due.

Outcomes (sync-notes "What an httpx error tells you"):

- parsed 2xx → ``sent`` (server id, etag and the server copy recorded);
- connect error (nothing left the machine) → ``retry_wait`` and, when it is the network
  itself, the pass ends (``offline``);
- maybe applied (timeout after send, reset, 5xx, garbage answer) → ``unknown``; before
  sending again (after at least ``reconcile_after_s``) a create is looked up by natural key
  and a match with the same content is adopted; every POST carries
  ``Idempotency-Key: <local_id>``;
- 429 / 503 → ``retry_wait`` with full-jitter backoff, never shorter than Retry-After;
- stale etag → fetch, ``core.patch.rebase``, resend with the new etag (at most
  ``max_rebases`` times, with jittered pauses); server values the edit overwrote go to the
  sync log; an edit that cannot apply, or a 404/410 → ``needs_attention`` with both
  versions kept;
- any other 4xx → ``rejected`` with the server's message (never blocks other visits);
- 401/403 → the whole queue pauses (sync_meta flag), the attempt is refunded.

The engine knows nothing of Qt: the GUI runs ``sync_now`` in a worker thread.
"""

from __future__ import annotations

import concurrent.futures
import logging
import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from canvass_app.api.client import PolisClient
from canvass_app.api.errors import (
    ApiError,
    AuthError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ProtocolError,
    RateLimitedError,
    TransientError,
)
from canvass_app.core.errors import CanvassError, PatchConflict, ValidationError
from canvass_app.core.interaction import Interaction
from canvass_app.core.outbox import (
    DEFAULT_SYNC_CONCURRENCY,
    OpKind,
    OutboxState,
    SyncProgress,
    SyncReport,
)
from canvass_app.core.patch import apply_ops, rebase, same_json
from canvass_app.storage.db import StorageEnvironmentError, connect, utc_now
from canvass_app.storage.visits import META_AUTH_PAUSED, LeasedOp, LeaseLost, VisitRepo
from canvass_app.sync.backoff import BACKOFF_BASE_S, BACKOFF_CAP_S, retry_delay
from canvass_app.sync.reconcile import find_adoptable

log = logging.getLogger(__name__)

_METHOD = {OpKind.CREATE: "POST", OpKind.PATCH: "PATCH", OpKind.DELETE: "DELETE"}


@dataclass(frozen=True)
class SyncSettings:
    """Timings and limits of the engine (tests shorten them; defaults suit the field)."""

    concurrency: int = DEFAULT_SYNC_CONCURRENCY
    # How long a lease holds; past it a crashed sender's operation becomes unknown.
    lease_s: float = 120.0
    # Wait at least this long before reconciling a maybe-applied write (None: the
    # client's request timeout, so the first request cannot still be in flight).
    reconcile_after_s: float | None = None
    backoff_base_s: float = BACKOFF_BASE_S
    backoff_cap_s: float = BACKOFF_CAP_S
    max_rebases: int = 5
    rebase_pause_s: float = 0.1  # base of the jittered pause between rebases
    max_attempts_per_pass: int = 3
    seed: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.concurrency <= 16:
            raise ValueError(
                f"concurrency must be between 1 and 16 (one client's pool), got {self.concurrency}"
            )
        if self.lease_s <= 0:
            raise ValueError(f"lease_s must be above 0 seconds, got {self.lease_s}")
        if self.max_rebases < 0 or self.max_attempts_per_pass < 1:
            raise ValueError("max_rebases must be 0 or more and max_attempts_per_pass 1 or more")


@dataclass(frozen=True)
class _Outcome:
    """What happened to one leased operation."""

    state: OutboxState | None  # None: nothing recorded (lease lost)
    stop: str | None = None  # "auth", "offline" or "storage": end the pass
    error: str | None = None


@dataclass
class _PassState:
    """Shared by the workers of one pass; guarded by ``lock``."""

    total: int
    lock: threading.Lock = field(default_factory=threading.Lock)
    done: int = 0
    attempted: int = 0
    tries: dict[int, int] = field(default_factory=dict)
    outcomes: dict[OutboxState, int] = field(default_factory=dict)
    stop: str | None = None
    last_error: str | None = None


class SyncEngine:
    """Drains the outbox of one database file with one shared PolisClient."""

    def __init__(
        self,
        db_path: Path,
        client: PolisClient,
        settings: SyncSettings | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.db_path = Path(db_path)
        self.client = client
        self.settings = settings or SyncSettings()
        self.owner = f"engine-{uuid.uuid4()}"
        self._clock = clock
        self._sleep = sleep
        self._rng = random.Random(self.settings.seed)
        self._rng_lock = threading.Lock()

    # --- helpers -------------------------------------------------------------------------

    def _jitter(self, ceiling: float) -> float:
        with self._rng_lock:
            return self._rng.uniform(0.0, ceiling)

    def _retry_at(self, attempts: int, retry_after: float | None = None) -> datetime:
        with self._rng_lock:
            delay = retry_delay(
                attempts,
                self._rng,
                retry_after_s=retry_after,
                base_s=self.settings.backoff_base_s,
                cap_s=self.settings.backoff_cap_s,
            )
        return self._clock() + timedelta(seconds=delay)

    def _reconcile_at(self) -> datetime:
        wait = self.settings.reconcile_after_s
        if wait is None:
            wait = float(getattr(self.client, "timeout", 15.0))
        return self._clock() + timedelta(seconds=wait)

    # --- the pass ------------------------------------------------------------------------

    def run(
        self,
        repo: VisitRepo,
        *,
        once: bool = False,
        progress: Callable[[SyncProgress], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
        reset_backoff: bool = False,
    ) -> SyncReport:
        """One sync pass using ``repo`` (the caller's connection) for bookkeeping."""
        now = self._clock()
        repo.expire_leases(now=now)
        if reset_backoff:
            repo.reset_backoff(now=now)
        due = repo.eligible_count(now)
        if due == 0:
            return self._report(repo, _PassState(total=0), offline=False)

        stop = self._probe(repo)
        if stop is not None:
            state = _PassState(total=due, stop=stop[0], last_error=stop[1])
            return self._report(repo, state, offline=stop[0] == "offline")

        state = _PassState(total=due)
        limit = 1 if once else self.settings.max_attempts_per_pass
        progress_lock = threading.Lock()

        def report_progress() -> None:
            if progress is None:
                return
            with state.lock:
                snapshot = SyncProgress(done=state.done, total=max(state.total, state.done))
            with progress_lock:
                progress(snapshot)

        def worker(worker_repo: VisitRepo) -> None:
            while True:
                if should_stop is not None and should_stop():
                    return
                with state.lock:
                    if state.stop is not None:
                        return
                    exhausted = [op_id for op_id, n in state.tries.items() if n >= limit]
                leased = worker_repo.lease_next(
                    self.owner, now=self._clock(), lease_s=self.settings.lease_s, exclude=exhausted
                )
                if leased is None:
                    return
                with state.lock:
                    state.tries[leased.op.op_id] = state.tries.get(leased.op.op_id, 0) + 1
                    state.attempted += 1
                outcome = self._process(worker_repo, leased)
                with state.lock:
                    state.done += 1
                    if outcome.state is not None:
                        state.outcomes[outcome.state] = state.outcomes.get(outcome.state, 0) + 1
                    if outcome.error:
                        state.last_error = outcome.error
                    if outcome.stop is not None and state.stop is None:
                        state.stop = outcome.stop
                report_progress()

        def guarded_worker(worker_repo: VisitRepo) -> None:
            try:
                worker(worker_repo)
            except StorageEnvironmentError as exc:  # locked or full while leasing
                with state.lock:
                    state.stop = state.stop or "storage"
                    state.last_error = str(exc)

        def threaded_worker() -> None:
            worker_repo = VisitRepo(connect(self.db_path))
            try:
                guarded_worker(worker_repo)
            finally:
                worker_repo.db.conn.close()

        report_progress()
        if self.settings.concurrency == 1:
            guarded_worker(repo)  # inline: deterministic, and no second connection needed
        else:
            with concurrent.futures.ThreadPoolExecutor(
                max_workers=self.settings.concurrency, thread_name_prefix="canvass-sync"
            ) as pool:
                futures = [pool.submit(threaded_worker) for _ in range(self.settings.concurrency)]
                for future in futures:
                    future.result()  # a bug in a worker propagates
        if state.stop not in ("auth", "offline"):
            repo.mark_synced(now=self._clock())
        return self._report(repo, state, offline=state.stop == "offline")

    def _probe(self, repo: VisitRepo) -> tuple[str, str] | None:
        """Check the API before a pass; returns (stop reason, message) or None to go on."""
        try:
            self.client.probe()
        except (AuthError, ForbiddenError) as exc:
            repo.set_meta(META_AUTH_PAUSED, "1")
            return "auth", str(exc)
        except ApiError as exc:
            # Offline, a captive portal, a server that is down: nothing can be sent now.
            return "offline", str(exc)
        if repo.get_meta(META_AUTH_PAUSED) is not None:
            repo.set_meta(META_AUTH_PAUSED, None)
        return None

    def _report(self, repo: VisitRepo, state: _PassState, *, offline: bool) -> SyncReport:
        counts = repo.counts(self._clock())
        paused = repo.get_meta(META_AUTH_PAUSED) is not None
        return SyncReport(
            attempted=state.attempted,
            sent=state.outcomes.get(OutboxState.SENT, 0),
            retry_wait=state.outcomes.get(OutboxState.RETRY_WAIT, 0),
            unknown=state.outcomes.get(OutboxState.UNKNOWN, 0),
            needs_attention=state.outcomes.get(OutboxState.NEEDS_ATTENTION, 0),
            rejected=state.outcomes.get(OutboxState.REJECTED, 0),
            remaining=counts.unsent,
            auth_required=paused and counts.unsent > 0,
            offline=offline,
            last_error=state.last_error,
            counts=counts,
        )

    # --- one operation -------------------------------------------------------------------

    def _process(self, repo: VisitRepo, leased: LeasedOp) -> _Outcome:
        try:
            return self._attempt(repo, leased)
        except LeaseLost as exc:
            # Another engine took the op over after our lease expired; it reconciles.
            log.warning("%s", exc)
            return _Outcome(state=None)
        except StorageEnvironmentError as exc:
            return _Outcome(state=None, stop="storage", error=str(exc))

    def _attempt(self, repo: VisitRepo, leased: LeasedOp) -> _Outcome:
        op = leased.op
        try:
            if op.kind is OpKind.CREATE:
                return self._create(repo, leased)
            if op.kind is OpKind.PATCH:
                return self._patch(repo, leased)
            return self._delete(repo, leased)
        except (LeaseLost, StorageEnvironmentError):
            raise
        except ApiError as exc:
            return self._failed(repo, leased, exc)
        except Exception as exc:  # a bug: record it, never leave the op ``sending``
            log.exception("unexpected error while sending op %s", op.op_id)
            message = f"unexpected error ({type(exc).__name__}): {exc}"
            self._finish(
                repo,
                leased,
                OutboxState.UNKNOWN,
                event="error",
                error=message,
                error_class=type(exc).__name__,
                next_attempt_at=self._retry_at(op.attempts),
            )
            return _Outcome(state=OutboxState.UNKNOWN, error=message)

    def _renew(self, repo: VisitRepo, leased: LeasedOp) -> None:
        """Each rebase round is two more requests: keep the lease ahead of them."""
        repo.renew_lease(
            leased.op.op_id, self.owner, now=self._clock(), lease_s=self.settings.lease_s
        )

    def _finish(self, repo: VisitRepo, leased: LeasedOp, state: OutboxState, **fields: Any) -> None:
        fields.setdefault("method", _METHOD[leased.op.kind])
        repo.finish(leased.op.op_id, self.owner, state, now=self._clock(), **fields)

    def _failed(self, repo: VisitRepo, leased: LeasedOp, exc: ApiError) -> _Outcome:
        """Record an API failure by its class; see the module docstring."""
        op = leased.op
        message = str(exc)
        common: dict[str, Any] = {
            "http_status": exc.status,
            "error": message,
            "error_class": type(exc).__name__,
        }
        if isinstance(exc, AuthError | ForbiddenError):
            repo.set_meta(META_AUTH_PAUSED, "1")
            # Back to where it was, attempt refunded: sign-in is not the visit's fault.
            self._finish(
                repo,
                leased,
                leased.previous_state,
                event="auth_paused",
                refund_attempt=True,
                next_attempt_at=self._clock(),
                **common,
            )
            return _Outcome(state=leased.previous_state, stop="auth", error=message)
        if isinstance(exc, RateLimitedError):
            target = self._not_applied_state(leased)
            self._finish(
                repo,
                leased,
                target,
                event="rate_limited",
                next_attempt_at=self._retry_at(op.attempts, exc.retry_after),
                **common,
            )
            return _Outcome(state=target, error=message)
        if isinstance(exc, TransientError | ProtocolError):
            # A 503 may say when to come back (Retry-After), as a 429 does.
            retry_after = exc.retry_after if isinstance(exc, TransientError) else None
            if exc.may_have_reached_server:
                self._finish(
                    repo,
                    leased,
                    OutboxState.UNKNOWN,
                    event="outcome_unknown",
                    next_attempt_at=max(
                        self._reconcile_at(), self._retry_at(op.attempts, retry_after)
                    ),
                    **common,
                )
                return _Outcome(state=OutboxState.UNKNOWN, error=message)
            target = self._not_applied_state(leased)
            offline = isinstance(exc, TransientError) and exc.status is None
            self._finish(
                repo,
                leased,
                target,
                event="offline" if offline else "transient",
                next_attempt_at=self._retry_at(op.attempts, retry_after),
                **common,
            )
            return _Outcome(state=target, stop="offline" if offline else None, error=message)
        if isinstance(exc, NotFoundError) and op.kind is not OpKind.CREATE:
            return self._gone(repo, leased, message, common)
        if isinstance(exc, ConflictError):
            # Only reached when a create meets a conflict, or a rebase loop gave up.
            self._finish(
                repo,
                leased,
                self._not_applied_state(leased),
                event="conflict",
                next_attempt_at=self._retry_at(op.attempts),
                **common,
            )
            return _Outcome(state=self._not_applied_state(leased), error=message)
        # RejectedError, NotFoundError on a create, anything else definitive.
        self._finish(repo, leased, OutboxState.REJECTED, event="rejected", **common)
        return _Outcome(state=OutboxState.REJECTED, error=message)

    @staticmethod
    def _not_applied_state(leased: LeasedOp) -> OutboxState:
        """Where an attempt that certainly did not apply leaves the op: a create that was
        ``unknown`` stays unknown (an earlier attempt may still have landed)."""
        if leased.previous_state is OutboxState.UNKNOWN:
            return OutboxState.UNKNOWN
        return OutboxState.RETRY_WAIT

    def _gone(
        self, repo: VisitRepo, leased: LeasedOp, message: str, common: dict[str, Any]
    ) -> _Outcome:
        if leased.op.kind is OpKind.DELETE:
            # Already gone: what the delete wanted.
            self._finish(
                repo,
                leased,
                OutboxState.SENT,
                event="already_deleted",
                http_status=common["http_status"],
                error=None,
            )
            return _Outcome(state=OutboxState.SENT)
        text = f"the visit was deleted on the server; local data kept ({message})"
        self._finish(
            repo,
            leased,
            OutboxState.NEEDS_ATTENTION,
            event="needs_attention",
            **dict(common, error=text),
        )
        return _Outcome(state=OutboxState.NEEDS_ATTENTION, error=text)

    # --- create --------------------------------------------------------------------------

    def _create(self, repo: VisitRepo, leased: LeasedOp) -> _Outcome:
        op = leased.op
        data = op.payload
        local_id = op.local_id
        if leased.previous_state is OutboxState.UNKNOWN:
            found = find_adoptable(
                self.client,
                data,
                taken=lambda server_id: repo.find_by_server_id(server_id) not in (None, local_id),
            )
            if found is not None:
                self._sent(repo, leased, found, event="adopted", detail={"reconciled": True})
                return _Outcome(state=OutboxState.SENT)
            repo.append_event(
                local_id,
                "reconciled_absent",
                now=self._clock(),
                op_id=op.op_id,
                method="GET",
                message="not found on the server by contact, knock time and campaign: resending",
            )
        try:
            doc = self.client.create_interaction(data, idempotency_key=op.idempotency_key)
        except ValidationError as exc:
            # Refused before sending: the data itself is wrong.
            self._finish(
                repo,
                leased,
                OutboxState.REJECTED,
                event="rejected",
                error=str(exc),
                error_class=type(exc).__name__,
            )
            return _Outcome(state=OutboxState.REJECTED, error=str(exc))
        self._sent(repo, leased, doc, event="sent")
        return _Outcome(state=OutboxState.SENT)

    def _sent(
        self,
        repo: VisitRepo,
        leased: LeasedOp,
        doc: Interaction,
        *,
        event: str,
        detail: dict[str, Any] | None = None,
        payload: Any = None,
    ) -> None:
        self._finish(
            repo,
            leased,
            OutboxState.SENT,
            event=event,
            server_id=doc.id,
            etag=doc.etag,
            server_data=doc.data,
            adopt_server_data=True,
            detail=detail,
            payload=payload,
        )

    # --- patch ---------------------------------------------------------------------------

    def _needs_attention(
        self,
        repo: VisitRepo,
        leased: LeasedOp,
        text: str,
        *,
        server_data: dict[str, Any] | None = None,
        etag: str | None = None,
        error_class: str = "PatchConflict",
    ) -> _Outcome:
        self._finish(
            repo,
            leased,
            OutboxState.NEEDS_ATTENTION,
            event="needs_attention",
            error=text,
            error_class=error_class,
            server_data=server_data,
            etag=etag,
        )
        return _Outcome(state=OutboxState.NEEDS_ATTENTION, error=text)

    def _patch(self, repo: VisitRepo, leased: LeasedOp) -> _Outcome:
        op = leased.op
        visit = leased.visit
        if visit.server_id is None or visit.etag is None:
            return self._needs_attention(
                repo, leased, "the edit has no server copy to apply to (the create was not sent)"
            )
        ops: list[dict[str, Any]] = list(op.payload)
        etag: str = visit.etag
        overwritten: list[dict[str, Any]] = []
        rebased = False
        for round_no in range(self.settings.max_rebases + 1):
            try:
                doc = self.client.patch_interaction(visit.server_id, ops, etag)
            except ConflictError as exc:
                if round_no == self.settings.max_rebases:
                    raise ConflictError(
                        f"the server copy kept changing: gave up after "
                        f"{self.settings.max_rebases} rebases ({exc})",
                        status=exc.status,
                        name=exc.name,
                    ) from exc
                self._sleep(self._jitter(self.settings.rebase_pause_s * (2**round_no)))
                self._renew(repo, leased)
                server = self.client.get_interaction(visit.server_id)  # 404 → needs_attention
                if _already_applied(server.data, ops):
                    self._sent(
                        repo,
                        leased,
                        server,
                        event="adopted",
                        detail={"reason": "the edit was already on the server"},
                    )
                    return _Outcome(state=OutboxState.SENT)
                try:
                    result = rebase(server.data, ops)
                except PatchConflict as conflict:
                    return self._needs_attention(
                        repo,
                        leased,
                        f"the edit no longer applies to the server copy: {conflict}; "
                        "both versions kept",
                        server_data=server.data,
                        etag=server.etag,
                    )
                changes = [
                    {"path": o.path, "server_value": o.server_value, "local_value": o.local_value}
                    for o in result.overwritten
                ]
                overwritten.extend(changes)
                repo.append_event(
                    op.local_id,
                    "conflict_rebased",
                    now=self._clock(),
                    op_id=op.op_id,
                    method="GET",
                    http_status=exc.status,
                    etag=server.etag,
                    error_class=type(exc).__name__,
                    message="the server copy changed; the edit was re-applied on it"
                    + (" (same field: the server value was overwritten)" if changes else ""),
                    detail={"overwritten": changes} if changes else None,
                )
                ops = result.ops
                etag = server.etag or etag
                rebased = True
                continue
            detail = {"overwritten": overwritten} if overwritten else None
            self._sent(
                repo,
                leased,
                doc,
                event="sent",
                detail=detail,
                payload=ops if rebased else None,
            )
            return _Outcome(state=OutboxState.SENT)
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    # --- delete --------------------------------------------------------------------------

    def _delete(self, repo: VisitRepo, leased: LeasedOp) -> _Outcome:
        op = leased.op
        visit = leased.visit
        if visit.server_id is None or visit.etag is None:
            return self._needs_attention(
                repo, leased, "nothing to delete: the visit has no server copy", error_class="Void"
            )
        etag: str = visit.etag
        for round_no in range(self.settings.max_rebases + 1):
            try:
                self.client.delete_interaction(visit.server_id, etag)
            except ConflictError as exc:
                if round_no == self.settings.max_rebases:
                    raise
                self._sleep(self._jitter(self.settings.rebase_pause_s * (2**round_no)))
                self._renew(repo, leased)
                server = self.client.get_interaction(visit.server_id)
                repo.append_event(
                    op.local_id,
                    "conflict_refetched",
                    now=self._clock(),
                    op_id=op.op_id,
                    method="GET",
                    http_status=exc.status,
                    etag=server.etag,
                    error_class=type(exc).__name__,
                    message="the server copy changed before the void; voiding it anyway",
                    detail={"server_data": server.data},
                )
                etag = server.etag or etag
                continue
            self._finish(repo, leased, OutboxState.SENT, event="deleted", error=None)
            return _Outcome(state=OutboxState.SENT)
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover


def _already_applied(server_data: dict[str, Any], ops: list[dict[str, Any]]) -> bool:
    """True when applying the edit's changes to the server copy changes nothing (a resend
    of an edit whose answer was lost)."""
    changes = [o for o in ops if o.get("op") != "test"]
    if not changes:
        return True
    try:
        return same_json(apply_ops(server_data, changes), server_data)
    except (PatchConflict, CanvassError):
        return False
