"""Activity per canvasser or per walklist: a table with flags, and two QtCharts charts.

The numbers come from ``services.history.ledger_stats`` (computed off the main thread on
a connection of its own); this widget only draws them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalPercentBarSeries,
    QHorizontalStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from canvass_app.core.geo import GpsGrade
from canvass_app.qt.tasks import BackgroundTask, run_in_background
from canvass_app.services.database import open_reader
from canvass_app.services.history import GroupStats, HistoryFilter, ledger_stats

# Outcome colours (Okabe–Ito), in a fixed order so a colour always means one outcome.
_PALETTE = (
    "#009E73",
    "#56B4E9",
    "#E69F00",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#F0E442",
    "#999999",
    "#000000",
)
MAX_OUTCOMES_CHARTED = 8
# Known outcomes keep one colour everywhere; success and failure never look alike.
OUTCOME_COLORS = {
    "Successful": "#009E73",
    "Not Successful": "#D55E00",
    "Not Home": "#999999",
    "Come Back": "#56B4E9",
    "Refused": "#CC79A7",
    "Moved": "#0072B2",
    "Inaccessible": "#E69F00",
    "Deceased": "#000000",
    "Other Language": "#F0E442",
}

TABLE_HEADERS = (
    "Name",
    "Doors",
    "Contacts",
    "Contact rate",
    "Doors / hour",
    "Median gap",
    "GPS good / fair / poor / none",
    "Flags",
)


def _minutes(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 90:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.1f} min"


def compute_for(data_dir: Path, flt: HistoryFilter, by: str) -> list[GroupStats]:
    """Open a connection of this thread's own and compute (runs in a worker)."""
    db = open_reader(data_dir)
    try:
        return ledger_stats(db, flt, by=by)
    finally:
        db.close()


