"""Encryption at rest: the database cannot be read without its key and is read with it;
a wrong key is told in words; the key is never written anywhere but the keyring; a plain
database is encrypted in place; an encrypted file's damage is still recovered."""

from __future__ import annotations

import os
import shutil
import sqlite3 as stdlib_sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
from support.environment import snapshot
from support.file_keyring import FileKeyring
from support.plain_database import plain_database

from canvass_app.credentials import db_key
from canvass_app.services.startup import StartupVerdict, check_and_recover
from canvass_app.services.visits import VisitDraft, list_visits, record_visit
from canvass_app.storage.db import (
    DB_FILENAME,
    StorageEnvironmentError,
    StorageProblem,
    connect,
    database_path,
    open_connection,
    open_database,
)
from canvass_app.storage.dbapi import sqlite3
from canvass_app.storage.encrypt_existing import marker_path
from canvass_app.storage.encryption import (
    LEGACY_PAGE_HMAC,
    PAGE_HMAC,
    DatabaseKey,
    WrongKeyError,
    apply_key,
    failed_pages,
    is_plain,
)
from canvass_app.storage.integrity import Verdict, check_database
from canvass_app.storage.visits import file_door_saves

SECRET_NOTE = "Rosalind Okafor at 12 Elm Street will vote Green"


def _draft(n: int, note: str = SECRET_NOTE) -> VisitDraft:
    return VisitDraft(
        campaign_id="camp-1",
        contact_id=f"contact-{n}",
        household_id=f"house-{n}",
        contact_household_id=f"ch-{n}",
        survey_id="survey-1",
        contact_name="Rosalind Okafor",
        notes=f"{note} ({n})",
    )


def _with_visits(data_dir: Path, count: int = 5) -> list[str]:
    db = open_database(data_dir)
    ids = [record_visit(db, _draft(n), canvasser="Jo").local_id for n in range(count)]
    file_door_saves(db.conn)  # into the visits table, as the sync thread files them
    db.conn.close()
    return ids


def _bytes_under(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_the_file_cannot_be_read_without_its_key_and_is_read_with_it(data_dir: Path) -> None:
    ids = _with_visits(data_dir)
    path = database_path(data_dir)
    assert not is_plain(path)
    # Not by plain SQLite (the standard library's module) ...
    plain = stdlib_sqlite3.connect(str(path))
    with pytest.raises(stdlib_sqlite3.DatabaseError, match="file is not a database"):
        plain.execute("SELECT count(*) FROM visits").fetchall()
    plain.close()
    # ... nor by SQLCipher with another key ...
    with pytest.raises(WrongKeyError):
        open_connection(path, key=DatabaseKey(raw=os.urandom(32)))
    with pytest.raises(WrongKeyError):
        open_connection(path, key=DatabaseKey(passphrase="a guess at the passphrase"))
    # ... and no visit's words are in the file or its side files (what `strings` would find).
    for name, content in _bytes_under(data_dir).items():
        for words in (b"Rosalind", b"Elm Street", "Rosalind".encode("utf-16-le")):
            assert words not in content, name
    if shutil.which("strings"):
        found = subprocess.run(["strings", "-n", "6", str(path)], capture_output=True, text=True)
        assert found.returncode == 0 and "Rosalind" not in found.stdout
        assert "CREATE TABLE" not in found.stdout  # not even the schema
    # With its key (the keyring's), every visit reads back.
    db = open_database(data_dir)
    assert {visit.local_id for visit in list_visits(db)} == set(ids)
    db.conn.close()


def test_the_pragmas_still_hold_on_the_encrypted_file(data_dir: Path) -> None:
    open_database(data_dir).conn.close()
    db = connect(database_path(data_dir), defer_checkpoints=True)
    pragma = {
        name: db.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
    }
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 5000,
    }
    assert db.execute("PRAGMA cipher_version").fetchone()[0]  # SQLCipher, not plain SQLite
    db.conn.close()


def test_a_wrong_key_is_told_in_words_and_nothing_is_moved(
    data_dir: Path, memory_keyring: FileKeyring
) -> None:
    _with_visits(data_dir)
    before = snapshot(data_dir)
    memory_keyring.set_password("canvass-app", db_key.ACCOUNT, os.urandom(32).hex())
    with pytest.raises(StorageEnvironmentError) as caught:
        open_database(data_dir)
    assert caught.value.problem is StorageProblem.WRONG_KEY and not caught.value.is_damage
    assert "cannot be opened with this key" in str(caught.value)
    check = check_and_recover(data_dir)
    assert check.verdict is StartupVerdict.UNAVAILABLE and not check.can_continue
    assert check.problem is StorageProblem.WRONG_KEY
    assert "file is not a database" not in check.text and "damaged" not in check.title.template
    assert snapshot(data_dir) == before  # never moved aside as damage


