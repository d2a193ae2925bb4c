"""The DB-API module of the visits database: SQLCipher's (``sqlcipher3``), SQLite with
encryption at rest.

``sqlcipher3`` is the standard library's ``sqlite3`` module built on SQLCipher: the same
API, but its own classes. An error it raises is a ``sqlcipher3.dbapi2.Error``, not a
``sqlite3.Error``, and its ``Row`` needs its own cursors. So every module that opens, reads
or catches errors of the visits database imports ``sqlite3`` from here, never the standard
library's. (The map's MBTiles files and the reference server's own store are not personal
data and keep the standard library's module.)

Type checkers see the standard library's module: the API is the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3
else:
    from sqlcipher3 import dbapi2 as sqlite3

__all__ = ["sqlite3"]
