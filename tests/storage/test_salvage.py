"""The page-level salvage of a damaged file: header rebuilt, rows read page by page."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from canvass_app.storage.salvage import (
    HEADER_SIZE,
    build_header,
    free_pages,
    guess_page_size,
    header_is_valid,
    repair_header,
    scan_table_rows,
)

COLUMNS = ["id", "name", "note", "score", "blob", "flag"]


def _make(path: Path, *, page_size: int = 4096, rows: int = 300) -> list[tuple]:
    """A database with one table whose rows span many pages, some with overflow chains."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA page_size = {page_size}")
    conn.execute(
        "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT, note TEXT, score REAL, "
        "blob BLOB, flag INTEGER)"
    )
    expected = []
    conn.execute("BEGIN")
    for n in range(1, rows + 1):
        # Every 7th note is longer than a page: its row continues on overflow pages.
        note = ("ñandú " * (n % 7 == 0 and page_size // 2 or 3)) + str(n)
        row = (n, f"name-{n}", note, n / 3, bytes([n % 256]) * (n % 5), n % 2)
        conn.execute("INSERT INTO things VALUES (?, ?, ?, ?, ?, ?)", row)
        expected.append(row)
    conn.execute(
        "INSERT INTO things VALUES (?, ?, ?, ?, ?, ?)", (10**12, None, "", -7, None, -(2**40))
    )
    expected.append((10**12, None, "", -7.0, None, -(2**40)))
    conn.execute("COMMIT")
    conn.close()
    return expected


def _scanned(path: Path) -> list[tuple]:
    rows = dict(scan_table_rows(path, COLUMNS))
    return [tuple(rows[key][c] for c in COLUMNS) for key in sorted(rows)]


@pytest.mark.parametrize("page_size", [1024, 4096, 65536])
def test_scan_reads_exactly_what_sqlite_reads(tmp_path: Path, page_size: int) -> None:
    path = tmp_path / "db.sqlite3"
    expected = _make(path, page_size=page_size)
    assert _scanned(path) == expected


@pytest.mark.parametrize("page_size", [1024, 4096, 16384])
def test_a_destroyed_header_is_rebuilt_and_sqlite_reads_the_file_again(
    tmp_path: Path, page_size: int
) -> None:
    path = tmp_path / "db.sqlite3"
    expected = _make(path, page_size=page_size)
    raw = bytearray(path.read_bytes())
    raw[:HEADER_SIZE] = b"\x00" * HEADER_SIZE
    path.write_bytes(bytes(raw))
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(str(path)).execute("SELECT count(*) FROM things").fetchone()

    assert guess_page_size(bytes(raw)) == page_size
    assert repair_header(path) == page_size
    assert header_is_valid(path.read_bytes()[:HEADER_SIZE])
    conn = sqlite3.connect(str(path))
    assert conn.execute("SELECT * FROM things ORDER BY id").fetchall() == expected
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    conn.close()
    assert repair_header(path) is None  # a valid header is left alone


def test_the_wal_header_gives_the_page_size(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA page_size = 2048")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE things (id INTEGER PRIMARY KEY)")
    try:
        wal = Path(f"{path}-wal")
        assert wal.stat().st_size > 0  # open connection: the -wal holds the commit
        assert guess_page_size(b"\x00" * 2048 * 3, wal) == 2048  # the main file says nothing
    finally:
        conn.close()


def test_rows_under_a_destroyed_interior_page_are_found_page_by_page(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    expected = _make(path)
    conn = sqlite3.connect(str(path))
    (root,) = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'things'").fetchone()
    conn.close()
    raw = bytearray(path.read_bytes())
    raw[(root - 1) * 4096 : root * 4096] = b"\xa5" * 4096  # the table's root: every leaf lost
    path.write_bytes(bytes(raw))
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(str(path)).execute("SELECT count(*) FROM things").fetchone()
    assert _scanned(path) == expected


def test_free_pages_are_known_so_old_rows_on_them_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA secure_delete = OFF")  # leave the old rows on the freed pages
    conn.execute("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT, note TEXT)")
    conn.executemany(
        "INSERT INTO things VALUES (?, ?, ?)", [(n, f"n{n}", "x" * 900) for n in range(200)]
    )
    conn.execute("DELETE FROM things WHERE id >= 20")
    conn.close()
    freed = free_pages(path)
    assert freed
    everything = dict(scan_table_rows(path, ["id", "name", "note"]))
    live = dict(scan_table_rows(path, ["id", "name", "note"], skip_pages=freed))
    assert sorted(live) == list(range(20))
    assert len(everything) > len(live)  # the old rows were there to be found


def test_built_header_is_what_sqlite_writes_for_the_fields_it_checks() -> None:
    header = build_header(4096, 10, wal=True)
    assert len(header) == HEADER_SIZE and header_is_valid(header)
    assert header[18:20] == b"\x02\x02"
    assert build_header(65536, 1, wal=False)[16:18] == b"\x00\x01"
