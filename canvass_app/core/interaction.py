"""The interaction document and its ``data``, exactly as the interactions page defines it.

The page is ``polis-api/interactions-v2.md``: an envelope (``id``, ``securityGroupId``,
``customerId``, ``data``, ``meta``) around ``data`` (campaign, contact, household, knock
time, survey responses, location, outcome flags). Unknown keys are kept everywhere: the
server may add fields (``turfId``, ...) and a round trip must not lose them.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeGuard

from canvass_app.core.errors import FieldError, ValidationError

JsonDict = dict[str, Any]


@dataclass(frozen=True)
class FieldSpec:
    """One attribute of an object on the interactions page."""

    required: bool
    types: tuple[type, ...]
    description: str


_NUMBER: tuple[type, ...] = (int, float)
_NONE: type = type(None)

ENVELOPE_FIELDS: dict[str, FieldSpec] = {
    "id": FieldSpec(True, (str,), "Unique identifier for this object."),
    "securityGroupId": FieldSpec(True, (str,), "Security group of this resource."),
    "customerId": FieldSpec(True, (str,), "Customer to which this resource belongs."),
    "data": FieldSpec(True, (dict,), "Interaction data."),
    "meta": FieldSpec(False, (dict,), "Metadata: etag, created, modified, ..."),
}

# Order follows the page's POST example, so a built body reads like the page.
DATA_FIELDS: dict[str, FieldSpec] = {
    "campaignId": FieldSpec(
        True, (str,), "Identifier of the campaign with which this interaction is associated."
    ),
    "contactId": FieldSpec(
        True, (str,), "Identifier of the contact with whom this interaction occurred."
    ),
    "householdId": FieldSpec(
        True, (str,), "Identifier of the household where this interaction occurred."
    ),
    "contactHouseholdId": FieldSpec(True, (str,), "Identifier of the contact-household."),
    "timestamp": FieldSpec(True, (str,), "Timestamp of this interaction."),
    "unavailable": FieldSpec(True, (bool,), "Flag indicating whether the contact was unavailable."),
    "unavailableReason": FieldSpec(
        False, (str, _NONE), "Reason specifying why the contact was unavailable."
    ),
    "successful": FieldSpec(
        False, (bool,), "Flag indicating whether this interaction was successful."
    ),
    "survey": FieldSpec(True, (dict,), "The survey data."),
    "location": FieldSpec(False, (dict,), "Location data."),
    "distance": FieldSpec(
        False,
        _NUMBER,
        "Distance between canvasser's location and household location in miles. "
        "For fraud detection.",
    ),
    "statusId": FieldSpec(False, (str, _NONE), "Identifier of the status of this interaction."),
    "walklistId": FieldSpec(
        False,
        (str, _NONE),
        "Identifier of the walklist route under which the contact was reserved.",
    ),
}

SURVEY_FIELDS: dict[str, FieldSpec] = {
    "surveyId": FieldSpec(True, (str,), "Identifier of the survey."),
    "responses": FieldSpec(False, (dict,), "Response recorded for the survey questions."),
}

LOCATION_FIELDS: dict[str, FieldSpec] = {
    "lat": FieldSpec(
        False, _NUMBER, "Coordinate specifying north-south position of this location on Earth."
    ),
    "lng": FieldSpec(
        False, _NUMBER, "Coordinate specifying east-west position of this location on Earth."
    ),
    "confidence": FieldSpec(
        False, _NUMBER, "Quantitative accuracy of the location coordinates (metres)."
    ),
}

META_FIELDS: dict[str, FieldSpec] = {
    "etag": FieldSpec(False, (str,), "Concurrency token; send it back on PATCH and DELETE."),
    "created": FieldSpec(False, (str,), "When the document was created (ISO-8601 UTC)."),
    "modified": FieldSpec(False, (str,), "When the document was last changed (ISO-8601 UTC)."),
    "resource": FieldSpec(False, (str,), "Collection name, e.g. interactions."),
    "createdBy": FieldSpec(False, (str,), "Id of the user who created the document."),
    "isDeleted": FieldSpec(False, (bool,), "Soft-delete flag."),
    "modifiedBy": FieldSpec(False, (str,), "Id of the user who last changed the document."),
}

_TYPE_WORDS: dict[type, str] = {
    str: "a string",
    bool: "true or false",
    int: "a number",
    float: "a number",
    dict: "an object",
    list: "a list",
    _NONE: "null",
}

_TIMESTAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$")


# --- timestamps ---------------------------------------------------------------------------


def format_timestamp(dt: datetime) -> str:
    """``2018-07-17T18:40:53.526Z``: UTC, milliseconds (truncated), a ``Z`` suffix."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("a knock time must be timezone-aware; got a naive datetime")
    utc = dt.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def parse_timestamp(text: object) -> datetime:
    """Parse an ISO-8601 UTC timestamp ending in ``Z`` into an aware UTC datetime."""
    if not isinstance(text, str):
        raise ValidationError(
            FieldError(
                "timestamp",
                f"must be a string like 2018-07-17T18:40:53.526Z, got {_describe(text)}",
            )
        )
    if not _TIMESTAMP_RE.match(text):
        raise ValidationError(
            FieldError(
                "timestamp",
                f"{text!r} is not an ISO-8601 UTC time like 2018-07-17T18:40:53.526Z",
            )
        )
    main, _, rest = text[:-1].partition(".")
    micros = int((rest + "000000")[:6]) if rest else 0
    try:
        # The pattern above fixed the shape; fromisoformat checks the date is real and is
        # ten times faster than strptime (every save parses its knock time).
        parsed = datetime.fromisoformat(main)
    except ValueError as exc:
        raise ValidationError(
            FieldError("timestamp", f"{text!r} is not a real date and time ({exc})")
        ) from None
    return parsed.replace(microsecond=micros, tzinfo=UTC)


