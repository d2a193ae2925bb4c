"""SyncController against the real reference server over HTTP and a real data dir."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from canvass_app.core.messages import Message
from canvass_app.core.outbox import OutboxState, SyncCounts, SyncProgress, SyncReport
from canvass_app.qt import sync_worker
from canvass_app.qt.network import NetworkMonitor
from canvass_app.qt.sync_worker import (
    MESSAGE_NO_SERVER,
    MESSAGE_OFFLINE,
    MESSAGE_SIGN_IN,
    SyncController,
    describe_report,
)
from canvass_app.services.sync import SyncSettings
from canvass_app.services.visits import VisitDraft, record_visit, sync_counts
from canvass_app.storage.db import DB_FILENAME, open_database
from canvass_app.sync.pass_words import pass_message

pytestmark = pytest.mark.gui

CAMPAIGN = "camp-qt-" + "7" * 6
FAST = SyncSettings(reconcile_after_s=0.0, backoff_base_s=0.001, rebase_pause_s=0.001, seed=7)
WAIT_MS = 15_000


class Recorder:
    """Saves visits on the test's own connection (as the door screen does)."""

    def __init__(self, data_dir: Path) -> None:
        self.db = open_database(data_dir)
        self.clock = datetime.now(UTC) - timedelta(minutes=30)

    def record(self, n: int = 1) -> None:
        for _ in range(n):
            self.clock += timedelta(seconds=1)
            draft = VisitDraft(
                campaign_id=CAMPAIGN,
                contact_id=str(uuid.uuid4()),
                household_id=str(uuid.uuid4()),
                contact_household_id=str(uuid.uuid4()),
                survey_id="survey-1",
                unavailable=True,
                unavailable_reason="Not Home",
                successful=False,
                contact_name="Test Person",
            )
            record_visit(self.db, draft, canvasser="ann", now=self.clock)

    def counts(self) -> SyncCounts:
        return sync_counts(self.db)


@pytest.fixture
def recorder(data_dir: Path) -> Iterator[Recorder]:
    rec = Recorder(data_dir)
    yield rec
    rec.db.conn.close()


@pytest.fixture
def make_controller(data_dir: Path) -> Iterator[Callable[..., SyncController]]:
    made: list[SyncController] = []

    def make(api_url: str | None, token: str | None, **kwargs: Any) -> SyncController:
        kwargs.setdefault("interval_s", 3600)
        kwargs.setdefault("sync_settings", FAST)
        controller = SyncController(data_dir, api_url, token, **kwargs)
        made.append(controller)
        return controller

    yield make
    for controller in made:
        controller.shutdown()


class Events:
    """Everything a controller said, in order."""

    def __init__(self, controller: SyncController) -> None:
        self.log: list[tuple[str, Any]] = []
        for name in (
            "progress_changed",
            "counts_changed",
            "sync_finished",
            "error_reported",
            "online_changed",
        ):
            getattr(controller, name).connect(
                lambda value, name=name: self.log.append((name, value))
            )
        controller.sync_started.connect(lambda: self.log.append(("sync_started", None)))
        controller.auth_required.connect(lambda: self.log.append(("auth_required", None)))

    def of(self, name: str) -> list[Any]:
        return [value for kind, value in self.log if kind == name]

    def reports(self) -> list[SyncReport]:
        return self.of("sync_finished")


def _server_docs(server: Any) -> list[dict[str, Any]]:
    return [d for d in server.state.interactions(False) if d["data"].get("campaignId") == CAMPAIGN]


def test_saved_visits_are_sent_and_reported(
    qtbot: Any, polis_server: Any, recorder: Recorder, make_controller: Any
) -> None:
    controller = make_controller(polis_server.url, polis_server.token)
    events = Events(controller)
    with qtbot.waitSignal(controller.sync_finished, timeout=WAIT_MS):
        controller.start()
    assert events.reports()[0].attempted == 0

    recorder.record(3)
    with qtbot.waitSignal(
        controller.sync_finished, timeout=WAIT_MS, check_params_cb=lambda r: r.sent == 3
    ):
        controller.request_sync("saved")

    report = events.reports()[-1]
    assert isinstance(report, SyncReport)
    assert report.sent == 3 and report.remaining == 0 and not report.offline
    progress = events.of("progress_changed")
    assert progress and all(isinstance(p, SyncProgress) for p in progress)
    assert progress[-1].done == progress[-1].total == 3
    counts = events.of("counts_changed")
    assert counts and all(isinstance(c, SyncCounts) for c in counts)
    assert counts[-1].count(OutboxState.SENT) == 3 and counts[-1].unsent == 0
    assert len(_server_docs(polis_server)) == 3
    assert events.of("error_reported") == []
    assert controller.last_error is None and not controller.is_syncing


