"""Checking the database file for damage without changing it.

``check_database`` opens the file read-only (``storage.db.open_connection``) and runs
SQLite's own checks: ``PRAGMA quick_check`` (the b-trees and their pages, fast) or, by
default, ``PRAGMA integrity_check`` (also that every index matches its table).

The report tells three cases apart, because only one of them is the file's fault:

- ``SOUND``: SQLite found nothing wrong;
- ``DAMAGED``: SQLite listed problems, or said the file is not a database or is
  malformed (CORRUPT, NOTADB);
- ``UNAVAILABLE``: the check could not run because of the machine (locked by another
  program, I/O error, permission, read-only folder, no memory); ``problem`` says which.
  The file may be perfectly good: it must never be moved aside for this.

Nothing is raised: the caller (start-up, the recovery service) decides what to do.
"""

from __future__ import annotations

import contextlib
import enum
from dataclasses import dataclass, field
from pathlib import Path

from canvass_app.storage.db import (
    StorageEnvironmentError,
    StorageProblem,
    open_connection,
    refine,
    storage_problem,
)
from canvass_app.storage.dbapi import sqlite3
from canvass_app.storage.encryption import failed_pages, is_plain
from canvass_app.storage.salvage import looks_plain

# SQLite stops after this many problems; more would not change what the person does.
MAX_PROBLEMS = 100


class Verdict(enum.Enum):
    SOUND = "sound"
    DAMAGED = "damaged"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class IntegrityReport:
    """``verdict`` says whether the file is sound, damaged or could not be checked;
    ``problems`` is what SQLite said (English, for the log); ``problem`` the environment
    problem when UNAVAILABLE."""

    verdict: Verdict
    problems: list[str] = field(default_factory=list)
    problem: StorageProblem | None = None

    @property
    def ok(self) -> bool:
        return self.verdict is Verdict.SOUND

    @property
    def damaged(self) -> bool:
        return self.verdict is Verdict.DAMAGED

    def summary(self) -> str:
        """For the log."""
        if self.ok:
            return "The database passed its integrity check."
        shown = "; ".join(self.problems[:5])
        if self.verdict is Verdict.UNAVAILABLE:
            return f"The database could not be checked: {shown}"
        more = len(self.problems) - 5
        return f"The database is damaged: {shown}" + (f" (and {more} more)" if more > 0 else "")


def _plain_but_headless(path: Path) -> bool:
    try:
        return looks_plain(path)
    except OSError:
        return False


def _failed(exc: BaseException, what: str, path: Path) -> IntegrityReport:
    """DAMAGED when SQLite says the file is broken, else UNAVAILABLE (the machine's)."""
    problem = storage_problem(exc)
    if problem is not None:
        problem = refine(problem, path)
    text = f"{what}: {exc}"
    if problem is StorageProblem.DAMAGED:
        return IntegrityReport(Verdict.DAMAGED, [text])
    # An error SQLite gives no known code for is not proof of damage either.
    return IntegrityReport(Verdict.UNAVAILABLE, [text], problem or StorageProblem.IO)


def check_database(path: Path, *, quick: bool = False) -> IntegrityReport:
    """Run ``integrity_check`` (or ``quick_check``) on ``path`` through a read-only connection."""
    path = Path(path)
    try:
        if not path.exists():
            return IntegrityReport(
                Verdict.UNAVAILABLE,
                [f"there is no database file at {path}"],
                StorageProblem.CANNOT_OPEN,
            )
        if not path.is_file():
            return IntegrityReport(
                Verdict.UNAVAILABLE, [f"{path} is not a file"], StorageProblem.CANNOT_OPEN
            )
    except OSError as exc:  # the folder may not be read
        return _failed(exc, "the database file could not be looked at", path)
    plain = is_plain(path)
    pragma = "quick_check" if quick else "integrity_check"
    try:
        conn = open_connection(path, read_only=True)
    except (sqlite3.Error, StorageEnvironmentError) as exc:
        if not plain and _plain_but_headless(path):
            # A plain file from before encryption whose header is destroyed: no key
            # opens it, and the salvage rebuilds the header.
            return IntegrityReport(Verdict.DAMAGED, ["the file's header is destroyed"])
        if isinstance(exc, StorageEnvironmentError):  # no key for the encrypted file
            return IntegrityReport(Verdict.UNAVAILABLE, [str(exc)], exc.problem)
        return _failed(exc, "the database file could not be opened", path)
    try:
        try:
            # SQLCipher authenticates every page: one that fails its HMAC is damage (a
            # b-tree check would only stop at it with "SQL logic error").
            failed = [] if plain else failed_pages(conn)
            if failed:
                return IntegrityReport(Verdict.DAMAGED, failed[:MAX_PROBLEMS])
            rows = conn.execute(f"PRAGMA {pragma}({MAX_PROBLEMS})").fetchall()
        except sqlite3.Error as exc:
            # "file is not a database", "malformed" (damage); locked, I/O (environment).
            return _failed(exc, "SQLite could not check the file", path)
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.close()
    messages = [str(row[0]) for row in rows]
    if messages == ["ok"]:
        return IntegrityReport(Verdict.SOUND)
    return IntegrityReport(Verdict.DAMAGED, messages or [f"PRAGMA {pragma} returned nothing"])
