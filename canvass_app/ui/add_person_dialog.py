"""Add a person at the door (or correct one added here before they are sent).

The dialog only gathers the fields and shows what ``core.contact.person_problems`` says
about them, under the field concerned, focusing the first one; it accepts only details
core finds complete. Saving is the door session's (``DoorSession.add_person``).

Keyboard: every field has a mnemonic (Alt+letter), Enter adds, Esc cancels.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from canvass_app.core.contact import (
    LANGUAGES,
    MAX_EMAIL_LENGTH,
    MAX_NAME_LENGTH,
    PHONE_TYPES,
    PersonDetails,
    PersonProblem,
    person_problems,
)
from canvass_app.ui.i18n import render

PROBLEM_OBJECT_NAME = "fieldProblem"


class AddPersonDialog(QDialog):
    """``details()`` once accepted; ``show_problems`` for what the session refused."""

    def __init__(
        self,
        place: str,
        parent: QWidget | None = None,
        *,
        person: PersonDetails | None = None,
    ) -> None:
        super().__init__(parent)
        self._correcting = person is not None
        if self._correcting:
            self.setWindowTitle(self.tr("Correct a person added here"))
        else:
            self.setWindowTitle(self.tr("Add a person"))
        self.setAccessibleName(self.windowTitle())
        layout = self._layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("Correct the details of this person at {place}. They are sent once.")
            if self._correcting
            else self.tr(
                "Someone who lives at {place} and is not on the walklist. After adding "
                "them, record their visit as for anyone."
            )
        )
        intro.setText(intro.text().replace("{place}", place))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.given_edit = self._line(self.tr("First name"), MAX_NAME_LENGTH)
        self.surname_edit = self._line(self.tr("Last name"), MAX_NAME_LENGTH)
        self.phone_edit = self._line(self.tr("Phone"), 40)
        self.phone_edit.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.phone_edit.setPlaceholderText(self.tr("optional, e.g. 617-555-0100"))
        self.phone_type_combo = QComboBox()
        self.phone_type_combo.setAccessibleName(self.tr("Kind of phone"))
        for code, name in PHONE_TYPES:
            self.phone_type_combo.addItem(render(name), code)
        self.email_edit = self._line(self.tr("Email"), MAX_EMAIL_LENGTH)
        self.email_edit.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)
        self.email_edit.setPlaceholderText(self.tr("optional, e.g. ana@example.org"))
        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName(self.tr("Preferred language"))
        self.language_combo.addItem(self.tr("Not asked"), "")
        for code, name in LANGUAGES:
            self.language_combo.addItem(render(name), code)

        self._problem_labels: dict[str, QLabel] = {}
        phone_row = QHBoxLayout()
        phone_row.addWidget(self.phone_edit, 1)
        phone_row.addWidget(self.phone_type_combo)
        rows: list[tuple[str, str, QWidget | QHBoxLayout]] = [
            (self.tr("&First name (required):"), "given", self.given_edit),
            (self.tr("&Last name (required):"), "surname", self.surname_edit),
            (self.tr("&Phone:"), "phone", phone_row),
            (self.tr("&Email:"), "email", self.email_edit),
            (self.tr("Prefers lan&guage:"), "language", self.language_combo),
        ]
        for text, field, widget in rows:
            label = QLabel(text)
            label.setBuddy(self._field_widget(field))
            form.addRow(label, widget)
            problem = QLabel()
            problem.setObjectName(PROBLEM_OBJECT_NAME)
            problem.setWordWrap(True)
            problem.hide()
            form.addRow("", problem)
            self._problem_labels[field] = problem
        # the kind of phone shares the phone's problem line
        self._problem_labels["phone_type"] = self._problem_labels["phone"]
        layout.addLayout(form)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.add_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.add_button.setText(
            self.tr("Save changes") if self._correcting else self.tr("Add person")
        )
        self.add_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        if person is not None:
            self.set_details(person)
        self.setMinimumWidth(520)
        self.given_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _line(self, name: str, max_length: int) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setMaxLength(max_length + 20)  # core says "at most N" in words past N
        return edit

    def _field_widget(self, field: str) -> QWidget:
        return {
            "given": self.given_edit,
            "surname": self.surname_edit,
            "phone": self.phone_edit,
            "phone_type": self.phone_type_combo,
            "email": self.email_edit,
            "language": self.language_combo,
        }[field]

    # --- the fields -----------------------------------------------------------------------

    def details(self) -> PersonDetails:
        return PersonDetails(
            given=self.given_edit.text(),
            surname=self.surname_edit.text(),
            phone=self.phone_edit.text(),
            phone_type=str(self.phone_type_combo.currentData() or "mobile"),
            email=self.email_edit.text(),
            language=str(self.language_combo.currentData() or ""),
        )

    def set_details(self, details: PersonDetails) -> None:
        self.given_edit.setText(details.given)
        self.surname_edit.setText(details.surname)
        self.phone_edit.setText(details.phone)
        self.email_edit.setText(details.email)
        for combo, value in (
            (self.phone_type_combo, details.phone_type),
            (self.language_combo, details.language),
        ):
            index = combo.findData(value)
            combo.setCurrentIndex(max(index, 0))

    def show_problems(self, problems: Sequence[PersonProblem]) -> None:
        """Each problem under its field (read out by screen readers with the field); the
        first field with a problem gets the focus."""
        for label in self._problem_labels.values():
            label.clear()
            label.hide()
        for field in ("given", "surname", "phone", "phone_type", "email", "language"):
            self._field_widget(field).setAccessibleDescription("")
        for problem in problems:
            found = self._problem_labels.get(problem.field)
            if found is None:
                continue
            label = found
            words = render(problem.message)
            label.setText(words if not label.text() else f"{label.text()} {words}")
            label.show()
            self._field_widget(problem.field).setAccessibleDescription(words)
        if problems:
            self._field_widget(problems[0].field).setFocus(Qt.FocusReason.OtherFocusReason)
        # grow (or shrink) to fit the wrapped lines, so none is cut off
        self._layout.activate()
        self.resize(self.width(), self.sizeHint().height())

    def problems_shown(self) -> list[str]:
        """The problem lines shown under the fields, in order."""
        return [label.text() for label in self._problem_lines() if label.isVisible()]

    def _problem_lines(self) -> list[QLabel]:
        seen: list[QLabel] = []
        for label in self._problem_labels.values():
            if label not in seen:
                seen.append(label)
        return seen

    def _on_buttons_accepted(self) -> None:
        problems = person_problems(self.details())
        self.show_problems(problems)
        if not problems:
            self.accept()