class StatsView(QWidget):
    """Doors, contacts, pace and GPS per canvasser or walklist, with flags in words."""

    stats_updated = Signal(object)  # list[GroupStats]

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data_dir = Path(data_dir)
        self._filter = HistoryFilter()
        self._task: BackgroundTask[list[GroupStats]] | None = None
        self.stats: list[GroupStats] = []
        self.setAccessibleName(self.tr("Statistics"))

        self.group_by = QComboBox()
        self.group_by.addItem(self.tr("Per canvasser"), "canvasser")
        self.group_by.addItem(self.tr("Per walklist"), "walklist")
        self.group_by.setAccessibleName(self.tr("Group statistics by"))
        self.group_by.currentIndexChanged.connect(self._on_group_by_changed)
        self.status = QLabel()
        self.status.setAccessibleName(self.tr("Statistics status"))

        self.table = QTableWidget(0, len(TABLE_HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in TABLE_HEADERS])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setAccessibleName(self.tr("Statistics table"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(TABLE_HEADERS) - 1, QHeaderView.ResizeMode.Stretch)

        self.outcome_chart = QChart()
        self.outcome_chart.setTitle(self.tr("Outcomes"))
        self.grade_chart = QChart()
        self.grade_chart.setTitle(self.tr("GPS distance to the door (share of visits)"))
        charts = QSplitter(Qt.Orientation.Horizontal)
        for chart, name in (
            (self.outcome_chart, self.tr("Outcome chart")),
            (self.grade_chart, self.tr("GPS grade chart")),
        ):
            chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
            chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
            view = QChartView(chart)
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setAccessibleName(name)
            view.setMinimumHeight(260)
            charts.addWidget(view)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show:")))
        top.addWidget(self.group_by)
        top.addStretch(1)
        top.addWidget(self.status)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(charts)
        split.setSizes([260, 360])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    @property
    def grouping(self) -> str:
        return str(self.group_by.currentData())

    def set_filter(self, flt: HistoryFilter) -> None:
        self._filter = flt
        self.refresh()

    def refresh(self, on_done: Callable[[], None] | None = None) -> None:
        self.status.setText(self.tr("Counting…"))
        flt, by, data_dir = self._filter, self.grouping, self._data_dir

        def done(stats: list[GroupStats]) -> None:
            self.show_stats(stats)
            if on_done is not None:
                on_done()

        def failed(error: BaseException) -> None:
            self.status.setText(self.tr("Could not compute statistics: {e}").format(e=error))

        self._task = run_in_background(
            lambda _report: compute_for(data_dir, flt, by),
            on_done=done,
            on_error=failed,
            parent=self,
        )

    def _on_group_by_changed(self, _index: int) -> None:
        self.refresh()

    # --- drawing ---------------------------------------------------------------------

    def show_stats(self, stats: list[GroupStats]) -> None:
        self.stats = stats
        flagged = sum(1 for s in stats if s.flags)
        self.status.setText(self.tr("{n} shown, {f} flagged").format(n=len(stats), f=flagged))
        self._fill_table(stats)
        self._draw_outcomes(stats)
        self._draw_grades(stats)
        self.stats_updated.emit(stats)

    def _fill_table(self, stats: list[GroupStats]) -> None:
        first = self.tr("Canvasser") if self.grouping == "canvasser" else self.tr("Walklist")
        self.table.setHorizontalHeaderItem(0, QTableWidgetItem(first))
        self.table.setRowCount(len(stats))
        for row, s in enumerate(stats):
            grades = " / ".join(str(s.gps_grades.get(g.value, 0)) for g in GpsGrade)
            flags = "\n".join(f"⚠ {flag.message}" for flag in s.flags) or self.tr("—")
            cells = (
                s.label,
                f"{s.doors:,}",
                f"{s.contacts:,}",
                "—" if s.contact_rate is None else f"{s.contact_rate:.0%}",
                "—" if s.doors_per_hour is None else f"{s.doors_per_hour:.1f}",
                _minutes(s.median_gap_s),
                grades,
                flags,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (1, 2, 3, 4, 5):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column == len(cells) - 1 and s.flags:
                    item.setForeground(QBrush(QColor("#B03000")))
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()

    def _reset(self, chart: QChart) -> None:
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)

    def _draw_outcomes(self, stats: list[GroupStats]) -> None:
        chart = self.outcome_chart
        self._reset(chart)
        totals: dict[str, int] = {}
        for s in stats:
            for outcome, n in s.outcomes.items():
                totals[outcome] = totals.get(outcome, 0) + n
        top = sorted(totals, key=lambda o: -totals[o])[:MAX_OUTCOMES_CHARTED]
        series = QHorizontalStackedBarSeries()
        for i, outcome in enumerate([*top, "Other"]):
            bar = QBarSet(self.tr(outcome))
            bar.setColor(QColor(OUTCOME_COLORS.get(outcome, _PALETTE[i % len(_PALETTE)])))
            for s in stats:
                if outcome == "Other":
                    bar.append(sum(n for o, n in s.outcomes.items() if o not in top))
                else:
                    bar.append(s.outcomes.get(outcome, 0))
            if outcome != "Other" or bar.sum() > 0:
                series.append(bar)
        chart.addSeries(series)
        self._axes(chart, series, [s.label for s in stats], self.tr("visits"))

    def _draw_grades(self, stats: list[GroupStats]) -> None:
        chart = self.grade_chart
        self._reset(chart)
        series = QHorizontalPercentBarSeries()
        for grade in GpsGrade:
            bar = QBarSet(f"{grade.shape} {grade.word}")
            bar.setColor(QColor(grade.color))
            for s in stats:
                bar.append(s.gps_grades.get(grade.value, 0))
            series.append(bar)
        chart.addSeries(series)
        self._axes(chart, series, [s.label for s in stats], self.tr("% of visits"))

    def _axes(
        self,
        chart: QChart,
        series: QHorizontalStackedBarSeries | QHorizontalPercentBarSeries,
        labels: list[str],
        value_title: str,
    ) -> None:
        categories = QBarCategoryAxis()
        categories.append(labels)
        values = QValueAxis()
        values.setTitleText(value_title)
        values.setLabelFormat("%d")
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        series.attachAxis(values)
