"""The walklist: contacts, households, addresses, grouping into doors, and walk order.

The walklist is downloaded from ``GET /v1/lists/{id}/contact-households``, whose items are
expanded contact-household documents (api-notes §5.3–5.5)::

    {id, data: {contact: <contact doc>, household: <household doc>}, meta}

with the household carrying its address as ``address: {id, data: {streetName, number,
city, state, postalCode, coords: {lat, lng}}}``. Several people at one door are one
door; several doors (units) at one address are one building.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from canvass_app.core.errors import FieldError, WalklistError
from canvass_app.core.geo import distance_miles

_LEADING_DIGITS = re.compile(r"\s*(\d+)")


def _street_side(house_number: int | None) -> str:
    if house_number is None:
        return ""
    return "odd" if house_number % 2 else "even"


@dataclass(frozen=True)
class Address:
    id: str
    number: str
    street_name: str
    city: str
    state: str
    postal_code: str
    lat: float | None = None
    lng: float | None = None

    @property
    def line(self) -> str:
        """``12 Elm Street``."""
        return f"{self.number} {self.street_name}".strip()

    @property
    def house_number(self) -> int | None:
        """The numeric part of the house number (``12A`` → 12), or None."""
        match = _LEADING_DIGITS.match(self.number)
        return int(match.group(1)) if match else None

    @property
    def street_side(self) -> str:
        """``odd`` or ``even`` by house number; ``""`` when there is no number."""
        return _street_side(self.house_number)

    @property
    def has_coords(self) -> bool:
        return self.lat is not None and self.lng is not None


@dataclass(frozen=True)
class Household:
    id: str
    unit_num: str
    address: Address


@dataclass(frozen=True)
class Contact:
    id: str
    given: str = ""
    surname: str = ""
    middlename: str = ""
    title: str = ""
    suffix: str = ""
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    notes: str = ""

    @property
    def display_name(self) -> str:
        parts = [self.title, self.given, self.middlename, self.surname, self.suffix]
        name = " ".join(part.strip() for part in parts if part and part.strip())
        return name or "(no name)"


@dataclass(frozen=True)
class WalklistEntry:
    contact_household_id: str
    contact: Contact
    household: Household


# --- parsing ------------------------------------------------------------------------------


class _Reader:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def obj(self, parent: Mapping[str, Any], key: str, at: str) -> Mapping[str, Any] | None:
        value = parent.get(key)
        if not isinstance(value, dict):
            what = "is missing" if value is None else "must be an object"
            self.errors.append(FieldError(f"{at}/{key}", what))
            return None
        return value

    def text(
        self,
        parent: Mapping[str, Any],
        key: str,
        at: str,
        *,
        required: bool = False,
        allow_number: bool = False,
    ) -> str:
        value = parent.get(key)
        if value is None:
            if required:
                self.errors.append(FieldError(f"{at}/{key}", "is required but missing"))
            return ""
        # House and unit numbers sometimes arrive as JSON numbers; ids and names never do.
        kinds = (str, int) if allow_number else (str,)
        if isinstance(value, bool) or not isinstance(value, kinds):
            self.errors.append(FieldError(f"{at}/{key}", "must be a string"))
            return ""
        text = str(value).strip()
        if required and not text:
            self.errors.append(FieldError(f"{at}/{key}", "must not be empty"))
        return text

    def coordinate(
        self, coords: Mapping[str, Any], key: str, at: str, limit: float
    ) -> float | None:
        value = coords.get(key)
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or not -limit <= value <= limit
        ):
            self.errors.append(FieldError(f"{at}/{key}", f"must be a number within ±{limit:g}"))
            return None
        return float(value)


def _parse_address(reader: _Reader, raw: Mapping[str, Any], at: str) -> Address:
    address_id = reader.text(raw, "id", at, required=True)
    data = reader.obj(raw, "data", at)
    if data is None:
        return Address(address_id, "", "", "", "", "")
    at_data = f"{at}/data"
    lat = lng = None
    coords = data.get("coords")
    if coords is not None:
        if not isinstance(coords, dict):
            reader.errors.append(
                FieldError(f"{at_data}/coords", "must be an object with lat and lng")
            )
        else:
            lat = reader.coordinate(coords, "lat", f"{at_data}/coords", 90)
            lng = reader.coordinate(coords, "lng", f"{at_data}/coords", 180)
            if (lat is None) != (lng is None):
                lat = lng = None  # half a position is no position
    return Address(
        id=address_id,
        number=reader.text(data, "number", at_data, allow_number=True),
        street_name=reader.text(data, "streetName", at_data, required=True),
        city=reader.text(data, "city", at_data),
        state=reader.text(data, "state", at_data),
        postal_code=reader.text(data, "postalCode", at_data, allow_number=True),
        lat=lat,
        lng=lng,
    )


def _strings(items: object, key: str) -> tuple[str, ...]:
    """``[{"phone": "555"}, "556"]`` → ``("555", "556")``; anything else is skipped."""
    found: list[str] = []
    if isinstance(items, list):
        for item in items:
            value = item.get(key) if isinstance(item, dict) else item
            if isinstance(value, str) and value.strip():
                found.append(value.strip())
    return tuple(found)


def _parse_contact(reader: _Reader, raw: Mapping[str, Any], at: str) -> Contact:
    contact_id = reader.text(raw, "id", at, required=True)
    data = reader.obj(raw, "data", at)
    if data is None:
        return Contact(id=contact_id)
    at_data = f"{at}/data"
    profile = data.get("profile", {})
    if not isinstance(profile, dict):
        reader.errors.append(FieldError(f"{at_data}/profile", "must be an object"))
        profile = {}
    name = profile.get("name", {})
    anglican = name.get("anglican", {}) if isinstance(name, dict) else None
    if not isinstance(anglican, dict):
        reader.errors.append(
            FieldError(
                f"{at_data}/profile/name/anglican", "must be an object with given and surname"
            )
        )
        anglican = {}
    at_name = f"{at_data}/profile/name/anglican"
    notes = data.get("notes", "")
    if not isinstance(notes, str):
        reader.errors.append(FieldError(f"{at_data}/notes", "must be a string"))
        notes = ""
    return Contact(
        id=contact_id,
        given=reader.text(anglican, "given", at_name),
        surname=reader.text(anglican, "surname", at_name),
        middlename=reader.text(anglican, "middlename", at_name),
        title=reader.text(anglican, "title", at_name),
        suffix=reader.text(anglican, "suffix", at_name),
        phones=_strings(profile.get("phones"), "phone"),
        emails=_strings(profile.get("emails"), "email"),
        notes=notes,
    )


def _parse_household(reader: _Reader, raw: Mapping[str, Any], at: str) -> Household:
    household_id = reader.text(raw, "id", at, required=True)
    data = reader.obj(raw, "data", at)
    empty = Address("", "", "", "", "", "")
    if data is None:
        return Household(household_id, "", empty)
    at_data = f"{at}/data"
    # The expanded form embeds the address in data; tolerate it beside data too.
    if isinstance(data.get("address"), dict):
        address = _parse_address(reader, data["address"], f"{at_data}/address")
    elif isinstance(raw.get("address"), dict):
        address = _parse_address(reader, raw["address"], f"{at}/address")
    else:
        reader.errors.append(
            FieldError(f"{at_data}/address", "the household has no embedded address {id, data}")
        )
        address = empty
    return Household(
        household_id, reader.text(data, "unitNum", at_data, allow_number=True), address
    )


def parse_contact_household(doc: object) -> WalklistEntry:
    """One walklist entry from an expanded contact-household document.

    Raises WalklistError naming every malformed field (as JSON pointers).
    """
    if not isinstance(doc, dict):
        raise WalklistError(FieldError("/", "a walklist entry must be a JSON object"))
    reader = _Reader()
    entry_id = reader.text(doc, "id", "", required=True)
    data = reader.obj(doc, "data", "")
    contact = Contact(id="")
    household = Household("", "", Address("", "", "", "", "", ""))
    if data is not None:
        raw_contact = reader.obj(data, "contact", "/data")
        raw_household = reader.obj(data, "household", "/data")
        if raw_contact is not None:
            contact = _parse_contact(reader, raw_contact, "/data/contact")
        if raw_household is not None:
            household = _parse_household(reader, raw_household, "/data/household")
    if reader.errors:
        raise WalklistError(reader.errors)
    return WalklistEntry(contact_household_id=entry_id, contact=contact, household=household)


# --- compact rows for the offline cache -------------------------------------------------------
#
# A walklist is validated once, when it is downloaded, and kept as one row per person, so
# opening 50,000 households reads small arrays instead of re-checking every document.


def entry_to_row(entry: WalklistEntry) -> list[Any]:
    """A validated entry as a flat JSON-able row (the inverse of ``entries_from_rows``)."""
    contact, household = entry.contact, entry.household
    address = household.address
    return [
        entry.contact_household_id,
        contact.id, contact.given, contact.surname, contact.middlename, contact.title,
        contact.suffix, list(contact.phones), list(contact.emails), contact.notes,
        household.id, household.unit_num,
        address.id, address.number, address.street_name, address.city, address.state,
        address.postal_code, address.lat, address.lng,
    ]  # fmt: skip


def _row_contact(row: Sequence[Any]) -> Contact:
    """The contact of an ``entry_to_row`` row (its fields 1-9)."""
    contact_id, given, surname, middlename, title, suffix, phones, emails, notes = row[1:10]
    return Contact(
        contact_id, given, surname, middlename, title, suffix, tuple(phones), tuple(emails), notes
    )


def entries_from_rows(rows: Iterable[Sequence[Any]]) -> list[WalklistEntry]:
    """Entries from ``entry_to_row`` rows; people of one household share its objects."""
    addresses: dict[str, Address] = {}
    households: dict[str, Household] = {}
    entries: list[WalklistEntry] = []
    for row in rows:
        (household_id, unit_num, address_id, number, street_name, city, state, postal_code,
         lat, lng) = row[10:]  # fmt: skip
        address = addresses.get(address_id)
        if address is None:
            address = Address(address_id, number, street_name, city, state, postal_code, lat, lng)
            addresses[address_id] = address
        household = households.get(household_id)
        if household is None:
            household = Household(household_id, unit_num, address)
            households[household_id] = household
        entries.append(WalklistEntry(row[0], _row_contact(row), household))
    return entries


def walk_order_rows(entries: Iterable[WalklistEntry]) -> list[list[Any]]:
    """``entry_to_row`` rows building by building, door by door, in walk order: what
    ``buildings_from_rows`` reads back with no grouping or sorting (done once, at download)."""
    return [
        entry_to_row(entry)
        for building in walk_order(group_doors(entries))
        for door in building.doors
        for entry in door.entries
    ]


def buildings_from_rows(rows: Iterable[Sequence[Any]]) -> list[Building]:
    """The buildings, in walk order, of ``walk_order_rows`` rows: a building starts where
    the address changes, a door where the household does."""
    buildings: list[Building] = []
    building: Building | None = None
    door: Door | None = None
    household: Household | None = None
    for row in rows:
        (household_id, unit_num, address_id, number, street_name, city, state, postal_code,
         lat, lng) = row[10:]  # fmt: skip
        if building is None or address_id != building.address.id:
            address = Address(address_id, number, street_name, city, state, postal_code, lat, lng)
            building = Building(address)
            buildings.append(building)
            door = None
        if door is None or household is None or household_id != household.id:
            household = Household(household_id, unit_num, building.address)
            door = Door(building.address, unit_num)
            building.doors.append(door)
        door.entries.append(WalklistEntry(row[0], _row_contact(row), household))
    return buildings


# --- doors and buildings ------------------------------------------------------------------


@dataclass
class Door:
    """One household: a unit at an address, and the people on the list who live there."""

    address: Address
    unit_num: str
    entries: list[WalklistEntry] = field(default_factory=list)

    @property
    def household_id(self) -> str:
        return self.entries[0].household.id if self.entries else ""

    @property
    def label(self) -> str:
        return f"{self.address.line} #{self.unit_num}" if self.unit_num else self.address.line


@dataclass
class Building:
    """One address and its doors (units)."""

    address: Address
    doors: list[Door] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.address.id

    @property
    def entries(self) -> list[WalklistEntry]:
        return [entry for door in self.doors for entry in door.entries]


@functools.lru_cache(maxsize=4096)  # unit and house numbers repeat across a list
def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key for unit and house numbers: ``2`` < ``10`` < ``10A`` < ``B``."""
    parts: list[tuple[int, int | str]] = []
    for chunk in re.split(r"(\d+)", text.strip().casefold()):
        if not chunk:
            continue
        parts.append((0, int(chunk)) if chunk.isdigit() else (1, chunk))
    return tuple(parts)


