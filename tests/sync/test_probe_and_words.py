"""Probe what you write (issue 12, point 3), and a pass told in plain words.

A gateway or a role that refuses other resources (404 / 403 on `/v1/status-groups`), or
even the read of interactions, never pauses sending: only no answer (offline) and a 401
(sign in) do. `SyncReport.message` says what happened without HTTP statuses; the detail
stays in the visit's sync log.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support.reliability import start_wrapped_server

from canvass_app.api.client import PolisClient
from canvass_app.core.outbox import OutboxState
from canvass_app.services.visits import edit_visit, get_visit, visit_log

from .conftest import FAST, TOKEN, SyncEnv


class Refuse:
    """ASGI wrapper: answers ``status`` to GETs whose path is in ``paths``."""

    def __init__(self, app: Any, status: int, paths: set[str]) -> None:
        self.app, self.status, self.paths = app, status, paths
        self.refused = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"] in self.paths:
            self.refused += 1
            body = json.dumps({"name": "Refused", "message": "not for you", "data": {}}).encode()
            headers = [(b"content-type", b"application/json")]
            await send({"type": "http.response.start", "status": self.status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


@pytest.fixture
def refusing_env(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path, make_env: Callable[..., SyncEnv]
) -> Iterator[Callable[[int, set[str]], tuple[SyncEnv, Refuse]]]:
    servers: list[Any] = []

    def make(status: int, paths: set[str]) -> tuple[SyncEnv, Refuse]:
        wrappers: list[Refuse] = []

        def wrap(app: Any) -> Any:
            wrappers.append(Refuse(app, status, paths))
            return wrappers[-1]

        server = start_wrapped_server(monkeypatch, wrap, seed="empty", token=TOKEN)
        servers.append(server)
        env = make_env()  # its own server is not used: swap in the refusing one
        env.client.close()
        env.server, env.client = server, PolisClient(server.url, TOKEN, timeout=5.0)
        return env, wrappers[0]

    yield make
    for server in servers:
        server.stop()


@pytest.mark.parametrize("status", [403, 404])
@pytest.mark.parametrize(
    "paths", [{"/v1/status-groups"}, {"/v1/status-groups", "/v2/interactions"}]
)
def test_a_refused_read_never_pauses_sending(
    refusing_env: Callable[[int, set[str]], tuple[SyncEnv, Refuse]],
    status: int,
    paths: set[str],
) -> None:
    env, refuse = refusing_env(status, paths)
    try:
        env.record(3)
        report = env.sync()
        assert (report.sent, report.auth_required, report.offline) == (3, False, False)
        assert report.exit_code() == 0 and report.message is None
        assert len(env.server.state.interactions()) == 3
        assert refuse.refused == (1 if "/v2/interactions" in paths else 0)  # the probe
    finally:
        env.client.close()


def test_the_probe_reads_the_resource_the_pass_writes(env: SyncEnv) -> None:
    env.record(1)
    env.server.state.set_faults("GET /v2/interactions: 503=1, retry_after=0")
    report = env.sync()
    assert report.offline and report.attempted == 0
    assert str(report.message).startswith("No connection to the server. 1 visit(s) are kept")
    env.server.state.set_faults("GET /v1/status-groups: 503=1")  # not what the pass writes
    assert env.sync().sent == 1


def test_a_conflict_given_up_reaches_the_canvasser_in_words(env: SyncEnv) -> None:
    (visit,) = env.record(1, contact_name="Ana Ruiz")
    assert env.sync().sent == 1
    sent = get_visit(env.db, visit.local_id)
    assert sent is not None and sent.server_id is not None
    edit_visit(env.db, visit.local_id, {"/successful": True})
    env.server.state.delete_interaction(sent.server_id)  # someone deleted it meanwhile

    report = env.sync()

    assert report.needs_attention == 1
    words = str(report.message)
    assert words.startswith("Ana Ruiz's visit was deleted on the server")
    assert "kept on this laptop" in words and "supervisor" in words
    for technical in ("PATCH", "404", "412", "/v2/"):
        assert technical not in words
    assert report.message is not None and report.message.context == "SyncReport"
    # The technical detail is where a supervisor looks: the visit's sync log and last_error.
    assert report.last_error and "404" in report.last_error
    (event,) = [e for e in visit_log(env.db, visit.local_id) if e.event == "needs_attention"]
    assert event.http_status == 404
    assert get_visit(env.db, visit.local_id).state is OutboxState.NEEDS_ATTENTION  # type: ignore[union-attr]


def test_a_server_that_keeps_changing_is_told_as_such(env: SyncEnv) -> None:
    (visit,) = env.record(1, contact_name="Ana Ruiz")
    assert env.sync().sent == 1
    # A value the concurrent editor can never produce itself.
    edit_visit(env.db, visit.local_id, {"/unavailableReason": "Moved"})
    env.server.state.set_faults("PATCH /v2/interactions/*: edit=1")

    report = env.sync(once=True)

    assert str(report.message).startswith(
        "The server copy of Ana Ruiz's visit kept changing while your change was sent."
    )
    assert "will be sent again" in str(report.message)


def test_a_clean_pass_says_nothing(env: SyncEnv) -> None:
    env.record(2)
    assert env.sync().message is None


def test_waiting_visits_are_told_as_kept_and_sent_later(make_env: Callable[..., SyncEnv]) -> None:
    env = make_env(faults="POST /v2/interactions: 503=1, retry_after=0")
    env.record(2)
    report = env.sync(FAST, once=True)
    assert str(report.message) == (
        "2 visit(s) wait for the network or a retry. They are kept on this laptop and will "
        "be sent automatically."
    )
