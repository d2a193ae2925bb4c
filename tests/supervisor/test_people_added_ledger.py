"""The supervisor's ledger shows people added at the door on this laptop: a filter and a
mark in the history (GUI and CLI), the person in the visit's detail with their requests'
log, and a column in every export."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from canvass_app.cli.main import main
from canvass_app.core.contact import LocalContact, PersonDetails
from canvass_app.core.outbox import OutboxState
from canvass_app.core.walklist import Address, Household
from canvass_app.services import contacts as people
from canvass_app.services import visits as visit_service
from canvass_app.services.exports import CSV_COLUMNS, export_ledger
from canvass_app.services.history import build_filter, count_history, history_page, visit_detail
from canvass_app.storage.contacts import ContactFinish, ContactRepo
from canvass_app.storage.db import open_database

T0 = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
HOME = Household("house-9", "2", Address("addr-9", "12", "Elm Street", "Cambridge", "MA", "02138"))


@pytest.fixture
def db(data_dir: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(data_dir)
    yield database
    database.conn.close()


def _visit(
    db: sqlite_utils.Database, contact_id: str, name: str, minutes: int, **extra: Any
) -> str:
    return visit_service.record_visit(
        db,
        visit_service.VisitDraft(
            campaign_id="camp", contact_id=contact_id, household_id=HOME.id,
            contact_household_id=contact_id, survey_id="survey", unavailable=True,
            unavailable_reason="Not Home", contact_name=name, address_line="12 Elm Street",
            **extra,
        ),
        canvasser="dana",
        now=T0 + timedelta(minutes=minutes),
    ).local_id  # fmt: skip


@pytest.fixture
def person(db: sqlite_utils.Database) -> LocalContact:
    """Ana, added at the door, with one visit; beside her, one visit to Bo (on the list)."""
    added = people.add_person(
        db, PersonDetails("Ana", "Ruiz"), household=HOME, canvasser="dana",
        walklist_id="list", campaign_id="camp", now=T0,
    )  # fmt: skip
    _visit(db, "contact-bo", "Bo Lee", 1)
    _visit(db, added.ref, added.display_name, 2)
    return added


def test_the_history_filters_and_marks_visits_to_people_added_here(
    db: sqlite_utils.Database, person: LocalContact
) -> None:
    everyone = history_page(db, build_filter())
    assert len(everyone) == 2
    assert [row.added_here for row in everyone] == [True, False]  # newest first
    only = build_filter(added_here=True)
    assert count_history(db, only) == 1
    [row] = history_page(db, only)
    assert row.contact_name == "Ana Ruiz" and row.local_contact_id == person.local_contact_id


def test_exports_carry_the_added_here_column(
    db: sqlite_utils.Database, person: LocalContact, tmp_path: Path
) -> None:
    out = tmp_path / "ledger.csv"
    export_ledger(db, build_filter(), out, "csv")
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert "added_here" in CSV_COLUMNS
    assert {row["contact_name"]: row["added_here"] for row in rows} == {
        "Ana Ruiz": "true",
        "Bo Lee": "false",
    }
    lines = tmp_path / "ledger.jsonl"
    export_ledger(db, build_filter(added_here=True), lines, "jsonl")
    [record] = [json.loads(line) for line in lines.read_text("utf-8").splitlines()]
    assert record["added_here"] is True and record["contact_name"] == "Ana Ruiz"
    geo = tmp_path / "ledger.geojson"
    export_ledger(db, build_filter(), geo, "geojson")
    features = json.loads(geo.read_text("utf-8"))["features"]
    assert sorted(f["properties"]["added_here"] for f in features) == [False, True]


def test_the_visit_detail_has_the_person_and_their_requests(
    db: sqlite_utils.Database, person: LocalContact
) -> None:
    [row] = history_page(db, build_filter(added_here=True))
    detail = visit_detail(db, row.local_id)
    assert detail.person is not None and detail.person.display_name == "Ana Ruiz"
    assert [event.event for event in detail.person_log] == ["person_added"]
    other = visit_detail(db, history_page(db, build_filter())[1].local_id)
    assert other.person is None and other.person_log == []


def test_the_cli_history_and_export_take_added_here(
    data_dir: Path, db: sqlite_utils.Database, person: LocalContact, capsys: Any, tmp_path: Path
) -> None:
    assert main(["history", "--added-here", "--json", "--data-dir", str(data_dir)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [record["contact_name"] for record in printed] == ["Ana Ruiz"]
    assert printed[0]["added_here"] is True
    assert main(["history", "--data-dir", str(data_dir)]) == 0
    table = capsys.readouterr().out
    assert "Ana Ruiz (new)" in table and "Bo Lee (new)" not in table
    out = tmp_path / "new-people.csv"
    assert main(["export", "--format", "csv", "--added-here", str(out), "--data-dir",
                 str(data_dir)]) == 0  # fmt: skip
    with out.open(newline="", encoding="utf-8") as handle:
        assert [r["contact_name"] for r in csv.DictReader(handle)] == ["Ana Ruiz"]


@pytest.mark.gui
def test_the_gui_ledger_filters_marks_and_details_the_person(
    db: sqlite_utils.Database, person: LocalContact, qtbot: Any
) -> None:
    from canvass_app.ui.supervisor.detail_dialog import VisitDetailDialog
    from canvass_app.ui.supervisor.history_model import LOCAL_ID_ROLE
    from canvass_app.ui.supervisor.history_view import HistoryView

    view = HistoryView(db, canvasser=None, supervisor=True)
    qtbot.addWidget(view)
    assert view.model.rowCount() == 2
    view.added_here_box.setChecked(True)
    assert view.model.rowCount() == 1
    contact = view.model.index(0, 5)
    assert view.model.data(contact) == "Ana Ruiz (new)"
    # refused by the server: the detail says so, and how to go on
    repo = ContactRepo(db)
    leased = repo.lease_next("engine", now=T0, lease_s=60)
    assert leased is not None
    repo.finish(
        "engine",
        ContactFinish(leased.op.op_id, OutboxState.REJECTED, "rejected", http_status=400,
                      error="400: /data/profile/name/anglican/surname is not valid"),
        now=T0,
    )  # fmt: skip
    dialog = VisitDetailDialog(db, str(view.model.data(contact, LOCAL_ID_ROLE)))
    qtbot.addWidget(dialog)
    texts = [
        dialog._summary.itemAt(i).widget().text()
        for i in range(dialog._summary.count())
        if dialog._summary.itemAt(i).widget() is not None
    ]
    person_line = next(t for t in texts if t.startswith("Ana Ruiz, added at the door"))
    assert "did not accept them" in person_line and "F2" in person_line
    events = [dialog._log.item(r, 1).text() for r in range(dialog._log.rowCount())]
    assert events[0] == "person: person_added: — → queued"
    assert any(e.startswith("person: rejected") for e in events)
    assert dialog.requeue_button.isEnabled()  # Send again sends the person first
