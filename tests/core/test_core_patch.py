"""JSON Patch path forms, edit intent with test guards, rebase on a server copy, folding."""

from __future__ import annotations

import copy
from typing import Any

import jsonpatch
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from canvass_app.core.errors import PatchConflict, ValidationError
from canvass_app.core.patch import (
    REMOVE,
    Overwrite,
    apply_ops,
    fold_into,
    intent_ops,
    normalize_ops,
    rebase,
    same_json,
    to_data_path,
    to_document_path,
    validate_ops,
)


def _data() -> dict[str, Any]:
    return {
        "campaignId": "camp",
        "contactId": "contact",
        "householdId": "house",
        "contactHouseholdId": "ch",
        "timestamp": "2018-07-17T18:40:53.526Z",
        "unavailable": True,
        "unavailableReason": "Come Back",
        "successful": True,
        "survey": {
            "surveyId": "s",
            "responses": {"q1": {"questionId": "q1", "fields": {"available": "false"}}},
        },
    }


# --- path forms ---------------------------------------------------------------------------


def test_path_forms() -> None:
    assert to_data_path("/data/successful") == "/successful"
    assert to_data_path("/successful") == "/successful"
    assert to_data_path("/data/survey/responses/q1") == "/survey/responses/q1"
    assert to_document_path("/successful") == "/data/successful"
    assert to_document_path("/data/successful") == "/data/successful"


def test_normalize_ops_both_ways() -> None:
    page_ops: list[dict[str, Any]] = [
        {"op": "replace", "path": "/data/successful", "value": False},
        {"op": "move", "from": "/data/a", "path": "/data/b"},
    ]
    data_ops = normalize_ops(page_ops, "data")
    assert data_ops == [
        {"op": "replace", "path": "/successful", "value": False},
        {"op": "move", "from": "/a", "path": "/b"},
    ]
    assert normalize_ops(data_ops, "document") == page_ops
    assert page_ops[0]["path"] == "/data/successful", "input must not change"


def test_validate_ops_shape_and_scope() -> None:
    assert validate_ops([{"op": "replace", "path": "/data/successful", "value": False}]) == []
    problems = validate_ops(
        [
            {"op": "replace", "path": "/meta/etag", "value": "x"},
            {"op": "replace", "path": "/id", "value": "x"},
            {"op": "frobnicate", "path": "/a"},
            {"op": "add", "path": "/a"},
            {"op": "copy", "path": "/a"},
            {"op": "remove", "path": "a"},
            {"op": "replace", "path": "/data", "value": {}},
            "not an op",
        ]
    )
    by_field = {p.field: p.message for p in problems}
    assert "outside data" in by_field["/0/path"]
    assert "outside data" in by_field["/1/path"]
    assert "frobnicate" in by_field["/2/op"]
    assert "needs a value" in by_field["/3/value"]
    assert "needs from" in by_field["/4/from"]
    assert "must start with /" in by_field["/5/path"]
    assert "whole document" in by_field["/6/path"]
    assert "/7" in by_field
    assert validate_ops({"op": "add"})[0].message == "a patch must be a list of operations"
    with pytest.raises(ValidationError, match="outside data"):
        normalize_ops([{"op": "remove", "path": "/customerId"}], "data")


# --- intent -------------------------------------------------------------------------------


def test_intent_ops_guard_every_change_with_its_starting_value() -> None:
    before = _data()
    ops = intent_ops(
        before,
        {
            "/successful": False,
            "/unavailable": True,  # unchanged: no op
            "/unavailableReason": REMOVE,
            "/statusId": "status-1",  # new field: unguarded add
            "/survey/responses/q1/fields": {"available": "true"},
        },
    )
    assert ops == [
        {"op": "test", "path": "/successful", "value": True},
        {"op": "replace", "path": "/successful", "value": False},
        {"op": "test", "path": "/unavailableReason", "value": "Come Back"},
        {"op": "remove", "path": "/unavailableReason"},
        {"op": "add", "path": "/statusId", "value": "status-1"},
        {"op": "test", "path": "/survey/responses/q1/fields", "value": {"available": "false"}},
        {"op": "replace", "path": "/survey/responses/q1/fields", "value": {"available": "true"}},
    ]
    assert before == _data(), "intent_ops must not change its input"
    after = apply_ops(before, ops)
    assert after["successful"] is False and "unavailableReason" not in after
    assert after["statusId"] == "status-1"


