"""The location panel: how good the position fix is and how far the door is, before saving.

The source in use (Settings → Location); accuracy and age of the fix; the distance to
the household graded by ``core.geo`` (shape + word + colour); and an honest "No GPS
captured" when the fix cannot be used, with the reason in words: the source's (no fix,
no location service, gpsd unreachable, …) or ``core.geo.fix_problem``'s (too old, too
vague).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QWidget

from canvass_app.core.geo import (
    MAX_FIX_AGE_S,
    Fix,
    GpsGrade,
    fix_distance_m,
    fix_problem,
    grade_distance,
    usable_fix,
)
from canvass_app.core.messages import Message
from canvass_app.ui.i18n import render


class LocationPanelWidget(QFrame):
    """Fix accuracy and age, distance to the household and its grade."""

    def __init__(self, parent: QWidget | None = None, *, max_accuracy_m: float = 100.0) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.setAccessibleName(self.tr("Location"))
        self._fix: Fix | None = None
        self._no_fix_reason: Message | None = None
        self._household: tuple[float, float] | None = None
        self._household_picked = False  # a door is picked (it may lack coordinates)
        self._max_accuracy_m = max_accuracy_m
        self._now: Callable[[], datetime] = lambda: datetime.now(UTC)

        layout = QGridLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setHorizontalSpacing(12)
        title = QLabel(self.tr("Location"))
        title.setStyleSheet("font-weight: bold;")
        self.grade_label = QLabel()
        self.grade_label.setAccessibleName(self.tr("Distance grade"))
        self.grade_label.setTextFormat(Qt.TextFormat.RichText)
        self.fix_label = QLabel()
        self.fix_label.setAccessibleName(self.tr("Position fix"))
        self.fix_label.setWordWrap(True)
        self.distance_label = QLabel()
        self.distance_label.setAccessibleName(self.tr("Distance to the household"))
        # the source in use, on the title's line (the panel must not grow: the survey
        # below it fits a 1280x720 screen); the whole name is in its tooltip
        self.source_label = QLabel()
        self.source_label.setAccessibleName(self.tr("Location source"))
        self.source_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.source_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(title, 0, 0)
        layout.addWidget(self.grade_label, 0, 1)
        layout.addWidget(self.source_label, 0, 2)
        layout.addWidget(self.fix_label, 1, 0, 1, 3)
        layout.addWidget(self.distance_label, 2, 0, 1, 3)
        layout.setColumnStretch(2, 1)

        # the age of the fix ticks while the panel is on screen
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.refresh)
        self.refresh()

    def set_max_accuracy(self, meters: float) -> None:
        self._max_accuracy_m = meters
        self.refresh()

    def set_clock(self, now: Callable[[], datetime]) -> None:
        """Tests pin the clock (a callable returning an aware datetime)."""
        self._now = now
        self.refresh()

    def set_fix(self, fix: Fix | None, reason: Message | None = None) -> None:
        """The latest fix, or None and why there is none (from the position source)."""
        self._fix = fix
        self._no_fix_reason = reason
        self.refresh()

    def set_source(self, source: Message) -> None:
        """The position source in use, in words (from the position service)."""
        text = self.tr("Source: {source}").format(source=render(source))
        self.source_label.setText(text)
        self.source_label.setToolTip(text)
        self.source_label.setAccessibleDescription(text)

    def set_household(self, lat: float | None, lng: float | None) -> None:
        self._household = (lat, lng) if lat is not None and lng is not None else None
        self._household_picked = True
        self.refresh()

    def clear_household(self) -> None:
        """No door picked (or several): no distance to judge yet."""
        self._household = None
        self._household_picked = False
        self.refresh()

    @property
    def fix(self) -> Fix | None:
        return self._fix

    def grade(self) -> GpsGrade:
        """The grade shown now (NONE when the fix cannot be used)."""
        fix = self._fix
        if not usable_fix(fix, self._now(), MAX_FIX_AGE_S, self._max_accuracy_m):
            return GpsGrade.NONE
        if self._household is None:
            return GpsGrade.NONE
        return grade_distance(fix_distance_m(fix, *self._household))

    def _grade_word(self, grade: GpsGrade) -> str:
        words = {
            GpsGrade.GOOD: self.tr("Under 100 m"),
            GpsGrade.FAIR: self.tr("100–300 m"),
            GpsGrade.POOR: self.tr("Over 300 m"),
            GpsGrade.NONE: self.tr("No GPS captured"),
        }
        return words[grade]

    def refresh(self) -> None:
        now = self._now()
        fix = self._fix
        usable = usable_fix(fix, now, MAX_FIX_AGE_S, self._max_accuracy_m)
        if fix is None:
            reason = self._no_fix_reason
            self.fix_label.setText(
                render(reason)
                if reason is not None
                else self.tr("No position fix. The visit is saved without a location.")
            )
        else:
            age_s = max(0, int((now - fix.timestamp).total_seconds()))
            accuracy = (
                self.tr("±{m} m").format(m=round(fix.accuracy_m))
                if fix.accuracy_m is not None
                else self.tr("accuracy unknown")
            )
            text = self.tr("Fix {accuracy}, {age} s old.").format(accuracy=accuracy, age=age_s)
            problem = fix_problem(fix, now, MAX_FIX_AGE_S, self._max_accuracy_m)
            if problem is not None:
                text += " " + render(problem)
            self.fix_label.setText(text)

        grade = GpsGrade.NONE
        if usable and self._household is not None:
            meters = fix_distance_m(fix, *self._household)
            grade = grade_distance(meters)
            self.distance_label.setText(self.tr("Door is {m} m away.").format(m=round(meters or 0)))
        elif usable and self._household_picked:
            self.distance_label.setText(self.tr("This household has no map position."))
        else:
            self.distance_label.setText("")
        self.distance_label.setVisible(bool(self.distance_label.text()))
        if usable and not self._household_picked:
            # A good fix and no door yet: nothing to grade, and "No GPS" would be untrue.
            word = self.tr("Pick a door to see how far it is")
            self.grade_label.setText(f"<b>{word}</b>")
            self.grade_label.setAccessibleDescription(word)
            return
        self.grade_label.setText(
            f'<span style="color:{grade.color}; font-size:20px">{grade.shape}</span> '
            f"<b>{self._grade_word(grade)}</b>"
        )
        self.grade_label.setAccessibleDescription(self._grade_word(grade))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._tick.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self._tick.stop()
        super().hideEvent(event)

    def stop(self) -> None:
        self._tick.stop()
