"""Shared pieces for the server tests: the page's examples and a client factory."""

from __future__ import annotations

import copy
import ssl
from typing import Any

import httpx
from support.page_examples import PAGE_PATCH_BODY, PAGE_POST_BODY

__all__ = ["PAGE_PATCH_BODY", "PAGE_POST_BODY"]


def page_body(**changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(PAGE_POST_BODY)
    body.update(changes)
    return body


# One TLS context for every test client: building one costs ~50 ms, even for plain HTTP.
SHARED_TLS = ssl.create_default_context()


def client_for(server: Any, token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token or server.token}"}
    return httpx.Client(base_url=server.url, headers=headers, timeout=10, verify=SHARED_TLS)


def anonymous_client(server: Any) -> httpx.Client:
    return httpx.Client(base_url=server.url, timeout=10, verify=SHARED_TLS)


def create_interaction(client: httpx.Client, **changes: Any) -> dict[str, Any]:
    response = client.post("/v2/interactions", json=page_body(**changes))
    assert response.status_code == 200, response.text
    document: dict[str, Any] = response.json()
    return document
