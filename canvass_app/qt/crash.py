"""The one crash handler: anything unexpected, from any thread, ends up here.

``install_crash_handler(app, data_dir)`` replaces ``sys.excepthook`` and
``threading.excepthook``. For an exception nobody caught it:

1. logs the traceback (redacted like every log line) to the data dir's log file and
   prints it, redacted, to stderr;
2. hands a ``CrashReport`` (a copyable summary and the log path) to the main thread
   through a queued signal, whatever thread it came from;
3. shows ONE crash dialog: while it is open, later crashes are logged and added to it,
   never stacked as more windows.

It writes nothing but the log: the outbox and the settings are left exactly as they were,
so a crash during a save cannot half-write anything on top of what SQLite already did.
Ctrl+C (KeyboardInterrupt) goes to the previous hook, not to the dialog.
"""

from __future__ import annotations

import importlib
import logging
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

import PySide6
from PySide6.QtCore import QObject, Qt, Signal, Slot, qVersion
from PySide6.QtWidgets import QApplication, QWidget

from canvass_app import __version__
from canvass_app.services.logs import log_path, redact

log = logging.getLogger("canvass.qt.crash")

# The default dialog lives in the ui layer, which the qt layer may not import (the layer
# contract in pyproject.toml); it is looked up by name only when a crash has to be shown
# and the caller gave no presenter. The GUI start-up passes it explicitly.
DEFAULT_PRESENTER = "canvass_app.ui.crash_dialog:show_crash_dialog"


@dataclass(frozen=True)
class CrashReport:
    """What the person sees and can copy; secrets are already removed."""

    headline: str  # "ValueError: the message"
    summary: str  # version, platform, thread, time, log path, traceback
    log_path: Path
    thread_name: str
    time_utc: str


# A presenter shows a report and returns the widget it opened (kept until it closes).
Presenter = Callable[[CrashReport], QWidget]


def build_report(
    exc_type: type[BaseException],
    exc: BaseException | None,
    tb: TracebackType | None,
    *,
    thread_name: str,
    log_file: Path,
) -> CrashReport:
    """The report for one exception (pure text work: safe in any thread)."""
    when = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    detail = "".join(traceback.format_exception(exc_type, exc, tb)).rstrip()
    message = str(exc) if exc is not None else ""
    headline = redact(f"{exc_type.__name__}: {message}" if message else exc_type.__name__)
    summary = "\n".join(
        [
            f"Canvass {__version__}: unexpected error",
            f"Time (UTC): {when}",
            f"Thread: {thread_name}",
            f"Platform: {platform.platform()}",
            f"Python {platform.python_version()}; Qt {qVersion()}; PySide6 {PySide6.__version__}",
            f"Log file: {log_file}",
            f"Error: {headline}",
            "",
            redact(detail),
        ]
    )
    return CrashReport(headline, summary, log_file, thread_name, when)


def _load_default_presenter() -> Presenter:
    module_name, _, attribute = DEFAULT_PRESENTER.partition(":")
    presenter: Presenter = getattr(importlib.import_module(module_name), attribute)
    return presenter


class CrashHandler(QObject):
    """Owns the hooks and the one dialog; lives in the main thread."""

    crash_reported = Signal(object)  # CrashReport, delivered on the main thread

    def __init__(self, app: QApplication, data_dir: Path, present: Presenter | None) -> None:
        super().__init__(app)
        self._log_file = log_path(data_dir)
        self._present = present
        self._dialog: QWidget | None = None
        self._lock = threading.Lock()
        self.dialogs_opened = 0
        self.crashes_seen = 0
        self._previous_excepthook = sys.excepthook
        self._previous_threading_excepthook = threading.excepthook
        # Queued even when emitted from the main thread: the dialog never opens inside the
        # code that failed (which may hold a half-built widget or a lock).
        self.crash_reported.connect(self._on_crash_reported, Qt.ConnectionType.QueuedConnection)

    @property
    def dialog(self) -> QWidget | None:
        """The crash dialog currently open, if any."""
        return self._dialog

    # --- hooks (any thread) ------------------------------------------------------------

    def excepthook(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous_excepthook(exc_type, exc, tb)
            return
        self.handle(exc_type, exc, tb, threading.current_thread().name)

    def threading_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if issubclass(args.exc_type, SystemExit):
            return  # the thread asked to end; not a crash (Python's own hook agrees)
        name = args.thread.name if args.thread is not None else "an unnamed thread"
        self.handle(args.exc_type, args.exc_value, args.exc_traceback, name)

    def handle(
        self,
        exc_type: type[BaseException],
        exc: BaseException | None,
        tb: TracebackType | None,
        thread_name: str,
    ) -> None:
        """Log the exception and send its report to the main thread. Never raises."""
        try:
            with self._lock:
                self.crashes_seen += 1
            error = exc if exc is not None else exc_type()
            log.critical(
                "unexpected error in thread %s", thread_name, exc_info=(exc_type, error, tb)
            )
            report = build_report(
                exc_type, exc, tb, thread_name=thread_name, log_file=self._log_file
            )
            print(report.summary, file=sys.stderr, flush=True)
            self.crash_reported.emit(report)
        except Exception:  # the handler itself must not raise into the failing code
            sys.__excepthook__(exc_type, exc if exc is not None else exc_type(), tb)

    # --- main thread ---------------------------------------------------------------------

    @Slot(object)
    def _on_crash_reported(self, report: CrashReport) -> None:
        if self._dialog is not None:
            add_report = getattr(self._dialog, "add_report", None)
            if callable(add_report):
                add_report(report)
            return
        present = self._present or _load_default_presenter()
        dialog = present(report)
        self._dialog = dialog
        self.dialogs_opened += 1
        dialog.destroyed.connect(self._on_dialog_destroyed)
        finished = getattr(dialog, "finished", None)
        if finished is not None:
            finished.connect(self._on_dialog_finished)

    @Slot()
    def _on_dialog_finished(self) -> None:
        dialog, self._dialog = self._dialog, None
        if dialog is not None:
            dialog.deleteLater()

    @Slot()
    def _on_dialog_destroyed(self) -> None:
        self._dialog = None

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self.threading_excepthook

    def uninstall(self) -> None:
        if sys.excepthook == self.excepthook:
            sys.excepthook = self._previous_excepthook
        if threading.excepthook == self.threading_excepthook:
            threading.excepthook = self._previous_threading_excepthook


_handler: CrashHandler | None = None


def install_crash_handler(
    app: QApplication, data_dir: Path, present: Presenter | None = None
) -> None:
    """Route every uncaught exception (main thread and other threads) to one crash dialog.

    ``present`` shows a report and returns the dialog it opened; by default the dialog of
    ``canvass_app.ui.crash_dialog``. Installing again replaces the previous handler.
    """
    global _handler
    if _handler is not None:
        _handler.uninstall()
    _handler = CrashHandler(app, Path(data_dir), present)
    _handler.install()
    log.info("crash handler installed; log file %s", _handler._log_file)


def uninstall_crash_handler() -> None:
    """Give the hooks back to whoever had them before (tests; shutting down)."""
    global _handler
    if _handler is not None:
        _handler.uninstall()
        _handler.setParent(None)
        _handler.deleteLater()
        _handler = None


def current_crash_handler() -> CrashHandler | None:
    """The installed handler (tests read ``dialog`` and ``dialogs_opened`` from it)."""
    return _handler