def now_timestamp() -> str:
    """The current time as the API writes it."""
    return format_timestamp(datetime.now(UTC))


# --- validation ---------------------------------------------------------------------------


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the string {value!r}" if len(value) <= 40 else "a string"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _type_ok(value: object, types: tuple[type, ...]) -> bool:
    # bool is an int in Python; a flag is never a number and a number never a flag.
    if isinstance(value, bool):
        return bool in types
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return isinstance(value, types)


def _expect(types: tuple[type, ...]) -> str:
    words: list[str] = []
    for kind in types:
        word = _TYPE_WORDS.get(kind, kind.__name__)
        if word not in words:
            words.append(word)
    return " or ".join(words)


def _check_fields(
    obj: Mapping[str, Any], specs: Mapping[str, FieldSpec], prefix: str
) -> list[FieldError]:
    errors: list[FieldError] = []
    for name, spec in specs.items():
        pointer = f"{prefix}/{name}"
        if name not in obj:
            if spec.required:
                errors.append(FieldError(pointer, "is required but missing"))
            continue
        value = obj[name]
        if not _type_ok(value, spec.types):
            errors.append(
                FieldError(pointer, f"must be {_expect(spec.types)}, got {_describe(value)}")
            )
    return errors


def _is_number(value: object) -> TypeGuard[float]:
    return _type_ok(value, _NUMBER)


