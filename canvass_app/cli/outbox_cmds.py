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
    data_dir_of,
    make_client,
    open_db,
    start_logging,
)

EXIT_SIGN_IN = 5
T = TypeVar("T")


def add_arguments(sub: Any) -> None:
    pull = sub.add_parser(
        "pull", help="download a walklist, its survey and the statuses for offline use"
    )
    pull.add_argument("--list", dest="list_id", required=True, help="the list (walklist) id")
    pull.add_argument(
        "--campaign", dest="campaign_id", help="the campaign id (found from the list when left out)"
    )
    pull.set_defaults(handler=run_pull)

    imp = sub.add_parser(
        "import",
        help="queue one visit per line of a JSON Lines file, all or nothing; visits already "
        "here are skipped",
    )
    imp.add_argument(
        "file",
        type=Path,
        help='FILE.jsonl: one interaction data object per line (flat, or {"data": {...}})',
    )
    imp.add_argument("--canvasser", help="who recorded these visits (default: the settings' name)")
    imp.set_defaults(handler=run_import)

    edit = sub.add_parser("edit", help="queue an edit of a visit")
    edit.add_argument("local_id")
    edit.add_argument(
        "--patch",
        required=True,
        help='JSON Patch operations, e.g. \'[{"op": "replace", "path": "/data/successful", "value": true}]\'',
    )
    edit.set_defaults(handler=run_edit)

    delete = sub.add_parser("delete", help="queue a delete (void) of a visit")
    delete.add_argument("local_id")
    delete.set_defaults(handler=run_delete)

    sync = sub.add_parser(
        "sync", help="send the outbox (exit 0 all sent, 3 waiting, 4 attention, 5 sign-in)"
    )
    sync.add_argument("--once", action="store_true", help="one pass, no waiting for retries")
    sync.add_argument(
        "--concurrency", type=int, help="visits in flight at once (default from settings)"
    )
    sync.set_defaults(handler=run_sync)

    status = sub.add_parser("status", help="counts by outbox state and the oldest unsent visit")
    status.add_argument("--json", action="store_true", help="one JSON object")
    status.set_defaults(handler=run_status)

    outbox = sub.add_parser("outbox", help="move the unsent queue between devices; requeue")
    outbox_sub = outbox.add_subparsers(
        dest="outbox_command", metavar="ACTION", parser_class=type(outbox)
    )
    export = outbox_sub.add_parser("export", help="write every unsent visit to FILE")
    export.add_argument("file", type=Path)
    export.set_defaults(handler=run_outbox_export)
    import_ = outbox_sub.add_parser(
        "import", help="queue the visits of an exported FILE (no duplicates)"
    )
    import_.add_argument("file", type=Path)
    import_.set_defaults(handler=run_outbox_import)
    requeue = outbox_sub.add_parser("requeue", help="send a rejected or stuck visit again")
    requeue.add_argument("local_id")
    requeue.set_defaults(handler=run_outbox_requeue)


def _canvasser(args: argparse.Namespace, data_dir: Path) -> str:
    from canvass_app.services.settings import load_settings

    if getattr(args, "canvasser", None):
        return str(args.canvasser)
    name = load_settings(data_dir).canvasser_name
    return name or os.environ.get("USER") or os.environ.get("USERNAME") or "canvasser"


def _prepare(args: argparse.Namespace) -> tuple[Path, Any]:
    data_dir = data_dir_of(args)
    start_logging(args, data_dir)
    return data_dir, open_db(data_dir)


