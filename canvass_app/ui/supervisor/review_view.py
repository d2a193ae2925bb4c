"""Supervisor review: every visit on this laptop, in any state, with stats and a map.

``SupervisorReviewView(data_dir, canvasser=..., supervisor=...)`` is what the main window
opens. A canvasser sees only their own visits; the supervisor (after the PIN) sees all.
The History tab's filter also drives the Stats and Map tabs, which refresh when shown.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from canvass_app.services.database import open_database
from canvass_app.services.history import HistoryFilter
from canvass_app.ui.supervisor.detail_dialog import VisitDetailDialog
from canvass_app.ui.supervisor.history_view import HistoryView
from canvass_app.ui.supervisor.map_view import MapView
from canvass_app.ui.supervisor.pin_dialog import SupervisorPinDialog
from canvass_app.ui.supervisor.stats_view import StatsView


class SupervisorReviewView(QWidget):
    """Tabs: History, Stats, Map."""

    def __init__(
        self,
        data_dir: Path,
        *,
        canvasser: str | None,
        supervisor: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._data_dir = Path(data_dir)
        self._canvasser = canvasser
        self._supervisor = supervisor
        self.db = open_database(self._data_dir)
        who = (
            self.tr("Supervisor — every visit on this laptop")
            if supervisor
            else self.tr("{name} — your visits").format(name=canvasser or self.tr("nobody"))
        )
        self.setWindowTitle(self.tr("Review visits"))
        self.setAccessibleName(self.tr("Review visits"))
        self.banner = QLabel(who)
        self.banner.setStyleSheet("font-size: 15px; font-weight: bold; padding: 4px;")
        self.supervisor_button = QPushButton(self.tr("Supervisor mode…"))
        self.supervisor_button.setAccessibleName(self.tr("Supervisor mode"))
        self.supervisor_button.setMinimumHeight(36)
        self.supervisor_button.setVisible(not supervisor)
        self.supervisor_button.clicked.connect(self._on_supervisor_button_clicked)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Review tabs"))
        top = QHBoxLayout()
        top.addWidget(self.banner, 1)
        top.addWidget(self.supervisor_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.detail: VisitDetailDialog | None = None
        self._build_tabs()
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)

    @property
    def supervisor(self) -> bool:
        return self._supervisor

    def _build_tabs(self) -> None:
        """(Re)build the tabs for who is looking: a canvasser, or the supervisor."""
        self.tabs.blockSignals(True)
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if widget is not None:
                widget.deleteLater()
        self.history = HistoryView(self.db, canvasser=self._canvasser, supervisor=self._supervisor)
        self.stats = StatsView(self._data_dir)
        self.map = MapView(self._data_dir)
        self.tabs.addTab(self.history, self.tr("History"))
        self.tabs.addTab(self.stats, self.tr("Stats"))
        self.tabs.addTab(self.map, self.tr("Map"))
        self.tabs.blockSignals(False)
        self._stale = {"stats": True, "map": True}
        self.history.filter_changed.connect(self._on_history_filter_changed)
        self.history.visit_activated.connect(self.open_detail)
        self.map.visit_clicked.connect(self.open_detail)

    def enter_supervisor_mode(self) -> None:
        """Show everyone's visits (call only after the PIN was accepted)."""
        self._supervisor = True
        self.banner.setText(self.tr("Supervisor — every visit on this laptop"))
        self.supervisor_button.hide()
        self._build_tabs()

    def _on_supervisor_button_clicked(self) -> None:
        dialog = SupervisorPinDialog(self.db, parent=self)
        if dialog.exec() == SupervisorPinDialog.DialogCode.Accepted:
            self.enter_supervisor_mode()

    @property
    def current_filter(self) -> HistoryFilter:
        return self.history.current_filter

    def _on_history_filter_changed(self, flt: HistoryFilter) -> None:
        self._stale = {"stats": True, "map": True}
        self._on_tabs_current_changed(self.tabs.currentIndex())

    def _on_tabs_current_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is self.stats and self._stale["stats"]:
            self._stale["stats"] = False
            self.stats.set_filter(self.current_filter)
        elif widget is self.map and self._stale["map"]:
            self._stale["map"] = False
            self.map.set_filter(self.current_filter)

    def open_detail(self, local_id: str) -> VisitDetailDialog:
        dialog = VisitDetailDialog(
            self.db,
            local_id,
            can_act=True,
            canvasser=self._canvasser,
            supervisor=self._supervisor,
            parent=self,
        )
        dialog.visit_changed.connect(self._on_detail_visit_changed)
        self.detail = dialog
        dialog.show()
        return dialog

    def _on_detail_visit_changed(self, _local_id: str) -> None:
        self.history.refresh()
        self._stale = {"stats": True, "map": True}

    def closeEvent(self, event: object) -> None:
        self.db.close()
        super().closeEvent(event)  # type: ignore[arg-type]
