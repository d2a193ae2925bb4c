"""The sync engine: drains the outbox to the Polis API and returns a ``SyncReport``.

One pass (``SyncEngine.run``):

1. Lease recovery: ``sending`` operations whose lease ran out become ``unknown``. (A
   process that dies leaves its leases to the next process that holds the data folder,
   which resumes them as ``unknown`` at its start: ``services.instance``.)
2. Nothing due → done without touching the network. Otherwise probe the API (one page of
   the interactions the pass writes): no answer ends the pass (offline), a 401 pauses
   the queue; a 403/404 does not stop it (the requests decide).
3. People added at the door first (``sync.contacts.PeopleSender``, in the pass thread,
   one request at a time): each one's contact, then its link to the household. Their
   visits' creates wait (``outbox.waits_for``: not leased, not counted as due) until
   both are recorded, which puts the server's ids into them in the same transaction; a
   refused person leaves them in ``needs_attention``. A create that still names a
   local reference is never sent (``needs_attention``).
4. The pass thread (the caller's connection) is the only writer of leases and results.
   Each round is ONE transaction (``VisitRepo.finish_and_lease``): it records every
   result the workers have handed back (group commit), then takes the oldest due
   operations that head their visits, up to 12 × ``concurrency`` in flight (three
   rounds ahead), all marked ``sending`` and committed before any of them is sent (mark
   before send). ``concurrency`` worker threads (sharing ONE PolisClient with a
   connection slot each; made on the first pass that needs them and kept until
   ``SyncEngine.close``) only send and hand each result (a ``storage.visits.Finish``)
   back (``_Results``). A round starts once 4 × ``concurrency`` results are back, or
   sooner when the workers' queue runs low or a result stops the pass; the pass thread
   is woken once for it, not for every result. One writer means no waits on SQLite's
   write lock, and one commit per round instead of two per visit; a round's writes are
   a fixed number of statements (each gets its rows as one multi-row VALUES of
   numbered parameters, its sync-log events as one INSERT), since every statement gives
   the GIL away and waits to get it back. Only the
   first unfinished operation of a visit can be leased, so a visit's operations go
   strictly in order (never two of one visit in flight, its next one is leased only
   once the previous one's result is recorded) while different visits go in parallel.
   With ``concurrency`` 1 the pass thread sends itself, one operation at a time.
5. The rare writes needed in the middle of an attempt use the worker's own connection
   (opened on first use), each in its own short transaction, so they are durable before
   the request that follows them: renewing the lease before a rebase round or before
   sending an operation that waited half its lease in the batch, the natural-key lookup
   of an ``unknown`` create with its ``reconciled_absent`` event, and the
   ``conflict_rebased`` / ``conflict_refetched`` events (with the overwritten values).
6. ``once``: each operation is tried at most once; otherwise up to
   ``max_attempts_per_pass`` times while it is due.
7. Stopping (``should_stop``, auth, offline, a storage error): nothing more is leased or
   sent. A leased operation no request has left for goes back to the state it had, its
   attempt refunded (``lease_released``); one in flight is recorded from its answer.

Crash safety: a kill -9 leaves the leased batch ``sending``; the next start (holding the
data folder) turns them ``unknown`` at once and the pass reconciles them by natural key,
which also covers an answer received but not yet group-committed. Lease owners start with
the process's token (``storage.dir_lock``), so that start knows which leases are a dead
process's.

Outcomes (sync-notes "What an httpx error tells you"):

- parsed 2xx → ``sent`` (server id, etag and the server copy recorded);
- connect error (nothing left the machine) → ``retry_wait`` and, when it is the network
  itself, the pass ends (``offline``);
- maybe applied (timeout after send, reset, 5xx, garbage answer) → ``unknown``; before
  sending again (after at least ``reconcile_after_s``) a create is looked up by its
  identity (``sync.reconcile``) and an untaken match adopted even when edited since (its
  differences logged, later edits rebased on it); every POST carries
  ``Idempotency-Key: <local_id>``;
- 429 / 503 with Retry-After → every worker pauses and the engine paces its requests
  (``sync.pacing``: one ``Pacer`` per API in the process); a request answered 429 was not
  processed, so its worker sends it again when the pace allows (``HELD_RESENDS``, not
  with ``once``), then ``retry_wait`` with Retry-After as a floor plus jitter;
- stale etag → fetch, ``core.patch.rebase``, resend with the new etag (at most
  ``max_rebases`` times, with jittered pauses); server values the edit overwrote go to the
  sync log; an edit that cannot apply, or a 404/410 → ``needs_attention`` with both
  versions kept;
- any other 4xx → ``rejected`` with the server's message (never blocks other visits);
- 401/403 → the whole queue pauses (sync_meta flag), the attempt is refunded.

The report says the pass's outcome to the canvasser in plain words (``SyncReport.message``,
``sync.pass_words``); ``last_error`` keeps the technical text for the logs.

The engine knows nothing of Qt: the GUI runs ``sync_now`` in a worker thread.
"""

from __future__ import annotations

