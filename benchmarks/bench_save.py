"""B1: save a door visit (``services.record_visit`` until durable).

Baseline, in the same run and on the same disk: one raw ``sqlite3`` INSERT + COMMIT of the
same visit row (the same column values, data JSON included) into a plain table, in WAL
with ``synchronous=FULL``. The two are interleaved visit by visit so that both see the
same noise. Target: the p99 of a save is at most 3× the baseline's p99. Recorded beside
it, not judged: the same raw row into a file encrypted as the app's is (its key, its page
HMAC), interleaved too, which tells encryption's share of a save from the app's own.

The app's database is opened as the door screen opens it (``defer_checkpoints``); a save
lands in the door journal (``storage/door_journal.py``). What the GUI's sync thread does
for it (file the saved visits into the ledger, index them for search, checkpoint the WAL:
``SyncController`` housekeeping, and every sync pass files first) is done here on a
connection of its own every 100 saves, between two saves and untimed. At a door's pace (a
visit a minute) that work and a save overlap about once in ten thousand saves; back to
back, as saves come here, a concurrent one would overlap a save every time it ran.

Recorded beside, not judged: the median of the saves that come right after that work.
Another connection's write empties this connection's page cache, so such a save reads
and decrypts again every page it touches. At a door's pace nearly every save is one (the
sync thread files each save within seconds of it).
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from benchlib import Figure, Part, iqr_text, percentile, temp_dir, visit_drafts

WHAT = "save a door visit (services.record_visit until durable), p50 and p99"
REPRODUCE = "python benchmarks/run.py --only B1"

_RAW_TABLE = """
CREATE TABLE visit_rows (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    local_id TEXT NOT NULL, canvasser TEXT NOT NULL, walklist_id TEXT,
    campaign_id TEXT NOT NULL, contact_id TEXT NOT NULL, household_id TEXT NOT NULL,
    contact_household_id TEXT NOT NULL, knock_time TEXT NOT NULL, data_json TEXT NOT NULL,
    state TEXT NOT NULL, contact_name TEXT, address_line TEXT, unit TEXT, outcome TEXT,
    notes TEXT, answers TEXT, distance_miles REAL, gps_grade TEXT,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL
)
"""
_RAW_COLUMNS = (
    "local_id, canvasser, walklist_id, campaign_id, contact_id, household_id, "
    "contact_household_id, knock_time, data_json, state, contact_name, address_line, unit, "
    "outcome, notes, answers, distance_miles, gps_grade, created_at, updated_at"
).split(", ")
_RAW_INSERT = (
    "INSERT INTO visit_rows (local_id, canvasser, walklist_id, campaign_id, contact_id,"
    " household_id, contact_household_id, knock_time, data_json, state, contact_name,"
    " address_line, unit, outcome, notes, answers, distance_miles, gps_grade, created_at,"
    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _raw_connection(path: Path, *, encrypted: bool = False) -> sqlite3.Connection:
    if encrypted:
        from canvass_app.storage.dbapi import sqlite3 as sqlcipher
        from canvass_app.storage.encryption import DatabaseKey, apply_key

        conn = sqlcipher.connect(str(path), isolation_level=None)
        apply_key(conn, DatabaseKey(raw=os.urandom(32)))
    else:
        conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(_RAW_TABLE)
    return conn


def _raw_insert_ms(conn: sqlite3.Connection, values: tuple[object, ...]) -> float:
    """One raw INSERT + COMMIT of the row, timed."""
    start = time.perf_counter()
    conn.execute("BEGIN")
    conn.execute(_RAW_INSERT, values)
    conn.execute("COMMIT")
    return (time.perf_counter() - start) * 1000


# Saves between two rounds of housekeeping (the sync thread's 30 s at a door's pace is
# about one save; more saves between rounds only lets the WAL grow larger here).
HOUSEKEEPING_EVERY = 100


def run(quick: bool) -> Figure:
    import json

    from canvass_app.services.visits import record_visit
    from canvass_app.storage import door_journal
    from canvass_app.storage.db import checkpoint, connect, database_path, open_database
    from canvass_app.storage.search_index import index_pending
    from canvass_app.storage.visits import door_journal_row

    count = 200 if quick else 2_000
    warmup = 20 if quick else 100
    drafts = visit_drafts(count + warmup, seed=101)
    saves: list[float] = []
    after_sync_thread: list[float] = []
    raws: list[float] = []
    encrypted_raws: list[float] = []
    with temp_dir("b1") as root:
        db = open_database(root / "app", defer_checkpoints=True)
        sync_thread_db = connect(database_path(root / "app"))
        raw = _raw_connection(root / "raw.sqlite3")
        encrypted_raw = _raw_connection(root / "raw-encrypted.sqlite3", encrypted=True)
        try:
            for index, draft in enumerate(drafts):
                if index % HOUSEKEEPING_EVERY == HOUSEKEEPING_EVERY - 1:
                    index_pending(sync_thread_db.conn)
                    checkpoint(sync_thread_db)
                start = time.perf_counter()
                visit = record_visit(db, draft, canvasser="bench")
                save_ms = (time.perf_counter() - start) * 1000
                # The very same row, as the app files it, written the raw way.
                (entry,) = [e for e in door_journal.pending(db.conn) if e[0] == visit.seq]
                row = door_journal_row(entry)
                values = tuple(row[name] for name in _RAW_COLUMNS)
                raw_ms = _raw_insert_ms(raw, values)
                encrypted_raw_ms = _raw_insert_ms(encrypted_raw, values)
                if index >= warmup:
                    if index % HOUSEKEEPING_EVERY == HOUSEKEEPING_EVERY - 1:
                        after_sync_thread.append(save_ms)
                    saves.append(save_ms)
                    raws.append(raw_ms)
                    encrypted_raws.append(encrypted_raw_ms)
            row_bytes = len(json.dumps(values))
        finally:
            sync_thread_db.conn.close()
            raw.close()
            encrypted_raw.close()
            db.conn.close()
    save_p50, save_p99 = percentile(saves, 50), percentile(saves, 99)
    raw_p50, raw_p99 = percentile(raws, 50), percentile(raws, 99)
    return Figure(
        "B1",
        WHAT,
        [
            Part(
                "save p99",
                save_p99,
                "ms",
                raw_p99,
                "p99 ≤ 3× raw INSERT+COMMIT p99",
                "ratio_max",
                3.0,
                spread=iqr_text(saves, "ms", 3),
                samples=len(saves),
                extra={"baseline_spread": iqr_text(raws, "ms", 3), "row_bytes": row_bytes},
            ),
            Part(
                "save p50",
                save_p50,
                "ms",
                raw_p50,
                "recorded",
                "info",
                None,
                spread=iqr_text(saves, "ms", 3),
                samples=len(saves),
            ),
            Part(
                "a save right after the sync thread wrote (cold page cache), median",
                percentile(after_sync_thread, 50),
                "ms",
                raw_p50,
                "recorded (the usual save at a door's pace)",
                "info",
                None,
                spread=iqr_text(after_sync_thread, "ms", 3),
                samples=len(after_sync_thread),
            ),
            Part(
                "the raw row into an encrypted file, p99",
                percentile(encrypted_raws, 99),
                "ms",
                raw_p99,
                "recorded (encryption's own share)",
                "info",
                None,
                spread=iqr_text(encrypted_raws, "ms", 3),
                samples=len(encrypted_raws),
            ),
        ],
        REPRODUCE,
        notes=[
            f"{len(saves)} saves after {warmup} warm-up saves, each followed by the raw "
            "INSERT+COMMIT of the same row into a plain file, then into an encrypted one "
            "(interleaved); a save writes the door journal, and the sync thread's work "
            "(filing the journal, search indexing, the WAL checkpoint) is done every "
            f"{HOUSEKEEPING_EVERY} saves between two saves on another connection.",
        ],
    )
