"""B9's model: a discrete-event simulation of a fleet of laptops draining into one API.

Pure Python, one ``heapq`` event queue, a virtual clock: 10,000 laptops take about a minute.
Every decision about *waiting* is the app's own code, imported, not copied:

- ``canvass_app.sync.pacing.Pacer``: each laptop's shared pause and pace after a 429, the
  spread and slow restart of a drain after a minute or more offline, the held resends;
- ``canvass_app.sync.backoff.retry_delay``: an operation's own retry time (Retry-After as
  a floor with jitter, or full-jitter exponential backoff);
- ``canvass_app.server.faults.RateLimiter`` and the middleware's rounding: the API's
  token bucket and the Retry-After it answers (``ceil`` of the wait).

What is modelled rather than run is the engine's structure (``sync/engine.py``): a pass
probes the API (one request through the pacer), then ``concurrency`` workers each take the
oldest due operation, wait for their turn, send, and on a 429 with a short Retry-After keep
the operation and send it again (``HELD_RESENDS``), else record it for its retry time; an
operation is tried at most ``max_attempts_per_pass`` times a pass; a pass ends when nothing
is in flight and nothing is due. Between passes the GUI's timer (every 60 s, at its own
phase on each laptop) starts the next one; ``mode="cli"`` instead starts a new process (a
fresh pacer, backoff reset as ``canvass-app sync`` does) right after the last one exits.
Group commits, lease renewals and the database are not modelled: they cost the laptop
milliseconds, not the server requests.

The scenario (``FleetSetup``): every laptop holds its day's queue (``ops_min``..``ops_max``
operations). With ``outage_s`` > 0 the API is unreachable from t = 0: each laptop's pass
fails its probe (a failed try) and the laptop waits offline; at ``outage_s`` the network
returns for everyone at the same instant and every laptop starts a pass (the OS's
"network is back" signal). Times are measured from that instant (from 0 without an outage).
"""

from __future__ import annotations

import heapq
import math
import random
from dataclasses import dataclass, field
from typing import Any

from canvass_app.server.faults import RateLimiter
from canvass_app.sync.backoff import retry_delay
from canvass_app.sync.pacing import HELD_RESENDS, LONGEST_HELD_WAIT_S, START_SPREAD_S, Pacer

GUI_TIMER_S = 60.0  # SyncController's fallback timer (qt/sync_worker.py)
MAX_ATTEMPTS_PER_PASS = 3  # SyncSettings.max_attempts_per_pass
CONCURRENCY = 8  # core.outbox.DEFAULT_SYNC_CONCURRENCY
# A wave is counted over a window holding at least this many requests at capacity.
WAVE_SAMPLE = 100


@dataclass(frozen=True)
class FleetSetup:
    laptops: int
    capacity_per_s: float
    ops_min: int = 30
    ops_max: int = 60
    outage_s: float = 600.0
    latency_s: tuple[float, float] = (0.05, 0.15)  # one request's round trip
    concurrency: int = CONCURRENCY
    start_spread_s: float = START_SPREAD_S
    start_offsets_s: float = 0.0  # laptops (processes) start within this window
    mode: str = "gui"  # "gui": timer passes, one pacer; "cli": a new process per pass
    cli_restart_s: float = 0.5  # a new `canvass-app sync` process until its first request
    seed: int = 9


