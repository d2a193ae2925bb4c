"""Fixtures for the client's contract tests: a PolisClient on the real reference server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from canvass_app.api import PolisClient

# A token unlike anything else in a message, so a leak is easy to spot.
TEST_TOKEN = "tok-Zq9-LEAKCHECK-7c1e"


@pytest.fixture
def server(make_polis_server: Callable[..., Any]) -> Any:
    """The reference server with no documents but the seed's statuses, accepting TEST_TOKEN."""
    return make_polis_server(seed="empty", token=TEST_TOKEN)


@pytest.fixture
def demo_server(make_polis_server: Callable[..., Any]) -> Any:
    """The reference server with the demo campaign, list, surveys and statuses."""
    return make_polis_server(seed="demo", token=TEST_TOKEN)


@pytest.fixture
def make_client() -> Iterator[Callable[..., PolisClient]]:
    """PolisClient factory; every client made is closed when the test ends."""
    made: list[PolisClient] = []

    def make(server: Any, token: str | None = TEST_TOKEN, **options: Any) -> PolisClient:
        client = PolisClient(server.url, token, **options)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def client(server: Any, make_client: Callable[..., PolisClient]) -> PolisClient:
    return make_client(server)
