"""Web-mercator tile math: projection, tiles of a box, TMS rows, fitting a box on screen."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from canvass_app.core.tiles import (
    MAX_LATITUDE,
    BBox,
    TileId,
    from_world,
    meters_per_pixel,
    tile_count,
    tile_for,
    tile_range,
    tms_flip,
    to_world,
    zoom_to_fit,
)

CAMBRIDGE = (42.3736, -71.1097)


def test_known_tiles() -> None:
    # The slippy-map wiki's formula, x = n (lng + 180) / 360, y = n (1 - asinh(tan lat) / pi) / 2.
    assert tile_for(0.0, 0.0, 1) == TileId(1, 1, 1)
    assert tile_for(51.5074, -0.1278, 10) == TileId(10, 511, 340)  # London
    assert tile_for(*CAMBRIDGE, 17) == TileId(17, 39645, 48472)
    assert tile_for(*CAMBRIDGE, 0) == TileId(0, 0, 0)
    # the world's corners stay inside the grid
    assert tile_for(90.0, -180.0, 3) == TileId(3, 0, 0)
    assert tile_for(-90.0, 180.0, 3) == TileId(3, 7, 7)


def test_world_pixels_at_zoom_zero() -> None:
    assert to_world(0.0, 0.0, 0) == pytest.approx((128.0, 128.0))
    assert to_world(MAX_LATITUDE, -180.0, 0) == pytest.approx((0.0, 0.0), abs=1e-6)
    assert to_world(-MAX_LATITUDE, 180.0, 0) == pytest.approx((256.0, 256.0), abs=1e-6)


@given(
    st.floats(min_value=-85.0, max_value=85.0),
    st.floats(min_value=-180.0, max_value=180.0),
    st.floats(min_value=0.0, max_value=20.0),
)
def test_projection_round_trips(lat: float, lng: float, zoom: float) -> None:
    x, y = to_world(lat, lng, zoom)
    back = from_world(x, y, zoom)
    assert back == pytest.approx((lat, lng), abs=1e-9)


@given(st.integers(min_value=0, max_value=22), st.data())
def test_tms_flip_is_its_own_inverse(zoom: int, data: st.DataObject) -> None:
    row = data.draw(st.integers(min_value=0, max_value=(1 << zoom) - 1))
    assert tms_flip(zoom, tms_flip(zoom, row)) == row
    assert TileId(zoom, 0, row).tms_row == (1 << zoom) - 1 - row


def test_metres_per_pixel() -> None:
    # 156,543 m at the equator at zoom 0; halves with every zoom; shrinks with cos(lat)
    assert meters_per_pixel(0.0, 0) == pytest.approx(156_543.03, rel=1e-6)
    assert meters_per_pixel(0.0, 17) == pytest.approx(156_543.03 / 2**17, rel=1e-6)
    assert meters_per_pixel(60.0, 10) == pytest.approx(meters_per_pixel(0.0, 10) / 2, rel=1e-9)


def test_tiles_of_a_box() -> None:
    bbox = BBox(42.370, -71.115, 42.377, -71.104)
    at_17 = tile_range(bbox, 17)
    corners = {tile_for(42.377, -71.115, 17), tile_for(42.370, -71.104, 17)}
    assert {TileId(17, at_17.x0, at_17.y0), TileId(17, at_17.x1, at_17.y1)} == corners
    tiles = list(at_17)
    assert len(tiles) == at_17.count == len(set(tiles))
    # every tile that holds a point of the box is in the range
    for i in range(11):
        for j in range(11):
            lat = bbox.south + (bbox.north - bbox.south) * i / 10
            lng = bbox.west + (bbox.east - bbox.west) * j / 10
            assert tile_for(lat, lng, 17) in tiles
    assert tile_count(bbox, 12, 17) == sum(tile_range(bbox, z).count for z in range(12, 18))
    assert tile_count(bbox, 12, 12) == 1


def test_grown_box_and_centre() -> None:
    bbox = BBox(42.0, -71.0, 42.0, -71.0)
    grown = bbox.grown(1000.0)
    assert grown.north - grown.south == pytest.approx(2 * 1000 / 111_320, rel=1e-6)
    width_m = (grown.east - grown.west) * 111_320 * math.cos(math.radians(42.0))
    assert width_m == pytest.approx(2000, rel=0.01)
    assert grown.center == pytest.approx((42.0, -71.0))
    assert grown.contains(42.005, -71.005) and not grown.contains(42.02, -71.0)
    assert BBox.around([]) is None
    assert BBox.around([(1, 2), (3, -4)]) == BBox(1, -4, 3, 2)


def test_zoom_to_fit() -> None:
    bbox = BBox(42.370, -71.115, 42.377, -71.104)
    zoom = zoom_to_fit(bbox, 800, 600)
    x0, y0 = to_world(bbox.north, bbox.west, zoom)
    x1, y1 = to_world(bbox.south, bbox.east, zoom)
    assert x1 - x0 <= 800 + 1e-6 and y1 - y0 <= 600 + 1e-6
    assert max(x1 - x0 - 800, y1 - y0 - 600) == pytest.approx(0, abs=1e-6)  # it fills
    # a single point fits at the highest zoom allowed
    assert zoom_to_fit(BBox(42, -71, 42, -71), 800, 600, max_zoom=18) == 18
    assert zoom_to_fit(bbox, 0, 600) == 0