def test_intent_ops_accept_document_paths_and_create_missing_parents() -> None:
    ops = intent_ops(_data(), {"/data/location/lat": 33.4, "/location/lng": -84.1})
    assert ops == [
        {"op": "add", "path": "/location", "value": {"lat": 33.4}},
        {"op": "add", "path": "/location/lng", "value": -84.1},
    ]
    assert apply_ops(_data(), ops)["location"] == {"lat": 33.4, "lng": -84.1}


def test_intent_ops_true_is_not_one() -> None:
    before = {"flag": 1}
    assert intent_ops(before, {"/flag": True}) != []
    assert intent_ops({"n": 1}, {"/n": 1.0}) == []
    assert intent_ops(_data(), {"/nothing": REMOVE}) == []


def test_intent_ops_refuse_paths_outside_data() -> None:
    with pytest.raises(ValidationError, match="outside data"):
        intent_ops(_data(), {"/meta/etag": "x"})


# --- apply and fold -----------------------------------------------------------------------


def test_apply_ops_accepts_the_page_form_and_copies() -> None:
    data = _data()
    result = apply_ops(
        data,
        [
            {"op": "replace", "path": "/data/successful", "value": False},
            {"op": "replace", "path": "/data/unavailable", "value": False},
        ],
    )
    assert (result["successful"], result["unavailable"]) == (False, False)
    assert data == _data()


def test_apply_ops_conflicts_are_clear() -> None:
    with pytest.raises(PatchConflict) as caught:
        apply_ops(_data(), [{"op": "replace", "path": "/statusId", "value": "x"}])
    assert caught.value.path == "/statusId"
    assert "not there" in caught.value.reason
    with pytest.raises(PatchConflict, match="no longer the one the edit started from"):
        apply_ops(_data(), [{"op": "test", "path": "/successful", "value": False}])
    with pytest.raises(PatchConflict, match="does not exist"):
        apply_ops(_data(), [{"op": "add", "path": "/location/lat", "value": 1}])


def test_fold_into_an_unsent_create() -> None:
    create = _data()
    first = intent_ops(create, {"/successful": False})
    second = intent_ops(apply_ops(create, first), {"/successful": True, "/statusId": "s-2"})
    folded = fold_into(fold_into(create, first), second)
    assert folded["successful"] is True and folded["statusId"] == "s-2"
    # Tests are not enforced on our own unsent copy.
    assert fold_into(create, [{"op": "test", "path": "/successful", "value": "?"}]) == create
    with pytest.raises(PatchConflict):
        fold_into(create, [{"op": "remove", "path": "/statusId"}])


# --- rebase -------------------------------------------------------------------------------


def test_rebase_soft_conflict_keeps_ops_and_both_changes() -> None:
    before = _data()
    ops = intent_ops(before, {"/successful": False})
    server = copy.deepcopy(before)
    server["statusId"] = "server-status"  # someone else changed another field
    result = rebase(server, ops)
    assert result.ops == ops
    assert result.overwritten == [] and not result.hard_conflict
    assert result.data["successful"] is False
    assert result.data["statusId"] == "server-status"
    assert jsonpatch.apply_patch(server, result.ops) == result.data


def test_rebase_hard_conflict_local_wins_and_server_value_is_kept() -> None:
    before = _data()
    ops = normalize_ops(intent_ops(before, {"/unavailableReason": "Not Home"}), "document")
    server = copy.deepcopy(before)
    server["unavailableReason"] = "Refused"  # the server changed the same field
    result = rebase(server, ops)
    assert result.data["unavailableReason"] == "Not Home"
    assert result.overwritten == [Overwrite("/unavailableReason", "Refused", "Not Home")]
    assert result.ops == [
        {"op": "test", "path": "/data/unavailableReason", "value": "Refused"},
        {"op": "replace", "path": "/data/unavailableReason", "value": "Not Home"},
    ]
    # The rewritten ops apply cleanly on the server copy.
    server_doc = {"data": server}
    assert jsonpatch.apply_patch(server_doc, result.ops)["data"] == result.data


