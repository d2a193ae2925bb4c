"""The map widget, looked at pixel by pixel: door marks, selection, position and accuracy,
MBTiles tiles at several zooms (TMS and XYZ files), the route, streets, the keyboard.

Every test renders the real widget offscreen and reads the pixels of its grab.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from support.tiles import make_mbtiles, tile_color

from canvass_app.core.door_marks import DoorMark
from canvass_app.core.geo import Fix
from canvass_app.core.map_geometry import MapDoor, StreetLine, walk_route
from canvass_app.core.tiles import BBox, meters_per_pixel, tile_for, tile_range
from canvass_app.services.walk_map import DoorState
from canvass_app.storage.mbtiles import MBTilesReader
from canvass_app.ui.door_style import MARK_COLORS, mark_pixmap
from canvass_app.ui.map_widget import LAND, MARK_PX, POSITION, MapWidget

pytestmark = pytest.mark.gui

LAT0, LNG0 = 42.3736, -71.1097
M_LAT = 1 / 111_320
M_LNG = 1 / (111_320 * math.cos(math.radians(LAT0)))


def door(n: int, east_m: float, north_m: float, households: int = 1) -> MapDoor:
    return MapDoor(
        f"b{n}",
        LAT0 + north_m * M_LAT,
        LNG0 + east_m * M_LNG,
        tuple(f"h{n}-{unit}" for unit in range(households)),
        f"{n} Elm Street",
    )


def state(mark: DoorMark) -> DoorState:
    return DoorState(mark, "", False, 0 if mark is DoorMark.NOT_VISITED else 1, 1)


def make_map(
    qtbot: Any, *, keyboard: bool = False, size: tuple[int, int] = (600, 400)
) -> MapWidget:
    widget = MapWidget(keyboard=keyboard)
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def grab(widget: MapWidget) -> QImage:
    QApplication.processEvents()
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def rgb(image: QImage, point: QPointF) -> tuple[int, int, int]:
    color = image.pixelColor(QPoint(round(point.x()), round(point.y())))
    return (color.red(), color.green(), color.blue())


def close(a: tuple[int, int, int], b: tuple[int, int, int], tolerance: int = 3) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def hex_rgb(color: str | QColor) -> tuple[int, int, int]:
    value = QColor(color)
    return (value.red(), value.green(), value.blue())


# --- doors and their state ---------------------------------------------------------------


@pytest.mark.parametrize("mark", list(DoorMark))
def test_each_door_is_drawn_with_its_marks_shape(qtbot: Any, mark: DoorMark) -> None:
    widget = make_map(qtbot)
    doors = [door(1, 0, 0), door(2, 200, 0)]
    widget.set_doors(doors, {"b1": state(mark), "b2": state(DoorMark.NOT_VISITED)})
    image = grab(widget)
    at = widget.door_point("b1")
    # every opaque pixel of the mark's own icon is drawn in the mark's colour, in place
    icon = mark_pixmap(mark, MARK_PX).toImage()
    color = hex_rgb(MARK_COLORS[mark])
    shape = [
        (x, y)
        for x in range(MARK_PX)
        for y in range(MARK_PX)
        if icon.pixelColor(x, y).alpha() == 255 and hex_rgb(icon.pixelColor(x, y)) == color
    ]
    assert len(shape) > 10
    left, top = at.x() - MARK_PX / 2, at.y() - MARK_PX / 2
    drawn = [close(rgb(image, QPointF(left + x, top + y)), color, 2) for x, y in shape]
    assert sum(drawn) >= 0.95 * len(shape)


def test_marks_differ_by_shape_not_only_colour() -> None:
    masks = set()
    for mark in DoorMark:
        icon = mark_pixmap(mark, MARK_PX).toImage()
        masks.add(
            frozenset(
                (x, y)
                for x in range(MARK_PX)
                for y in range(MARK_PX)
                if icon.pixelColor(x, y).alpha() > 128
            )
        )
    assert len(masks) == len(DoorMark)


def test_words_as_in_the_list_and_buildings_of_several_units(qtbot: Any) -> None:
    widget = make_map(qtbot)
    widget.set_doors(
        [door(1, 0, 0), door(2, 40, 0, households=6)],
        {
            "b1": DoorState(DoorMark.NOT_HOME, "Not Home", True, 1, 1),
            "b2": DoorState(None, "", False, 2, 6),
        },
    )
    assert widget.door_words("b1") == "1 Elm Street — Not Home · not sent"
    assert widget.door_words("b2") == "2 Elm Street — 2 of 6 doors done"
    widget.set_states({"b1": DoorState(DoorMark.SUCCESSFUL, "", False, 1, 1)})
    assert widget.door_words("b1") == "1 Elm Street — Successful"
    widget.set_selected(["b1"])
    assert "Selected: 1 Elm Street — Successful" in widget.accessibleDescription()


def test_thousands_of_doors_in_view_are_dots_in_their_colour(qtbot: Any) -> None:
    widget = make_map(qtbot)
    doors = [door(n, (n % 60) * 8, (n // 60) * 8) for n in range(3000)]
    widget.set_doors(doors, {d.id: state(DoorMark.COME_BACK) for d in doors})
    image = grab(widget)
    assert widget.doors_drawn == 3000
    at = widget.door_point("b61")
    around = [rgb(image, at + QPointF(dx, dy)) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
    assert any(close(pixel, hex_rgb(MARK_COLORS[DoorMark.COME_BACK]), 8) for pixel in around)


# --- selection ---------------------------------------------------------------------------


def test_a_click_on_a_door_picks_it(qtbot: Any) -> None:
    widget = make_map(qtbot)
    widget.set_doors([door(1, 0, 0), door(2, 60, 30), door(3, 120, 0)])
    with qtbot.waitSignal(widget.door_clicked) as picked:
        qtbot.mouseClick(
            widget, Qt.MouseButton.LeftButton, pos=widget.door_point("b2").toPoint() + QPoint(4, -3)
        )
    assert picked.args == ["b2"]
    # a click on bare map picks nothing, a drag pans without picking
    with qtbot.assertNotEmitted(widget.door_clicked):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
        start = widget.door_point("b1").toPoint()
        qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(widget, start + QPoint(60, 40))
        qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=start + QPoint(60, 40))
    assert widget.door_point("b1").x() == pytest.approx(start.x() + 60, abs=1)
    with qtbot.waitSignal(widget.door_activated) as opened:
        qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=widget.door_point("b3").toPoint())
    assert opened.args == ["b3"]


def test_selected_door_is_ringed_and_followed(qtbot: Any) -> None:
    widget = make_map(qtbot)
    doors = [door(n, n * 400, 0) for n in range(6)]  # 2 km of street
    widget.set_doors(doors)
    widget.set_view(doors[0].lat, doors[0].lng, 18)
    assert not widget.rect().contains(widget.door_point("b5").toPoint())
    widget.set_selected(["b5"])  # picked in the list: the map brings it into view
    at = widget.door_point("b5")
    assert widget.rect().adjusted(30, 30, -30, -30).contains(at.toPoint())
    image = grab(widget)
    ring = [rgb(image, at + QPointF(r, 0)) for r in range(17, 24)]
    assert any(close(pixel, (0, 0, 0), 40) for pixel in ring)  # black ring
    assert any(close(pixel, (255, 212, 0), 40) for pixel in ring)  # and yellow: not colour alone
    unselected = grab_ring(widget, "b4")
    assert not any(close(pixel, (255, 212, 0), 40) for pixel in unselected)


def grab_ring(widget: MapWidget, door_id: str) -> list[tuple[int, int, int]]:
    widget.set_selected([], follow=False)
    widget.set_view(widget.doors[4].lat, widget.doors[4].lng, 18)
    image = grab(widget)
    at = widget.door_point(door_id)
    return [rgb(image, at + QPointF(r, 0)) for r in range(17, 24)]


def test_keyboard_path_when_the_map_takes_focus(qtbot: Any) -> None:
    widget = make_map(qtbot, keyboard=True)
    assert widget.focusPolicy() == Qt.FocusPolicy.StrongFocus
    widget.set_doors([door(1, 0, 0), door(2, 40, 0), door(3, 80, 0)])
    widget.setFocus()
    with qtbot.waitSignal(widget.door_clicked) as picked:
        qtbot.keyClick(widget, Qt.Key.Key_PageDown)
    assert picked.args == ["b1"] and widget.selected == ["b1"]
    qtbot.keyClick(widget, Qt.Key.Key_PageDown)
    assert widget.selected == ["b2"]
    qtbot.keyClick(widget, Qt.Key.Key_PageUp)
    qtbot.keyClick(widget, Qt.Key.Key_PageUp)
    assert widget.selected == ["b3"]  # round the walk
    with qtbot.waitSignal(widget.door_activated) as opened:
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    assert opened.args == ["b3"]
    zoom = widget.zoom_level()
    qtbot.keyClick(widget, Qt.Key.Key_Plus)
    assert widget.zoom_level() == pytest.approx(zoom + math.log2(1.25))
    qtbot.keyClick(widget, Qt.Key.Key_Minus)
    qtbot.keyClick(widget, Qt.Key.Key_Minus)
    assert widget.zoom_level() == pytest.approx(zoom - math.log2(1.25))
    centre = widget.center
    qtbot.keyClick(widget, Qt.Key.Key_Right)
    assert widget.center[1] > centre[1]


def test_door_screen_map_stays_out_of_the_tab_order(qtbot: Any) -> None:
    widget = make_map(qtbot, keyboard=False)
    assert widget.focusPolicy() == Qt.FocusPolicy.NoFocus
    widget.set_doors([door(1, 0, 0)])
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.door_point("b1").toPoint())
    assert not widget.hasFocus()


# --- position ----------------------------------------------------------------------------


def test_position_dot_and_accuracy_circle_to_scale(qtbot: Any) -> None:
    widget = make_map(qtbot)
    widget.set_doors([door(1, -300, 0)])
    widget.set_view(LAT0, LNG0, 17)
    accuracy = 60.0
    widget.set_position(Fix(LAT0, LNG0, accuracy, datetime.now(UTC), "NMEA log"))
    image = grab(widget)
    at = widget.screen_point(LAT0, LNG0)
    assert at.x() == pytest.approx(300, abs=0.5) and at.y() == pytest.approx(200, abs=0.5)
    assert close(rgb(image, at), hex_rgb(POSITION), 6)
    # the circle's radius is the accuracy in metres at this zoom and latitude
    radius = accuracy / (40_075_016.686 * math.cos(math.radians(LAT0)) / (256 * 2**17))
    assert radius == pytest.approx(accuracy / meters_per_pixel(LAT0, 17))
    inside = rgb(image, at + QPointF(0, -radius * 0.7))
    outside = rgb(image, at + QPointF(0, -radius * 1.2))
    assert outside == hex_rgb(LAND)
    assert inside != hex_rgb(LAND) and inside[2] > inside[0]  # tinted blue
    edge = [rgb(image, at + QPointF(0, -radius + d)) for d in (-1, 0, 1)]
    assert any(pixel[2] - pixel[0] > 40 for pixel in edge)  # the circle's edge is there
    widget.set_position(None)
    assert rgb(grab(widget), at) == hex_rgb(LAND)


# --- the basemap -------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["tms", "xyz"])
@pytest.mark.parametrize("zoom", [14, 15, 16, 17])
def test_mbtiles_tiles_drawn_where_they_belong(
    qtbot: Any, tmp_path: Path, scheme: str, zoom: int
) -> None:
    tiles = [tile for z in range(14, 18) for tile in tile_range(view_bbox(z), z)]
    path = make_mbtiles(tmp_path / "area.mbtiles", tiles, scheme=scheme)
    widget = make_map(qtbot)
    widget.set_doors([door(1, -3000, 0)])  # off the map: nothing but tiles in view
    widget.set_basemap(MBTilesReader(path))
    widget.set_view(LAT0, LNG0, zoom)
    image = grab(widget)
    assert widget.tiles_drawn > 0
    for x, y in ((60, 60), (540, 60), (60, 340), (540, 340), (200, 300)):
        lat, lng = widget_lat_lng(widget, x, y)
        expected = tile_for(lat, lng, zoom)
        assert rgb(image, QPointF(x, y)) == tile_color(expected.z, expected.x, expected.y)


def test_beyond_the_files_zooms_tiles_are_scaled_and_gaps_filled_from_above(
    qtbot: Any, tmp_path: Path
) -> None:
    # the file has zoom 14 everywhere and zoom 15 only for the centre tile
    centre = tile_for(LAT0, LNG0, 15)
    tiles = [*tile_range(view_bbox(14), 14), centre]
    widget = make_map(qtbot)
    widget.set_doors([door(1, -3000, 0)])
    widget.set_basemap(MBTilesReader(make_mbtiles(tmp_path / "a.mbtiles", tiles)))
    widget.set_view(LAT0, LNG0, 17.0)  # above the file's zooms: its zoom 15 is enlarged
    image = grab(widget)
    assert rgb(image, QPointF(300, 200)) == tile_color(15, centre.x, centre.y)
    widget.set_view(LAT0, LNG0, 15.0)
    image = grab(widget)
    for x, y in ((20, 20), (580, 380)):
        lat, lng = widget_lat_lng(widget, x, y)
        if tile_for(lat, lng, 15) != centre:  # not in the file at 15: its zoom 14 parent
            parent = tile_for(lat, lng, 14)
            assert rgb(image, QPointF(x, y)) == tile_color(14, parent.x, parent.y)


def view_bbox(zoom: int, width: int = 600, height: int = 400) -> BBox:
    """The area a width × height map centred on the test's origin shows at ``zoom``."""
    from canvass_app.core.tiles import from_world, to_world

    x, y = to_world(LAT0, LNG0, zoom)
    north, west = from_world(x - width / 2 - 2, y - height / 2 - 2, zoom)
    south, east = from_world(x + width / 2 + 2, y + height / 2 + 2, zoom)
    return BBox(south, west, north, east)


