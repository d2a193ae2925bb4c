"""One concurrency, one pool: the engine's sending threads live across passes, the
client has a connection slot for each, and a bad concurrency is refused by one check."""

from __future__ import annotations

import dataclasses
import threading
from typing import Any

import pytest

from canvass_app.api.client import PolisClient
from canvass_app.core.outbox import SYNC_CONCURRENCY_RANGE, check_concurrency
from canvass_app.services.sync import SyncSettings, make_engine, run_pass, sync_now

from .conftest import FAST, TOKEN, SyncEnv

FOUR = dataclasses.replace(FAST, concurrency=4)


def _senders() -> set[int | None]:
    return {t.ident for t in threading.enumerate() if t.name.startswith("canvass-sync-")}


def test_sending_threads_live_across_passes(env: SyncEnv) -> None:
    before = _senders()
    with PolisClient(env.server.url, TOKEN, timeout=5.0, max_connections=4) as client:
        engine = make_engine(env.db, client, concurrency=4, settings=FOUR)
        assert _senders() == before  # made by the first pass that sends, not before
        seen = []
        for _ in range(4):
            env.record(6)
            assert run_pass(env.db, engine).sent == 6
            seen.append(_senders() - before)
        assert len(seen[0]) == 4
        assert all(threads == seen[0] for threads in seen)  # the same four threads
        engine.close()
        assert _senders() == before
        engine.close()  # twice is fine


def test_a_pass_with_nothing_due_starts_no_thread(env: SyncEnv) -> None:
    before = _senders()
    with make_engine(env.db, env.client, concurrency=4, settings=FOUR) as engine:
        assert run_pass(env.db, engine).attempted == 0
        assert _senders() == before


def test_the_client_needs_a_connection_slot_per_visit_in_flight(env: SyncEnv) -> None:
    with PolisClient(env.server.url, TOKEN, max_connections=2) as client:
        assert client.max_connections == 2
        with pytest.raises(ValueError, match="2 connection slot.*max_connections=4"):
            make_engine(env.db, client, concurrency=4, settings=FOUR)
        env.record(3)
        assert sync_now(env.db, client, concurrency=2, settings=FAST).sent == 3


@pytest.mark.parametrize("bad", [0, SYNC_CONCURRENCY_RANGE[1] + 1, 500, True, 2.0, "4"])
def test_a_bad_concurrency_is_refused_by_one_check(env: SyncEnv, bad: Any) -> None:
    low, high = SYNC_CONCURRENCY_RANGE
    words = f"must be a whole number from {low} to {high}"
    with pytest.raises(ValueError, match=f"concurrency {words}"):
        check_concurrency(bad)
    with pytest.raises(ValueError, match=f"concurrency {words}"):
        SyncSettings(concurrency=bad)
    with pytest.raises(ValueError, match=f"concurrency {words}"):
        sync_now(env.db, env.client, concurrency=bad, settings=FAST)
    with pytest.raises(ValueError, match=f"max_connections {words}"):
        PolisClient(env.server.url, TOKEN, max_connections=bad)
