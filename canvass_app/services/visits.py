"""Visit use cases shared by the GUI and the CLI: record, import, edit, void, requeue, read.

Plain functions taking the open database. None of them touches the network: a saved
visit goes to the outbox and the sync engine sends it. Every write is one transaction
(see ``storage.visits.VisitRepo``).

Which state allows what (fold, void, requeue) is ``core.outbox.STATE_RULES``.

Edits:
- while the create has not left the device (queued, retry_wait or rejected, not leased)
  the edit is folded into the create: the server will only ever see the final data;
- otherwise (sending, unknown or sent) the edit becomes a PATCH of intent: one
  replace/add/remove per changed field, guarded by ``test`` operations on the values the
  edit started from (core.patch.intent_ops), sent after the create in order;
- while that PATCH itself has not been sent (queued, retry_wait, rejected) a further
  edit is appended to it (so a rejected edit can be corrected, then requeued).

Voiding (delete):
- a visit whose create never left the device is voided locally: nothing is sent, the
  row, its data and its log are kept, ``deleted`` is set and its operations are closed;
- otherwise a DELETE with the etag is queued after its other operations.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from canvass_app.core.contact import is_local_ref, local_contact_id_of, person_key
from canvass_app.core.errors import CanvassError, FieldError, ValidationError
from canvass_app.core.geo import (
    MAX_ACCURACY_M,
    Fix,
    GpsGrade,
    fix_distance_m,
    grade_distance,
    miles_to_meters,
    usable_fix,
    visit_location,
)
from canvass_app.core.interaction import (
    data_from_post_body,
    format_timestamp,
    parse_timestamp,
    require_valid_data,
)
from canvass_app.core.messages import QT_TRANSLATE_NOOP
from canvass_app.core.outbox import (
    FOLDABLE_STATES,
    REQUEUEABLE_STATES,
    OpKind,
    OutboxState,
    SyncCounts,
    SyncEvent,
    Visit,
)
from canvass_app.core.patch import REMOVE, apply_ops, intent_ops, normalize_ops
from canvass_app.storage.contacts import ContactRepo
from canvass_app.storage.db import parse_iso, utc_now
from canvass_app.storage.visits import NewVisit, VisitRepo

__all__ = [
    "REMOVE",
    "VisitDraft",
    "VisitNotFound",
    "build_visit_data",
    "delete_visit",
    "edit_visit",
    "edit_visit_ops",
    "get_visit",
    "household_latest",
    "household_visits",
    "import_visit",
    "latest_visits",
    "list_visits",
    "record_visit",
    "requeue_visit",
    "record_visits",
    "sync_counts",
    "undo_last_press",
    "visit_log",
]


_NO_VISIT = QT_TRANSLATE_NOOP(
    "Visits", "There is no visit with local id {local_id} on this device."
)
_VOIDED = QT_TRANSLATE_NOOP("Visits", "This visit was voided and cannot be edited.")


class VisitNotFound(CanvassError):
    """No visit with this local id on this device."""

    def __init__(self, local_id: str) -> None:
        self.local_id = local_id
        super().__init__(_NO_VISIT.with_args(local_id=repr(local_id)))


@dataclass(frozen=True)
class VisitDraft:
    """What the survey form (or a paper walk sheet) gives for one door visit."""

    campaign_id: str
    contact_id: str
    household_id: str
    contact_household_id: str
    survey_id: str
    responses: dict[str, Any] = field(default_factory=dict)
    unavailable: bool = False
    unavailable_reason: str | None = None
    successful: bool | None = None
    status_id: str | None = None
    walklist_id: str | None = None
    household_lat: float | None = None
    household_lng: float | None = None
    fix: Fix | None = None
    contact_name: str = ""
    address_line: str = ""
    unit: str = ""
    outcome: str = ""
    notes: str = ""
    # the accuracy a fix needs to go with the visit (the settings' threshold)
    max_accuracy_m: float = MAX_ACCURACY_M
    # recorded at a Do-Not-Knock door on the canvasser's explicit say-so
    do_not_knock_override: bool = False
    # a person added on this laptop (their contact_id may be a local reference until
    # the server has given them an id: the visit waits for it, then names it)
    local_contact_id: str | None = None


def _repo(db: sqlite_utils.Database) -> VisitRepo:
    return VisitRepo(db)


def _aware(now: datetime | None) -> datetime:
    if now is None:
        return utc_now()
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware (UTC); got a naive datetime")
    return now.astimezone(UTC)


def build_visit_data(draft: VisitDraft, knock_time: datetime) -> dict[str, Any]:
    """The interaction ``data`` exactly as the interactions page defines it.

    ``location``/``distance`` come only from a usable fix (core.geo.visit_location); an
    honest "no fix" leaves them out (never 0,0). Optional fields left unset are omitted.
    """
    data: dict[str, Any] = {
        "campaignId": draft.campaign_id,
        "contactId": draft.contact_id,
        "householdId": draft.household_id,
        "contactHouseholdId": draft.contact_household_id,
        "timestamp": format_timestamp(knock_time),
        "unavailable": bool(draft.unavailable),
    }
    if draft.unavailable_reason is not None:
        data["unavailableReason"] = draft.unavailable_reason
    if draft.successful is not None:
        data["successful"] = bool(draft.successful)
    data["survey"] = {"surveyId": draft.survey_id, "responses": copy.deepcopy(draft.responses)}
    data.update(
        visit_location(
            draft.fix,
            draft.household_lat,
            draft.household_lng,
            knock_time,
            max_accuracy_m=draft.max_accuracy_m,
        )
    )
    if draft.status_id is not None:
        data["statusId"] = draft.status_id
    if draft.walklist_id is not None:
        data["walklistId"] = draft.walklist_id
    return data


def answers_text(data: Mapping[str, Any]) -> str:
    """The survey answers as searchable text (``tag: value`` per field)."""
    survey = data.get("survey")
    responses = survey.get("responses") if isinstance(survey, Mapping) else None
    parts: list[str] = []
    if isinstance(responses, Mapping):
        for response in responses.values():
            fields = response.get("fields") if isinstance(response, Mapping) else None
            if isinstance(fields, Mapping):
                parts.extend(f"{tag}: {value}" for tag, value in fields.items())
    return "; ".join(parts)


def _gps_grade(draft: VisitDraft, now: datetime) -> str:
    if draft.fix is None or not usable_fix(draft.fix, now, max_accuracy_m=draft.max_accuracy_m):
        return GpsGrade.NONE.value
    return grade_distance(fix_distance_m(draft.fix, draft.household_lat, draft.household_lng)).value


def require_canvasser(canvasser: str) -> str:
    if not isinstance(canvasser, str) or not canvasser.strip():
        raise ValidationError(FieldError("canvasser", "is required: who knocked this door?"))
    return canvasser.strip()


def record_visit(
    db: sqlite_utils.Database,
    draft: VisitDraft,
    *,
    canvasser: str,
    now: datetime | None = None,
) -> Visit:
    """Save a door visit in ONE transaction (into the door journal, filed with its create
    operation by the next reader or the sync thread: ``storage/door_journal.py``); never
    the network.

    Stamps the knock time (UTC, ms) from ``now``, gives it a uuid4 local id, and raises
    ValidationError (naming every wrong field) before anything is written.
    """
    return record_visits(db, [draft], canvasser=canvasser, now=now)[0]


def record_visits(
    db: sqlite_utils.Database,
    drafts: Sequence[VisitDraft],
    *,
    canvasser: str,
    now: datetime | None = None,
) -> list[Visit]:
    """Save the visits of one press (one person, or everyone a bulk press records) in ONE
    transaction, with one knock time and one press id: all are saved or none, and
    ``undo_last_press`` voids them together. Every draft is validated before anything is
    written."""
    who = require_canvasser(canvasser)
    knock = _aware(now)
    press_id = str(uuid.uuid4())
    news = [_new_visit(draft, who, knock, press_id) for draft in drafts]
    return VisitRepo(db, filed=False).save_at_door(news, now=knock)


def _new_visit(draft: VisitDraft, who: str, knock: datetime, press_id: str) -> NewVisit:
    data = require_valid_data(build_visit_data(draft, knock))
    distance = data.get("distance")
    return NewVisit(
        local_id=str(uuid.uuid4()),
        canvasser=who,
        walklist_id=draft.walklist_id,
        campaign_id=draft.campaign_id,
        contact_id=draft.contact_id,
        household_id=draft.household_id,
        contact_household_id=draft.contact_household_id,
        knock_time=data["timestamp"],
        data=data,
        contact_name=draft.contact_name,
        address_line=draft.address_line,
        unit=draft.unit,
        outcome=draft.outcome or (draft.unavailable_reason or ""),
        notes=draft.notes,
        answers=answers_text(data),
        distance_miles=float(distance) if isinstance(distance, int | float) else None,
        gps_grade=_gps_grade(draft, knock),
        press_id=press_id,
        do_not_knock_override=draft.do_not_knock_override,
        local_contact_id=_person_of(draft),
    )


def _person_of(draft: VisitDraft) -> str | None:
    """The person added on this laptop a draft is for, if any."""
    if draft.local_contact_id is not None:
        return draft.local_contact_id
    if is_local_ref(draft.contact_id):
        return local_contact_id_of(draft.contact_id)
    return None


def import_visit(
    db: sqlite_utils.Database,
    data: dict[str, Any],
    *,
    canvasser: str,
    now: datetime | None = None,
) -> Visit:
    """Queue one visit from an interaction ``data`` object shaped like the page's POST
    example (flat, or ``{"data": {...}}``); validated; its own timestamp is the knock time.

    Always queues (no check for the same visit already here): a file goes through
    ``services.visit_import.import_visit_file``, which skips what is already here."""
    who = require_canvasser(canvasser)
    checked = normalized_import_data(require_valid_data(data_from_post_body(data)))
    return _repo(db).insert_visit(imported_visit(checked, who), now=_aware(now))


def normalized_import_data(checked: dict[str, Any]) -> dict[str, Any]:
    """Valid data with its knock time in the API's form (ms, Z), so natural keys match."""
    checked["timestamp"] = format_timestamp(parse_timestamp(checked["timestamp"]))
    return checked


