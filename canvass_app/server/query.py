"""Collection queries: filter (both wire encodings), sort (both encodings), skip, limit.

Encodings (api-notes §3.2):
- filter as an expression, `filter=/data/x eq "v" and (/data/n gte 2 or /data/y eq nil)`;
- filter as a bracketed equality map, `filter[/data/x]=v` (values arrive as text and
  match a document value whose JSON spelling is that text, so `false` matches false);
- sort as repeated pairs `sort=/data/id&sort=ASC`, or as a JSON array `["id","ASC"]`
  (or a list of such pairs). Field spellings `id`, `data/name` and `/data/id` are one field.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from canvass_app.server.documents import ENVELOPE_KEYS
from canvass_app.server.errors import bad_request
from canvass_app.server.limits import MAX_JSON_DEPTH, nesting_too_deep

MAX_FILTER_LENGTH = 10_000
SORT_DIRECTIONS = ("ASC", "DESC")
# Where a field path may start: the envelope's keys and data (api-notes §2). Inside data
# any path is allowed (documents keep fields the docs do not name, such as turfId).
FIELD_ROOTS = ("data", *ENVELOPE_KEYS)
COMPARISON_OPERATORS = ("eq", "neq", "gt", "gte", "lt", "lte", "like", "in", "nin", "between")

_MISSING = object()


# ---------------------------------------------------------------- paths


def normalize_path(text: str, use: str = "filter") -> str:
    """`id`, `data/name` and `/data/name` name the same field; answer the `/...` form.

    A path that does not start at a field of the envelope or at data is a 400 naming it
    (``use`` says where it was given: "filter" or "sort").
    """
    text = text.strip()
    if not text:
        raise bad_request(f"A {use} field is empty.")
    path = text if text.startswith("/") else "/" + text
    if path[1:].split("/", 1)[0] not in FIELD_ROOTS:
        hint = "; a sort direction is ASC or DESC" if use == "sort" else ""
        raise bad_request(
            f"Unknown {use} field {text!r}: a field is id, customerId, securityGroupId, "
            f"meta/…, params/… or data/…{hint}.",
            field=text,
        )
    return path


def resolve(document: Any, path: str) -> Any:
    """The value at a JSON-pointer-like path, or _MISSING when any step is absent."""
    current = document
    for raw in path.split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(current, dict):
            if part not in current:
                return _MISSING
            current = current[part]
        elif isinstance(current, list):
            if not part.isdigit() or int(part) >= len(current):
                return _MISSING
            current = current[int(part)]
        else:
            return _MISSING
    return current


def value_at(document: Any, path: str) -> Any:
    """Like resolve, with a missing field read as None (so `eq nil` matches it)."""
    value = resolve(document, path)
    return None if value is _MISSING else value


# ---------------------------------------------------------------- the filter tree


@dataclass(frozen=True)
class PathRef:
    """The right side of a comparison that names another field of the same document."""

    path: str


@dataclass(frozen=True)
class Comparison:
    path: str
    operator: str
    operand: Any  # a literal, a list of literals, a PathRef, or (low, high) for between


@dataclass(frozen=True)
class BoolOp:
    operator: str  # "and" | "or"
    parts: tuple[Filter, ...]


@dataclass(frozen=True)
class TextEquals:
    """The bracketed form: the value arrives as text from the query string."""

    path: str
    text: str


Filter = Comparison | BoolOp | TextEquals


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def values_equal(left: Any, right: Any) -> bool:
    """Equality without Python's True == 1: booleans only equal booleans."""
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if _is_number(left) and _is_number(right):
        return bool(left == right)
    return type(left) is type(right) and bool(left == right)


def _ordered(left: Any, right: Any) -> int | None:
    """-1/0/1 when both are numbers or both strings; None when they cannot be ordered."""
    if _is_number(left) and _is_number(right) or isinstance(left, str) and isinstance(right, str):
        return int(left > right) - int(left < right)
    return None


