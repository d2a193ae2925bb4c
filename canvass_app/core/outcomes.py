"""Statuses, status groups and the one-tap door outcomes (api-notes.md §5.7, §5.8).

A status is what a door shows after a knock (its pin); a status group classifies
statuses (successful, unavailable, list, ...). The one-tap outcomes are the buttons a
canvasser presses instead of answering a survey; each fills ``unavailable``,
``unavailableReason``, ``statusId`` and ``successful`` of the interaction consistently.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from canvass_app.core.errors import FieldError, ValidationError

CONTACT_STATES: tuple[str, ...] = (
    "appointment",
    "not-contacted-high-priority",
    "not-contacted-do-not-knock",
    "not-contacted-normal",
    "contacted-available-successful",
    "contacted-available-not-successful",
    "contacted-unavailable-not-home",
    "contacted-unavailable-other",
    "come-back",
    "unknown",
)

STATUS_TYPES: tuple[str, ...] = ("successful", "unsuccessful", "appointment", "unavailable", "list")

# The docs' table misspells one status type; documents may carry either spelling.
_STATUS_TYPE_ALIASES = {"unsucessful": "unsuccessful"}

# Fixed namespace so the default ids are the same on every machine and every run.
DEFAULTS_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://polis.example/canvass-app/defaults")


def stable_id(kind: str, name: str) -> str:
    """A uuid5 id that never changes for one (kind, name) pair."""
    return str(uuid.uuid5(DEFAULTS_NAMESPACE, f"{kind}:{name}"))


def _require_str(data: Mapping[str, Any], name: str, prefix: str, errors: list[FieldError]) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        errors.append(FieldError(f"{prefix}/{name}", "is required and must be a non-empty string"))
        return ""
    return value


def _envelope(doc: object, what: str) -> tuple[str, Mapping[str, Any]]:
    if not isinstance(doc, dict):
        raise ValidationError(FieldError("/", f"a {what} must be a JSON object"))
    errors: list[FieldError] = []
    doc_id = _require_str(doc, "id", "", errors)
    data = doc.get("data")
    if not isinstance(data, dict):
        errors.append(FieldError("/data", f"the {what}'s data must be an object"))
        raise ValidationError(errors)
    if errors:
        raise ValidationError(errors)
    return doc_id, data


def _check_contact_state(state: str, errors: list[FieldError]) -> None:
    if state and state not in CONTACT_STATES:
        errors.append(
            FieldError("/data/contactState", f"{state!r} is not one of {', '.join(CONTACT_STATES)}")
        )


@dataclass(frozen=True)
class StatusGroup:
    id: str
    name: str
    icon: str
    pin_color: str
    icon_color: str
    contact_state: str
    status_type: str

    @classmethod
    def from_document(cls, doc: object) -> StatusGroup:
        doc_id, data = _envelope(doc, "status group")
        errors: list[FieldError] = []
        fields = {
            name: _require_str(data, name, "/data", errors)
            for name in ("name", "icon", "pinColor", "iconColor", "contactState", "statusType")
        }
        state = fields["contactState"]
        _check_contact_state(state, errors)
        status_type = _STATUS_TYPE_ALIASES.get(fields["statusType"], fields["statusType"])
        if status_type and status_type not in STATUS_TYPES:
            errors.append(
                FieldError(
                    "/data/statusType", f"{status_type!r} is not one of {', '.join(STATUS_TYPES)}"
                )
            )
        if errors:
            raise ValidationError(errors)
        return cls(
            id=doc_id,
            name=fields["name"],
            icon=fields["icon"],
            pin_color=fields["pinColor"],
            icon_color=fields["iconColor"],
            contact_state=state,
            status_type=status_type,
        )

    def to_data(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "icon": self.icon,
            "pinColor": self.pin_color,
            "iconColor": self.icon_color,
            "contactState": self.contact_state,
            "statusType": self.status_type,
        }


@dataclass(frozen=True)
class Status:
    id: str
    name: str
    icon: str
    pin_color: str
    icon_color: str
    contact_state: str
    status_group_id: str
    default_status: bool = True

    @classmethod
    def from_document(cls, doc: object) -> Status:
        doc_id, data = _envelope(doc, "status")
        errors: list[FieldError] = []
        fields = {
            name: _require_str(data, name, "/data", errors)
            for name in ("name", "icon", "pinColor", "iconColor", "contactState", "statusGroupId")
        }
        state = fields["contactState"]
        _check_contact_state(state, errors)
        default = data.get("defaultStatus", False)
        if not isinstance(default, bool):
            errors.append(FieldError("/data/defaultStatus", "must be true or false"))
        if errors:
            raise ValidationError(errors)
        return cls(
            id=doc_id,
            name=fields["name"],
            icon=fields["icon"],
            pin_color=fields["pinColor"],
            icon_color=fields["iconColor"],
            contact_state=state,
            status_group_id=fields["statusGroupId"],
            default_status=bool(default),
        )

    def to_data(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "icon": self.icon,
            "pinColor": self.pin_color,
            "iconColor": self.icon_color,
            "contactState": self.contact_state,
            "statusGroupId": self.status_group_id,
            "defaultStatus": self.default_status,
        }


# --- the defaults from the docs' tables ---------------------------------------------------

_GREY = "#C8C8C8"
_BLUE = "#01B5D6"
_RED = "#E95C41"

# name: (statusType, contactState, icon, pinColor, iconColor)
_GROUP_TABLE: dict[str, tuple[str, str, str, str, str]] = {
    "Appointment": ("appointment", "appointment", "faCalendar:regular", _GREY, _BLUE),
    "Bad Contact Info": (
        "unavailable",
        "contacted-unavailable-other",
        "faTimes:solid",
        _GREY,
        _RED,
    ),
    "Come Back": ("unavailable", "come-back", "faRedo:solid", _GREY, _BLUE),
    "Default": ("list", "not-contacted-normal", "faHome:solid", _BLUE, _BLUE),
    "Do Not Knock": ("list", "not-contacted-do-not-knock", "faTimes:solid", _RED, _RED),
    "High Priority": ("list", "not-contacted-high-priority", "faStar:solid", "#FFBE00", "#FFBE00"),
    "Not Home": ("unavailable", "contacted-unavailable-not-home", "polisNotHome", _GREY, _GREY),
    "Not Successful": (
        "unsuccessful",
        "contacted-available-not-successful",
        "faThumbsDown:solid",
        _GREY,
        _RED,
    ),
    "Refused": ("unavailable", "contacted-unavailable-other", "faTimes:solid", _GREY, _RED),
    "Successful": (
        "successful",
        "contacted-available-successful",
        "faThumbsUp:solid",
        _GREY,
        "#73C1B1",
    ),
}

DEFAULT_STATUS_GROUPS: tuple[StatusGroup, ...] = tuple(
    StatusGroup(
        id=stable_id("status-group", name),
        name=name,
        icon=icon,
        pin_color=pin,
        icon_color=icon_color,
        contact_state=state,
        status_type=status_type,
    )
    for name, (status_type, state, icon, pin, icon_color) in _GROUP_TABLE.items()
)

# name: (contactState, group name, icon, pinColor, iconColor)
_STATUS_TABLE: dict[str, tuple[str, str, str, str, str]] = {
    "Default": ("not-contacted-normal", "Default", "faHome:solid", _BLUE, _BLUE),
    "High Priority": (
        "not-contacted-high-priority",
        "High Priority",
        "faStar:solid",
        "#FFBE00",
        "#FFBE00",
    ),
    "Do Not Knock": ("not-contacted-do-not-knock", "Do Not Knock", "faTimes:solid", _RED, _RED),
    "Successful": (
        "contacted-available-successful",
        "Successful",
        "faThumbsUp:solid",
        _GREY,
        "#73C1B1",
    ),
    "Not Successful": (
        "contacted-available-not-successful",
        "Not Successful",
        "faThumbsDown:solid",
        _GREY,
        _RED,
    ),
    "Appointment": ("appointment", "Appointment", "faCalendar:regular", _GREY, _BLUE),
    "Come Back": ("come-back", "Come Back", "faRedo:solid", _GREY, _BLUE),
    "Not Home": ("contacted-unavailable-not-home", "Not Home", "polisNotHome", _GREY, _GREY),
    "Refused": ("contacted-unavailable-other", "Refused", "faTimes:solid", _GREY, _RED),
    "Inaccessible": (
        "contacted-unavailable-other",
        "Bad Contact Info",
        "faTimes:solid",
        _GREY,
        _RED,
    ),
    "Moved": ("contacted-unavailable-other", "Bad Contact Info", "faTimes:solid", _GREY, _RED),
    "Other Language": (
        "contacted-unavailable-other",
        "Bad Contact Info",
        "faTimes:solid",
        _GREY,
        _RED,
    ),
    "Deceased": ("contacted-unavailable-other", "Bad Contact Info", "faTimes:solid", _GREY, _RED),
}

DEFAULT_STATUSES: tuple[Status, ...] = tuple(
    Status(
        id=stable_id("status", name),
        name=name,
        icon=icon,
        pin_color=pin,
        icon_color=icon_color,
        contact_state=state,
        status_group_id=stable_id("status-group", group),
        default_status=True,
    )
    for name, (state, group, icon, pin, icon_color) in _STATUS_TABLE.items()
)


# --- lookups ------------------------------------------------------------------------------


def status_by_name(statuses: Sequence[Status], name: str) -> Status | None:
    """The status called ``name`` (case and surrounding space ignored), default ones first."""
    wanted = name.strip().casefold()
    matches = [status for status in statuses if status.name.strip().casefold() == wanted]
    matches.sort(key=lambda status: not status.default_status)
    return matches[0] if matches else None


def status_for_state(statuses: Sequence[Status], contact_state: str) -> Status | None:
    """A status for a contact state, preferring a default status."""
    matches = [status for status in statuses if status.contact_state == contact_state]
    matches.sort(key=lambda status: not status.default_status)
    return matches[0] if matches else None


def group_of(status: Status, groups: Sequence[StatusGroup]) -> StatusGroup | None:
    return next((group for group in groups if group.id == status.status_group_id), None)


def is_do_not_knock(status: Status | None) -> bool:
    """Whether a door with this status must not be knocked."""
    return status is not None and status.contact_state == "not-contacted-do-not-knock"


def is_contacted(status: Status | None) -> bool:
    """Whether the status records a knock (as opposed to a list priority)."""
    return status is not None and status.contact_state not in (
        "not-contacted-normal",
        "not-contacted-high-priority",
        "not-contacted-do-not-knock",
        "unknown",
    )


# Contact states after which a person is knocked again in the same walklist: nobody came
# to the door (status group Not Home), or they asked to be seen later (Come Back,
# Appointment). Every other contacted state is final for the walk: a conversation
# (Successful, Not Successful), a refusal, or bad contact info (Moved, Deceased,
# Inaccessible, Other Language). docs/DOOR.md says the same in words.
TRY_AGAIN_STATES: frozenset[str] = frozenset(
    {"contacted-unavailable-not-home", "come-back", "appointment"}
)


def is_try_again(status: Status | None) -> bool:
    """Whether a visit with this status leaves the person to be knocked again."""
    return status is not None and status.contact_state in TRY_AGAIN_STATES


# --- one-tap outcomes ---------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    key: str
    label: str
    status_name: str
    unavailable: bool
    unavailable_reason: str | None
    successful: bool
    shortcut_digit: int
    contact_state: str = "contacted-unavailable-other"


def _unavailable(key: str, label: str, digit: int, state: str) -> Outcome:
    return Outcome(
        key=key,
        label=label,
        status_name=label,
        unavailable=True,
        unavailable_reason=label,
        successful=False,
        shortcut_digit=digit,
        contact_state=state,
    )


ONE_TAP_OUTCOMES: tuple[Outcome, ...] = (
    _unavailable("not_home", "Not Home", 1, "contacted-unavailable-not-home"),
    _unavailable("come_back", "Come Back", 2, "come-back"),
    _unavailable("refused", "Refused", 3, "contacted-unavailable-other"),
    _unavailable("moved", "Moved", 4, "contacted-unavailable-other"),
    _unavailable("deceased", "Deceased", 5, "contacted-unavailable-other"),
    _unavailable("inaccessible", "Inaccessible", 6, "contacted-unavailable-other"),
    _unavailable("other_language", "Other Language", 7, "contacted-unavailable-other"),
)


def outcome_by_key(key: str) -> Outcome:
    for outcome in ONE_TAP_OUTCOMES:
        if outcome.key == key:
            return outcome
    known = ", ".join(outcome.key for outcome in ONE_TAP_OUTCOMES)
    raise ValidationError(FieldError("outcome", f"{key!r} is not a one-tap outcome ({known})"))


def outcome_by_digit(digit: int) -> Outcome | None:
    return next((o for o in ONE_TAP_OUTCOMES if o.shortcut_digit == digit), None)


def outcome_data(outcome: Outcome, statuses: Sequence[Status]) -> dict[str, Any]:
    """The interaction fields a one-tap outcome sets.

    ``statusId`` is the status of the same name, else one with the outcome's contact
    state; it is left out when the statuses hold neither (e.g. none cached yet).
    """
    data: dict[str, Any] = {
        "unavailable": outcome.unavailable,
        "successful": outcome.successful,
    }
    if outcome.unavailable_reason is not None:
        data["unavailableReason"] = outcome.unavailable_reason
    status = status_by_name(statuses, outcome.status_name) or status_for_state(
        statuses, outcome.contact_state
    )
    if status is not None:
        data["statusId"] = status.id
    return data


# --- the outcome of a finished survey ------------------------------------------------------

_FALSE_WORDS = frozenset({"false", "no", "0"})


@dataclass(frozen=True)
class SurveyOutcome:
    """The interaction fields a finished survey implies, and a label for the door."""

    unavailable: bool
    unavailable_reason: str | None
    successful: bool
    status_id: str | None
    label: str


def survey_outcome(
    answered: Sequence[tuple[Any, Mapping[str, Any]]],
    successful: bool,
    statuses: Sequence[Status],
) -> SurveyOutcome:
    """As the default Polis survey defines it (api-notes §5.2): an availability question
    answered "false" makes the visit unavailable, with the reason from the question tagged
    ``unavailable_reason``; otherwise the options' ``success`` flags decide. ``answered``
    holds (question, fields) pairs, fields keyed by the question's tag."""
    unavailable = False
    reason: str | None = None
    for question, fields in answered:
        value = fields.get(question.tag)
        if question.type == "availability" and value is not None:
            unavailable = str(value).strip().casefold() in _FALSE_WORDS
        if question.tag == "unavailable_reason" and isinstance(value, str) and value.strip():
            reason = value.strip()
    if not unavailable:
        reason = None
    if unavailable:
        status = status_by_name(statuses, reason) if reason else None
        label = reason or "Unavailable"
    elif successful:
        status = status_by_name(statuses, "Successful")
        label = "Successful"
    else:
        status = status_by_name(statuses, "Not Successful")
        label = "Survey"
    return SurveyOutcome(
        unavailable=unavailable,
        unavailable_reason=reason,
        successful=successful,
        status_id=status.id if status is not None else None,
        label=label,
    )
