"""Proof 6: exactly once with everything at once (issue 12's scenario).

The reference server ignores Idempotency-Key, answers a stale etag with 409, commits some
POSTs, PATCHes and DELETEs and then loses their answers, and fails others in every other
way. A concurrent editor (another user, through the real API, on its own thread) changes
random fields of random live interactions, `walklistId` among them, several times a
second. The real `canvass-app sync` runs in its own process and is killed with SIGKILL at
random moments, while the canvasser keeps recording (half at the door, into the door
journal, half imported), editing and voiding visits on the same database file, between
the runs and during them.

The server runs in the test process, so it outlives every kill, and it keeps a journal of
every write it committed (`ServerState.writes`), in order, with who made it. The checks
read the truth from that journal, not from the client:

- 0 lost: every visit that was not voided before it left is on the server;
- 0 duplicated: at most one document was ever created per visit (natural key);
- 0 wrong content: for every field the canvasser set (when recording or editing), the
  canvasser's last write of it on the one document carries their final value; every
  change of the editor is kept, or was overwritten by a canvasser's edit and is in the
  visit's sync log (unless the canvasser had seen it: their edit started from it);
- 0 not deleted: every voided visit that reached the server is deleted there;
- nothing left `sending`: every operation ends `sent`.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import httpx
import pytest
from support.journal import creates_by_key, histories, leaves
from support.reliability import (
    QUESTION_ID,
    let_waits_run_out,
    natural_key,
    op_tally,
    print_figures,
    random_changes,
    scale,
    start_counted_server,
    sync_process,
    visit_data,
)

from canvass_app.core.patch import same_json
from canvass_app.server.seed import DEMO_USER_ID, EDITOR_USER_ID
from canvass_app.services.visits import (
    VisitDraft,
    delete_visit,
    edit_visit,
    get_visit,
    import_visit,
    list_visits,
    record_visit,
    visit_log,
)
from canvass_app.storage.db import open_database

pytestmark = [pytest.mark.reliability, pytest.mark.timeout(600 * scale())]

TOKEN = "everything-at-once-token"
EDITOR_TOKEN = "everything-at-once-editor"
ANSWER = f"/survey/responses/{QUESTION_ID}/fields/available"
# The editor's fields: two only it changes, two the canvasser changes too. Its values
# never look like the canvasser's (distances above 1 mile, answers other than
# true/false), so a change of one side can never pass for the other's.
EDITOR_FIELDS = ("/walklistId", "/unavailableReason", "/distance", ANSWER)
EDITOR_ANSWERS = ("maybe", "later", "moved out")
EDITOR_PERIOD_S = 0.3  # over three edits a second
# Lost answers after the commit for every write method, every other fault on every
# interactions route (the editor's requests and the lookups included), some latency.
FAULT_SPEC = (
    "POST /v2/interactions: lost_answer=0.12, 503=0.03, reset=0.03; "
    "PATCH /v2/interactions/*: lost_answer=0.12, 502=0.03, reset=0.02; "
    "DELETE /v2/interactions/*: lost_answer=0.15, 500=0.03; "
    "/v2/interactions*: 500=0.04, 502=0.03, truncated=0.03, malformed=0.03, html=0.03, "
    "429=0.02, reset=0.02, retry_after=0; "
    "*: latency=10ms..40ms"
)


class Editor(threading.Thread):
    """Another user's tool: GETs a random live interaction and PATCHes one or two of its
    fields with its etag, through the API, on a fixed schedule. Half its picks come from
    the newest documents, where the canvasser's lost creates are."""

    def __init__(self, server: Any, seed: int) -> None:
        super().__init__(name="concurrent-editor", daemon=True)
        self.server = server
        self.rng = random.Random(seed)
        self.stopped = threading.Event()
        self.started_at = 0.0
        self.attempts = 0
        self.answers: Counter[str] = Counter()

    def run(self) -> None:
        headers = {"Authorization": f"Bearer {EDITOR_TOKEN}"}
        with httpx.Client(base_url=self.server.url, headers=headers, timeout=5) as http:
            next_at = self.started_at = time.monotonic()
            while not self.stopped.is_set():
                next_at += EDITOR_PERIOD_S
                self.edit_one(http)
                self.stopped.wait(max(0.0, next_at - time.monotonic()))

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=30)

    def _pick(self) -> str | None:
        documents = self.server.state.interactions()
        if not documents:
            return None
        if self.rng.random() < 0.5:
            documents = sorted(documents, key=lambda d: d["meta"]["created"])[-20:]
        return str(self.rng.choice(documents)["id"])

    def _ops(self, data: dict[str, Any]) -> list[dict[str, Any]]:
        present = leaves(data)
        ops = []
        for path in self.rng.sample(EDITOR_FIELDS, self.rng.randint(1, 2)):
            if path == "/walklistId":
                value: Any = f"editor-walk-{self.rng.randrange(1000)}"
            elif path == "/unavailableReason":
                value = f"editor: {self.rng.choice(['Moved', 'Wrong address', 'Deceased'])}"
            elif path == "/distance":
                value = round(self.rng.uniform(1.0, 5.0), 4)
            else:
                value = self.rng.choice(EDITOR_ANSWERS)
            ops.append(
                {"op": "replace" if path in present else "add", "path": path, "value": value}
            )
        return ops

    def edit_one(self, http: httpx.Client) -> None:
        doc_id = self._pick()
        if doc_id is None:
            return
        self.attempts += 1
        try:
            got = http.get(f"/v2/interactions/{doc_id}")
            if got.status_code != 200:
                self.answers[f"GET {got.status_code}"] += 1
                return
            doc = got.json()
            answer = http.patch(
                f"/v2/interactions/{doc_id}",
                json={"data": self._ops(doc["data"])},
                headers={"etag": doc["meta"]["etag"]},
            )
            self.answers[f"PATCH {answer.status_code}"] += 1
        except (httpx.HTTPError, ValueError, KeyError, TypeError):
            self.answers["failed"] += 1  # an injected fault met the editor