def like_match(value: str, pattern: str) -> bool:
    """Whether ``pattern`` matches all of ``value``; ``*`` stands for any run of characters.

    Linear time, with no backtracking: the first piece must start the value, the last must
    end it, and each piece between stars is taken at its first place after the one before.
    Taking the first place never loses a match (any later place leaves less room for the
    pieces after it), so nothing is ever tried twice. A backtracking regular expression
    took over 120 s for ``*a*a*a*b`` on 2,000 characters.
    """
    pieces = pattern.split("*")
    if len(pieces) == 1:
        return value == pattern
    first, *middle, last = pieces
    start, end = len(first), len(value) - len(last)
    if end < start or not value.startswith(first) or not value.endswith(last):
        return False
    for piece in middle:
        found = value.find(piece, start, end)
        if found < 0:
            return False
        start = found + len(piece)
    return True


def _like(value: Any, pattern: Any) -> bool:
    return isinstance(value, str) and isinstance(pattern, str) and like_match(value, pattern)


def _text_matches(value: Any, text: str) -> bool:
    if isinstance(value, str):
        return value == text
    if value is None:
        return text in ("null", "nil", "")
    if isinstance(value, bool):
        return text == ("true" if value else "false")
    if _is_number(value):
        try:
            return float(text) == float(value)
        except ValueError:
            return False
    return False


def _operand_value(document: Any, operand: Any) -> Any:
    return value_at(document, operand.path) if isinstance(operand, PathRef) else operand


def matches(document: Any, node: Filter) -> bool:
    """Whether one document passes the filter."""
    if isinstance(node, BoolOp):
        if node.operator == "and":
            return all(matches(document, part) for part in node.parts)
        return any(matches(document, part) for part in node.parts)
    if isinstance(node, TextEquals):
        return _text_matches(value_at(document, node.path), node.text)
    value = value_at(document, node.path)
    op = node.operator
    if op == "between":
        low, high = (_operand_value(document, bound) for bound in node.operand)
        lower, upper = _ordered(value, low), _ordered(value, high)
        return lower is not None and upper is not None and lower >= 0 and upper <= 0
    other = _operand_value(document, node.operand)
    if op == "eq":
        return values_equal(value, other)
    if op == "neq":
        return not values_equal(value, other)
    if op in ("in", "nin"):
        found = isinstance(other, list) and any(values_equal(value, item) for item in other)
        return found if op == "in" else not found
    if op == "like":
        return _like(value, other)
    order = _ordered(value, other)
    if order is None:
        return False
    return {"gt": order > 0, "gte": order >= 0, "lt": order < 0, "lte": order <= 0}[op]


