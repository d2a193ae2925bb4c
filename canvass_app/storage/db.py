"""Opening the one SQLite file: WAL, ``synchronous=FULL``, foreign keys, busy timeout, 0600.

Errors are split the way qutebrowser splits them: problems of the machine the app runs on
become a ``StorageEnvironmentError`` whose ``problem`` says which (``StorageProblem``) and
whose ``message`` (a ``core.messages.Message``) says it in words with what to do; anything
else (a bad SQL statement, a constraint we broke) is a bug and propagates.

Only ``StorageProblem.DAMAGED`` (SQLite's CORRUPT and NOTADB: a failed integrity check,
"file is not a database", malformed pages) means the file itself is broken. A locked
database, a full disk, an I/O error, a read-only file or folder, a permission error are
the machine's: the file is fine and must never be moved aside for them.

Every connection to a database file, the app's own, the read-only integrity check and the
recovery's scratch copy, is opened by :func:`open_connection`: the one place where the
encrypted file (SQLCipher, ``storage.encryption``) gets its key, before anything else.
A key that does not open the file is ``StorageProblem.WRONG_KEY``, never damage.
"""

from __future__ import annotations

import contextlib
import enum
import errno
import itertools
import logging
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

import sqlite_utils

from canvass_app.core.errors import CanvassError
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message, as_message
from canvass_app.storage.dbapi import sqlite3
from canvass_app.storage.encryption import (
    LEGACY_PAGE_HMAC,
    PAGE_HMAC,
    DatabaseKey,
    WrongKeyError,
    apply_key,
    failed_pages,
    is_plain,
    key_for,
)

log = logging.getLogger("canvass.storage")

DB_FILENAME = "canvass.sqlite3"
BUSY_TIMEOUT_MS = 5000
# A connection opened with defer_checkpoints leaves WAL checkpoints to another connection
# (the GUI's sync thread), so the commit of a door visit never copies the WAL into the
# database file (benchmark B1: SQLite's default of 1,000 pages put a checkpoint inside
# about 1 save in 35). This ceiling (about 40 MB) only bounds the WAL if nothing else
# checkpoints.
DEFERRED_CHECKPOINT_PAGES = 10_000
# Prepared statements kept per connection. The SQLCipher binding's cache is pysqlite's old
# one: once full, it evicts the newest entry, so a statement first run after it fills is
# prepared again on every run, never kept. Opening the app's database runs more statements
# than the binding's default of 100 holds (migrations, checks), and then every save parsed
# its three INSERTs again: a quarter of a save's CPU (benchmark B1). A cache no connection
# fills keeps every statement the app runs; each costs a few KB.
STATEMENT_CACHE_SIZE = 1024
_SIDE_FILES = ("-wal", "-shm", "-journal")
# Less free space than this on the database's disk makes an I/O error a full disk.
FULL_DISK_BYTES = 256 * 1024

T = TypeVar("T")


class StorageProblem(enum.Enum):
    """Why the database cannot be used. Only DAMAGED is the file's own fault."""

    LOCKED = "locked"
    READ_ONLY = "read_only"
    FULL = "full"
    IO = "io"
    PERMISSION = "permission"
    NO_MEMORY = "no_memory"
    CANNOT_OPEN = "cannot_open"
    TOO_NEW = "too_new"
    WRONG_KEY = "wrong_key"
    NO_KEY = "no_key"
    DAMAGED = "damaged"