class Canvasser:
    """Records, edits and voids visits on the laptop's database (the services the GUI
    uses), remembering what they meant: the final value of every field they set, and
    every value their edits started from (what they had seen)."""

    def __init__(self, db: Any, rng: random.Random) -> None:
        self.db = db
        self.rng = rng
        self.local_ids: list[str] = []
        self.intent: dict[str, dict[str, Any]] = {}
        self.seen: dict[tuple[str, str], list[Any]] = defaultdict(list)
        self.deleted: set[str] = set()
        self.edits = 0

    def record(self) -> None:
        """Half at the door (``record_visit``: the door journal, filed by the next
        reader or sync run), half imported (filed at once)."""
        data = visit_data(self.rng, len(self.local_ids))
        if self.rng.random() < 0.5:
            visit = record_visit(self.db, _draft(data), canvasser="everything-at-once")
        else:
            visit = import_visit(self.db, data, canvasser="everything-at-once")
        self.local_ids.append(visit.local_id)
        self.intent[visit.local_id] = leaves(visit.data)

    def act(self) -> None:
        """Edit (or now and then void) a visit: one of the newest a third of the time
        (their creates may be unsent or unknown), else any (most are on the server)."""
        pool = self.local_ids[-10:] if self.rng.random() < 0.3 else self.local_ids
        local_id = self.rng.choice(pool)
        if local_id in self.deleted:
            return
        if self.rng.random() < 0.12:
            delete_visit(self.db, local_id)
            self.deleted.add(local_id)
            return
        visit = get_visit(self.db, local_id)
        assert visit is not None
        shown = leaves(visit.data)
        changes = random_changes(self.rng)
        for path, value in changes.items():
            self.seen[(local_id, path)].extend([shown.get(path), value])
        edit_visit(self.db, local_id, changes)
        self.intent[local_id].update(changes)
        self.edits += 1


def _draft(data: dict[str, Any]) -> VisitDraft:
    """The visit ``data`` describes, as the door makes it (its knock time is now)."""
    return VisitDraft(
        campaign_id=data["campaignId"],
        contact_id=data["contactId"],
        household_id=data["householdId"],
        contact_household_id=data["contactHouseholdId"],
        survey_id=data["survey"]["surveyId"],
        responses=data["survey"]["responses"],
        unavailable=data["unavailable"],
        unavailable_reason=data.get("unavailableReason"),
        successful=data.get("successful"),
    )


