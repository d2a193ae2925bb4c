"""Outbox states, operation kinds and the records the outbox hands to callers.

Pure dataclasses (stdlib only): storage fills them, services return them, the GUI and the
CLI read them. ``STATE_RULES`` is the one table of what each state allows (requeue, send,
fold, void, count as unsent); the transitions themselves live in ``canvass_app.sync``
(see ``docs/RELIABILITY.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from canvass_app.core.errors import CanvassError
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message


class OutboxState(StrEnum):
    """Where an outbox operation (and so its visit) stands."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    RETRY_WAIT = "retry_wait"
    UNKNOWN = "unknown"
    NEEDS_ATTENTION = "needs_attention"
    REJECTED = "rejected"


@dataclass(frozen=True)
class StateRule:
    """What an operation in one state allows. ``STATE_RULES`` is the one table: storage
    builds its SQL state lists from it, services decide with it, the UI offers only what
    it allows (docs/RELIABILITY.md "States")."""

    # Still has to reach the server, or needs a person: counted as unsent (status, the
    # oldest-unsent age, logout's guard, the sync command's exit code).
    unsent: bool
    # The engine takes it by itself once its next attempt is due.
    sendable: bool
    # A person may send it again: it becomes queued, due now, its attempts reset.
    requeueable: bool
    # Certainly not on the server and not being sent: an edit may change it in place
    # (folded into the create or into the unsent PATCH).
    foldable: bool
    # A create in this state may be voided on the device alone (nothing to delete on
    # the server): the same certainty as ``foldable``.
    voidable: bool
    # Waits for a person (edit, requeue); never leaves the state by itself.
    needs_person: bool
    # "Sync now" makes it due at once (an unknown op keeps its wait: a first request
    # still in flight must land before the lookup).
    backoff_resettable: bool


def _rule(**allowed: bool) -> StateRule:
    fields = (
        "unsent",
        "sendable",
        "requeueable",
        "foldable",
        "voidable",
        "needs_person",
        "backoff_resettable",
    )
    return StateRule(**{name: allowed.get(name, False) for name in fields})


S = OutboxState
STATE_RULES: Mapping[OutboxState, StateRule] = MappingProxyType(
    {
        S.QUEUED: _rule(
            unsent=True, sendable=True, foldable=True, voidable=True, backoff_resettable=True
        ),
        # Leased: a request may be on its way. Nothing but the engine touches it.
        S.SENDING: _rule(unsent=True),
        S.SENT: _rule(),
        S.RETRY_WAIT: _rule(
            unsent=True,
            sendable=True,
            requeueable=True,
            foldable=True,
            voidable=True,
            backoff_resettable=True,
        ),
        # May be on the server: the engine looks it up before sending again; a requeue
        # would turn that lookup into a blind resend, so a person cannot ask for one.
        S.UNKNOWN: _rule(unsent=True, sendable=True),
        S.NEEDS_ATTENTION: _rule(unsent=True, requeueable=True, needs_person=True),
        # A 4xx is definitive: the server did not take it, so it may be corrected in
        # place (folded) or voided, then requeued.
        S.REJECTED: _rule(
            unsent=True, requeueable=True, foldable=True, voidable=True, needs_person=True
        ),
    }
)
del S
assert set(STATE_RULES) == set(OutboxState), "every state needs a row in STATE_RULES"


def states_where(allowed: Callable[[StateRule], bool]) -> frozenset[OutboxState]:
    """The states whose rule allows it, e.g. ``states_where(lambda r: r.requeueable)``."""
    return frozenset(state for state, rule in STATE_RULES.items() if allowed(rule))


def rule_of(state: OutboxState | str) -> StateRule:
    return STATE_RULES[OutboxState(state)]


