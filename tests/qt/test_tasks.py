"""run_in_background: work in a pool thread, every callback on the main thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QThread

from canvass_app.qt.tasks import is_inline, run_in_background

pytestmark = pytest.mark.gui


def test_result_and_progress_arrive_on_the_main_thread(qtbot: Any) -> None:
    main = threading.current_thread()
    worker_threads: list[threading.Thread] = []
    progress: list[tuple[int, int, bool]] = []
    results: list[tuple[int, bool]] = []

    def work(report: Callable[[int, int], None]) -> int:
        worker_threads.append(threading.current_thread())
        for done in range(1, 4):
            report(done, 3)
        return 42

    task = run_in_background(
        work,
        on_done=lambda value: results.append((value, threading.current_thread() is main)),
        on_error=lambda error: pytest.fail(f"unexpected error {error!r}"),
        on_progress=lambda done, total: progress.append(
            (done, total, threading.current_thread() is main)
        ),
    )
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert worker_threads and worker_threads[0] is not main
    assert results == [(42, True)]
    assert progress == [(1, 3, True), (2, 3, True), (3, 3, True)]


def test_an_exception_goes_to_on_error_on_the_main_thread(qtbot: Any) -> None:
    main_qthread = QThread.currentThread()
    errors: list[tuple[BaseException, bool]] = []

    def work(_report: Callable[[int, int], None]) -> None:
        raise LookupError("the walklist is not cached")

    task = run_in_background(
        work,
        on_done=lambda _value: pytest.fail("on_done must not run after an exception"),
        on_error=lambda error: errors.append((error, QThread.currentThread() is main_qthread)),
    )
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert len(errors) == 1
    error, on_main = errors[0]
    assert isinstance(error, LookupError) and "walklist" in str(error)
    assert on_main


def test_inline_mode_runs_before_returning(inline_tasks: None) -> None:
    assert is_inline()
    seen: list[Any] = []
    main = threading.current_thread()

    def work(report: Callable[[int, int], None]) -> str:
        assert threading.current_thread() is main
        report(1, 1)
        return "done"

    task = run_in_background(
        work,
        on_done=seen.append,
        on_error=seen.append,
        on_progress=lambda d, t: seen.append((d, t)),
    )
    assert task.done
    assert seen == [(1, 1), "done"]


def test_many_tasks_each_deliver_once(qtbot: Any) -> None:
    results: list[int] = []
    tasks = [
        run_in_background(
            lambda _report, n=n: n * n,
            on_done=results.append,
            on_error=lambda error: pytest.fail(repr(error)),
        )
        for n in range(20)
    ]
    qtbot.waitUntil(lambda: all(task.done for task in tasks), timeout=5000)
    assert sorted(results) == [n * n for n in range(20)]


def test_signals_do_not_use_up_references_to_true_and_false(qapp: Any) -> None:
    """PySide 6.12.0 on Python 3.11 drops a reference to True per emit and disconnect;
    canvass_app.qt repairs it (a GPS emitting every second would abort a long shift)."""
    import sys

    from PySide6.QtCore import QObject, Signal

    class Beacon(QObject):
        pinged = Signal(object)

    beacon = Beacon()

    def receiver(_value: object) -> None:
        pass

    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(2000):
        beacon.pinged.emit(1)
        beacon.pinged.connect(receiver)
        beacon.pinged.disconnect(receiver)
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert after[0] >= before[0] - 10 and after[1] >= before[1] - 10
