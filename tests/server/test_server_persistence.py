"""--db FILE: documents, etags, deletions and idempotency keys survive a restart."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from .helpers import PAGE_PATCH_BODY, PAGE_POST_BODY, client_for, create_interaction


def test_state_survives_a_restart(make_polis_server: Any, tmp_path: Path) -> None:
    db = tmp_path / "polis.db"
    first = make_polis_server(seed="demo", db=db)
    with client_for(first) as client:
        kept = create_interaction(client)
        patched = client.patch(
            f"/v2/interactions/{kept['id']}",
            json=PAGE_PATCH_BODY,
            headers={"etag": kept["meta"]["etag"]},
        ).json()
        gone = create_interaction(client)
        client.delete(f"/v2/interactions/{gone['id']}", headers={"etag": gone["meta"]["etag"]})
        replayed = client.post(
            "/v2/interactions", json=PAGE_POST_BODY, headers={"Idempotency-Key": "k"}
        ).json()
        contacts = client.get("/v2/contacts?skip=0&limit=1000").json()["data"]
    first.stop()

    second = make_polis_server(seed="demo", db=db)
    with client_for(second) as client:
        assert client.get(f"/v2/interactions/{kept['id']}").json() == patched
        assert client.get(f"/v2/interactions/{gone['id']}").status_code == 404
        again = client.post(
            "/v2/interactions", json=PAGE_POST_BODY, headers={"Idempotency-Key": "k"}
        )
        assert again.json() == replayed
        # The seed is not loaded twice over a database that has documents.
        assert client.get("/v2/contacts?skip=0&limit=1000").json()["data"] == contacts
    assert len(second.state.interactions()) == 2


def test_database_uses_wal_and_one_documents_table(make_polis_server: Any, tmp_path: Path) -> None:
    db = tmp_path / "polis.db"
    server = make_polis_server(seed="empty", db=db)
    with client_for(server) as client:
        create_interaction(client)
    server.stop()
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        rows = connection.execute(
            "SELECT resource, COUNT(*) FROM documents GROUP BY resource"
        ).fetchall()
    assert rows == [("interactions", 1)]


def test_without_db_state_is_in_memory(make_polis_server: Any) -> None:
    first = make_polis_server(seed="empty")
    with client_for(first) as client:
        create_interaction(client)
    second = make_polis_server(seed="empty")
    assert second.state.interactions() == []
