"""Smoke test of B9's model (benchmarks/fleet_sim.py): a small fleet drains completely,
the run is reproducible, and the model runs the app's own pacing, backoff and rate-limit
code rather than a copy. No timing is asserted (the figures are in docs/BENCHMARKS.md)."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import fleet_sim  # noqa: E402

from canvass_app.server import faults  # noqa: E402
from canvass_app.sync import backoff, pacing  # noqa: E402


def test_the_model_runs_the_apps_own_code() -> None:
    assert fleet_sim.Pacer is pacing.Pacer
    assert fleet_sim.retry_delay is backoff.retry_delay
    assert fleet_sim.RateLimiter is faults.RateLimiter


def test_a_small_fleet_drains_everything_reproducibly() -> None:
    setup = fleet_sim.FleetSetup(
        laptops=20, capacity_per_s=2.0, ops_min=5, ops_max=10, outage_s=60.0, seed=3
    )
    first = fleet_sim.simulate(setup)
    summary = first.summary()
    assert 20 * 5 <= summary["operations"] <= 20 * 10
    assert len(first.finish) == 20  # every laptop finished
    assert summary["failed_tries"] == 20  # each laptop's probe into the outage
    assert summary["drain_s"] > 0 and summary["largest_wave"] >= 1
    assert summary["rejected_429"] > 0  # 20 laptops into 2 requests a second: told to slow
    assert fleet_sim.simulate(setup).summary() == summary  # seeded: the same run again


def test_the_cli_mode_drains_without_an_outage() -> None:
    setup = fleet_sim.FleetSetup(
        laptops=5, capacity_per_s=2.0, ops_min=4, ops_max=4, outage_s=0.0, mode="cli"
    )
    result = fleet_sim.simulate(setup)
    assert result.useful == 20 and result.failed == 0 and len(result.finish) == 5