PROBLEM_MESSAGES: dict[StorageProblem, Message] = {
    StorageProblem.LOCKED: QT_TRANSLATE_NOOP(
        "Storage",
        "The visits database is locked by another program (or another copy of Canvass). "
        "Close it and try again; nothing was changed.",
    ).message(),
    StorageProblem.READ_ONLY: QT_TRANSLATE_NOOP(
        "Storage",
        "The visits database is read-only: Canvass cannot save to it. Check that the disk "
        "is not write-protected and that its folder may be written, then try again; nothing "
        "was changed.",
    ).message(),
    StorageProblem.FULL: QT_TRANSLATE_NOOP(
        "Storage",
        "The disk is full, so Canvass could not save. Free some space and try again; what "
        "was saved before is safe.",
    ).message(),
    StorageProblem.IO: QT_TRANSLATE_NOOP(
        "Storage",
        "The disk could not be read or written (a failing disk, or a USB or network drive "
        "that went away). Check the disk and try again; nothing was deleted.",
    ).message(),
    StorageProblem.PERMISSION: QT_TRANSLATE_NOOP(
        "Storage",
        "Canvass is not allowed to use the visits database or its folder (it belongs to "
        "another user, or its permissions were changed). Ask whoever looks after this "
        "computer to give it back to you; nothing was changed.",
    ).message(),
    StorageProblem.NO_MEMORY: QT_TRANSLATE_NOOP(
        "Storage",
        "The computer ran out of memory. Close other programs and try again.",
    ).message(),
    StorageProblem.CANNOT_OPEN: QT_TRANSLATE_NOOP(
        "Storage",
        "The visits database could not be opened: its folder may be missing or on a drive "
        "that is not connected. Check the folder and try again; nothing was changed.",
    ).message(),
    StorageProblem.TOO_NEW: QT_TRANSLATE_NOOP(
        "Storage",
        "The visits database was written by a newer Canvass. Update Canvass to open it; "
        "nothing was changed.",
    ).message(),
    StorageProblem.WRONG_KEY: QT_TRANSLATE_NOOP(
        "Storage",
        "The visits database cannot be opened with this key: the passphrase is not the one "
        "it was locked with, or the key in this computer's keyring is not its key any more "
        "(a damaged start of the file looks the same). Nothing was changed.",
    ).message(),
    StorageProblem.NO_KEY: QT_TRANSLATE_NOOP(
        "Storage",
        "The visits database is encrypted and its key is not available: this computer's "
        "keyring does not hold it and no passphrase was given. Nothing was changed.",
    ).message(),
    StorageProblem.DAMAGED: QT_TRANSLATE_NOOP(
        "Storage",
        "The visits database is damaged. Restart Canvass: it keeps a copy of the damaged "
        "file and saves the unsent visits it can still read.",
    ).message(),
}


class StorageError(CanvassError):
    """Base of the expected storage errors."""


class StorageEnvironmentError(StorageError):
    """The database cannot be used because of the machine (or, DAMAGED, a broken file).

    ``message`` is for the person; ``str()`` is its English (the CLI prints it);
    ``problem`` tells the start-up check whether this is damage or the environment.
    """

    def __init__(self, message: Message | str, *, problem: StorageProblem | None = None) -> None:
        self.message = as_message(message)
        self.problem = problem
        super().__init__(str(self.message))

    @property
    def is_damage(self) -> bool:
        return self.problem is StorageProblem.DAMAGED


# SQLite primary result codes (sqlite_errorcode & 0xFF) that describe the environment.
_SQLITE_CODES: dict[int, StorageProblem] = {
    5: StorageProblem.LOCKED,  # BUSY
    6: StorageProblem.LOCKED,  # LOCKED (a table locked by another connection)
    7: StorageProblem.NO_MEMORY,  # NOMEM
    8: StorageProblem.READ_ONLY,  # READONLY
    10: StorageProblem.IO,  # IOERR
    11: StorageProblem.DAMAGED,  # CORRUPT
    13: StorageProblem.FULL,  # FULL
    14: StorageProblem.CANNOT_OPEN,  # CANTOPEN
    15: StorageProblem.LOCKED,  # PROTOCOL (the file lock protocol failed)
    23: StorageProblem.PERMISSION,  # AUTH
    26: StorageProblem.DAMAGED,  # NOTADB
}

# The same, from the text of an error raised without a code (older Python paths).
_SQLITE_WORDS: tuple[tuple[str, StorageProblem], ...] = (
    ("database is locked", StorageProblem.LOCKED),
    ("database table is locked", StorageProblem.LOCKED),
    ("disk i/o error", StorageProblem.IO),
    ("database or disk is full", StorageProblem.FULL),
    ("readonly database", StorageProblem.READ_ONLY),
    ("unable to open database file", StorageProblem.CANNOT_OPEN),
    ("database disk image is malformed", StorageProblem.DAMAGED),
    ("file is not a database", StorageProblem.DAMAGED),
    ("malformed database schema", StorageProblem.DAMAGED),
)