def test_the_key_is_in_the_keyring_only(data_dir: Path, memory_keyring: FileKeyring) -> None:
    """Raw 32 random bytes in the keyring; never in the database, its side files, the
    settings or the logs of the data folder."""
    from canvass_app.services.logs import setup_logging, shutdown_logging

    setup_logging(data_dir, "DEBUG")
    try:
        _with_visits(data_dir)
    finally:
        shutdown_logging()
    assert (data_dir / "logs" / "canvass.log").read_text()  # something was logged
    raw = db_key.stored_key()
    assert raw is not None and len(raw) == 32
    assert memory_keyring.get_password("canvass-app", db_key.ACCOUNT) == raw.hex()
    for name, content in _bytes_under(data_dir).items():
        for form in (raw, raw.hex().encode(), raw.hex().upper().encode()):
            assert form not in content, name
    for row in open_database(data_dir).execute("SELECT * FROM sqlite_master").fetchall():
        assert raw.hex() not in str(row)


def test_a_plain_database_is_encrypted_in_place_with_every_row(data_dir: Path) -> None:
    db = plain_database(data_dir)
    ids = [record_visit(db, _draft(n), canvasser="Jo").local_id for n in range(30)]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    db.conn.close()
    path = database_path(data_dir)
    marker_path(path).write_bytes(b"left by a job killed halfway")  # starts over
    assert is_plain(path) and b"Rosalind" in path.read_bytes()

    db = open_database(data_dir)
    assert {visit.local_id for visit in list_visits(db)} == set(ids)
    assert db.execute("PRAGMA user_version").fetchone()[0] == version
    db.conn.close()
    assert not is_plain(path) and not marker_path(path).exists()
    for name, content in _bytes_under(data_dir).items():
        assert b"Rosalind" not in content, name
    assert os.stat(path).st_mode & 0o077 == 0


def test_the_recovery_of_an_encrypted_file_reads_it_and_keeps_encrypted_copies(
    data_dir: Path,
) -> None:
    db = open_database(data_dir)
    ids = [
        record_visit(db, _draft(n, "long note " * 60), canvasser="Jo").local_id for n in range(120)
    ]
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    path = database_path(data_dir)
    raw = bytearray(path.read_bytes())
    raw[-6 * 4096 : -5 * 4096] = bytes([0xA5, 0x5A]) * 2048  # one page fails its HMAC
    path.write_bytes(bytes(raw))

    check = check_and_recover(data_dir)  # damage (not a wrong key): recovered
    assert check.verdict is StartupVerdict.RECOVERED, check.text
    folder = next((data_dir / "recovery").iterdir())
    kept = folder / DB_FILENAME
    assert kept.read_bytes() == bytes(raw)  # the kept copy is the encrypted file as it was
    plain = stdlib_sqlite3.connect(str(kept))
    with pytest.raises(stdlib_sqlite3.DatabaseError):
        plain.execute("SELECT count(*) FROM visits").fetchall()
    plain.close()
    assert not (folder / ".scratch").exists()
    db = open_database(data_dir)  # the fresh (encrypted) database with the visits queued again
    back = {visit.local_id for visit in list_visits(db)}
    db.conn.close()
    assert back <= set(ids) and len(back) >= len(ids) - 20
    assert not is_plain(path)


def test_wal_frames_of_the_encrypted_file_are_encrypted_too(data_dir: Path) -> None:
    db = open_database(data_dir, defer_checkpoints=True)
    for n in range(10):
        record_visit(db, _draft(n), canvasser="Jo")
    wal = Path(f"{database_path(data_dir)}-wal")
    assert wal.stat().st_size > 0 and b"Rosalind" not in wal.read_bytes()
    db.conn.close()


def test_a_missing_key_for_an_encrypted_file_is_told_and_not_replaced(
    data_dir: Path, memory_keyring: FileKeyring
) -> None:
    _with_visits(data_dir, 1)
    memory_keyring.delete_password("canvass-app", db_key.ACCOUNT)
    with pytest.raises(StorageEnvironmentError) as caught:
        open_database(data_dir)
    assert caught.value.problem is StorageProblem.NO_KEY
    # No new key was made for a file that already has one (it would never open it).
    assert db_key.stored_key() is None


