"""``VisitRepo``: visits, their outbox operations, the sync log and the sync meta.

Every method that writes does so in ONE transaction, and every one that changes an
operation's state also brings ``visits.state`` in step (the state of the visit's first
unfinished operation, else ``sent``) and appends to the sync log in the same transaction.
All SQL parameters are bound.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from canvass_app.core.contact import local_ref, person_key
from canvass_app.core.errors import CanvassError
from canvass_app.core.outbox import (
    BACKOFF_RESETTABLE_STATES,
    ELIGIBLE_STATES,
    FOLDABLE_STATES,
    REQUEUEABLE_STATES,
    UNSENT_STATES,
    VOIDABLE_STATES,
    OpKind,
    OutboxOp,
    OutboxState,
    SyncCounts,
    SyncEvent,
    Visit,
    requeue_refused,
)
from canvass_app.core.patch import fold_into
from canvass_app.storage import door_journal
from canvass_app.storage.db import (
    StorageEnvironmentError,
    environment_errors,
    iso,
    parse_iso,
    transaction,
)
from canvass_app.storage.dbapi import sqlite3
from canvass_app.storage.rows import named
from canvass_app.storage.search_index import index_pending

log = logging.getLogger(__name__)

META_LAST_SYNC = "last_sync_at"
META_AUTH_PAUSED = "auth_paused"

_VISIT_COLUMNS = (
    "seq, local_id, canvasser, walklist_id, campaign_id, contact_id, household_id, "
    "contact_household_id, knock_time, sent_time, data_json, server_id, etag, "
    "server_data_json, deleted, state, last_error, contact_name, address_line, unit, "
    "outcome, notes, answers, distance_miles, gps_grade, created_at, updated_at, press_id, "
    "do_not_knock_override, local_contact_id"
)
# What a new visit's row is given, in the order of ``_insert_values``; the rest of the row
# is its defaults (``_NEW_ROW_DEFAULTS``), ``deleted`` 0 and ``unfiled`` 1.
_INSERTED = (
    "local_id, canvasser, walklist_id, campaign_id, contact_id, household_id, "
    "contact_household_id, knock_time, data_json, state, contact_name, address_line, unit, "
    "outcome, notes, answers, distance_miles, gps_grade, created_at, updated_at, press_id, "
    "do_not_knock_override"
).split(", ")


def _insert_visit_sql(columns: Sequence[str]) -> str:
    """A door visit's row; RETURNING gives it back as stored (seq, defaults) without a
    read."""
    return (
        f"INSERT INTO visits ({', '.join(columns)}, deleted, unfiled) "  # noqa: S608
        f"VALUES ({', '.join('?' for _ in columns)}, 0, 1) RETURNING {_VISIT_COLUMNS}"
    )


_INSERT_VISIT = _insert_visit_sql(_INSERTED)
# A visit filed from the door journal keeps the seq reserved for it at the save.
_FILE_VISIT = _insert_visit_sql(["seq", *_INSERTED])
_NEW_ROW_DEFAULTS: dict[str, Any] = {
    "sent_time": None,
    "server_id": None,
    "etag": None,
    "server_data_json": None,
    "deleted": 0,
    "last_error": None,
    "local_contact_id": None,
}
_OP_COLUMNS = (
    "op_id, local_id, kind, payload_json, base_json, idempotency_key, state, attempts, "
    "next_attempt_at, lease_owner, lease_expires_at, last_status, last_error, created_at, "
    "updated_at"
)
_EVENT_COLUMNS = (
    "id, at, local_id, op_id, event, from_state, to_state, method, http_status, etag, "
    "error_class, message, detail_json"
)
_SELECT_VISITS = f"SELECT {_VISIT_COLUMNS} FROM visits"  # noqa: S608 (fixed column list)
# every household with a visit: read from the (household_id, seq) index alone
_VISITED_HOUSEHOLDS = "SELECT DISTINCT household_id FROM visits"
_SELECT_OPS = f"SELECT {_OP_COLUMNS} FROM outbox"  # noqa: S608 (fixed column list)
_SELECT_EVENTS = f"SELECT {_EVENT_COLUMNS} FROM sync_log"  # noqa: S608 (fixed column list)

_OP_NAMES = [c.strip() for c in _OP_COLUMNS.split(",")]
_VISIT_NAMES = [c.strip() for c in _VISIT_COLUMNS.split(",")]
# A leased op with its visit in one row: the op's columns, then the visit's.
_SELECT_LEASED = (
    "SELECT "  # noqa: S608 (fixed column lists)
    + ", ".join([f"o.{c}" for c in _OP_NAMES] + [f"v.{c}" for c in _VISIT_NAMES])
    + " FROM outbox AS o JOIN visits AS v ON v.local_id = o.local_id"
)


# --- state lists from core.outbox.STATE_RULES, as bound parameters --------------------------
#
# Every list of states in the SQL below comes from the rule table, so a rule changes in one
# place. Values are sorted: the partial indexes of migration 2 spell the same lists in that
# order (SQLite matches a bound list against an index's WHERE by value, at prepare time).


def _marks(states: Iterable[OutboxState], name: str) -> tuple[str, dict[str, str]]:
    """``(:name0, :name1, ...)`` and its named parameters for a list of states."""
    values = sorted(OutboxState(s).value for s in states)
    params = {f"{name}{i}": value for i, value in enumerate(values)}
    return "(" + ", ".join(f":{key}" for key in params) + ")", params


_SENT = OutboxState.SENT.value
_ELIGIBLE_IN, _ELIGIBLE_PARAMS = _marks(ELIGIBLE_STATES, "eligible")
_FOLDABLE_IN, _FOLDABLE_PARAMS = _marks(FOLDABLE_STATES, "foldable")
_VOIDABLE_IN, _VOIDABLE_PARAMS = _marks(VOIDABLE_STATES, "voidable")
_RESETTABLE_IN, _RESETTABLE_PARAMS = _marks(BACKOFF_RESETTABLE_STATES, "resettable")
# Finished means sent: the one state that is not unsent. The SQL says ``state != :sent``
# (the partial index on unsent visits is written that way).
assert set(OutboxState) - UNSENT_STATES == {OutboxState.SENT}


def _state_from_ops(at: str, sent: str) -> str:
    """SET clause: visits.state/last_error := those of the visit's first unfinished op,
    else sent; ``at`` and ``sent`` name the parameters that hold the time and 'sent'."""
    first_unfinished = (
        f"FROM outbox WHERE local_id = visits.local_id AND state != {sent} ORDER BY op_id LIMIT 1"
    )
    return (
        f"state = COALESCE((SELECT state {first_unfinished}), {sent}), "
        f"last_error = (SELECT last_error {first_unfinished}), updated_at = {at} "
    )


_REFRESH_SET = "UPDATE visits SET " + _state_from_ops(":at", ":sent")  # noqa: S608 (fixed)
_REFRESH_STATE = _REFRESH_SET + "WHERE local_id = :id"
# The engine's batches go to SQLite as ONE statement each: every statement step releases
# and retakes the GIL, and with the sync workers running each retake is a wait, so
# per-row statements made the pass thread slow. Their rows are bound values of one
# multi-row VALUES (``_batched``): JSON arrays read with json_each/json_extract made SQLite
# render and parse each row again for every column it read.
_REFRESH_STATES = (
    _REFRESH_SET + "WHERE local_id IN (SELECT value FROM json_each(:ids))"  # noqa: S608 (fixed)
)
_EVENT_WIDTH = 12  # the values of an ``_event_row``


@functools.lru_cache(maxsize=256)
def _insert_events_sql(count: int) -> str:
    """The ``INSERT`` of ``count`` ``_event_row`` rows, in order, bound by number. Each
    event names its visit's ``seq`` (migrations, version 11: the index a visit's events
    are found by); a person's event names none (no visit has that id)."""
    groups = []
    for row in range(count):
        first = row * _EVENT_WIDTH
        marks = ", ".join(f"?{first + col + 1}" for col in range(_EVENT_WIDTH))
        seq = f"(SELECT seq FROM visits WHERE local_id = ?{first + 2})"  # noqa: S608 (numbers)
        groups.append(f"({marks}, {seq})")
    return (
        "INSERT INTO sync_log (at, local_id, op_id, event, from_state, to_state, method, "
        "http_status, etag, error_class, message, detail_json, visit_seq) "
        "VALUES " + ", ".join(groups)
    )


