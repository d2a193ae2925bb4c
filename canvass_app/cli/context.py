"""What every headless command needs: the data dir, the settings, the token, the database."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from canvass_app.cli.exit_codes import ExitCode
from canvass_app.services.paths import default_data_dir, ensure_private_dir

if TYPE_CHECKING:
    import sqlite_utils

    from canvass_app.api.client import PolisClient

log = logging.getLogger("canvass.cli")


class CommandError(Exception):
    """A problem the person can fix; printed in words, with an exit code (``ExitCode``).

    Its message often quotes data (a server's message, a field's value), so it is made
    safe for the terminal here, once for every command.
    """

    def __init__(self, message: str, exit_code: int = ExitCode.FAILED) -> None:
        from canvass_app.cli.safe_text import terminal_text

        super().__init__(terminal_text(message))
        self.exit_code = exit_code


# The data folders this command holds (released when the command ends: tests run many
# commands in one process).
_claims: list[Any] = []


def claim_data_dir(data_dir: Path) -> None:
    """Hold the data folder for this command: one process owns it at a time. Another
    instance on it ends the command in words, with exit code 6."""
    from canvass_app.services.instance import DataDirBusy
    from canvass_app.services.instance import claim_data_dir as claim

    try:
        _claims.append(claim(data_dir))
    except DataDirBusy as busy:
        raise CommandError(str(busy.message), ExitCode.DATA_DIR_BUSY) from busy


def release_data_dirs() -> None:
    """Let go of every data folder this command held."""
    while _claims:
        _claims.pop().release()


def resume_interrupted(db: sqlite_utils.Database) -> None:
    """Sends a dead process left half done become ``unknown`` at once (we hold the folder)."""
    from canvass_app.services.instance import resume_interrupted as resume

    resumed = resume(db)
    if resumed:
        log.info("resumed %d interrupted send(s) of a process that stopped", resumed)


def data_dir_of(args: argparse.Namespace) -> Path:
    """The data folder (created 0700 when missing; an existing one keeps its mode)."""
    path = args.data_dir.expanduser() if args.data_dir else default_data_dir()
    try:
        return ensure_private_dir(path)
    except OSError as error:
        from canvass_app.storage.db import environment_error

        problem = environment_error(error, f"create the data folder {path}")
        if problem is None:
            raise
        raise CommandError(f"{problem} The folder is {path}.") from error


def start_logging(args: argparse.Namespace, data_dir: Path) -> None:
    """The log file in the data folder; without one (a read-only folder) the command still
    runs, and the database says in words why it cannot be used."""
    from canvass_app.services.logs import setup_logging

    try:
        setup_logging(data_dir, args.log_level)
    except OSError as error:
        logging.getLogger("canvass").warning("no log file in %s: %s", data_dir, error)


def api_url_of(args: argparse.Namespace, data_dir: Path, *, required: bool = True) -> str | None:
    """--api-url (remembered in settings), else the remembered one."""
    from canvass_app.services.settings import load_settings, save_settings

    settings = load_settings(data_dir)
    if args.api_url:
        if settings.api_url != args.api_url:
            from dataclasses import replace

            from canvass_app.services.settings import SettingsError

            try:
                save_settings(data_dir, replace(settings, api_url=args.api_url))
            except SettingsError as error:
                raise CommandError(str(error), ExitCode.USAGE) from error
        return str(args.api_url)
    if settings.api_url:
        return settings.api_url
    if required:
        raise CommandError(
            "No API URL is set. Pass --api-url https://… once; it is remembered.", ExitCode.USAGE
        )
    return None


def token_for(api_url: str) -> str | None:
    from canvass_app.credentials import TokenStore
    from canvass_app.services.logs import register_secret

    token = TokenStore(api_url).get()
    register_secret(token)  # redacted from every log line from now on
    return token


def check_database_at_start(data_dir: Path) -> None:
    """The start-up check (services.startup): a locked, read-only or full database is told
    in words and left alone; a damaged one is copied, its unsent visits exported, and told."""
    from canvass_app.services.startup import StartupVerdict, check_and_recover

    check = check_and_recover(data_dir)
    if check.verdict is not StartupVerdict.READY:
        raise CommandError(check.text)


def open_db(data_dir: Path) -> sqlite_utils.Database:
    """The database, or what is in the way in words (a damaged file goes through the
    start-up check, which keeps a copy and exports the unsent visits)."""
    from canvass_app.storage.db import StorageEnvironmentError, open_database

    try:
        return open_database(data_dir)
    except StorageEnvironmentError as error:
        if error.is_damage:
            check_database_at_start(data_dir)
        raise CommandError(f"{error} The database is in {data_dir}.") from error


def make_client(
    args: argparse.Namespace, data_dir: Path, *, max_connections: int | None = None
) -> PolisClient:
    """The Polis client of a command; ``max_connections``: one slot per request in flight
    (the sync concurrency), else the client's default."""
    from canvass_app.api.client import PolisClient
    from canvass_app.services.settings import client_options, load_settings

    api_url = api_url_of(args, data_dir)
    assert api_url is not None
    settings = load_settings(data_dir)
    options = client_options(settings)
    if max_connections is not None:
        options["max_connections"] = max_connections
    try:
        return PolisClient(api_url, token_for(api_url), **options)
    except ValueError as error:  # http:// to another machine, an unusable CA file
        raise CommandError(str(error), ExitCode.USAGE) from error
