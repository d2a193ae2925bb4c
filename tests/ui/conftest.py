"""Fixtures for the door screen: a data dir with the demo walklist pulled, and windows.

Every window is built on a real SQLite data dir; the walklist is pulled over real HTTP
from the reference server. Windows are shut down (sync thread joined, timers stopped)
when the test ends.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6")

from canvass_app.api.client import PolisClient
from canvass_app.server.seed import DEMO_CAMPAIGN_ID, DEMO_LIST_ID
from canvass_app.services.pull import pull_walklist
from canvass_app.storage.db import open_database


@pytest.fixture
def pulled_data_dir(data_dir: Path, polis_server: Any) -> Path:
    """A data dir holding the demo walklist, pulled from the reference server."""
    db = open_database(data_dir)
    try:
        with PolisClient(polis_server.url, polis_server.token) as client:
            pull_walklist(db, client, DEMO_LIST_ID, DEMO_CAMPAIGN_ID)
    finally:
        db.conn.close()
    return data_dir


@pytest.fixture
def make_window(qtbot: Any, polis_server: Any) -> Iterator[Callable[..., Any]]:
    """Build MainWindow via app.build_main_window; services are not started unless asked."""
    from PySide6.QtWidgets import QApplication

    from canvass_app.ui.app import build_main_window
    from canvass_app.ui.theme import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, "light")  # what run_gui does: sizes and focus ring come from the theme

    windows: list[Any] = []

    def make(data_dir: Path, *, start_services: bool = False, **options: Any) -> Any:
        options.setdefault("api_url", polis_server.url)
        options.setdefault("token", polis_server.token)
        options.setdefault("list_id", DEMO_LIST_ID)
        window = build_main_window(data_dir=data_dir, start_services=start_services, **options)
        qtbot.addWidget(window)
        window.resize(1280, 860)
        window.show()
        qtbot.waitExposed(window)
        # window shortcuts (digits, Ctrl+Z, ...) fire only in the active window
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.shutdown()


@pytest.fixture
def window(pulled_data_dir: Path, make_window: Callable[..., Any]) -> Any:
    return make_window(pulled_data_dir)


# Where screenshot tests save their grabs: a temporary folder, so a test run never
# rewrites the tracked docs/screenshots/. `make screenshots` sets CANVASS_SCREENSHOTS_DIR
# to docs/screenshots to regenerate them on purpose.
SCREENSHOTS_ENV = "CANVASS_SCREENSHOTS_DIR"
_screenshot_folder: list[Path] = []


@pytest.fixture(autouse=True, scope="session")
def _screenshot_target(tmp_path_factory: pytest.TempPathFactory) -> None:
    chosen = os.environ.get(SCREENSHOTS_ENV)
    _screenshot_folder[:] = [Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")]


def screenshots_dir() -> Path:
    path = _screenshot_folder[0]
    path.mkdir(parents=True, exist_ok=True)
    return path
