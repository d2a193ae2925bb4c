"""The sync worker: one thread, its own DB connection and HTTP client, one pass at a time.

``SyncController`` lives in the main thread. It owns a ``QThread`` whose worker object runs
``services.sync.run_pass`` with a connection, a ``PolisClient`` (a connection slot per
visit in flight) and ONE ``SyncEngine`` made in that thread and kept across passes, so the
engine's sending threads are made once, not on every pass (SQLite connections and the
client are never shared with other threads). Triggers:

- ``"saved"``: after each saved visit (the UI calls ``request_sync("saved")``);
- ``"timer"``: every ``interval_s`` as a fallback, because OS network signals get missed;
- ``"manual"``: "Sync now", which also resets the backoff;
- ``"network"``: the API became reachable again (``NetworkMonitor``);
- ``"start"``: once at start; ``"signed_in"``: after ``set_token`` with a token.

Two triggers never start two passes: a trigger during a pass is remembered and runs one
more pass when this one ends (a timer tick during a pass is dropped: the pass is the tick).
Shutdown asks the running pass to stop (``should_stop``) and joins the thread.

Counts (``counts_changed``) are read in the main thread on a connection of its own: the
query is cheap, and the status bar must not wait for a long pass to end.

Housekeeping the door screen's saves leave for later: every ``HOUSEKEEPING_INTERVAL_S``
between passes the sync thread indexes new visits for search (``storage.search_index``)
and checkpoints the WAL, which the door screen's connection defers (``storage.db``); a
pass's own connections checkpoint as they write.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from canvass_app.api.errors import (
    ApiError,
    AuthError,
    ForbiddenError,
    ProtocolError,
    TransientError,
)
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message
from canvass_app.core.outbox import (
    DEFAULT_SYNC_CONCURRENCY,
    SyncCounts,
    SyncProgress,
    SyncReport,
    check_concurrency,
)
from canvass_app.qt.network import NetworkMonitor
from canvass_app.services import problems
from canvass_app.sync.pass_words import says_offline

if TYPE_CHECKING:
    import sqlite_utils

    from canvass_app.api.client import PolisClient
    from canvass_app.services.sync import SyncEngine, SyncSettings

log = logging.getLogger(__name__)

TRIGGERS = frozenset({"manual", "saved", "timer", "network", "start", "signed_in"})
# Triggers that run even while the API looks unreachable or sign-in is needed.
_FORCED_TRIGGERS = frozenset({"manual", "start", "signed_in"})
# Triggers that reset the backoff of waiting visits.
_RESET_BACKOFF_TRIGGERS = frozenset({"manual", "signed_in"})

COUNTS_REFRESH_INTERVAL_S = 10.0
# At a door's pace (a visit a minute, ~30 WAL pages each) the WAL stays a few hundred KB.
HOUSEKEEPING_INTERVAL_S = 30.0
# Coalesces a burst of count refreshes (progress of a long pass, several saves).
COUNTS_REFRESH_DELAY_MS = 250

# What a pass tells the canvasser (context "SyncStatus"): what happened, whether the
# visits are safe, what to do. The technical detail goes to the log and the sync log.
MESSAGE_OFFLINE = problems.OFFLINE.message()
MESSAGE_SIGN_IN = problems.SIGN_IN.message()
MESSAGE_NO_SERVER = QT_TRANSLATE_NOOP(
    "SyncStatus", "No Polis server address is set. Enter it in Settings to send visits."
).message()
BAD_SETTINGS = QT_TRANSLATE_NOOP(
    "SyncStatus",
    "The server address, the trusted certificate authority or the sign-in cannot be used. "
    "Check them in Settings.",
)


def describe_report(report: SyncReport) -> Message | None:
    """The outcome of a pass in words with what to do, or None when all is well.

    The engine's own words (``SyncReport.message``); sign-in and a plain "offline" use
    the status line's shared messages, so the controller can tell them apart. The
    technical ``last_error`` never reaches the canvasser (it is logged).
    """
    if report.last_error:
        log.info("sync pass: %s", report.last_error)
    if report.auth_required:
        return MESSAGE_SIGN_IN
    if report.offline and (report.message is None or says_offline(report.message)):
        return MESSAGE_OFFLINE
    return report.message


def describe_error(error: BaseException) -> Message:
    """An exception a pass raised, in words with what to do (never the token)."""
    if isinstance(error, _NoServer):
        return MESSAGE_NO_SERVER
    if isinstance(error, _BadSettings):  # which one and why is in the log
        return BAD_SETTINGS.message()
    return problems.expected_problem(error) or problems.bug_message()


class _NoServer(Exception):
    """No API URL is configured."""


class _BadSettings(Exception):
    """The API URL or the token cannot be used; the message says why (never the token)."""


def _is_expected(error: BaseException) -> bool:
    """Expected problems are shown in words; anything else is a bug for the crash handler
    (``services.problems`` decides: an SQLite error is expected only when the machine
    caused it — locked, full, read-only, damaged — never a bad statement)."""
    if isinstance(error, _NoServer | _BadSettings):
        return True
    return problems.expected_problem(error) is not None


class _SyncWorker(QObject):
    """Runs in the sync thread; owns that thread's DB connection and HTTP client."""

    progressed = Signal(object)  # SyncProgress
    pass_finished = Signal(object)  # SyncReport
    pass_failed = Signal(object)  # BaseException

    def __init__(
        self,
        data_dir: Path,
        api_url: str | None,
        token: str | None,
        concurrency: int,
        settings: SyncSettings | None,
    ) -> None:
        super().__init__()
        self._data_dir = data_dir
        self._concurrency = concurrency
        self._settings = settings
        self._lock = threading.Lock()
        self._api_url = api_url
        self._token = token
        self._settings_changed = True
        self._db: sqlite_utils.Database | None = None
        self._client: PolisClient | None = None
        # Kept across passes with its sending threads; made anew with a new client.
        self._engine: SyncEngine | None = None
        self._client_url: str | None = None
        self._client_options: dict[str, Any] = {}
        self.stop_requested = threading.Event()

    def configure(self, api_url: str | None, token: str | None) -> None:
        """Called from the main thread; applied at the start of the next pass."""
        with self._lock:
            self._api_url = api_url
            self._token = token
            self._settings_changed = True

    def _client_for_pass(self) -> PolisClient:
        from canvass_app.api.client import PolisClient

        with self._lock:
            url, token, changed = self._api_url, self._token, self._settings_changed
            self._settings_changed = False
        if url is None:
            raise _NoServer()
        options = _client_options(self._data_dir)
        try:
            if self._client is not None and (changed or options != self._client_options):
                if self._client_url != url or options != self._client_options:
                    self._close_client()
                else:
                    self._client.set_token(token)
            if self._client is None:
                # A connection slot for each of the engine's sending threads.
                self._client = PolisClient(url, token, max_connections=self._concurrency, **options)
                self._client_url = url
                self._client_options = options
        except ValueError as error:
            # A bad URL or a malformed token; the client's messages never quote the token.
            with self._lock:
                self._settings_changed = True  # try again with the next settings
            log.warning("the Polis client cannot be made: %s", error)
            raise _BadSettings(str(error)) from None
        return self._client

    def _database(self) -> sqlite_utils.Database:
        if self._db is None:
            from canvass_app.storage.db import open_database

            self._db = open_database(self._data_dir)
        return self._db

    def _engine_for_pass(self, db: sqlite_utils.Database, client: PolisClient) -> SyncEngine:
        from canvass_app.services.sync import make_engine

        if self._engine is None:
            self._engine = make_engine(
                db, client, concurrency=self._concurrency, settings=self._settings
            )
        return self._engine

    def _close_client(self) -> None:
        """Close the engine (its sending threads) and the client it sends with."""
        try:
            if self._engine is not None:
                self._engine.close()
        finally:
            self._engine = None
            if self._client is not None:
                try:
                    self._client.close()
                finally:
                    self._client = None

    @Slot(bool)
    def run_pass(self, reset_backoff: bool) -> None:
        from canvass_app.services.sync import run_pass

        if self.stop_requested.is_set():
            # Shutting down: a pass queued just before shutdown() must not even probe.
            self.pass_finished.emit(_stopped_report())
            return
        try:
            client = self._client_for_pass()
            db = self._database()
            report = run_pass(
                db,
                self._engine_for_pass(db, client),
                progress=self.progressed.emit,
                should_stop=self.stop_requested.is_set,
                reset_backoff=reset_backoff,
            )
        except BaseException as error:
            if not _is_expected(error):
                log.exception("the sync pass failed unexpectedly")
            self.pass_failed.emit(error)
        else:
            self.pass_finished.emit(report)

    @Slot()
    def housekeeping(self) -> None:
        """File the visits saved at the door, index new visits for search, then copy the
        WAL into the database file."""
        from canvass_app.storage.db import checkpoint
        from canvass_app.storage.search_index import index_pending

        try:
            db = self._database()
            index_pending(db.conn)
            checkpoint(db)
        except Exception as error:
            if not _is_expected(error):
                raise  # a bug: to the crash handler
            # Harmless to miss: the next tick catches up, and a search indexes first.
            log.warning("could not tidy the database: %s", error)

    def close(self) -> None:
        """Release the engine, the client and the connection (in the sync thread, as it
        ends)."""
        self._close_client()
        if self._db is not None:
            try:
                self._db.conn.close()
            finally:
                self._db = None


