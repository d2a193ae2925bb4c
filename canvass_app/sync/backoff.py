"""Retry timing: exponential backoff with full jitter, capped; Retry-After honoured.

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


def retry_delay(
    attempts: int,
    rng: random.Random,
    *,
    retry_after_s: float | None = None,
    base_s: float = BACKOFF_BASE_S,
    cap_s: float = BACKOFF_CAP_S,
) -> float:
    """Seconds to wait before the next attempt: full jitter, never shorter than the
    server's Retry-After (which may exceed the cap: the server knows best)."""
    delay = rng.uniform(0.0, backoff_ceiling(attempts, base_s=base_s, cap_s=cap_s))
    if retry_after_s is not None and retry_after_s > delay:
        delay = float(retry_after_s)
    return delay
