"""Moving the unsent queue between devices with no duplicates (``outbox export/import``).

The file is JSON Lines: one object per unsent visit, ``{"format": ..., "visit": {row},
"ops": [ops]}``. Visits are keyed by ``local_id`` (also every create's Idempotency-Key)
and by their natural key (contact, knock time, campaign; the check ``canvass-app import``
makes too), so a visit already known on the importing device is skipped, and a create
that may have reached the server from the first device is reconciled by natural key
before it is sent again from the second: ``sending`` operations are imported as
``unknown``. The import is all or nothing, in one transaction, like ``canvass-app import``
(lines are read by ``services.json_lines``: a bad line is named and nothing is queued).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from canvass_app.core.errors import CanvassError
from canvass_app.core.interaction import validate_data
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message
from canvass_app.core.outbox import OpKind, OutboxState
from canvass_app.services.json_lines import (
    JsonLine,
    LineProblem,
    bad_file,
    field_problems,
    line_count,
    line_problem,
    parse_line,
    plural,
    read_json_lines,
)
from canvass_app.storage.db import environment_errors, transaction, utc_now
from canvass_app.storage.visits import VisitRepo

FORMAT = "canvass-outbox/1"
_KINDS = frozenset(kind.value for kind in OpKind)
_STATES = frozenset(state.value for state in OutboxState)
REQUIRED_VISIT_FIELDS = (
    "local_id",
    "canvasser",
    "campaign_id",
    "contact_id",
    "household_id",
    "contact_household_id",
    "knock_time",
    "data_json",
    "state",
    "created_at",
    "updated_at",
)


class OutboxFileError(CanvassError):
    """An outbox file that cannot be read or written; the message says where and why."""


@dataclass(frozen=True)
class ImportResult:
    imported: int
    skipped_duplicates: int

    @property
    def message(self) -> Message:
        return _RESULT.with_args(
            imported=plural(_VISITS_ONE, _VISITS_MANY, self.imported),
            skipped=self.skipped_duplicates,
        )


def export_outbox(
    db: sqlite_utils.Database, path: Path, *, progress: Callable[[int, int], None] | None = None
) -> int:
    """Write every unsent visit (state != sent) with its operations; returns how many.

    The file appears whole or not at all (written to a temporary file, then renamed).
    ``progress(done, total)`` is called after each visit.
    """
    repo = VisitRepo(db)
    visits = repo.list_visits(
        states=[s for s in OutboxState if s is not OutboxState.SENT], newest_first=False
    )
    lines: list[str] = []
    for visit in visits:
        row = repo.visit_row(visit.local_id)
        if row is None:  # pragma: no cover - deleted between the two reads
            continue
        row.pop("seq", None)
        ops = [
            {
                "kind": op.kind.value,
                "payload": op.payload,
                "base": op.base,
                "idempotency_key": op.idempotency_key,
                "state": op.state.value,
                "attempts": op.attempts,
                "last_status": op.last_status,
                "last_error": op.last_error,
                "created_at": op.created_at,
            }
            for op in repo.ops(visit.local_id)
        ]
        lines.append(
            json.dumps({"format": FORMAT, "visit": row, "ops": ops}, ensure_ascii=False) + "\n"
        )
        if progress is not None:
            progress(len(lines), len(visits))
    path = Path(path)
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    except OSError as exc:
        raise OutboxFileError(f"Could not write {path}: {exc.strerror or exc}.") from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.writelines(lines)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o600)  # it holds canvassers' answers
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise OutboxFileError(f"Could not write {path}: {exc.strerror or exc}.") from exc
    return len(lines)


_NOT_AN_ENTRY = QT_TRANSLATE_NOOP("Import", "not a Canvass outbox entry (expected format {format})")
_NO_VISIT = QT_TRANSLATE_NOOP("Import", "needs a visit object and a list of operations")
_LACKS = QT_TRANSLATE_NOOP("Import", "the visit lacks {fields}")
_BAD_OP = QT_TRANSLATE_NOOP("Import", "ops[{index}] {problem}")
_OP_NOT_OBJECT = QT_TRANSLATE_NOOP("Import", "must be an object")
_OP_UNKNOWN = QT_TRANSLATE_NOOP("Import", "has an unknown kind or state")
_OP_NO_KEY = QT_TRANSLATE_NOOP("Import", "lacks its idempotency key")
_RESULT = QT_TRANSLATE_NOOP("Import", "Imported {imported}; skipped {skipped} already here.")
_VISITS_ONE = QT_TRANSLATE_NOOP("Import", "%n visit")
_VISITS_MANY = QT_TRANSLATE_NOOP("Import", "%n visits")


def _check_entry(
    line: JsonLine,
) -> tuple[dict[str, Any], list[dict[str, Any]]] | list[LineProblem]:
    """The visit row and operations of one line, or what is wrong with it."""
    number, entry = line.number, line.value
    if not isinstance(entry, dict) or entry.get("format") != FORMAT:
        return [line_problem(number, _NOT_AN_ENTRY.with_args(format=FORMAT))]
    row, ops = entry.get("visit"), entry.get("ops")
    if not isinstance(row, dict) or not isinstance(ops, list) or not ops:
        return [line_problem(number, _NO_VISIT.message())]
    missing = [name for name in REQUIRED_VISIT_FIELDS if not isinstance(row.get(name), str)]
    if missing:
        return [line_problem(number, _LACKS.with_args(fields=", ".join(missing)))]
    parsed = parse_line(number, row["data_json"].encode("utf-8"))
    if isinstance(parsed, LineProblem):  # the same limits as a line of its own
        return [parsed]
    errors = validate_data(parsed.value)
    if errors:
        return field_problems(number, errors)
    for index, op in enumerate(ops):
        problem = None
        if not isinstance(op, dict):
            problem = _OP_NOT_OBJECT.message()
        elif str(op.get("kind")) not in _KINDS or str(op.get("state")) not in _STATES:
            problem = _OP_UNKNOWN.message()
        elif not isinstance(op.get("idempotency_key"), str):
            problem = _OP_NO_KEY.message()
        if problem is not None:
            return [line_problem(number, _BAD_OP.with_args(index=index, problem=problem))]
    return row, ops


def import_outbox(
    db: sqlite_utils.Database,
    path: Path,
    *,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Queue the visits of an exported outbox file, all or nothing, in one transaction.

    A visit already here, by its local id or by its natural key (contact, knock time,
    campaign: the check ``canvass-app import`` makes too), is skipped and counted. A bad
    line queues nothing; every bad line is named (FileImportError). Raises
    StorageEnvironmentError when the database cannot be written (nothing queued).
    ``progress(line, lines)`` is called after each line is read (checked, queued or
    skipped).
    """
    path = Path(path)
    repo = VisitRepo(db)
    moment = now or utc_now()
    problems: list[Message] = []
    imported = skipped = 0
    total = line_count(path) if progress is not None else 0
    with environment_errors("import the outbox"), transaction(db, immediate=True):
        for item in read_json_lines(path):
            if progress is not None:
                progress(item.number, total)
            checked = _check_entry(item) if isinstance(item, JsonLine) else [item]
            if isinstance(checked, list):
                problems.extend(problem.message for problem in checked)
                continue
            if problems:
                continue  # nothing more is written; the rest is only checked
            row, ops = checked
            known = repo.find_by_natural_key(
                row["contact_id"], row["knock_time"], row["campaign_id"]
            )
            if known is None and repo.insert_transferred(row, ops, now=moment):
                imported += 1
            else:
                skipped += 1
        if problems:
            raise bad_file(path, problems)  # inside the transaction: it rolls back
    return ImportResult(imported=imported, skipped_duplicates=skipped)
