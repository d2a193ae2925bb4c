"""``ContactRepo``: people added on this laptop and the requests that put them on the server.

A person added at the door is one ``local_contacts`` row and two ``contact_ops``, in
order: the contact (``POST /v2/contacts``), then its link to the household (``PUT
/v2/contacts/{id}/households/{householdId}``). Visits to them wait (``outbox.waits_for``)
until both are on the server. Every write is ONE transaction that also keeps
``local_contacts.state`` in step (the state of the first unfinished request, else sent)
and appends to the sync log (``local_id`` = the local contact id). All SQL parameters are
bound.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from canvass_app.core.contact import ContactOp, ContactOpKind, LocalContact
from canvass_app.core.outbox import ELIGIBLE_STATES, OutboxState
from canvass_app.storage.db import environment_errors, iso, transaction
from canvass_app.storage.dbapi import sqlite3
from canvass_app.storage.rows import named
from canvass_app.storage.visits import (
    LeaseLost,
    append_log,
    person_refused_reason,
    refresh_visit_state,
)

_CONTACT_COLUMNS = (
    "local_contact_id, canvasser, walklist_id, campaign_id, household_id, address_line, "
    "unit, display_name, data_json, server_id, link_id, state, last_error, created_at, "
    "updated_at"
)
_OP_COLUMNS = (
    "op_id, local_contact_id, kind, payload_json, state, attempts, next_attempt_at, "
    "lease_owner, lease_expires_at, last_status, last_error, created_at, updated_at"
)
_SELECT_CONTACTS = f"SELECT {_CONTACT_COLUMNS} FROM local_contacts"  # noqa: S608 (fixed)
_SELECT_OPS = f"SELECT {_OP_COLUMNS} FROM contact_ops"  # noqa: S608 (fixed)
_SENT = OutboxState.SENT.value
_QUEUED = OutboxState.QUEUED.value

# local_contacts.state/last_error := those of the first unfinished request, else sent.
_REFRESH_CONTACT = (
    "UPDATE local_contacts SET "
    "state = COALESCE((SELECT state FROM contact_ops o WHERE o.local_contact_id = "
    "local_contacts.local_contact_id AND o.state != :sent ORDER BY op_id LIMIT 1), :sent), "
    "last_error = (SELECT last_error FROM contact_ops o WHERE o.local_contact_id = "
    "local_contacts.local_contact_id AND o.state != :sent ORDER BY op_id LIMIT 1), "
    "updated_at = :at WHERE local_contact_id = :id"
)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


_ELIGIBLE = _dumps(sorted(state.value for state in ELIGIBLE_STATES))
# A visit create waiting for its person is in one of these (it never left the laptop).
_WAITING = sorted(state.value for state in (OutboxState.QUEUED, OutboxState.RETRY_WAIT))


@dataclass(frozen=True)
class NewLocalContact:
    """Everything needed to save a person added at the door (services build it)."""

    local_contact_id: str
    canvasser: str
    walklist_id: str | None
    campaign_id: str | None
    household_id: str
    display_name: str
    data: Mapping[str, Any]  # core.contact.contact_data
    address_line: str = ""
    unit: str = ""


class ContactRepo:
    """Transactions on local_contacts and contact_ops (and the sync log)."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    # --- reading -----------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[sqlite3.Row]:
        return named(self.db, sql, params).fetchall()

    @staticmethod
    def _contact(row: sqlite3.Row) -> LocalContact:
        return LocalContact(
            local_contact_id=row["local_contact_id"],
            canvasser=row["canvasser"],
            walklist_id=row["walklist_id"],
            campaign_id=row["campaign_id"],
            household_id=row["household_id"],
            address_line=row["address_line"],
            unit=row["unit"],
            display_name=row["display_name"],
            data=json.loads(row["data_json"]),
            server_id=row["server_id"],
            link_id=row["link_id"],
            state=OutboxState(row["state"]),
            last_error=row["last_error"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

    @staticmethod
    def _op(row: sqlite3.Row) -> ContactOp:
        return ContactOp(
            op_id=row["op_id"],
            local_contact_id=row["local_contact_id"],
            kind=ContactOpKind(row["kind"]),
            payload=_loads(row["payload_json"]),
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

    def get(self, local_contact_id: str) -> LocalContact | None:
        with environment_errors("read a person added here"):
            rows = self._rows(_SELECT_CONTACTS + " WHERE local_contact_id = ?", [local_contact_id])
        return self._contact(rows[0]) if rows else None

    def at_households(self, household_ids: Iterable[str]) -> list[LocalContact]:
        """The people added here who live at these households, oldest first."""
        wanted = sorted(set(household_ids))
        if not wanted:
            return []
        with environment_errors("read the people added here"):
            rows = self._rows(
                _SELECT_CONTACTS  # noqa: S608 (fixed column list)
                + " WHERE household_id IN (SELECT value FROM json_each(?))"
                " ORDER BY created_at, local_contact_id",
                [_dumps(wanted)],
            )
        return [self._contact(row) for row in rows]

    def all(self) -> list[LocalContact]:
        """Every person added on this laptop, oldest first."""
        with environment_errors("read the people added here"):
            rows = self._rows(_SELECT_CONTACTS + " ORDER BY created_at, local_contact_id")
        return [self._contact(row) for row in rows]

    def unsent_count(self) -> int:
        """People added here who are not (yet) on the server."""
        rows = self._rows("SELECT COUNT(*) AS n FROM local_contacts WHERE state != ?", [_SENT])
        return int(rows[0]["n"])

    def ops(self, local_contact_id: str) -> list[ContactOp]:
        rows = self._rows(
            _SELECT_OPS + " WHERE local_contact_id = ? ORDER BY op_id", [local_contact_id]
        )
        return [self._op(row) for row in rows]

    def transfer_record(self, local_contact_id: str) -> dict[str, Any] | None:
        """A person as ``outbox export`` writes them: every column, and their requests."""
        rows = self._rows("SELECT * FROM local_contacts WHERE local_contact_id = ?",
                          [local_contact_id])  # fmt: skip
        if not rows:
            return None
        return {
            "row": {name: rows[0][name] for name in rows[0].keys()},
            "ops": [
                {
                    "kind": op.kind.value,
                    "payload": op.payload,
                    "state": op.state.value,
                    "attempts": op.attempts,
                    "last_status": op.last_status,
                    "last_error": op.last_error,
                    "created_at": op.created_at,
                }
                for op in self.ops(local_contact_id)
            ],
        }

    def unsent_ids(self) -> list[str]:
        """People added here who are not (yet) on the server, oldest first."""
        rows = self._rows(
            "SELECT local_contact_id FROM local_contacts WHERE state != ? "
            "ORDER BY created_at, local_contact_id",
            [_SENT],
        )
        return [str(row["local_contact_id"]) for row in rows]

    def insert_transferred(self, record: Mapping[str, Any], *, now: datetime) -> bool:
        """A person exported from another laptop, with their requests (``sending`` ones
        become ``unknown``: they may have reached the server). False when already here."""
        at = iso(now)
        row = record["row"]
        columns = [c.strip() for c in _CONTACT_COLUMNS.split(",")] + ["etag", "server_data_json"]
        with environment_errors("import the outbox"), transaction(self.db, immediate=True):
            if self._rows(
                "SELECT 1 FROM local_contacts WHERE local_contact_id = ?",
                [row["local_contact_id"]],
            ):
                return False
            self.db.execute(
                f"INSERT INTO local_contacts ({', '.join(columns)}) "  # noqa: S608 (fixed)
                f"VALUES ({', '.join('?' for _ in columns)})",
                [row.get(name) for name in columns],
            )
            for op in record["ops"]:
                state = OutboxState(op["state"])
                if state is OutboxState.SENDING:
                    state = OutboxState.UNKNOWN
                self.db.execute(
                    "INSERT INTO contact_ops (local_contact_id, kind, payload_json, state, "
                    "attempts, next_attempt_at, last_status, last_error, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        row["local_contact_id"],
                        ContactOpKind(op["kind"]).value,
                        None if op.get("payload") is None else _dumps(op["payload"]),
                        state.value,
                        int(op.get("attempts") or 0),
                        at,
                        op.get("last_status"),
                        op.get("last_error"),
                        op.get("created_at") or at,
                        at,
                    ],
                )
            self._event(
                at, row["local_contact_id"], "imported", message="imported from another device"
            )
            self._refresh(row["local_contact_id"], at)
        return True

    # --- writing: the canvasser's actions ----------------------------------------------

    def _event(self, at: str, local_id: str, event: str, **fields: Any) -> None:
        append_log(self.db, at, local_id, event, **fields)

    def append_event(self, local_id: str, event: str, *, now: datetime, **fields: Any) -> None:
        """Append one sync-log event in its own transaction (a lookup before a resend)."""
        with environment_errors("write the sync log"), transaction(self.db):
            self._event(iso(now), local_id, event, **fields)

    def _refresh(self, local_contact_id: str, at: str) -> None:
        self.db.execute(_REFRESH_CONTACT, {"sent": _SENT, "at": at, "id": local_contact_id})

    def add(self, new: NewLocalContact, *, now: datetime) -> LocalContact:
        """The person and their two requests (contact, then link), queued, with the first
        sync-log event, in ONE transaction."""
        at = iso(now)
        with environment_errors("save the new person"), transaction(self.db, immediate=True):
            self.db.execute(
                "INSERT INTO local_contacts (local_contact_id, canvasser, walklist_id, "
                "campaign_id, household_id, address_line, unit, display_name, data_json, "
                "state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    new.local_contact_id,
                    new.canvasser,
                    new.walklist_id,
                    new.campaign_id,
                    new.household_id,
                    new.address_line,
                    new.unit,
                    new.display_name,
                    _dumps(dict(new.data)),
                    _QUEUED,
                    at,
                    at,
                ],
            )
            for kind, payload in (
                (ContactOpKind.CREATE, dict(new.data)),
                (ContactOpKind.LINK, {"householdId": new.household_id}),
            ):
                cursor = self.db.execute(
                    "INSERT INTO contact_ops (local_contact_id, kind, payload_json, state, "
                    "attempts, next_attempt_at, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, 0, ?, ?, ?)",
                    [new.local_contact_id, kind.value, _dumps(payload), _QUEUED, at, at, at],
                )
                if kind is ContactOpKind.CREATE:
                    self._event(
                        at,
                        new.local_contact_id,
                        "person_added",
                        op_id=cursor.lastrowid,
                        to_state=_QUEUED,
                        method="POST",
                        message=f"{new.display_name} added at the door by {new.canvasser}",
                    )
        added = self.get(new.local_contact_id)
        assert added is not None
        return added

    def fold_edit(
        self,
        local_contact_id: str,
        data: Mapping[str, Any],
        display_name: str,
        *,
        foldable: Iterable[OutboxState],
        now: datetime,
    ) -> bool:
        """Correct a person whose contact has not left the laptop: the new details
        replace the create's payload, the person's row and the name on their visits, in
        ONE transaction. Returns False (changing nothing) when the create was leased,
        may have reached the server, or was sent (``foldable`` lists the states that
        allow it)."""
        at = iso(now)
        states = sorted(OutboxState(s).value for s in foldable)
        with environment_errors("save the change"), transaction(self.db, immediate=True):
            cursor = self.db.execute(
                "UPDATE contact_ops SET payload_json = ?, updated_at = ? "
                "WHERE local_contact_id = ? AND kind = ? AND lease_owner IS NULL "
                "AND state IN (SELECT value FROM json_each(?))",
                [
                    _dumps(dict(data)),
                    at,
                    local_contact_id,
                    ContactOpKind.CREATE.value,
                    _dumps(states),
                ],
            )
            if cursor.rowcount != 1:
                self.db.conn.rollback()
                return False
            self.db.execute(
                "UPDATE local_contacts SET data_json = ?, display_name = ?, updated_at = ? "
                "WHERE local_contact_id = ?",
                [_dumps(dict(data)), display_name, at, local_contact_id],
            )
            self.db.execute(
                "UPDATE visits SET contact_name = ?, updated_at = ? WHERE local_contact_id = ?",
                [display_name, at, local_contact_id],
            )
            self._event(
                at,
                local_contact_id,
                "edited",
                message="the change was folded into the contact not yet sent",
            )
        return True

    def requeue(
        self, local_contact_id: str, *, requeueable: Iterable[OutboxState], now: datetime
    ) -> bool:
        """Send a refused person again (after a correction): their first unfinished
        request → queued, due now, attempts reset, and the visits that wait for them
        (needs attention because of the refusal) back to queued, in ONE transaction.
        False (nothing changed) when the request's state does not allow a requeue."""
        at = iso(now)
        allowed = {OutboxState(s).value for s in requeueable}
        with environment_errors("requeue the person"), transaction(self.db, immediate=True):
            head = self._head(local_contact_id)
            if head is None or head["state"] not in allowed:
                self.db.conn.rollback()
                return False
            self.db.execute(
                "UPDATE contact_ops SET state = ?, next_attempt_at = ?, attempts = 0, "
                "last_error = NULL, updated_at = ? WHERE op_id = ?",
                [_QUEUED, at, at, head["op_id"]],
            )
            self._event(
                at,
                local_contact_id,
                "requeued",
                op_id=head["op_id"],
                from_state=head["state"],
                to_state=_QUEUED,
            )
            self._refresh(local_contact_id, at)
            self._release_waiting(local_contact_id, at)
        return True

    def _head(self, local_contact_id: str) -> sqlite3.Row | None:
        rows = self._rows(
            "SELECT op_id, kind, state FROM contact_ops WHERE local_contact_id = ? "
            "AND state != ? ORDER BY op_id LIMIT 1",
            [local_contact_id, _SENT],
        )
        return rows[0] if rows else None

    # --- writing: the engine -----------------------------------------------------------

    def eligible_count(self, now: datetime) -> int:
        """Requests the engine may send now: due, and first unfinished of their person."""
        rows = self._rows(
            "SELECT COUNT(*) AS n FROM contact_ops o WHERE o.state IN "
            "(SELECT value FROM json_each(:eligible)) AND o.next_attempt_at <= :now "
            "AND NOT EXISTS (SELECT 1 FROM contact_ops p WHERE p.local_contact_id = "
            "o.local_contact_id AND p.op_id < o.op_id AND p.state != :sent)",
            {"eligible": _ELIGIBLE, "now": iso(now), "sent": _SENT},
        )
        return int(rows[0]["n"])

    def reset_backoff(self, *, now: datetime, states: Iterable[OutboxState]) -> int:
        """ "Sync now": requests waiting in ``states`` are due at once."""
        at = iso(now)
        values = _dumps(sorted(OutboxState(s).value for s in states))
        with environment_errors("reset the backoff"), transaction(self.db, immediate=True):
            cursor = self.db.execute(
                "UPDATE contact_ops SET next_attempt_at = ? WHERE next_attempt_at > ? "
                "AND state IN (SELECT value FROM json_each(?))",
                [at, at, values],
            )
        return int(cursor.rowcount)

    def expire_leases(self, *, now: datetime) -> int:
        """``sending`` requests whose lease ran out become ``unknown`` (never ``queued``):
        the request may have reached the server, so the engine looks first."""
        return self._release_leases(
            "lease_expires_at <= :at", {}, now=now, event="lease_expired",
            message="lease of {owner} expired",
        )  # fmt: skip

    def release_dead_leases(self, *, now: datetime, live_owner_prefix: str) -> int:
        """At start, in the process that owns the data folder: requests a gone process
        was sending become ``unknown``, due now (looked up before any resend)."""
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
        at = iso(now)
        sending, unknown = OutboxState.SENDING.value, OutboxState.UNKNOWN.value
        with environment_errors("recover interrupted sends"), transaction(self.db, immediate=True):
            rows = self._rows(
                "SELECT op_id, local_contact_id, lease_owner FROM contact_ops "  # noqa: S608
                f"WHERE state = :sending AND {where}",
                {**params, "sending": sending, "at": at},
            )
            for row in rows:
                self.db.execute(
                    "UPDATE contact_ops SET state = ?, lease_owner = NULL, "
                    "lease_expires_at = NULL, next_attempt_at = ?, last_error = ?, "
                    "updated_at = ? WHERE op_id = ?",
                    [unknown, at, "stopped while sending; checking the server first", at,
                     row["op_id"]],
                )  # fmt: skip
                self._event(
                    at,
                    row["local_contact_id"],
                    event,
                    op_id=row["op_id"],
                    from_state=sending,
                    to_state=unknown,
                    message=message.format(owner=row["lease_owner"] or "an engine"),
                )
                self._refresh(row["local_contact_id"], at)
        return len(rows)

    def lease_next(
        self, owner: str, *, now: datetime, lease_s: float, exclude: Iterable[int] = ()
    ) -> LeasedContactOp | None:
        """Take the oldest due request that heads its person, marked ``sending`` with its
        lease and a log event, committed before anything is sent (mark before send)."""
        at = iso(now)
        expires = iso(now + timedelta(seconds=lease_s))
        with (
            environment_errors("take the next person to send"),
            transaction(self.db, immediate=True),
        ):
            rows = self._rows(
                _SELECT_OPS  # noqa: S608 (fixed column list)
                + " AS o WHERE o.state IN (SELECT value FROM json_each(:eligible)) "
                "AND o.next_attempt_at <= :now "
                "AND o.op_id NOT IN (SELECT value FROM json_each(:exclude)) "
                "AND NOT EXISTS (SELECT 1 FROM contact_ops p WHERE p.local_contact_id = "
                "o.local_contact_id AND p.op_id < o.op_id AND p.state != :sent) "
                "ORDER BY o.op_id LIMIT 1",
                {
                    "eligible": _ELIGIBLE,
                    "now": at,
                    "exclude": _dumps(sorted(set(exclude))),
                    "sent": _SENT,
                },
            )
            if not rows:
                return None
            op = self._op(rows[0])
            self.db.execute(
                "UPDATE contact_ops SET state = ?, lease_owner = ?, lease_expires_at = ?, "
                "attempts = attempts + 1, updated_at = ? WHERE op_id = ?",
                [OutboxState.SENDING.value, owner, expires, at, op.op_id],
            )
            self._event(
                at,
                op.local_contact_id,
                "lease",
                op_id=op.op_id,
                from_state=op.state.value,
                to_state=OutboxState.SENDING.value,
                message=f"attempt {op.attempts + 1} by {owner}",
            )
            self._refresh(op.local_contact_id, at)
        leased = self.ops(op.local_contact_id)
        person = self.get(op.local_contact_id)
        assert person is not None
        held = next(o for o in leased if o.op_id == op.op_id)
        return LeasedContactOp(held, op.state, person)

    def renew_lease(self, op_id: int, owner: str, *, now: datetime, lease_s: float) -> None:
        """Extend a lease held (before another request of one attempt); LeaseLost when
        another engine took the request over."""
        with environment_errors("extend a lease"), transaction(self.db, immediate=True):
            cursor = self.db.execute(
                "UPDATE contact_ops SET lease_expires_at = ? "
                "WHERE op_id = ? AND state = ? AND lease_owner = ?",
                [iso(now + timedelta(seconds=lease_s)), op_id, OutboxState.SENDING.value, owner],
            )
            if cursor.rowcount != 1:
                raise LeaseLost(f"request {op_id} is no longer held by {owner}")

    def finish(self, owner: str, result: ContactFinish, *, now: datetime) -> None:
        """Record the result of a leased request in ONE transaction, with what it means
        for the visits that wait for this person:

        - the contact made: its server id goes into their payloads (``contactId``);
        - the link made: its id too (``contactHouseholdId``), and they wait no more;
        - refused (rejected, needs attention): they need attention, with the reason.

        Raises LeaseLost (writing nothing) when another engine took the request over.
        A result is still recorded when the lease expired and the request became
        ``unknown`` but nobody took it again: a known answer beats a guess."""
        at = iso(now)
        with environment_errors("record a sync result"), transaction(self.db, immediate=True):
            rows = self._rows(_SELECT_OPS + " WHERE op_id = ?", [result.op_id])
            op = self._op(rows[0]) if rows else None
            held = op is not None and (
                (op.state is OutboxState.SENDING and op.lease_owner == owner)
                or (op.state is OutboxState.UNKNOWN and op.lease_owner is None)
            )
            if op is None or not held:
                raise LeaseLost(f"request {result.op_id} is no longer held by {owner}")
            next_at = iso(result.next_attempt_at) if result.next_attempt_at else at
            self.db.execute(
                "UPDATE contact_ops SET state = ?, lease_owner = NULL, lease_expires_at = NULL, "
                "next_attempt_at = ?, last_status = ?, last_error = ?, updated_at = ?, "
                "attempts = attempts - ? WHERE op_id = ?",
                [result.state.value, next_at, result.http_status, result.error, at,
                 1 if result.refund_attempt else 0, op.op_id],
            )  # fmt: skip
            lc = op.local_contact_id
            self._event(
                at,
                lc,
                result.event,
                op_id=op.op_id,
                from_state=op.state.value,
                to_state=result.state.value,
                method=result.method,
                http_status=result.http_status,
                etag=result.etag,
                error_class=result.error_class,
                message=result.message if result.message is not None else result.error,
                detail=None if result.detail is None else dict(result.detail),
            )
            if result.state is OutboxState.SENT and op.kind is ContactOpKind.CREATE:
                self._contact_made(lc, result, at)
            elif result.state is OutboxState.SENT:
                self._link_made(lc, result, at)
            elif result.state in (OutboxState.REJECTED, OutboxState.NEEDS_ATTENTION):
                self._refused(lc, result, at)
            self._refresh(lc, at)

    def _contact_made(self, lc: str, result: ContactFinish, at: str) -> None:
        if not result.server_id:
            raise ValueError("a contact recorded as sent needs its server id")
        self.db.execute(
            "UPDATE local_contacts SET server_id = ?, etag = ?, server_data_json = ? "
            "WHERE local_contact_id = ?",
            [result.server_id, result.etag,
             None if result.server_data is None else _dumps(dict(result.server_data)), lc],
        )  # fmt: skip
        self._rewrite_waiting(lc, "$.contactId", "contact_id", result.server_id, at)
        self._tell_waiting(
            lc,
            at,
            "person_sent",
            f"the new person is on the server as contact {result.server_id}; "
            "this visit now names that id",
        )

    def _link_made(self, lc: str, result: ContactFinish, at: str) -> None:
        if not result.link_id:
            raise ValueError("a link recorded as sent needs its id")
        self.db.execute(
            "UPDATE local_contacts SET link_id = ? WHERE local_contact_id = ?",
            [result.link_id, lc],
        )
        self._rewrite_waiting(lc, "$.contactHouseholdId", "contact_household_id",
                              result.link_id, at)  # fmt: skip
        self._tell_waiting(
            lc,
            at,
            "person_linked",
            f"the new person is linked to the household ({result.link_id}); this visit can be sent",
        )
        self.db.execute(
            "UPDATE outbox SET waits_for = NULL, updated_at = ? WHERE waits_for = ?", [at, lc]
        )

    def _rewrite_waiting(self, lc: str, json_path: str, column: str, value: str, at: str) -> None:
        """The server's id into the payloads of the visits waiting for this person, and
        into those visits' own rows (their local data and their ids)."""
        self.db.execute(
            "UPDATE outbox SET payload_json = json_set(payload_json, ?, ?), updated_at = ? "
            "WHERE waits_for = ? AND kind = 'create'",
            [json_path, value, at, lc],
        )
        self.db.execute(
            f"UPDATE visits SET {column} = ?, "  # noqa: S608 (a column name from code)
            "data_json = json_set(data_json, ?, ?), updated_at = ? WHERE local_contact_id = ?",
            [value, json_path, value, at, lc],
        )

    def _refused(self, lc: str, result: ContactFinish, at: str) -> None:
        """The person's request was refused: the visits waiting for them need attention
        (they are never sent with a placeholder)."""
        person = self.get(lc)
        name = person.display_name if person is not None else "the new person"
        reason = person_refused_reason(name, result.error or result.state.value)
        waiting = self._rows(
            "SELECT op_id, local_id, state FROM outbox WHERE waits_for = ? AND kind = 'create' "
            "AND state IN (SELECT value FROM json_each(?))",
            [lc, _dumps(_WAITING)],
        )
        attention = OutboxState.NEEDS_ATTENTION.value
        for row in waiting:
            self.db.execute(
                "UPDATE outbox SET state = ?, last_error = ?, updated_at = ? WHERE op_id = ?",
                [attention, reason, at, row["op_id"]],
            )
            self._event(
                at, row["local_id"], "person_refused", op_id=row["op_id"],
                from_state=row["state"], to_state=attention, message=reason,
            )  # fmt: skip
            self._refresh_visit(row["local_id"], at)

    def _release_waiting(self, lc: str, at: str) -> None:
        """After a requeue of the person: their waiting visits are queued again."""
        waiting = self._rows(
            "SELECT op_id, local_id FROM outbox WHERE waits_for = ? AND kind = 'create' "
            "AND state = ?",
            [lc, OutboxState.NEEDS_ATTENTION.value],
        )
        for row in waiting:
            self.db.execute(
                "UPDATE outbox SET state = ?, last_error = NULL, next_attempt_at = ?, "
                "updated_at = ? WHERE op_id = ?",
                [_QUEUED, at, at, row["op_id"]],
            )
            self._event(
                at, row["local_id"], "requeued", op_id=row["op_id"],
                from_state=OutboxState.NEEDS_ATTENTION.value, to_state=_QUEUED,
                message="the person it waits for is being sent again",
            )  # fmt: skip
            self._refresh_visit(row["local_id"], at)

    def _tell_waiting(self, lc: str, at: str, event: str, message: str) -> None:
        for row in self._rows(
            "SELECT op_id, local_id FROM outbox WHERE waits_for = ? AND kind = 'create'", [lc]
        ):
            self._event(at, row["local_id"], event, op_id=row["op_id"], message=message)

    def _refresh_visit(self, local_id: str, at: str) -> None:
        refresh_visit_state(self.db, local_id, at)


@dataclass(frozen=True)
class LeasedContactOp:
    """A request this engine now holds (``sending``), with its person."""

    op: ContactOp
    previous_state: OutboxState
    person: LocalContact


@dataclass(frozen=True)
class ContactFinish:
    """The result of one leased request, as ``ContactRepo.finish`` records it.

    ``server_id``/``etag``/``server_data``: the contact the server answered (a create);
    ``link_id``: the contact-household id (a link); ``next_attempt_at`` None = now;
    ``refund_attempt``: the attempt does not count (sign-in, a stopped pass).
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
    link_id: str | None = None
    refund_attempt: bool = False
    message: str | None = None
    detail: Mapping[str, Any] | None = None