# Everything that still has to reach the server, or needs a person: all but ``sent``.
UNSENT_STATES: frozenset[OutboxState] = states_where(lambda r: r.unsent)
# States the engine may pick up by itself (when their ``next_attempt_at`` has come).
ELIGIBLE_STATES: frozenset[OutboxState] = states_where(lambda r: r.sendable)
# States that wait for a person (edit, requeue) and never leave by themselves.
ATTENTION_STATES: frozenset[OutboxState] = states_where(lambda r: r.needs_person)
REQUEUEABLE_STATES: frozenset[OutboxState] = states_where(lambda r: r.requeueable)
FOLDABLE_STATES: frozenset[OutboxState] = states_where(lambda r: r.foldable)
VOIDABLE_STATES: frozenset[OutboxState] = states_where(lambda r: r.voidable)
BACKOFF_RESETTABLE_STATES: frozenset[OutboxState] = states_where(lambda r: r.backoff_resettable)

# What a person is told when the table refuses an action, by the visit's state.
_REQUEUE_REFUSED = {
    OutboxState.QUEUED: QT_TRANSLATE_NOOP(
        "Outbox", "This visit is already waiting to be sent: there is nothing to send again."
    ),
    OutboxState.SENDING: QT_TRANSLATE_NOOP(
        "Outbox", "This visit is being sent right now. Wait for the sync to finish."
    ),
    OutboxState.SENT: QT_TRANSLATE_NOOP(
        "Outbox", "This visit is already on the server: there is nothing to send again."
    ),
    OutboxState.UNKNOWN: QT_TRANSLATE_NOOP(
        "Outbox",
        "This visit may already be on the server. Canvass checks the server before it "
        "sends it again, by itself: there is nothing to do.",
    ),
}


class OutboxRuleError(CanvassError):
    """An action ``STATE_RULES`` forbids for the state a visit is in (e.g. "send again"
    while the server is being checked). ``message`` says so to a person."""

    def __init__(self, action: str, state: OutboxState, message: Message) -> None:
        self.action = action
        self.state = state
        self.message = message
        super().__init__(str(message))


def requeue_refused(state: OutboxState) -> OutboxRuleError:
    """The error for a requeue the table forbids in ``state``."""
    template = _REQUEUE_REFUSED.get(state) or QT_TRANSLATE_NOOP(
        "Outbox", "This visit cannot be sent again now."
    )
    return OutboxRuleError("requeue", state, template.message())


# Visits in flight at once unless the person sets otherwise. Eight keeps one client's
# pool busy: with 50 ms of network a drain runs about 7-8x the sequential rate
# (perf-notes; benchmark B3), where 4 would cap it at 4x.
DEFAULT_SYNC_CONCURRENCY = 8
# The one bound of the sync concurrency: the engine's sending threads, the HTTP client's
# connection slots (one each) and the setting. Past 16 in one pool throughput collapses
# on two cores (perf-notes).
SYNC_CONCURRENCY_RANGE = (1, 16)


def check_concurrency(value: object, name: str = "concurrency") -> int:
    """``value`` when it is a whole number within ``SYNC_CONCURRENCY_RANGE``; otherwise a
    ValueError naming ``name`` (the settings file is checked with the same range, in
    words for a person)."""
    low, high = SYNC_CONCURRENCY_RANGE
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
    return value


class OpKind(StrEnum):
    """What an outbox operation asks the server to do."""

    CREATE = "create"
    PATCH = "patch"
    DELETE = "delete"


@dataclass(frozen=True)
class Visit:
    """A door visit as the device knows it, with its outbox state."""

    local_id: str
    seq: int
    canvasser: str
    walklist_id: str | None
    campaign_id: str
    contact_id: str
    household_id: str
    knock_time: str  # data.timestamp, ISO ms Z: the knock, never the upload
    sent_time: str | None  # when the server first acknowledged the create
    data: dict[str, Any]  # the interaction data as last known locally (with local edits)
    server_id: str | None
    etag: str | None
    state: OutboxState  # state of the first unfinished operation, else sent
    deleted: bool  # a delete was requested (voided)
    last_error: str | None  # in words
    contact_name: str
    address_line: str
    unit: str
    outcome: str
    distance_miles: float | None
    gps_grade: str  # a core.geo.GpsGrade value
    created_at: str
    updated_at: str
    press_id: str | None = None  # the press that recorded it (a bulk press: several visits)
    do_not_knock_override: bool = False  # recorded at a Do-Not-Knock door, on purpose
    # the person added on this laptop it is for (core.contact), None for anyone else
    local_contact_id: str | None = None

    @property
    def is_unsent(self) -> bool:
        return self.state in UNSENT_STATES