def widget_lat_lng(widget: MapWidget, x: float, y: float) -> tuple[float, float]:
    from canvass_app.core.tiles import from_world

    world = widget._to_world0(QPointF(x, y))
    return from_world(world[0], world[1], 0)


def test_streets_from_the_walklist_when_no_tiles(qtbot: Any, tmp_path: Path) -> None:
    widget = make_map(qtbot)
    street = StreetLine("Elm Street", ((LAT0, LNG0 - 150 * M_LNG), (LAT0, LNG0 + 150 * M_LNG)))
    widget.set_doors([door(1, -150, 30), door(2, 150, 30)], streets=[street])
    widget.set_view(LAT0, LNG0, 17)
    image = grab(widget)
    on_street = widget.screen_point(LAT0, LNG0 + 100 * M_LNG)
    assert rgb(image, on_street) == (255, 255, 255)  # the street's white fill
    assert "Streets drawn from the walklist" in widget._credit()
    # with a basemap covering the area, the tiles are the streets
    tiles = list(tile_range(view_bbox(17), 17))
    widget.set_basemap(
        MBTilesReader(
            make_mbtiles(tmp_path / "a.mbtiles", tiles, metadata={"attribution": "© Test Maps"})
        )
    )
    image = grab(widget)
    expected = tile_for(*widget_lat_lng(widget, on_street.x(), on_street.y()), 17)
    assert rgb(image, on_street) == tile_color(17, expected.x, expected.y)
    assert widget._credit() == "© Test Maps"


