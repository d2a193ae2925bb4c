"""The query language without HTTP: parsing, operators, sort spellings."""

from __future__ import annotations

from typing import Any

import pytest

from canvass_app.server.errors import ApiError
from canvass_app.server.query import (
    SortKey,
    matches,
    parse_collection_query,
    parse_filter_expression,
    parse_sort,
    run_query,
)

DOC: dict[str, Any] = {
    "id": "b",
    "customerId": "c-1",
    "data": {"n": 5, "s": "Hello world", "flag": False, "tags": [1, "x"], "none": None, "m": 5.0},
}


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('/data/s eq "Hello world"', True),
        ('data/s eq "Hello world"', True),  # the leading slash may be left out
        ("/data/n gte 5 and /data/n lte 5", True),
        ("/data/n gt 5 or /data/n lt 5", False),
        ("/data/n eq /data/m", True),  # field to field
        ("/data/flag eq false", True),
        ("/data/flag eq 0", False),  # a flag is never a number
        ("/data/none eq nil", True),
        ("/data/missing eq nil", True),
        ("/data/missing neq nil", False),
        ('/data/s like "Hello*"', True),
        ('/data/s like "*world"', True),
        ('/data/s like "Hello"', False),  # the whole value must match
        ('/data/n in [1,5,"x"]', True),
        ("/data/n nin [1,2]", True),
        ('"x" eq "x"', None),
        ("/data/n in /data/tags", False),
        ('/customerId in ["c-1"]', True),
        ("/data/n between 0,5", True),  # inclusive
        ("/data/n between 6,9", False),
        ('/data/s between "A","Z"', True),
        ('/data/n between "A","Z"', False),  # numbers and strings never compare
        ('(/data/n eq 1 or /data/n eq 5) and (/data/s neq "x")', True),
        ("/data/n EQ 5 AND /data/flag eq FALSE", True),
        ("/data/n eq -5", False),
        ("/data/n lt 5e1", True),
    ],
)
def test_expressions(expression: str, expected: bool | None) -> None:
    if expected is None:
        with pytest.raises(ApiError) as caught:
            parse_filter_expression(expression)
        assert caught.value.status == 400 and "field path" in caught.value.message
        return
    assert matches(DOC, parse_filter_expression(expression)) is expected


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        ("/data/n", "operator"),
        ("/data/n eq", "ends too early"),
        ("/data/n between 1", "two values"),
        ("(/data/n eq 1", "closing parenthesis"),
        ("/data/n eq 1 )", "unexpected text"),
        ("/data/n eq 1 and", "ends too early"),
        ("/data/n in [1, /data/m]", "literal"),
        ("/data/n eq #", "unexpected character"),
        ("", "empty"),
    ],
)
def test_bad_expressions_say_what_is_wrong(expression: str, words: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse_filter_expression(expression)
    assert caught.value.status == 400
    assert words in caught.value.message


def test_sort_spellings_are_one_field() -> None:
    expected = (SortKey("/data/name", False), SortKey("/id", True))
    assert parse_sort(['[["data/name","ASC"],["id","DESC"]]']) == expected
    assert parse_sort(["/data/name", "ASC", "id", "DESC"]) == expected
    assert parse_sort(["data/name", "ASC", "/id", "DESC"]) == expected
    assert parse_sort(['["id","DESC"]']) == (SortKey("/id", True),)
    assert parse_sort(["id"]) == (SortKey("/id", False),)


def test_sort_orders_mixed_values_and_keeps_ties_stable() -> None:
    docs = [{"id": str(i), "data": {"v": v}} for i, v in enumerate([3, None, "a", True, 1, 3])]
    query = parse_collection_query([("skip", "0"), ("limit", "10"), ("sort", "/data/v")])
    assert [d["id"] for d in run_query(docs, query)] == ["1", "3", "4", "0", "5", "2"]


def test_bracket_filters_and_paging() -> None:
    query = parse_collection_query(
        [("filter[/data/flag]", "false"), ("skip", "0"), ("limit", "9007199254740991")]
    )
    assert run_query([DOC], query) == [DOC]
    query = parse_collection_query([("filter[/data/n]", "5.0"), ("skip", "1"), ("limit", "1")])
    assert run_query([DOC], query) == []
