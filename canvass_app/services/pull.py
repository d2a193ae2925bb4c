"""Preparing a walklist for offline use, and reading it back with no network.

`pull_walklist` downloads the list's contacts with their households and addresses, the
campaign's surveys, the statuses and the status groups, and swaps them into the local
cache in one transaction. `load_walklist` reads that cache back into core types. A survey
that does not validate is kept out of the usable surveys but its problems are returned, in
words naming the question, so the door screen can say what is wrong while the one-tap
outcomes keep working.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils

from canvass_app.core.contact import place_added_people
from canvass_app.core.errors import CanvassError, FieldError, SurveyError, ValidationError
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message
from canvass_app.core.outcomes import Status, StatusGroup, status_for_state
from canvass_app.core.survey import Survey, parse_survey, survey_problems
from canvass_app.core.walklist import (
    Building,
    WalklistEntry,
    buildings_from_rows,
    entries_from_rows,
    group_doors,
    parse_contact_household,
    walk_order,
    walk_order_rows,
)
from canvass_app.services.basemap import BasemapError, MapDownload, download_walklist_map
from canvass_app.storage import cache
from canvass_app.storage.cache import ENTRY_ROWS_VERSION, CachedList, CacheRepo
from canvass_app.storage.contacts import ContactRepo

if TYPE_CHECKING:
    from canvass_app.api.client import PolisClient

log = logging.getLogger("canvass.services")

ProgressCallback = Callable[[int, int], None]
WALKLIST_STEPS = 5  # the progress steps of pull_walklist

# Campaign list types that mark doors, and the contact state each starts a door in.
LIST_TYPE_STATES = {
    "do-not-knock": "not-contacted-do-not-knock",
    "high-priority": "not-contacted-high-priority",
}


_NO_CAMPAIGN = QT_TRANSLATE_NOOP(
    "Download", "No campaign on the server uses the walklist {list_id}; check its id."
)


class CampaignNotFound(CanvassError, ValueError):
    """No campaign lists the walklist asked for (the command line can name one)."""


class WalklistNotPulled(Exception):
    """No walklist has been downloaded for offline use yet."""

    def __init__(self, list_id: str | None) -> None:
        which = f"walklist {list_id}" if list_id else "any walklist"
        super().__init__(
            f"No copy of {which} is on this laptop yet. Download it while online "
            "(Walklist → Download, or `canvass-app pull --list LIST_ID`)."
        )


@dataclass(frozen=True)
class PullResult:
    list_id: str
    campaign_id: str
    name: str
    contacts: int
    households: int
    surveys: int
    problems: list[str] = field(default_factory=list)
    map: MapOutcome | None = None  # the map tiles downloaded with it, when asked for


@dataclass(frozen=True)
class OfflineWalklist:
    """Everything the door screen needs, read from the local cache."""

    list_id: str
    campaign_id: str
    name: str
    pulled_at: str
    entries: list[WalklistEntry]
    buildings: list[Building]  # the entries grouped into doors and buildings, in walk order
    surveys: list[Survey]
    survey_problems: dict[str, list[FieldError]]
    survey_names: dict[str, str]
    default_survey_id: str | None
    statuses: list[Status]
    status_groups: list[StatusGroup]
    skipped_entries: list[str]
    # household id → the campaign list type that marks it ("do-not-knock", "high-priority")
    household_list_types: dict[str, str] = field(default_factory=dict)

    def list_statuses(self) -> dict[str, Status]:
        """The status each marked household starts with (api-notes §5.5: the list type
        decides the initial state and pin): Do Not Knock, High Priority."""
        marked: dict[str, Status] = {}
        for household_id, list_type in self.household_list_types.items():
            state = LIST_TYPE_STATES.get(list_type)
            status = status_for_state(self.statuses, state) if state else None
            if status is not None:
                marked[household_id] = status
        return marked

    @property
    def default_survey(self) -> Survey | None:
        for survey in self.surveys:
            if survey.id == self.default_survey_id:
                return survey
        return self.surveys[0] if self.surveys else None


def _find_campaign_id(client: PolisClient, list_id: str) -> tuple[str, dict[str, Any] | None]:
    """The campaign whose `lists` include this list (api-notes §5.6)."""
    for campaign in client.list_campaigns():
        for entry in (campaign.get("data") or {}).get("lists") or []:
            if isinstance(entry, dict) and entry.get("listId") == list_id:
                return str(campaign["id"]), campaign
    raise CampaignNotFound(_NO_CAMPAIGN.with_args(list_id=list_id))


def _choose_default_survey(surveys: Sequence[dict[str, Any]]) -> str | None:
    """The campaign's default survey: the one named "Default Survey" when there is one
    (api-notes §5.2: every campaign gets one), else the first by name."""
    if not surveys:
        return None
    named = sorted(surveys, key=lambda doc: str((doc.get("data") or {}).get("name", "")))
    for doc in named:
        if str((doc.get("data") or {}).get("name", "")).strip().lower() == "default survey":
            return str(doc["id"])
    return str(named[0]["id"])


def _marked_households(
    client: PolisClient, campaign: dict[str, Any] | None, list_id: str
) -> list[dict[str, Any]]:
    """Members of the campaign's other lists whose type marks a door (Do Not Knock...),
    as `{"id": contactHouseholdId-or-household, "householdId", "type"}` rows."""
    marks: list[dict[str, Any]] = []
    for entry in ((campaign or {}).get("data") or {}).get("lists") or []:
        if not isinstance(entry, dict):
            continue
        list_type = entry.get("type")
        other_id = entry.get("listId")
        if list_type not in LIST_TYPE_STATES or not other_id or other_id == list_id:
            continue
        for doc in client.list_contact_households(str(other_id)):
            household = ((doc.get("data") or {}).get("household") or {}).get("id")
            if household:
                marks.append(
                    {"id": f"{list_type}:{household}", "householdId": household, "type": list_type}
                )
    return marks


Point = tuple[float, float]


@dataclass(frozen=True)
class WalkPlan:
    """How a walk is planned (docs/DOOR.md): where it starts (the canvasser's
    position; None: the list's first door) and whether narrow streets are zig-zagged."""

    start: Point | None = None
    zigzag: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"start": list(self.start) if self.start else None, "zigzag": self.zigzag}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> WalkPlan:
        start = raw.get("start")
        point = (float(start[0]), float(start[1])) if isinstance(start, list) else None
        return cls(point, bool(raw.get("zigzag", False)))


