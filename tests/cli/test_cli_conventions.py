"""The command line behaves as people expect from one: global options anywhere, progress
only on a terminal, failures in the log with what happens next, one table of exit codes,
help for every option and an example for every command.

The commands run as real subprocesses against the reference server over real HTTP.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from support.page_examples import PAGE_POST_BODY

from canvass_app.cli.exit_codes import MEANINGS, ExitCode
from canvass_app.cli.main import build_parser, command_parsers
from canvass_app.server.seed import DEMO_LIST_ID

ROOT = Path(__file__).resolve().parents[2]
Run = Callable[..., subprocess.CompletedProcess[str]]


def _environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra or {})
    return env


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`canvass-app ARGS` with standard output and standard error as pipes."""
    return subprocess.run(
        [sys.executable, "-m", "canvass_app", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        env=_environment(env),
    )


def run_on_terminal(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """`canvass-app ARGS` with standard error on a terminal (a pty, 100 columns) and
    standard output a pipe; returns the exit code, stdout and what the terminal showed."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    shown: list[bytes] = []

    def read() -> None:
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal closed: the command has ended
                return
            if not chunk:
                return
            shown.append(chunk)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        process = subprocess.run(
            [sys.executable, "-m", "canvass_app", *map(str, args)],
            stdout=subprocess.PIPE,
            stderr=terminal,
            stdin=subprocess.DEVNULL,
            timeout=120,
            env=_environment(env),
        )
    finally:
        os.close(terminal)
        reader.join(timeout=30)
        os.close(controller)
    return process.returncode, process.stdout.decode(), b"".join(shown).decode(errors="replace")


def log_text(data_dir: Path) -> str:
    return (data_dir / "logs" / "canvass.log").read_text(encoding="utf-8")


def write_visits(path: Path, count: int) -> Path:
    lines = [
        json.dumps(dict(PAGE_POST_BODY, timestamp=f"2026-11-27T14:{n // 60:02d}:{n % 60:02d}.000Z"))
        for n in range(count)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def signed_in(polis_server: Any) -> dict[str, str]:
    return {"CANVASS_TOKEN": polis_server.token}


@pytest.fixture
def queued(data_dir: Path, polis_server: Any, tmp_path: Path) -> Path:
    """A data dir that knows the server and holds 5 queued visits."""
    result = run(
        "import", write_visits(tmp_path / "visits.jsonl", 5), "--data-dir", data_dir,
        "--api-url", polis_server.url,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return data_dir


# --- global options before or after the command -------------------------------------------


def test_global_options_are_accepted_after_the_command(data_dir: Path, tmp_path: Path) -> None:
    status = run("status", "--json", "--data-dir", data_dir, "--log-level", "debug")
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["queued"] == 0
    assert "at DEBUG" in log_text(data_dir)

    # Before, after, or split around the command: the same.
    assert json.loads(run("--json", "status", "--data-dir", data_dir).stdout)["sent"] == 0
    assert json.loads(run("--data-dir", data_dir, "status", "--json").stdout)["sent"] == 0
    assert json.loads(run("history", "--data-dir", data_dir, "--json").stdout) == []
    # A nested command takes them too.
    queue = tmp_path / "queue.jsonl"
    exported = run("outbox", "export", queue, "--data-dir", data_dir)
    assert exported.returncode == 0, exported.stderr
    assert queue.exists()


def test_an_option_given_after_the_command_wins(data_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    result = run("--data-dir", other, "status", "--data-dir", data_dir)
    assert result.returncode == 0, result.stderr
    assert (data_dir / "logs" / "canvass.log").exists()
    assert not other.exists()


def test_api_url_after_the_command_reaches_the_server(
    data_dir: Path, polis_server: Any, signed_in: dict[str, str]
) -> None:
    result = run("pull", "--list", DEMO_LIST_ID, "--api-url", polis_server.url, "--data-dir",
                 data_dir, env=signed_in)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Ready offline" in result.stdout


def test_json_is_refused_where_it_does_not_apply(data_dir: Path) -> None:
    result = run("logout", "--json", "--data-dir", data_dir)
    assert result.returncode == ExitCode.USAGE
    assert "--json applies to history, status, sync" in result.stderr


def test_sync_json_is_one_document(
    queued: Path, polis_server: Any, signed_in: dict[str, str]
) -> None:
    result = run(
        "sync", "--json", "--data-dir", queued, "--api-url", polis_server.url, env=signed_in
    )
    assert result.returncode == ExitCode.OK, result.stderr
    report = json.loads(result.stdout)
    assert report["sent"] == 5 and report["waiting"] == 0 and report["exit_code"] == 0
    assert report["status"]["sent"] == 5


# --- progress on a terminal, none in a pipe ----------------------------------------------


def _long_commands(data_dir: Path, tmp_path: Path, url: str) -> dict[str, list[str | Path]]:
    """Each long command with its bar's label, in an order where each has work to do."""
    queue = tmp_path / "queue.jsonl"
    return {
        "Downloading": ["pull", "--list", DEMO_LIST_ID],
        "Queueing": ["import", write_visits(tmp_path / "more.jsonl", 30)],
        "Exporting visits": ["export", "--format", "csv", tmp_path / "ledger.csv"],
        "Exporting queue": ["outbox", "export", queue],
        "Importing": ["outbox", "import", queue, "--data-dir", tmp_path / "other-laptop"],
        "Sending": ["sync", "--once"],
    }


@pytest.mark.parametrize("on_terminal", [True, False], ids=["terminal", "pipe"])
def test_long_work_shows_progress_on_a_terminal_only(
    on_terminal: bool, queued: Path, polis_server: Any, signed_in: dict[str, str], tmp_path: Path
) -> None:
    for label, command in _long_commands(queued, tmp_path, polis_server.url).items():
        args = [*command, "--api-url", polis_server.url]
        if "--data-dir" not in command:
            args += ["--data-dir", queued]
        if on_terminal:
            code, out, shown = run_on_terminal(*args, env=signed_in)
            assert code == 0, f"{label}: {shown}"
            word = label.split()[0]
            # tqdm's bar: the label, a count, redrawn in place with \r.
            assert re.search(rf"{word}:.*\d+/\d+", shown), f"{label}: no bar in {shown!r}"
            assert "\r" in shown
        else:
            result = run(*args, env=signed_in)
            assert result.returncode == 0, f"{label}: {result.stderr}"
            out, shown = result.stdout, result.stderr
            assert "\r" not in shown and "%|" not in shown, f"{label}: {shown!r}"
        assert "\r" not in out and "%|" not in out  # stdout stays what a script reads


# --- failures in the log: what happened and what happens next ----------------------------


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        # How many were sent before the first answer paused the rest (sync.pacing) varies.
        ("503", "send(s) may have reached the server or not (POST /v2/interactions answered 503"),
        ("429", "send(s) were not accepted now (POST /v2/interactions answered 429"),
    ],
)
def test_a_failed_sync_logs_a_warning_with_what_happens_next(
    fault: str, expected: str, queued: Path, make_polis_server: Any
) -> None:
    # Retry-After above the longest wait a pass holds (sync.pacing.LONGEST_HELD_WAIT_S):
    # the pass ends at the first answer. A shorter one may be held, or not, depending on
    # how long the machine took between the answer and the next request.
    server = make_polis_server(
        seed="demo", token="t-fault", faults=f"POST /v2/interactions: {fault}=1, retry_after=100"
    )
    result = run("sync", "--once", "--api-url", server.url, "--data-dir", queued,
                 env={"CANVASS_TOKEN": "t-fault"})  # fmt: skip
    assert result.returncode == ExitCode.WAITING, result.stdout + result.stderr
    warnings = [line for line in log_text(queued).splitlines() if " WARNING " in line]
    then = "looked up on the server before it is sent again" if fault == "503" else "retried in"
    assert any(expected in line and then in line for line in warnings), warnings
    # Retry-After: 100, a floor with up to as much again of jitter on top (sync.backoff)
    assert re.search(r"in (9\d|1[01]\d) s|in [23] min", " ".join(warnings)), warnings
    assert "t-fault" not in log_text(queued)


