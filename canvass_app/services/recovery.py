"""Saving what can be saved from a damaged database.

Called only for real damage (``storage.integrity`` said DAMAGED: a failed integrity
check, "file is not a database", malformed pages). A locked, read-only, full or
unreadable-for-now file is the machine's problem and never comes here.

``recover_damaged_database(data_dir)``:

1. copies the database file (with its ``-wal`` and ``-shm``) into
   ``<data dir>/recovery/<UTC time>/``, untouched, for support or a specialist tool (the
   ``sqlite3`` shell's ``.recover``). ``recovery/``, its folders and files are owner-only;
2. makes a second, scratch copy beside it (so the kept copy stays byte for byte what was
   on disk) and reads it, SQLite first:
   a. when SQLite refuses the file because its 100-byte header is destroyed, the header
      is rebuilt (``storage.salvage.repair_header``) and SQLite reads it again;
   b. SQLite reads the ``visits`` and ``outbox`` tables row by row, tolerating every read
      error: rows are found by scanning from both ends and through the local-id index,
      then fetched one at a time, so one damaged page costs only the rows on it;
   c. rows SQLite cannot reach (under a destroyed interior page, or a table whose schema
      entry is lost) are read from every table-leaf page of the file
      (``storage.salvage.scan_table_rows``), skipping the free list;
3. writes every unsent visit it could read (state other than ``sent``) with its outbox
   operations (and, for a person added at the door, that person: the people not yet on
   the server go too) to ``unsent-visits.jsonl`` in that folder, in the format of
   ``services/outbox_transfer.py`` (``canvass-app outbox import`` reads it). A visit
   whose operations were lost, or that only the page scan found, and that the server
   never confirmed gets its create rebuilt as ``unknown``, so it is looked for on the
   server before it is sent again; a sent visit whose waiting edit was lost is reported,
   not exported (the kept copy still holds it);
4. returns a report whose ``messages`` say in words what happened and what to do next.

The original database is never written to. With ``set_aside=True`` it is renamed to
``canvass.sqlite3.damaged-<UTC time>`` so the next start creates a fresh one; the import
then brings the unsent visits back.

Every file is opened through ``storage.db.open_connection`` (the one connection factory),
the copies with the original's key: the kept copy and the scratch copy are as encrypted as
the original (``storage.encryption``). The page-level steps (2a, 2c) read SQLite's plain
page format, so they apply only to a plain file from before encryption; an encrypted
file's rows are read through SQLCipher, which authenticates every page (a damaged page
costs the rows on it, as in 2b; a destroyed first page, which holds the salt of every
page's key, cannot be read without a specialist). Logged: counts and paths only;
visit contents are personal.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from canvass_app.core.contact import is_local_ref
from canvass_app.core.errors import CanvassError, ValidationError
from canvass_app.core.interaction import require_valid_data
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message, plural
from canvass_app.core.os_problems import os_reason
from canvass_app.core.outbox import OpKind, OutboxState
from canvass_app.services.outbox_transfer import FORMAT as TRANSFER_FORMAT
from canvass_app.services.outbox_transfer import REQUIRED_VISIT_FIELDS
from canvass_app.storage.db import (
    StorageEnvironmentError,
    database_path,
    make_private_dir,
    open_connection,
)
from canvass_app.storage.dbapi import sqlite3
from canvass_app.storage.encryption import DatabaseKey, key_for
from canvass_app.storage.migrations import latest_columns
from canvass_app.storage.salvage import free_pages, looks_plain, repair_header, scan_table_rows
from canvass_app.storage.visits import door_journal_row

log = logging.getLogger("canvass.services.recovery")

RECOVERY_DIRNAME = "recovery"
EXPORT_FILENAME = "unsent-visits.jsonl"
_SCRATCH_DIRNAME = ".scratch"
_SIDE_SUFFIXES = ("-wal", "-shm")
# Never probe more rowids one by one than this many beyond the rows found by scanning: a
# garbage maximum rowid must not turn the recovery into an endless loop.
_MAX_PROBE_GAP = 200_000
_STATES = frozenset(state.value for state in OutboxState)
_KINDS = frozenset(kind.value for kind in OpKind)

_NO_DATABASE = QT_TRANSLATE_NOOP("Recovery", "There is no database to recover at {path}.")
_NO_COPY = QT_TRANSLATE_NOOP(
    "Recovery",
    "A copy of the damaged database could not be made in {folder} ({reason}); nothing was "
    "changed. Free some disk space and try again.",
)
_NO_EXPORT = QT_TRANSLATE_NOOP(
    "Recovery",
    "The unsent visits could not be written to {path} ({reason}); the copy of the database "
    "is at {copy}.",
)
_COPY_KEPT = QT_TRANSLATE_NOOP("Recovery", "A copy of the damaged database was kept at {path}.")
_NOTHING_READ = QT_TRANSLATE_NOOP("Recovery", "No visits could be saved from it.")
_NO_UNSENT = QT_TRANSLATE_NOOP("Recovery", "No unsent visits could be read from it.")
_SAVED_ONE = QT_TRANSLATE_NOOP(
    "Recovery", "%n unsent visit could still be read and was saved to {path}."
)
_SAVED_MANY = QT_TRANSLATE_NOOP(
    "Recovery", "%n unsent visits could still be read and were saved to {path}."
)
_LOST_ONE = QT_TRANSLATE_NOOP(
    "Recovery",
    "%n visit could not be read; the kept copy may still let a specialist recover it.",
)
_LOST_MANY = QT_TRANSLATE_NOOP(
    "Recovery",
    "%n visits could not be read; the kept copy may still let a specialist recover them.",
)
_SENT_ONE = QT_TRANSLATE_NOOP("Recovery", "%n visit already on the server did not need saving.")
_SENT_MANY = QT_TRANSLATE_NOOP("Recovery", "%n visits already on the server did not need saving.")
_REBUILT = QT_TRANSLATE_NOOP(
    "Recovery",
    "%n of the saved visits had lost their place in the queue; they will be checked "
    "against the server before they are sent, so none is sent twice.",
)
_SET_ASIDE = QT_TRANSLATE_NOOP(
    "Recovery",
    "The damaged file was moved to {path}; Canvass will start with a new database.",
)
_IMPORT_AFTER_MOVE = QT_TRANSLATE_NOOP(
    "Recovery",
    "To continue, move the damaged database out of the data folder, then run "
    "`canvass-app outbox import {path}` (or a supervisor's Import queue…) to queue them again.",
)
_IMPORT = QT_TRANSLATE_NOOP(
    "Recovery",
    "Run `canvass-app outbox import {path}` (or a supervisor's Import queue…) to queue them again.",
)


class RecoveryError(CanvassError):
    """Nothing could be recovered (no database, no space for the copy); says why in words."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(str(message))


