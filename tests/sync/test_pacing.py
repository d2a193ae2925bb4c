"""The pacing and backoff rules (sync.pacing, sync.backoff): pure, with a seeded random and
the time given, so these tests are exact and never wait."""

from __future__ import annotations

import random

import pytest

from canvass_app.sync.backoff import after_retry_after, retry_delay
from canvass_app.sync.pacing import (
    DOUBLING_S,
    LONG_OFFLINE_S,
    MIN_PER_S,
    RESTART_PER_S,
    START_SPREAD_S,
    Pacer,
    shared_pacer,
)


def test_retry_after_is_a_floor_with_jitter_on_top() -> None:
    rng = random.Random(1)
    waits = [after_retry_after(10.0, rng) for _ in range(500)]
    assert min(waits) >= 10.0 and max(waits) <= 20.0
    assert max(waits) - min(waits) > 5.0  # spread, not one value for everyone
    # Through retry_delay, whatever the attempt count: the server's wait wins the cap.
    for attempts in (1, 5, 50):
        assert 120 <= retry_delay(attempts, rng, retry_after_s=120, cap_s=60) <= 240


def test_without_retry_after_full_jitter_below_the_ceiling() -> None:
    rng = random.Random(2)
    assert all(0 <= retry_delay(3, rng, base_s=2.0) <= 8.0 for _ in range(200))
    assert all(0 <= retry_delay(3, rng, retry_after_s=0, base_s=2.0) <= 8.0 for _ in range(200))


def test_an_unpaced_client_sends_at_once() -> None:
    pacer = Pacer(random.Random(3))
    assert [pacer.acquire(100.0) for _ in range(20)] == [0.0] * 20
    pacer.succeeded(100.0)
    assert pacer.rate is None


def test_a_429_pauses_every_sender_for_retry_after_plus_jitter() -> None:
    pacer = Pacer(random.Random(4))
    pacer.slow_down(10.0, 2.0)
    assert 12.0 <= pacer.paused_until <= 14.0
    # Every caller (every worker) waits, not only the one that got the 429: the pause,
    # then one interval of the new pace (one request per Retry-After; a hair less, as the
    # pace grows during the wait).
    assert pacer.rate == pytest.approx(0.5)
    first = pacer.paused_until + 2.0
    waits = [pacer.acquire(10.0) for _ in range(3)]
    assert waits == [pytest.approx(first - 10.0, abs=0.01)] * 3
    assert waits[0] <= first - 10.0
    assert pacer.acquire(first) == 0.0
    assert pacer.acquire(first) == pytest.approx(2.0, abs=0.01)


def test_one_burst_of_429s_cuts_the_pace_once() -> None:
    pacer = Pacer(random.Random(5))
    pacer.slow_down(0.0, 1.0)
    first = pacer.rate
    for _ in range(7):  # the other workers' answers of the same burst
        pacer.slow_down(0.1, 1.0)
    assert pacer.rate == first
    pacer.slow_down(pacer.paused_until + 0.1, 1.0)  # a new "slow down" after the pause
    assert pacer.rate == pytest.approx(first / 2)


def test_the_pace_grows_with_calm_time_and_never_falls_below_the_floor() -> None:
    pacer = Pacer(random.Random(6))
    pacer.slow_down(0.0, 1.0)
    start, base = pacer.paused_until, pacer.rate
    assert base == pytest.approx(1.0)
    pacer.succeeded(start)  # no calm time yet: no growth
    assert pacer.rate == pytest.approx(base)
    # 2 ** ((calm / DOUBLING_S) ** 3): slow near the pace that met the 429, then fast.
    pacer.succeeded(start + DOUBLING_S / 2)
    assert pacer.rate == pytest.approx(base * 2**0.125)
    pacer.succeeded(start + DOUBLING_S)
    assert pacer.rate == pytest.approx(base * 2)
    pacer.succeeded(start + 1.5 * DOUBLING_S)
    assert pacer.rate == pytest.approx(base * 2**3.375)
    # A slow laptop and a fast one grow alike in time, however many answers each gets.
    slow, fast = Pacer(random.Random(1)), Pacer(random.Random(1))
    for pacer_ in (slow, fast):
        pacer_.slow_down(0.0, 1.0)
    for tick in range(1, 61):
        fast.succeeded(fast.paused_until + tick)
    slow.succeeded(slow.paused_until + 60)
    assert slow.rate == pytest.approx(fast.rate)
    for _ in range(40):
        pacer.slow_down(pacer.paused_until + 1, 1.0)
    assert pacer.rate == pytest.approx(MIN_PER_S)
    pacer.succeeded(pacer.paused_until + 10 * DOUBLING_S)
    assert pacer.rate is None  # fast enough again: no pace at all