def test_sign_in_needed_is_logged_and_says_nothing_more_is_sent(
    queued: Path, polis_server: Any
) -> None:
    result = run("sync", "--api-url", polis_server.url, "--data-dir", queued,
                 env={"CANVASS_TOKEN": "wrong-token-value"})  # fmt: skip
    assert result.returncode == ExitCode.SIGN_IN
    assert "canvass-app login" in result.stderr
    log = log_text(queued)
    assert re.search(r"WARNING .*sign-in needed .*401.*nothing more is sent until then", log), log
    assert "wrong-token-value" not in log

    pulled = run("pull", "--list", DEMO_LIST_ID, "--api-url", polis_server.url, "--data-dir",
                 queued, env={"CANVASS_TOKEN": "wrong-token-value"})  # fmt: skip
    assert pulled.returncode == ExitCode.SIGN_IN
    assert re.search(
        r"WARNING .*pull failed \(exit 5\): .*401.*nothing more is sent", log_text(queued)
    )
    assert "wrong-token-value" not in log_text(queued)


# --- one table of exit codes ---------------------------------------------------------------


def _every_command() -> list[list[str]]:
    parser = build_parser()
    return [sub.prog.split()[1:] for sub in command_parsers(parser) if sub.get_default("handler")]


@pytest.mark.parametrize("command", _every_command(), ids=" ".join)
def test_a_usage_error_exits_2_in_every_command(command: list[str], data_dir: Path) -> None:
    result = run(*command, "--no-such-option", "--data-dir", data_dir)
    assert result.returncode == ExitCode.USAGE, result.stderr
    assert f"canvass-app {' '.join(command)}: error:" in result.stderr or (
        "unrecognized arguments: --no-such-option" in result.stderr
    )


