"""The door journal: a save at the door writes one row; readers file it into the ledger."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from canvass_app.core.outbox import OpKind, OutboxState
from canvass_app.services import visits as svc
from canvass_app.services.recovery import EXPORT_FILENAME
from canvass_app.services.startup import StartupVerdict, check_and_recover
from canvass_app.storage import door_journal
from canvass_app.storage.db import connect, database_path, open_database
from canvass_app.storage.dbapi import sqlite3
from canvass_app.storage.visits import VisitRepo, door_journal_row, file_door_saves

T0 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def db(data_dir: Path) -> sqlite_utils.Database:
    return open_database(data_dir)


def _draft(n: int, **overrides: Any) -> svc.VisitDraft:
    values: dict[str, Any] = dict(
        campaign_id="camp-1",
        contact_id=f"contact-{n}",
        household_id=f"house-{n}",
        contact_household_id=f"ch-{n}",
        survey_id="survey-1",
        responses={"q1": {"questionId": "q1", "fields": {"dogliker": "yes"}}},
        unavailable=False,
        successful=True,
        contact_name=f"Person {n}",
        address_line=f"{n} Elm St",
        outcome="Supporter",
        notes="gate code 4411",
    )
    values.update(overrides)
    return svc.VisitDraft(**values)


def _count(db: sqlite_utils.Database, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608


def test_a_save_at_the_door_writes_the_journal_only_and_is_counted_as_queued(
    db: sqlite_utils.Database,
) -> None:
    saved = svc.record_visit(db, _draft(1), canvasser="Ana", now=T0)
    assert _count(db, "door_journal") == 1
    assert (_count(db, "visits"), _count(db, "outbox"), _count(db, "sync_log")) == (0, 0, 0)
    counts = svc.sync_counts(db, now=T0 + timedelta(minutes=5))
    assert counts.counts[OutboxState.QUEUED] == 1
    assert counts.oldest_unsent_age_s == 300
    assert saved.state is OutboxState.QUEUED and saved.seq == 1


def test_filing_gives_the_visit_its_row_create_and_event_as_a_direct_save_would(
    db: sqlite_utils.Database,
) -> None:
    saved = svc.record_visit(db, _draft(1), canvasser="Ana", now=T0)
    repo = VisitRepo(db)  # a reader files first
    assert _count(db, "door_journal") == 0
    filed = repo.get_visit(saved.local_id)
    assert filed == saved  # the visit the door was given is the one filed, field by field
    (op,) = repo.ops(saved.local_id)
    assert (op.kind, op.state, op.idempotency_key) == (
        OpKind.CREATE,
        OutboxState.QUEUED,
        saved.local_id,
    )
    assert op.payload == saved.data
    events = repo.events(saved.local_id)
    assert [(e.event, e.at) for e in events] == [("saved", "2026-12-03T09:00:00.000Z")]


def test_a_bulk_press_keeps_its_run_of_seqs_and_is_undone_together(
    db: sqlite_utils.Database,
) -> None:
    first = svc.record_visit(db, _draft(0), canvasser="Ana", now=T0)
    press = svc.record_visits(db, [_draft(n) for n in (1, 2, 3)], canvasser="Ana", now=T0)
    assert [v.seq for v in press] == [first.seq + 1, first.seq + 2, first.seq + 3]
    assert {v.local_id for v in VisitRepo(db).last_press("Ana")} == {v.local_id for v in press}


def test_a_seq_is_never_given_twice_even_after_the_newest_visit_was_deleted(
    db: sqlite_utils.Database,
) -> None:
    svc.record_visit(db, _draft(1), canvasser="Ana", now=T0)
    newest = svc.record_visit(db, _draft(2), canvasser="Ana", now=T0)
    file_door_saves(db.conn)
    db.execute("DELETE FROM outbox WHERE local_id = ?", [newest.local_id])
    db.execute("DELETE FROM visits WHERE local_id = ?", [newest.local_id])
    again = svc.record_visit(db, _draft(3), canvasser="Ana", now=T0)
    assert again.seq == newest.seq + 1


def test_a_direct_insert_files_the_door_saves_first_so_no_seq_collides(
    db: sqlite_utils.Database,
) -> None:
    at_door = svc.record_visit(db, _draft(1), canvasser="Ana", now=T0)
    imported = svc.import_visit(
        db, {**at_door.data, "contactId": "contact-9"}, canvasser="Ana", now=T0
    )
    assert imported.seq == at_door.seq + 1
    assert _count(db, "door_journal") == 0 and _count(db, "visits") == 2


def test_two_connections_file_each_saved_visit_exactly_once(data_dir: Path) -> None:
    door = open_database(data_dir)
    saved: list[str] = []
    stop = threading.Event()

    def file_often() -> None:  # the sync thread, on its own connection
        sync_thread = connect(database_path(data_dir))
        try:
            while not stop.is_set():
                file_door_saves(sync_thread.conn)
        finally:
            sync_thread.conn.close()

    filer = threading.Thread(target=file_often)
    filer.start()
    try:
        for n in range(150):
            saved.append(svc.record_visit(door, _draft(n), canvasser="Ana", now=T0).local_id)
    finally:
        stop.set()
        filer.join()
    file_door_saves(door.conn)
    rows = door.execute("SELECT local_id, seq FROM visits ORDER BY seq").fetchall()
    assert [row[0] for row in rows] == saved  # each once, in the order saved
    assert _count(door, "outbox") == 150 and _count(door, "door_journal") == 0
    door.conn.close()


def test_an_unreadable_journal_row_stays_and_the_others_are_filed(
    db: sqlite_utils.Database, caplog: pytest.LogCaptureFixture
) -> None:
    kept = svc.record_visit(db, _draft(1), canvasser="Ana", now=T0)
    db.execute("UPDATE door_journal SET fields_json = '{\"nope\": 1}' WHERE seq = ?", [kept.seq])
    good = svc.record_visit(db, _draft(2), canvasser="Ana", now=T0)
    assert file_door_saves(db.conn) == 1
    assert VisitRepo(db).get_visit(good.local_id) is not None
    assert [row[0] for row in db.execute("SELECT seq FROM door_journal")] == [kept.seq]
    assert "cannot be filed" in caplog.text
    caplog.clear()  # logged as a bug on purpose


def test_the_recovery_of_a_damaged_file_brings_back_the_visits_not_yet_filed(
    data_dir: Path,
) -> None:
    db = open_database(data_dir)
    for n in range(3):
        svc.record_visit(db, _draft(n), canvasser="Jo", now=T0)
    file_door_saves(db.conn)
    waiting = [svc.record_visit(db, _draft(n), canvasser="Jo", now=T0) for n in range(3, 6)]
    (root,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'visits'").fetchone()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    path = database_path(data_dir)
    raw = bytearray(path.read_bytes())
    raw[(root - 1) * 4096 : root * 4096] = bytes([0xA5, 0x5A]) * 2048  # the visits table's root
    path.write_bytes(bytes(raw))

    check = check_and_recover(data_dir)
    assert check.verdict is StartupVerdict.RECOVERED, check.text
    folder = next((data_dir / "recovery").iterdir())
    lines = [json.loads(line) for line in (folder / EXPORT_FILENAME).read_text().splitlines()]
    by_id = {line["visit"]["local_id"]: line for line in lines if "visit" in line}
    for visit in waiting:  # never sent: queued again as new, with their data
        (op,) = by_id[visit.local_id]["ops"]
        assert (op["kind"], op["state"]) == ("create", "queued")
        assert op["payload"] == visit.data
        assert by_id[visit.local_id]["visit"]["knock_time"] == visit.knock_time


def test_a_filing_that_fails_halfway_leaves_every_saved_visit_in_the_journal(
    db: sqlite_utils.Database,
) -> None:
    saved = [svc.record_visit(db, _draft(n), canvasser="Ana", now=T0) for n in range(3)]
    # The second create cannot be written: the whole filing rolls back.
    db.execute(
        "CREATE TEMP TRIGGER refuse AFTER INSERT ON outbox WHEN new.op_id = 2 "
        "BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    with pytest.raises(sqlite3.IntegrityError):
        file_door_saves(db.conn)
    assert (_count(db, "visits"), _count(db, "outbox"), _count(db, "door_journal")) == (0, 0, 3)
    db.execute("DROP TRIGGER temp.refuse")
    assert file_door_saves(db.conn) == 3
    assert [row[0] for row in db.execute("SELECT local_id FROM visits ORDER BY seq")] == [
        v.local_id for v in saved
    ]


def test_a_visit_moved_in_from_another_laptop_files_the_door_saves_first(
    db: sqlite_utils.Database,
) -> None:
    at_door = svc.record_visit(db, _draft(1), canvasser="Ana", now=T0)
    repo = VisitRepo(db, filed=False)  # made before the save was filed, as a long-lived one
    row = door_journal_row(door_journal.pending(db.conn)[0])
    moved = {**row, "local_id": "from-elsewhere", "seq": None}
    assert repo.insert_transferred(moved, [], now=T0)
    seqs = dict(db.execute("SELECT local_id, seq FROM visits").fetchall())
    assert seqs == {at_door.local_id: at_door.seq, "from-elsewhere": at_door.seq + 1}
    assert not repo.insert_transferred({**row, "seq": None}, [], now=T0)  # already here
