"""Qt helpers for the GUI benchmarks: one QApplication, waiting for a real paint, and a
1 ms heartbeat that measures how long the main thread was away.

Only the GUI benchmarks import this module (the others never load Qt).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget


def application() -> QApplication:
    """The QApplication, made the way ``ui.app.run_gui`` makes it (name, theme).

    PySide6 6.12 on CPython 3.11 lost a reference to ``None`` on every void call, and the
    waits below make thousands of them; the project pins a release without the bug, and
    its old guard is used when it is still there.
    """
    try:
        from canvass_app.ui.supervisor.qt_workarounds import (
            guard_none_refcount,
        )
    except ImportError:
        pass
    else:
        guard_none_refcount()
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(["canvass-bench"])
    app.setApplicationName("Canvass")
    app.setOrganizationName("Canvass")
    from canvass_app.ui.theme import apply_theme

    apply_theme(app, "light")
    return app


class PaintProbe(QObject):
    """Notes the time of the paint events a widget receives (only those painted while
    ``when()`` is true, when given: e.g. "the tree has rows")."""

    def __init__(self, widget: QWidget, when: Callable[[], bool] | None = None) -> None:
        super().__init__(widget)
        self.widget = widget
        self.when = when
        self.painted_at: float | None = None
        widget.installEventFilter(self)

    def reset(self) -> None:
        self.painted_at = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() == QEvent.Type.Paint:
            if self.when is None or self.when():
                self.painted_at = time.perf_counter()
        return False


def wait_for_paint(probe: PaintProbe, timeout_s: float = 60.0) -> float:
    """Process events until ``probe``'s widget has painted; the perf_counter time right
    after the event-loop turn that painted it (the painting itself included).

    Raises TimeoutError when nothing paints within ``timeout_s``.
    """
    painted = paint_or_none(probe, timeout_s)
    if painted is None:
        raise TimeoutError(f"no paint of {type(probe.widget).__name__} within {timeout_s} s")
    return painted


def paint_or_none(probe: PaintProbe, timeout_s: float) -> float | None:
    """Like wait_for_paint, but None when nothing painted (nothing on screen changed)."""
    deadline = time.perf_counter() + timeout_s
    while True:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        if probe.painted_at is not None:
            return time.perf_counter()
        if time.perf_counter() > deadline:
            return None
        time.sleep(0.0005)


def spin(seconds: float) -> None:
    """Run the event loop for ``seconds`` (timers fire, signals from threads arrive)."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def spin_until(condition: Any, timeout_s: float) -> bool:
    """Run the event loop until ``condition()`` is true or the timeout passes."""
    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            return False
        spin(0.02)
    return True


class Heartbeat(QObject):
    """A 1 ms precise QTimer on the main thread; records the gaps between its ticks.

    A gap much longer than 1 ms is a stall: the main thread was busy (or waiting for the
    GIL) and the window could not repaint or take a key.
    """

    def __init__(self) -> None:
        super().__init__()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._last: float | None = None
        self.gaps_ms: list[float] = []
        self.worst: list[tuple[float, float]] = []  # (gap ms, when it ended, perf_counter)

    def start(self) -> None:
        self.gaps_ms.clear()
        self.worst.clear()
        self._last = None
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _on_timer_timeout(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            gap = (now - self._last) * 1000
            self.gaps_ms.append(gap)
            if gap > 20:
                self.worst.append((gap, now))
        self._last = now

    @property
    def longest_ms(self) -> float:
        return max(self.gaps_ms) if self.gaps_ms else 0.0
