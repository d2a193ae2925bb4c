"""Fixtures for the sync engine tests: a data dir database, the real reference server over
HTTP on 127.0.0.1, one PolisClient, and fast engine timings."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from canvass_app.api.client import PolisClient
from canvass_app.core.outbox import SyncReport, Visit
from canvass_app.services.sync import SyncSettings, sync_now
from canvass_app.services.visits import VisitDraft, record_visit
from canvass_app.storage.db import open_database

TOKEN = "sync-test-token-5f1c2a"
CAMPAIGN = "camp-" + "1" * 8

# Fast timings: reconcile at once, tiny backoff, deterministic jitter.
FAST = SyncSettings(
    concurrency=1,
    reconcile_after_s=0.0,
    backoff_base_s=0.001,
    rebase_pause_s=0.001,
    seed=7,
)


@dataclass
class SyncEnv:
    server: Any
    client: PolisClient
    db: sqlite_utils.Database
    data_dir: Path
    clock: datetime

    def record(self, n: int = 1, **overrides: Any) -> list[Visit]:
        saved = []
        for _ in range(n):
            self.clock += timedelta(seconds=1)
            values: dict[str, Any] = dict(
                campaign_id=CAMPAIGN,
                contact_id=str(uuid.uuid4()),
                household_id=str(uuid.uuid4()),
                contact_household_id=str(uuid.uuid4()),
                survey_id="survey-1",
                unavailable=True,
                unavailable_reason="Not Home",
                successful=False,
                contact_name="Test Person",
            )
            values.update(overrides)
            saved.append(
                record_visit(self.db, VisitDraft(**values), canvasser="ann", now=self.clock)
            )
        return saved

    def sync(self, settings: SyncSettings = FAST, **kwargs: Any) -> SyncReport:
        return sync_now(
            self.db, self.client, concurrency=settings.concurrency, settings=settings, **kwargs
        )

    def server_docs(self, include_deleted: bool = False) -> list[dict[str, Any]]:
        return [
            d
            for d in self.server.state.interactions(include_deleted)
            if d["data"].get("campaignId") == CAMPAIGN
        ]


@pytest.fixture
def make_env(
    make_polis_server: Callable[..., Any], data_dir: Path
) -> Iterator[Callable[..., SyncEnv]]:
    clients: list[PolisClient] = []

    def make(**server_options: Any) -> SyncEnv:
        server_options.setdefault("seed", "empty")
        server = make_polis_server(token=TOKEN, **server_options)
        client = PolisClient(server.url, TOKEN, timeout=5.0)
        clients.append(client)
        return SyncEnv(
            server=server,
            client=client,
            db=open_database(data_dir),
            data_dir=data_dir,
            clock=datetime.now(UTC) - timedelta(hours=1),
        )

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def env(make_env: Callable[..., SyncEnv]) -> SyncEnv:
    return make_env()
