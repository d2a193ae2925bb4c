"""Proof 4: a hypothesis state machine over the outbox and the engine.

Steps: record, edit, delete, sync (a new engine each time: a restart), crash (a dead
engine leases operations and abandons them, optionally after the server committed its
request: death between send and local commit), and fault plans (set_faults with
different specs). The server's Idempotency-Key support is off, so only the engine's
reconcile stands between a lost answer and a duplicate.

Checked after EVERY step: every saved visit is in exactly one state; at most one server
document per visit (deleted ones included); every operation the server acknowledged with
a 2xx (to the engine or to the dead engine) is on the server; nothing stays `sending`
after a restart; no local answer lost (the local data is what the canvasser last saved).
At the end of each run the faults stop and a final drain must leave the server equal to
the device.
"""

from __future__ import annotations

import copy
import dataclasses
import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from support.reliability import (
    FAST_SETTINGS,
    check_server_matches,
    drain,
    natural_key,
    print_figures,
    random_changes,
    scale,
    server_documents,
    visit_data,
    without_nulls,
)

from canvass_app.api.client import PolisClient
from canvass_app.api.errors import ApiError
from canvass_app.core.outbox import OpKind, OutboxState
from canvass_app.server.runner import start_server
from canvass_app.services.sync import sync_now
from canvass_app.services.visits import (
    delete_visit,
    edit_visit,
    import_visit,
    list_visits,
    sync_counts,
)
from canvass_app.storage.db import open_database, utc_now
from canvass_app.storage.visits import VisitRepo
from canvass_app.sync.reconcile import find_adoptable

pytestmark = [pytest.mark.reliability, pytest.mark.timeout(300 * scale())]

TOKEN = "state-machine-token"
DEAD_ENGINE = "engine-that-died"

FAULT_SPECS = (
    None,
    "/v2/interactions*: lost_answer=0.3, retry_after=0",
    "/v2/interactions*: 500=0.1, reset=0.1, truncated=0.1, html=0.1, retry_after=0",
    "/v2/interactions*: 503=0.15, 429=0.15, malformed=0.1, 502=0.1, retry_after=0",
    "POST /v2/interactions: lost_answer=0.5; GET /v2/interactions: 500=0.3, reset=0.2",
    "PATCH /v2/interactions/*: lost_answer=0.4; DELETE /v2/interactions/*: lost_answer=0.4",
)

FIGURES: Counter[str] = Counter()


