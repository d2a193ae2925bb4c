"""NetworkMonitor: the API probe decides, one probe at a time, the OS only hints."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtNetwork import QNetworkInformation

from canvass_app.qt.network import NetworkMonitor

pytestmark = pytest.mark.gui


class Probe:
    """A probe whose answer the test sets; counts calls and overlapping calls."""

    def __init__(self, answer: bool = True) -> None:
        self.answer = answer
        self.calls = 0
        self.running = 0
        self.max_running = 0
        self.gate = threading.Event()
        self.gate.set()
        self._lock = threading.Lock()

    def __call__(self) -> bool:
        with self._lock:
            self.calls += 1
            self.running += 1
            self.max_running = max(self.max_running, self.running)
        try:
            self.gate.wait(10)
            if isinstance(self.answer, BaseException):
                raise self.answer
            return self.answer
        finally:
            with self._lock:
                self.running -= 1


def _monitor(probe: Any, changes: list[bool]) -> NetworkMonitor:
    monitor = NetworkMonitor(probe, use_system_reachability=False)
    monitor.online_changed.connect(changes.append)
    return monitor


def test_online_only_after_the_probe_answers(qtbot: Any) -> None:
    probe = Probe(True)
    changes: list[bool] = []
    monitor = _monitor(probe, changes)
    assert monitor.online is None
    monitor.start()
    try:
        qtbot.waitUntil(lambda: changes == [True], timeout=5000)
        assert monitor.online is True
        probe.answer = False
        monitor.recheck()
        qtbot.waitUntil(lambda: changes == [True, False], timeout=5000)
        assert monitor.online is False
        # Unchanged answers do not repeat the signal.
        monitor.recheck()
        qtbot.waitUntil(lambda: probe.calls == 3 and not monitor.is_probing, timeout=5000)
        assert changes == [True, False]
    finally:
        monitor.stop()


def test_a_probe_that_raises_means_offline(qtbot: Any) -> None:
    probe = Probe()
    probe.answer = ConnectionError("no route to host")  # type: ignore[assignment]
    changes: list[bool] = []
    monitor = _monitor(probe, changes)
    monitor.start()
    try:
        qtbot.waitUntil(lambda: changes == [False], timeout=5000)
    finally:
        monitor.stop()


def test_one_probe_at_a_time_and_one_more_after_a_burst(qtbot: Any) -> None:
    probe = Probe(True)
    probe.gate.clear()
    changes: list[bool] = []
    monitor = _monitor(probe, changes)
    monitor.start()
    try:
        for _ in range(10):
            monitor.recheck()
        qtbot.waitUntil(lambda: probe.calls == 1, timeout=5000)
        probe.gate.set()
        # The burst during the first probe is answered by exactly one more probe.
        qtbot.waitUntil(lambda: probe.calls == 2 and not monitor.is_probing, timeout=5000)
        assert probe.max_running == 1
        assert changes == [True]
    finally:
        monitor.stop()


def test_without_a_probe_it_trusts_the_system(qtbot: Any) -> None:
    changes: list[bool] = []
    monitor = _monitor(None, changes)
    monitor.start()
    monitor.stop()
    assert changes == [True]


def test_the_os_saying_disconnected_is_offline_at_once(qtbot: Any) -> None:
    probe = Probe(True)
    changes: list[bool] = []
    monitor = NetworkMonitor(probe)  # with the OS backend when one loads
    monitor.online_changed.connect(changes.append)
    monitor.start()
    try:
        qtbot.waitUntil(lambda: changes == [True], timeout=5000)
        assert monitor.backend_name is None or isinstance(monitor.backend_name, str)
        # What the backend's signal delivers when the cable is pulled:
        monitor._on_info_reachability_changed(QNetworkInformation.Reachability.Disconnected)
        assert changes == [True, False]
        calls = probe.calls
        # Back: the probe is asked before saying online again.
        monitor._on_info_reachability_changed(QNetworkInformation.Reachability.Online)
        qtbot.waitUntil(lambda: changes == [True, False, True], timeout=5000)
        assert probe.calls == calls + 1
    finally:
        monitor.stop()


def test_stop_waits_for_a_running_probe(qtbot: Any) -> None:
    probe = Probe(True)
    probe.gate.clear()
    changes: list[bool] = []
    monitor = _monitor(probe, changes)
    monitor.start()
    qtbot.waitUntil(lambda: probe.running == 1, timeout=5000)
    threading.Timer(0.05, probe.gate.set).start()
    monitor.stop()
    assert probe.running == 0
    # A probe that ends after stop() does not announce anything.
    qtbot.wait(20)
    assert changes == []
