"""What the map draws of a walklist, from the walklist alone: doors, the route, streets.

- ``map_doors``: one point per building (its units share the address's position), in
  walk order, with the households it holds.
- ``walk_route``: the buildings' positions in walk order, the line the canvasser follows.
- ``street_lines``: when no basemap is on the laptop, the streets are drawn from the
  households themselves. The households of one street, each side in walk order (house
  number order), make a line; where both sides are on the list, the line runs between
  them (each house on the side with more houses is paired with the nearest point of the
  other side's line, and the street passes through the middle). A street the list covers
  in separate stretches is drawn as separate lines.

Positions are (lat, lng) in degrees. Distances are worked out in local metres
(equirectangular around the street), accurate to centimetres over a street.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from canvass_app.core.tiles import BBox, to_world
from canvass_app.core.walklist import Building, natural_key

LatLng = tuple[float, float]

# Wider than any street with its front gardens: two houses further apart than this are
# not across the street from each other.
MAX_STREET_WIDTH_M = 60.0
# A gap this long between two neighbouring houses of a street: the list covers the
# street in separate stretches (the map must not draw a street where none is known).
MAX_GAP_M = 250.0
# Points closer than this to the previous one add nothing to a street line.
MIN_STEP_M = 2.0
_METERS_PER_DEGREE = 111_320.0


@dataclass(frozen=True)
class MapDoor:
    """A building on the map: where it is and which households (doors) it holds."""

    id: str  # the building (address) id
    lat: float
    lng: float
    household_ids: tuple[str, ...]
    address: str  # "12 Elm Street"


@dataclass(frozen=True)
class StreetLine:
    name: str
    points: tuple[LatLng, ...]  # at least two


WorldPoint = tuple[float, float]  # web-mercator world pixels at zoom 0 (core.tiles)


@dataclass(frozen=True)
class WalkMap:
    """Everything the map draws of a walklist, projected once (web mercator, zoom 0) so
    that drawing only scales and shifts. Made off the main thread for big lists."""

    doors: list[MapDoor]
    world: list[WorldPoint]  # each door's position
    by_x: list[tuple[float, int]]  # (world x, door index), sorted: finds the doors in view
    route: list[WorldPoint]
    streets: list[tuple[str, list[WorldPoint]]]

    @classmethod
    def of(
        cls,
        doors: Sequence[MapDoor],
        *,
        route: Sequence[LatLng] = (),
        streets: Sequence[StreetLine] = (),
    ) -> WalkMap:
        world = [to_world(door.lat, door.lng, 0) for door in doors]
        return cls(
            doors=list(doors),
            world=world,
            by_x=sorted((point[0], index) for index, point in enumerate(world)),
            route=[to_world(lat, lng, 0) for lat, lng in route],
            streets=[
                (street.name, [to_world(lat, lng, 0) for lat, lng in street.points])
                for street in streets
            ],
        )

    @classmethod
    def of_walklist(cls, buildings: Sequence[Building]) -> WalkMap:
        """The doors in walk order, the route through them and the streets they line."""
        doors = map_doors(buildings)
        return cls.of(doors, route=walk_route(doors), streets=street_lines(buildings))


def map_doors(buildings: Iterable[Building]) -> list[MapDoor]:
    """The buildings that have a position, in the order given (walk order)."""
    doors: list[MapDoor] = []
    for building in buildings:
        address = building.address
        if address.lat is None or address.lng is None:
            continue
        doors.append(
            MapDoor(
                id=building.id,
                lat=address.lat,
                lng=address.lng,
                household_ids=tuple(door.household_id for door in building.doors),
                address=address.line,
            )
        )
    return doors


def walk_route(doors: Sequence[MapDoor]) -> list[LatLng]:
    """The walk as a line: each building's position in walk order (repeats dropped)."""
    route: list[LatLng] = []
    for door in doors:
        point = (door.lat, door.lng)
        if not route or route[-1] != point:
            route.append(point)
    return route


def doors_bbox(doors: Iterable[MapDoor]) -> BBox | None:
    return BBox.around((door.lat, door.lng) for door in doors)


class _Local:
    """Local metres (x east, y north) around a reference point."""

    def __init__(self, lat0: float, lng0: float) -> None:
        self.lat0, self.lng0 = lat0, lng0
        self.cos = math.cos(math.radians(lat0))

    def to_xy(self, point: LatLng) -> tuple[float, float]:
        return (
            (point[1] - self.lng0) * _METERS_PER_DEGREE * self.cos,
            (point[0] - self.lat0) * _METERS_PER_DEGREE,
        )

    def to_lat_lng(self, x: float, y: float) -> LatLng:
        return (self.lat0 + y / _METERS_PER_DEGREE, self.lng0 + x / (_METERS_PER_DEGREE * self.cos))