def imported_visit(checked: dict[str, Any], canvasser: str) -> NewVisit:
    """The row of a visit imported from valid, normalised interaction data."""
    distance = checked.get("distance")
    miles: float | None = None
    meters: float | None = None
    if isinstance(distance, int | float) and not isinstance(distance, bool):
        miles = float(distance)
        meters = miles_to_meters(miles)
    walklist = checked.get("walklistId")
    return NewVisit(
        local_id=str(uuid.uuid4()),
        canvasser=canvasser,
        walklist_id=walklist if isinstance(walklist, str) else None,
        campaign_id=checked["campaignId"],
        contact_id=checked["contactId"],
        household_id=checked["householdId"],
        contact_household_id=checked["contactHouseholdId"],
        knock_time=checked["timestamp"],
        data=checked,
        outcome=str(checked.get("unavailableReason") or ""),
        answers=answers_text(checked),
        distance_miles=miles,
        gps_grade=grade_distance(meters).value if "location" in checked else GpsGrade.NONE.value,
    )


def _existing(repo: VisitRepo, local_id: str) -> Visit:
    visit = repo.get_visit(local_id)
    if visit is None:
        raise VisitNotFound(local_id)
    return visit


def _base_of(ops: list[dict[str, Any]]) -> dict[str, Any]:
    """{path: value} of the ``test`` guards: the values the edit started from."""
    return {op["path"]: op.get("value") for op in ops if op.get("op") == "test"}