# --- the route ---------------------------------------------------------------------------


def test_route_line_runs_door_to_door_in_walk_order(qtbot: Any) -> None:
    widget = make_map(qtbot)
    doors = [door(1, -200, -100), door(2, 200, -100), door(3, 200, 100)]
    widget.set_doors(doors, route=walk_route(doors))
    widget.set_view(LAT0, LNG0, 17)
    image = grab(widget)

    # arrows say which way the walk goes: at the middle of a leg, the arrow's wings
    # trail behind (towards the door before) and its point leads (to the next door)
    def dark(point: QPointF) -> bool:
        """Any of the pixels the point falls between is dark."""
        pixels = {
            (math.floor(point.x()) + dx, math.floor(point.y()) + dy)
            for dx in (0, 1)
            for dy in (0, 1)
        }
        land = sum(hex_rgb(LAND))
        return any(sum(rgb(image, QPointF(x, y))) < land - 90 for x, y in pixels)

    east = (widget.door_point("b1") + widget.door_point("b2")) / 2  # b1 → b2 goes east
    assert dark(east + QPointF(-3, -3)) and dark(east + QPointF(-3, 3))
    assert not dark(east + QPointF(3, -3)) and not dark(east + QPointF(3, 3))
    north = (widget.door_point("b2") + widget.door_point("b3")) / 2  # b2 → b3 goes north
    assert dark(north + QPointF(-3, 3)) and dark(north + QPointF(3, 3))
    assert not dark(north + QPointF(-3, -3)) and not dark(north + QPointF(3, -3))

    def dark_along(a: str, b: str) -> int:
        start, end = widget.door_point(a), widget.door_point(b)
        hits = 0
        for step in range(30, 71):  # clear of the doors and their labels
            point = start + (end - start) * (step / 100)
            near = (point + QPointF(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1))
            if any(sum(rgb(image, spot)) < sum(hex_rgb(LAND)) - 90 for spot in near):
                hits += 1
        return hits

    assert dark_along("b1", "b2") > 15  # dashes along the first leg
    assert dark_along("b2", "b3") > 15
    assert dark_along("b1", "b3") == 0  # no leg from the first door to the last
    widget.set_doors(doors)  # no route
    widget.set_view(LAT0, LNG0, 17)
    image = grab(widget)
    assert dark_along("b1", "b2") == 0


