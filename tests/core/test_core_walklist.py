"""Walklist entries from expanded contact-household documents, doors, walk order."""

from __future__ import annotations

from typing import Any

import pytest

from canvass_app.core.errors import WalklistError
from canvass_app.core.walklist import (
    Address,
    Building,
    Door,
    WalklistEntry,
    buildings_from_rows,
    group_doors,
    natural_key,
    nearest_next,
    parse_contact_household,
    walk_order,
    walk_order_rows,
)


def _doc(
    ch_id: str,
    *,
    contact_id: str = "c-1",
    given: str = "Jane",
    surname: str = "Doe",
    household_id: str = "h-1",
    unit: str = "",
    address_id: str = "a-1",
    number: str = "12",
    street: str = "Elm Street",
    coords: dict[str, float] | None = None,
) -> dict[str, Any]:
    address_data: dict[str, Any] = {
        "streetName": street,
        "number": number,
        "city": "Cambridge",
        "state": "MA",
        "postalCode": "02138",
    }
    if coords is not None:
        address_data["coords"] = coords
    return {
        "id": ch_id,
        "data": {
            "contact": {
                "id": contact_id,
                "data": {
                    "profile": {
                        "name": {"anglican": {"title": "Dr", "given": given, "surname": surname}},
                        "phones": [{"phone": "555-0100", "phoneType": "home"}],
                        "emails": [{"email": "jane@example.org", "primary": True}],
                    },
                    "fields": {},
                    "notes": "Dog in yard",
                },
            },
            "household": {
                "id": household_id,
                "data": {
                    "unitNum": unit,
                    "address": {"id": address_id, "data": address_data},
                },
            },
        },
        "meta": {"resource": "contact-households"},
    }


def test_parse_expanded_contact_household() -> None:
    entry = parse_contact_household(_doc("ch-1", coords={"lat": 42.37, "lng": -71.11}))
    assert entry.contact_household_id == "ch-1"
    assert entry.contact.id == "c-1"
    assert entry.contact.display_name == "Dr Jane Doe"
    assert entry.contact.phones == ("555-0100",)
    assert entry.contact.emails == ("jane@example.org",)
    assert entry.contact.notes == "Dog in yard"
    assert entry.household.id == "h-1" and entry.household.unit_num == ""
    address = entry.household.address
    assert address == Address("a-1", "12", "Elm Street", "Cambridge", "MA", "02138", 42.37, -71.11)
    assert address.line == "12 Elm Street"
    assert address.street_side == "even"


def test_coords_are_optional() -> None:
    address = parse_contact_household(_doc("ch-1")).household.address
    assert address.lat is None and address.lng is None and not address.has_coords


@pytest.mark.parametrize(
    ("number", "side"), [("12", "even"), ("13", "odd"), ("12A", "even"), ("7-9", "odd"), ("", "")]
)
def test_street_side(number: str, side: str) -> None:
    assert Address("a", number, "Elm", "", "", "").street_side == side


def test_malformed_entries_name_the_field() -> None:
    doc = _doc("ch-1", coords={"lat": 123.0, "lng": -71.0})
    del doc["data"]["household"]["data"]["address"]["data"]["streetName"]
    doc["data"]["contact"]["id"] = 5
    with pytest.raises(WalklistError) as caught:
        parse_contact_household(doc)
    fields = set(caught.value.fields)
    assert "/data/household/data/address/data/streetName" in fields
    assert "/data/household/data/address/data/coords/lat" in fields
    assert "/data/contact/id" in fields

    no_household = _doc("ch-2")
    del no_household["data"]["household"]
    with pytest.raises(WalklistError, match="/data/household: is missing"):
        parse_contact_household(no_household)

    by_reference = _doc("ch-3")
    by_reference["data"]["household"]["data"] = {"unitNum": "", "addressId": "a-1"}
    with pytest.raises(WalklistError, match="no embedded address"):
        parse_contact_household(by_reference)

    with pytest.raises(WalklistError, match="JSON object"):
        parse_contact_household([])


def _entry(ch_id: str, **kwargs: Any) -> WalklistEntry:
    return parse_contact_household(_doc(ch_id, **kwargs))


