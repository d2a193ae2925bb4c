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

    @property
    def label(self) -> str:
        """``12 Elm Street #2``: the door, as the walklist writes it."""
        return f"{self.address.line} #{self.unit_num}" if self.unit_num else self.address.line


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
    # the entry's place in a walk the server planned (``data.sequence``), if it gave one
    sequence: int | None = None
    # a person added at the door on this laptop (core.contact), not on the downloaded list
    local_contact_id: str | None = None

    @property
    def added_here(self) -> bool:
        return self.local_contact_id is not None


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
    sequence = _sequence(reader, data) if data is not None else None
    if reader.errors:
        raise WalklistError(reader.errors)
    return WalklistEntry(entry_id, contact, household, sequence)


def _sequence(reader: _Reader, data: Mapping[str, Any]) -> int | None:
    """The server's walk position of an entry (optional; api-notes documents none, so
    ``data.sequence`` is read when a list carries one: docs/DOOR.md)."""
    value = data.get("sequence")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        reader.errors.append(FieldError("/data/sequence", "must be a whole number, 0 or more"))
        return None
    return value


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
        address.postal_code, address.lat, address.lng, entry.sequence,
    ]  # fmt: skip


def _row_contact(row: Sequence[Any]) -> Contact:
    """The contact of an ``entry_to_row`` row (its fields 1-9)."""
    contact_id, given, surname, middlename, title, suffix, phones, emails, notes = row[1:10]
    return Contact(
        contact_id, given, surname, middlename, title, suffix, tuple(phones), tuple(emails), notes
    )


def _row_sequence(row: Sequence[Any]) -> int | None:
    """The server's walk position of a row (rows written before version 3 have none)."""
    return row[20] if len(row) > 20 else None


def entries_from_rows(rows: Iterable[Sequence[Any]]) -> list[WalklistEntry]:
    """Entries from ``entry_to_row`` rows; people of one household share its objects."""
    addresses: dict[str, Address] = {}
    households: dict[str, Household] = {}
    entries: list[WalklistEntry] = []
    for row in rows:
        (household_id, unit_num, address_id, number, street_name, city, state, postal_code,
         lat, lng) = row[10:20]  # fmt: skip
        address = addresses.get(address_id)
        if address is None:
            address = Address(address_id, number, street_name, city, state, postal_code, lat, lng)
            addresses[address_id] = address
        household = households.get(household_id)
        if household is None:
            household = Household(household_id, unit_num, address)
            households[household_id] = household
        entries.append(WalklistEntry(row[0], _row_contact(row), household, _row_sequence(row)))
    return entries


def walk_order_rows(
    entries: Iterable[WalklistEntry],
    *,
    start: tuple[float, float] | None = None,
    zigzag: bool = False,
) -> list[list[Any]]:
    """``entry_to_row`` rows building by building, door by door, in walk order: what
    ``buildings_from_rows`` reads back with no grouping or sorting (done once, at download)."""
    return [
        entry_to_row(entry)
        for building in walk_order(group_doors(entries), start=start, zigzag=zigzag)
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
         lat, lng) = row[10:20]  # fmt: skip
        if building is None or address_id != building.address.id:
            address = Address(address_id, number, street_name, city, state, postal_code, lat, lng)
            building = Building(address)
            buildings.append(building)
            door = None
        if door is None or household is None or household_id != household.id:
            household = Household(household_id, unit_num, building.address)
            door = Door(building.address, unit_num)
            building.doors.append(door)
        door.entries.append(WalklistEntry(row[0], _row_contact(row), household, _row_sequence(row)))
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


# --- walk order ---------------------------------------------------------------------------
#
# How people walk a turf (docs/DOOR.md): streets one after another, each chained to
# the nearest street end from where the last one was left; along a street up one side and
# back down the other (or across and back at every door on a narrow street: zig-zag).
# An order the server gives (an entry's ``sequence``) wins over all of this.

_SIDES = ("odd", "even")


def _sort_doors(building: Building) -> Building:
    doors = building.doors
    if len(doors) > 1:  # most buildings have one door: nothing to sort
        doors = sorted(doors, key=lambda door: natural_key(door.unit_num))
    else:
        doors = list(doors)
    return Building(building.address, doors)


def _point(address: Address) -> tuple[float, float] | None:
    if address.lat is None or address.lng is None:
        return None
    return (address.lat, address.lng)


