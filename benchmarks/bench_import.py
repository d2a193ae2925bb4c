"""B12: ``canvass-app import FILE`` of 20,000 visits, all in one transaction (issue 12).

The real command in its own process, on a fresh data dir: wall time until it exits, and
its peak resident memory (the file is read a line at a time, so memory must not grow with
the file). Then the same file again: every visit is already here and skipped. The
interpreter's own start (``python -c pass``) is measured beside it, as in B7.

Targets are a person's: a supervisor's largest file queues within a minute, in well under
the memory of the door screen (B8).
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from benchlib import PYTHON, REPO_DIR, Figure, Part, child_env, temp_dir

WHAT = "import a 20,000-visit file (canvass-app import, one transaction); re-import skips all"
REPRODUCE = "python benchmarks/run.py --only B12"


def _write_file(path: Path, count: int) -> None:
    sys.path.insert(0, str(REPO_DIR / "tests"))
    from support.page_examples import PAGE_POST_BODY

    with open(path, "w", encoding="utf-8") as handle:
        for n in range(count):
            data = copy.deepcopy(PAGE_POST_BODY)
            data["contactId"] = f"contact-{n:06d}"
            data["timestamp"] = (
                f"2026-03-01T10:{n // 6000 % 60:02d}:{n // 100 % 60:02d}.{n % 1000:03d}Z"
            )
            handle.write(json.dumps(data) + "\n")


def _timed(command: list[str]) -> tuple[float, int, str]:
    """(seconds, peak resident KB, stderr) of a child process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=REPO_DIR, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    err = process.stderr.read().decode("utf-8", "replace")
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command[-3:])} failed: {err.strip()[-300:]}")
    return seconds, int(usage.ru_maxrss), err


def run(quick: bool) -> Figure:
    count = 2_000 if quick else 20_000
    with temp_dir("b9") as root:
        visits = root / "visits.jsonl"
        _write_file(visits, count)
        command = [PYTHON, "-m", "canvass_app", "--data-dir", str(root / "data"), "import"]
        command += [str(visits), "--canvasser", "bench"]
        interpreter, _, _ = _timed([PYTHON, "-c", "pass"])
        first, peak_kb, first_err = _timed(command)
        again, _, again_err = _timed(command)
    if f"Queued {count:,} visits".replace(",", "") not in first_err.replace(",", ""):
        raise RuntimeError(f"the import did not queue {count} visits: {first_err.strip()}")
    if f"Skipped {count} visits" not in again_err:
        raise RuntimeError(f"the re-import did not skip {count} visits: {again_err.strip()}")
    size_mb = visits.stat().st_size / 1e6 if visits.exists() else 0.0
    return Figure(
        "B12",
        WHAT,
        [
            Part(
                f"import {count:,} visits",
                first,
                "s",
                interpreter,
                "within 60 s",
                "max",
                60.0,
                samples=1,
                extra={"per_visit_ms": round(first / count * 1000, 3)},
            ),
            Part(
                "peak resident memory of the import",
                peak_kb / 1024,
                "MB",
                None,
                "under 150 MB",
                "max",
                150.0,
                samples=1,
            ),
            Part(
                f"re-import, {count:,} skipped",
                again,
                "s",
                interpreter,
                "recorded",
                "info",
                None,
                samples=1,
            ),
        ],
        REPRODUCE,
        notes=[
            f"{count:,} lines of the interactions page's POST example with distinct contacts "
            f"({size_mb:.1f} MB of JSON Lines); one run each on a fresh data dir; the "
            "baseline column is the interpreter's own start (python -c pass).",
        ],
    )
