"""`history`, `export` and `outbox export` ask for the supervisor PIN once one is set:
from the terminal or `--pin-stdin`; a wrong one is exit code 7 and counts towards the
same lockout as the app's (the real CLI, in a subprocess)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from support.page_examples import PAGE_POST_BODY

from canvass_app.cli.exit_codes import ExitCode
from canvass_app.services import people
from canvass_app.services.visits import import_visit
from canvass_app.storage.db import open_database
from canvass_app.storage.pins import load_pin

PIN = "482913"
Run = Callable[..., CompletedProcess[str]]

GATED = [
    ("history", "--json"),
    ("export", "--format", "jsonl", "{out}"),
    ("outbox", "export", "{out}"),
]


def _laptop(data_dir: Path, *, pin: str | None) -> None:
    db = open_database(data_dir)
    try:
        import_visit(db, PAGE_POST_BODY, canvasser="ana")
        if pin is not None:
            people.set_supervisor_pin(db, pin)
    finally:
        db.close()


def _args(command: tuple[str, ...], out: Path) -> list[str]:
    return [part.format(out=out) for part in command]


@pytest.mark.parametrize("command", GATED, ids=[" ".join(c[:2]) for c in GATED])
def test_without_a_pin_set_nothing_is_asked(
    run_cli: Run, data_dir: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    _laptop(data_dir, pin=None)
    result = run_cli(*_args(command, tmp_path / "out.jsonl"), data_dir=data_dir, stdin="")
    assert result.returncode == ExitCode.OK, result.stderr


@pytest.mark.parametrize("command", GATED, ids=[" ".join(c[:2]) for c in GATED])
def test_the_right_pin_on_stdin_opens_the_command(
    run_cli: Run, data_dir: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    _laptop(data_dir, pin=PIN)
    out = tmp_path / "out.jsonl"
    result = run_cli(*_args(command, out), "--pin-stdin", data_dir=data_dir, stdin=PIN + "\n")
    assert result.returncode == ExitCode.OK, result.stderr
    if command[0] == "history":
        assert json.loads(result.stdout)[0]["data"]["contactId"]
    else:
        assert out.read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("command", GATED, ids=[" ".join(c[:2]) for c in GATED])
def test_a_wrong_or_missing_pin_shows_and_writes_nothing(
    run_cli: Run, data_dir: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    _laptop(data_dir, pin=PIN)
    out = tmp_path / "out.jsonl"
    wrong = run_cli(*_args(command, out), "--pin-stdin", data_dir=data_dir, stdin="000001\n")
    assert wrong.returncode == ExitCode.PIN == 7
    assert "Wrong PIN. 2 more tries before a wait." in wrong.stderr
    assert wrong.stdout == "" and not out.exists()
    # not a terminal and no --pin-stdin: said, not hung on a prompt
    missing = run_cli(*_args(command, out), data_dir=data_dir, stdin="")
    assert missing.returncode == ExitCode.PIN
    assert "--pin-stdin" in missing.stderr and missing.stdout == ""
    empty = run_cli(*_args(command, out), "--pin-stdin", data_dir=data_dir, stdin="\n")
    assert empty.returncode == ExitCode.PIN and "no PIN" in empty.stderr
    assert not out.exists()


def test_cli_tries_count_towards_the_apps_lockout(run_cli: Run, data_dir: Path) -> None:
    _laptop(data_dir, pin=PIN)
    for _ in range(3):
        result = run_cli("history", "--pin-stdin", data_dir=data_dir, stdin="000001\n")
        assert result.returncode == ExitCode.PIN
    assert "wait 30 seconds" in result.stderr
    locked = run_cli("history", "--pin-stdin", data_dir=data_dir, stdin=PIN + "\n")
    assert locked.returncode == ExitCode.PIN and "Try again in" in locked.stderr
    db = open_database(data_dir)
    try:
        assert load_pin(db.conn).failed_attempts == 3  # type: ignore[union-attr]
        with pytest.raises(people.PinLocked):  # the app sees the same lock
            people.verify_supervisor_pin(db, PIN)
    finally:
        db.close()


def test_help_names_the_option_and_the_exit_code(run_cli: Run, data_dir: Path) -> None:
    for command in (["history"], ["export"], ["outbox", "export"]):
        assert "--pin-stdin" in run_cli(*command, "--help", data_dir=data_dir).stdout
    assert "supervisor PIN is needed" in run_cli("--help", data_dir=data_dir).stdout


def test_at_a_terminal_the_pin_is_asked(data_dir: Path) -> None:
    """Standard input is a terminal (a pseudo-terminal here): the PIN is prompted for."""
    import os
    import pty
    import select
    import subprocess
    import sys

    _laptop(data_dir, pin=PIN)
    leader, follower = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "canvass_app", "--data-dir", str(data_dir), "history"],
        stdin=follower,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # no controlling terminal: never the runner's own
    )
    try:
        # getpass flushes what was typed before its prompt: answer once it is shown
        assert child.stderr is not None
        shown = ""
        while not shown.endswith("Supervisor PIN: "):
            ready, _, _ = select.select([child.stderr], [], [], 60)
            assert ready, f"no prompt; stderr so far: {shown!r}"
            piece = os.read(child.stderr.fileno(), 1024)  # below the file's buffer
            assert piece, f"the command ended without a prompt: {shown!r}"
            shown += piece.decode()
        os.write(leader, (PIN + "\n").encode())
        out, err = (part.decode() for part in child.communicate(timeout=120))
    finally:
        if child.poll() is None:
            child.kill()
        os.close(leader)
        os.close(follower)
    assert child.returncode == ExitCode.OK, err
    assert "knock time (UTC)" in out


def test_set_up_chooses_the_pin_once(run_cli: Run, data_dir: Path) -> None:
    weak = run_cli("set-up", "--pin-stdin", data_dir=data_dir, stdin="123456\n")
    assert weak.returncode == ExitCode.USAGE and "too easy to guess" in weak.stderr
    no_terminal = run_cli("set-up", data_dir=data_dir, stdin="")
    assert no_terminal.returncode == ExitCode.USAGE and "--pin-stdin" in no_terminal.stderr
    done = run_cli("set-up", "--pin-stdin", "--own-pins", data_dir=data_dir, stdin=PIN + "\n")
    assert done.returncode == ExitCode.OK, done.stderr
    again = run_cli("set-up", "--pin-stdin", data_dir=data_dir, stdin="570386\n")
    assert again.returncode == ExitCode.USAGE and "already set up" in again.stderr
    db = open_database(data_dir)
    try:
        people.verify_supervisor_pin(db, PIN)  # the first PIN stands
        assert people.own_pins_on(db)
    finally:
        db.close()
