"""The History tab: filters, the paged ledger table, exports and queue transfer.

Filters are turned into a checked ``HistoryFilter`` by services (bad dates are said in
words under the filter bar); canvassers are scoped to their own visits by
``services.history.scope_filter``. The table reads pages from SQLite as it scrolls.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from canvass_app.core.errors import CanvassError, ValidationError
from canvass_app.core.geo import GpsGrade
from canvass_app.core.outbox import OutboxState
from canvass_app.services import history as history_service
from canvass_app.services.exports import ExportFormat, export_ledger
from canvass_app.services.history import (
    HistoryFilter,
    Viewer,
    build_filter,
    outcome_label,
    walklist_names,
)
from canvass_app.services.outbox_transfer import export_outbox, import_outbox
from canvass_app.ui.i18n import number, render
from canvass_app.ui.supervisor.history_model import COLUMNS, LOCAL_ID_ROLE, HistoryTableModel
from canvass_app.ui.supervisor.words import state_word

UNSENT = "__unsent__"


class HistoryView(QWidget):
    """Every visit on the device, filtered, sorted, searchable."""

    filter_changed = Signal(object)  # HistoryFilter (already scoped)
    visit_activated = Signal(str)  # local_id
    queue_imported = Signal(object)  # ImportResult

    def __init__(
        self,
        db: sqlite_utils.Database,
        *,
        canvasser: str | None,
        supervisor: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self.setAccessibleName(self.tr("Visit history"))
        names = walklist_names(db)
        self._viewer = Viewer(canvasser, supervisor)
        self.model = HistoryTableModel(db, viewer=self._viewer, walklist_names=names, parent=self)

        self.since_edit = QLineEdit()
        self.since_edit.setPlaceholderText(self.tr("from (YYYY-MM-DD)"))
        self.until_edit = QLineEdit()
        self.until_edit.setPlaceholderText(self.tr("to (YYYY-MM-DD)"))
        self.canvasser_box = QComboBox()
        self.canvasser_box.addItem(self.tr("All canvassers"), "")
        for person in history_service.canvassers(db):
            self.canvasser_box.addItem(person.display_name, person.canvasser_id)
        if not supervisor:
            index = self.canvasser_box.findData(canvasser or "")
            self.canvasser_box.setCurrentIndex(max(index, 0))
            self.canvasser_box.setEnabled(False)
            self.canvasser_box.setToolTip(self.tr("Only the supervisor sees everyone's visits"))
        self.walklist_box = QComboBox()
        self.walklist_box.addItem(self.tr("All walklists"), "")
        for list_id in history_service.distinct_values(db, "walklist_id"):
            self.walklist_box.addItem(names.get(list_id, list_id), list_id)
        self.outcome_box = QComboBox()
        self.outcome_box.addItem(self.tr("All outcomes"), "")
        for outcome in history_service.distinct_values(db, "outcome"):
            self.outcome_box.addItem(render(outcome_label(outcome)), outcome)
        self.state_box = QComboBox()
        self.state_box.addItem(self.tr("Any sync state"), "")
        self.state_box.addItem(self.tr("Not sent yet (all but sent)"), UNSENT)
        for state in OutboxState:
            self.state_box.addItem(state_word(state.value), state.value)
        self.grade_box = QComboBox()
        self.grade_box.addItem(self.tr("Any GPS grade"), "")
        for grade in GpsGrade:
            self.grade_box.addItem(f"{grade.shape} {render(grade.word)}", grade.value)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search names, addresses, notes, answers"))
        self.search_edit.setClearButtonEnabled(True)
        for edit in (self.since_edit, self.until_edit):
            edit.setMaximumWidth(170)
        self.voided_box = QCheckBox(self.tr("Show voided"))
        self.voided_box.setChecked(True)
        self.added_here_box = QCheckBox(self.tr("Only people added here"))
        self.added_here_box.setToolTip(
            self.tr("Only visits to people added at the door on this laptop")
        )
        for widget, name in (
            (self.since_edit, self.tr("Knocked from date")),
            (self.until_edit, self.tr("Knocked until date")),
            (self.canvasser_box, self.tr("Canvasser filter")),
            (self.walklist_box, self.tr("Walklist filter")),
            (self.outcome_box, self.tr("Outcome filter")),
            (self.state_box, self.tr("Sync state filter")),
            (self.grade_box, self.tr("GPS grade filter")),
            (self.search_edit, self.tr("Search")),
            (self.voided_box, self.tr("Show voided visits")),
            (self.added_here_box, self.tr("Only visits to people added on this laptop")),
        ):
            widget.setAccessibleName(name)
            widget.setMinimumHeight(32)

        # Typing waits for a pause before querying; picking from a list applies at once.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.apply_filters)
        for edit in (self.since_edit, self.until_edit, self.search_edit):
            edit.textChanged.connect(self._debounce.start)
            edit.returnPressed.connect(self.apply_filters)
        for box in (
            self.canvasser_box,
            self.walklist_box,
            self.outcome_box,
            self.state_box,
            self.grade_box,
        ):
            box.currentIndexChanged.connect(self.apply_filters)
        self.voided_box.toggled.connect(self.apply_filters)
        self.added_here_box.toggled.connect(self.apply_filters)

        self.problem_label = QLabel()
        self.problem_label.setStyleSheet("color: #B00020; font-weight: bold;")
        self.problem_label.setWordWrap(True)
        self.problem_label.setAccessibleName(self.tr("Filter problem"))
        self.count_label = QLabel()
        self.count_label.setAccessibleName(self.tr("Number of visits shown"))

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Wide enough for the longer Spanish outcomes ("Volver más tarde") too.
        for column, width in enumerate((138, 138, 78, 86, 170, 115, 128, 170, 100, 160)):
            self.table.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        self.table.setAccessibleName(self.tr("Ledger table"))
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.activated.connect(self._on_table_double_clicked)

        self.open_button = QPushButton(self.tr("Open visit…"))
        self.open_button.clicked.connect(self._on_open_clicked)
        self.export_button = QPushButton(self.tr("Export shown visits…"))
        self.export_button.clicked.connect(self._on_export_clicked)
        self.export_queue_button = QPushButton(self.tr("Export unsent queue…"))
        self.export_queue_button.clicked.connect(self._on_export_queue_clicked)
        self.import_queue_button = QPushButton(self.tr("Import queue…"))
        self.import_queue_button.clicked.connect(self._on_import_queue_clicked)
        for button in (
            self.open_button,
            self.export_button,
            self.export_queue_button,
            self.import_queue_button,
        ):
            button.setAccessibleName(button.text())
            button.setMinimumHeight(36)
        # The queue holds everyone's visits: moving it between laptops is the supervisor's.
        self.export_queue_button.setVisible(supervisor)
        self.import_queue_button.setVisible(supervisor)

        filters = QGridLayout()
        filters.addWidget(self.search_edit, 0, 0, 1, 3)
        filters.addWidget(QLabel(self.tr("Knocked")), 0, 3)
        filters.addWidget(self.since_edit, 0, 4)
        filters.addWidget(self.until_edit, 0, 5)
        filters.addWidget(self.voided_box, 0, 6)
        filters.addWidget(self.canvasser_box, 1, 0)
        filters.addWidget(self.walklist_box, 1, 1)
        filters.addWidget(self.outcome_box, 1, 2)
        filters.addWidget(self.state_box, 1, 3, 1, 2)
        filters.addWidget(self.grade_box, 1, 5, 1, 2)
        filters.addWidget(self.added_here_box, 0, 7)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.export_queue_button)
        buttons.addWidget(self.import_queue_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.problem_label.hide()
        self.apply_filters()

    # --- filters ---------------------------------------------------------------------

    def read_filter(self) -> HistoryFilter:
        """The filter the widgets describe, checked and scoped (raises ValidationError)."""
        state = str(self.state_box.currentData() or "")
        if state == UNSENT:
            states = [s.value for s in OutboxState if s is not OutboxState.SENT]
        else:
            states = [state] if state else []
        grade = str(self.grade_box.currentData() or "")
        flt = build_filter(
            since=self.since_edit.text() or None,
            until=self.until_edit.text() or None,
            canvasser=str(self.canvasser_box.currentData() or "") or None,
            walklist_id=str(self.walklist_box.currentData() or "") or None,
            outcome=str(self.outcome_box.currentData() or "") or None,
            states=states,
            gps_grades=[grade] if grade else [],
            search=self.search_edit.text(),
            include_voided=self.voided_box.isChecked(),
            added_here=self.added_here_box.isChecked(),
        )
        return self._viewer.scope(flt)

    def apply_filters(self) -> None:
        self._debounce.stop()
        try:
            flt = self.read_filter()
        except ValidationError as error:
            self.problem_label.setText(render(error.message))
            self.problem_label.show()
            return
        self.problem_label.hide()
        self.model.set_filter(flt)
        self._update_count()
        self.filter_changed.emit(flt)

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(
            self.tr("{n} visits").format(n=number(n)) if n != 1 else self.tr("1 visit")
        )

    def refresh(self) -> None:
        self.model.refresh()
        self._update_count()

    @property
    def current_filter(self) -> HistoryFilter:
        return self.model.current_filter

    # --- actions ---------------------------------------------------------------------

    def selected_local_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        value = self.model.data(index, LOCAL_ID_ROLE)
        return str(value) if value else None

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        local_id = self.model.data(index, LOCAL_ID_ROLE)
        if local_id:
            self.visit_activated.emit(str(local_id))

    def _on_open_clicked(self) -> None:
        local_id = self.selected_local_id()
        if local_id:
            self.visit_activated.emit(local_id)

    def export_to(self, path: Path, export_format: ExportFormat, *, bom: bool = False) -> int:
        return export_ledger(self._db, self.current_filter, path, export_format, bom=bom)

    def export_file_types(self) -> list[tuple[str, ExportFormat, bool]]:
        """The export dialog's file types: (filter text, format, byte order mark)."""
        return [
            (self.tr("CSV (*.csv)"), ExportFormat.CSV, False),
            (self.tr("CSV for Excel, with a byte order mark (*.csv)"), ExportFormat.CSV, True),
            (self.tr("GeoJSON (*.geojson)"), ExportFormat.GEOJSON, False),
            (self.tr("JSON Lines (*.jsonl)"), ExportFormat.JSONL, False),
        ]

    def _on_export_clicked(self) -> None:
        types = self.export_file_types()
        name, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("Export shown visits"),
            "ledger.csv",
            ";;".join(text for text, _, _ in types),
        )
        if not name:
            return
        suffix = Path(name).suffix.lower().lstrip(".")
        fmt = {"geojson": ExportFormat.GEOJSON, "jsonl": ExportFormat.JSONL}.get(
            suffix, ExportFormat.CSV
        )
        bom = False
        for text, chosen_format, chosen_bom in types:
            if text == chosen:
                fmt, bom = chosen_format, chosen_bom
        try:
            count = self.export_to(Path(name), fmt, bom=bom)
        except CanvassError as error:
            QMessageBox.warning(self, self.tr("Export failed"), render(error.message))
            return
        QMessageBox.information(
            self,
            self.tr("Exported"),
            self.tr("{n} visits written to {path}").format(n=count, path=name),
        )

    def _on_export_queue_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export unsent queue"), "outbox.jsonl", self.tr("JSON Lines (*.jsonl)")
        )
        if not name:
            return
        try:
            count = export_outbox(self._db, Path(name))
        except CanvassError as error:
            QMessageBox.warning(self, self.tr("Export failed"), render(error.message))
            return
        QMessageBox.information(
            self,
            self.tr("Queue exported"),
            self.tr(
                "{n} unsent visits written to {path}. Import this file on the other laptop; "
                "visits it already has are skipped."
            ).format(n=count, path=name),
        )

    def import_queue(self, path: Path) -> object:
        result = import_outbox(self._db, path)
        self.refresh()
        self.queue_imported.emit(result)
        return result

    def _on_import_queue_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import queue"), "", self.tr("JSON Lines (*.jsonl)")
        )
        if not name:
            return
        try:
            result = self.import_queue(Path(name))
        except CanvassError as error:
            QMessageBox.warning(self, self.tr("Import failed"), render(error.message))
            return
        QMessageBox.information(
            self,
            self.tr("Queue imported"),
            self.tr("{imported} visits queued, {skipped} already on this laptop skipped.").format(
                imported=getattr(result, "imported", 0),
                skipped=getattr(result, "skipped_duplicates", 0),
            ),
        )


__all__ = ["COLUMNS", "HistoryView"]
