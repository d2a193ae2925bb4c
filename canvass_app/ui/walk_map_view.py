"""The door screen's map pane: the walklist's map, its buttons, and a line saying what it
shows (the basemap file, or the streets drawn from the walklist, and doors the map cannot
place).

The pane shares the left of the door screen with the walklist (a tab each; Ctrl+M
switches). The map follows the walklist's selection and a click on a door selects it
there; the map never takes the keyboard (``MapWidget(keyboard=False)``): the walklist is
the keyboard path to every door, and the window's actions zoom and fit the map.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from canvass_app.core.geo import Fix
from canvass_app.core.map_geometry import WalkMap
from canvass_app.core.outbox import Visit
from canvass_app.core.outcomes import Status
from canvass_app.core.walklist import Building
from canvass_app.qt.tasks import BackgroundTask, run_in_background
from canvass_app.services.basemap import BasemapError, open_basemap
from canvass_app.services.walk_map import DoorState, door_states
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
            button.ensurePolished()  # the theme's font and padding, then its size
            # room for the thicker focus border too: the words never clip
            button.setMinimumSize(max(44, button.sizeHint().width() + 12), 36)
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
        # what the doors' states are made of: each household's latest visit, the list's
        # own statuses (Do Not Knock...), the campaign's statuses
        self._latest: dict[str, Visit] = {}
        self._list_statuses: Mapping[str, Status] = {}
        self._statuses: Sequence[Status] = ()
        self._building_of: dict[str, str] = {}  # household id -> building (door) id
        self._selected_households: set[str] = set()
        self._task: BackgroundTask[tuple[WalkMap, dict[str, DoorState]]] | None = None
        self._pending: tuple[Building, ...] | None = None  # a walklist to map when shown
        self._stale: set[str] = set()  # households whose visits changed before it was ready
        self._generation = 0
        self.show_preparing()

    # --- the walklist --------------------------------------------------------------------

    def show_walklist(
        self,
        buildings: Sequence[Building],
        latest: Mapping[str, Visit],
        list_statuses: Mapping[str, Status],
        statuses: Sequence[Status],
    ) -> None:
        """The walklist to map. The map is prepared off the main thread (a big list takes
        a moment) the first time the pane is shown: a canvasser who never opens it never
        pays for it, and opening a 50,000-household list does not wait for it."""
        self._generation += 1
        self._latest = dict(latest)
        self._list_statuses, self._statuses = dict(list_statuses), tuple(statuses)
        self._building_of = {}
        self._stale = set()
        self._pending = tuple(buildings)
        self.show_preparing()
        if self.isVisible():
            self._prepare()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending is not None:
            self._prepare()

    def _prepare(self) -> None:
        buildings, self._pending = self._pending or (), None
        generation = self._generation
        latest_now, list_now, statuses_now = (
            self._latest.copy(),
            self._list_statuses,
            self._statuses,
        )

        def prepare(_report: object) -> tuple[WalkMap, dict[str, DoorState]]:
            walk = WalkMap.of_walklist(buildings)
            return walk, door_states(walk.doors, latest_now, list_now, statuses_now)

        def prepared(result: tuple[WalkMap, dict[str, DoorState]]) -> None:
            if generation != self._generation:
                return  # another walklist was opened meanwhile
            walk, states = result
            doors = sum(len(building.doors) for building in buildings)
            placed = sum(len(door.household_ids) for door in walk.doors)
            self._building_of = {
                household_id: door.id for door in walk.doors for household_id in door.household_ids
            }
            self.show_walk(walk, states, doors - placed)
            stale, self._stale = self._stale, set()
            self._refresh_states(stale)  # what changed while it was being prepared
            self.select_households(self._selected_households)

        self._task = run_in_background(
            prepare, on_done=prepared, on_error=self._on_prepare_failed, parent=self
        )

    def _on_prepare_failed(self, error: BaseException) -> None:
        """Preparing the map reads nothing from disk: a failure is a bug, for the crash
        dialog (never swallowed); the list itself keeps working."""
        self.note.setText(self.tr("The map could not be drawn."))
        sys.excepthook(type(error), error, error.__traceback__)

    def apply_latest(self, households: Mapping[str, Visit | None]) -> None:
        """Some households' latest visits changed (a press, an undo, an edit)."""
        for household_id, visit in households.items():
            if visit is None:
                self._latest.pop(household_id, None)
            else:
                self._latest[household_id] = visit
        self._refresh_states(households)

    def replace_latest(self, latest: Mapping[str, Visit]) -> None:
        """Every household's latest visit, read again (after a sync pass)."""
        changed = {
            household_id
            for household_id in self._latest.keys() | latest.keys()
            if self._latest.get(household_id) != latest.get(household_id)
        }
        self._latest = dict(latest)
        self._refresh_states(changed)

    def _refresh_states(self, households: Iterable[str]) -> None:
        if not self._building_of:  # not prepared yet: done when it is
            self._stale.update(households)
            return
        door_ids = {self._building_of[h] for h in households if h in self._building_of}
        if not door_ids:
            return
        doors = [door for door in self.map.doors if door.id in door_ids]
        self.map.set_states(door_states(doors, self._latest, self._list_statuses, self._statuses))

    def select_households(self, household_ids: Iterable[str]) -> None:
        """Ring the doors of these households (the walklist's selection) and follow them."""
        self._selected_households = set(household_ids)
        door_ids = [
            self._building_of[h] for h in self._selected_households if h in self._building_of
        ]
        self.map.set_selected(door_ids)

    def set_position(self, fix: Fix | None) -> None:
        self.map.set_position(fix)

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