def _count(db: Any, sql: str, *params: Any) -> int:
    return int(db.execute(sql, list(params)).fetchone()[0])


def _lease_count(db: Any) -> int:
    return _count(db, "SELECT COUNT(*) FROM sync_log WHERE event = 'lease'")


def _wait_for_a_lease(db: Any, before: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        if _lease_count(db) > before:
            return
        time.sleep(0.01)


def _finish(process: subprocess.Popen[str]) -> None:
    process.wait()
    if process.stderr is not None:
        process.stderr.close()


def test_everything_at_once_loses_duplicates_and_misapplies_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rng = random.Random(20261212)
    kills = 20 * scale()
    server, counter = start_counted_server(
        monkeypatch,
        seed="empty",
        token=TOKEN,
        idempotency=False,
        conflict_status=409,
        faults=FAULT_SPEC,
        fault_seed=12,
        record_writes=True,
    )
    server.state.add_token(EDITOR_TOKEN, user_id=EDITOR_USER_ID)
    editor = Editor(server, seed=99)
    data_dir = tmp_path / "laptop"
    data_dir.mkdir(mode=0o700)
    started = time.monotonic()
    killed_mid_run = 0
    runs = 0
    final_runs = 0
    try:
        db = open_database(data_dir)
        canvasser = Canvasser(db, rng)
        for _ in range(50 * scale()):
            canvasser.record()
        editor.start()
        # Until `kills` runs were killed while running (a run may end before its kill).
        while killed_mid_run < kills and runs < 2 * kills:
            runs += 1
            for _ in range(rng.randint(2, 4)):
                canvasser.record()
            for _ in range(rng.randint(1, 5)):
                canvasser.act()
            before = _lease_count(db)
            process = sync_process(data_dir, server.url, TOKEN)
            _wait_for_a_lease(db, before, process)
            # The canvasser keeps working while it sends; it dies at a random moment.
            until = time.monotonic() + rng.uniform(0.0, 0.15)
            if rng.random() < 0.5:
                canvasser.act()
            time.sleep(max(0.0, until - time.monotonic()))
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
                killed_mid_run += 1
            _finish(process)
        editor.stop()
        editor_seconds = time.monotonic() - editor.started_at

        # The last runs, to the end: time passes for the waits (lookups, backoff).
        deadline = time.monotonic() + 300 * scale()
        while True:
            let_waits_run_out(db)
            process = sync_process(data_dir, server.url, TOKEN)
            _, errors = process.communicate(timeout=300 * scale())
            final_runs += 1
            if process.returncode == 0:
                break
            assert process.returncode == 3, f"sync ended with {process.returncode}: {errors}"
            assert time.monotonic() < deadline, "the outbox did not drain"
    finally:
        editor.stop()
        server.stop()

    # --- the invariants, read from the server's journal -------------------------------
    assert killed_mid_run == kills, "most kills must land while sync is running"
    unfinished = _count(db, "SELECT COUNT(*) FROM outbox WHERE state != 'sent'")
    assert unfinished == 0, "operations left unfinished (sending or waiting)"
    visits = {v.local_id: v for v in list_visits(db)}
    assert set(visits) == set(canvasser.local_ids)
    writes = list(server.state.writes or [])
    created = creates_by_key(writes)
    journal = histories(writes)

    duplicated = {key: ids for key, ids in created.items() if len(ids) > 1}
    lost: list[str] = []
    not_deleted: list[str] = []
    wrong: list[tuple[str, str, Any, Any]] = []
    unlogged: list[tuple[str, str, Any]] = []
    overwritten_logged = 0
    for local_id, visit in visits.items():
        ids = created.get(natural_key(visit.data), [])
        if not ids:
            if not (visit.deleted and visit.server_id is None):
                lost.append(local_id)  # never reached the server, yet not voided before
            continue
        history = journal[ids[0]]
        if visit.server_id != ids[0]:
            lost.append(local_id)  # the visit does not own the one document
            continue
        if visit.deleted:
            if not history.deleted:
                not_deleted.append(local_id)
            continue
        if history.deleted:
            lost.append(local_id)  # deleted on the server though the canvasser kept it
            continue
        for path, value in canvasser.intent[local_id].items():
            last = history.last_write_of(path, DEMO_USER_ID)
            written = None if last is None else leaves(last.after).get(path)
            if last is None or not same_json(written, value):
                wrong.append((local_id, path, value, written))
        logged = {
            (entry["path"], json.dumps(entry["server_value"]))
            for event in visit_log(db, local_id)
            if event.event == "conflict_rebased" and event.detail
            for entry in event.detail.get("overwritten", [])
        }
        for path, old, _new in history.overwritten_by(DEMO_USER_ID):
            if any(same_json(old, value) for value in canvasser.seen.get((local_id, path), [])):
                continue  # the canvasser's edit started from the editor's value
            if (path, json.dumps(old)) in logged:
                overwritten_logged += 1
            else:
                unlogged.append((local_id, path, old))

    assert not duplicated, (
        f"{len(duplicated)} visits on the server twice, e.g. {next(iter(duplicated.items()))}"
    )
    assert not lost, f"{len(lost)} visits lost, e.g. {lost[:3]}"
    assert not wrong, f"{len(wrong)} fields with a wrong final value, e.g. {wrong[:3]}"
    assert not unlogged, f"{len(unlogged)} editor changes overwritten silently, e.g. {unlogged[:3]}"
    assert not not_deleted, f"{len(not_deleted)} voided visits still live, e.g. {not_deleted[:3]}"

    # --- the scenario did happen ------------------------------------------------------
    requests = counter.total
    faults = dict(server.state.fault_counts.counts)
    injected = sum(faults.values())
    editor_writes = sum(1 for w in writes if w.user_id == EDITOR_USER_ID)
    events = dict(db.execute("SELECT event, COUNT(*) FROM sync_log GROUP BY event").fetchall())
    adopted_changed = _count(
        db,
        "SELECT COUNT(*) FROM sync_log WHERE event = 'adopted' "
        "AND json_extract(detail_json, '$.server_differs') IS NOT NULL",
    )
    ops = op_tally(db)
    assert injected >= 0.2 * requests, f"only {injected} faults in {requests} requests"
    assert editor_writes > 0 and ops.get("patch", 0) > 0 and ops.get("delete", 0) > 0
    assert events.get("adopted", 0) > 0 and events.get("reconciled_absent", 0) > 0, events
    print_figures(
        {
            "proof": "everything_at_once",
            "scale": scale(),
            "visits": len(visits),
            "edits": canvasser.edits,
            "voided": len(canvasser.deleted),
            "operations": ops,
            "sync_runs_killed": killed_mid_run,
            "sync_runs_ended_before_their_kill": runs - killed_mid_run,
            "final_runs": final_runs,
            "requests": requests,
            "requests_by_method": dict(counter.by_method),
            "faults": injected,
            "fault_share": round(injected / requests, 3),
            "faults_by_kind": faults,
            "stale_etag_409": counter.by_status.get(409, 0),
            "editor_attempts": editor.attempts,
            "editor_writes": editor_writes,
            "editor_rate_per_s": round(editor.attempts / editor_seconds, 2),
            "editor_answers": dict(editor.answers),
            "interrupted_released_at_start": events.get("interrupted", 0),
            "leases_expired": events.get("lease_expired", 0),
            "outcome_unknown": events.get("outcome_unknown", 0),
            "adopted": events.get("adopted", 0),
            "adopted_with_server_changes": adopted_changed,
            "resent_after_lookup": events.get("reconciled_absent", 0),
            "conflicts_rebased": events.get("conflict_rebased", 0),
            "editor_changes_overwritten_and_logged": overwritten_logged,
            "seconds": round(time.monotonic() - started, 1),
            "lost": 0,
            "duplicated": 0,
            "wrong_content": 0,
            "not_deleted": 0,
        }
    )
