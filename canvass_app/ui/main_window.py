"""The door screen: walklist on the left, the door on the right, sync status at the bottom.

The window is wiring. Keys and widgets on one side; on the other, the door session
(``services.door.DoorSession``) that holds the door's rules and runs its use cases on the
main thread's own SQLite connection (a local, durable write; never the network). Every
session call returns a ``core.door.DoorChange``, and ``_apply`` refreshes the views from
it: the rows and counts it names, the selection, the survey form, the status line. A
saved visit nudges the sync controller, which sends it from its own thread.
"""

from __future__ import annotations

import gc
import getpass
import logging
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from canvass_app.core.contact import PersonDetails
from canvass_app.core.door import DoorChange, SurveyStart
from canvass_app.core.door_marks import Knock
from canvass_app.core.geo import Fix
from canvass_app.core.messages import Message
from canvass_app.core.os_problems import os_reason
from canvass_app.core.outbox import SyncCounts, SyncReport, Visit
from canvass_app.core.outcomes import Outcome
from canvass_app.core.survey_run import SurveyResult
from canvass_app.core.walklist import Building, WalklistEntry
from canvass_app.qt.sync_worker import BAD_SETTINGS
from canvass_app.services import visits as visit_service
from canvass_app.services.database import open_database
from canvass_app.services.door import DoorSession
from canvass_app.services.problems import expected_problem
from canvass_app.services.pull import OfflineWalklist, WalkPlan, download_walklist
from canvass_app.ui.add_person_dialog import AddPersonDialog
from canvass_app.ui.door_view import DoorView
from canvass_app.ui.i18n import render
from canvass_app.ui.sync_status import SyncStatusWidget
from canvass_app.ui.walk_map_view import WalkMapView
from canvass_app.ui.walklist_model import WalklistModel
from canvass_app.ui.walklist_view import WalklistView

log = logging.getLogger(__name__)


@contextmanager
def _long_lived_objects(*, thaw: bool) -> Iterator[None]:
    """Make objects that live until the next reload (a walklist) out of the cyclic GC's way.

    A 50,000-household walklist is ~400,000 objects: collections triggered while they are
    made doubled the time to open it, and every later full collection walked them all
    again (a 70–200 ms freeze of the window, e.g. mid-sync). The walklist holds no
    reference cycles (reference counting frees it when it is replaced), so the collector
    is paused while it is made, and what exists then is frozen: later collections look
    only at newer objects. Garbage is collected first, so none is frozen. ``thaw`` (a
    window replacing the list it froze) thaws first, so no dead cycle of the old list stays
    frozen for good; that collection walks every object of the process, so a window's
    first load does not thaw (nor walk what another window froze).
    """
    if thaw:
        gc.unfreeze()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.freeze()


