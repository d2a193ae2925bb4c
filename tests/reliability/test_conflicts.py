"""Proof 3: a concurrent editor changes sent visits on the server while the canvasser's
edits are pushed.

The final server copy holds the server's changes on the fields the canvasser did not
touch and the canvasser's changes on the fields they did; where both changed the same
field (a hard case) the canvasser's value wins and the server value it overwrote is in
the visit's sync log (`conflict_rebased`, `detail.overwritten`). Nothing is silently
dropped: every visit ends `sent`, and every change of either side is accounted for.

The editor works twice per round: before the pass (every PATCH then meets a stale etag,
and some meet a same-field change) and during it, from the progress callback, on fields
the canvasser is not changing this round (those edits race the PATCHes in flight).
"""

from __future__ import annotations

import random
import threading
from pathlib import Path
from typing import Any

import pytest
from support.reliability import (
    QUESTION_ID,
    check_server_matches,
    drain,
    natural_key,
    op_tally,
    print_figures,
    scale,
    server_documents,
    visit_data,
)

from canvass_app.api.client import PolisClient
from canvass_app.core.outbox import OutboxState, SyncProgress
from canvass_app.core.patch import same_json
from canvass_app.services.visits import edit_visit, get_visit, import_visit, visit_log
from canvass_app.storage.db import open_database

pytestmark = [pytest.mark.reliability, pytest.mark.timeout(300 * scale())]

TOKEN = "conflict-proof-token"
ANSWER = f"/survey/responses/{QUESTION_ID}/fields/available"
# The fields both sides change (data-relative JSON pointers) and how to pick a new value.
FIELDS = ("/successful", "/unavailable", "/distance", "/turfId", ANSWER)
ANSWERS = ("true", "false", "maybe", "later", "moved out")


