"""The `canvass-app` entry point (also `python -m canvass_app`).

Headless commands never import Qt, so they start fast and run on machines without a
display; the GUI is imported only when no command is given. Each command group lives in
its own module and is imported only when used.

The global options (``--data-dir``, ``--api-url``, ``--log-level``, ``--json``) are accepted
before or after the command: every command's parser carries them too, with no default of
its own, so a value given after the command wins and the top parser's default applies
when none is given. Exit codes are the one table in ``cli.exit_codes``.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from canvass_app import __version__
from canvass_app.cli.exit_codes import CONSEQUENCES, ExitCode, table_text
from canvass_app.cli.help_text import ENVIRONMENT, examples

log = logging.getLogger("canvass.cli")

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
GLOBAL_DEFAULTS: dict[str, Any] = {
    "data_dir": None,
    "api_url": None,
    "log_level": "INFO",
    "json": False,
    "passphrase_stdin": False,
}
SIGN_IN_HINT = (
    "canvass-app: sign in with `canvass-app login` (the token is kept in the system "
    "keyring), or set CANVASS_TOKEN for scripts."
)


def _add_global_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("global options (before or after the command)")
    suppress: Any = argparse.SUPPRESS  # the top parser's defaults fill in what is not given
    group.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        default=suppress,
        help="where visits, settings and logs are kept (default: CANVASS_DATA_DIR, else the "
        "platform's app-data folder; the demo keeps its own)",
    )
    group.add_argument(
        "--api-url",
        metavar="URL",
        default=suppress,
        help="the Polis API root, https:// (http:// only for this machine); remembered in "
        "the settings",
    )
    group.add_argument(
        "--log-level",
        type=str.upper,
        choices=LOG_LEVELS,
        metavar="LEVEL",
        default=suppress,
        help="how much goes to the log file <data dir>/logs/canvass.log: DEBUG, INFO "
        "(default), WARNING or ERROR",
    )
    group.add_argument(
        "--json",
        action="store_true",
        default=suppress,
        help="print one JSON document instead of text (status, history, sync)",
    )
    group.add_argument(
        "--passphrase-stdin",
        action="store_true",
        default=suppress,
        help="where no keyring keeps the key of the visits database: read its passphrase "
        "from the first line of standard input (else it is asked in the terminal)",
    )


class _HelpFormatter(argparse.HelpFormatter):
    """Paragraphs are wrapped to the terminal; a paragraph with indented lines (examples,
    the environment, the exit codes) is kept as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        paragraphs = []
        for paragraph in text.split("\n\n"):
            lines = paragraph.splitlines()
            if any(line.startswith(" ") for line in lines):
                paragraphs.append("\n".join(indent + line for line in lines))
            else:
                paragraphs.append(super()._fill_text(paragraph, width, indent))
        return "\n\n".join(paragraphs)


class _Parser(argparse.ArgumentParser):
    """argparse with the global options on every parser, examples kept as written, and
    exit code 2 on usage errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)
        _add_global_options(self)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(ExitCode.USAGE, f"{self.prog}: error: {message}\n")


def command_parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """Every command's parser under ``parser`` (``outbox`` and ``outbox export`` alike)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):  # aliases appear twice
                yield sub
                yield from command_parsers(sub)


def _top_epilog() -> str:
    return "\n\n".join(
        (
            examples(
                "canvass-app --demo",
                "canvass-app --api-url https://polis.example.org login",
                "canvass-app pull --list LIST_ID",
                "canvass-app sync",
                "canvass-app status --json --data-dir ~/canvass-test",
                note="`canvass-app COMMAND --help` shows a command's options and examples.",
            ),
            ENVIRONMENT,
            "exit codes (the same in every command):\n" + table_text(),
        )
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="canvass-app",
        description="Offline-first door-to-door canvassing. With no command, opens the app.",
        epilog=_top_epilog(),
    )
    parser.set_defaults(**GLOBAL_DEFAULTS)
    parser.add_argument(
        "--version",
        action="version",
        version=f"canvass-app {__version__}",
        help="print the version",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the app on the embedded demo server with practice data",
    )
    parser.add_argument("--list", dest="gui_list", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(
        title="commands",
        dest="command",
        metavar="COMMAND",
        parser_class=_Parser,
        help="one of these (with none, the app opens)",
    )

    from canvass_app.cli import auth_cmds, ledger_cmds, outbox_cmds, serve_cmds, supervisor_gate

    serve_cmds.add_arguments(sub)
    auth_cmds.add_arguments(sub)
    outbox_cmds.add_arguments(sub)
    ledger_cmds.add_ledger_arguments(sub)
    supervisor_gate.add_set_up_arguments(sub)
    return parser


def _check_json(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.json and not getattr(args, "accepts_json", False):
        takers = sorted(
            sub.prog.removeprefix("canvass-app ")
            for sub in command_parsers(parser)
            if sub.get_default("accepts_json")
        )
        parser.error(f"--json applies to {', '.join(takers)}")


def _log_failure(command: str, code: int, what: str) -> None:
    """A failed command in the log file: what happened and what the app does now."""
    if not logging.getLogger().handlers:  # logging not started yet (a usage error)
        return
    then = CONSEQUENCES.get(code, "")
    then = f"; {then}" if then else ""
    log.warning("%s failed (exit %d): %s%s", command, code, what.rstrip("."), then)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    _check_json(parser, args)
    from canvass_app.cli.passphrase import StdinOrTerminal
    from canvass_app.services.database import use_database_keys

    use_database_keys(StdinOrTerminal(args.passphrase_stdin))
    if args.command is None:
        from canvass_app.cli.gui_cmds import run_gui_command

        return run_gui_command(args)
    handler = getattr(args, "handler", None)
    if handler is None:  # pragma: no cover - command groups require their action
        parser.error(f"`{args.command}` needs an action; see canvass-app {args.command} --help")
    from canvass_app.cli.context import CommandError, release_data_dirs
    from canvass_app.core.errors import CanvassError

    command = " ".join(filter(None, (args.command, getattr(args, "outbox_command", None))))
    try:
        code = int(handler(args))
    except CommandError as error:
        print(f"canvass-app: {error}", file=sys.stderr)
        code = error.exit_code
        _log_failure(command, code, str(error))
    except CanvassError as error:  # expected (a locked or full disk...): words, never a traceback
        print(f"canvass-app: {error}", file=sys.stderr)
        code = ExitCode.FAILED
        _log_failure(command, code, str(error))
    except KeyboardInterrupt:
        print(
            "canvass-app: interrupted; nothing was lost (the outbox is on disk).", file=sys.stderr
        )
        code = ExitCode.INTERRUPTED
        _log_failure(command, code, "interrupted with Ctrl+C")
    except Exception:
        log.exception("unexpected error in `canvass-app %s`", command)
        raise
    finally:
        release_data_dirs()  # the data folder this command held (tests run many in-process)
    if code == ExitCode.SIGN_IN:
        print(SIGN_IN_HINT, file=sys.stderr)
    return code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
