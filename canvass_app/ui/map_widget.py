"""The map: doors with their state, the walk route, where the canvasser stands, and a
basemap that needs no network. One widget for the door screen and the supervisor's review.

It only draws; what it draws comes from core and services:

- doors (``core.map_geometry.MapDoor``, one per building) with a look each (``DoorLook``:
  the list's mark and words, ``ui/door_style.py``'s shapes; a building of several units
  shows "done of doors"), the selected ones ringed and labelled;
- the walk order as a route line with arrows, the current position (``core.geo.Fix``) with
  its accuracy circle;
- under them, raster tiles from an MBTiles file (``storage.mbtiles``), drawn in web
  mercator (``core.tiles``); with no file, the streets made from the walklist's own
  households (``core.map_geometry.street_lines``) with their names;
- for the supervisor, visits (where each was recorded, by GPS grade) joined to their door.

A click picks a door (``door_clicked``, the building id) or a visit (``visit_clicked``);
the wheel zooms around the pointer and a drag pans. With ``keyboard=True`` the map takes
focus and works from the keyboard: arrows pan, + and - zoom, 0 fits the doors, Page Down
/ Page Up go to the next / previous door in walk order and Enter opens it. The door
screen uses ``keyboard=False``: there the walklist is the keyboard path to every door and
the map follows its selection, so a click on the map never takes the keys from the list.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

from canvass_app.core.door_marks import DoorMark
from canvass_app.core.geo import Fix, GpsGrade
from canvass_app.core.map_geometry import MapDoor, StreetLine, WalkMap
from canvass_app.core.tiles import (
    TILE_SIZE,
    BBox,
    TileId,
    from_world,
    meters_per_pixel,
    to_world,
    zoom_to_fit,
)
from canvass_app.services.basemap import Basemap
from canvass_app.services.walk_map import DoorState
from canvass_app.ui.door_style import MARK_COLORS, mark_pixmap, mark_word, outcome_word

MIN_ZOOM = 3.0
MAX_ZOOM = 20.0
FIT_MAX_ZOOM = 18.0  # a lone door is shown with its street around it
FOLLOW_ZOOM = 16.0  # zoomed out further, following a selection zooms in to see the door
CITY_ZOOM = 13.0  # a list that fits only further out is a city: it opens at its first door
ZOOM_STEP = 1.25  # one wheel notch or one + press
HIT_RADIUS_PX = 14.0
MARK_PX = 20
SELECTED_MARK_PX = 28
DOT_LIMIT = 600  # more doors than this in view are drawn as dots (no icon can be told apart)
LABEL_LIMIT = 30  # labels only when this few doors are in view (else they hide the map)
LABEL_ZOOM = 17.0  # ... and zoomed in enough to read them beside their doors
TILE_CACHE = 96  # decoded tiles kept: ~24 MB, two screens' worth
OVERZOOM_LEVELS = 4  # a missing tile is drawn from an ancestor up to this many zooms up
LAND = QColor("#ECE8E0")
ROUTE = QColor(31, 41, 55, 150)
POSITION = QColor("#1565C0")


@dataclass(frozen=True)
class DoorLook:
    """How a door reads on the map, as in the list: its mark (shape and colour) and its
    words; a building of several units has no one mark but ``done`` of ``doors`` done."""

    mark: DoorMark | None
    words: str
    done: int = 0
    doors: int = 1


@functools.lru_cache(maxsize=1024)  # a list has few distinct states; thousands of doors
def door_look(state: DoorState) -> DoorLook:
    """A door's look from its state, in the list's words."""
    if state.mark is None:
        words = QCoreApplication.translate("MapWidget", "{done} of {doors} doors done").format(
            done=state.done, doors=state.doors
        )
        return DoorLook(None, words, state.done, state.doors)
    words = outcome_word(state.outcome) if state.outcome else mark_word(state.mark)
    if state.unsent:
        words += QCoreApplication.translate("MapWidget", " · not sent")
    return DoorLook(state.mark, words, state.done, state.doors)


@dataclass(frozen=True)
class MapVisit:
    """A visit where it was recorded (the supervisor's map), joined to its door."""

    local_id: str
    lat: float
    lng: float
    grade: GpsGrade
    door_lat: float | None
    door_lng: float | None
    words: str


class MapWidget(QWidget):
    """See the module docstring."""

    door_clicked = Signal(str)  # building id
    door_activated = Signal(str)  # building id (double click, Enter)
    visit_clicked = Signal(str)  # local id

    def __init__(self, parent: QWidget | None = None, *, keyboard: bool = True) -> None:
        super().__init__(parent)
        self.setMinimumSize(QSize(160, 120))
        self.setMouseTracking(False)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAccessibleName(self.tr("Map of the walklist"))
        self.keyboard = keyboard
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if keyboard else Qt.FocusPolicy.NoFocus)
        self.walk = WalkMap.of([])
        self.doors: list[MapDoor] = []
        self._door_index: dict[str, int] = {}
        self._states: dict[str, DoorState] = {}
        self.selected: list[str] = []
        self._visits: list[tuple[MapVisit, tuple[float, float], tuple[float, float] | None]] = []
        self.fix: Fix | None = None
        self.basemap: Basemap | None = None
        self._tiles: OrderedDict[TileId, QPixmap | None] = OrderedDict()
        self.zoom = 15.0
        self._center = to_world(0.0, 0.0, 0)
        self._press: QPointF | None = None
        self._press_center = self._center
        self._dragged = False
        self._fitted = False
        # Everything but the selection, the position and the scale is drawn into this
        # picture and reused while the view and the data stay as they are: a GPS fix every
        # second or an arrow key in the list repaints a few shapes, not the whole map.
        self._base: QPixmap | None = None
        self._base_key: tuple[float, ...] = ()
        self.tiles_drawn = 0  # of the last full draw (tests and the benchmark read it)
        self.doors_drawn = 0

    # --- what to draw --------------------------------------------------------------------

    def set_map(self, walk: WalkMap, states: Mapping[str, DoorState] | None = None) -> None:
        """The walklist's doors (in walk order), route and streets, and the doors' states."""
        self.walk = walk
        self.doors = walk.doors
        self._door_index = {door.id: index for index, door in enumerate(self.doors)}
        self._states = dict(states or {})
        self.selected = [door_id for door_id in self.selected if door_id in self._door_index]
        self._fitted = False
        self._first_view()
        self._changed()

    def set_doors(
        self,
        doors: Sequence[MapDoor],
        states: Mapping[str, DoorState] | None = None,
        *,
        route: Sequence[tuple[float, float]] = (),
        streets: Sequence[StreetLine] = (),
    ) -> None:
        self.set_map(WalkMap.of(doors, route=route, streets=streets), states)

    def set_states(self, states: Mapping[str, DoorState]) -> None:
        """New states for some doors (a visit was saved, undone, synced)."""
        self._states.update(states)
        self._changed()

    def look(self, door_id: str) -> DoorLook | None:
        state = self._states.get(door_id)
        return None if state is None else door_look(state)

    def set_visits(self, visits: Sequence[MapVisit]) -> None:
        self._visits = [
            (
                visit,
                to_world(visit.lat, visit.lng, 0),
                None
                if visit.door_lat is None or visit.door_lng is None
                else to_world(visit.door_lat, visit.door_lng, 0),
            )
            for visit in visits
        ]
        self._changed()

    def set_basemap(self, basemap: Basemap | None) -> None:
        """Tiles to draw under the doors (None: the streets from the walklist)."""
        if self.basemap is not None and self.basemap is not basemap:
            self.basemap.close()
        self.basemap = basemap
        self._tiles.clear()
        self._changed()

    def set_position(self, fix: Fix | None) -> None:
        self.fix = fix
        self._describe()
        self.update()  # drawn over the kept picture of the map

    def set_selected(self, door_ids: Iterable[str], *, follow: bool = True) -> None:
        """Ring these doors; with ``follow``, bring them into view when they are not."""
        self.selected = [
            door_id for door_id in dict.fromkeys(door_ids) if door_id in self._door_index
        ]
        if follow and self.selected:
            self._follow_selection()
        self._describe()
        self.update()

    # --- the view ------------------------------------------------------------------------

    @property
    def center(self) -> tuple[float, float]:
        """The (lat, lng) at the middle of the map."""
        return from_world(self._center[0], self._center[1], 0)

    def set_view(self, lat: float, lng: float, zoom: float) -> None:
        self._center = to_world(lat, lng, 0)
        self.zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self._fitted = True
        self._view_moved()

    def zoom_level(self) -> float:
        return self.zoom

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom in (factor > 1) or out, keeping the point under ``anchor`` in place."""
        new_zoom = max(MIN_ZOOM, min(MAX_ZOOM, self.zoom + math.log2(factor)))
        if new_zoom == self.zoom:
            return
        if anchor is not None:
            before = self._to_world0(anchor)
            self.zoom = new_zoom
            after = self._to_world0(anchor)
            self._center = (
                self._center[0] + before[0] - after[0],
                self._center[1] + before[1] - after[1],
            )
        else:
            self.zoom = new_zoom
        self._view_moved()

    def pan_by(self, dx_px: float, dy_px: float) -> None:
        scale = 2.0**self.zoom
        self._center = (self._center[0] + dx_px / scale, self._center[1] + dy_px / scale)
        self._view_moved()

    def fit_doors(self) -> None:
        """Every door in view."""
        self._fit(BBox.around((door.lat, door.lng) for door in self.doors))

    def fit_all(self) -> None:
        """Every door and every visit in view, far-away visits included."""
        points = [(door.lat, door.lng) for door in self.doors]
        points += [(visit.lat, visit.lng) for visit, _at, _door in self._visits]
        self._fit(BBox.around(points))

    def _fit(self, bbox: BBox | None) -> None:
        if bbox is None:
            return
        margin = 40.0
        width = max(1.0, self.width() - 2 * margin)
        height = max(1.0, self.height() - 2 * margin)
        self.zoom = max(MIN_ZOOM, zoom_to_fit(bbox, width, height, max_zoom=FIT_MAX_ZOOM))
        self._center = to_world(*bbox.center, 0)
        self._fitted = self.width() > 1
        self._view_moved()

    def _follow_selection(self) -> None:
        points = [self.walk.world[self._door_index[door_id]] for door_id in self.selected]
        inside = QRectF(self.rect()).adjusted(30, 30, -30, -30)
        if self.zoom >= FOLLOW_ZOOM and all(inside.contains(self._to_screen(p)) for p in points):
            return
        xs = [point[0] for point in points]
        ys = [point[1] for point in points]
        self._center = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
        self.zoom = max(self.zoom, FOLLOW_ZOOM)
        self._view_moved()

    def _view_moved(self) -> None:
        self.update()

    def _changed(self) -> None:
        """What is drawn changed: draw it all again at the next paint."""
        self._base = None
        self._describe()
        self.update()

    # --- projection ----------------------------------------------------------------------

    def _to_screen(self, world0: tuple[float, float]) -> QPointF:
        scale = 2.0**self.zoom
        return QPointF(
            (world0[0] - self._center[0]) * scale + self.width() / 2,
            (world0[1] - self._center[1]) * scale + self.height() / 2,
        )

    def _to_world0(self, point: QPointF) -> tuple[float, float]:
        scale = 2.0**self.zoom
        return (
            self._center[0] + (point.x() - self.width() / 2) / scale,
            self._center[1] + (point.y() - self.height() / 2) / scale,
        )

    def screen_point(self, lat: float, lng: float) -> QPointF:
        """Where a position is drawn in the widget (tests and tools)."""
        return self._to_screen(to_world(lat, lng, 0))

    def door_point(self, door_id: str) -> QPointF:
        return self._to_screen(self.walk.world[self._door_index[door_id]])

    def _visible_doors(self, margin_px: float = 40.0) -> list[int]:
        """Indexes of the doors inside the widget (plus a margin)."""
        left, top = self._to_world0(QPointF(-margin_px, -margin_px))
        right, bottom = self._to_world0(
            QPointF(self.width() + margin_px, self.height() + margin_px)
        )
        first = bisect.bisect_left(self.walk.by_x, (left, -1))
        last = bisect.bisect_right(self.walk.by_x, (right, len(self.walk.by_x)))
        found = [
            index
            for _x, index in self.walk.by_x[first:last]
            if top <= self.walk.world[index][1] <= bottom
        ]
        return found

    # --- hit testing ---------------------------------------------------------------------

    def door_at(self, point: QPointF) -> str | None:
        """The door drawn nearest ``point`` (within reach of a finger), or None."""
        best: str | None = None
        best_d = HIT_RADIUS_PX
        for index in self._visible_doors(HIT_RADIUS_PX):
            at = self._to_screen(self.walk.world[index])
            distance = math.hypot(at.x() - point.x(), at.y() - point.y())
            if distance <= best_d:
                best, best_d = self.doors[index].id, distance
        return best

    def visit_at(self, point: QPointF) -> str | None:
        best: str | None = None
        best_d = HIT_RADIUS_PX * 0.75
        for visit, at0, _door in self._visits:
            at = self._to_screen(at0)
            distance = math.hypot(at.x() - point.x(), at.y() - point.y())
            if distance <= best_d:
                best, best_d = visit.local_id, distance
        return best

    # --- painting ------------------------------------------------------------------------

    def _first_view(self) -> None:
        """All the doors; a city-wide list opens at the selected door, else at its first
        one (thousands of dots tell a canvasser nothing; the whole list is one press of
        Fit away)."""
        self.fit_doors()
        if self.zoom >= CITY_ZOOM or not self.doors:
            return
        if self.selected:
            self._follow_selection()
        else:
            first = self.doors[0]
            self.set_view(first.lat, first.lng, FOLLOW_ZOOM)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._fitted and self.doors:
            self._first_view()
        labels = self.zoom >= LABEL_ZOOM
        key: tuple[float, ...] = (
            self.zoom,
            *self._center,
            self.width(),
            self.height(),
            self.devicePixelRatioF(),
        )
        if labels:  # the labels in the picture leave room for the selected doors' labels
            key += tuple(hash(door_id) for door_id in self.selected)
        if self._base is None or key != self._base_key:
            self._base = self._draw_base(labels)
            self._base_key = key
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._base)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_selected(painter)
        self._paint_position(painter)
        self._paint_scale_and_credit(painter)
        if not self.doors:
            self._paint_note(painter, self.tr("No door of this walklist has a map position."))
        painter.end()

    def _draw_base(self, labels: bool) -> QPixmap:
        """The map under the selection and the position: basemap or streets, route,
        visits, doors and their labels."""
        ratio = self.devicePixelRatioF()
        picture = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
        picture.setDevicePixelRatio(ratio)
        picture.fill(LAND)
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        visible = self._visible_doors()
        self.doors_drawn = len(visible)
        detail = len(visible) <= DOT_LIMIT  # else the doors are dots: no route, thin streets
        self.tiles_drawn = self._paint_tiles(painter) if self.basemap is not None else 0
        if self.tiles_drawn == 0:
            self._paint_streets(painter, detail=detail)
        if detail:
            self._paint_route(painter)
        self._paint_visits(painter)
        self._paint_doors(painter, visible, labels=labels and len(visible) <= LABEL_LIMIT)
        painter.end()
        return picture

    def _tile_pixmap(self, tile: TileId) -> QPixmap | None:
        if tile in self._tiles:
            self._tiles.move_to_end(tile)
            return self._tiles[tile]
        data = self.basemap.tile(tile) if self.basemap is not None else None
        pixmap: QPixmap | None = None
        if data is not None:
            pixmap = QPixmap()
            if not pixmap.loadFromData(data):
                pixmap = None  # a damaged tile: the land colour shows there
        self._tiles[tile] = pixmap
        while len(self._tiles) > TILE_CACHE:
            self._tiles.popitem(last=False)
        return pixmap

    def _paint_tiles(self, painter: QPainter) -> int:
        """Tiles of the nearest whole zoom the file has, scaled to the view; a tile the
        file lacks is drawn from its nearest ancestor. Returns how many were drawn."""
        basemap = self.basemap
        assert basemap is not None
        tile_zoom = int(max(basemap.min_zoom, min(basemap.max_zoom, round(self.zoom))))
        if self.zoom - tile_zoom < -2.5:
            return 0  # far below the file's zooms: thousands of tiles for a blur
        size = TILE_SIZE * 2.0 ** (self.zoom - tile_zoom)
        scale = 2.0**tile_zoom
        left, top = self._to_world0(QPointF(0, 0))
        right, bottom = self._to_world0(QPointF(self.width(), self.height()))
        last = (1 << tile_zoom) - 1
        x0 = max(0, int(left * scale // TILE_SIZE))
        x1 = min(last, int(right * scale // TILE_SIZE))
        y0 = max(0, int(top * scale // TILE_SIZE))
        y1 = min(last, int(bottom * scale // TILE_SIZE))
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        drawn = 0
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                corner = self._to_screen((x * TILE_SIZE / scale, y * TILE_SIZE / scale))
                target = QRectF(corner.x(), corner.y(), size, size)
                if self._draw_tile(painter, TileId(tile_zoom, x, y), target):
                    drawn += 1
        return drawn

    def _draw_tile(self, painter: QPainter, tile: TileId, target: QRectF) -> bool:
        for up in range(OVERZOOM_LEVELS + 1):
            if tile.z - up < 0:
                break
            ancestor = TileId(tile.z - up, tile.x >> up, tile.y >> up)
            pixmap = self._tile_pixmap(ancestor)
            if pixmap is None:
                continue
            part = TILE_SIZE / (1 << up)
            source = QRectF(
                (tile.x - (ancestor.x << up)) * part,
                (tile.y - (ancestor.y << up)) * part,
                part,
                part,
            )
            painter.drawPixmap(target, pixmap, source)
            return True
        return False

    def _polyline(self, points: Sequence[tuple[float, float]]) -> QPolygonF:
        return QPolygonF([self._to_screen(point) for point in points])

    def _in_view(self, points: Sequence[tuple[float, float]], margin_px: float = 60.0) -> bool:
        """Whether a line's box meets the view (world points at zoom 0)."""
        left, top = self._to_world0(QPointF(-margin_px, -margin_px))
        right, bottom = self._to_world0(
            QPointF(self.width() + margin_px, self.height() + margin_px)
        )
        xs = [point[0] for point in points]
        ys = [point[1] for point in points]
        return max(xs) >= left and min(xs) <= right and max(ys) >= top and min(ys) <= bottom

    def _paint_streets(self, painter: QPainter, *, detail: bool) -> None:
        """The walklist's streets; without ``detail`` (thousands of doors in view) thin
        lines only, no names: the doors' dots show the streets at that scale."""
        lines = [
            (name, self._polyline(points))
            for name, points in self.walk.streets
            if self._in_view(points)
        ]
        if not lines:
            return
        if not detail:
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(QPen(QColor("#FFFFFF"), 3.0))
            for _name, line in lines:
                painter.drawPolyline(line)
            painter.restore()
            return
        width = max(6.0, min(22.0, 12.0 / meters_per_pixel(self.center[0], self.zoom)))
        casing = QPen(QColor("#A9A196"), width + 3.0)
        fill = QPen(QColor("#FFFFFF"), width)
        for pen in (casing, fill):
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        for pen in (casing, fill):
            painter.setPen(pen)
            for _name, line in lines:
                painter.drawPolyline(line)
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, min(10.0, width * 0.75)))
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        painter.setPen(QColor("#4B5563"))
        placed: list[tuple[str, QRectF]] = []  # names written (a cover or a repeat is not)
        for name, line in lines:
            self._paint_street_name(painter, name, line, metrics, placed)

    def _paint_street_name(
        self,
        painter: QPainter,
        name: str,
        line: QPolygonF,
        metrics: QFontMetricsF,
        placed: list[tuple[str, QRectF]],
    ) -> None:
        """The name along the line's longest straight stretch, when it fits there,
        covers no name already written and does not repeat one close by."""
        start, end = _longest_straight_run(line)
        length = math.hypot(end.x() - start.x(), end.y() - start.y())
        text_width = metrics.horizontalAdvance(name)
        if length < text_width + 16:
            return
        middle = (start + end) / 2
        if not QRectF(self.rect()).contains(middle):
            return
        angle = math.degrees(math.atan2(end.y() - start.y(), end.x() - start.x()))
        if angle > 90:
            angle -= 180
        elif angle < -90:
            angle += 180
        turn = QTransform().translate(middle.x(), middle.y()).rotate(angle)
        text = QRectF(-text_width / 2, -metrics.height() / 2, text_width, metrics.height())
        bounds = turn.mapRect(text).adjusted(-4, -4, 4, 4)
        for other_name, other in placed:
            near = (other.center() - bounds.center()).manhattanLength() < 300
            if bounds.intersects(other) or (other_name == name and near):
                return
        placed.append((name, bounds))
        painter.save()
        painter.setTransform(turn, combine=True)
        painter.drawText(QPointF(-text_width / 2, metrics.ascent() / 2 - 1), name)
        painter.restore()

    def _paint_route(self, painter: QPainter) -> None:
        """The walk as a line, with arrows on the way: only its stretches in view."""
        route = self.walk.route
        if len(route) < 2:
            return
        left, top = self._to_world0(QPointF(-60, -60))
        right, bottom = self._to_world0(QPointF(self.width() + 60, self.height() + 60))

        def near(point: tuple[float, float]) -> bool:
            return left <= point[0] <= right and top <= point[1] <= bottom

        stretches: list[list[tuple[float, float]]] = []
        for index in range(len(route) - 1):
            a, b = route[index], route[index + 1]
            if not (near(a) or near(b)):
                continue  # a leg crossing the view from far outside is rare: left out
            if stretches and stretches[-1][-1] == a:
                stretches[-1].append(b)
            else:
                stretches.append([a, b])
        pen = QPen(ROUTE, 1.5)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        view = QRectF(self.rect())
        for stretch in stretches:
            line = self._polyline(stretch)
            painter.setPen(pen)
            painter.drawPolyline(line)
            # arrows along the way say which way the walk goes
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(ROUTE)
            since = 0.0
            for index in range(line.size() - 1):
                start, end = line.at(index), line.at(index + 1)
                length = math.hypot(end.x() - start.x(), end.y() - start.y())
                since += length
                middle = (start + end) / 2
                if since < 90 or length < 24 or not view.contains(middle):
                    continue
                since = 0.0
                heading = math.atan2(end.y() - start.y(), end.x() - start.x())
                painter.drawPolygon(_arrow(middle, heading))
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_visits(self, painter: QPainter) -> None:
        if not self._visits:
            return
        line = QPen(QColor(60, 60, 60, 120), 1.0)
        painter.setPen(line)
        for _visit, at0, door0 in self._visits:
            if door0 is not None:
                painter.drawLine(self._to_screen(at0), self._to_screen(door0))
        outline = QPen(QColor("#202020"), 1.0)
        for visit, at0, _door in self._visits:
            at = self._to_screen(at0)
            if not QRectF(self.rect()).adjusted(-10, -10, 10, 10).contains(at):
                continue
            painter.setPen(outline)
            painter.setBrush(QColor(visit.grade.color))
            painter.drawPath(_grade_path(visit.grade, 9.0).translated(at))
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_doors(self, painter: QPainter, visible: list[int], *, labels: bool) -> None:
        if len(visible) > DOT_LIMIT:
            self._paint_dots(painter, visible)
            return
        scale = 2.0**self.zoom
        cx, cy = self._center
        half_w, half_h = self.width() / 2, self.height() / 2
        offset = MARK_PX / 2 + 1
        world, doors, states = self.walk.world, self.doors, self._states
        sprites: dict[DoorState | None, QPixmap] = {}
        for index in sorted(visible):  # walk order: later doors on top, as they are reached
            state = states.get(doors[index].id)
            sprite = sprites.get(state)
            if sprite is None:
                sprite = sprites[state] = self._sprite(state, MARK_PX, halo=True)
            x, y = world[index]
            painter.drawPixmap(
                QPointF((x - cx) * scale + half_w - offset, (y - cy) * scale + half_h - offset),
                sprite,
            )
        if labels:
            # the selected doors' labels come on top: no other label may sit under them
            chosen = [self._door_index[door_id] for door_id in self.selected]
            taken = [self._label(index, bold=True)[1] for index in chosen]
            inside = QRectF(self.rect())
            others = [
                index
                for index in sorted(visible)
                if index not in set(chosen)
                and inside.contains(self._to_screen(self.walk.world[index]))
            ]
            self._paint_labels(painter, others, taken=taken)

    def _paint_selected(self, painter: QPainter) -> None:
        """The selected doors on top: bigger, ringed black and yellow, always labelled."""
        chosen = [self._door_index[door_id] for door_id in self.selected]
        radius = SELECTED_MARK_PX / 2 + 5
        for index in chosen:
            at = self._to_screen(self.walk.world[index])
            painter.setBrush(QColor("#FFFFFF"))
            painter.setPen(QPen(QColor("#000000"), 3.0))
            painter.drawEllipse(at, radius, radius)
            painter.setPen(QPen(QColor("#FFD400"), 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(at, radius + 2.5, radius + 2.5)
            self._paint_mark(painter, self.doors[index], at, SELECTED_MARK_PX)
        self._paint_labels(painter, chosen, bold=True)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_mark(self, painter: QPainter, door: MapDoor, at: QPointF, size: int) -> None:
        sprite = self._sprite(self._states.get(door.id), size, halo=False)
        painter.drawPixmap(
            QPointF(at.x() - sprite.width() / 2, at.y() - sprite.height() / 2), sprite
        )

    def _sprite(self, state: DoorState | None, size: int, *, halo: bool) -> QPixmap:
        """A door's mark as a small picture (drawn once per state, size and halo), on a
        white disc that keeps it readable over any basemap."""
        key = (state, size, halo)
        sprite = _SPRITES.get(key)
        if sprite is not None:
            return sprite
        side = size + 2 if halo else size
        sprite = QPixmap(side, side)
        sprite.fill(Qt.GlobalColor.transparent)
        painter = QPainter(sprite)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        centre = QPointF(side / 2, side / 2)
        if halo:
            painter.setPen(QPen(QColor(80, 80, 80, 160), 1.0))
            painter.setBrush(QColor(255, 255, 255, 230))
            painter.drawEllipse(centre, size / 2, size / 2)
        look = door_look(state) if state is not None else None
        if look is not None and look.mark is not None:
            painter.drawPixmap(
                QPointF((side - size) / 2, (side - size) / 2), mark_pixmap(look.mark, size)
            )
        else:
            self._paint_building(painter, centre, size, look)
        painter.end()
        if len(_SPRITES) > 512:
            _SPRITES.clear()
        _SPRITES[key] = sprite
        return sprite

    def _paint_building(
        self, painter: QPainter, at: QPointF, size: int, look: DoorLook | None
    ) -> None:
        """A building of several units: a house shape with "done/doors" inside."""
        done, doors = (look.done, look.doors) if look is not None else (0, 0)
        finished = doors > 0 and done >= doors
        color = QColor(MARK_COLORS[DoorMark.SUCCESSFUL if finished else DoorMark.NOT_VISITED])
        half = size / 2 - 1
        path = QPainterPath()
        path.moveTo(at.x(), at.y() - half)
        path.lineTo(at.x() + half, at.y() - half * 0.2)
        path.lineTo(at.x() + half, at.y() + half)
        path.lineTo(at.x() - half, at.y() + half)
        path.lineTo(at.x() - half, at.y() - half * 0.2)
        path.closeSubpath()
        painter.setPen(QPen(color, 2.0))
        painter.setBrush(QColor("#FFFFFF"))
        painter.drawPath(path)
        if doors:
            font = QFont(self.font())
            font.setPixelSize(max(7, int(size * 0.36)))
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(QColor("#111111"))
            box = QRectF(at.x() - half, at.y() - half * 0.15, 2 * half, half * 1.1)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, f"{done}/{doors}")

    def _paint_dots(self, painter: QPainter, visible: list[int]) -> None:
        """Hundreds or thousands of doors at a glance: a dot per 3-pixel cell, in the
        colour of a door's mark there (no icon could be told apart at this scale)."""
        scale = 2.0**self.zoom
        cx, cy = self._center
        half_w, half_h = self.width() / 2, self.height() / 2
        world, doors, states = self.walk.world, self.doors, self._states
        cells: dict[tuple[int, int], str] = {}
        default = MARK_COLORS[DoorMark.NOT_VISITED]
        for index in visible:
            x, y = world[index]
            cell = (int(((x - cx) * scale + half_w) / 3), int(((y - cy) * scale + half_h) / 3))
            state = states.get(doors[index].id)
            mark = state.mark if state is not None else None
            cells[cell] = MARK_COLORS[mark] if mark is not None else default
        by_color: dict[str, list[QPointF]] = {}
        for (col, row), color in cells.items():
            by_color.setdefault(color, []).append(QPointF(col * 3 + 1.5, row * 3 + 1.5))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # squares: fast
        for color, points in by_color.items():
            painter.setPen(QPen(QColor(color), 3.0))
            painter.drawPoints(QPolygonF(points))
        painter.restore()

    def _label(self, index: int, *, bold: bool) -> tuple[str, QRectF, QFont]:
        """A door's label (address and state), its box beside the mark, its font."""
        font = QFont(self.font())
        font.setPointSizeF(9.0)
        font.setBold(bold)
        metrics = QFontMetricsF(font)
        door = self.doors[index]
        look = self.look(door.id)
        text = f"{door.address} · {look.words}" if look is not None and look.words else door.address
        at = self._to_screen(self.walk.world[index])
        offset = (SELECTED_MARK_PX / 2 + 10) if bold else (MARK_PX / 2 + 4)
        width, height = metrics.horizontalAdvance(text) + 8, metrics.height() + 4
        box = QRectF(at.x() + offset, at.y() - height / 2, width, height)
        if box.right() > self.width() - 2:  # keep it on the map: to the left of the mark
            box.moveRight(at.x() - offset)
        if box.left() < 2:  # no room on either side: under the mark, inside the map
            box.moveLeft(max(2.0, min(self.width() - box.width() - 2, at.x() - box.width() / 2)))
            box.moveTop(at.y() + offset)
        return text, box, font

    def _paint_labels(
        self,
        painter: QPainter,
        indexes: list[int],
        *,
        bold: bool = False,
        taken: list[QRectF] | None = None,
    ) -> None:
        """Address and state beside each mark; with ``taken``, a label that would cover
        another is left out."""
        for index in indexes:
            text, box, font = self._label(index, bold=bold)
            if taken is not None:
                if any(box.intersects(other) for other in taken):
                    continue
                taken.append(box)
            painter.setFont(font)
            painter.setPen(QPen(QColor(0, 0, 0, 90), 1.0))
            painter.setBrush(QColor(255, 255, 255, 235))
            painter.drawRoundedRect(box, 3, 3)
            painter.setPen(QColor("#111111"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_position(self, painter: QPainter) -> None:
        fix = self.fix
        if fix is None:
            return
        at = self.screen_point(fix.lat, fix.lng)
        if fix.accuracy_m is not None and fix.accuracy_m > 0:
            radius = fix.accuracy_m / meters_per_pixel(fix.lat, self.zoom)
            if radius > 6:
                fill = QColor(POSITION)
                fill.setAlpha(40)
                edge = QColor(POSITION)
                edge.setAlpha(150)
                painter.setPen(QPen(edge, 1.5))
                painter.setBrush(fill)
                painter.drawEllipse(at, radius, radius)
        painter.setPen(QPen(QColor("#FFFFFF"), 3.0))
        painter.setBrush(POSITION)
        painter.drawEllipse(at, 7.0, 7.0)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_scale_and_credit(self, painter: QPainter) -> None:
        font = QFont(self.font())
        font.setPointSizeF(8.0)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        # scale bar: a round number of metres about 100 px long
        per_px = meters_per_pixel(self.center[0], self.zoom)
        target = per_px * 100
        step = 10 ** math.floor(math.log10(target))
        length_m = next(m * step for m in (5, 2, 1) if m * step <= target)
        length_px = length_m / per_px
        label = f"{length_m:g} m" if length_m < 1000 else f"{length_m / 1000:g} km"
        y = self.height() - 10
        painter.setPen(QPen(QColor("#111111"), 2.0))
        painter.drawLine(QPointF(10, y), QPointF(10 + length_px, y))
        painter.drawLine(QPointF(10, y - 4), QPointF(10, y))
        painter.drawLine(QPointF(10 + length_px, y - 4), QPointF(10 + length_px, y))
        painter.drawText(QPointF(14, y - 5), label)
        credit = self._credit()
        if credit:
            width = metrics.horizontalAdvance(credit) + 8
            box = QRectF(
                self.width() - width,
                self.height() - metrics.height() - 2,
                width,
                metrics.height() + 2,
            )
            painter.fillRect(box, QColor(255, 255, 255, 200))
            painter.setPen(QColor("#333333"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, credit)

    def _credit(self) -> str:
        if self.basemap is not None and self.tiles_drawn:
            return self.basemap.attribution
        if self.walk.streets:
            return self.tr("Streets drawn from the walklist")
        return ""

    def _paint_note(self, painter: QPainter, text: str) -> None:
        painter.setPen(QColor("#333333"))
        painter.drawText(
            QRectF(self.rect()).adjusted(20, 20, -20, -20),
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            text,
        )

    # --- input ---------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._fitted:
            self._first_view()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(ZOOM_STEP**steps, event.position())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
            self._press_center = self._center
            self._dragged = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            return
        delta = event.position() - self._press
        if not self._dragged and delta.manhattanLength() <= 4:
            return
        self._dragged = True
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        scale = 2.0**self.zoom
        self._center = (
            self._press_center[0] - delta.x() / scale,
            self._press_center[1] - delta.y() / scale,
        )
        self._view_moved()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        press, self._press = self._press, None
        self.unsetCursor()
        if press is None or self._dragged or event.button() != Qt.MouseButton.LeftButton:
            return
        door = self.door_at(event.position())
        if door is not None:
            self.door_clicked.emit(door)
            return
        visit = self.visit_at(event.position())
        if visit is not None:
            self.visit_clicked.emit(visit)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        door = self.door_at(event.position())
        if door is not None:
            self.door_activated.emit(door)
        else:
            self.zoom_by(2.0, event.position())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        pan = min(self.width(), self.height()) / 4
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_0:
            self.fit_doors()
        elif key == Qt.Key.Key_Left:
            self.pan_by(-pan, 0)
        elif key == Qt.Key.Key_Right:
            self.pan_by(pan, 0)
        elif key == Qt.Key.Key_Up:
            self.pan_by(0, -pan)
        elif key == Qt.Key.Key_Down:
            self.pan_by(0, pan)
        elif key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            self.step_door(1 if key == Qt.Key.Key_PageDown else -1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected:
            self.door_activated.emit(self.selected[0])
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def step_door(self, step: int) -> str | None:
        """Select the next (or previous) door in walk order and say so."""
        if not self.doors:
            return None
        if self.selected:
            index = (self._door_index[self.selected[0]] + step) % len(self.doors)
        else:
            index = 0 if step > 0 else len(self.doors) - 1
        door_id = self.doors[index].id
        self.set_selected([door_id])
        self.door_clicked.emit(door_id)
        return door_id

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self._tooltip(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def _tooltip(self, point: QPointF) -> str:
        door_id = self.door_at(point)
        if door_id is not None:
            return self.door_words(door_id)
        visit_id = self.visit_at(point)
        for visit, _at, _door in self._visits:
            if visit.local_id == visit_id:
                return visit.words
        return ""

    def door_words(self, door_id: str) -> str:
        door = self.doors[self._door_index[door_id]]
        look = self.look(door_id)
        return f"{door.address} — {look.words}" if look is not None and look.words else door.address

    def _describe(self) -> None:
        """What a screen reader says of the map: what is selected, and where we are."""
        parts = [self.tr("{n} doors on the map.").format(n=len(self.doors))]
        if self.selected:
            parts.append(
                self.tr("Selected: {doors}.").format(
                    doors="; ".join(self.door_words(door_id) for door_id in self.selected[:3])
                )
            )
        if self.fix is not None:
            parts.append(self.tr("Your position is shown."))
        self.setAccessibleDescription(" ".join(parts))


# A door's look as a small picture, per (state, size, halo): few distinct ones per list.
_SPRITES: dict[tuple[DoorState | None, int, bool], QPixmap] = {}


def _longest_straight_run(line: QPolygonF, bend_degrees: float = 12.0) -> tuple[QPointF, QPointF]:
    """The ends of the longest stretch of a polyline that turns less than ``bend_degrees``
    from its first segment's direction (where a street's name can be written)."""
    best = (line.at(0), line.at(0))
    best_length = -1.0
    start = 0
    while start < line.size() - 1:
        a, b = line.at(start), line.at(start + 1)
        heading = math.atan2(b.y() - a.y(), b.x() - a.x())
        stop = start + 1
        while stop < line.size() - 1:
            c, d = line.at(stop), line.at(stop + 1)
            turn = math.atan2(d.y() - c.y(), d.x() - c.x()) - heading
            turn = (turn + math.pi) % (2 * math.pi) - math.pi
            if abs(math.degrees(turn)) > bend_degrees:
                break
            stop += 1
        first, last = line.at(start), line.at(stop)
        length = math.hypot(last.x() - first.x(), last.y() - first.y())
        if length > best_length:
            best, best_length = (first, last), length
        start = stop
    return best


def _arrow(at: QPointF, angle: float) -> QPolygonF:
    """A small arrowhead at ``at`` pointing along ``angle`` (radians, screen y down)."""
    cos, sin = math.cos(angle), math.sin(angle)

    def turn(x: float, y: float) -> QPointF:
        return QPointF(at.x() + x * cos - y * sin, at.y() + x * sin + y * cos)

    return QPolygonF([turn(6, 0), turn(-4, -4.5), turn(-1.5, 0), turn(-4, 4.5)])


def _grade_path(grade: GpsGrade, size: float) -> QPainterPath:
    """A visit marker whose shape says the GPS grade (colour is never the only cue)."""
    path = QPainterPath()
    half = size / 2
    if grade.shape == "▲":
        path.moveTo(0, -half)
        path.lineTo(half, half)
        path.lineTo(-half, half)
        path.closeSubpath()
    elif grade.shape == "■":
        path.addRect(QRectF(-half, -half, size, size))
    else:
        path.addEllipse(QPointF(0, 0), half, half)
    return path
