"""Reconcile by identity: a create whose answer was lost is found by its natural key and
adopted even when someone has edited it since (issue 12, point 1).

The reference server ignores Idempotency-Key here, so only the lookup stands between a
lost answer and a second document. "The editor" is another user changing the document on
the server between the lost answer and the lookup.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from canvass_app.core.outbox import OpKind, OutboxState
from canvass_app.services.visits import (
    delete_visit,
    edit_visit,
    get_visit,
    import_visit,
    visit_log,
)
from canvass_app.storage.visits import VisitRepo
from canvass_app.sync.reconcile import OLDEST, ONLY_MATCH, SAME_CONTENT

from .conftest import SyncEnv

LOST_POST = "POST /v2/interactions: lost_answer=1"


def _lost_create(make_env: Callable[..., SyncEnv], **options: Any) -> tuple[SyncEnv, Any, str]:
    """A visit whose POST the server committed and whose answer was lost: (env, the
    visit, the id of the document the server made)."""
    env = make_env(idempotency=False, faults=LOST_POST)
    (visit,) = env.record(1, **options)
    report = env.sync(once=True)
    assert report.unknown == 1
    (doc,) = env.server_docs()
    env.server.state.set_faults(None)
    return env, visit, str(doc["id"])


def _overwritten(env: SyncEnv, local_id: str) -> list[Any]:
    """The server values the visit's rebases overwrote, as its sync log keeps them."""
    return [
        entry
        for event in visit_log(env.db, local_id)
        if event.event == "conflict_rebased"
        for entry in (event.detail or {}).get("overwritten", [])
    ]


def _adoption(env: SyncEnv, local_id: str) -> Any:
    (event,) = [e for e in visit_log(env.db, local_id) if e.event == "adopted"]
    return event


def test_the_one_match_is_adopted_even_when_edited_and_the_differences_are_logged(
    make_env: Callable[..., SyncEnv],
) -> None:
    env, visit, doc_id = _lost_create(make_env)
    env.server.state.edit_interaction(
        doc_id,
        [
            {"op": "add", "path": "/walklistId", "value": "walk-from-the-supervisor"},
            {"op": "replace", "path": "/unavailableReason", "value": "Moved"},
        ],
    )

    report = env.sync()

    assert report.sent == 1 and len(env.server_docs(include_deleted=True)) == 1
    after = get_visit(env.db, visit.local_id)
    assert after is not None and after.server_id == doc_id and after.state is OutboxState.SENT
    # Nothing else was pending: the local data is the server's copy, edits included.
    assert after.data["walklistId"] == "walk-from-the-supervisor"
    assert after.data["unavailableReason"] == "Moved"
    detail = _adoption(env, visit.local_id).detail
    assert detail["chosen"] == ONLY_MATCH and "other_matches" not in detail
    assert detail["server_differs"] == [
        {"path": "/unavailableReason", "sent": "Not Home", "server": "Moved"},
        {"path": "/walklistId", "server": "walk-from-the-supervisor"},
    ]
    assert detail["created_by"]  # who made it, for a supervisor reading the log


def test_several_matches_prefer_the_same_content_over_an_older_edited_one(
    make_env: Callable[..., SyncEnv],
) -> None:
    env, visit, first = _lost_create(make_env)
    env.server.state.edit_interaction(
        first, [{"op": "replace", "path": "/unavailableReason", "value": "Moved"}]
    )
    time.sleep(0.01)  # a later meta.created for the copy
    copy = env.client.create_interaction(visit.data)  # someone else sent the same visit

    env.sync()

    after = get_visit(env.db, visit.local_id)
    assert after is not None and after.server_id == copy.id
    detail = _adoption(env, visit.local_id).detail
    assert detail["chosen"] == SAME_CONTENT and detail["other_matches"] == [first]
    assert "server_differs" not in detail


def test_several_matches_none_the_same_take_the_oldest(
    make_env: Callable[..., SyncEnv],
) -> None:
    env, visit, first = _lost_create(make_env)
    env.server.state.edit_interaction(
        first, [{"op": "replace", "path": "/unavailableReason", "value": "Moved"}]
    )
    time.sleep(0.01)
    other = env.client.create_interaction(dict(visit.data, unavailableReason="Refused"))

    env.sync()

    after = get_visit(env.db, visit.local_id)
    assert after is not None and after.server_id == first
    detail = _adoption(env, visit.local_id).detail
    assert detail["chosen"] == OLDEST and detail["other_matches"] == [other.id]


