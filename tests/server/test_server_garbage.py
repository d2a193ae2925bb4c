"""Garbage at every route: the server answers JSON with a 4xx (or 200), never a 500,
and keeps serving."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from canvass_app.server.runner import RunningServer, start_server
from canvass_app.server.seed import DEMO_CAMPAIGN_ID, DEMO_LIST_ID, DEMO_SURVEY_ID

from .helpers import PAGE_POST_BODY, client_for

ROUTES = [
    "/v2/interactions",
    "/v2/interactions/{id}",
    "/v2/contacts",
    "/v2/contacts/{id}",
    "/v2/contacts/{id}/households",
    "/v2/contacts/{id}/households/{id}",
    "/v2/households",
    "/v2/households/{id}",
    "/v2/notes",
    "/v2/notes/{id}",
    "/v1/lists",
    "/v1/lists/{id}",
    "/v1/lists/{id}/contact-households",
    "/v1/surveys",
    "/v1/surveys/{id}",
    "/v1/campaigns",
    "/v1/campaigns/{id}",
    "/v1/campaigns/{id}/statuses",
    "/v1/campaigns/{id}/contacts/{id}/households/{id}/status",
    "/v1/statuses",
    "/v1/statuses/{id}",
    "/v1/status-groups",
    "/v1/status-groups/{id}",
    "/auth/oauth2/token",
    "/oauth/authorize",
    "/",
    "/v3/whatever",
    "/v2/contacts/bulk",
    "/v1/campaigns/contact-households/bulk",
    "/v2/households/bulk",
    "/v2/contacts/households/bulk",
    "/v1/lists/{id}/contacts/{id}/households/{id}",
]
IDS = st.one_of(
    st.sampled_from([DEMO_CAMPAIGN_ID, DEMO_LIST_ID, DEMO_SURVEY_ID, "x", "..", "%00", "a b"]),
    st.text(min_size=1, max_size=12).filter(
        lambda s: "/" not in s and "?" not in s and "#" not in s
    ),
)
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
BODIES = st.one_of(
    st.binary(max_size=60),
    JSONISH.map(lambda v: json.dumps(v).encode()),
    st.just(json.dumps(PAGE_POST_BODY).encode()),
    st.builds(lambda ops: json.dumps({"data": ops}).encode(), st.lists(JSONISH, max_size=3)),
    st.just(b'{"data": [{"op": "replace", "path": "/data/successful", "value": true}]}'),
    st.builds(
        lambda items: json.dumps({"data": items}).encode(),
        st.lists(JSONISH, min_size=1, max_size=3),
    ),
    st.sampled_from([b"[" * 5000, b'{"a": NaN}', b'{"data": {"x": Infinity}}']),
    st.just(json.dumps(PAGE_POST_BODY)[:-1].encode() + b', "extra": 1e999}'),
)
QUERY_VALUES = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "0",
            "10",
            "-1",
            "9007199254740991",
            "99999999999999999999999999999999",
            '["id","ASC"]',
            "[[",
            '/data/x eq "a" and (',
            "/a in /b",
            "/a between 1,",
            '"unterminated',
            "()",
            '/x like "*"',
        ]
    ),
)
QUERIES = st.lists(
    st.tuples(
        st.sampled_from(["skip", "limit", "sort", "filter", "filter[/data/campaignId]", "zzz"]),
        QUERY_VALUES,
    ),
    max_size=5,
)
ALLOWED = {200, 302, 400, 401, 404, 405, 409, 412, 422, 428}


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    running = start_server(seed="demo", token="garbage-token")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def raw_client(server: RunningServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]),
    route=st.sampled_from(ROUTES),
    ids=st.lists(IDS, min_size=3, max_size=3),
    query=QUERIES,
    body=BODIES,
    etag=st.one_of(
        st.none(), st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=10)
    ),
    authorized=st.booleans(),
)
def test_garbage_never_breaks_the_server(
    server: RunningServer,
    method: str,
    route: str,
    ids: list[str],
    query: list[tuple[str, str]],
    body: bytes,
    etag: str | None,
    authorized: bool,
    raw_client: httpx.Client,
) -> None:
    path = route
    for value in ids:
        path = path.replace("{id}", quote(value, safe=""), 1)
    headers = {"Content-Type": "application/json"}
    if authorized:
        headers["Authorization"] = "Bearer garbage-token"
    if etag is not None:
        headers["etag"] = etag
    response = raw_client.request(method, path, params=query, content=body, headers=headers)
    assert response.status_code in ALLOWED, (method, path, query, body, response.text)
    if method != "HEAD" and response.status_code != 302:
        assert isinstance(response.json(), dict)


def test_server_still_answers_after_the_garbage(server: RunningServer) -> None:
    with client_for(server) as client:
        assert client.post("/v2/interactions", json=PAGE_POST_BODY).status_code == 200
