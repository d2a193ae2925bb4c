"""An offline map of visits and households: no network, no tiles.

Positions are drawn with an equirectangular projection centred on the data (x east and y
north in metres, the longitude scaled by the cosine of the centre latitude), which is
accurate to well under a metre across a walklist. A line joins each visit to its
household; markers keep their size while zooming (wheel, + and -), dragging pans, and a
click on a visit asks for its detail.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from canvass_app.core.geo import GpsGrade
from canvass_app.qt.tasks import BackgroundTask, run_in_background
from canvass_app.services.database import open_reader
from canvass_app.services.history import HistoryFilter, MapData, map_data

METERS_PER_DEGREE = 111_320.0
VISIT_ROLE = 0  # QGraphicsItem.data key holding a visit's local id
ZOOM_STEP = 1.25


class Projection:
    """Equirectangular projection around a centre: (lat, lng) → scene metres (y down)."""

    def __init__(self, lat0: float, lng0: float) -> None:
        self.lat0 = lat0
        self.lng0 = lng0
        self._cos = math.cos(math.radians(lat0))

    def to_scene(self, lat: float, lng: float) -> QPointF:
        x = (lng - self.lng0) * METERS_PER_DEGREE * self._cos
        y = -(lat - self.lat0) * METERS_PER_DEGREE
        return QPointF(x, y)

    @classmethod
    def around(cls, points: list[tuple[float, float]]) -> Projection:
        if not points:
            return cls(0.0, 0.0)
        lats = [p[0] for p in points]
        lngs = [p[1] for p in points]
        return cls((min(lats) + max(lats)) / 2, (min(lngs) + max(lngs)) / 2)


def _marker_path(shape: str, size: float) -> QPainterPath:
    """A marker whose shape says the GPS grade (colour is never the only cue)."""
    path = QPainterPath()
    half = size / 2
    if shape == "▲":
        path.moveTo(0, -half)
        path.lineTo(half, half)
        path.lineTo(-half, half)
        path.closeSubpath()
    elif shape == "■":
        path.addRect(QRectF(-half, -half, size, size))
    elif shape == "house":
        path.moveTo(0, -half)
        path.lineTo(half, -half / 5)
        path.lineTo(half, half)
        path.lineTo(-half, half)
        path.lineTo(-half, -half / 5)
        path.closeSubpath()
    else:
        path.addEllipse(QPointF(0, 0), half, half)
    return path


class LedgerMapWidget(QGraphicsView):
    """The drawing itself: households (grey houses), visits (graded markers), lines."""

    visit_clicked = Signal(str)  # local_id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QBrush(QColor("#F4F1EA")))
        self.setAccessibleName(self.tr("Map of visits and households"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.visit_items: dict[str, QGraphicsPathItem] = {}
        self.household_items: dict[str, QGraphicsPathItem] = {}
        self.line_items: list[QGraphicsLineItem] = []
        self.projection = Projection(0.0, 0.0)
        self._press_pos: QPointF | None = None

    def show_data(self, data: MapData) -> None:
        scene = self.scene()
        scene.clear()
        self.visit_items.clear()
        self.household_items.clear()
        self.line_items.clear()
        points = [(h.lat, h.lng) for h in data.households.values()]
        points += [(v.lat, v.lng) for v in data.visits if v.lat is not None and v.lng is not None]
        self.projection = Projection.around(points)

        line_pen = QPen(QColor(80, 80, 80, 110))
        line_pen.setCosmetic(True)
        line_pen.setWidthF(1.0)
        for visit in data.visits:
            home = data.households.get(visit.household_id)
            if visit.lat is None or visit.lng is None or home is None:
                continue
            a = self.projection.to_scene(visit.lat, visit.lng)
            b = self.projection.to_scene(home.lat, home.lng)
            line = QGraphicsLineItem(a.x(), a.y(), b.x(), b.y())
            line.setPen(line_pen)
            line.setZValue(0)
            scene.addItem(line)
            self.line_items.append(line)

        house_pen = QPen(QColor("#333333"))
        house_pen.setCosmetic(True)
        for home in data.households.values():
            item = QGraphicsPathItem(_marker_path("house", 11))
            item.setBrush(QBrush(QColor("#FFFFFF")))
            item.setPen(house_pen)
            item.setPos(self.projection.to_scene(home.lat, home.lng))
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            item.setToolTip(self.tr("Household: {address}").format(address=home.address))
            item.setZValue(3)  # doors stay visible above the visits recorded at them
            scene.addItem(item)
            self.household_items[home.household_id] = item

        for visit in data.visits:
            if visit.lat is None or visit.lng is None:
                continue
            grade = (
                GpsGrade(visit.gps_grade)
                if visit.gps_grade in GpsGrade._value2member_map_
                else GpsGrade.NONE
            )
            item = QGraphicsPathItem(_marker_path(grade.shape, 9))
            item.setBrush(QBrush(QColor(grade.color)))
            pen = QPen(QColor("#202020"))
            pen.setCosmetic(True)
            item.setPen(pen)
            item.setPos(self.projection.to_scene(visit.lat, visit.lng))
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            item.setData(VISIT_ROLE, visit.local_id)
            item.setToolTip(
                self.tr("{contact}, {address} — {outcome} ({grade})").format(
                    contact=visit.contact_name,
                    address=visit.address_line,
                    outcome=visit.outcome,
                    grade=grade.word,
                )
            )
            item.setCursor(Qt.CursorShape.PointingHandCursor)
            item.setZValue(2)
            scene.addItem(item)
            self.visit_items[visit.local_id] = item
        self.fit_doors()

    def _fit(self, rect: QRectF) -> None:
        if rect.isNull():
            return
        # A lone point has no size: show about a city block around it.
        margin = max(rect.width(), rect.height()) * 0.08 + 40
        self.fitInView(
            rect.adjusted(-margin, -margin, margin, margin), Qt.AspectRatioMode.KeepAspectRatio
        )

    def _bounds(self, items: list[QGraphicsPathItem]) -> QRectF:
        rect = QRectF()
        for item in items:
            rect = rect.united(QRectF(item.pos(), item.pos()).adjusted(-1, -1, 1, 1))
        return rect

    def fit_all(self) -> None:
        """Everything, far-away visits included."""
        self._fit(self._bounds([*self.household_items.values(), *self.visit_items.values()]))

    def fit_doors(self) -> None:
        """The households (where the walk happened); lines to far visits run off the edge."""
        if not self.household_items:
            self.fit_all()
            return
        self._fit(self._bounds(list(self.household_items.values())))

    def zoom_by(self, factor: float) -> None:
        current = self.transform().m11()
        # Keep the zoom within city-block to street-door range.
        if (factor > 1 and current > 50) or (factor < 1 and current < 1e-4):
            return
        self.scale(factor, factor)

    def zoom_level(self) -> float:
        return self.transform().m11()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(ZOOM_STEP**steps)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif event.key() == Qt.Key.Key_Minus:
            self.zoom_by(1 / ZOOM_STEP)
        elif event.key() == Qt.Key.Key_0:
            self.fit_doors()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press_pos = event.position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        start, self._press_pos = self._press_pos, None
        # A click, not the end of a drag: open the visit under the pointer.
        if start is None or (event.position() - start).manhattanLength() > 4:
            return
        local_id = self.visit_at(event.position().toPoint())
        if local_id:
            self.visit_clicked.emit(local_id)

    def visit_at(self, point: object) -> str | None:
        for item in self.items(point):  # type: ignore[call-overload]
            local_id = item.data(VISIT_ROLE)
            if local_id:
                return str(local_id)
        return None


def load_map(data_dir: Path, flt: HistoryFilter) -> MapData:
    """Read the map's data on a connection of this thread's own (runs in a worker)."""
    db = open_reader(data_dir)
    try:
        return map_data(db, flt)
    finally:
        db.close()


class MapView(QWidget):
    """The map with its zoom buttons, legend and a line saying what is shown."""

    visit_clicked = Signal(str)
    map_loaded = Signal(object)  # MapData

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data_dir = Path(data_dir)
        self._filter = HistoryFilter()
        self._task: BackgroundTask[MapData] | None = None
        self.data: MapData | None = None
        self.map = LedgerMapWidget()
        self.map.visit_clicked.connect(self.visit_clicked)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Map status"))
        zoom_in = QPushButton("+")
        zoom_out = QPushButton("−")
        doors = QPushButton(self.tr("Fit doors"))
        fit = QPushButton(self.tr("Fit all"))
        for button, name in (
            (zoom_in, self.tr("Zoom in")),
            (zoom_out, self.tr("Zoom out")),
            (doors, self.tr("Fit doors")),
            (fit, self.tr("Fit all")),
        ):
            button.setAccessibleName(name)
            button.setToolTip(name)
            button.setMinimumSize(40, 36)
        zoom_in.clicked.connect(lambda: self.map.zoom_by(ZOOM_STEP))
        zoom_out.clicked.connect(lambda: self.map.zoom_by(1 / ZOOM_STEP))
        doors.clicked.connect(self.map.fit_doors)
        fit.clicked.connect(self.map.fit_all)
        legend = QLabel(
            "  ".join(
                f"<span style='color:{g.color}'>{g.shape}</span> {g.word}"
                for g in GpsGrade
                if g is not GpsGrade.NONE
            )
            + "  ⌂ "
            + self.tr("household (door)")
            + "  — "
            + self.tr("line: where the visit was recorded → the door")
        )
        legend.setAccessibleName(self.tr("Map legend"))
        top = QHBoxLayout()
        top.addWidget(zoom_in)
        top.addWidget(zoom_out)
        top.addWidget(doors)
        top.addWidget(fit)
        top.addWidget(legend, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.map, 1)
        layout.addWidget(self.status)

    def set_filter(self, flt: HistoryFilter) -> None:
        self._filter = flt
        self.refresh()

    def refresh(self) -> None:
        self.status.setText(self.tr("Drawing the map…"))
        flt, data_dir = self._filter, self._data_dir
        self._task = run_in_background(
            lambda _report: load_map(data_dir, flt),
            on_done=self.show_data,
            on_error=lambda e: self.status.setText(
                self.tr("Could not draw the map: {e}").format(e=e)
            ),
            parent=self,
        )

    def show_data(self, data: MapData) -> None:
        self.data = data
        self.map.show_data(data)
        drawn = len(self.map.visit_items)
        no_fix = len(data.visits) - drawn
        text = self.tr(
            "{drawn} visits with a GPS fix drawn, {households} households. "
            "{no_fix} visits without a fix are not on the map."
        ).format(drawn=drawn, households=len(data.households), no_fix=no_fix)
        if data.truncated:
            text += " " + self.tr(
                "Showing the newest {n} of {total} matching visits: narrow the filter to see "
                "others."
            ).format(n=len(data.visits), total=data.total_matching)
        self.status.setText(text + " " + self.tr("Wheel or +/− zooms, drag pans, click a visit."))
        self.map_loaded.emit(data)