def _apply_edit(
    repo: VisitRepo,
    visit: Visit,
    ops: list[dict[str, Any]],
    new_data: dict[str, Any],
    now: datetime,
) -> Visit:
    """Fold into the unsent create, or into the last unsent PATCH, or queue a guarded
    PATCH; returns the visit after."""
    if visit.deleted:
        raise ValidationError(FieldError("local_id", _VOIDED.message()))
    checked = require_valid_data(new_data)
    display = {"answers": answers_text(checked)}
    if "unavailableReason" in checked and checked.get("unavailableReason") != visit.data.get(
        "unavailableReason"
    ):
        display["outcome"] = str(checked.get("unavailableReason") or "")
    changed = [op["path"] for op in ops if op.get("op") != "test"]
    if not changed:
        return visit
    op_list = repo.ops(visit.local_id)
    create = next((op for op in op_list if op.kind is OpKind.CREATE), None)
    later = [op for op in op_list if create is not None and op.op_id > create.op_id]
    if (
        create is not None
        and create.state in FOLDABLE_STATES
        and create.lease_owner is None
        and not later
        and repo.fold_into_create(
            visit.local_id, create.op_id, checked, display, now=now, changed=changed
        )
    ):
        return _existing(repo, visit.local_id)
    last = op_list[-1] if op_list else None
    if (
        last is not None
        and last.kind is OpKind.PATCH
        and last.state in FOLDABLE_STATES
        and last.lease_owner is None
        and repo.fold_into_patch(
            visit.local_id, last.op_id, ops, _base_of(ops), checked, display, now=now
        )
    ):
        return _existing(repo, visit.local_id)
    repo.add_op(
        visit.local_id,
        OpKind.PATCH,
        ops,
        _base_of(ops),
        str(uuid.uuid4()),
        data=checked,
        display=display,
        now=now,
    )
    return _existing(repo, visit.local_id)


