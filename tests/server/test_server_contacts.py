"""Adding a person as the app does it, against the reference server over HTTP: the
contact (match on create, or not), the contact-household link, an interaction that must
name them (``check_references``), and the faults on those three requests."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from canvass_app.server.seed import DEMO_CAMPAIGN_ID, DEMO_LIST_ID

from .helpers import client_for, page_body

ALL = "skip=0&limit=9007199254740991"


def _a_household(client: httpx.Client) -> str:
    member = client.get(f"/v1/lists/{DEMO_LIST_ID}/contact-households?skip=0&limit=1")
    return str(member.json()["data"][0]["data"]["householdId"])


def _person(household_id: str, given: str = "Rosa", surname: str = "Parks") -> dict[str, Any]:
    return {
        "data": {
            "profile": {
                "name": {"anglican": {"given": given, "surname": surname}},
                "phones": [{"phone": "+1 617 555 0100", "phoneType": "mobile"}],
                "languages": ["es"],
            },
            "fields": {},
            "primaryHouseholdId": household_id,
        }
    }


def _contacts_named(client: httpx.Client, surname: str) -> list[dict[str, Any]]:
    found = client.get(
        "/v2/contacts",
        params={"filter": f'/data/profile/name/anglican/surname eq "{surname}"', "skip": 0,
                "limit": 100},
    )  # fmt: skip
    assert found.status_code == 200, found.text
    return list(found.json()["data"])


def test_a_resent_contact_is_answered_with_the_first_and_the_link_is_made_once(
    polis_server: Any,
) -> None:
    with client_for(polis_server) as client:
        household_id = _a_household(client)
        first = client.post("/v2/contacts", json=_person(household_id)).json()
        again = client.post("/v2/contacts", json=_person(household_id)).json()
        assert again["id"] == first["id"] and again["meta"]["etag"] == first["meta"]["etag"]
        url = f"/v2/contacts/{first['id']}/households/{household_id}"
        link = client.put(url).json()
        assert client.put(url).json()["id"] == link["id"]
        assert link["data"] == {"contactId": first["id"], "householdId": household_id}
        households = client.get(f"/v2/contacts/{first['id']}/households?{ALL}").json()["data"]
        assert [h["params"]["contactHouseholdId"] for h in households] == [link["id"]]
        assert len(_contacts_named(client, "Parks")) == 1


def test_a_server_without_match_on_create_makes_a_duplicate(make_polis_server: Any) -> None:
    server = make_polis_server(seed="demo", token="t", contact_match=False)
    with client_for(server) as client:
        household_id = _a_household(client)
        first = client.post("/v2/contacts", json=_person(household_id)).json()
        again = client.post("/v2/contacts", json=_person(household_id)).json()
        assert again["id"] != first["id"]
        assert len(_contacts_named(client, "Parks")) == 2
        # ...which a lookup by household finds (the people who live there), as the
        # app's reconcile does before it sends a maybe-sent contact again
        found = client.get(
            "/v2/contacts",
            params=[("filter[/data/primaryHouseholdId]", household_id), ("skip", "0"),
                    ("limit", "10")],
        ).json()["data"]  # fmt: skip
        assert {first["id"], again["id"]} <= {doc["id"] for doc in found}


def test_check_references_refuses_an_interaction_naming_a_placeholder(
    make_polis_server: Any,
) -> None:
    server = make_polis_server(seed="demo", token="t", check_references=True)
    with client_for(server) as client:
        household_id = _a_household(client)
        contact = client.post("/v2/contacts", json=_person(household_id)).json()
        placeholder = client.post(
            "/v2/interactions",
            json=page_body(
                campaignId=DEMO_CAMPAIGN_ID,
                contactId="local:3b1f",
                householdId=household_id,
                contactHouseholdId="local:3b1f",
            ),
        )
        assert placeholder.status_code == 400
        fields = {e["field"] for e in placeholder.json()["data"]["errors"]}
        assert fields == {"/data/contactId", "/data/contactHouseholdId"}
        unlinked = client.post(
            "/v2/interactions",
            json=page_body(
                campaignId=DEMO_CAMPAIGN_ID,
                contactId=contact["id"],
                householdId=household_id,
                contactHouseholdId="nope",
            ),
        )
        assert unlinked.status_code == 400
        link = client.put(f"/v2/contacts/{contact['id']}/households/{household_id}").json()
        other_link = client.get(f"/v1/lists/{DEMO_LIST_ID}/contact-households?skip=0&limit=2")
        elsewhere = other_link.json()["data"][1]
        mismatched = client.post(
            "/v2/interactions",
            json=page_body(
                campaignId=DEMO_CAMPAIGN_ID,
                contactId=contact["id"],
                householdId=household_id,
                contactHouseholdId=elsewhere["id"],
            ),
        )
        assert mismatched.status_code == 400
        assert "does not join" in mismatched.text
        good = client.post(
            "/v2/interactions",
            json=page_body(
                campaignId=DEMO_CAMPAIGN_ID,
                contactId=contact["id"],
                householdId=household_id,
                contactHouseholdId=link["id"],
            ),
        )
        assert good.status_code == 200, good.text


@pytest.mark.parametrize(
    ("target", "method", "path_of"),
    [
        ("POST /v2/contacts", "POST", lambda h, c: "/v2/contacts"),
        ("PUT /v2/contacts/*/households/*", "PUT", lambda h, c: f"/v2/contacts/{c}/households/{h}"),
    ],
)
def test_a_lost_answer_on_the_contact_endpoints_is_committed(
    make_polis_server: Any, target: str, method: str, path_of: Any
) -> None:
    server = make_polis_server(seed="demo", token="t", idempotency=False)
    with client_for(server) as client:
        household_id = _a_household(client)
        contact_id = "none"
        if method == "PUT":
            contact_id = client.post("/v2/contacts", json=_person(household_id)).json()["id"]
        server.state.set_faults(f"{target}: lost_answer=1")
        body = _person(household_id) if method == "POST" else None
        with pytest.raises(httpx.RemoteProtocolError):
            client.request(method, path_of(household_id, contact_id), json=body)
        server.state.set_faults(None)
    if method == "POST":
        assert len([c for c in server.state.documents("contacts")
                    if c["data"]["profile"]["name"]["anglican"]["surname"] == "Parks"]) == 1  # fmt: skip
    else:
        links = [
            link
            for link in server.state.documents("contact-households")
            if link["data"]["contactId"] == contact_id
        ]
        assert [link["data"]["householdId"] for link in links] == [household_id]
