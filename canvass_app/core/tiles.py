"""Web-mercator tile math: the projection every slippy map and MBTiles file uses.

A point is placed in "world pixels": at zoom ``z`` the world is a square of
``256 * 2**z`` pixels, x growing east from the antimeridian, y growing south from
latitude +85.0511° (the mercator cut-off). Tile ``(z, x, y)`` covers the 256×256 square
whose top-left corner is world pixel ``(256 x, 256 y)``: the XYZ ("slippy map") scheme.
MBTiles stores rows the other way up (TMS: row 0 is the southernmost), so a reader
flips ``y`` with ``tms_row``. Zoom may be fractional for drawing; tiles exist at whole
zooms only.

A walklist never crosses the antimeridian; boxes here are plain west < east.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

TILE_SIZE = 256
MAX_LATITUDE = 85.0511287798066  # atan(sinh(pi)): the square world's edge
EARTH_CIRCUMFERENCE_M = 40_075_016.686  # at the equator (WGS 84 semi-major axis)
MAX_TILE_ZOOM = 22


def clamp_latitude(lat: float) -> float:
    return max(-MAX_LATITUDE, min(MAX_LATITUDE, lat))


def world_size(zoom: float) -> float:
    """The world's width (and height) in pixels at ``zoom``."""
    return float(TILE_SIZE * 2.0**zoom)


def to_world(lat: float, lng: float, zoom: float) -> tuple[float, float]:
    """(x, y) world pixels of a point at ``zoom`` (y grows southwards)."""
    size = world_size(zoom)
    x = (lng + 180.0) / 360.0 * size
    sin_lat = math.sin(math.radians(clamp_latitude(lat)))
    y = (0.5 - math.log((1 + sin_lat) / (1 - sin_lat)) / (4 * math.pi)) * size
    return x, y


def from_world(x: float, y: float, zoom: float) -> tuple[float, float]:
    """(lat, lng) of world pixel (x, y) at ``zoom``: the inverse of ``to_world``."""
    size = world_size(zoom)
    lng = x / size * 360.0 - 180.0
    n = math.pi - 2.0 * math.pi * y / size
    lat = math.degrees(math.atan(math.sinh(n)))
    return lat, lng


def meters_per_pixel(lat: float, zoom: float) -> float:
    """Ground metres one pixel spans at ``lat`` (mercator stretches away from the equator)."""
    return EARTH_CIRCUMFERENCE_M * math.cos(math.radians(clamp_latitude(lat))) / world_size(zoom)


@dataclass(frozen=True, order=True)
class TileId:
    """One tile in the XYZ scheme (row 0 at the top, the north)."""

    z: int
    x: int
    y: int

    @property
    def tms_row(self) -> int:
        """The row MBTiles (TMS) stores this tile under: rows counted from the south."""
        return tms_flip(self.z, self.y)

    def is_valid(self) -> bool:
        count = 1 << self.z
        return 0 <= self.z <= MAX_TILE_ZOOM and 0 <= self.x < count and 0 <= self.y < count


def tms_flip(zoom: int, row: int) -> int:
    """XYZ row ↔ TMS row (the flip is its own inverse)."""
    return (1 << zoom) - 1 - row


def tile_for(lat: float, lng: float, zoom: int) -> TileId:
    """The tile that holds a point at a whole zoom."""
    x, y = to_world(lat, lng, zoom)
    last = (1 << zoom) - 1
    return TileId(
        zoom,
        min(last, max(0, int(x // TILE_SIZE))),
        min(last, max(0, int(y // TILE_SIZE))),
    )


@dataclass(frozen=True)
class BBox:
    """A box in degrees: south ≤ north, west ≤ east."""

    south: float
    west: float
    north: float
    east: float

    @classmethod
    def around(cls, points: Iterable[tuple[float, float]]) -> BBox | None:
        """The smallest box holding every (lat, lng); None for no points."""
        lats: list[float] = []
        lngs: list[float] = []
        for lat, lng in points:
            lats.append(lat)
            lngs.append(lng)
        if not lats:
            return None
        return cls(min(lats), min(lngs), max(lats), max(lngs))

    @property
    def center(self) -> tuple[float, float]:
        return (self.south + self.north) / 2, (self.west + self.east) / 2

    def grown(self, margin_m: float) -> BBox:
        """The box widened by ``margin_m`` metres on every side (clamped to the world)."""
        dlat = margin_m / 111_320.0
        lat = max(abs(self.south), abs(self.north))
        cos = max(0.01, math.cos(math.radians(min(lat + dlat, 89.0))))
        dlng = margin_m / (111_320.0 * cos)
        return BBox(
            clamp_latitude(self.south - dlat),
            max(-180.0, self.west - dlng),
            clamp_latitude(self.north + dlat),
            min(180.0, self.east + dlng),
        )

    def contains(self, lat: float, lng: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lng <= self.east


@dataclass(frozen=True)
class TileRange:
    """The tiles covering a box at one zoom: columns x0..x1 and rows y0..y1 (inclusive)."""

    z: int
    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def count(self) -> int:
        return (self.x1 - self.x0 + 1) * (self.y1 - self.y0 + 1)

    def __iter__(self) -> Iterator[TileId]:
        for x in range(self.x0, self.x1 + 1):
            for y in range(self.y0, self.y1 + 1):
                yield TileId(self.z, x, y)


def tile_range(bbox: BBox, zoom: int) -> TileRange:
    """The tiles a box touches at ``zoom`` (north-west corner to south-east corner)."""
    top_left = tile_for(bbox.north, bbox.west, zoom)
    bottom_right = tile_for(bbox.south, bbox.east, zoom)
    return TileRange(zoom, top_left.x, top_left.y, bottom_right.x, bottom_right.y)


def tile_ranges(bbox: BBox, min_zoom: int, max_zoom: int) -> list[TileRange]:
    return [tile_range(bbox, zoom) for zoom in range(min_zoom, max_zoom + 1)]


def tile_count(bbox: BBox, min_zoom: int, max_zoom: int) -> int:
    """How many tiles cover a box over a zoom range (counted, never listed)."""
    return sum(part.count for part in tile_ranges(bbox, min_zoom, max_zoom))


def zoom_to_fit(bbox: BBox, width_px: float, height_px: float, *, max_zoom: float = 19.0) -> float:
    """The largest zoom (fractional) at which the box fits in ``width × height`` pixels."""
    if width_px <= 0 or height_px <= 0:
        return 0.0
    x0, y0 = to_world(bbox.north, bbox.west, 0)
    x1, y1 = to_world(bbox.south, bbox.east, 0)
    span_x, span_y = abs(x1 - x0), abs(y1 - y0)
    zooms = [max_zoom]
    if span_x > 0:
        zooms.append(math.log2(width_px / span_x))
    if span_y > 0:
        zooms.append(math.log2(height_px / span_y))
    return max(0.0, min(zooms))
