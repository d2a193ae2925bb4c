"""PINs at rest: the supervisor's (one row) and each canvasser's, with their lockout.

Only a salted scrypt hash is kept (``services.people`` hashes and decides). The lockout
(``failed_attempts``, ``locked_until``) lives in the same encrypted file, so clearing it
needs the database key (docs/SECURITY.md). Two tables of the same shape; which one is
picked by ``canvasser`` (None: the supervisor), never by a name from outside.
"""

from __future__ import annotations

from dataclasses import dataclass

from canvass_app.storage.dbapi import sqlite3
from canvass_app.storage.rows import named


@dataclass(frozen=True)
class PinRecord:
    salt: bytes
    pin_hash: bytes
    n: int
    r: int
    p: int
    failed_attempts: int
    locked_until: str | None
    must_change: bool


_COLUMNS = "salt, pin_hash, n, r, p, failed_attempts, locked_until, must_change"


def _where(canvasser: str | None) -> tuple[str, str, list[object]]:
    """The table and the row of one PIN (fixed SQL; the canvasser id is bound)."""
    if canvasser is None:
        return "supervisor_pin", "id = ?", [1]
    return "canvasser_pins", "canvasser_id = ?", [canvasser]


def load_pin(conn: sqlite3.Connection, canvasser: str | None = None) -> PinRecord | None:
    table, where, params = _where(canvasser)
    sql = f"SELECT {_COLUMNS} FROM {table} WHERE {where}"  # noqa: S608 - fixed SQL
    values = named(conn, sql, params).fetchone()
    if values is None:
        return None
    return PinRecord(
        salt=bytes(values["salt"]),
        pin_hash=bytes(values["pin_hash"]),
        n=int(values["n"]),
        r=int(values["r"]),
        p=int(values["p"]),
        failed_attempts=int(values["failed_attempts"]),
        locked_until=values["locked_until"],
        must_change=bool(values["must_change"]),
    )


def save_pin(
    conn: sqlite3.Connection,
    *,
    canvasser: str | None = None,
    salt: bytes,
    pin_hash: bytes,
    n: int,
    r: int,
    p: int,
    now: str,
) -> None:
    """Store a new PIN hash; a new PIN clears failed attempts, any lockout, and the
    request to change it."""
    key_column, key = ("id", 1) if canvasser is None else ("canvasser_id", canvasser)
    table = _where(canvasser)[0]
    with conn:
        conn.execute(
            f"INSERT INTO {table} ({key_column}, salt, pin_hash, n, r, p, failed_attempts,"  # noqa: S608
            " locked_until, must_change, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, NULL, 0, ?)"
            f" ON CONFLICT({key_column}) DO UPDATE SET salt = excluded.salt,"
            " pin_hash = excluded.pin_hash, n = excluded.n, r = excluded.r, p = excluded.p,"
            " failed_attempts = 0, locked_until = NULL, must_change = 0,"
            " updated_at = excluded.updated_at",
            [key, salt, pin_hash, n, r, p, now],
        )


def record_pin_attempt(
    conn: sqlite3.Connection,
    *,
    canvasser: str | None = None,
    failed_attempts: int,
    locked_until: str | None,
    now: str,
) -> None:
    table, where, params = _where(canvasser)
    conn.execute(
        f"UPDATE {table} SET failed_attempts = ?, locked_until = ?, updated_at = ?"  # noqa: S608
        f" WHERE {where}",
        [failed_attempts, locked_until, now, *params],
    )
