"""The one SQLite file, as the windows open it (they never import ``storage`` themselves).

``open_database`` creates and migrates it (the door screen's connection, and each
background thread's own); ``open_reader`` opens another connection to an existing one
(the supervisor's stats and map read on theirs).
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from canvass_app.storage.db import connect, database_path, open_database


def open_reader(data_dir: Path) -> sqlite_utils.Database:
    """A new connection to the existing database of ``data_dir`` (no migration)."""
    return connect(database_path(data_dir))


__all__ = ["open_database", "open_reader"]
