"""B9: the fleet drain — a simulation to internet scale, checked against real processes.

1. The model (``fleet_sim.py``, the app's own pacing and backoff code on a virtual clock):
   N = 100, 1,000 and 10,000 laptops, each with a day's queue (30–60 operations), an API
   whose capacity is one request a second per ten laptops (so each laptop's fair share is
   the same at every N, and the ideal drain is ~7.5 min), a 10-minute outage from t = 0,
   then everyone online at once. Judged: drain time ≤ 1.25× ideal (median over seeds),
   < 0.2 wasted requests (429s and failed tries) per useful one, no wave above 2×
   capacity. A wave is counted over 1 s, or over the window that holds 100 requests at
   capacity where a second holds fewer (N = 100: 10 s; at 10 requests a second, chance
   alone puts 20 into some second of a perfectly paced drain); the 1-s wave is recorded.
2. Reality at small scale: ``LAPTOPS`` real ``canvass-app sync`` processes, each on its own
   data dir with its own queue, all started at once against one ``canvass-app serve
   --faults "*: rate=C/s"``; a process that exits with visits still waiting (exit 3) is
   started again at once, as a script would. The drain time (start until the last process
   exits 0) and the server's count of 429s are compared with the model of the same setup
   (``mode="cli"``: a fresh pacer per process, no outage); they must agree within 25%.
"""

from __future__ import annotations

import json
import re
import statistics
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
    queue_visits,
    temp_dir,
)
from fleet_sim import FleetSetup, simulate

WHAT = "fleet drain: N laptops after a 10-min outage into a rate-limited API (model + reality)"
REPRODUCE = "python benchmarks/run.py --only B9"

FLEETS = ((100, (1, 2, 3, 4, 5)), (1_000, (1, 2, 3)), (10_000, (1,)))
LAPTOPS_PER_REQUEST_S = 10  # the API's capacity: N / 10 requests a second
# The real check: 20 processes, 30 visits each, into 5 requests a second (ideal 2 min).
LAPTOPS, VISITS, RATE = 20, 30, 5.0
STARTUP_S = 1.5  # a sync process's start until its first request, 20 at once on 2 cores
LOOPBACK_LATENCY_S = (0.005, 0.03)
AGREEMENT = 0.25


def _model(laptops: int, seeds: tuple[int, ...]) -> list[dict[str, Any]]:
    return [
        simulate(
            FleetSetup(laptops=laptops, capacity_per_s=laptops / LAPTOPS_PER_REQUEST_S, seed=seed)
        ).summary()
        for seed in seeds
    ]


def _real_check(quick: bool) -> dict[str, Any]:
    laptops, visits = (5, 10) if quick else (LAPTOPS, VISITS)
    with temp_dir("b9") as root, ServerProcess(faults=f"*: rate={RATE:g}/s") as server:
        dirs = []
        for n in range(laptops):
            data_dir = root / f"laptop-{n:02d}"
            queue_visits(data_dir, visits, seed=100 + n)
            dirs.append(data_dir)
        env = {**child_env(), "CANVASS_TOKEN": server.token}

        def start(data_dir: Path) -> subprocess.Popen[bytes]:
            command = [PYTHON, "-m", "canvass_app", "--data-dir", str(data_dir)]
            command += ["--api-url", server.url, "sync", "--json"]
            return subprocess.Popen(
                command, cwd=REPO_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
            )

        started = time.perf_counter()
        running = {n: start(d) for n, d in enumerate(dirs)}
        runs, finish = laptops, {}
        while running:
            time.sleep(0.05)
            for n, process in list(running.items()):
                code = process.poll()
                if code is None:
                    continue
                out = process.stdout.read() if process.stdout else b""
                if code == 0:
                    finish[n] = time.perf_counter() - started
                    del running[n]
                elif code == 3:  # visits wait for a retry: start it again, as a script would
                    running[n] = start(dirs[n])
                    runs += 1
                else:
                    raise RuntimeError(f"sync exited {code}: {out.decode()[-300:]}")
        drain = max(finish.values())
        server.stop()
        found = re.search(r"429×(\d+)", server.tail)
        rejected = int(found.group(1)) if found else 0
    modelled = [
        simulate(
            FleetSetup(
                laptops=laptops,
                capacity_per_s=RATE,
                ops_min=visits,
                ops_max=visits,
                outage_s=0.0,
                latency_s=LOOPBACK_LATENCY_S,
                start_offsets_s=STARTUP_S,
                mode="cli",
                seed=seed,
            )
        ).summary()
        for seed in range(1, 6)
    ]
    return {
        "laptops": laptops,
        "visits_each": visits,
        "rate_per_s": RATE,
        "measured_drain_s": round(drain, 1),
        "measured_429": rejected,
        "processes_started": runs,
        "model_drain_s": statistics.median(m["drain_s"] for m in modelled),
        "model_429": statistics.median(m["rejected_429"] for m in modelled),
        "ideal_s": round(laptops * visits / RATE, 1),
    }