def _address_key(address: Address) -> str:
    if address.id:
        return address.id
    return "|".join(
        (address.line.casefold(), address.city.casefold(), address.postal_code.casefold())
    )


def group_doors(entries: Iterable[WalklistEntry]) -> list[Building]:
    """Entries grouped address → unit (household) → person, in first-seen order."""
    buildings: dict[str, Building] = {}
    doors: dict[tuple[str, str], Door] = {}
    for entry in entries:
        household = entry.household
        address = household.address
        building_key = _address_key(address)
        building = buildings.get(building_key)
        if building is None:
            building = buildings[building_key] = Building(address)
        door_key = (building_key, household.id or household.unit_num)
        door = doors.get(door_key)
        if door is None:
            door = doors[door_key] = Door(address, household.unit_num)
            building.doors.append(door)
        door.entries.append(entry)
    return list(buildings.values())


_SIDE_ORDER = {"odd": 0, "even": 1, "": 2}


def walk_order(buildings: Sequence[Building]) -> list[Building]:
    """Street name, then side (odd, then even), then house number, units in natural order."""

    def key(building: Building) -> tuple[Any, ...]:
        address = building.address
        number = address.house_number
        return (
            address.street_name.casefold(),
            address.city.casefold(),
            _SIDE_ORDER[_street_side(number)],
            number if number is not None else math.inf,
            natural_key(address.number),
            address.id,
        )

    ordered: list[Building] = []
    for building in sorted(buildings, key=key):
        doors = building.doors
        if len(doors) > 1:  # most buildings have one door: nothing to sort
            doors = sorted(doors, key=lambda door: natural_key(door.unit_num))
        else:
            doors = list(doors)
        ordered.append(Building(building.address, doors))
    return ordered


def nearest_next(
    buildings: Sequence[Building],
    lat: float,
    lng: float,
    exclude_ids: Iterable[str] = (),
) -> Building | None:
    """The building closest to (lat, lng) that has coordinates and is not excluded."""
    excluded = set(exclude_ids)
    best: Building | None = None
    best_miles = math.inf
    for building in buildings:
        address = building.address
        if building.id in excluded or address.lat is None or address.lng is None:
            continue
        miles = distance_miles(lat, lng, address.lat, address.lng)
        if miles < best_miles:
            best, best_miles = building, miles
    return best