@dataclass
class FleetResult:
    setup: FleetSetup
    useful: int = 0
    rejected_429: int = 0
    failed: int = 0
    probes: int = 0
    arrivals: list[float] = field(default_factory=list)
    finish: list[float] = field(default_factory=list)
    events: int = 0

    @property
    def ideal_s(self) -> float:
        return self.useful / self.setup.capacity_per_s

    @property
    def drain_s(self) -> float:
        return max(self.finish) if self.finish else 0.0

    @property
    def wasted_per_useful(self) -> float:
        return (self.rejected_429 + self.failed) / max(1, self.useful)

    @property
    def wave_window_s(self) -> float:
        """The window a wave is counted in: 1 s, or longer where a second at capacity holds
        fewer than 100 requests. At 10 requests a second, chance alone puts 20 in some
        second of a perfectly paced drain (a Poisson count's tail); over 100 expected it
        cannot reach twice the capacity."""
        return max(1.0, WAVE_SAMPLE / self.setup.capacity_per_s)

    def largest_wave(self, window_s: float = 1.0) -> int:
        """The most requests arriving at the API in any ``window_s`` window (sliding)."""
        times, best, low = self.arrivals, 0, 0
        for high, t in enumerate(times):
            while times[low] <= t - window_s:
                low += 1
            best = max(best, high - low + 1)
        return best

    def finish_percentile(self, q: float) -> float:
        ordered = sorted(self.finish)
        return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]

    def summary(self) -> dict[str, Any]:
        window = self.wave_window_s
        wave = self.largest_wave(window)
        one_second = self.largest_wave()
        return {
            "laptops": self.setup.laptops,
            "capacity_per_s": self.setup.capacity_per_s,
            "operations": self.useful,
            "ideal_s": round(self.ideal_s, 1),
            "drain_s": round(self.drain_s, 1),
            "drain_vs_ideal": round(self.drain_s / self.ideal_s, 3),
            "rejected_429": self.rejected_429,
            "failed_tries": self.failed,
            "probes": self.probes,
            "wasted_per_useful": round(self.wasted_per_useful, 4),
            "p50_finish_s": round(self.finish_percentile(0.5), 1),
            "p99_finish_s": round(self.finish_percentile(0.99), 1),
            "wave_window_s": window,
            "largest_wave": wave,
            "wave_vs_capacity": round(wave / (self.setup.capacity_per_s * window), 2),
            "largest_1s_wave_vs_capacity": round(one_second / self.setup.capacity_per_s, 2),
            "events": self.events,
        }


# Event kinds
_PASS, _PROBE, _PROBE_ANSWER, _TRY, _ANSWER = range(5)
OK, UNREACHABLE = 0, -1


class _Laptop:
    __slots__ = (
        "due",
        "attempts",
        "tries",
        "left",
        "pacer",
        "rng",
        "phase",
        "passing",
        "busy",
    )

    def __init__(self, index: int, ops: int, seed: int, phase: float) -> None:
        self.due: list[tuple[float, int]] = [(0.0, n) for n in range(ops)]  # (due, op) heap
        self.attempts = [0] * ops
        self.tries: dict[int, int] = {}  # this pass's tries per op
        self.left = ops
        self.rng = random.Random(seed * 1_000_003 + index)
        self.pacer = Pacer(random.Random(self.rng.random()))
        self.phase = phase
        self.passing = False
        self.busy = 0  # workers holding an operation


