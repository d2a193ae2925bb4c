"""The `canvass-app` entry point (also `python -m canvass_app`).

Headless commands never import Qt, so they start fast and run on machines without a
display; the GUI is imported only when no command is given. Each command group lives in
its own module and is imported only when used.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from canvass_app import __version__

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 on usage errors (as the command table promises)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="canvass-app",
        description="Offline-first door-to-door canvassing. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"canvass-app {__version__}")
    parser.add_argument(
        "--data-dir", type=Path, help="where visits are kept (default: the app-data folder)"
    )
    parser.add_argument("--api-url", help="the Polis API root (remembered in settings)")
    parser.add_argument(
        "--log-level",
        default="INFO",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        type=str.upper,
        help="how much goes to the log file",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the app on the embedded demo server with practice data",
    )
    parser.add_argument("--list", dest="gui_list", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    from canvass_app.cli import auth_cmds, outbox_cmds, serve_cmds

    serve_cmds.add_arguments(sub)
    auth_cmds.add_arguments(sub)
    outbox_cmds.add_arguments(sub)
    from canvass_app.cli import ledger_cmds

    ledger_cmds.add_ledger_arguments(sub)
    return parser


def _ledger_handler(args: argparse.Namespace) -> int:
    """`history` and `export` take the data dir as well as the arguments."""
    from canvass_app.cli import ledger_cmds
    from canvass_app.cli.context import data_dir_of, start_logging

    data_dir = data_dir_of(args)
    start_logging(args, data_dir)
    if args.command == "history":
        return ledger_cmds.cmd_history(args, data_dir)
    return ledger_cmds.cmd_export(args, data_dir)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    handler = getattr(args, "handler", None)
    if args.command in ("history", "export"):
        handler = _ledger_handler
    if args.command is None:
        from canvass_app.cli.gui_cmds import run_gui_command

        return run_gui_command(args)
    if handler is None:  # a group such as `outbox` without its subcommand
        parser.parse_args([args.command, "--help"])
        return EXIT_USAGE
    from canvass_app.cli.context import CommandError, release_data_dirs

    try:
        return int(handler(args))
    except CommandError as error:
        print(f"canvass-app: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(
            "canvass-app: interrupted; nothing was lost (the outbox is on disk).", file=sys.stderr
        )
        return 130
    finally:
        release_data_dirs()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
