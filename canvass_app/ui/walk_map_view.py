"""The door screen's map pane: the walklist's map, its buttons, and a line saying what it
shows (the basemap file, or the streets drawn from the walklist, and doors the map cannot
place).

The pane shares the left of the door screen with the walklist (a tab each; Ctrl+M
switches). The map follows the walklist's selection and a click on a door selects it
there; the map never takes the keyboard (``MapWidget(keyboard=False)``): the walklist is
the keyboard path to every door, and the window's actions zoom and fit the map.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from canvass_app.core.map_geometry import WalkMap
from canvass_app.services.basemap import BasemapError, open_basemap
from canvass_app.services.walk_map import DoorState
from canvass_app.ui.i18n import render
from canvass_app.ui.map_widget import ZOOM_STEP, MapWidget


class WalkMapView(QWidget):
    """The map of the walklist, with Fit, zoom buttons and what it shows."""

    door_clicked = Signal(str)  # building id
    door_activated = Signal(str)  # building id (double click)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Map"))
        self.map = MapWidget(keyboard=False)
        self.map.door_clicked.connect(self.door_clicked)
        self.map.door_activated.connect(self.door_activated)
        self.fit_button = QPushButton(self.tr("Whole walklist"))
        self.fit_button.setToolTip(self.tr("Show every door of the walklist (Ctrl+0)"))
        self.zoom_in_button = QPushButton("+")
        self.zoom_in_button.setToolTip(self.tr("Zoom in (Ctrl++)"))
        self.zoom_out_button = QPushButton("−")
        self.zoom_out_button.setToolTip(self.tr("Zoom out (Ctrl+-)"))
        for button, name in (
            (self.fit_button, self.tr("Show the whole walklist on the map")),
            (self.zoom_in_button, self.tr("Zoom the map in")),
            (self.zoom_out_button, self.tr("Zoom the map out")),
        ):
            button.setAccessibleName(name)
            button.setMinimumSize(44, 36)
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.fit_button.clicked.connect(self.map.fit_doors)
        self.zoom_in_button.clicked.connect(lambda: self.map.zoom_by(ZOOM_STEP))
        self.zoom_out_button.clicked.connect(lambda: self.map.zoom_by(1 / ZOOM_STEP))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAccessibleName(self.tr("What the map shows"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.fit_button)
        buttons.addWidget(self.zoom_in_button)
        buttons.addWidget(self.zoom_out_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.map, 1)
        layout.addWidget(self.note)
        self._basemap_note = ""
        self._unplaced = 0
        self.show_preparing()

    def show_preparing(self) -> None:
        self.note.setText(self.tr("Preparing the map…"))

    def show_walk(self, walk: WalkMap, states: Mapping[str, DoorState], unplaced: int) -> None:
        """The walklist's map; ``unplaced``: doors with no position (in the list only)."""
        self.map.set_map(walk, states)
        self._unplaced = unplaced
        self._show_note()

    def set_basemap(self, path: Path | None) -> None:
        """Draw this MBTiles file under the doors (None: the walklist's own streets)."""
        self._basemap_note = ""
        if path is None:
            self.map.set_basemap(None)
        else:
            try:
                reader = open_basemap(path)
            except BasemapError as error:
                self.map.set_basemap(None)
                self._basemap_note = render(error.message)
            else:
                self.map.set_basemap(reader)
        self._show_note()

    def _show_note(self) -> None:
        parts = []
        if self.map.basemap is not None:
            parts.append(self.tr("Map: {name}.").format(name=self.map.basemap.name))
        else:
            parts.append(
                self.tr("No map file for this walklist: the streets are drawn from its doors.")
            )
        if self._basemap_note:
            parts.append(self._basemap_note)
        if self._unplaced:
            parts.append(
                self.tr("{n} doors have no map position; they are in the list only.").format(
                    n=self._unplaced
                )
            )
        self.note.setText(" ".join(parts))
