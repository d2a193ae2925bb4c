"""A locked database is not a damaged one: the environment errors at start and at a write.

Each case meets the real condition (see support/environment.py for how, as root or not)
and shows that nothing is moved aside, copied or changed, and that the start-up decision
(services.startup, shared by the GUI and the CLI) and the CLI say it in words.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support.environment import (
    IS_ROOT,
    as_unprivileged,
    fill_disk,
    lock_held_by_another_program,
    make_read_only_file,
    make_read_only_folder,
    make_unreadable,
    mounted_tmpfs,
    shared_folder,
    snapshot,
)
from support.page_examples import PAGE_POST_BODY

# Imported before any block runs as another user: that user may not read the interpreter's
# folder, so nothing may be imported lazily inside those blocks.
import canvass_app.cli.auth_cmds
import canvass_app.cli.context
import canvass_app.cli.ledger_cmds
import canvass_app.cli.main
import canvass_app.cli.outbox_cmds
import canvass_app.cli.serve_cmds
import canvass_app.services.logs
import canvass_app.services.settings
import canvass_app.services.sync
import canvass_app.services.visit_import  # noqa: F401
from canvass_app.cli.main import main
from canvass_app.services.logs import shutdown_logging
from canvass_app.services.startup import StartupVerdict, check_and_recover
from canvass_app.services.visits import import_visit
from canvass_app.storage.db import (
    DB_FILENAME,
    PROBLEM_MESSAGES,
    StorageEnvironmentError,
    StorageProblem,
    open_database,
)
from canvass_app.storage.dbapi import sqlite3
from canvass_app.storage.integrity import Verdict, check_database

WORDS = {
    StorageProblem.LOCKED: "locked by another program",
    StorageProblem.READ_ONLY: "read-only",
    StorageProblem.PERMISSION: "not allowed to use",
    StorageProblem.FULL: "The disk is full",
}


def _with_visits(data_dir: Path, count: int = 3) -> None:
    db = open_database(data_dir)
    for n in range(count):
        data = copy.deepcopy(PAGE_POST_BODY)
        data["contactId"] = f"contact-{n}"
        import_visit(db, data, canvasser="ana")
    db.conn.close()  # a clean close: no -wal or -shm left


def _assert_told_and_untouched(
    check: Any, problem: StorageProblem, data_dir: Path, before: dict[str, Any]
) -> None:
    assert check.verdict is StartupVerdict.UNAVAILABLE and not check.can_continue
    assert check.problem is problem
    assert WORDS[problem] in check.text
    assert f"The database is {data_dir / DB_FILENAME}." in check.text
    words = check.text.replace(str(data_dir / DB_FILENAME), "")
    for technical in ("Errno", "sqlite", "SQLITE", "OperationalError"):
        assert technical not in words
    assert str(check.title) == "The visits database cannot be used"
    assert snapshot(data_dir) == before  # nothing moved aside, copied, added or changed
    assert not (data_dir / "recovery").exists()


def _run_cli_here(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """The real CLI in this process (it may have to run as another user)."""
    try:
        code = main(list(args))
    finally:
        shutdown_logging()
    return code, capsys.readouterr().err


@pytest.fixture
def env_dir() -> Iterator[Path]:
    with shared_folder() as folder:
        data_dir = folder / "data"
        data_dir.mkdir(mode=0o700)
        yield data_dir


@pytest.fixture
def visits_file(tmp_path: Path) -> Path:
    path = tmp_path / "new.jsonl"
    path.write_text(json.dumps(dict(PAGE_POST_BODY, contactId="someone-new")) + "\n")
    return path


# --- a lock held by another program ---------------------------------------------------


def test_a_whole_file_lock_is_not_damage(data_dir: Path, run_cli: Callable[..., Any]) -> None:
    """Another program holds the file exclusively, readers too (``locking_mode=EXCLUSIVE``
    and BEGIN EXCLUSIVE with a write): even the integrity check cannot read it."""
    _with_visits(data_dir)
    before = snapshot(data_dir)
    with lock_held_by_another_program(data_dir / DB_FILENAME, whole_file=True):
        report = check_database(data_dir / DB_FILENAME, quick=True)
        assert report.verdict is Verdict.UNAVAILABLE and report.problem is StorageProblem.LOCKED
        check = check_and_recover(data_dir)
        result = run_cli("--api-url", "http://127.0.0.1:9", "sync", data_dir=data_dir)
    _assert_told_and_untouched(check, StorageProblem.LOCKED, data_dir, before)
    assert result.returncode == 1, result.stdout + result.stderr
    assert WORDS[StorageProblem.LOCKED] in result.stderr
    assert "damaged" not in result.stderr and "Traceback" not in result.stderr
    assert snapshot(data_dir) == before


def test_a_held_write_lock_is_told_at_start_and_at_import(
    data_dir: Path, run_cli: Callable[..., Any], visits_file: Path
) -> None:
    """A second real connection holding BEGIN EXCLUSIVE (in WAL mode readers go on; every
    writer waits out the busy timeout, then is told)."""
    _with_visits(data_dir)
    before = snapshot(data_dir)
    with lock_held_by_another_program(data_dir / DB_FILENAME, whole_file=False):
        check = check_and_recover(data_dir)
        result = run_cli("import", str(visits_file), data_dir=data_dir)
    _assert_told_and_untouched(check, StorageProblem.LOCKED, data_dir, before)
    assert result.returncode == 1, result.stderr
    assert WORDS[StorageProblem.LOCKED] in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert snapshot(data_dir) == before  # nothing queued
    assert check_and_recover(data_dir).verdict is StartupVerdict.READY  # lock gone: fine


# --- read-only file, read-only folder, no permission ------------------------------------


CASES: dict[str, tuple[Callable[[Path, Path], None], StorageProblem]] = {
    "read-only file": (make_read_only_file, StorageProblem.READ_ONLY),
    "read-only folder": (make_read_only_folder, StorageProblem.READ_ONLY),
    "no permission": (make_unreadable, StorageProblem.PERMISSION),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_file_canvass_may_not_write_is_told_and_left_alone(
    env_dir: Path, case: str, capsys: pytest.CaptureFixture[str], visits_file: Path
) -> None:
    make, problem = CASES[case]
    visits_file = Path(shutil.copy(visits_file, env_dir.parent / "new.jsonl"))  # theirs to read
    os.chmod(visits_file, 0o644)
    _with_visits(env_dir)
    path = env_dir / DB_FILENAME
    make(env_dir, path)
    before = snapshot(env_dir)

    with as_unprivileged():
        check = check_and_recover(env_dir)
        sync_code, sync_err = _run_cli_here(
            capsys, "--data-dir", str(env_dir), "--api-url", "http://127.0.0.1:9", "sync"
        )
        import_code, import_err = _run_cli_here(
            capsys, "--data-dir", str(env_dir), "import", str(visits_file)
        )

    _assert_told_and_untouched(check, problem, env_dir, before)
    for code, err in ((sync_code, sync_err), (import_code, import_err)):
        assert code == 1
        assert WORDS[problem] in err, err
        assert "damaged" not in err and "Traceback" not in err
    assert snapshot(env_dir) == before


def test_a_read_only_file_is_told_at_the_first_write_too(env_dir: Path) -> None:
    """Past the start-up check: SQLite opens a read-only file read-only, and the first
    save is refused in words (the door screen shows it; the form keeps the answers)."""
    _with_visits(env_dir)
    make_read_only_file(env_dir, env_dir / DB_FILENAME)
    before = snapshot(env_dir)
    with as_unprivileged():
        db = open_database(env_dir)
        try:
            with pytest.raises(StorageEnvironmentError) as caught:
                import_visit(db, PAGE_POST_BODY, canvasser="jo")
        finally:
            db.conn.close()
    assert caught.value.problem is StorageProblem.READ_ONLY
    assert str(caught.value) == str(PROBLEM_MESSAGES[StorageProblem.READ_ONLY])
    assert snapshot(env_dir)[DB_FILENAME] == before[DB_FILENAME]


@pytest.mark.skipif(not IS_ROOT, reason="only root can show that root is really stopped")
def test_the_unprivileged_block_really_cannot_write(env_dir: Path) -> None:
    """What the read-only tests prove rests on this: as root, chmod alone stops nothing."""
    _with_visits(env_dir)
    path = env_dir / DB_FILENAME
    make_read_only_file(env_dir, path)
    with open(path, "r+b"):
        pass  # root: allowed despite the mode
    with as_unprivileged(), pytest.raises(PermissionError):
        open(path, "r+b").close()


# --- a full disk ----------------------------------------------------------------------


def test_a_full_disk_is_told_at_start_and_at_import(
    run_cli: Callable[..., Any], visits_file: Path
) -> None:
    """A real 2 MB tmpfs filled to the last byte (skipped where mounting is not allowed;
    tests/services/test_visit_import.py injects SQLITE_FULL with max_page_count)."""
    with mounted_tmpfs("2m") as disk:
        if disk is None:
            pytest.skip("this machine does not allow mounting a small tmpfs")
        data_dir = disk / "data"
        _with_visits(data_dir)
        fill_disk(disk)
        before = snapshot(data_dir)

        result = run_cli("import", str(visits_file), data_dir=data_dir)
        assert result.returncode == 1, result.stderr
        assert WORDS[StorageProblem.FULL] in result.stderr
        assert "Traceback" not in result.stderr and result.stdout == ""
        assert snapshot(data_dir) == before  # nothing queued, nothing moved

        fresh = disk / "fresh"
        _assert_told_and_untouched(
            check_and_recover(fresh), StorageProblem.FULL, fresh, snapshot(fresh)
        )
        (disk / "filler").unlink()
        result = run_cli("import", str(visits_file), data_dir=data_dir)
        assert result.returncode == 0, result.stderr  # room again: it goes in


def test_without_mounting_a_full_disk_at_start_is_still_told(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite says "disk I/O error" when it cannot grow the -shm file on a full disk; the
    check looks at the free space to say which (the free space is faked here only)."""
    import shutil as shutil_module

    from canvass_app.storage import db as storage_db

    real = shutil_module.disk_usage
    monkeypatch.setattr(storage_db.shutil, "disk_usage", lambda p: real(p)._replace(free=1024))
    io_error = sqlite3.OperationalError("disk I/O error")
    error = storage_db.environment_error(io_error, "open", data_dir / DB_FILENAME)
    assert error is not None and error.problem is StorageProblem.FULL
    monkeypatch.setattr(storage_db.shutil, "disk_usage", real)
    error = storage_db.environment_error(io_error, "open", data_dir / DB_FILENAME)
    assert error is not None and error.problem is StorageProblem.IO
