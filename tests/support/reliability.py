"""Shared pieces of the reliability proofs: scale, visit generation, server checks.

Counts scale with CANVASS_RELIABILITY_SCALE (1 in the default CI run; 10 or more for the
long soak recorded in docs/RELIABILITY.md).
"""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import httpx
import sqlite_utils

from canvass_app.api.client import PolisClient
from canvass_app.core.outbox import OutboxState, SyncProgress, SyncReport
from canvass_app.server.runner import RunningServer
from canvass_app.services.sync import SyncSettings, sync_now
from canvass_app.storage.db import iso, transaction, utc_now

CAMPAIGN_ID = "61fbfbaa-5de8-4d17-ac2b-c47f2376265a"
SURVEY_ID = "375d437b-3b47-4940-b43d-be8daec4afff"
QUESTION_ID = "9826940d-76a8-4700-8c92-5743ce7bb728"


def scale() -> int:
    try:
        return max(1, int(os.environ.get("CANVASS_RELIABILITY_SCALE", "1")))
    except ValueError:
        return 1


def visit_data(rng: random.Random, index: int) -> dict[str, Any]:
    """An interaction data object shaped like the interactions page's POST example."""
    available = rng.random() < 0.4
    data = {
        "campaignId": CAMPAIGN_ID,
        "contactId": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "householdId": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "contactHouseholdId": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "timestamp": f"2026-11-27T{10 + index // 3_600_000 % 10:02d}:{index // 60_000 % 60:02d}:"
        f"{index // 1000 % 60:02d}.{index % 1000:03d}Z",
        "unavailable": not available,
        "unavailableReason": None if available else rng.choice(["Not Home", "Refused", "Moved"]),
        "successful": available and rng.random() < 0.5,
        "survey": {
            "surveyId": SURVEY_ID,
            "responses": {
                QUESTION_ID: {
                    "questionId": QUESTION_ID,
                    "fields": {"available": "true" if available else "false"},
                }
            },
        },
    }
    return without_nulls(data)


def random_changes(rng: random.Random) -> dict[str, Any]:
    """One to three field changes, as a canvasser correcting a visit would make them
    (data-relative paths, for `services.visits.edit_visit`)."""
    choices: list[tuple[str, Any]] = [
        ("/successful", rng.random() < 0.5),
        ("/distance", round(rng.uniform(0, 0.3), 4)),
        (f"/survey/responses/{QUESTION_ID}/fields/available", rng.choice(["true", "false"])),
    ]
    return dict(rng.sample(choices, rng.randint(1, 3)))


def without_nulls(data: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value is not None}


def natural_key(data: Mapping[str, Any]) -> tuple[str, str, str]:
    return (str(data["contactId"]), str(data["timestamp"]), str(data["campaignId"]))


def server_documents(url: str, token: str) -> list[dict[str, Any]]:
    """Every live interaction on the server, paged."""
    documents: list[dict[str, Any]] = []
    with httpx.Client(
        base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30
    ) as client:
        skip = 0
        while True:
            response = client.get(
                "/v2/interactions", params={"skip": skip, "limit": 500, "sort": ["id", "ASC"]}
            )
            response.raise_for_status()
            page = response.json()["data"]
            documents.extend(page)
            if len(page) < 500:
                return documents
            skip += 500


