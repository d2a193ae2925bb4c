"""A plain database's move to an encrypted one, killed with SIGKILL at random points.

A real process opens the plain database (which encrypts it in place) and is killed at
each step of the job one can see from outside, at once or after a seeded random delay;
after each kill the file is either the intact plain one or the complete encrypted one,
and the next open finishes the job with every visit.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.plain_database import plain_database

from canvass_app.services.visits import VisitDraft, list_visits, record_visits
from canvass_app.storage.db import database_path, open_connection, open_database
from canvass_app.storage.encrypt_existing import marker_path
from canvass_app.storage.encryption import is_plain
from canvass_app.storage.visits import file_door_saves

VISITS = 3000

_OPEN = """
import sys
from pathlib import Path
from canvass_app.services.database import use_database_keys
from canvass_app.storage.db import open_database
use_database_keys()
print("ready", flush=True)
open_database(Path(sys.argv[1])).conn.close()
print("done", flush=True)
"""


@pytest.fixture(scope="module")
def plain_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    """A plain database of VISITS visits (a few MB: the job takes a while), some still in
    its -wal, as the app before encryption left it."""
    folder = tmp_path_factory.mktemp("plain")
    db = plain_database(folder)
    drafts = [
        VisitDraft(
            campaign_id="camp-1",
            contact_id=f"contact-{n}",
            household_id=f"house-{n}",
            contact_household_id=f"ch-{n}",
            survey_id="survey-1",
            notes=f"Plain words {n} " + "spoken at the door " * 40,
        )
        for n in range(VISITS)
    ]
    ids = {visit.local_id for visit in record_visits(db, drafts, canvasser="Jo")}
    file_door_saves(db.conn)  # the app before encryption saved into the visits table
    db.conn.close()
    return folder, ids


def _copy(template: Path, data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    for file in template.iterdir():
        shutil.copyfile(file, data_dir / file.name)


def _start(data_dir: Path) -> tuple[subprocess.Popen[str], float]:
    process = subprocess.Popen(
        [sys.executable, "-c", _OPEN, str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    return process, time.perf_counter()


def _visit_ids(path: Path) -> set[str]:
    conn = open_connection(path, read_only=True)  # plain, or with the key from the keyring
    try:
        return {str(row[0]) for row in conn.execute("SELECT local_id FROM visits")}
    finally:
        conn.close()


def _job_seconds(template: Path, folder: Path) -> float:
    """How long an uninterrupted job takes on this machine (from "ready" to exit)."""
    _copy(template, folder)
    process, started = _start(folder)
    _out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return time.perf_counter() - started


def _reached(event: str, path: Path) -> bool:
    """Whether the job has visibly reached ``event`` (seen from outside, as files)."""
    marker = marker_path(path)
    if event == "ready":
        return True
    if event == "copy started":
        return marker.exists()
    if event == "copy half written":
        return marker.exists() and marker.stat().st_size > path.stat().st_size // 2
    return path.exists() and not is_plain(path)  # "renamed"


def _kill_at(process: subprocess.Popen[str], event: str, path: Path, delay: float) -> None:
    """SIGKILL ``delay`` seconds after ``event`` (or when the process ends first)."""
    while not _reached(event, path) and process.poll() is None:
        time.sleep(0.0005)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)


EVENTS = ("ready", "copy started", "copy half written", "renamed")


def test_a_kill_9_anywhere_in_the_move_loses_nothing(
    plain_template: tuple[Path, set[str]], tmp_path: Path
) -> None:
    """Each seed kills at one of the job's visible steps, at once (seeds 0-3) or after a
    random delay of up to half the job (seeds 4-11): before it starts, while the copy is
    written, after the rename, and anywhere between."""
    template, ids = plain_template
    job = _job_seconds(template, tmp_path / "measure")
    for seed in range(12):
        data_dir = tmp_path / f"seed-{seed}"
        _copy(template, data_dir)
        path = database_path(data_dir)
        event = EVENTS[seed % len(EVENTS)]
        delay = 0.0 if seed < len(EVENTS) else random.Random(seed).uniform(0, job / 2)
        process, _started = _start(data_dir)
        _kill_at(process, event, path, delay)
        # Either the intact plain file or the complete encrypted one, never half of each.
        assert _visit_ids(path) == ids, f"seed {seed}: killed {delay:.3f} s after {event}"
        if event == "renamed":
            assert not is_plain(path)  # past the rename there is no way back

        db = open_database(data_dir)  # the next start finishes (or starts over)
        assert {visit.local_id for visit in list_visits(db)} == ids
        db.conn.close()
        assert not is_plain(path) and not marker_path(path).exists()
