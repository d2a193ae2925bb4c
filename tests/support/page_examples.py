"""The JSON examples of polis-api/interactions-v2.md, verbatim, shared by every test layer."""

from __future__ import annotations

from typing import Any

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
