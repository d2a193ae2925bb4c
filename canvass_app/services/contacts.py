"""People added at the door: add, correct, read. Shared by the door session and the CLI.

Plain functions taking the open database; none touches the network. A person added here
is saved with their two requests (the contact, then its link to the household) in ONE
transaction; the sync engine sends them, and then the visits that wait for them
(docs/RELIABILITY.md "People added at the door").

A correction before the contact has left the laptop is folded into it: the server only
ever sees the final details. Once the contact may be on the server, the details are the
server's: the person's row here is kept as it was sent, and a correction is refused in
words (the campaign office edits contacts on the server).
"""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlite_utils

from canvass_app.core.contact import (
    LocalContact,
    PersonDetails,
    checked_person,
    contact_data,
)
from canvass_app.core.errors import CanvassError
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message
from canvass_app.core.outbox import FOLDABLE_STATES
from canvass_app.core.walklist import Household
from canvass_app.storage.contacts import ContactRepo, NewLocalContact
from canvass_app.storage.db import utc_now

ALREADY_SENT = QT_TRANSLATE_NOOP(
    "People",
    "{name} is already on the server (or being sent now), so their details can no longer "
    "be changed here. Ask the campaign office to correct them.",
)
NO_SUCH_PERSON = QT_TRANSLATE_NOOP("People", "That person is not on this laptop.")
NEED_CANVASSER = QT_TRANSLATE_NOOP("People", "Pick who is canvassing before adding a person.")


class PersonNotChanged(CanvassError):
    """A change to a person added here that cannot be made; ``message`` says why."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(str(message))


def add_person(
    db: sqlite_utils.Database,
    details: PersonDetails,
    *,
    household: Household,
    canvasser: str,
    walklist_id: str | None,
    campaign_id: str | None,
    now: datetime | None = None,
) -> LocalContact:
    """Save a new person living at ``household`` (raises ``PersonInvalid`` naming every
    problem before anything is written)."""
    if not canvasser or not canvasser.strip():
        raise PersonNotChanged(NEED_CANVASSER.message())
    checked = checked_person(details)
    address = household.address
    new = NewLocalContact(
        local_contact_id=str(uuid.uuid4()),
        canvasser=canvasser.strip(),
        walklist_id=walklist_id,
        campaign_id=campaign_id,
        household_id=household.id,
        display_name=checked.display_name,
        data=contact_data(checked, household.id),
        address_line=address.line,
        unit=household.unit_num,
    )
    return ContactRepo(db).add(new, now=now or utc_now())


def edit_person(
    db: sqlite_utils.Database,
    local_contact_id: str,
    details: PersonDetails,
    *,
    now: datetime | None = None,
) -> LocalContact:
    """Correct a person added here whose contact has not left the laptop (folded into
    it); ``PersonNotChanged`` says why not otherwise, ``PersonInvalid`` names problems."""
    repo = ContactRepo(db)
    person = repo.get(local_contact_id)
    if person is None:
        raise PersonNotChanged(NO_SUCH_PERSON.message())
    checked = checked_person(details)
    data = contact_data(checked, person.household_id)
    if not repo.fold_edit(
        local_contact_id, data, checked.display_name, foldable=FOLDABLE_STATES, now=now or utc_now()
    ):
        raise PersonNotChanged(ALREADY_SENT.with_args(name=person.display_name))
    changed = repo.get(local_contact_id)
    assert changed is not None
    return changed


def get_person(db: sqlite_utils.Database, local_contact_id: str) -> LocalContact | None:
    return ContactRepo(db).get(local_contact_id)