def simulate(setup: FleetSetup) -> FleetResult:
    """Run the fleet until every operation is sent; return the tallies."""
    result = FleetResult(setup)
    rng = random.Random(setup.seed)
    limiter = RateLimiter(setup.capacity_per_s, 0.0)
    online_at = setup.outage_s
    lat_low, lat_high = setup.latency_s
    laptops = [
        _Laptop(i, rng.randint(setup.ops_min, setup.ops_max), setup.seed, rng.uniform(0, 60))
        for i in range(setup.laptops)
    ]
    # time, seq, kind, laptop, op, held resends, answer
    queue: list[tuple[float, int, int, int, int, int, int]] = []
    seq = 0

    def push(
        when: float, kind: int, index: int, op: int = -1, held: int = 0, code: int = 0
    ) -> None:
        nonlocal seq
        seq += 1
        heapq.heappush(queue, (when, seq, kind, index, op, held, code))

    def arrive(now: float) -> int:
        """The API's answer to a request arriving now: OK (0), UNREACHABLE (-1), or a 429's
        Retry-After in whole seconds as the middleware rounds it (1 or more)."""
        if now < online_at:
            result.failed += 1
            return UNREACHABLE
        result.arrivals.append(now)
        wait = limiter.wait_s(now)
        if wait > 0:
            result.rejected_429 += 1
            return max(1, math.ceil(wait))
        return OK

    def latency(laptop: _Laptop) -> float:
        return laptop.rng.uniform(lat_low, lat_high)

    def next_op(laptop: _Laptop, now: float) -> int:
        """The oldest due operation not tried out this pass, or -1."""
        due = laptop.due
        skipped = []
        found = -1
        while due and due[0][0] <= now:
            when, op = heapq.heappop(due)
            if laptop.tries.get(op, 0) >= MAX_ATTEMPTS_PER_PASS:
                skipped.append((when, op))
                continue
            found = op
            break
        for item in skipped:
            heapq.heappush(due, item)
        return found

    def end_pass(laptop: _Laptop, index: int, now: float) -> None:
        laptop.passing = False
        laptop.tries.clear()
        if laptop.left == 0:
            return
        if setup.mode == "cli":
            # A new process: a fresh pacer, everything due again (sync resets backoff).
            laptop.pacer = Pacer(random.Random(laptop.rng.random()))
            laptop.due = [(0.0, op) for _, op in laptop.due]
            heapq.heapify(laptop.due)
            push(now + setup.cli_restart_s, _PASS, index)
        else:
            ticks = math.floor((now - laptop.phase) / GUI_TIMER_S) + 1
            push(laptop.phase + ticks * GUI_TIMER_S, _PASS, index)

    def worker_next(laptop: _Laptop, index: int, now: float) -> None:
        op = next_op(laptop, now)
        if op < 0:
            if laptop.busy == 0:
                end_pass(laptop, index, now)
            return
        laptop.busy += 1
        laptop.tries[op] = laptop.tries.get(op, 0) + 1
        push(now, _TRY, index, op, 0)

    # Everyone's first pass: at 0 (into the outage), or at their process's start.
    for index in range(len(laptops)):
        start = rng.uniform(0, setup.start_offsets_s) if setup.start_offsets_s else 0.0
        push(start, _PASS, index)
    if setup.outage_s > 0:
        for index in range(len(laptops)):
            push(online_at, _PASS, index)  # the network is back: everyone at once

    while queue:
        now, _seq, kind, index, op, held, code = heapq.heappop(queue)
        result.events += 1
        laptop = laptops[index]
        pacer = laptop.pacer
        if kind == _PASS:
            if laptop.passing or laptop.left == 0:
                continue
            laptop.passing = True
            pacer.back_online(now, setup.start_spread_s)
            push(now, _PROBE, index)
        elif kind == _PROBE:
            wait = pacer.acquire(now)
            if wait > LONGEST_HELD_WAIT_S:
                end_pass(laptop, index, now)
            elif wait > 0:
                push(now + wait, _PROBE, index)
            else:
                result.probes += 1
                push(now + latency(laptop), _PROBE_ANSWER, index, code=arrive(now))
        elif kind == _PROBE_ANSWER:
            if code == UNREACHABLE:  # offline until the network comes back
                pacer.went_offline(now)
                laptop.passing = False
                continue
            if code != OK:
                pacer.slow_down(now, code)
            for _ in range(setup.concurrency):
                worker_next(laptop, index, now)
        elif kind == _TRY:
            wait = pacer.acquire(now)
            if wait > LONGEST_HELD_WAIT_S:
                laptop.busy -= 1
                laptop.tries[op] -= 1  # told to wait: not sent, due when the pause ends
                heapq.heappush(laptop.due, (now + wait, op))
                if laptop.busy == 0:
                    end_pass(laptop, index, now)
            elif wait > 0:
                push(now + wait, _TRY, index, op, held)
            else:
                push(now + latency(laptop), _ANSWER, index, op, held, arrive(now))
        elif kind == _ANSWER:
            if code == OK:
                pacer.succeeded(now)
                laptop.left -= 1
                result.useful += 1
                if laptop.left == 0:
                    result.finish.append(now - online_at)
            else:
                wait_s = float(code)
                pacer.slow_down(now, wait_s)
                if held < HELD_RESENDS and wait_s <= LONGEST_HELD_WAIT_S:
                    push(now, _TRY, index, op, held + 1)
                    continue
                laptop.attempts[op] += 1
                delay = retry_delay(laptop.attempts[op], laptop.rng, retry_after_s=wait_s)
                heapq.heappush(laptop.due, (now + delay, op))
            laptop.busy -= 1
            worker_next(laptop, index, now)
    return result
