"""History queries: the ledger of every visit on the device, paged and sorted in SQL.

The supervisor's history table shows up to hundreds of thousands of visits, so nothing
here loads the whole table: ``count_history`` sizes the view, ``history_page`` returns one
sorted page, ``iter_history`` streams the filtered ledger in batches (exports), and
``stats_rows`` / ``map_rows`` return slim tuples. Sorting happens in SQL on indexed
columns (migrations 4, 9 and 10; the indexes hold the rows a save has "filed", so every
query files the newest first); text search goes through the FTS5 table ``visits_fts``,
brought up to date in the same step (``storage/search_index.py``).

Every value is a bound parameter; column names come only from the fixed tables below.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from canvass_app.core.errors import FieldError, ValidationError
from canvass_app.storage.db import StorageEnvironmentError
from canvass_app.storage.dbapi import sqlite3
from canvass_app.storage.rows import named
from canvass_app.storage.search_index import index_pending

log = logging.getLogger(__name__)

# --- filters and sorting ------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryFilter:
    """Which visits to show. Empty fields do not filter.

    ``since`` / ``until`` are knock times written as the API writes them
    (``2026-11-27T08:00:00.000Z``; the services layer normalises what people type):
    ``since`` is inclusive, ``until`` exclusive. ``search`` is free text matched against
    names, addresses, units, outcomes, notes and answers (FTS5, every word as a prefix).
    """

    since: str | None = None
    until: str | None = None
    canvasser: str | None = None
    walklist_id: str | None = None
    outcome: str | None = None
    states: tuple[str, ...] = ()
    gps_grades: tuple[str, ...] = ()
    search: str | None = None
    include_voided: bool = True
    added_here: bool = False  # only visits to people added at the door on this laptop


# Sort keys the views and the CLI may ask for, mapped to the SQL that sorts them. The
# survey column sorts by its success flag, then by outcome: a stable, meaningful order.
SORT_COLUMNS: dict[str, str] = {
    "knock_time": "v.knock_time",
    "sent_time": "v.sent_time",
    "canvasser": "v.canvasser",
    "walklist": "v.walklist_id",
    "address": "v.address_line",
    "contact": "v.contact_name",
    "outcome": "v.outcome",
    "survey": "json_extract(v.data_json, '$.successful')",
    "distance": "v.distance_miles",
    "gps_grade": "v.gps_grade",
    "state": "v.state",
}

DEFAULT_SORT = "knock_time"


def fts_query(text: str) -> str:
    """Free text as a safe FTS5 query: every word quoted, matched as a prefix, all required.

    Quoting keeps FTS5 syntax (``AND``, ``-``, ``:``, quotes) in what a person types from
    being read as operators.
    """
    words = [word.replace('"', '""') for word in text.split()]
    return " ".join(f'"{word}"*' for word in words if word)


def _filed(conn: sqlite3.Connection, *, searching: bool) -> bool:
    """Index and file the newest visits (``storage/search_index.py``) so that the ledger's
    sort indexes, which hold filed rows only, hold every row; True when they do.

    A file Canvass cannot write to now (locked by another writer, read-only) is read as it
    is: every row, without those indexes, unless a text search needs the newest text."""
    try:
        index_pending(conn)
    except StorageEnvironmentError as error:
        if searching:
            raise
        log.info("reading the ledger without filing the newest visits: %s", error)
        return False
    return True


# A text search matching more visits than this is, for a count or a page, a filter on the
# walk of an index (``+v.seq IN``: the unary plus keeps SQLite from fetching each match by
# its rowid) rather than the driver of the query. Fetching a match reads its row: one page
# of the encrypted file decrypted and its HMAC checked (~9 µs), and 11,000 matches of a
# common name did not fit the page cache, so the count and then the page (which sorted
# every match) each read them all again: ~100 ms apiece (B6). A walk reads only the index
# (the sort's index for a page, stopping at its last row; the smallest for a count), a few
# hundred cached pages, at most ~20-30 ms for 100,000 visits; a few matches are cheaper
# fetched. 2,000 is about where the two cost the same, and the default page cache's size.
WALK_ABOVE_MATCHES = 2_000


def _walks(conn: sqlite3.Connection, query: str) -> bool:
    """Whether a count or page query for ``query`` should walk an index (see above)."""
    sql = "SELECT count(*) FROM visits_fts WHERE visits_fts MATCH ?"
    return int(conn.execute(sql, [query]).fetchone()[0]) > WALK_ABOVE_MATCHES


def _where(
    conn: sqlite3.Connection, flt: HistoryFilter, *, walk_big_matches: bool = False
) -> tuple[str, list[Any]]:
    """The WHERE clause of a filter, after the newest visits are filed and indexed.

    ``walk_big_matches``: for queries that need only what the indexes hold (a count, the
    seqs of a page), a search matching many visits walks an index (WALK_ABOVE_MATCHES);
    the others read every matching row anyway and fetch them by rowid."""
    query = fts_query(flt.search) if flt.search else ""
    clauses: list[str] = []
    params: list[Any] = []
    if _filed(conn, searching=bool(query)):
        clauses.append("v.unfiled IS NULL")  # every row now; lets SQLite use the indexes
    if flt.since:
        clauses.append("v.knock_time >= ?")
        params.append(flt.since)
    if flt.until:
        clauses.append("v.knock_time < ?")
        params.append(flt.until)
    if flt.canvasser:
        clauses.append("v.canvasser = ?")
        params.append(flt.canvasser)
    if flt.walklist_id:
        clauses.append("v.walklist_id = ?")
        params.append(flt.walklist_id)
    if flt.outcome:
        clauses.append("v.outcome = ?")
        params.append(flt.outcome)
    if flt.states:
        clauses.append(f"v.state IN ({', '.join('?' for _ in flt.states)})")
        params.extend(flt.states)
    if flt.gps_grades:
        clauses.append(f"v.gps_grade IN ({', '.join('?' for _ in flt.gps_grades)})")
        params.extend(flt.gps_grades)
    if not flt.include_voided:
        clauses.append("v.deleted = 0")
    if flt.added_here:
        clauses.append("v.local_contact_id IS NOT NULL")
    if query:
        seq = "+v.seq" if walk_big_matches and _walks(conn, query) else "v.seq"
        matches = "SELECT rowid FROM visits_fts WHERE visits_fts MATCH ?"
        clauses.append(f"{seq} IN ({matches})")
        params.append(query)
    sql = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return sql, params


def _order_by(sort: str, descending: bool) -> str:
    column = SORT_COLUMNS.get(sort)
    if column is None:
        known = ", ".join(SORT_COLUMNS)
        raise ValidationError(FieldError("sort", f"{sort!r} is not a column to sort by ({known})"))
    direction = "DESC" if descending else "ASC"
    # seq breaks ties so that pages never overlap or skip a row; on the filter columns,
    # whose indexes are (column, knock_time), equal values come in knock-time order.
    if column in _KNOCK_TIME_TIES:
        return f" ORDER BY {column} {direction}, v.knock_time {direction}, v.seq {direction}"
    return f" ORDER BY {column} {direction}, v.seq {direction}"


# Columns indexed as (column, knock_time) in storage/migrations.py (version 4).
_KNOCK_TIME_TIES = frozenset({"v.walklist_id", "v.outcome", "v.gps_grade", "v.state"})


# --- rows ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    """One line of the ledger: what the table shows, plus the raw interaction data."""

    seq: int
    local_id: str
    knock_time: str
    sent_time: str | None
    canvasser: str
    walklist_id: str | None
    campaign_id: str
    contact_id: str
    household_id: str
    contact_name: str
    address_line: str
    unit: str
    outcome: str
    distance_miles: float | None
    gps_grade: str
    state: str
    deleted: bool
    server_id: str | None
    etag: str | None
    last_error: str | None
    data: dict[str, Any] = field(default_factory=dict)
    do_not_knock_override: bool = False  # recorded at a Do-Not-Knock door, on purpose
    local_contact_id: str | None = None  # the visit is to a person added on this laptop

    @property
    def added_here(self) -> bool:
        """The visit is to a person added at the door on this laptop."""
        return self.local_contact_id is not None


_ROW_COLUMNS = (
    "v.seq, v.local_id, v.knock_time, v.sent_time, v.canvasser, v.walklist_id, "
    "v.campaign_id, v.contact_id, v.household_id, v.contact_name, v.address_line, v.unit, "
    "v.outcome, v.distance_miles, v.gps_grade, v.state, v.deleted, v.server_id, v.etag, "
    "v.last_error, v.data_json, v.do_not_knock_override, v.local_contact_id"
)


def _load_json(text: object) -> dict[str, Any]:
    if not isinstance(text, str | bytes) or not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _row(values: sqlite3.Row) -> HistoryRow:
    return HistoryRow(
        seq=int(values["seq"]),
        local_id=str(values["local_id"]),
        knock_time=str(values["knock_time"] or ""),
        sent_time=values["sent_time"],
        canvasser=str(values["canvasser"] or ""),
        walklist_id=values["walklist_id"],
        campaign_id=str(values["campaign_id"] or ""),
        contact_id=str(values["contact_id"] or ""),
        household_id=str(values["household_id"] or ""),
        contact_name=str(values["contact_name"] or ""),
        address_line=str(values["address_line"] or ""),
        unit=str(values["unit"] or ""),
        outcome=str(values["outcome"] or ""),
        distance_miles=None
        if values["distance_miles"] is None
        else float(values["distance_miles"]),
        gps_grade=str(values["gps_grade"] or "none"),
        state=str(values["state"] or ""),
        deleted=bool(values["deleted"]),
        server_id=values["server_id"],
        etag=values["etag"],
        last_error=values["last_error"],
        data=_load_json(values["data_json"]),
        do_not_knock_override=bool(values["do_not_knock_override"]),
        local_contact_id=values["local_contact_id"],
    )


def count_history(conn: sqlite3.Connection, flt: HistoryFilter) -> int:
    """How many visits match the filter."""
    where, params = _where(conn, flt, walk_big_matches=True)
    sql = f"SELECT COUNT(*) FROM visits AS v{where}"  # noqa: S608 - fixed SQL, bound values
    return int(conn.execute(sql, params).fetchone()[0])


def history_page(
    conn: sqlite3.Connection,
    flt: HistoryFilter,
    *,
    sort: str = DEFAULT_SORT,
    descending: bool = True,
    offset: int = 0,
    limit: int = 200,
) -> list[HistoryRow]:
    """One sorted page of the filtered ledger."""
    if offset < 0 or limit < 0:
        raise ValidationError(FieldError("page", "offset and limit must not be negative"))
    where, params = _where(conn, flt, walk_big_matches=True)
    # Sort only (key, seq) pairs, then read the wide rows of the one page: sorting whole
    # rows (with their JSON) costs ten times more on a large filtered set.
    sql = (
        f"SELECT v.seq FROM visits AS v{where}"  # noqa: S608 - fixed SQL, bound values
        f"{_order_by(sort, descending)} LIMIT ? OFFSET ?"
    )
    seqs = [int(values[0]) for values in conn.execute(sql, [*params, limit, offset])]
    return rows_by_seq(conn, seqs)


def page_query_plan(
    conn: sqlite3.Connection, flt: HistoryFilter, *, sort: str, descending: bool
) -> list[str]:
    """SQLite's plan for one page query (to check that sorting uses an index)."""
    where, params = _where(conn, flt, walk_big_matches=True)
    sql = (
        f"EXPLAIN QUERY PLAN SELECT v.seq FROM visits AS v{where}"  # noqa: S608
        f"{_order_by(sort, descending)} LIMIT ? OFFSET ?"
    )
    return [str(row["detail"]) for row in named(conn, sql, [*params, 1, 0])]


