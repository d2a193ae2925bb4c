"""Where Canvass keeps its data on each platform (no Qt: headless commands use it too)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "canvass"


def default_data_dir() -> Path:
    """The platform's per-user application data folder for Canvass."""
    override = os.environ.get("CANVASS_DATA_DIR")
    if override:
        return Path(override).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
        return base / "Canvass"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "Canvass"
    base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / APP_DIR_NAME


def demo_data_dir() -> Path:
    """The demo keeps its practice data apart from real visits."""
    return default_data_dir().parent / f"{default_data_dir().name}-demo"


def ensure_private_dir(path: Path) -> Path:
    """Create the folder (and missing parents) readable by its owner only; a folder that
    exists keeps its mode (``--data-dir`` may name a folder shared on purpose)."""
    from canvass_app.storage.db import make_private_dir

    return make_private_dir(path)


def resources_dir() -> Path:
    """The files the app reads at run time (translations, icons, the demo's NMEA log).

    They live inside the package (``canvass_app/resources``), so one path serves the
    editable install, an installed wheel and the PyInstaller bundle (which keeps the
    package's layout under its ``_internal`` folder).
    """
    return Path(__file__).resolve().parents[1] / "resources"
