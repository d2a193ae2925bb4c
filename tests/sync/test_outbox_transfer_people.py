"""Moving the unsent queue between laptops carries the people added at the door: with their
visits, and on their own when they have none; their visits still wait for them, and the
second laptop sends each person and visit once."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from canvass_app.api.client import PolisClient
from canvass_app.core.contact import PersonDetails
from canvass_app.core.outbox import OutboxState
from canvass_app.core.walklist import Address, Household
from canvass_app.server.seed import DEMO_CAMPAIGN_ID, DEMO_LIST_ID, DEMO_SURVEY_ID
from canvass_app.services import contacts as people
from canvass_app.services import visits as visit_service
from canvass_app.services.json_lines import FileImportError
from canvass_app.services.outbox_transfer import export_outbox, import_outbox
from canvass_app.services.sync import SyncSettings, sync_now
from canvass_app.storage.contacts import ContactRepo
from canvass_app.storage.db import open_database

TOKEN = "transfer-people-token"
T0 = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
FAST = SyncSettings(concurrency=1, reconcile_after_s=0.0, backoff_base_s=0.001, seed=2)


def _laptop(tmp_path: Path, name: str) -> Any:
    folder = tmp_path / name
    folder.mkdir(mode=0o700)
    return open_database(folder)


def test_people_travel_with_the_queue_and_are_sent_once(
    tmp_path: Path, make_polis_server: Any
) -> None:
    server = make_polis_server(
        seed="demo", token=TOKEN, idempotency=False, check_references=True, record_writes=True
    )
    doc = server.state.documents("households")[5]
    home = Household(doc["id"], "", Address("a", "1", "Ellery Street", "Cambridge", "MA", "02138"))
    first = _laptop(tmp_path, "first")
    ana = people.add_person(
        first, PersonDetails("Ana", "Ruiz"), household=home, canvasser="dana",
        walklist_id=DEMO_LIST_ID, campaign_id=DEMO_CAMPAIGN_ID, now=T0,
    )  # fmt: skip
    bo = people.add_person(
        first, PersonDetails("Bo", "Lee"), household=home, canvasser="dana",
        walklist_id=DEMO_LIST_ID, campaign_id=DEMO_CAMPAIGN_ID, now=T0 + timedelta(seconds=1),
    )  # fmt: skip
    visit = visit_service.record_visit(
        first,
        visit_service.VisitDraft(
            campaign_id=DEMO_CAMPAIGN_ID, contact_id=ana.ref, household_id=home.id,
            contact_household_id=ana.ref, survey_id=DEMO_SURVEY_ID, unavailable=True,
            unavailable_reason="Not Home", contact_name=ana.display_name,
        ),
        canvasser="dana",
        now=T0 + timedelta(seconds=2),
    )  # fmt: skip
    out = tmp_path / "queue.jsonl"
    assert export_outbox(first, out) == 2  # the visit (with Ana), and Bo on his own
    second = _laptop(tmp_path, "second")
    assert import_outbox(second, out).imported == 1
    assert import_outbox(second, out).skipped_duplicates == 1  # nothing doubles
    moved = visit_service.get_visit(second, visit.local_id)
    assert moved is not None and moved.local_contact_id == ana.local_contact_id
    assert {p.display_name for p in ContactRepo(second).all()} == {"Ana Ruiz", "Bo Lee"}
    assert ContactRepo(second).get(bo.local_contact_id) is not None
    with PolisClient(server.url, TOKEN) as client:
        report = sync_now(second, client, settings=FAST)
    assert report.remaining == 0 and report.people_sent == 4
    sent = visit_service.get_visit(second, visit.local_id)
    assert sent is not None and sent.state is OutboxState.SENT
    creates = [(w.resource, w.after) for w in server.state.writes or [] if w.kind == "create"]
    assert [r for r, _ in creates].count("contacts") == 2
    [interaction] = [after for r, after in creates if r == "interactions"]
    person = people.get_person(second, ana.local_contact_id)
    assert person is not None and interaction["contactId"] == person.server_id


def test_a_visit_whose_person_is_missing_from_the_file_is_refused_in_words(
    tmp_path: Path,
) -> None:
    first = _laptop(tmp_path, "first")
    home = Household("h-1", "", Address("a", "1", "Elm Street", "Cambridge", "MA", "02138"))
    ana = people.add_person(
        first, PersonDetails("Ana", "Ruiz"), household=home, canvasser="dana",
        walklist_id=None, campaign_id="camp", now=T0,
    )  # fmt: skip
    visit_service.record_visit(
        first,
        visit_service.VisitDraft(
            campaign_id="camp", contact_id=ana.ref, household_id=home.id,
            contact_household_id=ana.ref, survey_id="s", unavailable=True,
        ),
        canvasser="dana",
        now=T0,
    )  # fmt: skip
    out = tmp_path / "queue.jsonl"
    export_outbox(first, out)
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    for line in lines:
        line.pop("person", None)  # as an older Canvass would write it
    out.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    second = _laptop(tmp_path, "second")
    with pytest.raises(FileImportError) as caught:
        import_outbox(second, out)
    assert "a person added at the door on the other laptop" in str(caught.value)
    assert visit_service.list_visits(second) == []


def test_a_recovery_exports_people_as_the_outbox_export_does(tmp_path: Path) -> None:
    from canvass_app.services.recovery import recover_damaged_database

    folder = tmp_path / "laptop"
    folder.mkdir(mode=0o700)
    db = open_database(folder)
    home = Household("h-1", "", Address("a", "1", "Elm Street", "Cambridge", "MA", "02138"))
    ana = people.add_person(
        db, PersonDetails("Ana", "Ruiz"), household=home, canvasser="dana",
        walklist_id=None, campaign_id="camp", now=T0,
    )  # fmt: skip
    people.add_person(
        db, PersonDetails("Bo", "Lee"), household=home, canvasser="dana",
        walklist_id=None, campaign_id="camp", now=T0 + timedelta(seconds=1),
    )  # fmt: skip
    visit_service.record_visit(
        db,
        visit_service.VisitDraft(
            campaign_id="camp", contact_id=ana.ref, household_id=home.id,
            contact_household_id=ana.ref, survey_id="s", unavailable=True,
        ),
        canvasser="dana",
        now=T0,
    )  # fmt: skip
    export_outbox(db, tmp_path / "export.jsonl")
    db.conn.close()
    report = recover_damaged_database(folder)
    assert report.exported_path is not None and report.exported_count == 1
    recovered = report.exported_path.read_text("utf-8").splitlines()
    exported = (tmp_path / "export.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line) for line in recovered] == [json.loads(line) for line in exported]
    again = _laptop(tmp_path, "fresh")
    assert import_outbox(again, report.exported_path).imported == 1
    assert {p.display_name for p in ContactRepo(again).all()} == {"Ana Ruiz", "Bo Lee"}
