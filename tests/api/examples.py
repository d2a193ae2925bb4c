"""The JSON examples of polis-api/interactions-v2.md, verbatim, and small helpers."""

from __future__ import annotations

import copy
from typing import Any

from support.page_examples import PAGE_POST_BODY

# The PATCH example of the page (document-root paths) and the same in data-relative form.
PAGE_PATCH_OPS: list[dict[str, Any]] = [
    {"op": "replace", "path": "/data/successful", "value": False},
    {"op": "replace", "path": "/data/unavailable", "value": False},
]
DATA_FORM_PATCH_OPS: list[dict[str, Any]] = [
    {"op": "replace", "path": "/successful", "value": False},
    {"op": "replace", "path": "/unavailable", "value": False},
]

# The GET-many example: filter[/data/campaignId]=<the page's campaign>.
PAGE_CAMPAIGN_ID = PAGE_POST_BODY["campaignId"]


def visit(**changes: Any) -> dict[str, Any]:
    """A copy of the page's POST body with some fields changed."""
    body = copy.deepcopy(PAGE_POST_BODY)
    body.update(changes)
    return body


def knock_time(n: int) -> str:
    """A distinct knock time per n (same day, n seconds apart)."""
    return f"2018-07-17T18:{n // 60 % 60:02d}:{n % 60:02d}.526Z"
