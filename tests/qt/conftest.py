"""Fixtures for the Qt adapter tests: fail any test that leaves a thread or timer running.

After napari's ``_dangling_qthreads`` / ``_dangling_qtimers``: ``QThread.start`` and
``QTimer.start`` are wrapped to remember what a test started; when the test ends, a
thread still running, a timer still active or a pool task still busy fails it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QThread, QThreadPool, QTimer

from canvass_app.qt import tasks

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _no_dangling_qt(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    threads: list[QThread] = []
    timers: list[QTimer] = []
    thread_start = QThread.start
    timer_start = QTimer.start

    def start_thread(self: QThread, *args: Any) -> None:
        threads.append(self)
        thread_start(self, *args)

    def start_timer(self: QTimer, *args: Any) -> None:
        # Single-shot timers that a test never sees fire are as dangling as repeating ones.
        timers.append(self)
        timer_start(self, *args)

    monkeypatch.setattr(QThread, "start", start_thread)
    monkeypatch.setattr(QTimer, "start", start_timer)
    yield
    problems: list[str] = []
    for thread in threads:
        try:
            if thread.isRunning():
                problems.append(f"a QThread is still running: {thread.objectName() or thread!r}")
                thread.quit()
                thread.wait(5000)
        except RuntimeError:  # the C++ object was deleted: it cannot be running
            pass
    for timer in timers:
        try:
            if timer.isActive():
                problems.append(f"a QTimer is still active (interval {timer.interval()} ms)")
                timer.stop()
        except RuntimeError:
            pass
    if not QThreadPool.globalInstance().waitForDone(10_000):
        problems.append("a background task is still running in the thread pool")
    threads.clear()
    timers.clear()
    gc.collect()
    if problems:
        pytest.fail("; ".join(problems))


@pytest.fixture
def inline_tasks() -> Iterator[None]:
    """run_in_background runs synchronously in the test's thread."""
    tasks.set_inline(True)
    try:
        yield
    finally:
        tasks.set_inline(False)
