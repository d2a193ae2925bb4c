"""One visit in full: answers as the survey asked them, the raw data, the sync log.

Actions: requeue (only where ``core.outbox.STATE_RULES`` allows it: rejected, needs
attention, waiting for a retry; never an ``unknown`` visit, which the engine must look up
on the server first), edit the raw interaction
data (queued as an edit, never sent from here), void (a queued delete), and export this
visit as JSON. Every decision is made by services; the dialog only shows and asks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sqlite_utils
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from canvass_app.core.contact import LocalContact
from canvass_app.core.errors import CanvassError
from canvass_app.core.outbox import OutboxState, SyncEvent, rule_of
from canvass_app.services import visits as visit_service
from canvass_app.services.exports import ledger_record, write_atomically
from canvass_app.services.history import VisitDetail, outcome_label, unit_address, visit_detail
from canvass_app.ui.i18n import mark_technical, render
from canvass_app.ui.supervisor.history_model import distance_text
from canvass_app.ui.supervisor.words import local_time, state_color, state_word


def describe_event(event: SyncEvent) -> str:
    """What one sync-log line says, in words: conflicts list the values they overwrote."""
    parts: list[str] = []
    if event.message:
        parts.append(event.message)
    if event.error_class:
        parts.append(f"({event.error_class})")
    detail = event.detail or {}
    overwritten = detail.get("overwritten") if isinstance(detail, dict) else None
    if isinstance(overwritten, list):
        for item in overwritten:
            if isinstance(item, dict):
                parts.append(
                    f"overwrote {item.get('path')}: server had {json.dumps(item.get('server_value'))}"
                    f", kept ours {json.dumps(item.get('local_value'))}"
                )
    elif detail:
        parts.append(json.dumps(detail, ensure_ascii=False))
    return " ".join(parts)


class VisitDetailDialog(QDialog):
    """The detail of one visit, with its actions."""

    visit_changed = Signal(str)  # local_id, after a requeue, edit or void

    def __init__(
        self,
        db: sqlite_utils.Database,
        local_id: str,
        *,
        can_act: bool = True,
        canvasser: str | None = None,
        supervisor: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._local_id = local_id
        self._can_act = can_act
        self._canvasser = canvasser
        self._supervisor = supervisor
        self.setAccessibleName(self.tr("Visit detail"))
        self.resize(900, 640)

        self._summary = QFormLayout()
        self._answers = QTableWidget(0, 2)
        self._answers.setHorizontalHeaderLabels([self.tr("Question"), self.tr("Answer")])
        self._answers.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._answers.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self._answers.verticalHeader().setVisible(False)
        self._answers.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self._answers.setAccessibleName(self.tr("Survey answers"))
        self._raw = mark_technical(QPlainTextEdit())
        self._raw.setReadOnly(True)
        self._raw.setFont(QFont("monospace"))
        self._raw.setAccessibleName(self.tr("Raw interaction data"))
        self._log = mark_technical(QTableWidget(0, 6))  # the visit's sync log: for support
        self._log.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Event"),
                self.tr("Method"),
                self.tr("Status"),
                self.tr("Etag"),
                self.tr("What happened"),
            ]
        )
        self._log.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self._log.verticalHeader().setVisible(False)
        self._log.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self._log.setWordWrap(True)
        self._log.setAccessibleName(self.tr("Sync log"))

        tabs = QTabWidget()
        tabs.addTab(self._answers, self.tr("Answers"))
        tabs.addTab(self._log, self.tr("Sync log"))
        tabs.addTab(self._raw, self.tr("Raw data"))
        self.tabs = tabs
        tabs.currentChanged.connect(self._on_tabs_current_changed)

        self.requeue_button = QPushButton(self.tr("Send again (requeue)"))
        self.edit_button = QPushButton(self.tr("Edit data…"))
        self.void_button = QPushButton(self.tr("Void visit"))
        self.export_button = QPushButton(self.tr("Export as JSON…"))
        close_button = QPushButton(self.tr("Close"))
        for button in (
            self.requeue_button,
            self.edit_button,
            self.void_button,
            self.export_button,
            close_button,
        ):
            button.setAccessibleName(button.text())
            button.setMinimumHeight(36)
        self.requeue_button.clicked.connect(self._on_requeue_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.void_button.clicked.connect(self._on_void_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        close_button.clicked.connect(self.accept)

        buttons = QHBoxLayout()
        for button in (self.requeue_button, self.edit_button, self.void_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(self._summary)
        layout.addWidget(tabs, 1)
        layout.addLayout(buttons)
        self.detail: VisitDetail | None = None
        self.reload()

    def reload(self) -> None:
        detail = visit_detail(
            self._db, self._local_id, canvasser=self._canvasser, supervisor=self._supervisor
        )
        self.detail = detail
        row = detail.row
        self.setWindowTitle(
            self.tr("Visit — {contact}, {address}").format(
                contact=row.contact_name or self.tr("unknown contact"), address=row.address_line
            )
        )
        while self._summary.rowCount():
            self._summary.removeRow(0)
        state = QLabel(state_word(row.state) + (self.tr(" — voided") if row.deleted else ""))
        state.setStyleSheet(f"color: {state_color(row.state)}; font-weight: bold;")
        address = render(unit_address(row.address_line, row.unit))
        self._summary.addRow(self.tr("Sync state:"), state)
        if row.last_error:  # the server's or the engine's own words, for support
            error = mark_technical(QLabel(row.last_error))
            error.setWordWrap(True)
            self._summary.addRow(self.tr("Last problem:"), error)
        self._summary.addRow(self.tr("Contact:"), QLabel(f"{row.contact_name} — {address}"))
        sent = local_time(row.sent_time) if row.sent_time else self.tr("not sent yet")
        self._summary.addRow(
            self.tr("Knocked / sent:"),
            QLabel(f"{local_time(row.knock_time)}  /  {sent}"),
        )
        self._summary.addRow(
            self.tr("Canvasser / outcome:"),
            QLabel(f"{row.canvasser} — {render(outcome_label(row.outcome))}"),
        )
        if row.do_not_knock_override:
            warning = QLabel(
                self.tr(
                    "⚠ Recorded at a door marked Do Not Knock: the canvasser confirmed it "
                    "on purpose."
                )
            )
            warning.setWordWrap(True)
            warning.setStyleSheet("font-weight: bold;")
            self._summary.addRow(self.tr("Do Not Knock:"), warning)
        if detail.person is not None:
            person = QLabel(self._person_text(detail.person))
            person.setWordWrap(True)
            person.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._summary.addRow(self.tr("New person:"), person)
        self._summary.addRow(self.tr("Distance to door:"), QLabel(distance_text(row)))
        ids = QLabel(
            self.tr("local {local} · server {server} · etag {etag}").format(
                local=row.local_id,
                server=row.server_id or self.tr("none yet"),
                etag=row.etag or self.tr("none"),
            )
        )
        ids.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._summary.addRow(self.tr("Ids:"), ids)

        survey_name = detail.survey_name or self.tr("survey not in the offline copy")
        self.tabs.setTabText(0, self.tr("Answers ({survey})").format(survey=survey_name))
        self._answers.setRowCount(len(detail.answers))
        for i, line in enumerate(detail.answers):
            self._answers.setItem(i, 0, QTableWidgetItem(render(line.question)))
            self._answers.setItem(i, 1, QTableWidgetItem(render(line.answer)))
        self._raw.setPlainText(detail.raw_json)
        # the person's own requests (contact, link) beside the visit's, in time order
        person_events = {id(event) for event in detail.person_log}
        events = sorted([*detail.log, *detail.person_log], key=lambda e: e.id)
        self._log.setRowCount(len(events))
        for i, event in enumerate(events):
            moved = (
                f"{event.event}: {event.from_state or '—'} → {event.to_state}"
                if event.to_state
                else event.event
            )
            if id(event) in person_events:
                moved = self.tr("person: {event}").format(event=moved)
            cells = (
                local_time(event.at),
                moved,
                event.method or "",
                "" if event.http_status is None else str(event.http_status),
                event.etag or "",
                describe_event(event),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self._log.setItem(i, column, item)
        self._log.resizeColumnsToContents()
        self._log.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self._log.resizeRowsToContents()

        acting = self._can_act and not row.deleted
        self.requeue_button.setEnabled(acting and rule_of(row.state).requeueable)
        self.edit_button.setEnabled(acting)
        self.void_button.setEnabled(acting)

    def _person_text(self, person: LocalContact) -> str:
        """Who added the person, and where their contact stands on the server."""
        added = self.tr("{name}, added at the door on this laptop by {canvasser}, {time}.").format(
            name=person.display_name,
            canvasser=person.canvasser,
            time=local_time(person.created_at),
        )
        if person.on_server:
            where = self.tr("On the server: contact {contact}, link {link}.").format(
                contact=person.server_id, link=person.link_id
            )
        elif person.state in (OutboxState.REJECTED, OutboxState.NEEDS_ATTENTION):
            where = self.tr(
                "The server did not accept them ({reason}). Correct them at the door (F2), "
                "then send this visit again: they go first."
            ).format(reason=person.last_error or state_word(person.state.value))
        else:
            where = self.tr(
                "Not on the server yet: they are sent first, then this visit names them."
            )
        return f"{added} {where}"

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Row heights depend on the final column widths, known only once shown.
        self._log.resizeRowsToContents()

    def _on_tabs_current_changed(self, _index: int) -> None:
        self._log.resizeRowsToContents()

    # --- actions ---------------------------------------------------------------------

    def _show_error(self, error: CanvassError | str) -> None:
        text = render(error.message) if isinstance(error, CanvassError) else error
        QMessageBox.warning(self, self.tr("Could not do that"), text)

    def _on_requeue_clicked(self) -> None:
        try:
            visit_service.requeue_visit(self._db, self._local_id)
        except CanvassError as error:
            self._show_error(error)
            return
        self.reload()
        self.visit_changed.emit(self._local_id)

    def _on_void_clicked(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Void this visit?"),
            self.tr(
                "The visit stays in the ledger, marked voided; if it reached the server a "
                "delete is queued. Void it?"
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.void_visit()

    def void_visit(self) -> None:
        try:
            visit_service.delete_visit(self._db, self._local_id)
        except CanvassError as error:
            self._show_error(error)
            return
        self.reload()
        self.visit_changed.emit(self._local_id)

    def _on_edit_clicked(self) -> None:
        assert self.detail is not None
        editor = RawEditDialog(self.detail.raw_json, parent=self)
        if editor.exec() != QDialog.DialogCode.Accepted:
            return
        self.apply_edit(editor.text())

    def apply_edit(self, text: str) -> bool:
        """Queue an edit from edited raw data: only changed top-level fields are sent."""
        assert self.detail is not None
        try:
            new_data = json.loads(text)
        except ValueError as error:
            where = getattr(error, "lineno", "?"), getattr(error, "colno", "?")
            self._show_error(
                self.tr("The data is not valid JSON (line {line}, column {column}).").format(
                    line=where[0], column=where[1]
                )
            )
            return False
        if not isinstance(new_data, dict):
            self._show_error(self.tr("The data must be a JSON object."))
            return False
        old = self.detail.row.data
        changes: dict[str, Any] = {}
        for key in sorted(set(old) | set(new_data)):
            if key not in new_data:
                from canvass_app.core.patch import REMOVE

                changes[f"/{key}"] = REMOVE
            elif old.get(key) != new_data[key] or key not in old:
                changes[f"/{key}"] = new_data[key]
        if not changes:
            return True
        try:
            visit_service.edit_visit(self._db, self._local_id, changes)
        except CanvassError as error:
            self._show_error(error)
            return False
        self.reload()
        self.visit_changed.emit(self._local_id)
        return True

    def _on_export_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export visit"),
            f"visit-{self._local_id}.json",
            self.tr("JSON (*.json)"),
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        assert self.detail is not None
        record = ledger_record(self.detail.row)
        record["sync_log"] = [event.__dict__ for event in self.detail.log]
        text = json.dumps(record, indent=2, ensure_ascii=False)
        try:
            write_atomically(path, lambda out: out.write(text))
        except CanvassError as error:
            self._show_error(error)


class RawEditDialog(QDialog):
    """Edit the interaction data as JSON; the result becomes a queued edit."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit interaction data"))
        self.setAccessibleName(self.tr("Edit interaction data"))
        self.resize(700, 560)
        self._edit = QPlainTextEdit(text)
        self._edit.setFont(QFont("monospace"))
        self._edit.setAccessibleName(self.tr("Interaction data as JSON"))
        note = QLabel(
            self.tr(
                "Changed fields are queued as an edit (with checks on the values you started "
                "from) and sent at the next sync."
            )
        )
        note.setWordWrap(True)
        save = QPushButton(self.tr("Queue edit"))
        cancel = QPushButton(self.tr("Cancel"))
        save.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self._edit, 1)
        layout.addLayout(buttons)

    def text(self) -> str:
        return self._edit.toPlainText()
