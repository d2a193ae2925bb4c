"""Proof 7: after a kill -9 mid-pass, the next start resumes the interrupted sends at once.

1,000 visits are queued; a real `canvass-app sync` is killed with SIGKILL while it sends,
leaving its leased batch `sending` under leases that would run for two more minutes. The
restarted command holds the data folder (no other process can be sending), so it turns
those operations `unknown` at start and looks each one up before sending it again. The
test asserts that mechanism (every interrupted operation resumed by the start, before its
lease would have ended, none waiting its lease out) and reports the time from the restart
to the first interrupted visit resolved (sent or adopted): a stopwatch is never asserted.
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from support.reliability import (
    natural_key,
    print_figures,
    server_documents,
    sync_process,
    visit_data,
)

from canvass_app.core.outbox import OutboxState
from canvass_app.server.runner import start_server
from canvass_app.services.visits import import_visit
from canvass_app.storage.db import open_database, parse_iso

pytestmark = [pytest.mark.reliability, pytest.mark.timeout(600)]

TOKEN = "restart-recovery-token"
QUEUED = 1000


def _sending(db: Any) -> dict[int, str]:
    rows = db.execute(
        "SELECT op_id, lease_expires_at FROM outbox WHERE state = ?", [OutboxState.SENDING.value]
    ).fetchall()
    return {int(op_id): str(expires) for op_id, expires in rows}


def test_a_restart_resumes_interrupted_sends_without_waiting_for_their_leases(
    tmp_path: Path,
) -> None:
    rng = random.Random(7)
    # Latency keeps a batch in flight long enough for the kill to land mid-pass.
    server = start_server(seed="empty", token=TOKEN, faults="*: latency=20ms..40ms")
    data_dir = tmp_path / "laptop"
    data_dir.mkdir(mode=0o700)
    try:
        db = open_database(data_dir)
        for index in range(QUEUED):
            import_visit(db, visit_data(rng, index), canvasser="restart")

        first = sync_process(data_dir, server.url, TOKEN)
        deadline = time.monotonic() + 60
        while not _sending(db) and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.3)  # well into the pass: some sent, a batch in flight
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        if first.stderr is not None:
            first.stderr.close()
        interrupted = _sending(db)
        assert interrupted, "the kill must leave operations in flight"

        restarted = time.monotonic()
        second = sync_process(data_dir, server.url, TOKEN)
        resolved_first: float | None = None
        resolved_all: float | None = None
        marks = ", ".join("?" for _ in interrupted)
        while second.poll() is None or resolved_all is None:
            sent = int(
                db.execute(
                    f"SELECT COUNT(*) FROM outbox WHERE state = ? AND op_id IN ({marks})",  # noqa: S608
                    [OutboxState.SENT.value, *interrupted],
                ).fetchone()[0]
            )
            now = time.monotonic() - restarted
            if sent and resolved_first is None:
                resolved_first = now
            if sent == len(interrupted):
                resolved_all = now
                break
            assert now < 300, "the restart did not resolve the interrupted visits"
            time.sleep(0.01)
        _, errors = second.communicate(timeout=300)
        assert second.returncode == 0, errors
        assert resolved_first is not None and resolved_all is not None

        # The mechanism: each interrupted operation was resumed by the start, as unknown,
        # long before its lease would have ended; none waited its lease out.
        resumed = {
            int(op_id): str(at)
            for op_id, at in db.execute(
                "SELECT op_id, at FROM sync_log WHERE event = 'interrupted' AND to_state = ?",
                [OutboxState.UNKNOWN.value],
            ).fetchall()
        }
        assert set(resumed) == set(interrupted)
        for op_id, expires in interrupted.items():
            assert parse_iso(resumed[op_id]) < parse_iso(expires)
        assert (
            db.execute("SELECT COUNT(*) FROM sync_log WHERE event = 'lease_expired'").fetchone()[0]
            == 0
        )
        waited_s = min(
            (parse_iso(expires) - parse_iso(resumed[op_id])).total_seconds()
            for op_id, expires in interrupted.items()
        )
        # Exactly once all the same: one document per visit.
        keys = [natural_key(doc["data"]) for doc in server_documents(server.url, TOKEN)]
        assert len(keys) == len(set(keys)) == QUEUED
        print_figures(
            {
                "proof": "restart_recovery",
                "queued": QUEUED,
                "interrupted": len(interrupted),
                "restart_to_first_resolved_s": round(resolved_first, 2),
                "restart_to_all_interrupted_resolved_s": round(resolved_all, 2),
                "lease_time_left_at_resume_s": round(waited_s, 1),
                "adopted": int(
                    db.execute("SELECT COUNT(*) FROM sync_log WHERE event = 'adopted'").fetchone()[
                        0
                    ]
                ),
                "documents": len(keys),
            }
        )
    finally:
        server.stop()