def _raw_read(path: Path, key: Any) -> int:
    conn = open_connection(path, key=key, read_only=True)
    try:
        return int(conn.execute("SELECT count(*) FROM visits").fetchone()[0])
    finally:
        conn.close()


def test_a_copy_opens_with_the_original_key(data_dir: Path, tmp_path: Path) -> None:
    _with_visits(data_dir, 3)
    copy = tmp_path / "elsewhere" / "copy.sqlite3"
    copy.parent.mkdir()
    copy.write_bytes(database_path(data_dir).read_bytes())
    raw = db_key.stored_key()
    assert raw is not None
    assert _raw_read(copy, DatabaseKey(raw=raw)) == 3
    with pytest.raises(sqlite3.DatabaseError):
        _raw_read(copy, DatabaseKey(raw=bytes(32)))


def _opens_with(path: Path, key: DatabaseKey, hmac: str) -> bool:
    """Whether ``path`` opens with exactly this page HMAC (no fallback)."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        apply_key(conn, key, hmac=hmac)
    except WrongKeyError:
        return False
    finally:
        conn.close()
    return True


def test_pages_are_authenticated_with_hmac_sha256_whichever_way_the_file_was_made(
    data_dir: Path, tmp_path: Path
) -> None:
    _with_visits(data_dir, 2)
    raw = db_key.stored_key()
    assert raw is not None
    key = DatabaseKey(raw=raw)
    new = database_path(data_dir)
    assert _opens_with(new, key, PAGE_HMAC) and not _opens_with(new, key, LEGACY_PAGE_HMAC)

    migrated_dir = tmp_path / "migrated"
    plain_database(migrated_dir).conn.close()
    open_database(migrated_dir).conn.close()  # encrypted in place
    migrated = database_path(migrated_dir)
    assert _opens_with(migrated, key, PAGE_HMAC)  # one key per OS user


def test_a_file_encrypted_with_the_former_hmac_sha512_still_opens(tmp_path: Path) -> None:
    path = tmp_path / "before.sqlite3"
    key = DatabaseKey(raw=bytes(range(32)))
    conn = sqlite3.connect(str(path), isolation_level=None)
    apply_key(conn, key, hmac=LEGACY_PAGE_HMAC)
    conn.execute("CREATE TABLE visits (seq INTEGER PRIMARY KEY)")
    conn.execute("INSERT INTO visits VALUES (1), (2)")
    conn.close()
    assert _raw_read(path, key) == 2
    with pytest.raises(WrongKeyError):
        _raw_read(path, DatabaseKey(raw=bytes(32)))


def test_pages_a_checkpoint_left_for_the_wal_are_not_damage(data_dir: Path, tmp_path: Path) -> None:
    """SQLCipher's page check reads the file, not the WAL. A checkpoint held back by a
    reader grows the file and leaves the newest pages as zeros there (a kill -9 keeps them
    so); SQLite reads them from the WAL. The start-up check must not call that damage and
    move a good database aside."""
    db = open_database(data_dir)
    _with_visits(data_dir, 5)
    reader = connect(database_path(data_dir))
    reader.conn.execute("BEGIN")
    reader.execute("SELECT count(*) FROM visits").fetchone()  # holds the WAL as it is now
    for n in range(5, 60):
        record_visit(db, _draft(n, "long note " * 80), canvasser="Jo")
    file_door_saves(db.conn)
    db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()  # copies up to the reader
    copy = tmp_path / "as-killed"
    copy.mkdir()
    for suffix in ("", "-wal", "-shm"):  # what a kill -9 of both leaves on the disk
        shutil.copyfile(f"{database_path(data_dir)}{suffix}", copy / f"{DB_FILENAME}{suffix}")
    reader.conn.execute("COMMIT")
    reader.conn.close()
    db.conn.close()
    path = copy / DB_FILENAME
    conn = open_connection(path, key=DatabaseKey(raw=db_key.stored_key() or b""), read_only=True)
    holes = [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
    assert holes, "SQLCipher alone calls the holes damage"
    assert failed_pages(conn) == []
    conn.close()
    assert check_database(path).verdict is Verdict.SOUND

    # A page of the file with anything written on it that fails its HMAC is damage.
    page = int(holes[0].rsplit(" ", 1)[1])
    raw = bytearray(path.read_bytes())
    raw[(page - 1) * 4096 : (page - 1) * 4096 + 2] = b"\xa5\x5a"
    path.write_bytes(bytes(raw))
    assert check_database(path).verdict is Verdict.DAMAGED
