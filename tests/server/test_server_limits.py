"""The reference server cannot be knocked over by one request (issue 15, point 5).

Real HTTP against the real server on 127.0.0.1; raw sockets where the point is what the
server does before a request has been sent whole.
"""

from __future__ import annotations

import json
import os
import re
import socket
import stat
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from canvass_app.server.limits import DEFAULT_MAX_BODY_BYTES, MAX_JSON_DEPTH, nesting_too_deep
from canvass_app.server.query import like_match
from canvass_app.server.seed import DEMO_CODE

from .helpers import anonymous_client, client_for, create_interaction

# --- like: linear time ------------------------------------------------------------------


def _like_by_regex(value: str, pattern: str) -> bool:
    """The old, backtracking definition: the meaning like_match must keep."""
    regex = "^" + ".*".join(re.escape(piece) for piece in pattern.split("*")) + "$"
    return re.match(regex, value, re.DOTALL) is not None


@given(
    value=st.text(alphabet="ab*", max_size=12),
    pattern=st.text(alphabet="ab*", max_size=8),
)
def test_like_means_what_the_regular_expression_meant(value: str, pattern: str) -> None:
    assert like_match(value, pattern) is _like_by_regex(value, pattern)


@pytest.mark.parametrize(
    ("value", "pattern", "expected"),
    [
        ("Hello world", "Hello*", True),
        ("Hello world", "*world", True),
        ("Hello world", "*o w*", True),
        ("Hello world", "Hello", False),
        ("aba", "ab*ba", False),  # the first and last pieces may not overlap
        ("abba", "ab*ba", True),
        ("", "*", True),
        ("", "", True),
        ("x", "", False),
        ("a.c", "a.c", True),  # no other wildcard than *
        ("abc", "a.c", False),
        ("line\nbreak", "line*break", True),
    ],
)
def test_like_examples(value: str, pattern: str, expected: bool) -> None:
    assert like_match(value, pattern) is expected


# A generous bound: the backtracking version took over 120 s on 2,000 characters and
# grows with the fourth power of the length; the linear one takes well under 10 ms.
PATHOLOGICAL_BOUND_S = 5.0


def test_pathological_like_on_100000_characters_over_http(polis_server: Any) -> None:
    with client_for(polis_server) as client:
        created = create_interaction(client, turfId="a" * 100_000)
        started = time.monotonic()
        response = client.get(
            "/v2/interactions",
            params={"skip": "0", "limit": "10", "filter": '/data/turfId like "*a*a*a*b"'},
        )
        elapsed = time.monotonic() - started
        assert response.status_code == 200
        assert response.json()["data"] == []
        assert elapsed < PATHOLOGICAL_BOUND_S
        # and the same value still matches a pattern that fits it
        found = client.get(
            "/v2/interactions",
            params={"skip": "0", "limit": "10", "filter": '/data/turfId like "*a*a*a*a"'},
        )
        assert [doc["id"] for doc in found.json()["data"]] == [created["id"]]


@pytest.mark.parametrize(
    "pattern",
    ["*a*a*a*b", "*a*a*a*b*", "a*a*a*b*a", "*" + "a" * 20 + "b*", "*" + "a*" * 2000 + "b*"],
)
def test_pathological_like_directly_is_fast(pattern: str) -> None:
    value = "a" * 100_000
    started = time.monotonic()
    for _ in range(10):
        assert not like_match(value, pattern)
    assert time.monotonic() - started < PATHOLOGICAL_BOUND_S


# --- request body limit ---------------------------------------------------------------------


def _raw_request(server: Any, head: bytes, chunks: tuple[bytes, ...] = ()) -> bytes:
    """Send ``head`` and ``chunks`` on a raw connection; the answer up to its close."""
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        for chunk in chunks:
            sock.sendall(chunk)
        answer = b""
        while True:
            data = sock.recv(65536)
            if not data:
                return answer
            answer += data


def _status_and_body(answer: bytes) -> tuple[int, dict[str, Any]]:
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), json.loads(body)


def test_a_declared_200_mb_body_is_refused_before_it_is_sent(polis_server: Any) -> None:
    head = (
        b"POST /v2/interactions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Authorization: Bearer " + polis_server.token.encode() + b"\r\n"
        b"Content-Type: application/json\r\nContent-Length: 200000000\r\n\r\n"
    )
    status, body = _status_and_body(_raw_request(polis_server, head))
    assert status == 413
    assert body["name"] == "PayloadTooLargeError"
    assert body["data"]["limit"] == DEFAULT_MAX_BODY_BYTES
    with client_for(polis_server) as client:  # still serving
        assert client.get("/v1/status-groups", params={"skip": 0, "limit": 1}).status_code == 200


