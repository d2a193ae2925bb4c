"""The walklist pane: search, filters, done/remaining counts, the tree, "Nearest next door".

One QTreeView over ``WalklistModel``; selecting several doors (Shift/Ctrl) sets up a bulk
outcome ("units 1–6 Not Home").
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from canvass_app.core.walklist import WalklistEntry
from canvass_app.ui.walklist_model import (
    NodeKind,
    WalklistCounts,
    WalklistFilter,
    WalklistModel,
)

SEARCH_DELAY_MS = 200


class WalklistView(QWidget):
    """The left pane of the door screen."""

    selection_changed = Signal(object)  # list[WalklistEntry] under the selected rows
    person_activated = Signal(object)  # WalklistEntry (Enter / double-click on a person)
    nearest_requested = Signal()
    download_requested = Signal()
    download_cancelled = Signal()  # Stop: the map download stops (the walklist is kept)

    def __init__(self, model: WalklistModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Walklist"))
        self.model = model
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.title_label = QLabel(self.tr("No walklist on this laptop yet."))
        self.title_label.setObjectName("contactHeader")
        self.title_label.setWordWrap(True)
        self.title_label.setAccessibleName(self.tr("Walklist name"))
        layout.addWidget(self.title_label)

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search name or address (Ctrl+F)"))
        self.search_edit.setAccessibleName(self.tr("Search name or address"))
        self.search_edit.setClearButtonEnabled(True)
        layout.addWidget(self.search_edit)

        row = QHBoxLayout()
        self.filter_combo = QComboBox()
        self.filter_combo.setAccessibleName(self.tr("Show doors"))
        self.filter_combo.addItem(self.tr("All doors"), WalklistFilter.ALL)
        self.filter_combo.addItem(self.tr("Not visited"), WalklistFilter.NOT_VISITED)
        self.filter_combo.addItem(self.tr("Come back"), WalklistFilter.COME_BACK)
        self.nearest_button = QPushButton(self.tr("Nearest next door"))
        self.nearest_button.setAccessibleName(self.tr("Go to the nearest door not visited"))
        self.nearest_button.setToolTip(self.tr("Ctrl+N"))
        self.nearest_button.clicked.connect(self.nearest_requested)
        row.addWidget(self.filter_combo, 1)
        row.addWidget(self.nearest_button)
        layout.addLayout(row)

        self.counts_label = QLabel()
        self.counts_label.setAccessibleName(self.tr("Doors done and remaining"))
        layout.addWidget(self.counts_label)

        self.tree = QTreeView()
        self.tree.setAccessibleName(self.tr("Doors and people"))
        self.tree.setModel(model)
        self.tree.setUniformRowHeights(True)  # keeps 50,000 households fast
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setExpandsOnDoubleClick(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 250)
        # the tree sits in a frame that carries the focus ring (a border on the tree
        # itself bleeds into its rows under style sheets)
        self.tree_frame = QFrame()
        self.tree_frame.setObjectName("treeFrame")
        frame_layout = QVBoxLayout(self.tree_frame)
        frame_layout.setContentsMargins(0, 0, 0, 0)
        frame_layout.addWidget(self.tree)
        self.tree.installEventFilter(self)
        layout.addWidget(self.tree_frame, 1)

        download_row = QHBoxLayout()
        self.download_button = QPushButton(self.tr("Download walklist"))
        self.download_button.setAccessibleName(self.tr("Download the walklist for offline use"))
        self.download_button.setToolTip(self.tr("Ctrl+D"))
        self.download_button.clicked.connect(self.download_requested)
        self.download_progress = QProgressBar()
        self.download_progress.setAccessibleName(self.tr("Download progress"))
        self.download_progress.setVisible(False)
        self.download_stop_button = QPushButton(self.tr("Stop the map download"))
        self.download_stop_button.setAccessibleName(self.tr("Stop the map download"))
        self.download_stop_button.setVisible(False)
        self.download_stop_button.clicked.connect(self.download_cancelled)
        download_row.addWidget(self.download_button)
        download_row.addWidget(self.download_progress, 1)
        download_row.addWidget(self.download_stop_button)
        layout.addLayout(download_row)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.returnPressed.connect(self._on_search_edit_return_pressed)
        self.filter_combo.currentIndexChanged.connect(self._on_filter_combo_changed)
        self.tree.selectionModel().selectionChanged.connect(self._on_tree_selection_changed)
        self.tree.activated.connect(self._on_tree_activated)
        model.counts_changed.connect(self._on_model_counts_changed)
        model.modelAboutToBeReset.connect(self._on_model_about_to_be_reset)
        model.modelReset.connect(self._on_model_reset)
        self._kept_contact: str | None = None
        self._on_model_counts_changed(model.counts())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tree and event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self.tree_frame.setProperty("focused", event.type() == QEvent.Type.FocusIn)
            style = self.tree_frame.style()
            style.unpolish(self.tree_frame)
            style.polish(self.tree_frame)
        return super().eventFilter(watched, event)

    # --- public ----------------------------------------------------------------------

    def set_title(self, text: str) -> None:
        self.title_label.setText(text)

    def stop_timers(self) -> None:
        self._search_timer.stop()

    def apply_search_now(self) -> None:
        self._search_timer.stop()
        self.model.set_search(self.search_edit.text())

    def selected_entries(self) -> list[WalklistEntry]:
        """Every person under the selected rows, each once, in tree order."""
        seen: set[str] = set()
        found: list[WalklistEntry] = []
        rows = self.tree.selectionModel().selectedRows(0)
        rows.sort(key=self._row_path)
        for index in rows:
            for entry in self.model.entries_under(index):
                if entry.contact_household_id not in seen:
                    seen.add(entry.contact_household_id)
                    found.append(entry)
        return found

    def _row_path(self, index: QModelIndex) -> list[int]:
        path: list[int] = []
        while index.isValid():
            path.insert(0, index.row())
            index = index.parent()
        return path

    def select_index(
        self,
        index: QModelIndex,
        scroll: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.PositionAtCenter,
    ) -> None:
        if not index.isValid():
            return
        parent = index.parent()
        while parent.isValid():
            self.tree.expand(parent)
            parent = parent.parent()
        self.tree.setCurrentIndex(index)
        self.tree.selectionModel().select(
            index,
            self.tree.selectionModel().SelectionFlag.ClearAndSelect
            | self.tree.selectionModel().SelectionFlag.Rows,
        )
        self.tree.scrollTo(index, scroll)

    def select_contact(self, contact_id: str) -> bool:
        index = self.model.index_for_contact(contact_id)
        self.select_index(index)
        return index.isValid()

    def select_people(self, contact_ids: list[str]) -> bool:
        """Select these people's rows at once (the people of a door); False when the
        search or filter hides them all. The tree scrolls no more than it must, so the
        door just recorded, above, stays in view with its new mark."""
        ensure = QAbstractItemView.ScrollHint.EnsureVisible
        indexes = [self.model.index_for_contact(contact_id) for contact_id in contact_ids]
        indexes = [index for index in indexes if index.isValid()]
        if not indexes:
            return False
        if len(indexes) == 1:
            self.select_index(indexes[0], ensure)
            return True
        for index in indexes:
            parent = index.parent()
            while parent.isValid():
                self.tree.expand(parent)
                parent = parent.parent()
        flags = self.tree.selectionModel().SelectionFlag
        self.tree.selectionModel().setCurrentIndex(indexes[0], flags.NoUpdate)
        rows = QItemSelection()
        for index in indexes:
            rows.select(index, index)
        self.tree.selectionModel().select(rows, flags.ClearAndSelect | flags.Rows)
        self.tree.scrollTo(indexes[-1], ensure)
        return True

    def set_download_progress(self, done: int, total: int) -> None:
        self.download_progress.setVisible(True)
        self.download_progress.setRange(0, max(1, total))
        self.download_progress.setValue(done)
        self.download_progress.setFormat(self.tr("Downloading… %p%"))

    def set_download_cancellable(self, cancellable: bool) -> None:
        """Show Stop while a download that fetches map tiles runs."""
        self.download_stop_button.setVisible(cancellable)

    def set_download_finished(self) -> None:
        self.download_progress.setVisible(False)
        self.download_stop_button.setVisible(False)
        self.download_button.setEnabled(True)

    # --- slots -----------------------------------------------------------------------

    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def _on_search_edit_return_pressed(self) -> None:
        self.apply_search_now()
        first = self.model.index(0, 0)
        if first.isValid():
            self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
            self.select_index(self.model.first_person_index(first))

    def _on_search_timer_timeout(self) -> None:
        self.model.set_search(self.search_edit.text())

    def _on_filter_combo_changed(self, _index: int) -> None:
        which = self.filter_combo.currentData()
        if isinstance(which, WalklistFilter):
            self.model.set_filter(which)

    def _on_tree_selection_changed(
        self, _selected: QItemSelection, _deselected: QItemSelection
    ) -> None:
        self.selection_changed.emit(self.selected_entries())

    def _on_tree_activated(self, index: QModelIndex) -> None:
        if self.model.node_kind(index) is NodeKind.PERSON:
            entry = self.model.entry_at(index)
            if entry is not None:
                self.person_activated.emit(entry)
        else:
            self.tree.setExpanded(index, not self.tree.isExpanded(index))

    def _on_model_counts_changed(self, counts: WalklistCounts) -> None:
        text = self.tr("{done} done, {remaining} to go, of {doors} doors").format(
            done=counts.done, remaining=counts.remaining, doors=counts.doors
        )
        if counts.shown_doors != counts.doors:
            text += self.tr(" — showing {n}").format(n=counts.shown_doors)
        self.counts_label.setText(text)

    def _on_model_about_to_be_reset(self) -> None:
        # a search or filter rebuilds the tree: keep the person being visited picked
        entry = self.model.entry_at(self.tree.currentIndex())
        selected = self.selected_entries()
        if entry is None and len(selected) == 1:
            entry = selected[0]
        self._kept_contact = entry.contact.id if entry is not None and len(selected) <= 1 else None

    def _on_model_reset(self) -> None:
        # small lists open fully; big ones open their streets only
        if self.model.rowCount() <= 30:
            for row in range(self.model.rowCount()):
                self.tree.expand(self.model.index(row, 0))
        kept, self._kept_contact = self._kept_contact, None
        if kept is not None and self.select_contact(kept):
            return  # select_contact emitted selection_changed
        self.selection_changed.emit(self.selected_entries())
