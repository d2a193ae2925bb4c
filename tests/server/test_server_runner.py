"""The runner: options are checked in words, servers come and go cleanly."""

from __future__ import annotations

import socket
from typing import Any

import httpx
import pytest

from canvass_app.server.runner import ServerOptions, start_server


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"seed": "full"}, "unknown seed 'full'"),
        ({"conflict_status": 200}, "4xx"),
        ({"token": ""}, "token must not be empty"),
        ({"token_ttl_s": 0}, "positive"),
        ({"faults": "*: 503=x"}, "probability"),
        ({"port": 70000}, "between 0 and 65535"),
    ],
)
def test_bad_options_raise_value_error(overrides: dict[str, Any], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        start_server(**overrides)


def test_port_in_use_is_a_value_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(ValueError, match=f"cannot listen on 127.0.0.1:{port}"):
            start_server(port=port)


def test_options_object_and_overrides(make_polis_server: Any) -> None:
    server = make_polis_server(options=ServerOptions(seed="empty", token="a"), token="b")
    assert server.token == "b"
    assert "b" not in repr(server)
    response = httpx.get(
        server.url + "/v2/interactions?skip=0&limit=1", headers={"Authorization": "Bearer b"}
    )
    assert response.json() == {"data": [], "meta": {}}


def test_stop_frees_the_port_and_is_idempotent() -> None:
    server = start_server(seed="empty")
    server.stop()
    server.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(server.url + "/v2/interactions?skip=0&limit=1")