def validate_data(data: object, prefix: str = "/data") -> list[FieldError]:
    """Every problem with an interaction ``data`` object; an empty list when it is valid.

    Fields are named as JSON pointers from the document root (``/data/timestamp``);
    pass ``prefix=""`` for pointers relative to ``data``.
    """
    if not isinstance(data, dict):
        return [FieldError(prefix or "/", f"must be an object, got {_describe(data)}")]
    errors = _check_fields(data, DATA_FIELDS, prefix)
    for name in ("campaignId", "contactId", "householdId", "contactHouseholdId"):
        if isinstance(data.get(name), str) and not data[name].strip():
            errors.append(FieldError(f"{prefix}/{name}", "must not be empty"))

    timestamp = data.get("timestamp")
    if isinstance(timestamp, str):
        try:
            parse_timestamp(timestamp)
        except ValidationError as exc:
            errors.append(FieldError(f"{prefix}/timestamp", exc.errors[0].message))

    survey = data.get("survey")
    if isinstance(survey, dict):
        errors.extend(_check_survey(survey, f"{prefix}/survey"))

    location = data.get("location")
    if isinstance(location, dict):
        errors.extend(_check_location(location, f"{prefix}/location"))

    distance = data.get("distance")
    if _is_number(distance) and distance < 0:
        errors.append(
            FieldError(f"{prefix}/distance", f"must be 0 or more miles, got {distance!r}")
        )
    return errors


def _check_survey(survey: Mapping[str, Any], prefix: str) -> list[FieldError]:
    errors = _check_fields(survey, SURVEY_FIELDS, prefix)
    responses = survey.get("responses")
    if not isinstance(responses, dict):
        return errors
    for question_id, response in responses.items():
        pointer = f"{prefix}/responses/{_escape(question_id)}"
        if not isinstance(response, dict):
            errors.append(
                FieldError(
                    pointer,
                    f"must be an object with questionId and fields, got {_describe(response)}",
                )
            )
            continue
        if "questionId" not in response:
            errors.append(FieldError(f"{pointer}/questionId", "is required but missing"))
        elif response["questionId"] != question_id:
            errors.append(
                FieldError(
                    f"{pointer}/questionId",
                    f"must equal the key it is stored under ({question_id!r}), "
                    f"got {_describe(response['questionId'])}",
                )
            )
        if "fields" not in response:
            errors.append(FieldError(f"{pointer}/fields", "is required but missing"))
        elif not isinstance(response["fields"], dict):
            errors.append(
                FieldError(
                    f"{pointer}/fields",
                    f"must be an object keyed by question tag, got {_describe(response['fields'])}",
                )
            )
    return errors


def _check_location(location: Mapping[str, Any], prefix: str) -> list[FieldError]:
    errors = _check_fields(location, LOCATION_FIELDS, prefix)
    lat, lng, confidence = location.get("lat"), location.get("lng"), location.get("confidence")
    if _is_number(lat) and not -90 <= lat <= 90:
        errors.append(FieldError(f"{prefix}/lat", f"must be between -90 and 90, got {lat!r}"))
    if _is_number(lng) and not -180 <= lng <= 180:
        errors.append(FieldError(f"{prefix}/lng", f"must be between -180 and 180, got {lng!r}"))
    if _is_number(confidence) and confidence < 0:
        errors.append(FieldError(f"{prefix}/confidence", f"must be 0 or more, got {confidence!r}"))
    return errors


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def require_valid_data(data: object) -> JsonDict:
    """``data`` itself when valid; otherwise a ValidationError listing every problem."""
    errors = validate_data(data)
    if errors:
        raise ValidationError(errors)
    assert isinstance(data, dict)
    return data


# --- the document -------------------------------------------------------------------------


@dataclass
class Interaction:
    """One interaction document as the server returns it."""

    id: str
    customer_id: str
    security_group_id: str
    data: JsonDict
    meta: JsonDict = field(default_factory=dict)
    extra: JsonDict = field(default_factory=dict)
    # Whether the document had a meta key, so a round trip neither adds nor drops it.
    has_meta: bool = field(default=True, repr=False, compare=False)

    @property
    def etag(self) -> str | None:
        value = self.meta.get("etag")
        return value if isinstance(value, str) else None

    @property
    def is_deleted(self) -> bool:
        return self.meta.get("isDeleted") is True

    def to_document(self) -> JsonDict:
        """The document as it came in: ``parse_interaction(doc).to_document() == doc``."""
        doc: JsonDict = {"id": self.id, "data": copy.deepcopy(self.data)}
        if self.has_meta or self.meta:
            doc["meta"] = copy.deepcopy(self.meta)
        doc["customerId"] = self.customer_id
        doc["securityGroupId"] = self.security_group_id
        for key, value in self.extra.items():
            doc[key] = copy.deepcopy(value)
        return doc


