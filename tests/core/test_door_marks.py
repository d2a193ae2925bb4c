"""core.door_marks: which mark a door gets, and which buildings have nothing left to knock."""

from __future__ import annotations

from typing import Any

from canvass_app.core.door_marks import DoorMark, door_mark
from canvass_app.core.outbox import OutboxState, Visit
from canvass_app.core.outcomes import DEFAULT_STATUSES

STATUS = {status.name: status for status in DEFAULT_STATUSES}


def _visit(**data: Any) -> Visit:
    return Visit(
        local_id="v-1",
        seq=1,
        canvasser="ana",
        walklist_id=None,
        campaign_id="c",
        contact_id="p",
        household_id="h",
        knock_time="2026-05-01T12:00:00.000Z",
        sent_time=None,
        data=data,
        server_id=None,
        etag=None,
        state=OutboxState.QUEUED,
        deleted=False,
        last_error=None,
        contact_name="",
        address_line="",
        unit="",
        outcome="",
        distance_miles=None,
        gps_grade="none",
        created_at="2026-05-01T12:00:00.000Z",
        updated_at="2026-05-01T12:00:00.000Z",
    )


def test_do_not_knock_wins_over_any_visit_and_a_visit_over_the_list_status() -> None:
    not_home = _visit(unavailable=True, unavailableReason="Not Home")
    assert door_mark(not_home, STATUS["Do Not Knock"], DEFAULT_STATUSES) is DoorMark.DO_NOT_KNOCK
    assert door_mark(not_home, STATUS["High Priority"], DEFAULT_STATUSES) is DoorMark.NOT_HOME
    assert door_mark(None, STATUS["High Priority"], DEFAULT_STATUSES) is DoorMark.HIGH_PRIORITY
    assert door_mark(None, None, DEFAULT_STATUSES) is DoorMark.NOT_VISITED
    with_status = _visit(unavailable=False, successful=False, statusId=STATUS["Appointment"].id)
    assert door_mark(with_status, None, DEFAULT_STATUSES) is DoorMark.APPOINTMENT
