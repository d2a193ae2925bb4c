"""A sync pass in plain words for the canvasser: ``SyncReport.message``.

What happened, whether the visits are safe (they always are: kept on this laptop), and
what to do. Never an HTTP status or a server's text: those stay in ``last_error`` (logs)
and in each visit's sync log, where a supervisor finds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message
from canvass_app.core.outbox import ATTENTION_STATES, OutboxState, SyncCounts

# Why the engine gave up on a visit's operation in a pass.
NOT_APPLIED = "not_applied"  # the edit no longer applies to the server copy
GONE = "gone"  # the visit was deleted on the server
KEPT_CHANGING = "kept_changing"  # the server copy changed on every try (rebase cap)
REFUSED = "refused"  # the server refused it (a 4xx no retry fixes)
PERSON_REFUSED = "person_refused"  # the server refused a person added at the door


@dataclass(frozen=True)
class GaveUp:
    """One visit the engine could not send as asked in this pass."""

    contact: str  # the contact's name as the device shows it ("" when unknown)
    why: str  # NOT_APPLIED, GONE, KEPT_CHANGING, REFUSED or PERSON_REFUSED


SIGN_IN = QT_TRANSLATE_NOOP(
    "SyncReport",
    "Sign-in needed: the server did not accept the sign-in. Your visits are kept on this "
    "laptop; sign in again to send them.",
)
OFFLINE = QT_TRANSLATE_NOOP(
    "SyncReport",
    "No connection to the server. %n visit(s) are kept on this laptop and will be sent "
    "when you are back online.",
)
KEPT_BECAUSE = QT_TRANSLATE_NOOP(
    "SyncReport", "{why} %n visit(s) are kept on this laptop and will be sent once this is fixed."
)
NOT_APPLIED_ONE = QT_TRANSLATE_NOOP(
    "SyncReport",
    "A change to {contact}'s visit could not be applied: the server copy changed. The "
    "visit is kept on this laptop for a supervisor to review in History.",
)
GONE_ONE = QT_TRANSLATE_NOOP(
    "SyncReport",
    "{contact}'s visit was deleted on the server, so your change could not be applied. "
    "It is kept on this laptop for a supervisor to review in History.",
)
NOT_APPLIED_MANY = QT_TRANSLATE_NOOP(
    "SyncReport",
    "%n change(s) could not be applied: the server copies changed or were deleted. The "
    "visits are kept on this laptop for a supervisor to review in History.",
)
KEPT_CHANGING_ONE = QT_TRANSLATE_NOOP(
    "SyncReport",
    "The server copy of {contact}'s visit kept changing while your change was sent. "
    "Your change is kept on this laptop and will be sent again.",
)
KEPT_CHANGING_MANY = QT_TRANSLATE_NOOP(
    "SyncReport",
    "%n change(s) met server copies that kept changing. They are kept on this laptop and "
    "will be sent again.",
)
REFUSED_MANY = QT_TRANSLATE_NOOP(
    "SyncReport",
    "The server refused %n visit(s). They are kept on this laptop; a supervisor can "
    "correct and re-send them from History.",
)
PERSON_REFUSED_ONE = QT_TRANSLATE_NOOP(
    "SyncReport",
    "The server did not accept {contact}, added at the door, so their visits were not "
    "sent. They are kept on this laptop: correct the person, then send them again from "
    "History.",
)
PERSON_REFUSED_MANY = QT_TRANSLATE_NOOP(
    "SyncReport",
    "The server did not accept %n person(s) added at the door, so their visits were not "
    "sent. They are kept on this laptop: correct them, then send them again from History.",
)
ATTENTION = QT_TRANSLATE_NOOP(
    "SyncReport",
    "%n visit(s) need a supervisor's look: open History to review, edit or re-send them. "
    "They are kept on this laptop.",
)
WAITING = QT_TRANSLATE_NOOP(
    "SyncReport",
    "%n visit(s) wait for the network or a retry. They are kept on this laptop and will "
    "be sent automatically.",
)


def says_offline(message: Message) -> bool:
    """Whether ``message`` is the plain "no connection" (not a reason such as a refused
    certificate that stops every send too)."""
    return message.template == OFFLINE.text


def _about(gave_up: Sequence[GaveUp], kinds: tuple[str, ...]) -> list[GaveUp]:
    return [g for g in gave_up if g.why in kinds]


def pass_message(
    *,
    auth_required: bool,
    offline: bool,
    blocked: Message | None = None,
    gave_up: Sequence[GaveUp],
    waiting_now: int,
    counts: SyncCounts,
) -> Message | None:
    """The one thing to tell the canvasser after a pass, or None when all went well.

    ``waiting_now``: operations this pass left waiting for a retry or a lookup.
    ``blocked``: why nothing could be sent, when it is more than being offline (a refused
    certificate says which and how to fix it); said instead of "no connection".
    """
    if auth_required:
        return SIGN_IN.message()
    lost_cause = _about(gave_up, (NOT_APPLIED, GONE))
    if len(lost_cause) == 1 and lost_cause[0].contact:
        template = GONE_ONE if lost_cause[0].why == GONE else NOT_APPLIED_ONE
        return template.with_args(contact=lost_cause[0].contact)
    if lost_cause:
        return NOT_APPLIED_MANY.with_args(n=len(lost_cause))
    if offline:
        if blocked is not None:
            return KEPT_BECAUSE.with_args(n=counts.unsent, why=blocked)
        return OFFLINE.with_args(n=counts.unsent)
    changing = _about(gave_up, (KEPT_CHANGING,))
    if len(changing) == 1 and changing[0].contact:
        return KEPT_CHANGING_ONE.with_args(contact=changing[0].contact)
    if changing:
        return KEPT_CHANGING_MANY.with_args(n=len(changing))
    people = _about(gave_up, (PERSON_REFUSED,))
    if len(people) == 1 and people[0].contact:
        return PERSON_REFUSED_ONE.with_args(contact=people[0].contact)
    if people:
        return PERSON_REFUSED_MANY.with_args(n=len(people))
    refused = _about(gave_up, (REFUSED,))
    if refused:
        return REFUSED_MANY.with_args(n=len(refused))
    attention = sum(counts.count(state) for state in ATTENTION_STATES)
    if attention:
        return ATTENTION.with_args(n=attention)
    if waiting_now or counts.count(OutboxState.RETRY_WAIT) or counts.count(OutboxState.UNKNOWN):
        return WAITING.with_args(
            n=max(
                waiting_now,
                counts.count(OutboxState.RETRY_WAIT) + counts.count(OutboxState.UNKNOWN),
            )
        )
    return None
