"""Retry timing: exponential backoff with full jitter, capped; Retry-After honoured as a
floor with jitter on top. The engine and the fleet simulation (benchmarks/fleet_sim.py)
both call these functions.

Full jitter (a uniform draw between 0 and the exponential ceiling) spreads the retries of
many devices that failed together, so a server coming back is not hit by all at once.
"""

from __future__ import annotations

import random

BACKOFF_BASE_S = 2.0
BACKOFF_CAP_S = 15 * 60.0  # about 15 minutes while online (sync-notes rule 6)


def backoff_ceiling(
    attempts: int, *, base_s: float = BACKOFF_BASE_S, cap_s: float = BACKOFF_CAP_S
) -> float:
    """The largest wait after ``attempts`` failed attempts (1 → base, doubling, capped)."""
    if attempts < 1:
        return 0.0
    # Cap the exponent first: 2**10000 overflows a float.
    exponent = min(attempts - 1, 40)
    return float(min(cap_s, base_s * (2.0**exponent)))


def after_retry_after(retry_after_s: float, rng: random.Random) -> float:
    """The wait after a server's Retry-After: never shorter (it is a floor), plus up to
    as much again at random, so a fleet told the same Retry-After does not come back in
    the same second."""
    return retry_after_s + rng.uniform(0.0, retry_after_s)


def retry_delay(
    attempts: int,
    rng: random.Random,
    *,
    retry_after_s: float | None = None,
    base_s: float = BACKOFF_BASE_S,
    cap_s: float = BACKOFF_CAP_S,
) -> float:
    """Seconds to wait before the next attempt of one operation: the server's Retry-After
    with jitter on top when it gave one (it may exceed the cap: the server knows best),
    else full jitter below the exponential ceiling."""
    if retry_after_s is not None and retry_after_s > 0:
        return after_retry_after(float(retry_after_s), rng)
    return rng.uniform(0.0, backoff_ceiling(attempts, base_s=base_s, cap_s=cap_s))