def read(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for token in path.split("/")[1:]:
        node = node[token]
    return node


def new_value(rng: random.Random, path: str, *avoid: Any) -> Any:
    """A value for `path` different from every value in `avoid` (booleans: the flip of
    the first)."""
    if path in ("/successful", "/unavailable"):
        return not avoid[0]
    for _ in range(100):
        if path == "/distance":
            value: Any = round(rng.uniform(0, 0.5), 4)
        elif path == "/turfId":
            value = f"turf-{rng.randrange(10_000)}"
        else:
            value = rng.choice(ANSWERS)
        if not any(same_json(value, other) for other in avoid):
            return value
    raise AssertionError(f"no fresh value for {path}")


def with_extra_fields(rng: random.Random, index: int) -> dict[str, Any]:
    data: dict[str, Any] = visit_data(rng, index)
    data["successful"] = bool(data.get("successful", False))
    data["distance"] = round(rng.uniform(0, 0.5), 4)
    data["turfId"] = f"turf-{rng.randrange(10_000)}"  # an unknown field: the server keeps it
    return data


class ConcurrentEditor:
    """Another user on the server while the engine pushes: after each finished operation
    (the engine's progress callback, on a worker thread) it may change one field of a
    random visit that the canvasser is not changing this round, so its edits race the
    PATCHes in flight. `expected` is updated with every change it makes."""

    def __init__(
        self,
        server: Any,
        server_ids: dict[str, str],
        expected: dict[str, dict[str, Any]],
        touched: dict[str, dict[str, Any]],
        rng: random.Random,
    ) -> None:
        self.server = server
        self.server_ids = server_ids
        self.expected = expected
        self.touched = touched
        self.rng = rng
        self.lock = threading.Lock()
        self.edits = 0

    def on_progress(self, progress: SyncProgress) -> None:
        with self.lock:
            if self.rng.random() < 0.5:
                return
            lid = self.rng.choice(sorted(self.server_ids))
            free = [p for p in FIELDS if p not in self.touched.get(lid, {})]
            path = self.rng.choice(free)
            value = new_value(self.rng, path, self.expected[lid][path])
            self.server.state.edit_interaction(
                self.server_ids[lid], [{"op": "replace", "path": path, "value": value}]
            )
            self.expected[lid][path] = value
            self.edits += 1


# Latency widens the race windows; the second plan also loses PATCH answers (the resend
# meets the new etag and must find its own edit already applied) and fails some fetches.
FAULT_PLANS = {
    "clean": "*: latency=1ms..4ms",
    "lost_answers": "*: latency=1ms..4ms; "
    "PATCH /v2/interactions/*: lost_answer=0.15, 503=0.1, reset=0.1, retry_after=0; "
    "GET /v2/interactions/*: 500=0.1",
}


@pytest.mark.parametrize("plan", sorted(FAULT_PLANS))
def test_concurrent_server_edits_merge_with_the_canvassers(
    make_polis_server: Any, data_dir: Path, plan: str
) -> None:
    rng = random.Random(31337)
    server = make_polis_server(seed="empty", token=TOKEN, faults=FAULT_PLANS[plan])
    client = PolisClient(server.url, TOKEN, timeout=5.0)
    try:
        db = open_database(data_dir)
        count, rounds = 40 * scale(), 3
        local_ids = [
            import_visit(db, with_extra_fields(rng, i), canvasser="conflict-proof").local_id
            for i in range(count)
        ]
        drain(db, client)
        server_ids: dict[str, str] = {}
        for lid in local_ids:
            sent = get_visit(db, lid)
            assert sent is not None and sent.server_id is not None
            server_ids[lid] = sent.server_id
        # What the server copy must hold, field by field, after each round.
        expected = {
            lid: {path: read(get_visit(db, lid).data, path) for path in FIELDS}  # type: ignore[union-attr]
            for lid in local_ids
        }
        hard_cases: list[tuple[str, str, Any, Any]] = []  # (local id, path, server, local)
        figures = {"server_edits_before": 0, "server_edits_during": 0, "canvasser_edits": 0}

        for _ in range(rounds):
            touched: dict[str, dict[str, Any]] = {}
            for lid in local_ids:
                if rng.random() < 0.2:
                    continue
                current = expected[lid]
                # The canvasser edits what the device shows, which may be older than the
                # server copy (the editor may have changed it after our last push).
                seen = get_visit(db, lid).data  # type: ignore[union-attr]
                ours = {
                    path: new_value(rng, path, read(seen, path), current[path])
                    for path in rng.sample(FIELDS, rng.randint(1, 2))
                }
                edit_visit(db, lid, ours)
                touched[lid] = ours
                figures["canvasser_edits"] += 1
                # The editor, before the push: any field, the canvasser's ones included.
                theirs: dict[str, Any] = {}
                for path in rng.sample(FIELDS, rng.randint(0, 2)):
                    theirs[path] = new_value(rng, path, current[path], ours.get(path))
                if theirs:
                    server.state.edit_interaction(
                        server_ids[lid],
                        [{"op": "replace", "path": p, "value": v} for p, v in theirs.items()],
                    )
                    figures["server_edits_before"] += 1
                current.update(theirs)
                for path, value in ours.items():
                    # Same field changed on both sides: the server value will be overwritten.
                    if not same_json(current[path], read(seen, path)) and not same_json(
                        current[path], value
                    ):
                        hard_cases.append((lid, path, current[path], value))
            # ... and during it, on fields the canvasser leaves alone this round.
            during = ConcurrentEditor(
                server, server_ids, expected, touched, random.Random(rng.random())
            )
            report, _ = drain(db, client, progress=during.on_progress)
            figures["server_edits_during"] += during.edits
            assert report.counts.unsent == 0, f"not everything was pushed: {report.counts}"
            for lid, ours in touched.items():
                expected[lid].update(ours)
            documents = {doc["id"]: doc["data"] for doc in server.state.interactions()}
            for lid in local_ids:
                on_server = documents[server_ids[lid]]
                for path, value in expected[lid].items():
                    assert same_json(read(on_server, path), value), (
                        f"visit {lid}: {path} is {read(on_server, path)!r} on the server, "
                        f"expected {value!r}"
                    )
                for path, value in touched.get(lid, {}).items():
                    local = get_visit(db, lid)
                    assert local is not None and same_json(read(local.data, path), value)

        # Every hard case is in the visit's sync log with the server value it overwrote.
        logged = 0
        for lid, path, server_value, local_value in hard_cases:
            overwritten = [
                entry
                for event in visit_log(db, lid)
                if event.event == "conflict_rebased" and event.detail
                for entry in event.detail.get("overwritten", [])
            ]
            wanted = {"path": path, "server_value": server_value, "local_value": local_value}
            assert any(same_json(entry, wanted) for entry in overwritten), (
                f"visit {lid}: the overwritten server value {server_value!r} of {path} "
                f"is not in the sync log ({overwritten})"
            )
            logged += 1
        rebases = sum(
            1 for lid in local_ids for e in visit_log(db, lid) if e.event == "conflict_rebased"
        )
        assert all(get_visit(db, lid).state is OutboxState.SENT for lid in local_ids)  # type: ignore[union-attr]
        assert hard_cases, "the proof made no same-field conflict"
        # No visit duplicated or lost along the way.
        live = {natural_key(d): d for d in documents.values()}
        tallies = check_server_matches(server_documents(server.url, TOKEN), live, [])
        print_figures(
            {
                "proof": "conflicts",
                "faults": plan,
                "scale": scale(),
                "visits": count,
                "rounds": rounds,
                "patches": op_tally(db).get("patch", 0),
                **figures,
                "conflicts_rebased": rebases,
                "hard_cases": len(hard_cases),
                "hard_cases_logged": logged,
                "needs_attention": 0,
                **tallies,
            }
        )
    finally:
        client.close()