_OS_ERRNOS: dict[int, StorageProblem] = {
    errno.EACCES: StorageProblem.PERMISSION,
    errno.EPERM: StorageProblem.PERMISSION,
    errno.EROFS: StorageProblem.READ_ONLY,
    errno.ENOSPC: StorageProblem.FULL,
    errno.EDQUOT: StorageProblem.FULL,
    errno.EIO: StorageProblem.IO,
    errno.ENOMEM: StorageProblem.NO_MEMORY,
    errno.ENOENT: StorageProblem.CANNOT_OPEN,
    errno.ENOTDIR: StorageProblem.CANNOT_OPEN,
    errno.EEXIST: StorageProblem.CANNOT_OPEN,  # a file where the folder should be
}


def storage_problem(exc: BaseException) -> StorageProblem | None:
    """Which environment problem (or damage) an error describes; None when it is a bug."""
    if isinstance(exc, WrongKeyError):
        return StorageProblem.WRONG_KEY
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if isinstance(code, int) and (code & 0xFF) in _SQLITE_CODES:
            return _SQLITE_CODES[code & 0xFF]
        text = str(exc).lower()
        for words, problem in _SQLITE_WORDS:
            if words in text:
                return problem
        return None
    if isinstance(exc, OSError) and exc.errno is not None:
        return _OS_ERRNOS.get(exc.errno)
    return None


def _may(path: Path, mode: int) -> bool:
    """os.access with the effective ids where the platform has them (as the open is done)."""
    if os.access in os.supports_effective_ids:
        return os.access(path, mode, effective_ids=True)
    return os.access(path, mode)


def _disk_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < FULL_DISK_BYTES
    except OSError:
        return False


def refine(problem: StorageProblem, path: Path) -> StorageProblem:
    """A problem SQLite names vaguely made precise by looking at ``path``: an I/O error on
    a disk with no room left is a full disk (SQLite says "disk I/O error" when it cannot
    grow the ``-shm`` file); "unable to open", read-only or "permission denied" (a file
    that could not be made in a read-only folder) are told apart by the file's and the
    folder's modes."""
    if problem is StorageProblem.IO:
        if _disk_full(Path(path).parent):
            return StorageProblem.FULL
        # SQLCipher reports a page whose HMAC fails as an I/O error: that is damage.
        return StorageProblem.DAMAGED if _pages_fail_their_hmac(path) else problem
    if problem not in (
        StorageProblem.CANNOT_OPEN,
        StorageProblem.READ_ONLY,
        StorageProblem.PERMISSION,
    ):
        return problem
    found = why_not_opened(path)
    return problem if found is StorageProblem.CANNOT_OPEN else found


def _pages_fail_their_hmac(path: Path) -> bool:
    """Whether some page of the encrypted file ``path`` fails its HMAC (damage); False
    when that cannot be known (a plain file, no key, a file that cannot be read)."""
    if is_plain(path) or not Path(path).exists():
        return False
    try:
        conn = open_connection(path, read_only=True)
    except (sqlite3.Error, StorageError):
        return False
    try:
        return bool(failed_pages(conn))
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def why_not_opened(path: Path) -> StorageProblem:
    """SQLite says only "unable to open database file": look at the file and its folder.

    PERMISSION when Canvass may not read the file or enter its folder, READ_ONLY when the
    folder may not be written (the ``-wal`` and ``-shm`` files cannot be made) or the file
    may not be written, else CANNOT_OPEN (missing folder, a drive that went away).
    """
    path = Path(path)
    folder = path.parent
    try:
        if not folder.is_dir():
            return StorageProblem.CANNOT_OPEN
        if not _may(folder, os.X_OK) or (path.exists() and not _may(path, os.R_OK)):
            return StorageProblem.PERMISSION
        if path.exists() and not _may(path, os.W_OK):
            return StorageProblem.READ_ONLY
        if not _may(folder, os.W_OK):
            return StorageProblem.READ_ONLY
    except OSError:
        return StorageProblem.PERMISSION
    return StorageProblem.CANNOT_OPEN


def environment_error(
    exc: BaseException, action: str, path: Path | None = None
) -> StorageEnvironmentError | None:
    """The StorageEnvironmentError for ``exc`` (logged with its detail), or None for a bug.

    ``action`` (English, "save the visit") goes to the log with SQLite's own words; the
    person reads the problem's message.
    """
    problem = storage_problem(exc)
    if problem is None:
        return None
    if path is not None:
        problem = refine(problem, path)
    log.warning("could not %s: %s (%s)", action, problem.value, exc)
    return StorageEnvironmentError(PROBLEM_MESSAGES[problem], problem=problem)


