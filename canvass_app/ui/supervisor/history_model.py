"""The ledger as a Qt table model: a window of pages fetched from SQLite on demand.

``rowCount`` is the filtered count (one ``COUNT(*)``), so the scroll bar is true from the
start; ``data`` asks for the page holding a row, and only a few pages are kept in memory
(an LRU cache). Sorting re-queries SQL (indexed), it never sorts rows in Python. A
100,000-visit ledger therefore costs a few hundred rows of memory at any time.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import sqlite_utils
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from canvass_app.core.geo import GpsGrade
from canvass_app.core.messages import QT_TRANSLATE_NOOP, MessageTemplate
from canvass_app.services.history import (
    HistoryFilter,
    HistoryRow,
    Viewer,
    count_history,
    history_page,
    outcome_label,
    survey_summary,
    unit_address,
)
from canvass_app.ui.i18n import number, render
from canvass_app.ui.supervisor.words import local_time, state_color, state_word

ModelIndex = QModelIndex | QPersistentModelIndex

# (sort key in storage.history.SORT_COLUMNS, header)
COLUMNS: tuple[tuple[str, MessageTemplate], ...] = (
    ("knock_time", QT_TRANSLATE_NOOP("HistoryTableModel", "Knocked")),
    ("sent_time", QT_TRANSLATE_NOOP("HistoryTableModel", "Sent")),
    ("canvasser", QT_TRANSLATE_NOOP("HistoryTableModel", "Canvasser")),
    ("walklist", QT_TRANSLATE_NOOP("HistoryTableModel", "Walklist")),
    ("address", QT_TRANSLATE_NOOP("HistoryTableModel", "Address")),
    ("contact", QT_TRANSLATE_NOOP("HistoryTableModel", "Contact")),
    ("outcome", QT_TRANSLATE_NOOP("HistoryTableModel", "Outcome")),
    ("survey", QT_TRANSLATE_NOOP("HistoryTableModel", "Survey")),
    ("distance", QT_TRANSLATE_NOOP("HistoryTableModel", "Distance / GPS")),
    ("state", QT_TRANSLATE_NOOP("HistoryTableModel", "Sync state")),
)
_NO_GPS = QT_TRANSLATE_NOOP("HistoryTableModel", "{shape} no GPS")

LOCAL_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


def distance_text(row: HistoryRow) -> str:
    grade = GpsGrade(row.gps_grade) if row.gps_grade in GpsGrade._value2member_map_ else None
    if row.distance_miles is None or grade is None or grade is GpsGrade.NONE:
        return render(_NO_GPS.with_args(shape=GpsGrade.NONE.shape))
    meters = row.distance_miles * 1609.344
    return f"{grade.shape} {number(round(meters))} m"


class HistoryTableModel(QAbstractTableModel):
    """Every visit matching a filter, one page of SQL at a time."""

    PAGE_SIZE = 200
    MAX_PAGES = 8

    def __init__(
        self,
        db: sqlite_utils.Database,
        *,
        viewer: Viewer,
        walklist_names: dict[str, str] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._viewer = viewer  # every filter is scoped to who looks, before any query
        self._filter = viewer.scope(HistoryFilter())
        self._sort = "knock_time"
        self._descending = True
        self._count = 0
        self._pages: OrderedDict[int, list[HistoryRow]] = OrderedDict()
        self._walklist_names = dict(walklist_names or {})
        self.pages_fetched = 0  # how many SQL pages were read (tests check the window)
        self._count = count_history(self._db, self._filter)

    # --- what is shown ---------------------------------------------------------------

    @property
    def current_filter(self) -> HistoryFilter:
        return self._filter

    @property
    def sort_key(self) -> str:
        return self._sort

    @property
    def descending(self) -> bool:
        return self._descending

    def cached_rows(self) -> int:
        return sum(len(page) for page in self._pages.values())

    def set_filter(self, flt: HistoryFilter) -> None:
        flt = self._viewer.scope(flt)
        self.beginResetModel()
        self._filter = flt
        self._pages.clear()
        self._count = count_history(self._db, flt)
        self.endResetModel()

    def refresh(self) -> None:
        """Re-read after a change (a requeue, an edit, a void)."""
        self.set_filter(self._filter)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = COLUMNS[column][0]
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._pages.clear()
        self.layoutChanged.emit()

    def row_at(self, row: int) -> HistoryRow | None:
        if not 0 <= row < self._count:
            return None
        page_no, offset = divmod(row, self.PAGE_SIZE)
        page = self._pages.get(page_no)
        if page is None:
            page = history_page(
                self._db,
                self._filter,
                sort=self._sort,
                descending=self._descending,
                offset=page_no * self.PAGE_SIZE,
                limit=self.PAGE_SIZE,
            )
            self.pages_fetched += 1
            self._pages[page_no] = page
            while len(self._pages) > self.MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page[offset] if offset < len(page) else None

    # --- QAbstractTableModel ---------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(COLUMNS):
                return render(COLUMNS[section][1])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        key = COLUMNS[index.column()][0]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "state" and row.last_error:
                return row.last_error
            if key == "survey":
                return render(survey_summary(row.data))
            if key == "contact" and row.added_here:
                return self.tr("Added at the door on this laptop")
            if key == "outcome" and row.do_not_knock_override:
                return self.tr(
                    "The canvasser recorded this visit at a door marked Do Not Knock, "
                    "on purpose (they confirmed it)."
                )
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "state":
                return QBrush(QColor(state_color(row.state)))
            if key == "distance" and row.gps_grade in GpsGrade._value2member_map_:
                return QBrush(QColor(GpsGrade(row.gps_grade).color))
            if row.deleted:
                return QBrush(QColor("#7F7F7F"))
            return None
        if role == LOCAL_ID_ROLE:
            return row.local_id
        if role == ROW_ROLE:
            return row
        return None

    def _display(self, row: HistoryRow, key: str) -> str:
        if key == "knock_time":
            return local_time(row.knock_time)
        if key == "sent_time":
            return local_time(row.sent_time) if row.sent_time else self.tr("not yet")
        if key == "canvasser":
            return row.canvasser
        if key == "walklist":
            if not row.walklist_id:
                return ""
            return self._walklist_names.get(row.walklist_id, row.walklist_id[:8])
        if key == "address":
            return render(unit_address(row.address_line, row.unit))
        if key == "contact":
            if row.added_here:
                return self.tr("{name} (new)").format(name=row.contact_name)
            return row.contact_name
        if key == "outcome":
            outcome = render(outcome_label(row.outcome))
            if row.do_not_knock_override:
                return self.tr("{outcome} ⚠ at a Do-Not-Knock door").format(outcome=outcome)
            return outcome
        if key == "survey":
            return render(survey_summary(row.data))
        if key == "distance":
            return distance_text(row)
        if key == "state":
            word = state_word(row.state)
            return self.tr("{state} (voided)").format(state=word) if row.deleted else word
        return ""
