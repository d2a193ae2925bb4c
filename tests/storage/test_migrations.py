"""Schema migrations keyed on PRAGMA user_version: fresh, every upgrade path, rollback."""

from __future__ import annotations

from pathlib import Path

import pytest

from canvass_app.storage import migrations
from canvass_app.storage.db import DB_FILENAME, StorageEnvironmentError, connect, open_database
from canvass_app.storage.migrations import LATEST_VERSION, MIGRATIONS, migrate, schema_version


def _names(db: object, kind: str) -> set[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = ?", [kind]).fetchall()  # type: ignore[attr-defined]
    return {r[0] for r in rows}


def test_fresh_database_is_at_the_latest_version(data_dir: Path) -> None:
    db = open_database(data_dir)
    assert schema_version(db) == LATEST_VERSION >= 2
    assert {"visits", "outbox", "sync_log", "sync_meta", "visits_fts"} <= _names(db, "table")
    assert {"outbox_state_op", "outbox_visit_op", "visits_canvasser_seq"} <= _names(db, "index")


@pytest.mark.parametrize("start", range(LATEST_VERSION))
def test_upgrade_from_every_earlier_version(data_dir: Path, start: int) -> None:
    path = data_dir / DB_FILENAME
    old = connect(path)
    assert migrate(old, target=start) == start
    if start >= 1:
        old.execute(
            "INSERT INTO visits (local_id, canvasser, campaign_id, contact_id, household_id, "
            "contact_household_id, knock_time, data_json, state, contact_name, created_at, "
            "updated_at) VALUES ('v-old', 'ann', 'c', 'p', 'h', 'ch', "
            "'2024-01-01T00:00:00.000Z', '{}', 'queued', 'Olga Old', "
            "'2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')"
        )
    old.conn.close()

    db = open_database(data_dir)
    assert schema_version(db) == LATEST_VERSION
    assert "visits_canvasser_seq" in _names(db, "index")
    if start >= 1:
        row = db.execute("SELECT local_id FROM visits").fetchone()
        assert row[0] == "v-old"
        # The FTS triggers of version 1 indexed it, and still work after the upgrade (from
        # version 5 on, a save is indexed later, in one go).
        from canvass_app.storage.search_index import index_pending

        index_pending(db.conn)
        hits = db.execute(
            "SELECT rowid FROM visits_fts WHERE visits_fts MATCH ?", ['"Olga"*']
        ).fetchall()
        assert len(hits) == 1
        # A row from before version 9 is filed: the ledger's sort indexes hold it.
        filed = db.execute(
            "SELECT count(*) FROM visits INDEXED BY idx_visits_history_contact"
            " WHERE unfiled IS NULL"
        ).fetchone()[0]
        assert filed == 1


def test_a_failing_migration_leaves_nothing_half_done(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = connect(data_dir / DB_FILENAME)
    migrate(db, target=1)
    broken = "CREATE INDEX half_done ON visits (seq);\nCREATE TABLE broken (;\n"
    monkeypatch.setattr(migrations, "MIGRATIONS", (MIGRATIONS[0], broken))
    monkeypatch.setattr(migrations, "LATEST_VERSION", 2)
    with pytest.raises(Exception, match="syntax error|incomplete"):
        migrations.migrate(db)
    assert schema_version(db) == 1
    assert "half_done" not in _names(db, "index")


def test_database_from_a_newer_app_is_refused_in_words(data_dir: Path) -> None:
    db = open_database(data_dir)
    db.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    db.conn.close()
    with pytest.raises(StorageEnvironmentError, match="newer Canvass"):
        open_database(data_dir)


def test_sync_log_is_append_only(data_dir: Path) -> None:
    db = open_database(data_dir)
    db.execute(
        "INSERT INTO sync_log (at, local_id, event) VALUES ('2024-01-01T00:00:00.000Z', 'x', 'e')"
    )
    with pytest.raises(Exception, match="append-only"):
        db.execute("UPDATE sync_log SET event = 'rewritten'")
    with pytest.raises(Exception, match="append-only"):
        db.execute("DELETE FROM sync_log")


def test_fts_update_trigger_names_only_the_text_columns(data_dir: Path) -> None:
    db = open_database(data_dir)
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'visits_fts_update'").fetchone()[0]
    head = sql.split(" ON visits")[0]
    for column in migrations.FTS_COLUMNS:
        assert column in head
    for column in ("state", "etag", "server_id", "updated_at", "last_error"):
        assert column not in head


def test_a_visits_events_are_found_across_the_version_11_upgrade(data_dir: Path) -> None:
    """From version 11 a visit's events are keyed by its seq; the events written before,
    and a person's (no visit has their id), keep the local-id key. ``events`` finds all."""
    from datetime import UTC, datetime

    from canvass_app.storage.visits import VisitRepo

    path = data_dir / DB_FILENAME
    old = connect(path)
    migrate(old, target=10)
    old.execute(
        "INSERT INTO visits (local_id, canvasser, campaign_id, contact_id, household_id, "
        "contact_household_id, knock_time, data_json, state, created_at, updated_at) "
        "VALUES ('v-old', 'ann', 'c', 'p', 'h', 'ch', '2024-01-01T00:00:00.000Z', '{}', "
        "'queued', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')"
    )
    for local_id in ("v-old", "person-1"):
        old.execute(
            "INSERT INTO sync_log (at, local_id, event) VALUES ('2024-01-01T00:00:00.000Z', ?, "
            "'saved')",
            [local_id],
        )
    old.conn.close()

    repo = VisitRepo(open_database(data_dir))
    now = datetime(2024, 1, 2, tzinfo=UTC)
    repo.append_event("v-old", "requeued", now=now)
    repo.append_event("person-1", "lease", now=now)
    assert [e.event for e in repo.events("v-old")] == ["saved", "requeued"]
    assert [e.event for e in repo.events("person-1")] == ["saved", "lease"]
    keys = repo.db.execute("SELECT local_id, event, visit_seq FROM sync_log ORDER BY id").fetchall()
    seq = repo.db.execute("SELECT seq FROM visits WHERE local_id = 'v-old'").fetchone()[0]
    assert [tuple(row) for row in keys] == [
        ("v-old", "saved", None),
        ("person-1", "saved", None),
        ("v-old", "requeued", seq),
        ("person-1", "lease", None),
    ]