@dataclass(frozen=True)
class PreparedEntries:
    """A downloaded list's entries as the offline cache keeps them."""

    rows: list[list[Any]]  # in walk order (core.walklist.walk_order_rows)
    skipped: list[str]  # malformed entries left out, in words
    households: int
    contacts: int
    plan: WalkPlan = WalkPlan()


def prepare_entries(
    contact_households: Sequence[object], plan: WalkPlan | None = None
) -> PreparedEntries:
    """Validate the downloaded entries once, and group and order them for the cache, so
    opening the list checks and sorts nothing."""
    plan = plan or WalkPlan()
    skipped: list[str] = []
    entries: list[WalklistEntry] = []
    for doc in contact_households:
        try:
            entries.append(parse_contact_household(doc))
        except ValidationError as error:
            skipped.append(f"Skipped a malformed walklist entry: {error}")
    return PreparedEntries(
        rows=walk_order_rows(entries, start=plan.start, zigzag=plan.zigzag),
        skipped=skipped,
        households=len({entry.household.id for entry in entries}),
        contacts=len({entry.contact.id for entry in entries}),
        plan=plan,
    )


def pull_walklist(
    db: sqlite_utils.Database,
    client: PolisClient,
    list_id: str,
    campaign_id: str | None = None,
    progress: ProgressCallback | None = None,
    plan: WalkPlan | None = None,
) -> PullResult:
    """Download a walklist and what it needs, then replace the offline copy at once.

    ``plan``: how to order the walk (from the canvasser's position when known)."""
    steps_total = WALKLIST_STEPS

    def step(done: int) -> None:
        if progress is not None:
            progress(done, steps_total)

    step(0)
    listing = client.get_list(list_id)
    list_name = str((listing.get("data") or {}).get("name") or list_id)
    campaign: dict[str, Any] | None
    if campaign_id is None:
        campaign_id, campaign = _find_campaign_id(client, list_id)
    else:
        campaign = client.get_campaign(campaign_id)
    step(1)
    contact_households = client.list_contact_households(list_id)
    marks = _marked_households(client, campaign, list_id)
    step(2)
    surveys = client.list_surveys(campaign_id)
    step(3)
    statuses = client.list_statuses()
    status_groups = client.list_status_groups()
    step(4)

    prepared = prepare_entries(contact_households, plan)
    # Survey problems are reported here and shown by the survey itself when opened; the
    # cache's skipped entries are households only (the walklist title counts them).
    problems = list(prepared.skipped)
    for doc in surveys:
        for problem in survey_problems(doc):
            problems.append(f"Survey {doc.get('id')}: {problem.field}: {problem.message}")

    from canvass_app.storage.cache import now_iso

    CacheRepo(db).replace_walklist(
        CachedList(
            list_id=list_id,
            campaign_id=campaign_id,
            name=list_name,
            pulled_at=now_iso(),
            default_survey_id=_choose_default_survey(surveys),
        ),
        contact_households=contact_households,
        surveys=surveys,
        statuses=statuses,
        status_groups=status_groups,
        campaign=campaign,
        list_marks=marks,
        entry_rows=prepared.rows,
        skipped_entries=prepared.skipped,
        walk_plan=prepared.plan.to_json(),
    )
    step(5)
    log.info(
        "Pulled walklist %s: %d households, %d contacts, %d surveys",
        list_id,
        prepared.households,
        prepared.contacts,
        len(surveys),
    )
    return PullResult(
        list_id=list_id,
        campaign_id=campaign_id,
        name=list_name,
        contacts=prepared.contacts,
        households=prepared.households,
        surveys=len(surveys),
        problems=problems,
    )