def test_a_chunked_body_is_refused_while_it_streams(make_polis_server: Any) -> None:
    """No Content-Length: the server counts as it reads and answers 413 before the body
    has ended (the last chunk is never sent)."""
    server = make_polis_server(token="limit-token", max_body_bytes=4096)
    head = (
        b"POST /v2/notes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer limit-token\r\n"
        b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"400\r\n" + b" " * 1024 + b"\r\n"  # 1 KiB each, five of them, no final chunk
    status, body = _status_and_body(_raw_request(server, head, (chunk,) * 5))
    assert status == 413 and body["data"]["limit"] == 4096


def test_a_body_within_the_limit_is_served(make_polis_server: Any) -> None:
    server = make_polis_server(token="limit-token", max_body_bytes=4096)
    with client_for(server) as client:
        small = {"data": {"contactId": "c-1", "text": "x" * 3000}}
        assert client.post("/v2/notes", json=small).status_code == 200
        large = {"data": {"contactId": "c-1", "text": "x" * 5000}}
        answer = client.post("/v2/notes", json=large)
        assert answer.status_code == 413


def test_the_body_limit_is_checked_when_the_server_starts(make_polis_server: Any) -> None:
    with pytest.raises(ValueError, match="at least 1024 bytes"):
        make_polis_server(max_body_bytes=10)


# --- JSON nesting limit ---------------------------------------------------------------------


def _nested(depth: int) -> bytes:
    """A note whose body nests ``depth`` objects in all (the body and data are two)."""
    inner = depth - 2
    extra = '{"deeper":' * inner + '"leaf"' + "}" * inner
    return ('{"data":{"contactId":"c-1","text":"note","extra":' + extra + "}}").encode()


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 900, 5000])
def test_json_nested_too_deep_is_400_not_500(polis_server: Any, depth: int) -> None:
    with client_for(polis_server) as client:
        answer = client.post("/v2/notes", content=_nested(depth))
        assert answer.status_code == 400
        assert f"deeper than {MAX_JSON_DEPTH} levels" in answer.json()["message"]
        assert client.get("/v2/notes", params={"skip": 0, "limit": 1}).status_code == 200


def test_json_at_the_nesting_limit_is_accepted(polis_server: Any) -> None:
    with client_for(polis_server) as client:
        answer = client.post("/v2/notes", content=_nested(MAX_JSON_DEPTH))
        assert answer.status_code == 200, answer.text
        assert client.get(f"/v2/notes/{answer.json()['id']}").status_code == 200


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    assert not nesting_too_deep(json.dumps({"text": "[" * 1000 + "{" * 1000}))
    assert nesting_too_deep("[" * 65 + "]" * 65)
    assert not nesting_too_deep("[" * 64 + "]" * 64)


def test_a_deep_json_sort_parameter_is_400(polis_server: Any) -> None:
    with client_for(polis_server) as client:
        answer = client.get(
            "/v2/interactions", params={"skip": 0, "limit": 1, "sort": "[" * 900 + "]" * 900}
        )
        assert answer.status_code == 400


# --- who gets a token -----------------------------------------------------------------------


def test_with_its_own_token_and_no_demo_login_nobody_else_gets_a_token(
    make_polis_server: Any,
) -> None:
    server = make_polis_server(token="the-only-token", demo_login=False)
    with anonymous_client(server) as anon:
        exchange = anon.post(
            "/auth/oauth2/token",
            json={"grant_type": "authorization_code", "code": DEMO_CODE, "client_id": "x"},
        )
        assert exchange.status_code == 403
        assert "access_token" not in exchange.text
        authorize = anon.get("/oauth/authorize", params={"response_type": "code", "client_id": "x"})
        assert authorize.status_code == 403 and "code" not in authorize.json().get("data", {})
    with client_for(server) as client:
        assert client.get("/v1/status-groups", params={"skip": 0, "limit": 1}).status_code == 200


def test_demo_login_lets_the_demo_code_in(make_polis_server: Any) -> None:
    server = make_polis_server(token="the-token", demo_login=True)
    with anonymous_client(server) as anon:
        answer = anon.post(
            "/auth/oauth2/token", json={"grant_type": "authorization_code", "code": DEMO_CODE}
        )
        assert answer.status_code == 200
        token = answer.json()["access_token"]
    with client_for(server, token) as client:
        assert client.get("/v1/status-groups", params={"skip": 0, "limit": 1}).status_code == 200


# --- where /oauth/authorize may send a code ----------------------------------------------


def _authorize(server: Any, redirect_uri: str) -> Any:
    with anonymous_client(server) as anon:
        params = {"response_type": "code", "client_id": "x", "redirect_uri": redirect_uri}
        return anon.get("/oauth/authorize", params=params)


@pytest.mark.parametrize(
    "uri",
    [
        "http://127.0.0.1:8123/callback",
        "http://localhost/cb?x=1",
        "http://[::1]:9000/cb",
        "https://127.0.0.2/cb",
    ],
)
def test_authorize_redirects_to_this_machine(polis_server: Any, uri: str) -> None:
    answer = _authorize(polis_server, uri)
    assert answer.status_code == 302
    assert answer.headers["location"].startswith(uri)
    assert "code=" in answer.headers["location"]


