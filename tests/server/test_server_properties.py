"""Property tests against the live server: its filters agree with a plain-Python reading
of the same filter, and its PATCH agrees with jsonpatch applied to the document's data."""

from __future__ import annotations

import copy
import fnmatch
import json
import random
from collections.abc import Iterator
from typing import Any

import httpx
import jsonpatch
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from canvass_app.core.interaction import validate_data
from canvass_app.server.runner import RunningServer, start_server

from .helpers import PAGE_POST_BODY, client_for

PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
REASONS = ["Not Home", "Refused", "a*b", "ab", "b", ""]


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    running = start_server(seed="empty", token="prop-token")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client(server: RunningServer) -> Iterator[httpx.Client]:
    with client_for(server) as client:
        yield client


@pytest.fixture(scope="module")
def documents(server: RunningServer, client: httpx.Client) -> list[dict[str, Any]]:
    """Thirty varied interactions: numbers, strings, flags, nulls, missing fields, lists."""
    rng = random.Random(5)
    created = []
    for index in range(30):
        body = copy.deepcopy(PAGE_POST_BODY)
        body["timestamp"] = f"2018-07-{10 + index % 9:02d}T18:40:{index:02d}.000Z"
        body["distance"] = rng.choice([0, 1, 2, 2.5, 10, 936.2361])
        body["unavailableReason"] = rng.choice([*REASONS, None])
        if rng.random() < 0.3:
            del body["successful"]
        else:
            body["successful"] = rng.random() < 0.5
        body["tags"] = rng.sample([0, 1, 2, 3, "a", "b"], rng.randint(0, 3))
        if rng.random() < 0.5:
            body["statusId"] = rng.choice(["a", "b", "Not Home"])
        response = client.post("/v2/interactions", json=body)
        assert response.status_code == 200, response.text
        created.append(response.json())
    return created


# ---------------------------------------------------------------- a plain reading of filters

MISSING = object()
PATHS = [
    "/data/distance",
    "/data/unavailableReason",
    "/data/successful",
    "/data/statusId",
    "/data/tags",
    "/data/nothing",
    "/id",
]


def lookup(document: Any, path: str) -> Any:
    current = document
    for part in path.strip("/").split("/"):
        if not isinstance(current, dict) or part not in current:
            return None
        current = current[part]
    return current


def same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and a == b


def comparable(a: Any, b: Any) -> bool:
    numbers = all(isinstance(x, int | float) and not isinstance(x, bool) for x in (a, b))
    return numbers or (isinstance(a, str) and isinstance(b, str))


def evaluate(node: Any, document: dict[str, Any]) -> bool:
    kind = node[0]
    if kind == "and":
        return evaluate(node[1], document) and evaluate(node[2], document)
    if kind == "or":
        return evaluate(node[1], document) or evaluate(node[2], document)
    _, path, op, operand = node
    value = lookup(document, path)
    if op == "between":
        low, high = operand
        return comparable(value, low) and comparable(value, high) and low <= value <= high
    other = lookup(document, operand[1]) if isinstance(operand, tuple) else operand
    if op == "eq":
        return same(value, other)
    if op == "neq":
        return not same(value, other)
    if op in ("in", "nin"):
        inside = isinstance(other, list) and any(same(value, item) for item in other)
        return inside if op == "in" else not inside
    if op == "like":
        return (
            isinstance(value, str)
            and isinstance(other, str)
            and fnmatch.fnmatchcase(value, other.replace("[", "[[]").replace("?", "[?]"))
        )
    if not comparable(value, other):
        return False
    return {"gt": value > other, "gte": value >= other, "lt": value < other, "lte": value <= other}[
        op
    ]


def render_literal(value: Any) -> str:
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ",".join(render_literal(v) for v in value) + "]"
    return json.dumps(value)


def render(node: Any) -> str:
    if node[0] in ("and", "or"):
        return f"({render(node[1])}) {node[0]} ({render(node[2])})"
    _, path, op, operand = node
    if op == "between":
        return f"{path} between {render_literal(operand[0])},{render_literal(operand[1])}"
    right = operand[1] if isinstance(operand, tuple) else render_literal(operand)
    return f"{path} {op} {right}"


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([0, 1, 2, 2.5, 3, 10, 936.2361, -1]),
    st.sampled_from([*REASONS, "a", "Not*", "*b", "*"]),
)
path_refs = st.sampled_from(PATHS).map(lambda p: ("path", p))
comparisons = st.one_of(
    st.tuples(
        st.just("cmp"),
        st.sampled_from(PATHS),
        st.sampled_from(["eq", "neq", "gt", "gte", "lt", "lte", "like"]),
        st.one_of(scalars, path_refs),
    ),
    st.tuples(
        st.just("cmp"),
        st.sampled_from(PATHS),
        st.sampled_from(["in", "nin"]),
        st.one_of(st.lists(scalars, max_size=4), path_refs),
    ),
    st.tuples(
        st.just("cmp"),
        st.sampled_from(PATHS),
        st.just("between"),
        st.one_of(
            st.tuples(st.sampled_from([0, 1, 2.5]), st.sampled_from([2, 10, 1000])),
            st.tuples(st.sampled_from(["", "a", "N"]), st.sampled_from(["b", "Z", "zz"])),
        ),
    ),
)
filters = st.recursive(
    comparisons,
    lambda inner: st.tuples(st.sampled_from(["and", "or"]), inner, inner),
    max_leaves=5,
)


