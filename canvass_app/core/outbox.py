"""Outbox states, operation kinds and the records the outbox hands to callers.

Pure dataclasses (stdlib only): storage fills them, services return them, the GUI and the
CLI read them. The state machine itself lives in ``canvass_app.sync``; see
``docs/RELIABILITY.md`` for the transitions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class OutboxState(StrEnum):
    """Where an outbox operation (and so its visit) stands."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    RETRY_WAIT = "retry_wait"
    UNKNOWN = "unknown"
    NEEDS_ATTENTION = "needs_attention"
    REJECTED = "rejected"


# Everything that still has to reach the server, or needs a person: all but ``sent``.
UNSENT_STATES: frozenset[OutboxState] = frozenset(
    s for s in OutboxState if s is not OutboxState.SENT
)

# States the engine may pick up by itself (when their ``next_attempt_at`` has come).
ELIGIBLE_STATES: frozenset[OutboxState] = frozenset(
    {OutboxState.QUEUED, OutboxState.RETRY_WAIT, OutboxState.UNKNOWN}
)

# States that wait for a person (edit, requeue) and never leave by themselves.
ATTENTION_STATES: frozenset[OutboxState] = frozenset(
    {OutboxState.NEEDS_ATTENTION, OutboxState.REJECTED}
)

# Visits in flight at once unless the person sets otherwise (1-16). Eight keeps one
# client's pool busy: with 50 ms of network a drain runs about 7-8x the sequential rate
# (perf-notes; benchmark B3), where 4 would cap it at 4x.
DEFAULT_SYNC_CONCURRENCY = 8


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
    """Visit counts by state, the age of the oldest unsent visit and the last sync."""

    counts: Mapping[OutboxState, int]
    oldest_unsent_age_s: float | None
    last_sync_at: str | None

    @property
    def unsent(self) -> int:
        return sum(n for state, n in self.counts.items() if state in UNSENT_STATES)

    def count(self, state: OutboxState) -> int:
        return int(self.counts.get(state, 0))

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {state.value: self.count(state) for state in OutboxState}
        result["oldest_unsent_age_s"] = self.oldest_unsent_age_s
        result["last_sync_at"] = self.last_sync_at
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
    last_error: str | None
    counts: SyncCounts = field(
        default_factory=lambda: SyncCounts(counts={}, oldest_unsent_age_s=None, last_sync_at=None)
    )

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
