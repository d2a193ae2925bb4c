"""One process per data folder, and a start that resumes what a dead process left.

The GUI and every command that writes the outbox ``claim_data_dir`` first: a second
instance on the same folder gets ``DataDirBusy`` (its ``message`` in words) and stops.
Holding the folder, ``resume_interrupted`` turns the interrupted sends of a process that
died (kill -9, a crash, a power cut), of visits and of people added at the door alike,
into ``unknown`` at once, so they are looked up on the server and sent without waiting
for their leases to run out. Read-only commands (status,
history, export) do not claim the folder: SQLite lets them read beside the app.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from canvass_app.storage.contacts import ContactRepo
from canvass_app.storage.db import db_file, utc_now
from canvass_app.storage.dir_lock import (
    DataDirBusy,
    DataDirLock,
    held_here,
    lock_data_dir,
    process_token,
)
from canvass_app.storage.visits import VisitRepo

__all__ = ["DataDirBusy", "DataDirLock", "claim_data_dir", "resume_interrupted"]


def claim_data_dir(data_dir: Path) -> DataDirLock:
    """Hold ``data_dir`` for this process until the returned lock is released (or the
    process ends). Raises ``DataDirBusy`` when another process holds it."""
    return lock_data_dir(data_dir)


def resume_interrupted(db: sqlite_utils.Database) -> int:
    """At start: the ``sending`` operations of processes that are gone become ``unknown``
    and due now. Only while this process holds the data folder (otherwise their owners
    may be alive); returns how many were resumed."""
    if not held_here(db_file(db).parent):
        return 0
    now, mine = utc_now(), process_token()
    visits = VisitRepo(db).release_dead_leases(now=now, live_owner_prefix=mine)
    people = ContactRepo(db).release_dead_leases(now=now, live_owner_prefix=mine)
    return visits + people
