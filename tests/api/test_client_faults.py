"""Every fault kind of the reference server's SPEC gives the typed error the sync engine
needs, the server stays up, and the same client keeps working afterwards."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from canvass_app.api import (
    ConflictError,
    PolisClient,
    ProtocolError,
    RateLimitedError,
    RejectedError,
    TransientError,
)
from canvass_app.server.faults import FAULT_KINDS

from .examples import PAGE_PATCH_OPS, PAGE_POST_BODY

POST = "POST /v2/interactions"
GET_MANY = "GET /v2/interactions"


def _still_works(server: Any, client: PolisClient) -> None:
    """Faults off: the same client object reads and writes again."""
    server.state.set_faults(None)
    client.probe()
    assert client.create_interaction(PAGE_POST_BODY).etag


def test_every_fault_kind_is_covered_here() -> None:
    covered = {"400", "500", "502", "503", "429", "reset", "lost_answer", "truncated"}
    covered |= {"malformed"}
    covered |= {"html", "edit"}
    assert set(FAULT_KINDS) == covered, "a new fault kind needs a client test"


def test_a_400_is_rejected_and_nothing_was_processed(server: Any, client: PolisClient) -> None:
    server.state.set_faults(f"{POST}: 400=1")
    with pytest.raises(RejectedError) as caught:
        client.create_interaction(PAGE_POST_BODY)
    assert caught.value.status == 400
    assert server.state.interactions() == []
    _still_works(server, client)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_on_a_post_may_have_reached_the_server(
    server: Any, client: PolisClient, status: int
) -> None:
    server.state.set_faults(f"{POST}: {status}=1, retry_after=4")
    with pytest.raises(TransientError) as caught:
        client.create_interaction(PAGE_POST_BODY)
    error = caught.value
    assert error.status == status
    assert error.may_have_reached_server is True
    assert error.retry_after == (4.0 if status == 503 else None)
    assert server.state.interactions() == []  # the fault answered without processing
    _still_works(server, client)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_on_a_read_are_transient(
    server: Any, client: PolisClient, status: int
) -> None:
    server.state.set_faults(f"{GET_MANY}: {status}=1")
    with pytest.raises(TransientError) as caught:
        client.find_interactions()
    assert caught.value.status == status
    assert caught.value.may_have_reached_server is False
    _still_works(server, client)


def test_429_is_rate_limited_with_retry_after(server: Any, client: PolisClient) -> None:
    server.state.set_faults("*: 429=1, retry_after=7")
    with pytest.raises(RateLimitedError) as caught:
        client.create_interaction(PAGE_POST_BODY)
    assert caught.value.status == 429
    assert caught.value.retry_after == 7.0
    with pytest.raises(RateLimitedError):
        client.probe()
    _still_works(server, client)


def test_reset_of_a_post_is_unknown_and_the_client_recovers(
    server: Any, client: PolisClient
) -> None:
    client.probe()  # a pooled keep-alive connection exists before the reset
    server.state.set_faults(f"{POST}: reset=1")
    with pytest.raises(TransientError) as caught:
        client.create_interaction(PAGE_POST_BODY)
    assert caught.value.may_have_reached_server is True
    assert caught.value.status is None
    assert server.state.interactions() == []
    _still_works(server, client)


def test_reset_of_a_read_is_transient(server: Any, client: PolisClient) -> None:
    server.state.set_faults(f"{GET_MANY}: reset=1")
    with pytest.raises(TransientError) as caught:
        client.find_interactions()
    assert caught.value.may_have_reached_server is False
    _still_works(server, client)


def test_lost_answer_is_unknown_and_reconcile_finds_the_commit(
    server: Any, client: PolisClient
) -> None:
    server.state.set_faults(f"{POST}: lost_answer=1")
    with pytest.raises(TransientError) as caught:
        client.create_interaction(PAGE_POST_BODY, idempotency_key="visit-7")
    assert caught.value.may_have_reached_server is True
    server.state.set_faults(None)
    # The engine's reconcile: look the visit up by its natural key and adopt it.
    found = client.find_by_natural_key(
        PAGE_POST_BODY["contactId"], PAGE_POST_BODY["timestamp"], PAGE_POST_BODY["campaignId"]
    )
    assert [i.id for i in found] == [d["id"] for d in server.state.interactions()]
    # A resend with the same key answers the first document instead of a duplicate.
    again = client.create_interaction(PAGE_POST_BODY, idempotency_key="visit-7")
    assert again.id == found[0].id
    assert len(server.state.interactions()) == 1


@pytest.mark.parametrize("kind", ["truncated", "malformed"])
def test_spoiled_answer_to_a_post_is_a_protocol_error_that_may_have_applied(
    server: Any, client: PolisClient, kind: str
) -> None:
    server.state.set_faults(f"{POST}: {kind}=1")
    with pytest.raises(ProtocolError) as caught:
        client.create_interaction(PAGE_POST_BODY)
    assert caught.value.may_have_reached_server is True
    assert "JSON" in caught.value.message
    assert len(server.state.interactions()) == 1  # it was committed: reconcile is needed
    _still_works(server, client)


@pytest.mark.parametrize("kind", ["truncated", "malformed"])
def test_spoiled_answer_to_a_read_is_a_protocol_error(
    server: Any, client: PolisClient, kind: str
) -> None:
    created = client.create_interaction(PAGE_POST_BODY)
    server.state.set_faults(f"GET /v2/interactions/*: {kind}=1")
    with pytest.raises(ProtocolError) as caught:
        client.get_interaction(created.id)
    assert caught.value.may_have_reached_server is False
    _still_works(server, client)


def test_captive_portal_html_is_never_a_success(server: Any, client: PolisClient) -> None:
    server.state.set_faults("*: html=1")
    with pytest.raises(ProtocolError) as caught:
        client.create_interaction(PAGE_POST_BODY)
    assert caught.value.may_have_reached_server is True
    assert caught.value.status == 200
    assert "text/html" in caught.value.message
    with pytest.raises(ProtocolError) as read:
        client.probe()
    assert read.value.may_have_reached_server is False
    with pytest.raises(ProtocolError):
        client.find_interactions()
    assert server.state.interactions() == []
    _still_works(server, client)


def test_concurrent_edit_makes_the_patch_a_conflict(server: Any, client: PolisClient) -> None:
    created = client.create_interaction(PAGE_POST_BODY)
    server.state.set_faults("PATCH /v2/interactions/*: edit=1")
    with pytest.raises(ConflictError) as caught:
        client.patch_interaction(created.id, PAGE_PATCH_OPS, created.etag or "")
    assert caught.value.status == 412
    server.state.set_faults(None)
    fresh = client.get_interaction(created.id)
    assert fresh.etag != created.etag
    assert client.patch_interaction(created.id, PAGE_PATCH_OPS, fresh.etag or "").etag


def test_slow_answer_times_out_as_maybe_applied_for_writes_only(
    server: Any, make_client: Callable[..., PolisClient]
) -> None:
    client = make_client(server, timeout=0.1)
    server.state.set_faults("*: latency=400ms")
    with pytest.raises(TransientError, match="ReadTimeout") as write:
        client.create_interaction(PAGE_POST_BODY)
    assert write.value.may_have_reached_server is True
    with pytest.raises(TransientError, match="ReadTimeout") as read:
        client.probe()
    assert read.value.may_have_reached_server is False
    _still_works(server, client)


def test_a_mix_of_faults_never_gives_a_false_success(server: Any, client: PolisClient) -> None:
    """Under random faults every create either returns a parsed document the server holds,
    or raises a typed error; a write error that cannot have reached the server left none."""
    server.state.set_faults(
        f"{POST}: reset=0.15, lost_answer=0.15, truncated=0.1, malformed=0.1, html=0.1, 503=0.1",
        fault_seed=3,
    )
    acknowledged: list[str] = []
    for n in range(30):
        body = dict(PAGE_POST_BODY, timestamp=f"2018-07-17T18:40:{n:02d}.000Z")
        try:
            acknowledged.append(client.create_interaction(body).id)
        except (TransientError, ProtocolError) as error:
            assert error.may_have_reached_server is True
    held = {d["id"] for d in server.state.interactions()}
    assert set(acknowledged) <= held
    assert sum(server.state.fault_counts.counts.values()) > 0
    _still_works(server, client)
