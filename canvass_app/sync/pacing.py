"""One pace for all of a client's requests, learnt from the server's "slow down".

A 429 (or a 503 with Retry-After) is the server speaking to the whole client, not to the
one request that got it: every worker of the engine pauses, and the client then sends at
a pace it halves on each "slow down" and raises with the time gone by without one
(multiplicative both ways, so the same rule works whether the server's share for this
laptop is 50 requests a second or one a minute; growing with time, not with answers, so
laptops paced differently converge on the same share). The pace is a function of the
time: a request waiting for its slot leaves when one interval of the pace *at that moment*
has passed since the last one, so a laptop cut to a slow pace is not held to it once the
calm has let the pace grow (the tail of a fleet's drain: the last laptops left were the
unlucky ones, cut to a request every 30–60 s). A laptop that was never told to slow down
is not paced at all.

When a laptop comes back online after a minute or more offline, it starts its drain at a
random moment within ``start_spread_s`` and at a low pace (``RESTART_PER_S``) that then
grows as above: a whole fleet whose network returned at the same instant does not arrive
at once.

``Pacer`` is pure: it is given the time (seconds on any monotonic clock) and a seeded
``random.Random``, and only says how long to wait. The sync engine calls it with
``time.monotonic()``; the fleet simulation (``benchmarks/fleet_sim.py``) calls the same
object with its virtual clock.
"""

from __future__ import annotations

import math
import random
import threading

from canvass_app.sync.backoff import after_retry_after

START_SPREAD_S = 30.0  # a drain after coming back online starts within this window
# ... after being offline this long. A shorter blip needs no spread: the pass that met it
# ended, and the GUI's timer (60 s, at its own phase on each laptop) spreads the next one.
LONG_OFFLINE_S = 60.0
RESTART_PER_S = 0.1  # the first pace after coming back online (one request per 10 s)
# Once paced, the pace grows as 2 ** ((calm / DOUBLING_S) ** 3), calm being the time since
# the last "slow down": x2 after DOUBLING_S, very slowly before (x1.09 at half of it: near
# the pace that was too fast, few 429s), then quickly (x10 after 1.5 times as long) once
# the laptops around have finished and left room (benchmark B9, docs/BENCHMARKS.md).
DOUBLING_S = 60.0
MIN_PER_S = 1 / 60  # never slower than a request a minute
UNPACED_ABOVE_PER_S = 100.0  # a pace this fast is no pace: stop pacing
DEFAULT_RETRY_AFTER_S = 1.0  # a 429 without Retry-After
# A pass waits for its turn up to this long; after a longer pause (a Retry-After of
# minutes) each operation not yet sent is due when the pause ends, and the pass ends.
LONGEST_HELD_WAIT_S = 60.0
# A request answered 429 was not processed: its worker keeps it and sends it again when
# the pacer allows, up to this many times, before it goes back to wait in the outbox.
HELD_RESENDS = 3