def _far(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float:
    """A distance for comparing only (squared, flat earth: fine across a turf); None is far."""
    if a is None or b is None:
        return math.inf
    dy = a[0] - b[0]
    dx = (a[1] - b[1]) * math.cos(math.radians(a[0]))
    return dx * dx + dy * dy


def _number_key(building: Building) -> tuple[Any, ...]:
    address = building.address
    return (address.house_number, natural_key(address.number), address.id)


@dataclass
class _Street:
    """One street of the turf: its buildings by side, and where its two ends are."""

    name: tuple[str, str]  # (street, city), casefolded
    sides: dict[str, list[Building]] = field(default_factory=dict)  # ascending numbers
    unnumbered: list[Building] = field(default_factory=list)
    low: tuple[float, float] | None = None  # the end with the lowest house number
    high: tuple[float, float] | None = None

    def finish(self) -> None:
        numbered = sorted((b for side in self.sides.values() for b in side), key=_number_key)
        for side in self.sides.values():
            side.sort(key=_number_key)
        located = [p for p in (_point(b.address) for b in numbered) if p is not None]
        if not located:
            located = [p for p in (_point(b.address) for b in self.unnumbered) if p is not None]
        if located:
            self.low, self.high = located[0], located[-1]

    def walk(
        self, here: tuple[float, float] | None, zigzag: bool
    ) -> tuple[list[Building], tuple[float, float] | None]:
        """The street's buildings walked from ``here``, and where the walk leaves it."""
        ascending = _far(here, self.low) <= _far(here, self.high)
        entry, far_end = (self.low, self.high) if ascending else (self.high, self.low)
        if zigzag:
            numbered = sorted(
                (b for side in self.sides.values() for b in side),
                key=_number_key,
                reverse=not ascending,
            )
            return numbered + self.unnumbered, far_end if far_end is not None else here

        def along(side: str) -> list[Building]:
            buildings = self.sides.get(side, [])
            return buildings if ascending else buildings[::-1]

        def first_door_far(side: str) -> float:
            for building in along(side):
                point = _point(building.address)
                if point is not None:
                    return _far(here, point)
            return math.inf

        # Up the side whose first door is nearest (odd when it cannot be told), back
        # down the other: the walk ends where it came in.
        first, second = sorted(_SIDES, key=lambda side: (first_door_far(side), side != "odd"))
        return along(first) + along(second)[::-1] + self.unnumbered, (
            entry if entry is not None else here
        )


def _streets(buildings: Sequence[Building]) -> list[_Street]:
    streets: dict[tuple[str, str], _Street] = {}
    for building in buildings:
        address = building.address
        name = (address.street_name.casefold(), address.city.casefold())
        street = streets.get(name)
        if street is None:
            street = streets[name] = _Street(name)
        side = address.street_side
        if side:
            street.sides.setdefault(side, []).append(building)
        else:
            street.unnumbered.append(building)
    for street in streets.values():
        street.unnumbered.sort(key=_number_key)
        street.finish()
    return list(streets.values())


def _planned(
    buildings: Sequence[Building], start: tuple[float, float] | None, zigzag: bool
) -> list[Building]:
    streets = _streets(buildings)
    if start is None:  # from the list's first door that has a position
        start = next((p for p in (_point(b.address) for b in buildings) if p is not None), None)
    located = [street for street in streets if street.low is not None]
    # Streets nobody can place on a map keep a stable place: after the others, by name.
    unplaced = sorted((s for s in streets if s.low is None), key=lambda s: s.name)
    ordered: list[Building] = []
    here = start
    while located:
        nearest = min(
            range(len(located)),
            key=lambda i: (min(_far(here, located[i].low), _far(here, located[i].high)), i),
        )
        walked, here = located.pop(nearest).walk(here, zigzag)
        ordered.extend(walked)
    for street in unplaced:
        ordered.extend(street.walk(None, zigzag)[0])
    return ordered


def _first_sequence(entries: Iterable[WalklistEntry]) -> float:
    """The smallest server sequence among some entries (inf when none is given)."""
    return min((e.sequence for e in entries if e.sequence is not None), default=math.inf)


def _in_server_order(buildings: list[Building]) -> list[Building]:
    """Buildings, doors and people as the server ordered them; the rest after, as planned
    (stable sorts: what the server did not number keeps its planned place)."""
    reordered: list[Building] = []
    for building in buildings:
        doors = [
            Door(
                door.address,
                door.unit_num,
                sorted(door.entries, key=lambda e: _first_sequence([e])),
            )
            for door in building.doors
        ]
        doors.sort(key=lambda door: _first_sequence(door.entries))
        reordered.append(Building(building.address, doors))
    reordered.sort(key=lambda building: _first_sequence(building.entries))
    return reordered


def walk_order(
    buildings: Sequence[Building],
    *,
    start: tuple[float, float] | None = None,
    zigzag: bool = False,
) -> list[Building]:
    """The buildings in the order a canvasser walks them (docs/DOOR.md).

    ``start`` is where the walk begins (the canvasser's position); without it, the list's
    first door with a position. Streets are chained by distance; along a street, up the
    side whose first door is nearest and back down the other (``zigzag``: across the
    street at every door, from one end to the other). Units in natural order. Where the
    server numbered the entries (``WalklistEntry.sequence``), its order wins.
    """
    sorted_doors = [_sort_doors(building) for building in buildings]
    ordered = _planned(sorted_doors, start, zigzag)
    if any(e.sequence is not None for b in ordered for door in b.doors for e in door.entries):
        ordered = _in_server_order(ordered)
    return ordered
