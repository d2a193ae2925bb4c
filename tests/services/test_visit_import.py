"""Importing a file of visits: all or nothing, once, every bad line named in words."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from support.page_examples import PAGE_POST_BODY

from canvass_app.core.outbox import OutboxState
from canvass_app.services.json_lines import MAX_DEPTH, MAX_LINE_BYTES, MAX_TEXT_CHARS
from canvass_app.services.outbox_transfer import export_outbox, import_outbox
from canvass_app.services.visit_import import FileImportError, import_visit_file
from canvass_app.services.visits import VisitDraft, list_visits, record_visit
from canvass_app.storage.db import StorageEnvironmentError, StorageProblem, open_database

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def db(data_dir: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(data_dir)
    yield database
    database.conn.close()


def _visit(n: int, **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(PAGE_POST_BODY)
    data.update(contactId=f"contact-{n}", timestamp=f"2026-03-01T10:00:{n % 60:02d}.{n:03d}Z")
    data.update(changes)
    return data


def _write(path: Path, lines: list[Any]) -> Path:
    with open(path, "wb") as handle:
        for line in lines:
            handle.write(line if isinstance(line, bytes) else json.dumps(line).encode())
            handle.write(b"\n")
    return path


def _count(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT count(*) FROM visits").fetchone()[0])


def _problems(caught: pytest.ExceptionInfo[FileImportError]) -> list[str]:
    return [str(problem) for problem in caught.value.problems]


def test_the_same_file_twice_queues_it_once(db: sqlite_utils.Database, tmp_path: Path) -> None:
    visits = _write(tmp_path / "visits.jsonl", [_visit(n) for n in range(5)])
    first = import_visit_file(db, visits, canvasser="jo", now=NOW)
    assert len(first.local_ids) == 5 and first.skipped == 0
    assert str(first.message) == "Queued 5 visits."
    again = import_visit_file(db, visits, canvasser="jo", now=NOW)
    assert again.local_ids == [] and again.skipped == 5
    assert str(again.message) == (
        "Queued 0 visits. Skipped 5 visits already on this laptop (same contact, knock time "
        "and campaign)."
    )
    assert _count(db) == 5
    queued = {v.local_id: v for v in list_visits(db)}
    assert set(queued) == set(first.local_ids)
    assert all(v.state is OutboxState.QUEUED and v.canvasser == "jo" for v in queued.values())


def test_a_visit_already_in_the_outbox_is_skipped(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    knocked = record_visit(
        db,
        VisitDraft("camp-1", "contact-7", "house-7", "ch-7", "survey-1", unavailable=True),
        canvasser="ana",
        now=datetime(2026, 3, 1, 9, 30, 15, 250_000, tzinfo=UTC),
    )
    same = _visit(
        7, campaignId="camp-1", timestamp="2026-03-01T09:30:15.2500Z"
    )  # the same instant, written with one more digit
    next_ms = _visit(7, campaignId="camp-1", timestamp="2026-03-01T09:30:15.251Z")
    other_campaign = _visit(7, campaignId="camp-2", timestamp="2026-03-01T09:30:15.250Z")
    result = import_visit_file(
        db,
        _write(tmp_path / "v.jsonl", [same, next_ms, other_campaign, next_ms]),
        canvasser="jo",
        now=NOW,
    )
    assert result.skipped == 2  # the door's visit, and the repeated line
    assert len(result.local_ids) == 2
    assert _count(db) == 3
    assert knocked.local_id not in result.local_ids


def test_outbox_import_uses_the_same_natural_key(
    db: sqlite_utils.Database, data_dir: Path, tmp_path: Path
) -> None:
    """A visit that reached both laptops by different roads is queued once on each."""
    paper = _write(tmp_path / "paper.jsonl", [_visit(n) for n in range(3)])
    import_visit_file(db, paper, canvasser="jo", now=NOW)
    moved = tmp_path / "queue.jsonl"
    assert export_outbox(db, moved) == 3
    other = open_database(tmp_path / "other-laptop")
    try:
        import_visit_file(other, paper, canvasser="jo", now=NOW)  # its own local ids
        result = import_outbox(other, moved)
        assert (result.imported, result.skipped_duplicates) == (0, 3)
        assert str(result.message) == "Imported 0 visits; skipped 3 already here."
        assert _count(other) == 3
    finally:
        other.conn.close()


def test_a_bad_line_queues_nothing_and_every_bad_line_is_named(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    missing = _visit(3)
    del missing["contactId"]
    lines: list[Any] = [_visit(1), b"{not json", missing, _visit(4), b"\xef\xbb\xbf[1]"]
    with pytest.raises(FileImportError) as caught:
        import_visit_file(db, _write(tmp_path / "v.jsonl", lines), canvasser="jo", now=NOW)
    problems = _problems(caught)
    assert problems[0].startswith("line 2: not JSON (")
    assert problems[1] == "line 3: /data/contactId: is required but missing"
    # A byte-order mark is accepted on line 1 only; here it is just bad bytes.
    assert problems[2].startswith("line 5: not JSON")
    assert str(caught.value.message).endswith("3 problems; nothing was queued.")
    assert _count(db) == 0  # not even the good lines 1 and 4


def test_non_utf8_bytes_name_the_line_and_the_byte(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    latin1 = (
        json.dumps(_visit(2, unavailableReason="Não"), ensure_ascii=False)
        .encode("utf-8")
        .replace("ã".encode(), b"\xe3")
    )
    with pytest.raises(FileImportError) as caught:
        import_visit_file(
            db, _write(tmp_path / "v.jsonl", [_visit(1), latin1]), canvasser="jo", now=NOW
        )
    (problem,) = _problems(caught)
    assert problem.startswith("line 2: not UTF-8 text (byte 0xE3 at position ")
    assert "save the file as UTF-8" in problem
    assert _count(db) == 0


def test_deep_nesting_is_named_never_a_recursion_error(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    very_deep = b"[" * 200_000 + b"]" * 200_000  # beyond Python's recursion limit
    deep_enough = _visit(3)
    node: dict[str, Any] = deep_enough["survey"]["responses"]
    for level in range(MAX_DEPTH):
        node[f"k{level}"] = {}
        node = node[f"k{level}"]
    with pytest.raises(FileImportError) as caught:
        import_visit_file(
            db,
            _write(tmp_path / "v.jsonl", [_visit(1), very_deep, deep_enough]),
            canvasser="jo",
            now=NOW,
        )
    problems = _problems(caught)
    assert problems[0].startswith(f"line 2: nested more than {MAX_DEPTH} levels deep")
    assert problems[1].startswith(f"line 3: nested more than {MAX_DEPTH} levels deep (at /survey")
    assert _count(db) == 0


def test_over_long_fields_and_lines_are_named(db: sqlite_utils.Database, tmp_path: Path) -> None:
    long_answer = _visit(2)
    response = next(iter(long_answer["survey"]["responses"].values()))
    response["fields"]["notes"] = "x" * (MAX_TEXT_CHARS + 1)
    long_id = _visit(3, contactId="c" * (MAX_TEXT_CHARS + 5))
    huge_line = _visit(4, unavailableReason="y" * MAX_LINE_BYTES)
    with pytest.raises(FileImportError) as caught:
        import_visit_file(
            db,
            _write(tmp_path / "v.jsonl", [_visit(1), long_answer, long_id, huge_line, _visit(5)]),
            canvasser="jo",
            now=NOW,
        )
    problems = _problems(caught)
    question = next(iter(long_answer["survey"]["responses"]))
    assert problems[0] == (
        f"line 2: /survey/responses/{question}/fields/notes is 10,001 characters long; "
        "a field may hold at most 10,000"
    )
    assert problems[1].startswith("line 3: /contactId is 10,005 characters long")
    assert problems[2].startswith("line 4: longer than 1,048,576 bytes")
    assert len(problems) == 3  # line 5 after the huge line is read as a line of its own
    assert _count(db) == 0


def test_nan_and_infinity_are_not_json(db: sqlite_utils.Database, tmp_path: Path) -> None:
    line = json.dumps(_visit(1, distance=float("nan"))).encode()
    assert b"NaN" in line
    with pytest.raises(FileImportError) as caught:
        import_visit_file(db, _write(tmp_path / "v.jsonl", [line]), canvasser="jo", now=NOW)
    assert _problems(caught) == ["line 1: not JSON: NaN is not a number JSON allows"]


def test_the_data_wrapper_works_and_a_server_document_is_refused(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    wrapped = {"data": _visit(1)}
    result = import_visit_file(
        db, _write(tmp_path / "ok.jsonl", [wrapped, _visit(2)]), canvasser="jo", now=NOW
    )
    assert len(result.local_ids) == 2
    (first,) = [v for v in list_visits(db) if v.local_id == result.local_ids[0]]
    assert first.contact_id == "contact-1" and first.data["survey"] == _visit(1)["survey"]

    document = {"id": "srv-1", "data": _visit(3), "meta": {"etag": "e"}}
    beside = {"data": _visit(4), "note": "x"}
    not_object = {"data": [1, 2]}
    neither = {"hello": "world"}
    with pytest.raises(FileImportError) as caught:
        import_visit_file(
            db,
            _write(tmp_path / "bad.jsonl", [document, beside, not_object, neither]),
            canvasser="jo",
            now=NOW,
        )
    problems = _problems(caught)
    assert problems[0].startswith(
        "line 1: a whole interaction document (it has id, meta): it is already on the server"
    )
    assert problems[1].startswith('line 2: has note beside "data"')
    assert problems[2] == 'line 3: "data" must be an object of interaction fields'
    assert problems[3].startswith("line 4: neither an interaction")
    assert _count(db) == 2


def test_line_endings_and_a_byte_order_mark_are_read_as_people_save_files(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    """Windows line ends and a BOM (Notepad); U+2028 inside a text stays one line."""
    separated = _visit(2, unavailableReason="first\u2028second")
    raw = (
        b"\xef\xbb\xbf"
        + json.dumps(_visit(1)).encode()
        + b"\r\n\r\n"
        + json.dumps(separated, ensure_ascii=False).encode()
        + b"\r\n"
    )
    path = tmp_path / "v.jsonl"
    path.write_bytes(raw)
    result = import_visit_file(db, path, canvasser="jo", now=NOW)
    assert len(result.local_ids) == 2
    reasons = {v.data.get("unavailableReason") for v in list_visits(db)}
    assert "first\u2028second" in reasons


def test_many_bad_lines_name_the_first_fifty(db: sqlite_utils.Database, tmp_path: Path) -> None:
    with pytest.raises(FileImportError) as caught:
        import_visit_file(
            db, _write(tmp_path / "v.jsonl", [b"nope"] * 120), canvasser="jo", now=NOW
        )
    problems = _problems(caught)
    assert len(problems) == 51 and problems[-1] == "… and 70 more."
    assert "120 problems; nothing was queued" in str(caught.value)


def test_a_missing_file_is_said_in_words(db: sqlite_utils.Database, tmp_path: Path) -> None:
    with pytest.raises(FileImportError) as caught:
        import_visit_file(db, tmp_path / "nowhere.jsonl", canvasser="jo", now=NOW)
    assert caught.value.unreadable
    assert str(caught.value).startswith(f"Could not read {tmp_path / 'nowhere.jsonl'}: ")


def test_a_full_disk_mid_file_queues_nothing_then_a_rerun_queues_all(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    """SQLITE_FULL injected with ``max_page_count`` on the import's own connection (the
    real error code SQLite gives on a full disk; the CLI tests use a real small disk)."""
    visits = _write(tmp_path / "v.jsonl", [_visit(n) for n in range(400)])
    pages = int(db.execute("PRAGMA page_count").fetchone()[0])
    db.execute(f"PRAGMA max_page_count = {pages + 20}")  # room for a few dozen visits
    with pytest.raises(StorageEnvironmentError) as caught:
        import_visit_file(db, visits, canvasser="jo", now=NOW)
    assert caught.value.problem is StorageProblem.FULL
    assert str(caught.value).startswith("The disk is full")
    assert _count(db) == 0 and not db.conn.in_transaction
    db.execute("PRAGMA max_page_count = 1073741823")
    result = import_visit_file(db, visits, canvasser="jo", now=NOW)
    assert len(result.local_ids) == 400 and _count(db) == 400