def test_counts_are_refreshed_after_a_save_even_without_a_pass(
    qtbot: Any, recorder: Recorder, make_controller: Any
) -> None:
    controller = make_controller(None, None)  # no server: saves still show up in counts
    events = Events(controller)
    controller.start()
    recorder.record(2)
    with qtbot.waitSignal(
        controller.counts_changed, timeout=WAIT_MS, check_params_cb=lambda c: c.unsent == 2
    ):
        controller.request_sync("saved")
    assert controller.passes_started == 0
    assert MESSAGE_NO_SERVER in events.of("error_reported")


def test_the_sync_thread_does_what_the_door_screen_deferred(
    qtbot: Any, data_dir: Path, make_controller: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync_worker, "HOUSEKEEPING_INTERVAL_S", 0.05)
    door = open_database(data_dir, defer_checkpoints=True)  # as the door screen opens it
    saver = Recorder.__new__(Recorder)
    saver.db, saver.clock = door, datetime.now(UTC)
    saver.record(40)  # over 1,000 WAL frames: a normal connection would have checkpointed
    database = data_dir / DB_FILENAME
    deferred_size = database.stat().st_size
    controller = make_controller(None, None)  # offline all day: no pass ever runs
    controller.start()
    # Until a checkpoint, every page of the saves (and of the schema) is in the WAL only.
    qtbot.waitUntil(lambda: database.stat().st_size > deferred_size + 20 * 4096, timeout=WAIT_MS)
    # ... and the visits were indexed for search, as saves leave them.
    newest = door.execute("SELECT MAX(seq) FROM visits").fetchone()[0]
    qtbot.waitUntil(
        lambda: door.execute("SELECT seq FROM visits_fts_indexed").fetchone()[0] == newest,
        timeout=WAIT_MS,
    )
    assert controller.passes_started == 0
    door.conn.close()


