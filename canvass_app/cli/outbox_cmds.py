"""Headless commands that touch the outbox: pull, import, edit, delete, sync, status, outbox."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

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

EXIT_SIGN_IN = 5

log = logging.getLogger("canvass.cli")


def add_arguments(sub: Any) -> None:
    pull = sub.add_parser(
        "pull", help="download a walklist, its survey and the statuses for offline use"
    )
    pull.add_argument("--list", dest="list_id", required=True, help="the list (walklist) id")
    pull.add_argument(
        "--campaign", dest="campaign_id", help="the campaign id (found from the list when left out)"
    )
    pull.set_defaults(handler=run_pull)

    imp = sub.add_parser("import", help="queue one visit per line of a JSON Lines file")
    imp.add_argument("file", type=Path, help="FILE.jsonl: one interaction data object per line")
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
    from canvass_app.core.errors import ValidationError
    from canvass_app.core.interaction import validate_data
    from canvass_app.services.visits import import_visit

    data_dir, db = _prepare(args)
    try:
        lines = args.file.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise CommandError(f"Cannot read {args.file}: {error.strerror or error}", 2) from error
    # Check every line before queueing any, so a bad file queues nothing twice on a re-run.
    datas: list[dict[str, Any]] = []
    problems: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"line {number}: not JSON ({error.msg} at column {error.colno})")
            continue
        for field_error in validate_data(data):
            problems.append(f"line {number}: {field_error.field}: {field_error.message}")
        if isinstance(data, dict):
            datas.append(data)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        raise CommandError(f"{args.file}: {len(problems)} problem(s); nothing was queued.", 1)
    canvasser = _canvasser(args, data_dir)
    for data in datas:
        try:
            visit = import_visit(db, data, canvasser=canvasser)
        except ValidationError as error:  # pragma: no cover - checked above
            raise CommandError(str(error)) from error
        print(visit.local_id)
    return 0


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
    claim_data_dir(data_dir)
    check_database_at_start(data_dir)
    db = open_db(data_dir)
    resume_interrupted(db)
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
        log.info("sync: %s", report.last_error)  # technical: the log, not the person
    if report.message is not None:
        print(report.message, file=sys.stderr)
    return int(report.exit_code())


def _attention(counts: Any) -> int:
    from canvass_app.core.outbox import ATTENTION_STATES

    return sum(int(counts.counts.get(state, 0)) for state in ATTENTION_STATES)


def run_status(args: argparse.Namespace) -> int:
    from canvass_app.services.visits import sync_counts

    _, db = _prepare(args, writes=False)
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

    _, db = _prepare(args, writes=False)
    try:
        count = export_outbox(db, args.file)
    except OSError as error:
        raise CommandError(f"Cannot write {args.file}: {error.strerror or error}") from error
    print(f"Exported {count} unsent visit(s) to {args.file}.")
    return 0


def run_outbox_import(args: argparse.Namespace) -> int:
    from canvass_app.core.errors import CanvassError
    from canvass_app.services.outbox_transfer import import_outbox

    _, db = _prepare(args)
    try:
        result = import_outbox(db, args.file)
    except OSError as error:
        raise CommandError(f"Cannot read {args.file}: {error.strerror or error}", 2) from error
    except CanvassError as error:
        raise CommandError(str(error)) from error
    print(f"Imported {result.imported} visit(s); skipped {result.skipped_duplicates} already here.")
    return 0


def run_outbox_requeue(args: argparse.Namespace) -> int:
    from canvass_app.services.visits import requeue_visit

    return _change_visit(args, requeue_visit)
