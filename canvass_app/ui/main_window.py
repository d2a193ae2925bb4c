"""The door screen: walklist on the left, the door on the right, sync status at the bottom.

The window wires widgets to use cases: saving a visit is ``services.visits.record_visit``
on the main thread's own SQLite connection (a local, durable write; never the network),
then a "saved" nudge to the sync controller, which sends it from its own thread.
"""

from __future__ import annotations

import gc
import getpass
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from canvass_app.core.door_marks import DoorMark, finished_building_ids
from canvass_app.core.errors import CanvassError
from canvass_app.core.geo import Fix
from canvass_app.core.outbox import SyncCounts, SyncReport, Visit
from canvass_app.core.outcomes import Outcome, Status
from canvass_app.core.survey import Survey
from canvass_app.core.walklist import Building, WalklistEntry
from canvass_app.services import visits as visit_service
from canvass_app.services.pull import OfflineWalklist, WalklistNotPulled, load_walklist
from canvass_app.storage.db import open_database
from canvass_app.ui.door_style import outcome_word
from canvass_app.ui.door_view import DoorView
from canvass_app.ui.survey_form import SurveyResult
from canvass_app.ui.sync_status import SyncStatusWidget
from canvass_app.ui.visit_drafts import outcome_draft, survey_draft, survey_edit_changes
from canvass_app.ui.walklist_model import WalklistModel
from canvass_app.ui.walklist_view import WalklistView

log = logging.getLogger(__name__)