def test_the_map_picture_is_kept_while_only_the_position_or_selection_moves(qtbot: Any) -> None:
    widget = make_map(qtbot)
    widget.set_doors([door(1, 0, 0), door(2, 60, 0)], {"b1": state(DoorMark.NOT_VISITED)})
    widget.set_view(LAT0, LNG0, 16)  # below the zoom that labels doors
    grab(widget)
    kept = widget._base
    widget.set_position(Fix(LAT0, LNG0 + 30 * M_LNG, 10.0, datetime.now(UTC), "NMEA log"))
    widget.set_selected(["b2"], follow=False)
    image = grab(widget)
    assert widget._base is kept  # a fix a second costs a few shapes, not the whole map
    assert close(rgb(image, widget.screen_point(LAT0, LNG0 + 30 * M_LNG)), hex_rgb(POSITION), 6)
    # a new state is drawn at once
    inside_disc = widget.door_point("b1") + QPointF(0, -5)
    assert not close(rgb(image, inside_disc), hex_rgb(MARK_COLORS[DoorMark.DO_NOT_KNOCK]), 8)
    widget.set_states({"b1": state(DoorMark.DO_NOT_KNOCK)})
    image = grab(widget)
    assert widget._base is not kept
    assert close(rgb(image, inside_disc), hex_rgb(MARK_COLORS[DoorMark.DO_NOT_KNOCK]), 8)


def test_a_city_wide_list_opens_at_its_first_door(qtbot: Any) -> None:
    widget = make_map(qtbot)
    doors = [door(n, (n % 50) * 600, (n // 50) * 600) for n in range(2500)]  # 30 km square
    widget.set_doors(doors)
    assert widget.zoom_level() == 16.0
    assert widget.rect().contains(widget.door_point("b0").toPoint())
    widget.fit_doors()  # the whole list on request
    assert widget.zoom_level() < 13
