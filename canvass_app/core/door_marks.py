"""What state a door is in: the mark its latest visit or its list status gives it.

The rules live here; ``ui/door_style.py`` only turns a mark into a shape, a word and a
colour. A door on a Do Not Knock list stays one whatever was recorded; otherwise the
latest visit decides (its status's contact state first, then unavailable / successful);
a door nobody visited shows its list status, if any. A person's ``Knock`` (whether they
still need a knock on this walklist, and why not) follows from the same marks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any

from canvass_app.core.outbox import Visit
from canvass_app.core.outcomes import TRY_AGAIN_STATES, Status


class DoorMark(Enum):
    NOT_VISITED = "not_visited"
    DO_NOT_KNOCK = "do_not_knock"
    HIGH_PRIORITY = "high_priority"
    NOT_HOME = "not_home"
    COME_BACK = "come_back"
    UNAVAILABLE = "unavailable"
    SUCCESSFUL = "successful"
    NOT_SUCCESSFUL = "not_successful"
    APPOINTMENT = "appointment"


# contact state (api-notes §5.7) -> mark
_STATE_MARKS: dict[str, DoorMark] = {
    "not-contacted-normal": DoorMark.NOT_VISITED,
    "not-contacted-high-priority": DoorMark.HIGH_PRIORITY,
    "not-contacted-do-not-knock": DoorMark.DO_NOT_KNOCK,
    "contacted-unavailable-not-home": DoorMark.NOT_HOME,
    "come-back": DoorMark.COME_BACK,
    "contacted-unavailable-other": DoorMark.UNAVAILABLE,
    "contacted-available-successful": DoorMark.SUCCESSFUL,
    "contacted-available-not-successful": DoorMark.NOT_SUCCESSFUL,
    "appointment": DoorMark.APPOINTMENT,
}


def _status_of(data: Mapping[str, Any], statuses: Sequence[Status]) -> Status | None:
    status_id = data.get("statusId")
    if not isinstance(status_id, str):
        return None
    return next((status for status in statuses if status.id == status_id), None)


def visit_mark(visit: Visit, statuses: Sequence[Status]) -> DoorMark:
    """The mark of a door whose latest visit is ``visit``."""
    status = _status_of(visit.data, statuses)
    if status is not None and status.contact_state in _STATE_MARKS:
        mark = _STATE_MARKS[status.contact_state]
        if mark is not DoorMark.NOT_VISITED:
            return mark
    if visit.data.get("unavailable") is True:
        reason = str(visit.data.get("unavailableReason") or visit.outcome).casefold()
        if reason == "not home":
            return DoorMark.NOT_HOME
        if reason == "come back":
            return DoorMark.COME_BACK
        return DoorMark.UNAVAILABLE
    if visit.data.get("successful") is True:
        return DoorMark.SUCCESSFUL
    return DoorMark.NOT_SUCCESSFUL


# The marks of a latest visit that leave the person to be knocked again.
TRY_AGAIN_MARKS: frozenset[DoorMark] = frozenset(_STATE_MARKS[state] for state in TRY_AGAIN_STATES)


class Knock(Enum):
    """Whether a person on the walklist still needs a knock, and why not."""

    TO_KNOCK = "to_knock"  # nobody visited them on this walklist yet
    AGAIN = "again"  # a try-again outcome (Not Home, Come Back, Appointment)
    DO_NOT_KNOCK = "do_not_knock"  # their door asked not to be visited
    DONE = "done"  # a final outcome was recorded

    @property
    def needed(self) -> bool:
        return self in (Knock.TO_KNOCK, Knock.AGAIN)


def knock_state(
    visit: Visit | None, list_status: Status | None, statuses: Sequence[Status]
) -> Knock:
    """Where one person stands: ``visit`` is their latest visit on this walklist,
    ``list_status`` their door's list status (Do Not Knock wins over everything)."""
    if status_mark(list_status) is DoorMark.DO_NOT_KNOCK:
        return Knock.DO_NOT_KNOCK
    if visit is None:
        return Knock.TO_KNOCK
    return Knock.AGAIN if visit_mark(visit, statuses) in TRY_AGAIN_MARKS else Knock.DONE


def status_mark(status: Status | None) -> DoorMark:
    """The mark of a door nobody visited yet, from its list status (if any)."""
    if status is None:
        return DoorMark.NOT_VISITED
    return _STATE_MARKS.get(status.contact_state, DoorMark.NOT_VISITED)


def door_mark(
    visit: Visit | None, list_status: Status | None, statuses: Sequence[Status]
) -> DoorMark:
    """A door's mark: Do Not Knock wins over any visit, else the latest visit, else the
    list status."""
    listed = status_mark(list_status)
    if listed is DoorMark.DO_NOT_KNOCK or visit is None:
        return listed
    return visit_mark(visit, statuses)