def parse_interaction(
    doc: object, *, check_data: bool = True, copy_values: bool = True
) -> Interaction:
    """Read an interaction document; a ValidationError names every wrong field.

    ``check_data=False`` checks only the envelope (for documents the server wrote that
    the client must keep even if they bend the contract). ``copy_values=False`` when the
    caller hands over a document nobody else holds (JSON just decoded): the interaction
    takes its values as they are instead of copying them (a third of the client's CPU
    per visit sent, benchmark B2).
    """
    if not isinstance(doc, dict):
        raise ValidationError(
            FieldError("/", f"an interaction must be a JSON object, got {_describe(doc)}")
        )
    errors = _check_fields(doc, ENVELOPE_FIELDS, "")
    for name in ("id", "customerId", "securityGroupId"):
        if isinstance(doc.get(name), str) and not doc[name].strip():
            errors.append(FieldError(f"/{name}", "must not be empty"))
    if check_data and isinstance(doc.get("data"), dict):
        errors.extend(validate_data(doc["data"]))
    if errors:
        raise ValidationError(errors)
    take = copy.deepcopy if copy_values else _as_is
    extra = {key: take(value) for key, value in doc.items() if key not in ENVELOPE_FIELDS}
    return Interaction(
        id=doc["id"],
        customer_id=doc["customerId"],
        security_group_id=doc["securityGroupId"],
        data=take(doc["data"]),
        meta=take(doc.get("meta", {})),
        extra=extra,
        has_meta="meta" in doc,
    )


def post_body(data: Mapping[str, Any]) -> JsonDict:
    """The flat POST body of the interactions page: the fields of ``data`` at top level.

    The body shares its values with ``data`` (it is made to be encoded at once): do not
    change one through the other. Raises ValidationError when ``data`` is not valid.
    """
    checked = require_valid_data(dict(data))
    body: JsonDict = {name: checked[name] for name in DATA_FIELDS if name in checked}
    for name, value in checked.items():
        body.setdefault(name, value)
    return body


def _as_is(value: Any) -> Any:
    return value


def data_from_post_body(body: object) -> JsonDict:
    """The interaction ``data`` from a POST body, flat (the page's example) or ``{"data": {...}}``.

    Only the shape is decided here; call ``require_valid_data`` to check the fields.
    """
    if not isinstance(body, dict):
        raise ValidationError(
            FieldError("/", f"the request body must be a JSON object, got {_describe(body)}")
        )
    if "data" in body:
        inner = body["data"]
        if not isinstance(inner, dict):
            raise ValidationError(
                FieldError(
                    "/data", f"must be an object of interaction fields, got {_describe(inner)}"
                )
            )
        return copy.deepcopy(inner)
    if any(name in body for name in DATA_FIELDS):
        return copy.deepcopy(body)
    raise ValidationError(
        FieldError(
            "/",
            "the body is neither an interaction (campaignId, contactId, ... at top level) "
            'nor {"data": {...}}',
        )
    )


def natural_key(data: Mapping[str, Any]) -> tuple[str, str, str]:
    """(contactId, timestamp, campaignId): how a create is found again after a lost answer."""
    errors: list[FieldError] = []
    for name in ("contactId", "timestamp", "campaignId"):
        if not isinstance(data.get(name), str) or not data[name]:
            errors.append(
                FieldError(f"/data/{name}", "is required to find the visit on the server")
            )
    if errors:
        raise ValidationError(errors)
    return (data["contactId"], data["timestamp"], data["campaignId"])
