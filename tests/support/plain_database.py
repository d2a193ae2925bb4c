"""A plain (unencrypted) database as Canvass wrote it before encryption at rest.

The page-level salvage (``storage/salvage.py``) reads SQLite's plain page format, and the
migration to an encrypted file starts from such a file: these tests make one with the
same schema, without a key, and use it as the app used it then.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from canvass_app.storage.db import database_path
from canvass_app.storage.dbapi import sqlite3
from canvass_app.storage.encryption import is_plain
from canvass_app.storage.migrations import migrate


def plain_database(data_dir: Path) -> sqlite_utils.Database:
    """A new plain database in ``data_dir``, migrated, in WAL mode, as the old app opened it."""
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    path = database_path(data_dir)
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    db = sqlite_utils.Database(conn)
    migrate(db)
    assert is_plain(path)
    return db