def test_the_pace_keeps_growing_while_a_request_waits_for_its_slot() -> None:
    """A slow pace's next slot opens when one interval of the pace *then* has passed, not
    of the pace when the last request left: a laptop cut to a request a minute, whose
    neighbours have finished, does not wait out a minute it no longer needs to."""
    pacer = Pacer(random.Random(10))
    for step in range(40):
        pacer.slow_down(pacer.paused_until + 0.5 * step, 1.0)
    assert pacer.rate == pytest.approx(MIN_PER_S)
    base_at = pacer.paused_until
    last = base_at + DOUBLING_S  # calm: the pace has doubled to one request in 30 s
    assert pacer.acquire(last) == 0.0
    wait = pacer.acquire(last)
    assert 10.0 < wait < 20.0  # not 30 s (the pace at the last slot), nor 60 s
    # Exactly one interval of the pace at the moment the slot opens.
    pacer.succeeded(last + wait)
    assert pacer.rate == pytest.approx(1 / wait, rel=1e-3)
    assert pacer.acquire(last + wait) == 0.0


def test_a_cut_halves_the_pace_in_effect() -> None:
    pacer = Pacer(random.Random(11))
    pacer.slow_down(0.0, 1.0)
    start = pacer.paused_until
    # No answer came in since the cut, but the pace has grown with the calm: x2.
    pacer.slow_down(start + DOUBLING_S, 1.0)
    assert pacer.rate == pytest.approx(1.0)


def test_retry_after_zero_changes_nothing() -> None:
    pacer = Pacer(random.Random(7))
    pacer.slow_down(5.0, 0)
    assert pacer.rate is None and pacer.acquire(5.0) == 0.0


def test_back_online_spreads_the_start_and_starts_slowly() -> None:
    starts = []
    for seed in range(200):
        pacer = Pacer(random.Random(seed))
        pacer.back_online(0.0)  # never offline: nothing changes
        assert pacer.acquire(0.0) == 0.0 and pacer.rate is None
        pacer.went_offline(-60.0)
        pacer.back_online(0.0)
        assert pacer.rate == RESTART_PER_S
        starts.append(pacer.acquire(0.0))
    assert 0 <= min(starts) < 2 and START_SPREAD_S - 2 < max(starts) <= START_SPREAD_S
    first = pacer.paused_until
    assert pacer.acquire(first) == 0.0
    assert pacer.acquire(first) == pytest.approx(1 / RESTART_PER_S, rel=0.01)
    pacer.succeeded(first + DOUBLING_S)
    assert pacer.rate == pytest.approx(RESTART_PER_S * 2)


def test_a_short_blip_offline_needs_no_spread() -> None:
    pacer = Pacer(random.Random(9))
    pacer.went_offline(0.0)
    pacer.went_offline(30.0)  # still offline: it counts from the first
    pacer.back_online(50.0)  # 50 s offline: the GUI's timer spreads this return already
    assert pacer.rate is None and pacer.acquire(50.0) == 0.0
    pacer.went_offline(100.0)
    pacer.back_online(100.0 + LONG_OFFLINE_S)
    assert pacer.rate == RESTART_PER_S


def test_back_online_once_and_sync_now_resets() -> None:
    pacer = Pacer(random.Random(8))
    pacer.went_offline(-100.0)
    pacer.back_online(0.0, spread_s=0)  # no spread asked: at once, not paced
    assert pacer.acquire(0.0) == 0.0 and pacer.rate is None
    pacer.back_online(0.0)  # the return was used up
    assert pacer.rate is None
    pacer.slow_down(0.0, 30.0)
    pacer.reset()
    assert pacer.acquire(0.0) == 0.0 and pacer.rate is None


def test_one_pacer_per_api_in_a_process() -> None:
    assert shared_pacer("http://a.test/") is shared_pacer("http://a.test/")
    assert shared_pacer("http://a.test/") is not shared_pacer("http://b.test/")
