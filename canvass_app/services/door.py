"""The door session: the canvasser's use cases at the door, without Qt.

``DoorSession`` holds what the door screen stands on (the offline walklist, each door's
and person's latest visit on it, the selection, the position fix, a survey in progress)
and offers the use cases: select, record an outcome for one person or many, start,
finish or leave a survey, undo, next door, nearest door, void, edit. Every call returns a
``core.door.DoorChange``: which households and people changed, the counts, the
selection, the survey, and the status line as a ``core.messages.Message``. The window
only wires keys and widgets to these calls and refreshes from what they return.

Every call that can fail runs through ``_guarded``: an expected problem (a full or
locked disk, bad input; ``services.problems``) comes back in words; anything else is a
bug, logged here and handed back in ``DoorChange.bug`` for the crash dialog.

The rules themselves are in core: who a press records (``core.door.plan_press``), who
still needs a knock (``core.door_marks.knock_state``, try-again statuses in
``core.outcomes``), the next and the nearest door, walk order (``core.walklist``).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlite_utils

from canvass_app.core.contact import (
    PersonDetails,
    PersonInvalid,
    person_key,
    place_added_people,
)
from canvass_app.core.door import (
    DoorChange,
    SurveyStart,
    nearest_to_knock,
    next_to_knock,
    plan_press,
)
from canvass_app.core.door_marks import Knock, knock_state
from canvass_app.core.geo import MAX_ACCURACY_M, Fix, fix_problem
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message, as_message
from canvass_app.core.outbox import Visit
from canvass_app.core.outcomes import Outcome, Status, outcome_words
from canvass_app.core.survey import Survey
from canvass_app.core.survey_run import SurveyResult
from canvass_app.core.walklist import Building, WalklistEntry
from canvass_app.services import contacts as contacts_service
from canvass_app.services import visits as visit_service
from canvass_app.services.contacts import PersonNotChanged
from canvass_app.services.problems import bug_message, expected_problem
from canvass_app.services.pull import OfflineWalklist, WalklistNotPulled, load_walklist
from canvass_app.services.visit_drafts import outcome_draft, survey_draft, survey_edit_changes
from canvass_app.storage.db import utc_now

log = logging.getLogger(__name__)

UNDO_WINDOW_S = 600
# A second press of the same outcome this soon (on the same people, or on the door the
# selection just moved on to) is a double tap on a slow screen, not a second knock
# (field-notes: duplicates). Walking to the next door takes longer than this.
DOUBLE_TAP_S = 3.0

PICK_FIRST = QT_TRANSLATE_NOOP("DoorSession", "Pick a door or a person first.")
DOWNLOAD_FIRST = QT_TRANSLATE_NOOP("DoorSession", "Download a walklist first (Ctrl+D).")
NO_WALKLIST = QT_TRANSLATE_NOOP(
    "DoorSession", "No walklist on this laptop yet. Download it while online (Ctrl+D)."
)
ALREADY_SAVED = QT_TRANSLATE_NOOP(
    "DoorSession", "Already saved a moment ago; not saved twice. Ctrl+Z undoes it."
)
SAVED_ONE = QT_TRANSLATE_NOOP("DoorSession", "Saved {outcome} for {name}. Ctrl+Z undoes it.")
SAVED_MANY = QT_TRANSLATE_NOOP(
    "DoorSession", "{outcome} for {count}{skipped}. One Ctrl+Z undoes the whole press."
)
SAVED_OVERRIDE = QT_TRANSLATE_NOOP(
    "DoorSession",
    "Saved {outcome} for {name} at a Do-Not-Knock door (marked so for the supervisor). "
    "Ctrl+Z undoes it.",
)
SKIPPED_DNK = QT_TRANSLATE_NOOP("DoorSession", "; skipped {count} (Do Not Knock)")
SKIPPED_DONE = QT_TRANSLATE_NOOP("DoorSession", "; skipped {count} (already done)")
SKIPPED_BOTH = QT_TRANSLATE_NOOP(
    "DoorSession", "; skipped {count} ({dnk} Do Not Knock, {done} already done)"
)
NOBODY_TO_KNOCK = QT_TRANSLATE_NOOP(
    "DoorSession", "Nothing saved: nobody here still needs a knock{skipped}."
)
ASK_OVERRIDE = QT_TRANSLATE_NOOP(
    "DoorSession", "{name}: this door asked not to be visited (Do Not Knock). Nothing was saved."
)
THEN_NEXT = QT_TRANSLATE_NOOP("DoorSession", "{saved} Next: {name}, {address}.")
NEXT = QT_TRANSLATE_NOOP("DoorSession", "Next: {name}, {address}.")
ALL_DONE = QT_TRANSLATE_NOOP("DoorSession", "Nobody left to knock on this walklist.")
NEED_FIX = QT_TRANSLATE_NOOP(
    "DoorSession",
    "Nearest door needs a usable GPS position ({reason}). Ctrl+Down goes in walk order.",
)
NO_POSITION = QT_TRANSLATE_NOOP("DoorSession", "no position yet")
NO_NEAREST = QT_TRANSLATE_NOOP("DoorSession", "No door left to knock that has a map position.")
PICK_ONE_FOR_SURVEY = QT_TRANSLATE_NOOP("DoorSession", "Pick one person to start the survey.")
SURVEY_UNUSABLE = QT_TRANSLATE_NOOP(
    "DoorSession", "The survey cannot be used; record the door with keys 1–7."
)
SURVEY_SAVED = QT_TRANSLATE_NOOP("DoorSession", "Saved the survey for {name}. Ctrl+Z undoes it.")
SURVEY_SAVED_NOTE = QT_TRANSLATE_NOOP(
    "DoorSession", "Saved the survey for {name}. Ctrl+Z undoes it; Ctrl+Down goes to the next door."
)
SURVEY_LEFT = QT_TRANSLATE_NOOP("DoorSession", "Left the survey for {name}; nothing was saved.")
EDITING = QT_TRANSLATE_NOOP(
    "DoorSession", "Editing the visit to {name}: change the answers, then save."
)
EDIT_LEFT = QT_TRANSLATE_NOOP(
    "DoorSession", "Left the changes to {name}'s visit; nothing was changed."
)
EDIT_SAVED = QT_TRANSLATE_NOOP("DoorSession", "Changes saved for {name}.")
EDIT_SAVED_NOTE = QT_TRANSLATE_NOOP(
    "DoorSession", "Saved your changes to the visit of {name}; they will be sent."
)
SURVEY_NOT_HERE = QT_TRANSLATE_NOOP(
    "DoorSession", "This visit's survey is not on this laptop; it cannot be re-opened."
)
NOTHING_TO_UNDO = QT_TRANSLATE_NOOP(
    "DoorSession", "Nothing to undo: no visit of yours in the last 10 minutes."
)
UNDID_ONE = QT_TRANSLATE_NOOP("DoorSession", "Undid the visit to {name} ({outcome}).")
UNDID_MANY = QT_TRANSLATE_NOOP("DoorSession", "Undid the whole press: {count} visits ({outcome}).")
DELETED = QT_TRANSLATE_NOOP("DoorSession", "Deleted the visit to {name}.")
NOT_DONE = QT_TRANSLATE_NOOP("DoorSession", "Not done: {reason}")
SENDING = QT_TRANSLATE_NOOP("DoorSession", "Sending waiting visits…")
NO_SENDING = QT_TRANSLATE_NOOP("DoorSession", "Sending is not set up on this window.")
NOW_FOR = QT_TRANSLATE_NOOP("DoorSession", "Visits are now recorded for {name}.")
PICK_ONE_DOOR = QT_TRANSLATE_NOOP(
    "DoorSession", "Pick the door the new person lives at first (one household)."
)
ADDED_PERSON = QT_TRANSLATE_NOOP(
    "DoorSession",
    "Added {name} at {place}. Record their visit now: an outcome key (1–7), or Ctrl+E "
    "for the survey.",
)
PICK_ONE_PERSON = QT_TRANSLATE_NOOP("DoorSession", "Pick the person to correct first.")
NOT_ADDED_HERE = QT_TRANSLATE_NOOP(
    "DoorSession",
    "{name} came with the walklist; only people added on this laptop can be corrected here.",
)
CORRECTED_PERSON = QT_TRANSLATE_NOOP(
    "DoorSession", "Corrected {name}; the server will get the corrected details."
)


def outcome_name(label: str) -> Message:
    """An outcome's name as a message: translated when Canvass knows it."""
    return outcome_words(label) if label else as_message("—")


