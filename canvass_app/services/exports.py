"""Open exports of the filtered ledger: CSV, GeoJSON and JSON Lines.

Each export streams the ledger from SQLite in batches (a 100,000-visit ledger never sits
in memory) into a temporary file next to the target, flushes it to disk and renames it
over the target: a crash or a full disk leaves either the old file or the new one, never
half a file.

CSV cells are written so that a spreadsheet never runs them (OWASP, "CSV Injection"): a
cell whose first character, after any leading whitespace, would start a formula (``=``,
``+``, ``-``, ``@``, a tab or a carriage return, or their full-width and small forms) gets
a single quote in front, which the spreadsheet shows as text. A cell that is a plain
decimal number (``-71.1056``, ``0.02``, ``1e-05``) is left as it is: a spreadsheet reads it
as that number, never as a formula, so a negative longitude stays a number to compute with.
``bom=True`` starts the file with a UTF-8 byte order mark, which Excel needs to read
UTF-8 (names with accents) correctly; other formats never get one (JSON forbids it).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

import sqlite_utils

from canvass_app.core.errors import CanvassError, FieldError, ValidationError
from canvass_app.core.messages import QT_TRANSLATE_NOOP
from canvass_app.core.os_problems import os_reason
from canvass_app.services.history import survey_summary
from canvass_app.storage import history as store
from canvass_app.storage.history import HistoryFilter, HistoryRow


class ExportFormat(StrEnum):
    CSV = "csv"
    GEOJSON = "geojson"
    JSONL = "jsonl"


class ExportError(CanvassError):
    """The export file could not be written (in words, naming the file)."""


_NO_FOLDER = QT_TRANSLATE_NOOP(
    "Export", "Cannot export to {path}: the folder {folder} does not exist."
)
_CANNOT_WRITE = QT_TRANSLATE_NOOP("Export", "Cannot write the export {path}: {reason}.")


CSV_COLUMNS: tuple[str, ...] = (
    "local_id",
    "server_id",
    "state",
    "knock_time",
    "sent_time",
    "canvasser",
    "walklist_id",
    "campaign_id",
    "contact_id",
    "household_id",
    "contact_name",
    "added_here",
    "address_line",
    "unit",
    "outcome",
    "successful",
    "unavailable",
    "unavailable_reason",
    "survey_summary",
    "distance_miles",
    "gps_grade",
    "lat",
    "lng",
    "voided",
    "etag",
    "last_error",
    "data_json",
)


def parse_format(text: str) -> ExportFormat:
    try:
        return ExportFormat(text.strip().lower())
    except ValueError:
        known = ", ".join(f.value for f in ExportFormat)
        raise ValidationError(
            FieldError("format", f"{text!r} is not an export format ({known})")
        ) from None


def _location(data: dict[str, Any]) -> tuple[float | None, float | None]:
    location = data.get("location")
    if not isinstance(location, dict):
        return None, None
    lat, lng = location.get("lat"), location.get("lng")
    if isinstance(lat, bool) or isinstance(lng, bool):
        return None, None
    if isinstance(lat, int | float) and isinstance(lng, int | float):
        return float(lat), float(lng)
    return None, None


def ledger_record(row: HistoryRow) -> dict[str, Any]:
    """One visit as JSON: what ``history --json`` prints and each JSON Lines line holds."""
    return {
        "local_id": row.local_id,
        "server_id": row.server_id,
        "state": row.state,
        "knock_time": row.knock_time,
        "sent_time": row.sent_time,
        "canvasser": row.canvasser,
        "walklist_id": row.walklist_id,
        "contact_name": row.contact_name,
        "added_here": row.added_here,  # a person added at the door on this laptop
        "address_line": row.address_line,
        "unit": row.unit,
        "outcome": row.outcome,
        "distance_miles": row.distance_miles,
        "gps_grade": row.gps_grade,
        "voided": row.deleted,
        "etag": row.etag,
        "last_error": row.last_error,
        "data": row.data,
    }


def _csv_values(row: HistoryRow) -> list[Any]:
    lat, lng = _location(row.data)
    flag = row.data.get("successful")
    unavailable = row.data.get("unavailable")
    return [
        row.local_id,
        row.server_id or "",
        row.state,
        row.knock_time,
        row.sent_time or "",
        row.canvasser,
        row.walklist_id or "",
        row.campaign_id,
        row.contact_id,
        row.household_id,
        row.contact_name,
        str(row.added_here).lower(),
        row.address_line,
        row.unit,
        row.outcome,
        "" if flag is None else str(bool(flag)).lower(),
        "" if unavailable is None else str(bool(unavailable)).lower(),
        row.data.get("unavailableReason") or "",
        survey_summary(row.data),
        "" if row.distance_miles is None else repr(row.distance_miles),
        row.gps_grade,
        "" if lat is None else repr(lat),
        "" if lng is None else repr(lng),
        str(row.deleted).lower(),
        row.etag or "",
        row.last_error or "",
        json.dumps(row.data, ensure_ascii=False, separators=(",", ":")),
    ]


# What makes a spreadsheet read a cell as a formula (or a DDE call): OWASP's list, and
# the full-width and small forms that some spreadsheets fold into the same characters.
FORMULA_STARTS = frozenset("=+-@\t\r" + "＝＋－＠" + "﹦﹢﹣﹫")
# A plain decimal number in ASCII digits: read as a number, never as a formula.
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")


def _first_meaningful(text: str) -> str:
    """The first character a spreadsheet may act on: spaces, line feeds and invisible
    format characters (zero-width space, bidi marks) before it are skipped by some."""
    for char in text:
        if char in "\t\r":
            return char
        if char.isspace() or unicodedata.category(char) == "Cf":
            continue
        return char
    return ""


def safe_cell(value: object) -> str:
    """``value`` as CSV cell text that no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    if _first_meaningful(text) in FORMULA_STARTS and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _write_csv(rows: Iterator[HistoryRow], out: IO[str]) -> int:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for row in rows:
        writer.writerow([safe_cell(value) for value in _csv_values(row)])
        count += 1
    return count