def edit_visit(
    db: sqlite_utils.Database,
    local_id: str,
    changes: Mapping[str, object],
    *,
    now: datetime | None = None,
) -> Visit:
    """Change fields of a visit; ``changes`` maps data-relative paths (``/successful``) to
    new values, or to ``REMOVE`` (core.patch.intent_ops decides add/replace/remove and the
    test guards). Raises ValidationError when the result is not a valid interaction."""
    repo = _repo(db)
    visit = _existing(repo, local_id)
    if not changes:
        return visit
    ops = intent_ops(visit.data, changes)
    new_data = apply_ops(visit.data, ops)
    return _apply_edit(repo, visit, ops, new_data, _aware(now))


def edit_visit_ops(
    db: sqlite_utils.Database,
    local_id: str,
    ops: list[dict[str, Any]],
    *,
    now: datetime | None = None,
) -> Visit:
    """Queue an edit given as JSON Patch operations written as on the interactions page
    (``/data/...``; data-relative paths are accepted too). ``test`` guards on the current
    local values are added for every path the operations change."""
    repo = _repo(db)
    visit = _existing(repo, local_id)
    if not isinstance(ops, list) or not ops:
        raise ValidationError(FieldError("/", "an edit needs a non-empty list of operations"))
    relative = normalize_ops(ops, "data")  # raises ValidationError naming each bad op
    new_data = apply_ops(visit.data, relative)  # raises PatchConflict when it cannot apply
    guards: list[dict[str, Any]] = []
    guarded: set[str] = set()
    for op in relative:
        path = op.get("path")
        if op.get("op") == "test" or not isinstance(path, str) or path in guarded:
            continue
        present, value = _lookup(visit.data, path)
        if present:
            guards.append({"op": "test", "path": path, "value": copy.deepcopy(value)})
            guarded.add(path)
    return _apply_edit(repo, visit, guards + list(relative), new_data, _aware(now))


def _lookup(data: Any, path: str) -> tuple[bool, Any]:
    """(True, value) at a data-relative JSON pointer, or (False, None) when absent."""
    node = data
    for raw in path.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False, None
    return True, node


def delete_visit(db: sqlite_utils.Database, local_id: str, *, now: datetime | None = None) -> Visit:
    """Void a visit: locally when its create never left the device, else a queued DELETE.

    Voiding twice is harmless (the second call changes nothing).
    """
    repo = _repo(db)
    visit = _existing(repo, local_id)
    if visit.deleted:
        return visit
    moment = _aware(now)
    if not repo.void_locally(local_id, now=moment):
        repo.add_op(
            local_id,
            OpKind.DELETE,
            None,
            None,
            str(uuid.uuid4()),
            data=None,
            display={},
            now=moment,
            deleted=True,
        )
    return _existing(repo, local_id)


def requeue_visit(
    db: sqlite_utils.Database, local_id: str, *, now: datetime | None = None
) -> Visit:
    """Send a visit again (rejected, needs attention, or waiting for a retry): queued, due
    now. Raises ``core.outbox.OutboxRuleError`` (a message in words) in any state
    ``STATE_RULES`` does not allow it in: sent, being sent, queued, or unknown (which the
    engine must look up on the server before anything is sent again)."""
    repo = _repo(db)
    moment = _aware(now)
    visit = _existing(repo, local_id)
    waiting_for = _refused_person(repo, visit)
    if waiting_for is None or not ContactRepo(db).requeue(
        waiting_for, requeueable=REQUEUEABLE_STATES, now=moment
    ):
        repo.requeue(local_id, now=moment)
    return _existing(repo, local_id)