def download_walklist(
    data_dir: Path,
    api_url: str,
    token: str | None,
    list_id: str,
    *,
    plan: WalkPlan | None = None,
    progress: ProgressCallback | None = None,
    map_request: MapDownload | None = None,
    cancelled: Callable[[], bool] | None = None,
    **client_options: Any,
) -> PullResult:
    """``pull_walklist`` on a connection and a client of the calling thread's own (the
    GUI downloads off its main thread); ``client_options`` as ``PolisClient`` takes them.
    With ``map_request``, the map tiles around the doors follow (``pull_map``; progress
    goes on counting tiles; ``cancelled`` stops the map, never the walklist)."""
    from canvass_app.api.client import PolisClient
    from canvass_app.storage.db import open_database

    db = open_database(data_dir)
    client = PolisClient(api_url, token, **client_options)
    try:
        result = pull_walklist(db, client, list_id, progress=progress, plan=plan)
        if map_request is None:
            return result

        def tiles(done: int, total: int) -> None:
            if progress is not None:
                progress(WALKLIST_STEPS + done, WALKLIST_STEPS + total)

        outcome = pull_map(
            db, data_dir, result.list_id, map_request, progress=tiles, cancelled=cancelled
        )
        return dataclasses.replace(result, map=outcome)
    finally:
        client.close()
        db.conn.close()