def _write_jsonl(rows: Iterator[HistoryRow], out: IO[str]) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(ledger_record(row), ensure_ascii=False, separators=(",", ":")))
        out.write("\n")
        count += 1
    return count


def _write_geojson(rows: Iterator[HistoryRow], out: IO[str]) -> int:
    """A FeatureCollection; a visit with no GPS fix has ``geometry: null`` (RFC 7946 §3.2)."""
    out.write('{"type":"FeatureCollection","features":[\n')
    count = 0
    for row in rows:
        lat, lng = _location(row.data)
        geometry = None if lat is None else {"type": "Point", "coordinates": [lng, lat]}
        properties = ledger_record(row)
        feature = {
            "type": "Feature",
            "id": row.local_id,
            "geometry": geometry,
            "properties": properties,
        }
        if count:
            out.write(",\n")
        out.write(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
        count += 1
    out.write("\n]}\n")
    return count


_WRITERS: dict[ExportFormat, Callable[[Iterator[HistoryRow], IO[str]], int]] = {
    ExportFormat.CSV: _write_csv,
    ExportFormat.JSONL: _write_jsonl,
    ExportFormat.GEOJSON: _write_geojson,
}


def write_atomically(path: Path, write: Callable[[IO[str]], int], *, bom: bool = False) -> int:
    """Run ``write`` on a temporary file beside ``path``, fsync, then rename over ``path``.

    ``bom`` writes a UTF-8 byte order mark first.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(_NO_FOLDER.with_args(path=path, folder=folder))
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        # newline="" so the csv module's \r\n line ends are written as they are.
        with os.fdopen(fd, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
            count = write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp_name, path)
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise ExportError(_CANNOT_WRITE.with_args(path=path, reason=os_reason(exc))) from exc
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    return count


def export_ledger(
    db: sqlite_utils.Database,
    flt: HistoryFilter,
    path: Path,
    export_format: ExportFormat | str,
    *,
    bom: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the filtered ledger to ``path``; returns how many visits were written.

    ``bom``: start a CSV file with a UTF-8 byte order mark (for Excel); a ValidationError
    for the JSON formats, which must not have one. ``progress(done, total)`` is called
    after each visit written.
    """
    fmt = export_format if isinstance(export_format, ExportFormat) else parse_format(export_format)
    if bom and fmt is not ExportFormat.CSV:
        raise ValidationError(
            FieldError("bom", f"a byte order mark is for CSV only; {fmt.value} must not have one")
        )
    writer = _WRITERS[fmt]
    rows = store.iter_history(db.conn, flt)
    if progress is not None:
        rows = _reporting(rows, store.count_history(db.conn, flt), progress)
    return write_atomically(path, lambda out: writer(rows, out), bom=bom)


def _reporting(
    rows: Iterator[HistoryRow], total: int, progress: Callable[[int, int], None]
) -> Iterator[HistoryRow]:
    for done, row in enumerate(rows, start=1):
        yield row
        progress(done, max(total, done))
