"""A household's visits, newest first, with Edit and Delete: fixing a mistake is for everyone.

Each row shows the knock time (when the door was knocked) and the send time (when the
server acknowledged it) side by side, the state in words, and the outcome.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from canvass_app.core.outbox import OutboxState, Visit
from canvass_app.services import visits as visit_service
from canvass_app.ui.door_style import outcome_word
from canvass_app.ui.supervisor.words import local_time


class HouseholdHistoryDialog(QDialog):
    """Visits to one household; Edit re-opens the answers, Delete voids the visit."""

    edit_requested = Signal(object)  # Visit
    delete_requested = Signal(object)  # Visit, after the canvasser confirmed

    COLUMNS = 6

    def __init__(
        self, db: object, household_id: str, address: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._household_id = household_id
        self._visits: list[Visit] = []
        self.setWindowTitle(self.tr("History — {address}").format(address=address))
        self.setAccessibleName(self.tr("Household history"))
        self.resize(900, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Every visit to this door from this laptop. Edit or delete a mistake here; "
                "the change is sent like a new visit."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setAccessibleName(self.tr("Visits to this household"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Knocked at"),
                self.tr("Sent at"),
                self.tr("Person"),
                self.tr("Outcome"),
                self.tr("State"),
                self.tr("By"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setAccessibleName(self.tr("Message"))
        layout.addWidget(self.message_label)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("Edit answers…"))
        self.edit_button.setAccessibleName(self.tr("Edit the selected visit's answers"))
        self.edit_button.setToolTip(self.tr("Ctrl+E"))
        self.edit_button.setShortcut("Ctrl+E")
        self.delete_button = QPushButton(self.tr("Delete visit…"))
        self.delete_button.setAccessibleName(self.tr("Delete the selected visit"))
        self.delete_button.setToolTip(self.tr("Delete key"))
        self.delete_button.setShortcut("Del")
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close the history"))
        self.close_button.setToolTip(self.tr("Esc"))
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.close_button.clicked.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.confirm_delete = self._ask_delete  # tests replace the question
        self.reload()

    def _state_words(self, visit: Visit) -> str:
        if visit.deleted:
            return self.tr("deleted")
        words = {
            OutboxState.QUEUED: self.tr("waiting to send"),
            OutboxState.SENDING: self.tr("sending"),
            OutboxState.SENT: self.tr("sent"),
            OutboxState.RETRY_WAIT: self.tr("will retry"),
            OutboxState.UNKNOWN: self.tr("checking with the server"),
            OutboxState.NEEDS_ATTENTION: self.tr("needs attention"),
            OutboxState.REJECTED: self.tr("rejected by the server"),
        }
        text = words.get(visit.state, visit.state.value)
        if visit.state in (OutboxState.NEEDS_ATTENTION, OutboxState.REJECTED):
            # the technical reason is in the visit's sync log, for the supervisor
            text += self.tr(": kept on this laptop; your supervisor will look at it")
        return text

    @property
    def visits(self) -> list[Visit]:
        return list(self._visits)

    def reload(self) -> None:
        self._visits = visit_service.household_visits(self._db, self._household_id)  # type: ignore[arg-type]
        self.table.setRowCount(len(self._visits))
        for row, visit in enumerate(self._visits):
            cells = [
                local_time(visit.knock_time),
                local_time(visit.sent_time) or self.tr("not sent yet"),
                visit.contact_name,
                outcome_word(visit.outcome) or "—",
                self._state_words(visit),
                visit.canvasser,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
                self.table.setItem(row, column, item)
        if self._visits:
            self.table.selectRow(0)
        self.message_label.setText(
            "" if self._visits else self.tr("No visit to this door from this laptop yet.")
        )
        self._on_table_selection_changed()

    def selected_visit(self) -> Visit | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self._visits[rows[0].row()]

    def select_visit(self, local_id: str) -> None:
        for row, visit in enumerate(self._visits):
            if visit.local_id == local_id:
                self.table.selectRow(row)

    def _on_table_selection_changed(self) -> None:
        visit = self.selected_visit()
        usable = visit is not None and not visit.deleted
        self.edit_button.setEnabled(usable)
        self.delete_button.setEnabled(usable)

    def _on_edit_button_clicked(self) -> None:
        visit = self.selected_visit()
        if visit is None or visit.deleted:
            return
        self.edit_requested.emit(visit)
        self.accept()

    def _ask_delete(self, visit: Visit) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Delete this visit?"),
            self.tr(
                "Delete the visit to {name} knocked at {time}? It stays in the ledger as "
                "deleted, and the server copy (if sent) is removed."
            ).format(name=visit.contact_name, time=local_time(visit.knock_time)),
        )
        return answer == QMessageBox.StandardButton.Yes

    def _on_delete_button_clicked(self) -> None:
        visit = self.selected_visit()
        if visit is None or visit.deleted or not self.confirm_delete(visit):
            return
        self.delete_requested.emit(visit)  # the door session voids it; then show_result

    def show_result(self, message: str) -> None:
        """After a change the window made: the table as it is now, and what happened."""
        self.reload()
        self.message_label.setText(message)
