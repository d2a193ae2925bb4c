"""Tokens: 401 in every flavour, set_token, exchange_code, probe; the token never leaks."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from canvass_app.api import AuthError, PolisClient, RejectedError
from canvass_app.server import seed

from .conftest import TEST_TOKEN
from .examples import PAGE_POST_BODY


def test_probe_passes_with_a_good_token(client: PolisClient) -> None:
    assert client.probe() is None


@pytest.mark.parametrize("token", [None, "not-the-token"], ids=["no-token", "bad-token"])
def test_missing_or_wrong_token_is_an_auth_error(
    server: Any, make_client: Callable[..., PolisClient], token: str | None
) -> None:
    client = make_client(server, token=token)
    for call in (client.probe, lambda: client.create_interaction(PAGE_POST_BODY)):
        with pytest.raises(AuthError) as caught:
            call()
        assert caught.value.status == 401
        assert "sign in" in caught.value.message.lower()
    assert server.state.interactions() == []


def test_expired_token_is_an_auth_error_until_a_new_one_is_set(
    make_polis_server: Callable[..., Any], make_client: Callable[..., PolisClient]
) -> None:
    server = make_polis_server(seed="empty", token=TEST_TOKEN, token_ttl_s=1.0)
    client = make_client(server)
    time.sleep(1.05)  # outlive the token (a wait, not a timing assertion)
    with pytest.raises(AuthError, match="expired") as caught:
        client.probe()
    assert caught.value.status == 401
    fresh = client.exchange_code(client_id="canvass", client_secret="s3cret", code=seed.DEMO_CODE)
    client.set_token(fresh)
    client.probe()
    assert client.create_interaction(PAGE_POST_BODY).id


def test_exchange_code_returns_a_working_token(
    server: Any, make_client: Callable[..., PolisClient]
) -> None:
    signed_out = make_client(server, token=None)
    token = signed_out.exchange_code(
        client_id="canvass", client_secret="s3cret", code=seed.DEMO_CODE
    )
    assert token and token != TEST_TOKEN
    with pytest.raises(AuthError):
        signed_out.probe()
    signed_out.set_token(token)
    signed_out.probe()


def test_exchange_of_a_bad_code_is_rejected_without_echoing_secrets(
    client: PolisClient,
) -> None:
    with pytest.raises(RejectedError) as caught:
        client.exchange_code(client_id="canvass", client_secret="s3cret-value", code="bad-code-42")
    error = caught.value
    assert error.status == 400
    assert error.name == "InvalidGrantError"
    assert "not valid" in error.message
    for secret in ("s3cret-value", "bad-code-42", TEST_TOKEN):
        assert secret not in str(error) and secret not in repr(error)


def test_exchange_code_needs_every_part(client: PolisClient) -> None:
    with pytest.raises(ValueError, match="client secret is empty"):
        client.exchange_code(client_id="canvass", client_secret="", code="x")
