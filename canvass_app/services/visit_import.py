"""``canvass-app import FILE``: queue a JSON Lines file of visits, all or nothing, once.

Each line is one interaction ``data`` object shaped like the POST example of the
interactions page: its fields at the top level, or wrapped as ``{"data": {...}}`` (the
wrapper alone: a line that also has ``id`` or ``meta`` is a document the server already
holds and is refused, since importing it would send it a second time). Its own
``timestamp`` is the knock time.

All or nothing: the whole file is read and queued inside ONE transaction, committed only
when every line is good. A bad line (not UTF-8, not JSON, nested too deep, a text too
long: see ``services.json_lines``; or not a valid interaction) queues nothing and every
bad line is named with its number. A kill -9 in the middle leaves nothing (SQLite drops
an uncommitted transaction), so a re-run queues the file exactly once.

Why one transaction rather than resumable chunks: a whole-file transaction is the only
form where "nothing or everything" needs no bookkeeping, and it is fast (20,000 visits in
about 6 s and 35 MB on the 2-core development machine: benchmark B12).
The write lock it holds blocks nobody: one process owns a data directory at a time.
Chunks would let a kill leave half a file queued, which a re-run then completes exactly
(the natural-key check below), but a person reading "nothing was queued" after a bad
line could no longer trust it.

Idempotent: a visit already on this laptop, known by its natural key (contactId, knock
instant, campaignId, the key the engine uses to find a create on the server), is skipped
and counted, whether it came from this file before, another file, the door screen or an
``outbox import``; so is a line that repeats an earlier line of the same file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from canvass_app.core.interaction import DATA_FIELDS, natural_key, validate_data
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message
from canvass_app.services.json_lines import (
    FileImportError,
    JsonLine,
    LineProblem,
    bad_file,
    field_problems,
    line_count,
    line_problem,
    plural,
    read_json_lines,
)
from canvass_app.services.visits import (
    imported_visit,
    normalized_import_data,
    require_canvasser,
)
from canvass_app.storage.db import environment_errors, transaction, utc_now
from canvass_app.storage.visits import VisitRepo

_NOT_AN_OBJECT = QT_TRANSLATE_NOOP(
    "Import", "not a visit: a line must be one JSON object (an interaction's data)"
)
_A_DOCUMENT = QT_TRANSLATE_NOOP(
    "Import",
    "a whole interaction document (it has {keys}): it is already on the server, so "
    "importing it would send it twice. Import only visits the server does not have",
)
_BESIDE_DATA = QT_TRANSLATE_NOOP(
    "Import",
    'has {keys} beside "data": give either the interaction\'s fields at the top level '
    'or {{"data": {{...}}}} alone',
)
_DATA_NOT_OBJECT = QT_TRANSLATE_NOOP("Import", '"data" must be an object of interaction fields')
_NEITHER = QT_TRANSLATE_NOOP(
    "Import",
    'neither an interaction (campaignId, contactId, … at the top level) nor {{"data": {{...}}}}',
)
_QUEUED_ONE = QT_TRANSLATE_NOOP("Import", "Queued %n visit.")
_QUEUED_MANY = QT_TRANSLATE_NOOP("Import", "Queued %n visits.")
_SKIPPED_ONE = QT_TRANSLATE_NOOP(
    "Import",
    "{queued} Skipped %n visit already on this laptop (same contact, knock time and campaign).",
)
_SKIPPED_MANY = QT_TRANSLATE_NOOP(
    "Import",
    "{queued} Skipped %n visits already on this laptop (same contact, knock time and campaign).",
)

# Keys of an interaction document's envelope: a line holding them is not a new visit.
_ENVELOPE_KEYS = ("id", "meta", "customerId", "securityGroupId")


@dataclass(frozen=True)
class VisitImportResult:
    """``local_ids``: the visits queued now, in file order; ``skipped``: lines that were
    already here; ``message``: both, in words."""

    local_ids: list[str]
    skipped: int

    @property
    def message(self) -> Message:
        queued = plural(_QUEUED_ONE, _QUEUED_MANY, len(self.local_ids))
        if not self.skipped:
            return queued
        return plural(_SKIPPED_ONE, _SKIPPED_MANY, self.skipped, queued=queued)


def visit_data(line: JsonLine) -> dict[str, Any] | list[LineProblem]:
    """The valid, normalised interaction data of one line, or what is wrong with it."""
    body = line.value
    if not isinstance(body, dict):
        return [line_problem(line.number, _NOT_AN_OBJECT.message())]
    if "data" in body:
        envelope = [key for key in _ENVELOPE_KEYS if key in body]
        if envelope:
            return [line_problem(line.number, _A_DOCUMENT.with_args(keys=", ".join(envelope)))]
        others = sorted(key for key in body if key != "data")
        if others:
            return [line_problem(line.number, _BESIDE_DATA.with_args(keys=", ".join(others)))]
        body = body["data"]
        if not isinstance(body, dict):
            return [line_problem(line.number, _DATA_NOT_OBJECT.message())]
    elif not any(name in body for name in DATA_FIELDS):
        return [line_problem(line.number, _NEITHER.message())]
    errors = validate_data(body)
    if errors:
        return field_problems(line.number, errors)
    return normalized_import_data(dict(body))


def import_visit_file(
    db: sqlite_utils.Database,
    path: Path,
    *,
    canvasser: str,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> VisitImportResult:
    """Queue every visit of ``path`` in one transaction, skipping those already here.

    Raises FileImportError (every bad line named, nothing queued), ValidationError (no
    canvasser), StorageEnvironmentError (locked, full, read-only: nothing queued).
    ``progress(line, lines)`` is called after each line is read.
    """
    who = require_canvasser(canvasser)
    if now is not None and now.utcoffset() is None:
        raise ValueError("now must be timezone-aware (UTC); got a naive datetime")
    moment = utc_now() if now is None else now.astimezone(UTC)
    repo = VisitRepo(db)
    problems: list[Message] = []
    queued: list[str] = []
    skipped = 0
    total = line_count(path) if progress is not None else 0
    with environment_errors("import the visits"), transaction(db, immediate=True):
        for item in read_json_lines(path):
            if progress is not None:
                progress(item.number, total)
            checked = visit_data(item) if isinstance(item, JsonLine) else [item]
            if isinstance(checked, list):
                problems.extend(problem.message for problem in checked)
                continue
            if problems:
                continue  # nothing more is written; the rest is only checked
            contact_id, knock_time, campaign_id = natural_key(checked)
            if repo.find_by_natural_key(contact_id, knock_time, campaign_id) is not None:
                skipped += 1
                continue
            queued.append(repo.insert_visit(imported_visit(checked, who), now=moment).local_id)
        if problems:
            raise bad_file(path, problems)  # inside the transaction: it rolls back
    return VisitImportResult(queued, skipped)


__all__ = ["FileImportError", "VisitImportResult", "import_visit_file"]
