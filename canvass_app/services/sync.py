"""Sync use cases: drain the outbox now, and the sign-in pause.

``sync_now`` is what the GUI's sync worker, the ``canvass-app sync`` command and the
reliability proofs call. It blocks until the pass ends; run it off the GUI thread.
``progress`` is called from the thread running ``sync_now``, once per round of results
(``done`` may grow by several at a time): marshal to the GUI thread yourself (a Qt
signal does).

Every pass that had something to send is logged (``log_pass``): one INFO line with its
counts, and a WARNING for each kind of failure saying what happened (the API's own error
text) and what happens next. Counts, states and statuses only: no names, answers or token.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable

import sqlite_utils

from canvass_app.api.client import PolisClient
from canvass_app.core.outbox import DEFAULT_SYNC_CONCURRENCY, SyncProgress, SyncReport
from canvass_app.storage.db import db_file, parse_iso, utc_now
from canvass_app.storage.visits import META_AUTH_PAUSED, VisitRepo
from canvass_app.sync.engine import SyncEngine, SyncSettings

__all__ = [
    "SyncEngine",
    "SyncSettings",
    "auth_paused",
    "clear_auth_pause",
    "make_engine",
    "run_pass",
    "sync_now",
]

log = logging.getLogger(__name__)


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
    ``client`` needs a connection slot per visit in flight (``max_connections`` at least
    ``concurrency``); a concurrency outside ``SYNC_CONCURRENCY_RANGE`` is refused
    (ValueError). For many passes keep one engine (``make_engine``, ``run_pass``).
    """
    with make_engine(db, client, concurrency=concurrency, settings=settings) as engine:
        return run_pass(
            db,
            engine,
            once=once,
            progress=progress,
            should_stop=should_stop,
            reset_backoff=reset_backoff,
        )


def make_engine(
    db: sqlite_utils.Database,
    client: PolisClient,
    *,
    concurrency: int = DEFAULT_SYNC_CONCURRENCY,
    settings: SyncSettings | None = None,
) -> SyncEngine:
    """An engine for the outbox of ``db``, kept for many passes; close it when done (its
    sending threads live until then)."""
    chosen = dataclasses.replace(settings or SyncSettings(), concurrency=concurrency)
    return SyncEngine(db_file(db), client, chosen)


def run_pass(
    db: sqlite_utils.Database,
    engine: SyncEngine,
    *,
    once: bool = False,
    progress: Callable[[SyncProgress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    reset_backoff: bool = False,
) -> SyncReport:
    """One pass of a kept ``engine`` over the outbox of ``db`` (see ``sync_now``)."""
    repo = VisitRepo(db)
    report = engine.run(
        repo,
        once=once,
        progress=progress,
        should_stop=should_stop,
        reset_backoff=reset_backoff,
    )
    log_pass(report, repo.next_due())
    return report


def log_pass(report: SyncReport, next_due: str | None) -> None:
    """Log what one pass did; ``next_due`` is the outbox's earliest next try (ISO)."""
    if report.attempted == 0 and report.last_error is None:
        return  # nothing was due: the pass did nothing (the GUI's timer runs many such)
    waiting = report.remaining
    error = report.last_error or "no detail"
    if report.auth_required:
        log.warning(
            "sync: sign-in needed (%s); nothing more is sent until then; %d visit(s) wait "
            "in the outbox",
            error,
            waiting,
        )
    elif report.offline:
        log.warning(
            "sync: the Polis API could not be reached (%s); %d visit(s) wait in the outbox "
            "for the next sync",
            error,
            waiting,
        )
    else:
        when = _next_try(next_due)
        if report.retry_wait:
            log.warning(
                "sync: %d send(s) were not accepted now (%s); %d visit(s) will be retried %s",
                report.retry_wait,
                error,
                waiting,
                when,
            )
        if report.unknown:
            log.warning(
                "sync: %d send(s) may have reached the server or not (%s); each is looked up "
                "on the server before it is sent again, %s",
                report.unknown,
                error,
                when,
            )
        if report.needs_attention or report.rejected:
            log.warning(
                "sync: %d visit(s) need attention and %d were rejected (%s); they are kept on "
                "this laptop for a supervisor and not sent again until requeued",
                report.needs_attention,
                report.rejected,
                error,
            )
    log.info(
        "sync pass: %d tried, %d sent; %d visit(s) unsent", report.attempted, report.sent, waiting
    )


def _next_try(next_due: str | None) -> str:
    if next_due is None:
        return "at the next sync"
    seconds = (parse_iso(next_due) - utc_now()).total_seconds()
    if seconds < 1:
        return "at the next sync"
    if seconds < 120:
        return f"in {seconds:.0f} s"
    return f"in {seconds / 60:.0f} min"


def auth_paused(db: sqlite_utils.Database) -> bool:
    """Whether a 401/403 paused the queue (the next successful pass clears it)."""
    return VisitRepo(db).get_meta(META_AUTH_PAUSED) is not None


def clear_auth_pause(db: sqlite_utils.Database) -> None:
    """Forget the pause (after a sign-in); the next pass probes the API anyway."""
    VisitRepo(db).set_meta(META_AUTH_PAUSED, None)
