"""A door on the map has the state its walklist row has; the supervisor's map data."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from support.tiles import make_mbtiles

from canvass_app.api.client import PolisClient
from canvass_app.core.door_marks import DoorMark
from canvass_app.core.map_geometry import MapDoor
from canvass_app.core.outbox import OutboxState, Visit
from canvass_app.core.outcomes import Status
from canvass_app.core.tiles import TileId
from canvass_app.server.seed import DEMO_CAMPAIGN_ID, DEMO_LIST_ID
from canvass_app.services import visits as visit_service
from canvass_app.services.basemap import basemap_file
from canvass_app.services.history import HistoryFilter
from canvass_app.services.pull import load_walklist, pull_walklist
from canvass_app.services.walk_map import DoorState, door_state, review_map, walk_geometry
from canvass_app.storage.db import open_database

DNK = Status("s-dnk", "Do Not Knock", "", "", "", "not-contacted-do-not-knock", "g")
NOT_HOME = Status("s-nh", "Not Home", "", "", "", "contacted-unavailable-not-home", "g")


def visit(household_id: str, outcome: str, state: OutboxState = OutboxState.SENT) -> Visit:
    data: dict[str, Any] = {"statusId": NOT_HOME.id} if outcome == "Not Home" else {}
    if outcome == "Successful":
        data["successful"] = True
    return Visit(
        local_id=f"v-{household_id}",
        seq=1,
        canvasser="ana",
        walklist_id="l",
        campaign_id="c",
        contact_id=f"c-{household_id}",
        household_id=household_id,
        knock_time="2026-11-27T10:00:00.000Z",
        sent_time=None,
        data=data,
        server_id=None,
        etag=None,
        state=state,
        deleted=False,
        last_error=None,
        contact_name="Ana",
        address_line="1 Elm Street",
        unit="",
        outcome=outcome,
        distance_miles=None,
        gps_grade="good",
        created_at="",
        updated_at="",
    )


def test_door_state_follows_the_lists_rules() -> None:
    statuses = [DNK, NOT_HOME]
    one = MapDoor("b1", 1.0, 1.0, ("h1",), "1 Elm Street")
    assert door_state(one, {}, {}, statuses) == DoorState(DoorMark.NOT_VISITED, "", False, 0, 1)
    latest = {"h1": visit("h1", "Not Home", OutboxState.QUEUED)}
    assert door_state(one, latest, {}, statuses) == DoorState(
        DoorMark.NOT_HOME, "Not Home", True, 1, 1
    )
    # Do Not Knock from the campaign's lists wins over whatever was recorded
    assert door_state(one, latest, {"h1": DNK}, statuses) == DoorState(
        DoorMark.DO_NOT_KNOCK, "", False, 1, 1
    )
    sent = {"h1": visit("h1", "Successful")}
    assert door_state(one, sent, {}, statuses).mark is DoorMark.SUCCESSFUL
    # a building of several units: done of doors, as its row in the list
    units = MapDoor("b2", 1.0, 1.0, ("h1", "h2", "h3"), "2 Elm Street")
    assert door_state(units, sent, {}, statuses) == DoorState(None, "", False, 1, 3)


def test_supervisor_map_data(data_dir: Path, polis_server: Any) -> None:
    db = open_database(data_dir)
    with PolisClient(polis_server.url, polis_server.token) as client:
        pull_walklist(db, client, DEMO_LIST_ID, DEMO_CAMPAIGN_ID)
    walklist = load_walklist(db, DEMO_LIST_ID)
    single = next(b for b in walklist.buildings if len(b.doors) == 1)
    entry = single.doors[0].entries[0]
    draft = {
        "contactId": entry.contact.id,
        "householdId": entry.household.id,
        "contactHouseholdId": entry.contact_household_id,
        "campaignId": walklist.campaign_id,
        "walklistId": walklist.list_id,
        "timestamp": "2026-11-27T10:00:00.000Z",
        "survey": {"surveyId": walklist.default_survey_id, "responses": {}},
        "unavailable": True,
        "unavailableReason": "Not Home",
        "location": {"lat": single.address.lat, "lng": single.address.lng, "confidence": 5},
    }
    recorded = visit_service.import_visit(db, draft, canvasser="ana")
    geometry = walk_geometry(db)
    assert walk_geometry(db) is geometry  # worked out once per pull
    assert len(geometry.doors) == len([b for b in walklist.buildings if b.address.has_coords])
    assert geometry.streets and geometry.latest_list_id == DEMO_LIST_ID

    data = review_map(db, HistoryFilter(), data_dir=data_dir)
    assert [door.id for door in data.doors] == [single.id]
    assert data.newest_visit == {single.id: recorded.local_id}
    state = data.states[single.id]
    assert (state.mark, state.unsent) == (DoorMark.NOT_HOME, True)
    assert data.basemap is None and not data.truncated
    # the list's basemap file is found next to it; the settings' file wins
    placed = basemap_file(data_dir, DEMO_LIST_ID)
    placed.parent.mkdir()
    make_mbtiles(placed, [TileId(1, 0, 0)])
    assert review_map(db, HistoryFilter(), data_dir=data_dir).basemap == placed
    chosen = review_map(db, HistoryFilter(), data_dir=data_dir, basemap_setting="/x.mbtiles")
    assert chosen.basemap == Path("/x.mbtiles")
    other = dataclasses.replace(HistoryFilter(), canvasser="nobody")
    assert review_map(db, other, data_dir=data_dir).doors == []
    db.close()