import dataclasses
import logging
import queue
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
    CertificateError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ProtocolError,
    RateLimitedError,
    RejectedError,
    TransientError,
)
from canvass_app.core.contact import is_local_ref
from canvass_app.core.errors import CanvassError, PatchConflict, ValidationError
from canvass_app.core.interaction import Interaction
from canvass_app.core.messages import Message
from canvass_app.core.outbox import (
    BACKOFF_RESETTABLE_STATES,
    DEFAULT_SYNC_CONCURRENCY,
    ELIGIBLE_STATES,
    OpKind,
    OutboxState,
    SyncProgress,
    SyncReport,
    check_concurrency,
)
from canvass_app.core.patch import RebaseResult, apply_ops, rebase, same_json
from canvass_app.storage.contacts import ContactRepo
from canvass_app.storage.db import StorageEnvironmentError, connect, parse_iso, utc_now
from canvass_app.storage.dir_lock import process_token
from canvass_app.storage.visits import (
    META_AUTH_PAUSED,
    Finish,
    LeasedOp,
    LeaseLost,
    VisitRepo,
)
from canvass_app.sync.backoff import BACKOFF_BASE_S, BACKOFF_CAP_S, retry_delay
from canvass_app.sync.contacts import PeopleSender
from canvass_app.sync.pacing import (
    HELD_RESENDS,
    LONGEST_HELD_WAIT_S,
    START_SPREAD_S,
    Pacer,
    shared_pacer,
)
from canvass_app.sync.pass_words import (
    GONE,
    KEPT_CHANGING,
    NOT_APPLIED,
    PERSON_REFUSED,
    REFUSED,
    GaveUp,
    pass_message,
)
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
    # After a minute or more with the API unreachable, the next drain starts at a random
    # moment within this window, slowly (sync.pacing); 0: at once.
    start_spread_s: float = START_SPREAD_S
    seed: int | None = None

    def __post_init__(self) -> None:
        check_concurrency(self.concurrency)
        if self.lease_s <= 0:
            raise ValueError(f"lease_s must be above 0 seconds, got {self.lease_s}")
        if self.max_rebases < 0 or self.max_attempts_per_pass < 1:
            raise ValueError("max_rebases must be 0 or more and max_attempts_per_pass 1 or more")


@dataclass(frozen=True)
class _Outcome:
    """What happened to one leased operation, and what the pass thread records for it."""

    leased: LeasedOp
    record: Finish | None  # None: nothing to record (lease lost, or storage failed)
    stop: str | None = None  # "auth", "offline" or "storage": end the pass
    error: str | None = None
    tried: bool = True  # False: released before any request left
    gave_up: GaveUp | None = None  # a change the engine could not apply (for the report)
    resend: bool = False  # answered 429 with a short Retry-After: send it again (pacing)
    # Why nothing can be sent, in words, when it is not just being offline (a refused
    # certificate): said to the canvasser instead of "no connection".
    blocked: Message | None = None


@dataclass
class _PassState:
    """The counts of one pass; only the pass thread touches them."""

    total: int
    done: int = 0
    attempted: int = 0
    tries: dict[int, int] = field(default_factory=dict)
    # Tried ``limit`` times and still due: never leased again in this pass.
    exhausted: set[int] = field(default_factory=set)
    outcomes: dict[OutboxState, int] = field(default_factory=dict)
    stop: str | None = None
    last_error: str | None = None
    # Visits whose change the engine gave up on in this pass (said to the canvasser).
    gave_up: list[GaveUp] = field(default_factory=list)
    people_sent: int = 0  # contacts and links of people added at the door
    blocked: Message | None = None  # see _Outcome.blocked


class _SideRepo:
    """A worker's own connection for the rare writes in the middle of an attempt (module
    docstring, item 5); opened on first use, so a plain send never opens one."""

    def __init__(self, db_path: Path) -> None:
        self._db_path = db_path
        self._repo: VisitRepo | None = None

    def get(self) -> VisitRepo:
        if self._repo is None:
            self._repo = VisitRepo(connect(self._db_path))
        return self._repo

    def close(self) -> None:
        if self._repo is not None:
            self._repo.db.conn.close()


class _Results:
    """What the sending threads hand back to the pass thread, collected for a round.

    The pass thread is woken once a round's worth is waiting (``take``), not for every
    result: each wake-up is a context switch and a wait for the GIL while eight senders
    hold it. It is woken sooner when the senders' queue runs low (``running_low``: the
    next leases are wanted now), or by a stop or a bug (recorded at once).
    """

    def __init__(self, running_low: Callable[[], bool]) -> None:
        self._items: list[_Outcome | BaseException] = []
        self._ready = threading.Condition(threading.Lock())
        self._wanted = 0  # how many the waiting pass thread needs; 0: nobody waits
        self._urgent = False  # a stop or a bug is waiting: wake the pass thread now
        self._running_low = running_low

    def put(self, item: _Outcome | BaseException) -> None:
        with self._ready:
            self._items.append(item)
            if isinstance(item, BaseException) or item.stop is not None:
                self._urgent = True
            if self._wanted and self._enough():
                self._wanted = 0
                self._ready.notify()

    def take(self, wanted: int) -> list[_Outcome | BaseException]:
        """Every result waiting, once there are ``wanted`` (at least one), or sooner as
        said above; blocks until then."""
        with self._ready:
            self._wanted = max(1, wanted)
            while not self._enough():
                self._ready.wait()
            self._wanted, self._urgent = 0, False
            items, self._items = self._items, []
        return items

    def _enough(self) -> bool:
        return bool(self._items) and (
            len(self._items) >= self._wanted or self._urgent or self._running_low()
        )


