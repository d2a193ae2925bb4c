"""Bearer tokens, the OAuth code exchange, token expiry, and Idempotency-Key on POST."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from .helpers import PAGE_POST_BODY, anonymous_client, client_for, page_body

LIST_URL = "/v2/interactions?skip=0&limit=10"


@pytest.fixture
def anon(polis_server: Any) -> Iterator[httpx.Client]:
    with anonymous_client(polis_server) as client:
        yield client


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": "Basic abc"},
        {"Authorization": "Bearer"},
    ],
)
def test_requests_without_a_valid_token_are_401_json(
    anon: httpx.Client, polis_server: Any, headers: dict[str, str]
) -> None:
    response = anon.get(LIST_URL, headers=headers)
    assert response.status_code == 401
    body = response.json()
    assert body["name"] == "UnauthorizedError"
    assert "wrong" not in body["message"]  # a token is never echoed


def test_every_resource_route_needs_a_token(anon: httpx.Client, polis_server: Any) -> None:
    for path in [
        "/v2/contacts",
        "/v1/surveys",
        "/v1/statuses",
        "/v1/status-groups",
        "/v1/campaigns",
    ]:
        assert anon.get(f"{path}?skip=0&limit=1").status_code == 401


def test_authorize_then_exchange_code_for_a_token(anon: httpx.Client, polis_server: Any) -> None:
    authorize = anon.get(
        "/oauth/authorize",
        params={
            "response_type": "code",
            "client_id": "app",
            "redirect_uri": "http://127.0.0.1:9/cb",
            "state": "s1",
        },
    )
    assert authorize.status_code == 302
    query = parse_qs(urlsplit(authorize.headers["location"]).query)
    assert query["state"] == ["s1"] and query["organizationId"]
    exchange = anon.post(
        "/auth/oauth2/token",
        json={
            "client_id": "app",
            "client_secret": "s",
            "code": query["code"][0],
            "grant_type": "authorization_code",
        },
    )
    assert exchange.status_code == 200
    answer = exchange.json()
    assert answer["token_type"] == "bearer"
    with client_for(polis_server, answer["access_token"]) as client:
        assert client.get(LIST_URL).status_code == 200
    # A code works once.
    again = anon.post(
        "/auth/oauth2/token",
        json={"code": query["code"][0], "grant_type": "authorization_code"},
    )
    assert again.status_code == 400


def test_demo_code_always_gives_a_token(anon: httpx.Client, polis_server: Any) -> None:
    for _ in range(2):
        response = anon.post(
            "/auth/oauth2/token",
            json={
                "code": "demo-code",
                "grant_type": "authorization_code",
                "client_id": "c",
                "client_secret": "s",
            },
        )
        assert response.status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [({"code": "demo-code"}, "/grant_type"), ({"grant_type": "authorization_code"}, "/code")],
)
def test_bad_token_requests_are_400(
    anon: httpx.Client, polis_server: Any, body: dict[str, Any], field: str
) -> None:
    response = anon.post("/auth/oauth2/token", json=body)
    assert response.status_code == 400
    assert field in [e["field"] for e in response.json()["data"]["errors"]]


def test_tokens_expire_after_the_configured_lifetime(make_polis_server: Any) -> None:
    server = make_polis_server(seed="empty", token_ttl_s=5)
    with client_for(server) as client:
        assert client.get(LIST_URL).status_code == 200
        later = time.monotonic() + 5
        server.state.tokens.clock = lambda: later  # five seconds on, without waiting
        expired = client.get(LIST_URL)
        assert expired.status_code == 401
        assert "expired" in expired.json()["message"]
    with anonymous_client(server) as anon:
        fresh = anon.post(
            "/auth/oauth2/token", json={"code": "demo-code", "grant_type": "authorization_code"}
        )
    with client_for(server, fresh.json()["access_token"]) as client:
        assert client.get(LIST_URL).status_code == 200


def test_same_key_same_body_replays_the_first_answer(polis_server: Any) -> None:
    with client_for(polis_server) as client:
        headers = {"Idempotency-Key": "local-123"}
        first = client.post("/v2/interactions", json=PAGE_POST_BODY, headers=headers)
        second = client.post("/v2/interactions", json=PAGE_POST_BODY, headers=headers)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert second.headers["idempotent-replayed"] == "true"
    assert len(polis_server.state.interactions()) == 1


def test_same_key_with_a_different_body_is_422(polis_server: Any) -> None:
    with client_for(polis_server) as client:
        headers = {"Idempotency-Key": "local-9"}
        assert (
            client.post("/v2/interactions", json=PAGE_POST_BODY, headers=headers).status_code == 200
        )
        other = client.post("/v2/interactions", json=page_body(unavailable=False), headers=headers)
    assert other.status_code == 422
    assert other.json()["name"] == "IdempotencyKeyReusedError"
    assert len(polis_server.state.interactions()) == 1


def test_different_keys_create_different_documents(polis_server: Any) -> None:
    with client_for(polis_server) as client:
        for key in ("a", "b"):
            client.post("/v2/interactions", json=PAGE_POST_BODY, headers={"Idempotency-Key": key})
    assert len(polis_server.state.interactions()) == 2


def test_idempotency_can_be_switched_off(make_polis_server: Any) -> None:
    server = make_polis_server(seed="empty", idempotency=False)
    with client_for(server) as client:
        for _ in range(2):
            client.post(
                "/v2/interactions", json=PAGE_POST_BODY, headers={"Idempotency-Key": "same"}
            )
    assert len(server.state.interactions()) == 2


def test_idempotency_covers_other_collections(polis_server: Any) -> None:
    note = {"data": {"contactId": "c-1", "text": "Dog in the yard"}}
    with client_for(polis_server) as client:
        first = client.post("/v2/notes", json=note, headers={"Idempotency-Key": "n1"})
        second = client.post("/v2/notes", json=note, headers={"Idempotency-Key": "n1"})
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["data"]["text"] == "Dog in the yard"


def test_concurrent_posts_with_one_key_make_one_document(polis_server: Any) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def post(_: int) -> dict[str, Any]:
        with client_for(polis_server) as client:
            response = client.post(
                "/v2/interactions", json=PAGE_POST_BODY, headers={"Idempotency-Key": "race"}
            )
            assert response.status_code == 200
            answer: dict[str, Any] = response.json()
            return answer

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(post, range(16)))
    assert len({a["id"] for a in answers}) == 1
    assert len(polis_server.state.interactions()) == 1