UNDO_WINDOW_S = 600
# A second press of the same outcome for the same people this soon is a double tap on a
# slow screen, not a second knock (field-notes: duplicates).
DOUBLE_TAP_S = 3.0


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
        self.walklist: OfflineWalklist | None = None
        self._surveys: dict[str, Survey] = {}
        self._targets: list[WalklistEntry] = []
        self._editing: Visit | None = None
        self._survey_entry: WalklistEntry | None = None
        self._closed = False
        self._cleanups: list[Callable[[], None]] = []
        self._review_windows: list[QWidget] = []
        self._last_outcome: tuple[str, tuple[str, ...]] | None = None
        self._last_outcome_at = float("-inf")
        self.clock: Callable[[], float] = time.monotonic  # tests move time on

        self.setWindowTitle(self.tr("Canvass — door screen"))
        self.setAccessibleName(self.tr("Canvass door screen"))
        self.resize(1200, 800)

        # --- widgets ---------------------------------------------------------------------
        self.walklist_model = WalklistModel(self)
        self.walklist_view = WalklistView(self.walklist_model)
        self.door_view = DoorView()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.walklist_view)
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
        self.door_view.outcome_bar.outcome_chosen.connect(self._on_outcome_bar_outcome_chosen)
        self.door_view.survey_form.survey_completed.connect(self._on_survey_form_completed)
        self.door_view.survey_chosen.connect(self._on_door_view_survey_chosen)
        self.door_view.survey_form.start_requested.connect(self.start_survey)
        self.sync_status.sync_requested.connect(self.sync_now)
        self.sync_status.sign_in_requested.connect(self.sign_in)

        if sync_controller is not None:
            sync_controller.counts_changed.connect(self.sync_status.set_counts)
            if hasattr(sync_controller, "sync_started"):
                sync_controller.sync_started.connect(self.sync_status.show_syncing)
            sync_controller.progress_changed.connect(self.sync_status.set_progress)
            sync_controller.sync_finished.connect(self._on_sync_controller_finished)
            sync_controller.error_reported.connect(self.sync_status.set_error)
            sync_controller.auth_required.connect(self.sync_status.show_auth_required)
            sync_controller.online_changed.connect(self.sync_status.set_online)
        if position_service is not None:
            position_service.fix_changed.connect(self._on_position_fix_changed)
            self.door_view.location_panel.set_fix(position_service.current_fix())
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
        self.undo_action = self._action(self.tr("Undo last visit"), "Ctrl+Z", self.undo_last_visit)
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

    # --- loading -------------------------------------------------------------------------

    def reload_walklist(self) -> None:
        """Read the offline walklist and the doors' latest visits from the database."""
        with _long_lived_objects(thaw=self.walklist is not None):
            self._load_walklist()

    def _load_walklist(self) -> None:
        try:
            walklist = load_walklist(self.db, self.list_id)
        except WalklistNotPulled as error:
            self.walklist = None
            self.walklist_model.set_walklist([])
            self.walklist_view.set_title(str(error))
            self.door_view.set_surveys([], None)
            self.door_view.survey_form.clear(
                self.tr("Download a walklist to start (Ctrl+D, needs the network once)."),
                can_start=False,
            )
            return
        self.walklist = walklist
        self.list_id = walklist.list_id
        self._surveys = {survey.id: survey for survey in walklist.surveys}
        by_household, by_contact = visit_service.latest_visits(
            self.db, {entry.household.id for entry in walklist.entries}
        )
        self.walklist_model.set_walklist(
            walklist.buildings,
            in_walk_order=True,
            statuses=walklist.statuses,
            visits=by_household,
            contact_visits=by_contact,
            list_statuses=walklist.list_statuses(),
        )
        title = walklist.name
        if walklist.skipped_entries:
            title += self.tr(" ({n} entries could not be read)").format(
                n=len(walklist.skipped_entries)
            )
        self.walklist_view.set_title(title)
        names = sorted(walklist.survey_names.items(), key=lambda item: item[1].casefold())
        default = walklist.default_survey_id
        self.door_view.set_surveys([(survey_id, name) for survey_id, name in names], default)
        self._show_survey_state()

    def _statuses(self) -> Sequence[Status]:
        return self.walklist.statuses if self.walklist is not None else ()

    def _current_survey_id(self) -> str | None:
        chosen = self.door_view.current_survey_id()
        if chosen:
            return chosen
        return self.walklist.default_survey_id if self.walklist else None

    def _show_survey_state(self) -> None:
        """Empty form, or the survey's problems when it cannot be used."""
        survey_id = self._current_survey_id()
        form = self.door_view.survey_form
        if self.walklist is not None and survey_id in self.walklist.survey_problems:
            name = self.walklist.survey_names.get(survey_id or "", survey_id or "")
            form.show_problems(name, self.walklist.survey_problems[survey_id or ""])
        elif self.walklist is not None and not self.walklist.surveys:
            form.clear(
                self.tr("This campaign has no survey; use the one-tap outcomes."), can_start=False
            )
        else:
            form.clear(self.tr("Pick a person, then press Enter to start the survey."))

    # --- selection -----------------------------------------------------------------------

    def _on_walklist_selection_changed(self, entries: list[WalklistEntry]) -> None:
        self._targets = list(entries)
        dnk = any(
            self.walklist_model.door_mark_for_household(entry.household.id) is DoorMark.DO_NOT_KNOCK
            for entry in entries
        )
        self.door_view.show_targets(entries, do_not_knock=dnk)
        self.door_view.survey_form.start_button.setEnabled(len(entries) == 1)
        household = entries[0].household if len(entries) == 1 else None
        if household is not None:
            self.door_view.location_panel.set_household(
                household.address.lat, household.address.lng
            )
        else:
            self.door_view.location_panel.clear_household()
        if self._survey_entry is not None and (
            len(entries) != 1
            or entries[0].contact_household_id != self._survey_entry.contact_household_id
        ):
            self._survey_entry = None
            self._editing = None
            self._show_survey_state()

    def _on_walklist_person_activated(self, entry: WalklistEntry) -> None:
        self.start_survey(entry)

    def start_survey(self, entry: WalklistEntry | None = None) -> bool:
        """Open the chosen survey for one person; False (with a message) if it cannot."""
        if entry is None:
            if len(self._targets) != 1:
                self.show_message(self.tr("Pick one person to start the survey."))
                return False
            entry = self._targets[0]
        survey_id = self._current_survey_id()
        survey = self._surveys.get(survey_id or "")
        if survey is None:
            self._show_survey_state()
            self.show_message(self.tr("The survey cannot be used; record the door with keys 1–7."))
            return False
        self._editing = None
        self._survey_entry = entry
        self.door_view.survey_form.start(survey)  # puts focus on the first option
        return True

    def _on_door_view_survey_chosen(self, _survey_id: str) -> None:
        self._editing = None
        self._survey_entry = None
        self._show_survey_state()

    # --- recording -----------------------------------------------------------------------

    def _fix(self) -> Fix | None:
        return self.door_view.location_panel.fix

    def _campaign_id(self) -> str:
        return self.walklist.campaign_id if self.walklist else ""

    def _any_survey_id(self) -> str:
        """The survey id an outcome-only visit carries (``survey.surveyId`` is required)."""
        survey_id = self._current_survey_id()
        if survey_id:
            return survey_id
        if self.walklist and self.walklist.survey_names:
            return next(iter(self.walklist.survey_names))
        return ""

    def _on_outcome_bar_outcome_chosen(self, outcome: Outcome) -> None:
        self.record_outcome(outcome)

    def record_outcome(
        self, outcome: Outcome, entries: Sequence[WalklistEntry] | None = None
    ) -> list[Visit]:
        """One visit per person (one press, several doors = bulk); no survey."""
        targets = list(entries if entries is not None else self._targets)
        if not targets:
            self.show_message(self.tr("Pick a door or a person first."))
            return []
        if self.walklist is None:
            self.show_message(self.tr("Download a walklist first."))
            return []
        pressed = (outcome.key, tuple(entry.contact_household_id for entry in targets))
        now = self.clock()
        if pressed == self._last_outcome and now - self._last_outcome_at < DOUBLE_TAP_S:
            self.show_message(
                self.tr("Already saved a moment ago; not saved twice. Ctrl+Z undoes it.")
            )
            return []
        saved: list[Visit] = []
        try:
            for entry in targets:
                draft = outcome_draft(
                    entry,
                    outcome,
                    statuses=self._statuses(),
                    campaign_id=self._campaign_id(),
                    survey_id=self._any_survey_id(),
                    walklist_id=self.list_id,
                    fix=self._fix(),
                )
                saved.append(visit_service.record_visit(self.db, draft, canvasser=self.canvasser))
        except CanvassError as error:
            self._after_saved(saved)
            self.show_error(self.tr("The visit was not saved: {error}").format(error=error))
            return saved
        self._after_saved(saved)
        self._last_outcome, self._last_outcome_at = pressed, now
        word = outcome_word(outcome.label)
        if len(saved) == 1:
            self.show_message(
                self.tr("Saved “{outcome}” for {name}. Ctrl+Z undoes it.").format(
                    outcome=word, name=saved[0].contact_name
                )
            )
        else:
            self.show_message(
                self.tr("Saved “{outcome}” for {n} people. Ctrl+Z undoes the last one.").format(
                    outcome=word, n=len(saved)
                )
            )
        return saved

    def _on_survey_form_completed(self, result: SurveyResult) -> None:
        if self._editing is not None:
            self._save_edit(self._editing, result)
            return
        entry = self._survey_entry
        if entry is None or self.walklist is None:
            self.show_message(self.tr("Pick one person to save the survey for."))
            return
        draft = survey_draft(
            entry,
            result,
            statuses=self._statuses(),
            campaign_id=self._campaign_id(),
            walklist_id=self.list_id,
            fix=self._fix(),
        )
        try:
            visit = visit_service.record_visit(self.db, draft, canvasser=self.canvasser)
        except CanvassError as error:
            self.show_error(self.tr("The visit was not saved: {error}").format(error=error))
            return
        self._survey_entry = None
        self._after_saved([visit])
        self.door_view.survey_form.clear(
            self.tr(
                "Saved the survey for {name}. Ctrl+Z undoes it; Ctrl+Down goes to the next door."
            ).format(name=visit.contact_name)
        )
        self.show_message(self.tr("Saved the survey for {name}.").format(name=visit.contact_name))
        self.walklist_view.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _save_edit(self, visit: Visit, result: SurveyResult) -> None:
        try:
            edited = visit_service.edit_visit(
                self.db, visit.local_id, survey_edit_changes(result, self._statuses())
            )
        except CanvassError as error:
            self.show_error(self.tr("The change was not saved: {error}").format(error=error))
            return
        self._editing = None
        self._survey_entry = None
        self.refresh_household(edited.household_id)
        self.door_view.survey_form.clear(
            self.tr("Saved your changes to the visit of {name}; they will be sent.").format(
                name=edited.contact_name
            )
        )
        self.show_message(self.tr("Changes saved for {name}.").format(name=edited.contact_name))
        self._nudge_sync()

    def _after_saved(self, saved: list[Visit]) -> None:
        if not saved:
            return
        self.walklist_model.record_visits(saved)
        self.visits_saved.emit(saved)
        self._nudge_sync()

    def _nudge_sync(self) -> None:
        self.refresh_counts()  # the status bar shows the new visit at once
        if self.sync_controller is not None:
            self.sync_controller.request_sync("saved")

    # --- fixing mistakes -----------------------------------------------------------------

    def undo_last_visit(self) -> Visit | None:
        try:
            undone = visit_service.undo_last_visit(self.db, self.canvasser, UNDO_WINDOW_S)
        except CanvassError as error:
            self.show_error(self.tr("Could not undo: {error}").format(error=error))
            return None
        if undone is None:
            self.show_message(self.tr("Nothing to undo: no visit of yours in the last 10 minutes."))
            return None
        self.refresh_household(undone.household_id)
        self._nudge_sync()
        self.show_message(
            self.tr("Undid the visit to {name} ({outcome}).").format(
                name=undone.contact_name, outcome=outcome_word(undone.outcome) or "—"
            )
        )
        return undone

    def refresh_household(self, household_id: str) -> None:
        """Re-read one household's visits after an undo, edit or delete."""
        visits = visit_service.household_visits(self.db, household_id)  # newest first
        live = [visit for visit in visits if not visit.deleted]
        by_contact: dict[str, Visit | None] = {visit.contact_id: None for visit in visits}
        for visit in reversed(live):
            by_contact[visit.contact_id] = visit  # the newest wins
        self.walklist_model.set_household_visits(
            household_id, live[0] if live else None, by_contact
        )
        self.refresh_counts()

    def show_history(self) -> None:
        from canvass_app.ui.history_dialog import HouseholdHistoryDialog

        if not self._targets:
            self.show_message(self.tr("Pick a door to see its history."))
            return
        household = self._targets[0].household
        dialog = HouseholdHistoryDialog(self.db, household.id, household.address.line, self)
        dialog.edit_requested.connect(self.edit_visit_answers)
        dialog.visit_deleted.connect(lambda visit: self._on_history_visit_deleted(visit))
        dialog.open()
        self.history_dialog = dialog

    def _on_history_visit_deleted(self, visit: Visit) -> None:
        self.refresh_household(visit.household_id)
        self._nudge_sync()
        self.show_message(self.tr("Deleted the visit to {name}.").format(name=visit.contact_name))

    def edit_visit_answers(self, visit: Visit) -> bool:
        """Re-open a saved visit's answers in the survey form; Save queues the edit."""
        survey_block = visit.data.get("survey") or {}
        survey = self._surveys.get(str(survey_block.get("surveyId", "")))
        if survey is None:
            self.show_message(
                self.tr("This visit's survey is not on this laptop; it cannot be re-opened.")
            )
            return False
        self._editing = visit
        self._survey_entry = None
        self.door_view.survey_form.start(
            survey,
            responses=survey_block.get("responses") or {},
            save_label=self.tr("Save changes"),
        )
        self.show_message(
            self.tr("Editing the visit to {name}: change the answers, then save.").format(
                name=visit.contact_name
            )
        )
        return True

    # --- navigation ----------------------------------------------------------------------

    def focus_search(self) -> None:
        self.walklist_view.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.walklist_view.search_edit.selectAll()

    def focus_walklist(self) -> None:
        self.walklist_view.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _visited_building_ids(self) -> set[str]:
        model = self.walklist_model
        return finished_building_ids(model.buildings, model.is_visited, model.door_mark)

    def go_to_nearest_door(self) -> Building | None:
        from canvass_app.core.walklist import nearest_next

        fix = self._fix()
        if fix is None:
            self.show_message(
                self.tr(
                    "No position yet: Nearest next door needs a GPS fix. Use Ctrl+Down for walk order."
                )
            )
            return None
        building = nearest_next(
            self.walklist_model.buildings, fix.lat, fix.lng, self._visited_building_ids()
        )
        if building is None:
            self.show_message(self.tr("No door left to visit that has a map position."))
            return None
        self._select_building(building)
        return building

    def go_to_next_door(self) -> Building | None:
        """The next building in walk order after the selected one with a door still to do."""
        buildings = self.walklist_model.buildings
        start = 0
        if self._targets:
            current = self._targets[0].household.address.id
            for position, building in enumerate(buildings):
                if building.id == current:
                    start = position + 1
                    break
        done = self._visited_building_ids()
        for building in list(buildings[start:]) + list(buildings[:start]):
            if building.id not in done:
                self._select_building(building)
                return building
        self.show_message(self.tr("Every door on this walklist has been visited."))
        return None

    def _select_building(self, building: Building) -> None:
        index = self.walklist_model.index_for_building(building.id)
        if not index.isValid():  # hidden by a search or filter: show everything
            self.walklist_view.search_edit.clear()
            self.walklist_view.apply_search_now()
            self.walklist_view.filter_combo.setCurrentIndex(0)
            index = self.walklist_model.index_for_building(building.id)
        person = self.walklist_model.first_person_index(index)
        self.walklist_view.select_index(person if person.isValid() else index)
        self.walklist_view.tree.setFocus(Qt.FocusReason.OtherFocusReason)
        self.show_message(self.tr("Next: {address}").format(address=building.address.line))

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

        def work(report: Callable[[int, int], None]) -> Any:
            from canvass_app.api.client import PolisClient
            from canvass_app.services.pull import pull_walklist

            db = open_database(data_dir)  # this thread's own connection
            client = PolisClient(api_url, token, **options)
            try:
                return pull_walklist(db, client, list_id, progress=report)
            finally:
                client.close()
                db.conn.close()

        self.walklist_view.download_button.setEnabled(False)
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
        self.show_message(message)

    def _on_download_failed(self, error: BaseException) -> None:
        self.walklist_view.set_download_finished()
        if self._closed:
            return
        self.show_error(
            self.tr("The walklist could not be downloaded: {error} Try again when online.").format(
                error=_words(error)
            )
        )

    # --- sync and sign-in ----------------------------------------------------------------

    def sync_now(self) -> None:
        if self.sync_controller is None:
            self.show_message(self.tr("Sending is not set up on this window."))
            return
        self.sync_controller.request_sync("manual")
        self.show_message(self.tr("Sending waiting visits…"))

    def refresh_counts(self) -> SyncCounts:
        counts = visit_service.sync_counts(self.db)
        self.sync_status.set_counts(counts)
        return counts

    def _on_sync_controller_finished(self, report: SyncReport) -> None:
        self.sync_status.set_report(report)
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

        def work(_report: Callable[[int, int], None]) -> Any:
            db = open_database(data_dir)  # this thread's own connection
            try:
                return visit_service.latest_visits(db, household_ids)
            finally:
                db.conn.close()

        def apply(result: Any) -> None:
            if not self._closed:
                self.walklist_model.replace_visits(*result)

        self.door_visits_task = run_in_background(
            work, on_done=apply, on_error=self._on_door_visits_failed, parent=self
        )

    def _on_door_visits_failed(self, error: BaseException) -> None:
        self.show_error(self.tr("Could not refresh the doors: {error}").format(error=error))

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
        from canvass_app.credentials import TokenStore

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
            except (CanvassError, OSError) as error:
                self.show_error(
                    self.tr("Not signed out: the export failed: {error}").format(
                        error=_words(error)
                    )
                )
                return False
            self.show_message(
                self.tr("Exported {n} unsent visits to {path}.").format(n=exported, path=export_to)
            )
        TokenStore(self.api_url).delete()
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
        self._last_outcome = None
        self.show_message(self.tr("Visits are now recorded for {name}.").format(name=canvasser_id))

    def _on_position_fix_changed(self, fix: Fix | None) -> None:
        self.door_view.location_panel.set_fix(fix)

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

    def _show_review_window(self, view: QWidget) -> QWidget:
        view.setWindowFlag(Qt.WindowType.Window, True)
        view.resize(1100, 700)
        view.show()
        self._review_windows.append(view)
        return view

    def open_settings(self) -> None:
        from canvass_app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.data_dir, self.settings, self)
        dialog.settings_saved.connect(self.apply_settings)
        dialog.open()
        self.settings_dialog = dialog

    def apply_settings(self, settings: Any) -> None:
        """Use newly saved settings: theme, server, sync, accuracy, name; say what needs a restart."""
        from canvass_app.ui.theme import apply_theme

        before = self.settings
        self.settings = settings
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, settings.theme)
        self._sync_theme_checks()
        self.door_view.location_panel.set_max_accuracy(float(settings.accuracy_threshold_m))
        if settings.canvasser_name.strip():
            self.canvasser = settings.canvasser_name.strip()
        if settings.api_url != self.api_url:
            self.api_url = settings.api_url
            if self.sync_controller is not None:
                self.sync_controller.set_api_url(settings.api_url)
        restart = before is not None and (
            before.language != settings.language
            or before.gps_source != settings.gps_source
            or before.sync_interval_s != settings.sync_interval_s
            or before.sync_concurrency != settings.sync_concurrency
        )
        if restart:
            self.show_message(
                self.tr(
                    "Settings saved. Restart Canvass to use the new language, GPS or sync settings."
                )
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

                from canvass_app.services.settings import save_settings

                self.settings = dataclasses.replace(self.settings, theme=theme)
                save_settings(self.data_dir, self.settings)
            except (OSError, ValueError) as error:
                self.show_error(self.tr("The theme was not saved: {error}").format(error=error))
        self._sync_theme_checks()

    def _sync_theme_checks(self) -> None:
        from canvass_app.ui.theme import current_theme

        app = QApplication.instance()
        theme = current_theme(app) if isinstance(app, QApplication) else "light"
        for name, action in self.theme_actions.items():
            action.setChecked(name == theme)

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
        for view in self._review_windows:
            view.close()
            view.deleteLater()
        self._review_windows.clear()
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
    from canvass_app.services.people import current_canvasser, switch_canvasser
    from canvass_app.ui.supervisor.canvasser_switch_widget import CanvasserSwitchWidget

    if current_canvasser(db) is None:
        switch_canvasser(db, canvasser)
    return CanvasserSwitchWidget(db)


def _default_canvasser() -> str:
    try:
        return getpass.getuser() or "canvasser"
    except (KeyError, OSError):
        return "canvasser"


def _words(error: BaseException) -> str:
    """An expected error in words; never the token (the api layer keeps it out)."""
    text = str(error).strip()
    return text or type(error).__name__


__all__ = ["MainWindow"]
