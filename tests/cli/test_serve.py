"""`canvass-app serve --port P --token T` accepts the interactions page's POST example."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx
import pytest
from support.page_examples import PAGE_POST_BODY

from canvass_app.cli.main import main
from canvass_app.server.seed import DEMO_CODE


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_accepts_the_post_example_and_returns_the_created_interaction() -> None:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "canvass_app", "serve", "--port", str(port), "--token", "T-123"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/v1/status-groups", timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None, "the server exited"
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        headers = {"Authorization": "Bearer T-123"}
        assert httpx.post(f"{url}/v2/interactions", json=PAGE_POST_BODY).status_code == 401
        response = httpx.post(f"{url}/v2/interactions", json=PAGE_POST_BODY, headers=headers)
        assert response.status_code == 200
        created = response.json()
        assert created["data"] == PAGE_POST_BODY
        assert created["id"] and created["meta"]["etag"]
        assert created["meta"]["resource"] == "interactions" and not created["meta"]["isDeleted"]
        again = httpx.get(f"{url}/v2/interactions/{created['id']}", headers=headers)
        assert again.json() == created
        # With --token and no --demo-login, the demo code gives nobody a token.
        exchange = httpx.post(
            f"{url}/auth/oauth2/token",
            json={"grant_type": "authorization_code", "code": DEMO_CODE},
        )
        assert exchange.status_code == 403 and "access_token" not in exchange.text
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serving_beyond_this_machine_needs_a_token_of_ones_own(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["serve", "--host", "0.0.0.0", "--port", "0"]) == 2
    assert "--token" in capsys.readouterr().err