@dataclass(frozen=True)
class RecoveryReport:
    """What the recovery did; ``messages`` are for the person, in order, and
    ``next_step`` what is left to do (queue the exported visits again), if anything."""

    copy_path: Path
    exported_path: Path | None
    exported_count: int
    messages: tuple[Message, ...]
    next_step: Message | None = None
    unreadable_count: int = 0
    skipped_sent_count: int = 0
    rebuilt_create_count: int = 0
    scanned_count: int = 0
    header_rebuilt: bool = False
    set_aside_path: Path | None = None
    lost_local_ids: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The messages and the next step in English (the CLI, the log)."""
        parts = [*self.messages, *([self.next_step] if self.next_step else [])]
        return " ".join(str(message) for message in parts)


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _private(path: Path, mode: int) -> None:
    if sys.platform != "win32":
        os.chmod(path, mode)


def _recovery_folder(data_dir: Path, stamp: str) -> Path:
    """``recovery/<stamp>/``, both owner-only (``recovery/`` is ours even if it existed)."""
    parent = make_private_dir(data_dir / RECOVERY_DIRNAME)
    _private(parent, 0o700)
    folder = parent / stamp
    folder.mkdir(mode=0o700)
    _private(folder, 0o700)
    return folder


def _copy_database(source: Path, folder: Path) -> Path:
    """Copy the database and its side files into ``folder``; every copy 0600."""
    target = folder / source.name
    for suffix in ("", *_SIDE_SUFFIXES):
        src = Path(f"{source}{suffix}")
        if not src.exists():
            continue
        dst = Path(f"{target}{suffix}")
        shutil.copyfile(src, dst)
        _private(dst, 0o600)
    return target


# A read error. SQLCipher reports a page that fails its HMAC once; every later statement
# on that connection then fails with SQLITE_NOMEM, which Python raises as MemoryError.
_READ_ERRORS = (sqlite3.DatabaseError, MemoryError)


class _Reader:
    """The connection to the scratch copy, opened again after each read error (see
    ``_READ_ERRORS``), so one damaged page costs only the rows on it, encrypted or not."""

    def __init__(self, scratch: Path, key: DatabaseKey | None) -> None:
        self._scratch, self._key = scratch, key
        self.conn = open_connection(scratch, key=key)

    def failed(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
        self.conn = open_connection(self._scratch, key=self._key)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()


def _rows_by_scan(reader: _Reader, sql: str) -> Iterator[Any]:
    """The rows of ``sql`` until the first read error (which ends the scan, quietly)."""
    try:
        cursor = reader.conn.execute(sql)
        while True:
            row = cursor.fetchone()
            if row is None:
                return
            yield row
    except _READ_ERRORS as exc:
        log.info("recovery scan stopped early: %s", type(exc).__name__)
        reader.failed()


@dataclass
class _TableSalvage:
    """The rows of one table that could be read, by rowid, and the rowids that could not."""

    rows: dict[int, dict[str, Any]] = field(default_factory=dict)
    unreadable: set[int] = field(default_factory=set)
    # rowid -> local_id as the local_id index knows it (names rows the table lost)
    index_local_ids: dict[int, str] = field(default_factory=dict)
    # rowids of rows only the page scan found
    scanned: set[int] = field(default_factory=set)


def _salvage_table(reader: _Reader, table: str) -> _TableSalvage:
    """Read ``table`` through SQLite row by row, tolerating damaged pages.

    Rows are found by scanning the table from both ends and through its ``local_id``
    index (a separate b-tree that may survive damage to the table's pages); every rowid
    between the lowest and the highest found is then fetched on its own, so a damaged page
    costs only the rows stored on it. Raises sqlite3.DatabaseError only when the table's
    definition itself cannot be read.
    """
    columns = [str(row[1]) for row in reader.conn.execute(f"PRAGMA table_info({table})").fetchall()]
    if not columns:
        raise sqlite3.DatabaseError(f"the database has no {table} table")
    if "local_id" not in columns:
        raise sqlite3.DatabaseError(f"the {table} table has no local_id column")
    result = _TableSalvage()
    found: set[int] = set()
    for sql in (
        f"SELECT rowid FROM {table} ORDER BY rowid",  # noqa: S608 - fixed table names
        f"SELECT rowid FROM {table} ORDER BY rowid DESC",  # noqa: S608
    ):
        found.update(int(row[0]) for row in _rows_by_scan(reader, sql))
    for row in _rows_by_scan(
        reader,
        f"SELECT rowid, local_id FROM {table} WHERE local_id >= '' ORDER BY local_id",  # noqa: S608
    ):
        result.index_local_ids[int(row[0])] = str(row[1])
    found.update(result.index_local_ids)
    if found:
        low, high = min(found), max(found)
        if high - low <= len(found) + _MAX_PROBE_GAP:
            found.update(range(low, high + 1))
    select = f"SELECT * FROM {table} WHERE rowid = ?"  # noqa: S608
    for rowid in sorted(found):
        try:
            cursor = reader.conn.execute(select, (rowid,))
            row = cursor.fetchone()
        except _READ_ERRORS:
            result.unreadable.add(rowid)
            reader.failed()
            continue
        if row is not None:
            names = [d[0] for d in cursor.description]
            result.rows[rowid] = dict(zip(names, row, strict=True))
    return result


def _plausible(table: str, row: dict[str, Any]) -> bool:
    """A record the page scan decoded really is a row of ``table`` (not another table's)."""
    if not isinstance(row.get("local_id"), str) or row.get("state") not in _STATES:
        return False
    if table == "outbox":
        return row.get("kind") in _KINDS
    return isinstance(row.get("data_json"), str)


def _add_scanned_rows(scratch: Path, table: str, salvage: _TableSalvage) -> None:
    """Rows of ``table`` on leaf pages SQLite could not reach; SQLite's own rows win.

    A local id SQLite already read is never replaced (a copy on another page is older);
    of two copies the page scan finds, the later ``updated_at`` wins.
    """
    # Operations are told apart by op_id (their rowid); visits by local id.
    known_ids = (
        set() if table == "outbox" else {row.get("local_id") for row in salvage.rows.values()}
    )
    skip = free_pages(scratch)
    best: dict[Any, tuple[int, dict[str, Any]]] = {}
    for rowid, row in scan_table_rows(scratch, latest_columns(table), skip_pages=skip):
        if rowid in salvage.rows or not _plausible(table, row):
            continue
        key = rowid if table == "outbox" else row["local_id"]
        if key in known_ids:
            continue
        held = best.get(key)
        if held is None or str(row.get("updated_at")) > str(held[1].get("updated_at")):
            best[key] = (rowid, row)
    for rowid, row in best.values():
        salvage.rows[rowid] = row
        salvage.scanned.add(rowid)
        salvage.unreadable.discard(rowid)


def _op_entry(row: dict[str, Any]) -> dict[str, Any]:
    """One operation as ``outbox_transfer`` writes it; raises ValueError when unusable."""
    payload = row.get("payload_json")
    base = row.get("base_json")
    entry = {
        "kind": OpKind(str(row.get("kind"))).value,
        "payload": None if payload is None else json.loads(payload),
        "base": None if base is None else json.loads(base),
        "idempotency_key": row.get("idempotency_key"),
        "state": OutboxState(str(row.get("state"))).value,
        "attempts": int(row.get("attempts") or 0),
        "last_status": row.get("last_status"),
        "last_error": row.get("last_error"),
        "created_at": row.get("created_at"),
        "waits_for": row.get("waits_for"),
    }
    if not isinstance(entry["idempotency_key"], str) or not entry["idempotency_key"]:
        raise ValueError("the operation has no idempotency key")
    return entry


def _rebuilt_create(visit: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """A create for a visit whose operations were lost and that the server never confirmed.

    ``unknown``, not ``queued``: it may have reached the server before the damage, so the
    engine looks for it (natural key and Idempotency-Key = local id) before sending it.
    """
    return {
        "kind": OpKind.CREATE.value,
        "payload": data,
        "base": None,
        "idempotency_key": visit["local_id"],
        "state": OutboxState.UNKNOWN.value,
        "attempts": 0,
        "last_status": None,
        "last_error": "rebuilt by the database recovery: its operations could not be read",
        "created_at": visit.get("created_at"),
        # still naming a person added at the door by their local reference: it waits
        "waits_for": visit.get("local_contact_id")
        if is_local_ref(data.get("contactHouseholdId"))
        else None,
    }


# Columns that say where a row stands in this file, not what the visit is: the row's
# number, and whether it is in the ledger's sort indexes yet (storage/search_index.py).
_THIS_FILE_ONLY = frozenset({"seq", "unfiled"})


def _export_line(
    visit: dict[str, Any], ops: list[dict[str, Any]], *, ops_damaged: bool
) -> dict[str, Any]:
    """One line of the ``canvass-app outbox import`` format; ValueError when unusable.

    Checked the way the import checks it, so one damaged visit cannot make the import
    refuse the whole file. ``ops_damaged``: one of the visit's operations could not be
    read, or the visit itself was found only by the page scan.
    """
    missing = [name for name in REQUIRED_VISIT_FIELDS if not isinstance(visit.get(name), str)]
    if missing:
        raise ValueError(f"the visit lacks {', '.join(missing)}")
    data = json.loads(visit["data_json"])
    require_valid_data(data)
    unfinished = [op for op in ops if op["state"] != OutboxState.SENT.value]
    if ops_damaged or not unfinished:
        # Until the server confirms the create, a visit has one operation: the create
        # (edits fold into it), whose payload is the visit's data. So it can be rebuilt.
        # Once sent, the waiting edit or delete cannot be: the kept copy still holds it.
        if visit.get("server_id") is not None or visit.get("deleted") == 1:
            raise ValueError("the waiting edit or delete of a sent visit could not be read")
        ops = [_rebuilt_create(visit, data)]
    row = {name: value for name, value in visit.items() if name not in _THIS_FILE_ONLY}
    return {"format": TRANSFER_FORMAT, "visit": row, "ops": ops}


def _read_people(scratch: Path, key: DatabaseKey | None) -> dict[str, dict[str, Any]]:
    """The people added at the door on the copy, as ``outbox export`` writes them (a
    person record per local contact id); empty when their tables cannot be read (their
    visits are then exported without them: see ``_with_person``)."""
    try:
        conn = open_connection(scratch, key=key)
    except (sqlite3.Error, StorageEnvironmentError):
        return {}
    people: dict[str, dict[str, Any]] = {}
    try:
        conn.row_factory = sqlite3.Row
        for row in conn.execute("SELECT * FROM local_contacts"):
            people[str(row["local_contact_id"])] = {
                "row": {name: row[name] for name in row.keys()},
                "ops": [],
            }
        for op in conn.execute("SELECT * FROM contact_ops ORDER BY op_id"):
            person = people.get(str(op["local_contact_id"]))
            if person is not None:
                payload = op["payload_json"]
                person["ops"].append(
                    {
                        "kind": op["kind"],
                        "payload": None if payload is None else json.loads(payload),
                        "state": op["state"],
                        "attempts": op["attempts"],
                        "last_status": op["last_status"],
                        "last_error": op["last_error"],
                        "created_at": op["created_at"],
                    }
                )
    except (*_READ_ERRORS, sqlite3.Error, ValueError) as exc:
        log.warning("recovery: the people added at the door could not be read (%s)", exc)
        return {}
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.close()
    return people


def _with_person(line: dict[str, Any], people: dict[str, dict[str, Any]]) -> None:
    """A visit to a person added at the door travels with that person. When the person
    could not be read, the visit goes without: it still names them by their local
    reference, so the engine holds it for a supervisor rather than send a placeholder."""
    local_contact_id = line["visit"].get("local_contact_id")
    if local_contact_id is None:
        return
    person = people.get(str(local_contact_id))
    if person is not None:
        line["person"] = person
        return
    line["visit"]["local_contact_id"] = None
    for op in line["ops"]:
        op["waits_for"] = None


@dataclass
class _Salvage:
    lines: list[dict[str, Any]] = field(default_factory=list)
    unreadable: int = 0
    skipped_sent: int = 0
    rebuilt_creates: int = 0
    scanned: int = 0
    header_rebuilt: bool = False
    lost_local_ids: list[str] = field(default_factory=list)
    nothing_read: bool = False


def _read_journal(reader: _Reader) -> list[dict[str, Any]]:
    """The visits saved at the door and not yet filed (storage/door_journal.py), as the
    rows they file as. Read through SQLite only: the journal came with encryption, and the
    page scan is for plain files from before it."""
    rows: list[dict[str, Any]] = []
    sql = "SELECT seq, saved_at, fields_json, data_json FROM door_journal ORDER BY seq"
    for row in _rows_by_scan(reader, sql):
        try:
            rows.append(door_journal_row((int(row[0]), str(row[1]), str(row[2]), str(row[3]))))
        except (ValueError, TypeError) as exc:
            log.warning("recovery: a visit saved at the door could not be decoded (%s)", exc)
    return rows


def _read_tables(
    scratch: Path, key: DatabaseKey | None
) -> tuple[_TableSalvage, _TableSalvage, bool, list[dict[str, Any]]]:
    """The visits and outbox rows of the scratch copy: SQLite first, then (a plain file)
    the page scan; whether SQLite could read the visits table at all; and the visits saved
    at the door and not yet filed."""
    visits, outbox = _TableSalvage(), _TableSalvage()
    visits_read = False
    journal: list[dict[str, Any]] = []
    try:
        reader: _Reader | None = _Reader(scratch, key)
    except (sqlite3.Error, StorageEnvironmentError) as exc:
        log.warning("recovery: the copy could not be opened (%s)", exc)
        reader = None
    if reader is not None:
        try:
            with contextlib.suppress(*_READ_ERRORS):
                # The committed frames of the WAL into the copy's file, for the page scan.
                reader.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            for table, target in (("visits", visits), ("outbox", outbox)):
                try:
                    salvaged = _salvage_table(reader, table)
                except _READ_ERRORS as exc:
                    log.warning("recovery: SQLite could not read the %s table (%s)", table, exc)
                    continue
                target.rows, target.unreadable = salvaged.rows, salvaged.unreadable
                target.index_local_ids = salvaged.index_local_ids
                visits_read = visits_read or table == "visits"
            journal = _read_journal(reader)
        finally:
            reader.close()
    if key is not None:  # encrypted pages: only SQLCipher can read them
        return visits, outbox, visits_read, journal
    try:
        _add_scanned_rows(scratch, "visits", visits)
        _add_scanned_rows(scratch, "outbox", outbox)
    except OSError as exc:
        log.warning("recovery: the page scan could not read the copy (%s)", exc)
    return visits, outbox, visits_read, journal


def _key_of(original: Path) -> DatabaseKey | None:
    """The key the copies are read with: the original's, when it is encrypted. None for a
    plain file from before encryption, even one whose header is destroyed (the page-level
    salvage rebuilds it), and when no key is available."""
    try:
        if looks_plain(original):
            return None
    except OSError:
        return None
    try:
        return key_for(original)
    except StorageEnvironmentError as error:
        log.warning("recovery: no key for the damaged database (%s)", error.problem)
        return None


def _salvage(scratch: Path, key: DatabaseKey | None) -> _Salvage:
    result = _Salvage()
    if key is None:  # a plain file's header can be rebuilt; an encrypted one's salt cannot
        try:
            result.header_rebuilt = repair_header(scratch) is not None
        except OSError as exc:
            log.warning("recovery: the header of the copy could not be checked (%s)", exc)
    visits, outbox, visits_read, journal = _read_tables(scratch, key)
    people = _read_people(scratch, key)
    result.scanned = len(visits.scanned)
    if not visits_read and not visits.rows and not journal:
        result.nothing_read = True
        return result

    ops_by_visit: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    broken_ops: set[str] = set()
    for op_id, op_row in outbox.rows.items():
        local_id = op_row.get("local_id")
        if not isinstance(local_id, str):
            continue
        try:
            ops_by_visit.setdefault(local_id, []).append((op_id, _op_entry(op_row)))
        except (ValueError, TypeError):
            broken_ops.add(local_id)
    # An operation whose row is damaged but whose owner the index still names.
    broken_ops.update(
        outbox.index_local_ids[op_id]
        for op_id in outbox.unreadable
        if op_id in outbox.index_local_ids
    )

    for rowid in sorted(visits.unreadable):
        result.unreadable += 1
        if rowid in visits.index_local_ids:
            result.lost_local_ids.append(visits.index_local_ids[rowid])
    for rowid, visit in sorted(visits.rows.items()):
        if visit.get("state") == OutboxState.SENT.value:
            result.skipped_sent += 1
            continue
        local_id = visit.get("local_id")
        ops = [
            entry for _, entry in sorted(ops_by_visit.get(str(local_id), []), key=lambda p: p[0])
        ]
        damaged = local_id in broken_ops or rowid in visits.scanned
        try:
            line = _export_line(visit, ops, ops_damaged=damaged)
        except (ValueError, TypeError, ValidationError):
            result.unreadable += 1
            if isinstance(local_id, str):
                result.lost_local_ids.append(local_id)
            continue
        if line["ops"] is not ops:
            result.rebuilt_creates += 1
        _with_person(line, people)
        result.lines.append(line)
    filed = {str(visit.get("local_id")) for visit in visits.rows.values()}
    for visit in journal:
        if visit["local_id"] in filed:
            continue  # cannot be both (one transaction files and forgets it): the row wins
        try:
            # Never sent (its create is written when it is filed): queued as new.
            create = _rebuilt_create(visit, json.loads(visit["data_json"]))
            create.update(state=OutboxState.QUEUED.value, last_error=None)
            line = _export_line(visit, [create], ops_damaged=False)
        except (ValueError, TypeError, ValidationError):
            result.unreadable += 1
            result.lost_local_ids.append(visit["local_id"])
            continue
        result.lines.append(line)
    # people not yet on the server who have no unsent visit, in the order they were added
    carried = {line["visit"].get("local_contact_id") for line in result.lines}
    for local_contact_id, person in sorted(
        people.items(), key=lambda item: (str(item[1]["row"].get("created_at")), item[0])
    ):
        unsent = person["row"].get("state") != OutboxState.SENT.value
        if unsent and local_contact_id not in carried:
            result.lines.append({"format": TRANSFER_FORMAT, "person": person})
    return result


def _write_jsonl(path: Path, lines: list[dict[str, Any]]) -> None:
    """Write the export 0600, fsynced, then renamed into place."""
    temp = path.with_name(f".{path.name}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            for line in lines:
                handle.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _set_aside(original: Path, stamp: str) -> Path:
    aside = original.with_name(f"{original.name}.damaged-{stamp}")
    for suffix in ("", *_SIDE_SUFFIXES):
        src = Path(f"{original}{suffix}")
        if src.exists():
            os.replace(src, Path(f"{aside}{suffix}"))
    return aside


def _messages(
    copy_path: Path, exported: Path | None, salvage: _Salvage, aside: Path | None
) -> tuple[Message, ...]:
    """What happened, most important first (the visits, then the files)."""
    parts: list[Message] = []
    count = sum(1 for line in salvage.lines if "visit" in line)
    if salvage.nothing_read:
        parts.append(_NOTHING_READ.message())
    elif count:
        parts.append(plural(_SAVED_ONE, _SAVED_MANY, count, path=exported))
    else:
        parts.append(_NO_UNSENT.message())
    if salvage.unreadable:
        parts.append(plural(_LOST_ONE, _LOST_MANY, salvage.unreadable))
    if salvage.skipped_sent:
        parts.append(plural(_SENT_ONE, _SENT_MANY, salvage.skipped_sent))
    if salvage.rebuilt_creates:
        parts.append(_REBUILT.with_args(n=salvage.rebuilt_creates))
    parts.append(_COPY_KEPT.with_args(path=copy_path))
    if aside is not None:
        parts.append(_SET_ASIDE.with_args(path=aside))
    return tuple(parts)


def _next_step(exported: Path | None, aside: Path | None) -> Message | None:
    if exported is None:
        return None
    return (_IMPORT if aside is not None else _IMPORT_AFTER_MOVE).with_args(path=exported)


def recover_damaged_database(data_dir: Path, *, set_aside: bool = False) -> RecoveryReport:
    """Keep a copy of the database, export its readable unsent visits, say what happened.

    Raises RecoveryError when there is no database in ``data_dir`` or the copy cannot be
    made (for instance a full disk): without the copy nothing else is attempted.
    """
    data_dir = Path(data_dir)
    original = database_path(data_dir)
    if not original.is_file():
        raise RecoveryError(_NO_DATABASE.with_args(path=original))
    stamp = _stamp()
    folder = data_dir / RECOVERY_DIRNAME / stamp
    try:
        folder = _recovery_folder(data_dir, stamp)
        copy_path = _copy_database(original, folder)
    except OSError as exc:
        raise RecoveryError(_NO_COPY.with_args(folder=folder, reason=os_reason(exc))) from exc

    scratch_dir = folder / _SCRATCH_DIRNAME
    try:
        scratch_dir.mkdir(mode=0o700)
        salvage = _salvage(_copy_database(copy_path, scratch_dir), _key_of(original))
    except OSError as exc:
        log.warning("recovery: no scratch copy could be made (%s)", exc)
        salvage = _Salvage(nothing_read=True)
    finally:
        shutil.rmtree(scratch_dir, ignore_errors=True)

    exported: Path | None = None
    if salvage.lines:
        exported = folder / EXPORT_FILENAME
        try:
            _write_jsonl(exported, salvage.lines)
        except OSError as exc:
            raise RecoveryError(
                _NO_EXPORT.with_args(path=exported, reason=os_reason(exc), copy=copy_path)
            ) from exc

    aside = _set_aside(original, stamp) if set_aside else None
    report = RecoveryReport(
        copy_path=copy_path,
        exported_path=exported,
        exported_count=sum(1 for line in salvage.lines if "visit" in line),
        messages=_messages(copy_path, exported, salvage, aside),
        next_step=_next_step(exported, aside),
        unreadable_count=salvage.unreadable,
        skipped_sent_count=salvage.skipped_sent,
        rebuilt_create_count=salvage.rebuilt_creates,
        scanned_count=salvage.scanned,
        header_rebuilt=salvage.header_rebuilt,
        set_aside_path=aside,
        lost_local_ids=salvage.lost_local_ids,
    )
    log.warning(
        "database recovery: copy at %s, %d unsent visit(s) exported, %d unreadable, "
        "%d already sent, %d found by the page scan%s%s",
        copy_path,
        report.exported_count,
        report.unreadable_count,
        report.skipped_sent_count,
        report.scanned_count,
        ", header rebuilt" if report.header_rebuilt else "",
        f", damaged file moved to {aside}" if aside else "",
    )
    return report


__all__ = [
    "EXPORT_FILENAME",
    "RECOVERY_DIRNAME",
    "RecoveryError",
    "RecoveryReport",
    "recover_damaged_database",
]
