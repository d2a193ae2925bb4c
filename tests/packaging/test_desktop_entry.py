"""One application id everywhere, and a desktop entry and metainfo a distribution accepts.

`make package-check` runs the validators on the files the tarball ships; here they run on
the sources when the tools are installed (desktop-file-utils, appstream).
"""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication, QIcon

from canvass_app import APP_ID
from canvass_app.qt.position import DESKTOP_ID
from canvass_app.ui.app import identify_application

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_one_application_id_everywhere(qapp: QGuiApplication) -> None:
    assert sorted(p.name for p in LINUX.glob("io.*")) == [
        f"{APP_ID}.desktop",
        f"{APP_ID}.metainfo.xml",
    ]
    entry = _desktop_entry()
    assert entry["Icon"] == APP_ID
    metainfo = ET.parse(METAINFO).getroot()
    assert metainfo.findtext("id") == APP_ID
    assert metainfo.findtext("launchable") == f"{APP_ID}.desktop"
    assert metainfo.findtext("icon") == APP_ID
    # The location service is asked as the desktop entry (GeoClue matches it by name).
    assert DESKTOP_ID == APP_ID
    before = (qapp.applicationName(), qapp.organizationName(), qapp.applicationVersion())
    try:
        identify_application(qapp)  # type: ignore[arg-type]
        assert QGuiApplication.desktopFileName() == APP_ID
        assert not QGuiApplication.windowIcon().isNull()
    finally:
        qapp.setApplicationName(before[0])
        qapp.setOrganizationName(before[1])
        qapp.setApplicationVersion(before[2])
        QGuiApplication.setDesktopFileName("")
        QGuiApplication.setWindowIcon(QIcon())
    # The build names the installed icons and files from the same constant.
    build = (ROOT / "packaging" / "build.sh").read_text(encoding="utf-8")
    assert "canvass_app.APP_ID" in build and "io.github" not in build
    spec = (ROOT / "packaging" / "canvass.spec").read_text(encoding="utf-8")
    assert "^APP_ID = " in spec and "io.github" not in spec


def test_the_entry_explains_why_it_asks_for_the_location() -> None:
    entry = _desktop_entry()
    assert "door" in entry["X-Geoclue-Reason"]
    assert entry["X-Geoclue-Reason[es]"]
    assert entry["Categories"] == "Office;"


def test_the_metainfo_screenshots_are_the_committed_ones() -> None:
    metainfo = ET.parse(METAINFO).getroot()
    urls = [image.text or "" for image in metainfo.iter("image")]
    assert len(urls) >= 3
    for url in urls:
        match = re.fullmatch(
            r"https://raw\.githubusercontent\.com/canvassapp/canvass/main/(.+)", url
        )
        assert match, url
        assert (ROOT / match.group(1)).is_file(), f"{url} names no committed file"
    assert metainfo.find("screenshots/screenshot[@type='default']") is not None
    assert metainfo.findtext("url[@type='homepage']") == "https://github.com/canvassapp/canvass"


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed"
)
def test_desktop_file_validate_finds_nothing() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and result.stdout + result.stderr == "", result.stdout


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream not installed")
def test_appstreamcli_validates_the_metainfo(tmp_path: Path) -> None:
    filled = tmp_path / METAINFO.name  # as build.sh fills it in
    filled.write_text(
        METAINFO.read_text(encoding="utf-8")
        .replace("@VERSION@", "0.1.0")
        .replace("@DATE@", "2026-12-01"),
        encoding="utf-8",
    )
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", "--explain", str(filled)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
