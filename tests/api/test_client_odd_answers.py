"""Answers the reference server never gives, from a scripted HTTP server on 127.0.0.1,
and what exactly the client puts on the wire."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from canvass_app import __version__
from canvass_app.api import (
    ForbiddenError,
    NotFoundError,
    PolisClient,
    ProtocolError,
    RateLimitedError,
    RejectedError,
    TransientError,
)

from .conftest import TEST_TOKEN
from .examples import DATA_FORM_PATCH_OPS, PAGE_PATCH_OPS, PAGE_POST_BODY
from .scripted_server import Answer, ScriptedServer, Seen, scripted_server

DOCUMENT: dict[str, Any] = {
    "id": "7da76f74-7951-423a-be41-85a2551d16e7",
    "data": copy.deepcopy(PAGE_POST_BODY),
    "meta": {"etag": "47a-h6vIm4ttg8qp/cFMmsY+JtWtBsc", "isDeleted": False},
    "customerId": "cfa8df1b-baf1-446b-b06c-3177063faed7",
    "securityGroupId": "e822d07f-5972-4ff2-bc75-dbd68d6d79bf",
}


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    yield from scripted_server()


@pytest.fixture
def client(scripted: ScriptedServer, make_client: Callable[..., PolisClient]) -> PolisClient:
    return make_client(scripted)


def _always(answer: Answer) -> Callable[[Seen], Answer]:
    return lambda seen: answer


# --- what goes on the wire ----------------------------------------------------------------


def test_post_sends_the_flat_body_with_headers(
    scripted: ScriptedServer, client: PolisClient
) -> None:
    scripted.script = _always(Answer.json(DOCUMENT))
    client.create_interaction(PAGE_POST_BODY, idempotency_key="local-42")
    (seen,) = scripted.seen
    assert (seen.method, seen.path) == ("POST", "/v2/interactions")
    assert seen.json() == PAGE_POST_BODY  # the page's flat body, not {"data": ...}
    assert seen.headers["authorization"] == f"Bearer {TEST_TOKEN}"
    assert seen.headers["idempotency-key"] == "local-42"
    assert seen.headers["content-type"] == "application/json"
    assert seen.headers["user-agent"] == f"canvass-app/{__version__}"


def test_a_base_url_with_a_path_prefixes_every_request(scripted: ScriptedServer) -> None:
    # The fixed paths' URLs are merged with the base URL once, the others per request.
    scripted.script = _always(Answer.json(DOCUMENT))
    with PolisClient(scripted.url + "/polis", TEST_TOKEN) as client:
        client.create_interaction(PAGE_POST_BODY, idempotency_key="local-1")
        client.get_interaction(DOCUMENT["id"])
    assert [seen.path for seen in scripted.seen] == [
        "/polis/v2/interactions",
        f"/polis/v2/interactions/{DOCUMENT['id']}",
    ]


def test_cookies_a_server_sets_are_never_sent_back(
    scripted: ScriptedServer, client: PolisClient
) -> None:
    # The API authenticates with the bearer token alone; the client keeps no cookies.
    scripted.script = _always(Answer.json(DOCUMENT, **{"Set-Cookie": "session=abc; Path=/"}))
    client.create_interaction(PAGE_POST_BODY, idempotency_key="local-1")
    client.get_interaction(DOCUMENT["id"])
    assert [seen.headers.get("cookie") for seen in scripted.seen] == [None, None]


@pytest.mark.parametrize(
    ("form", "expected"), [("document", PAGE_PATCH_OPS), ("data", DATA_FORM_PATCH_OPS)]
)
@pytest.mark.parametrize("given", [PAGE_PATCH_OPS, DATA_FORM_PATCH_OPS], ids=["page", "data"])
def test_patch_is_sent_in_the_configured_path_form(
    scripted: ScriptedServer,
    make_client: Callable[..., PolisClient],
    form: str,
    expected: list[dict[str, Any]],
    given: list[dict[str, Any]],
) -> None:
    scripted.script = _always(Answer.json(DOCUMENT))
    make_client(scripted, patch_path_form=form).patch_interaction("abc", given, "etag-1")
    (seen,) = scripted.seen
    assert (seen.method, seen.path) == ("PATCH", "/v2/interactions/abc")
    assert seen.json() == {"data": expected}
    assert seen.headers["etag"] == "etag-1"


def test_delete_sends_the_etag_and_accepts_an_empty_200(
    scripted: ScriptedServer, client: PolisClient
) -> None:
    scripted.script = _always(Answer(200, b"", {}))
    assert client.delete_interaction("abc", "etag-2") is None
    assert scripted.seen[0].headers["etag"] == "etag-2"


def test_find_uses_the_bracket_filter_and_repeated_sort(
    scripted: ScriptedServer, client: PolisClient
) -> None:
    scripted.script = _always(Answer.json({"data": [DOCUMENT], "meta": {}}))
    client.find_interactions({"/data/campaignId": "c-1"}, sort=("/data/id", "asc"), page_size=50)
    (seen,) = scripted.seen
    assert seen.query == [
        ("filter[/data/campaignId]", "c-1"),
        ("skip", "0"),
        ("limit", "50"),
        ("sort", "/data/id"),
        ("sort", "ASC"),
    ]


def test_signed_out_client_sends_no_authorization(
    scripted: ScriptedServer, make_client: Callable[..., PolisClient]
) -> None:
    scripted.script = _always(Answer.json({"token_type": "bearer", "access_token": "new-token"}))
    client = make_client(scripted, token=None)
    assert client.exchange_code(client_id="id", client_secret="sec", code="code") == "new-token"
    (seen,) = scripted.seen
    assert "authorization" not in seen.headers
    assert seen.json() == {
        "client_id": "id",
        "client_secret": "sec",
        "code": "code",
        "grant_type": "authorization_code",
    }


# --- answers that are not the documented shape -------------------------------------------


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (Answer.json({**DOCUMENT, "meta": {}}), "without meta.etag"),
        (Answer.json({k: v for k, v in DOCUMENT.items() if k != "id"}), "not an interaction"),
        (Answer.json([DOCUMENT]), "not an interaction"),
        (Answer(200, json.dumps(DOCUMENT).encode(), {"Content-Type": "text/plain"}), "text/plain"),
        (Answer(200, b"", {}), "no content type"),
        (Answer(201, b'{"id": "7da7', {"Content-Type": "application/json"}), "does not parse"),
        (Answer(302, b"", {"Location": "http://portal.example/login"}), "captive portal"),
    ],
)
def test_a_write_without_a_parsed_interaction_is_never_success(
    scripted: ScriptedServer, client: PolisClient, answer: Answer, words: str
) -> None:
    scripted.script = _always(answer)
    with pytest.raises(ProtocolError, match=words) as caught:
        client.create_interaction(PAGE_POST_BODY)
    assert caught.value.may_have_reached_server is True
    assert len(scripted.seen) == 1  # not followed, not retried


def test_html_answer_to_a_delete_is_not_success(
    scripted: ScriptedServer, client: PolisClient
) -> None:
    scripted.script = _always(Answer(200, b"<html>portal</html>", {"Content-Type": "text/html"}))
    with pytest.raises(ProtocolError) as caught:
        client.delete_interaction("abc", "etag")
    assert caught.value.may_have_reached_server is True


@pytest.mark.parametrize(
    "body",
    [{"data": "nope"}, {"items": []}, {"data": [1, 2]}, []],
)
def test_a_collection_that_is_not_a_list_of_documents(
    scripted: ScriptedServer, client: PolisClient, body: Any
) -> None:
    scripted.script = _always(Answer.json(body))
    with pytest.raises(ProtocolError, match="not a list of documents") as caught:
        client.list_statuses()
    assert caught.value.may_have_reached_server is False


def test_a_server_that_ignores_skip_is_an_error_not_an_endless_loop(
    scripted: ScriptedServer, client: PolisClient
) -> None:
    page = [{"id": f"s{n}", "data": {}} for n in range(3)]
    scripted.script = _always(Answer.json({"data": page, "meta": {}}))
    with pytest.raises(ProtocolError, match="ignores skip"):
        client.find_interactions(page_size=3)
    assert len(scripted.seen) == 2


def test_token_answer_without_an_access_token(
    scripted: ScriptedServer, client: PolisClient
) -> None:
    scripted.script = _always(Answer.json({"token_type": "bearer"}))
    with pytest.raises(ProtocolError, match="without an access_token"):
        client.exchange_code(client_id="a", client_secret="b", code="c")


def test_document_without_an_id(scripted: ScriptedServer, client: PolisClient) -> None:
    scripted.script = _always(Answer.json({"data": {}}))
    with pytest.raises(ProtocolError, match="document with an id"):
        client.get_campaign("c1")


# --- statuses the reference server does not produce ----------------------------------------


def test_403_is_forbidden(scripted: ScriptedServer, client: PolisClient) -> None:
    scripted.script = _always(Answer.json({"name": "ForbiddenError", "message": "No access."}, 403))
    with pytest.raises(ForbiddenError, match="No access") as caught:
        client.probe()
    assert caught.value.status == 403


def test_410_is_not_found(scripted: ScriptedServer, client: PolisClient) -> None:
    scripted.script = _always(Answer.json({"message": "Gone."}, 410))
    with pytest.raises(NotFoundError):
        client.get_interaction("abc")


def test_408_is_transient(scripted: ScriptedServer, client: PolisClient) -> None:
    scripted.script = _always(Answer(408, b"", {}))
    with pytest.raises(TransientError) as caught:
        client.create_interaction(PAGE_POST_BODY)
    assert caught.value.status == 408


def test_429_with_an_http_date(scripted: ScriptedServer, client: PolisClient) -> None:
    past = "Wed, 21 Oct 2015 07:28:00 GMT"
    scripted.script = _always(Answer(429, b"", {"Retry-After": past}))
    with pytest.raises(RateLimitedError) as caught:
        client.probe()
    assert caught.value.retry_after == 0.0


def test_422_field_errors_as_a_mapping(scripted: ScriptedServer, client: PolisClient) -> None:
    body = {"message": "Unprocessable", "errors": {"/data/timestamp": ["is in the future"]}}
    scripted.script = _always(Answer.json(body, 422))
    with pytest.raises(RejectedError) as caught:
        client.create_interaction(PAGE_POST_BODY)
    assert [(f.field, f.message) for f in caught.value.field_errors] == [
        ("/data/timestamp", "is in the future")
    ]


def test_a_server_echoing_the_authorization_header_is_scrubbed(
    scripted: ScriptedServer, client: PolisClient
) -> None:
    def echo(seen: Seen) -> Answer:
        header = seen.headers.get("authorization", "")
        return Answer.json(
            {"message": f"bad header {header}", "errors": [{"field": header, "message": header}]},
            400,
        )

    scripted.script = echo
    with pytest.raises(RejectedError) as caught:
        client.create_interaction(PAGE_POST_BODY)
    error = caught.value
    assert "bad header Bearer [redacted]" in error.message
    assert TEST_TOKEN not in repr(error) and TEST_TOKEN not in str(error.args)
    assert all(TEST_TOKEN not in str(f) for f in error.field_errors)
