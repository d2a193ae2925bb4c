"""The ``history`` and ``export`` commands: the local ledger from the command line.

Headless: no Qt is imported here, so these start fast and run without a display.

    canvass-app history [--json] [--state S] [--since ISO] [--canvasser ID] [--search TEXT]
                        [--added-here] [--pin-stdin]
    canvass-app export --format csv|geojson|jsonl [--bom] [--pin-stdin] [filters] OUT

Both show every canvasser's visits: once a supervisor PIN is set they ask for it
(``cli/supervisor_gate.py``).

Everything printed from the ledger goes through ``terminal_text``: visit data is typed by
people and servers, and must not drive the terminal (escape sequences, bidi overrides).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from canvass_app.cli.context import CommandError, data_dir_of, start_logging
from canvass_app.cli.exit_codes import ExitCode
from canvass_app.cli.help_text import examples
from canvass_app.cli.progress import progress
from canvass_app.cli.safe_text import terminal_json, terminal_text
from canvass_app.cli.supervisor_gate import add_pin_argument, require_supervisor
from canvass_app.core.errors import CanvassError, ValidationError
from canvass_app.services.exports import ExportFormat, export_ledger, ledger_record
from canvass_app.services.history import (
    HistoryFilter,
    build_filter,
    survey_summary,
)
from canvass_app.storage import history as store
from canvass_app.storage.db import StorageEnvironmentError, open_database


def _add_filters(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters")
    group.add_argument(
        "--state",
        action="append",
        default=[],
        metavar="S",
        help="sync state (queued, sending, sent, retry_wait, unknown, needs_attention, "
        "rejected); repeat or separate with commas",
    )
    group.add_argument("--since", metavar="ISO", help="knocked at or after (2026-11-27 or ISO)")
    group.add_argument("--until", metavar="ISO", help="knocked before (a date includes that day)")
    group.add_argument("--canvasser", metavar="ID", help="only this canvasser's visits")
    group.add_argument("--walklist", metavar="ID", help="only this walklist's visits")
    group.add_argument("--outcome", metavar="TEXT", help="only this outcome (e.g. 'Not Home')")
    group.add_argument(
        "--grade",
        action="append",
        default=[],
        metavar="G",
        help="GPS grade (good, fair, poor, none); repeat or separate with commas",
    )
    group.add_argument("--search", metavar="TEXT", help="words in names, addresses, notes, answers")
    group.add_argument(
        "--no-voided", action="store_true", help="leave out visits that were voided (deleted)"
    )
    group.add_argument(
        "--added-here",
        action="store_true",
        help="only visits to people added at the door on this laptop",
    )


def add_ledger_arguments(subparsers: Any) -> None:
    """Register ``history`` and ``export`` on the entry point's subparsers."""
    history = subparsers.add_parser(
        "history",
        help="the local ledger: every visit on this device, in any state",
        description="Print the visits on this laptop, newest knock first, in any state "
        "(sent or not, voided too unless --no-voided). With --json: a JSON list of visits.",
        epilog=examples(
            "canvass-app history --since 2026-11-27 --state retry_wait,needs_attention",
            "canvass-app history --search 'elm st' --limit 20",
            "canvass-app history --json --canvasser ana > ana.json",
            "printf '%s\\n' \"$PIN\" | canvass-app history --pin-stdin --json > all.json",
        ),
    )
    history.add_argument("--limit", type=int, metavar="N", help="at most N visits (newest first)")
    add_pin_argument(history)
    history.set_defaults(handler=run_history, accepts_json=True)
    _add_filters(history)

    export = subparsers.add_parser(
        "export",
        help="export the filtered ledger to a file",
        description="Write the visits that match the filters to OUT as CSV, GeoJSON or JSON "
        "Lines. The file appears whole or not at all.",
        epilog=examples(
            "canvass-app export --format csv visits.csv",
            "canvass-app export --format geojson --since 2026-11-01 --walklist LIST_ID map.geojson",
        ),
    )
    export.add_argument(
        "--format",
        required=True,
        choices=[f.value for f in ExportFormat],
        help="csv, geojson or jsonl",
    )
    export.add_argument(
        "--bom",
        action="store_true",
        help="start a CSV file with a UTF-8 byte order mark, so Excel reads accents right",
    )
    add_pin_argument(export)
    _add_filters(export)
    export.add_argument("out", type=Path, metavar="OUT", help="the file to write")
    export.set_defaults(handler=run_export)


