"""Every user-visible string of the ui package has a Spanish translation in canvass_app/resources/."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "canvass_app" / "resources" / "translations" / "canvass_es.ts"


def test_spanish_covers_every_string_of_the_ui(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed beside this Python")
    scratch = tmp_path / "canvass_es.ts"
    shutil.copy(SHIPPED, scratch)
    sources = sorted(str(p) for p in (ROOT / "canvass_app" / "ui").rglob("*.py"))
    subprocess.run(
        [str(lupdate), "-no-obsolete", *sources, "-ts", str(scratch)],
        check=True,
        capture_output=True,
    )
    missing = []
    for message in ET.parse(scratch).getroot().iter("message"):
        translation = message.find("translation")
        source = message.findtext("source")
        if translation is None or translation.get("type") == "unfinished" or not translation.text:
            missing.append(source)
    assert not missing, (
        f"{len(missing)} string(s) have no Spanish; run the commands in "
        f"tools/fill_es.py: {missing[:10]}"
    )