def run_pull(args: argparse.Namespace) -> int:
    from canvass_app.api.errors import ApiError
    from canvass_app.services.pull import pull_walklist

    data_dir, db = _prepare(args)

    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / max(total, 1))
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr)

    with make_client(args, data_dir) as client:
        try:
            result = pull_walklist(db, client, args.list_id, args.campaign_id, progress=show)
        except ApiError as error:
            print(file=sys.stderr)
            raise CommandError(f"The walklist could not be downloaded: {error}") from error
        except ValueError as error:
            print(file=sys.stderr)
            raise CommandError(str(error)) from error
    print(file=sys.stderr)
    print(
        f"Ready offline: {result.name}: {result.households} households, {result.contacts} "
        f"contacts, {result.surveys} survey(s)."
    )
    for problem in result.problems:
        print(f"Warning: {problem}", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    """All or nothing, once (services.visit_import): bad lines are named and nothing is
    queued; visits already here are skipped and counted. The new local ids go to stdout,
    one per line; what happened, in words, to stderr."""
    from canvass_app.services.visit_import import import_visit_file

    data_dir, db = _prepare(args)
    canvasser = _canvasser(args, data_dir)
    result = _importing(lambda: import_visit_file(db, args.file, canvasser=canvasser))
    for local_id in result.local_ids:
        print(local_id)
    print(result.message, file=sys.stderr)
    return 0


def _importing(run: Callable[[], T]) -> T:
    """An import's result; or each bad line on stderr and a CommandError (2: the file
    could not be read; 1: bad lines, or a locked, full or read-only database). Nothing
    was queued then."""
    from canvass_app.core.errors import CanvassError
    from canvass_app.services.json_lines import FileImportError

    try:
        return run()
    except FileImportError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        raise CommandError(str(error.message), 2 if error.unreadable else 1) from error
    except CanvassError as error:
        raise CommandError(str(error)) from error


def _change_visit(args: argparse.Namespace, change: Any, *extra: Any) -> int:
    """Run one visit use case (`change(db, local_id, *extra)`) and print the new state."""
    from canvass_app.core.errors import CanvassError

    _, db = _prepare(args)
    try:
        visit = change(db, args.local_id, *extra)
    except CanvassError as error:
        raise CommandError(str(error), 1) from error
    print(f"{visit.local_id} {visit.state}")
    return 0


def run_edit(args: argparse.Namespace) -> int:
    from canvass_app.services.visits import edit_visit_ops

    try:
        ops = json.loads(args.patch)
    except json.JSONDecodeError as error:
        raise CommandError(
            f"--patch is not JSON: {error.msg} at column {error.colno}", 2
        ) from error
    if isinstance(ops, dict):
        ops = [ops]
    if not isinstance(ops, list):
        raise CommandError("--patch must be a list of JSON Patch operations.", 2)
    return _change_visit(args, edit_visit_ops, ops)


def run_delete(args: argparse.Namespace) -> int:
    from canvass_app.services.visits import delete_visit

    return _change_visit(args, delete_visit)


def run_sync(args: argparse.Namespace) -> int:
    from canvass_app.services.settings import load_settings
    from canvass_app.services.sync import sync_now

    data_dir = data_dir_of(args)
    start_logging(args, data_dir)
    check_database_at_start(data_dir)
    db = open_db(data_dir)
    settings = load_settings(data_dir)
    concurrency = args.concurrency or settings.sync_concurrency
    if concurrency < 1:
        raise CommandError("--concurrency must be at least 1.", 2)
    with make_client(args, data_dir) as client:
        report = sync_now(db, client, concurrency=concurrency, once=args.once, reset_backoff=True)
    counts = report.counts
    print(
        f"sent {report.sent}, waiting {counts.unsent - _attention(counts)}, "
        f"need attention {_attention(counts)}"
    )
    if report.last_error:
        print(report.last_error, file=sys.stderr)
    return int(report.exit_code())


def _attention(counts: Any) -> int:
    from canvass_app.core.outbox import ATTENTION_STATES

    return sum(int(counts.counts.get(state, 0)) for state in ATTENTION_STATES)


def run_status(args: argparse.Namespace) -> int:
    from canvass_app.services.visits import sync_counts

    _, db = _prepare(args)
    counts = sync_counts(db)
    if args.json:
        print(json.dumps(counts.to_json()))
        return 0
    for state, count in counts.to_json().items():
        if state not in ("oldest_unsent_age_s", "last_sync_at"):
            print(f"{state:16} {count}")
    age = counts.oldest_unsent_age_s
    print(f"oldest unsent    {_age_words(age)}")
    print(f"last sync        {counts.last_sync_at or 'never'}")
    return 0


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
    from canvass_app.services.outbox_transfer import export_outbox

    _, db = _prepare(args)
    try:
        count = export_outbox(db, args.file)
    except OSError as error:
        raise CommandError(f"Cannot write {args.file}: {error.strerror or error}") from error
    print(f"Exported {count} unsent visit(s) to {args.file}.")
    return 0


def run_outbox_import(args: argparse.Namespace) -> int:
    from canvass_app.services.outbox_transfer import import_outbox

    _, db = _prepare(args)
    result = _importing(lambda: import_outbox(db, args.file))
    print(result.message)
    return 0


def run_outbox_requeue(args: argparse.Namespace) -> int:
    from canvass_app.services.visits import requeue_visit

    return _change_visit(args, requeue_visit)
