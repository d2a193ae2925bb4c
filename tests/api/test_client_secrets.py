"""The access token (and the OAuth secret and code) never appear in an error or a log line."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest

from canvass_app.api import ApiError, PolisClient

from .conftest import TEST_TOKEN
from .examples import PAGE_PATCH_OPS, PAGE_POST_BODY

CLIENT_SECRET = "csecret-Hq3-LEAKCHECK"
AUTH_CODE = "code-Vv8-LEAKCHECK"
SECRETS = (TEST_TOKEN, CLIENT_SECRET, AUTH_CODE, "LEAKCHECK")


def _texts(error: BaseException) -> list[str]:
    """Everything a log line or a crash report could print from an error and its chain."""
    texts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        texts.extend([str(current), repr(current), *map(repr, current.args)])
        texts.extend(repr(value) for value in vars(current).values())
        current = current.__cause__ or current.__context__
    return texts


def _errors_of_every_kind(server: Any, client: PolisClient) -> list[ApiError]:
    errors: list[ApiError] = []

    def expect(call: Callable[[], object]) -> None:
        with pytest.raises(ApiError) as caught:
            call()
        errors.append(caught.value)

    created = client.create_interaction(PAGE_POST_BODY)
    etag = created.etag or ""
    expect(lambda: client.get_interaction("no-such-id"))  # 404
    expect(lambda: client.patch_interaction(created.id, PAGE_PATCH_OPS, "stale"))  # 412
    bad = [{"op": "replace", "path": "/data/unavailable", "value": 3}]
    expect(lambda: client.patch_interaction(created.id, bad, etag))  # 400
    expect(lambda: client.exchange_code(client_id="c", client_secret=CLIENT_SECRET, code=AUTH_CODE))
    for spec in ("*: 429=1", "*: 503=1", "*: reset=1", "*: html=1", "*: malformed=1"):
        server.state.set_faults(spec)
        expect(lambda: client.create_interaction(PAGE_POST_BODY))
        expect(client.probe)
    server.state.set_faults(None)
    signed_out = PolisClient(server.url, TEST_TOKEN + "-wrong")
    try:
        expect(signed_out.probe)  # 401 with a wrong token that contains the real one
    finally:
        signed_out.close()
    server.stop()
    expect(client.probe)  # connection refused
    return errors


def test_no_error_or_log_line_carries_a_secret(
    server: Any, client: PolisClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # httpx and httpcore log every request at DEBUG
    errors = _errors_of_every_kind(server, client)
    kinds = {type(error).__name__ for error in errors}
    assert kinds >= {
        "AuthError",
        "NotFoundError",
        "ConflictError",
        "RejectedError",
        "RateLimitedError",
        "TransientError",
        "ProtocolError",
    }
    for error in errors:
        for text in _texts(error):
            for secret in SECRETS:
                assert secret not in text, f"{type(error).__name__} shows a secret: {text}"
    assert caplog.records, "DEBUG logging was captured"
    for secret in SECRETS:
        assert secret not in caplog.text
    assert TEST_TOKEN not in repr(client)
