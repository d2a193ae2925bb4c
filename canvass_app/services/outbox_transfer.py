"""Moving the unsent queue between devices with no duplicates (``outbox export/import``).

The file is JSON Lines: one object per unsent visit, ``{"format": ..., "visit": {row},
"ops": [ops]}``, with ``"person": {row, ops}`` when the visit is to a person added at the
door (who travels with their visits, and is imported before them), and one object
``{"format": ..., "person": {row, ops}}`` per person not yet on the server who has no
unsent visit. Visits are keyed by ``local_id`` (also every create's Idempotency-Key)
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

from canvass_app.core.contact import ContactOpKind
from canvass_app.core.errors import CanvassError
from canvass_app.core.interaction import validate_data
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message, plural
from canvass_app.core.os_problems import os_reason
from canvass_app.core.outbox import OpKind, OutboxState
from canvass_app.services.json_lines import (
    JsonLine,
    LineProblem,
    bad_file,
    field_problems,
    line_count,
    line_problem,
    parse_line,
    read_json_lines,
)
from canvass_app.storage.contacts import ContactRepo
from canvass_app.storage.db import environment_errors, transaction, utc_now
from canvass_app.storage.visits import VisitRepo

FORMAT = "canvass-outbox/1"
_KINDS = frozenset(kind.value for kind in OpKind)
_PERSON_KINDS = frozenset(kind.value for kind in ContactOpKind)
_PERSON_FIELDS = ("local_contact_id", "canvasser", "household_id", "display_name", "data_json")
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


_CANNOT_WRITE = QT_TRANSLATE_NOOP("Export", "Could not write {path}: {reason}.")


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
    people = ContactRepo(db)
    visits = repo.list_visits(
        states=[s for s in OutboxState if s is not OutboxState.SENT], newest_first=False
    )
    lines: list[str] = []
    carried: set[str] = set()  # people written with one of their visits
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
                "waits_for": repo.waits_for(op.op_id),
            }
            for op in repo.ops(visit.local_id)
        ]
        entry: dict[str, Any] = {"format": FORMAT, "visit": row, "ops": ops}
        if visit.local_contact_id is not None:
            entry["person"] = people.transfer_record(visit.local_contact_id)
            carried.add(visit.local_contact_id)
        lines.append(json.dumps(entry, ensure_ascii=False) + "\n")
        if progress is not None:
            progress(len(lines), len(visits))
    for local_contact_id in people.unsent_ids():
        if local_contact_id not in carried:
            person = people.transfer_record(local_contact_id)
            lines.append(
                json.dumps({"format": FORMAT, "person": person}, ensure_ascii=False) + "\n"
            )
    path = Path(path)
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    except OSError as exc:
        raise OutboxFileError(_CANNOT_WRITE.with_args(path=path, reason=os_reason(exc))) from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.writelines(lines)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o600)  # it holds canvassers' answers
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise OutboxFileError(_CANNOT_WRITE.with_args(path=path, reason=os_reason(exc))) from exc
    return len(lines)


_NOT_AN_ENTRY = QT_TRANSLATE_NOOP("Import", "not a Canvass outbox entry (expected format {format})")
_NO_VISIT = QT_TRANSLATE_NOOP("Import", "needs a visit object and a list of operations")
_LACKS = QT_TRANSLATE_NOOP("Import", "the visit lacks {fields}")
_BAD_OP = QT_TRANSLATE_NOOP("Import", "ops[{index}] {problem}")
_OP_NOT_OBJECT = QT_TRANSLATE_NOOP("Import", "must be an object")
_OP_UNKNOWN = QT_TRANSLATE_NOOP("Import", "has an unknown kind or state")
_OP_NO_KEY = QT_TRANSLATE_NOOP("Import", "lacks its idempotency key")
_BAD_PERSON = QT_TRANSLATE_NOOP(
    "Import", "the person added at the door it carries is not complete (row and requests)"
)
_NO_PERSON = QT_TRANSLATE_NOOP(
    "Import",
    "the visit is to a person added at the door on the other laptop, who is not in the file",
)
_RESULT = QT_TRANSLATE_NOOP("Import", "Imported {imported}; skipped {skipped} already here.")
_VISITS_ONE = QT_TRANSLATE_NOOP("Import", "%n visit")
_VISITS_MANY = QT_TRANSLATE_NOOP("Import", "%n visits")


Entry = tuple[dict[str, Any] | None, list[dict[str, Any]], dict[str, Any] | None]


def _check_person(number: int, person: Any) -> list[LineProblem]:
    row = person.get("row") if isinstance(person, dict) else None
    ops = person.get("ops") if isinstance(person, dict) else None
    if (
        not isinstance(row, dict)
        or not all(isinstance(row.get(n), str) for n in _PERSON_FIELDS)
        or not isinstance(ops, list)
        or not all(
            isinstance(op, dict)
            and str(op.get("kind")) in _PERSON_KINDS
            and str(op.get("state")) in _STATES
            for op in ops
        )
    ):
        return [line_problem(number, _BAD_PERSON.message())]
    return []


def _check_entry(line: JsonLine) -> Entry | list[LineProblem]:
    """The visit row, its operations and the person it carries (any of which may be
    absent: a line with a person only) of one line, or what is wrong with it."""
    number, entry = line.number, line.value
    if not isinstance(entry, dict) or entry.get("format") != FORMAT:
        return [line_problem(number, _NOT_AN_ENTRY.with_args(format=FORMAT))]
    person = entry.get("person")
    if person is not None:
        problems = _check_person(number, person)
        if problems:
            return problems
        if "visit" not in entry:
            return None, [], person
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
    return row, ops, person


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
    people = ContactRepo(db)
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
            row, ops, person = checked
            if person is not None:
                people.insert_transferred(person, now=moment)  # once, before its visits
            if row is None:
                continue
            if row.get("local_contact_id") and people.get(row["local_contact_id"]) is None:
                problems.append(line_problem(item.number, _NO_PERSON.message()).message)
                continue
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
