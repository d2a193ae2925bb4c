"""Encryption at rest: the key of the visits database and how it reaches every connection.

The database is a SQLCipher file (``storage.dbapi``): every page is encrypted with
AES-256 and authenticated with an HMAC, so without the key the file reads as random bytes.
``storage.db.open_connection`` gives the key (``PRAGMA key``) before any other statement;
the key comes from the caller (a copy of the file is opened with the key of the original)
or from the process's key provider (:func:`use_key_provider`), which knows where a data
folder's key is kept: the OS keyring, or the passphrase typed at start. Storage never
reads the keyring itself, and the key is never written to the database, the logs or any
file.

A file that still starts with SQLite's magic string is a plain database from before
encryption: it is opened without a key (so the start-up check can read it) and moved to an
encrypted one by ``storage.encrypt_existing`` when the app opens it for use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from canvass_app.storage.dbapi import sqlite3
from canvass_app.storage.salvage import wal_frame_pages

SQLITE_MAGIC = b"SQLite format 3\x00"
RAW_KEY_BYTES = 32

# Each page's HMAC. SHA-256 rather than SQLCipher 4's default SHA-512: with the SHA
# instructions of current CPUs it costs half as much per page, and a save writes a dozen
# pages (B1); an HMAC-SHA256 tag is as strong a check of a page as SHA-512's. It is part
# of the file's format: a file encrypted before (SHA-512) is still opened, with the
# setting it was written with (``LEGACY_PAGE_HMAC``).
PAGE_HMAC = "HMAC_SHA256"
LEGACY_PAGE_HMAC = "HMAC_SHA512"


@dataclass(frozen=True, repr=False)
class DatabaseKey:
    """A raw 256-bit key (from the keyring: used as is, no key derivation at each open) or
    a passphrase (SQLCipher derives the key from it with PBKDF2 at each open). Never
    printed: ``repr`` and ``str`` hide it."""

    raw: bytes | None = field(default=None)
    passphrase: str | None = field(default=None)

    def __post_init__(self) -> None:
        if (self.raw is None) == (self.passphrase is None):
            raise ValueError("a database key is either raw bytes or a passphrase")
        if self.raw is not None and len(self.raw) != RAW_KEY_BYTES:
            raise ValueError(f"a raw database key has {RAW_KEY_BYTES} bytes")
        if self.passphrase is not None and not self.passphrase:
            raise ValueError("the passphrase is empty")

    def __repr__(self) -> str:
        kind = "raw" if self.raw is not None else "passphrase"
        return f"DatabaseKey({kind}, hidden)"

    __str__ = __repr__

    @property
    def sql_text(self) -> str:
        """The key as ``PRAGMA key`` and ``ATTACH … KEY`` take it: ``x'<hex>'`` for a raw key
        (SQLCipher's raw-key syntax), the passphrase itself otherwise."""
        if self.raw is not None:
            return f"x'{self.raw.hex()}'"
        assert self.passphrase is not None
        return self.passphrase

    @property
    def pragma_literal(self) -> str:
        """The key quoted as a SQL string literal (a PRAGMA takes no bound parameter)."""
        return "'" + self.sql_text.replace("'", "''") + "'"


KeyProvider = Callable[[Path], DatabaseKey]
_provider: KeyProvider | None = None


def use_key_provider(provider: KeyProvider | None) -> None:
    """Where this process finds the key of a database file (given the file's path).

    Installed once at start (``services.database.use_database_keys``); it raises a
    ``StorageEnvironmentError`` when the key is not available (no keyring, no passphrase).
    """
    global _provider
    _provider = provider


def key_for(path: Path) -> DatabaseKey:
    """The key of the database file ``path``, from the provider."""
    if _provider is None:
        raise RuntimeError(
            "no database key provider: services.database.use_database_keys() is called at start"
        )
    return _provider(Path(path))


def is_plain(path: Path) -> bool:
    """True when ``path`` is a plain (unencrypted) SQLite file: it starts with SQLite's
    magic string. False for a missing or empty file, an encrypted one, and one that cannot
    be read (SQLite then says why, in the caller's words)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


class WrongKeyError(sqlite3.DatabaseError):
    """SQLCipher could not read the file with this key ("file is not a database").

    A wrong key and a destroyed first page look the same to SQLCipher (the first page
    holds the salt every page's HMAC depends on), so this is not called damage: nothing
    is moved aside for it."""


def apply_key(conn: sqlite3.Connection, key: DatabaseKey, *, hmac: str = PAGE_HMAC) -> None:
    """Give ``conn`` its key (and the pages' HMAC), then read the schema so a wrong key
    fails here, in words (``WrongKeyError``), rather than as "file is not a database" at
    some later query. A connection that failed cannot be given other settings: open a
    new one."""
    # SQLCipher otherwise writes its own ERROR lines (a failed HMAC) to standard error.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = {key.pragma_literal}")
    conn.execute(f"PRAGMA cipher_hmac_algorithm = {hmac}")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        if "file is not a database" in str(exc).lower():
            raise WrongKeyError("the key does not open this database file") from exc
        raise


def failed_pages(conn: sqlite3.Connection) -> list[str]:
    """SQLCipher's check of every page's HMAC on ``conn`` (keyed): a line per page that
    fails it ("HMAC verification failed for page 7"), none when every page is intact or
    every page that fails is a hole the WAL fills (``_holes_the_wal_fills``)."""
    failed = [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    if not failed:
        return failed
    main = [row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"]
    if main and main[0] and _holes_the_wal_fills(Path(main[0]), failed):
        return []
    return failed


_FAILED_PAGE = re.compile(r"HMAC verification failed for page (\d+)$")


def _holes_the_wal_fills(path: Path, failed: list[str]) -> bool:
    """Whether every page SQLCipher's check failed is a hole the WAL fills: all zeros in
    the file, with a frame in the WAL.

    SQLCipher checks the pages of the file, not of the WAL. A checkpoint that may not copy
    what a reader still needs grows the file to its new size first, so the pages added
    since are zeros until a later checkpoint copies them (a kill -9 in between leaves them
    so: the crash proof found three such pages after 250 kills, and the start-up check
    moved a sound database aside). SQLite reads those pages from the WAL; a b-tree check
    (``storage.integrity``) reads every page in use through it.
    """
    pages: list[int] = []
    for line in failed:
        match = _FAILED_PAGE.search(line)
        if match is None:
            return False
        pages.append(int(match.group(1)))
    in_wal, page_size = wal_frame_pages(Path(f"{path}-wal"))
    if page_size is None or not set(pages) <= in_wal:
        return False
    try:
        with open(path, "rb") as handle:
            for page in pages:
                handle.seek((page - 1) * page_size)
                if any(handle.read(page_size)):
                    return False  # something was written there: damage
    except OSError:
        return False
    return True