def test_rebase_same_value_on_both_sides_is_no_overwrite() -> None:
    before = _data()
    ops = intent_ops(before, {"/successful": False})
    server = dict(copy.deepcopy(before), successful=False)
    result = rebase(server, ops)
    assert result.overwritten == []
    assert result.ops[0] == {"op": "test", "path": "/successful", "value": False}


def test_rebase_add_over_a_field_the_server_added_records_it() -> None:
    ops = intent_ops(_data(), {"/statusId": "mine"})
    server = dict(_data(), statusId="theirs")
    result = rebase(server, ops)
    assert result.data["statusId"] == "mine"
    assert result.overwritten == [Overwrite("/statusId", "theirs", "mine")]


@pytest.mark.parametrize(
    "change", [{"/unavailableReason": "Not Home"}, {"/unavailableReason": REMOVE}]
)
def test_rebase_impossible_when_the_field_is_gone(change: dict[str, object]) -> None:
    ops = intent_ops(_data(), change)
    server = _data()
    del server["unavailableReason"]
    with pytest.raises(PatchConflict) as caught:
        rebase(server, ops)
    assert caught.value.path == "/unavailableReason"
    # Without the guard the replace itself cannot apply either.
    with pytest.raises(PatchConflict, match="no such field"):
        rebase(server, [op for op in ops if op["op"] != "test"])


def test_rebase_remove_overwrites_a_changed_server_value() -> None:
    ops = intent_ops(_data(), {"/unavailableReason": REMOVE})
    server = dict(_data(), unavailableReason="Moved")
    result = rebase(server, ops)
    assert "unavailableReason" not in result.data
    assert result.overwritten == [Overwrite("/unavailableReason", "Moved", None)]


def test_rebase_rejects_malformed_ops() -> None:
    with pytest.raises(ValidationError):
        rebase(_data(), [{"op": "replace", "path": "/meta/etag", "value": "x"}])


# --- property: disjoint edits both survive ------------------------------------------------

FIELD_NAMES = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
scalars = st.one_of(
    st.booleans(),
    st.integers(-1000, 1000),
    st.text(max_size=8),
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)
new_value = st.one_of(json_values, st.just(REMOVE))


@st.composite
def disjoint_edits(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, object], dict[str, object]]:
    base = draw(
        st.dictionaries(st.sampled_from(FIELD_NAMES), json_values, max_size=len(FIELD_NAMES))
    )
    names = draw(st.permutations(FIELD_NAMES))
    split = draw(st.integers(0, len(names)))
    local_names, server_names = names[:split], names[split:]
    local = {f"/{n}": draw(new_value) for n in local_names if draw(st.booleans())}
    server = {f"/{n}": draw(new_value) for n in server_names if draw(st.booleans())}
    return base, local, server


def _with(data: dict[str, Any], changes: dict[str, object]) -> dict[str, Any]:
    result = copy.deepcopy(data)
    for path, value in changes.items():
        if value is REMOVE:
            result.pop(path[1:], None)
        else:
            result[path[1:]] = copy.deepcopy(value)
    return result


@settings(max_examples=200, deadline=None)
@given(disjoint_edits())
def test_rebase_of_disjoint_edits_keeps_both_changes(
    edits: tuple[dict[str, Any], dict[str, object], dict[str, object]],
) -> None:
    base, local, server_changes = edits
    ops = intent_ops(base, local)
    server = _with(base, server_changes)
    result = rebase(server, ops)
    assert result.data == _with(_with(base, server_changes), local)
    assert result.overwritten == []
    assert result.ops == ops
    # What is sent applies on the server's copy and gives the same data.
    assert jsonpatch.apply_patch(server, result.ops) == result.data


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELD_NAMES), json_values, min_size=1), st.data())
def test_rebase_same_field_local_always_wins(base: dict[str, Any], data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(base)))
    mine = data.draw(json_values)
    theirs = data.draw(json_values)
    # An "edit" that keeps the old value is no edit: nothing to win.
    assume(not same_json(mine, base[name]))
    ops = intent_ops(base, {f"/{name}": mine})
    server = dict(copy.deepcopy(base), **{name: theirs})
    result = rebase(server, ops)
    assert result.data[name] == mine
    assert jsonpatch.apply_patch(server, result.ops) == result.data
    for overwrite in result.overwritten:
        assert overwrite == Overwrite(f"/{name}", theirs, mine)
