"""B7: cold start until the window is shown, and ``canvass-app status --json``.

Both are whole new processes, timed from spawn: the window until the door screen's first
paint (``startup_probe.py`` runs the real CLI with the event loop cut short), and
``status --json`` until it exits. The baseline, interleaved run by run, is
``python -c pass`` (the interpreter's own start). Targets: the window within 1.5 s and
``status`` within 0.3 s of time beyond the interpreter's start; ``status`` must not import
Qt (checked with ``-X importtime``).

"Cold" here means a new process with the operating system's file cache warm (the first
run of each kind is a warm-up and is not counted), as when a canvasser reopens the app.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import generate_walklist as walk
from benchlib import (
    BENCH_DIR,
    PYTHON,
    REPO_DIR,
    Figure,
    Part,
    child_env,
    median,
    queue_visits,
    range_text,
    set_up_laptop,
    temp_dir,
)


def _spawn_until(command: list[str], marker: str | None) -> float:
    """Seconds from spawning ``command`` until it prints ``marker`` (or exits if None)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=child_env(),
        cwd=REPO_DIR,
    )
    assert process.stdout is not None
    try:
        if marker is None:
            process.stdout.read()
            process.wait(timeout=120)
            elapsed = time.perf_counter() - start
            if process.returncode != 0:
                raise RuntimeError(f"{command[1:4]} exited with status {process.returncode}")
            return elapsed
        for line in process.stdout:
            if line.strip() == marker:
                elapsed = time.perf_counter() - start
                break
            if line.strip() in ("NO-WINDOW", "NO-PAINT"):
                raise RuntimeError(f"the start-up probe said {line.strip()}")
        else:
            raise RuntimeError(f"the start-up probe ended without printing {marker}")
        process.stdout.read()
        process.wait(timeout=120)
        return elapsed
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()


def _status_imports_qt(data_dir: Path) -> tuple[bool, dict[str, object]]:
    finished = subprocess.run(
        [
            PYTHON,
            "-X",
            "importtime",
            "-m",
            "canvass_app",
            "--data-dir",
            str(data_dir),
            "status",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=REPO_DIR,
        timeout=120,
        check=True,
    )
    qt = any("PySide6" in line or "shiboken" in line for line in finished.stderr.splitlines())
    return qt, json.loads(finished.stdout)


def run(quick: bool) -> Figure:
    runs = 2 if quick else 6
    with temp_dir("b7") as root:
        data_dir = root / "laptop"
        walk.write_walklist(data_dir, households=walk.DRAFT_HOUSEHOLDS)
        queue_visits(data_dir, 200 if quick else 1_000, seed=707)
        set_up_laptop(data_dir)
        window_cmd = [PYTHON, str(BENCH_DIR / "startup_probe.py"), str(data_dir)]
        status_cmd = [PYTHON, "-m", "canvass_app", "--data-dir", str(data_dir), "status", "--json"]
        pass_cmd = [PYTHON, "-c", "pass"]
        # warm-up: the file cache, .pyc files, the settings and log files
        _spawn_until(window_cmd, "SHOWN")
        _spawn_until(status_cmd, None)
        _spawn_until(pass_cmd, None)
        window_s: list[float] = []
        status_s: list[float] = []
        pass_s: list[float] = []
        for _ in range(runs):
            pass_s.append(_spawn_until(pass_cmd, None))
            window_s.append(_spawn_until(window_cmd, "SHOWN"))
            pass_s.append(_spawn_until(pass_cmd, None))
            status_s.append(_spawn_until(status_cmd, None))
        imports_qt, status = _status_imports_qt(data_dir)
    base = median(pass_s) * 1000
    window_ms = [s * 1000 for s in window_s]
    status_ms = [s * 1000 for s in status_s]
    return Figure(
        "B7",
        "cold start until the window is shown; canvass-app status --json",
        [
            Part(
                "window shown (process start → first paint)",
                median(window_ms),
                "ms",
                base,
                "window within 1.5 s (beyond python -c pass)",
                "excess_max",
                1500.0,
                spread=range_text(window_ms, "ms", 0),
                samples=len(window_ms),
            ),
            Part(
                "status --json (process start → exit)",
                median(status_ms),
                "ms",
                base,
                "status within 0.3 s (beyond python -c pass)",
                "excess_max",
                300.0,
                spread=range_text(status_ms, "ms", 0),
                samples=len(status_ms),
            ),
            Part(
                "status --json imports Qt (1 = yes)",
                1.0 if imports_qt else 0.0,
                "",
                None,
                "status must not import Qt",
                "max",
                0.0,
                samples=1,
            ),
        ],
        "QT_QPA_PLATFORM=offscreen python benchmarks/run.py --only B7",
        notes=[
            f"python -c pass: median {base:.0f} ms ({range_text([s * 1000 for s in pass_s], 'ms', 0)}); "
            f"{runs} runs of each after one warm-up; data dir with a "
            f"{walk.DRAFT_HOUSEHOLDS}-household walklist and {status.get('queued', '?')} queued visits.",
        ],
    )
