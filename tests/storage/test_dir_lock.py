"""One process owns a data folder: the OS lock, its reentrancy, its release on kill -9, and
the start that resumes a dead process's interrupted sends at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support.visits import new_visit

from canvass_app.core.outbox import OutboxState
from canvass_app.services.instance import DataDirBusy, claim_data_dir, resume_interrupted
from canvass_app.storage.db import open_database
from canvass_app.storage.dir_lock import LOCK_FILENAME, held_here, process_token
from canvass_app.storage.visits import VisitRepo

HOLD = """
import sys
from pathlib import Path
from canvass_app.storage.dir_lock import lock_data_dir
lock = lock_data_dir(Path(sys.argv[1]))
print("held", flush=True)
sys.stdin.read()
"""


def _holder(data_dir: Path) -> subprocess.Popen[str]:
    """Another process holding ``data_dir`` until its stdin closes (or it is killed)."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    return process


def _end(process: subprocess.Popen[str], *, kill: bool = False) -> None:
    if kill:
        os.kill(process.pid, signal.SIGKILL)
    else:
        assert process.stdin is not None
        process.stdin.close()
    process.wait(timeout=30)
    for pipe in (process.stdin, process.stdout):
        if pipe is not None:
            pipe.close()


def test_the_hold_is_reentrant_within_a_process_and_counted(data_dir: Path) -> None:
    first = claim_data_dir(data_dir)
    second = claim_data_dir(data_dir)  # the GUI and its sync thread, or a second command
    assert held_here(data_dir)
    first.release()
    first.release()  # twice is harmless
    assert held_here(data_dir)
    second.release()
    assert not held_here(data_dir)
    assert oct((data_dir / LOCK_FILENAME).stat().st_mode & 0o777) == "0o600"


def test_a_second_process_is_refused_in_words(data_dir: Path) -> None:
    holder = _holder(data_dir)
    try:
        with pytest.raises(DataDirBusy) as busy:
            claim_data_dir(data_dir)
        assert busy.value.holder_pid == holder.pid
        text = str(busy.value.message)
        assert "already open" in text and str(data_dir.resolve()) in text
        assert str(holder.pid) in text
        assert not held_here(data_dir)
    finally:
        _end(holder)
    with claim_data_dir(data_dir):  # the holder ended: free again
        assert held_here(data_dir)


def test_kill_minus_nine_releases_the_folder(data_dir: Path) -> None:
    holder = _holder(data_dir)
    _end(holder, kill=True)
    with claim_data_dir(data_dir):  # no stale lock file blocks the next start
        assert held_here(data_dir)


T0 = datetime.now(UTC) - timedelta(minutes=1)


def test_start_resumes_a_dead_processes_sends_at_once_and_leaves_its_own(data_dir: Path) -> None:
    db = open_database(data_dir)
    repo = VisitRepo(db)
    for local_id in ("dead", "ours"):
        repo.insert_visit(new_visit(local_id), now=T0)
    # A process that died mid-pass leased one (its lease has two minutes to run) ...
    dead = repo.lease_next("process-gone/engine-1", now=T0, lease_s=120)
    # ... and an engine of this very process holds the other right now.
    ours = repo.lease_next(f"{process_token()}/engine-2", now=T0, lease_s=120)
    assert dead is not None and ours is not None

    assert resume_interrupted(db) == 0  # without the folder's lock, owners may be alive
    with claim_data_dir(data_dir):
        assert resume_interrupted(db) == 1

    resumed = repo.ops("dead")[0]
    assert resumed.state is OutboxState.UNKNOWN and resumed.lease_owner is None
    # Due now, not when the lease would have ended.
    assert resumed.next_attempt_at < dead.op.lease_expires_at  # type: ignore[operator]
    event = repo.events("dead")[-1]
    assert (event.event, event.from_state, event.to_state) == ("interrupted", "sending", "unknown")
    assert "process-gone" in (event.message or "")
    assert repo.ops("ours")[0].state is OutboxState.SENDING  # alive: left alone
