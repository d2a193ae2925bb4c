"""The database check every start does (GUI and CLI) before anything writes to it.

The decision is made here, headless; the GUI's dialog and the CLI only show it:

- ``READY``: the file is sound (or new) and can be written: go on;
- ``UNAVAILABLE``: the machine is in the way (locked by another program, read-only file
  or folder, full disk, I/O error, no permission). The file is not touched, let alone
  moved aside; the message says what to do; the app cannot go on until it is fixed;
- ``RECOVERED``: the file is really damaged (``storage.integrity``): a copy was kept, the
  unsent visits that could be read were exported, the damaged file was moved aside, and
  the exported visits were queued again in a fresh database (``outbox import``: visits
  whose place in the queue was lost are looked for on the server before they are sent);
- ``NOT_RECOVERED``: damaged, and even the copy could not be made (a full disk): nothing
  was changed.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from pathlib import Path

from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message
from canvass_app.services.json_lines import FileImportError, plural
from canvass_app.services.outbox_transfer import import_outbox
from canvass_app.services.recovery import RecoveryError, recover_damaged_database
from canvass_app.storage.db import (
    PROBLEM_MESSAGES,
    StorageEnvironmentError,
    StorageProblem,
    database_path,
    open_database,
    probe_writable,
)
from canvass_app.storage.integrity import Verdict, check_database

log = logging.getLogger("canvass.services")

TITLE_UNAVAILABLE = QT_TRANSLATE_NOOP("Startup", "The visits database cannot be used")
TITLE_DAMAGED = QT_TRANSLATE_NOOP("Startup", "The visits database was damaged")
_WHERE = QT_TRANSLATE_NOOP("Startup", "The database is {path}.")
_REQUEUED_ONE = QT_TRANSLATE_NOOP(
    "Startup", "The saved visit was queued again in the new database: nothing is lost."
)
_REQUEUED_MANY = QT_TRANSLATE_NOOP(
    "Startup", "The %n saved visits were queued again in the new database: nothing is lost."
)
_NOT_RECOVERED = QT_TRANSLATE_NOOP(
    "Startup",
    "The visits database is damaged and could not be recovered automatically. Nothing was "
    "deleted; the file is still at {path}. Contact your supervisor.",
)


class StartupVerdict(enum.Enum):
    READY = "ready"
    UNAVAILABLE = "unavailable"
    RECOVERED = "recovered"
    NOT_RECOVERED = "not_recovered"


@dataclass(frozen=True)
class StartupCheck:
    """What the start-up check found; ``messages`` are for the person, in order."""

    verdict: StartupVerdict
    messages: tuple[Message, ...] = ()
    problem: StorageProblem | None = None

    @property
    def can_continue(self) -> bool:
        """The app may open the database now (sound, or a fresh one after recovery)."""
        return self.verdict in (StartupVerdict.READY, StartupVerdict.RECOVERED)

    @property
    def title(self) -> Message | None:
        if self.verdict is StartupVerdict.READY:
            return None
        if self.verdict is StartupVerdict.UNAVAILABLE:
            return TITLE_UNAVAILABLE.message()
        return TITLE_DAMAGED.message()

    @property
    def text(self) -> str:
        """The messages in English (the CLI, the log)."""
        return " ".join(str(message) for message in self.messages)


def _unavailable(problem: StorageProblem, path: Path) -> StartupCheck:
    return StartupCheck(
        StartupVerdict.UNAVAILABLE,
        (PROBLEM_MESSAGES[problem], _WHERE.with_args(path=path)),
        problem,
    )


def _requeue(data_dir: Path, export: Path) -> Message | None:
    """Queue the exported visits in the fresh database; what was done, or None if not."""
    try:
        db = open_database(data_dir)
        try:
            result = import_outbox(db, export)
        finally:
            db.conn.close()
    except (StorageEnvironmentError, FileImportError) as error:
        log.error("the saved visits could not be queued again: %s", error)
        return None
    log.warning("recovery: %d saved visit(s) queued again", result.imported)
    return plural(_REQUEUED_ONE, _REQUEUED_MANY, result.imported)


def _recover(data_dir: Path) -> StartupCheck:
    """Keep a copy, export the unsent visits, set the file aside, and queue them again in
    the fresh database (so the canvasser has nothing to do); the export stays as a record."""
    try:
        report = recover_damaged_database(data_dir, set_aside=True)
    except RecoveryError as error:
        log.error("the damaged database could not be recovered: %s", error)
        return StartupCheck(
            StartupVerdict.NOT_RECOVERED,
            (error.message, _NOT_RECOVERED.with_args(path=database_path(data_dir))),
            StorageProblem.DAMAGED,
        )
    requeued = None if report.exported_path is None else _requeue(data_dir, report.exported_path)
    last = requeued or report.next_step
    messages = (*report.messages, *([last] if last else []))
    return StartupCheck(StartupVerdict.RECOVERED, messages, StorageProblem.DAMAGED)


def check_and_recover(data_dir: Path) -> StartupCheck:
    """Check the database of ``data_dir`` and decide (see the module's docstring).

    Runs SQLite's ``quick_check`` read-only, then opens the database (migrating it) and
    takes and gives back the write lock, so a database that cannot be written is known
    before the first door rather than at it.
    """
    data_dir = Path(data_dir)
    path = database_path(data_dir)
    try:
        exists = path.exists()
    except OSError as error:  # a folder Canvass may not look into
        log.warning("the data folder cannot be read: %s", error)
        return _unavailable(StorageProblem.PERMISSION, path)
    if exists:
        report = check_database(path, quick=True)
        if report.verdict is Verdict.UNAVAILABLE:
            log.warning("the database could not be checked: %s", report.summary())
            return _unavailable(report.problem or StorageProblem.IO, path)
        if report.verdict is Verdict.DAMAGED:
            log.error("the database failed its check: %s", report.summary())
            return _recover(data_dir)
    try:
        db = open_database(data_dir)
        try:
            probe_writable(db)
        finally:
            db.conn.close()
    except StorageEnvironmentError as error:
        if error.is_damage:  # the check passed but opening found damage
            log.error("the database is damaged: %s", error)
            return _recover(data_dir)
        return _unavailable(error.problem or StorageProblem.IO, path)
    return StartupCheck(StartupVerdict.READY)
