"""Sync use cases: drain the outbox now, and the sign-in pause.

``sync_now`` is what the GUI's sync worker, the ``canvass-app sync`` command and the
reliability proofs call. It blocks until the pass ends; run it off the GUI thread.
``progress`` is called from the thread running ``sync_now``, once per round of results
(``done`` may grow by several at a time): marshal to the GUI thread yourself (a Qt
signal does).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import sqlite_utils

from canvass_app.api.client import PolisClient
from canvass_app.core.outbox import DEFAULT_SYNC_CONCURRENCY, SyncProgress, SyncReport
from canvass_app.storage.db import db_file
from canvass_app.storage.visits import META_AUTH_PAUSED, VisitRepo
from canvass_app.sync.engine import SyncEngine, SyncSettings

__all__ = ["SyncSettings", "auth_paused", "clear_auth_pause", "sync_now"]


def sync_now(
    db: sqlite_utils.Database,
    client: PolisClient,
    *,
    concurrency: int = DEFAULT_SYNC_CONCURRENCY,
    once: bool = False,
    progress: Callable[[SyncProgress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    reset_backoff: bool = False,
    settings: SyncSettings | None = None,
) -> SyncReport:
    """Run one sync pass over the outbox of ``db`` and report what happened.

    ``once``: each operation is tried at most once (``sync --once``); otherwise an
    operation that is due again within the pass is retried (up to 3 tries).
    ``reset_backoff`` ("Sync now"): everything waiting for a retry is due at once.
    ``settings`` overrides the engine's timings (``concurrency`` wins over its field).
    ``concurrency`` is kept between 1 and 16 (one client's connection pool).
    """
    bounded = max(1, min(int(concurrency), 16))
    chosen = dataclasses.replace(settings or SyncSettings(), concurrency=bounded)
    engine = SyncEngine(db_file(db), client, chosen)
    return engine.run(
        VisitRepo(db),
        once=once,
        progress=progress,
        should_stop=should_stop,
        reset_backoff=reset_backoff,
    )


def auth_paused(db: sqlite_utils.Database) -> bool:
    """Whether a 401/403 paused the queue (the next successful pass clears it)."""
    return VisitRepo(db).get_meta(META_AUTH_PAUSED) is not None


def clear_auth_pause(db: sqlite_utils.Database) -> None:
    """Forget the pause (after a sign-in); the next pass probes the API anyway."""
    VisitRepo(db).set_meta(META_AUTH_PAUSED, None)
