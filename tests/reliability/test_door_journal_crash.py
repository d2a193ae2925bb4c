"""Proof: kill -9 the door's saves and the filing of the door journal at random moments,
both at once, again and again; every save the door was told of is filed exactly once, with
one create and one "saved" event, and nothing is left half filed.

One process saves visits the way the door does (``record_visit``: the journal) and prints
each local id once the save has returned; another files the journal in a loop, as the sync
thread does. Both are killed with SIGKILL at random moments, then started again.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.reliability import scale

from canvass_app.storage.db import open_database
from canvass_app.storage.visits import file_door_saves

pytestmark = [pytest.mark.reliability, pytest.mark.timeout(300 * scale())]

_PRELUDE = """
import sys
from pathlib import Path
from canvass_app.services.database import use_database_keys
from canvass_app.storage.db import open_database
use_database_keys()
db = open_database(Path(sys.argv[1]))
"""
_SAVER = (
    _PRELUDE
    + """
from canvass_app.services.visits import VisitDraft, record_visits
n = 0
while True:
    n += 1
    drafts = [
        VisitDraft("camp-1", f"contact-{sys.argv[2]}-{n}-{k}", f"house-{n}", f"ch-{n}-{k}",
                   "survey-1", notes="at the door " * 20)
        for k in range(1 + n % 3)  # a bulk press now and then
    ]
    for visit in record_visits(db, drafts, canvasser="Jo"):
        print(visit.local_id, flush=True)  # told to the door: saved
"""
)
_FILER = (
    _PRELUDE
    + """
from canvass_app.storage.visits import file_door_saves
print("ready", flush=True)
while True:
    file_door_saves(db.conn)
"""
)


def _start(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_kill_minus_nine_during_door_saves_and_filing_loses_and_doubles_nothing(
    tmp_path: Path,
) -> None:
    rng = random.Random(20261203)
    data_dir = tmp_path / "laptop"
    data_dir.mkdir(mode=0o700)
    open_database(data_dir).conn.close()  # created and migrated once, before the kills
    acknowledged: list[str] = []
    for run in range(8 * scale()):
        saver = _start(_SAVER, str(data_dir), str(run))
        filer = _start(_FILER, str(data_dir))
        assert saver.stdout is not None and filer.stdout is not None
        assert filer.stdout.readline().strip() == "ready", (
            filer.stderr.read() if filer.stderr else ""
        )
        time.sleep(rng.uniform(0.3, 1.2))
        # Each dies at its own random moment: mid-save, mid-filing, or between.
        first, second = (saver, filer) if rng.random() < 0.5 else (filer, saver)
        os.kill(first.pid, signal.SIGKILL)
        time.sleep(rng.uniform(0.0, 0.05))
        os.kill(second.pid, signal.SIGKILL)
        out, errors = saver.communicate()
        filer.communicate()
        lines = out.splitlines()
        # The last line may be cut by the kill; every whole one was a finished save.
        acknowledged.extend(lines if out.endswith("\n") else lines[:-1])
        assert "Traceback" not in errors, errors
    assert len(acknowledged) > 20 * scale(), "the saver must have saved between the kills"

    db = open_database(data_dir)
    file_door_saves(db.conn)
    assert db.execute("SELECT count(*) FROM door_journal").fetchone()[0] == 0
    filed = [row[0] for row in db.execute("SELECT local_id FROM visits ORDER BY seq")]
    assert len(filed) == len(set(filed)), "a visit filed twice"
    assert set(acknowledged) <= set(filed), "a save the door was told of is missing"
    creates = dict(
        db.execute(
            "SELECT local_id, count(*) FROM outbox WHERE kind = 'create' GROUP BY local_id"
        ).fetchall()
    )
    saved_events = dict(
        db.execute(
            "SELECT local_id, count(*) FROM sync_log WHERE event = 'saved' GROUP BY local_id"
        ).fetchall()
    )
    assert all(creates.get(local_id) == 1 for local_id in filed), "a visit without one create"
    assert all(saved_events.get(local_id) == 1 for local_id in filed), "a visit without its event"
    # A bulk press keeps its run of seqs: its visits follow one another.
    presses = db.execute(
        "SELECT press_id, max(seq) - min(seq) + 1, count(*) FROM visits GROUP BY press_id"
    ).fetchall()
    assert all(span == count for _press, span, count in presses)
    db.conn.close()