def _data_dir(args: argparse.Namespace) -> Path:
    data_dir = data_dir_of(args)
    start_logging(args, data_dir)
    return data_dir


def run_history(args: argparse.Namespace) -> int:
    return cmd_history(args, _data_dir(args))


def run_export(args: argparse.Namespace) -> int:
    return cmd_export(args, _data_dir(args))


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def filter_from_args(args: argparse.Namespace) -> HistoryFilter:
    return build_filter(
        since=getattr(args, "since", None),
        until=getattr(args, "until", None),
        canvasser=getattr(args, "canvasser", None),
        walklist_id=getattr(args, "walklist", None),
        outcome=getattr(args, "outcome", None),
        states=_split(getattr(args, "state", None)),
        gps_grades=_split(getattr(args, "grade", None)),
        search=getattr(args, "search", None),
        include_voided=not getattr(args, "no_voided", False),
        added_here=getattr(args, "added_here", False),
    )


_TABLE_HEADER = (
    "knock time (UTC)",
    "state",
    "canvasser",
    "address",
    "contact",
    "outcome",
    "answers",
)


def cmd_history(args: argparse.Namespace, data_dir: Path) -> int:
    """Print the filtered ledger (newest knock first)."""
    try:
        flt = filter_from_args(args)
    except ValidationError as error:
        raise CommandError(str(error), ExitCode.USAGE) from error
    limit = getattr(args, "limit", None)
    if limit is not None and limit < 0:
        raise CommandError("--limit must not be negative", ExitCode.USAGE)
    try:
        db = open_database(data_dir)
    except StorageEnvironmentError as error:
        raise CommandError(str(error)) from error
    try:
        require_supervisor(db, args)
        out = sys.stdout
        page = 1000
        offset = 0
        first = True
        if getattr(args, "json", False):
            out.write("[")
        rows_left = limit
        while rows_left is None or rows_left > 0:
            size = page if rows_left is None else min(page, rows_left)
            rows = store.history_page(
                db.conn, flt, sort="knock_time", descending=True, offset=offset, limit=size
            )
            if not rows:
                break
            if getattr(args, "json", False):
                for row in rows:
                    out.write("\n" if first else ",\n")
                    out.write(terminal_json(ledger_record(row)))
                    first = False
            else:
                if first:
                    out.write("  ".join(_TABLE_HEADER) + "\n")
                    first = False
                out.writelines(_table_lines(rows))
            offset += len(rows)
            if rows_left is not None:
                rows_left -= len(rows)
        if getattr(args, "json", False):
            out.write("\n]\n" if not first else "]\n")
        elif first:
            out.write("No visits match.\n")
        return ExitCode.OK
    finally:
        db.close()


def _table_lines(rows: list[store.HistoryRow]) -> list[str]:
    lines: list[str] = []
    for row in rows:
        address = f"{row.address_line} #{row.unit}" if row.unit else row.address_line
        state = f"{row.state} (voided)" if row.deleted else row.state
        cells = (
            row.knock_time,
            state,
            row.canvasser,
            address,
            f"{row.contact_name} (new)" if row.added_here else row.contact_name,
            row.outcome,
            survey_summary(row.data),
        )
        lines.append("  ".join(terminal_text(cell) for cell in cells) + "\n")
    return lines


def cmd_export(args: argparse.Namespace, data_dir: Path) -> int:
    """Write the filtered ledger to OUT (atomic: the old file or the new one, never half)."""
    try:
        flt = filter_from_args(args)
    except ValidationError as error:
        raise CommandError(str(error), ExitCode.USAGE) from error
    try:
        db = open_database(data_dir)
    except StorageEnvironmentError as error:
        raise CommandError(str(error)) from error
    try:
        require_supervisor(db, args)
        with progress("Exporting", "visit") as show:
            count = export_ledger(
                db,
                flt,
                Path(args.out),
                args.format,
                bom=getattr(args, "bom", False),
                progress=show,
            )
    except ValidationError as error:
        raise CommandError(str(error), ExitCode.USAGE) from error
    except CanvassError as error:
        raise CommandError(str(error)) from error
    finally:
        db.close()
    plural = "s" if count != 1 else ""
    print(f"Exported {count} visit{plural} to {terminal_text(args.out)}", file=sys.stderr)
    return ExitCode.OK
