"""`login` and `logout`: the token in the OS keyring."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from canvass_app.cli.context import CommandError, api_url_of, data_dir_of, open_db, start_logging
from canvass_app.cli.exit_codes import ExitCode
from canvass_app.cli.help_text import examples


def add_arguments(sub: Any) -> None:
    login = sub.add_parser(
        "login",
        help="store the access token in the keyring",
        description="Store the access token for the API URL in the system keyring (never in "
        "a file). Asks for it without echoing, or reads one line from standard input.",
        epilog=examples(
            "canvass-app --api-url https://polis.example.org login",
            "pass show polis/token | canvass-app login --token-stdin",
            note="Scripts and CI can set CANVASS_TOKEN instead; it is read, never stored.",
        ),
    )
    login.add_argument(
        "--token-stdin", action="store_true", help="read the token from standard input"
    )
    login.set_defaults(handler=run_login)
    logout = sub.add_parser(
        "logout",
        help="remove the token (refused while visits are unsent)",
        description="Remove the access token from the system keyring. Refused while visits "
        "are unsent (they could not be sent without it), unless --force.",
        epilog=examples("canvass-app logout", "canvass-app logout --force"),
    )
    logout.add_argument(
        "--force", action="store_true", help="sign out even though visits are unsent"
    )
    logout.set_defaults(handler=run_logout)


def run_login(args: argparse.Namespace) -> int:
    from canvass_app.credentials import TokenStore

    data_dir = data_dir_of(args)
    start_logging(args, data_dir)
    api_url = api_url_of(args, data_dir)
    assert api_url is not None
    if args.token_stdin:
        token = sys.stdin.readline().strip()
    else:
        token = getpass.getpass("Access token: ").strip()
    if not token:
        raise CommandError("No token was given.", ExitCode.USAGE)
    persisted = TokenStore(api_url).set(token)
    if persisted:
        print("Signed in: the token is in the system keyring.")
    else:
        print(
            "Signed in for this session only: no system keyring was found, so the token "
            "was not saved. Use CANVASS_TOKEN for scripts."
        )
    return ExitCode.OK


def run_logout(args: argparse.Namespace) -> int:
    from canvass_app.credentials import TokenStore
    from canvass_app.services.visits import sync_counts

    data_dir = data_dir_of(args)
    start_logging(args, data_dir)
    api_url = api_url_of(args, data_dir)
    assert api_url is not None
    counts = sync_counts(open_db(data_dir))
    if counts.unsent and not args.force:
        raise CommandError(
            f"{counts.unsent} visit(s) are not sent yet. Sync first, or save them with "
            "`canvass-app outbox export FILE`, then sign out with --force.",
        )
    TokenStore(api_url).delete()
    print("Signed out.")
    return ExitCode.OK
