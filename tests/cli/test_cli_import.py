"""`canvass-app import FILE` as a real process: killed mid-file, re-run, bad bytes."""

from __future__ import annotations

import copy
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from support.page_examples import PAGE_POST_BODY

from canvass_app.storage.db import open_connection

VISITS = 20_000
# The import's page cache (2 MB by default) spills into the -wal long before a file this
# size is committed: a -wal this big means the process is inside the transaction.
WAL_MID_TRANSACTION = 3 * 1024 * 1024


def _write_visits(path: Path, count: int) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for n in range(count):
            data = copy.deepcopy(PAGE_POST_BODY)
            data["contactId"] = f"contact-{n:06d}"
            data["timestamp"] = (
                f"2026-03-01T10:{n // 6000 % 60:02d}:{n // 100 % 60:02d}.{n % 1000:03d}Z"
            )
            handle.write(json.dumps(data) + "\n")
    return path


def _start_import(data_dir: Path, visits: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "canvass_app", "--data-dir", str(data_dir), "import", str(visits)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "USER": "jo"},
    )


def _counts(data_dir: Path) -> tuple[int, int, int]:
    """(visits, distinct natural keys, create operations) as a fresh reader sees them."""
    conn = open_connection(data_dir / "canvass.sqlite3")
    try:
        visits, keys = conn.execute(
            "SELECT count(*), count(DISTINCT contact_id || knock_time || campaign_id) FROM visits"
        ).fetchone()
        (creates,) = conn.execute("SELECT count(*) FROM outbox WHERE kind = 'create'").fetchone()
    finally:
        conn.close()
    return int(visits), int(keys), int(creates)


def _kill_mid_transaction(data_dir: Path, visits: Path) -> None:
    process = _start_import(data_dir, visits)
    wal = data_dir / "canvass.sqlite3-wal"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > WAL_MID_TRANSACTION:
            break
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the import ended before it could be killed"


def test_kill_9_mid_file_then_a_rerun_queues_every_visit_once(
    data_dir: Path, tmp_path: Path, run_cli: Any
) -> None:
    visits = _write_visits(tmp_path / "visits.jsonl", VISITS)

    _kill_mid_transaction(data_dir, visits)
    assert _counts(data_dir) == (0, 0, 0)  # nothing half-queued

    # More kills at random moments (the last may land after the commit: then all are in).
    rng = random.Random(12)
    for _ in range(3):
        process = _start_import(data_dir, visits)
        time.sleep(rng.uniform(0.2, 3.0))
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
        assert _counts(data_dir) in ((0, 0, 0), (VISITS, VISITS, VISITS))

    rerun = run_cli("import", str(visits), data_dir=data_dir, env={"USER": "jo"})
    assert rerun.returncode == 0, rerun.stderr
    assert _counts(data_dir) == (VISITS, VISITS, VISITS)  # nothing lost, nothing doubled
    queued_now = rerun.stdout.split()
    assert len(queued_now) in (0, VISITS)

    again = run_cli("import", str(visits), data_dir=data_dir)
    assert again.returncode == 0 and again.stdout == ""
    assert f"Skipped {VISITS} visits already on this laptop" in again.stderr
    assert _counts(data_dir) == (VISITS, VISITS, VISITS)


def test_bad_bytes_and_deep_nesting_are_told_by_line_without_a_traceback(
    data_dir: Path, tmp_path: Path, run_cli: Any
) -> None:
    bad = tmp_path / "bad.jsonl"
    good = json.dumps(PAGE_POST_BODY).encode()
    bad.write_bytes(good + b"\n" + good.replace(b"Come Back", b"Come B\xe1ck") + b"\n")
    result = run_cli("import", str(bad), data_dir=data_dir)
    assert result.returncode == 1
    assert "line 2: not UTF-8 text (byte 0xE1" in result.stderr
    assert "1 problem; nothing was queued." in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""

    deep = tmp_path / "deep.jsonl"
    deep.write_bytes(b"[" * 100_000 + b"]" * 100_000 + b"\n")
    result = run_cli("import", str(deep), data_dir=data_dir)
    assert result.returncode == 1
    assert "line 1: nested more than 32 levels deep" in result.stderr
    assert "Traceback" not in result.stderr

    missing = run_cli("import", str(tmp_path / "nowhere.jsonl"), data_dir=data_dir)
    assert missing.returncode == 2
    assert "Could not read" in missing.stderr and "Traceback" not in missing.stderr
    assert _counts(data_dir) == (0, 0, 0)


def test_the_same_file_twice_prints_new_ids_then_what_was_skipped(
    data_dir: Path, tmp_path: Path, run_cli: Any
) -> None:
    visits = tmp_path / "visits.jsonl"
    wrapped = {"data": dict(PAGE_POST_BODY, contactId="someone-else")}
    visits.write_text(json.dumps(PAGE_POST_BODY) + "\n" + json.dumps(wrapped) + "\n")
    first = run_cli("import", str(visits), data_dir=data_dir)
    assert first.returncode == 0, first.stderr
    assert len(first.stdout.split()) == 2 and "Queued 2 visits." in first.stderr
    second = run_cli("import", str(visits), data_dir=data_dir)
    assert second.returncode == 0 and second.stdout == ""
    assert "Queued 0 visits. Skipped 2 visits already on this laptop" in second.stderr