# ---------------------------------------------------------------- the expression parser

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w/]))
  | (?P<punct>[()\[\],])
  | (?P<word>[A-Za-z0-9_/~.\-:*@]+)
    """,
    re.VERBOSE,
)

_KEYWORD_LITERALS: dict[str, Any] = {"nil": None, "null": None, "true": True, "false": False}


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    position: int


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        found = _TOKEN.match(text, position)
        if found is None:
            raise bad_request(
                f"The filter has an unexpected character {text[position]!r} at position {position}."
            )
        kind = found.lastgroup or ""
        if kind != "space":
            tokens.append(_Token(kind, found.group(), position))
        position = found.end()
    return tokens


class _ExpressionParser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.index = 0

    def fail(self, what: str) -> Exception:
        token = self.peek()
        where = f"at position {token.position} ({token.text!r})" if token else "at the end"
        return bad_request(f"The filter {self.text!r} is not valid: {what} {where}.")

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            raise self.fail("it ends too early")
        self.index += 1
        return token

    def at_word(self, *words: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "word" and token.text.lower() in words

    def at_punct(self, text: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "punct" and token.text == text

    def parse(self) -> Filter:
        if not self.tokens:
            raise bad_request("The filter is empty.")
        node = self.parse_or()
        if self.peek() is not None:
            raise self.fail("unexpected text")
        return node

    def parse_or(self) -> Filter:
        parts = [self.parse_and()]
        while self.at_word("or"):
            self.take()
            parts.append(self.parse_and())
        return parts[0] if len(parts) == 1 else BoolOp("or", tuple(parts))

    def parse_and(self) -> Filter:
        parts = [self.parse_term()]
        while self.at_word("and"):
            self.take()
            parts.append(self.parse_term())
        return parts[0] if len(parts) == 1 else BoolOp("and", tuple(parts))

    def parse_term(self) -> Filter:
        if self.at_punct("("):
            self.take()
            node = self.parse_or()
            if not self.at_punct(")"):
                raise self.fail("a closing parenthesis is missing")
            self.take()
            return node
        token = self.take()
        if token.kind != "word" or token.text.lower() in _KEYWORD_LITERALS:
            self.index -= 1
            raise self.fail("a field path was expected")
        path = normalize_path(token.text, "filter")
        if not self.at_word(*COMPARISON_OPERATORS):
            raise self.fail(f"an operator ({', '.join(COMPARISON_OPERATORS)}) was expected")
        operator = self.take().text.lower()
        if operator == "between":
            low = self.parse_operand()
            if not self.at_punct(","):
                raise self.fail("'between' needs two values separated by a comma")
            self.take()
            return Comparison(path, operator, (low, self.parse_operand()))
        if operator in ("in", "nin") and self.at_punct("["):
            return Comparison(path, operator, self.parse_array())
        return Comparison(path, operator, self.parse_operand())

    def parse_array(self) -> list[Any]:
        self.take()  # "["
        items: list[Any] = []
        if self.at_punct("]"):
            self.take()
            return items
        while True:
            item = self.parse_operand()
            if isinstance(item, PathRef):
                raise self.fail("an array holds only literal values")
            items.append(item)
            if self.at_punct("]"):
                self.take()
                return items
            if not self.at_punct(","):
                raise self.fail("a comma or ']' was expected")
            self.take()

    def parse_operand(self) -> Any:
        token = self.take()
        if token.kind == "string":
            try:
                return json.loads(token.text)
            except ValueError:
                raise self.fail("a string literal is not valid") from None
        if token.kind == "number":
            number = float(token.text)
            if not math.isfinite(number):
                raise self.fail("a number is too large")
            return int(token.text) if re.fullmatch(r"-?\d+", token.text) else number
        if token.kind == "word":
            lowered = token.text.lower()
            if lowered in _KEYWORD_LITERALS:
                return _KEYWORD_LITERALS[lowered]
            if lowered in ("and", "or") or lowered in COMPARISON_OPERATORS:
                self.index -= 1
                raise self.fail("a value was expected")
            return PathRef(normalize_path(token.text, "filter"))
        self.index -= 1
        raise self.fail("a value was expected")


def parse_filter_expression(text: str) -> Filter:
    """Parse the expression form; raises a 400 ApiError naming what is wrong."""
    if len(text) > MAX_FILTER_LENGTH:
        raise bad_request(f"The filter is longer than {MAX_FILTER_LENGTH} characters.")
    try:
        return _ExpressionParser(text).parse()
    except RecursionError:
        raise bad_request("The filter nests parentheses too deeply.") from None


# ---------------------------------------------------------------- the whole query


@dataclass(frozen=True)
class SortKey:
    path: str
    descending: bool


@dataclass(frozen=True)
class CollectionQuery:
    skip: int
    limit: int
    filters: tuple[Filter, ...]
    sort: tuple[SortKey, ...]

    def accepts(self, document: Any) -> bool:
        return all(matches(document, node) for node in self.filters)


def _parse_count(name: str, values: Sequence[str], minimum: int) -> int:
    if not values:
        raise bad_request(f"The query parameter {name!r} is required.", parameter=name)
    if len(values) > 1:
        raise bad_request(f"The query parameter {name!r} is given more than once.", parameter=name)
    text = values[0]
    # ASCII digits only: Python's \d and int() also read other scripts' digits ("٣" is 3).
    if not re.fullmatch(r"[0-9]{1,30}", text) or int(text) < minimum:
        kind = "a positive integer" if minimum > 0 else "a non-negative integer"
        raise bad_request(
            f"The query parameter {name!r} must be {kind}, not {values[0]!r}.", parameter=name
        )
    return int(text)


def _direction(text: Any) -> bool:
    if text not in SORT_DIRECTIONS:
        shown = repr(text) if isinstance(text, str) else json.dumps(text)[:40]
        raise bad_request(f"A sort direction must be 'ASC' or 'DESC', not {shown}.")
    return bool(text == "DESC")


def _sort_pair(pair: Any) -> SortKey:
    if isinstance(pair, str):
        return SortKey(normalize_path(pair, "sort"), False)
    if isinstance(pair, list) and len(pair) in (1, 2) and isinstance(pair[0], str):
        descending = _direction(pair[1]) if len(pair) == 2 else False
        return SortKey(normalize_path(pair[0], "sort"), descending)
    raise bad_request("A sort entry must be [field, 'ASC'|'DESC'].")


def parse_sort(values: Sequence[str]) -> tuple[SortKey, ...]:
    """Both encodings: repeated `field, direction` pairs, or a JSON array."""
    if not values:
        return ()
    if len(values) == 1 and values[0].lstrip().startswith("["):
        if nesting_too_deep(values[0]):
            raise bad_request(f"The sort parameter nests deeper than {MAX_JSON_DEPTH} levels.")
        try:
            parsed = json.loads(values[0])
        except ValueError:
            raise bad_request(f"The sort parameter {values[0]!r} is not valid JSON.") from None
        if isinstance(parsed, list) and parsed and all(isinstance(p, list) for p in parsed):
            return tuple(_sort_pair(p) for p in parsed)
        return (_sort_pair(parsed),)
    keys: list[SortKey] = []
    index = 0
    while index < len(values):
        field = values[index]
        following = values[index + 1] if index + 1 < len(values) else None
        if following in SORT_DIRECTIONS:
            keys.append(SortKey(normalize_path(field, "sort"), _direction(following)))
            index += 2
        else:
            if field in SORT_DIRECTIONS:
                raise bad_request(f"The sort direction {field!r} has no field before it.")
            keys.append(SortKey(normalize_path(field, "sort"), False))
            index += 1
    return tuple(keys)


def parse_collection_query(items: Sequence[tuple[str, str]]) -> CollectionQuery:
    """Read skip, limit, sort and filter from the query string's (key, value) pairs."""
    known = {"skip", "limit", "sort", "filter"}
    filters: list[Filter] = []
    grouped: dict[str, list[str]] = {"skip": [], "limit": [], "sort": []}
    for key, value in items:
        if key in grouped:
            grouped[key].append(value)
        elif key == "filter":
            if value.strip():
                filters.append(parse_filter_expression(value))
        elif key.startswith("filter[") and key.endswith("]") and len(key) > len("filter[]"):
            filters.append(TextEquals(normalize_path(key[len("filter[") : -1], "filter"), value))
        elif key not in known:
            raise bad_request(f"Unknown query parameter {key!r}.", parameter=key)
    return CollectionQuery(
        skip=_parse_count("skip", grouped["skip"], 0),
        limit=_parse_count("limit", grouped["limit"], 1),
        filters=tuple(filters),
        sort=parse_sort(grouped["sort"]),
    )


def _sort_rank(value: Any) -> tuple[int, Any]:
    """A total order over JSON values: missing/null, booleans, numbers, strings, the rest."""
    if value is None or value is _MISSING:
        return (0, 0)
    if isinstance(value, bool):
        return (1, value)
    if _is_number(value):
        return (2, value)
    if isinstance(value, str):
        return (3, value)
    return (4, json.dumps(value, sort_keys=True))


def _sort_key(path: str) -> Callable[[dict[str, Any]], tuple[int, Any]]:
    def key(document: dict[str, Any]) -> tuple[int, Any]:
        return _sort_rank(resolve(document, path))

    return key


def run_query(documents: Sequence[dict[str, Any]], query: CollectionQuery) -> list[dict[str, Any]]:
    """Filter, sort (stable, keys applied last to first), then skip and limit."""
    selected = [doc for doc in documents if query.accepts(doc)]
    for key in reversed(query.sort):
        selected.sort(key=_sort_key(key.path), reverse=key.descending)
    return selected[query.skip : query.skip + query.limit]
