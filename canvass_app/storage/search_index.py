"""The visits' full-text index (``visits_fts``) and the ledger's sort indexes, kept off
the path of a door visit's save.

FTS5 writes a new index segment in every transaction that adds text, which was 40% of the
CPU of a save and 6 of its 34 WAL pages (benchmark B1). Since migration 5 a save only
writes the visit: ``visits_fts_indexed`` holds the highest ``seq`` in the index, and the
rows after it are indexed in one transaction by :func:`index_pending`, which the GUI's
sync thread runs every 30 s and every text search runs first, so a search always sees
every visit. Triggers keep indexed rows in step when their text changes or they are
deleted; a row past the mark is indexed with its text as it is when its turn comes.

The same step files the new rows into the supervisor's sort indexes (migrations 9 and 10):
a save marks its row ``unfiled``, which keeps it out of those partial indexes, and filing
clears the mark. The rows past the search mark are exactly the unfiled ones.
"""

from __future__ import annotations

from canvass_app.storage.db import environment_errors
from canvass_app.storage.dbapi import sqlite3

_TEXT_COLUMNS = "contact_name, address_line, unit, outcome, notes, answers"
_MARKS = "SELECT (SELECT seq FROM visits_fts_indexed), (SELECT MAX(seq) FROM visits)"


def index_pending(conn: sqlite3.Connection) -> int:
    """File the visits saved at the door, then index the visits saved since the last call
    for search and file them into the sort indexes; returns how many were indexed."""
    # Visits saved at the door are visits once filed (storage/door_journal.py). Imported
    # here: storage.visits builds on this module.
    from canvass_app.storage.visits import file_door_saves

    file_door_saves(conn)
    with environment_errors("index the visits for search"):
        indexed, newest = conn.execute(_MARKS).fetchone()
        if newest is None or newest <= indexed:
            return 0  # the usual case: no write transaction at all
        if conn.in_transaction:  # the caller's transaction holds it together
            return _index(conn)
        conn.execute("BEGIN IMMEDIATE")
        try:
            count = _index(conn)
        except BaseException:
            conn.rollback()
            raise
        conn.execute("COMMIT")
        return count


def _index(conn: sqlite3.Connection) -> int:
    # Read again under the write lock: another connection may have indexed meanwhile.
    indexed, newest = conn.execute(_MARKS).fetchone()
    if newest is None or newest <= indexed:
        return 0
    cursor = conn.execute(
        f"INSERT INTO visits_fts (rowid, {_TEXT_COLUMNS}) "  # noqa: S608 - fixed columns
        f"SELECT seq, {_TEXT_COLUMNS} FROM visits WHERE seq > ? AND seq <= ?",
        [indexed, newest],
    )
    count = cursor.rowcount
    conn.execute(
        "UPDATE visits SET unfiled = NULL WHERE seq > ? AND seq <= ? AND unfiled IS NOT NULL",
        [indexed, newest],
    )
    conn.execute("UPDATE visits_fts_indexed SET seq = ?", [newest])
    return count


def rebuild(conn: sqlite3.Connection) -> None:
    """Index and file every visit from scratch (after rows were written with the triggers
    off). Call inside the transaction that wrote them."""
    conn.execute("INSERT INTO visits_fts (visits_fts) VALUES ('rebuild')")
    conn.execute("UPDATE visits SET unfiled = NULL WHERE unfiled IS NOT NULL")
    conn.execute("UPDATE visits_fts_indexed SET seq = COALESCE((SELECT MAX(seq) FROM visits), 0)")
