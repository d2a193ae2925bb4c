"""Reading rows by column name (``sqlite3.Row``), never by position: a column added to or
moved in a SELECT must not shift what the code reads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlite_utils

from canvass_app.storage.dbapi import sqlite3


def named(
    conn: sqlite3.Connection | sqlite_utils.Database,
    sql: str,
    params: Sequence[Any] | Mapping[str, Any] = (),
) -> sqlite3.Cursor:
    """Execute ``sql`` on a cursor whose rows are ``sqlite3.Row`` (``row["column"]``);
    the connection's own row factory is left alone."""
    raw = conn.conn if isinstance(conn, sqlite_utils.Database) else conn
    cursor = raw.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, params)
