"""Moving a plain database (from before encryption at rest) to an encrypted one, in place.

A kill -9 or a power cut at any point leaves either the intact plain file or the complete
encrypted one at ``canvass.sqlite3``; never half of each. The job:

1. the plain file's write-ahead log is checkpointed into it (SQLite's own safe step), so
   the file alone holds every committed visit;
2. SQLCipher's ``sqlcipher_export`` writes an encrypted copy beside it,
   ``canvass.sqlite3.encrypting`` (this file is the job's marker: while it exists, a job
   was started and not finished), with the schema version, and fsyncs it;
3. the copy is opened with the key and checked: SQLite's ``quick_check`` passes and every
   table has as many rows as in the plain file; it is put in WAL mode, as the app opens it;
4. the plain file's now empty ``-wal`` and ``-shm`` are removed (a plain WAL must never
   meet the encrypted file), then ``os.replace`` puts the copy in its place in one atomic
   step, and the folder is fsynced so the rename itself is durable.

The next start finds either the plain file again (the job starts over: a leftover marker
is removed first) or the encrypted one (done; a leftover marker cannot exist, the rename
consumed it). Whoever runs this holds the data folder's lock, so no other process of ours
writes to the plain file meanwhile.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path

from canvass_app.storage.dbapi import sqlite3
from canvass_app.storage.encryption import PAGE_HMAC, DatabaseKey, apply_key, is_plain

log = logging.getLogger("canvass.storage.encryption")

MARKER_SUFFIX = ".encrypting"
_SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


class EncryptionCheckFailed(sqlite3.DatabaseError):
    """The encrypted copy did not match the plain file; the plain file was kept as it is."""


def marker_path(path: Path) -> Path:
    return Path(f"{path}{MARKER_SUFFIX}")


def _remove(path: Path) -> None:
    for suffix in ("", *_SIDE_SUFFIXES):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{path}{suffix}")


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    if sys.platform == "win32":  # no directory handles to fsync; NTFS journals renames
        return
    _fsync_file(folder)


def _counts(conn: sqlite3.Connection, schema: str) -> dict[str, int]:
    tables = [
        str(row[0])
        for row in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'"  # noqa: S608
            " AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    ]
    # Table names come from the file's own schema, quoted as identifiers.
    return {
        table: int(
            conn.execute(
                f'SELECT count(*) FROM {schema}."{table.replace(chr(34), chr(34) * 2)}"'  # noqa: S608
            ).fetchone()[0]
        )
        for table in tables
    }


def _export(path: Path, target: Path, key: DatabaseKey) -> dict[str, int]:
    """Steps 1 and 2: the encrypted copy of the plain file; the plain file's row counts."""
    source = sqlite3.connect(str(path), isolation_level=None, timeout=5)
    try:
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        (version,) = source.execute("PRAGMA user_version").fetchone()
        counts = _counts(source, "main")
        source.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(target), key.sql_text))
        try:
            source.execute(f"PRAGMA encrypted.cipher_hmac_algorithm = {PAGE_HMAC}")
            source.execute("SELECT sqlcipher_export('encrypted')").fetchall()
            source.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        finally:
            source.execute("DETACH DATABASE encrypted")
    finally:
        source.close()
    _fsync_file(target)
    return counts


def _verify(target: Path, key: DatabaseKey, counts: dict[str, int]) -> None:
    """Step 3: the copy opens with the key, passes quick_check and has every row."""
    conn = sqlite3.connect(str(target), isolation_level=None, timeout=5)
    try:
        apply_key(conn, key)
        (check,) = conn.execute("PRAGMA quick_check").fetchone()
        copied = _counts(conn, "main")
        # In WAL mode before it takes the plain file's place: the first open after the
        # rename then changes nothing (a kill there leaves no hot rollback journal).
        conn.execute("PRAGMA journal_mode = WAL").fetchall()
    finally:
        conn.close()
    _fsync_file(target)
    if check != "ok" or copied != counts:
        raise EncryptionCheckFailed(f"the encrypted copy does not match ({check})")


def encrypt_in_place(path: Path, key: DatabaseKey) -> bool:
    """Encrypt the plain database ``path`` with ``key`` (see the module's docstring).

    Returns False when ``path`` is not a plain database (nothing to do). The caller holds
    the data folder's lock. Raises sqlite3.Error or OSError (a full disk, a locked file):
    the plain file is then as it was, and the next start tries again.
    """
    path = Path(path)
    target = marker_path(path)
    if not is_plain(path):
        _remove(target)  # cannot remain after a rename, but never keep a stray copy
        return False
    log.warning("encrypting the visits database %s (a plain file from before)", path)
    _remove(target)  # an interrupted job starts over
    old_umask = os.umask(0o077)  # the copy is created 0600
    try:
        counts = _export(path, target, key)
        _verify(target, key, counts)
        for suffix in ("-wal", "-shm"):
            side = Path(f"{path}{suffix}")
            # The checkpoint emptied the WAL and closing the last connection removed it;
            # one with frames in it means another program has the file open: stop.
            if side.exists() and suffix == "-wal" and side.stat().st_size > 0:
                raise sqlite3.OperationalError("database is locked")
            with contextlib.suppress(FileNotFoundError):
                os.remove(side)
        os.replace(target, path)
        _fsync_folder(path.parent)
    except BaseException:
        _remove(target)
        raise
    finally:
        os.umask(old_umask)
    _remove(target)  # the copy's own -journal, if SQLite left one
    log.warning("the visits database is encrypted now (%d tables checked)", len(counts))
    return True
