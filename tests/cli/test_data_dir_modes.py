"""`--data-dir` never changes the mode of a folder Canvass did not create (issue 12, 7)."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_an_existing_folder_keeps_its_mode(tmp_path: Path, run_cli: Any) -> None:
    shared = tmp_path / "team-share"
    shared.mkdir()
    (shared / "logs").mkdir()  # the person's own folder of that name, too
    os.chmod(shared, 0o750)
    os.chmod(shared / "logs", 0o755)
    result = run_cli("status", data_dir=shared)
    assert result.returncode == 0, result.stderr
    assert _mode(shared) == 0o750
    assert _mode(shared / "logs") == 0o755
    assert _mode(shared / "canvass.sqlite3") == 0o600  # what Canvass writes is private
    assert _mode(shared / "logs" / "canvass.log") == 0o600


def test_folders_canvass_creates_are_owner_only(tmp_path: Path, run_cli: Any) -> None:
    os.chmod(tmp_path, 0o755)
    data_dir = tmp_path / "new" / "profile"
    old_umask = os.umask(0o022)  # the child inherits the usual umask
    try:
        result = run_cli("status", data_dir=data_dir)
    finally:
        os.umask(old_umask)
    assert result.returncode == 0, result.stderr
    for folder in (tmp_path / "new", data_dir, data_dir / "logs"):
        assert _mode(folder) == 0o700, folder
    assert _mode(data_dir / "canvass.sqlite3") == 0o600
    assert _mode(tmp_path) == 0o755
