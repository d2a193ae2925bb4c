"""The tests' keyring: a JSON file in the test's temporary folder, never the real one.

A file rather than memory so the subprocesses a test starts (``canvass-app`` commands, a
killed migration) share the keys and tokens of the test: ``tests/conftest.py`` names the
file in ``CANVASS_TEST_KEYRING`` and this class in ``PYTHON_KEYRING_BACKEND``, which the
``keyring`` package of every child process reads.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.backend

FILE_VARIABLE = "CANVASS_TEST_KEYRING"


class FileKeyring(keyring.backend.KeyringBackend):
    """A keyring that forgets everything when the test's folder goes."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        self._path = path
        # What was last read or written: a test that drops its privileges (``seteuid``,
        # support/environment.py) can no longer read the file but keeps its keys.
        self._last: dict[tuple[str, str], str] = {}

    @property
    def path(self) -> Path:
        return self._path or Path(os.environ[FILE_VARIABLE])

    @property
    def _secrets(self) -> dict[tuple[str, str], str]:
        try:
            stored = json.loads(self.path.read_text())
        except FileNotFoundError:
            return {}
        except PermissionError:
            return dict(self._last)
        self._last = {(service, user): value for service, user, value in stored}
        return dict(self._last)

    def _write(self, secrets: dict[tuple[str, str], str]) -> None:
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps([[s, u, v] for (s, u), v in secrets.items()]))
        os.replace(temporary, self.path)
        self._last = dict(secrets)

    def get_password(self, service: str, username: str) -> str | None:
        return self._secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._write({**self._secrets, (service, username): password})

    def delete_password(self, service: str, username: str) -> None:
        secrets = self._secrets
        secrets.pop((service, username), None)
        self._write(secrets)
