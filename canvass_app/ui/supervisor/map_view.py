"""The supervisor's map: the filtered visits where they were recorded, joined to their
doors, on the same map widget as the door screen (``ui/map_widget.py``).

Doors carry their state as in the walklist (shape and words); each visit is a marker
whose shape and colour say its GPS grade, with a line to its door; underneath, the
basemap MBTiles file (the settings' one, else the walklist's) or the walklists' own
streets. A click on a visit opens it; a double click on a door (or Enter) opens its newest visit. The map
takes focus: arrows pan, + and - zoom, 0 fits the doors, Page Down / Page Up walk from
door to door and Enter opens the door's newest visit; the History tab lists the same
visits for anyone who does not use the map.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from canvass_app.core.geo import GpsGrade
from canvass_app.qt.tasks import BackgroundTask, run_in_background
from canvass_app.services.basemap import BasemapError, open_basemap
from canvass_app.services.database import open_reader
from canvass_app.services.history import HistoryFilter
from canvass_app.services.settings import load_settings
from canvass_app.services.walk_map import ReviewMap, review_map
from canvass_app.ui.i18n import render
from canvass_app.ui.map_widget import ZOOM_STEP, MapVisit, MapWidget


def load_map(data_dir: Path, flt: HistoryFilter) -> ReviewMap:
    """Read the map's data on a connection of this thread's own (runs in a worker)."""
    db = open_reader(data_dir)
    try:
        return review_map(
            db, flt, data_dir=data_dir, basemap_setting=load_settings(data_dir).basemap_path
        )
    finally:
        db.close()


def _grade(value: str) -> GpsGrade:
    return GpsGrade(value) if value in GpsGrade._value2member_map_ else GpsGrade.NONE


class MapView(QWidget):
    """The map with its zoom buttons, legend and a line saying what is shown."""

    visit_clicked = Signal(str)
    map_loaded = Signal(object)  # ReviewMap

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data_dir = Path(data_dir)
        self._filter = HistoryFilter()
        self._task: BackgroundTask[ReviewMap] | None = None
        self.data: ReviewMap | None = None
        self.map = MapWidget(keyboard=True)
        self.map.setAccessibleName(self.tr("Map of visits and doors"))
        self.map.visit_clicked.connect(self.visit_clicked)
        self.map.door_clicked.connect(self._on_map_door_clicked)
        self.map.door_activated.connect(self._on_map_door_activated)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Map status"))
        self.zoom_in_button = QPushButton("+")
        self.zoom_out_button = QPushButton("−")
        self.fit_doors_button = QPushButton(self.tr("Fit doors"))
        self.fit_all_button = QPushButton(self.tr("Fit all"))
        for button, name in (
            (self.zoom_in_button, self.tr("Zoom in")),
            (self.zoom_out_button, self.tr("Zoom out")),
            (self.fit_doors_button, self.tr("Fit doors")),
            (self.fit_all_button, self.tr("Fit all")),
        ):
            button.setAccessibleName(name)
            button.setToolTip(name)
            button.setMinimumSize(44, 36)
            # never narrower than its words ("Fit doors" once showed as "t door")
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.zoom_in_button.clicked.connect(lambda: self.map.zoom_by(ZOOM_STEP))
        self.zoom_out_button.clicked.connect(lambda: self.map.zoom_by(1 / ZOOM_STEP))
        self.fit_doors_button.clicked.connect(self.map.fit_doors)
        self.fit_all_button.clicked.connect(self.map.fit_all)
        grades = "  ".join(
            f"<span style='color:{g.color}'>{g.shape}</span> {g.word}"
            for g in GpsGrade
            if g is not GpsGrade.NONE
        )
        self.legend = QLabel(
            self.tr("Visits, by GPS accuracy: {grades}.").format(grades=grades)
            + " "
            + self.tr(
                "A line joins each visit to its door; doors show their state as in the walklist."
            )
        )
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName(self.tr("Map legend"))
        top = QHBoxLayout()
        for button in (
            self.zoom_in_button,
            self.zoom_out_button,
            self.fit_doors_button,
            self.fit_all_button,
        ):
            top.addWidget(button)
        top.addWidget(self.legend, 1)
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

    def show_data(self, data: ReviewMap) -> None:
        self.data = data
        door_at = {household_id: door for door in data.doors for household_id in door.household_ids}
        visits: list[MapVisit] = []
        for row in data.visits:
            if row.lat is None or row.lng is None:
                continue
            door = door_at.get(row.household_id)
            grade = _grade(row.gps_grade)
            visits.append(
                MapVisit(
                    row.local_id,
                    row.lat,
                    row.lng,
                    grade,
                    door.lat if door else None,
                    door.lng if door else None,
                    self.tr("{contact}, {address} — {outcome} ({grade})").format(
                        contact=row.contact_name,
                        address=row.address_line,
                        outcome=row.outcome,
                        grade=grade.word,
                    ),
                )
            )
        self.map.set_visits(visits)
        self.map.set_doors(data.doors, data.states, streets=data.streets)
        basemap_note = self._open_basemap(data.basemap)
        no_fix = len(data.visits) - len(visits)
        text = self.tr(
            "{drawn} visits with a GPS fix drawn, at {doors} doors. "
            "{no_fix} visits without a fix are not on the map."
        ).format(drawn=len(visits), doors=len(data.doors), no_fix=no_fix)
        if data.truncated:
            text += " " + self.tr(
                "Showing the newest {n} of {total} matching visits: narrow the filter to see "
                "others."
            ).format(n=len(data.visits), total=data.total_matching)
        text += " " + self.tr(
            "Wheel or +/− zooms, drag pans, click a visit to open it, double-click a door for its newest "
            "visit; on the map, Page Down goes from door to door and Enter opens."
        )
        if basemap_note:
            text += " " + basemap_note
        self.status.setText(text)
        self.map_loaded.emit(data)

    def _open_basemap(self, path: Path | None) -> str:
        """Draw the basemap file under the map; the reason in words when it cannot be."""
        if path is None:
            self.map.set_basemap(None)
            return ""
        try:
            self.map.set_basemap(open_basemap(path))
        except BasemapError as error:
            self.map.set_basemap(None)
            return render(error.message)
        return ""

    def _on_map_door_clicked(self, door_id: str) -> None:
        self.map.set_selected([door_id], follow=False)

    def _on_map_door_activated(self, door_id: str) -> None:
        if self.data is not None and door_id in self.data.newest_visit:
            self.visit_clicked.emit(self.data.newest_visit[door_id])
