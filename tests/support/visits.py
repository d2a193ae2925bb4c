"""A minimal visit for the storage-level tests (``VisitRepo.insert_visit``)."""

from __future__ import annotations

from typing import Any

from canvass_app.storage.visits import NewVisit


def new_visit(local_id: str, **overrides: Any) -> NewVisit:
    """A visit with placeholder ids and the smallest data; ``overrides`` replace fields."""
    values: dict[str, Any] = {
        "local_id": local_id,
        "canvasser": "ann",
        "walklist_id": None,
        "campaign_id": "camp",
        "contact_id": f"contact-{local_id}",
        "household_id": "house-1",
        "contact_household_id": "ch-1",
        "knock_time": "2026-03-01T12:00:00.000Z",
        "data": {"campaignId": "camp"},
    }
    values.update(overrides)
    return NewVisit(**values)
