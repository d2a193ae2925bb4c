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
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlite_utils

from canvass_app.core.contact import ContactOp, ContactOpKind, LocalContact
from canvass_app.core.outbox import OutboxState
from canvass_app.storage.db import environment_errors, iso, transaction

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
        cursor = self.db.conn.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor.execute(sql, params).fetchall()

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

    def ops(self, local_contact_id: str) -> list[ContactOp]:
        rows = self._rows(
            _SELECT_OPS + " WHERE local_contact_id = ? ORDER BY op_id", [local_contact_id]
        )
        return [self._op(row) for row in rows]

    # --- writing: the canvasser's actions ----------------------------------------------

    def _event(self, at: str, local_id: str, event: str, **fields: Any) -> None:
        detail = fields.pop("detail", None)
        columns = ["at", "local_id", "event", *fields, "detail_json"]
        values = [at, local_id, event, *fields.values(), None if detail is None else _dumps(detail)]
        self.db.execute(
            f"INSERT INTO sync_log ({', '.join(columns)}) "  # noqa: S608 (names from code)
            f"VALUES ({', '.join('?' for _ in columns)})",
            values,
        )

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
