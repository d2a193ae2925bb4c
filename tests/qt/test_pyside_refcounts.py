"""PySide6 6.12.0 on Python 3.11 dropped a reference to None on every void Qt call and one
to True/False on every signal emit, until the interpreter aborted. The pin in
pyproject.toml (6.11) avoids it; this test fails if a future PySide brings it back."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel


class _Beacon(QObject):
    pinged = Signal(object)


def test_void_calls_and_signals_keep_singleton_references(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    beacon = _Beacon()

    def receiver(_value: object) -> None:
        pass

    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(500):
        label.setText("x")
        beacon.pinged.emit(1)
        beacon.pinged.connect(receiver)
        beacon.pinged.disconnect(receiver)
    after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    assert all(a >= b - 20 for a, b in zip(after, before, strict=True)), (before, after)
