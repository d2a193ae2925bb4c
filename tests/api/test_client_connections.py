"""Connection-level behaviour: refused connections, a server restart under a pooled
keep-alive connection, and concurrent use of one client from several threads."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from canvass_app.api import PolisClient, TransientError

from .conftest import TEST_TOKEN
from .examples import PAGE_POST_BODY, knock_time, visit


def test_refused_connection_was_not_sent(
    make_polis_server: Callable[..., Any], make_client: Callable[..., PolisClient]
) -> None:
    server = make_polis_server(seed="empty", token=TEST_TOKEN)
    client = make_client(server)
    server.stop()  # nothing listens on the port any more
    with pytest.raises(TransientError, match="was not sent") as caught:
        client.create_interaction(PAGE_POST_BODY)
    assert caught.value.may_have_reached_server is False
    assert caught.value.status is None
    with pytest.raises(TransientError) as read:
        client.probe()
    assert read.value.may_have_reached_server is False


def test_client_survives_a_server_restart_under_its_pooled_connection(
    make_polis_server: Callable[..., Any], make_client: Callable[..., PolisClient]
) -> None:
    first = make_polis_server(seed="empty", token=TEST_TOKEN)
    client = make_client(first)
    client.probe()  # leaves a keep-alive connection in the pool
    first.stop()  # the server closes it
    second = make_polis_server(seed="empty", token=TEST_TOKEN, port=first.port)
    # A dead pooled connection may cost one transient error; never more, never a crash.
    try:
        client.probe()
    except TransientError:
        client.probe()
    assert client.create_interaction(PAGE_POST_BODY).id
    assert len(second.state.interactions()) == 1


def test_one_client_serves_more_threads_than_connections(
    server: Any, make_client: Callable[..., PolisClient]
) -> None:
    # More threads than connections once made httpcore close a connection under a waiting
    # request (encode/httpcore#1110): "Bad file descriptor" or a read timeout now and then.
    # The client bounds requests in flight to its pool size, so every call succeeds.
    client = make_client(server, max_connections=2)
    bodies = [visit(timestamp=knock_time(n)) for n in range(24)]
    with ThreadPoolExecutor(max_workers=12) as pool:
        created = list(pool.map(client.create_interaction, bodies))
        probes = list(pool.map(lambda _: client.probe(), range(300)))
    assert probes == [None] * 300
    assert len({i.id for i in created}) == len(bodies)
    assert sorted(i.id for i in client.find_interactions(page_size=5)) == sorted(
        i.id for i in created
    )


def test_closed_client_refuses_to_send(server: Any) -> None:
    with PolisClient(server.url, TEST_TOKEN) as client:
        client.probe()
    with pytest.raises(RuntimeError):
        client.probe()