class MainWindow(QMainWindow):
    """The canvasser's window. Build it with ``app.build_main_window``."""

    visits_saved = Signal(object)  # list[Visit] just recorded

    def __init__(
        self,
        *,
        data_dir: Path,
        api_url: str | None,
        token: str | None,
        list_id: str | None = None,
        demo: bool = False,
        canvasser: str | None = None,
        sync_controller: Any = None,
        position_service: Any = None,
        settings: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.api_url = api_url
        self.token = token
        self.list_id = list_id
        self.demo = demo
        self.settings = settings
        # Saves never checkpoint the WAL inside their commit: the sync thread does it.
        self.db = open_database(self.data_dir, defer_checkpoints=sync_controller is not None)
        # who knocks: the canvasser picked on this laptop, else the settings' name, else
        # the computer account (services.people keeps the current one across restarts)
        self.canvasser = (
            _current_canvasser(self.db) or (canvasser or "").strip() or _default_canvasser()
        )
        self.sync_controller = sync_controller
        self.position_service = position_service
        self.session = DoorSession(
            self.db,
            canvasser=self.canvasser,
            auto_advance=getattr(settings, "auto_advance", True),
            max_accuracy_m=float(getattr(settings, "accuracy_threshold_m", 100.0)),
            zigzag=getattr(settings, "walk_zigzag", False),
        )
        self._closed = False
        self._cleanups: list[Callable[[], None]] = []
        self._review_windows: list[QWidget] = []
        # asks before a visit at a Do-Not-Knock door (tests replace the question)
        self.confirm_do_not_knock: Callable[[str, Callable[[], None]], None] = (
            self._ask_do_not_knock
        )

        self.setWindowTitle(self.tr("Canvass — door screen"))
        self.setAccessibleName(self.tr("Canvass door screen"))
        self.resize(1200, 800)

        # --- widgets ---------------------------------------------------------------------
        self.walklist_model = WalklistModel(self)
        self.walklist_view = WalklistView(self.walklist_model)
        self.door_view = DoorView()
        # The map shares the left pane with the list (a tab each, Ctrl+M): at 1366×768 and
        # 1280×720 a third column clips the outcome buttons and a split starves the list
        # (docs/MAP.md). The tab bar takes no focus: Ctrl+M and F6 switch.
        self.map_view = WalkMapView()
        self.left_tabs = QTabWidget()
        self.left_tabs.setAccessibleName(self.tr("Walklist and map"))
        self.left_tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.left_tabs.addTab(self.walklist_view, self.tr("List"))
        self.left_tabs.addTab(self.map_view, self.tr("Map"))
        self.left_tabs.setTabToolTip(0, self.tr("The walklist (Ctrl+M switches, F6)"))
        self.left_tabs.setTabToolTip(1, self.tr("The walklist on a map (Ctrl+M switches)"))
        self._download_cancel = threading.Event()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.left_tabs)
        splitter.addWidget(self.door_view)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([560, 720])
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(8, 8, 8, 4)
        self.canvasser_switch = _canvasser_switch(self.db, self.canvasser)
        switch_row = QHBoxLayout()
        switch_row.addWidget(self.canvasser_switch, 3)
        switch_row.addStretch(2)
        central_layout.addLayout(switch_row)
        self.canvasser_switch.canvasser_switched.connect(
            self._on_canvasser_switch_canvasser_switched
        )
        central_layout.addWidget(splitter, 1)
        self.sync_status = SyncStatusWidget()
        central_layout.addWidget(self.sync_status)
        self.setCentralWidget(central)

        # the status bar: what just happened (left), the demo banner (right, quiet)
        self.statusBar().setSizeGripEnabled(False)
        self.message_label = QLabel()
        self.message_label.setAccessibleName(self.tr("Last action"))
        self.message_label.setWordWrap(True)
        self.statusBar().addWidget(self.message_label, 1)
        self.demo_banner = QLabel(self.tr("Demo campaign — practice data"))
        self.demo_banner.setObjectName("demoBanner")
        self.demo_banner.setAccessibleName(self.tr("Demo campaign — practice data"))
        self.demo_banner.setVisible(demo)
        self.statusBar().addPermanentWidget(self.demo_banner)

        self._build_actions()

        # --- wiring ----------------------------------------------------------------------
        self.walklist_view.selection_changed.connect(self._on_walklist_selection_changed)
        self.walklist_view.person_activated.connect(self._on_walklist_person_activated)
        self.walklist_view.nearest_requested.connect(self.go_to_nearest_door)
        self.walklist_view.download_requested.connect(self.download_walklist)
        self.walklist_view.download_cancelled.connect(self._download_cancel.set)
        self.map_view.door_clicked.connect(self._on_map_view_door_clicked)
        self.map_view.door_activated.connect(self._on_map_view_door_activated)
        self.door_view.outcome_bar.outcome_chosen.connect(self._on_outcome_bar_outcome_chosen)
        form = self.door_view.survey_form
        form.survey_completed.connect(self._on_survey_form_completed)
        form.start_requested.connect(self.start_survey)
        form.survey_abandoned.connect(self._on_survey_form_abandoned)  # Esc
        self.door_view.survey_chosen.connect(self._on_door_view_survey_chosen)
        self.sync_status.sync_requested.connect(self.sync_now)
        self.sync_status.sign_in_requested.connect(self.sign_in)

        if sync_controller is not None:
            sync_controller.counts_changed.connect(self.sync_status.set_counts)
            if hasattr(sync_controller, "sync_started"):
                sync_controller.sync_started.connect(self.sync_status.show_syncing)
            sync_controller.progress_changed.connect(self.sync_status.set_progress)
            sync_controller.sync_finished.connect(self._on_sync_controller_finished)
            sync_controller.error_reported.connect(self._on_sync_controller_error_reported)
            sync_controller.auth_required.connect(self.sync_status.show_auth_required)
            sync_controller.online_changed.connect(self.sync_status.set_online)
        if position_service is not None:
            self._watch_position_service(position_service)
        if settings is not None and getattr(settings, "accuracy_threshold_m", None):
            self.door_view.location_panel.set_max_accuracy(float(settings.accuracy_threshold_m))

        self.reload_walklist()
        self.refresh_counts()
        self.walklist_view.tree.setFocus(Qt.FocusReason.OtherFocusReason)  # keyboard first

    # --- actions -------------------------------------------------------------------------

    def _action(
        self, text: str, shortcut: str | QKeySequence.StandardKey | None, slot: Callable[[], Any]
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.sync_action = self._action(self.tr("Sync now"), "Ctrl+S", self.sync_now)
        self.undo_action = self._action(self.tr("Undo last visit"), "Ctrl+Z", self.undo_last_press)
        self.history_action = self._action(
            self.tr("Household history…"), "Ctrl+H", self.show_history
        )
        self.download_action = self._action(
            self.tr("Download walklist"), "Ctrl+D", self.download_walklist
        )
        self.nearest_action = self._action(
            self.tr("Nearest next door"), "Ctrl+N", self.go_to_nearest_door
        )
        self.next_door_action = self._action(
            self.tr("Next door in walk order"), "Ctrl+Down", self.go_to_next_door
        )
        self.search_action = self._action(self.tr("Search walklist"), "Ctrl+F", self.focus_search)
        self.walklist_focus_action = self._action(
            self.tr("Go to the walklist"), "F6", self.focus_walklist
        )
        self.survey_action = self._action(
            self.tr("Start the survey for this person"), "Ctrl+E", self.start_survey
        )
        self.add_person_action = self._action(
            self.tr("Add a person at this door…"), "Ctrl+Shift+N", self.add_person
        )
        self.correct_person_action = self._action(
            self.tr("Correct a person added here…"), "F2", self.correct_person
        )
        self.sign_in_action = self._action(self.tr("Sign in…"), "Ctrl+L", self.sign_in)
        self.sign_out_action = self._action(self.tr("Sign out…"), "Ctrl+Shift+L", self.sign_out)
        self.review_action = self._action(
            self.tr("Review my visits…"), "Ctrl+R", self.open_my_review
        )
        self.supervisor_action = self._action(
            self.tr("Supervisor review…"), "Ctrl+Shift+R", self.open_supervisor_review
        )
        self.settings_action = self._action(self.tr("Settings…"), "Ctrl+,", self.open_settings)
        self.about_action = self._action(self.tr("About Canvass"), "Shift+F1", self.open_about)
        self.help_action = self._action(self.tr("Keyboard shortcuts"), "F1", self.show_help)
        self.help_action.setShortcuts([QKeySequence("F1"), QKeySequence("?")])
        self.quit_action = self._action(self.tr("Quit"), "Ctrl+Q", self.close)
        self.map_action = self._action(self.tr("Map or list"), "Ctrl+M", self.toggle_map)
        self.map_zoom_in_action = self._action(
            self.tr("Zoom the map in"), "Ctrl++", lambda: self.map_view.zoom_in_button.click()
        )
        self.map_zoom_in_action.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.map_zoom_out_action = self._action(
            self.tr("Zoom the map out"), "Ctrl+-", lambda: self.map_view.zoom_out_button.click()
        )
        self.map_fit_action = self._action(
            self.tr("The whole walklist on the map"), "Ctrl+0", self.map_view.map.fit_doors
        )
        for action in self.door_view.outcome_bar.outcome_actions:
            self.addAction(action)

        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&Walklist"))
        for action in (
            self.download_action,
            self.search_action,
            self.walklist_focus_action,
            self.nearest_action,
            self.next_door_action,
        ):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        visit_menu = menu.addMenu(self.tr("&Visit"))
        visit_menu.addAction(self.survey_action)
        visit_menu.addAction(self.add_person_action)
        visit_menu.addAction(self.correct_person_action)
        for action in self.door_view.outcome_bar.outcome_actions:
            visit_menu.addAction(action)
        visit_menu.addSeparator()
        visit_menu.addAction(self.undo_action)
        visit_menu.addAction(self.history_action)
        visit_menu.addSeparator()
        visit_menu.addAction(self.review_action)
        visit_menu.addAction(self.supervisor_action)
        sync_menu = menu.addMenu(self.tr("&Sync"))
        for action in (self.sync_action, self.sign_in_action, self.sign_out_action):
            sync_menu.addAction(action)
        sync_menu.addSeparator()
        sync_menu.addAction(self.settings_action)
        view_menu = menu.addMenu(self.tr("Vie&w"))
        for action in (
            self.map_action,
            self.map_zoom_in_action,
            self.map_zoom_out_action,
            self.map_fit_action,
        ):
            view_menu.addAction(action)
        view_menu.addSeparator()
        self.theme_actions: dict[str, QAction] = {}
        for theme, label, keys in (
            ("light", self.tr("Light theme"), "Alt+Shift+L"),
            ("dark", self.tr("Dark theme"), "Alt+Shift+D"),
            ("high-contrast", self.tr("High-contrast theme"), "Ctrl+Shift+H"),
        ):
            action = QAction(label, self)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _=False, t=theme: self.set_theme(t))
            view_menu.addAction(action)
            self.addAction(action)
            self.theme_actions[theme] = action
        self.high_contrast_action = self.theme_actions["high-contrast"]
        help_menu = menu.addMenu(self.tr("&Help"))
        help_menu.addAction(self.help_action)
        help_menu.addAction(self.about_action)
        self._sync_theme_checks()

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(keys, what they do) for the help overlay: every action with a shortcut."""
        rows: list[tuple[str, str]] = []
        for action in self.actions():
            keys = [
                sequence.toString(QKeySequence.SequenceFormat.NativeText)
                for sequence in action.shortcuts()
            ]
            if keys:
                rows.append((" / ".join(keys), action.text().replace("&", "")))
        rows.append((self.tr("Enter"), self.tr("Next question / save after review")))
        rows.append((self.tr("Backspace"), self.tr("Previous question")))
        rows.append((self.tr("A, B, C…"), self.tr("Pick a survey option")))
        rows.append((self.tr("Shift/Ctrl + click or arrows"), self.tr("Select several doors")))
        return rows

    # --- the door session's record of what changed ---------------------------------------

    def _apply(self, change: DoorChange) -> DoorChange:
        """Refresh the views from what one session call changed (and nothing else)."""
        if change.reloaded:
            self._show_walklist()
        for entry in change.added:
            self.walklist_model.add_person(entry)
        if change.visits_changed:
            self.walklist_model.apply_latest(change.households, change.people)
            self.map_view.apply_latest(change.households)
        if change.saved:
            self.visits_saved.emit(list(change.saved))
        if change.outbox_changed:
            self._nudge_sync()
        if change.close_survey:
            self._show_survey_state(change.form_note)
        if change.survey is not None:
            self._open_survey(change.survey)
        if change.select is not None:
            self._select_people(change.select)
        if change.message is not None:
            self._show(change.message, problem=change.problem)
        elif change.clears_message:
            self.show_message("")
        if change.bug is not None:
            _report_bug(change.bug)
        return change

    def _ask_do_not_knock(self, names: str, proceed: Callable[[], None]) -> None:
        """Ask (window-modal, without blocking) before a visit at a Do-Not-Knock door;
        ``proceed`` records it on a deliberate Yes (No is the default button)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Do Not Knock"),
            self.tr(
                "{name}: this door asked not to be visited (Do Not Knock).\n\n"
                "Record this visit anyway? Only if they asked you to: the visit is marked "
                "for your supervisor."
            ).format(name=names),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(result: int) -> None:
            if result == QMessageBox.StandardButton.Yes:
                proceed()

        box.finished.connect(answered)
        box.open()
        self.do_not_knock_box = box

    def _unless_do_not_knock(
        self, change: DoorChange, again: Callable[[], DoorChange]
    ) -> list[DoorChange]:
        """Apply a change; when it hit a Do-Not-Knock door, ask, and only on a deliberate
        yes run ``again`` (the same use case with the override) and apply that too. The
        changes applied so far (the second one only once the canvasser said yes)."""
        applied = [self._apply(change)]
        if change.ask_override:
            names = ", ".join(entry.contact.display_name for entry in self.session.selection)

            def proceed() -> None:
                applied.append(self._apply(again()))

            self.confirm_do_not_knock(names, proceed)
        return applied

    # --- loading -------------------------------------------------------------------------

    @property
    def walklist(self) -> OfflineWalklist | None:
        return self.session.walklist

    def reload_walklist(self) -> None:
        """Read the offline walklist and the doors' latest visits from the database."""
        with _long_lived_objects(thaw=self.walklist is not None):
            self._load_walklist()

    def _load_walklist(self) -> None:
        change = self.session.open(self.list_id)
        self._show_walklist()
        if self.session.walklist is not None:  # else the form says to download one
            self._apply(change)

    def _show_walklist(self) -> None:
        """The views show the session's walklist (as opened or read again)."""
        walklist = self.session.walklist
        if walklist is None:
            self.walklist_model.set_walklist([])
            self.walklist_view.set_title(render(self.session.no_walklist or ""))
            self.door_view.set_surveys([], None)
            self.door_view.survey_form.clear(
                self.tr("Download a walklist to start (Ctrl+D, needs the network once)."),
                can_start=False,
            )
            return
        self.list_id = walklist.list_id
        by_household, by_contact = self.session.latest()
        self.walklist_model.set_walklist(
            walklist.buildings,
            in_walk_order=True,
            statuses=walklist.statuses,
            visits=by_household,
            contact_visits=by_contact,
            list_statuses=self.session.list_statuses,
        )
        self.map_view.show_walklist(
            walklist.buildings, by_household, self.session.list_statuses, walklist.statuses
        )
        self._show_basemap()
        title = walklist.name
        if walklist.skipped_entries:
            title += self.tr(" ({n} entries could not be read)").format(
                n=len(walklist.skipped_entries)
            )
        self.walklist_view.set_title(title)
        names = sorted(walklist.survey_names.items(), key=lambda item: item[1].casefold())
        self.door_view.set_surveys(list(names), self.session.survey_id)

    def _show_survey_state(self, note: Message | None = None) -> None:
        """The survey form with no survey open: a note, or what can be done here."""
        walklist = self.walklist
        survey_id = self.session.survey_id
        form = self.door_view.survey_form
        if walklist is not None and survey_id in walklist.survey_problems:
            name = walklist.survey_names.get(survey_id or "", survey_id or "")
            form.show_problems(name, walklist.survey_problems[survey_id or ""])
        elif walklist is not None and not walklist.surveys:
            form.clear(
                self.tr("This campaign has no survey; use the one-tap outcomes."), can_start=False
            )
        elif note is not None:
            form.clear(render(note))
        else:
            form.clear(self.tr("Pick a person, then press Enter to start the survey."))

    def _open_survey(self, start: SurveyStart) -> None:
        form = self.door_view.survey_form
        if start.editing is not None:
            form.start(start.survey, responses=start.responses, save_label=self.tr("Save changes"))
        else:
            form.start(start.survey)  # puts focus on the first option

    # --- selection -----------------------------------------------------------------------

    def _on_walklist_selection_changed(self, entries: list[WalklistEntry]) -> None:
        self._apply(self.session.select(entries))
        self._show_targets()

    def _show_targets(self) -> None:
        """The door pane for the people picked: who, where, Do Not Knock, the distance."""
        entries = list(self.session.selection)
        dnk = any(self.session.knock(entry) is Knock.DO_NOT_KNOCK for entry in entries)
        self.map_view.select_households({entry.household.id for entry in entries})
        self.door_view.show_targets(entries, do_not_knock=dnk)
        households = {entry.household.id for entry in entries}
        self.door_view.survey_form.start_button.setEnabled(len(households) == 1)
        if len(households) == 1:
            address = entries[0].household.address
            self.door_view.location_panel.set_household(address.lat, address.lng)
        else:
            self.door_view.location_panel.clear_household()

    def _select_people(self, entries: tuple[WalklistEntry, ...]) -> None:
        """Move the selection where the session says (the tree follows; the door just
        recorded stays in view above it)."""
        ids = [entry.contact.id for entry in entries]
        if not self.walklist_view.select_people(ids):  # hidden: show everything
            self.walklist_view.search_edit.clear()
            self.walklist_view.apply_search_now()
            self.walklist_view.filter_combo.setCurrentIndex(0)
            self.walklist_view.select_people(ids)
        self._show_targets()

    def _on_walklist_person_activated(self, entry: WalklistEntry) -> None:
        self.start_survey(entry)

    def start_survey(self, entry: WalklistEntry | None = None) -> bool:
        """Open the chosen survey for one person; False (with a message) if it cannot."""
        changes = self._unless_do_not_knock(
            self.session.start_survey(entry),
            lambda: self.session.start_survey(entry, override=True),
        )
        return any(change.survey is not None for change in changes)

    # --- people added at the door ---------------------------------------------------------

    def add_person(self) -> AddPersonDialog | None:
        """Ask for a new person living at the selected door; Add saves them (offline) and
        selects them, ready for their visit."""
        door = self.session.door_for_new_person()
        if isinstance(door, DoorChange):
            self._apply(door)
            return None
        dialog = self._person_dialog(door.household.label)
        dialog.accepted.connect(lambda: self._on_add_person_dialog_accepted(dialog))
        return dialog

    def _on_add_person_dialog_accepted(self, dialog: AddPersonDialog) -> None:
        change = self._apply(self.session.add_person(dialog.details()))
        if change.added:
            # back on the walklist, on the new person: their outcome key is next (after
            # the dialog has handed the focus back)
            QTimer.singleShot(0, self._back_to_walklist)

    def _back_to_walklist(self) -> None:
        self.activateWindow()
        self.walklist_view.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def correct_person(self) -> AddPersonDialog | None:
        """Correct the selected person added here, before they are sent."""
        found = self.session.person_to_correct()
        if isinstance(found, DoorChange):
            self._apply(found)
            return None
        entry, details = found
        dialog = self._person_dialog(entry.household.label, details)
        dialog.accepted.connect(
            lambda: self._apply(self.session.correct_person(entry, dialog.details()))
        )
        return dialog

    def _person_dialog(self, place: str, details: PersonDetails | None = None) -> AddPersonDialog:
        """The add-a-person dialog, window-modal without blocking (kept for tests)."""
        dialog = AddPersonDialog(place, self, person=details)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.add_person_dialog = dialog
        return dialog

    def _on_door_view_survey_chosen(self, survey_id: str) -> None:
        self._apply(self.session.choose_survey(survey_id))

    # --- recording -----------------------------------------------------------------------

    def _on_outcome_bar_outcome_chosen(self, outcome: Outcome) -> None:
        self.record_outcome(outcome)

    def record_outcome(self, outcome: Outcome) -> list[Visit]:
        """One press of a one-tap outcome on the selection (one person, or many)."""
        changes = self._unless_do_not_knock(
            self.session.record_outcome(outcome),
            lambda: self.session.record_outcome(outcome, override=True),
        )
        return [visit for change in changes for visit in change.saved]

    def _on_survey_form_completed(self, result: SurveyResult) -> None:
        change = self._apply(self.session.finish_survey(result))
        if change.close_survey and not change.problem:
            self.walklist_view.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_survey_form_abandoned(self) -> None:
        self._apply(self.session.abandon_survey())
        self.walklist_view.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _nudge_sync(self) -> None:
        self.refresh_counts()  # the status bar shows the new visit at once
        if self.sync_controller is not None:
            self.sync_controller.request_sync("saved")

    # --- fixing mistakes -----------------------------------------------------------------

    def undo_last_press(self) -> DoorChange:
        """Ctrl+Z: void the last press (one visit, or every visit of a bulk press)."""
        return self._apply(self.session.undo())

    def show_history(self) -> None:
        from canvass_app.ui.history_dialog import HouseholdHistoryDialog

        if not self.session.selection:
            self.show_message(self.tr("Pick a door to see its history."))
            return
        household = self.session.selection[0].household
        dialog = HouseholdHistoryDialog(self.db, household.id, household.address.line, self)
        dialog.edit_requested.connect(self.edit_visit_answers)
        dialog.delete_requested.connect(self._on_history_dialog_delete_requested)
        dialog.open()
        self.history_dialog = dialog

    def _on_history_dialog_delete_requested(self, visit: Visit) -> None:
        change = self._apply(self.session.void(visit))
        self.history_dialog.show_result(render(change.message) if change.message else "")

    def edit_visit_answers(self, visit: Visit) -> bool:
        """Re-open a saved visit's answers in the survey form; Save queues the edit."""
        return self._apply(self.session.edit(visit)).survey is not None

    # --- navigation ----------------------------------------------------------------------

    def focus_search(self) -> None:
        self.left_tabs.setCurrentWidget(self.walklist_view)
        self.walklist_view.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.walklist_view.search_edit.selectAll()

    def focus_walklist(self) -> None:
        self.left_tabs.setCurrentWidget(self.walklist_view)
        self.walklist_view.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def toggle_map(self) -> None:
        """Ctrl+M: the map in the left pane, or the list back (with the keys on it)."""
        if self.left_tabs.currentWidget() is self.map_view:
            self.focus_walklist()
        else:
            self.left_tabs.setCurrentWidget(self.map_view)
            # the list's keys are hidden with it: the map's first button takes them, so
            # Enter can never land on an outcome button by accident
            self.map_view.fit_button.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _show_basemap(self) -> None:
        """The MBTiles file under the map: the settings' one, else the walklist's own."""
        from canvass_app.services.basemap import find_basemap

        configured = getattr(self.settings, "basemap_path", None)
        self.map_view.set_basemap(find_basemap(self.data_dir, self.list_id, configured))

    def _on_map_view_door_clicked(self, building_id: str) -> None:
        """A door picked on the map is picked in the list (and so at the door pane)."""
        building = next((b for b in self.session.buildings if b.id == building_id), None)
        if building is not None:
            self._select_people(tuple(building.entries))

    def _on_map_view_door_activated(self, building_id: str) -> None:
        """A double click on a door of one person starts the survey, as Enter in the list."""
        self._on_map_view_door_clicked(building_id)
        if len(self.session.selection) == 1:
            self.start_survey(self.session.selection[0])

    def go_to_nearest_door(self) -> Building | None:
        """Ctrl+N: the nearest building with someone still to knock."""
        return self._went_to(self.session.nearest_door())

    def go_to_next_door(self) -> Building | None:
        """Ctrl+Down: the next person in walk order who still needs a knock."""
        return self._went_to(self.session.next_door())

    def _went_to(self, change: DoorChange) -> Building | None:
        self._apply(change)
        if not change.select:
            return None
        self.walklist_view.tree.setFocus(Qt.FocusReason.OtherFocusReason)
        address_id = change.select[0].household.address.id
        return next((b for b in self.session.buildings if b.id == address_id), None)

    # --- walklist download ---------------------------------------------------------------

    def download_walklist(self) -> None:
        from canvass_app.qt.tasks import run_in_background

        list_id = self.list_id
        if not list_id:
            list_id = self._ask_list_id()
            if not list_id:
                return
        if not self.api_url:
            self.show_error(self.tr("No Polis server address is set; set it in Settings first."))
            return
        if not self.token:
            self.show_error(self.tr("Sign in first (Ctrl+L): the download needs your access."))
            return
        api_url, token, data_dir = self.api_url, self.token, self.data_dir
        options = self._client_options()

        fix = self.session.fix if self.session.location_problem() is None else None
        plan = WalkPlan(
            start=(fix.lat, fix.lng) if fix is not None else None, zigzag=self.session.zigzag
        )

        from canvass_app.services.basemap import MapDownload

        map_request = MapDownload.from_settings(self.settings)
        cancel = self._download_cancel
        cancel.clear()

        def work(report: Callable[[int, int], None]) -> Any:
            return download_walklist(
                data_dir,
                api_url,
                token,
                list_id,
                plan=plan,
                progress=report,
                map_request=map_request,
                cancelled=cancel.is_set,
                **options,
            )

        self.walklist_view.download_button.setEnabled(False)
        self.walklist_view.set_download_cancellable(map_request is not None)
        self.walklist_view.set_download_progress(0, 5)
        self.download_task = run_in_background(
            work,
            on_done=self._on_download_done,
            on_error=self._on_download_failed,
            on_progress=self.walklist_view.set_download_progress,
            parent=self,
        )

    def _client_options(self) -> dict[str, Any]:
        """The HTTP client's settings (the trusted certificate authority among them)."""
        from canvass_app.services.settings import client_options, load_settings

        return client_options(self.settings or load_settings(self.data_dir))

    def _ask_list_id(self) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(
            self, self.tr("Download walklist"), self.tr("Walklist (list) id:")
        )
        return text.strip() if ok and text.strip() else None

    def _on_download_done(self, result: Any) -> None:
        self.walklist_view.set_download_finished()
        if self._closed:
            return
        self.list_id = getattr(result, "list_id", self.list_id)
        self.reload_walklist()
        message = self.tr("Downloaded “{name}”: {households} households, ready offline.").format(
            name=getattr(result, "name", ""), households=getattr(result, "households", 0)
        )
        problems = getattr(result, "problems", [])
        if problems:
            message += " " + self.tr("{n} problems: see the survey pane.").format(n=len(problems))
        map_outcome = getattr(result, "map", None)
        if map_outcome is not None:  # the map's own words: ready, lowered, stopped, refused
            message += " " + render(map_outcome.message)
        self.show_message(message)

    def _on_download_failed(self, error: BaseException) -> None:
        self.walklist_view.set_download_finished()
        if self._closed:
            return
        words = expected_problem(error)
        if words is None and not isinstance(error, ValueError):  # a bug
            _report_bug(error)
            return
        if words is None:  # the address or the CA file cannot be used: the detail is logged
            log.warning("the walklist download cannot start: %s", error)
            words = BAD_SETTINGS.message()
        reason = render(words)
        self.show_error(
            self.tr("The walklist could not be downloaded: {error} Try again when online.").format(
                error=reason
            )
        )

    # --- sync and sign-in ----------------------------------------------------------------

    def sync_now(self) -> None:
        self._apply(self.session.sync_requested(self.sync_controller is not None))
        if self.sync_controller is not None:
            self.sync_controller.request_sync("manual")

    def refresh_counts(self) -> SyncCounts:
        counts = visit_service.sync_counts(self.db)
        self.sync_status.set_counts(counts)
        return counts

    def _on_sync_controller_finished(self, report: SyncReport) -> None:
        self.sync_status.set_report(report)
        self._apply(self.session.sync_ended())  # "Sending…" is over
        # visits became "sent": refresh the "not sent" notes on the doors (rows, the
        # selection and an open survey stay as they are)
        if report.sent and self.walklist is not None:
            self._refresh_door_visits_in_background()

    def _refresh_door_visits_in_background(self) -> None:
        """Re-read the doors' latest visits off the GUI thread (thousands of rows may have
        changed), then apply them here."""
        from canvass_app.qt.tasks import run_in_background

        if self.walklist is None:
            return
        data_dir = self.data_dir
        household_ids = {entry.household.id for entry in self.walklist.entries}
        list_id = self.walklist.list_id

        def work(_report: Callable[[int, int], None]) -> Any:
            db = open_database(data_dir)  # this thread's own connection
            try:
                return visit_service.latest_visits(db, household_ids, list_id)
            finally:
                db.conn.close()

        def apply(result: Any) -> None:
            if not self._closed:
                self.session.replace_latest(*result)
                self.walklist_model.replace_visits(*result)
                # The map on the next turn of the event loop: after a drain each repaints
                # thousands of doors, 20-40 ms apiece, too long as one stall (B4).
                QTimer.singleShot(0, self, lambda: apply_to_map(result[0]))

        def apply_to_map(latest: Any) -> None:
            if not self._closed:
                self.map_view.replace_latest(latest)

        self.door_visits_task = run_in_background(
            work, on_done=apply, on_error=self._on_door_visits_failed, parent=self
        )

    def _on_door_visits_failed(self, error: BaseException) -> None:
        words = expected_problem(error)
        if words is None:
            _report_bug(error)
            return
        self.show_error(self.tr("Could not refresh the doors: {error}").format(error=render(words)))

    def _on_sync_controller_error_reported(self, message: Message | str) -> None:
        self.sync_status.set_error(message)
        self._apply(self.session.sync_ended())

    def sign_in(self) -> None:
        from canvass_app.ui.sign_in_dialog import SignInDialog

        if not self.api_url:
            self.show_error(self.tr("No Polis server address is set; set it in Settings first."))
            return
        dialog = SignInDialog(self.api_url, self, client_options=self._client_options())
        dialog.signed_in.connect(self._on_sign_in_dialog_signed_in)
        dialog.open()
        self.sign_in_dialog = dialog

    def _on_sign_in_dialog_signed_in(self, token: str, persisted: bool) -> None:
        self.token = token
        if self.sync_controller is not None:
            self.sync_controller.set_token(token)
        self.sync_status.clear_auth_required()
        if persisted:
            self.show_message(self.tr("Signed in. Waiting visits will be sent."))
        else:
            self.show_message(
                self.tr("Signed in — kept for this session only (no keyring on this computer).")
            )

    def sign_out(self, *, export_to: Path | None = None) -> bool:
        """Forget the token; refused while visits are unsent unless they are exported first."""
        from canvass_app.services.accounts import forget_token

        if not self.api_url:
            return False
        counts = visit_service.sync_counts(self.db)
        if counts.unsent:
            if export_to is None:
                export_to = self._ask_export_path(counts.unsent)
                if export_to is None:
                    self.show_message(
                        self.tr("Still signed in: {n} visits are not sent yet.").format(
                            n=counts.unsent
                        )
                    )
                    return False
            try:
                from canvass_app.services.outbox_transfer import export_outbox

                exported = export_outbox(self.db, export_to)
            except Exception as error:
                words = expected_problem(error)
                if words is None:
                    raise
                self.show_error(
                    self.tr("Not signed out: the export failed: {error}").format(
                        error=render(words)
                    )
                )
                return False
            self.show_message(
                self.tr("Exported {n} unsent visits to {path}.").format(n=exported, path=export_to)
            )
        forget_token(self.api_url)
        self.token = None
        if self.sync_controller is not None:
            self.sync_controller.set_token(None)
        self.show_message(self.tr("Signed out."))
        return True

    def _ask_export_path(self, unsent: int) -> Path | None:
        answer = QMessageBox.question(
            self,
            self.tr("Visits not sent yet"),
            self.tr(
                "{n} visits have not reached the server. Signing out now could lose them.\n\n"
                "Export them to a file first (another laptop can import it)?"
            ).format(n=unsent),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export unsent visits"), str(Path.home() / "unsent-visits.jsonl")
        )
        return Path(path) if path else None

    # --- position ------------------------------------------------------------------------

    def _on_canvasser_switch_canvasser_switched(self, canvasser_id: str) -> None:
        self.canvasser = canvasser_id
        self._apply(self.session.set_canvasser(canvasser_id))
        # the one who was here may have left a review open: it is not the new one's
        self._close_review_windows()

    def _on_position_fix_changed(self, fix: Fix | None) -> None:
        reason = getattr(self.position_service, "reason", None) if fix is None else None
        self.session.set_fix(fix, reason)
        self.door_view.location_panel.set_fix(fix, reason)
        self.map_view.set_position(fix)

    def _on_position_source_changed(self, source: Message) -> None:
        self.door_view.location_panel.set_source(source)

    def _watch_position_service(self, service: Any) -> None:
        service.fix_changed.connect(self._on_position_fix_changed)
        service.source_changed.connect(self._on_position_source_changed)
        self._on_position_source_changed(service.source)
        self._on_position_fix_changed(service.current_fix())

    def replace_position_service(self, service: Any) -> None:
        """Use another position source now (the settings chose it): the old one stops
        and its fix goes with it; the new one starts if the old one ran."""
        old, self.position_service = self.position_service, service
        running = old is None or old.is_running
        if old is not None:
            old.fix_changed.disconnect(self._on_position_fix_changed)
            old.source_changed.disconnect(self._on_position_source_changed)
            old.stop()
            old.deleteLater()
        service.setParent(self)
        self._watch_position_service(service)
        if running:
            service.start()

    # --- help, theme, messages -----------------------------------------------------------

    def show_help(self) -> None:
        from canvass_app.ui.help_overlay import ShortcutHelpDialog

        dialog = ShortcutHelpDialog(self.shortcut_rows(), self)
        dialog.open()
        self.help_dialog = dialog

    def open_my_review(self) -> QWidget:
        """The canvasser's own visits, in every state (the supervisor engineer's view)."""
        from canvass_app.ui.supervisor.review_view import SupervisorReviewView

        view = SupervisorReviewView(self.data_dir, canvasser=self.canvasser, supervisor=False)
        return self._show_review_window(view)

    def open_supervisor_review(self) -> QWidget | None:
        """Every visit on this laptop, after the supervisor PIN."""
        from canvass_app.ui.supervisor.pin_dialog import SupervisorPinDialog
        from canvass_app.ui.supervisor.review_view import SupervisorReviewView

        dialog = SupervisorPinDialog(self.db, self)
        if dialog.exec() != SupervisorPinDialog.DialogCode.Accepted:
            return None
        view = SupervisorReviewView(self.data_dir, canvasser=None, supervisor=True)
        return self._show_review_window(view)

    def _close_review_windows(self) -> None:
        for view in self._review_windows:
            view.close()
            view.deleteLater()
        self._review_windows.clear()

    def _show_review_window(self, view: QWidget) -> QWidget:
        view.setWindowFlag(Qt.WindowType.Window, True)
        view.resize(1100, 700)
        view.show()
        self._review_windows.append(view)
        return view

    def open_settings(self) -> None:
        from canvass_app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(
            self.data_dir, self.settings, self, position_service=self.position_service
        )
        dialog.settings_saved.connect(self.apply_settings)
        dialog.open()
        self.settings_dialog = dialog

    def apply_settings(self, settings: Any) -> None:
        """Use newly saved settings: theme, server, location source, accuracy; say what
        needs a restart. The canvasser name is only the first start's (switching
        canvassers is the switch's, with its PINs)."""
        from canvass_app.qt.position import position_service_from_settings, position_settings
        from canvass_app.ui.theme import apply_theme

        before = self.settings
        self.settings = settings
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, settings.theme)
        self._sync_theme_checks()
        self.door_view.location_panel.set_max_accuracy(float(settings.accuracy_threshold_m))
        self.session.max_accuracy_m = float(settings.accuracy_threshold_m)
        self.session.auto_advance = settings.auto_advance
        if settings.walk_zigzag != self.session.zigzag:
            self.session.zigzag = settings.walk_zigzag
            self.reload_walklist()  # the walk is planned again, from the same start
        if (before is None or before.basemap_path != settings.basemap_path) and self.walklist:
            self._show_basemap()
        if settings.api_url != self.api_url:
            self.api_url = settings.api_url
            if self.sync_controller is not None:
                self.sync_controller.set_api_url(settings.api_url)
        if before is not None and position_settings(before) != position_settings(settings):
            self.replace_position_service(position_service_from_settings(settings))
        restart = before is not None and (
            before.language != settings.language
            or before.sync_interval_s != settings.sync_interval_s
            or before.sync_concurrency != settings.sync_concurrency
        )
        if restart:
            self.show_message(
                self.tr("Settings saved. Restart Canvass to use the new language or sync settings.")
            )
        else:
            self.show_message(self.tr("Settings saved."))

    def open_about(self) -> None:
        from canvass_app.ui.about_dialog import AboutDialog

        dialog = AboutDialog(self.data_dir, self)
        dialog.open()
        self.about_dialog = dialog

    def set_theme(self, theme: str) -> None:
        from canvass_app.ui.theme import apply_theme

        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
        if self.settings is not None:
            try:
                import dataclasses

                from canvass_app.services.settings import SettingsError, save_settings

                self.settings = dataclasses.replace(self.settings, theme=theme)
                save_settings(self.data_dir, self.settings)
            except (OSError, SettingsError) as error:
                reason = (
                    render(os_reason(error))
                    if isinstance(error, OSError)
                    else "; ".join(render(problem.words) for problem in error.errors)
                )
                self.show_error(self.tr("The theme was not saved: {error}").format(error=reason))
        self._sync_theme_checks()

    def _sync_theme_checks(self) -> None:
        from canvass_app.ui.theme import current_theme

        app = QApplication.instance()
        theme = current_theme(app) if isinstance(app, QApplication) else "light"
        for name, action in self.theme_actions.items():
            action.setChecked(name == theme)

    def _show(self, message: Message, *, problem: bool = False) -> None:
        text = render(message)
        if problem:
            self.show_error(text)
        else:
            self.show_message(text)

    def show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setAccessibleDescription(text)

    def show_error(self, text: str) -> None:
        self.message_label.setText("⚠ " + text)
        self.message_label.setAccessibleDescription(text)

    # --- shutdown ------------------------------------------------------------------------

    def add_cleanup(self, cleanup: Callable[[], None]) -> None:
        """Run ``cleanup`` when the window closes (after the sync thread is joined)."""
        self._cleanups.append(cleanup)

    def shutdown(self) -> None:
        """Stop the sync thread, the position source and timers; close the database."""
        if self._closed:
            return
        self._closed = True
        self.door_view.location_panel.stop()
        self.walklist_view.stop_timers()
        self._close_review_windows()
        if self.sync_controller is not None:
            self.sync_controller.shutdown()
        if self.position_service is not None:
            self.position_service.stop()
        from canvass_app.qt.tasks import wait_for_all

        wait_for_all(30_000)
        QApplication.processEvents()
        for cleanup in reversed(self._cleanups):
            try:
                cleanup()
            except Exception:
                log.exception("cleanup at shutdown failed")
        self.db.conn.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)


def _current_canvasser(db: Any) -> str | None:
    from canvass_app.services.people import current_canvasser

    return current_canvasser(db)


def _canvasser_switch(db: Any, canvasser: str) -> Any:
    """The supervisor engineer's quick canvasser switch (several people, one laptop),
    showing who records visits now (registered as the current one on first start)."""
    from canvass_app.services.people import start_first_canvasser
    from canvass_app.ui.supervisor.canvasser_switch_widget import CanvasserSwitchWidget

    start_first_canvasser(db, canvasser)
    return CanvasserSwitchWidget(db)


def _default_canvasser() -> str:
    try:
        return getpass.getuser() or "canvasser"
    except (KeyError, OSError):
        return "canvasser"


def _report_bug(error: BaseException) -> None:
    """A bug a use case caught (and logged): to the crash dialog, never swallowed."""
    sys.excepthook(type(error), error, error.__traceback__)


__all__ = ["MainWindow"]
