"""Checking the database file for damage without changing it.

``check_database`` opens the file read-only (``mode=ro`` URI) and runs SQLite's own
checks: ``PRAGMA quick_check`` (the b-trees and their pages, fast) or, by default,
``PRAGMA integrity_check`` (also that every index matches its table). A file that is not a
database, or cannot be opened, is reported as a problem in words, never raised: the caller
(start-up, ``canvass-app status``, the recovery service) decides what to do.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

# SQLite stops after this many problems; more would not change what the person does.
MAX_PROBLEMS = 100


@dataclass(frozen=True)
class IntegrityReport:
    """``ok`` is True only when SQLite found nothing wrong; ``problems`` says what it found."""

    ok: bool
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.ok:
            return "The database passed its integrity check."
        shown = "; ".join(self.problems[:5])
        more = len(self.problems) - 5
        return f"The database is damaged: {shown}" + (f" (and {more} more)" if more > 0 else "")


def _read_only_uri(path: Path) -> str:
    return f"file:{quote(str(path.resolve()))}?mode=ro"


def check_database(path: Path, *, quick: bool = False) -> IntegrityReport:
    """Run ``integrity_check`` (or ``quick_check``) on ``path`` through a read-only connection."""
    path = Path(path)
    if not path.exists():
        return IntegrityReport(False, [f"there is no database file at {path}"])
    if not path.is_file():
        return IntegrityReport(False, [f"{path} is not a file"])
    pragma = "quick_check" if quick else "integrity_check"
    try:
        conn = sqlite3.connect(_read_only_uri(path), uri=True, timeout=5.0)
    except sqlite3.Error as exc:
        return IntegrityReport(False, [f"the database file could not be opened: {exc}"])
    try:
        try:
            rows = conn.execute(f"PRAGMA {pragma}({MAX_PROBLEMS})").fetchall()
        except sqlite3.DatabaseError as exc:
            # "file is not a database", "database disk image is malformed", I/O errors.
            return IntegrityReport(False, [f"SQLite could not check the file: {exc}"])
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.close()
    messages = [str(row[0]) for row in rows]
    if messages == ["ok"]:
        return IntegrityReport(True, [])
    return IntegrityReport(False, messages or [f"PRAGMA {pragma} returned nothing"])
