"""The rules of the door, and the record of what one door use case changed.

Pure functions over the walklist and each person's ``Knock`` (``core.door_marks``):

- ``plan_press``: who one press of an outcome records a visit for. A press on one person
  records for them (a Do-Not-Knock door only after a deliberate override); a press on
  several people (a door, a building, a street) records only for those who still need a
  knock, and counts the others by reason.
- ``next_to_knock``: the next person in walk order who still needs a knock, across
  units, buildings and streets, wrapping round at the end of the list.
- ``nearest_to_knock``: the nearest building with someone to knock.

``DoorChange`` is what ``services.door.DoorSession`` returns from every call: the views
refresh from it (the rows and counts it names, the selection, the survey, the status line).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from canvass_app.core.door_marks import Knock
from canvass_app.core.messages import Message
from canvass_app.core.outbox import Visit
from canvass_app.core.survey import Survey
from canvass_app.core.walklist import Building, WalklistEntry

KnockOf = Callable[[WalklistEntry], Knock]


@dataclass(frozen=True)
class PressPlan:
    """Who one press records a visit for, and who it leaves out (by reason)."""

    record: tuple[WalklistEntry, ...]
    skipped: Mapping[Knock, int] = field(default_factory=dict)
    # one person (or one door's people), all Do Not Knock: recorded only on an override
    needs_override: bool = False


def plan_press(
    targets: Sequence[WalklistEntry], knock_of: KnockOf, *, override: bool = False
) -> PressPlan:
    """Who a press of an outcome on ``targets`` records a visit for.

    One person is recorded whatever they had before (a deliberate second visit), unless
    their door is Do Not Knock. Several people (a door, a building, a street, a
    selection): only those who still need a knock. A Do-Not-Knock door alone (one person
    or the people of that one door) is recorded only with ``override``.
    """
    states = [knock_of(entry) for entry in targets]
    one_door = len({entry.household.id for entry in targets}) == 1
    if targets and one_door and all(state is Knock.DO_NOT_KNOCK for state in states):
        if override:
            return PressPlan(tuple(targets))
        return PressPlan((), {Knock.DO_NOT_KNOCK: len(targets)}, needs_override=True)
    if len(targets) == 1:
        return PressPlan(tuple(targets))
    record = tuple(entry for entry, state in zip(targets, states, strict=True) if state.needed)
    skipped: dict[Knock, int] = {}
    for state in states:
        if not state.needed:
            skipped[state] = skipped.get(state, 0) + 1
    return PressPlan(record, skipped)


def next_to_knock(
    entries: Sequence[WalklistEntry],
    after: int,
    knock_of: KnockOf,
    *,
    leave_out: Iterable[str] = (),
) -> WalklistEntry | None:
    """The first person after position ``after`` of ``entries`` (the walklist in walk
    order; -1 for the start) who still needs a knock, wrapping round at the end; people
    whose contact-household id is in ``leave_out`` (those just recorded) are passed over."""
    passed = set(leave_out)
    count = len(entries)
    for step in range(1, count + 1):
        entry = entries[(after + step) % count]
        if entry.contact_household_id not in passed and knock_of(entry).needed:
            return entry
    return None


def nearest_to_knock(
    buildings: Sequence[Building],
    lat: float,
    lng: float,
    knock_of: KnockOf,
    *,
    leave_out: Iterable[str] = (),
) -> Building | None:
    """The nearest building (with a position, not in ``leave_out``) where someone was not
    knocked yet; when every such person is done, the nearest with a try-again.

    Buildings are looked at nearest first and the look stops at the first one with
    someone not yet knocked: a 50,000-household list is not judged door by door.
    """
    excluded = set(leave_out)
    # a flat-earth distance orders buildings across a turf as well as the great circle
    squeeze = math.cos(math.radians(lat))
    nearest_first = [
        ((b.address.lat - lat) ** 2 + ((b.address.lng - lng) * squeeze) ** 2, position, b)
        for position, b in enumerate(buildings)
        if b.address.lat is not None and b.address.lng is not None and b.id not in excluded
    ]
    heapq.heapify(nearest_first)
    again: Building | None = None
    while nearest_first:
        _distance, _position, building = heapq.heappop(nearest_first)
        states = {knock_of(entry) for entry in building.entries}
        if Knock.TO_KNOCK in states:
            return building
        if again is None and Knock.AGAIN in states:
            again = building
    return again


@dataclass(frozen=True)
class SurveyStart:
    """A survey to open in the form: for a person, or to edit a saved visit."""

    survey: Survey
    entry: WalklistEntry | None = None
    responses: Mapping[str, Any] = field(default_factory=dict)
    editing: Visit | None = None


@dataclass(frozen=True)
class DoorChange:
    """What one call of the door session changed; the views refresh from this alone.

    ``message`` is the status line to show (with ``problem`` when it tells of something
    that did not happen); ``clears_message`` says the line shown so far no longer
    describes the screen. ``households`` and ``people`` map each household / contact id
    touched to its latest visit on this walklist now (None: no visit any more).
    ``outbox_changed``: the counts of waiting visits changed (the sync thread is nudged).
    ``select``: move the selection there. ``survey``: open it in the form;
    ``close_survey``: the form closes, showing ``form_note`` (None: what it shows when no
    survey is open). ``ask_override``: the press hit a Do-Not-Knock door; ask the
    canvasser before recording anyway. ``bug``: an unexpected error, already logged, for
    the crash dialog. ``added``: people added at the door, new rows under their doors;
    ``reloaded``: the walklist was read again.
    """

    message: Message | None = None
    problem: bool = False
    clears_message: bool = False
    saved: tuple[Visit, ...] = ()
    households: Mapping[str, Visit | None] = field(default_factory=dict)
    people: Mapping[str, Visit | None] = field(default_factory=dict)
    outbox_changed: bool = False
    select: tuple[WalklistEntry, ...] | None = None
    survey: SurveyStart | None = None
    close_survey: bool = False
    form_note: Message | None = None
    ask_override: bool = False
    bug: BaseException | None = None
    # people added at the door: new rows under their doors (then ``select`` them)
    added: tuple[WalklistEntry, ...] = ()
    # the walklist was read again (a correction): the views show it anew
    reloaded: bool = False

    @property
    def visits_changed(self) -> bool:
        return bool(self.households or self.people)
