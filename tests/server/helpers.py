"""Shared pieces for the server tests: the page's examples and a client factory."""

from __future__ import annotations

import copy
import ssl
from typing import Any

import httpx

# The POST example of polis-api/interactions-v2.md, verbatim.
PAGE_POST_BODY: dict[str, Any] = {
    "campaignId": "61fbfbaa-5de8-4d17-ac2b-c47f2376265a",
    "contactId": "0478dbbf-b6eb-4168-afa9-5ebab6fef4b6",
    "householdId": "c15e3515-aabf-42da-8d1b-31679f738eae",
    "contactHouseholdId": "d070b1dc-9611-4f29-9300-a32160d21baa",
    "timestamp": "2018-07-17T18:40:53.526Z",
    "unavailable": True,
    "unavailableReason": "Come Back",
    "successful": False,
    "survey": {
        "responses": {
            "9826940d-76a8-4700-8c92-5743ce7bb728": {
                "fields": {"available": "false"},
                "questionId": "9826940d-76a8-4700-8c92-5743ce7bb728",
            },
            "f386f88a-61f1-4f0d-b3d9-ba97e8238444": {
                "fields": {"dogliker": "true"},
                "questionId": "f386f88a-61f1-4f0d-b3d9-ba97e8238444",
            },
        },
        "surveyId": "375d437b-3b47-4940-b43d-be8daec4afff",
    },
    "location": {"lat": 33.43174362182617, "lng": -84.18405151367188, "confidence": 0},
}

# The PATCH example of the page, verbatim.
PAGE_PATCH_BODY: dict[str, Any] = {
    "data": [
        {"op": "replace", "path": "/data/successful", "value": False},
        {"op": "replace", "path": "/data/unavailable", "value": False},
    ]
}


def page_body(**changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(PAGE_POST_BODY)
    body.update(changes)
    return body


# One TLS context for every test client: building one costs ~50 ms, even for plain HTTP.
SHARED_TLS = ssl.create_default_context()


def client_for(server: Any, token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token or server.token}"}
    return httpx.Client(base_url=server.url, headers=headers, timeout=10, verify=SHARED_TLS)


def anonymous_client(server: Any) -> httpx.Client:
    return httpx.Client(base_url=server.url, timeout=10, verify=SHARED_TLS)


def create_interaction(client: httpx.Client, **changes: Any) -> dict[str, Any]:
    response = client.post("/v2/interactions", json=page_body(**changes))
    assert response.status_code == 200, response.text
    document: dict[str, Any] = response.json()
    return document
