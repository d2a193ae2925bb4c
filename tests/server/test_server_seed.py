"""The demo seed: deterministic, one real neighbourhood, valid surveys, readable by core."""

from __future__ import annotations

from collections import Counter
from typing import Any

from canvass_app.core.outcomes import Status, StatusGroup
from canvass_app.core.survey import parse_survey, survey_problems
from canvass_app.core.walklist import group_doors, parse_contact_household
from canvass_app.server import seed

from .helpers import client_for


def test_seed_is_deterministic() -> None:
    assert seed.demo_documents() == seed.demo_documents()


def test_seed_counts_and_links() -> None:
    documents = seed.demo_documents()
    assert len(documents["status-groups"]) == 10
    assert len(documents["statuses"]) == 13
    assert [c["id"] for c in documents["campaigns"]] == [seed.DEMO_CAMPAIGN_ID]
    assert [li["id"] for li in documents["lists"]] == [
        seed.DEMO_LIST_ID,
        seed.DEMO_DO_NOT_KNOCK_LIST_ID,
    ]
    campaign_lists = documents["campaigns"][0]["data"]["lists"]
    assert {"listId": seed.DEMO_DO_NOT_KNOCK_LIST_ID, "type": "do-not-knock"} in campaign_lists
    # Do-not-knock residents are members of both lists: on the walklist, flagged.
    by_list = Counter(m["data"]["listId"] for m in documents["contact-household-lists"])
    assert 0 < by_list[seed.DEMO_DO_NOT_KNOCK_LIST_ID] < by_list[seed.DEMO_LIST_ID] / 10
    households = documents["households"]
    assert 70 <= len(households) <= 100
    per_household = Counter(c["data"]["primaryHouseholdId"] for c in documents["contacts"])
    assert set(per_household) == {h["id"] for h in households}
    assert set(per_household.values()) <= {1, 2, 3, 4}
    units_per_address = Counter(h["data"]["addressId"] for h in households)
    assert max(units_per_address.values()) >= 6  # some multi-unit buildings
    for group in documents["status-groups"]:
        StatusGroup.from_document(group)
    for status in documents["statuses"]:
        Status.from_document(status)


def test_addresses_are_in_mid_cambridge_on_both_sides_of_the_street() -> None:
    addresses = seed.demo_documents()["addresses"]
    for address in addresses:
        data = address["data"]
        assert data["city"] == "Cambridge" and data["state"] == "MA"
        assert data["postalCode"] in ("02138", "02139")
        assert 42.365 < data["coords"]["lat"] < 42.377
        assert -71.115 < data["coords"]["lng"] < -71.100
    parities = Counter((a["data"]["streetName"], int(a["data"]["number"]) % 2) for a in addresses)
    streets = {a["data"]["streetName"] for a in addresses}
    assert sum(1 for street in streets if parities[(street, 0)] and parities[(street, 1)]) >= 3


def test_surveys_are_valid_and_belong_to_the_campaign() -> None:
    surveys = {s["id"]: s for s in seed.demo_documents()["surveys"]}
    default, showcase = surveys[seed.DEMO_SURVEY_ID], surveys[seed.SHOWCASE_SURVEY_ID]
    for survey in (default, showcase):
        assert survey["data"]["campaignId"] == seed.DEMO_CAMPAIGN_ID
        assert survey_problems(survey) == []
    assert [q["tag"] for q in default["data"]["questions"]] == ["available", "unavailable_reason"]
    types = {q["type"] for q in showcase["data"]["questions"]}
    assert types == {
        "availability",
        "multi-choice",
        "multi-select",
        "payment",
        "pdf",
        "scale",
        "text",
        "verification",
        "youtube",
    }
    parse_survey(showcase)


def test_core_reads_the_walklist_the_server_serves(polis_server: Any) -> None:
    with client_for(polis_server) as client:
        rows = client.get(
            f"/v1/lists/{seed.DEMO_LIST_ID}/contact-households?skip=0&limit=1000"
        ).json()["data"]
    entries = [parse_contact_household(row) for row in rows]
    buildings = group_doors(entries)
    assert len(buildings) == len(seed.demo_documents()["addresses"])
    assert any(len(building.doors) >= 6 for building in buildings)