@dataclass(frozen=True)
class _Job:
    """One leased operation handed to a sending thread, with where its pass wants the
    result and whether that pass is stopping."""

    leased: LeasedOp
    results: _Results
    stopping: Callable[[], bool]


class _SenderPool:
    """The engine's sending threads, kept across passes: started by the first pass that
    needs them, each with its own ``_SideRepo``; between passes they block on the queue
    (no wake-ups, no threads made and joined per pass); ``close`` ends them."""

    def __init__(self, engine: SyncEngine, size: int) -> None:
        self._engine = engine
        self._size = size
        self.work: queue.Queue[_Job | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def submit(self, job: _Job) -> None:
        with self._lock:
            if not self._threads:
                self._threads = [
                    # Daemon: an engine its owner forgot to close must not hold the
                    # process open; the owners close it (SyncEngine.close).
                    threading.Thread(target=self._run, name=f"canvass-sync-{n}", daemon=True)
                    for n in range(self._size)
                ]
                for thread in self._threads:
                    thread.start()
        self.work.put(job)

    def close(self) -> None:
        with self._lock:
            threads, self._threads = self._threads, []
        for _ in threads:
            self.work.put(None)
        for thread in threads:
            thread.join()

    def _run(self) -> None:
        """A sending thread: send what it is handed until it is handed None."""
        side = _SideRepo(self._engine.db_path)
        try:
            while (job := self.work.get()) is not None:
                try:
                    job.results.put(self._engine._run_one(side, job.leased, job.stopping))
                except BaseException as exc:  # a bug: the pass thread raises it
                    job.results.put(exc)
        finally:
            side.close()


class SyncEngine:
    """Drains the outbox of one database file with one shared PolisClient.

    Keep one engine for many passes (the GUI's sync thread does): its ``concurrency``
    sending threads are made on the first pass that needs them and live until ``close``.
    One pass at a time per engine. The client needs a connection slot for each sending
    thread (``PolisClient(max_connections=concurrency)``); fewer is refused.
    """

    def __init__(
        self,
        db_path: Path,
        client: PolisClient,
        settings: SyncSettings | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
        sleep: Callable[[float], None] = time.sleep,
        pacer: Pacer | None = None,
    ) -> None:
        self.db_path = Path(db_path)
        self.client = client
        self.settings = settings or SyncSettings()
        # The process token first: the process that owns the data folder next knows these
        # leases are not its own (storage.dir_lock).
        self.owner = f"{process_token()}/engine-{uuid.uuid4()}"
        self._clock = clock
        self._sleep = sleep
        self._rng = random.Random(self.settings.seed)
        self._rng_lock = threading.Lock()
        slots = getattr(client, "max_connections", None)
        if slots is not None and slots < self.settings.concurrency:
            raise ValueError(
                f"the client has {slots} connection slot(s) for a concurrency of "
                f"{self.settings.concurrency}: make it with max_connections={self.settings.concurrency}"
            )
        # One pace for every request to this API from this process (sync.pacing).
        self.pacer = pacer or shared_pacer(str(getattr(client, "base_url", "")))
        self._held_resends = HELD_RESENDS
        self._senders = _SenderPool(self, self.settings.concurrency)

    def close(self) -> None:
        """End the sending threads (the client is its owner's to close)."""
        self._senders.close()

    def __enter__(self) -> SyncEngine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

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

    def _wait_turn(self, stopping: Callable[[], bool]) -> bool:
        """Wait until the pacer lets a request leave (sync.pacing); False when the pass
        stops first or the server asked for a longer pause than a pass holds."""
        while (wait := self.pacer.acquire(time.monotonic())) > 0:
            if wait > LONGEST_HELD_WAIT_S or stopping():
                return False
            self._sleep(min(wait, 0.25))
        return True

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
        # Visits saved at the door are in the outbox once filed (storage/door_journal.py).
        repo.file_door_saves()
        now = self._clock()
        people = ContactRepo(repo.db)
        repo.expire_leases(now=now)
        people.expire_leases(now=now)
        if reset_backoff:
            repo.reset_backoff(now=now)
            people.reset_backoff(now=now, states=BACKOFF_RESETTABLE_STATES)
            self.pacer.reset()
        due = repo.eligible_count(now) + people.eligible_count(now)
        if due == 0:
            return self._report(repo, _PassState(total=0), offline=False)

        self.pacer.back_online(time.monotonic(), self.settings.start_spread_s)
        if not self._wait_turn(should_stop or (lambda: False)):
            # Stopped, or the server asked for a long pause: each op waits for its time.
            return self._report(repo, _PassState(total=due, stop="paused"), offline=False)
        # A 429 is resent by the worker that holds it, unless each op is tried once.
        self._held_resends = 0 if once else HELD_RESENDS
        stop = self._probe(repo)
        if stop is not None:
            if stop[0] == "offline":
                self.pacer.went_offline(time.monotonic())
            state = _PassState(total=due, stop=stop[0], last_error=stop[1], blocked=stop[2])
            return self._report(repo, state, offline=stop[0] == "offline")

        state = _PassState(total=due)
        limit = 1 if once else self.settings.max_attempts_per_pass
        # People added at the door first: their visits wait for them (sync/contacts.py).
        self._send_people(people, state, limit=limit, should_stop=should_stop)
        if state.stop is None:
            self._drain(repo, state, limit=limit, progress=progress, should_stop=should_stop)
        if state.stop not in ("auth", "offline"):
            repo.mark_synced(now=self._clock())
        if state.stop == "offline":
            self.pacer.went_offline(time.monotonic())
        return self._report(repo, state, offline=state.stop == "offline")

    def _send_people(
        self,
        people: ContactRepo,
        state: _PassState,
        *,
        limit: int,
        should_stop: Callable[[], bool] | None,
    ) -> None:
        """The contacts and links of people added at the door, one at a time."""
        sender = PeopleSender(
            self.client,
            owner=self.owner,
            lease_s=self.settings.lease_s,
            clock=self._clock,
            retry_at=self._retry_at,
            reconcile_at=self._reconcile_at,
        )
        done = sender.run(people, limit=limit, should_stop=should_stop)
        state.attempted += done.attempted
        state.done += done.attempted
        state.people_sent += done.sent
        state.stop = done.stop
        state.last_error = done.last_error or state.last_error
        state.gave_up.extend(GaveUp(name, PERSON_REFUSED) for name in done.refused)
        if done.stop == "auth":
            VisitRepo(people.db).set_meta(META_AUTH_PAUSED, "1")

    def _drain(
        self,
        repo: VisitRepo,
        state: _PassState,
        *,
        limit: int,
        progress: Callable[[SyncProgress], None] | None,
        should_stop: Callable[[], bool] | None,
    ) -> None:
        """Lease, hand out, group-commit and top up until nothing is due or the pass stops."""
        halt = threading.Event()  # set once the pass stops: no more requests start

        def stopping() -> bool:
            if not halt.is_set() and should_stop is not None and should_stop():
                halt.set()
            return halt.is_set()

        work = self._senders.work
        concurrency = self.settings.concurrency
        # A round records at least 4 × concurrency results while the senders have that
        # much queued: each round costs a commit (its fsync, and every page it dirties
        # encrypted and written once however many results share it) and a fixed number
        # of statements, so fuller rounds cost less per visit (B2: the bookkeeping's
        # instructions per visit fell 11% from rounds of 2 × to 4 × concurrency).
        round_size = 4 * concurrency
        # Leased ahead: enough that the senders keep sending from their queue while the
        # pass thread waits for a round to fill and then for its commit's fsync.
        ahead = 3 * round_size
        results = _Results(running_low=lambda: work.qsize() < concurrency)
        # With one in flight the pass thread sends itself: deterministic, no hand-offs.
        inline = concurrency == 1
        if inline:
            ahead = round_size = 1
        inline_side = _SideRepo(self.db_path)

        def dispatch(leased: LeasedOp) -> None:
            if inline:
                results.put(self._run_one(inline_side, leased, stopping))
            else:
                self._senders.submit(_Job(leased, results, stopping))

        in_flight = 0
        finished: list[_Outcome] = []
        try:
            if progress is not None:
                progress(SyncProgress(done=0, total=state.total))
            while True:
                wanted = 0 if stopping() else ahead - in_flight
                batch = self._settle(repo, state, finished, wanted, limit=limit)
                if finished and progress is not None:
                    progress(SyncProgress(done=state.done, total=max(state.total, state.done)))
                if state.stop is not None:
                    halt.set()
                for leased in batch:
                    dispatch(leased)
                    in_flight += 1  # after: a dispatch that raised has no result coming
                if in_flight == 0:
                    return
                # One commit for every result waiting, and at least ``round_size`` of
                # them while the senders have work queued (``_Results``).
                waiting = results.take(min(round_size, in_flight))
                in_flight -= len(waiting)
                finished = []
                for item in waiting:
                    if isinstance(item, BaseException):
                        raise item  # a bug in a worker propagates
                    finished.append(item)
        finally:
            halt.set()  # after a bug: no worker starts another request
            # The pass ends when its last request does: what is still queued is released
            # at once (halt), what is in flight is waited for (not recorded: after a bug
            # those stay ``sending`` until their lease ends, as after a crash).
            while in_flight > 0:
                in_flight -= len(results.take(in_flight))
            inline_side.close()

    def _settle(
        self,
        repo: VisitRepo,
        state: _PassState,
        finished: list[_Outcome],
        wanted: int,
        *,
        limit: int,
    ) -> list[LeasedOp]:
        """Record ``finished`` and lease up to ``wanted`` more in ONE transaction (one
        commit per round); count what happened. Returns the new leases."""
        for outcome in finished:
            if outcome.stop is not None and state.stop is None:
                state.stop = outcome.stop
                state.blocked = outcome.blocked
        if state.stop is not None:
            wanted = 0  # a stop recorded now must not be followed by new leases
        records = [o.record for o in finished if o.record is not None]
        for record in records:
            # Tried ``limit`` times and due again: never leased again in this pass.
            if record.state in ELIGIBLE_STATES and state.tries.get(record.op_id, 0) >= limit:
                state.exhausted.add(record.op_id)
        lost: set[int] = set()
        batch: list[LeasedOp] = []
        try:
            if any(o.stop == "auth" for o in finished):
                repo.set_meta(META_AUTH_PAUSED, "1")
            if records or wanted > 0:
                lost_ids, batch = repo.finish_and_lease(
                    self.owner,
                    records,
                    now=self._clock(),
                    lease_s=self.settings.lease_s,
                    limit=wanted,
                    exclude=state.exhausted,
                )
                lost = set(lost_ids)
        except StorageEnvironmentError as exc:  # locked or full
            # Nothing recorded: the ops stay ``sending`` until their lease runs out.
            state.stop = state.stop or "storage"
            state.last_error = str(exc)
            lost = {r.op_id for r in records}
        for outcome in finished:
            if not outcome.tried:
                continue
            state.attempted += 1
            state.done += 1
            if outcome.error:
                state.last_error = outcome.error
            result = outcome.record
            if result is None or result.op_id in lost:
                if result is not None and state.stop != "storage":
                    # Another engine took it over after our lease expired; it reconciles.
                    log.warning("operation %s is no longer held by %s", result.op_id, self.owner)
                continue
            state.outcomes[result.state] = state.outcomes.get(result.state, 0) + 1
            if outcome.gave_up is not None:
                state.gave_up.append(outcome.gave_up)
        for leased in batch:
            op_id = leased.op.op_id
            state.tries[op_id] = state.tries.get(op_id, 0) + 1
        return batch

    def _run_one(self, side: _SideRepo, leased: LeasedOp, stopping: Callable[[], bool]) -> _Outcome:
        for _ in range(self._held_resends + 1):
            if stopping():
                return self._released(leased)
            if not self._wait_turn(stopping):
                return self._released(leased) if stopping() else self._told_to_wait(leased)
            outcome = self._process(side, leased)
            if not outcome.resend:
                break
        if outcome.record is not None and outcome.record.state is OutboxState.SENT:
            self.pacer.succeeded(time.monotonic())
        return outcome

    def _told_to_wait(self, leased: LeasedOp) -> _Outcome:
        """The server asked every request to wait longer than a pass holds (a long
        Retry-After): not sent, due when the pause ends, the attempt not counted."""
        wait = max(0.0, self.pacer.acquire(time.monotonic()))
        return self._finish(
            leased,
            self._not_applied_state(leased),
            event="rate_limited",
            next_attempt_at=self._clock() + timedelta(seconds=wait),
            refund_attempt=True,
            message=f"not sent: the server asked every request to wait {wait:.0f} s",
        )

    @staticmethod
    def _released(leased: LeasedOp) -> _Outcome:
        """A leased op no request left for goes back exactly as it was, attempt refunded."""
        op = leased.op
        record = Finish(
            op.op_id,
            leased.previous_state,
            event="lease_released",
            next_attempt_at=parse_iso(op.next_attempt_at),
            http_status=op.last_status,
            error=op.last_error,
            refund_attempt=True,
            message="not sent: the sync pass stopped first",
        )
        return _Outcome(leased, record, tried=False)

    def _probe(self, repo: VisitRepo) -> tuple[str, str, Message | None] | None:
        """Check the API before a pass; returns (stop reason, technical message, words for
        the canvasser when there is more to say than "offline") or None to go on.

        The probe reads the resource the pass writes (``PolisClient.probe``: one page of
        interactions). It asks two things only: is the API there (no answer, a captive
        portal, a 5xx → offline), and is the sign-in good (401 → pause). Any other refusal
        (403 for a role that may write interactions but not list them, 404 from a gateway)
        says nothing about the writes: the pass goes on and its requests decide.
        """
        try:
            self.client.probe()
        except AuthError as exc:
            repo.set_meta(META_AUTH_PAUSED, "1")
            return "auth", str(exc), None
        except RateLimitedError as exc:
            # The API is there and busy: the pace slows, the pass goes on.
            self.pacer.slow_down(time.monotonic(), exc.retry_after)
        except (ForbiddenError, NotFoundError, RejectedError, ConflictError) as exc:
            log.info("the probe was refused (%s): sending anyway", type(exc).__name__)
        except ApiError as exc:
            # Offline, a captive portal, a server that is down, a refused certificate:
            # nothing can be sent now.
            return "offline", str(exc), _blocked_words(exc)
        if repo.get_meta(META_AUTH_PAUSED) is not None:
            repo.set_meta(META_AUTH_PAUSED, None)
        return None

    def _report(self, repo: VisitRepo, state: _PassState, *, offline: bool) -> SyncReport:
        counts = repo.counts(self._clock())
        remaining = counts.unsent + ContactRepo(repo.db).unsent_count()
        paused = repo.get_meta(META_AUTH_PAUSED) is not None
        return SyncReport(
            attempted=state.attempted,
            sent=state.outcomes.get(OutboxState.SENT, 0),
            retry_wait=state.outcomes.get(OutboxState.RETRY_WAIT, 0),
            unknown=state.outcomes.get(OutboxState.UNKNOWN, 0),
            needs_attention=state.outcomes.get(OutboxState.NEEDS_ATTENTION, 0),
            rejected=state.outcomes.get(OutboxState.REJECTED, 0),
            remaining=remaining,
            people_sent=state.people_sent,
            auth_required=paused and remaining > 0,
            offline=offline,
            last_error=state.last_error,
            counts=counts,
            message=pass_message(
                auth_required=paused and remaining > 0,
                offline=offline,
                blocked=state.blocked,
                gave_up=state.gave_up,
                waiting_now=state.outcomes.get(OutboxState.RETRY_WAIT, 0)
                + state.outcomes.get(OutboxState.UNKNOWN, 0),
                counts=counts,
            ),
        )

    # --- one operation (on a worker thread: it describes the result, never records it) --

    def _process(self, side: _SideRepo, leased: LeasedOp) -> _Outcome:
        try:
            self._hold(side, leased)
            return self._attempt(side, leased)
        except LeaseLost as exc:
            # Another engine took the op over after our lease expired; it reconciles.
            log.warning("%s", exc)
            return _Outcome(leased, None)
        except StorageEnvironmentError as exc:
            return _Outcome(leased, None, stop="storage", error=str(exc))

    def _hold(self, side: _SideRepo, leased: LeasedOp) -> None:
        """An op that waited in the batch for half its lease gets a fresh one before its
        request, so no lease runs out while its request may still be in flight."""
        expires = leased.op.lease_expires_at
        left = None if expires is None else parse_iso(expires) - self._clock()
        if left is not None and left < timedelta(seconds=self.settings.lease_s / 2):
            self._renew(side, leased)

    def _attempt(self, side: _SideRepo, leased: LeasedOp) -> _Outcome:
        op = leased.op
        try:
            if op.kind is OpKind.CREATE:
                return self._create(side, leased)
            if op.kind is OpKind.PATCH:
                return self._patch(side, leased)
            return self._delete(side, leased)
        except (LeaseLost, StorageEnvironmentError):
            raise
        except ApiError as exc:
            return self._failed(leased, exc)
        except Exception as exc:  # a bug: record it, never leave the op ``sending``
            log.exception("unexpected error while sending op %s", op.op_id)
            return self._finish(
                leased,
                OutboxState.UNKNOWN,
                event="error",
                error=f"unexpected error ({type(exc).__name__}): {exc}",
                error_class=type(exc).__name__,
                next_attempt_at=self._retry_at(op.attempts),
            )

    def _renew(self, side: _SideRepo, leased: LeasedOp) -> None:
        """Each rebase round is two more requests: keep the lease ahead of them."""
        side.get().renew_lease(
            leased.op.op_id, self.owner, now=self._clock(), lease_s=self.settings.lease_s
        )

    def _finish(
        self,
        leased: LeasedOp,
        state: OutboxState,
        *,
        stop: str | None = None,
        gave_up: str | None = None,
        **fields: Any,
    ) -> _Outcome:
        """The result to record for ``leased``; its error is also the pass's last error.
        ``gave_up`` (a ``pass_words`` reason) tells the canvasser about it."""
        fields.setdefault("method", _METHOD[leased.op.kind])
        record = Finish(leased.op.op_id, state, **fields)
        told = None if gave_up is None else GaveUp(leased.visit.contact_name, gave_up)
        return _Outcome(leased, record, stop=stop, error=record.error, gave_up=told)

    def _failed(self, leased: LeasedOp, exc: ApiError) -> _Outcome:
        """The result of an API failure by its class; see the module docstring."""
        op = leased.op
        common: dict[str, Any] = {
            "http_status": exc.status,
            "error": str(exc),
            "error_class": type(exc).__name__,
        }
        if isinstance(exc, AuthError | ForbiddenError):
            # Back to where it was, attempt refunded: sign-in is not the visit's fault.
            # The pass thread sets the pause flag when it records this.
            return self._finish(
                leased,
                leased.previous_state,
                stop="auth",
                event="auth_paused",
                refund_attempt=True,
                next_attempt_at=self._clock(),
                **common,
            )
        if isinstance(exc, RateLimitedError):
            # The server speaks to the whole client: every worker pauses (sync.pacing).
            self.pacer.slow_down(time.monotonic(), exc.retry_after)
            outcome = self._finish(
                leased,
                self._not_applied_state(leased),
                event="rate_limited",
                next_attempt_at=self._retry_at(op.attempts, exc.retry_after),
                **common,
            )
            # Not processed: resent when the pacer allows, unless the wait is long.
            short = exc.retry_after is None or exc.retry_after <= LONGEST_HELD_WAIT_S
            return dataclasses.replace(outcome, resend=short)
        if isinstance(exc, TransientError | ProtocolError):
            # A 503 may say when to come back (Retry-After), as a 429 does.
            retry_after = exc.retry_after if isinstance(exc, TransientError) else None
            if retry_after is not None:
                self.pacer.slow_down(time.monotonic(), retry_after)
            if exc.may_have_reached_server:
                return self._finish(
                    leased,
                    OutboxState.UNKNOWN,
                    event="outcome_unknown",
                    next_attempt_at=max(
                        self._reconcile_at(), self._retry_at(op.attempts, retry_after)
                    ),
                    **common,
                )
            offline = isinstance(exc, TransientError) and exc.status is None
            outcome = self._finish(
                leased,
                self._not_applied_state(leased),
                stop="offline" if offline else None,
                event="offline" if offline else "transient",
                next_attempt_at=self._retry_at(op.attempts, retry_after),
                **common,
            )
            return dataclasses.replace(outcome, blocked=_blocked_words(exc))
        if isinstance(exc, NotFoundError) and op.kind is not OpKind.CREATE:
            return self._gone(leased, common)
        if isinstance(exc, ConflictError):
            # Only reached when a create meets a conflict, or a rebase loop gave up.
            return self._finish(
                leased,
                self._not_applied_state(leased),
                event="conflict",
                next_attempt_at=self._retry_at(op.attempts),
                gave_up=KEPT_CHANGING if op.kind is not OpKind.CREATE else None,
                **common,
            )
        # RejectedError, NotFoundError on a create, anything else definitive.
        return self._finish(
            leased, OutboxState.REJECTED, event="rejected", gave_up=REFUSED, **common
        )

    @staticmethod
    def _not_applied_state(leased: LeasedOp) -> OutboxState:
        """Where an attempt that certainly did not apply leaves the op: a create that was
        ``unknown`` stays unknown (an earlier attempt may still have landed)."""
        if leased.previous_state is OutboxState.UNKNOWN:
            return OutboxState.UNKNOWN
        return OutboxState.RETRY_WAIT

    def _gone(self, leased: LeasedOp, common: dict[str, Any]) -> _Outcome:
        if leased.op.kind is OpKind.DELETE:
            # Already gone: what the delete wanted.
            return self._finish(
                leased, OutboxState.SENT, event="already_deleted", http_status=common["http_status"]
            )
        text = f"the visit was deleted on the server; local data kept ({common['error']})"
        return self._finish(
            leased,
            OutboxState.NEEDS_ATTENTION,
            event="needs_attention",
            gave_up=GONE,
            **dict(common, error=text),
        )

    # --- create --------------------------------------------------------------------------

    def _create(self, side: _SideRepo, leased: LeasedOp) -> _Outcome:
        op = leased.op
        data = op.payload
        local_id = op.local_id
        if is_local_ref(data.get("contactId")) or is_local_ref(data.get("contactHouseholdId")):
            # Never sent naming a person by a placeholder: it waits for the server's ids
            # (outbox.waits_for); reaching here would be a bug, so a person looks at it.
            return self._needs_attention(
                leased,
                "names a person added at the door who is not on the server yet; not sent",
                error_class="PersonNotSent",
            )
        if leased.previous_state is OutboxState.UNKNOWN:
            repo = side.get()
            found = find_adoptable(
                self.client,
                data,
                taken=lambda server_id: repo.find_by_server_id(server_id) not in (None, local_id),
            )
            if found is not None:
                # Ours by identity, even where someone changed it since: the server copy
                # is kept, the differences logged, later edits rebase on it.
                changed = len(found.differences)
                return self._sent(
                    leased,
                    found.document,
                    event="adopted",
                    detail=found.log_detail(),
                    merge_pending=True,
                    message=f"found on the server by contact, knock time and campaign "
                    f"({found.reason}): adopted"
                    + (f"; the server holds {changed} field(s) differently" if changed else ""),
                )
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
            return self._finish(
                leased,
                OutboxState.REJECTED,
                event="rejected",
                error=str(exc),
                error_class=type(exc).__name__,
            )
        return self._sent(leased, doc, event="sent")

    def _sent(
        self,
        leased: LeasedOp,
        doc: Interaction,
        *,
        event: str,
        detail: dict[str, Any] | None = None,
        payload: Any = None,
        merge_pending: bool = False,
        message: str | None = None,
    ) -> _Outcome:
        return self._finish(
            leased,
            OutboxState.SENT,
            event=event,
            server_id=doc.id,
            etag=doc.etag,
            server_data=doc.data,
            adopt_server_data=True,
            merge_pending=merge_pending,
            detail=detail,
            payload=payload,
            message=message,
        )

    # --- patch ---------------------------------------------------------------------------

    def _needs_attention(
        self,
        leased: LeasedOp,
        text: str,
        *,
        server_data: dict[str, Any] | None = None,
        etag: str | None = None,
        error_class: str = "PatchConflict",
    ) -> _Outcome:
        return self._finish(
            leased,
            OutboxState.NEEDS_ATTENTION,
            event="needs_attention",
            gave_up=NOT_APPLIED,
            error=text,
            error_class=error_class,
            server_data=server_data,
            etag=etag,
        )

    def _patch(self, side: _SideRepo, leased: LeasedOp) -> _Outcome:
        op = leased.op
        visit = leased.visit
        if visit.server_id is None or visit.etag is None:
            return self._needs_attention(
                leased, "the edit has no server copy to apply to (the create was not sent)"
            )
        ops: list[dict[str, Any]] = list(op.payload)
        etag: str = visit.etag
        overwritten: list[dict[str, Any]] = []
        rebased = False
        early = None if leased.server_data is None else _rebased_on(leased.server_data, ops)
        if early is not None:
            # The server copy as last seen (a document just adopted by identity that
            # someone edited, say) no longer holds the values this edit started from, or
            # already has a field the edit adds: rebase on it now, logging what it
            # overwrites, rather than send guards known to fail or overwrite unseen.
            overwritten.extend(
                self._record_rebase(
                    side,
                    leased,
                    early,
                    etag=etag,
                    message="the server copy as last seen no longer has the values "
                    "this edit started from; the edit was re-applied on it",
                )
            )
            ops, rebased = early.ops, True
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
                self._renew(side, leased)
                server = self.client.get_interaction(visit.server_id)  # 404 → needs_attention
                if _already_applied(server.data, ops):
                    return self._sent(
                        leased,
                        server,
                        event="adopted",
                        detail={"reason": "the edit was already on the server"},
                    )
                try:
                    result = rebase(server.data, ops)
                except PatchConflict as conflict:
                    return self._needs_attention(
                        leased,
                        f"the edit no longer applies to the server copy: {conflict}; "
                        "both versions kept",
                        server_data=server.data,
                        etag=server.etag,
                    )
                overwritten.extend(
                    self._record_rebase(
                        side,
                        leased,
                        result,
                        etag=server.etag,
                        server_data=server.data,
                        http_status=exc.status,
                        error_class=type(exc).__name__,
                        message="the server copy changed; the edit was re-applied on it",
                    )
                )
                ops = result.ops
                etag = server.etag or etag
                rebased = True
                continue
            detail = {"overwritten": overwritten} if overwritten else None
            return self._sent(
                leased, doc, event="sent", detail=detail, payload=ops if rebased else None
            )
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    def _record_rebase(
        self,
        side: _SideRepo,
        leased: LeasedOp,
        result: RebaseResult,
        *,
        etag: str | None,
        message: str,
        server_data: dict[str, Any] | None = None,
        http_status: int | None = None,
        error_class: str | None = None,
    ) -> list[dict[str, Any]]:
        """Record a rebase (``conflict_rebased`` with the server values it overwrites,
        the rebased operations, the fetched server copy) before the request that
        overwrites those values; returns the overwrites."""
        changes = [
            {"path": o.path, "server_value": o.server_value, "local_value": o.local_value}
            for o in result.overwritten
        ]
        side.get().record_rebase(
            leased.op,
            self.owner,
            result.ops,
            now=self._clock(),
            server_data=server_data,
            method="GET" if http_status is not None else None,
            http_status=http_status,
            etag=etag,
            error_class=error_class,
            message=message
            + (" (same field: the server value was overwritten)" if changes else ""),
            detail={"overwritten": changes} if changes else None,
        )
        return changes

    # --- delete --------------------------------------------------------------------------

    def _delete(self, side: _SideRepo, leased: LeasedOp) -> _Outcome:
        op = leased.op
        visit = leased.visit
        if visit.server_id is None or visit.etag is None:
            return self._needs_attention(
                leased, "nothing to delete: the visit has no server copy", error_class="Void"
            )
        etag: str = visit.etag
        for round_no in range(self.settings.max_rebases + 1):
            try:
                self.client.delete_interaction(visit.server_id, etag)
            except ConflictError as exc:
                if round_no == self.settings.max_rebases:
                    raise
                self._sleep(self._jitter(self.settings.rebase_pause_s * (2**round_no)))
                self._renew(side, leased)
                server = self.client.get_interaction(visit.server_id)
                side.get().append_event(
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
            return self._finish(leased, OutboxState.SENT, event="deleted")
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover


def _rebased_on(server_data: dict[str, Any], ops: list[dict[str, Any]]) -> RebaseResult | None:
    """The edit rebased on this server copy when it does not apply to it as it is (a
    ``test`` fails, or an ``add`` would replace a value the edit never saw); None when it
    applies as written, or cannot apply at all (then the server decides)."""
    try:
        result = rebase(server_data, ops)
    except CanvassError:
        return None
    if result.overwritten or result.ops != ops:
        return result
    return None


def _blocked_words(exc: ApiError) -> Message | None:
    """What to tell the canvasser when ``exc`` stops every send and is more than being
    offline: a refused certificate says which problem it is and how to fix it."""
    return exc.explanation if isinstance(exc, CertificateError) else None


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