def rows_by_seq(conn: sqlite3.Connection, seqs: Sequence[int]) -> list[HistoryRow]:
    """The rows with these ``seq`` values, in the order given."""
    found: dict[int, HistoryRow] = {}
    for start in range(0, len(seqs), 500):
        chunk = seqs[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        sql = f"SELECT {_ROW_COLUMNS} FROM visits AS v WHERE v.seq IN ({marks})"  # noqa: S608
        for values in named(conn, sql, list(chunk)):
            row = _row(values)
            found[row.seq] = row
    return [found[seq] for seq in seqs if seq in found]


def iter_history(
    conn: sqlite3.Connection,
    flt: HistoryFilter,
    *,
    batch_size: int = 1000,
) -> Iterator[HistoryRow]:
    """Every matching visit in local order (``seq``), fetched in batches (keyset paging)."""
    where, params = _where(conn, flt)
    glue = " AND " if where else " WHERE "
    last_seq = -1
    while True:
        sql = (
            f"SELECT {_ROW_COLUMNS} FROM visits AS v{where}{glue}v.seq > ?"  # noqa: S608
            " ORDER BY v.seq LIMIT ?"
        )
        rows = named(conn, sql, [*params, last_seq, batch_size]).fetchall()
        if not rows:
            return
        for values in rows:
            yield _row(values)
        last_seq = int(rows[-1]["seq"])


def get_history_row(conn: sqlite3.Connection, local_id: str) -> HistoryRow | None:
    sql = f"SELECT {_ROW_COLUMNS} FROM visits AS v WHERE v.local_id = ?"  # noqa: S608
    values = named(conn, sql, [local_id]).fetchone()
    return None if values is None else _row(values)


def distinct_values(conn: sqlite3.Connection, column: str) -> list[str]:
    """The distinct non-empty values of a filterable column (for the filter pickers)."""
    allowed = {"canvasser", "walklist_id", "outcome", "state", "gps_grade"}
    if column not in allowed:
        raise ValidationError(FieldError("column", f"{column!r} is not a filterable column"))
    filed = " AND unfiled IS NULL" if _filed(conn, searching=False) else ""
    sql = (
        f"SELECT DISTINCT {column} FROM visits WHERE {column} IS NOT NULL "  # noqa: S608
        f"AND {column} != ''{filed} ORDER BY {column}"
    )
    return [str(values[0]) for values in conn.execute(sql)]


# --- slim rows for stats and the map -------------------------------------------------------


@dataclass(frozen=True)
class StatsRow:
    """What the per-canvasser and per-walklist statistics need of one visit."""

    canvasser: str
    walklist_id: str | None
    household_id: str
    knock_time: str
    outcome: str
    unavailable: bool
    successful: bool
    gps_grade: str
    distance_miles: float | None


def stats_rows(conn: sqlite3.Connection, flt: HistoryFilter) -> Iterator[StatsRow]:
    """Matching visits (voided ones never count) ordered by canvasser, then knock time."""
    where, params = _where(conn, flt)
    glue = " AND " if where else " WHERE "
    sql = (
        "SELECT v.canvasser, v.walklist_id, v.household_id, v.knock_time, v.outcome, "  # noqa: S608
        "json_extract(v.data_json, '$.unavailable') AS unavailable, "
        "json_extract(v.data_json, '$.successful') AS successful, "
        f"v.gps_grade, v.distance_miles FROM visits AS v{where}{glue}v.deleted = 0"
        " ORDER BY v.canvasser, v.knock_time, v.seq"
    )
    for values in named(conn, sql, params):
        yield StatsRow(
            canvasser=str(values["canvasser"] or ""),
            walklist_id=values["walklist_id"],
            household_id=str(values["household_id"] or ""),
            knock_time=str(values["knock_time"] or ""),
            outcome=str(values["outcome"] or ""),
            unavailable=bool(values["unavailable"]),
            successful=bool(values["successful"]),
            gps_grade=str(values["gps_grade"] or "none"),
            distance_miles=None
            if values["distance_miles"] is None
            else float(values["distance_miles"]),
        )


@dataclass(frozen=True)
class MapRow:
    """A visit as the map draws it: where the canvasser stood, and which household."""

    local_id: str
    household_id: str
    address_line: str
    unit: str
    contact_name: str
    outcome: str
    gps_grade: str
    lat: float | None
    lng: float | None


def map_rows(conn: sqlite3.Connection, flt: HistoryFilter, *, limit: int) -> list[MapRow]:
    """The newest ``limit`` matching visits with their recorded position (if any)."""
    where, params = _where(conn, flt)
    sql = (
        "SELECT v.local_id, v.household_id, v.address_line, v.unit, v.contact_name, v.outcome, "  # noqa: S608
        "v.gps_grade, json_extract(v.data_json, '$.location.lat') AS lat, "
        "json_extract(v.data_json, '$.location.lng') AS lng "
        f"FROM visits AS v{where} ORDER BY v.knock_time DESC, v.seq DESC LIMIT ?"
    )
    rows: list[MapRow] = []
    for values in named(conn, sql, [*params, limit]):
        lat, lng = values["lat"], values["lng"]
        rows.append(
            MapRow(
                local_id=str(values["local_id"]),
                household_id=str(values["household_id"] or ""),
                address_line=str(values["address_line"] or ""),
                unit=str(values["unit"] or ""),
                contact_name=str(values["contact_name"] or ""),
                outcome=str(values["outcome"] or ""),
                gps_grade=str(values["gps_grade"] or "none"),
                lat=float(lat) if isinstance(lat, int | float) else None,
                lng=float(lng) if isinstance(lng, int | float) else None,
            )
        )
    return rows


# --- people: canvassers on this device (their PINs: storage/pins.py) -------------------------------


@dataclass(frozen=True)
class CanvasserRecord:
    canvasser_id: str
    display_name: str
    created_at: str
    last_used_at: str | None


def list_canvassers(conn: sqlite3.Connection) -> list[CanvasserRecord]:
    """Known canvassers: those registered on this device and anyone who recorded a visit."""
    rows = named(
        conn, "SELECT canvasser_id, display_name, created_at, last_used_at FROM canvassers"
    ).fetchall()
    known = {
        str(r["canvasser_id"]): CanvasserRecord(
            str(r["canvasser_id"]), str(r["display_name"]), str(r["created_at"]), r["last_used_at"]
        )
        for r in rows
    }
    for (name,) in conn.execute(
        "SELECT DISTINCT canvasser FROM visits WHERE canvasser IS NOT NULL AND canvasser != ''"
    ):
        if str(name) not in known:
            known[str(name)] = CanvasserRecord(str(name), str(name), "", None)
    return sorted(known.values(), key=lambda c: c.display_name.casefold())


def upsert_canvasser(
    conn: sqlite3.Connection, canvasser_id: str, display_name: str, now: str
) -> None:
    with conn:
        conn.execute(
            "INSERT INTO canvassers (canvasser_id, display_name, created_at, last_used_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT(canvasser_id) DO UPDATE SET"
            " display_name = excluded.display_name, last_used_at = excluded.last_used_at",
            [canvasser_id, display_name, now, now],
        )


def get_people_meta(conn: sqlite3.Connection, key: str) -> str | None:
    values = conn.execute("SELECT value FROM people_meta WHERE key = ?", [key]).fetchone()
    return None if values is None else str(values[0])


def set_people_meta(conn: sqlite3.Connection, key: str, value: str | None) -> None:
    with conn:
        if value is None:
            conn.execute("DELETE FROM people_meta WHERE key = ?", [key])
        else:
            conn.execute(
                "INSERT INTO people_meta (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
