"""Walklist and reference data through PolisClient against the demo reference server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from canvass_app.api import NotFoundError, PolisClient, RejectedError
from canvass_app.server import seed


@pytest.fixture
def demo_client(demo_server: Any, make_client: Callable[..., PolisClient]) -> PolisClient:
    return make_client(demo_server)


def test_list_contact_households_pages_with_progress(
    demo_server: Any, demo_client: PolisClient
) -> None:
    progress: list[int] = []
    members = demo_client.list_contact_households(
        seed.DEMO_LIST_ID, page_size=25, on_page=progress.append
    )
    expected = demo_server.state.get_document("lists", seed.DEMO_LIST_ID)["contactsCount"]
    assert len(members) == expected > 25
    assert len({m["id"] for m in members}) == len(members)
    # one call per page, each with the running total, the last one the whole list
    assert progress == sorted(progress) and progress[-1] == len(members)
    assert len(progress) == expected // 25 + 1
    first = members[0]["data"]
    assert {"contactId", "householdId", "contact", "household"} <= set(first)
    # the default page size gives the same list in one or two requests
    assert demo_client.list_contact_households(seed.DEMO_LIST_ID) == members


def test_get_list_campaign_and_survey(demo_client: PolisClient) -> None:
    walklist = demo_client.get_list(seed.DEMO_LIST_ID)
    assert walklist["id"] == seed.DEMO_LIST_ID and walklist["data"]["name"]
    campaign = demo_client.get_campaign(seed.DEMO_CAMPAIGN_ID)
    assert campaign["id"] == seed.DEMO_CAMPAIGN_ID
    assert [entry["listId"] for entry in campaign["data"]["lists"]] == [
        seed.DEMO_LIST_ID,
        seed.DEMO_DO_NOT_KNOCK_LIST_ID,
    ]
    survey = demo_client.get_survey(seed.DEMO_SURVEY_ID)
    assert survey["id"] == seed.DEMO_SURVEY_ID
    assert survey["data"]["questions"]


def test_surveys_all_and_by_campaign(demo_client: PolisClient) -> None:
    every = demo_client.list_surveys()
    by_campaign = demo_client.list_surveys(seed.DEMO_CAMPAIGN_ID)
    assert seed.DEMO_SURVEY_ID in {s["id"] for s in by_campaign}
    assert all(s["data"]["campaignId"] == seed.DEMO_CAMPAIGN_ID for s in by_campaign)
    assert {s["id"] for s in by_campaign} <= {s["id"] for s in every}
    assert demo_client.list_surveys("00000000-0000-0000-0000-000000000000") == []


def test_statuses_status_groups_and_campaigns(demo_client: PolisClient) -> None:
    statuses = demo_client.list_statuses()
    groups = demo_client.list_status_groups()
    assert len(statuses) == 13  # the default statuses of api-notes §5.7
    assert len(groups) == 10  # the status groups of §5.8
    assert {g["data"]["name"] for g in groups} >= {"Not Home", "Refused", "Successful"}
    assert [c["id"] for c in demo_client.list_campaigns()] == [seed.DEMO_CAMPAIGN_ID]


def test_unknown_ids_are_not_found(demo_client: PolisClient) -> None:
    missing = "00000000-0000-0000-0000-000000000000"
    for call in (
        demo_client.get_list,
        demo_client.get_campaign,
        demo_client.get_survey,
        demo_client.get_interaction,
    ):
        with pytest.raises(NotFoundError) as caught:
            call(missing)
        assert caught.value.status == 404
        assert missing in caught.value.message


def test_wrong_method_is_rejected_with_405(demo_client: PolisClient) -> None:
    # No public method sends a wrong verb; the request plumbing is what maps the answer.
    with pytest.raises(RejectedError) as caught:
        demo_client._request("PUT", "/v2/interactions")
    assert caught.value.status == 405
    assert caught.value.name == "MethodNotAllowedError"


def test_empty_ids_are_refused_before_sending(demo_client: PolisClient) -> None:
    with pytest.raises(ValueError, match="list id is empty"):
        demo_client.list_contact_households(" ")
    with pytest.raises(ValueError, match="campaign id is empty"):
        demo_client.list_surveys("")
    with pytest.raises(ValueError, match="page_size"):
        demo_client.list_contact_households(seed.DEMO_LIST_ID, page_size=-1)
