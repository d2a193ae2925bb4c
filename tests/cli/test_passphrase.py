"""No keyring: the CLI asks for the database's passphrase (here on standard input with
``--passphrase-stdin``), says plainly what it means, and refuses a wrong one in words."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from canvass_app.storage.db import database_path
from canvass_app.storage.encryption import is_plain

NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
PASSPHRASE = "correct horse battery staple"
Run = Callable[..., subprocess.CompletedProcess[str]]


def _status(
    run_cli: Run, data_dir: Path, stdin: str | None, *extra: str
) -> subprocess.CompletedProcess[str]:
    return run_cli("status", "--json", *extra, data_dir=data_dir, env=NO_KEYRING, stdin=stdin)


def test_a_passphrase_from_stdin_locks_and_opens_the_database(run_cli: Run, data_dir: Path) -> None:
    first = _status(run_cli, data_dir, PASSPHRASE + "\n", "--passphrase-stdin")
    assert first.returncode == 0, first.stderr
    # What a passphrase means, said plainly when it is chosen.
    assert "It cannot be recovered" in first.stderr and "are lost with it" in first.stderr
    path = database_path(data_dir)
    assert path.exists() and not is_plain(path)
    again = _status(run_cli, data_dir, PASSPHRASE + "\n", "--passphrase-stdin")
    assert again.returncode == 0, again.stderr

    wrong = _status(run_cli, data_dir, "not the passphrase\n", "--passphrase-stdin")
    assert wrong.returncode == 1
    assert "cannot be opened with this key" in wrong.stderr
    assert "Traceback" not in wrong.stderr and "file is not a database" not in wrong.stderr

    none = _status(run_cli, data_dir, "")  # no terminal, no --passphrase-stdin
    assert none.returncode == 1
    assert "needs a passphrase and none was given" in none.stderr
    assert "--passphrase-stdin" in none.stderr
    # The passphrase is written nowhere: not in the database, the logs or the settings.
    for file in data_dir.rglob("*"):
        if file.is_file():
            assert PASSPHRASE.encode() not in file.read_bytes(), file


def test_a_new_passphrase_must_be_long_enough(run_cli: Run, data_dir: Path) -> None:
    short = _status(run_cli, data_dir, "short\n", "--passphrase-stdin")
    assert short.returncode == 1
    assert "at least 8 characters" in short.stderr
    assert not database_path(data_dir).exists()


@pytest.mark.parametrize("command", [("history",), ("outbox", "export", "-")])
def test_other_commands_read_the_passphrase_the_same_way(
    run_cli: Run, data_dir: Path, command: tuple[str, ...]
) -> None:
    assert _status(run_cli, data_dir, PASSPHRASE + "\n", "--passphrase-stdin").returncode == 0
    result = run_cli(
        *command, "--passphrase-stdin", data_dir=data_dir, env=NO_KEYRING, stdin=PASSPHRASE + "\n"
    )
    assert "passphrase" not in result.stderr, result.stderr
