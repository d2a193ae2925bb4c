"""Child process of B7: the real ``canvass-app --data-dir DIR`` start, stopped at the
first paint of the window.

``QApplication.exec`` is replaced before the CLI runs, so everything up to the event loop
is the app's own code path (argument parsing, logging, settings, translators, theme,
``build_main_window`` with its services started). The replacement processes events until
the door screen has painted, prints ``SHOWN``, and returns 0 so the CLI shuts down as on
a normal quit. The parent measures from spawning this process to reading ``SHOWN``.

    python benchmarks/startup_probe.py DATA_DIR
"""

from __future__ import annotations

import sys
import time


def _exec_until_painted(*_args: object) -> int:
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject
    from PySide6.QtWidgets import QApplication, QMainWindow

    painted: list[float] = []

    class _Probe(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(time.perf_counter())
            return False

    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow)]
    if not windows:
        print("NO-WINDOW", flush=True)
        return 1
    probe = _Probe()
    windows[0].installEventFilter(probe)
    deadline = time.perf_counter() + 60
    while not painted and time.perf_counter() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    print("SHOWN" if painted else "NO-PAINT", flush=True)
    return 0


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: startup_probe.py DATA_DIR", file=sys.stderr)
        return 2
    from PySide6.QtWidgets import QApplication

    QApplication.exec = _exec_until_painted  # type: ignore[method-assign]
    from canvass_app.cli.main import main as cli_main

    return int(cli_main(["--data-dir", argv[0]]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
