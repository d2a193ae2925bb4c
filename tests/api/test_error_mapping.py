"""Status codes and httpx exceptions mapped to typed errors (pure functions, no network)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest

from canvass_app.api import (
    ApiError,
    AuthError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ProtocolError,
    RateLimitedError,
    RejectedError,
    TransientError,
)
from canvass_app.api.error_mapping import parse_retry_after, status_error, transport_error

TOKEN = "tok-SECRET-123"


def _response(
    status: int, body: object = None, headers: dict[str, str] | None = None
) -> httpx.Response:
    content = b"" if body is None else json.dumps(body).encode()
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    return httpx.Response(status, content=content, headers=all_headers)


def _map(status: int, body: object = None, *, is_write: bool = True, **headers: str) -> ApiError:
    return status_error(
        _response(status, body, headers),
        method="PATCH" if is_write else "GET",
        path="/v2/interactions/x",
        is_write=is_write,
        secrets=[TOKEN],
    )


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (401, AuthError),
        (403, ForbiddenError),
        (404, NotFoundError),
        (410, NotFoundError),
        (409, ConflictError),
        (412, ConflictError),
        (428, ConflictError),
        (429, RateLimitedError),
        (400, RejectedError),
        (405, RejectedError),
        (413, RejectedError),
        (422, RejectedError),
        (408, TransientError),
        (500, TransientError),
        (502, TransientError),
        (503, TransientError),
        (302, ProtocolError),
    ],
)
def test_status_classes(status: int, kind: type[ApiError]) -> None:
    error = _map(status, {"name": "X", "message": "m"})
    assert type(error) is kind
    assert error.status == status


def test_400_named_concurrency_error_is_a_conflict() -> None:
    error = _map(400, {"name": "ConcurrencyError", "message": "The provided version does match"})
    assert isinstance(error, ConflictError)
    assert error.name == "ConcurrencyError"
    assert "does match" in error.message


def test_5xx_may_have_reached_the_server_only_for_writes() -> None:
    write = _map(503, is_write=True)
    read = _map(503, is_write=False)
    assert isinstance(write, TransientError) and write.may_have_reached_server
    assert isinstance(read, TransientError) and not read.may_have_reached_server


def test_rejected_keeps_server_message_and_field_errors() -> None:
    body = {
        "name": "ValidationError",
        "message": "The document is not valid: /data/timestamp: is required",
        "data": {"errors": [{"field": "/data/timestamp", "message": "is required"}]},
    }
    error = _map(400, body)
    assert isinstance(error, RejectedError)
    assert error.name == "ValidationError"
    assert "/data/timestamp: is required" in error.message
    assert [(f.field, f.message) for f in error.field_errors] == [
        ("/data/timestamp", "is required")
    ]


def test_retry_after_seconds_and_dates() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("1.5") == 1.5
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("-3") is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
    error = _map(429, {"message": "slow down"}, **{"Retry-After": "12"})
    assert isinstance(error, RateLimitedError) and error.retry_after == 12.0
    assert "retry after 12 s" in error.message


def test_server_message_echoing_the_token_is_scrubbed() -> None:
    error = _map(
        400, {"message": f"bad header Bearer {TOKEN}", "errors": [{"field": "h", "message": TOKEN}]}
    )
    assert TOKEN not in str(error) and TOKEN not in repr(error)
    assert isinstance(error, RejectedError)
    assert all(TOKEN not in str(f) for f in error.field_errors)


def test_html_error_page_keeps_the_status_and_reason() -> None:
    response = httpx.Response(
        502, content=b"<html>Bad gateway</html>", headers={"Content-Type": "text/html"}
    )
    error = status_error(response, method="POST", path="/v2/interactions", is_write=True)
    assert isinstance(error, TransientError) and error.may_have_reached_server
    assert "502 Bad Gateway" in error.message


def _request() -> httpx.Request:
    return httpx.Request("POST", "http://127.0.0.1/v2/interactions")


@pytest.mark.parametrize(
    ("exc_type", "reached_for_write"),
    [
        (httpx.ConnectError, False),
        (httpx.ConnectTimeout, False),
        (httpx.PoolTimeout, False),
        (httpx.WriteError, True),
        (httpx.WriteTimeout, True),
        (httpx.ReadTimeout, True),
        (httpx.ReadError, True),
        (httpx.RemoteProtocolError, True),
    ],
)
def test_transport_errors_follow_the_sync_notes_table(
    exc_type: type[httpx.TransportError], reached_for_write: bool
) -> None:
    exc = exc_type("boom", request=_request())
    write = transport_error(exc, method="POST", path="/v2/interactions", is_write=True)
    read = transport_error(exc, method="GET", path="/v2/interactions", is_write=False)
    assert isinstance(write, TransientError) and isinstance(read, TransientError)
    assert write.may_have_reached_server is reached_for_write
    assert read.may_have_reached_server is False
    assert write.status is None
    assert exc_type.__name__ in write.message
