"""B11: idle cost — CPU time and wake-ups per second of processes that sit still.

Three processes are started as a person would start them and left alone; once they
settle (``SETTLE_S``: the window is up, the first sync pass and the first timers ran), each
is watched for ``--seconds`` (60 by default; ``CANVASS_IDLE_SECONDS`` for ``run.py``):

- **online**: the app's window (``canvass-app --data-dir DIR --api-url URL``, offscreen
  platform) on a 2,000-door walklist, signed in, nothing queued, with the reference server
  (``canvass-app serve``, its own process) answering;
- **offline**: the same window with 500 visits queued and the API address pointing at a
  port nobody listens on (the sync backs off);
- **server**: the reference server of the online case, the same code the demo embeds in
  its process (``server.runner``), watched over the same window of time.

CPU time is the process's user + system ticks (``/proc/PID/stat``); wake-ups are the
voluntary and involuntary context switches of all its threads (``/proc/PID/task/*/status``;
a thread that ends inside the window loses its count, so threads are listed too). Targets:
under 0.5% of one core and under 10 wake-ups a second for each. The whole ``--demo``
process (window, embedded server, the recorded walk replayed as the position) is recorded
beside them.

Run alone: ``python benchmarks/bench_idle.py --seconds 20`` prints the figure's JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import generate_walklist as walk
from benchlib import (
    PYTHON,
    REPO_DIR,
    Figure,
    Part,
    ServerProcess,
    child_env,
    queue_visits,
    set_up_laptop,
    temp_dir,
    write_walklist_in_child,
)

SETTLE_S = 20.0
DEFAULT_SECONDS = 60.0
QUICK_SECONDS = 10.0
CPU_LIMIT_PERCENT = 0.5
WAKEUP_LIMIT_PER_S = 10.0
QUEUED_OFFLINE = 500
_TICK_S = 1.0 / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Idle:
    """What one process cost over a window of time."""

    cpu_percent: float  # of one core
    wakeups_per_s: float
    seconds: float
    threads: dict[str, float]  # thread name (with its id) -> wake-ups per second

    def busiest(self, count: int = 4) -> str:
        top = sorted(self.threads.items(), key=lambda item: -item[1])[:count]
        return ", ".join(f"{name} {rate:.1f}/s" for name, rate in top if rate > 0)


def _task_counts(pid: int) -> dict[str, tuple[float, int]]:
    """Per thread ("name/tid"): (CPU seconds, context switches) from /proc."""
    counts: dict[str, tuple[float, int]] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            stat = (task / "stat").read_text()
            status = (task / "status").read_text()
        except OSError:  # the thread ended meanwhile
            continue
        name, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :]
        values = fields.split()
        cpu = (int(values[11]) + int(values[12])) * _TICK_S  # utime, stime
        switches = 0
        for line in status.splitlines():
            if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                switches += int(line.split()[1])
        counts[f"{name}/{task.name}"] = (cpu, switches)
    return counts


def _process_cpu(pid: int) -> float:
    """User + system CPU seconds of the whole process (ended threads included)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    values = stat[stat.rindex(")") + 2 :].split()
    return (int(values[11]) + int(values[12])) * _TICK_S


