"""Moving the unsent queue between devices with no duplicates (``outbox export/import``).

The file is JSON Lines: one object per unsent visit, ``{"format": ..., "visit": {row},
"ops": [ops]}``. Visits are keyed by ``local_id`` (also every create's Idempotency-Key),
so a visit already known on the importing device is skipped, and a create that may have
reached the server from the first device is reconciled by natural key before it is sent
again from the second: ``sending`` operations are imported as ``unknown``.
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

from canvass_app.core.errors import CanvassError, FieldError, ValidationError
from canvass_app.core.interaction import require_valid_data
from canvass_app.core.outbox import OpKind, OutboxState
from canvass_app.storage.db import utc_now
from canvass_app.storage.visits import VisitRepo

FORMAT = "canvass-outbox/1"
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


def _check_entry(entry: Any, line_no: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    where = f"line {line_no}"
    if not isinstance(entry, dict) or entry.get("format") != FORMAT:
        raise ValidationError(
            FieldError(where, f"is not a Canvass outbox entry (expected format {FORMAT})")
        )
    row, ops = entry.get("visit"), entry.get("ops")
    if not isinstance(row, dict) or not isinstance(ops, list) or not ops:
        raise ValidationError(FieldError(where, "needs a visit object and a list of operations"))
    missing = [name for name in REQUIRED_VISIT_FIELDS if not isinstance(row.get(name), str)]
    if missing:
        raise ValidationError(FieldError(where, f"the visit lacks {', '.join(missing)}"))
    try:
        data = json.loads(row["data_json"])
    except ValueError:
        raise ValidationError(FieldError(where, "the visit data is not JSON")) from None
    problems = [FieldError(f"{where} {e.field}", e.message) for e in _data_problems(data)]
    if problems:
        raise ValidationError(problems)
    for index, op in enumerate(ops):
        if not isinstance(op, dict):
            raise ValidationError(FieldError(f"{where} ops[{index}]", "must be an object"))
        try:
            OpKind(str(op.get("kind")))
            OutboxState(str(op.get("state")))
        except ValueError:
            raise ValidationError(
                FieldError(f"{where} ops[{index}]", "has an unknown kind or state")
            ) from None
        if not isinstance(op.get("idempotency_key"), str):
            raise ValidationError(FieldError(f"{where} ops[{index}]", "lacks its idempotency key"))
    return row, ops


def _data_problems(data: Any) -> list[FieldError]:
    try:
        require_valid_data(data)
    except ValidationError as exc:
        return exc.errors
    return []


def import_outbox(
    db: sqlite_utils.Database,
    path: Path,
    *,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Queue the visits of an exported outbox file; a visit already known is skipped.

    The whole file is checked first: a bad line imports nothing and names the line.
    ``progress(done, total)`` is called after each visit is queued or skipped.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
        raise OutboxFileError(f"Could not read {path}: {reason or exc}.") from exc
    entries: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError as exc:
            raise ValidationError(FieldError(f"line {line_no}", f"is not JSON ({exc})")) from None
        entries.append(_check_entry(entry, line_no))
    repo = VisitRepo(db)
    moment = now or utc_now()
    imported = skipped = 0
    for row, ops in entries:
        if repo.insert_transferred(row, ops, now=moment):
            imported += 1
        else:
            skipped += 1
        if progress is not None:
            progress(imported + skipped, len(entries))
    return ImportResult(imported=imported, skipped_duplicates=skipped)
