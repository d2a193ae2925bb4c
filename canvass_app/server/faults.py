"""Fault injection: a seeded, reproducible plan of failures per route or for every route.

SPEC syntax (also in docs/API.md):

    SPEC   := RULE (";" RULE)*
    RULE   := TARGET ":" ITEM ("," ITEM)*
    TARGET := "*" | [METHOD " "] PATH        PATH may use "*" for any characters
    ITEM   := KIND "=" PROBABILITY            0 <= PROBABILITY <= 1
            | "latency=" DURATION [".." DURATION]   e.g. 50ms, 0.2s, 20ms..80ms
            | "retry_after=" SECONDS           Retry-After of this rule's 429/503 (default 1)
            | "rate=" N "/s" | "rate=" N "/m"   a real rate limit: requests over it get 429
    KIND   := 400 | 500 | 502 | 503 | 429 | reset | lost_answer | truncated | malformed | html
            | edit

Example: "POST /v2/interactions: lost_answer=0.1, 503=0.05; *: latency=50ms".

Every rule whose target matches a request applies: latencies add up; then each rule's
kinds are tried in the order written, one random draw each, and the first draw below its
probability is the fault for that request. Draws come from random.Random(fault_seed),
so one request sequence always meets the same faults. A request that meets no fault
is then counted against the rate limits of its rules (a token bucket per rule, holding
one second's worth of requests); over the limit it gets 429 with the wait as Retry-After.
"""

from __future__ import annotations

import fnmatch
import random
import re
from dataclasses import dataclass, field

HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")

FAULT_KINDS: dict[str, str] = {
    "400": "refuse the request as invalid (400 ValidationError) without processing it",
    "500": "answer 500 without processing the request",
    "502": "answer 502 without processing the request",
    "503": "answer 503 with Retry-After without processing the request",
    "429": "answer 429 Too Many Requests with Retry-After without processing the request",
    "reset": "reset the connection before the request is processed",
    "lost_answer": "process (commit) the request, then drop the connection mid-answer",
    "truncated": "process the request, then send only the first half of the JSON body",
    "malformed": "process the request, then answer 200 with a body that is not valid JSON",
    "html": "answer 200 text/html (a captive portal page) without processing the request",
    "edit": "a concurrent editor changes a random field of the target document first",
}


@dataclass(frozen=True)
class FaultRule:
    method: str | None  # None: any method
    path_pattern: str  # fnmatch pattern; "*" matches everything
    latency_ms: tuple[float, float] | None = None
    chances: tuple[tuple[str, float], ...] = ()
    retry_after_s: float = 1.0
    rate_per_s: float | None = None

    def applies_to(self, method: str, path: str) -> bool:
        if self.method is not None and self.method != method.upper():
            return False
        return fnmatch.fnmatchcase(path, self.path_pattern)


@dataclass(frozen=True)
class FaultDecision:
    latency_s: float = 0.0
    kind: str | None = None
    retry_after_s: float = 1.0


@dataclass(frozen=True)
class FaultPlan:
    rules: tuple[FaultRule, ...] = ()
    spec: str = ""

    @property
    def empty(self) -> bool:
        return not self.rules

    def decide(self, method: str, path: str, rng: random.Random) -> FaultDecision:
        latency = 0.0
        for rule in self.rules:
            if rule.applies_to(method, path) and rule.latency_ms is not None:
                low, high = rule.latency_ms
                latency += (low if low == high else rng.uniform(low, high)) / 1000
        for rule in self.rules:
            if not rule.applies_to(method, path):
                continue
            for kind, probability in rule.chances:
                if rng.random() < probability:
                    return FaultDecision(latency, kind, rule.retry_after_s)
        return FaultDecision(latency, None)


class RateLimiter:
    """A token bucket: `rate` requests a second, bursts up to one second's worth."""

    def __init__(self, rate_per_s: float, now: float) -> None:
        self.rate = rate_per_s
        self.capacity = max(1.0, rate_per_s)
        self.tokens = self.capacity
        self.updated = now

    def wait_s(self, now: float) -> float:
        """0 when the request may pass (and is counted); else seconds until one may."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


@dataclass
class FaultCounter:
    """How often each fault was injected (for tests and the serve banner)."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1


_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*(ms|s)?$")