def watch(pids: dict[str, int], seconds: float) -> dict[str, Idle]:
    """Watch several processes over the same ``seconds``."""
    before = {label: (_process_cpu(pid), _task_counts(pid)) for label, pid in pids.items()}
    start = time.monotonic()
    time.sleep(seconds)
    elapsed = time.monotonic() - start
    result: dict[str, Idle] = {}
    for label, pid in pids.items():
        cpu_then, tasks_then = before[label]
        cpu_now, tasks_now = _process_cpu(pid), _task_counts(pid)
        threads = {
            name: (switches - tasks_then.get(name, (0.0, 0))[1]) / elapsed
            for name, (_, switches) in tasks_now.items()
        }
        result[label] = Idle(
            cpu_percent=100 * (cpu_now - cpu_then) / elapsed,
            wakeups_per_s=sum(threads.values()),
            seconds=elapsed,
            threads=threads,
        )
    return result


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _app(data_dir: Path, *args: str, token: str | None = None) -> Iterator[subprocess.Popen[str]]:
    """The real app (``canvass-app``) in its own process on the offscreen platform."""
    set_up_laptop(data_dir)
    env = child_env()
    if token is not None:
        env["CANVASS_TOKEN"] = token
    process = subprocess.Popen(
        [PYTHON, "-m", "canvass_app", "--data-dir", str(data_dir), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO_DIR,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)
        if process.stderr is not None:
            process.stderr.close()


def _settled(process: subprocess.Popen[str], label: str) -> None:
    time.sleep(SETTLE_S)
    if process.poll() is not None:
        errors = process.stderr.read() if process.stderr is not None else ""
        raise RuntimeError(f"the {label} app ended before it was watched: {errors[-2000:]}")


def measure(seconds: float) -> dict[str, Idle]:
    """Every case of the figure, each watched for ``seconds``."""
    results: dict[str, Idle] = {}
    with temp_dir("b11") as root:
        online_dir, offline_dir, demo_dir = root / "online", root / "offline", root / "demo"
        for folder in (online_dir, offline_dir):
            write_walklist_in_child(folder, walk.DRAFT_HOUSEHOLDS)
        queue_visits(offline_dir, QUEUED_OFFLINE, seed=411)
        window = ["--list", walk.LIST_ID]
        with ServerProcess() as server:
            server_pid = server.pid
            with _app(online_dir, "--api-url", server.url, *window, token=server.token) as app:
                _settled(app, "online")
                watched = watch({"online": app.pid, "server": server_pid}, seconds)
        results.update(watched)
        nobody = f"http://127.0.0.1:{_free_port()}"
        with _app(offline_dir, "--api-url", nobody, *window, token="idle-offline-token") as app:
            _settled(app, "offline")
            results.update(watch({"offline": app.pid}, seconds))
        with _app(demo_dir, "--demo") as app:
            _settled(app, "demo")
            results.update(watch({"demo": app.pid}, seconds))
    return results


def _seconds(quick: bool) -> float:
    configured = os.environ.get("CANVASS_IDLE_SECONDS")
    if configured:
        return float(configured)
    return QUICK_SECONDS if quick else DEFAULT_SECONDS


def _parts(results: dict[str, Idle]) -> list[Part]:
    words = {
        "online": "the app, window open, online, nothing queued",
        "offline": f"the app, window open, offline, {QUEUED_OFFLINE} queued",
        "server": "the reference server (the demo's), idle beside the online app",
    }
    parts: list[Part] = []
    for label, what in words.items():
        idle = results[label]
        parts.append(
            Part(
                f"{what}: CPU",
                idle.cpu_percent,
                "% of a core",
                None,
                f"under {CPU_LIMIT_PERCENT:g}% of a core",
                "max",
                CPU_LIMIT_PERCENT,
                samples=1,
            )
        )
        parts.append(
            Part(
                f"{what}: wake-ups",
                idle.wakeups_per_s,
                "/s",
                None,
                f"under {WAKEUP_LIMIT_PER_S:g} a second",
                "max",
                WAKEUP_LIMIT_PER_S,
                spread=idle.busiest(),
                samples=1,
            )
        )
    demo = results["demo"]
    parts.append(
        Part(
            "the whole --demo process (window, embedded server, replayed walk): CPU",
            demo.cpu_percent,
            "% of a core",
            None,
            "recorded",
            "info",
            None,
            samples=1,
        )
    )
    parts.append(
        Part(
            "the whole --demo process: wake-ups",
            demo.wakeups_per_s,
            "/s",
            None,
            "recorded",
            "info",
            None,
            spread=demo.busiest(),
            samples=1,
        )
    )
    return parts


def run(quick: bool) -> Figure:
    seconds = _seconds(quick)
    results = measure(seconds)
    notes = [
        f"Each process watched for {seconds:g} s after {SETTLE_S:g} s to settle; CPU from "
        "/proc/PID/stat, wake-ups = context switches summed over /proc/PID/task/*.",
        "Busiest threads (wake-ups a second) in the spread column; Python threads are all "
        "named after the interpreter, Qt's threads by their object names.",
    ]
    return Figure(
        "B11",
        "idle cost: CPU and wake-ups of the app and the server",
        _parts(results),
        "python benchmarks/run.py --only B11",
        notes=notes,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=DEFAULT_SECONDS)
    args = parser.parse_args()
    os.environ["CANVASS_IDLE_SECONDS"] = str(args.seconds)
    print(json.dumps(run(False).to_json(), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
