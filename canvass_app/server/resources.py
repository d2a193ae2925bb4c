"""The resources the reference server holds: where each lives and how its data is checked.

Validation follows api-notes §5; interactions use core's validation of the page's schema.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from canvass_app.core.errors import FieldError
from canvass_app.core.interaction import validate_data as validate_interaction_data
from canvass_app.core.outcomes import CONTACT_STATES
from canvass_app.core.survey import survey_problems

Validator = Callable[[dict[str, Any]], list[FieldError]]

ICON_PATTERN = re.compile(r"^fa[A-Z][A-Za-z0-9]*:(solid|regular|light|brands)$")
BUILT_IN_ICONS = ("polisNotHome",)
HEX_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
CAMPAIGN_STATUSES = ("pending", "started", "complete")
LIST_TYPES = ("do-not-knock", "high-priority", "normal")


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int | float):
        return "a number"
    return "an object" if isinstance(value, dict) else "a list"


def _text(
    data: dict[str, Any],
    name: str,
    errors: list[FieldError],
    *,
    required: bool = True,
    max_length: int | None = None,
    prefix: str = "/data",
) -> None:
    pointer = f"{prefix}/{name}"
    if name not in data:
        if required:
            errors.append(FieldError(pointer, "is required but missing"))
        return
    value = data[name]
    if not isinstance(value, str) or (required and not value.strip()):
        errors.append(FieldError(pointer, f"must be a non-empty string, got {_describe(value)}"))
    elif max_length is not None and len(value) > max_length:
        errors.append(FieldError(pointer, f"must be at most {max_length} characters"))


def _flag(data: dict[str, Any], name: str, errors: list[FieldError], prefix: str = "/data") -> None:
    if name in data and not isinstance(data[name], bool):
        errors.append(
            FieldError(f"{prefix}/{name}", f"must be true or false, got {_describe(data[name])}")
        )


def _object(
    data: dict[str, Any],
    name: str,
    errors: list[FieldError],
    *,
    required: bool,
    prefix: str = "/data",
) -> dict[str, Any] | None:
    if name not in data:
        if required:
            errors.append(FieldError(f"{prefix}/{name}", "is required but missing"))
        return None
    value = data[name]
    if not isinstance(value, dict):
        errors.append(FieldError(f"{prefix}/{name}", f"must be an object, got {_describe(value)}"))
        return None
    return value


def validate_contact(data: dict[str, Any]) -> list[FieldError]:
    errors: list[FieldError] = []
    profile = _object(data, "profile", errors, required=True)
    _object(data, "fields", errors, required=True)
    _text(data, "notes", errors, required=False, max_length=2048)
    _text(data, "externalId", errors, required=False)
    _text(data, "primaryHouseholdId", errors, required=False)
    if profile is not None:
        name = _object(profile, "name", errors, required=False, prefix="/data/profile")
        if name is not None:
            anglican = _object(name, "anglican", errors, required=True, prefix="/data/profile/name")
            if anglican is not None:
                where = "/data/profile/name/anglican"
                _text(anglican, "given", errors, prefix=where)
                _text(anglican, "surname", errors, prefix=where)
                for part in ("title", "middlename", "suffix"):
                    if anglican.get(part) is not None:
                        _text(anglican, part, errors, required=False, prefix=where)
        if "gender" in profile and profile["gender"] not in ("d", "f", "m", "n", "o"):
            errors.append(FieldError("/data/profile/gender", "must be one of d, f, m, n, o"))
    return errors


def validate_address_data(address: dict[str, Any], prefix: str) -> list[FieldError]:
    errors: list[FieldError] = []
    _text(address, "streetName", errors, prefix=prefix)
    _text(address, "city", errors, prefix=prefix)
    coords = _object(address, "coords", errors, required=False, prefix=prefix)
    if coords is not None:
        for axis, limit in (("lat", 90), ("lng", 180)):
            value = coords.get(axis)
            if not isinstance(value, int | float) or isinstance(value, bool) or abs(value) > limit:
                errors.append(
                    FieldError(f"{prefix}/coords/{axis}", f"must be a number within ±{limit}")
                )
    return errors


def validate_household(data: dict[str, Any]) -> list[FieldError]:
    errors: list[FieldError] = []
    if not isinstance(data.get("unitNum"), str):
        errors.append(
            FieldError("/data/unitNum", "is required and must be a string (may be empty)")
        )
    _text(data, "externalId", errors, required=False)
    if "address" in data:
        address = _object(data, "address", errors, required=True)
        if address is not None:
            inner = _object(address, "data", errors, required=True, prefix="/data/address")
            if inner is not None:
                errors.extend(validate_address_data(inner, "/data/address/data"))
    else:
        _text(data, "addressId", errors)
    return errors


def validate_note(data: dict[str, Any]) -> list[FieldError]:
    errors: list[FieldError] = []
    _text(data, "contactId", errors)
    _text(data, "text", errors)
    return errors


def validate_survey(data: dict[str, Any]) -> list[FieldError]:
    errors: list[FieldError] = []
    _text(data, "name", errors)
    _text(data, "campaignId", errors)
    _flag(data, "discoverable", errors)
    # core names fields like `questions[0] (q-id).options[1]`; answer JSON pointers.
    errors.extend(FieldError(survey_pointer(e.field), e.message) for e in survey_problems(data))
    return errors


_LOCATOR_PART = re.compile(r"([A-Za-z_]\w*)(?:\[(\d+)\])?(?: \([^)]*\))?")


def survey_pointer(locator: str) -> str:
    """`questions[0] (q1).options[1]` -> `/data/questions/0/options/1`."""
    if locator.startswith("/"):
        return locator if locator.startswith("/data") else "/data" + locator
    parts: list[str] = []
    for found in _LOCATOR_PART.finditer(locator):
        parts.append(found.group(1))
        if found.group(2) is not None:
            parts.append(found.group(2))
    return "/data/" + "/".join(parts) if parts else "/data"


def validate_campaign(data: dict[str, Any]) -> list[FieldError]:
    errors: list[FieldError] = []
    _text(data, "name", errors)
    _text(data, "organizationId", errors)
    _text(data, "description", errors, required=False)
    if data.get("status") not in CAMPAIGN_STATUSES:
        errors.append(FieldError("/data/status", f"must be one of {', '.join(CAMPAIGN_STATUSES)}"))
    lists = data.get("lists", [])
    if not isinstance(lists, list):
        errors.append(FieldError("/data/lists", "must be a list of {listId, type}"))
    else:
        for index, entry in enumerate(lists):
            where = f"/data/lists/{index}"
            if not isinstance(entry, dict) or not isinstance(entry.get("listId"), str):
                errors.append(FieldError(where, "must be an object with a listId string"))
            elif "type" in entry and entry["type"] not in LIST_TYPES:
                errors.append(
                    FieldError(f"{where}/type", f"must be one of {', '.join(LIST_TYPES)}")
                )
    return errors


def validate_list(data: dict[str, Any]) -> list[FieldError]:
    errors: list[FieldError] = []
    _text(data, "name", errors)
    _text(data, "organizationId", errors)
    _text(data, "description", errors, required=False)
    return errors


def validate_status(data: dict[str, Any]) -> list[FieldError]:
    errors: list[FieldError] = []
    for name in ("name", "statusGroupId"):
        _text(data, name, errors)
    icon = data.get("icon")
    if not isinstance(icon, str) or not (ICON_PATTERN.match(icon) or icon in BUILT_IN_ICONS):
        errors.append(
            FieldError(
                "/data/icon",
                "must look like faBookOpen:light (fa + PascalCase + :solid|regular|light|brands) or be polisNotHome",
            )
        )
    for name in ("pinColor", "iconColor"):
        if not isinstance(data.get(name), str) or not HEX_COLOR.match(data[name]):
            errors.append(FieldError(f"/data/{name}", "must be a hex colour like #01B5D6"))
    if data.get("contactState") not in CONTACT_STATES:
        errors.append(
            FieldError("/data/contactState", f"must be one of {', '.join(CONTACT_STATES)}")
        )
    _flag(data, "defaultStatus", errors)
    return errors


def _read_only(data: dict[str, Any]) -> list[FieldError]:
    return []


@dataclass(frozen=True)
class ResourceSpec:
    """One collection: its meta.resource name, URL prefix, validation and write rules."""

    name: str
    prefix: str
    validate: Validator
    writable: bool = True
    with_tenant: bool = True


RESOURCES: dict[str, ResourceSpec] = {
    spec.name: spec
    for spec in (
        ResourceSpec("interactions", "/v2/interactions", validate_interaction_data),
        ResourceSpec("contacts", "/v2/contacts", validate_contact),
        ResourceSpec("households", "/v2/households", validate_household),
        ResourceSpec("notes", "/v2/notes", validate_note),
        ResourceSpec("surveys", "/v1/surveys", validate_survey),
        ResourceSpec("campaigns", "/v1/campaigns", validate_campaign),
        ResourceSpec("lists", "/v1/lists", validate_list),
        ResourceSpec("statuses", "/v1/statuses", validate_status),
        ResourceSpec(
            "status-groups", "/v1/status-groups", _read_only, writable=False, with_tenant=False
        ),
    )
}

# Documents the server holds but serves only through other routes.
INTERNAL_RESOURCES = (
    "addresses",
    "contact-households",
    "contact-household-lists",
    "contact-household-campaigns",
)
