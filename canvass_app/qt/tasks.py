"""Work off the main thread, callbacks on it (Anki's ``QueryOp`` pattern).

``run_in_background(fn, on_done=..., on_error=...)`` runs ``fn`` in a ``QThreadPool``
worker. ``fn`` receives a progress callback ``report(done, total)`` that is safe to call
from the worker. ``on_done``, ``on_error`` and ``on_progress`` always run on the thread
that owns the returned ``BackgroundTask`` (the main thread), through queued signals.

For deterministic tests (Picard's inline pool), ``set_inline(True)`` makes every task run
synchronously in the caller's thread; callbacks then run before ``run_in_background``
returns.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

T = TypeVar("T")

log = logging.getLogger(__name__)


_inline = False


def set_inline(inline: bool) -> None:
    """Run every later task synchronously in the caller's thread (for tests)."""
    global _inline
    _inline = inline


def is_inline() -> bool:
    return _inline


# Tasks that are still running: holds a reference so Python does not collect a task (and
# with it the QObject that delivers its result) while its worker is still busy.
_running: set[BackgroundTask[object]] = set()
_running_lock = threading.Lock()


class _Relay(QObject):
    """Carries results from the worker to the owner's thread (queued connections)."""

    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)


class BackgroundTask(QObject, Generic[T]):
    """One piece of work started by ``run_in_background``.

    ``done`` is True once ``on_done`` or ``on_error`` has run. ``wait()`` blocks until the
    worker has finished (the callbacks may still be queued; process events to get them).
    """

    def __init__(
        self,
        fn: Callable[[Callable[[int, int], None]], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
        on_progress: Callable[[int, int], None] | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._fn = fn
        self._on_done = on_done
        self._on_error = on_error
        self._on_progress = on_progress
        self._worker_finished = threading.Event()
        self.done = False
        self._relay = _Relay()
        self._relay.finished.connect(self._on_relay_finished)
        self._relay.failed.connect(self._on_relay_failed)
        self._relay.progressed.connect(self._on_relay_progressed)

    def _report(self, done: int, total: int) -> None:
        self._relay.progressed.emit(int(done), int(total))

    def run_here(self) -> None:
        """Run the work in the calling thread (the pool calls this from a worker)."""
        try:
            result = self._fn(self._report)
        except BaseException as error:
            self._worker_finished.set()
            self._relay.failed.emit(error)
        else:
            self._worker_finished.set()
            self._relay.finished.emit(result)

    def wait(self, timeout_s: float | None = None) -> bool:
        """Block until the worker has finished; True if it did within ``timeout_s``."""
        return self._worker_finished.wait(timeout_s)

    @Slot(object)
    def _on_relay_finished(self, result: T) -> None:
        self._finish()
        self._on_done(result)

    @Slot(object)
    def _on_relay_failed(self, error: BaseException) -> None:
        self._finish()
        self._on_error(error)

    @Slot(int, int)
    def _on_relay_progressed(self, done: int, total: int) -> None:
        if self._on_progress is not None and not self.done:
            self._on_progress(done, total)

    def _finish(self) -> None:
        self.done = True
        with _running_lock:
            _running.discard(self)


class _Runnable(QRunnable):
    def __init__(self, task: BackgroundTask[T]) -> None:
        super().__init__()
        self._task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        self._task.run_here()


def run_in_background(
    fn: Callable[[Callable[[int, int], None]], T],
    *,
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None],
    on_progress: Callable[[int, int], None] | None = None,
    parent: QObject | None = None,
) -> BackgroundTask[T]:
    """Run ``fn(report_progress)`` off the main thread; deliver its outcome on this thread.

    ``on_error`` receives any exception ``fn`` raised. Callbacks run in the thread that
    called ``run_in_background`` (it must have a Qt event loop: the main thread).
    """
    task: BackgroundTask[T] = BackgroundTask(fn, on_done, on_error, on_progress, parent)
    if _inline:
        # Same thread: the relay's connections are direct, so callbacks run right now.
        task.run_here()
        return task
    with _running_lock:
        _running.add(task)  # type: ignore[arg-type]
    QThreadPool.globalInstance().start(_Runnable(task))
    return task


def wait_for_all(timeout_ms: int = 30_000) -> bool:
    """Wait for every pooled task to finish (used at shutdown and by tests)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