def run(quick: bool) -> Figure:
    fleets = ((100, (1,)), (1_000, (1,))) if quick else FLEETS
    parts: list[Part] = []
    notes: list[str] = []
    for laptops, seeds in fleets:
        runs = _model(laptops, seeds)
        wasted = statistics.median(r["wasted_per_useful"] for r in runs)
        wave = max(r["wave_vs_capacity"] for r in runs)
        window = runs[0]["wave_window_s"]
        one_second = max(r["largest_1s_wave_vs_capacity"] for r in runs)
        ideal = statistics.median(r["ideal_s"] for r in runs)
        seeds_text = f"{len(runs)} seed(s)"
        spread = (
            f"min–max {min(r['drain_vs_ideal'] for r in runs):.2f}–"
            f"{max(r['drain_vs_ideal'] for r in runs):.2f}× over {seeds_text}"
        )
        name = f"N={laptops:,}"
        parts += [
            Part(
                f"{name}: drain time vs ideal (all operations ÷ capacity)",
                statistics.median(r["drain_s"] for r in runs),
                "s",
                ideal,
                "≤ 1.25× ideal",
                "ratio_max",
                1.25,
                spread=spread,
                samples=len(runs),
            ),
            Part(
                f"{name}: wasted requests per useful one (429s + failed tries)",
                wasted,
                "",
                None,
                "< 0.2",
                "max",
                0.2,
                spread=f"max {max(r['wasted_per_useful'] for r in runs):.3f}",
                samples=len(runs),
            ),
            Part(
                f"{name}: largest wave vs capacity ({window:g}-s window)",
                wave,
                "×",
                None,
                "≤ 2× capacity",
                "max",
                2.0,
                spread=(
                    f"capacity {laptops / LAPTOPS_PER_REQUEST_S:g} req/s; "
                    f"largest 1-s wave {one_second:g}×"
                ),
                samples=len(runs),
            ),
            Part(
                f"{name}: laptop finish time p50 / p99",
                statistics.median(r["p50_finish_s"] for r in runs),
                "s",
                None,
                "recorded",
                "info",
                None,
                spread=f"p99 {statistics.median(r['p99_finish_s'] for r in runs):.0f} s",
                samples=len(runs),
            ),
        ]
        notes.append(f"N={laptops}: " + json.dumps(runs[0], ensure_ascii=False))
    real = _real_check(quick)
    for what, measured, modelled, unit in (
        ("drain time", real["measured_drain_s"], real["model_drain_s"], "s"),
        ("429 answers", real["measured_429"], real["model_429"], ""),
    ):
        parts.append(
            Part(
                f"real check ({real['laptops']} sync processes, rate={RATE:g}/s): {what}, "
                "measured vs model",
                float(measured),
                unit,
                float(modelled),
                "within 25% of the model",
                "band",
                AGREEMENT,
                spread=f"model {modelled:g}",
                samples=1,
            )
        )
    notes.append("real check: " + json.dumps(real, ensure_ascii=False))
    return Figure("B9", WHAT, parts, REPRODUCE, notes=notes)
