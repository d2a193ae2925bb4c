"""Reconcile before retry: find a create whose answer was lost on the server.

The Polis API assigns ids and documents no idempotency key, so after a "maybe applied"
outcome the engine looks the visit up by its natural key (contactId + timestamp +
campaignId) and adopts a match whose content equals the visit's data. A document that
another local visit already adopted is never adopted twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from canvass_app.api.client import PolisClient
from canvass_app.core.interaction import Interaction, natural_key
from canvass_app.core.patch import same_json


def same_content(local: Mapping[str, Any], server: Mapping[str, Any]) -> bool:
    """Every field the visit sent has the same value on the server (the knock time was
    already compared as an instant by the lookup; the server may add fields)."""
    for key, value in local.items():
        if key == "timestamp":
            continue
        if key not in server or not same_json(server[key], value):
            return False
    return True


def find_adoptable(
    client: PolisClient,
    data: Mapping[str, Any],
    *,
    taken: Callable[[str], bool],
) -> Interaction | None:
    """The server document this create produced, or None when there is none.

    ``taken(server_id)`` says whether another local visit already owns that document.
    Raises the client's ApiErrors (the caller decides what a failed lookup means).
    """
    contact_id, timestamp, campaign_id = natural_key(data)
    for found in client.find_by_natural_key(contact_id, timestamp, campaign_id):
        if found.is_deleted or not found.etag:
            continue
        if taken(found.id):
            continue
        if same_content(data, found.data):
            return found
    return None