def check_server_matches(
    documents: Iterable[Mapping[str, Any]],
    expected_live: Mapping[tuple[str, str, str], Mapping[str, Any]],
    expected_deleted: Iterable[tuple[str, str, str]],
) -> dict[str, int]:
    """0 lost, 0 duplicated, deleted ones gone, content equal; returns the tallies."""
    per_key = Counter(natural_key(doc["data"]) for doc in documents)
    duplicated = {key: count for key, count in per_key.items() if count > 1}
    lost = [key for key in expected_live if per_key.get(key, 0) == 0]
    resurrected = [key for key in expected_deleted if per_key.get(key, 0) > 0]
    by_key = {natural_key(doc["data"]): doc["data"] for doc in documents}
    wrong = [
        key
        for key, data in expected_live.items()
        if key in by_key and without_nulls(by_key[key]) != without_nulls(data)
    ]
    stray = [
        key for key in per_key if key not in expected_live and key not in set(expected_deleted)
    ]
    assert not duplicated, (
        f"duplicated on the server: {len(duplicated)} e.g. {next(iter(duplicated))}"
    )
    assert not lost, f"lost: {len(lost)} e.g. {lost[0]}"
    assert not resurrected, f"deleted locally but live on the server: {len(resurrected)}"
    assert not wrong, f"server content differs from the final local content: {len(wrong)}"
    assert not stray, f"documents nobody recorded: {len(stray)}"
    return {"live": len(expected_live), "duplicated": 0, "lost": 0}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """`canvass-app serve --db FILE` in its own process (it survives the client's kill -9)."""

    def __init__(self, db: Path, token: str, *extra: str) -> None:
        self.token = token
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "canvass_app",
                "serve",
                "--port",
                str(self.port),
                "--db",
                str(db),
                "--seed",
                "empty",
                "--token",
                token,
                *extra,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"the server did not start: {self.process.stderr.read() if self.process.stderr else ''}"
                )
            try:
                httpx.get(f"{self.url}/v1/status-groups", timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("the server did not answer within 30 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stderr is not None:
            self.process.stderr.close()


def sync_process(data_dir: Path, url: str, token: str) -> subprocess.Popen[str]:
    """A real `canvass-app sync` in its own process (to be killed, or waited for); its
    stderr is a pipe the caller closes."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "canvass_app",
            "--data-dir",
            str(data_dir),
            "--api-url",
            url,
            "sync",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, CANVASS_TOKEN=token),
    )


# --- in-process proofs (2–5): fast engine timings, draining, server wrappers -------------

# Reconcile at once, tiny backoff, deterministic jitter: the proofs test outcomes, not
# waiting. Retry-After is honoured by the engine; the fault specs ask for 0 s.
FAST_SETTINGS = SyncSettings(
    concurrency=4,
    reconcile_after_s=0.0,
    backoff_base_s=0.001,
    backoff_cap_s=0.01,
    rebase_pause_s=0.001,
    seed=11,
)


def drain(
    db: sqlite_utils.Database,
    client: PolisClient,
    settings: SyncSettings = FAST_SETTINGS,
    *,
    max_passes: int = 200,
    progress: Callable[[SyncProgress], None] | None = None,
) -> tuple[SyncReport, int]:
    """Run `sync_now` ("Sync now": backoff reset) until nothing is left to send.

    Returns the last report and the number of passes. A pass ended by a fault on the
    probe ("offline") is simply followed by another; needs_attention / rejected visits
    end the loop (nothing more will happen without a person) and are left to the caller.
    """
    report: SyncReport | None = None
    for passes in range(1, max_passes + 1):
        report = sync_now(
            db,
            client,
            concurrency=settings.concurrency,
            settings=settings,
            reset_backoff=True,
            progress=progress,
        )
        if report.auth_required:
            return report, passes
        waiting = (
            report.counts.unsent
            - report.counts.count(OutboxState.NEEDS_ATTENTION)
            - report.counts.count(OutboxState.REJECTED)
        )
        if waiting == 0:
            return report, passes
        if report.attempted == 0:
            # What is left waits out a backoff (FAST_SETTINGS caps it at 10 ms): wait it
            # out instead of spinning through passes that find nothing due yet.
            time.sleep(FAST_SETTINGS.backoff_cap_s)
    raise AssertionError(f"the outbox did not drain in {max_passes} passes; last report: {report}")


def let_waits_run_out(db: sqlite_utils.Database) -> int:
    """Time passes for the waits of `unknown` and `retry_wait` operations (the request
    timeout before a lookup, the backoff): they become due now. Only call it while no
    request of theirs can still be in flight. Returns how many were waiting."""
    now = iso(utc_now())
    with transaction(db, immediate=True):
        cursor = db.execute(
            "UPDATE outbox SET next_attempt_at = ? WHERE state IN (?, ?) AND next_attempt_at > ?",
            [now, OutboxState.UNKNOWN.value, OutboxState.RETRY_WAIT.value, now],
        )
    return int(cursor.rowcount)


def op_tally(db: sqlite_utils.Database) -> dict[str, int]:
    """Outbox operations by kind (every create, edit and delete the engine had to send)."""
    rows = db.execute("SELECT kind, COUNT(*) FROM outbox GROUP BY kind").fetchall()
    return {str(kind): int(count) for kind, count in rows}


ASGIApp = Callable[[Any, Any, Any], Awaitable[None]]


class RequestCounter:
    """ASGI wrapper around the reference server's app: counts requests to the interactions
    routes by method, and their answers by status, so a proof can say which share of the
    requests met an injected fault (or a stale-etag conflict)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.by_method: Counter[str] = Counter()
        self.by_status: Counter[int] = Counter()
        self._lock = threading.Lock()

    @property
    def total(self) -> int:
        return sum(self.by_method.values())

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if not (scope["type"] == "http" and str(scope["path"]).startswith("/v2/interactions")):
            await self.app(scope, receive, send)
            return
        with self._lock:
            self.by_method[str(scope["method"])] += 1

        async def counted(message: Any) -> None:
            if message["type"] == "http.response.start":
                with self._lock:
                    self.by_status[int(message["status"])] += 1
            await send(message)

        await self.app(scope, receive, counted)


class RefuseContacts:
    """ASGI wrapper: a server-side rule the device does not know (the real Polis checks
    that a contact exists; the reference server does not). A POST of an interaction
    whose contactId is in `refused` gets 400 ValidationError naming /data/contactId."""

    def __init__(self, app: ASGIApp, refused: set[str]) -> None:
        self.app = app
        self.refused = refused
        self.refusals = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if not (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"] == "/v2/interactions"
        ):
            await self.app(scope, receive, send)
            return
        messages: list[Any] = []
        body = b""
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = None
        data = parsed.get("data", parsed) if isinstance(parsed, dict) else None
        contact = data.get("contactId") if isinstance(data, dict) else None
        if contact in self.refused:
            self.refusals += 1
            answer = json.dumps(
                {
                    "name": "ValidationError",
                    "message": "The interaction is not valid.",
                    "data": {
                        "errors": [
                            {"field": "/data/contactId", "message": "is not a known contact"}
                        ]
                    },
                }
            ).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 400,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(answer)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": answer})
            return
        replay = iter(messages)

        async def replayed() -> Any:
            try:
                return next(replay)
            except StopIteration:
                return await receive()

        await self.app(scope, replayed, send)


def start_wrapped_server(
    monkeypatch: Any, wrap: Callable[[ASGIApp], ASGIApp], **options: Any
) -> RunningServer:
    """`runner.start_server(**options)` with the app wrapped by `wrap` (the server's own
    app, faults and all, sits inside the wrapper). The caller stops the server."""
    from canvass_app.server import runner

    original = runner.create_app
    with monkeypatch.context() as patch:
        patch.setattr(runner, "create_app", lambda state: wrap(original(state)))
        return runner.start_server(**options)


def start_counted_server(monkeypatch: Any, **options: Any) -> tuple[RunningServer, RequestCounter]:
    """`runner.start_server(**options)` behind a `RequestCounter` (which share of the
    requests met a fault). The caller stops the server."""
    counters: list[RequestCounter] = []

    def counting(app: ASGIApp) -> ASGIApp:
        counters.append(RequestCounter(app))
        return counters[-1]

    server = start_wrapped_server(monkeypatch, counting, **options)
    return server, counters[0]


def print_figures(figures: Mapping[str, Any]) -> None:
    """One JSON line of figures, collected from `pytest -s` into docs/RELIABILITY.md."""
    print("\n" + json.dumps(dict(figures), sort_keys=False))