@pytest.mark.parametrize("command", [["pull", "--list", DEMO_LIST_ID], ["sync"]], ids=" ".join)
def test_sign_in_needed_exits_5_in_every_command_that_talks_to_the_server(
    command: list[str], queued: Path, polis_server: Any
) -> None:
    for token in (None, "not-the-token"):
        env = {"CANVASS_TOKEN": token} if token else None
        result = run(*command, "--api-url", polis_server.url, "--data-dir", queued, env=env)
        assert result.returncode == ExitCode.SIGN_IN, result.stdout + result.stderr


@pytest.mark.parametrize("command", [["pull", "--list", DEMO_LIST_ID], ["sync"]], ids=" ".join)
def test_a_server_out_of_reach_exits_3(command: list[str], queued: Path) -> None:
    down = "http://127.0.0.1:9"  # the discard port: nothing listens
    result = run(*command, "--api-url", down, "--data-dir", queued, env={"CANVASS_TOKEN": "t"})
    assert result.returncode == ExitCode.WAITING, result.stdout + result.stderr
    then = {
        "pull": "can be run again when the server answers",
        "sync": "5 visit(s) wait in the outbox for the next sync",
    }[command[0]]
    assert re.search(rf"WARNING .*{re.escape(then)}", log_text(queued)), log_text(queued)


def test_a_visit_gone_from_the_server_exits_4(
    queued: Path, polis_server: Any, signed_in: dict[str, str]
) -> None:
    url = ("--api-url", polis_server.url)
    assert run("sync", "--data-dir", queued, *url, env=signed_in).returncode == ExitCode.OK
    visit = json.loads(run("history", "--json", "--limit", "1", "--data-dir", queued).stdout)[0]
    httpx.delete(
        f"{polis_server.url}/v2/interactions/{visit['server_id']}",
        headers={"Authorization": f"Bearer {polis_server.token}", "etag": visit["etag"]},
    ).raise_for_status()
    patch = '[{"op": "replace", "path": "/data/successful", "value": true}]'
    assert run("edit", visit["local_id"], "--patch", patch, "--data-dir", queued).returncode == 0
    result = run("sync", "--data-dir", queued, *url, env=signed_in)
    assert result.returncode == ExitCode.ATTENTION, result.stdout + result.stderr


def test_a_command_that_cannot_do_its_work_exits_1(queued: Path) -> None:
    result = run("delete", "no-such-visit", "--data-dir", queued)
    assert result.returncode == ExitCode.FAILED, result.stderr
    assert re.search(r"WARNING .*delete failed \(exit 1\)", log_text(queued))


def test_the_readme_shows_the_exit_code_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Exit codes", 1)[1].split("\n#", 1)[0]
    rows = dict(re.findall(r"^\| (\d+) \| (.+?) \|$", section, re.M))
    assert {int(code) for code in rows} == {int(code) for code in ExitCode}
    for code, meaning in MEANINGS.items():
        assert rows[str(int(code))] == meaning.replace("|", "\\|")


# --- help: every option, an example for every command, the environment ----------------------


def test_every_option_has_help_and_every_command_an_example() -> None:
    parser = build_parser()
    missing: list[str] = []
    for sub in [parser, *command_parsers(parser)]:
        if sub is not parser and "examples:\n  canvass-app" not in (sub.epilog or ""):
            missing.append(f"{sub.prog}: no example")
        for action in sub._actions:
            hidden = action.help == argparse.SUPPRESS and action.dest == "gui_list"
            if not action.help and not hidden:
                missing.append(f"{sub.prog}: {action.option_strings or action.dest}")
    assert not missing


def test_help_documents_every_environment_variable_the_app_reads() -> None:
    read: set[str] = set()
    for path in (ROOT / "canvass_app").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        read |= set(re.findall(r"environ(?:\.get)?[\(\[]\s*\"([A-Z_]+)\"", text))
        read |= set(re.findall(r"^ENVIRONMENT_VARIABLE = \"([A-Z_]+)\"", text, re.M))
    assert {"CANVASS_TOKEN", "CANVASS_DATA_DIR"} <= read
    shown = run("--help")
    assert shown.returncode == 0
    assert not [name for name in read if name not in shown.stdout]
    assert "exit codes" in shown.stdout and "  5  sign-in needed" in shown.stdout
    for command in ("pull", "sync"):
        assert "CANVASS_TOKEN" in run(command, "--help").stdout