def _duration_ms(text: str, where: str) -> float:
    found = _DURATION.match(text.strip().lower())
    if found is None:
        raise ValueError(f"{where}: {text.strip()!r} is not a duration like 50ms or 0.2s")
    value = float(found.group(1))
    return value * 1000 if found.group(2) == "s" else value


def _rate_per_s(text: str, where: str) -> float:
    found = re.fullmatch(r"(\d+(?:\.\d+)?)\s*/\s*(s|m)", text.strip().lower())
    if found is None or float(found.group(1)) <= 0:
        raise ValueError(f"{where}: rate={text!r} must look like 20/s or 100/m (more than 0)")
    per = 1.0 if found.group(2) == "s" else 60.0
    return float(found.group(1)) / per


def _parse_target(text: str, where: str) -> tuple[str | None, str]:
    target = text.strip()
    if not target:
        raise ValueError(f"{where}: the target before ':' is empty (use '*' for every route)")
    parts = target.split()
    if len(parts) == 1:
        if parts[0].upper() in HTTP_METHODS:
            return parts[0].upper(), "*"
        pattern = parts[0]
        method = None
    elif len(parts) == 2:
        method_text, pattern = parts
        if method_text == "*":
            method = None
        elif method_text.upper() in HTTP_METHODS:
            method = method_text.upper()
        else:
            raise ValueError(
                f"{where}: {method_text!r} is not an HTTP method ({', '.join(HTTP_METHODS)})"
            )
    else:
        raise ValueError(f"{where}: the target {target!r} must be '*', 'PATH' or 'METHOD PATH'")
    if pattern != "*" and not pattern.startswith("/"):
        raise ValueError(f"{where}: the path {pattern!r} must start with '/' (or be '*')")
    return method, pattern


def _parse_rule(text: str, index: int) -> FaultRule:
    where = f"fault rule {index + 1} ({text.strip()!r})"
    target_text, colon, items_text = text.rpartition(":")
    if not colon:
        raise ValueError(f"{where}: expected 'TARGET: ITEM, ...' with a ':'")
    method, pattern = _parse_target(target_text, where)
    latency: tuple[float, float] | None = None
    retry_after = 1.0
    rate: float | None = None
    chances: list[tuple[str, float]] = []
    items = [item for item in items_text.split(",") if item.strip()]
    if not items:
        raise ValueError(f"{where}: no fault after ':'")
    for item in items:
        name, equals, value = item.partition("=")
        name, value = name.strip().lower(), value.strip()
        if not equals or not value:
            raise ValueError(f"{where}: {item.strip()!r} must be written NAME=VALUE")
        if name == "latency":
            low_text, dots, high_text = value.partition("..")
            low = _duration_ms(low_text, where)
            high = _duration_ms(high_text, where) if dots else low
            if high < low:
                raise ValueError(f"{where}: the latency range {value!r} ends before it starts")
            latency = (low, high)
        elif name == "retry_after":
            try:
                retry_after = float(value.rstrip("s"))
            except ValueError:
                raise ValueError(
                    f"{where}: retry_after={value!r} is not a number of seconds"
                ) from None
            if retry_after < 0:
                raise ValueError(f"{where}: retry_after must not be negative")
        elif name == "rate":
            rate = _rate_per_s(value, where)
        elif name in FAULT_KINDS:
            try:
                probability = float(value)
            except ValueError:
                raise ValueError(
                    f"{where}: {name}={value!r} needs a probability between 0 and 1"
                ) from None
            if not 0 <= probability <= 1:
                raise ValueError(f"{where}: {name}={value} is not a probability between 0 and 1")
            chances.append((name, probability))
        else:
            known = ", ".join([*FAULT_KINDS, "latency", "retry_after", "rate"])
            raise ValueError(f"{where}: unknown fault {name!r}; known: {known}")
    return FaultRule(method, pattern, latency, tuple(chances), retry_after, rate)


def parse_fault_spec(spec: str | None) -> FaultPlan:
    """Read a fault SPEC; raises ValueError saying which rule is wrong and why."""
    if spec is None or not spec.strip():
        return FaultPlan()
    rules = tuple(
        _parse_rule(text, index)
        for index, text in enumerate(part for part in spec.split(";") if part.strip())
    )
    return FaultPlan(rules, spec.strip())