@contextlib.contextmanager
def environment_errors(action: str, path: Path | None = None) -> Iterator[None]:
    """Turn environment SQLite and OS errors raised inside into StorageEnvironmentError.

    ``path``: the database file, when the error may be about opening it (see
    :func:`why_not_opened`)."""
    try:
        yield
    except (sqlite3.Error, OSError) as exc:
        error = environment_error(exc, action, path)
        if error is None:
            raise
        raise error from exc


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


def make_private_dir(path: Path) -> Path:
    """Create ``path`` and any missing parent, each 0700; an existing folder is left as is.

    A folder the person chose (``--data-dir``) may be shared on purpose: Canvass never
    changes the mode of a folder it did not create. Raises OSError.
    """
    path = Path(path)
    old_umask = os.umask(0o077)  # the parents mkdir creates get 0700 too
    try:
        if not path.is_dir():
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
    finally:
        os.umask(old_umask)
    return path


def _private_files(path: Path) -> None:
    """chmod the database and its side files to 0600 (they hold canvassers' answers).

    A file Canvass may not chmod (another owner, a read-only disk) is left alone: whether
    it can be used is for SQLite to say, in words.
    """
    if sys.platform == "win32":
        return
    for candidate in [path, *(Path(f"{path}{suffix}") for suffix in _SIDE_FILES)]:
        try:
            if candidate.exists() and os.stat(candidate).st_mode & 0o077:
                os.chmod(candidate, 0o600)
        except OSError as exc:
            log.info("could not make %s private: %s", candidate.name, exc)


def open_connection(
    path: Path,
    *,
    read_only: bool = False,
    timeout_s: float = BUSY_TIMEOUT_MS / 1000,
    key: DatabaseKey | None = None,
) -> sqlite3.Connection:
    """The one way a database file is opened (the app's, the integrity check's, recovery's).

    ``read_only``: a ``mode=ro`` URI (the check and the salvage never write). Autocommit
    (``isolation_level=None``): callers issue BEGIN themselves. The key is given first,
    before any other statement: ``key``, or the key provider's for ``path`` (a copy of the
    database passes the original's). A plain file from before encryption (SQLite's magic
    string) is opened without one. Raises sqlite3.Error (``WrongKeyError`` when the key
    does not open the file) or StorageEnvironmentError (no key available).
    """
    path = Path(path)
    plain = is_plain(path)
    if not plain and key is None:
        key = key_for(path)
    if key is None or plain:
        return _connect(path, read_only=read_only, timeout_s=timeout_s)
    try:
        return _connect(path, read_only=read_only, timeout_s=timeout_s, key=key)
    except WrongKeyError:
        # A file encrypted before the pages' HMAC became SHA-256: its own setting.
        return _connect(path, read_only=read_only, timeout_s=timeout_s, key=key, legacy=True)


def _connect(
    path: Path,
    *,
    read_only: bool,
    timeout_s: float,
    key: DatabaseKey | None = None,
    legacy: bool = False,
) -> sqlite3.Connection:
    conn = sqlite3.connect(
        f"file:{quote(str(path.resolve()))}?mode=ro" if read_only else str(path),
        uri=read_only,
        timeout=timeout_s,
        isolation_level=None,
        cached_statements=STATEMENT_CACHE_SIZE,
    )
    if key is not None:
        try:
            apply_key(conn, key, hmac=LEGACY_PAGE_HMAC if legacy else PAGE_HMAC)
        except BaseException:
            conn.close()
            raise
    return conn


def connect(path: Path, *, defer_checkpoints: bool = False) -> sqlite_utils.Database:
    """A new connection to an existing, migrated database (one per thread).

    Sets the per-connection pragmas; does not run migrations. ``defer_checkpoints``: see
    DEFERRED_CHECKPOINT_PAGES; whoever asks for it must call :func:`checkpoint` elsewhere.
    """
    old_umask = os.umask(0o077)  # -wal and -shm are created 0600 too
    try:
        with environment_errors(f"open the database {path}", path):
            conn = open_connection(path)
            try:
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                conn.execute("PRAGMA journal_mode = WAL")
                # FULL: with NORMAL a committed visit can vanish on power loss (sync-notes 1).
                conn.execute("PRAGMA synchronous = FULL")
                conn.execute("PRAGMA foreign_keys = ON")
                if defer_checkpoints:
                    conn.execute(f"PRAGMA wal_autocheckpoint = {DEFERRED_CHECKPOINT_PAGES}")
            except BaseException:
                conn.close()
                raise
    finally:
        os.umask(old_umask)
    return sqlite_utils.Database(conn)