@PROPERTY_SETTINGS
@given(node=filters)
def test_expression_filters_match_a_plain_evaluation(
    client: httpx.Client, documents: list[dict[str, Any]], node: Any
) -> None:
    response = client.get(
        "/v2/interactions", params={"filter": render(node), "skip": 0, "limit": 1000}
    )
    assert response.status_code == 200, (render(node), response.text)
    got = sorted(d["id"] for d in response.json()["data"])
    expected = sorted(d["id"] for d in documents if evaluate(node, d))
    assert got == expected, render(node)


@PROPERTY_SETTINGS
@given(
    path=st.sampled_from(PATHS),
    text=st.sampled_from(["true", "false", "2", "2.5", "Refused", "a", "null"]),
)
def test_bracketed_equality_matches_the_json_spelling(
    client: httpx.Client, documents: list[dict[str, Any]], path: str, text: str
) -> None:
    response = client.get(
        "/v2/interactions", params={f"filter[{path}]": text, "skip": 0, "limit": 1000}
    )
    assert response.status_code == 200
    got = sorted(d["id"] for d in response.json()["data"])

    def spelled(value: Any) -> bool:
        if isinstance(value, str):
            return value == text
        if isinstance(value, bool) or value is None:
            return json.dumps(value) == text
        if isinstance(value, int | float):
            return float(text) == value if text.replace(".", "", 1).isdigit() else False
        return False

    assert got == sorted(d["id"] for d in documents if spelled(lookup(d, path)))


def test_sort_and_paging_agree_with_python(
    client: httpx.Client, documents: list[dict[str, Any]]
) -> None:
    expected = sorted(
        documents, key=lambda d: (d["data"]["distance"], d["data"]["timestamp"]), reverse=True
    )
    seen: list[str] = []
    for skip in range(0, 30, 7):
        page = client.get(
            "/v2/interactions",
            params=[
                ("skip", str(skip)),
                ("limit", "7"),
                ("sort", "/data/distance"),
                ("sort", "DESC"),
                ("sort", "data/timestamp"),
                ("sort", "DESC"),
            ],
        )
        seen += [d["id"] for d in page.json()["data"]]
    assert seen == [d["id"] for d in expected]


# ---------------------------------------------------------------- PATCH equals jsonpatch

VALUES = st.one_of(
    st.booleans(), st.integers(-3, 3), st.sampled_from(["x", "Come Back", ""]), st.none()
)
DATA_PATHS = [
    "/successful",
    "/unavailable",
    "/unavailableReason",
    "/distance",
    "/statusId",
    "/location/lat",
    "/location/confidence",
    "/survey/responses/new",
    "/walklistId",
    "/location",
    "/extra",
]
operations = st.one_of(
    st.builds(
        lambda op, p, v: {"op": op, "path": p, "value": v},
        st.sampled_from(["add", "replace", "test"]),
        st.sampled_from(DATA_PATHS),
        VALUES,
    ),
    st.builds(lambda p: {"op": "remove", "path": p}, st.sampled_from(DATA_PATHS)),
    st.builds(
        lambda op, f, p: {"op": op, "from": f, "path": p},
        st.sampled_from(["move", "copy"]),
        st.sampled_from(DATA_PATHS),
        st.sampled_from(DATA_PATHS),
    ),
)


@PROPERTY_SETTINGS
@given(ops=st.lists(operations, min_size=1, max_size=4), rooted=st.booleans())
def test_patch_through_the_server_equals_jsonpatch_on_data(
    client: httpx.Client, server: RunningServer, ops: list[dict[str, Any]], rooted: bool
) -> None:
    created = client.post("/v2/interactions", json=PAGE_POST_BODY).json()
    sent = copy.deepcopy(ops)
    if rooted:  # the page's spelling: paths from the document root
        for op in sent:
            op["path"] = "/data" + op["path"]
            if "from" in op:
                op["from"] = "/data" + op["from"]
    response = client.patch(
        f"/v2/interactions/{created['id']}",
        json={"data": sent},
        headers={"etag": created["meta"]["etag"]},
    )
    try:
        expected = jsonpatch.apply_patch(created["data"], ops)
    except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException):
        expected = None
    current = client.get(f"/v2/interactions/{created['id']}").json()
    if expected is not None and not validate_data(expected):
        assert response.status_code == 200, (ops, response.text)
        assert response.json()["data"] == expected
        assert current == response.json()
    else:
        assert response.status_code in (400, 409), (ops, response.text)
        assert current == created
