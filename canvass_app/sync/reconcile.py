"""Reconcile before retry: find the document a create whose answer was lost made.

The Polis API assigns ids and documents no idempotency key, so after a "maybe applied"
outcome the engine looks the visit up by its identity, the natural key: contactId,
campaignId (the server filters on both) and the knock instant (compared here, ``.5Z``
equals ``.500Z``). A match is ours by that identity, whatever its other fields say: a
supervisor or another tool may have edited it since it was made, and refusing it for that
would POST a second copy. Its differences from what we sent are logged, and the visit's
later operations are rebased on it as on any conflict.

- A document another local visit already owns is never adopted (``taken``).
- Several untaken matches (a copy made by someone else, or an older bug): the one whose
  content equals what we sent, else the oldest (``meta.created``, then id); the choice
  and the other candidates go to the sync log.
- ``meta.createdBy`` is not part of the key: the same visit may be sent under two
  accounts (its outbox moved to a colleague's laptop, a token issued for another user),
  and filtering on it would duplicate exactly those visits. It is kept in the log.

Why this cannot adopt a stranger's document, and the narrow case where it could:
docs/RELIABILITY.md, "Reconcile by identity".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from canvass_app.api.client import PolisClient
from canvass_app.core.interaction import Interaction, natural_key
from canvass_app.core.patch import MISSING, Difference, differences, same_json

# Why the adopted document was chosen (for the sync log).
ONLY_MATCH = "the only match"
SAME_CONTENT = "same content as sent"
OLDEST = "the oldest match"


@dataclass(frozen=True)
class Adoption:
    """The document a lost create made, and how it was chosen."""

    document: Interaction
    reason: str  # ONLY_MATCH, SAME_CONTENT or OLDEST
    others: tuple[str, ...]  # ids of the other untaken matches, not adopted
    differences: tuple[Difference, ...]  # where the server copy differs from what we sent

    def log_detail(self) -> dict[str, Any]:
        """What the sync log keeps of the adoption."""
        detail: dict[str, Any] = {"reconciled": True, "chosen": self.reason}
        created_by = self.document.meta.get("createdBy")
        if created_by is not None:
            detail["created_by"] = created_by
        if self.others:
            detail["other_matches"] = list(self.others)
        if self.differences:
            detail["server_differs"] = [_difference_entry(d) for d in self.differences]
        return detail


def _difference_entry(difference: Difference) -> dict[str, Any]:
    entry: dict[str, Any] = {"path": difference.path}
    if difference.ours is not MISSING:
        entry["sent"] = difference.ours
    if difference.theirs is not MISSING:
        entry["server"] = difference.theirs
    return entry


def same_content(local: Mapping[str, Any], server: Mapping[str, Any]) -> bool:
    """Every field the visit sent has the same value on the server (the knock time was
    already compared as an instant by the lookup; the server may add fields)."""
    for key, value in local.items():
        if key == "timestamp":
            continue
        if key not in server or not same_json(server[key], value):
            return False
    return True


def _age(found: Interaction) -> tuple[str, str]:
    """Oldest first: the server's creation time (a document without one sorts last), then
    the id, so the choice is the same on every run."""
    created = found.meta.get("created")
    return (created if isinstance(created, str) else "\uffff", found.id)


def find_adoptable(
    client: PolisClient,
    data: Mapping[str, Any],
    *,
    taken: Callable[[str], bool],
) -> Adoption | None:
    """The server document this create produced, or None when there is none.

    ``data`` is what the create sent; ``taken(server_id)`` says whether another local
    visit already owns that document. Raises the client's ApiErrors (the caller decides
    what a failed lookup means).
    """
    contact_id, timestamp, campaign_id = natural_key(data)
    candidates = [
        found
        for found in client.find_by_natural_key(contact_id, timestamp, campaign_id)
        if not found.is_deleted and found.etag and not taken(found.id)
    ]
    if not candidates:
        return None
    candidates.sort(key=_age)
    if len(candidates) == 1:
        chosen, reason = candidates[0], ONLY_MATCH
    else:
        exact = [found for found in candidates if same_content(data, found.data)]
        chosen, reason = (exact[0], SAME_CONTENT) if exact else (candidates[0], OLDEST)
    sent = {key: value for key, value in data.items() if key != "timestamp"}
    kept = {key: value for key, value in chosen.data.items() if key != "timestamp"}
    return Adoption(
        document=chosen,
        reason=reason,
        others=tuple(found.id for found in candidates if found is not chosen),
        differences=tuple(differences(sent, kept)),
    )