class _Across:
    """The other side of a street as a polyline, to find the point nearest a house.

    Its first and last segments run on beyond their ends (a street goes on past its last
    house on the list). Segments are kept in a grid of MAX_STREET_WIDTH_M cells, so a
    house is compared with the few segments near it, not the whole street.
    """

    def __init__(self, line: Sequence[tuple[float, float]]) -> None:
        self.line = line
        self.cells: dict[tuple[int, int], list[int]] = {}
        size = MAX_STREET_WIDTH_M
        for index in range(len(line) - 1):
            (ax, ay), (bx, by) = line[index], line[index + 1]
            for cx in range(math.floor(min(ax, bx) / size), math.floor(max(ax, bx) / size) + 1):
                for cy in range(math.floor(min(ay, by) / size), math.floor(max(ay, by) / size) + 1):
                    self.cells.setdefault((cx, cy), []).append(index)

    def nearest(self, point: tuple[float, float]) -> tuple[float, float] | None:
        """The nearest point within MAX_STREET_WIDTH_M, or None."""
        line = self.line
        if len(line) == 1:
            return line[0] if math.dist(point, line[0]) <= MAX_STREET_WIDTH_M else None
        px, py = point
        cx, cy = math.floor(px / MAX_STREET_WIDTH_M), math.floor(py / MAX_STREET_WIDTH_M)
        last = len(line) - 2
        candidates = {0, last}  # the ends run on: always candidates
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                candidates.update(self.cells.get((cx + dx, cy + dy), ()))
        best: tuple[float, float] | None = None
        best_d2 = MAX_STREET_WIDTH_M**2
        for index in candidates:
            (ax, ay), (bx, by) = line[index], line[index + 1]
            sx, sy = bx - ax, by - ay
            length2 = sx * sx + sy * sy
            t = 0.0 if length2 == 0 else ((px - ax) * sx + (py - ay) * sy) / length2
            if index != 0:
                t = max(t, 0.0)
            if index != last:
                t = min(t, 1.0)
            nx, ny = ax + t * sx, ay + t * sy
            d2 = (px - nx) ** 2 + (py - ny) ** 2
            if d2 <= best_d2:
                best, best_d2 = (nx, ny), d2
        return best


def _street_centre(sides: list[list[LatLng]], local: _Local) -> list[tuple[float, float]]:
    """The street's line in local metres, from its sides (each in house-number order)."""
    sides = sorted(sides, key=len, reverse=True)
    spine = [local.to_xy(point) for point in sides[0]]
    if len(sides) < 2:
        return spine
    across = _Across([local.to_xy(point) for point in sides[1]])
    centre: list[tuple[float, float]] = []
    for point in spine:
        other = across.nearest(point)
        if other is None:
            centre.append(point)
        else:
            centre.append(((point[0] + other[0]) / 2, (point[1] + other[1]) / 2))
    return centre


def _split(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Runs of points with no gap longer than MAX_GAP_M, thinned, of two points or more."""
    runs: list[list[tuple[float, float]]] = []
    run: list[tuple[float, float]] = []
    for point in points:
        if run and math.dist(run[-1], point) > MAX_GAP_M:
            runs.append(run)
            run = []
        if not run or math.dist(run[-1], point) >= MIN_STEP_M:
            run.append(point)
    runs.append(run)
    return [run for run in runs if len(run) >= 2]


def street_lines(buildings: Iterable[Building]) -> list[StreetLine]:
    """Streets drawn from the list's own households (see the module docstring)."""
    # (street, city) -> side -> [(order along the street, position)]
    streets: dict[tuple[str, str], dict[str, list[tuple[Any, LatLng]]]] = {}
    names: dict[tuple[str, str], str] = {}
    for building in buildings:
        address = building.address
        number = address.house_number
        # a house without a number has no place along the street: left out of the line
        if address.lat is None or address.lng is None or number is None:
            continue
        if not address.street_name:
            continue
        key = (address.street_name.casefold(), address.city.casefold())
        names.setdefault(key, address.street_name)
        order = (number, natural_key(address.number), building.id)
        streets.setdefault(key, {}).setdefault("odd" if number % 2 else "even", []).append(
            (order, (address.lat, address.lng))
        )
    lines: list[StreetLine] = []
    for key, by_side in streets.items():
        sides = [[point for _order, point in sorted(side)] for side in by_side.values()]
        everything = [point for side in sides for point in side]
        local = _Local(
            sum(point[0] for point in everything) / len(everything),
            sum(point[1] for point in everything) / len(everything),
        )
        for run in _split(_street_centre(sides, local)):
            lines.append(StreetLine(names[key], tuple(local.to_lat_lng(x, y) for x, y in run)))
    return lines
