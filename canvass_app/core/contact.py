"""A person added at the door: their details, the checks on them, and the contact document.

A canvasser who meets a new resident records a name (first and last, as the API's
``profile.name.anglican`` requires both) and, when offered, a phone, an email and the
language they prefer. ``person_problems`` says what is wrong, field by field, in words
(``Message``); ``contact_data`` writes the v3 contact ``data`` (api-notes §5.3) with
``primaryHouseholdId`` set, so the API's match on create (the five name fields plus the
household, §2.5) recognises a resend of the same person.

Until the server has given the person an id, visits refer to them by a *local
reference* (``local:<uuid>``): never a server id, never sent (``is_local_ref``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from canvass_app.core.errors import CanvassError
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message, MessageTemplate
from canvass_app.core.outbox import OutboxState, Visit
from canvass_app.core.walklist import Building, Contact, Household, WalklistEntry

LOCAL_REF_PREFIX = "local:"
MAX_NAME_LENGTH = 100
MAX_EMAIL_LENGTH = 254
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 7, 15  # E.164 allows at most 15
# The five name fields the API matches contacts on, besides primaryHouseholdId.
MATCH_NAME_FIELDS = ("title", "given", "middlename", "surname", "suffix")

NEED_GIVEN = QT_TRANSLATE_NOOP("Person", "Enter the person's first name.")
NEED_SURNAME = QT_TRANSLATE_NOOP(
    "Person", "Enter the person's last name too: the campaign's records need both names."
)
NAME_TOO_LONG = QT_TRANSLATE_NOOP("Person", "A name is at most {limit} characters.")
NAME_CONTROL = QT_TRANSLATE_NOOP("Person", "A name cannot hold control characters.")
PHONE_CHARACTERS = QT_TRANSLATE_NOOP(
    "Person", "A phone number holds digits, spaces, dashes, dots, brackets and one leading +."
)
PHONE_DIGITS = QT_TRANSLATE_NOOP(
    "Person", "A phone number has {low} to {high} digits; this one has {count}."
)
PHONE_TYPE = QT_TRANSLATE_NOOP("Person", "Pick the kind of phone from the list.")
EMAIL_SHAPE = QT_TRANSLATE_NOOP(
    "Person",
    "This email address is not complete: it needs a name, @ and a domain, like ana@example.org.",
)
EMAIL_TOO_LONG = QT_TRANSLATE_NOOP("Person", "An email address is at most {limit} characters.")
LANGUAGE_UNKNOWN = QT_TRANSLATE_NOOP("Person", "Pick the language from the list.")

# The kinds of phone the API knows (profile.phones[].phoneType), with their names.
PHONE_TYPES: tuple[tuple[str, MessageTemplate], ...] = (
    ("mobile", QT_TRANSLATE_NOOP("PhoneType", "Mobile")),
    ("home", QT_TRANSLATE_NOOP("PhoneType", "Home")),
    ("business", QT_TRANSLATE_NOOP("PhoneType", "Work")),
)

# Languages offered at the door (ISO 639-1, as profile.languages holds them): the ones
# most spoken at home in the places Canvass is used, then alphabetical by English name.
LANGUAGES: tuple[tuple[str, MessageTemplate], ...] = (
    ("en", QT_TRANSLATE_NOOP("Language", "English")),
    ("es", QT_TRANSLATE_NOOP("Language", "Spanish")),
    ("zh", QT_TRANSLATE_NOOP("Language", "Chinese")),
    ("ht", QT_TRANSLATE_NOOP("Language", "Haitian Creole")),
    ("pt", QT_TRANSLATE_NOOP("Language", "Portuguese")),
    ("vi", QT_TRANSLATE_NOOP("Language", "Vietnamese")),
    ("am", QT_TRANSLATE_NOOP("Language", "Amharic")),
    ("ar", QT_TRANSLATE_NOOP("Language", "Arabic")),
    ("bn", QT_TRANSLATE_NOOP("Language", "Bengali")),
    ("fr", QT_TRANSLATE_NOOP("Language", "French")),
    ("de", QT_TRANSLATE_NOOP("Language", "German")),
    ("el", QT_TRANSLATE_NOOP("Language", "Greek")),
    ("hi", QT_TRANSLATE_NOOP("Language", "Hindi")),
    ("it", QT_TRANSLATE_NOOP("Language", "Italian")),
    ("ja", QT_TRANSLATE_NOOP("Language", "Japanese")),
    ("km", QT_TRANSLATE_NOOP("Language", "Khmer")),
    ("ko", QT_TRANSLATE_NOOP("Language", "Korean")),
    ("fa", QT_TRANSLATE_NOOP("Language", "Persian")),
    ("pl", QT_TRANSLATE_NOOP("Language", "Polish")),
    ("ru", QT_TRANSLATE_NOOP("Language", "Russian")),
    ("so", QT_TRANSLATE_NOOP("Language", "Somali")),
    ("tl", QT_TRANSLATE_NOOP("Language", "Tagalog")),
    ("uk", QT_TRANSLATE_NOOP("Language", "Ukrainian")),
    ("ur", QT_TRANSLATE_NOOP("Language", "Urdu")),
)
LANGUAGE_NAMES: Mapping[str, MessageTemplate] = dict(LANGUAGES)

_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ().\-]+$")
# A domain label: letters (any script), digits, inner hyphens.
_DOMAIN_LABEL = re.compile(r"^[^\W_](?:[\w-]*[^\W_])?$")


def local_ref(local_contact_id: str) -> str:
    """How a visit names a person who has no server id yet."""
    return LOCAL_REF_PREFIX + local_contact_id


def is_local_ref(value: object) -> bool:
    return isinstance(value, str) and value.startswith(LOCAL_REF_PREFIX)


def local_contact_id_of(ref: str) -> str:
    """The local contact id inside a local reference (ValueError for anything else)."""
    if not is_local_ref(ref):
        raise ValueError(f"not a local contact reference: {ref!r}")
    return ref[len(LOCAL_REF_PREFIX) :]


@dataclass(frozen=True)
class PersonDetails:
    """What the canvasser types about a new person (empty text: not given)."""

    given: str
    surname: str
    phone: str = ""
    phone_type: str = "mobile"
    email: str = ""
    language: str = ""  # an ISO 639-1 code from LANGUAGES, or ""

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.given, self.surname) if part) or "(no name)"

    def cleaned(self) -> PersonDetails:
        """Spaces trimmed and runs of spaces made one, names in one Unicode form (so
        "José" typed two ways is one name to the API's match), email domain lowercased."""
        email = _clean_text(self.email)
        if "@" in email:
            local, _, domain = email.rpartition("@")
            email = f"{local}@{domain.lower()}"
        return PersonDetails(
            given=_clean_text(self.given),
            surname=_clean_text(self.surname),
            phone=_clean_text(self.phone),
            phone_type=self.phone_type.strip() or "mobile",
            email=email,
            language=self.language.strip().lower(),
        )


@dataclass(frozen=True)
class PersonProblem:
    """One problem with one field of the form: ``field`` is a ``PersonDetails`` name."""

    field: str
    message: Message


class PersonInvalid(CanvassError):
    """Details that cannot be saved; ``problems`` says why, field by field."""

    def __init__(self, problems: list[PersonProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in self.problems))


def _clean_text(value: str) -> str:
    # split() also turns tabs and line breaks (a paste) into single spaces
    return " ".join(unicodedata.normalize("NFC", value).split())


# Joiners stay allowed: Persian, Indic and emoji spellings need them in names.
_JOINERS = frozenset("\u200c\u200d")


def _has_control(value: str) -> bool:
    """Control, format (bidi overrides), private-use or unassigned characters."""
    return any(unicodedata.category(ch).startswith("C") and ch not in _JOINERS for ch in value)


def person_problems(details: PersonDetails) -> list[PersonProblem]:
    """Every problem with these details (checked as ``cleaned()`` will save them)."""
    problems: list[PersonProblem] = []
    details = details.cleaned()
    for name, value, missing in (
        ("given", details.given, NEED_GIVEN),
        ("surname", details.surname, NEED_SURNAME),
    ):
        if not value:
            problems.append(PersonProblem(name, missing.message()))
        elif len(value) > MAX_NAME_LENGTH:
            problems.append(PersonProblem(name, NAME_TOO_LONG.with_args(limit=MAX_NAME_LENGTH)))
        elif _has_control(value):
            problems.append(PersonProblem(name, NAME_CONTROL.message()))
    if details.phone:
        digits = sum(ch.isdigit() for ch in details.phone)
        if not _PHONE_CHARACTERS.match(details.phone):
            problems.append(PersonProblem("phone", PHONE_CHARACTERS.message()))
        elif not MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS:
            problems.append(
                PersonProblem(
                    "phone",
                    PHONE_DIGITS.with_args(
                        low=MIN_PHONE_DIGITS, high=MAX_PHONE_DIGITS, count=digits
                    ),
                )
            )
    if details.phone_type not in dict(PHONE_TYPES):
        problems.append(PersonProblem("phone_type", PHONE_TYPE.message()))
    if details.email:
        if len(details.email) > MAX_EMAIL_LENGTH:
            problems.append(
                PersonProblem("email", EMAIL_TOO_LONG.with_args(limit=MAX_EMAIL_LENGTH))
            )
        elif not _email_shape_ok(details.email):
            problems.append(PersonProblem("email", EMAIL_SHAPE.message()))
    if details.language and details.language not in LANGUAGE_NAMES:
        problems.append(PersonProblem("language", LANGUAGE_UNKNOWN.message()))
    return problems


def _email_shape_ok(email: str) -> bool:
    """One @, a name before it (no spaces), a domain of two or more labels after it."""
    local, at, domain = email.rpartition("@")
    if not at or not local or "@" in local or len(local) > 64:
        return False
    if any(ch.isspace() for ch in email) or _has_control(email):
        return False
    labels = domain.split(".")
    return len(labels) >= 2 and all(_DOMAIN_LABEL.match(label) for label in labels)


def checked_person(details: PersonDetails) -> PersonDetails:
    """The cleaned details, or PersonInvalid naming every problem."""
    problems = person_problems(details)
    if problems:
        raise PersonInvalid(problems)
    return details.cleaned()


def contact_data(details: PersonDetails, household_id: str) -> dict[str, Any]:
    """The v3 contact ``data`` for these (checked) details, living at ``household_id``."""
    profile: dict[str, Any] = {
        "name": {"anglican": {"given": details.given, "surname": details.surname}}
    }
    if details.phone:
        profile["phones"] = [
            {"phone": details.phone, "phoneType": details.phone_type, "active": True,
             "primary": True}
        ]  # fmt: skip
    if details.email:
        profile["emails"] = [{"email": details.email, "active": True, "primary": True}]
    if details.language:
        profile["languages"] = [details.language]
    return {"profile": profile, "fields": {}, "primaryHouseholdId": household_id}


def details_from_data(data: Mapping[str, Any]) -> PersonDetails:
    """The form's fields back from a contact ``data`` written by ``contact_data``."""
    profile = _child(data, "profile")
    anglican = _child(_child(profile, "name"), "anglican")
    phone = _first(profile.get("phones"))
    email = _first(profile.get("emails"))
    languages = profile.get("languages")
    language = languages[0] if isinstance(languages, list) and languages else ""
    return PersonDetails(
        given=str(anglican.get("given") or ""),
        surname=str(anglican.get("surname") or ""),
        phone=str(phone.get("phone") or ""),
        phone_type=str(phone.get("phoneType") or "mobile"),
        email=str(email.get("email") or ""),
        language=str(language) if isinstance(language, str) else "",
    )


def match_key(data: Mapping[str, Any]) -> tuple[Any, ...]:
    """What the API matches a contact create on (api-notes §2.5): the five name fields
    (empty as None) and ``primaryHouseholdId``."""
    anglican = _child(_child(_child(data, "profile"), "name"), "anglican")
    names = tuple(anglican.get(part) or None for part in MATCH_NAME_FIELDS)
    return (*names, data.get("primaryHouseholdId"))


def _child(parent: Any, name: str) -> dict[str, Any]:
    value = parent.get(name) if isinstance(parent, Mapping) else None
    return value if isinstance(value, dict) else {}


def _first(items: Any) -> dict[str, Any]:
    if isinstance(items, list) and items and isinstance(items[0], dict):
        return items[0]
    return {}


# --- a person added on this laptop, and the requests that put them on the server ---------


class ContactOpKind(StrEnum):
    """The requests a person added here needs, in this order, each once."""

    CREATE = "contact_create"  # POST /v2/contacts
    LINK = "contact_link"  # PUT /v2/contacts/{contactId}/households/{householdId}


@dataclass(frozen=True)
class LocalContact:
    """A person added on this laptop, as the device knows them."""

    local_contact_id: str
    canvasser: str
    walklist_id: str | None
    campaign_id: str | None
    household_id: str
    address_line: str
    unit: str
    display_name: str
    data: dict[str, Any]  # the contact data as last known locally
    server_id: str | None  # the contact's id on the server, once it answered
    link_id: str | None  # the contact-household id, once the link was made
    state: OutboxState  # of the first unfinished request, else sent
    last_error: str | None
    created_at: str
    updated_at: str

    @property
    def ref(self) -> str:
        return local_ref(self.local_contact_id)

    @property
    def details(self) -> PersonDetails:
        return details_from_data(self.data)

    @property
    def on_server(self) -> bool:
        """Contact and link both made: visits can name the server's ids."""
        return self.server_id is not None and self.link_id is not None

    @property
    def contact_id(self) -> str:
        """The contactId a visit to this person carries now (the server's once known)."""
        return self.server_id or self.ref

    @property
    def contact_household_id(self) -> str:
        """The contactHouseholdId a visit carries now (the link's id once made)."""
        return self.link_id or self.ref


@dataclass(frozen=True)
class ContactOp:
    """One request of a person added here (create, then link)."""

    op_id: int
    local_contact_id: str
    kind: ContactOpKind
    payload: Any  # create: the contact data; link: {"householdId": ...}
    state: OutboxState
    attempts: int
    next_attempt_at: str
    lease_owner: str | None
    lease_expires_at: str | None
    last_status: int | None
    last_error: str | None
    created_at: str
    updated_at: str


# --- on the walklist ----------------------------------------------------------------------


def walklist_entry(person: LocalContact, household: Household) -> WalklistEntry:
    """The person as the walklist shows them: under their household, marked as added
    here, known by their local reference for as long as this laptop has them (their
    visits name the server's ids once known; ``person_key`` maps those back)."""
    details = person.details
    return WalklistEntry(
        contact_household_id=person.ref,
        contact=Contact(
            id=person.ref,
            given=details.given,
            surname=details.surname,
            phones=(details.phone,) if details.phone else (),
            emails=(details.email,) if details.email else (),
        ),
        household=household,
        local_contact_id=person.local_contact_id,
    )


def place_added_people(
    buildings: list[Building], people: Sequence[LocalContact]
) -> list[WalklistEntry]:
    """Put each person added here at their household's door (after the people on the
    list); the entries placed. A person the downloaded list also holds (the same server
    id at that door: the office put them on it) is shown once, as added here, so their
    visits stay with them."""
    doors = {
        door.entries[0].household.id: (door, door.entries[0].household)
        for building in buildings
        for door in building.doors
        if door.entries
    }
    placed: list[WalklistEntry] = []
    for person in people:
        found = doors.get(person.household_id)
        if found is None:
            continue  # their household is not on this walklist
        door, household = found
        if person.server_id is not None:
            door.entries[:] = [e for e in door.entries if e.contact.id != person.server_id]
        entry = walklist_entry(person, household)
        door.entries.append(entry)
        placed.append(entry)
    return placed


def person_key(visit: Visit) -> str:
    """The id the walklist knows a visit's person by: a person added here by their local
    reference (whatever ids their visits name on the server), anyone else by contact id."""
    if visit.local_contact_id is not None:
        return local_ref(visit.local_contact_id)
    return visit.contact_id
