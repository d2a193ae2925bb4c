"""What the map draws from a walklist alone: doors, the walk route, streets with names."""

from __future__ import annotations

import math

import pytest

from canvass_app.core.map_geometry import (
    MAX_GAP_M,
    MapDoor,
    doors_bbox,
    map_doors,
    street_lines,
    walk_route,
)
from canvass_app.core.tiles import BBox
from canvass_app.core.walklist import (
    Address,
    Building,
    Contact,
    Door,
    Household,
    WalklistEntry,
)

LAT0, LNG0 = 42.3736, -71.1097
M_LAT = 1 / 111_320  # degrees per metre north
M_LNG = 1 / (111_320 * math.cos(math.radians(LAT0)))  # degrees per metre east


def building(
    number: str,
    street: str,
    east_m: float | None,
    north_m: float | None,
    *,
    units: tuple[str, ...] = ("",),
    city: str = "Cambridge",
) -> Building:
    lat = None if north_m is None else LAT0 + north_m * M_LAT
    lng = None if east_m is None else LNG0 + east_m * M_LNG
    address = Address(f"a-{street}-{number}", number, street, city, "MA", "02138", lat, lng)
    doors = []
    for unit in units:
        household = Household(f"h-{street}-{number}-{unit}", unit, address)
        entry = WalklistEntry(f"ch-{household.id}", Contact(f"c-{household.id}"), household)
        doors.append(Door(address, unit, [entry]))
    return Building(address, doors)


def metres(point: tuple[float, float]) -> tuple[float, float]:
    """(east, north) metres of a (lat, lng) around the test's origin."""
    return ((point[1] - LNG0) / M_LNG, (point[0] - LAT0) / M_LAT)


def test_doors_one_per_building_in_walk_order_without_positionless_ones() -> None:
    buildings = [
        building("1", "Elm Street", 0, 10),
        building("3", "Elm Street", None, None),
        building("5", "Elm Street", 30, 10, units=("1", "2", "3")),
    ]
    doors = map_doors(buildings)
    assert [door.address for door in doors] == ["1 Elm Street", "5 Elm Street"]
    assert doors[1].household_ids == (
        "h-Elm Street-5-1",
        "h-Elm Street-5-2",
        "h-Elm Street-5-3",
    )
    assert doors[1].id == buildings[2].id
    assert metres((doors[1].lat, doors[1].lng)) == pytest.approx((30, 10))


def test_route_follows_walk_order_and_drops_repeats() -> None:
    doors = [
        MapDoor("a", 1.0, 1.0, ("h1",), "1"),
        MapDoor("b", 1.0, 1.0, ("h2",), "1 rear"),  # same spot: one point
        MapDoor("c", 2.0, 1.0, ("h3",), "3"),
        MapDoor("d", 1.5, 0.5, ("h4",), "2"),
    ]
    assert walk_route(doors) == [(1.0, 1.0), (2.0, 1.0), (1.5, 0.5)]
    assert walk_route([]) == []
    assert doors_bbox(doors) == BBox(1.0, 0.5, 2.0, 1.0)
    assert doors_bbox([]) is None


def test_a_street_with_both_sides_runs_between_them() -> None:
    # odd houses 12 m north of the street's middle, even ones 12 m south, every 20 m
    odd = [building(str(1 + 2 * i), "Elm Street", 20 * i, 12) for i in range(8)]
    even = [building(str(2 + 2 * i), "Elm Street", 20 * i + 10, -12) for i in range(6)]
    lines = street_lines(even + odd)  # the order given does not matter
    assert len(lines) == 1
    line = lines[0]
    assert line.name == "Elm Street"
    points = [metres(point) for point in line.points]
    assert all(abs(north) < 1.0 for _east, north in points)  # the middle of the street
    easts = [east for east, _north in points]
    assert easts == sorted(easts)  # along the street, in house-number order
    assert easts[0] == pytest.approx(0, abs=6) and easts[-1] == pytest.approx(140, abs=6)


def test_a_curved_street_follows_its_curve() -> None:
    # a quarter circle: odd houses at radius 112 m, even ones at 88 m; the street at 100 m
    def on_arc(number: int, radius: float, degrees: float) -> Building:
        angle = math.radians(degrees)
        return building(str(number), "Crescent", radius * math.cos(angle), radius * math.sin(angle))

    houses = [on_arc(1 + 2 * i, 112, 9 * i) for i in range(11)]
    houses += [on_arc(2 + 2 * i, 88, 9 * i + 4) for i in range(10)]
    (line,) = street_lines(houses)
    for east, north in (metres(point) for point in line.points):
        assert math.hypot(east, north) == pytest.approx(100, abs=4)


def test_one_side_only_is_the_line_of_its_houses() -> None:
    houses = [building(str(n), "Oak Road", 15 * n, 5) for n in (1, 3, 5, 7)]
    (line,) = street_lines(houses)
    points = [coordinate for point in line.points for coordinate in metres(point)]
    assert points == pytest.approx([15, 5, 45, 5, 75, 5, 105, 5], abs=1e-6)


def test_gaps_split_a_street_and_lone_houses_draw_no_street() -> None:
    near = [building(str(n), "Long Road", 10 * n, 0) for n in (1, 3, 5)]
    far = [building(str(n), "Long Road", 10 * n + MAX_GAP_M * 2, 0) for n in (7, 9)]
    lone = [building("4", "Short Lane", 500, 500)]
    no_number = [building("", "Short Lane", 520, 500), building("", "Short Lane", 540, 500)]
    lines = street_lines(near + far + lone + no_number)
    assert sorted((line.name, len(line.points)) for line in lines) == [
        ("Long Road", 2),
        ("Long Road", 3),
    ]


def test_same_street_name_in_two_cities_is_two_streets() -> None:
    one = [building(str(n), "Main Street", 10 * n, 0) for n in (1, 3)]
    other = [building(str(n), "Main Street", 10 * n, 0, city="Somerville") for n in (1, 3)]
    assert len(street_lines(one + other)) == 2


def test_houses_without_a_position_are_left_out() -> None:
    houses = [building("1", "Elm Street", 0, 0), building("3", "Elm Street", None, None)]
    houses.append(building("5", "Elm Street", 40, 0))
    (line,) = street_lines(houses)
    assert len(line.points) == 2
