"""The supervisor PIN at the command line.

`history`, `export` and `outbox export` show or carry every canvasser's visits, so once
a supervisor PIN is set on this laptop they ask for it: typed at the terminal (not
echoed), or the first line of standard input with ``--pin-stdin`` for scripts. A wrong
PIN counts towards the same lockout as in the app (``services.people``), and ends the
command with exit code 7 before anything is shown or written.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from canvass_app.cli.context import CommandError
from canvass_app.cli.exit_codes import ExitCode

if TYPE_CHECKING:
    import sqlite_utils

_NOT_GIVEN = (
    "This laptop has a supervisor PIN, and this command shows every canvasser's visits: "
    "type the PIN at a terminal, or give it on standard input with --pin-stdin."
)
_EMPTY = "--pin-stdin was given, but standard input had no PIN on its first line."
_MUST_CHANGE = (
    "Note: the supervisor PIN is from before six-digit PINs. Open Supervisor review in the "
    "app to choose a new one."
)


def add_pin_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pin-stdin",
        action="store_true",
        help="read the supervisor PIN from the first line of standard input (for scripts); "
        "without it, the PIN is asked at the terminal when one is set",
    )


def _read_pin(args: argparse.Namespace) -> str:
    if getattr(args, "pin_stdin", False):
        pin = sys.stdin.readline().rstrip("\r\n")
        if not pin:
            raise CommandError(_EMPTY, ExitCode.PIN)
        return pin
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass("Supervisor PIN: ")
    raise CommandError(_NOT_GIVEN, ExitCode.PIN)


def require_supervisor(db: sqlite_utils.Database, args: argparse.Namespace) -> None:
    """Return when no supervisor PIN is set or the right one was given; else end the
    command in words with exit code 7 (not given, wrong, or waiting after wrong tries)."""
    from canvass_app.services import people

    if not people.has_supervisor_pin(db):
        return
    pin = _read_pin(args)
    try:
        people.verify_supervisor_pin(db, pin)
    except people.PinError as error:
        raise CommandError(str(error), ExitCode.PIN) from error
    if people.supervisor_pin_must_change(db):
        print(_MUST_CHANGE, file=sys.stderr)
