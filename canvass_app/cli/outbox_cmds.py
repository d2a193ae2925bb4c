"""Headless commands that touch the outbox: pull, import, edit, delete, sync, status, outbox."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from canvass_app.cli.context import (
    CommandError,
    check_database_at_start,
    claim_data_dir,
    data_dir_of,
    make_client,
    open_db,
    resume_interrupted,
    start_logging,
)
from canvass_app.cli.exit_codes import ExitCode, for_api_error
from canvass_app.cli.help_text import TOKEN_NOTE, examples
from canvass_app.cli.progress import progress
from canvass_app.cli.safe_text import terminal_json, terminal_text
from canvass_app.cli.supervisor_gate import add_pin_argument, require_supervisor

T = TypeVar("T")
VISIT_LINE = (
    "Each line is one interaction data object, shaped like the POST example of the "
    "interactions page (docs/API.md)."
)


def add_arguments(sub: Any) -> None:
    pull = sub.add_parser(
        "pull",
        help="download a walklist, its survey and the statuses for offline use",
        description="Download a walklist (its households and contacts), the campaign's "
        "surveys and the statuses, and replace the offline copy at once.",
        epilog=examples(
            "canvass-app pull --list 2f1c7f9e-0d4b-4f7a-9a51-3c0d6f1b2a77",
            "canvass-app --api-url https://polis.example.org pull --list LIST_ID --campaign ID",
            note=TOKEN_NOTE,
        ),
    )
    pull.add_argument(
        "--list", dest="list_id", required=True, metavar="LIST_ID", help="the list (walklist) id"
    )
    pull.add_argument(
        "--campaign",
        dest="campaign_id",
        metavar="ID",
        help="the campaign id (found from the list when left out)",
    )
    pull.add_argument(
        "--no-map",
        action="store_true",
        help="do not download the map tiles (downloaded when Settings name a map tile address)",
    )
    pull.set_defaults(handler=run_pull)

    imp = sub.add_parser(
        "import",
        help="queue one visit per line of a JSON Lines file, all or nothing",
        description="Queue the visits of a JSON Lines file for sending, all or nothing: a "
        "bad line is named and nothing is queued; a visit already here (same contact, knock "
        "time and campaign) is skipped and counted. Prints the new local ids, one per line. "
        + VISIT_LINE,
        epilog=examples(
            "canvass-app import visits.jsonl",
            "canvass-app import visits.jsonl --canvasser 'Ana P.' > local-ids.txt",
        ),
    )
    imp.add_argument(
        "file",
        type=Path,
        metavar="FILE.jsonl",
        help='one interaction data object per line (flat, or {"data": {...}})',
    )
    imp.add_argument(
        "--canvasser",
        metavar="NAME",
        help="who recorded these visits (default: the settings' name, else USER)",
    )
    imp.set_defaults(handler=run_import)

    edit = sub.add_parser(
        "edit",
        help="queue an edit of a visit",
        description="Queue an edit of a visit: JSON Patch operations on the interaction, "
        "written as on the interactions page (/data/...). An edit before the visit is sent "
        "folds into it; after, it is sent as a PATCH.",
        epilog=examples(
            "canvass-app edit LOCAL_ID --patch "
            '\'[{"op": "replace", "path": "/data/successful", "value": true}]\'',
        ),
    )
    edit.add_argument("local_id", metavar="LOCAL_ID", help="the visit's local id (see `history`)")
    edit.add_argument(
        "--patch",
        required=True,
        metavar="JSON",
        help="a JSON list of JSON Patch operations (one object is taken as a list of one)",
    )
    edit.set_defaults(handler=run_edit)

    delete = sub.add_parser(
        "delete",
        help="queue a delete (void) of a visit",
        description="Void a visit: it is deleted on the server when it was sent, never sent "
        "when it was not, and kept in the ledger as voided.",
        epilog=examples("canvass-app delete LOCAL_ID"),
    )
    delete.add_argument("local_id", metavar="LOCAL_ID", help="the visit's local id (see `history`)")
    delete.set_defaults(handler=run_delete)

    sync = sub.add_parser(
        "sync",
        help="send the outbox (exit 0 all sent, 3 waiting, 4 attention, 5 sign-in)",
        description="Send every visit waiting in the outbox, exactly once; prints what was "
        "sent and what is left. Exit 0: nothing is left to send; 3: some visits wait for "
        "the network or a retry; 4: some need attention or were rejected; 5: sign-in needed.",
        epilog=examples(
            "canvass-app sync",
            "canvass-app sync --once --json",
            "CANVASS_TOKEN=… canvass-app --api-url https://polis.example.org sync",
            note=TOKEN_NOTE,
        ),
    )
    sync.add_argument(
        "--once", action="store_true", help="one try per visit, no waiting for retries"
    )
    sync.add_argument(
        "--concurrency",
        type=int,
        metavar="N",
        help="visits in flight at once, 1 to 16 (default from the settings)",
    )
    sync.set_defaults(handler=run_sync, accepts_json=True)

    status = sub.add_parser(
        "status",
        help="counts by outbox state and the oldest unsent visit",
        description="Count the visits on this laptop by outbox state, with the age of the "
        "oldest unsent visit and the time of the last sync. Reads only the local database.",
        epilog=examples("canvass-app status", "canvass-app status --json"),
    )
    status.set_defaults(handler=run_status, accepts_json=True)

    outbox = sub.add_parser(
        "outbox",
        help="move the unsent queue between devices; requeue",
        description="Move the unsent visits to another laptop (export, then import there: "
        "nothing is sent twice), or send a rejected or stuck visit again.",
        epilog=examples(
            "canvass-app outbox export /media/usb/queue.jsonl",
            "canvass-app outbox import /media/usb/queue.jsonl",
            "canvass-app outbox requeue LOCAL_ID",
        ),
    )
    outbox_sub = outbox.add_subparsers(
        dest="outbox_command",
        metavar="ACTION",
        parser_class=type(outbox),
        required=True,
        help="what to do with the queue",
    )
    export = outbox_sub.add_parser(
        "export",
        help="write every unsent visit to FILE",
        description="Write every unsent visit, with its pending operations, to FILE "
        "(owner-only; it holds answers). The file appears whole or not at all.",
        epilog=examples("canvass-app outbox export queue.jsonl"),
    )
    export.add_argument("file", type=Path, metavar="FILE", help="the file to write (JSON Lines)")
    add_pin_argument(export)
    export.set_defaults(handler=run_outbox_export)
    import_ = outbox_sub.add_parser(
        "import",
        help="queue the visits of an exported FILE (no duplicates)",
        description="Queue the visits of a file written by `outbox export`; visits already "
        "on this laptop are skipped, so importing twice queues nothing twice.",
        epilog=examples("canvass-app outbox import queue.jsonl"),
    )
    import_.add_argument(
        "file", type=Path, metavar="FILE", help="a file written by `outbox export`"
    )
    import_.set_defaults(handler=run_outbox_import)
    requeue = outbox_sub.add_parser(
        "requeue",
        help="send a rejected or stuck visit again",
        description="Queue a rejected visit, or one that needs attention, for sending again "
        "(after it was corrected with `edit`).",
        epilog=examples("canvass-app outbox requeue LOCAL_ID"),
    )
    requeue.add_argument(
        "local_id", metavar="LOCAL_ID", help="the visit's local id (see `history`)"
    )
    requeue.set_defaults(handler=run_outbox_requeue)


def _canvasser(args: argparse.Namespace, data_dir: Path) -> str:
    from canvass_app.services.settings import load_settings

    if getattr(args, "canvasser", None):
        return str(args.canvasser)
    name = load_settings(data_dir).canvasser_name
    return name or os.environ.get("USER") or os.environ.get("USERNAME") or "canvasser"


def _prepare(args: argparse.Namespace, *, writes: bool = True) -> tuple[Path, Any]:
    """The data folder and its database; a command that ``writes`` holds the folder first
    (one process owns it at a time) and resumes what a dead process left half sent."""
    data_dir = data_dir_of(args)
    start_logging(args, data_dir)
    if not writes:
        return data_dir, open_db(data_dir)
    claim_data_dir(data_dir)
    db = open_db(data_dir)
    resume_interrupted(db)
    return data_dir, db


def run_pull(args: argparse.Namespace) -> int:
    from canvass_app.api.errors import ApiError
    from canvass_app.services.pull import pull_walklist

    data_dir, db = _prepare(args)
    with make_client(args, data_dir) as client, progress("Downloading", "step") as show:
        try:
            result = pull_walklist(db, client, args.list_id, args.campaign_id, progress=show)
        except ApiError as error:
            raise CommandError(
                f"The walklist could not be downloaded: {error}", for_api_error(error)
            ) from error
        except ValueError as error:
            hint = " Name the campaign with --campaign." if args.campaign_id is None else ""
            raise CommandError(f"{error}{hint}") from error
    print(
        f"Ready offline: {terminal_text(result.name)}: {result.households} households, "
        f"{result.contacts} contacts, {result.surveys} survey(s)."
    )
    for problem in result.problems:
        print(f"Warning: {terminal_text(problem)}", file=sys.stderr)
    if not args.no_map:
        _pull_map(db, data_dir, result.list_id)
    return ExitCode.OK


def _pull_map(db: Any, data_dir: Path, list_id: str) -> None:
    """The walklist's map tiles, when the settings name a tile address; a map that cannot
    be had is a warning (the walklist is ready), and Ctrl+C keeps what was downloaded."""
    from canvass_app.services.basemap import MapDownload
    from canvass_app.services.pull import pull_map
    from canvass_app.services.settings import load_settings

    request = MapDownload.from_settings(load_settings(data_dir))
    if request is None:
        return
    try:
        with progress("Map tiles", "tile") as show:
            outcome = pull_map(db, data_dir, list_id, request, progress=show)
    except KeyboardInterrupt:
        print(
            "Map download stopped: the tiles downloaded so far are kept; pull again to go on.",
            file=sys.stderr,
        )
        raise
    if outcome.path is None:
        print(f"Warning: {outcome.message}", file=sys.stderr)
    else:
        print(str(outcome.message))


def run_import(args: argparse.Namespace) -> int:
    """All or nothing, once (services.visit_import): bad lines are named and nothing is
    queued; visits already here are skipped and counted. The new local ids go to stdout,
    one per line; what happened, in words, to stderr."""
    from canvass_app.services.visit_import import import_visit_file

    data_dir, db = _prepare(args)
    canvasser = _canvasser(args, data_dir)
    with progress("Queueing", "line") as show:
        result = _importing(
            lambda: import_visit_file(db, args.file, canvasser=canvasser, progress=show)
        )
    for local_id in result.local_ids:
        print(terminal_text(local_id))
    print(result.message, file=sys.stderr)
    return ExitCode.OK


def _importing(run: Callable[[], T]) -> T:
    """An import's result; or each bad line on stderr and a CommandError (2: the file
    could not be read; 1: bad lines, or a locked, full or read-only database). Nothing
    was queued then."""
    from canvass_app.core.errors import CanvassError
    from canvass_app.services.json_lines import FileImportError

    try:
        return run()
    except FileImportError as error:
        for problem in error.problems:  # they quote the file: made safe for a terminal
            print(terminal_text(str(problem)), file=sys.stderr)
        code = ExitCode.USAGE if error.unreadable else ExitCode.FAILED
        raise CommandError(terminal_text(str(error.message)), code) from error
    except CanvassError as error:
        raise CommandError(str(error)) from error


def _change_visit(args: argparse.Namespace, change: Any, *extra: Any) -> int:
    """Run one visit use case (`change(db, local_id, *extra)`) and print the new state."""
    from canvass_app.core.errors import CanvassError

    _, db = _prepare(args)
    try:
        visit = change(db, args.local_id, *extra)
    except CanvassError as error:
        raise CommandError(str(error)) from error
    print(terminal_text(f"{visit.local_id} {visit.state}"))
    return ExitCode.OK


def run_edit(args: argparse.Namespace) -> int:
    from canvass_app.services.visits import edit_visit_ops

    try:
        ops = json.loads(args.patch)
    except json.JSONDecodeError as error:
        raise CommandError(
            f"--patch is not JSON: {error.msg} at column {error.colno}", ExitCode.USAGE
        ) from error
    if isinstance(ops, dict):
        ops = [ops]
    if not isinstance(ops, list):
        raise CommandError("--patch must be a list of JSON Patch operations.", ExitCode.USAGE)
    return _change_visit(args, edit_visit_ops, ops)


def run_delete(args: argparse.Namespace) -> int:
    from canvass_app.services.visits import delete_visit

    return _change_visit(args, delete_visit)


def run_sync(args: argparse.Namespace) -> int:
    from canvass_app.core.outbox import check_concurrency
    from canvass_app.services.settings import load_settings
    from canvass_app.services.sync import sync_now

    data_dir = data_dir_of(args)
    start_logging(args, data_dir)
    claim_data_dir(data_dir)
    check_database_at_start(data_dir)
    db = open_db(data_dir)
    resume_interrupted(db)
    settings = load_settings(data_dir)
    try:
        concurrency = check_concurrency(
            settings.sync_concurrency if args.concurrency is None else args.concurrency,
            "--concurrency",
        )
    except ValueError as error:
        raise CommandError(f"{error}.", ExitCode.USAGE) from error
    with (
        make_client(args, data_dir, max_connections=concurrency) as client,
        progress("Sending", "change") as show,
    ):
        report = sync_now(
            db,
            client,
            concurrency=concurrency,
            once=args.once,
            reset_backoff=True,
            progress=lambda p: show(p.done, p.total),
        )
    counts = report.counts
    # People added at the door count with the visits: both are the canvasser's work.
    attention = counts.attention
    waiting = counts.unsent + counts.people_unsent - attention
    if args.json:
        print(
            terminal_json(
                {
                    "sent": report.sent,
                    "waiting": waiting,
                    "need_attention": attention,
                    "sign_in_needed": report.auth_required,
                    "offline": report.offline,
                    "last_error": report.last_error,
                    "message": None if report.message is None else str(report.message),
                    "exit_code": int(report.exit_code()),
                    "status": counts.to_json(),
                }
            )
        )
    else:
        print(f"sent {report.sent}, waiting {waiting}, need attention {attention}")
    if report.message is not None and not args.json:
        print(terminal_text(str(report.message)), file=sys.stderr)  # the outcome in words
    if report.last_error:
        # The last problem itself, for whoever runs the command (a certificate the laptop
        # does not trust, the server's answer); the canvasser's screen shows the words only.
        print(terminal_text(report.last_error), file=sys.stderr)
    return int(report.exit_code())


def run_status(args: argparse.Namespace) -> int:
    from canvass_app.services.visits import sync_counts

    _, db = _prepare(args, writes=False)
    counts = sync_counts(db)
    if args.json:
        print(terminal_json(counts.to_json()))
        return ExitCode.OK
    for state, count in counts.to_json().items():
        if isinstance(count, int):
            print(terminal_text(f"{state:16} {count}"))
    if counts.people_unsent:
        print(f"people unsent    {counts.people_unsent} (added here; see History)")
    age = counts.oldest_unsent_age_s
    print(f"oldest unsent    {_age_words(age)}")
    print(f"last sync        {terminal_text(counts.last_sync_at or 'never')}")
    return ExitCode.OK


def _age_words(age: float | None) -> str:
    if age is None:
        return "none"
    minutes = int(age // 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 120:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"


def run_outbox_export(args: argparse.Namespace) -> int:
    from canvass_app.core.errors import CanvassError
    from canvass_app.services.outbox_transfer import export_outbox

    _, db = _prepare(args, writes=False)
    require_supervisor(db, args)
    try:
        with progress("Exporting", "visit") as show:
            count = export_outbox(db, args.file, progress=show)
    except OSError as error:
        raise CommandError(f"Cannot write {args.file}: {error.strerror or error}") from error
    except CanvassError as error:  # the file could not be written (OutboxFileError)
        raise CommandError(str(error)) from error
    print(f"Exported {count} unsent visit(s) to {terminal_text(args.file)}.")
    return ExitCode.OK


def run_outbox_import(args: argparse.Namespace) -> int:
    from canvass_app.services.outbox_transfer import import_outbox

    _, db = _prepare(args)
    with progress("Importing", "line") as show:
        result = _importing(lambda: import_outbox(db, args.file, progress=show))
    print(result.message)
    return ExitCode.OK


def run_outbox_requeue(args: argparse.Namespace) -> int:
    from canvass_app.services.visits import requeue_visit

    return _change_visit(args, requeue_visit)
