"""What the map shows: each door's state (by the list's own rules), and the supervisor's
map of the ledger.

``door_states`` gives a door on the map the state the walklist shows for it: a building
with one household has that household's mark (``core.door_marks.door_mark``: Do Not Knock
from the list wins, else the latest visit, else the list status) and its latest outcome;
a building of several units has no one mark but "done of doors", as its row in the list.

``review_map`` is the supervisor's map: the filtered visits where they were recorded, the
doors they were recorded at (with their states), the streets of the walklists kept on
this laptop, and the basemap file to draw under them. The geometry of the kept
walklists is worked out once per pull and kept in memory (``walk_geometry``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from canvass_app.core.door_marks import DoorMark, door_mark
from canvass_app.core.errors import ValidationError
from canvass_app.core.map_geometry import MapDoor, StreetLine, map_doors, street_lines
from canvass_app.core.outbox import Visit
from canvass_app.core.outcomes import Status
from canvass_app.core.walklist import Building
from canvass_app.services import visits as visit_service
from canvass_app.services.basemap import find_basemap
from canvass_app.services.history import count_history
from canvass_app.services.pull import WalklistNotPulled, load_walklist
from canvass_app.storage import history as store
from canvass_app.storage.cache import STATUS, CacheRepo
from canvass_app.storage.history import HistoryFilter

REVIEW_VISIT_LIMIT = 3000


@dataclass(frozen=True)
class DoorState:
    """A door on the map as the list shows it (see the module docstring)."""

    mark: DoorMark | None  # None: several households, see done / doors
    outcome: str  # the latest visit's outcome ("" for none, or at a Do Not Knock door)
    unsent: bool  # the latest visit is not on the server yet
    done: int  # households with a visit
    doors: int  # households in the building


def door_state(
    door: MapDoor,
    latest: Mapping[str, Visit],
    list_statuses: Mapping[str, Status],
    statuses: Sequence[Status],
) -> DoorState:
    households = door.household_ids
    done = sum(1 for household_id in households if household_id in latest)
    if len(households) != 1:
        return DoorState(None, "", False, done, len(households))
    household_id = households[0]
    visit = latest.get(household_id)
    mark = door_mark(visit, list_statuses.get(household_id), statuses)
    if visit is None or mark is DoorMark.DO_NOT_KNOCK:
        return DoorState(mark, "", False, done, 1)
    return DoorState(mark, visit.outcome, visit.is_unsent, done, 1)


def door_states(
    doors: Iterable[MapDoor],
    latest: Mapping[str, Visit],
    list_statuses: Mapping[str, Status],
    statuses: Sequence[Status],
) -> dict[str, DoorState]:
    return {door.id: door_state(door, latest, list_statuses, statuses) for door in doors}


# --- the walklists kept on this laptop ---------------------------------------------------


@dataclass(frozen=True)
class WalkGeometry:
    """Every kept walklist's doors (in walk order, list by list) and streets."""

    doors: list[MapDoor]
    streets: list[StreetLine]
    list_statuses: dict[str, Status]
    statuses: list[Status]
    latest_list_id: str | None  # the walklist pulled last


_GEOMETRY: dict[tuple[str, tuple[tuple[str, str], ...]], WalkGeometry] = {}
_GEOMETRY_LOCK = threading.Lock()


def walk_geometry(db: sqlite_utils.Database) -> WalkGeometry:
    """The kept walklists' geometry, worked out once per database file and pull."""
    repo = CacheRepo(db)
    listings = repo.lists()
    file_row = db.execute("PRAGMA database_list").fetchone()
    key = (
        str(file_row[2]) if file_row else "",
        tuple((item.list_id, item.pulled_at) for item in listings),
    )
    with _GEOMETRY_LOCK:
        cached = _GEOMETRY.get(key)
    if cached is not None:
        return cached
    buildings: dict[str, Building] = {}  # a building on two lists is one door
    list_statuses: dict[str, Status] = {}
    for listing in listings:
        try:
            walklist = load_walklist(db, listing.list_id)
        except WalklistNotPulled:
            continue
        for building in walklist.buildings:
            buildings.setdefault(building.id, building)
        list_statuses.update(walklist.list_statuses())
    doors = map_doors(buildings.values())
    streets = street_lines(buildings.values())
    statuses: list[Status] = []
    for doc in repo.documents(STATUS):
        try:
            statuses.append(Status.from_document(doc))
        except ValidationError:
            continue  # load_walklist logged it
    geometry = WalkGeometry(
        doors, streets, list_statuses, statuses, listings[0].list_id if listings else None
    )
    with _GEOMETRY_LOCK:
        if len(_GEOMETRY) > 8:
            _GEOMETRY.clear()
        _GEOMETRY[key] = geometry
    return geometry


# --- the supervisor's map ----------------------------------------------------------------


@dataclass(frozen=True)
class ReviewMap:
    """What the supervisor's map draws for a filter."""

    visits: list[store.MapRow]  # newest first, at most REVIEW_VISIT_LIMIT
    doors: list[MapDoor]  # the doors these visits were recorded at
    states: dict[str, DoorState]
    newest_visit: dict[str, str]  # door id -> the newest of these visits there (local id)
    streets: list[StreetLine]
    total_matching: int
    basemap: Path | None

    @property
    def truncated(self) -> bool:
        return self.total_matching > len(self.visits)


def review_map(
    db: sqlite_utils.Database,
    flt: HistoryFilter,
    *,
    data_dir: Path,
    basemap_setting: str | None = None,
    limit: int = REVIEW_VISIT_LIMIT,
) -> ReviewMap:
    visits = store.map_rows(db.conn, flt, limit=limit)
    geometry = walk_geometry(db)
    door_of = {household_id: door for door in geometry.doors for household_id in door.household_ids}
    newest: dict[str, str] = {}
    for visit in visits:  # newest first: the first one seen at a door is its newest
        door = door_of.get(visit.household_id)
        if door is not None:
            newest.setdefault(door.id, visit.local_id)
    doors = [door for door in geometry.doors if door.id in newest]
    households = {household_id for door in doors for household_id in door.household_ids}
    latest, _by_contact = visit_service.latest_visits(db, households)
    list_id = flt.walklist_id or geometry.latest_list_id
    return ReviewMap(
        visits=visits,
        doors=doors,
        states=door_states(doors, latest, geometry.list_statuses, geometry.statuses),
        newest_visit=newest,
        streets=geometry.streets,
        total_matching=count_history(db, flt),
        basemap=find_basemap(data_dir, list_id, basemap_setting),
    )
