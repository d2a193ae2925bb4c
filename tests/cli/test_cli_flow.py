"""The headless commands end to end against the reference server over real HTTP."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from support.page_examples import PAGE_POST_BODY as POST_EXAMPLE


def server_interactions(server: Any) -> list[dict[str, Any]]:
    response = httpx.get(
        f"{server.url}/v2/interactions",
        params={"skip": 0, "limit": 1000, "sort": ["id", "ASC"]},
        headers={"Authorization": f"Bearer {server.token}"},
    )
    response.raise_for_status()
    return list(response.json()["data"])


@pytest.fixture
def cli(data_dir: Path, polis_server: Any, run_cli: Any):  # type: ignore[no-untyped-def]
    def run(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
        return run_cli(
            "--api-url",
            polis_server.url,
            *args,
            data_dir=data_dir,
            env={"CANVASS_TOKEN": polis_server.token},
            stdin=stdin,
        )

    return run


def test_import_sync_edit_delete_round_trip(cli: Any, polis_server: Any, tmp_path: Path) -> None:
    second = dict(POST_EXAMPLE, timestamp="2018-07-18T18:40:53.526Z", unavailable=False)
    visits_file = tmp_path / "visits.jsonl"
    visits_file.write_text(json.dumps(POST_EXAMPLE) + "\n" + json.dumps(second) + "\n")

    imported = cli("import", str(visits_file))
    assert imported.returncode == 0, imported.stderr
    local_ids = imported.stdout.split()
    assert len(local_ids) == 2

    status = json.loads(cli("status", "--json").stdout)
    assert status["queued"] == 2 and status["oldest_unsent_age_s"] is not None

    synced = cli("sync")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    on_server = server_interactions(polis_server)
    assert sorted(doc["data"]["timestamp"] for doc in on_server) == [
        "2018-07-17T18:40:53.526Z",
        "2018-07-18T18:40:53.526Z",
    ]
    assert json.loads(cli("status", "--json").stdout)["sent"] == 2

    # A second sync sends nothing again: still exactly two documents.
    assert cli("sync").returncode == 0
    assert len(server_interactions(polis_server)) == 2

    edited = cli(
        "edit",
        local_ids[0],
        "--patch",
        '[{"op": "replace", "path": "/data/successful", "value": true}]',
    )
    assert edited.returncode == 0, edited.stderr
    assert cli("sync").returncode == 0
    first = next(
        d
        for d in server_interactions(polis_server)
        if d["data"]["timestamp"].startswith("2018-07-17")
    )
    assert first["data"]["successful"] is True
    assert first["data"]["unavailableReason"] == "Come Back"

    deleted = cli("delete", local_ids[1])
    assert deleted.returncode == 0, deleted.stderr
    assert cli("sync").returncode == 0
    remaining = server_interactions(polis_server)
    assert [d["data"]["timestamp"] for d in remaining] == ["2018-07-17T18:40:53.526Z"]

    history = json.loads(cli("history", "--json").stdout)
    by_id = {row["local_id"]: row for row in history}
    assert set(by_id) == set(local_ids)
    assert by_id[local_ids[0]]["server_id"] == first["id"]
    assert by_id[local_ids[0]]["knock_time"] == "2018-07-17T18:40:53.526Z"
    assert by_id[local_ids[0]]["sent_time"] is not None
    assert by_id[local_ids[0]]["data"]["successful"] is True


def test_import_of_a_bad_file_queues_nothing_and_names_each_problem(
    cli: Any, tmp_path: Path
) -> None:
    bad = dict(POST_EXAMPLE)
    del bad["contactId"]
    visits_file = tmp_path / "visits.jsonl"
    visits_file.write_text(json.dumps(POST_EXAMPLE) + "\n{not json\n" + json.dumps(bad) + "\n")
    result = cli("import", str(visits_file))
    assert result.returncode == 1
    assert "line 2: not JSON" in result.stderr
    assert "line 3" in result.stderr and "contactId" in result.stderr
    assert json.loads(cli("status", "--json").stdout)["queued"] == 0


def test_sync_without_a_token_asks_for_sign_in(
    run_cli: Any, data_dir: Path, polis_server: Any, tmp_path: Path
) -> None:
    visits_file = tmp_path / "visits.jsonl"
    visits_file.write_text(json.dumps(POST_EXAMPLE) + "\n")
    assert (
        run_cli(
            "--api-url", polis_server.url, "import", str(visits_file), data_dir=data_dir
        ).returncode
        == 0
    )
    result = run_cli("--api-url", polis_server.url, "sync", data_dir=data_dir)
    assert result.returncode == 5, result.stdout + result.stderr
    assert server_interactions(polis_server) == []


def test_login_logout_guard_unsent(
    run_cli: Any, cli: Any, data_dir: Path, polis_server: Any, tmp_path: Path
) -> None:
    visits_file = tmp_path / "visits.jsonl"
    visits_file.write_text(json.dumps(POST_EXAMPLE) + "\n")
    assert cli("import", str(visits_file)).returncode == 0
    refused = run_cli("--api-url", polis_server.url, "logout", data_dir=data_dir)
    assert refused.returncode == 1
    assert "not sent" in refused.stderr and "outbox export" in refused.stderr
    forced = run_cli("--api-url", polis_server.url, "logout", "--force", data_dir=data_dir)
    assert forced.returncode == 0


def test_outbox_export_import_moves_the_queue_without_duplicates(
    run_cli: Any, cli: Any, polis_server: Any, tmp_path: Path
) -> None:
    visits_file = tmp_path / "visits.jsonl"
    visits_file.write_text(json.dumps(POST_EXAMPLE) + "\n")
    assert cli("import", str(visits_file)).returncode == 0
    exported = tmp_path / "queue.jsonl"
    assert cli("outbox", "export", str(exported)).returncode == 0

    other_dir = tmp_path / "other-laptop"
    other_dir.mkdir(mode=0o700)
    env = {"CANVASS_TOKEN": polis_server.token}
    first = run_cli(
        "--api-url",
        polis_server.url,
        "outbox",
        "import",
        str(exported),
        data_dir=other_dir,
        env=env,
    )
    assert first.returncode == 0, first.stderr
    again = run_cli(
        "--api-url",
        polis_server.url,
        "outbox",
        "import",
        str(exported),
        data_dir=other_dir,
        env=env,
    )
    assert "skipped 1" in again.stdout
    assert (
        run_cli("--api-url", polis_server.url, "sync", data_dir=other_dir, env=env).returncode == 0
    )
    # The first laptop still holds its copy; sending it too must not duplicate the visit.
    assert cli("sync").returncode == 0
    assert len(server_interactions(polis_server)) == 1


def test_pull_prepares_the_demo_walklist(cli: Any, data_dir: Path) -> None:
    from canvass_app.server.seed import DEMO_LIST_ID
    from canvass_app.services.pull import load_walklist
    from canvass_app.storage.db import open_database

    result = cli("pull", "--list", DEMO_LIST_ID)
    assert result.returncode == 0, result.stderr
    assert "Ready offline" in result.stdout
    walklist = load_walklist(open_database(data_dir), DEMO_LIST_ID)
    assert len({entry.household.id for entry in walklist.entries}) >= 70
    assert walklist.default_survey is not None
    assert len(walklist.statuses) == 13 and len(walklist.status_groups) == 10


def test_pull_downloads_the_map_when_a_tile_address_is_set(cli: Any, data_dir: Path) -> None:
    from support.tiles import tile_server

    from canvass_app.server.seed import DEMO_LIST_ID
    from canvass_app.services.basemap import USER_AGENT, basemap_file
    from canvass_app.services.settings import Settings, save_settings
    from canvass_app.storage.mbtiles import MBTilesReader

    with tile_server() as tiles:
        save_settings(data_dir, Settings(tile_url=tiles.template, tile_max_zoom=15))
        skipped = cli("pull", "--list", DEMO_LIST_ID, "--no-map")
        assert skipped.returncode == 0 and not tiles.requests
        result = cli("pull", "--list", DEMO_LIST_ID)
    assert result.returncode == 0, result.stderr
    assert "Map ready offline:" in result.stdout and "zoom 12–15" in result.stdout
    assert {agent for _path, agent in tiles.requests} == {USER_AGENT}
    reader = MBTilesReader(basemap_file(data_dir, DEMO_LIST_ID))
    assert len(dict(reader.all_tiles())) == len(tiles.requests)
    reader.close()


def test_the_demo_leaves_a_damaged_database_to_the_start_up_check(
    data_dir: Path, polis_server: Any
) -> None:
    from canvass_app.cli.gui_cmds import refresh_demo_walklist
    from canvass_app.storage.db import database_path

    assert refresh_demo_walklist(data_dir, polis_server.url, polis_server.token)
    other = data_dir.parent / "damaged"
    other.mkdir()
    garbage = b"this is no database " * 500
    database_path(other).write_bytes(garbage)
    # No exception before the window: its start-up check tells the problem in words.
    assert not refresh_demo_walklist(other, polis_server.url, polis_server.token)
    assert database_path(other).read_bytes() == garbage
