"""The right pane of the door screen: who is at this door, where we stand, and the form.

From top to bottom: the person and address (with a "Do Not Knock" warning when it
applies), the location panel, the one-tap outcome bar, the survey picker and the survey.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from canvass_app.core.door_marks import DoorMark
from canvass_app.core.walklist import WalklistEntry
from canvass_app.ui.door_style import mark_pixmap
from canvass_app.ui.location_panel import LocationPanelWidget
from canvass_app.ui.outcome_bar import OutcomeBarWidget
from canvass_app.ui.survey_form import SurveyFormWidget


class DoorView(QWidget):
    """Header + location + outcomes + survey, for the person (or doors) picked."""

    survey_chosen = Signal(str)  # survey id picked in the combo box

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Door"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)

        header_row = QHBoxLayout()
        self.warning_icon = QLabel()
        self.warning_icon.setPixmap(mark_pixmap(DoorMark.DO_NOT_KNOCK, 32))
        self.warning_icon.setVisible(False)
        self.warning_icon.setAccessibleName(self.tr("Do Not Knock"))
        header_text = QVBoxLayout()
        self.contact_label = QLabel(self.tr("No door picked"))
        self.contact_label.setObjectName("contactHeader")
        self.contact_label.setWordWrap(True)
        self.contact_label.setAccessibleName(self.tr("Person"))
        self.address_label = QLabel(self.tr("Pick a person in the walklist (arrows, then Enter)."))
        self.address_label.setWordWrap(True)
        self.address_label.setAccessibleName(self.tr("Address"))
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setObjectName("surveyMessage")
        self.warning_label.setVisible(False)
        self.warning_label.setAccessibleName(self.tr("Warning"))
        header_text.addWidget(self.contact_label)
        header_text.addWidget(self.address_label)
        header_row.addWidget(self.warning_icon, 0, Qt.AlignmentFlag.AlignTop)
        header_row.addLayout(header_text, 1)
        layout.addLayout(header_row)
        layout.addWidget(self.warning_label)

        self.location_panel = LocationPanelWidget()
        layout.addWidget(self.location_panel)

        self.outcome_bar = OutcomeBarWidget()
        layout.addWidget(self.outcome_bar)

        survey_row = QHBoxLayout()
        survey_label = QLabel(self.tr("Survey:"))
        self.survey_combo = QComboBox()
        self.survey_combo.setAccessibleName(self.tr("Survey to use"))
        survey_label.setBuddy(self.survey_combo)
        survey_row.addWidget(survey_label)
        survey_row.addWidget(self.survey_combo, 1)
        layout.addLayout(survey_row)

        self.survey_form = SurveyFormWidget()
        layout.addWidget(self.survey_form, 1)

        self.survey_combo.activated.connect(self._on_survey_combo_activated)
        self.show_targets([])

    def set_surveys(self, surveys: Sequence[tuple[str, str]], current_id: str | None) -> None:
        """(id, name) of every survey, usable or not; ``current_id`` is picked."""
        self.survey_combo.blockSignals(True)
        self.survey_combo.clear()
        for survey_id, name in surveys:
            self.survey_combo.addItem(name, survey_id)
        if current_id is not None:
            index = self.survey_combo.findData(current_id)
            if index >= 0:
                self.survey_combo.setCurrentIndex(index)
        self.survey_combo.blockSignals(False)
        self.survey_combo.setEnabled(self.survey_combo.count() > 1)

    def current_survey_id(self) -> str | None:
        value = self.survey_combo.currentData()
        return value if isinstance(value, str) else None

    def show_targets(self, entries: Sequence[WalklistEntry], *, do_not_knock: bool = False) -> None:
        """Show who one press of an outcome records a visit for."""
        self.outcome_bar.set_available(bool(entries))
        self.outcome_bar.set_target_count(len(entries))
        self.warning_icon.setVisible(do_not_knock)
        if do_not_knock:
            self.warning_label.setText(
                self.tr("Do Not Knock: this door asked not to be visited. Walk on.")
            )
        self.warning_label.setVisible(do_not_knock)
        if not entries:
            self.contact_label.setText(self.tr("No door picked"))
            self.address_label.setText(
                self.tr("Pick a person in the walklist (arrows, then Enter).")
            )
            return
        if len(entries) == 1:
            entry = entries[0]
            household = entry.household
            self.contact_label.setText(entry.contact.display_name)
            unit = (
                self.tr(", unit {unit}").format(unit=household.unit_num)
                if household.unit_num
                else ""
            )
            city = f", {household.address.city}" if household.address.city else ""
            added = (
                self.tr(" · added at the door on this laptop (F2 corrects)")
                if entry.added_here
                else ""
            )
            self.address_label.setText(f"{household.address.line}{unit}{city}{added}")
            return
        doors = {entry.household.id for entry in entries}
        self.contact_label.setText(
            self.tr("{people} people at {doors} doors selected").format(
                people=len(entries), doors=len(doors)
            )
        )
        self.address_label.setText(self.tr("A one-tap outcome records one visit for each of them."))

    def _on_survey_combo_activated(self, _index: int) -> None:
        survey_id = self.current_survey_id()
        if survey_id is not None:
            self.survey_chosen.emit(survey_id)