class OutboxMachine(RuleBasedStateMachine):
    """One device, one reference server (idempotency off), many engines over time."""

    base_dir: Path  # set by the test before the machine runs

    def __init__(self) -> None:
        super().__init__()
        FIGURES["runs"] += 1
        self.run_dir = OutboxMachine.base_dir / f"run-{FIGURES['runs']}"
        (self.run_dir / "data").mkdir(parents=True, mode=0o700)
        self.server = start_server(seed="empty", token=TOKEN, idempotency=False, fault_seed=5)
        self.client = PolisClient(self.server.url, TOKEN, timeout=5.0)
        self.db = open_database(self.run_dir / "data")
        self.rng = random.Random(0)
        self.index = 0
        # The model: what the canvasser saved, per local id.
        self.expected: dict[str, dict[str, Any]] = {}
        self.deleted: set[str] = set()
        # Natural keys the server acknowledged (2xx) to the dead engine.
        self.acked_creates: set[tuple[str, str, str]] = set()
        self.acked_deletes: set[tuple[str, str, str]] = set()

    @initialize(spec=st.sampled_from(FAULT_SPECS[1:]), seed=st.integers(0, 2**32))
    def start_with_faults(self, spec: str, seed: int) -> None:
        self.server.state.set_faults(spec, fault_seed=seed)
        self.rng = random.Random(seed)  # the visits' content: reproducible from the example

    # --- the canvasser --------------------------------------------------------------

    @rule(count=st.integers(1, 3))
    def record(self, count: int) -> None:
        for _ in range(count):
            data = visit_data(self.rng, self.index)
            visit = import_visit(self.db, copy.deepcopy(data), canvasser="sm")
            self.index += 1
            self.expected[visit.local_id] = data
            FIGURES["visits"] += 1

    def _live(self) -> list[str]:
        return [lid for lid in self.expected if lid not in self.deleted]

    @precondition(lambda self: bool(self._live()))
    @rule(pick=st.integers(0, 10_000), seed=st.integers(0, 2**16))
    def edit(self, pick: int, seed: int) -> None:
        live = self._live()
        local_id = live[pick % len(live)]
        changes = random_changes(random.Random(seed))
        wanted = copy.deepcopy(self.expected[local_id])
        for path, value in changes.items():
            *parents, name = path.split("/")[1:]
            node = wanted
            for token in parents:
                node = node[token]
            node[name] = value
        edit_visit(self.db, local_id, changes)
        self.expected[local_id] = wanted
        FIGURES["edits"] += 1

    @precondition(lambda self: bool(self._live()))
    @rule(pick=st.integers(0, 10_000))
    def delete(self, pick: int) -> None:
        live = self._live()
        local_id = live[pick % len(live)]
        delete_visit(self.db, local_id)
        self.deleted.add(local_id)
        FIGURES["deletes"] += 1

    # --- the network and the engines ------------------------------------------------

    @rule(spec=st.sampled_from(FAULT_SPECS))
    def set_faults(self, spec: str | None) -> None:
        self.server.state.set_faults(spec)
        FIGURES["fault_plans"] += 1

    @rule(once=st.booleans(), concurrency=st.sampled_from([1, 2, 4]))
    def sync(self, once: bool, concurrency: int) -> None:
        """A new engine (a restart): expired leases become unknown and are reconciled."""
        sync_now(
            self.db,
            self.client,
            concurrency=concurrency,
            once=once,
            settings=dataclasses.replace(FAST_SETTINGS, concurrency=concurrency),
            reset_backoff=True,
        )
        FIGURES["syncs"] += 1
        sending = sync_counts(self.db).count(OutboxState.SENDING)
        assert sending == 0, f"{sending} operations still `sending` after a restart"

    @rule(count=st.integers(1, 3), send=st.booleans())
    def crash(self, count: int, send: bool) -> None:
        """An engine leases operations and dies; with `send` it first did what the engine
        does (reconcile an unknown create, then send) and the server may have committed,
        but it never recorded the answer."""
        time.sleep(0.02)  # let the tiny backoffs come due
        repo = VisitRepo(self.db)
        for _ in range(count):
            leased = repo.lease_next(DEAD_ENGINE, now=utc_now(), lease_s=0.001)
            if leased is None:
                break
            FIGURES["crashed_ops"] += 1
            if send:
                self._send_and_die(leased.op.kind, leased)
        time.sleep(0.005)  # the dead engine's leases run out

    def _send_and_die(self, kind: OpKind, leased: Any) -> None:
        op, visit = leased.op, leased.visit
        key = natural_key(visit.data)
        try:
            if kind is OpKind.CREATE:
                if leased.previous_state is OutboxState.UNKNOWN and self._found(op):
                    # Like the real engine: an earlier attempt landed, so no POST; it died
                    # after the lookup, before recording the adoption.
                    FIGURES["crashed_after_lookup"] += 1
                    return
                self.client.create_interaction(op.payload, idempotency_key=op.idempotency_key)
                self.acked_creates.add(natural_key(op.payload))
            elif kind is OpKind.PATCH:
                self.client.patch_interaction(visit.server_id, op.payload, visit.etag)
            else:
                self.client.delete_interaction(visit.server_id, visit.etag)
                self.acked_deletes.add(key)
            FIGURES["crashed_after_commit"] += 1
        except ApiError:
            FIGURES["crashed_request_failed"] += 1  # a fault, or a stale etag: no ack

    def _found(self, op: Any) -> bool:
        """Reconcile before retry, as the engine does for a create whose outcome is unknown."""
        repo = VisitRepo(self.db)
        found = find_adoptable(
            self.client,
            op.payload,
            taken=lambda server_id: repo.find_by_server_id(server_id) not in (None, op.local_id),
        )
        return found is not None

    # --- after every step -------------------------------------------------------------

    @invariant()
    def every_visit_in_exactly_one_state(self) -> None:
        visits = list_visits(self.db)
        ids = [v.local_id for v in visits]
        assert len(ids) == len(set(ids)) == len(self.expected)
        assert set(ids) == set(self.expected)
        counts = sync_counts(self.db)
        assert sum(counts.counts.values()) == len(self.expected)
        for visit in visits:
            assert isinstance(visit.state, OutboxState)
            if visit.state is OutboxState.SENDING:
                owners = {op.lease_owner for op in VisitRepo(self.db).ops(visit.local_id)}
                assert owners & {DEAD_ENGINE}, "a live lease outside any running engine"

    @invariant()
    def no_local_answer_lost(self) -> None:
        for visit in list_visits(self.db):
            assert without_nulls(visit.data) == without_nulls(self.expected[visit.local_id]), (
                f"visit {visit.local_id}: local data differs from what the canvasser saved"
            )
            assert visit.deleted == (visit.local_id in self.deleted)

    @invariant()
    def at_most_one_server_document_per_visit(self) -> None:
        ever = Counter(natural_key(doc["data"]) for doc in self.server.state.interactions(True))
        twice = [key for key, n in ever.items() if n > 1]
        assert not twice, f"{len(twice)} visits reached the server twice, e.g. {twice[0]}"

    @invariant()
    def acknowledged_operations_are_on_the_server(self) -> None:
        documents = self.server.state.interactions(True)
        by_id = {doc["id"]: doc for doc in documents}
        keys_ever = {natural_key(doc["data"]) for doc in documents}
        keys_live = {natural_key(doc["data"]) for doc in documents if not doc["meta"]["isDeleted"]}
        repo = VisitRepo(self.db)
        for visit in list_visits(self.db):
            ops = repo.ops(visit.local_id)
            create_sent = any(o.kind is OpKind.CREATE and o.state is OutboxState.SENT for o in ops)
            delete_sent = any(o.kind is OpKind.DELETE and o.state is OutboxState.SENT for o in ops)
            delete_asked = any(o.kind is OpKind.DELETE for o in ops)
            key = natural_key(visit.data)
            if create_sent and visit.server_id is not None:
                assert visit.server_id in by_id, f"acknowledged create of {visit.local_id} missing"
                doc = by_id[visit.server_id]
                assert natural_key(doc["data"]) == key
                # An acknowledged delete is on the server; a delete still in doubt (its
                # answer lost) may or may not be; no delete asked: the document lives.
                if delete_sent:
                    assert doc["meta"]["isDeleted"], (
                        f"acknowledged delete of {visit.local_id} undone"
                    )
                if not delete_asked:
                    assert not doc["meta"]["isDeleted"], f"{visit.local_id} deleted by nobody"
                if visit.state is OutboxState.SENT and not visit.deleted:
                    assert without_nulls(doc["data"]) == without_nulls(visit.data), (
                        f"visit {visit.local_id}: acknowledged edits are not on the server"
                    )
        assert self.acked_creates <= keys_ever, "a create acknowledged to the dead engine is gone"
        assert not (self.acked_deletes & keys_live), "a delete acknowledged is undone"

    def teardown(self) -> None:
        try:
            self.server.state.set_faults(None)
            report, _ = drain(self.db, self.client)
            assert report.counts.unsent == 0, f"left after the final drain: {report.counts}"
            visits = list_visits(self.db)
            live = {natural_key(v.data): v.data for v in visits if not v.deleted}
            gone = [natural_key(v.data) for v in visits if v.deleted]
            check_server_matches(server_documents(self.server.url, TOKEN), live, gone)
            FIGURES["faults_injected"] += sum(self.server.state.fault_counts.counts.values())
        finally:
            self.client.close()
            self.server.stop()
            self.db.conn.close()


def test_outbox_state_machine(tmp_path: Path) -> None:
    OutboxMachine.base_dir = tmp_path
    FIGURES.clear()
    run_state_machine_as_test(
        OutboxMachine,
        settings=settings(
            max_examples=25 * scale(),
            stateful_step_count=30,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
    print_figures({"proof": "state_machine", "scale": scale(), **dict(FIGURES)})