def _names(entries: Sequence[WalklistEntry]) -> str:
    return ", ".join(entry.contact.display_name for entry in entries)


def _place(entry: WalklistEntry) -> str:
    household = entry.household
    line = household.address.line
    return f"{line} #{household.unit_num}" if household.unit_num else line


class DoorSession:
    """The door's use cases on one open database (the window's connection)."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        *,
        canvasser: str,
        auto_advance: bool = True,
        max_accuracy_m: float = MAX_ACCURACY_M,
        zigzag: bool = False,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self.db = db
        self.canvasser = canvasser
        self.auto_advance = auto_advance
        self.max_accuracy_m = max_accuracy_m
        self.zigzag = zigzag
        self.clock = clock  # the double-tap window (tests move it on)
        self.now = now  # knock times and fix ages
        self.walklist: OfflineWalklist | None = None
        self.no_walklist: Message | None = NO_WALKLIST.message()
        self.survey_id: str | None = None  # the survey picked for new visits
        self.selection: tuple[WalklistEntry, ...] = ()
        self.fix: Fix | None = None
        self.fix_reason: Message | None = None  # why there is no fix, from the source
        self._surveys: dict[str, Survey] = {}
        self._list_statuses: dict[str, Status] = {}
        self._household_latest: dict[str, Visit] = {}
        self._contact_latest: dict[str, Visit] = {}
        self._position: dict[str, int] | None = None  # contact-household id -> place in walk
        self._survey_for: WalklistEntry | None = None
        self._survey_override = False
        self._editing: Visit | None = None
        # the last press: (outcome key, the people pressed on, the people moved on to, when)
        self._last_press: tuple[str, frozenset[str], frozenset[str], float] | None = None
        self._status_about: str | None = None  # "door" or "sync": what the status line tells
        self._form_note = False  # the survey form shows a note about the last save

    # --- the walklist --------------------------------------------------------------------

    def open(self, list_id: str | None = None) -> DoorChange:
        """Read the offline walklist and its doors' latest visits (no network)."""
        self._survey_for = self._editing = None
        self.selection = ()
        self._position = None
        try:
            walklist = load_walklist(self.db, list_id, zigzag=self.zigzag)
        except WalklistNotPulled:
            self.walklist = None
            self.no_walklist = NO_WALKLIST.message()
            self._surveys, self._list_statuses = {}, {}
            self._household_latest, self._contact_latest = {}, {}
            return DoorChange(close_survey=True)
        self.walklist = walklist
        self.no_walklist = None
        self._surveys = {survey.id: survey for survey in walklist.surveys}
        if self.survey_id not in walklist.survey_names:
            self.survey_id = walklist.default_survey_id
        self._list_statuses = walklist.list_statuses()
        self._household_latest, self._contact_latest = visit_service.latest_visits(
            self.db, {entry.household.id for entry in walklist.entries}, walklist.list_id
        )
        return DoorChange(close_survey=True)

    @property
    def statuses(self) -> Sequence[Status]:
        return self.walklist.statuses if self.walklist is not None else ()

    @property
    def buildings(self) -> list[Building]:
        return self.walklist.buildings if self.walklist is not None else []

    @property
    def list_statuses(self) -> Mapping[str, Status]:
        return self._list_statuses

    def latest(self) -> tuple[dict[str, Visit], dict[str, Visit]]:
        """The latest visit on this walklist of each household and each person."""
        return self._household_latest, self._contact_latest

    def replace_latest(
        self, by_household: Mapping[str, Visit], by_contact: Mapping[str, Visit]
    ) -> None:
        """What a re-read after a sync pass found (states change, not outcomes)."""
        self._household_latest, self._contact_latest = dict(by_household), dict(by_contact)

    def knock(self, entry: WalklistEntry) -> Knock:
        """Whether this person still needs a knock on this walklist, and why not."""
        return knock_state(
            self._contact_latest.get(entry.contact.id),
            self._list_statuses.get(entry.household.id),
            self.statuses,
        )

    def survey(self, survey_id: str | None = None) -> Survey | None:
        return self._surveys.get(survey_id or self.survey_id or "")

    # --- selection -----------------------------------------------------------------------

    def select(self, entries: Iterable[WalklistEntry]) -> DoorChange:
        """The canvasser picked these people (one, a door, a building, a street)."""
        picked = tuple(entries)
        if [e.contact_household_id for e in picked] == [
            e.contact_household_id for e in self.selection
        ]:
            return DoorChange()  # what the session itself moved to (next door)
        self.selection = picked
        clears = self._status_about == "door"
        if clears:
            self._status_about = None
        close = self._survey_for is not None and (
            len(picked) != 1
            or picked[0].contact_household_id != self._survey_for.contact_household_id
        )
        if close:
            self._survey_for = None
        # "Saved the survey for Marcus…" is no longer about who is picked
        close, self._form_note = close or self._form_note, False
        return DoorChange(clears_message=clears, close_survey=close)

    def choose_survey(self, survey_id: str) -> DoorChange:
        """The survey new visits use; a survey in progress is left."""
        self.survey_id = survey_id
        self._survey_for = self._editing = None
        return DoorChange(close_survey=True)

    # --- position ------------------------------------------------------------------------

    def set_fix(self, fix: Fix | None, reason: Message | None = None) -> None:
        """The source's latest fix, or None and why (an honest "no fix")."""
        self.fix = fix
        self.fix_reason = None if fix is not None else reason

    def location_problem(self) -> Message | None:
        """Why no position would go with a visit now, in words (None: one would)."""
        if self.fix is None:
            return self.fix_reason or NO_POSITION.message()
        return fix_problem(self.fix, self.now(), max_accuracy_m=self.max_accuracy_m)

    # --- recording -----------------------------------------------------------------------

    def record_outcome(self, outcome: Outcome, *, override: bool = False) -> DoorChange:
        """One press of a one-tap outcome on the selection (one person, or many)."""
        return self._guarded(lambda: self._record_outcome(outcome, override))

    def _record_outcome(self, outcome: Outcome, override: bool) -> DoorChange:
        targets = self.selection
        if not targets:
            return self._problem(PICK_FIRST.message())
        if self.walklist is None:
            return self._problem(DOWNLOAD_FIRST.message())
        pressed = frozenset(entry.contact_household_id for entry in targets)
        moment = self.clock()
        if self._last_press is not None:
            key, on, moved_to, at = self._last_press
            if key == outcome.key and pressed in (on, moved_to) and moment - at < DOUBLE_TAP_S:
                return self._door_says(ALREADY_SAVED.message())
        plan = plan_press(targets, self.knock, override=override)
        if plan.needs_override:
            return DoorChange(
                message=ASK_OVERRIDE.with_args(name=targets[0].contact.display_name),
                problem=True,
                ask_override=True,
            )
        skipped = self._skipped_words(plan.skipped)
        if not plan.record:
            return self._door_says(NOBODY_TO_KNOCK.with_args(skipped=skipped), problem=True)
        overridden = override and any(self.knock(e) is Knock.DO_NOT_KNOCK for e in plan.record)
        drafts = [
            outcome_draft(
                entry,
                outcome,
                statuses=self.statuses,
                campaign_id=self.walklist.campaign_id,
                survey_id=self._any_survey_id(),
                walklist_id=self.walklist.list_id,
                fix=self.fix,
                max_accuracy_m=self.max_accuracy_m,
                do_not_knock_override=overridden,
            )
            for entry in plan.record
        ]
        saved = visit_service.record_visits(
            self.db, drafts, canvasser=self.canvasser, now=self.now()
        )
        change = self._saved(saved)
        name = outcome_name(outcome.label)
        if overridden:
            message = SAVED_OVERRIDE.with_args(outcome=name, name=saved[0].contact_name)
        elif len(saved) == 1 and not plan.skipped:
            message = SAVED_ONE.with_args(outcome=name, name=saved[0].contact_name)
        else:
            message = SAVED_MANY.with_args(outcome=name, count=len(saved), skipped=skipped)
        recorded = {entry.contact_household_id for entry in plan.record}
        closes = self._survey_for is not None and (
            self._survey_for.contact_household_id in recorded
        )
        if closes:
            self._survey_for = None
        select: tuple[WalklistEntry, ...] | None = None
        if self.auto_advance:
            after = max(self._place_of(entry) for entry in targets)
            following = next_to_knock(
                self._entries(), after, self.knock, leave_out=pressed | recorded
            )
            if following is not None:
                select = self._door_of(following)
                self.selection = select
                if self._survey_for is not None:
                    self._survey_for, closes = None, True
                message = THEN_NEXT.with_args(
                    saved=message, name=_names(select), address=_place(following)
                )
        moved_to = frozenset(e.contact_household_id for e in select) if select else pressed
        self._last_press = (outcome.key, pressed, moved_to, moment)
        return self._door_says(
            message,
            saved=tuple(saved),
            households=change[0],
            people=change[1],
            outbox_changed=True,
            select=select,
            close_survey=closes,
        )

    def start_survey(
        self, entry: WalklistEntry | None = None, *, override: bool = False
    ) -> DoorChange:
        """Open the chosen survey for one person (a Do-Not-Knock door asks first); with
        the people of one door picked, for the first of them."""
        if entry is None:
            if len({e.household.id for e in self.selection}) != 1:
                return self._problem(PICK_ONE_FOR_SURVEY.message())
            entry = self.selection[0]
        survey = self.survey()
        if survey is None:
            return self._problem(SURVEY_UNUSABLE.message(), close_survey=True)
        if self.knock(entry) is Knock.DO_NOT_KNOCK and not override:
            return DoorChange(
                message=ASK_OVERRIDE.with_args(name=entry.contact.display_name),
                problem=True,
                ask_override=True,
            )
        self._editing = None
        self._survey_for = entry
        self._survey_override = override
        return DoorChange(survey=SurveyStart(survey, entry), clears_message=True)

    def finish_survey(self, answers: SurveyResult) -> DoorChange:
        """The form's Save: a new visit, or the changes to the visit being edited."""
        if self._editing is not None:
            editing = self._editing
            return self._guarded(lambda: self._save_edit(editing, answers))
        return self._guarded(lambda: self._save_survey(answers))

    def _save_survey(self, answers: SurveyResult) -> DoorChange:
        entry = self._survey_for
        if entry is None or self.walklist is None:
            return self._problem(PICK_ONE_FOR_SURVEY.message())
        overridden = self._survey_override and self.knock(entry) is Knock.DO_NOT_KNOCK
        draft = survey_draft(
            entry,
            answers,
            statuses=self.statuses,
            campaign_id=self.walklist.campaign_id,
            walklist_id=self.walklist.list_id,
            fix=self.fix,
            max_accuracy_m=self.max_accuracy_m,
            do_not_knock_override=overridden,
        )
        saved = visit_service.record_visits(
            self.db, [draft], canvasser=self.canvasser, now=self.now()
        )
        self._survey_for = None
        self._last_press = None
        households, people = self._saved(saved)
        name = saved[0].contact_name
        return self._door_says(
            SURVEY_SAVED.with_args(name=name),
            saved=tuple(saved),
            households=households,
            people=people,
            outbox_changed=True,
            close_survey=True,
            form_note=SURVEY_SAVED_NOTE.with_args(name=name),
        )

    def _save_edit(self, visit: Visit, answers: SurveyResult) -> DoorChange:
        edited = visit_service.edit_visit(
            self.db, visit.local_id, survey_edit_changes(answers, self.statuses), now=self.now()
        )
        self._editing = None
        households, people = self._reread([edited.household_id])
        return self._door_says(
            EDIT_SAVED.with_args(name=edited.contact_name),
            households=households,
            people=people,
            outbox_changed=True,
            close_survey=True,
            form_note=EDIT_SAVED_NOTE.with_args(name=edited.contact_name),
        )

    def abandon_survey(self) -> DoorChange:
        """The canvasser left the survey (Esc): nothing is saved."""
        if self._editing is not None:
            visit, self._editing = self._editing, None
            left = EDIT_LEFT.with_args(name=visit.contact_name)
            return self._door_says(left, close_survey=True, form_note=left)
        entry, self._survey_for = self._survey_for, None
        if entry is None:
            return DoorChange(close_survey=True)
        left = SURVEY_LEFT.with_args(name=entry.contact.display_name)
        return self._door_says(left, close_survey=True, form_note=left)

    def edit(self, visit: Visit) -> DoorChange:
        """Re-open a saved visit's answers in the survey form; Save queues the edit."""
        survey_block = visit.data.get("survey") or {}
        survey = self._surveys.get(str(survey_block.get("surveyId", "")))
        if survey is None:
            return self._problem(SURVEY_NOT_HERE.message())
        self._editing = visit
        self._survey_for = None
        return self._door_says(
            EDITING.with_args(name=visit.contact_name),
            survey=SurveyStart(
                survey, responses=survey_block.get("responses") or {}, editing=visit
            ),
        )

    # --- fixing mistakes -----------------------------------------------------------------

    def undo(self) -> DoorChange:
        """Void the canvasser's last press: one visit, or every visit of a bulk press."""
        return self._guarded(self._undo)

    def _undo(self) -> DoorChange:
        undone = visit_service.undo_last_press(
            self.db, self.canvasser, UNDO_WINDOW_S, now=self.now()
        )
        if not undone:
            return self._door_says(NOTHING_TO_UNDO.message())
        self._last_press = None
        households, people = self._reread({visit.household_id for visit in undone})
        outcome = outcome_name(undone[0].outcome)
        if len(undone) == 1:
            message = UNDID_ONE.with_args(name=undone[0].contact_name, outcome=outcome)
        else:
            message = UNDID_MANY.with_args(count=len(undone), outcome=outcome)
        return self._door_says(message, households=households, people=people, outbox_changed=True)

    def void(self, visit: Visit) -> DoorChange:
        """Void one visit (from the household's history)."""
        return self._guarded(lambda: self._void(visit))

    def _void(self, visit: Visit) -> DoorChange:
        voided = visit_service.delete_visit(self.db, visit.local_id, now=self.now())
        households, people = self._reread([voided.household_id])
        return self._door_says(
            DELETED.with_args(name=voided.contact_name),
            households=households,
            people=people,
            outbox_changed=True,
        )

    # --- people added at the door --------------------------------------------------------

    def door_for_new_person(self) -> WalklistEntry | DoorChange:
        """Someone at the door a new person would be added at (the selection's one
        household), or the change that says why there is none."""
        if self.walklist is None:
            return self._problem(DOWNLOAD_FIRST.message())
        if len({entry.household.id for entry in self.selection}) != 1:
            return self._problem(PICK_ONE_DOOR.message())
        return self.selection[0]

    def person_to_correct(self) -> tuple[WalklistEntry, PersonDetails] | DoorChange:
        """The selected person added here and their details, or why there is none."""
        if len(self.selection) != 1:
            return self._problem(PICK_ONE_PERSON.message())
        entry = self.selection[0]
        details = self.person_details(entry)
        if details is None:
            return self._problem(NOT_ADDED_HERE.with_args(name=entry.contact.display_name))
        return entry, details

    def add_person(self, details: PersonDetails) -> DoorChange:
        """Add a new person at the selected door (one household), offline: saved with
        the requests that will put them on the server, shown at once under their door
        (marked as added here) and selected, ready for an outcome or the survey."""
        return self._guarded(lambda: self._add_person(details))

    def _add_person(self, details: PersonDetails) -> DoorChange:
        door = self.door_for_new_person()
        if isinstance(door, DoorChange):
            return door
        walklist = self.walklist
        assert walklist is not None  # door_for_new_person says so otherwise
        try:
            person = contacts_service.add_person(
                self.db,
                details,
                household=door.household,
                canvasser=self.canvasser,
                walklist_id=walklist.list_id,
                campaign_id=walklist.campaign_id,
                now=self.now(),
            )
        except PersonInvalid as invalid:  # the dialog checks first: a caller that did not
            return self._problem(invalid.problems[0].message)
        except PersonNotChanged as refused:
            return self._problem(refused.message)
        placed = place_added_people(walklist.buildings, [person])
        self._entries_changed()
        entry = placed[0]
        close = self._survey_for is not None
        self._survey_for = None
        self.selection = (entry,)
        return self._door_says(
            ADDED_PERSON.with_args(name=entry.contact.display_name, place=_place(entry)),
            added=(entry,),
            select=(entry,),
            close_survey=close,
        )

    def correct_person(self, entry: WalklistEntry, details: PersonDetails) -> DoorChange:
        """Correct a person added here before they are sent (folded into their contact);
        refused in words once they may be on the server. The walklist is read again."""
        return self._guarded(lambda: self._correct_person(entry, details))

    def _correct_person(self, entry: WalklistEntry, details: PersonDetails) -> DoorChange:
        if entry.local_contact_id is None or self.walklist is None:
            return self._problem(NOT_ADDED_HERE.with_args(name=entry.contact.display_name))
        try:
            person = contacts_service.edit_person(
                self.db, entry.local_contact_id, details, now=self.now()
            )
        except PersonInvalid as invalid:
            return self._problem(invalid.problems[0].message)
        except PersonNotChanged as refused:
            return self._problem(refused.message)
        self.open(self.walklist.list_id)
        corrected = next(
            (e for e in self._entries() if e.local_contact_id == person.local_contact_id), None
        )
        self.selection = (corrected,) if corrected is not None else ()
        return self._door_says(
            CORRECTED_PERSON.with_args(name=person.display_name),
            reloaded=True,
            select=self.selection,
            close_survey=True,
        )

    def person_details(self, entry: WalklistEntry) -> PersonDetails | None:
        """What was typed for a person added here (None for anyone else)."""
        if entry.local_contact_id is None:
            return None
        person = contacts_service.get_person(self.db, entry.local_contact_id)
        return person.details if person is not None else None

    def _entries_changed(self) -> None:
        """The walklist's doors gained people: its flat list and walk positions follow."""
        if self.walklist is not None:
            buildings = self.walklist.buildings
            self.walklist = dataclasses.replace(
                self.walklist,
                entries=[e for b in buildings for door in b.doors for e in door.entries],
            )
        self._position = None

    # --- moving along --------------------------------------------------------------------

    def next_door(self) -> DoorChange:
        """The next person in walk order who still needs a knock (across units,
        buildings and streets, round to the start at the end of the list)."""
        entries = self._entries()
        after = max((self._place_of(e) for e in self.selection), default=-1)
        leave_out = {e.contact_household_id for e in self.selection}
        following = next_to_knock(entries, after, self.knock, leave_out=leave_out)
        if following is None:
            return self._door_says(ALL_DONE.message())
        return self._move_to(following)

    def nearest_door(self) -> DoorChange:
        """The nearest building with someone still to knock (from a usable fix)."""
        problem = self.location_problem()
        if problem is not None or self.fix is None:
            return self._problem(NEED_FIX.with_args(reason=problem or NO_POSITION.message()))
        here = {e.household.address.id for e in self.selection}
        building = nearest_to_knock(
            self.buildings, self.fix.lat, self.fix.lng, self.knock, leave_out=here
        )
        if building is None:
            return self._door_says(NO_NEAREST.message())
        people = building.entries
        first = next((e for e in people if self.knock(e) is Knock.TO_KNOCK), None)
        return self._move_to(first or next(e for e in people if self.knock(e).needed))

    def _move_to(self, entry: WalklistEntry) -> DoorChange:
        self.selection = self._door_of(entry)
        close = self._survey_for is not None
        self._survey_for = None
        return self._door_says(
            NEXT.with_args(name=_names(self.selection), address=_place(entry)),
            select=self.selection,
            close_survey=close,
        )

    def _door_of(self, entry: WalklistEntry) -> tuple[WalklistEntry, ...]:
        """``entry`` and the others at their door who still need a knock: one press of
        Not Home there is one keystroke for the door."""
        entries = self._entries()
        place = self._place_of(entry)
        household = entry.household.id
        start = place
        while start > 0 and entries[start - 1].household.id == household:
            start -= 1
        door = []
        for other in entries[start:]:
            if other.household.id != household:
                break
            if other is entry or self.knock(other).needed:
                door.append(other)
        return tuple(door)

    # --- the rest of the status line ---------------------------------------------------------

    def sync_requested(self, can_send: bool) -> DoorChange:
        if not can_send:
            return self._problem(NO_SENDING.message())
        self._status_about = "sync"
        return DoorChange(message=SENDING.message())

    def sync_ended(self) -> DoorChange:
        """A pass ended (sent, failed or found nothing): "Sending…" is no longer true."""
        if self._status_about != "sync":
            return DoorChange()
        self._status_about = None
        return DoorChange(clears_message=True)

    def set_canvasser(self, canvasser: str) -> DoorChange:
        self.canvasser = canvasser
        self._last_press = None
        return self._door_says(NOW_FOR.with_args(name=canvasser))

    # --- helpers -------------------------------------------------------------------------

    def _guarded(self, work: Callable[[], DoorChange]) -> DoorChange:
        """Run a use case: an expected problem comes back in words, a bug is logged and
        handed back for the crash dialog (never swallowed)."""
        try:
            return work()
        except Exception as error:
            words = expected_problem(error)
            if words is None:
                log.error("a door use case failed unexpectedly", exc_info=error)
                return DoorChange(message=bug_message(), problem=True, bug=error)
            log.warning("a door use case met an expected problem: %s", error)
            return self._problem(NOT_DONE.with_args(reason=words))

    def _problem(self, message: Message, **fields: Any) -> DoorChange:
        return self._door_says(message, problem=True, **fields)

    def _door_says(self, message: Message, **fields: Any) -> DoorChange:
        self._status_about = "door"
        if fields.get("close_survey") or fields.get("survey") is not None:
            self._form_note = fields.get("form_note") is not None
        return DoorChange(message=message, **fields)

    def _skipped_words(self, skipped: Mapping[Knock, int]) -> Message | str:
        dnk = skipped.get(Knock.DO_NOT_KNOCK, 0)
        done = skipped.get(Knock.DONE, 0)
        if dnk and done:
            return SKIPPED_BOTH.with_args(count=dnk + done, dnk=dnk, done=done)
        if dnk:
            return SKIPPED_DNK.with_args(count=dnk)
        if done:
            return SKIPPED_DONE.with_args(count=done)
        return ""

    def _any_survey_id(self) -> str:
        """The survey id an outcome-only visit carries (``survey.surveyId`` is required)."""
        if self.survey_id:
            return self.survey_id
        names = self.walklist.survey_names if self.walklist is not None else {}
        return next(iter(names), "")

    def _entries(self) -> list[WalklistEntry]:
        return self.walklist.entries if self.walklist is not None else []

    def _place_of(self, entry: WalklistEntry) -> int:
        if self._position is None:  # made on first need: opening a list stays fast
            self._position = {
                e.contact_household_id: place for place, e in enumerate(self._entries())
            }
        return self._position.get(entry.contact_household_id, -1)

    def _saved(
        self, saved: Sequence[Visit]
    ) -> tuple[dict[str, Visit | None], dict[str, Visit | None]]:
        households: dict[str, Visit | None] = {}
        people: dict[str, Visit | None] = {}
        for visit in saved:
            self._household_latest[visit.household_id] = visit
            self._contact_latest[person_key(visit)] = visit
            households[visit.household_id] = visit
            people[person_key(visit)] = visit
        return households, people

    def _reread(
        self, household_ids: Iterable[str]
    ) -> tuple[dict[str, Visit | None], dict[str, Visit | None]]:
        """Re-read households after an undo, an edit or a void."""
        list_id = self.walklist.list_id if self.walklist is not None else None
        households: dict[str, Visit | None] = {}
        people: dict[str, Visit | None] = {}
        for household_id in household_ids:
            latest, by_contact = visit_service.household_latest(self.db, household_id, list_id)
            households[household_id] = latest
            people.update(by_contact)
        for household_id, visit in households.items():
            if visit is None:
                self._household_latest.pop(household_id, None)
            else:
                self._household_latest[household_id] = visit
        for contact_id, visit in people.items():
            if visit is None:
                self._contact_latest.pop(contact_id, None)
            else:
                self._contact_latest[contact_id] = visit
        return households, people


__all__ = ["DOUBLE_TAP_S", "UNDO_WINDOW_S", "DoorSession", "outcome_name"]