@pytest.mark.parametrize(
    "uri",
    [
        "http://evil.example/cb",
        "https://127.0.0.1.evil.example/cb",
        "http://localhost@evil.example/cb",
        "http://127.0.0.1/cb#fragment",
        "javascript:alert(1)",
        "//evil.example/cb",
        "http://[::1/cb",
    ],
)
def test_authorize_refuses_other_redirects(polis_server: Any, uri: str) -> None:
    answer = _authorize(polis_server, uri)
    assert answer.status_code == 400
    assert answer.json()["data"]["parameter"] == "redirect_uri"
    assert "location" not in answer.headers


def test_authorize_redirects_to_a_configured_uri(make_polis_server: Any) -> None:
    allowed = "https://canvass.example.org/signed-in"
    server = make_polis_server(redirect_uris=(allowed,))
    answer = _authorize(server, allowed)
    assert answer.status_code == 302 and answer.headers["location"].startswith(allowed)
    assert _authorize(server, allowed + "/../elsewhere").status_code == 400


# --- strict parameters ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"skip": "0", "limit": "٣"}, "limit"),  # an Arabic-Indic three
        ({"skip": "٠", "limit": "3"}, "skip"),
        ({"skip": "0", "limit": "３"}, "limit"),  # a full-width three
        ({"skip": "0", "limit": " 3"}, "limit"),
        ({"skip": "0", "limit": "+3"}, "limit"),
        ({"skip": "-1", "limit": "3"}, "skip"),
    ],
)
def test_counts_are_ascii_digits_only(
    polis_server: Any, params: dict[str, str], named: str
) -> None:
    with client_for(polis_server) as client:
        answer = client.get("/v2/interactions", params=params)
        assert answer.status_code == 400
        assert answer.json()["data"]["parameter"] == named


@pytest.mark.parametrize(
    ("sort", "words"),
    [
        (["/data/timestamp", "SIDEWAYS"], "'SIDEWAYS'"),
        (["/data/timestamp", "asc"], "'asc'"),
        (['["id","SIDEWAYS"]'], "'SIDEWAYS'"),
        (['["id","desc"]'], "'desc'"),
        (["/nope"], "'/nope'"),
        (["nope", "ASC"], "'nope'"),
    ],
)
def test_sort_takes_ASC_DESC_and_known_fields_only(
    polis_server: Any, sort: list[str], words: str
) -> None:
    params: list[tuple[str, str]] = [("skip", "0"), ("limit", "5")]
    params += [("sort", value) for value in sort]
    with client_for(polis_server) as client:
        answer = client.get("/v2/interactions", params=params)
        assert answer.status_code == 400
        assert words in answer.json()["message"]


@pytest.mark.parametrize(
    "params",
    [
        {"filter[/nope]": "1"},
        {"filter": "nope eq 1"},
        {"filter": "/data/contactId eq Bob"},  # an unquoted word is a field, and unknown
    ],
)
def test_unknown_filter_fields_are_400_naming_the_field(
    polis_server: Any, params: dict[str, str]
) -> None:
    with client_for(polis_server) as client:
        answer = client.get("/v2/interactions", params={"skip": "0", "limit": "5", **params})
        assert answer.status_code == 400
        body = answer.json()
        assert body["message"].startswith("Unknown filter field")
        assert body["data"]["field"] in ("/nope", "nope", "Bob")


def test_known_fields_still_sort_and_filter(polis_server: Any) -> None:
    with client_for(polis_server) as client:
        create_interaction(client)
        params = [
            ("skip", "0"),
            ("limit", "5"),
            ("sort", "/data/timestamp"),
            ("sort", "DESC"),
            ("filter", '/meta/isDeleted eq false and customerId neq "x"'),
        ]
        answer = client.get("/v2/interactions", params=params)
        assert answer.status_code == 200 and len(answer.json()["data"]) == 1


# --- owner-only files -----------------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_the_db_file_is_owner_only_and_an_existing_folder_is_left_alone(
    make_polis_server: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o755)
    db = folder / "server.sqlite3"
    server = make_polis_server(db=db)
    with client_for(server) as client:
        create_interaction(client)  # writes the WAL
    for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        assert _mode(path) == 0o600, path
    assert _mode(folder) == 0o755
    server.stop()


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_a_new_db_folder_is_owner_only_and_an_old_file_is_made_private(
    make_polis_server: Any, tmp_path: Path
) -> None:
    db = tmp_path / "new" / "server.sqlite3"
    make_polis_server(db=db).stop()
    assert _mode(db.parent) == 0o700
    db.chmod(0o644)  # as written by an older version
    make_polis_server(db=db).stop()
    assert _mode(db) == 0o600