def _refused_person(repo: VisitRepo, visit: Visit) -> str | None:
    """The person added here whose refusal holds this visit back: sending the visit
    again sends them again first (with every visit waiting for them)."""
    ops = repo.ops(visit.local_id)
    head = next((op for op in ops if op.state is not OutboxState.SENT), None)
    if head is None or head.kind is not OpKind.CREATE:
        return None
    return repo.waits_for(head.op_id)


def undo_last_press(
    db: sqlite_utils.Database,
    canvasser: str,
    within_s: float = 600,
    *,
    now: datetime | None = None,
) -> list[Visit]:
    """Void the canvasser's newest press (one visit, or every visit of a bulk press) when
    it was saved within ``within_s`` seconds; returns the voided visits (none: nothing to
    undo)."""
    moment = _aware(now)
    pressed = _repo(db).last_press(canvasser)
    if not pressed or moment - parse_iso(pressed[0].created_at) > timedelta(seconds=within_s):
        return []
    return [delete_visit(db, visit.local_id, now=moment) for visit in pressed]


def get_visit(db: sqlite_utils.Database, local_id: str) -> Visit | None:
    return _repo(db).get_visit(local_id)


def list_visits(
    db: sqlite_utils.Database,
    *,
    state: OutboxState | str | None = None,
    since: str | datetime | None = None,
    canvasser: str | None = None,
    search: str | None = None,
    limit: int | None = None,
) -> list[Visit]:
    """Visits newest first; ``since`` compares the knock time; ``search`` is full text."""
    states = None
    if state is not None:
        try:
            states = [OutboxState(state)]
        except ValueError:
            names = ", ".join(s.value for s in OutboxState)
            raise ValidationError(
                FieldError("state", f"{state!r} is not an outbox state (one of {names})")
            ) from None
    since_text: str | None = None
    if isinstance(since, datetime):
        since_text = format_timestamp(_aware(since))
    elif since is not None:
        try:
            since_text = format_timestamp(parse_iso(since))
        except ValueError:
            raise ValidationError(
                FieldError("since", f"{since!r} is not a date and time like 2024-05-01T00:00:00Z")
            ) from None
    if limit is not None and limit < 0:
        raise ValidationError(FieldError("limit", f"must be 0 or more, got {limit}"))
    return _repo(db).list_visits(
        states=states, since=since_text, canvasser=canvasser, search=search, limit=limit
    )


def latest_visits(
    db: sqlite_utils.Database,
    household_ids: Iterable[str] | None = None,
    walklist_id: str | None = None,
) -> tuple[dict[str, Visit], dict[str, Visit]]:
    """The newest non-voided visit per household and per contact (the doors' outcomes),
    only of ``household_ids`` and recorded on ``walklist_id`` (or on none) when given."""
    return _repo(db).latest_visits(household_ids, walklist_id)


def household_visits(db: sqlite_utils.Database, household_id: str) -> list[Visit]:
    """Every visit to one household, newest first."""
    return _repo(db).list_visits(household_id=household_id)


def household_latest(
    db: sqlite_utils.Database, household_id: str, walklist_id: str | None = None
) -> tuple[Visit | None, dict[str, Visit | None]]:
    """One household's latest live visit, and each of its contacts' (None: no live visit
    any more), on ``walklist_id`` (or on none) when given: what its door shows after an
    undo, an edit or a void."""
    visits = [
        visit
        for visit in household_visits(db, household_id)  # newest first
        if walklist_id is None or visit.walklist_id in (walklist_id, None)
    ]
    by_contact: dict[str, Visit | None] = {person_key(visit): None for visit in visits}
    live = [visit for visit in visits if not visit.deleted]
    for visit in reversed(live):
        by_contact[person_key(visit)] = visit  # the newest wins
    return (live[0] if live else None), by_contact


def visit_log(db: sqlite_utils.Database, local_id: str) -> list[SyncEvent]:
    """The append-only sync log of one visit, oldest first."""
    repo = _repo(db)
    _existing(repo, local_id)
    return repo.events(local_id)


def sync_counts(db: sqlite_utils.Database, now: datetime | None = None) -> SyncCounts:
    """Visits by state, the age of the oldest unsent one, and the last sync."""
    return VisitRepo(db, filed=False).counts(_aware(now))  # the door's: adds the journal
