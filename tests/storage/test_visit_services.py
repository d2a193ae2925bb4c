"""services.visits: building the interaction data, saving, editing, voiding, requeueing."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from canvass_app.core.errors import ValidationError
from canvass_app.core.geo import Fix
from canvass_app.core.outbox import OpKind, OutboxState
from canvass_app.services import visits as svc
from canvass_app.storage.db import open_database
from canvass_app.storage.visits import VisitRepo

T0 = datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)

POST_EXAMPLE: dict[str, Any] = {
    "campaignId": "61fbfbaa-5de8-4d17-ac2b-c47f2376265a",
    "contactId": "0478dbbf-b6eb-4168-afa9-5ebab6fef4b6",
    "householdId": "c15e3515-aabf-42da-8d1b-31679f738eae",
    "contactHouseholdId": "d070b1dc-9611-4f29-9300-a32160d21baa",
    "timestamp": "2018-07-17T18:40:53.526Z",
    "unavailable": True,
    "unavailableReason": "Come Back",
    "successful": False,
    "survey": {
        "responses": {
            "9826940d-76a8-4700-8c92-5743ce7bb728": {
                "fields": {"available": "false"},
                "questionId": "9826940d-76a8-4700-8c92-5743ce7bb728",
            }
        },
        "surveyId": "375d437b-3b47-4940-b43d-be8daec4afff",
    },
    "location": {"lat": 33.43174362182617, "lng": -84.18405151367188, "confidence": 0},
}


@pytest.fixture
def db(data_dir: Path) -> sqlite_utils.Database:
    return open_database(data_dir)


def _draft(**overrides: Any) -> svc.VisitDraft:
    values: dict[str, Any] = dict(
        campaign_id="camp-1",
        contact_id="contact-1",
        household_id="house-1",
        contact_household_id="ch-1",
        survey_id="survey-1",
        responses={"q1": {"questionId": "q1", "fields": {"dogliker": "true"}}},
        unavailable=False,
        successful=True,
        contact_name="Maria Silva",
        address_line="12 Elm St",
        unit="3",
        outcome="Supporter",
    )
    values.update(overrides)
    return svc.VisitDraft(**values)


def _mark_sent(db: sqlite_utils.Database, local_id: str, etag: str = "e1") -> None:
    """What the engine does after a 2xx (used here to test edits without a server)."""
    repo = VisitRepo(db)
    leased = repo.lease_next("test", now=T0, lease_s=60)
    assert leased is not None and leased.op.local_id == local_id
    visit = repo.get_visit(local_id)
    assert visit is not None
    repo.finish(
        leased.op.op_id,
        "test",
        OutboxState.SENT,
        now=T0,
        event="sent",
        server_id=f"srv-{local_id}",
        etag=etag,
        server_data=visit.data,
    )


def test_build_visit_data_follows_the_interactions_page() -> None:
    data = svc.build_visit_data(_draft(status_id="st-1", walklist_id="wl-1"), T0)
    assert data == {
        "campaignId": "camp-1",
        "contactId": "contact-1",
        "householdId": "house-1",
        "contactHouseholdId": "ch-1",
        "timestamp": "2026-03-01T12:00:00.123Z",
        "unavailable": False,
        "successful": True,
        "survey": {
            "surveyId": "survey-1",
            "responses": {"q1": {"questionId": "q1", "fields": {"dogliker": "true"}}},
        },
        "statusId": "st-1",
        "walklistId": "wl-1",
    }


def test_location_only_from_a_usable_fix_never_zero_zero() -> None:
    good = Fix(42.3736, -71.1097, 8.0, T0 - timedelta(seconds=5), "gps")
    data = svc.build_visit_data(_draft(fix=good, household_lat=42.3737, household_lng=-71.1097), T0)
    assert data["location"] == {"lat": 42.3736, "lng": -71.1097, "confidence": 8.0}
    assert 0 < data["distance"] < 0.01
    for bad in (
        Fix(0.0, 0.0, 5.0, T0, "broken"),
        Fix(42.3, -71.1, 3000.0, T0, "cell"),
        Fix(42.3, -71.1, 5.0, T0 - timedelta(hours=1), "stale"),
    ):
        data = svc.build_visit_data(_draft(fix=bad), T0)
        assert "location" not in data and "distance" not in data


def test_record_visit_saves_with_the_knock_time_and_a_uuid(db: sqlite_utils.Database) -> None:
    fix = Fix(42.3736, -71.1097, 8.0, T0, "gps")
    visit = svc.record_visit(
        db, _draft(fix=fix, household_lat=42.3736, household_lng=-71.1097), canvasser="ann", now=T0
    )
    assert visit.knock_time == "2026-03-01T12:00:00.123Z" == visit.data["timestamp"]
    assert len(visit.local_id) == 36 and visit.state is OutboxState.QUEUED
    assert visit.gps_grade == "good" and visit.distance_miles == 0.0
    assert visit.sent_time is None and visit.server_id is None
    assert svc.get_visit(db, visit.local_id) == visit


def test_record_visit_refuses_bad_input_naming_the_field(db: sqlite_utils.Database) -> None:
    with pytest.raises(ValidationError) as caught:
        svc.record_visit(db, _draft(), canvasser="  ")
    assert caught.value.fields == ["canvasser"]
    with pytest.raises(ValidationError) as caught:
        svc.record_visit(db, _draft(campaign_id=123), canvasser="ann")  # type: ignore[arg-type]
    assert any("campaignId" in f for f in caught.value.fields)
    assert svc.list_visits(db) == []


def test_import_visit_takes_the_page_post_example(db: sqlite_utils.Database) -> None:
    visit = svc.import_visit(db, copy.deepcopy(POST_EXAMPLE), canvasser="paper")
    assert visit.data == POST_EXAMPLE
    assert visit.knock_time == "2018-07-17T18:40:53.526Z"
    assert visit.outcome == "Come Back"
    wrapped = svc.import_visit(db, {"data": copy.deepcopy(POST_EXAMPLE)}, canvasser="paper")
    assert wrapped.data == POST_EXAMPLE and wrapped.local_id != visit.local_id


def test_import_visit_rejects_a_bad_line_in_words(db: sqlite_utils.Database) -> None:
    bad = dict(POST_EXAMPLE)
    del bad["contactId"]
    with pytest.raises(ValidationError) as caught:
        svc.import_visit(db, bad, canvasser="paper")
    assert "contactId" in str(caught.value)


def test_edit_before_sending_folds_into_the_create(db: sqlite_utils.Database) -> None:
    visit = svc.record_visit(db, _draft(), canvasser="ann", now=T0)
    edited = svc.edit_visit(db, visit.local_id, {"/successful": False, "/statusId": "st-2"})
    assert edited.data["successful"] is False and edited.data["statusId"] == "st-2"
    ops = VisitRepo(db).ops(visit.local_id)
    assert len(ops) == 1 and ops[0].kind is OpKind.CREATE
    assert ops[0].payload == edited.data


def test_edit_after_sending_queues_a_guarded_patch(db: sqlite_utils.Database) -> None:
    visit = svc.record_visit(db, _draft(), canvasser="ann", now=T0)
    _mark_sent(db, visit.local_id)
    edited = svc.edit_visit(db, visit.local_id, {"/successful": False})
    assert edited.state is OutboxState.QUEUED
    patch = VisitRepo(db).ops(visit.local_id)[-1]
    assert patch.kind is OpKind.PATCH
    assert patch.payload == [
        {"op": "test", "path": "/successful", "value": True},
        {"op": "replace", "path": "/successful", "value": False},
    ]
    assert patch.base == {"/successful": True}


def test_edit_with_page_form_ops(db: sqlite_utils.Database) -> None:
    visit = svc.record_visit(db, _draft(), canvasser="ann", now=T0)
    _mark_sent(db, visit.local_id)
    edited = svc.edit_visit_ops(
        db, visit.local_id, [{"op": "replace", "path": "/data/unavailable", "value": True}]
    )
    assert edited.data["unavailable"] is True
    patch = VisitRepo(db).ops(visit.local_id)[-1]
    assert patch.payload[0] == {"op": "test", "path": "/unavailable", "value": False}
    assert patch.payload[1]["path"] == "/unavailable"


def test_edit_that_breaks_the_data_is_refused(db: sqlite_utils.Database) -> None:
    visit = svc.record_visit(db, _draft(), canvasser="ann", now=T0)
    with pytest.raises(ValidationError):
        svc.edit_visit(db, visit.local_id, {"/unavailable": "maybe"})
    with pytest.raises(ValidationError):
        svc.edit_visit_ops(
            db, visit.local_id, [{"op": "replace", "path": "/meta/etag", "value": 1}]
        )
    assert svc.get_visit(db, visit.local_id) == visit


def test_unknown_local_id_is_named(db: sqlite_utils.Database) -> None:
    with pytest.raises(svc.VisitNotFound, match="no-such-visit"):
        svc.edit_visit(db, "no-such-visit", {"/successful": True})
    with pytest.raises(svc.VisitNotFound):
        svc.delete_visit(db, "no-such-visit")


def test_void_before_sending_stays_on_the_device(db: sqlite_utils.Database) -> None:
    visit = svc.record_visit(db, _draft(), canvasser="ann", now=T0)
    voided = svc.delete_visit(db, visit.local_id)
    assert voided.deleted and voided.state is OutboxState.SENT  # nothing left to send
    assert voided.data == visit.data  # kept for the ledger
    assert [e.event for e in svc.visit_log(db, visit.local_id)][-1] == "voided_locally"
    assert svc.delete_visit(db, visit.local_id) == voided  # twice is harmless
    with pytest.raises(ValidationError, match="voided"):
        svc.edit_visit(db, visit.local_id, {"/successful": False})


def test_void_after_sending_queues_a_delete(db: sqlite_utils.Database) -> None:
    visit = svc.record_visit(db, _draft(), canvasser="ann", now=T0)
    _mark_sent(db, visit.local_id)
    voided = svc.delete_visit(db, visit.local_id)
    assert voided.deleted and voided.state is OutboxState.QUEUED
    assert VisitRepo(db).ops(visit.local_id)[-1].kind is OpKind.DELETE


def test_requeue_a_rejected_visit_resets_backoff(db: sqlite_utils.Database) -> None:
    visit = svc.record_visit(db, _draft(), canvasser="ann", now=T0)
    repo = VisitRepo(db)
    leased = repo.lease_next("t", now=T0, lease_s=60)
    assert leased is not None
    repo.finish(
        leased.op.op_id,
        "t",
        OutboxState.REJECTED,
        now=T0,
        event="rejected",
        http_status=400,
        error="POST answered 400: bad survey",
    )
    rejected = svc.get_visit(db, visit.local_id)
    assert rejected is not None and rejected.state is OutboxState.REJECTED
    assert rejected.last_error == "POST answered 400: bad survey"
    # Still editable while rejected: the fix folds into the create.
    svc.edit_visit(db, visit.local_id, {"/successful": False})
    again = svc.requeue_visit(db, visit.local_id, now=T0 + timedelta(hours=1))
    assert again.state is OutboxState.QUEUED and again.last_error is None
    op = repo.ops(visit.local_id)[0]
    assert op.attempts == 0 and op.payload["successful"] is False


def test_undo_last_press_only_within_the_window(db: sqlite_utils.Database) -> None:
    first = svc.record_visit(db, _draft(), canvasser="ann", now=T0)
    assert svc.undo_last_press(db, "bob", now=T0) == []
    assert svc.undo_last_press(db, "ann", within_s=60, now=T0 + timedelta(minutes=5)) == []
    undone = svc.undo_last_press(db, "ann", now=T0 + timedelta(seconds=30))
    assert [v.local_id for v in undone] == [first.local_id] and undone[0].deleted


def test_a_bulk_press_is_saved_at_once_and_undone_at_once(db: sqlite_utils.Database) -> None:
    before = svc.record_visit(db, _draft(contact_id="c-0"), canvasser="ann", now=T0)
    drafts = [_draft(contact_id=f"c-{n}", household_id=f"house-{n}") for n in (1, 2, 3)]
    pressed = svc.record_visits(db, drafts, canvasser="ann", now=T0 + timedelta(seconds=5))
    assert len({v.press_id for v in pressed}) == 1 and pressed[0].press_id != before.press_id
    assert len({v.knock_time for v in pressed}) == 1  # one press, one moment
    # all or nothing: one bad draft, and nothing of the press is saved
    with pytest.raises(ValidationError):
        svc.record_visits(db, [*drafts, _draft(campaign_id="")], canvasser="ann", now=T0)
    assert len(svc.list_visits(db)) == 4
    undone = svc.undo_last_press(db, "ann", now=T0 + timedelta(seconds=10))
    assert sorted(v.local_id for v in undone) == sorted(v.local_id for v in pressed)
    assert all(v.deleted for v in undone)
    # the next Ctrl+Z undoes the press before
    again = svc.undo_last_press(db, "ann", now=T0 + timedelta(seconds=12))
    assert [v.local_id for v in again] == [before.local_id]
    assert svc.undo_last_press(db, "ann", now=T0 + timedelta(seconds=13)) == []


def test_lists_history_and_counts(db: sqlite_utils.Database) -> None:
    a = svc.record_visit(db, _draft(contact_name="Aisha Okafor"), canvasser="ann", now=T0)
    b = svc.record_visit(
        db,
        _draft(household_id="house-2", contact_name="Chen Nguyen"),
        canvasser="bob",
        now=T0 + timedelta(minutes=1),
    )
    assert [v.local_id for v in svc.list_visits(db)] == [b.local_id, a.local_id]
    assert [v.local_id for v in svc.list_visits(db, search="okafor")] == [a.local_id]
    assert [v.local_id for v in svc.list_visits(db, search="dogliker")] == [b.local_id, a.local_id]
    assert [v.local_id for v in svc.list_visits(db, canvasser="bob")] == [b.local_id]
    assert [v.local_id for v in svc.list_visits(db, since="2026-03-01T12:00:30Z")] == [b.local_id]
    assert [v.local_id for v in svc.household_visits(db, "house-2")] == [b.local_id]
    assert svc.list_visits(db, state="queued", limit=1) == [svc.get_visit(db, b.local_id)]
    with pytest.raises(ValidationError, match="not an outbox state"):
        svc.list_visits(db, state="lost")
    with pytest.raises(ValidationError, match="since"):
        svc.list_visits(db, since="yesterday")
    counts = svc.sync_counts(db, now=T0 + timedelta(minutes=2))
    assert counts.unsent == 2 and counts.oldest_unsent_age_s == pytest.approx(120, abs=1)


def test_edits_to_an_unsent_patch_fold_into_it(db: sqlite_utils.Database) -> None:
    visit = svc.record_visit(db, _draft(), canvasser="ann", now=T0)
    _mark_sent(db, visit.local_id)
    svc.edit_visit(db, visit.local_id, {"/successful": False})
    svc.edit_visit(db, visit.local_id, {"/successful": True, "/statusId": "st-3"})
    ops = VisitRepo(db).ops(visit.local_id)
    assert [op.kind for op in ops] == [OpKind.CREATE, OpKind.PATCH]
    assert ops[1].payload == [
        {"op": "test", "path": "/successful", "value": True},
        {"op": "replace", "path": "/successful", "value": False},
        {"op": "test", "path": "/successful", "value": False},
        {"op": "replace", "path": "/successful", "value": True},
        {"op": "add", "path": "/statusId", "value": "st-3"},
    ]
    assert ops[1].base == {"/successful": True}  # what the first edit started from


def test_a_rejected_edit_can_be_corrected_then_requeued(db: sqlite_utils.Database) -> None:
    visit = svc.record_visit(db, _draft(), canvasser="ann", now=T0)
    _mark_sent(db, visit.local_id)
    svc.edit_visit(db, visit.local_id, {"/statusId": "no-such-status"}, now=T0)
    repo = VisitRepo(db)
    leased = repo.lease_next("t", now=T0, lease_s=60)
    assert leased is not None and leased.op.kind is OpKind.PATCH
    repo.finish(
        leased.op.op_id,
        "t",
        OutboxState.REJECTED,
        now=T0,
        event="rejected",
        http_status=400,
        error="PATCH answered 400: unknown status",
    )
    svc.edit_visit(db, visit.local_id, {"/statusId": "st-1"})
    assert len(repo.ops(visit.local_id)) == 2  # corrected in place, nothing queued behind it
    again = svc.requeue_visit(db, visit.local_id)
    assert again.state is OutboxState.QUEUED and again.data["statusId"] == "st-1"


def test_latest_visits_per_household_and_contact_skip_voided(db: sqlite_utils.Database) -> None:
    first = svc.record_visit(db, _draft(contact_id="p-1"), canvasser="ana", now=T0)
    second = svc.record_visit(
        db, _draft(contact_id="p-2"), canvasser="ana", now=T0 + timedelta(minutes=1)
    )
    other = svc.record_visit(
        db, _draft(household_id="h-2", contact_id="p-3"), canvasser="ana", now=T0
    )
    by_household, by_contact = svc.latest_visits(db)
    assert by_household[second.household_id].local_id == second.local_id
    assert by_household["h-2"].local_id == other.local_id
    assert {c: v.local_id for c, v in by_contact.items()} == {
        "p-1": first.local_id,
        "p-2": second.local_id,
        "p-3": other.local_id,
    }
    svc.delete_visit(db, second.local_id)  # voided: the door shows the visit before it
    by_household, by_contact = svc.latest_visits(db)
    assert by_household[first.household_id].local_id == first.local_id
    assert "p-2" not in by_contact


def test_latest_visits_can_be_scoped_to_a_walklist(db: sqlite_utils.Database) -> None:
    svc.record_visit(db, _draft(household_id="in-list", contact_id="p-1"), canvasser="ana", now=T0)
    svc.record_visit(
        db, _draft(household_id="elsewhere", contact_id="p-2"), canvasser="ana", now=T0
    )
    by_household, by_contact = svc.latest_visits(db, {"in-list"})
    assert set(by_household) == {"in-list"} and set(by_contact) == {"p-1"}
    assert svc.latest_visits(db, set()) == ({}, {})


def test_latest_visits_of_a_big_list_only_reads_its_visited_households(
    db: sqlite_utils.Database,
) -> None:
    # 50,000 doors on the list, none visited yet: nothing to read
    doors = {f"h-{n}" for n in range(50_000)}
    assert svc.latest_visits(db, doors) == ({}, {})
    # a visit recorded under another walklist still marks the door (same household)
    elsewhere = svc.record_visit(
        db, _draft(household_id="h-7", contact_id="p-7", walklist_id="other-list"),
        canvasser="ana", now=T0,
    )  # fmt: skip
    svc.record_visit(db, _draft(household_id="not-on-list", contact_id="p-x"), canvasser="ana")
    voided = svc.record_visit(db, _draft(household_id="h-8", contact_id="p-8"), canvasser="ana")
    svc.delete_visit(db, voided.local_id)
    by_household, by_contact = svc.latest_visits(db, doors)
    assert {h: v.local_id for h, v in by_household.items()} == {"h-7": elsewhere.local_id}
    assert set(by_contact) == {"p-7"}
