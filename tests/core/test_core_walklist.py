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
    # no positions: streets by name; up the odd side, back down the even side, then the
    # buildings with no number
    assert [b.id for b in ordered] == [
        "elm-1",
        "elm-1a",
        "elm-3",
        "elm-11",
        "elm-10",
        "elm-2",
        "elm-none",
        "oak-2",
    ]
    assert [d.unit_num for d in ordered[5].doors] == ["1", "2", "10", "B"]


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


# --- walk order as people walk (docs/DOOR.md) -----------------------------------------


def _seed_buildings(streets: set[str] | None = None) -> list[Building]:
    """The demo seed's buildings (real Mid-Cambridge streets: odd houses on the west side,
    even on the east, numbers rising northwards), grouped as a download groups them."""
    from canvass_app.server.seed import demo_documents

    documents = demo_documents()
    addresses = {a["id"]: a["data"] for a in documents["addresses"]}
    households = {h["id"]: h["data"] for h in documents["households"]}
    entries = []
    for contact in documents["contacts"]:
        household_id = contact["data"]["primaryHouseholdId"]
        household = households[household_id]
        address = addresses[household["addressId"]]
        if streets is not None and address["streetName"] not in streets:
            continue
        entries.append(
            _entry(
                f"ch-{contact['id']}",
                contact_id=contact["id"],
                household_id=household_id,
                unit=household["unitNum"],
                address_id=household["addressId"],
                number=address["number"],
                street=address["streetName"],
                coords=address["coords"],
            )
        )
    return group_doors(entries)


def _lines(buildings: list[Building]) -> list[str]:
    return [building.address.line for building in buildings]


SOUTH_OF_DANA = (42.3700, -71.1100)
NORTH_OF_DANA = (42.3750, -71.1087)


def test_a_street_is_walked_up_one_side_and_back_down_the_other() -> None:
    dana = _seed_buildings({"Dana Street"})
    walked = _lines(walk_order(dana, start=SOUTH_OF_DANA))
    # Starting south: up the even side (16 is the first door from there), back down the
    # odd side; 16 Dana at the south end long before 67 Dana at the north end.
    assert walked == [
        "16 Dana Street",
        "18 Dana Street",
        "46 Dana Street",
        "48 Dana Street",
        "68 Dana Street",
        "67 Dana Street",
    ]
    assert walked.index("16 Dana Street") < walked.index("67 Dana Street")
    # Starting north, the walk continues from there: down one side, back up the other.
    assert _lines(walk_order(dana, start=NORTH_OF_DANA)) == [
        "68 Dana Street",
        "48 Dana Street",
        "46 Dana Street",
        "18 Dana Street",
        "16 Dana Street",
        "67 Dana Street",
    ]


def test_zigzag_crosses_the_street_at_every_door_from_one_end_to_the_other() -> None:
    dana = _seed_buildings({"Dana Street"})
    assert _lines(walk_order(dana, start=SOUTH_OF_DANA, zigzag=True)) == [
        "16 Dana Street",
        "18 Dana Street",
        "46 Dana Street",
        "48 Dana Street",
        "67 Dana Street",
        "68 Dana Street",
    ]
    assert _lines(walk_order(dana, start=NORTH_OF_DANA, zigzag=True))[0] == "68 Dana Street"


def test_streets_are_chained_by_distance_from_the_list_s_first_door() -> None:
    buildings = _seed_buildings()
    walked = walk_order(buildings)
    streets = list(dict.fromkeys(b.address.street_name for b in walked))
    # the list's first door is on Ellery Street; each next street is the nearest one
    assert streets == [
        "Ellery Street",
        "Trowbridge Street",
        "Dana Street",
        "Hancock Street",
        "Lee Street",
        "Inman Street",
    ]
    assert walked[0].address.line == "22 Ellery Street"
    # every building once, each street's buildings together
    assert sorted(b.id for b in walked) == sorted(b.id for b in buildings)
    # from a position at the other end of the turf the walk starts there
    inman = walk_order(buildings, start=(42.3670, -71.1036))
    assert inman[0].address.street_name == "Inman Street"


def test_households_without_a_position_keep_a_stable_place() -> None:
    placed = [
        _building("elm-1", "1", "Elm Street"),
        _building("elm-2", "2", "Elm Street"),
    ]
    for building, lat in zip(placed, (42.0, 42.001), strict=True):
        object.__setattr__(building.address, "lat", lat)
        object.__setattr__(building.address, "lng", -71.0)
    unplaced = [
        _building("oak-4", "4", "Oak Road"),
        _building("ash-3", "3", "Ash Lane"),
        _building("elm-3", "3", "Elm Street"),  # no position, on a placed street
    ]
    for order in (placed + unplaced, unplaced[::-1] + placed[::-1]):
        walked = [b.id for b in walk_order(order, start=(41.99, -71.0))]
        # the placed street first (where its numbers put them), then streets with no
        # position at all, by name
        assert walked == ["elm-1", "elm-3", "elm-2", "ash-3", "oak-4"]


def test_an_order_the_server_gives_wins() -> None:
    docs = [
        _doc("ch-a", contact_id="a", household_id="h-a", address_id="elm-1", number="1"),
        _doc("ch-b", contact_id="b", household_id="h-b", address_id="elm-2", number="2"),
        _doc("ch-c", contact_id="c", household_id="h-c", address_id="elm-3", number="3"),
        _doc("ch-d", contact_id="d", household_id="h-d", address_id="elm-4", number="4"),
    ]
    for doc, sequence in zip(docs, (3, 0, 1), strict=False):
        doc["data"]["sequence"] = sequence
    entries = [parse_contact_household(doc) for doc in docs]
    assert [e.sequence for e in entries] == [3, 0, 1, None]
    walked = [b.id for b in walk_order(group_doors(entries))]
    assert walked == ["elm-2", "elm-3", "elm-1", "elm-4"]  # numbered first, then the rest
    # kept through the offline cache's rows
    assert [b.id for b in buildings_from_rows(walk_order_rows(entries))] == walked
    bad = _doc("ch-x")
    bad["data"]["sequence"] = "first"
    with pytest.raises(WalklistError, match="/data/sequence"):
        parse_contact_household(bad)