def test_a_burst_of_triggers_never_runs_two_passes_at_once(
    qtbot: Any, make_polis_server: Any, recorder: Recorder, make_controller: Any
) -> None:
    server = make_polis_server(seed="empty", token="burst-token", faults="*: latency=15ms")
    controller = make_controller(server.url, server.token, concurrency=2)
    events = Events(controller)
    with qtbot.waitSignal(controller.sync_finished, timeout=WAIT_MS):
        controller.start()
    recorder.record(12)
    reasons = ["saved", "manual", "timer", "network", "saved", "manual"] * 5
    before = controller.passes_started
    for reason in reasons:  # thirty clicks and signals in one go
        controller.request_sync(reason)
    assert controller.passes_started == before + 1
    qtbot.waitUntil(
        lambda: not controller.is_syncing and recorder.counts().unsent == 0, timeout=WAIT_MS
    )
    # Everything asked during the pass is answered by exactly one more pass.
    assert controller.passes_started == before + 2

    # Triggers spread over time, with saves in between: passes never overlap.
    for index, reason in enumerate(reasons):
        if index % 6 == 0:
            recorder.record(1)
        controller.request_sync(reason)
        qtbot.wait(3)
    qtbot.waitUntil(
        lambda: not controller.is_syncing and recorder.counts().unsent == 0, timeout=WAIT_MS
    )
    sequence = [kind for kind, _ in events.log if kind in ("sync_started", "sync_finished")]
    assert sequence == ["sync_started", "sync_finished"] * (len(sequence) // 2)
    assert sum(r.sent for r in events.reports()) == 17
    assert len(_server_docs(server)) == 17  # no duplicates


def test_bad_token_asks_for_sign_in_and_recovers_after_set_token(
    qtbot: Any, polis_server: Any, recorder: Recorder, make_controller: Any
) -> None:
    recorder.record(2)
    controller = make_controller(polis_server.url, "not-the-token")
    events = Events(controller)
    with qtbot.waitSignal(controller.auth_required, timeout=WAIT_MS):
        controller.start()
    qtbot.waitUntil(lambda: not controller.is_syncing, timeout=WAIT_MS)
    assert events.reports()[-1].auth_required
    assert MESSAGE_SIGN_IN in events.of("error_reported")
    assert "not-the-token" not in " ".join(str(m) for m in events.of("error_reported"))
    # Paused: automatic triggers do not knock on the server again.
    passes = controller.passes_started
    controller.request_sync("saved")
    controller.request_sync("timer")
    assert controller.passes_started == passes

    with qtbot.waitSignal(
        controller.sync_finished, timeout=WAIT_MS, check_params_cb=lambda r: r.sent == 2
    ):
        controller.set_token(polis_server.token)
    assert not events.reports()[-1].auth_required
    assert recorder.counts().unsent == 0
    assert controller.last_error is None


def test_no_token_pauses_without_calling_the_server(
    qtbot: Any, polis_server: Any, recorder: Recorder, make_controller: Any
) -> None:
    controller = make_controller(polis_server.url, None)
    events = Events(controller)
    controller.start()
    assert events.of("auth_required") == [None]
    # Automatic triggers stay quiet while signed out; "Sync now" says it again.
    controller.request_sync("saved")
    controller.request_sync("timer")
    assert len(events.of("auth_required")) == 1
    controller.request_sync("manual")
    assert len(events.of("auth_required")) == 2
    assert controller.passes_started == 0


def test_offline_is_said_in_words_and_a_new_address_recovers(
    qtbot: Any, make_polis_server: Any, recorder: Recorder, make_controller: Any
) -> None:
    gone = make_polis_server(seed="empty", token="t-offline")
    url = gone.url
    gone.stop()
    recorder.record(1)
    controller = make_controller(url, "t-offline")
    events = Events(controller)
    with qtbot.waitSignal(controller.sync_finished, timeout=WAIT_MS):
        controller.start()
    assert events.reports()[-1].offline
    assert MESSAGE_OFFLINE in events.of("error_reported")
    qtbot.waitUntil(lambda: controller.online is False, timeout=WAIT_MS)
    assert False in events.of("online_changed")

    server = make_polis_server(seed="empty", token="t-offline")
    with qtbot.waitSignal(
        controller.sync_finished, timeout=WAIT_MS, check_params_cb=lambda r: r.sent == 1
    ):
        controller.set_api_url(server.url)
    qtbot.waitUntil(lambda: controller.online is True, timeout=WAIT_MS)


def test_the_timer_sends_what_nobody_asked_for(
    qtbot: Any, polis_server: Any, recorder: Recorder, make_controller: Any
) -> None:
    controller = make_controller(polis_server.url, polis_server.token, interval_s=0.1)
    with qtbot.waitSignal(controller.sync_finished, timeout=WAIT_MS):
        controller.start()
    recorder.record(1)  # no request_sync: the periodic timer must pick it up
    qtbot.waitUntil(lambda: recorder.counts().unsent == 0, timeout=WAIT_MS)


def test_shutdown_while_syncing_stops_cleanly(
    qtbot: Any, make_polis_server: Any, recorder: Recorder, make_controller: Any
) -> None:
    server = make_polis_server(
        seed="empty", token="slow-token", faults="POST /v2/interactions: latency=150ms"
    )
    recorder.record(30)
    controller = make_controller(server.url, server.token, concurrency=1)
    events = Events(controller)
    controller.start()
    qtbot.waitUntil(lambda: len(events.of("progress_changed")) >= 2, timeout=WAIT_MS)
    assert controller.is_syncing
    controller.shutdown()
    assert not controller.is_syncing
    controller.shutdown()  # twice is fine
    counts = recorder.counts()
    # Stopped between operations: nothing left half-sent, most still queued, none lost.
    assert counts.count(OutboxState.SENDING) == 0
    assert 0 < counts.count(OutboxState.SENT) < 30
    assert counts.count(OutboxState.SENT) + counts.count(OutboxState.QUEUED) == 30
    assert len(_server_docs(server)) == counts.count(OutboxState.SENT)
    # Nothing is announced after shutdown.
    finished = len(events.reports())
    qtbot.wait(50)
    assert len(events.reports()) == finished
    controller.request_sync("manual")
    assert not controller.is_syncing


def test_the_network_coming_back_triggers_a_pass(
    qtbot: Any, polis_server: Any, recorder: Recorder, make_controller: Any
) -> None:
    answers = {"up": False}
    monitor = NetworkMonitor(lambda: answers["up"], use_system_reachability=False)
    controller = make_controller(polis_server.url, polis_server.token, network_monitor=monitor)
    with qtbot.waitSignal(controller.online_changed, timeout=WAIT_MS):
        controller.start()
    qtbot.waitUntil(lambda: not controller.is_syncing, timeout=WAIT_MS)
    assert controller.online is False
    recorder.record(2)
    passes = controller.passes_started
    controller.request_sync("saved")  # offline: waits for the network
    assert controller.passes_started == passes
    answers["up"] = True
    with qtbot.waitSignal(
        controller.sync_finished, timeout=WAIT_MS, check_params_cb=lambda r: r.sent == 2
    ):
        monitor.recheck()


def test_bad_arguments_are_named(data_dir: Path) -> None:
    with pytest.raises(ValueError, match="interval_s"):
        SyncController(data_dir, None, None, interval_s=0)
    with pytest.raises(ValueError, match="concurrency"):
        SyncController(data_dir, None, None, concurrency=0)
    controller = SyncController(data_dir, None, None)
    with pytest.raises(ValueError, match="unknown sync trigger 'later'"):
        controller.request_sync("later")
    controller.shutdown()


def _report(**fields: Any) -> SyncReport:
    base: dict[str, Any] = dict(
        attempted=0,
        sent=0,
        retry_wait=0,
        unknown=0,
        needs_attention=0,
        rejected=0,
        remaining=0,
        auth_required=False,
        offline=False,
        last_error=None,
    )
    base.update(fields)
    return SyncReport(**base)


def _engine_report(**fields: Any) -> SyncReport:
    """A report with the engine's own words, as SyncEngine._report makes it."""
    counts = fields.pop(
        "counts", SyncCounts(counts={}, oldest_unsent_age_s=None, last_sync_at=None)
    )
    report = _report(counts=counts, **fields)
    words = pass_message(
        auth_required=report.auth_required,
        offline=report.offline,
        gave_up=(),
        waiting_now=report.retry_wait + report.unknown,
        counts=counts,
    )
    return dataclasses.replace(report, message=words)


def test_reports_in_words() -> None:
    assert describe_report(_engine_report(sent=3)) is None
    assert describe_report(_engine_report(offline=True, remaining=2)) == MESSAGE_OFFLINE
    assert describe_report(_engine_report(auth_required=True, remaining=2)) == MESSAGE_SIGN_IN
    counts = SyncCounts(
        counts={OutboxState.NEEDS_ATTENTION: 2, OutboxState.REJECTED: 1},
        oldest_unsent_age_s=5.0,
        last_sync_at=None,
    )
    many = str(describe_report(_engine_report(remaining=3, counts=counts)))
    assert many.startswith("3 visit(s) need a supervisor's look") and "kept" in many
    technical = "PATCH /v2/interactions/abc answered 412 Precondition Failed"
    waiting = _engine_report(
        retry_wait=2,
        remaining=2,
        last_error=technical,
        counts=SyncCounts(
            counts={OutboxState.RETRY_WAIT: 2}, oldest_unsent_age_s=1.0, last_sync_at=None
        ),
    )
    words = str(describe_report(waiting))
    assert "2 visit(s)" in words and "sent automatically" in words
    # the technical detail stays in the log and the visit's sync log, never in the words
    assert "412" not in words and "PATCH" not in words
    # a reason that stops every send (a refused certificate) is said instead of "offline"
    certificate = Message("CertificateError", "The certificate of the server has expired.")
    blocked = dataclasses.replace(
        _report(offline=True, remaining=1),
        message=pass_message(
            auth_required=False,
            offline=True,
            blocked=certificate,
            gave_up=(),
            waiting_now=0,
            counts=SyncCounts(
                counts={OutboxState.QUEUED: 1}, oldest_unsent_age_s=1.0, last_sync_at=None
            ),
        ),
    )
    said = describe_report(blocked)
    assert said is not None and said != MESSAGE_OFFLINE
    assert str(said).startswith("The certificate of the server has expired. 1 visit(s) are kept")


def test_errors_in_words_say_what_to_do() -> None:
    from canvass_app.api.errors import AuthError, ProtocolError, RejectedError, TransientError
    from canvass_app.qt.sync_worker import _is_expected, describe_error
    from canvass_app.storage.db import StorageEnvironmentError
    from canvass_app.storage.dbapi import sqlite3

    assert describe_error(AuthError("401 from GET /v1/status-groups", status=401)) == (
        MESSAGE_SIGN_IN
    )
    assert describe_error(TransientError("connect failed", may_have_reached_server=False)) == (
        MESSAGE_OFFLINE
    )
    assert describe_error(ProtocolError("an HTML page", may_have_reached_server=False)) == (
        MESSAGE_OFFLINE
    )
    rejected = str(describe_error(RejectedError("data.timestamp is not a date", status=422)))
    assert "did not accept" in rejected and "422" not in rejected
    locked = sqlite3.OperationalError("database is locked")
    assert "locked" in str(describe_error(locked)) and _is_expected(locked)
    full = sqlite3.OperationalError("database or disk is full")
    assert str(describe_error(full)).startswith("The disk is full")
    wrapped = StorageEnvironmentError("Could not save the visit: the disk is full.")
    assert str(describe_error(wrapped)) == str(wrapped)  # storage's own words
    # a bad statement is our bug, not the environment's: not "expected", and it is
    # logged and goes to the crash dialog, so "It was logged" is true
    bad_sql = sqlite3.OperationalError("no such column: knock_tme")
    assert not _is_expected(bad_sql)
    assert "It was logged" in str(describe_error(bad_sql))
    bug = describe_error(KeyError("state"))
    assert "It was logged" in str(bug) and not _is_expected(KeyError("state"))


def test_a_bug_in_a_pass_is_logged_and_reaches_the_crash_handler(
    qtbot: Any,
    polis_server: Any,
    make_controller: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An SQLite error that is our bug (not a locked or full disk) used to count as
    "expected": shown as if logged, never logged. Now it is logged and handed on."""
    import sys

    from canvass_app.services import sync as sync_service
    from canvass_app.storage.dbapi import sqlite3

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise sqlite3.OperationalError("no such column: knock_tme")

    monkeypatch.setattr(sync_service, "run_pass", broken)
    seen: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: seen.append(error))
    controller = make_controller(polis_server.url, polis_server.token)
    events = Events(controller)
    with caplog.at_level("ERROR"), qtbot.waitSignal(controller.error_reported, timeout=WAIT_MS):
        controller.start()
    qtbot.waitUntil(lambda: not controller.is_syncing, timeout=WAIT_MS)
    assert any("failed unexpectedly" in r.getMessage() for r in caplog.records)
    assert len(seen) == 1 and isinstance(seen[0], sqlite3.OperationalError)
    assert "It was logged" in str(events.of("error_reported")[-1])


def test_the_sync_thread_keeps_one_engine_and_its_sending_threads(
    qtbot: Any, make_polis_server: Any, recorder: Recorder, make_controller: Any
) -> None:
    import threading

    def senders() -> set[int | None]:
        return {t.ident for t in threading.enumerate() if t.name.startswith("canvass-sync-")}

    server = make_polis_server(seed="empty", token="pool-token")
    before = senders()
    controller = make_controller(server.url, server.token, concurrency=3)
    with qtbot.waitSignal(controller.sync_finished, timeout=WAIT_MS):
        controller.start()
    seen = []
    for _ in range(3):
        recorder.record(5)
        with qtbot.waitSignal(
            controller.sync_finished, timeout=WAIT_MS, check_params_cb=lambda r: r.sent == 5
        ):
            controller.request_sync("manual")
        seen.append(senders() - before)
    assert len(seen[0]) == 3 and all(threads == seen[0] for threads in seen)
    controller.shutdown()
    assert senders() == before
