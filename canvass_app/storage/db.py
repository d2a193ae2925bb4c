"""Opening the one SQLite file: WAL, ``synchronous=FULL``, foreign keys, busy timeout, 0600.

Errors are split the way qutebrowser splits them: problems of the machine the app runs on
(disk full, database locked, read-only or corrupt file, no permission) become a
``StorageEnvironmentError`` with a message in words that the GUI and the CLI show as is;
anything else (a bad SQL statement, a constraint we broke) is a bug and propagates.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from canvass_app.core.errors import CanvassError

DB_FILENAME = "canvass.sqlite3"
BUSY_TIMEOUT_MS = 5000
# A connection opened with defer_checkpoints leaves WAL checkpoints to another connection
# (the GUI's sync thread), so the commit of a door visit never copies the WAL into the
# database file (benchmark B1: SQLite's default of 1,000 pages put a checkpoint inside
# about 1 save in 35). This ceiling (about 40 MB) only bounds the WAL if nothing else
# checkpoints.
DEFERRED_CHECKPOINT_PAGES = 10_000
_SIDE_FILES = ("-wal", "-shm", "-journal")

T = TypeVar("T")


class StorageError(CanvassError):
    """Base of the expected storage errors."""


class StorageEnvironmentError(StorageError):
    """The database cannot be used because of the machine: full, locked, read-only, corrupt."""


# SQLite error codes (sqlite_errorcode & 0xFF) that describe the environment, not a bug.
_ENVIRONMENT_CODES: dict[int, str] = {
    5: "the database is locked by another program (or another copy of Canvass)",  # BUSY
    6: "a table in the database is locked",  # LOCKED
    7: "the computer ran out of memory",  # NOMEM
    8: "the database file is read-only",  # READONLY
    10: "the disk could not be read or written",  # IOERR
    11: "the database file is damaged (corrupt)",  # CORRUPT
    13: "the disk is full",  # FULL
    14: "the database file could not be opened",  # CANTOPEN
    15: "the file lock protocol failed",  # PROTOCOL
    23: "permission to use the database file was denied",  # AUTH
    26: "the file is not a database",  # NOTADB
}

# Messages of environment errors raised without an error code (older Python paths).
_ENVIRONMENT_WORDS = (
    "database is locked",
    "disk i/o error",
    "database or disk is full",
    "attempt to write a readonly database",
    "unable to open database file",
    "database disk image is malformed",
    "file is not a database",
    "readonly database",
)


def environment_reason(exc: BaseException) -> str | None:
    """Words for an SQLite error caused by the environment, or None when it is a bug."""
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _ENVIRONMENT_CODES:
        return _ENVIRONMENT_CODES[code & 0xFF]
    text = str(exc).lower()
    for words in _ENVIRONMENT_WORDS:
        if words in text:
            return words
    return None


@contextlib.contextmanager
def environment_errors(action: str) -> Iterator[None]:
    """Turn environment SQLite errors raised inside into StorageEnvironmentError."""
    try:
        yield
    except sqlite3.Error as exc:
        reason = environment_reason(exc)
        if reason is None:
            raise
        raise StorageEnvironmentError(f"Could not {action}: {reason} ({exc}).") from exc


def guarded(action: str, func: Callable[[], T]) -> T:
    with environment_errors(action):
        return func()


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(dt: datetime) -> str:
    """ISO-8601 UTC with milliseconds and ``Z``: sorts as text in time order."""
    utc = dt.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def parse_iso(text: str) -> datetime:
    """The inverse of :func:`iso` (also accepts any fromisoformat text with ``Z``)."""
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def database_path(data_dir: Path) -> Path:
    return Path(data_dir) / DB_FILENAME


def _private_files(path: Path) -> None:
    """chmod the database and its side files to 0600 (they hold canvassers' answers)."""
    for candidate in [path, *(Path(f"{path}{suffix}") for suffix in _SIDE_FILES)]:
        with contextlib.suppress(FileNotFoundError):
            os.chmod(candidate, 0o600)


def connect(path: Path, *, defer_checkpoints: bool = False) -> sqlite_utils.Database:
    """A new connection to an existing, migrated database (one per thread).

    Sets the per-connection pragmas; does not run migrations. ``defer_checkpoints``: see
    DEFERRED_CHECKPOINT_PAGES; whoever asks for it must call :func:`checkpoint` elsewhere.
    """
    old_umask = os.umask(0o077)  # -wal and -shm are created 0600 too
    try:
        with environment_errors(f"open the database {path}"):
            # isolation_level=None: we issue BEGIN ourselves (BEGIN IMMEDIATE for leases).
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            # FULL: with NORMAL a committed visit can vanish on power loss (sync-notes rule 1).
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            if defer_checkpoints:
                conn.execute(f"PRAGMA wal_autocheckpoint = {DEFERRED_CHECKPOINT_PAGES}")
    finally:
        os.umask(old_umask)
    return sqlite_utils.Database(conn)


def open_database(data_dir: Path, *, defer_checkpoints: bool = False) -> sqlite_utils.Database:
    """Open (creating if needed) the app database in ``data_dir`` and migrate it.

    ``data_dir`` is created 0700 and the file is kept 0600 (chmod even if it existed).
    ``defer_checkpoints``: as for :func:`connect`.
    """
    from canvass_app.storage.migrations import migrate

    data_dir = Path(data_dir)
    old_umask = os.umask(0o077)
    try:
        try:
            data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(data_dir, 0o700)
        except OSError as exc:
            raise StorageEnvironmentError(
                f"Could not create the data folder {data_dir}: {exc.strerror or exc}."
            ) from exc
        path = database_path(data_dir)
        if path.exists():
            _private_files(path)
        db = connect(path, defer_checkpoints=defer_checkpoints)
        _private_files(path)
    finally:
        os.umask(old_umask)
    with environment_errors(f"prepare the database {path}"):
        migrate(db)
    _private_files(path)
    return db


def db_file(db: sqlite_utils.Database) -> Path:
    """The file behind an open database (so other threads can open their own connection)."""
    for row in db.execute("PRAGMA database_list").fetchall():
        if row[1] == "main" and row[2]:
            return Path(row[2])
    raise ValueError("this database has no file (an in-memory database cannot be shared)")


def checkpoint(db: sqlite_utils.Database) -> None:
    """Copy what the WAL holds into the database file, without waiting for anyone.

    PASSIVE never blocks a writer or a reader: it copies what no reader still needs, and
    the next writer starts the WAL over once everything has been copied.
    """
    with environment_errors("tidy the database's write-ahead log"):
        db.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database, *, immediate: bool = False) -> Iterator[None]:
    """One explicit transaction; rolled back on any exception.

    ``immediate=True`` takes the write lock at BEGIN, so two writers that both read
    then write (a lease) serialise instead of one failing at commit.
    """
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise
    else:
        # The body may have rolled back on purpose (nothing to do after all).
        if conn.in_transaction:
            conn.execute("COMMIT")
