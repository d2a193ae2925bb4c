"""Opening the GUI, and `--demo`: the GUI on the embedded reference server."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from canvass_app.cli.context import CommandError, api_url_of, data_dir_of, start_logging, token_for
from canvass_app.services.paths import demo_data_dir, ensure_private_dir, resources_dir

log = logging.getLogger(__name__)


def run_gui_command(args: argparse.Namespace) -> int:
    try:
        if args.demo:
            return _run_demo(args)
        return _run_normal(args)
    except CommandError as error:
        print(f"canvass-app: {error}", file=sys.stderr)
        return error.exit_code


def _import_gui() -> Callable[..., int]:
    try:
        from canvass_app.ui.app import run_gui
    except ImportError as error:
        raise CommandError(
            f"The window cannot open: {error}. On Linux, Qt needs the system libraries "
            "listed in README.md (e.g. libxcb-cursor0, libxkbcommon-x11-0, libegl1); on a "
            "machine with no display, run `xvfb-run make demo`."
        ) from error
    return run_gui


def _run_normal(args: argparse.Namespace) -> int:
    data_dir = data_dir_of(args)
    start_logging(args, data_dir)
    api_url = api_url_of(args, data_dir, required=False)
    token = token_for(api_url) if api_url else None
    run_gui = _import_gui()
    return int(run_gui(data_dir=data_dir, api_url=api_url, token=token, list_id=args.gui_list))


def _run_demo(args: argparse.Namespace) -> int:
    from canvass_app.server import seed
    from canvass_app.server.runner import start_server
    from canvass_app.services.instance import DataDirBusy, claim_data_dir

    data_dir = ensure_private_dir(args.data_dir.expanduser() if args.data_dir else demo_data_dir())
    start_logging(args, data_dir)
    run_gui = _import_gui()
    try:
        claim = claim_data_dir(data_dir)  # before the demo writes its walklist in
    except DataDirBusy as busy:
        from canvass_app.ui.app import show_data_dir_busy

        return show_data_dir_busy(busy.message)
    from canvass_app.services.database import unlock_database
    from canvass_app.storage.db import StorageEnvironmentError
    from canvass_app.ui.passphrase_dialog import ask_passphrase

    try:
        unlock_database(data_dir, ask_passphrase)  # before the walklist is written in
    except StorageEnvironmentError as error:
        claim.release()
        raise CommandError(str(error)) from error
    # The demo server keeps its state beside the demo data, so visits sent in one demo
    # session are still on "the server" in the next.
    server = start_server(seed="demo", token=seed.DEMO_TOKEN, db=data_dir / "demo-server.sqlite3")
    try:
        refresh_demo_walklist(data_dir, server.url, server.token)
        nmea = _demo_walk()
        return int(
            run_gui(
                data_dir=data_dir,
                api_url=server.url,
                token=server.token,
                list_id=seed.DEMO_LIST_ID,
                demo=True,
                nmea_path=nmea,
            )
        )
    finally:
        server.stop()
        claim.release()


def refresh_demo_walklist(data_dir: Path, url: str, token: str) -> bool:
    """Download the demo's walklist into the demo folder; False when the folder's database
    cannot take it (damaged, locked, full): the window's start-up check, which runs next,
    says why in words and offers what can be done, so this must not fail before it."""
    from canvass_app.api.client import PolisClient
    from canvass_app.server import seed
    from canvass_app.services.pull import pull_walklist
    from canvass_app.storage.db import StorageError, open_database
    from canvass_app.storage.dbapi import sqlite3

    try:
        with PolisClient(url, token) as client:
            pull_walklist(open_database(data_dir), client, seed.DEMO_LIST_ID, seed.DEMO_CAMPAIGN_ID)
    except (StorageError, sqlite3.DatabaseError) as error:
        log.warning("the demo's walklist was not refreshed (%s); the start-up check follows", error)
        return False
    return True


def _demo_walk() -> Path | None:
    """The recorded walk the demo replays as its GPS (shipped in the package's resources)."""
    nmea = resources_dir() / "demo-walk.nmea"
    if nmea.is_file():
        log.info("the demo replays the walk in %s", nmea)
        return nmea
    log.warning("the demo's walk %s is missing (an incomplete install?); no demo GPS", nmea)
    return None


__all__ = ["refresh_demo_walklist", "run_gui_command"]