def open_database(data_dir: Path, *, defer_checkpoints: bool = False) -> sqlite_utils.Database:
    """Open (creating if needed) the app database in ``data_dir`` and migrate it.

    A missing ``data_dir`` is created 0700 (an existing one keeps its mode); the file is
    created 0600 and made 0600 again when Canvass may. ``defer_checkpoints``: as for
    :func:`connect`. Raises StorageEnvironmentError.
    """
    from canvass_app.storage.migrations import migrate

    data_dir = Path(data_dir)
    with environment_errors(f"create the data folder {data_dir}"):
        make_private_dir(data_dir)
    path = database_path(data_dir)
    _private_files(path)
    _encrypt_if_plain(path)
    db = connect(path, defer_checkpoints=defer_checkpoints)
    try:
        with environment_errors(f"prepare the database {path}", path):
            migrate(db)
    except BaseException:
        db.conn.close()
        raise
    _private_files(path)
    return db


def _encrypt_if_plain(path: Path) -> None:
    """A plain database from before encryption at rest is encrypted in place first (or an
    interrupted job finished: ``storage.encrypt_existing``), holding the folder's lock."""
    from canvass_app.storage.dir_lock import lock_data_dir
    from canvass_app.storage.encrypt_existing import encrypt_in_place, marker_path

    if not is_plain(path) and not marker_path(path).exists():
        return
    with environment_errors(f"encrypt the database {path}", path), lock_data_dir(path.parent):
        encrypt_in_place(path, key_for(path))
    _private_files(path)


def probe_writable(db: sqlite_utils.Database) -> None:
    """Take the write lock, change a page and roll back: StorageEnvironmentError when the
    database cannot be written now (locked by another program, read-only file or folder).
    Nothing reaches the disk. The start-up check asks this so a canvasser learns it before
    the first door, not at it."""
    conn = db.conn
    with environment_errors("check that the database can be written", db_file(db)):
        conn.execute("BEGIN IMMEDIATE")
        try:
            _write_page_one_unchanged(conn)  # a read-only file refuses here
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")


def _write_page_one_unchanged(conn: sqlite3.Connection) -> None:
    """Inside a write transaction: set user_version to itself, which dirties page 1 and
    changes nothing."""
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    conn.execute(f"PRAGMA user_version = {int(version)}")


def db_file(db: sqlite_utils.Database) -> Path:
    """The file behind an open database (so other threads can open their own connection)."""
    for row in db.execute("PRAGMA database_list").fetchall():
        if row[1] == "main" and row[2]:
            return Path(row[2])
    raise ValueError("this database has no file (an in-memory database cannot be shared)")


def checkpoint(db: sqlite_utils.Database) -> None:
    """Copy what the WAL holds into the database file, without waiting for anyone; when
    all of it was copied, start the WAL over from this connection.

    PASSIVE never blocks a writer or a reader: it copies what no reader still needs, and
    the next writer starts the WAL over once everything has been copied. That writer's
    commit also syncs the new WAL's header: one more fsync, which would fall on the next
    save at the door (B1, the saves right after the sync thread's work: 0.3 ms of their
    1.4–1.7 ms). Committing page 1 unchanged right here makes the sync thread pay it.
    """
    conn = db.conn
    with environment_errors("tidy the database's write-ahead log"):
        busy, frames, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        if busy or frames <= 0 or copied != frames:
            return  # a reader still needs the WAL, or it was empty: nothing to start over
        conn.execute("BEGIN IMMEDIATE")
        try:
            _write_page_one_unchanged(conn)
            conn.execute("COMMIT")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")


_savepoints = itertools.count(1)


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database, *, immediate: bool = False) -> Iterator[None]:
    """One explicit transaction; rolled back on any exception.

    ``immediate=True`` takes the write lock at BEGIN, so two writers that both read
    then write (a lease) serialise instead of one failing at commit. Inside a transaction
    already open (a whole-file import), this is a SAVEPOINT: its writes commit or roll
    back with the outer transaction, and an exception undoes only its own.
    """
    conn = db.conn
    if conn.in_transaction:
        name = f"canvass_{next(_savepoints)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
            raise
        else:
            if conn.in_transaction:
                conn.execute(f"RELEASE {name}")
        return
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