def _stopped_report() -> SyncReport:
    return SyncReport(
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


class _SyncThread(QThread):
    """The sync thread: runs its event loop, then closes the worker's resources in it."""

    def __init__(self, worker: _SyncWorker) -> None:
        super().__init__()
        self._worker = worker
        self.setObjectName("canvass-sync")

    def run(self) -> None:
        try:
            self.exec()
        finally:
            self._worker.close()


class SyncController(QObject):
    """Starts sync passes from triggers, never two at once; reports in signals."""

    progress_changed = Signal(object)  # SyncProgress
    counts_changed = Signal(object)  # SyncCounts
    sync_finished = Signal(object)  # SyncReport
    sync_started = Signal()
    error_reported = Signal(object)  # core.messages.Message, in words for the canvasser
    auth_required = Signal()
    online_changed = Signal(bool)

    _pass_requested = Signal(bool)  # reset_backoff; delivered to the worker's thread
    _housekeeping_requested = Signal()  # delivered to the worker's thread

    def __init__(
        self,
        data_dir: Path,
        api_url: str | None,
        token: str | None,
        *,
        interval_s: float = 60,
        concurrency: int = DEFAULT_SYNC_CONCURRENCY,
        parent: QObject | None = None,
        network_monitor: NetworkMonitor | None = None,
        sync_settings: SyncSettings | None = None,
    ) -> None:
        """``network_monitor`` and ``sync_settings`` are for tests and the demo (a monitor
        without OS reachability; shorter engine timings)."""
        super().__init__(parent)
        if (
            isinstance(interval_s, bool)
            or not isinstance(interval_s, int | float)
            or not interval_s > 0
        ):
            raise ValueError(f"interval_s must be a number of seconds above 0, not {interval_s!r}")
        check_concurrency(concurrency)
        self._data_dir = Path(data_dir)
        self._api_url = api_url
        self._token = token
        self._interval_s = interval_s
        self._concurrency = concurrency

        self._worker = _SyncWorker(self._data_dir, api_url, token, concurrency, sync_settings)
        self._thread = _SyncThread(self._worker)
        self._worker.moveToThread(self._thread)
        self._pass_requested.connect(self._worker.run_pass)
        self._housekeeping_requested.connect(self._worker.housekeeping)
        self._worker.progressed.connect(self._on_worker_progressed)
        self._worker.pass_finished.connect(self._on_worker_pass_finished)
        self._worker.pass_failed.connect(self._on_worker_pass_failed)

        self._sync_timer = QTimer(self)
        self._sync_timer.setInterval(int(interval_s * 1000))
        self._sync_timer.timeout.connect(self._on_sync_timer_timeout)
        self._counts_timer = QTimer(self)
        self._counts_timer.setInterval(int(COUNTS_REFRESH_INTERVAL_S * 1000))
        self._counts_timer.timeout.connect(self.refresh_counts)
        self._counts_soon = QTimer(self)
        self._counts_soon.setSingleShot(True)
        self._counts_soon.setInterval(COUNTS_REFRESH_DELAY_MS)
        self._counts_soon.timeout.connect(self.refresh_counts)
        self._housekeeping_timer = QTimer(self)
        self._housekeeping_timer.setInterval(int(HOUSEKEEPING_INTERVAL_S * 1000))
        self._housekeeping_timer.timeout.connect(self._housekeeping_requested)

        self._probe_lock = threading.Lock()
        self._probe_client: PolisClient | None = None
        self._probe_client_key: tuple[str | None, str | None, str] | None = None
        self._monitor = network_monitor or NetworkMonitor(self._probe_api, self)
        self._monitor.online_changed.connect(self._on_monitor_online_changed)

        self._counts_db: sqlite_utils.Database | None = None
        self._started = False
        self._stopped = False
        self._syncing = False
        self._pending: set[str] = set()
        self._auth_paused = False
        self._last_error: Message | None = None
        self._seen_offline = False
        self.passes_started = 0  # for the status view and tests

    # ---- public API -------------------------------------------------------------------

    @property
    def is_syncing(self) -> bool:
        return self._syncing

    @property
    def online(self) -> bool | None:
        return self._monitor.online

    @property
    def last_error(self) -> Message | None:
        """The last error in words, None after a clean pass."""
        return self._last_error

    @property
    def network_monitor(self) -> NetworkMonitor:
        return self._monitor

    def start(self) -> None:
        """Start the thread, the timers, the network monitor, and a first pass."""
        if self._started:
            return
        if self._stopped:
            raise RuntimeError("this SyncController was shut down; make a new one")
        self._started = True
        self._thread.start()
        self._sync_timer.start()
        self._counts_timer.start()
        self._housekeeping_timer.start()
        self.refresh_counts()
        self._monitor.start()
        self.request_sync("start")

    def shutdown(self) -> None:
        """Stop timers and the monitor, stop the running pass, join the thread. Idempotent."""
        if self._stopped:
            return
        self._stopped = True
        self._pending.clear()
        for timer in (
            self._sync_timer,
            self._counts_timer,
            self._counts_soon,
            self._housekeeping_timer,
        ):
            timer.stop()
        self._monitor.stop()
        self._worker.stop_requested.set()
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()
        self._syncing = False
        with self._probe_lock:
            if self._probe_client is not None:
                self._probe_client.close()
                self._probe_client = None
        if self._counts_db is not None:
            self._counts_db.conn.close()
            self._counts_db = None

    def request_sync(self, reason: str = "manual") -> None:
        """Ask for a pass; coalesced with a running one (see the module docstring)."""
        if reason not in TRIGGERS:
            raise ValueError(
                f"unknown sync trigger {reason!r}; expected one of {', '.join(sorted(TRIGGERS))}"
            )
        if self._stopped or not self._started:
            return
        if reason == "saved":
            self._schedule_counts_refresh()
        if self._api_url is None:
            self._report_error(MESSAGE_NO_SERVER)
            return
        if not self._token:
            self._pause_for_sign_in(announce=reason in _FORCED_TRIGGERS)
            return
        if reason not in _FORCED_TRIGGERS:
            if self._auth_paused:
                return
            if self._monitor.online is False:
                # The network trigger will sync when it is back; ask again now and then.
                if reason == "timer":
                    self._monitor.recheck()
                return
        if self._syncing:
            if reason != "timer":
                self._pending.add(reason)
            return
        self._begin_pass(reason)

    def set_token(self, token: str | None) -> None:
        self._token = token
        self._worker.configure(self._api_url, token)
        if token:
            was_paused = self._auth_paused
            self._auth_paused = False
            if was_paused or self._last_error == MESSAGE_SIGN_IN:
                self._last_error = None
            self._monitor.recheck()
            self.request_sync("signed_in")
        else:
            self._pause_for_sign_in()

    def set_api_url(self, url: str | None) -> None:
        self._api_url = url
        self._worker.configure(url, self._token)
        self._monitor.recheck()
        if url is not None:
            self.request_sync("manual")

    def refresh_counts(self) -> None:
        """Read the counts on the main thread's own connection and emit ``counts_changed``."""
        if self._stopped:
            return
        try:
            counts = self._read_counts()
        except Exception as error:
            if not _is_expected(error):
                raise  # a bug: to the crash handler
            self._report_error(describe_error(error))
            return
        self.counts_changed.emit(counts)

    # ---- internals --------------------------------------------------------------------

    def _read_counts(self) -> SyncCounts:
        from canvass_app.services.visits import sync_counts

        if self._counts_db is None:
            from canvass_app.services.instance import resume_interrupted
            from canvass_app.storage.db import open_database

            self._counts_db = open_database(self._data_dir)
            # The first read is at start: the sends a dead process left half done become
            # unknown now (when this process holds the folder), not when their leases end.
            resume_interrupted(self._counts_db)
        result: SyncCounts = sync_counts(self._counts_db)
        return result

    def _schedule_counts_refresh(self) -> None:
        if not self._counts_soon.isActive():
            self._counts_soon.start()

    def _begin_pass(self, reason: str) -> None:
        self._syncing = True
        self.passes_started += 1
        self._worker.stop_requested.clear()
        log.info("sync pass %d started (%s)", self.passes_started, reason)
        self.sync_started.emit()
        self._pass_requested.emit(reason in _RESET_BACKOFF_TRIGGERS)

    def _end_pass(self) -> None:
        self._syncing = False
        if self._stopped or not self._pending:
            return
        pending, self._pending = self._pending, set()
        # One more pass for everything asked during this one (manual first: it resets backoff).
        reason = "manual" if "manual" in pending else sorted(pending)[0]
        self.request_sync(reason)

    def _pause_for_sign_in(self, *, announce: bool = True) -> None:
        """Pause automatic passes until sign-in; say so once (and whenever asked)."""
        newly_paused = not self._auth_paused
        self._auth_paused = True
        self._pending.clear()
        if newly_paused or announce:
            self._report_error(MESSAGE_SIGN_IN)
            self.auth_required.emit()

    def _report_error(self, message: Message) -> None:
        self._last_error = message
        self.error_reported.emit(message)

    def _probe_api(self) -> bool:
        """Runs in a pool thread: a cheap authenticated GET, True when the API answered."""
        from canvass_app.api.client import PolisClient

        url, token = self._api_url, self._token
        if url is None:
            return False
        with self._probe_lock:
            if self._stopped:
                return False
            options = _client_options(self._data_dir)
            key = (url, token, repr(sorted(options.items())))
            if self._probe_client is None or self._probe_client_key != key:
                if self._probe_client is not None:
                    self._probe_client.close()
                    self._probe_client = None
                try:
                    self._probe_client = PolisClient(url, token, **options)
                except ValueError:  # an unusable URL or token: said by the pass, in words
                    return False
                self._probe_client_key = key
            try:
                self._probe_client.probe()
            except (TransientError, ProtocolError):
                # No answer, or not the API's answer (a captive portal's page).
                return False
            except ApiError:
                # The API answered (a 401 included): it is reachable; the pass sorts it out.
                return True
            return True

    @Slot(object)
    def _on_worker_progressed(self, progress: SyncProgress) -> None:
        if self._stopped:
            return
        self.progress_changed.emit(progress)
        self._schedule_counts_refresh()

    @Slot(object)
    def _on_worker_pass_finished(self, report: SyncReport) -> None:
        if self._stopped:
            return
        if report.offline:
            self._monitor.set_online_from_sync(False)
        elif report.sent:
            self._monitor.set_online_from_sync(True)
        message = describe_report(report)
        if report.auth_required:
            self._auth_paused = True
            self._pending.clear()
        self.sync_finished.emit(report)
        if report.counts.counts or report.counts.last_sync_at is not None:
            self.counts_changed.emit(report.counts)
        else:
            self.refresh_counts()
        if message is not None:
            self._report_error(message)
        else:
            self._last_error = None
        if report.auth_required:
            self.auth_required.emit()
        self._end_pass()

    @Slot(object)
    def _on_worker_pass_failed(self, error: BaseException) -> None:
        if self._stopped:
            return
        if isinstance(error, AuthError | ForbiddenError):
            self._auth_paused = True
            self._pending.clear()
            self._report_error(MESSAGE_SIGN_IN)
            self.auth_required.emit()
        else:
            if isinstance(error, TransientError | ProtocolError):
                self._monitor.set_online_from_sync(False)
            self._report_error(describe_error(error))
            if not _is_expected(error):
                # A bug: hand it to the crash handler (which shows the log path).
                sys.excepthook(type(error), error, error.__traceback__)
        self.refresh_counts()
        self._end_pass()

    @Slot()
    def _on_sync_timer_timeout(self) -> None:
        self.request_sync("timer")

    @Slot(bool)
    def _on_monitor_online_changed(self, online: bool) -> None:
        self.online_changed.emit(online)
        if not online:
            self._seen_offline = True
            return
        # Only a return from offline triggers: the first "online" is covered by "start".
        if self._seen_offline:
            self._seen_offline = False
            self.request_sync("network")


def _client_options(data_dir: Path) -> dict[str, Any]:
    """The settings the HTTP client is made with (patch path form, trusted CA file)."""
    from canvass_app.services.settings import client_options, load_settings

    return client_options(load_settings(data_dir))