class Pacer:
    """When may the next request leave? Shared by every worker of one client (thread-safe)."""

    def __init__(self, rng: random.Random | None = None) -> None:
        self._rng = rng or random.Random()
        self._lock = threading.Lock()
        self.rate: float | None = None  # requests a second; None: not paced
        self.paused_until = 0.0
        self._last_slot = -math.inf  # when the last request left (its slot)
        # Several answers of one burst say "slow down" together: the pace is cut once per
        # pause, not once per answer.
        self._cut_until = 0.0
        self._offline_since: float | None = None
        self._base_rate = 0.0  # the pace just after the last cut, and when that was
        self._base_at = 0.0

    def acquire(self, now: float) -> float:
        """0 when a request may leave now (its slot is taken); else seconds to wait first."""
        with self._lock:
            ready = self.paused_until
            if self.rate is not None:
                ready = max(ready, self._slot_opens(now))
            if ready > now:
                return ready - now
            if self.rate is not None:
                self._last_slot = now
            return 0.0

    def _slot_opens(self, now: float) -> float:
        """The first moment t >= now one interval of the pace at t after the last slot. The
        pace only grows until the next cut, so the moment is found by halving the span
        between now and one interval of today's pace (12 halvings: well under a second)."""
        latest = self._last_slot + 1.0 / self._pace_at(now)
        if latest <= now:
            return latest
        low, high = now, latest
        for _ in range(12):
            mid = (low + high) / 2
            if self._last_slot + 1.0 / self._pace_at(mid) <= mid:
                high = mid
            else:
                low = mid
        return high

    def _pace_at(self, t: float) -> float:
        """The pace at ``t``, grown with the calm since the last cut (paced only)."""
        assert self.rate is not None
        calm = (t - self._base_at) / DOUBLING_S
        if calm <= 0:
            return self.rate
        return max(self.rate, self._base_rate * 2 ** min(calm**3, 20.0))

    def slow_down(self, now: float, retry_after_s: float | None) -> None:
        """The server said "slow down" (429, or 503 with Retry-After): everyone pauses for
        Retry-After plus up to as much again (jitter: the fleet does not come back at
        once), and the pace is cut: the pace in effect halved (one request per Retry-After
        when there was no pace), with the first request after the pause one interval of
        the new pace later.
        Retry-After 0 means "again now": nothing changes."""
        wait = DEFAULT_RETRY_AFTER_S if retry_after_s is None else float(retry_after_s)
        if wait <= 0:
            return
        with self._lock:
            until = now + after_retry_after(wait, self._rng)
            self.paused_until = max(self.paused_until, until)
            if now < self._cut_until:
                return
            self._cut_until = self.paused_until
            self._last_slot = max(self._last_slot, self.paused_until)
            cut = 1.0 / wait if self.rate is None else self._pace_at(now) / 2
            self._base_at = self.paused_until
            self.rate = self._base_rate = max(MIN_PER_S, cut)

    def succeeded(self, now: float) -> None:
        """An answer that was not "slow down": the pace rises. It grows with the time since
        the last "slow down", not with the number of answers (a laptop paced slowly catches
        up with a fast one)."""
        with self._lock:
            if self.rate is None:
                return
            self.rate = self._pace_at(now)
            if self.rate > UNPACED_ABOVE_PER_S:
                self.rate = None

    def went_offline(self, now: float) -> None:
        """A pass found the API unreachable: the next drain is a return (``back_online``)."""
        with self._lock:
            if self._offline_since is None:
                self._offline_since = now

    def back_online(self, now: float, spread_s: float = START_SPREAD_S) -> None:
        """A pass starts: after ``LONG_OFFLINE_S`` or more offline, its first request waits
        a random moment within ``spread_s`` and the pace starts slow. Otherwise nothing
        changes."""
        with self._lock:
            since, self._offline_since = self._offline_since, None
            if since is None or now - since < LONG_OFFLINE_S or spread_s <= 0:
                return
            self.paused_until = max(self.paused_until, now + self._rng.uniform(0.0, spread_s))
            self.rate = self._base_rate = RESTART_PER_S
            self._base_at = self.paused_until
            self._last_slot = -math.inf

    def reset(self) -> None:
        """ "Sync now": the person asked, so no pause and no pace (the next "slow down"
        sets them again)."""
        with self._lock:
            self.rate = None
            self.paused_until = self._cut_until = self._base_at = 0.0
            self._last_slot = -math.inf


_SHARED: dict[str, Pacer] = {}
_SHARED_LOCK = threading.Lock()


def shared_pacer(key: str) -> Pacer:
    """The process's pacer for one API (``key``: its base URL): the pace outlives a pass,
    as the GUI runs one pass after another."""
    with _SHARED_LOCK:
        pacer = _SHARED.get(key)
        if pacer is None:
            pacer = _SHARED[key] = Pacer()
        return pacer