_INSERT_EVENT = _insert_events_sql(1)
# Results of leased ops: (op_id, state, next_attempt_at, last_status, last_error,
# refund (0/1), payload_json or null) per row; see ``_batched`` for {values} and {at}.
_FINISH_OPS = (
    "WITH r (op_id, state, next_at, status, error, refund, payload) AS ({values}) "
    "UPDATE outbox SET state = r.state, lease_owner = NULL, lease_expires_at = NULL, "
    "next_attempt_at = r.next_at, last_status = r.status, last_error = r.error, "
    "updated_at = {at}, attempts = outbox.attempts - r.refund, "
    "payload_json = COALESCE(r.payload, outbox.payload_json) "
    "FROM r WHERE outbox.op_id = r.op_id"
)
# What results change on their visits, with each visit's state refreshed in the same
# write (one rewrite of the row per result): (local_id, op_id, server_id, etag,
# server_data_json, data_json, adopt (0/1)) per row, nulls for "unchanged".
# ``adopt``: the local data becomes the server copy unless a later op is unfinished.
_FINISH_VISITS = (
    "WITH r (local_id, op_id, server_id, etag, server_json, data_json, adopt) AS ({values}) "  # noqa: S608 (fixed text; the values are bound parameters)
    "UPDATE visits SET "
    + _state_from_ops("{at}", "{sent}")
    + ", server_id = COALESCE(r.server_id, visits.server_id), "
    "sent_time = CASE WHEN r.server_id IS NULL THEN visits.sent_time "
    "ELSE COALESCE(visits.sent_time, {at}) END, "
    "etag = COALESCE(r.etag, visits.etag), "
    "server_data_json = COALESCE(r.server_json, visits.server_data_json), "
    "data_json = CASE WHEN r.data_json IS NOT NULL THEN r.data_json "
    "WHEN r.adopt AND r.server_json IS NOT NULL AND NOT EXISTS (SELECT 1 FROM outbox "
    "WHERE outbox.local_id = visits.local_id AND outbox.op_id > r.op_id "
    "AND outbox.state != {sent}) THEN r.server_json ELSE visits.data_json END "
    "FROM r WHERE visits.local_id = r.local_id"
)


def _batched(template: str, rows: Sequence[Sequence[Any]], **scalars: Any) -> tuple[str, list[Any]]:
    """``template`` with ``{values}`` := ``VALUES (?1, ?2, …), (…)`` of ``rows`` and each
    ``{name}`` := the numbered parameter of ``scalars[name]``; with its parameters.

    Numbered and bound by position: bound by name, SQLite looks each parameter's name up
    with a linear scan, n² steps for n of them (a round binds hundreds)."""
    params = [value for row in rows for value in row]
    params.extend(scalars.values())
    width = len(rows[0]) if rows else 0
    return _batched_sql(template, len(rows), width, tuple(scalars)), params


@functools.lru_cache(maxsize=256)
def _batched_sql(template: str, count: int, width: int, names: tuple[str, ...]) -> str:
    """The text of ``_batched`` for ``count`` rows of ``width`` values (made once: a
    round's statements repeat the same few shapes)."""
    groups = (
        "(" + ", ".join(f"?{row * width + col + 1}" for col in range(width)) + ")"
        for row in range(count)
    )
    marks = {name: f"?{count * width + i + 1}" for i, name in enumerate(names)}
    return template.format(values="VALUES " + ", ".join(groups), **marks)


# A person added here in one of these states holds their visits back for a person to fix.
_PERSON_REFUSED = (OutboxState.REJECTED.value, OutboxState.NEEDS_ATTENTION.value)


def person_refused_reason(name: str, error: str | None) -> str:
    """Why a visit waiting for a refused person needs attention (its ``last_error``)."""
    return (
        f"waits for {name}, added at the door, whom the server did not accept"
        f" ({error or 'refused'}); correct the person, then send again"
    )


def append_log(
    db: sqlite_utils.Database, at: str, local_id: str, event: str, **fields: Any
) -> None:
    """Append one sync-log event inside the caller's transaction (for other repositories:
    the people added at the door log their requests here too)."""
    db.execute(_INSERT_EVENT, _event_row(at, local_id, event, **fields))


def refresh_visit_state(db: sqlite_utils.Database, local_id: str, at: str) -> None:
    """visits.state/last_error := those of the visit's first unfinished op (inside the
    caller's transaction; for another repository changing a visit's operations)."""
    db.execute(_REFRESH_STATE, {"id": local_id, "at": at, "sent": _SENT})


