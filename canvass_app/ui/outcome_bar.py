"""The one-tap outcome bar: Not Home, Come Back, Refused, ... on the digits 1–7.

Each button records a visit with no survey. Which fields an outcome sets is decided in
``core.outcomes``; this widget only says which outcome was pressed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from canvass_app.core.outcomes import ONE_TAP_OUTCOMES, Outcome
from canvass_app.ui.door_style import outcome_word


class OutcomeBarWidget(QWidget):
    """Big buttons, one per one-tap outcome, each with its digit shown."""

    outcome_chosen = Signal(object)  # core.outcomes.Outcome

    COLUMNS = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("One-tap outcomes"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title_label = QLabel(self.tr("Outcome without a survey (keys 1–7):"))
        self.title_label.setAccessibleName(self.tr("One-tap outcomes"))
        layout.addWidget(self.title_label)
        grid = QGridLayout()
        grid.setSpacing(6)
        layout.addLayout(grid)

        self.buttons: dict[str, QPushButton] = {}
        self.outcome_actions: list[QAction] = []
        for index, outcome in enumerate(ONE_TAP_OUTCOMES):
            word = outcome_word(outcome.label)
            button = QPushButton(f"{outcome.shortcut_digit}  {word}")
            button.setAccessibleName(
                self.tr("Record {outcome} (key {digit})").format(
                    outcome=word, digit=outcome.shortcut_digit
                )
            )
            button.setToolTip(self.tr("Key {digit}").format(digit=outcome.shortcut_digit))
            button.setMinimumHeight(52)
            button.clicked.connect(lambda _=False, o=outcome: self._choose(o))
            grid.addWidget(button, index // self.COLUMNS, index % self.COLUMNS)
            self.buttons[outcome.key] = button

            action = QAction(self.tr("Record {outcome}").format(outcome=word), self)
            action.setShortcut(QKeySequence(str(outcome.shortcut_digit)))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False, o=outcome: self._choose(o))
            self.outcome_actions.append(action)

    def _choose(self, outcome: Outcome) -> None:
        if self.isEnabled():
            self.outcome_chosen.emit(outcome)

    def set_available(self, enabled: bool) -> None:
        """Enable or disable the buttons and their digit shortcuts together."""
        self.setEnabled(enabled)
        for action in self.outcome_actions:
            action.setEnabled(enabled)

    def set_target_count(self, count: int) -> None:
        """Say how many contacts one press records a visit for."""
        if count <= 1:
            self.title_label.setText(self.tr("Outcome without a survey (keys 1–7):"))
        else:
            self.title_label.setText(
                self.tr("Outcome for all {n} selected people (keys 1–7):").format(n=count)
            )
