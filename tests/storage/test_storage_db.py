"""Opening the database: pragmas, private file modes, environment errors vs bugs."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from canvass_app.services.paths import ensure_private_dir
from canvass_app.storage.db import (
    DB_FILENAME,
    DEFERRED_CHECKPOINT_PAGES,
    StorageEnvironmentError,
    StorageProblem,
    checkpoint,
    connect,
    environment_errors,
    open_connection,
    open_database,
    transaction,
)
from canvass_app.storage.dbapi import sqlite3
from canvass_app.storage.visits import file_door_saves


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_pragmas_are_set(data_dir: Path) -> None:
    db = open_database(data_dir)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


ROWS = 1_500  # more pages than SQLite's automatic checkpoint lets the WAL hold (1,000)


def _write_pages(db: sqlite_utils.Database, rows: int = ROWS) -> None:
    """Commit ``rows`` rows of a page each, one transaction apiece (as saves are)."""
    db.execute("CREATE TABLE filler (blob TEXT)")
    for _ in range(rows):
        with transaction(db):
            db.execute("INSERT INTO filler VALUES (?)", ["x" * 4000])


def test_a_deferring_connection_leaves_checkpoints_to_another(data_dir: Path) -> None:
    db = open_database(data_dir, defer_checkpoints=True)
    assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == DEFERRED_CHECKPOINT_PAGES
    path = data_dir / DB_FILENAME
    _write_pages(db)
    # Nothing reached the database file: every page is still in the WAL.
    assert path.stat().st_size < 100 * 4096
    other = connect(path)
    checkpoint(other)
    assert path.stat().st_size > ROWS * 4096
    assert db.execute("SELECT count(*) FROM filler").fetchone()[0] == ROWS
    other.conn.close()
    db.conn.close()


def test_a_checkpoint_that_copied_everything_starts_the_wal_over_itself(data_dir: Path) -> None:
    """So that the next save at the door does not (the first commit into a new WAL also
    syncs its header)."""
    door = open_database(data_dir, defer_checkpoints=True)
    _write_pages(door, rows=50)
    sync_thread = connect(data_dir / DB_FILENAME)
    checkpoint(sync_thread)
    # The WAL now holds the one page the checkpoint committed, not the 50 copied.
    assert sync_thread.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone() == (0, 1, 1)
    with transaction(door):
        door.execute("INSERT INTO filler VALUES ('after')")
    assert door.execute("SELECT count(*) FROM filler").fetchone()[0] == 51
    # A reader holding the WAL: what it needs is not copied, and nothing is started over.
    door.conn.execute("BEGIN")
    door.execute("SELECT count(*) FROM filler").fetchone()
    with transaction(sync_thread):
        sync_thread.execute("INSERT INTO filler VALUES ('while read')")
    checkpoint(sync_thread)
    busy, frames, copied = sync_thread.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert frames > 1 and copied < frames
    door.conn.execute("COMMIT")
    sync_thread.conn.close()
    door.conn.close()


def test_a_normal_connection_checkpoints_inside_its_commits(data_dir: Path) -> None:
    db = open_database(data_dir)
    assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1_000
    _write_pages(db)
    assert (data_dir / DB_FILENAME).stat().st_size > 900 * 4096
    db.conn.close()


def test_new_database_and_side_files_are_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "fresh" / "profile"
    db = open_database(data_dir)
    db.execute("CREATE TABLE scratch (x)")  # make sure -wal exists
    assert _mode(data_dir) == 0o700
    assert _mode(data_dir / DB_FILENAME) == 0o600
    for suffix in ("-wal", "-shm"):
        side = data_dir / f"{DB_FILENAME}{suffix}"
        assert side.exists()
        assert _mode(side) == 0o600


def test_existing_readable_file_is_made_private_but_its_folder_keeps_its_mode(
    data_dir: Path,
) -> None:
    open_database(data_dir).conn.close()
    path = data_dir / DB_FILENAME
    os.chmod(path, 0o644)
    os.chmod(data_dir, 0o755)  # a folder the person chose, shared on purpose
    open_database(data_dir).conn.close()
    assert _mode(path) == 0o600
    assert _mode(data_dir) == 0o755  # never chmod a folder Canvass did not create


def test_every_folder_canvass_creates_is_private(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o755)
    data_dir = tmp_path / "a" / "b" / "profile"
    old_umask = os.umask(0o022)  # the usual umask: mkdir alone would make 0755 parents
    try:
        open_database(data_dir).conn.close()
        assert ensure_private_dir(tmp_path / "x" / "y") == tmp_path / "x" / "y"
    finally:
        os.umask(old_umask)
    for folder in (
        tmp_path / "a",
        tmp_path / "a" / "b",
        data_dir,
        tmp_path / "x",
        tmp_path / "x" / "y",
    ):
        assert _mode(folder) == 0o700, folder
    assert _mode(tmp_path) == 0o755  # the folder it found is left as it was


def test_corrupt_file_is_an_environment_error_in_words(data_dir: Path) -> None:
    db = open_database(data_dir)
    db.execute("CREATE TABLE filler (text TEXT)")
    db.conn.executemany("INSERT INTO filler VALUES (hex(randomblob(500)))", [()] * 200)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    path = data_dir / DB_FILENAME
    raw = bytearray(path.read_bytes())
    raw[-3 * 4096 : -2 * 4096] = b"\xa5" * 4096  # a page of the filler: its HMAC fails
    path.write_bytes(bytes(raw))
    db = open_database(data_dir)
    with pytest.raises(StorageEnvironmentError) as caught, environment_errors("read"):
        db.execute("SELECT sum(length(text)) FROM filler").fetchall()
    db.conn.close()
    assert caught.value.problem is StorageProblem.DAMAGED and caught.value.is_damage
    assert "damaged" in str(caught.value)


def test_a_file_no_key_opens_is_not_called_damaged(data_dir: Path) -> None:
    """Random bytes where the database was: to SQLCipher, a wrong key (or a destroyed
    first page, which holds the salt): told in words, never moved aside as damage."""
    open_database(data_dir).conn.close()
    (data_dir / DB_FILENAME).write_bytes(b"this is not an sqlite database at all" * 100)
    with pytest.raises(StorageEnvironmentError) as caught:
        open_database(data_dir)
    assert caught.value.problem is StorageProblem.WRONG_KEY and not caught.value.is_damage
    assert "cannot be opened with this key" in str(caught.value)


def test_locked_database_is_an_environment_error(data_dir: Path) -> None:
    db = open_database(data_dir)
    holder = connect(data_dir / DB_FILENAME)
    holder.conn.execute("BEGIN IMMEDIATE")
    try:
        impatient = open_connection(data_dir / DB_FILENAME, timeout_s=0)
        with pytest.raises(StorageEnvironmentError) as caught, environment_errors("save"):
            impatient.execute("BEGIN IMMEDIATE")
        assert "locked" in str(caught.value)
        impatient.close()
    finally:
        holder.conn.rollback()
    assert db.execute("SELECT COUNT(*) FROM visits").fetchone()[0] == 0


def test_bugs_are_not_disguised_as_environment_errors(data_dir: Path) -> None:
    db = open_database(data_dir)
    with pytest.raises(sqlite3.OperationalError), environment_errors("read"):
        db.execute("SELECT no_such_column FROM visits")


def test_unwritable_folder_is_reported_in_words(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageEnvironmentError) as caught:
        open_database(blocker / "profile")
    assert caught.value.problem is StorageProblem.CANNOT_OPEN
    assert "folder" in str(caught.value)
    assert "Errno" not in str(caught.value)  # the technical detail goes to the log


def test_a_save_reuses_its_prepared_statements_after_a_busy_day(data_dir: Path) -> None:
    """The binding's statement cache evicts its newest entry once full: a cache too small
    for what a connection runs (migrations, then a day's queries) would parse the save's
    INSERTs again on every save. SQLite asks the authorizer only while it prepares a statement."""
    from canvass_app.services.visits import VisitDraft, record_visit

    db = open_database(data_dir, defer_checkpoints=True)
    for n in range(300):  # many distinct statements, each run once
        db.execute(f"SELECT {n}").fetchall()

    def draft(n: int) -> VisitDraft:
        return VisitDraft(
            campaign_id="camp-1",
            contact_id=f"contact-{n}",
            household_id="house-1",
            contact_household_id=f"ch-{n}",
            survey_id="survey-1",
            responses={},
            unavailable=True,
            successful=False,
            outcome="Not home",
            unavailable_reason="Not home",
        )

    prepared: list[str] = []

    def authorizer(action: int, table: str | None, *_: Any) -> int:
        if action == sqlite3.SQLITE_INSERT:
            prepared.append(str(table))
        return sqlite3.SQLITE_OK

    db.conn.set_authorizer(authorizer)  # expires every prepared statement
    record_visit(db, draft(0), canvasser="Ana")
    assert prepared  # the authorizer sees a save's statements being prepared
    prepared.clear()
    for n in range(1, 4):
        record_visit(db, draft(n), canvasser="Ana")
    assert prepared == []
    db.conn.set_authorizer(None)
    assert file_door_saves(db.conn) == 4