def test_a_document_another_visit_owns_is_never_adopted_twice(
    make_env: Callable[..., SyncEnv],
) -> None:
    env = make_env(idempotency=False)
    (owner,) = env.record(1)
    assert env.sync().sent == 1
    owned = get_visit(env.db, owner.local_id)
    assert owned is not None
    # A second visit with the same identity and content (the same knock recorded twice)
    # whose POST may have been sent and never reached the server: its lookup finds only
    # the first visit's document.
    twin = import_visit(env.db, owner.data, canvasser="ann")
    with env.db.conn:
        env.db.execute(
            "UPDATE outbox SET state = ? WHERE local_id = ?",
            [OutboxState.UNKNOWN.value, twin.local_id],
        )

    env.sync()

    again = get_visit(env.db, twin.local_id)
    assert again is not None and again.server_id not in (None, owned.server_id)
    assert "reconciled_absent" in [e.event for e in visit_log(env.db, twin.local_id)]
    assert len(env.server_docs()) == 2  # the twin's own document, not the owner's


def test_an_edit_queued_while_unknown_is_rebased_on_the_adopted_document(
    make_env: Callable[..., SyncEnv],
) -> None:
    env, visit, doc_id = _lost_create(make_env)
    # The canvasser corrects the reason while the create is unknown: a PATCH guarded by
    # the value they started from ("Not Home")...
    edit_visit(env.db, visit.local_id, {"/unavailableReason": "Come Back"})
    # ... while the supervisor changes the same field, and another one, on the server.
    env.server.state.edit_interaction(
        doc_id,
        [
            {"op": "replace", "path": "/unavailableReason", "value": "Moved"},
            {"op": "add", "path": "/walklistId", "value": "walk-7"},
        ],
    )
    # First the adoption alone (the PATCH meets a 503).
    env.server.state.set_faults("PATCH /v2/interactions/*: 503=1, retry_after=0")
    env.sync(once=True)
    adopted = get_visit(env.db, visit.local_id)
    assert adopted is not None and adopted.server_id == doc_id
    # The local data: the server's copy with the canvasser's pending edit on top.
    assert adopted.data["unavailableReason"] == "Come Back"
    assert adopted.data["walklistId"] == "walk-7"

    env.server.state.set_faults(None)
    env.sync()

    (doc,) = env.server_docs(include_deleted=True)
    assert doc["data"]["unavailableReason"] == "Come Back"  # the canvasser's edit wins
    assert doc["data"]["walklistId"] == "walk-7"  # the supervisor's other change is kept
    assert _overwritten(env, visit.local_id) == [
        {"path": "/unavailableReason", "server_value": "Moved", "local_value": "Come Back"}
    ]
    final = get_visit(env.db, visit.local_id)
    assert final is not None and final.state is OutboxState.SENT
    assert final.data == doc["data"]


def test_a_void_queued_while_unknown_deletes_the_adopted_edited_document(
    make_env: Callable[..., SyncEnv],
) -> None:
    env, visit, doc_id = _lost_create(make_env)
    delete_visit(env.db, visit.local_id)
    env.server.state.edit_interaction(
        doc_id, [{"op": "add", "path": "/walklistId", "value": "walk-7"}]
    )
    kinds = [op.kind for op in VisitRepo(env.db).ops(visit.local_id)]
    assert kinds == [OpKind.CREATE, OpKind.DELETE]

    assert env.sync().sent == 2

    assert env.server_docs() == []
    assert len(env.server_docs(include_deleted=True)) == 1


def test_a_field_both_added_is_overwritten_only_with_a_log_entry(
    make_env: Callable[..., SyncEnv],
) -> None:
    env, visit, doc_id = _lost_create(make_env)
    # The visit has no distance: the canvasser's edit adds one (no value to guard) ...
    assert "distance" not in visit.data
    edit_visit(env.db, visit.local_id, {"/distance": 0.12})
    # ... and so does the supervisor, on the document the lost create made.
    env.server.state.edit_interaction(doc_id, [{"op": "add", "path": "/distance", "value": 3.5}])

    env.sync()

    (doc,) = env.server_docs()
    assert doc["data"]["distance"] == 0.12  # the canvasser's edit wins ...
    # ... and the supervisor's value it replaced is in the sync log, not lost silently.
    assert _overwritten(env, visit.local_id) == [
        {"path": "/distance", "server_value": 3.5, "local_value": 0.12}
    ]
