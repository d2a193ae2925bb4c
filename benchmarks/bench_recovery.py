"""B10: crash to first send.

1,000 visits are queued (``services.record_visit``); a real ``canvass-app sync`` process
drains them into ``canvass-app serve`` (its own process, answers delayed 10 ms so that
requests are in flight) and is killed with SIGKILL once a quarter of them are sent, with
operations ``sending``. Then a new ``canvass-app sync`` starts on the same folder, and the
benchmark reads the database (its own connection, every 5 ms) for:

- the first interrupted visit settled (``sent``, by adoption or a resend), timed from the
  new process's spawn: the target is 5 s (an interrupted visit used to wait out its
  120 s lease);
- every interrupted visit settled, and the whole queue drained (the process's exit).

Three runs (a fresh folder and server each); the median is judged. Baseline, shown beside:
the same ``canvass-app sync`` with nothing to send, from spawn to exit (the interpreter,
the imports and the start checks).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

from benchlib import (
    PYTHON,
    REPO_DIR,
    Figure,
    Part,
    ServerProcess,
    child_env,
    median,
    queue_visits,
    range_text,
    temp_dir,
)

from canvass_app.storage.dbapi import sqlite3

LATENCY_SPEC = "*: latency=10ms"
POLL_S = 0.005
TARGET_FIRST_S = 5.0
RUNS = 3


def _sync(data_dir: Path, server: ServerProcess) -> subprocess.Popen[str]:
    command = [PYTHON, "-m", "canvass_app", "--data-dir", str(data_dir)]
    command += ["--api-url", server.url, "sync"]
    return subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**child_env(), "CANVASS_TOKEN": server.token},
        cwd=REPO_DIR,
    )


def _reader(data_dir: Path) -> sqlite3.Connection:
    """The benchmark's own connection: it only reads (WAL lets it beside the writer). The
    database is encrypted: opened the app's way, with the run's key."""
    from canvass_app.storage.db import database_path, open_connection

    return open_connection(database_path(data_dir), timeout_s=10)


def _count(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...] = ()) -> int:
    return int(conn.execute(sql, params).fetchone()[0])


def _kill_mid_pass(data_dir: Path, server: ServerProcess, count: int) -> list[int]:
    """Start a sync, SIGKILL it once a quarter is sent and some are ``sending``; the ids
    of the operations it left ``sending``."""
    process = _sync(data_dir, server)
    conn = _reader(data_dir)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            sent = _count(conn, "SELECT count(*) FROM outbox WHERE state = 'sent'")
            sending = _count(conn, "SELECT count(*) FROM outbox WHERE state = 'sending'")
            if sent >= count // 4 and sending > 0:
                os.kill(process.pid, signal.SIGKILL)
                break
            time.sleep(POLL_S)
        process.wait(timeout=30)
        if process.returncode != -signal.SIGKILL:
            raise RuntimeError(f"the sync process was not killed mid-pass ({process.returncode})")
        rows = conn.execute("SELECT op_id FROM outbox WHERE state = 'sending'").fetchall()
    finally:
        conn.close()
        if process.stderr is not None:
            process.stderr.close()
    return [int(op_id) for (op_id,) in rows]


def _restart(data_dir: Path, server: ServerProcess, interrupted: list[int]) -> dict[str, Any]:
    """Start a new sync on the folder; seconds from its spawn to the first and the last
    interrupted visit settled, and to its exit (the queue drained)."""
    ids = json.dumps(interrupted)
    settled_sql = (
        "SELECT count(*) FROM outbox WHERE state = 'sent' "
        "AND op_id IN (SELECT value FROM json_each(?))"
    )
    conn = _reader(data_dir)
    start = time.perf_counter()
    process = _sync(data_dir, server)
    first = every = None
    try:
        while True:
            settled = _count(conn, settled_sql, (ids,))
            now = time.perf_counter() - start
            if settled and first is None:
                first = now
            if settled == len(interrupted) and every is None:
                every = now
            if process.poll() is not None:
                break
            if now > 300:
                raise RuntimeError("the restarted sync did not finish within 300 s")
            time.sleep(POLL_S)
        drained = time.perf_counter() - start
        _, errors = process.communicate(timeout=30)
        if process.returncode != 0:
            raise RuntimeError(f"the restarted sync ended with {process.returncode}: {errors}")
        unsent = _count(conn, "SELECT count(*) FROM outbox WHERE state != 'sent'")
        events = dict(
            conn.execute(
                "SELECT event, count(*) FROM sync_log WHERE event IN "
                "('interrupted', 'lease_expired', 'adopted', 'reconciled_absent') GROUP BY event"
            ).fetchall()
        )
    finally:
        conn.close()
    if first is None or every is None:
        raise RuntimeError("the interrupted visits were not all sent by the restarted sync")
    return {"first": first, "every": every, "drained": drained, "unsent": unsent, **events}


def _idle_sync_s(data_dir: Path, server: ServerProcess) -> float:
    """Spawn to exit of a sync with nothing to send (the baseline)."""
    start = time.perf_counter()
    process = _sync(data_dir, server)
    process.communicate(timeout=60)
    return time.perf_counter() - start


def run(quick: bool) -> Figure:
    count = 200 if quick else 1_000
    runs: list[dict[str, Any]] = []
    baselines: list[float] = []
    with temp_dir("b10") as root:
        template = root / "template"
        queue_visits(template, count, seed=310)
        for index in range(1 if quick else RUNS):
            data_dir = root / f"laptop-{index}"
            shutil.copytree(template, data_dir)
            with ServerProcess(faults=LATENCY_SPEC) as server:
                interrupted = _kill_mid_pass(data_dir, server, count)
                result = _restart(data_dir, server, interrupted)
                result["interrupted"] = len(interrupted)
                runs.append(result)
                baselines.append(_idle_sync_s(data_dir, server))
            shutil.rmtree(data_dir, ignore_errors=True)
    firsts = [r["first"] for r in runs]
    everys = [r["every"] for r in runs]
    drains = [r["drained"] for r in runs]
    baseline = median(baselines)
    waited_out = sum(int(r.get("lease_expired", 0)) for r in runs)
    notes = [
        f"{count} visits queued; the first sync killed with SIGKILL once {count // 4} were "
        f"sent; interrupted (left sending) per run: {[r['interrupted'] for r in runs]}; "
        f"adopted by the lookup: {[int(r.get('adopted', 0)) for r in runs]}; resent after "
        f"the lookup found nothing: {[int(r.get('reconciled_absent', 0)) for r in runs]}.",
        f"Server answers delayed ({LATENCY_SPEC!r}); times from the restarted process's "
        "spawn, read from the database every 5 ms.",
        f"Leases waited out: {waited_out} (0: every interrupted send resumed at the start); "
        f"unsent after the restart: {[r['unsent'] for r in runs]}.",
    ]
    return Figure(
        "B10",
        "crash to first send: kill -9 a sync pass over 1,000 visits, restart",
        [
            Part(
                "first interrupted visit settled after the restart",
                median(firsts),
                "s",
                baseline,
                f"within {TARGET_FIRST_S:g} s",
                "max",
                TARGET_FIRST_S,
                spread=range_text(firsts, "s", 2),
                samples=len(runs),
                extra={"runs": [round(v, 3) for v in firsts]},
            ),
            Part(
                "every interrupted visit settled",
                median(everys),
                "s",
                baseline,
                "recorded",
                "info",
                None,
                spread=range_text(everys, "s", 2),
                samples=len(runs),
            ),
            Part(
                "the queue drained (the restarted sync's exit)",
                median(drains),
                "s",
                baseline,
                "recorded",
                "info",
                None,
                spread=range_text(drains, "s", 2),
                samples=len(runs),
            ),
        ],
        "python benchmarks/run.py --only B10",
        notes=notes,
    )
