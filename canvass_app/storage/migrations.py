"""Schema versions keyed on ``PRAGMA user_version``; each applied in one transaction.

Never edit a released migration: add a new one at the end. ``MIGRATIONS[i]`` takes the
database from version ``i`` to ``i + 1``.

Tables (see docs/RELIABILITY.md for how the engine uses them):

- ``visits``: one row per door visit; ``seq`` orders them locally (never the wall clock);
  ``data_json`` is the interaction data as last known locally, ``server_data_json`` the
  server's copy as last seen; ``state`` mirrors the state of its first unfinished op.
- ``outbox``: the operations (create, patch, delete) of every visit, in ``op_id`` order.
- ``sync_log``: append-only audit of every transition and request (UPDATE/DELETE refused).
- ``sync_meta``: key/value (last sync, auth paused).
- ``visits_fts``: FTS5 over the visit's text columns (external content = ``visits``,
  ``content_rowid`` = ``seq``); its triggers fire only when those text columns change.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import sqlite_utils

log = logging.getLogger("canvass.storage")

# Text columns indexed for history search (storage/history.py queries visits_fts); the
# FTS table and its triggers in _V1 spell them out.
FTS_COLUMNS = ("contact_name", "address_line", "unit", "outcome", "notes", "answers")

_V1 = """
CREATE TABLE visits (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    local_id TEXT NOT NULL UNIQUE,
    canvasser TEXT NOT NULL,
    walklist_id TEXT,
    campaign_id TEXT NOT NULL,
    contact_id TEXT NOT NULL,
    household_id TEXT NOT NULL,
    contact_household_id TEXT NOT NULL,
    knock_time TEXT NOT NULL,
    sent_time TEXT,
    data_json TEXT NOT NULL,
    server_id TEXT,
    etag TEXT,
    server_data_json TEXT,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    state TEXT NOT NULL CHECK (state IN
        ('queued','sending','sent','retry_wait','unknown','needs_attention','rejected')),
    last_error TEXT,
    contact_name TEXT NOT NULL DEFAULT '',
    address_line TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    answers TEXT NOT NULL DEFAULT '',
    distance_miles REAL,
    gps_grade TEXT NOT NULL DEFAULT 'none',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX visits_state_seq ON visits (state, seq);
CREATE INDEX visits_household_seq ON visits (household_id, seq);
CREATE INDEX visits_knock_time ON visits (knock_time);

CREATE TABLE outbox (
    op_id INTEGER PRIMARY KEY AUTOINCREMENT,
    local_id TEXT NOT NULL REFERENCES visits (local_id),
    kind TEXT NOT NULL CHECK (kind IN ('create','patch','delete')),
    payload_json TEXT,
    base_json TEXT,
    idempotency_key TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN
        ('queued','sending','sent','retry_wait','unknown','needs_attention','rejected')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    lease_owner TEXT,
    lease_expires_at TEXT,
    last_status INTEGER,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- "oldest eligible": state filter, then local order.
CREATE INDEX outbox_state_op ON outbox (state, op_id);
-- per-visit order: "is there an unfinished op before this one?"
CREATE INDEX outbox_visit_op ON outbox (local_id, op_id);

CREATE TABLE sync_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    local_id TEXT NOT NULL,
    op_id INTEGER,
    event TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT,
    method TEXT,
    http_status INTEGER,
    etag TEXT,
    error_class TEXT,
    message TEXT,
    detail_json TEXT
);
CREATE INDEX sync_log_visit ON sync_log (local_id, id);
CREATE TRIGGER sync_log_no_update BEFORE UPDATE ON sync_log
BEGIN SELECT RAISE(ABORT, 'sync_log is append-only'); END;
CREATE TRIGGER sync_log_no_delete BEFORE DELETE ON sync_log
BEGIN SELECT RAISE(ABORT, 'sync_log is append-only'); END;

CREATE TABLE sync_meta (
    key TEXT PRIMARY KEY,
    value TEXT
);

CREATE VIRTUAL TABLE visits_fts USING fts5(
    contact_name, address_line, unit, outcome, notes, answers, content='visits', content_rowid='seq'
);
CREATE TRIGGER visits_fts_insert AFTER INSERT ON visits BEGIN
    INSERT INTO visits_fts (rowid, contact_name, address_line, unit, outcome, notes, answers)
    VALUES (new.seq, new.contact_name, new.address_line, new.unit, new.outcome, new.notes, new.answers);
END;
CREATE TRIGGER visits_fts_delete AFTER DELETE ON visits BEGIN
    INSERT INTO visits_fts (visits_fts, rowid, contact_name, address_line, unit, outcome, notes, answers)
    VALUES ('delete', old.seq, old.contact_name, old.address_line, old.unit, old.outcome, old.notes, old.answers);
END;
-- Only the text columns: marking a visit sent must not re-index it (perf-notes trap).
CREATE TRIGGER visits_fts_update AFTER UPDATE OF contact_name, address_line, unit, outcome, notes, answers ON visits BEGIN
    INSERT INTO visits_fts (visits_fts, rowid, contact_name, address_line, unit, outcome, notes, answers)
    VALUES ('delete', old.seq, old.contact_name, old.address_line, old.unit, old.outcome, old.notes, old.answers);
    INSERT INTO visits_fts (rowid, contact_name, address_line, unit, outcome, notes, answers)
    VALUES (new.seq, new.contact_name, new.address_line, new.unit, new.outcome, new.notes, new.answers);
END;
"""

# Version 2: history by canvasser, and the engine's hot queries without a scan of the
# (ever growing) sent history: the next op to lease, expired leases, the oldest unsent.
_V2 = """
CREATE INDEX visits_canvasser_seq ON visits (canvasser, seq);
CREATE INDEX outbox_sending_lease ON outbox (lease_expires_at) WHERE state = 'sending';
CREATE INDEX outbox_pending_op ON outbox (op_id, next_attempt_at)
    WHERE state IN ('queued', 'retry_wait', 'unknown');
CREATE INDEX visits_unsent_created ON visits (created_at) WHERE state != 'sent';
"""

# Version 3: the offline cache of walklists, surveys and statuses (storage/cache.py).
_V3 = """
CREATE TABLE cache_documents (
    kind TEXT NOT NULL,
    scope TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    json TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (kind, scope, doc_id)
);
CREATE INDEX cache_documents_order ON cache_documents (kind, scope, position);
CREATE TABLE cache_lists (
    list_id TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL,
    name TEXT NOT NULL,
    pulled_at TEXT NOT NULL,
    default_survey_id TEXT
);
"""

# Version 4: the supervisor's ledger. Sort columns get single-column indexes: an index on
# (x) is ordered by (x, rowid) and seq is the rowid, which is exactly the "ORDER BY x,
# seq" every history page asks for. Filter columns get (x, knock_time), so a filter on a
# common value pages in knock-time order without sorting every match (docs/BENCHMARKS.md). Plus the canvassers of this laptop and the supervisor PIN
# (a salted scrypt hash, with its failed attempts for the lockout).
_V4 = """
CREATE INDEX IF NOT EXISTS idx_visits_history_sent ON visits(sent_time);
CREATE INDEX IF NOT EXISTS idx_visits_history_walklist ON visits(walklist_id, knock_time);
CREATE INDEX IF NOT EXISTS idx_visits_history_address ON visits(address_line);
CREATE INDEX IF NOT EXISTS idx_visits_history_contact ON visits(contact_name);
CREATE INDEX IF NOT EXISTS idx_visits_history_outcome ON visits(outcome, knock_time);
CREATE INDEX IF NOT EXISTS idx_visits_history_distance ON visits(distance_miles);
CREATE INDEX IF NOT EXISTS idx_visits_history_grade ON visits(gps_grade, knock_time);
CREATE INDEX IF NOT EXISTS idx_visits_history_state ON visits(state, knock_time);
CREATE INDEX IF NOT EXISTS idx_visits_history_success ON visits(json_extract(data_json, '$.successful'));
CREATE TABLE IF NOT EXISTS canvassers (
        canvasser_id TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_used_at TEXT
    );
CREATE TABLE IF NOT EXISTS people_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
CREATE TABLE IF NOT EXISTS supervisor_pin (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        salt BLOB NOT NULL,
        pin_hash BLOB NOT NULL,
        n INTEGER NOT NULL,
        r INTEGER NOT NULL,
        p INTEGER NOT NULL,
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        updated_at TEXT NOT NULL
    );
"""

# Version 5: a save no longer indexes its text for search in its own transaction
# (storage/search_index.py): rows after the mark are indexed later, in one go. Every row
# there now was indexed by the insert trigger, so the mark starts at the newest row; the
# update and delete triggers touch only rows the index holds.
_V5 = """
CREATE TABLE visits_fts_indexed (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
);
INSERT INTO visits_fts_indexed (id, seq) VALUES (1, COALESCE((SELECT MAX(seq) FROM visits), 0));
DROP TRIGGER visits_fts_insert;
DROP TRIGGER visits_fts_delete;
DROP TRIGGER visits_fts_update;
CREATE TRIGGER visits_fts_delete AFTER DELETE ON visits
WHEN old.seq <= (SELECT seq FROM visits_fts_indexed) BEGIN
    INSERT INTO visits_fts (visits_fts, rowid, contact_name, address_line, unit, outcome, notes, answers)
    VALUES ('delete', old.seq, old.contact_name, old.address_line, old.unit, old.outcome, old.notes, old.answers);
END;
CREATE TRIGGER visits_fts_update AFTER UPDATE OF contact_name, address_line, unit, outcome, notes, answers ON visits
WHEN old.seq <= (SELECT seq FROM visits_fts_indexed) BEGIN
    INSERT INTO visits_fts (visits_fts, rowid, contact_name, address_line, unit, outcome, notes, answers)
    VALUES ('delete', old.seq, old.contact_name, old.address_line, old.unit, old.outcome, old.notes, old.answers);
    INSERT INTO visits_fts (rowid, contact_name, address_line, unit, outcome, notes, answers)
    VALUES (new.seq, new.contact_name, new.address_line, new.unit, new.outcome, new.notes, new.answers);
END;
"""

# Version 6: the door session (services/door.py). ``press_id`` ties the visits of one
# press together (a bulk press on a building is one Ctrl+Z); ``do_not_knock_override``
# marks a visit recorded at a Do-Not-Knock door on the canvasser's explicit say-so (the
# supervisor's history shows it). Both may be NULL (visits saved before, or imported).
_V6 = """
ALTER TABLE visits ADD COLUMN press_id TEXT;
ALTER TABLE visits ADD COLUMN do_not_knock_override INTEGER CHECK (do_not_knock_override IN (0, 1));
"""

# Version 7: people added at the door (storage/contacts.py). ``local_contacts`` holds each
# person added on this laptop (``state`` mirrors their first unfinished request, else
# sent); ``contact_ops`` the requests that put them on the server, in order (the contact,
# then its link to the household). A visit to such a person names them in
# ``visits.local_contact_id``; its create carries ``outbox.waits_for`` until the contact
# and link are on the server, and is not sent before (its payload names the server's ids
# from the moment they are recorded).
_V7 = """
CREATE TABLE local_contacts (
    local_contact_id TEXT PRIMARY KEY,
    canvasser TEXT NOT NULL,
    walklist_id TEXT,
    campaign_id TEXT,
    household_id TEXT NOT NULL,
    address_line TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',
    display_name TEXT NOT NULL,
    data_json TEXT NOT NULL,
    server_id TEXT,
    etag TEXT,
    server_data_json TEXT,
    link_id TEXT,
    state TEXT NOT NULL CHECK (state IN
        ('queued','sending','sent','retry_wait','unknown','needs_attention','rejected')),
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX local_contacts_household ON local_contacts (household_id);
CREATE INDEX local_contacts_server ON local_contacts (server_id);

CREATE TABLE contact_ops (
    op_id INTEGER PRIMARY KEY AUTOINCREMENT,
    local_contact_id TEXT NOT NULL REFERENCES local_contacts (local_contact_id),
    kind TEXT NOT NULL CHECK (kind IN ('contact_create','contact_link')),
    payload_json TEXT,
    state TEXT NOT NULL CHECK (state IN
        ('queued','sending','sent','retry_wait','unknown','needs_attention','rejected')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    lease_owner TEXT,
    lease_expires_at TEXT,
    last_status INTEGER,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX contact_ops_state_op ON contact_ops (state, op_id);
CREATE INDEX contact_ops_contact_op ON contact_ops (local_contact_id, op_id);

ALTER TABLE visits ADD COLUMN local_contact_id TEXT REFERENCES local_contacts (local_contact_id);
ALTER TABLE outbox ADD COLUMN waits_for TEXT REFERENCES local_contacts (local_contact_id);
CREATE INDEX visits_local_contact ON visits (local_contact_id) WHERE local_contact_id IS NOT NULL;
CREATE INDEX outbox_waits_for ON outbox (waits_for) WHERE waits_for IS NOT NULL;
"""

# Version 8: roles that hold (docs/SUPERVISOR.md). A supervisor PIN set before this
# version may be shorter than six digits and nothing says how long it was, so every one is
# marked ``must_change``: the next unlock with it asks for a new six-digit PIN. Canvassers
# may have a PIN of their own (when the supervisor turns that on), with the same
# salted scrypt hash and lockout as the supervisor's.
_V8 = """
ALTER TABLE supervisor_pin ADD COLUMN must_change INTEGER NOT NULL DEFAULT 0;
UPDATE supervisor_pin SET must_change = 1;
CREATE TABLE canvasser_pins (
    canvasser_id TEXT PRIMARY KEY,
    salt BLOB NOT NULL,
    pin_hash BLOB NOT NULL,
    n INTEGER NOT NULL,
    r INTEGER NOT NULL,
    p INTEGER NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    must_change INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);
"""

# Version 9: a door visit's save no longer writes the supervisor's sort indexes (B1: each
# index is one more encrypted page in the save's commit, and these nine were 10 of its 28).
# A save marks its row ``unfiled``; the sync thread's housekeeping and every ledger query
# file the new rows first (storage/search_index.py), as they already index their text. The
# indexes hold only filed rows, so a ledger query asks for ``unfiled IS NULL`` and SQLite
# uses them. Every row there now is filed (NULL): nothing to do for them.
_V9 = """
ALTER TABLE visits ADD COLUMN unfiled INTEGER;
DROP INDEX idx_visits_history_sent;
DROP INDEX idx_visits_history_walklist;
DROP INDEX idx_visits_history_address;
DROP INDEX idx_visits_history_contact;
DROP INDEX idx_visits_history_outcome;
DROP INDEX idx_visits_history_distance;
DROP INDEX idx_visits_history_grade;
DROP INDEX idx_visits_history_state;
DROP INDEX idx_visits_history_success;
CREATE INDEX idx_visits_history_sent ON visits(sent_time) WHERE unfiled IS NULL;
CREATE INDEX idx_visits_history_walklist ON visits(walklist_id, knock_time) WHERE unfiled IS NULL;
CREATE INDEX idx_visits_history_address ON visits(address_line) WHERE unfiled IS NULL;
CREATE INDEX idx_visits_history_contact ON visits(contact_name) WHERE unfiled IS NULL;
CREATE INDEX idx_visits_history_outcome ON visits(outcome, knock_time) WHERE unfiled IS NULL;
CREATE INDEX idx_visits_history_distance ON visits(distance_miles) WHERE unfiled IS NULL;
CREATE INDEX idx_visits_history_grade ON visits(gps_grade, knock_time) WHERE unfiled IS NULL;
CREATE INDEX idx_visits_history_state ON visits(state, knock_time) WHERE unfiled IS NULL;
CREATE INDEX idx_visits_history_success ON visits(json_extract(data_json, '$.successful'))
    WHERE unfiled IS NULL;
"""

# Version 10: the two sort keys version 9 left on older, whole-table indexes (knock time,
# the default sort, and canvasser) get partial ones too. On those, ``unfiled IS NULL`` could
# only be checked by reading each row, one encrypted page per visit: a text search walking
# the knock-time index, or a page deep in the ledger, read a page for every row it passed
# (B6: the page at offset 50,000 by knock time took 750 ms). Keys in the order the ledger
# sorts them (the row's seq breaks ties, as ``ORDER BY`` asks), so the sort is unchanged.
_V10 = """
CREATE INDEX idx_visits_history_knock ON visits(knock_time) WHERE unfiled IS NULL;
CREATE INDEX idx_visits_history_canvasser ON visits(canvasser) WHERE unfiled IS NULL;
"""

# Version 11: a visit's sync-log events are found by the visit's ``seq`` (B2). Keyed by
# the visit's random local id, every event landed on another leaf of ``sync_log_visit``:
# 2 of the 5 encrypted pages a drain wrote per visit. Keyed by ``seq``, the events of
# a round's visits (consecutive seqs) share a leaf or two. An event names its visit's
# seq when it has one (``storage.visits`` looks it up as it inserts); the events of people
# added at the door, and every event written before this version, keep the local-id key.
_V11 = """
ALTER TABLE sync_log ADD COLUMN visit_seq INTEGER;
DROP INDEX sync_log_visit;
CREATE INDEX sync_log_visit ON sync_log (visit_seq, id) WHERE visit_seq IS NOT NULL;
CREATE INDEX sync_log_other ON sync_log (local_id, id) WHERE visit_seq IS NULL;
"""

# Version 12: the door journal (storage/door_journal.py). A save at the door appends one
# row per visit here, one b-tree instead of the seventeen pages filing writes (B1); the
# sync thread and every reader file the rows into visits, outbox and sync_log. ``seq`` is
# the visit's own, reserved at the save; the visit's fields are a JSON object (names, not
# positions, so a row saved by an older Canvass files the same way).
_V12 = """
CREATE TABLE door_journal (
    seq INTEGER PRIMARY KEY,
    saved_at TEXT NOT NULL,
    fields_json TEXT NOT NULL,
    data_json TEXT NOT NULL
);
"""

MIGRATIONS: Sequence[str] = (_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9, _V10, _V11, _V12)
LATEST_VERSION = len(MIGRATIONS)


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _statements(script: str) -> list[str]:
    """Split a script into statements (trigger bodies contain ';', so use sqlite3's test)."""
    import sqlite3

    statements: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        if not current and (not line.strip() or line.strip().startswith("--")):
            continue
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        raise ValueError(f"incomplete SQL statement in a migration: {current[:60]!r}")
    return statements


def migrate(db: sqlite_utils.Database, *, target: int | None = None) -> int:
    """Bring the schema to ``target`` (default: latest); returns the new version.

    Each migration and its ``user_version`` bump commit together or not at all.
    """
    goal = LATEST_VERSION if target is None else target
    version = schema_version(db)
    if version > LATEST_VERSION:
        from canvass_app.storage.db import (
            PROBLEM_MESSAGES,
            StorageEnvironmentError,
            StorageProblem,
        )

        log.warning("schema version %d is newer than this Canvass (%d)", version, LATEST_VERSION)
        raise StorageEnvironmentError(
            PROBLEM_MESSAGES[StorageProblem.TOO_NEW], problem=StorageProblem.TOO_NEW
        )
    conn = db.conn
    while version < goal:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read inside the write lock: another process may have migrated meanwhile.
            version = schema_version(db)
            if version >= goal:
                conn.execute("COMMIT")
                break
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            version += 1
            conn.execute(f"PRAGMA user_version = {int(version)}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.rollback()
            raise
    return version


def latest_columns(table: str) -> list[str]:
    """The columns of ``table`` in the latest schema, in order (from an empty in-memory
    database): what the recovery expects when a damaged file's own schema is unreadable."""
    import sqlite3

    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for script in MIGRATIONS:
            for statement in _statements(script):
                conn.execute(statement)
        return [str(row[1]) for row in conn.execute(f"PRAGMA table_info({table})")]
    finally:
        conn.close()
