"""`canvass-app serve --port P --token T` accepts the interactions page's POST example."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx
from support.page_examples import PAGE_POST_BODY


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
    finally:
        process.terminate()
        process.wait(timeout=10)
