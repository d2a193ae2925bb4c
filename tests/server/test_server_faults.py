"""Fault injection: each kind has its observable effect, is reproducible, and the server
stays up afterwards."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from canvass_app.server.faults import FAULT_KINDS, RateLimiter, parse_fault_spec
from canvass_app.server.runner import fault_summary

from .helpers import PAGE_PATCH_BODY, PAGE_POST_BODY, client_for, create_interaction

LIST_URL = "/v2/interactions?skip=0&limit=100"


def _post(client: httpx.Client) -> httpx.Response:
    return client.post("/v2/interactions", json=PAGE_POST_BODY)


@pytest.fixture
def server(make_polis_server: Any) -> Any:
    return make_polis_server(seed="empty")


@pytest.mark.parametrize("status", [400, 500, 502, 503])
def test_server_errors_answer_json_without_processing(server: Any, status: int) -> None:
    server.state.set_faults(f"POST /v2/interactions: {status}=1")
    with client_for(server) as client:
        response = _post(client)
        assert response.status_code == status
        assert response.json()["name"]
        if status == 503:
            assert response.headers["retry-after"] == "1"
        assert server.state.interactions() == []
        assert client.get(LIST_URL).status_code == 200  # other routes are untouched


def test_429_carries_retry_after(server: Any) -> None:
    server.state.set_faults("*: 429=1, retry_after=7")
    with client_for(server) as client:
        response = client.get(LIST_URL)
    assert response.status_code == 429
    assert response.headers["retry-after"] == "7"
    assert response.json()["name"] == "TooManyRequestsError"


def test_reset_drops_the_connection_before_processing(server: Any) -> None:
    server.state.set_faults("POST /v2/interactions: reset=1")
    with client_for(server) as client:
        with pytest.raises(httpx.TransportError):
            _post(client)
        assert server.state.interactions() == []
        server.state.set_faults(None)
        assert _post(client).status_code == 200


def test_lost_answer_commits_then_drops_the_answer(server: Any) -> None:
    server.state.set_faults("POST /v2/interactions: lost_answer=1")
    with client_for(server) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            _post(client)
        stored = server.state.interactions()
        assert len(stored) == 1 and stored[0]["data"] == PAGE_POST_BODY
        server.state.set_faults(None)
        assert client.get(LIST_URL).json()["data"] == stored


def test_lost_answer_then_retry_with_idempotency_key_is_one_document(server: Any) -> None:
    server.state.set_faults("POST /v2/interactions: lost_answer=1")
    headers = {"Idempotency-Key": "visit-1"}
    with client_for(server) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            client.post("/v2/interactions", json=PAGE_POST_BODY, headers=headers)
        server.state.set_faults(None)
        retry = client.post("/v2/interactions", json=PAGE_POST_BODY, headers=headers)
    assert retry.status_code == 200
    assert [d["id"] for d in server.state.interactions()] == [retry.json()["id"]]


@pytest.mark.parametrize("kind", ["truncated", "malformed"])
def test_spoiled_json_answers_still_commit(server: Any, kind: str) -> None:
    server.state.set_faults(f"POST /v2/interactions: {kind}=1")
    with client_for(server) as client:
        response = _post(client)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    with pytest.raises(ValueError):
        response.json()
    assert len(server.state.interactions()) == 1


def test_html_is_a_captive_portal_page_and_nothing_is_stored(server: Any) -> None:
    server.state.set_faults("POST /v2/interactions: html=1")
    with client_for(server) as client:
        response = _post(client)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "<html>" in response.text
    assert server.state.interactions() == []


def test_edit_fault_changes_the_document_before_the_patch(server: Any) -> None:
    with client_for(server) as client:
        created = create_interaction(client)
        server.state.set_faults("PATCH /v2/interactions/*: edit=1")
        response = client.patch(
            f"/v2/interactions/{created['id']}",
            json=PAGE_PATCH_BODY,
            headers={"etag": created["meta"]["etag"]},
        )
        assert response.status_code == 412
        server.state.set_faults(None)
        current = client.get(f"/v2/interactions/{created['id']}").json()
    assert current["meta"]["etag"] != created["meta"]["etag"]
    assert current["data"] != created["data"]
    assert current["meta"]["modifiedBy"] != created["meta"]["createdBy"]


def test_rate_limit_answers_429_with_retry_after(server: Any) -> None:
    server.state.set_faults("GET /v2/interactions: rate=2/s")
    with client_for(server) as client:
        statuses = [client.get(LIST_URL).status_code for _ in range(3)]
        limited = client.get(LIST_URL)
        assert statuses[:2] == [200, 200]
        assert limited.status_code == 429
        assert limited.headers["retry-after"] == "1"
        assert client.post("/v2/interactions", json=PAGE_POST_BODY).status_code == 200
    assert server.state.fault_counts.counts["429"] >= 1
    assert fault_summary(server.state.fault_counts.counts).startswith("429×")


def test_rate_limit_holds_a_steady_rate_and_says_how_long_to_wait() -> None:
    # The token bucket itself, on a given clock: one second's burst, then the rate.
    limiter = RateLimiter(4.0, now=0.0)
    assert [limiter.wait_s(0.0) for _ in range(4)] == [0.0] * 4
    assert limiter.wait_s(0.0) == pytest.approx(0.25)  # the 5th waits for a token
    assert limiter.wait_s(0.25) == 0.0
    assert limiter.wait_s(0.3) == pytest.approx(0.2)
    # 10 s of requests every 10 ms: 4 a second pass, plus what the bucket saved up (<= 4).
    passed = sum(limiter.wait_s(1 + t / 100) == 0 for t in range(1000))
    assert 40 <= passed <= 44
    assert fault_summary({}) == "none"


def test_latency_is_planned_for_matching_requests_only(server: Any) -> None:
    server.state.set_faults("GET *: latency=30ms; GET /v2/interactions: latency=10ms..10ms")
    assert server.state.decide_faults("GET", "/v2/interactions").latency_s == pytest.approx(0.04)
    assert server.state.decide_faults("GET", "/v1/surveys").latency_s == pytest.approx(0.03)
    assert server.state.decide_faults("POST", "/v2/interactions").latency_s == 0
    with client_for(server) as client:
        assert client.get(LIST_URL).status_code == 200  # slower, but answered


def test_rules_match_method_and_path(server: Any) -> None:
    server.state.set_faults("GET /v2/interactions/*: 503=1; DELETE *: 500=1")
    with client_for(server) as client:
        created = create_interaction(client)
        assert client.get(f"/v2/interactions/{created['id']}").status_code == 503
        assert client.get(LIST_URL).status_code == 200
        url = f"/v2/interactions/{created['id']}"
        assert client.delete(url, headers={"etag": created["meta"]["etag"]}).status_code == 500


def _outcomes(make_polis_server: Any, seed: int) -> list[int]:
    server = make_polis_server(seed="empty", faults="*: 503=0.3, 500=0.2", fault_seed=seed)
    with client_for(server) as client:
        return [client.get(LIST_URL).status_code for _ in range(40)]


def test_faults_are_reproducible_from_the_seed(make_polis_server: Any) -> None:
    first = _outcomes(make_polis_server, 7)
    assert first == _outcomes(make_polis_server, 7)
    assert {200, 500, 503} <= set(first)
    assert first != _outcomes(make_polis_server, 8)


def test_faults_given_at_start(make_polis_server: Any) -> None:
    server = make_polis_server(seed="empty", faults="POST /v2/interactions: 502=1")
    with client_for(server) as client:
        assert _post(client).status_code == 502
    assert server.state.fault_counts.counts == {"502": 1}


def test_every_kind_leaves_the_server_up(server: Any) -> None:
    with client_for(server) as client:
        created = create_interaction(client)
        for kind in FAULT_KINDS:
            server.state.set_faults(f"*: {kind}=1")
            try:
                client.patch(
                    f"/v2/interactions/{created['id']}",
                    json=PAGE_PATCH_BODY,
                    headers={"etag": "x"},
                )
            except httpx.TransportError:
                pass
        server.state.set_faults(None)
        assert client.get(LIST_URL).status_code == 200


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("POST /v2/interactions lost_answer=0.1", "':'"),
        ("*: lost_answer=2", "probability"),
        ("*: explode=0.1", "unknown fault 'explode'"),
        ("*: latency=fast", "duration"),
        ("FETCH /x: 500=1", "HTTP method"),
        ("v2/interactions: 500=1", "must start with '/'"),
        ("*: 500", "NAME=VALUE"),
        ("*:", "no fault"),
        ("*: latency=80ms..20ms", "ends before it starts"),
        ("*: rate=fast", "20/s or 100/m"),
        ("*: rate=0/s", "more than 0"),
    ],
)
def test_bad_specs_raise_value_error_in_words(spec: str, words: str) -> None:
    with pytest.raises(ValueError, match=words.replace("(", r"\(")):
        parse_fault_spec(spec)


def test_the_documented_example_parses() -> None:
    plan = parse_fault_spec("POST /v2/interactions: lost_answer=0.1, 503=0.05; *: latency=50ms")
    assert len(plan.rules) == 2
    assert plan.rules[0].method == "POST" and plan.rules[0].chances == (
        ("lost_answer", 0.1),
        ("503", 0.05),
    )
    assert plan.rules[1].latency_ms == (50.0, 50.0)


def test_bad_spec_at_start_fails_before_serving(make_polis_server: Any) -> None:
    with pytest.raises(ValueError, match="unknown fault"):
        make_polis_server(faults="*: boom=1")
