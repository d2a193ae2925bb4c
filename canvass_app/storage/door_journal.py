"""The door journal: where a save at the door lands first (B1).

A save at the door appends its visits here, one row each, in one transaction: one b-tree,
a page or two encrypted per commit. Filing a visit writes its row and its indexes, its
create operation and its sync-log event: about seventeen encrypted pages, and as many read
and decrypted again when another connection (the sync thread) wrote since the last save
(docs/BENCHMARKS.md, B1). ``VisitRepo.file_door_saves`` (storage/visits.py) files every
row into those tables and deletes it in ONE transaction, so a saved visit is either here
or filed, never both and never neither, whenever the process is killed.

Who files: every ``VisitRepo`` as it is made (the door's save and its outbox count are
made with ``filed=False``: the door keeps what it saved, and its count adds what waits
here, ``summary``), ``index_pending`` (the ledger's queries, the sync thread's
housekeeping), the sync pass before it looks at the outbox, and any direct insert of
visits (an import, a queue moved from another laptop) before its own rows.

Each row keeps the seq its visit will have, reserved at the save after every seq the
visits table ever gave (``sqlite_sequence``), so a visit's place among the others, and
the run of seqs of a bulk press, are the same before and after it is filed.
"""

from __future__ import annotations

from collections.abc import Sequence

from canvass_app.storage.dbapi import sqlite3

# The largest seq given or reserved: the journal's last row, else the visits table's.
# AUTOINCREMENT keeps that in sqlite_sequence, updated by every insert (an explicit seq
# too) and kept for rows deleted since, so the visits table itself is not read.
_LAST_SEQ = (
    "SELECT MAX(COALESCE((SELECT MAX(seq) FROM door_journal), 0), "
    "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'visits'), 0))"
)

# One saved visit: its reserved seq, when it was saved, the fields of the visit (a JSON
# object, storage.visits.NewVisit without its data) and its interaction data (JSON).
Entry = tuple[int, str, str, str]


def last_seq(conn: sqlite3.Connection) -> int:
    """The seq after which a new visit's seq is reserved (inside the save's transaction)."""
    return int(conn.execute(_LAST_SEQ).fetchone()[0])


def append(conn: sqlite3.Connection, entries: Sequence[Entry]) -> None:
    """Add saved visits (inside the caller's transaction)."""
    conn.executemany(
        "INSERT INTO door_journal (seq, saved_at, fields_json, data_json) VALUES (?, ?, ?, ?)",
        entries,
    )


def has_pending(conn: sqlite3.Connection) -> bool:
    """Whether any saved visit waits to be filed (a read of the journal's root page)."""
    return conn.execute("SELECT 1 FROM door_journal LIMIT 1").fetchone() is not None


def pending(conn: sqlite3.Connection) -> list[Entry]:
    """Every saved visit not yet filed, in the order they were saved."""
    rows = conn.execute(
        "SELECT seq, saved_at, fields_json, data_json FROM door_journal ORDER BY seq"
    ).fetchall()
    return [(int(row[0]), str(row[1]), str(row[2]), str(row[3])) for row in rows]


def forget(conn: sqlite3.Connection, seqs: Sequence[int]) -> None:
    """Delete the rows just filed (inside the transaction that filed them)."""
    conn.executemany("DELETE FROM door_journal WHERE seq = ?", [(seq,) for seq in seqs])


def summary(conn: sqlite3.Connection) -> tuple[int, str | None]:
    """How many saved visits wait here, and when the oldest was saved (ISO) or None."""
    count, oldest = conn.execute("SELECT COUNT(*), MIN(saved_at) FROM door_journal").fetchone()
    return int(count), oldest
