"""Moving the unsent queue between devices: no duplicates on either side."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from canvass_app.core.outbox import OutboxState
from canvass_app.services.json_lines import FileImportError
from canvass_app.services.outbox_transfer import export_outbox, import_outbox
from canvass_app.services.sync import sync_now
from canvass_app.services.visits import edit_visit, get_visit, list_visits
from canvass_app.storage.db import open_database
from canvass_app.storage.visits import VisitRepo

from .conftest import FAST, SyncEnv


def test_export_holds_only_unsent_visits_and_is_private(env: SyncEnv, tmp_path: Path) -> None:
    sent = env.record(2)
    env.sync()
    unsent = env.record(3)
    folder = tmp_path / "export"
    folder.mkdir()
    out = folder / "queue.jsonl"
    assert export_outbox(env.db, out) == 3
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [entry["visit"]["local_id"] for entry in lines] == [v.local_id for v in unsent]
    assert not {v.local_id for v in sent} & {e["visit"]["local_id"] for e in lines}
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["queue.jsonl"]  # no temp file left


def test_import_skips_known_visits_and_keeps_edits(env: SyncEnv, tmp_path: Path) -> None:
    visits = env.record(2)
    edit_visit(env.db, visits[0].local_id, {"/successful": True})
    out = tmp_path / "queue.jsonl"
    export_outbox(env.db, out)

    other = open_database(tmp_path / "other-device")
    first = import_outbox(other, out)
    assert (first.imported, first.skipped_duplicates) == (2, 0)
    again = import_outbox(other, out)
    assert (again.imported, again.skipped_duplicates) == (0, 2)
    mine = import_outbox(env.db, out)  # back onto the first device: nothing doubles
    assert (mine.imported, mine.skipped_duplicates) == (0, 2)
    moved = get_visit(other, visits[0].local_id)
    assert moved is not None and moved.data["successful"] is True
    assert moved.knock_time == visits[0].knock_time and moved.state is OutboxState.QUEUED
    assert [e.event for e in VisitRepo(other).events(visits[0].local_id)] == ["imported"]


def test_a_visit_lost_in_flight_on_one_device_is_not_doubled_by_another(
    make_env: Callable[..., SyncEnv], tmp_path: Path
) -> None:
    env = make_env(idempotency=False, faults="POST /v2/interactions: lost_answer=1")
    (visit,) = env.record(1)
    env.sync(once=True)
    assert get_visit(env.db, visit.local_id).state is OutboxState.UNKNOWN  # type: ignore[union-attr]
    out = tmp_path / "queue.jsonl"
    export_outbox(env.db, out)
    other = open_database(tmp_path / "other-device")
    import_outbox(other, out)
    env.server.state.set_faults(None)
    report = sync_now(other, env.client, concurrency=1, settings=FAST)
    assert report.sent == 1
    assert len(env.server_docs()) == 1


def test_a_bad_file_imports_nothing_and_names_the_line(env: SyncEnv, tmp_path: Path) -> None:
    env.record(1)
    out = tmp_path / "queue.jsonl"
    export_outbox(env.db, out)
    good = out.read_text()
    broken = tmp_path / "broken.jsonl"
    broken.write_text(good + '{"format": "something-else"}\n')
    other = open_database(tmp_path / "other-device")
    with pytest.raises(FileImportError, match="line 2"):
        import_outbox(other, broken)
    assert list_visits(other) == []  # the good first line was not queued either
    with pytest.raises(FileImportError, match="Could not read") as unreadable:
        import_outbox(other, tmp_path / "missing.jsonl")
    assert unreadable.value.unreadable
    bad_data = json.loads(good)
    bad_data["visit"]["data_json"] = json.dumps({"campaignId": 5})
    broken.write_text(json.dumps(bad_data) + "\n")
    with pytest.raises(FileImportError, match="line 1"):
        import_outbox(other, broken)
