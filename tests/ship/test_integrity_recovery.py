"""The database check and the recovery, on a real SQLite file damaged on purpose.

These files are plain, as Canvass wrote them before encryption at rest
(``support.plain_database``): the page-level salvage reads SQLite's plain page format, so
it is for a plain file damaged before its move to an encrypted one. The recovery of an
encrypted file is in ``tests/storage/test_encryption.py``."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from support.plain_database import plain_database

from canvass_app.core.outbox import OutboxState
from canvass_app.services.outbox_transfer import export_outbox, import_outbox
from canvass_app.services.recovery import (
    EXPORT_FILENAME,
    RecoveryError,
    recover_damaged_database,
)
from canvass_app.services.startup import StartupVerdict, check_and_recover
from canvass_app.services.visits import VisitDraft, list_visits, record_visit, sync_counts
from canvass_app.storage.db import StorageProblem, database_path, open_database
from canvass_app.storage.integrity import check_database
from canvass_app.storage.visits import file_door_saves

VISITS = 240
PAGE = 4096


def _marker(n: int) -> bytes:
    # Upper case: FTS5 folds case, so this exact text lives only in the visits row itself.
    return f"ROWMARKER{n:04d}X".encode()


@dataclass
class Fixture:
    unsent: dict[int, str]  # visit number -> local id
    sent: dict[int, str]


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Fixture]:
    """One filled database for the module (filling costs a second); tests get a copy."""
    folder = tmp_path_factory.mktemp("template")
    return folder, _build(folder)


@pytest.fixture
def fill(_template: tuple[Path, Fixture]) -> Callable[[Path], Fixture]:
    def copy_into(data_dir: Path) -> Fixture:
        folder, fixture = _template
        shutil.copyfile(database_path(folder), database_path(data_dir))
        return fixture

    return copy_into


def _build(data_dir: Path) -> Fixture:
    db = plain_database(data_dir)
    # Filing empties the door journal: its freed pages are zeroed, so that a visit's
    # marker is found only in the visits table (``_damage_page_holding``).
    db.execute("PRAGMA secure_delete = ON")
    unsent: dict[int, str] = {}
    sent: dict[int, str] = {}
    for n in range(VISITS):
        visit = record_visit(
            db,
            VisitDraft(
                campaign_id="camp-1",
                contact_id=f"contact-{n}",
                household_id=f"house-{n}",
                contact_household_id=f"ch-{n}",
                survey_id="survey-1",
                contact_name=f"Person {n}",
                notes=_marker(n).decode() + " " + "long note " * 80,
            ),
            canvasser="Jo",
        )
        (sent if n % 4 == 0 else unsent)[n] = visit.local_id
    file_door_saves(db.conn)  # into the visits table, as the sync thread files them
    # Test setup only: pretend every fourth visit reached the server.
    sent_ids = json.dumps(list(sent.values()))
    db.execute(
        "UPDATE outbox SET state = 'sent' WHERE local_id IN (SELECT value FROM json_each(?))",
        [sent_ids],
    )
    db.execute(
        "UPDATE visits SET state = 'sent', server_id = 'srv-' || local_id "
        "WHERE local_id IN (SELECT value FROM json_each(?))",
        [sent_ids],
    )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    return Fixture(unsent, sent)


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _damage_page_holding(path: Path, marker: bytes) -> None:
    """Overwrite the whole page that holds ``marker`` with garbage (the middle of the file)."""
    content = path.read_bytes()
    offset = content.index(marker)
    page_start = offset - offset % PAGE
    assert 0 < page_start < len(content) - PAGE, "the damaged page should be in the middle"
    with open(path, "r+b") as handle:
        handle.seek(page_start)
        handle.write(bytes([0xA5, 0x5A]) * (PAGE // 2))


def test_good_database_passes(data_dir: Path, fill: Callable[[Path], Fixture]) -> None:
    fill(data_dir)
    report = check_database(database_path(data_dir))
    assert report.ok and report.problems == []
    assert check_database(database_path(data_dir), quick=True).ok
    assert "passed" in report.summary()


def test_check_works_while_the_app_has_the_database_open(data_dir: Path) -> None:
    db = open_database(data_dir)
    try:
        assert check_database(database_path(data_dir)).ok
    finally:
        db.conn.close()


def test_check_does_not_change_the_file(data_dir: Path, fill: Callable[[Path], Fixture]) -> None:
    fill(data_dir)
    path = database_path(data_dir)
    before = path.read_bytes()
    check_database(path)
    assert path.read_bytes() == before


def test_damaged_database_fails_with_problems_in_words(
    data_dir: Path, fill: Callable[[Path], Fixture]
) -> None:
    fixture = fill(data_dir)
    path = database_path(data_dir)
    _damage_page_holding(path, _marker(VISITS // 2 + 1))
    assert VISITS // 2 + 1 in fixture.unsent
    report = check_database(path)
    assert not report.ok
    assert report.problems and all(isinstance(p, str) and p for p in report.problems)
    assert report.summary().startswith("The database is damaged: ")
    assert not check_database(path, quick=True).ok


def test_not_a_database_and_missing_file(tmp_path: Path) -> None:
    garbage = tmp_path / "canvass.sqlite3"
    garbage.write_bytes(b"this is not a database at all" * 200)
    report = check_database(garbage)
    # Random bytes cannot be told from an encrypted file whose key is not here: never
    # called damage (nothing is moved aside), told in words.
    assert not report.ok and not report.damaged
    assert report.problem is StorageProblem.NO_KEY
    assert "its key is not available" in report.problems[0] or "passphrase" in report.problems[0]
    missing = check_database(tmp_path / "nothing.sqlite3")
    assert not missing.ok
    assert "there is no database file at" in missing.problems[0]


def test_recovery_keeps_a_copy_and_exports_the_readable_unsent_visits(
    data_dir: Path, fill: Callable[[Path], Fixture]
) -> None:
    fixture = fill(data_dir)
    path = database_path(data_dir)
    damaged_visit = VISITS // 2 + 1
    _damage_page_holding(path, _marker(damaged_visit))
    damaged_bytes = path.read_bytes()

    report = recover_damaged_database(data_dir)

    # The copy is byte for byte the damaged file; the original was not touched.
    assert report.copy_path.parent.parent == data_dir / "recovery"
    assert report.copy_path.read_bytes() == damaged_bytes
    assert path.read_bytes() == damaged_bytes
    assert report.set_aside_path is None

    assert report.exported_path == report.copy_path.parent / EXPORT_FILENAME
    lines = _lines(report.exported_path)
    exported = {line["visit"]["local_id"] for line in lines}
    assert report.exported_count == len(lines) == len(exported)
    # Nothing already sent, every exported visit unsent, and the damaged row is missing.
    assert not exported & set(fixture.sent.values())
    assert exported <= set(fixture.unsent.values())
    assert fixture.unsent[damaged_visit] not in exported
    # One damaged page costs only the few rows on it.
    assert len(exported) >= len(fixture.unsent) - 8
    assert report.unreadable_count >= 1
    assert fixture.unsent[damaged_visit] in report.lost_local_ids
    for line in lines:
        assert line["format"] == "canvass-outbox/1"
        assert line["visit"]["canvasser"] == "Jo"
        assert [op["kind"] for op in line["ops"]] == ["create"]
        assert line["ops"][0]["idempotency_key"] == line["visit"]["local_id"]
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(report.exported_path).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(report.copy_path).st_mode) == 0o600

    assert f"A copy of the damaged database was kept at {report.copy_path}." in report.text
    assert f"{report.exported_count} unsent visits could still be read" in report.text
    assert "could not be read" in report.text
    assert f"canvass-app outbox import {report.exported_path}" in report.text

    # The export is what `canvass-app outbox import` reads: it queues every visit again.
    elsewhere = data_dir.parent / "other-laptop"
    db = open_database(elsewhere)
    try:
        result = import_outbox(db, report.exported_path)
        assert result.imported == report.exported_count
        assert sync_counts(db).counts.get(OutboxState.QUEUED, 0) == report.exported_count
    finally:
        db.conn.close()


def test_recovery_of_a_healthy_database_exports_every_unsent_visit(
    data_dir: Path, fill: Callable[[Path], Fixture]
) -> None:
    fixture = fill(data_dir)
    report = recover_damaged_database(data_dir)
    assert report.exported_path is not None
    lines = _lines(report.exported_path)
    assert {line["visit"]["local_id"] for line in lines} == set(fixture.unsent.values())
    assert report.unreadable_count == 0
    assert report.skipped_sent_count == len(fixture.sent)
    # Line for line what `canvass-app outbox export` writes from the same database.
    db = open_database(data_dir)
    try:
        export_outbox(db, data_dir / "export.jsonl")
    finally:
        db.conn.close()
    assert lines == _lines(data_dir / "export.jsonl")


def test_visit_whose_create_was_lost_is_rebuilt_as_unknown(
    data_dir: Path, fill: Callable[[Path], Fixture]
) -> None:
    fixture = fill(data_dir)
    path = database_path(data_dir)
    victim = fixture.unsent[VISITS // 2 + 2]
    # The outbox row stores local_id then kind: this text is in the outbox table only.
    _damage_page_holding(path, f"{victim}create".encode())
    report = recover_damaged_database(data_dir)
    assert report.exported_path is not None
    by_id = {line["visit"]["local_id"]: line for line in _lines(report.exported_path)}
    assert set(by_id) == set(fixture.unsent.values())  # every visit row is intact
    assert report.rebuilt_create_count >= 1
    rebuilt = by_id[victim]["ops"]
    assert [(op["kind"], op["state"]) for op in rebuilt] == [("create", "unknown")]
    assert rebuilt[0]["payload"] == json.loads(by_id[victim]["visit"]["data_json"])
    assert "checked against the server before they are sent" in report.text
    db = open_database(data_dir.parent / "other-laptop")
    try:
        assert import_outbox(db, report.exported_path).imported == len(fixture.unsent)
        assert sync_counts(db).counts.get(OutboxState.UNKNOWN, 0) == report.rebuilt_create_count
    finally:
        db.conn.close()


def test_set_aside_moves_the_damaged_file_so_a_fresh_one_starts(
    data_dir: Path, fill: Callable[[Path], Fixture]
) -> None:
    fill(data_dir)
    path = database_path(data_dir)
    _damage_page_holding(path, _marker(VISITS // 2 + 1))
    report = recover_damaged_database(data_dir, set_aside=True)
    assert report.set_aside_path is not None and report.set_aside_path.exists()
    assert not path.exists()
    assert "Canvass will start with a new database" in report.text
    fresh = open_database(data_dir)
    try:
        assert fresh.execute("SELECT count(*) FROM visits").fetchone()[0] == 0
    finally:
        fresh.conn.close()
    assert check_database(path).ok


def test_not_a_database_at_all_still_keeps_a_copy(data_dir: Path) -> None:
    path = database_path(data_dir)
    path.write_bytes(b"\x00garbage" * 1000)
    report = recover_damaged_database(data_dir)
    assert report.copy_path.read_bytes() == path.read_bytes()
    assert report.exported_count == 0 and report.exported_path is None
    assert "No visits could be saved from it" in report.text


def test_no_database_is_said_in_words(data_dir: Path) -> None:
    with pytest.raises(RecoveryError, match="There is no database to recover at"):
        recover_damaged_database(data_dir)


def _destroy_page(path: Path, number: int) -> None:
    with open(path, "r+b") as handle:
        handle.seek((number - 1) * PAGE)
        handle.write(bytes([0xA5, 0x5A]) * (PAGE // 2))


def _root_page(path: Path, table: str) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_schema WHERE name = ?", [table]
        ).fetchone()
    finally:
        conn.close()
    return int(root)


def _queued_again(data_dir: Path, export: Path) -> dict[str, Any]:
    """Import the export on a fresh laptop: local id -> (visit state, op states)."""
    db = open_database(data_dir.parent / "other-laptop")
    try:
        result = import_outbox(db, export)
        assert result.skipped_duplicates == 0
        return {
            row[0]: row[1] for row in db.execute("SELECT local_id, state FROM visits").fetchall()
        }
    finally:
        db.conn.close()


def test_a_destroyed_header_alone_loses_no_visit(
    data_dir: Path, fill: Callable[[Path], Fixture]
) -> None:
    fixture = fill(data_dir)
    path = database_path(data_dir)
    raw = bytearray(path.read_bytes())
    raw[:100] = b"\x00" * 100
    path.write_bytes(bytes(raw))
    assert check_database(path).damaged  # "file is not a database": damage, not environment

    check = check_and_recover(data_dir)

    assert check.verdict is StartupVerdict.RECOVERED and check.can_continue
    (copy,) = (data_dir / "recovery").glob("*/canvass.sqlite3")
    assert copy.read_bytes() == bytes(raw)  # the kept copy is the damaged file, untouched
    export = copy.parent / EXPORT_FILENAME
    lines = _lines(export)
    assert {line["visit"]["local_id"] for line in lines} == set(fixture.unsent.values())
    # Read through SQLite after the header was rebuilt: the queue is exactly as it was.
    assert all([op["state"] for op in line["ops"]] == ["queued"] for line in lines)
    assert "could not be read" not in check.text
    assert f"{len(fixture.unsent)} unsent visits could still be read" in check.text
    assert list(data_dir.glob("canvass.sqlite3.damaged-*"))  # set aside, kept
    # The visits come back: queued again in the fresh database, as they were.
    assert check.text.endswith(
        f"The {len(fixture.unsent)} saved visits were queued again in the new database: "
        "nothing is lost."
    )
    fresh = open_database(data_dir)
    try:
        assert check_database(path).ok
        back = {v.local_id: v.state for v in list_visits(fresh)}
    finally:
        fresh.conn.close()
    assert back == dict.fromkeys(fixture.unsent.values(), OutboxState.QUEUED)
    assert set(_queued_again(data_dir, export)) == set(fixture.unsent.values())


def test_a_destroyed_header_with_visits_still_in_the_wal(data_dir: Path) -> None:
    live = data_dir.parent / "live"
    db = plain_database(live)
    db.execute("PRAGMA wal_autocheckpoint = 0")  # these saves stay in the -wal file
    saved = [
        record_visit(
            db,
            VisitDraft("camp-1", f"contact-{n}", f"house-{n}", f"ch-{n}", "survey-1"),
            canvasser="Jo",
        ).local_id
        for n in range(30)
    ]
    source = database_path(live)
    assert Path(f"{source}-wal").stat().st_size > 30 * PAGE
    for suffix in ("", "-wal", "-shm"):  # as a crash leaves them
        shutil.copyfile(f"{source}{suffix}", f"{database_path(data_dir)}{suffix}")
    db.conn.close()
    path = database_path(data_dir)
    raw = bytearray(path.read_bytes())
    raw[:100] = bytes(range(100))
    path.write_bytes(bytes(raw))

    report = recover_damaged_database(data_dir)

    assert report.header_rebuilt and report.exported_path is not None
    assert [line["visit"]["local_id"] for line in _lines(report.exported_path)] == saved


def test_a_few_destroyed_pages_cost_only_the_rows_on_them(
    data_dir: Path, fill: Callable[[Path], Fixture]
) -> None:
    """The roots of visits and outbox (interior pages: SQLite can reach no row under
    them) and two leaf pages of unsent visits are destroyed."""
    fixture = fill(data_dir)
    path = database_path(data_dir)
    lost_numbers = [n for n in (VISITS // 3 + 1, 2 * VISITS // 3 + 1) if n in fixture.unsent]
    assert len(lost_numbers) == 2
    content = path.read_bytes()
    leaves = {content.index(_marker(n)) // PAGE + 1 for n in lost_numbers}
    roots = {_root_page(path, "visits"), _root_page(path, "outbox")}
    for number in leaves | roots:
        _destroy_page(path, number)
    rows_per_page = [content[(p - 1) * PAGE : p * PAGE].count(b"ROWMARKER") for p in leaves]

    report = recover_damaged_database(data_dir)

    assert report.exported_path is not None
    by_id = {line["visit"]["local_id"]: line for line in _lines(report.exported_path)}
    assert not set(by_id) & set(fixture.sent.values())
    for n in lost_numbers:
        assert fixture.unsent[n] not in by_id
        assert fixture.unsent[n] in report.lost_local_ids  # named by the local-id index
    # Every unsent visit on a page that can still be read is back (the destroyed leaves
    # held a handful of rows each, sent ones among them).
    assert len(by_id) >= len(fixture.unsent) - sum(rows_per_page)
    assert report.scanned_count > len(fixture.unsent) // 2  # found page by page
    assert 1 <= report.unreadable_count <= sum(rows_per_page)
    # Found only by the page scan: looked for on the server before it is sent again.
    assert all([op["state"] for op in line["ops"]] == ["unknown"] for line in by_id.values())
    assert report.rebuilt_create_count == len(by_id)
    assert "could not be read" in report.text
    queued = _queued_again(data_dir, report.exported_path)
    assert set(queued) == set(by_id) and set(queued.values()) == {"unknown"}


def test_a_destroyed_first_page_loses_no_visit(
    data_dir: Path, fill: Callable[[Path], Fixture]
) -> None:
    """Header and schema gone: the known schema and the page scan still find every row."""
    fixture = fill(data_dir)
    path = database_path(data_dir)
    _destroy_page(path, 1)
    report = recover_damaged_database(data_dir)
    assert report.header_rebuilt
    assert report.exported_path is not None
    exported = {line["visit"]["local_id"] for line in _lines(report.exported_path)}
    assert exported == set(fixture.unsent.values())
    assert report.skipped_sent_count == len(fixture.sent)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_the_recovery_folder_and_everything_in_it_is_owner_only(
    data_dir: Path, fill: Callable[[Path], Fixture]
) -> None:
    fill(data_dir)
    _damage_page_holding(database_path(data_dir), _marker(VISITS // 2 + 1))
    (data_dir / "recovery").mkdir(mode=0o755)  # left open by an older version
    os.chmod(data_dir / "recovery", 0o755)
    old_umask = os.umask(0o022)
    try:
        report = recover_damaged_database(data_dir)
    finally:
        os.umask(old_umask)
    recovery = data_dir / "recovery"
    assert stat.S_IMODE(os.stat(recovery).st_mode) == 0o700
    for item in recovery.rglob("*"):
        expected = 0o700 if item.is_dir() else 0o600
        assert stat.S_IMODE(os.stat(item).st_mode) == expected, item
    assert report.exported_path is not None and report.exported_path.exists()
    assert not list(recovery.rglob(".scratch"))  # the scratch copy is gone
