"""A damaged database at start: told in words, a copy kept, unsent visits exported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from canvass_app.services.startup import StartupVerdict, check_and_recover
from canvass_app.services.visits import import_visit
from canvass_app.storage.db import DB_FILENAME, open_database

VISIT = {
    "campaignId": "c-1",
    "contactId": "p-1",
    "householdId": "h-1",
    "contactHouseholdId": "ch-1",
    "timestamp": "2026-11-27T10:00:00.000Z",
    "unavailable": True,
    "unavailableReason": "Not Home",
    "survey": {"surveyId": "s-1"},
}


def test_a_sound_database_passes(data_dir: Path) -> None:
    assert check_and_recover(data_dir).verdict is StartupVerdict.READY  # no file yet
    import_visit(open_database(data_dir), VISIT, canvasser="ana")
    check = check_and_recover(data_dir)
    assert check.verdict is StartupVerdict.READY and check.can_continue
    assert check.messages == () and check.title is None


def test_sync_on_a_damaged_database_says_so_and_exports(run_cli: Any, data_dir: Path) -> None:
    db = open_database(data_dir)
    for minute in range(40):
        import_visit(
            db, dict(VISIT, timestamp=f"2026-11-27T10:{minute:02d}:00.000Z"), canvasser="ana"
        )
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    path = data_dir / DB_FILENAME
    # Scribble over a whole page near the end (encrypted: its HMAC no longer matches).
    raw = bytearray(path.read_bytes())
    assert b"2026-11-27T10:20:00.000Z" not in raw  # the visits are encrypted
    page = 4096
    start = len(raw) - 2 * page
    raw[start : start + page] = bytes([0xA5, 0x5A]) * (page // 2)
    path.write_bytes(bytes(raw))

    result = run_cli("--api-url", "http://127.0.0.1:9", "sync", data_dir=data_dir)
    assert result.returncode == 1
    assert "damaged" in result.stderr.lower()
    exports = list((data_dir / "recovery").rglob("*.jsonl"))
    assert exports, result.stderr
    lines = [json.loads(line) for line in exports[0].read_text().splitlines() if line.strip()]
    assert lines  # the readable unsent visits were saved
