"""The other resources: contacts, households, notes, lists with their members, surveys,
campaigns and the door state (CHC), statuses and status groups."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

from canvass_app.core.outcomes import DEFAULT_STATUSES, status_by_name
from canvass_app.server.seed import (
    DEMO_CAMPAIGN_ID,
    DEMO_LIST_ID,
    DEMO_SURVEY_ID,
    SHOWCASE_SURVEY_ID,
)

from .helpers import client_for

ALL = "skip=0&limit=9007199254740991"


@pytest.fixture
def client(polis_server: Any) -> httpx.Client:
    with client_for(polis_server) as client:
        yield client


def _contact_body(
    given: str = "Ada", surname: str = "Lovelace", household: str | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "profile": {"name": {"anglican": {"given": given, "surname": surname}}},
        "fields": {},
    }
    if household:
        data["primaryHouseholdId"] = household
    return {"data": data}


def test_list_contact_households_returns_expanded_documents(client: httpx.Client) -> None:
    response = client.get(f"/v1/lists/{DEMO_LIST_ID}/contact-households?{ALL}")
    assert response.status_code == 200
    members = response.json()["data"]
    assert 150 <= len(members) <= 300
    first = members[0]
    assert first["meta"]["resource"] == "contact-households"
    contact, household = first["data"]["contact"], first["data"]["household"]
    assert (
        contact["meta"]["resource"] == "contacts"
        and contact["data"]["profile"]["name"]["anglican"]["given"]
    )
    assert household["meta"]["resource"] == "households"
    address = household["data"]["address"]
    assert address["id"] == household["data"]["addressId"]
    assert address["data"]["city"] == "Cambridge" and address["data"]["streetName"].endswith(
        ("Street", "Avenue")
    )
    assert "Cambridge Middlesex County USA 02" in household["data"]["formattedAddress"]
    households = {m["data"]["household"]["id"] for m in members}
    assert 70 <= len(households) <= 100


def test_list_members_take_filter_and_paging(client: httpx.Client) -> None:
    flt = '/data/household/data/address/data/streetName eq "Inman Street"'
    page = client.get(
        f"/v1/lists/{DEMO_LIST_ID}/contact-households",
        params={"filter": flt, "skip": 0, "limit": 3},
    )
    assert page.status_code == 200
    rows = page.json()["data"]
    assert 0 < len(rows) <= 3
    assert all(
        r["data"]["household"]["data"]["address"]["data"]["streetName"] == "Inman Street"
        for r in rows
    )
    assert client.get(f"/v1/lists/unknown/contact-households?{ALL}").status_code == 404
    assert client.get(f"/v1/lists/{DEMO_LIST_ID}/contact-households").status_code == 400


def test_contact_create_returns_the_existing_contact_on_a_six_field_match(
    client: httpx.Client,
) -> None:
    first = client.post("/v2/contacts", json=_contact_body(household="h-1"))
    again = client.post("/v2/contacts", json=_contact_body(household="h-1"))
    other_household = client.post("/v2/contacts", json=_contact_body(household="h-2"))
    assert first.status_code == again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert other_household.json()["id"] != first.json()["id"]


def test_contact_validation_names_the_field(client: httpx.Client) -> None:
    body = _contact_body()
    del body["data"]["profile"]["name"]["anglican"]["surname"]
    response = client.post("/v2/contacts", json=body)
    assert response.status_code == 400
    assert "/data/profile/name/anglican/surname" in [
        e["field"] for e in response.json()["data"]["errors"]
    ]


def test_household_inline_address_becomes_a_reference_and_dedupes(client: httpx.Client) -> None:
    body = {
        "data": {
            "unitNum": "2",
            "address": {"data": {"number": "10", "streetName": "Ware Street", "city": "Cambridge"}},
        },
        "customerId": "cust-1",
        "params": {"externalId": "ext-7"},
    }
    first = client.post("/v2/households", json=body)
    assert first.status_code == 200, first.text
    document = first.json()
    assert document["customerId"] == "cust-1"
    assert document["data"]["externalId"] == "ext-7" and "addressId" in document["data"]
    assert "address" not in document["data"]
    again = client.post("/v2/households", json=copy.deepcopy(body))
    assert again.json()["id"] == document["id"]


def test_link_contact_to_household_and_list_its_households(client: httpx.Client) -> None:
    household = client.post(
        "/v2/households", json={"data": {"unitNum": "", "addressId": "a-1"}}
    ).json()
    contact = client.post("/v2/contacts", json=_contact_body("Grace", "Hopper")).json()
    link = client.put(f"/v2/contacts/{contact['id']}/households/{household['id']}")
    assert link.status_code == 200
    assert link.json()["meta"]["resource"] == "contact-households"
    listed = client.get(f"/v2/contacts/{contact['id']}/households?{ALL}").json()["data"]
    assert [h["id"] for h in listed] == [household["id"]]
    assert listed[0]["params"]["contactHouseholdId"] == link.json()["id"]
    url = f"/v2/contacts/{contact['id']}/households/{household['id']}"
    assert client.delete(url).status_code == 428
    assert client.delete(url, headers={"etag": link.json()["meta"]["etag"]}).status_code == 200
    assert client.get(f"/v2/contacts/{contact['id']}/households?{ALL}").json()["data"] == []


def test_notes_full_crud(client: httpx.Client) -> None:
    created = client.post(
        "/v2/notes", json={"data": {"contactId": "c-1", "text": "Ring twice"}}
    ).json()
    assert created["meta"]["resource"] == "notes"
    listed = client.get(
        "/v2/notes", params={"filter[/data/contactId]": "c-1", "skip": 0, "limit": 10}
    ).json()
    assert [n["id"] for n in listed["data"]] == [created["id"]]
    patched = client.patch(
        f"/v2/notes/{created['id']}",
        json={"data": [{"op": "replace", "path": "/text", "value": "Ring once"}]},
        headers={"etag": created["meta"]["etag"]},
    ).json()
    assert patched["data"]["text"] == "Ring once"
    deleted = client.delete(f"/v2/notes/{created['id']}", headers={"etag": patched["meta"]["etag"]})
    assert deleted.status_code == 200
    assert client.get(f"/v2/notes/{created['id']}").status_code == 404
    assert client.post("/v2/notes", json={"data": {"contactId": "c-1"}}).status_code == 400


def test_surveys_of_the_campaign_and_validation(client: httpx.Client) -> None:
    listed = client.get(
        "/v1/surveys",
        params={"filter": f'/data/campaignId eq "{DEMO_CAMPAIGN_ID}"', "skip": 0, "limit": 10},
    )
    ids = {s["id"] for s in listed.json()["data"]}
    assert ids == {DEMO_SURVEY_ID, SHOWCASE_SURVEY_ID}
    survey = client.get(f"/v1/surveys/{DEMO_SURVEY_ID}").json()
    broken = copy.deepcopy(survey["data"]["questions"])
    broken[0]["options"][0]["action"] = {"type": "question", "questionId": "nowhere"}
    response = client.patch(
        f"/v1/surveys/{DEMO_SURVEY_ID}",
        json={"data": [{"op": "replace", "path": "/questions", "value": broken}]},
        headers={"etag": survey["meta"]["etag"]},
    )
    assert response.status_code == 400
    assert any("nowhere" in e["message"] for e in response.json()["data"]["errors"])
    scale = {
        "name": "Bad",
        "campaignId": DEMO_CAMPAIGN_ID,
        "questions": [
            {
                "questionId": "q1",
                "text": "Rate",
                "tag": "rate",
                "type": "scale",
                "options": [{"text": "1"}],
            }
        ],
    }
    bad = client.post("/v1/surveys", json={"data": scale})
    assert bad.status_code == 400
    assert bad.json()["data"]["errors"][0]["field"].startswith("/data/questions/0")
    assert "scale" in bad.json()["data"]["errors"][0]["message"]


def test_chc_patch_only_status_and_state_follows(client: httpx.Client) -> None:
    member = client.get(f"/v1/lists/{DEMO_LIST_ID}/contact-households?skip=0&limit=1").json()[
        "data"
    ][0]
    contact_id, household_id = member["data"]["contactId"], member["data"]["householdId"]
    url = f"/v1/campaigns/{DEMO_CAMPAIGN_ID}/contacts/{contact_id}/households/{household_id}/status"
    chc = client.get(url)
    assert chc.status_code == 200
    assert chc.json()["meta"]["resource"] == "contact-household-campaigns"
    not_home = status_by_name(DEFAULT_STATUSES, "Not Home")
    assert not_home is not None
    patched = client.patch(
        url,
        json={"data": [{"op": "replace", "path": "/statusId", "value": not_home.id}]},
        headers={"etag": chc.json()["meta"]["etag"]},
    )
    assert patched.status_code == 200
    assert patched.json()["data"]["state"] == "contacted-unavailable-not-home"
    assert patched.json()["data"]["contacted"] is True
    other = client.patch(
        url,
        json={"data": [{"op": "replace", "path": "/state", "value": "appointment"}]},
        headers={"etag": patched.json()["meta"]["etag"]},
    )
    assert other.status_code == 400
    unknown = client.patch(
        url,
        json={"data": [{"op": "replace", "path": "/statusId", "value": "no-such-status"}]},
        headers={"etag": patched.json()["meta"]["etag"]},
    )
    assert unknown.status_code == 400


def test_statuses_and_status_groups(client: httpx.Client) -> None:
    statuses = client.get(f"/v1/statuses?{ALL}").json()["data"]
    groups = client.get(f"/v1/status-groups?{ALL}").json()["data"]
    assert len(statuses) == 13 and len(groups) == 10
    assert all("customerId" not in g for g in groups)
    group_ids = {g["id"] for g in groups}
    assert all(s["data"]["statusGroupId"] in group_ids for s in statuses)
    assert client.post("/v1/status-groups", json={"data": {}}).status_code == 405
    assert (
        client.patch(f"/v1/status-groups/{groups[0]['id']}", json={"data": []}).status_code == 405
    )
    bad_icon = dict(statuses[0]["data"], icon="home")
    assert client.post("/v1/statuses", json={"data": bad_icon}).status_code == 400
    good = dict(
        statuses[0]["data"], name="Gave a yard sign", icon="faSign:solid", defaultStatus=False
    )
    assert client.post("/v1/statuses", json={"data": good}).status_code == 200


def test_campaigns_lists_and_filters(client: httpx.Client) -> None:
    campaigns = client.get(
        "/v1/campaigns", params={"filter": '/data/status eq "started"', "skip": 0, "limit": 5}
    ).json()["data"]
    assert [c["id"] for c in campaigns] == [DEMO_CAMPAIGN_ID]
    assert campaigns[0]["data"]["lists"][0]["listId"] == DEMO_LIST_ID
    lists = client.get(
        "/v1/lists", params={"sort": '["data/name","ASC"]', "skip": 0, "limit": 5}
    ).json()["data"]
    assert lists[0]["id"] == DEMO_LIST_ID and lists[0]["contactsCount"] > 100
    statuses = client.get(f"/v1/campaigns/{DEMO_CAMPAIGN_ID}/statuses?{ALL}")
    assert len(statuses.json()["data"]) == 13


def test_list_membership_put_delete_and_count(client: httpx.Client) -> None:
    household = client.post(
        "/v2/households", json={"data": {"unitNum": "3", "addressId": "a-9"}}
    ).json()
    contact = client.post("/v2/contacts", json=_contact_body("Alan", "Turing")).json()
    client.put(f"/v2/contacts/{contact['id']}/households/{household['id']}")
    before = client.get(f"/v1/lists/{DEMO_LIST_ID}").json()["contactsCount"]
    url = f"/v1/lists/{DEMO_LIST_ID}/contacts/{contact['id']}/households/{household['id']}"
    added = client.put(url)
    assert added.status_code == 200
    assert added.json()["listId"] == DEMO_LIST_ID and "contactHouseholdId" in added.json()
    assert client.put(url).json() == added.json()  # once only
    assert client.get(f"/v1/lists/{DEMO_LIST_ID}").json()["contactsCount"] == before + 1
    members = client.get(f"/v1/lists/{DEMO_LIST_ID}/contact-households?{ALL}").json()["data"]
    assert contact["id"] in {m["data"]["contactId"] for m in members}
    assert client.delete(url).status_code == 428
    stored = [
        m
        for m in client.get(f"/v1/lists/{DEMO_LIST_ID}/contact-households?{ALL}").json()["data"]
        if m["data"]["contactId"] == contact["id"]
    ]
    assert len(stored) == 1
    assert (
        client.put(
            f"/v1/lists/{DEMO_LIST_ID}/contacts/nobody/households/{household['id']}"
        ).status_code
        == 404
    )


def test_bulk_contacts_report_exists_and_validation_errors_by_position(
    client: httpx.Client,
) -> None:
    items = [
        _contact_body("Mary", "Somerville"),
        _contact_body("Mary", "Somerville"),
        {"data": {"profile": "not an object", "fields": {}}},
        "garbage",
    ]
    response = client.post("/v2/contacts/bulk", json={"data": items})
    assert response.status_code == 200
    answer = response.json()
    assert len(answer["data"]) == 1
    errors = {e["data"]["position"]: e["name"] for e in answer["errors"]}
    assert errors == {1: "ExistsError", 2: "ValidationError", 3: "ValidationError"}
    assert client.post("/v2/contacts/bulk", json={"data": []}).status_code == 400


def test_bulk_patch_contacts_with_per_item_etags(client: httpx.Client) -> None:
    first = client.post("/v2/contacts", json=_contact_body("Emmy", "Noether")).json()
    second = client.post("/v2/contacts", json=_contact_body("Sophie", "Germain")).json()
    op = [{"op": "add", "path": "/notes", "value": "Prefers mornings"}]
    response = client.patch(
        "/v2/contacts/bulk",
        json={
            "data": [
                {"id": first["id"], "etag": first["meta"]["etag"], "data": op},
                {"id": second["id"], "etag": "stale", "data": op},
            ]
        },
    )
    answer = response.json()
    assert [d["id"] for d in answer["data"]] == [first["id"]]
    assert (
        answer["errors"][0]["name"] == "ConcurrencyError"
        and answer["errors"][0]["data"]["position"] == 1
    )


def test_bulk_households_links_and_list_members(client: httpx.Client) -> None:
    households = client.post(
        "/v2/households/bulk",
        json={
            "data": [
                {"data": {"unitNum": "", "addressId": "a-50"}, "customerId": "c"},
                {"data": {"unitNum": 5}},
            ]
        },
    ).json()
    assert len(households["data"]) == 1 and households["errors"][0]["data"]["position"] == 1
    household = households["data"][0]
    contact = client.post("/v2/contacts", json=_contact_body("Ida", "Wells")).json()
    links = client.post(
        "/v2/contacts/households/bulk",
        json={"data": [{"data": {"contactId": contact["id"], "householdId": household["id"]}}]},
    ).json()
    assert links["data"][0]["meta"]["resource"] == "contact-households"
    members = client.post(
        f"/v1/lists/{DEMO_LIST_ID}/contact-households",
        json={
            "data": [
                {"data": {"contactId": contact["id"], "householdId": household["id"]}},
                {"data": {"contactId": "nobody", "householdId": household["id"]}},
            ]
        },
    ).json()
    member = members["data"][0]
    assert member["meta"]["resource"] == "contact-household-lists"
    assert members["errors"][0]["name"] == "NotFoundError"
    url = f"/v1/lists/{DEMO_LIST_ID}/contacts/{contact['id']}/households/{household['id']}"
    assert client.delete(url, headers={"etag": "stale"}).status_code == 412
    assert client.delete(url, headers={"etag": member["meta"]["etag"]}).status_code == 200
    listed = client.get(f"/v1/lists/{DEMO_LIST_ID}/contact-households?{ALL}").json()["data"]
    assert contact["id"] not in {m["data"]["contactId"] for m in listed}


def test_bulk_door_states_upsert_and_share_one_campaign(client: httpx.Client) -> None:
    rows = client.get(f"/v1/lists/{DEMO_LIST_ID}/contact-households?skip=0&limit=2").json()["data"]
    refused = status_by_name(DEFAULT_STATUSES, "Refused")
    assert refused is not None
    items: list[Any] = [
        {
            "data": {"campaignId": DEMO_CAMPAIGN_ID, "statusId": refused.id},
            "params": {
                "contactId": row["data"]["contactId"],
                "householdId": row["data"]["householdId"],
            },
        }
        for row in rows
    ]
    items.append(
        {"data": {"campaignId": "other", "statusId": refused.id}, "params": items[0]["params"]}
    )
    answer = client.post("/v1/campaigns/contact-households/bulk", json={"data": items}).json()
    assert [d["data"]["state"] for d in answer["data"]] == ["contacted-unavailable-other"] * 2
    assert answer["errors"][0]["data"]["position"] == 2
    first = rows[0]["data"]
    url = f"/v1/campaigns/{DEMO_CAMPAIGN_ID}/contacts/{first['contactId']}/households/{first['householdId']}"
    assert client.get(url).json()["data"]["statusId"] == refused.id
    missing = client.post("/v1/campaigns/contact-households/bulk", json={"data": [{"data": {}}]})
    assert missing.status_code == 400
