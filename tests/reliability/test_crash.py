"""Proof 1: kill -9 `canvass-app sync` at random moments while it drains; nothing is lost
and nothing is sent twice.

The server runs in its own process with `--db`, so it keeps every write across the
client's deaths; its latency keeps requests in flight when the kill lands. A killed
process leaves its in-flight operations `sending` under a lease of
`SyncSettings.lease_s` (120 s). Every restart holds the data folder (one process owns it),
so it knows those leases are a dead process's: it turns them `unknown` at once and
reconciles them, without waiting for them to run out (nothing here backdates a lease).
Between kills the canvasser keeps working: new visits, edits and deletes are queued on the
same database file. After a final clean sync every visit is on the server exactly once
with its final local content, and every deleted one is gone.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from support.reliability import (
    ServerProcess,
    check_server_matches,
    natural_key,
    scale,
    server_documents,
    sync_process,
    visit_data,
)

from canvass_app.core.outbox import OutboxState
from canvass_app.services.visits import delete_visit, edit_visit, import_visit, list_visits
from canvass_app.storage.db import open_database

pytestmark = [pytest.mark.reliability, pytest.mark.timeout(300 * scale())]

TOKEN = "crash-test-token"


def test_kill_minus_nine_during_sync_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    rng = random.Random(20261127)
    visits_count = 60 * scale()
    kills = 25 * scale()
    data_dir = tmp_path / "laptop"
    data_dir.mkdir(mode=0o700)
    # Every request takes 10–40 ms, so a sync run lasts long enough to be killed with
    # requests in flight (some commit on the server after the client is dead).
    server = ServerProcess(tmp_path / "server.sqlite3", TOKEN, "--faults", "*: latency=10ms..40ms")
    try:
        db = open_database(data_dir)
        local_ids = [
            import_visit(db, visit_data(rng, i), canvasser="crash-test").local_id
            for i in range(visits_count)
        ]
        deleted: set[str] = set()
        killed_mid_run = 0
        for _ in range(kills):
            # The canvasser keeps working between the deaths of the sync process.
            for _ in range(rng.randint(0, 4)):
                number = len(local_ids)
                local_ids.append(
                    import_visit(db, visit_data(rng, number), canvasser="crash-test").local_id
                )
            for _ in range(rng.randint(0, 3)):
                local_id = rng.choice(local_ids)
                if local_id in deleted:
                    continue
                if rng.random() < 0.2:
                    delete_visit(db, local_id)
                    deleted.add(local_id)
                else:
                    edit_visit(
                        db,
                        local_id,
                        {
                            "/successful": rng.random() < 0.5,
                            "/distance": round(rng.uniform(0, 0.3), 4),
                        },
                    )
            leases_before = _lease_count(db)
            process = sync_process(data_dir, server.url, TOKEN)
            # Kill at a random moment after it started sending (or soon after its start
            # when there is nothing to send).
            _wait_for_a_lease(db, leases_before, process)
            time.sleep(rng.uniform(0.0, 0.12))
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
                killed_mid_run += 1
            process.wait()
            _close_pipes(process)
        assert killed_mid_run >= kills // 2, "most kills must land while sync is running"

        # A final clean drain (retries may wait for their backoff).
        deadline = time.monotonic() + 120
        while True:
            process = sync_process(data_dir, server.url, TOKEN)
            _, errors = process.communicate(timeout=120)
            code = process.returncode
            if code == 0:
                break
            assert code == 3, f"sync ended with {code}: {errors}"
            assert time.monotonic() < deadline, "the outbox did not drain after the crashes"
            time.sleep(1)

        db = open_database(data_dir)
        visits = {visit.local_id: visit for visit in list_visits(db)}
        assert set(visits) == set(local_ids)
        assert all(visit.state is OutboxState.SENT for visit in visits.values()), state_tally(
            visits
        )
        live = {natural_key(v.data): v.data for v in visits.values() if not v.deleted}
        gone = [natural_key(v.data) for v in visits.values() if v.deleted]
        tallies = check_server_matches(server_documents(server.url, TOKEN), live, gone)
        # Every interrupted send was resumed by the next start, none waited its lease out.
        assert _event_count(db, "interrupted") > 0
        assert _event_count(db, "lease_expired") == 0
        print(
            json.dumps(
                {
                    "proof": "crash",
                    "visits": len(local_ids),
                    "kills": kills,
                    "killed_mid_run": killed_mid_run,
                    "deleted": len(deleted),
                    "interrupted_sends": _event_count(db, "interrupted"),
                    "leases_waited_out": _event_count(db, "lease_expired"),
                    "adopted_by_reconcile": _event_count(db, "adopted"),
                    **tallies,
                }
            )
        )
    finally:
        server.stop()


def _lease_count(db: Any) -> int:
    return int(db.execute("SELECT COUNT(*) FROM sync_log WHERE event = 'lease'").fetchone()[0])


def _event_count(db: Any, event: str) -> int:
    return int(db.execute("SELECT COUNT(*) FROM sync_log WHERE event = ?", [event]).fetchone()[0])


def _wait_for_a_lease(db: Any, before: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and process.poll() is None:
        if _lease_count(db) > before:
            return
        time.sleep(0.01)


def _close_pipes(process: subprocess.Popen[str]) -> None:
    # A killed process leaves its stderr pipe open on our side (a ResourceWarning).
    if process.stderr is not None:
        process.stderr.close()


def state_tally(visits: dict[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for visit in visits.values():
        counts[str(visit.state)] = counts.get(str(visit.state), 0) + 1
    return counts
