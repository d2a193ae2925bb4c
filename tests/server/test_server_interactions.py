"""Interactions v2 over real HTTP: every example of the interactions page, every status."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from .helpers import PAGE_PATCH_BODY, PAGE_POST_BODY, client_for, create_interaction, page_body

ETAG_SHAPE = re.compile(r"^[0-9a-f]+-[A-Za-z0-9+/]{27}$")
TIMESTAMP_SHAPE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


@pytest.fixture
def client(polis_server: Any) -> httpx.Client:
    with client_for(polis_server) as client:
        yield client


def test_post_page_example_flat_body_returns_the_full_document(
    client: httpx.Client, polis_server: Any
) -> None:
    response = client.post("/v2/interactions", json=PAGE_POST_BODY)
    assert response.status_code == 200
    document = response.json()
    assert document["data"] == PAGE_POST_BODY
    assert set(document) == {"id", "data", "meta", "customerId", "securityGroupId"}
    meta = document["meta"]
    assert meta["resource"] == "interactions"
    assert meta["isDeleted"] is False
    assert ETAG_SHAPE.match(meta["etag"])
    assert TIMESTAMP_SHAPE.match(meta["created"]) and meta["created"] == meta["modified"]
    assert meta["createdBy"] == meta["modifiedBy"]
    assert response.headers["etag"] == meta["etag"]
    assert polis_server.state.interactions() == [document]


def test_post_wrapped_body_is_the_same_as_flat(client: httpx.Client) -> None:
    response = client.post("/v2/interactions", json={"data": PAGE_POST_BODY})
    assert response.status_code == 200
    assert response.json()["data"] == PAGE_POST_BODY


def test_every_post_gets_its_own_id_and_etag(client: httpx.Client) -> None:
    first = create_interaction(client)
    second = create_interaction(client)
    assert first["id"] != second["id"]
    assert first["meta"]["etag"] != second["meta"]["etag"]


def test_get_one_returns_the_created_document(client: httpx.Client) -> None:
    created = create_interaction(client)
    response = client.get(f"/v2/interactions/{created['id']}")
    assert response.status_code == 200
    assert response.json() == created


def test_get_many_with_the_page_example_query(client: httpx.Client) -> None:
    first = create_interaction(client)
    create_interaction(client, campaignId="another-campaign")
    second = create_interaction(client, timestamp="2018-07-18T18:40:53.526Z", unavailable=False)
    # The page's request, byte for byte (limit is MAX_SAFE_INTEGER).
    response = client.get(
        "/v2/interactions?filter%5B%2Fdata%2FcampaignId%5D=61fbfbaa-5de8-4d17-ac2b-c47f2376265a"
        "&skip=0&limit=9007199254740991&sort=%2Fdata%2Fid&sort=ASC"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["meta"] == {}
    assert sorted(d["id"] for d in body["data"]) == sorted([first["id"], second["id"]])


def test_get_many_expression_filter_and_sort_both_encodings(client: httpx.Client) -> None:
    docs = [
        create_interaction(client, timestamp=f"2018-07-1{day}T10:00:00.000Z") for day in (7, 9, 8)
    ]
    expression = '/data/timestamp gte "2018-07-18T00:00:00.000Z" and /data/unavailable eq true'
    as_pairs = client.get(
        "/v2/interactions",
        params=[
            ("filter", expression),
            ("skip", "0"),
            ("limit", "10"),
            ("sort", "/data/timestamp"),
            ("sort", "DESC"),
        ],
    )
    as_json = client.get(
        "/v2/interactions",
        params={
            "filter": expression,
            "skip": 0,
            "limit": 10,
            "sort": '["data/timestamp","DESC"]',
        },
    )
    assert as_pairs.status_code == as_json.status_code == 200
    expected = [docs[1]["id"], docs[2]["id"]]
    assert [d["id"] for d in as_pairs.json()["data"]] == expected
    assert [d["id"] for d in as_json.json()["data"]] == expected


def test_skip_and_limit_page_through_in_order(client: httpx.Client) -> None:
    ids = [create_interaction(client)["id"] for _ in range(5)]
    seen: list[str] = []
    for skip in range(0, 5, 2):
        page = client.get(
            "/v2/interactions", params={"skip": skip, "limit": 2, "sort": '["id","ASC"]'}
        )
        seen += [d["id"] for d in page.json()["data"]]
    assert seen == sorted(ids)


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 10},
        {"skip": 0},
        {"skip": -1, "limit": 10},
        {"skip": 0, "limit": 0},
        {"skip": "zero", "limit": 10},
        {"skip": 0, "limit": "1.5"},
        {"skip": 0, "limit": 10, "sort": '["id", "UP"]'},
        {"skip": 0, "limit": 10, "filter": "/data/x eq"},
        {"skip": 0, "limit": 10, "filter": '(/data/x eq "a"'},
        {"skip": 0, "limit": 10, "filter": "/data/x resembles 3"},
        {"skip": 0, "limit": 10, "sort": "[broken"},
    ],
)
def test_bad_collection_parameters_are_400_in_words(
    client: httpx.Client, params: dict[str, Any]
) -> None:
    response = client.get("/v2/interactions", params=params)
    assert response.status_code == 400
    body = response.json()
    assert body["name"] == "BadRequestError"
    assert len(body["message"]) > 20


def test_patch_page_example_with_data_rooted_paths(client: httpx.Client) -> None:
    created = create_interaction(client, successful=True)
    response = client.patch(
        f"/v2/interactions/{created['id']}",
        json=PAGE_PATCH_BODY,
        headers={"etag": created["meta"]["etag"]},
    )
    assert response.status_code == 200
    patched = response.json()
    assert patched["data"]["successful"] is False
    assert patched["data"]["unavailable"] is False
    assert patched["meta"]["etag"] != created["meta"]["etag"]
    assert patched["meta"]["created"] == created["meta"]["created"]
    assert {k: v for k, v in patched["data"].items() if k not in ("successful", "unavailable")} == {
        k: v for k, v in created["data"].items() if k not in ("successful", "unavailable")
    }


def test_patch_paths_relative_to_data_are_accepted(client: httpx.Client) -> None:
    created = create_interaction(client)
    response = client.patch(
        f"/v2/interactions/{created['id']}",
        json={"data": [{"op": "replace", "path": "/unavailableReason", "value": "Not Home"}]},
        headers={"ETag": created["meta"]["etag"]},
    )
    assert response.status_code == 200
    assert response.json()["data"]["unavailableReason"] == "Not Home"


def test_patch_all_six_operations_apply_atomically(client: httpx.Client) -> None:
    created = create_interaction(client)
    ops = [
        {"op": "test", "path": "/data/unavailable", "value": True},
        {"op": "add", "path": "/data/statusId", "value": "s-1"},
        {"op": "copy", "from": "/data/statusId", "path": "/data/walklistId"},
        {"op": "move", "from": "/data/unavailableReason", "path": "/data/survey/note"},
        {"op": "remove", "path": "/data/location/confidence"},
        {"op": "replace", "path": "/successful", "value": True},
    ]
    response = client.patch(
        f"/v2/interactions/{created['id']}",
        json={"data": ops},
        headers={"etag": created["meta"]["etag"]},
    )
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert data["statusId"] == data["walklistId"] == "s-1"
    assert "unavailableReason" not in data and data["survey"]["note"] == "Come Back"
    assert "confidence" not in data["location"]
    assert data["successful"] is True


def test_patch_is_all_or_nothing(client: httpx.Client, polis_server: Any) -> None:
    created = create_interaction(client)
    ops = [
        {"op": "replace", "path": "/data/successful", "value": True},
        {"op": "remove", "path": "/data/doesNotExist"},
    ]
    response = client.patch(
        f"/v2/interactions/{created['id']}",
        json={"data": ops},
        headers={"etag": created["meta"]["etag"]},
    )
    assert response.status_code == 400
    assert response.json()["data"]["errors"][0]["field"] == "/data/1"
    assert polis_server.state.interactions() == [created]


def test_failed_test_operation_is_409_and_changes_nothing(
    client: httpx.Client, polis_server: Any
) -> None:
    created = create_interaction(client)
    ops = [
        {"op": "test", "path": "/data/unavailableReason", "value": "Refused"},
        {"op": "replace", "path": "/data/unavailableReason", "value": "Moved"},
    ]
    response = client.patch(
        f"/v2/interactions/{created['id']}",
        json={"data": ops},
        headers={"etag": created["meta"]["etag"]},
    )
    assert response.status_code == 409
    assert response.json()["name"] == "PatchTestFailedError"
    assert polis_server.state.interactions() == [created]


@pytest.mark.parametrize(
    "path", ["/id", "/meta/etag", "/customerId", "/securityGroupId", "/data", "", "successful"]
)
def test_patch_outside_data_is_rejected(client: httpx.Client, path: str) -> None:
    created = create_interaction(client)
    response = client.patch(
        f"/v2/interactions/{created['id']}",
        json={"data": [{"op": "replace", "path": path, "value": "x"}]},
        headers={"etag": created["meta"]["etag"]},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["name"] == "ValidationError"
    assert body["data"]["errors"][0]["field"] == "/data/0/path"


def test_patch_that_breaks_the_schema_is_400_naming_the_field(client: httpx.Client) -> None:
    created = create_interaction(client)
    response = client.patch(
        f"/v2/interactions/{created['id']}",
        json={"data": [{"op": "replace", "path": "/data/unavailable", "value": "yes"}]},
        headers={"etag": created["meta"]["etag"]},
    )
    assert response.status_code == 400
    assert response.json()["data"]["errors"][0]["field"] == "/data/unavailable"


def test_patch_without_etag_is_428(client: httpx.Client) -> None:
    created = create_interaction(client)
    response = client.patch(f"/v2/interactions/{created['id']}", json=PAGE_PATCH_BODY)
    assert response.status_code == 428
    assert response.json()["name"] == "ConcurrencyError"


def test_patch_with_stale_etag_is_412_concurrency_error(
    client: httpx.Client, polis_server: Any
) -> None:
    created = create_interaction(client)
    polis_server.state.edit_interaction(
        created["id"], [{"op": "replace", "path": "/data/successful", "value": True}]
    )
    response = client.patch(
        f"/v2/interactions/{created['id']}",
        json=PAGE_PATCH_BODY,
        headers={"etag": created["meta"]["etag"]},
    )
    assert response.status_code == 412
    body = response.json()
    assert body["name"] == "ConcurrencyError"
    assert "message" in body
    fresh = client.get(f"/v2/interactions/{created['id']}").json()
    assert fresh["data"]["successful"] is True
    retry = client.patch(
        f"/v2/interactions/{created['id']}",
        json=PAGE_PATCH_BODY,
        headers={"etag": fresh["meta"]["etag"]},
    )
    assert retry.status_code == 200


def test_conflict_status_is_configurable(make_polis_server: Any) -> None:
    server = make_polis_server(seed="empty", conflict_status=409)
    with client_for(server) as client:
        created = create_interaction(client)
        response = client.patch(
            f"/v2/interactions/{created['id']}", json=PAGE_PATCH_BODY, headers={"etag": "0-stale"}
        )
    assert response.status_code == 409
    assert response.json()["name"] == "ConcurrencyError"


def test_delete_is_soft_needs_etag_and_hides_the_document(
    client: httpx.Client, polis_server: Any
) -> None:
    created = create_interaction(client)
    url = f"/v2/interactions/{created['id']}"
    assert client.delete(url).status_code == 428
    assert client.delete(url, headers={"etag": "1-stale"}).status_code == 412
    response = client.delete(url, headers={"etag": created["meta"]["etag"]})
    assert response.status_code == 200
    assert response.json()["meta"]["isDeleted"] is True
    assert client.get(url).status_code == 404
    assert client.get("/v2/interactions?skip=0&limit=10").json()["data"] == []
    assert (
        client.patch(
            url, json=PAGE_PATCH_BODY, headers={"etag": created["meta"]["etag"]}
        ).status_code
        == 404
    )
    assert client.delete(url, headers={"etag": created["meta"]["etag"]}).status_code == 404
    kept = polis_server.state.interactions(include_deleted=True)
    assert [d["id"] for d in kept] == [created["id"]] and kept[0]["meta"]["isDeleted"] is True


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"campaignId": None}, "/data/campaignId"),
        ({"timestamp": "yesterday"}, "/data/timestamp"),
        ({"unavailable": "true"}, "/data/unavailable"),
        ({"survey": {"responses": {}}}, "/data/survey/surveyId"),
        ({"location": {"lat": 123, "lng": 0}}, "/data/location/lat"),
        ({"distance": -1}, "/data/distance"),
    ],
)
def test_invalid_post_is_400_validation_error_naming_the_field(
    client: httpx.Client, polis_server: Any, change: dict[str, Any], field: str
) -> None:
    body = page_body(**change)
    body = {k: v for k, v in body.items() if v is not None}
    response = client.post("/v2/interactions", json=body)
    assert response.status_code == 400
    error = response.json()
    assert error["name"] == "ValidationError"
    assert field in [e["field"] for e in error["data"]["errors"]]
    assert all(e["message"] for e in error["data"]["errors"])
    assert polis_server.state.interactions() == []


@pytest.mark.parametrize("content", [b"{not json", b"", b"[1, 2]", b'"text"', b"\xff\xfe"])
def test_malformed_bodies_are_400(client: httpx.Client, content: bytes) -> None:
    response = client.post(
        "/v2/interactions", content=content, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["message"]


def test_unknown_id_route_and_method(client: httpx.Client) -> None:
    assert client.get("/v2/interactions/no-such-id").status_code == 404
    assert client.get("/v2/nothing-here").json()["name"] == "NotFoundError"
    response = client.put("/v2/interactions/abc", json={})
    assert response.status_code == 405
    assert response.json()["name"] == "MethodNotAllowedError"


def test_client_supplied_id_and_meta_in_the_flat_body_are_not_data(client: httpx.Client) -> None:
    body = page_body(id="client-chosen", meta={"etag": "x"})
    response = client.post("/v2/interactions", json=body)
    assert response.status_code == 200
    document = response.json()
    assert document["id"] != "client-chosen"
    assert document["data"] == PAGE_POST_BODY
    assert document["meta"]["etag"] != "x"


def test_tenant_ids_in_the_body_are_kept(client: httpx.Client) -> None:
    response = client.post(
        "/v2/interactions",
        json={"data": PAGE_POST_BODY, "customerId": "c-9", "securityGroupId": "sg-9"},
    )
    assert (response.json()["customerId"], response.json()["securityGroupId"]) == ("c-9", "sg-9")


@pytest.mark.parametrize("extra", [b"NaN", b"Infinity", b"-Infinity", b"1e999"])
def test_numbers_json_cannot_carry_are_400(client: httpx.Client, extra: bytes) -> None:
    body = json.dumps(PAGE_POST_BODY)[:-1].encode() + b', "extra": ' + extra + b"}"
    response = client.post(
        "/v2/interactions", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert "JSON" in response.json()["message"] or "large" in response.json()["message"]


def test_deeply_nested_filters_are_400(client: httpx.Client) -> None:
    expression = "(" * 3000 + '/data/x eq "a"' + ")" * 3000
    response = client.get("/v2/interactions", params={"filter": expression, "skip": 0, "limit": 1})
    assert response.status_code == 400


def test_natural_key_lookup_finds_a_visit_after_a_lost_answer(client: httpx.Client) -> None:
    created = create_interaction(client, timestamp="2026-11-27T18:40:53.526Z")
    create_interaction(client, timestamp="2026-11-27T18:40:53.527Z")
    response = client.get(
        "/v2/interactions",
        params={
            "filter[/data/contactId]": PAGE_POST_BODY["contactId"],
            "filter[/data/timestamp]": "2026-11-27T18:40:53.526Z",
            "filter[/data/campaignId]": PAGE_POST_BODY["campaignId"],
            "skip": 0,
            "limit": 10,
        },
    )
    assert [d["id"] for d in response.json()["data"]] == [created["id"]]
