"""The entry point: version, usage errors, and Qt never loaded by headless commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from canvass_app import __version__
from canvass_app.cli.main import main


def test_version_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"canvass-app {__version__}"


def test_usage_error_exits_2(run_cli: Any, data_dir: Path) -> None:
    result = run_cli("sync", "--no-such-option", data_dir=data_dir)
    assert result.returncode == 2
    assert "unrecognized arguments" in result.stderr


def test_status_json_on_an_empty_data_dir_without_qt_or_a_progress_bar(data_dir: Path) -> None:
    probe = (
        "import sys, runpy\n"
        f"sys.argv = ['canvass-app', '--data-dir', {str(data_dir)!r}, 'status', '--json']\n"
        "try:\n"
        "    runpy.run_module('canvass_app', run_name='__main__')\n"
        "except SystemExit as stop:\n"
        "    assert stop.code in (0, None), stop.code\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'httpx', 'starlette', 'tqdm')))\n"
        "print('LOADED', loaded, file=sys.stderr)\n"
        "assert not [m for m in loaded if m.startswith(('PySide6', 'tqdm'))], loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    for key in (
        "queued",
        "sending",
        "sent",
        "retry_wait",
        "unknown",
        "needs_attention",
        "rejected",
    ):
        assert status[key] == 0
    assert status["oldest_unsent_age_s"] is None
    assert (data_dir / "canvass.sqlite3").stat().st_mode & 0o077 == 0


def test_sync_without_api_url_says_what_to_do(run_cli: Any, data_dir: Path) -> None:
    result = run_cli("sync", data_dir=data_dir)
    assert result.returncode == 2
    assert "--api-url" in result.stderr


def test_sync_refuses_a_concurrency_beyond_one_client_pool(run_cli: Any, data_dir: Path) -> None:
    result = run_cli(
        "--api-url", "http://127.0.0.1:9", "sync", "--concurrency", "17", data_dir=data_dir
    )
    assert result.returncode == 2
    assert "--concurrency must be a whole number from 1 to 16" in result.stderr


def test_plain_http_to_a_remote_host_is_refused(run_cli: Any, data_dir: Path) -> None:
    result = run_cli("--api-url", "http://api.example.org", "sync", data_dir=data_dir)
    assert result.returncode == 2
    assert "http" in result.stderr.lower()
