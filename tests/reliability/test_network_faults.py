"""Proof 2: creates, edits and deletes through every kind of injected network fault, with
the server's Idempotency-Key support switched off: nothing lost, nothing duplicated,
everything drained.

In-process engine (`sync_now`, 4 workers), the real reference server over real HTTP on
127.0.0.1. Between drains the canvasser keeps recording, editing (PATCH after the create
was sent) and deleting. Only the engine's reconcile-before-retry stands between a lost
answer and a duplicate, because the server ignores Idempotency-Key here.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from support.reliability import (
    check_server_matches,
    drain,
    natural_key,
    op_tally,
    print_figures,
    random_changes,
    scale,
    server_documents,
    start_counted_server,
    visit_data,
)

from canvass_app.api.client import PolisClient
from canvass_app.core.outbox import OutboxState
from canvass_app.server.faults import FAULT_KINDS
from canvass_app.services.visits import delete_visit, edit_visit, import_visit, list_visits
from canvass_app.storage.db import open_database

pytestmark = [pytest.mark.reliability, pytest.mark.timeout(300 * scale())]

TOKEN = "fault-proof-token"

# Every fault kind except `edit` (a concurrent editor: proof 3) and `400` (a refusal, not a
# network fault: proofs 5 and 8), drawn in this order for
# each request to the interactions routes: about 27 % of those requests meet a fault.
NETWORK_FAULTS = (
    "500",
    "502",
    "503",
    "429",
    "reset",
    "lost_answer",
    "truncated",
    "malformed",
    "html",
)
FAULT_SPEC = (
    "/v2/interactions*: "
    + ", ".join(f"{kind}=0.035" for kind in NETWORK_FAULTS)
    + ", retry_after=0; *: latency=0ms..3ms"
)


def test_every_network_fault_loses_and_duplicates_nothing(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    assert set(NETWORK_FAULTS) == set(FAULT_KINDS) - {"edit", "400"}, "a fault kind is missing"
    rng = random.Random(20261128)
    server, counter = start_counted_server(
        monkeypatch,
        seed="empty",
        token=TOKEN,
        idempotency=False,
        faults=FAULT_SPEC,
        fault_seed=77,
    )
    client = PolisClient(server.url, TOKEN, timeout=5.0)
    try:
        db = open_database(data_dir)
        rounds, per_round = 5, 50 * scale()
        local_ids: list[str] = []
        deleted: set[str] = set()
        passes = 0
        for index in range(rounds):
            # Visits already sent: edits become PATCHes, voids become DELETEs.
            for local_id in local_ids:
                if local_id in deleted:
                    continue
                roll = rng.random()
                if roll < 0.08:
                    delete_visit(db, local_id)
                    deleted.add(local_id)
                elif roll < 0.68:
                    edit_visit(db, local_id, random_changes(rng))
            for i in range(per_round):
                number = index * per_round + i
                visit = import_visit(db, visit_data(rng, number), canvasser="fault-proof")
                local_ids.append(visit.local_id)
                if rng.random() < 0.1:  # corrected before it left: folds into the create
                    edit_visit(db, visit.local_id, random_changes(rng))
            report, used = drain(db, client)
            passes += used
            assert report.counts.unsent == 0, f"round {index}: left unsent: {report.counts}"

        visits = {visit.local_id: visit for visit in list_visits(db)}
        assert set(visits) == set(local_ids)
        assert all(visit.state is OutboxState.SENT for visit in visits.values())
        server.state.set_faults(None)
        live = {natural_key(v.data): v.data for v in visits.values() if not v.deleted}
        gone = [natural_key(v.data) for v in visits.values() if v.deleted]
        tallies = check_server_matches(server_documents(server.url, TOKEN), live, gone)
        # Also no duplicate hidden behind a delete: one document per visit, ever.
        ever = Counter(natural_key(doc["data"]) for doc in server.state.interactions(True))
        assert max(ever.values()) == 1, "a visit reached the server twice"
        assert sum(ever.values()) == len(visits) - sum(
            1 for v in visits.values() if v.deleted and v.server_id is None
        ), "a document nobody owns"

        ops = op_tally(db)
        operations = sum(ops.values())
        assert operations >= 500 * scale(), f"only {operations} operations: {ops}"
        assert ops.get("patch", 0) > 0 and ops.get("delete", 0) > 0
        faults = dict(server.state.fault_counts.counts)
        requests = counter.total
        injected = sum(faults.values())
        missing = [kind for kind in NETWORK_FAULTS if faults.get(kind, 0) < 5]
        assert not missing, f"fault kinds injected fewer than 5 times: {missing} ({faults})"
        assert injected >= 0.2 * requests, f"only {injected} faults in {requests} requests"
        # The faults did reach the engine's hard paths: lost answers adopted after a lookup,
        # and maybe-applied writes that were not on the server sent again.
        events = dict(
            db.execute(
                "SELECT event, COUNT(*) FROM sync_log WHERE event IN (?, ?, ?) GROUP BY event",
                ["adopted", "reconciled_absent", "outcome_unknown"],
            ).fetchall()
        )
        assert events.get("adopted", 0) > 0 and events.get("reconciled_absent", 0) > 0, events
        print_figures(
            {
                "proof": "network_faults",
                "scale": scale(),
                "visits": len(visits),
                "operations": operations,
                "creates": ops.get("create", 0),
                "patches": ops.get("patch", 0),
                "deletes": ops.get("delete", 0),
                "requests": requests,
                "requests_by_method": dict(counter.by_method),
                "faults": injected,
                "fault_share": round(injected / requests, 3),
                "faults_by_kind": faults,
                "idempotency": "off",
                "passes": passes,
                "outcome_unknown": events.get("outcome_unknown", 0),
                "adopted_after_lookup": events.get("adopted", 0),
                "resent_after_lookup": events.get("reconciled_absent", 0),
                **tallies,
            }
        )
    finally:
        client.close()
        server.stop()