def test_group_doors_street_building_unit_person() -> None:
    entries = [
        _entry("1", contact_id="p1", household_id="h-1a", unit="1", address_id="a-1"),
        _entry("2", contact_id="p2", household_id="h-1a", unit="1", address_id="a-1"),
        _entry("3", contact_id="p3", household_id="h-1b", unit="2", address_id="a-1"),
        _entry("4", contact_id="p4", household_id="h-2", address_id="a-2", number="14"),
    ]
    buildings = group_doors(entries)
    assert [b.id for b in buildings] == ["a-1", "a-2"]
    first = buildings[0]
    assert [d.unit_num for d in first.doors] == ["1", "2"]
    assert [e.contact.id for e in first.doors[0].entries] == ["p1", "p2"]
    assert first.doors[0].household_id == "h-1a"
    assert first.doors[0].label == "12 Elm Street #1"
    assert [e.contact.id for e in first.entries] == ["p1", "p2", "p3"]


def _building(
    address_id: str, number: str, street: str, units: list[str] | None = None
) -> Building:
    address = Address(address_id, number, street, "Town", "ST", "00000")
    doors = [Door(address, unit) for unit in (units or [""])]
    return Building(address, doors)


def test_walk_order_street_side_number_unit() -> None:
    buildings = [
        _building("oak-2", "2", "Oak Road"),
        _building("elm-10", "10", "Elm Street"),
        _building("elm-3", "3", "Elm Street"),
        _building("elm-2", "2", "Elm Street", units=["10", "2", "B", "1"]),
        _building("elm-11", "11", "Elm Street"),
        _building("elm-1a", "1A", "Elm Street"),
        _building("elm-1", "1", "Elm Street"),
        _building("elm-none", "", "Elm Street"),
    ]
    ordered = walk_order(buildings)
    assert [b.id for b in ordered] == [
        "elm-1",
        "elm-1a",
        "elm-3",
        "elm-11",
        "elm-2",
        "elm-10",
        "elm-none",
        "oak-2",
    ]
    assert [d.unit_num for d in ordered[4].doors] == ["1", "2", "10", "B"]


def test_rows_stored_in_walk_order_read_back_as_the_computed_order() -> None:
    entries = [
        _entry("1", contact_id="p1", household_id="h-oak", address_id="oak-4", number="4",
               street="Oak Road"),
        _entry("2", contact_id="p2", household_id="h-2u10", unit="10", address_id="elm-2",
               number="2"),
        _entry("3", contact_id="p3", household_id="h-3", address_id="elm-3", number="3"),
        _entry("4", contact_id="p4", household_id="h-2u2", unit="2", address_id="elm-2",
               number="2"),
        _entry("5", contact_id="p5", household_id="h-2u10", unit="10", address_id="elm-2",
               number="2"),
        _entry("6", contact_id="p6", household_id="h-1", address_id="elm-1", number="1"),
        _entry("7", contact_id="p7", household_id="h-3", address_id="elm-3", number="3"),
    ]  # fmt: skip
    expected = walk_order(group_doors(entries))
    buildings = buildings_from_rows(walk_order_rows(entries))
    assert buildings == expected
    # odd side first, then even; units in natural order; people as listed
    assert [b.id for b in buildings] == ["elm-1", "elm-3", "elm-2", "oak-4"]
    assert [d.household_id for d in buildings[2].doors] == ["h-2u2", "h-2u10"]
    assert [e.contact.id for e in buildings[1].doors[0].entries] == ["p3", "p7"]
    # the people of a door share one household, which has the building's address
    door = buildings[2].doors[1]
    assert door.entries[0].household is door.entries[1].household
    assert door.entries[0].household.address is buildings[2].address


def test_natural_key() -> None:
    assert sorted(["10", "2", "1B", "1A", "1"], key=natural_key) == ["1", "1A", "1B", "2", "10"]


def test_nearest_next() -> None:
    def located(address_id: str, lat: float | None, lng: float | None) -> Building:
        return Building(Address(address_id, "1", "Elm", "", "", "", lat, lng))

    buildings = [
        located("far", 42.40, -71.10),
        located("near", 42.3701, -71.1101),
        located("nowhere", None, None),
        located("mid", 42.38, -71.11),
    ]
    found = nearest_next(buildings, 42.37, -71.11)
    assert found is not None and found.id == "near"
    found = nearest_next(buildings, 42.37, -71.11, exclude_ids={"near"})
    assert found is not None and found.id == "mid"
    assert nearest_next(buildings, 42.37, -71.11, exclude_ids=["near", "mid", "far"]) is None
    assert nearest_next([], 0, 0) is None
