"""Saving what can be saved from a damaged database.

``recover_damaged_database(data_dir)``:

1. copies the database file (with its ``-wal`` and ``-shm``) into
   ``<data dir>/recovery/<UTC time>/``, untouched, for support or a specialist tool;
2. opens a second, scratch copy (so the kept copy stays byte for byte what was on disk)
   and reads the ``visits`` and ``outbox`` tables row by row, tolerating every read error:
   rows are found by scanning from both ends and through the local-id index, then fetched
   one at a time, so one damaged page costs only the rows on it;
3. writes every unsent visit it could read (state other than ``sent``) with its outbox
   operations to ``unsent-visits.jsonl`` in that folder, in the format of
   ``services/outbox_transfer.py`` (``canvass-app outbox import`` reads it). A visit whose
   operations were lost but that the server never confirmed gets its create rebuilt, as
   ``unknown`` so it is looked for on the server before it is sent again; a sent visit
   whose waiting edit was lost is reported, not exported (the kept copy still holds it);
4. returns a report that says in words what happened and what to do next.

The original database is never written to. With ``set_aside=True`` it is renamed to
``canvass.sqlite3.damaged-<UTC time>`` so the next start creates a fresh one; the import
then brings the unsent visits back.

Logged: counts and paths only; visit contents are personal.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from canvass_app.core.errors import CanvassError, ValidationError
from canvass_app.core.interaction import require_valid_data
from canvass_app.core.outbox import OpKind, OutboxState
from canvass_app.services.outbox_transfer import FORMAT as TRANSFER_FORMAT
from canvass_app.services.outbox_transfer import REQUIRED_VISIT_FIELDS
from canvass_app.storage.db import database_path

log = logging.getLogger("canvass.services.recovery")

RECOVERY_DIRNAME = "recovery"
EXPORT_FILENAME = "unsent-visits.jsonl"
_SIDE_SUFFIXES = ("-wal", "-shm")
# Never probe more rowids one by one than this many beyond the rows found by scanning: a
# garbage maximum rowid must not turn the recovery into an endless loop.
_MAX_PROBE_GAP = 200_000


class RecoveryError(CanvassError):
    """Nothing could be recovered (no database, no space for the copy); says why in words."""


@dataclass(frozen=True)
class RecoveryReport:
    """What the recovery did; ``message`` is written for the person."""

    copy_path: Path
    exported_path: Path | None
    exported_count: int
    message: str
    unreadable_count: int = 0
    skipped_sent_count: int = 0
    rebuilt_create_count: int = 0
    set_aside_path: Path | None = None
    lost_local_ids: list[str] = field(default_factory=list)


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _copy_database(source: Path, folder: Path) -> Path:
    """Copy the database and its side files into ``folder``; every copy 0600."""
    target = folder / source.name
    for suffix in ("", *_SIDE_SUFFIXES):
        src = Path(f"{source}{suffix}")
        if not src.exists():
            continue
        dst = Path(f"{target}{suffix}")
        shutil.copyfile(src, dst)
        if sys.platform != "win32":
            os.chmod(dst, 0o600)
    return target


def _rows_by_scan(conn: sqlite3.Connection, sql: str) -> Iterator[Any]:
    """The rows of ``sql`` until the first read error (which ends the scan, quietly)."""
    try:
        cursor = conn.execute(sql)
        while True:
            row = cursor.fetchone()
            if row is None:
                return
            yield row
    except sqlite3.DatabaseError as exc:
        log.info("recovery scan stopped early: %s", exc)


@dataclass
class _TableSalvage:
    """The rows of one table that could be read, by rowid, and the rowids that could not."""

    rows: dict[int, dict[str, Any]] = field(default_factory=dict)
    unreadable: set[int] = field(default_factory=set)
    # rowid -> local_id as the local_id index knows it (names rows the table lost)
    index_local_ids: dict[int, str] = field(default_factory=dict)


def _salvage_table(conn: sqlite3.Connection, table: str) -> _TableSalvage:
    """Read ``table`` row by row, tolerating damaged pages.

    Rows are found by scanning the table from both ends and through its ``local_id``
    index (a separate b-tree that may survive damage to the table's pages); every rowid
    between the lowest and the highest found is then fetched on its own, so a damaged page
    costs only the rows stored on it. Raises sqlite3.DatabaseError only when the table's
    definition itself cannot be read.
    """
    columns = [str(row[1]) for row in conn.execute(f"PRAGMA table_info({table})").fetchall()]
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
        found.update(int(row[0]) for row in _rows_by_scan(conn, sql))
    for row in _rows_by_scan(
        conn,
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
            cursor = conn.execute(select, (rowid,))
            row = cursor.fetchone()
        except sqlite3.DatabaseError:
            result.unreadable.add(rowid)
            continue
        if row is not None:
            names = [d[0] for d in cursor.description]
            result.rows[rowid] = dict(zip(names, row, strict=True))
    return result


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
    }


def _export_line(
    visit: dict[str, Any], ops: list[dict[str, Any]], *, ops_damaged: bool
) -> dict[str, Any]:
    """One line of the ``canvass-app outbox import`` format; ValueError when unusable.

    Checked the way the import checks it, so one damaged visit cannot make the import
    refuse the whole file. ``ops_damaged``: one of the visit's operations could not be read.
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
    row = {name: value for name, value in visit.items() if name != "seq"}
    return {"format": TRANSFER_FORMAT, "visit": row, "ops": ops}


@dataclass
class _Salvage:
    lines: list[dict[str, Any]] = field(default_factory=list)
    unreadable: int = 0
    skipped_sent: int = 0
    rebuilt_creates: int = 0
    lost_local_ids: list[str] = field(default_factory=list)
    table_error: str | None = None


def _salvage(scratch: Path) -> _Salvage:
    result = _Salvage()
    try:
        conn = sqlite3.connect(str(scratch), isolation_level=None)
    except sqlite3.Error as exc:
        result.table_error = f"the copy could not be opened ({exc})"
        return result
    try:
        try:
            visits = _salvage_table(conn, "visits")
        except sqlite3.DatabaseError as exc:
            result.table_error = f"the list of visits could not be read ({exc})"
            return result
        try:
            outbox = _salvage_table(conn, "outbox")
        except sqlite3.DatabaseError as exc:
            log.warning("recovery: the outbox table could not be read (%s)", exc)
            outbox = _TableSalvage()
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.close()

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
    for _, visit in sorted(visits.rows.items()):
        if visit.get("state") == OutboxState.SENT.value:
            result.skipped_sent += 1
            continue
        local_id = visit.get("local_id")
        ops = [
            entry for _, entry in sorted(ops_by_visit.get(str(local_id), []), key=lambda p: p[0])
        ]
        try:
            line = _export_line(visit, ops, ops_damaged=local_id in broken_ops)
        except (ValueError, TypeError, ValidationError):
            result.unreadable += 1
            if isinstance(local_id, str):
                result.lost_local_ids.append(local_id)
            continue
        if line["ops"] is not ops:
            result.rebuilt_creates += 1
        result.lines.append(line)
    return result


def _write_jsonl(path: Path, lines: list[dict[str, Any]]) -> None:
    """Write the export 0600, fsynced, then renamed into place."""
    fd, tmp_name = tempfile.mkstemp(prefix=".export-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            for line in lines:
                handle.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def _set_aside(original: Path, stamp: str) -> Path:
    aside = original.with_name(f"{original.name}.damaged-{stamp}")
    for suffix in ("", *_SIDE_SUFFIXES):
        src = Path(f"{original}{suffix}")
        if src.exists():
            os.replace(src, Path(f"{aside}{suffix}"))
    return aside


def _message(
    copy_path: Path,
    exported: Path | None,
    salvage: _Salvage,
    aside: Path | None,
) -> str:
    parts = [f"A copy of the damaged database was kept at {copy_path}."]
    count = len(salvage.lines)
    if salvage.table_error:
        parts.append(f"No visits could be saved from it: {salvage.table_error}.")
    elif count:
        parts.append(
            f"{count} unsent visit{'s' if count != 1 else ''} could still be read and "
            f"{'were' if count != 1 else 'was'} saved to {exported}."
        )
    else:
        parts.append("No unsent visits could be read from it.")
    if salvage.unreadable:
        parts.append(
            f"{salvage.unreadable} visit{'s' if salvage.unreadable != 1 else ''} could not be "
            "read; the kept copy may still let a specialist recover "
            f"{'them' if salvage.unreadable != 1 else 'it'}."
        )
    if salvage.skipped_sent:
        parts.append(
            f"{salvage.skipped_sent} visit{'s' if salvage.skipped_sent != 1 else ''} already "
            "on the server did not need saving."
        )
    if salvage.rebuilt_creates:
        parts.append(
            f"{salvage.rebuilt_creates} of the saved visits had lost their place in the queue; "
            "they will be checked against the server before they are sent, so none is sent "
            "twice."
        )
    if aside is not None:
        parts.append(
            f"The damaged file was moved to {aside}; Canvass will start with a new database."
        )
    if count:
        step = "then run" if aside is None else "Run"
        prefix = (
            "To continue, move the damaged database out of the data folder, "
            if aside is None
            else ""
        )
        parts.append(f"{prefix}{step} `canvass-app outbox import {exported}` to queue them again.")
    return " ".join(parts)


def recover_damaged_database(data_dir: Path, *, set_aside: bool = False) -> RecoveryReport:
    """Keep a copy of the database, export its readable unsent visits, say what happened.

    Raises RecoveryError when there is no database in ``data_dir`` or the copy cannot be
    made (for instance a full disk): without the copy nothing else is attempted.
    """
    data_dir = Path(data_dir)
    original = database_path(data_dir)
    if not original.is_file():
        raise RecoveryError(f"There is no database to recover at {original}.")
    stamp = _stamp()
    folder = data_dir / RECOVERY_DIRNAME / stamp
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=False)
        copy_path = _copy_database(original, folder)
    except OSError as exc:
        raise RecoveryError(
            f"A copy of the damaged database could not be made in {folder} "
            f"({exc.strerror or exc}); nothing was changed. Free some disk space and try again."
        ) from exc

    with tempfile.TemporaryDirectory(prefix="canvass-recovery-") as scratch_dir:
        scratch = _copy_database(copy_path, Path(scratch_dir))
        salvage = _salvage(scratch)

    exported: Path | None = None
    if salvage.lines:
        exported = folder / EXPORT_FILENAME
        try:
            _write_jsonl(exported, salvage.lines)
        except OSError as exc:
            raise RecoveryError(
                f"The unsent visits could not be written to {exported} "
                f"({exc.strerror or exc}); the copy of the database is at {copy_path}."
            ) from exc

    aside = _set_aside(original, stamp) if set_aside else None
    report = RecoveryReport(
        copy_path=copy_path,
        exported_path=exported,
        exported_count=len(salvage.lines),
        message=_message(copy_path, exported, salvage, aside),
        unreadable_count=salvage.unreadable,
        skipped_sent_count=salvage.skipped_sent,
        rebuilt_create_count=salvage.rebuilt_creates,
        set_aside_path=aside,
        lost_local_ids=salvage.lost_local_ids,
    )
    log.warning(
        "database recovery: copy at %s, %d unsent visit(s) exported, %d unreadable, "
        "%d already sent%s",
        copy_path,
        report.exported_count,
        report.unreadable_count,
        report.skipped_sent_count,
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
