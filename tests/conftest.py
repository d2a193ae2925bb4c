"""Shared fixtures: a private data dir, a keyring of the test's own, the reference server.

No test touches the real user profile or the real keyring: every test gets its own data
dir, and the keyring backend is replaced by one that lives in a file of that test's own
temporary folder (shared with the processes it starts: ``support/file_keyring.py``).
"""

from __future__ import annotations

import contextlib
import importlib.abc
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from support.file_keyring import FILE_VARIABLE, FileKeyring

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"

# Headless Qt for every test that touches PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class _BlockQt(importlib.abc.MetaPathFinder):
    """Makes `import PySide6` fail, to prove the headless layers never need Qt."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "PySide6" or name.startswith("PySide6."):
            raise ModuleNotFoundError(f"{name} is blocked: this test run must not import Qt")
        return None


if os.environ.get("CANVASS_BLOCK_QT") == "1":
    sys.meta_path.insert(0, _BlockQt())


@contextlib.contextmanager
def _keyring_in(path: Path) -> Iterator[FileKeyring]:
    """``path`` as the keyring, here and in every process started meanwhile; the app's
    database key provider, as ``canvass-app`` installs it."""
    from canvass_app.credentials.db_key import forget_passphrases
    from canvass_app.services.database import use_database_keys
    from canvass_app.storage.encryption import use_key_provider

    previous = keyring.get_keyring()
    backend = FileKeyring(path)
    keyring.set_keyring(backend)
    use_database_keys()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(FILE_VARIABLE, str(path))
        patch.setenv("PYTHON_KEYRING_BACKEND", "support.file_keyring.FileKeyring")
        patch.setenv(
            "PYTHONPATH", os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")]))
        )
        try:
            yield backend
        finally:
            keyring.set_keyring(previous)
            use_key_provider(None)
            forget_passphrases()


@pytest.fixture(autouse=True, scope="session")
def _session_keyring(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FileKeyring]:
    """The keyring of fixtures shared by several tests (a module's filled ledger)."""
    with _keyring_in(tmp_path_factory.mktemp("session-keyring") / "keyring.json") as backend:
        yield backend


@pytest.fixture(autouse=True)
def memory_keyring(
    tmp_path_factory: pytest.TempPathFactory, _session_keyring: FileKeyring
) -> Iterator[FileKeyring]:
    """Each test's own keyring: a file in its temporary folder, starting with the keys of
    the shared fixtures (their databases must open), and shared with its processes."""
    path = tmp_path_factory.mktemp("keyring") / "keyring.json"
    if _session_keyring.path.exists():
        shutil.copyfile(_session_keyring.path, path)
    with _keyring_in(path) as backend:
        yield backend
    from canvass_app.services.database import use_database_keys

    use_database_keys()  # the session's keyring is back: so is its key provider


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point every per-user location at a temporary folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("CANVASS_TOKEN", raising=False)


@pytest.fixture(autouse=True, scope="session")
def _catalogues_from_the_ts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The app loads its .qm compiled from this checkout's .ts for this run (never a stale
    or missing one in the tree; `make translations` makes those for `make demo`)."""
    if os.environ.get("CANVASS_BLOCK_QT") == "1":
        yield
        return
    import importlib.util
    import subprocess

    spec = importlib.util.find_spec("PySide6")
    assert spec is not None and spec.origin is not None
    lrelease = Path(spec.origin).parent / (
        "lrelease.exe" if sys.platform == "win32" else "lrelease"
    )
    compiled = tmp_path_factory.mktemp("translations")
    for ts in sorted((ROOT / "canvass_app" / "resources" / "translations").glob("*.ts")):
        subprocess.run(
            [str(lrelease), "-silent", str(ts), "-qm", str(compiled / f"{ts.stem}.qm")], check=True
        )
    from canvass_app.ui import i18n

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(i18n, "translations_dir", lambda: compiled)
        yield


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "canvass-data"
    path.mkdir(mode=0o700)
    return path


@pytest.fixture
def make_polis_server() -> Iterator[Callable[..., Any]]:
    """Start reference servers with options; all are stopped when the test ends."""
    from canvass_app.server.runner import start_server

    started: list[Any] = []

    def make(**options: Any) -> Any:
        server = start_server(**options)
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()


@pytest.fixture
def polis_server(make_polis_server: Callable[..., Any]) -> Any:
    """The reference server with the demo seed, on 127.0.0.1 over real HTTP."""
    return make_polis_server(seed="demo", token="test-token")