def load_walklist(
    db: sqlite_utils.Database, list_id: str | None = None, *, zigzag: bool | None = None
) -> OfflineWalklist:
    """The offline walklist (the named one, or the last pulled); no network.

    The walk was planned when the list was downloaded; ``zigzag`` (the setting) plans it
    again, from the same start, when it asks for the other way along streets."""
    repo = CacheRepo(db)
    listing = repo.cached_list(list_id)
    if listing is None:
        raise WalklistNotPulled(list_id)

    buildings: list[Building]
    skipped: list[str]
    compact = repo.entry_rows(listing.list_id)
    if compact is not None and compact.version >= ENTRY_ROWS_VERSION:  # ordered at download
        buildings, skipped = buildings_from_rows(compact.rows), compact.skipped
        plan = WalkPlan.from_json(compact.plan)
        if zigzag is not None and zigzag != plan.zigzag:
            buildings = walk_order(buildings, start=plan.start, zigzag=zigzag)
    else:  # a copy written by an older version: group and order here
        entries: list[WalklistEntry] = []
        if compact is not None:  # validated when downloaded, in download order
            entries, skipped = entries_from_rows(compact.rows), compact.skipped
        else:  # no compact rows at all: check every document
            skipped = []
            for doc in repo.documents(cache.CONTACT_HOUSEHOLD, listing.list_id):
                try:
                    entries.append(parse_contact_household(doc))
                except ValidationError as error:
                    skipped.append(str(error))
        buildings = walk_order(group_doors(entries), zigzag=bool(zigzag))
    # people added at the door on this laptop join their households, marked as such
    place_added_people(
        buildings,
        ContactRepo(db).at_households(
            door.entries[0].household.id
            for building in buildings
            for door in building.doors
            if door.entries
        ),
    )

    surveys: list[Survey] = []
    problems: dict[str, list[FieldError]] = {}
    names: dict[str, str] = {}
    for doc in repo.documents(cache.SURVEY, listing.campaign_id):
        survey_id = str(doc.get("id", ""))
        names[survey_id] = str((doc.get("data") or {}).get("name") or survey_id)
        try:
            surveys.append(parse_survey(doc))
        except SurveyError as error:
            problems[survey_id] = list(error.errors)

    statuses: list[Status] = []
    for doc in repo.documents(cache.STATUS):
        try:
            statuses.append(Status.from_document(doc))
        except ValidationError as error:
            log.warning("Skipped a malformed status: %s", error)
    groups: list[StatusGroup] = []
    for doc in repo.documents(cache.STATUS_GROUP):
        try:
            groups.append(StatusGroup.from_document(doc))
        except ValidationError as error:
            log.warning("Skipped a malformed status group: %s", error)

    list_types = {
        str(mark["householdId"]): str(mark["type"])
        for mark in repo.documents(cache.LIST_MARK, listing.list_id)
    }
    return OfflineWalklist(
        household_list_types=list_types,
        list_id=listing.list_id,
        campaign_id=listing.campaign_id,
        name=listing.name,
        pulled_at=listing.pulled_at,
        entries=[
            entry for building in buildings for door in building.doors for entry in door.entries
        ],
        buildings=buildings,
        surveys=surveys,
        survey_problems=problems,
        survey_names=names,
        default_survey_id=listing.default_survey_id,
        statuses=statuses,
        status_groups=groups,
        skipped_entries=skipped,
    )


# --- the map, downloaded with the walklist -------------------------------------------------


@dataclass(frozen=True)
class MapOutcome:
    """What became of the walklist's map: ready (``path``), or not, and why (``message``)."""

    message: Message
    path: Path | None


def pull_map(
    db: sqlite_utils.Database,
    data_dir: Path,
    list_id: str,
    request: MapDownload,
    *,
    progress: ProgressCallback | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> MapOutcome:
    """Download the map tiles around a pulled walklist's doors (services.basemap). A map
    that cannot be downloaded never fails the walklist: the outcome says why instead."""
    walklist = load_walklist(db, list_id)
    try:
        result = download_walklist_map(
            data_dir,
            list_id,
            walklist.buildings,
            request,
            progress=progress,
            cancelled=cancelled,
        )
    except BasemapError as error:
        return MapOutcome(error.message, None)
    return MapOutcome(result.message, result.path)