@dataclass(frozen=True)
class OutboxOp:
    """One operation in the outbox (a create, a patch or a delete of one visit)."""

    op_id: int
    local_id: str
    kind: OpKind
    payload: Any  # create: the data object; patch: list of ops; delete: None
    base: Any  # patch: the values the edit started from ({data path: value}); else None
    idempotency_key: str
    state: OutboxState
    attempts: int
    next_attempt_at: str
    lease_owner: str | None
    lease_expires_at: str | None
    last_status: int | None
    last_error: str | None
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class SyncCounts:
    """Visit counts by state, the age of the oldest unsent visit and the last sync; and
    the people added on this laptop (by the state of their first unfinished request),
    which are sent on their own and can be waiting when no visit is."""

    counts: Mapping[OutboxState, int]
    oldest_unsent_age_s: float | None
    last_sync_at: str | None
    people: Mapping[OutboxState, int] = field(default_factory=dict)

    @property
    def unsent(self) -> int:
        return sum(n for state, n in self.counts.items() if state in UNSENT_STATES)

    @property
    def people_unsent(self) -> int:
        return sum(n for state, n in self.people.items() if state in UNSENT_STATES)

    @property
    def attention(self) -> int:
        """Visits and people that wait for a person to act (needs_attention, rejected)."""
        return sum(
            n
            for table in (self.counts, self.people)
            for state, n in table.items()
            if state in ATTENTION_STATES
        )

    def count(self, state: OutboxState) -> int:
        return int(self.counts.get(state, 0))

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {state.value: self.count(state) for state in OutboxState}
        result["oldest_unsent_age_s"] = self.oldest_unsent_age_s
        result["last_sync_at"] = self.last_sync_at
        result["people_added"] = {
            state.value: int(self.people.get(state, 0)) for state in OutboxState
        }
        return result


@dataclass(frozen=True)
class SyncEvent:
    """One row of the append-only sync log."""

    id: int
    at: str
    local_id: str
    op_id: int | None
    event: str
    from_state: str | None
    to_state: str | None
    method: str | None
    http_status: int | None
    etag: str | None
    error_class: str | None
    message: str | None
    detail: dict[str, Any] | None  # e.g. overwritten server values


@dataclass(frozen=True)
class SyncProgress:
    """How far a sync pass has come: operations finished out of those leased."""

    done: int
    total: int


EXIT_NOTHING_LEFT = 0
EXIT_WAITING = 3
EXIT_ATTENTION = 4
EXIT_SIGN_IN = 5


@dataclass(frozen=True)
class SyncReport:
    """What one sync pass did and what is left."""

    attempted: int
    sent: int
    retry_wait: int
    unknown: int
    needs_attention: int
    rejected: int
    remaining: int
    auth_required: bool
    offline: bool
    last_error: str | None  # technical (status, server text): for logs, never for people
    counts: SyncCounts = field(
        default_factory=lambda: SyncCounts(counts={}, oldest_unsent_age_s=None, last_sync_at=None)
    )
    # The pass's outcome in plain words for the canvasser (None: nothing to say); the
    # detail of each visit stays in its sync log.
    message: Message | None = None
    # Requests of people added at the door sent in this pass (their contacts and links);
    # ``attempted`` counts them too, ``sent`` only visits' operations.
    people_sent: int = 0

    def exit_code(self) -> int:
        """The ``sync`` command's exit code.

        5 sign-in needed; 4 some visits need attention or were rejected; 3 some wait for
        the network or a retry; 0 nothing left to send.
        """
        if self.auth_required:
            return EXIT_SIGN_IN
        c = self.counts
        if c.count(OutboxState.NEEDS_ATTENTION) or c.count(OutboxState.REJECTED):
            return EXIT_ATTENTION
        if c.unsent or self.remaining:
            return EXIT_WAITING
        return EXIT_NOTHING_LEFT