def _event_row(
    at: str,
    local_id: str,
    event: str,
    *,
    op_id: int | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    method: str | None = None,
    http_status: int | None = None,
    etag: str | None = None,
    error_class: str | None = None,
    message: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> tuple[Any, ...]:
    """The parameters of ``_INSERT_EVENT`` for one sync-log event."""
    return (
        at,
        local_id,
        op_id,
        event,
        from_state,
        to_state,
        method,
        http_status,
        etag,
        error_class,
        message,
        None if detail is None else _dumps(dict(detail)),
    )


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


# A row read by column name: ``sqlite3.Row`` or a dict of a plain row.
_Row = sqlite3.Row | Mapping[str, Any]


def _decoded_once(text: str | None) -> Callable[[str], Any]:
    """``json.loads`` that decodes ``text`` once and gives that value back for it."""
    value = None if text is None else json.loads(text)

    def loads(other: str) -> Any:
        return value if other == text else json.loads(other)

    return loads


def _visit_change(result: Finish, local_id: str) -> tuple[Any, ...]:
    """The ``_FINISH_VISITS`` row of a result."""
    server_json = None if result.server_data is None else _dumps(dict(result.server_data))
    data_json = None if result.data is None else _dumps(dict(result.data))
    adopt = 1 if result.adopt_server_data else 0
    return (local_id, result.op_id, result.server_id, result.etag, server_json, data_json, adopt)


@dataclass(frozen=True)
class NewVisit:
    """Everything needed to save a new visit (the services layer builds it)."""

    local_id: str
    canvasser: str
    walklist_id: str | None
    campaign_id: str
    contact_id: str
    household_id: str
    contact_household_id: str
    knock_time: str
    data: Mapping[str, Any]
    contact_name: str = ""
    address_line: str = ""
    unit: str = ""
    outcome: str = ""
    notes: str = ""
    answers: str = ""
    distance_miles: float | None = None
    gps_grade: str = "none"
    press_id: str | None = None  # the press (or survey save) that recorded it
    do_not_knock_override: bool = False
    # a person added on this laptop (core.contact): the visit names the server's ids for
    # them once known, and its create waits until they are on the server
    local_contact_id: str | None = None


# The fields a door journal row keeps as a JSON object (``data`` has a column of its own).
_NEW_VISIT_FIELDS = tuple(name for name in NewVisit.__dataclass_fields__ if name != "data")


def _insert_values(new: NewVisit, data_json: str, at: str) -> list[Any]:
    """The parameters of ``_INSERT_VISIT`` for a new visit saved at ``at``."""
    return [
        new.local_id,
        new.canvasser,
        new.walklist_id,
        new.campaign_id,
        new.contact_id,
        new.household_id,
        new.contact_household_id,
        new.knock_time,
        data_json,
        OutboxState.QUEUED.value,
        new.contact_name,
        new.address_line,
        new.unit,
        new.outcome,
        new.notes,
        new.answers,
        new.distance_miles,
        new.gps_grade,
        at,
        at,
        new.press_id,
        1 if new.do_not_knock_override else None,
    ]


def _unfiled_row(values: Sequence[Any]) -> dict[str, Any]:
    """The row a visit saved at the door will have once filed: its seq, then the
    parameters of ``_INSERT_VISIT``, then the table's defaults."""
    return {"seq": values[0], **dict(zip(_INSERTED, values[1:], strict=True)), **_NEW_ROW_DEFAULTS}


@dataclass(frozen=True)
class LeasedOp:
    """An operation this engine now holds (state ``sending``), with its visit."""

    op: OutboxOp
    previous_state: OutboxState
    visit: Visit
    server_data: dict[str, Any] | None


@dataclass(frozen=True)
class Finish:
    """The result of one leased operation, as ``VisitRepo.finish_many`` records it.

    ``state``: where the operation goes; ``event``: the sync-log event (its message is
    ``message``, else ``error``); ``next_attempt_at``: None = now; ``payload``: replaces
    the op's payload (a rebased edit); ``data``: replaces the visit's local data;
    ``adopt_server_data``: the local data becomes ``server_data`` unless a later op of the
    visit is unfinished; ``merge_pending`` (a create adopted by identity): when later edits
    are unfinished, the local data becomes ``server_data`` with those edits applied (the
    server's other changes show at once, the canvasser's edits still win where they
    edited); ``refund_attempt``: the attempt does not count.
    """

    op_id: int
    state: OutboxState
    event: str
    next_attempt_at: datetime | None = None
    http_status: int | None = None
    error: str | None = None
    error_class: str | None = None
    method: str | None = None
    server_id: str | None = None
    etag: str | None = None
    server_data: Mapping[str, Any] | None = None
    data: Mapping[str, Any] | None = None
    payload: Any = None
    refund_attempt: bool = False
    detail: Mapping[str, Any] | None = None
    adopt_server_data: bool = False
    merge_pending: bool = False
    message: str | None = None


class LeaseLost(Exception):
    """The lease on an operation ended before its result was recorded (another engine)."""


class VisitRepo:
    """Transactions on the visits, outbox, sync_log and sync_meta tables.

    A repo reads the ledger with every visit saved at the door filed first
    (``file_door_saves``), unless made with ``filed=False``: the door's own save and its
    outbox count, which must not pay for filing (B1). A file Canvass cannot write now
    (locked, read-only, full) is read as it is: those visits wait in the journal.
    """

    def __init__(self, db: sqlite_utils.Database, *, filed: bool = True) -> None:
        self.db = db
        if filed:
            try:
                self.file_door_saves()
            except StorageEnvironmentError as error:
                log.info("reading without filing the visits saved at the door: %s", error)

    # --- reading -----------------------------------------------------------------------

    @staticmethod
    def _visit(row: _Row, loads: Callable[[str], Any] = json.loads) -> Visit:
        return Visit(
            local_id=row["local_id"],
            seq=row["seq"],
            canvasser=row["canvasser"],
            walklist_id=row["walklist_id"],
            campaign_id=row["campaign_id"],
            contact_id=row["contact_id"],
            household_id=row["household_id"],
            knock_time=row["knock_time"],
            sent_time=row["sent_time"],
            data=loads(row["data_json"]),
            server_id=row["server_id"],
            etag=row["etag"],
            state=OutboxState(row["state"]),
            deleted=bool(row["deleted"]),
            last_error=row["last_error"],
            contact_name=row["contact_name"],
            address_line=row["address_line"],
            unit=row["unit"],
            outcome=row["outcome"],
            distance_miles=row["distance_miles"],
            gps_grade=row["gps_grade"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            press_id=row["press_id"],
            do_not_knock_override=bool(row["do_not_knock_override"]),
            local_contact_id=row["local_contact_id"],
        )

    @staticmethod
    def _op(row: _Row, loads: Callable[[str], Any] = json.loads) -> OutboxOp:
        payload = row["payload_json"]
        return OutboxOp(
            op_id=row["op_id"],
            local_id=row["local_id"],
            kind=OpKind(row["kind"]),
            payload=None if payload is None else loads(payload),
            base=_loads(row["base_json"]),
            idempotency_key=row["idempotency_key"],
            state=OutboxState(row["state"]),
            attempts=row["attempts"],
            next_attempt_at=row["next_attempt_at"],
            lease_owner=row["lease_owner"],
            lease_expires_at=row["lease_expires_at"],
            last_status=row["last_status"],
            last_error=row["last_error"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

    @staticmethod
    def _event(row: sqlite3.Row) -> SyncEvent:
        return SyncEvent(
            id=row["id"],
            at=row["at"],
            local_id=row["local_id"],
            op_id=row["op_id"],
            event=row["event"],
            from_state=row["from_state"],
            to_state=row["to_state"],
            method=row["method"],
            http_status=row["http_status"],
            etag=row["etag"],
            error_class=row["error_class"],
            message=row["message"],
            detail=_loads(row["detail_json"]),
        )

    def _named(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> sqlite3.Cursor:
        return named(self.db.conn, sql, params)

    def get_visit(self, local_id: str) -> Visit | None:
        with environment_errors("read a visit"):
            row = self._named(_SELECT_VISITS + " WHERE local_id = ?", [local_id]).fetchone()
        return None if row is None else self._visit(row)

    def server_data(self, local_id: str) -> dict[str, Any] | None:
        row = self._named(
            "SELECT server_data_json FROM visits WHERE local_id = ?", [local_id]
        ).fetchone()
        return None if row is None else _loads(row["server_data_json"])

    def visit_row(self, local_id: str) -> dict[str, Any] | None:
        """The raw row (every column) of a visit, for export."""
        row = self._named(_SELECT_VISITS + " WHERE local_id = ?", [local_id]).fetchone()
        return None if row is None else {name: row[name] for name in row.keys()}

    def list_visits(
        self,
        *,
        states: Iterable[OutboxState] | None = None,
        since: str | None = None,
        canvasser: str | None = None,
        household_id: str | None = None,
        search: str | None = None,
        limit: int | None = None,
        newest_first: bool = True,
    ) -> list[Visit]:
        """Visits matching every filter given; ``since`` compares the knock time."""
        where: list[str] = []
        params: list[Any] = []
        if states is not None:
            values = sorted({OutboxState(s).value for s in states})
            where.append(f"state IN ({', '.join('?' for _ in values)})")  # bound, one per state
            params.extend(values)
        if since is not None:
            where.append("knock_time >= ?")
            params.append(since)
        if canvasser is not None:
            where.append("canvasser = ?")
            params.append(canvasser)
        if household_id is not None:
            where.append("household_id = ?")
            params.append(household_id)
        if search is not None and search.strip():
            index_pending(self.db.conn)  # saves leave their text for later
            where.append("seq IN (SELECT rowid FROM visits_fts WHERE visits_fts MATCH ?)")
            params.append(fts_query(search))
        sql = _SELECT_VISITS
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY seq DESC" if newest_first else " ORDER BY seq"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        with environment_errors("list visits"):
            rows = self._named(sql, params).fetchall()
        return [self._visit(r) for r in rows]

    def latest_visits(
        self, household_ids: Iterable[str] | None = None, walklist_id: str | None = None
    ) -> tuple[dict[str, Visit], dict[str, Visit]]:
        """The newest non-voided visit per household and per contact, read by SQL (the
        door marks need only these, never the whole ledger); only of ``household_ids``
        (the open walklist's) when given, and only those recorded on ``walklist_id`` (or
        on no walklist: keyed in from paper) when given."""
        scope, params = "", []
        if walklist_id is not None:
            scope, params = " AND (walklist_id = ? OR walklist_id IS NULL)", [walklist_id]
        if household_ids is not None:
            # Only households with a visit on the device go into the query: opening a
            # list of 50,000 doors, few or none visited, sends a short list, not 50,000.
            with environment_errors("read the doors' latest visits"):
                visited = {row["household_id"] for row in self._named(_VISITED_HOUSEHOLDS)}
            wanted = visited.intersection(household_ids)
            if not wanted:
                return {}, {}
            scope += " AND household_id IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(sorted(wanted)))
        by_household: dict[str, Visit] = {}
        by_contact: dict[str, Visit] = {}
        for key, target in (("household_id", by_household), ("contact_id", by_contact)):
            sql = (
                _SELECT_VISITS + " WHERE seq IN (SELECT MAX(seq) FROM visits"  # noqa: S608
                f" WHERE deleted = 0{scope} GROUP BY {key})"
            )
            with environment_errors("read the doors' latest visits"):
                rows = self._named(sql, params).fetchall()
            for row in rows:
                visit = self._visit(row)
                target[visit.household_id if key == "household_id" else person_key(visit)] = visit
        return by_household, by_contact

    def ops(self, local_id: str) -> list[OutboxOp]:
        rows = self._named(_SELECT_OPS + " WHERE local_id = ? ORDER BY op_id", [local_id])
        return [self._op(r) for r in rows]

    def get_op(self, op_id: int) -> OutboxOp | None:
        row = self._named(_SELECT_OPS + " WHERE op_id = ?", [op_id]).fetchone()
        return None if row is None else self._op(row)

    def events(self, local_id: str) -> list[SyncEvent]:
        # A visit's events are found by its seq (migrations, version 11); a person's, and
        # those written before that version, by the id.
        rows = self._named(
            _SELECT_EVENTS  # noqa: S608 (fixed text)
            + " WHERE visit_seq = (SELECT seq FROM visits WHERE local_id = :id) UNION ALL "
            + _SELECT_EVENTS
            + " WHERE visit_seq IS NULL AND local_id = :id ORDER BY id",
            {"id": local_id},
        )
        return [self._event(r) for r in rows]

    def newest_visit(self, canvasser: str) -> Visit | None:
        row = self._named(
            _SELECT_VISITS + " WHERE canvasser = ? AND deleted = 0 ORDER BY seq DESC LIMIT 1",
            [canvasser],
        ).fetchone()
        return None if row is None else self._visit(row)

    def find_by_natural_key(self, contact_id: str, knock_time: str, campaign_id: str) -> str | None:
        """The local id of a visit already here with this natural key (any state, voided
        too), or None: how both imports know a visit is already on this laptop."""
        with environment_errors("look for a visit"):
            row = self.db.execute(
                "SELECT local_id FROM visits WHERE knock_time = ? AND contact_id = ? "
                "AND campaign_id = ? LIMIT 1",
                [knock_time, contact_id, campaign_id],
            ).fetchone()
        return None if row is None else str(row[0])

    def waits_for(self, op_id: int) -> str | None:
        """The person added here (local contact id) whose server ids this create waits
        for; None when it waits for nobody."""
        row = self._named("SELECT waits_for FROM outbox WHERE op_id = ?", [op_id]).fetchone()
        return None if row is None else row["waits_for"]

    def find_by_server_id(self, server_id: str) -> str | None:
        row = self._named("SELECT local_id FROM visits WHERE server_id = ?", [server_id]).fetchone()
        return None if row is None else str(row["local_id"])

    def counts(self, now: datetime) -> SyncCounts:
        with environment_errors("count the outbox"):
            rows = self._named("SELECT state, COUNT(*) AS n FROM visits GROUP BY state").fetchall()
            people_rows = self._named(
                "SELECT state, COUNT(*) AS n FROM local_contacts GROUP BY state"
            ).fetchall()
            oldest = self._named(
                "SELECT MIN(created_at) AS oldest FROM visits WHERE state != :sent",
                {"sent": _SENT},
            ).fetchone()["oldest"]
            # Saved at the door and not yet filed: queued, and counted without filing.
            saved, oldest_saved = door_journal.summary(self.db.conn)
        counts = _by_state(rows)
        counts[OutboxState.QUEUED] += saved
        if oldest_saved is not None and (oldest is None or oldest_saved < oldest):
            oldest = oldest_saved
        age = None if oldest is None else max(0.0, (now - parse_iso(oldest)).total_seconds())
        return SyncCounts(
            counts=counts,
            oldest_unsent_age_s=age,
            last_sync_at=self.get_meta(META_LAST_SYNC),
            people=_by_state(people_rows),
        )

    def eligible_count(self, now: datetime) -> int:
        row = self._named(
            f"SELECT COUNT(*) AS n FROM outbox WHERE state IN {_ELIGIBLE_IN} "  # noqa: S608
            "AND next_attempt_at <= :now AND waits_for IS NULL",
            {**_ELIGIBLE_PARAMS, "now": iso(now)},
        ).fetchone()
        return int(row["n"])

    def next_due(self) -> str | None:
        """The earliest ``next_attempt_at`` of an operation the engine may pick up itself."""
        row = self._named(
            f"SELECT MIN(next_attempt_at) AS due FROM outbox WHERE state IN {_ELIGIBLE_IN} "  # noqa: S608
            "AND waits_for IS NULL",
            _ELIGIBLE_PARAMS,
        ).fetchone()
        return None if row is None else row["due"]

    # --- sync meta ---------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._named("SELECT value FROM sync_meta WHERE key = ?", [key]).fetchone()
        return None if row is None else row["value"]

    def set_meta(self, key: str, value: str | None) -> None:
        with environment_errors("save the sync settings"), transaction(self.db):
            self._set_meta(key, value)

    def _set_meta(self, key: str, value: str | None) -> None:
        if value is None:
            self.db.execute("DELETE FROM sync_meta WHERE key = ?", [key])
        else:
            self.db.execute(
                "INSERT INTO sync_meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )

    # --- writing: the person's actions -------------------------------------------------

    def _append(self, at: str, local_id: str, event: str, **fields: Any) -> None:
        self.db.execute(_INSERT_EVENT, _event_row(at, local_id, event, **fields))

    def append_event(self, local_id: str, event: str, *, now: datetime, **fields: Any) -> None:
        """Append one sync-log event in its own transaction."""
        with environment_errors("write the sync log"), transaction(self.db):
            self._append(iso(now), local_id, event, **fields)

    def _refresh_state(self, local_id: str, at: str) -> None:
        self.db.execute(_REFRESH_STATE, {"id": local_id, "at": at, "sent": _SENT})

    def _insert_op(
        self,
        local_id: str,
        kind: OpKind,
        payload_json: str | None,
        base_json: str | None,
        idempotency_key: str,
        at: str,
        state: OutboxState = OutboxState.QUEUED,
    ) -> int:
        cursor = self.db.execute(
            "INSERT INTO outbox (local_id, kind, payload_json, base_json, idempotency_key, state, "
            "attempts, next_attempt_at, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
            [
                local_id,
                kind.value,
                payload_json,
                base_json,
                idempotency_key,
                state.value,
                at,
                at,
                at,
            ],
        )
        return int(cursor.lastrowid or 0)

    def insert_visit(self, new: NewVisit, *, now: datetime) -> Visit:
        """The visit row, its create operation (idempotency key = local id) and the first
        sync-log event, in ONE transaction."""
        return self.insert_visits([new], now=now)[0]

    def insert_visits(self, news: Sequence[NewVisit], *, now: datetime) -> list[Visit]:
        """Several visits (one press on a building) with their create operations and
        sync-log events, in ONE transaction: all are saved, or none. Visits saved at the
        door and not yet filed are filed first, in the same transaction (their seqs come
        first)."""
        at = iso(now)
        with environment_errors("save the visit"), transaction(self.db):
            self._file_door_saves()
            return [self._insert_new(new, at, _dumps(dict(new.data))) for new in news]

    def save_at_door(self, news: Sequence[NewVisit], *, now: datetime) -> list[Visit]:
        """The door's save: the visits of one press into the door journal
        (``storage/door_journal.py``), in ONE transaction, all or none; filed into the
        visits, outbox and sync-log tables later (``file_door_saves``). Returns the visits
        as they will be filed. A visit to a person added on this laptop is filed at once:
        it names the person's server ids as they are when it is saved."""
        if any(new.local_contact_id is not None for new in news):
            return self.insert_visits(news, now=now)
        at = iso(now)
        saved: list[Visit] = []
        entries: list[door_journal.Entry] = []
        with environment_errors("save the visit"), transaction(self.db, immediate=True):
            seq = door_journal.last_seq(self.db.conn)
            for new in news:
                seq += 1
                data_json = _dumps(dict(new.data))
                fields = {name: getattr(new, name) for name in _NEW_VISIT_FIELDS}
                entries.append((seq, at, _dumps(fields), data_json))
                values = [seq, *_insert_values(new, data_json, at)]
                saved.append(self._visit(_unfiled_row(values)))
            door_journal.append(self.db.conn, entries)
        return saved

    def file_door_saves(self) -> int:
        """File every visit saved at the door and still in the journal into the visits,
        outbox and sync-log tables, in ONE transaction (inside the caller's, if open);
        returns how many. When nothing waits, one read and no transaction."""
        if not door_journal.has_pending(self.db.conn):
            return 0
        with environment_errors("file the visits saved at the door"):
            with transaction(self.db, immediate=True):
                return self._file_door_saves()

    def _file_door_saves(self) -> int:
        filed: list[int] = []
        for entry in door_journal.pending(self.db.conn):
            seq, at, fields_json, data_json = entry
            try:
                new = NewVisit(**json.loads(fields_json), data=json.loads(data_json))
            except (ValueError, TypeError):
                # A bug or damage: the row stays (the recovery exports what it can read)
                # and every other saved visit is filed.
                log.exception("the visit saved at the door as %d cannot be filed", seq)
                continue
            self._insert_new(new, at, data_json, seq=seq)
            filed.append(seq)
        door_journal.forget(self.db.conn, filed)
        return len(filed)

    def _insert_new(self, new: NewVisit, at: str, data_json: str, seq: int | None = None) -> Visit:
        """Inside the caller's transaction: the visit row (with the seq reserved for it at
        the door, if any), its create and its first event. One JSON text for the row and
        its create: the payload of an unsent create is the visit's data."""
        values = _insert_values(new, data_json, at)
        statement = _INSERT_VISIT if seq is None else _FILE_VISIT
        # A plain tuple: a ``sqlite3.Row`` finds each column by name with a linear scan.
        (returned,) = self.db.conn.execute(
            statement, values if seq is None else [seq, *values]
        ).fetchall()
        row: _Row = dict(zip(_VISIT_NAMES, returned, strict=True))
        op_id = self._insert_op(new.local_id, OpKind.CREATE, data_json, None, new.local_id, at)
        self._append(at, new.local_id, "saved", op_id=op_id, to_state="queued", method="POST")
        if new.local_contact_id is not None:
            self._name_person(new.local_id, at, new.local_contact_id)
            (row,) = self._named(_SELECT_VISITS + " WHERE local_id = ?", [new.local_id]).fetchall()
        return self._visit(row)

    def last_press(self, canvasser: str) -> list[Visit]:
        """The canvasser's newest press still standing: its visits (one, or all of a bulk
        press: saved in one transaction, so their seqs follow one another)."""
        newest = self.newest_visit(canvasser)
        if newest is None:
            return []
        if newest.press_id is None:
            return [newest]
        pressed: list[Visit] = []
        with environment_errors("read the last visits"):
            cursor = named(
                self.db, _SELECT_VISITS + " WHERE seq <= ? ORDER BY seq DESC", [newest.seq]
            )
            for row in cursor:
                visit = self._visit(row)
                if visit.press_id != newest.press_id:
                    break
                if not visit.deleted:
                    pressed.append(visit)
        return pressed

    def _name_person(self, local_id: str, at: str, local_contact_id: str | None = None) -> None:
        """Inside the caller's transaction: a visit to a person added on this laptop names
        the server's ids for them where known (their local reference where not), in its
        row and in its unsent create, which waits until both are known. Reading the
        person here, under the write lock, means a result the engine records for them
        cannot slip between."""
        if local_contact_id is not None:
            self.db.execute(
                "UPDATE visits SET local_contact_id = ? WHERE local_id = ?",
                [local_contact_id, local_id],
            )
        row = self._named(
            "SELECT c.local_contact_id, c.display_name, c.server_id, c.link_id, c.state, "
            "c.last_error FROM visits v "
            "JOIN local_contacts c ON c.local_contact_id = v.local_contact_id "
            "WHERE v.local_id = ?",
            [local_id],
        ).fetchone()
        if row is None:
            return
        ref = local_ref(row["local_contact_id"])
        contact_id, link_id = row["server_id"] or ref, row["link_id"] or ref
        waits = None if row["server_id"] and row["link_id"] else row["local_contact_id"]
        self.db.execute(
            "UPDATE visits SET contact_id = ?, contact_household_id = ?, data_json = "
            "json_set(data_json, '$.contactId', ?, '$.contactHouseholdId', ?), updated_at = ? "
            "WHERE local_id = ?",
            [contact_id, link_id, contact_id, link_id, at, local_id],
        )
        self.db.execute(
            "UPDATE outbox SET payload_json = "
            "json_set(payload_json, '$.contactId', ?, '$.contactHouseholdId', ?), "
            "waits_for = ?, updated_at = ? WHERE local_id = ? AND kind = 'create' "
            "AND state != ?",
            [contact_id, link_id, waits, at, local_id, _SENT],
        )
        if waits is not None and row["state"] in _PERSON_REFUSED:
            # The person was refused already: the visit needs attention with them.
            self.db.execute(
                "UPDATE outbox SET state = ?, last_error = ? WHERE local_id = ? "
                "AND kind = 'create' AND state IN (?, ?)",
                [
                    OutboxState.NEEDS_ATTENTION.value,
                    person_refused_reason(row["display_name"], row["last_error"]),
                    local_id,
                    OutboxState.QUEUED.value,
                    OutboxState.RETRY_WAIT.value,
                ],
            )
            self._refresh_state(local_id, at)

    def _update_display(
        self, local_id: str, data: Mapping[str, Any], display: Mapping[str, Any], at: str
    ) -> None:
        allowed = {"contact_name", "address_line", "unit", "outcome", "notes", "answers"}
        sets = ["data_json = ?", "updated_at = ?"]
        params: list[Any] = [_dumps(dict(data)), at]
        for key, value in display.items():
            if key not in allowed:
                raise ValueError(f"not a display column of a visit: {key!r}")
            sets.append(f"{key} = ?")
            params.append(value)
        params.append(local_id)
        self.db.execute(f"UPDATE visits SET {', '.join(sets)} WHERE local_id = ?", params)  # noqa: S608

    def fold_into_create(
        self,
        local_id: str,
        create_op_id: int,
        data: Mapping[str, Any],
        display: Mapping[str, Any],
        *,
        now: datetime,
        changed: Sequence[str] = (),
    ) -> bool:
        """Replace the payload of a create that has not left the device.

        Returns False (and changes nothing) when the create was leased or sent meanwhile,
        so the caller must queue a PATCH instead.
        """
        at = iso(now)
        with environment_errors("save the edit"), transaction(self.db, immediate=True):
            cursor = self.db.execute(
                "UPDATE outbox SET payload_json = :payload, updated_at = :at "  # noqa: S608
                f"WHERE op_id = :op AND kind = 'create' AND state IN {_FOLDABLE_IN} AND "
                "lease_owner IS NULL AND NOT EXISTS "
                "(SELECT 1 FROM outbox later WHERE later.local_id = :id AND later.op_id > :op)",
                {
                    **_FOLDABLE_PARAMS,
                    "payload": _dumps(dict(data)),
                    "at": at,
                    "op": create_op_id,
                    "id": local_id,
                },
            )
            if cursor.rowcount != 1:
                self.db.conn.rollback()
                return False
            self._update_display(local_id, data, display, at)
            self._name_person(local_id, at)  # the edit was made on data read before
            self._append(
                at,
                local_id,
                "edited",
                op_id=create_op_id,
                message="edit folded into the unsent create",
                detail={"paths": list(changed)},
            )
        return True

    def fold_into_patch(
        self,
        local_id: str,
        patch_op_id: int,
        ops: Sequence[Mapping[str, Any]],
        base: Mapping[str, Any],
        data: Mapping[str, Any],
        display: Mapping[str, Any],
        *,
        now: datetime,
    ) -> bool:
        """Append an edit's operations to the visit's last PATCH while it has not been
        sent (queued, retry_wait or rejected, not leased): one request, and a rejected
        edit can be corrected before it is requeued. JSON Patch applies in order, so the
        new ``test`` guards check the values the earlier operations left.

        Returns False (changing nothing) when the patch was leased or another op follows.
        """
        at = iso(now)
        with environment_errors("save the edit"), transaction(self.db, immediate=True):
            row = self._named(
                "SELECT payload_json, base_json FROM outbox "  # noqa: S608
                "WHERE op_id = :op AND local_id = :id "
                f"AND kind = 'patch' AND state IN {_FOLDABLE_IN} AND lease_owner IS NULL "
                "AND NOT EXISTS "
                "(SELECT 1 FROM outbox later WHERE later.local_id = :id AND later.op_id > :op)",
                {**_FOLDABLE_PARAMS, "op": patch_op_id, "id": local_id},
            ).fetchone()
            if row is None:
                self.db.conn.rollback()
                return False
            merged_ops = list(_loads(row["payload_json"]) or []) + [dict(op) for op in ops]
            merged_base = {**dict(base), **dict(_loads(row["base_json"]) or {})}
            self.db.execute(
                "UPDATE outbox SET payload_json = ?, base_json = ?, updated_at = ? WHERE op_id = ?",
                [_dumps(merged_ops), _dumps(merged_base), at, patch_op_id],
            )
            self._update_display(local_id, data, display, at)
            self._append(
                at,
                local_id,
                "edited",
                op_id=patch_op_id,
                message="edit folded into the unsent change",
                detail={"ops": [dict(op) for op in ops]},
            )
        return True

    def add_op(
        self,
        local_id: str,
        kind: OpKind,
        payload: Any,
        base: Any,
        idempotency_key: str,
        *,
        data: Mapping[str, Any] | None,
        display: Mapping[str, Any],
        now: datetime,
        deleted: bool = False,
    ) -> int:
        """Queue a patch or a delete after the visit's other operations."""
        at = iso(now)
        with environment_errors("save the change"), transaction(self.db, immediate=True):
            op_id = self._insert_op(
                local_id,
                kind,
                None if payload is None else _dumps(payload),
                None if base is None else _dumps(base),
                idempotency_key,
                at,
            )
            if data is not None:
                self._update_display(local_id, data, display, at)
            if deleted:
                self.db.execute(
                    "UPDATE visits SET deleted = 1, updated_at = ? WHERE local_id = ?",
                    [at, local_id],
                )
            self._append(
                at,
                local_id,
                "edited" if kind is OpKind.PATCH else "delete_requested",
                op_id=op_id,
                to_state="queued",
                method="PATCH" if kind is OpKind.PATCH else "DELETE",
                detail={"ops": payload} if kind is OpKind.PATCH else None,
            )
            self._refresh_state(local_id, at)
        return op_id

    def void_locally(self, local_id: str, *, now: datetime) -> bool:
        """Void a visit whose create never left the device: nothing to tell the server.

        Its operations are closed (state ``sent``: nothing left to do) and it is marked
        deleted; the row, its data and its log stay. Returns False (changing nothing) when
        the create's state is not voidable (``STATE_RULES``: it was leased, may have
        reached the server, or was sent).
        """
        at = iso(now)
        with environment_errors("void the visit"), transaction(self.db, immediate=True):
            row = self._named(
                "SELECT op_id, state FROM outbox "  # noqa: S608
                f"WHERE local_id = :id AND kind = 'create' AND state IN {_VOIDABLE_IN} "
                "AND lease_owner IS NULL",
                {**_VOIDABLE_PARAMS, "id": local_id},
            ).fetchone()
            if row is None:
                self.db.conn.rollback()
                return False
            self.db.execute(
                "UPDATE outbox SET state = :sent, last_error = NULL, updated_at = :at "
                "WHERE local_id = :id AND state != :sent",
                {"sent": _SENT, "at": at, "id": local_id},
            )
            self.db.execute(
                "UPDATE visits SET deleted = 1, updated_at = ? WHERE local_id = ?", [at, local_id]
            )
            self._append(
                at,
                local_id,
                "voided_locally",
                op_id=row["op_id"],
                from_state=row["state"],
                to_state=_SENT,
                message="voided before it was ever sent: nothing to delete on the server",
            )
            self._refresh_state(local_id, at)
        return True

    def requeue(self, local_id: str, *, now: datetime) -> int:
        """Send a visit again: its first unfinished operation → queued, due now, attempts
        reset. Only where ``STATE_RULES`` allows it (rejected, needs attention, waiting
        for a retry); any other state raises ``OutboxRuleError`` saying why in words (an
        ``unknown`` op must be looked up on the server first, never resent blindly).

        Returns how many operations were requeued (one: operations after the first
        unfinished one are queued already).
        """
        at = iso(now)
        with environment_errors("requeue the visit"), transaction(self.db, immediate=True):
            head = self._named(
                "SELECT op_id, state FROM outbox WHERE local_id = :id AND state != :sent "
                "ORDER BY op_id LIMIT 1",
                {"id": local_id, "sent": _SENT},
            ).fetchone()
            state = OutboxState.SENT if head is None else OutboxState(head["state"])
            if state not in REQUEUEABLE_STATES:
                raise requeue_refused(state)
            self.db.execute(
                "UPDATE outbox SET state = ?, next_attempt_at = ?, attempts = 0, "
                "last_error = NULL, updated_at = ? WHERE op_id = ?",
                [OutboxState.QUEUED.value, at, at, head["op_id"]],
            )
            self._append(
                at,
                local_id,
                "requeued",
                op_id=head["op_id"],
                from_state=state.value,
                to_state=OutboxState.QUEUED.value,
            )
            self._refresh_state(local_id, at)
        return 1

    def reset_backoff(self, *, now: datetime) -> int:
        """ "Sync now": every waiting op whose state allows it (``backoff_resettable``:
        queued, retry_wait) is due at once. Unknown ops keep their wait: it lets a first
        request still in flight land before the lookup."""
        at = iso(now)
        with environment_errors("reset the backoff"), transaction(self.db, immediate=True):
            cursor = self.db.execute(
                "UPDATE outbox SET next_attempt_at = :at "  # noqa: S608
                f"WHERE state IN {_RESETTABLE_IN} AND next_attempt_at > :at",
                {**_RESETTABLE_PARAMS, "at": at},
            )
        return int(cursor.rowcount)

    # --- writing: the engine -----------------------------------------------------------

    def expire_leases(self, *, now: datetime) -> int:
        """``sending`` operations whose lease ran out become ``unknown`` (never ``queued``):
        the request may have reached the server, so the engine reconciles first."""
        return self._release_leases(
            "lease_expires_at <= :at",
            {},
            now=now,
            event="lease_expired",
            message="lease of {owner} expired",
        )

    def release_dead_leases(self, *, now: datetime, live_owner_prefix: str) -> int:
        """At start, in the process that owns the data folder (``storage.dir_lock``):
        every ``sending`` operation leased by another process is an interrupted send of a
        process that is gone (it could not hold the lock otherwise). They become
        ``unknown`` and due at once, without waiting for their leases to run out; the
        engine looks each one up on the server before sending it again. Leases of this
        process (owners starting with ``live_owner_prefix``) are left alone."""
        return self._release_leases(
            "(lease_owner IS NULL OR substr(lease_owner, 1, length(:prefix)) != :prefix)",
            {"prefix": live_owner_prefix},
            now=now,
            event="interrupted",
            message="{owner} stopped while sending (the app closed or crashed): "
            "checking the server before sending again",
        )

    def _release_leases(
        self, where: str, params: Mapping[str, Any], *, now: datetime, event: str, message: str
    ) -> int:
        """``sending`` ops matching ``where`` → ``unknown``, due now, with a log event."""
        at = iso(now)
        sending = OutboxState.SENDING.value
        unknown = OutboxState.UNKNOWN.value
        with environment_errors("recover interrupted sends"), transaction(self.db, immediate=True):
            rows = self._named(
                "SELECT op_id, local_id, lease_owner FROM outbox "  # noqa: S608 (fixed SQL)
                f"WHERE state = :sending AND {where}",
                {**params, "sending": sending, "at": at},
            ).fetchall()
            for row in rows:
                self.db.execute(
                    "UPDATE outbox SET state = ?, lease_owner = NULL, "
                    "lease_expires_at = NULL, next_attempt_at = ?, updated_at = ?, "
                    "last_error = ? WHERE op_id = ?",
                    [
                        unknown,
                        at,
                        at,
                        "the app stopped while sending; checking the server before resending",
                        row["op_id"],
                    ],
                )
                self._append(
                    at,
                    row["local_id"],
                    event,
                    op_id=row["op_id"],
                    from_state=sending,
                    to_state=unknown,
                    message=message.format(owner=row["lease_owner"] or "an engine"),
                )
                self._refresh_state(row["local_id"], at)
        return len(rows)

    def lease_batch(
        self,
        owner: str,
        *,
        now: datetime,
        lease_s: float,
        limit: int,
        exclude: Iterable[int] = (),
    ) -> list[LeasedOp]:
        """Take up to ``limit`` of the oldest due operations that head their visits, all
        marked ``sending`` (with lease and log event) in ONE committed transaction before
        anything is sent (mark before you send). One sender: BEGIN IMMEDIATE and
        ``UPDATE … WHERE state = <what we read>``.

        Only heads are taken, so a batch never holds two operations of one visit, and a
        visit's next operation cannot be taken while this one is unfinished.
        """
        with (
            environment_errors("take the next visits to send"),
            transaction(self.db, immediate=True),
        ):
            events: list[tuple[Any, ...]] = []
            taken = self._take(owner, now, lease_s, limit, exclude, events)
            self._append_many(events)
        return self._leased(taken)

    def lease_next(
        self,
        owner: str,
        *,
        now: datetime,
        lease_s: float,
        exclude: Iterable[int] = (),
    ) -> LeasedOp | None:
        """Take the oldest due operation that heads its visit (a batch of one)."""
        batch = self.lease_batch(owner, now=now, lease_s=lease_s, limit=1, exclude=exclude)
        return batch[0] if batch else None

    def _take(
        self,
        owner: str,
        now: datetime,
        lease_s: float,
        limit: int,
        exclude: Iterable[int],
        events: list[tuple[Any, ...]],
    ) -> list[tuple[int, OutboxState]]:
        """Lease inside the caller's transaction; (op id, state before) of each op taken.
        Their ``lease`` events are added to ``events`` for the caller to append."""
        at = iso(now)
        expires = iso(now + timedelta(seconds=lease_s))
        found = self._json_rows(
            "SELECT json_group_array(json_object('op_id', op_id, 'local_id', local_id, "  # noqa: S608
            "'state', state, 'attempts', attempts)) AS rows FROM ("
            "SELECT o.op_id, o.local_id, o.state, o.attempts FROM outbox AS o "
            f"WHERE o.state IN {_ELIGIBLE_IN} "
            "AND o.next_attempt_at <= :at AND o.waits_for IS NULL "
            "AND o.op_id NOT IN (SELECT value FROM json_each(:exclude)) "
            "AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.local_id = o.local_id "
            "AND p.op_id < o.op_id AND p.state != :sent) "
            "ORDER BY o.op_id LIMIT :limit)",
            {
                **_ELIGIBLE_PARAMS,
                "at": at,
                "exclude": _dumps(sorted(set(exclude))),
                "sent": _SENT,
                "limit": int(limit),
            },
        )
        if not found:
            return []
        sending = OutboxState.SENDING.value
        conn = self.db.conn
        conn.execute(
            "UPDATE outbox SET state = :sending, lease_owner = :owner, "
            "lease_expires_at = :expires, attempts = outbox.attempts + 1, updated_at = :at "
            "FROM (SELECT json_extract(value, '$.op_id') AS op_id, "
            "json_extract(value, '$.state') AS state FROM json_each(:rows)) AS r "
            "WHERE outbox.op_id = r.op_id AND outbox.state = r.state",
            {
                "sending": sending,
                "owner": owner,
                "expires": expires,
                "at": at,
                "rows": _dumps(found),
            },
        )
        events.extend(
            _event_row(
                at,
                row["local_id"],
                "lease",
                op_id=row["op_id"],
                from_state=row["state"],
                to_state=sending,
                message=f"attempt {row['attempts'] + 1} by {owner}",
            )
            for row in found
        )
        self._refresh_states([row["local_id"] for row in found], at)
        return [(row["op_id"], OutboxState(row["state"])) for row in found]

    def _json_rows(self, sql: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The rows of a ``SELECT json_group_array(json_object(...)) AS rows``, by op_id
        (one step for the whole batch; the columns must not be REAL, JSON would round
        them)."""
        text = self._named(sql, params).fetchone()["rows"]
        return sorted(json.loads(text), key=lambda row: row["op_id"])

    def _append_many(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """Append ``_event_row`` events, in order, in one statement."""
        if rows:
            params = [value for row in rows for value in row]
            self.db.conn.execute(_insert_events_sql(len(rows)), params)

    def _refresh_states(self, local_ids: Sequence[str], at: str) -> None:
        self.db.conn.execute(_REFRESH_STATES, {"ids": _dumps(local_ids), "at": at, "sent": _SENT})

    def _leased(self, taken: Sequence[tuple[int, OutboxState]]) -> list[LeasedOp]:
        """One read of the leased ops with their visits (after the commit: they are ours)."""
        if not taken:
            return []
        with environment_errors("read the visits to send"):
            # Plain tuples made into two dicts, the op's and the visit's: a ``sqlite3.Row``
            # finds a column by name with a linear scan, and a leased row has 45 columns.
            rows = self.db.conn.execute(
                _SELECT_LEASED  # noqa: S608 (fixed column lists)
                + " WHERE o.op_id IN (SELECT value FROM json_each(?)) ORDER BY o.op_id",
                [_dumps([op_id for op_id, _ in taken])],
            ).fetchall()
        previous = dict(taken)
        leased = []
        split = len(_OP_NAMES)
        for values in rows:
            op_row = dict(zip(_OP_NAMES, values[:split], strict=True))
            visit_row = dict(zip(_VISIT_NAMES, values[split:], strict=True))
            # A create's payload is its visit's data until it is sent: decoded once.
            loads = _decoded_once(op_row["payload_json"])
            leased.append(
                LeasedOp(
                    op=self._op(op_row, loads),
                    previous_state=previous[op_row["op_id"]],
                    visit=self._visit(visit_row, loads),
                    server_data=_loads(visit_row["server_data_json"]),
                )
            )
        return leased

    def record_rebase(
        self,
        op: OutboxOp,
        owner: str,
        ops: Sequence[Mapping[str, Any]],
        *,
        now: datetime,
        server_data: Mapping[str, Any] | None = None,
        etag: str | None = None,
        **event: Any,
    ) -> None:
        """A leased edit rebased on a server copy, before the request that sends it, in
        ONE transaction: its ``conflict_rebased`` event (``event`` names the fields, the
        overwritten values in ``detail``), its new operations, and, when the copy was
        just fetched, that copy and its etag as the visit's last known server copy. A
        later attempt starts from there instead of rebasing (and logging) again. Raises
        LeaseLost when another engine took the operation over."""
        at = iso(now)
        with environment_errors("record a rebased edit"), transaction(self.db, immediate=True):
            cursor = self.db.execute(
                "UPDATE outbox SET payload_json = ?, updated_at = ? "
                "WHERE op_id = ? AND state = ? AND lease_owner = ?",
                [_dumps(list(ops)), at, op.op_id, OutboxState.SENDING.value, owner],
            )
            if cursor.rowcount != 1:
                raise LeaseLost(f"operation {op.op_id} is no longer held by {owner}")
            if server_data is not None:
                self.db.execute(
                    "UPDATE visits SET server_data_json = ?, etag = COALESCE(?, etag) "
                    "WHERE local_id = ?",
                    [_dumps(dict(server_data)), etag, op.local_id],
                )
            self._append(at, op.local_id, "conflict_rebased", op_id=op.op_id, etag=etag, **event)

    def renew_lease(self, op_id: int, owner: str, *, now: datetime, lease_s: float) -> None:
        """Extend a lease this engine holds (before another round trip of a long
        operation); raises LeaseLost when it is no longer ours."""
        with environment_errors("extend a lease"), transaction(self.db, immediate=True):
            cursor = self.db.execute(
                "UPDATE outbox SET lease_expires_at = ? "
                "WHERE op_id = ? AND state = ? AND lease_owner = ?",
                [
                    iso(now + timedelta(seconds=lease_s)),
                    op_id,
                    OutboxState.SENDING.value,
                    owner,
                ],
            )
            if cursor.rowcount != 1:
                raise LeaseLost(f"operation {op_id} is no longer held by {owner}")

    def finish(
        self, op_id: int, owner: str, state: OutboxState, *, now: datetime, **fields: Any
    ) -> None:
        """Record the result of one leased operation (``Finish`` names the fields) in ONE
        transaction. Raises LeaseLost when another engine took the operation over."""
        if self.finish_many(owner, [Finish(op_id, state, **fields)], now=now):
            raise LeaseLost(f"operation {op_id} is no longer held by {owner}")

    def finish_many(self, owner: str, results: Sequence[Finish], *, now: datetime) -> list[int]:
        """Record the results of leased operations, each with its visit and a log event,
        all in ONE transaction (one commit for many answers: group commit).

        A result whose operation another engine took over is skipped (nothing of it is
        written, the others are); returns those op ids. A result may still be recorded
        when the lease expired and the operation became ``unknown`` but nobody leased it
        again: a known answer beats a guess.
        """
        at = iso(now)
        with environment_errors("record sync results"), transaction(self.db, immediate=True):
            events: list[tuple[Any, ...]] = []
            lost = self._record(owner, results, at, events)
            self._append_many(events)
        return lost

    def finish_and_lease(
        self,
        owner: str,
        results: Sequence[Finish],
        *,
        now: datetime,
        lease_s: float,
        limit: int,
        exclude: Iterable[int] = (),
    ) -> tuple[list[int], list[LeasedOp]]:
        """``finish_many`` then ``lease_batch`` in ONE transaction: the engine's round, one
        commit instead of two. The lease sees the results (a create just sent lets its
        edit be taken); the ops taken are committed ``sending`` before this returns."""
        at = iso(now)
        with (
            environment_errors("record sync results and take the next visits"),
            transaction(self.db, immediate=True),
        ):
            # The round's sync-log events, results' first, go in as one statement.
            events: list[tuple[Any, ...]] = []
            lost = self._record(owner, results, at, events) if results else []
            taken = self._take(owner, now, lease_s, limit, exclude, events) if limit > 0 else []
            self._append_many(events)
        return lost, self._leased(taken)

    def _record(
        self, owner: str, results: Sequence[Finish], at: str, events: list[tuple[Any, ...]]
    ) -> list[int]:
        """Record results inside the caller's transaction; returns the op ids whose lease
        another engine took (nothing of those is written). Their sync-log events are added
        to ``events`` for the caller to append. The fixed-shape statements go out as one
        batch each: every statement costs the pass thread the GIL twice.

        ``adopt_server_data``: the local data becomes ``server_data`` when no later
        operation of the visit is still unfinished (so a newer local edit is never lost).
        """
        found = self._json_rows(
            "SELECT json_group_array(json_object('op_id', op_id, 'local_id', local_id, "
            "'state', state, 'lease_owner', lease_owner)) AS rows "
            "FROM outbox WHERE op_id IN (SELECT value FROM json_each(:ids))",
            {"ids": _dumps([r.op_id for r in results])},
        )
        holders = {row["op_id"]: row for row in found}
        held: list[tuple[Finish, str, str]] = []  # (result, local id, state before)
        lost: list[int] = []
        for result in results:
            holder = holders.get(result.op_id, {})
            local_id, before, lease = (holder.get(k) for k in ("local_id", "state", "lease_owner"))
            if local_id is None or not (
                (before == OutboxState.SENDING and lease == owner)
                or (before == OutboxState.UNKNOWN and lease is None)
            ):
                lost.append(result.op_id)
            else:
                held.append((result, local_id, str(before)))
        if not held:
            return lost
        local_ids = [local_id for _, local_id, _ in held]
        if len(set(local_ids)) != len(local_ids):
            # One row per visit in the statements below; the engine never holds two.
            raise ValueError("results for two operations of one visit in one batch")
        conn = self.db.conn
        outbox_rows = [
            (
                r.op_id,
                r.state.value,
                iso(r.next_attempt_at) if r.next_attempt_at is not None else at,
                r.http_status,
                r.error,
                1 if r.refund_attempt else 0,
                None if r.payload is None else _dumps(r.payload),
            )
            for r, _, _ in held
        ]
        conn.execute(*_batched(_FINISH_OPS, outbox_rows, at=at))
        conn.execute(
            *_batched(
                _FINISH_VISITS,
                [_visit_change(r, local_id) for r, local_id, _ in held],
                at=at,
                sent=_SENT,
            )
        )
        for result, local_id, _ in held:
            if result.merge_pending and result.server_data is not None:
                self._merge_pending(local_id, result.op_id, result.server_data, at)
        events.extend(
            _event_row(
                at,
                local_id,
                r.event,
                op_id=r.op_id,
                from_state=before,
                to_state=r.state.value,
                method=r.method,
                http_status=r.http_status,
                etag=r.etag,
                error_class=r.error_class,
                message=r.error if r.message is None else r.message,
                detail=r.detail,
            )
            for r, local_id, before in held
        )
        return lost

    def _merge_pending(
        self, local_id: str, op_id: int, server_data: Mapping[str, Any], at: str
    ) -> None:
        """The local data := ``server_data`` with the changes of the visit's unfinished
        edits after ``op_id`` (inside the caller's transaction, so no edit slips between).
        An edit that no longer applies leaves the local data as it was: the PATCH itself
        meets the conflict when it is sent."""
        pending = [
            op
            for op in self.ops(local_id)
            if op.op_id > op_id and op.state is not OutboxState.SENT and op.kind is OpKind.PATCH
        ]
        if not pending:
            return
        merged: dict[str, Any] = dict(server_data)
        try:
            for op in pending:
                merged = fold_into(merged, op.payload)
        except CanvassError:
            return
        self.db.execute(
            "UPDATE visits SET data_json = ? WHERE local_id = ?", [_dumps(merged), local_id]
        )

    def mark_synced(self, *, now: datetime) -> None:
        self.set_meta(META_LAST_SYNC, iso(now))

    # --- moving the queue between devices ----------------------------------------------

    def insert_transferred(
        self, row: Mapping[str, Any], ops: Sequence[Mapping[str, Any]], *, now: datetime
    ) -> bool:
        """Insert a visit exported from another device with its operations.

        Returns False when the local id is already known (no duplicates). Operations
        that were ``sending`` become ``unknown``: they may have reached the server.
        """
        at = iso(now)
        columns = [c.strip() for c in _VISIT_COLUMNS.split(",") if c.strip() != "seq"]
        with environment_errors("import the outbox"), transaction(self.db, immediate=True):
            # Saved at the door first: their seqs are reserved, and their local ids count.
            self._file_door_saves()
            exists = self.db.execute(
                "SELECT 1 FROM visits WHERE local_id = ?", [row["local_id"]]
            ).fetchone()
            if exists:
                return False  # nothing written (this may be a savepoint of a whole-file import)
            values = [row.get(c) for c in columns]
            self.db.execute(
                f"INSERT INTO visits ({', '.join(columns)}) "  # noqa: S608 (fixed column list)
                f"VALUES ({', '.join('?' for _ in columns)})",
                values,
            )
            for op in ops:
                state = OutboxState(op["state"])
                if state is OutboxState.SENDING:
                    state = OutboxState.UNKNOWN
                self.db.execute(
                    "INSERT INTO outbox (local_id, kind, payload_json, base_json, idempotency_key, "
                    "state, attempts, next_attempt_at, last_status, last_error, created_at, "
                    "updated_at, waits_for) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        row["local_id"],
                        OpKind(op["kind"]).value,
                        None if op.get("payload") is None else _dumps(op["payload"]),
                        None if op.get("base") is None else _dumps(op["base"]),
                        op["idempotency_key"],
                        state.value,
                        int(op.get("attempts") or 0),
                        at,
                        op.get("last_status"),
                        op.get("last_error"),
                        op.get("created_at") or at,
                        at,
                        op.get("waits_for"),
                    ],
                )
            self._append(
                at, str(row["local_id"]), "imported", message="imported from another device"
            )
            self._refresh_state(str(row["local_id"]), at)
        return True


def fts_query(text: str) -> str:
    """A safe FTS5 query from free text: every word quoted (no operators), prefix match."""
    words = [w for w in text.split() if w]
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def door_journal_row(entry: door_journal.Entry) -> dict[str, Any]:
    """The visits row a door journal entry files as (the recovery reads entries from a
    damaged file this way); raises ValueError or TypeError for an entry that is not one."""
    seq, saved_at, fields_json, data_json = entry
    fields = json.loads(fields_json)
    if not isinstance(fields, dict):
        raise ValueError("the saved visit's fields are not an object")
    new = NewVisit(**fields, data={})
    return _unfiled_row([seq, *_insert_values(new, data_json, saved_at)])


def file_door_saves(conn: sqlite3.Connection) -> int:
    """``VisitRepo.file_door_saves`` for code that holds a bare connection (the search
    index's step)."""
    if not door_journal.has_pending(conn):
        return 0
    return VisitRepo(sqlite_utils.Database(conn), filed=False).file_door_saves()


def _by_state(rows: Iterable[sqlite3.Row]) -> dict[OutboxState, int]:
    counts = {state: 0 for state in OutboxState}
    for row in rows:
        counts[OutboxState(row["state"])] = int(row["n"])
    return counts
