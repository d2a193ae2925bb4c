"""The full-text index kept off the save path: saves leave rows, searches see them all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from canvass_app.services import visits as svc
from canvass_app.storage import search_index
from canvass_app.storage.db import DB_FILENAME, connect, open_connection, open_database
from canvass_app.storage.dbapi import sqlite3
from canvass_app.storage.history import (
    HistoryFilter,
    count_history,
    distinct_values,
    history_page,
)
from canvass_app.storage.visits import file_door_saves


@pytest.fixture
def db(data_dir: Path) -> sqlite_utils.Database:
    return open_database(data_dir)


def _record(db: sqlite_utils.Database, name: str, dog: str = "true") -> str:
    draft = svc.VisitDraft(
        campaign_id="camp-1",
        contact_id=f"contact-{name}",
        household_id="house-1",
        contact_household_id="ch-1",
        survey_id="survey-1",
        responses={"q1": {"questionId": "q1", "fields": {"dogliker": dog}}},
        unavailable=False,
        successful=True,
        contact_name=name,
        address_line="12 Elm St",
        outcome="Supporter",
    )
    local_id = svc.record_visit(db, draft, canvasser="ann").local_id
    file_door_saves(db.conn)  # filed as the sync thread files it, not yet indexed
    return local_id


def _fts_hits(db: sqlite_utils.Database, words: str) -> int:
    row = db.execute("SELECT count(*) FROM visits_fts WHERE visits_fts MATCH ?", [words]).fetchone()
    return int(row[0])


def _integrity_ok(db: sqlite_utils.Database) -> None:
    # Raises "database disk image is malformed" when the index and the rows disagree;
    # rank 1: an external-content index is also checked against the rows themselves.
    db.execute("INSERT INTO visits_fts (visits_fts, rank) VALUES ('integrity-check', 1)")


def _mark(db: sqlite_utils.Database) -> Any:
    return db.execute("SELECT seq FROM visits_fts_indexed").fetchone()[0]


def test_a_save_leaves_its_text_for_later_and_index_pending_takes_it(
    db: sqlite_utils.Database,
) -> None:
    _record(db, "Olga Petrova")
    _record(db, "Ivan Petrov")
    assert _fts_hits(db, '"Olga"*') == 0  # not inside the save's transaction
    assert search_index.index_pending(db.conn) == 2
    assert _fts_hits(db, '"Olga"*') == 1 and _fts_hits(db, '"Petrov"*') == 2
    assert search_index.index_pending(db.conn) == 0  # nothing left: no write at all
    assert _mark(db) == db.execute("SELECT MAX(seq) FROM visits").fetchone()[0]
    _integrity_ok(db)


def test_a_history_search_sees_the_visit_saved_a_moment_ago(db: sqlite_utils.Database) -> None:
    _record(db, "Olga Petrova")
    flt = HistoryFilter(search="olga")
    assert count_history(db.conn, flt) == 1
    assert [row.contact_name for row in history_page(db.conn, flt)] == ["Olga Petrova"]


def test_edits_before_and_after_indexing_keep_the_index_true(db: sqlite_utils.Database) -> None:
    early = _record(db, "Olga Petrova", dog="yes")
    search_index.index_pending(db.conn)
    late = _record(db, "Ivan Petrov", dog="yes")
    # An indexed row is re-indexed by the trigger; a pending one is indexed as it ends up.
    for local_id in (early, late):
        svc.edit_visit(
            db,
            local_id,
            {"/survey/responses/q1": {"questionId": "q1", "fields": {"dogliker": "cats"}}},
        )
    search_index.index_pending(db.conn)
    assert _fts_hits(db, '"cats"*') == 2
    assert _fts_hits(db, '"yes"*') == 0
    _integrity_ok(db)


def test_deleting_rows_on_either_side_of_the_mark_keeps_the_index_true(
    db: sqlite_utils.Database,
) -> None:
    indexed = _record(db, "Olga Petrova")
    search_index.index_pending(db.conn)
    pending = _record(db, "Ivan Petrov")
    for local_id in (indexed, pending):
        db.execute("DELETE FROM outbox WHERE local_id = ?", [local_id])
        db.execute("DELETE FROM visits WHERE local_id = ?", [local_id])
    search_index.index_pending(db.conn)
    assert _fts_hits(db, '"Petrov"*') == 0
    _integrity_ok(db)


def test_two_connections_never_index_a_row_twice(data_dir: Path, db: sqlite_utils.Database) -> None:
    _record(db, "Olga Petrova")
    other = connect(data_dir / DB_FILENAME)
    assert search_index.index_pending(other.conn) + search_index.index_pending(db.conn) == 1
    assert _fts_hits(db, '"Olga"*') == 1
    _integrity_ok(db)
    other.conn.close()


def test_rebuild_indexes_everything_and_moves_the_mark(db: sqlite_utils.Database) -> None:
    _record(db, "Olga Petrova")
    db.conn.execute("BEGIN")
    search_index.rebuild(db.conn)
    db.conn.execute("COMMIT")
    assert _fts_hits(db, '"Olga"*') == 1
    assert search_index.index_pending(db.conn) == 0  # not indexed a second time
    _integrity_ok(db)


def _unfiled(db: sqlite_utils.Database) -> list[int]:
    return [int(row[0]) for row in db.execute("SELECT seq FROM visits WHERE unfiled = 1")]


# contact: one of version 9's; knock and canvasser: version 10's.
@pytest.mark.parametrize("index", ["contact", "knock", "canvasser"])
def test_a_save_stays_out_of_the_sort_indexes_until_it_is_filed(
    db: sqlite_utils.Database, index: str
) -> None:
    _record(db, "Olga Petrova")
    assert len(_unfiled(db)) == 1
    by_index = f"SELECT count(*) FROM visits INDEXED BY idx_visits_history_{index}"  # noqa: S608
    assert db.execute(f"{by_index} WHERE unfiled IS NULL").fetchone()[0] == 0
    search_index.index_pending(db.conn)
    assert _unfiled(db) == []
    assert db.execute(f"{by_index} WHERE unfiled IS NULL").fetchone()[0] == 1
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_every_ledger_query_files_the_newest_visits_first(db: sqlite_utils.Database) -> None:
    _record(db, "Olga Petrova")
    search_index.index_pending(db.conn)
    _record(db, "Anna Zorina")  # saved after the last filing
    rows = history_page(db.conn, HistoryFilter(), sort="contact", descending=False)
    assert [row.contact_name for row in rows] == ["Anna Zorina", "Olga Petrova"]
    assert _unfiled(db) == []
    assert count_history(db.conn, HistoryFilter(outcome="Supporter")) == 2


def test_a_read_only_ledger_shows_unfiled_visits_without_the_indexes(
    data_dir: Path, db: sqlite_utils.Database
) -> None:
    _record(db, "Olga Petrova")
    reader = open_connection(data_dir / DB_FILENAME, read_only=True)
    reader.row_factory = sqlite3.Row
    try:
        rows = history_page(reader, HistoryFilter(), sort="contact")
        assert [row.contact_name for row in rows] == ["Olga Petrova"]
        assert count_history(reader, HistoryFilter()) == 1
        assert distinct_values(reader, "outcome") == ["Supporter"]
    finally:
        reader.close()
    assert len(_unfiled(db)) == 1  # nothing was written
