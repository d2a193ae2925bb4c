"""The supervisor PIN at the command line.

`history`, `export` and `outbox export` show or carry every canvasser's visits, so once
a supervisor PIN is set on this laptop they ask for it: typed at the terminal (not
echoed), or the first line of standard input with ``--pin-stdin`` for scripts. A wrong
PIN counts towards the same lockout as in the app (``services.people``), and ends the
command with exit code 7 before anything is shown or written.

`set-up` is the first start's step without a window (a laptop prepared by a script, or
one used only from the command line): it sets the supervisor PIN once, as the app's
setup dialog does, and refuses when one is set.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING, Any

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


_ALREADY = (
    "This laptop is already set up: it has a supervisor PIN. Change it in the app "
    "(Supervisor review)."
)


def add_set_up_arguments(sub: Any) -> None:
    from canvass_app.cli.help_text import examples

    set_up = sub.add_parser(
        "set-up",
        help="set up this laptop: choose the supervisor PIN (once)",
        description="Choose the supervisor PIN of this laptop, as the app asks at its first "
        "start: 6 to 12 digits, not an easy one like 123456. Asked twice at a terminal; with "
        "--pin-stdin, read from the first line of standard input. Refused once a PIN is set.",
        epilog=examples(
            "canvass-app set-up", "printf '%s\\n' \"$PIN\" | canvass-app set-up --pin-stdin"
        ),
    )
    set_up.add_argument(
        "--pin-stdin",
        action="store_true",
        help="read the new supervisor PIN from the first line of standard input",
    )
    set_up.add_argument(
        "--own-pins",
        action="store_true",
        help="canvassers on this laptop need their own PIN (or the supervisor's) to switch in",
    )
    set_up.set_defaults(handler=run_set_up)


def run_set_up(args: argparse.Namespace) -> int:
    from canvass_app.cli.context import claim_data_dir, data_dir_of, open_db, start_logging
    from canvass_app.core.errors import CanvassError
    from canvass_app.services import people

    data_dir = data_dir_of(args)
    start_logging(args, data_dir)
    claim_data_dir(data_dir)
    db = open_db(data_dir)
    try:
        if people.has_supervisor_pin(db):
            raise CommandError(_ALREADY, ExitCode.USAGE)
        if args.pin_stdin:
            pin = repeat = sys.stdin.readline().rstrip("\r\n")
        elif sys.stdin is not None and sys.stdin.isatty():
            pin = getpass.getpass("New supervisor PIN: ")
            repeat = getpass.getpass("Repeat it: ")
        else:
            raise CommandError("Type the PIN at a terminal, or pass --pin-stdin.", ExitCode.USAGE)
        try:
            people.set_supervisor_pin(db, pin, repeat=repeat)
            if args.own_pins:
                people.set_own_pins(db, True, supervisor_pin=pin)
        except CanvassError as error:
            raise CommandError(str(error), ExitCode.USAGE) from error
    finally:
        db.close()
    print("This laptop is set up: the supervisor PIN is set.", file=sys.stderr)
    return ExitCode.OK


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
