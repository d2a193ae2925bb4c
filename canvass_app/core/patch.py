"""JSON Patch helpers: path forms, edit intent guarded by ``test`` ops, rebase on a server copy.

See sync-notes.md "Conflicts". An edit is expressed as the fields it changes, never as a
diff of whole documents (``jsonpatch.make_patch`` gets lists wrong). Each change carries a
``test`` of the value it started from; on a stale etag the operations are re-applied to
the server's copy: if the tests pass the server changed other fields (soft conflict); if
one fails the server changed the same field (hard conflict) and the canvasser's value
still wins, with the server value it replaces kept for the sync log.

Paths come in two forms: from the document root (``/data/successful``, the interactions
page) or relative to ``data`` (``/successful``, later Polis docs). Everything here
accepts both; ``normalize_ops`` converts.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import jsonpatch

from canvass_app.core.errors import FieldError, PatchConflict, ValidationError

JsonDict = dict[str, Any]
PathForm = Literal["document", "data"]

OPS: tuple[str, ...] = ("add", "remove", "replace", "move", "copy", "test")
_MUTATING = ("add", "remove", "replace", "move", "copy")
# Top-level envelope keys: a path naming one of these is outside data.
_ENVELOPE_KEYS = ("id", "meta", "customerId", "securityGroupId")


class _Marker:
    """A marker value with one instance per class (a copy or a pickle is that instance)."""

    _instances: dict[type, _Marker] = {}

    def __new__(cls) -> _Marker:
        if cls not in _Marker._instances:
            _Marker._instances[cls] = super().__new__(cls)
        return _Marker._instances[cls]

    def __repr__(self) -> str:
        return type(self).__name__.strip("_").upper()


class _Remove(_Marker):
    """Marks a field to delete in ``intent_ops`` changes."""


class _Missing(_Marker):
    """Marks a leaf one copy does not have (``differences``)."""


REMOVE: Final = _Remove()


# --- path forms ---------------------------------------------------------------------------


def to_data_path(path: str) -> str:
    """``/data/successful`` → ``/successful``; a data-relative path is returned unchanged."""
    if path == "/data":
        return ""
    if path.startswith("/data/"):
        return path[len("/data") :]
    return path


def to_document_path(path: str) -> str:
    """``/successful`` → ``/data/successful``; a document path is returned unchanged."""
    if path == "/data" or path.startswith("/data/"):
        return path
    return "/data" + path


def _is_document_path(path: str) -> bool:
    return path == "/data" or path.startswith("/data/")


def _convert(path: str, form: PathForm) -> str:
    return to_document_path(path) if form == "document" else to_data_path(path)


def normalize_ops(ops: Sequence[Mapping[str, Any]], form: PathForm) -> list[JsonDict]:
    """Copies of ``ops`` with ``path`` (and ``from``) written in the chosen form."""
    problems = validate_ops(ops)
    if problems:
        raise ValidationError(problems)
    normalized: list[JsonDict] = []
    for op in ops:
        new = copy.deepcopy(dict(op))
        new["path"] = _convert(op["path"], form)
        if "from" in op:
            new["from"] = _convert(op["from"], form)
        normalized.append(new)
    return normalized


def _pointer_problem(path: object) -> str | None:
    if not isinstance(path, str):
        return "must be a JSON pointer string like /successful"
    if path == "" or path == "/data":
        return "must name a field inside data, not the whole document"
    if not path.startswith("/"):
        return f"{path!r} must start with /"
    first = path[1:].split("/", 1)[0]
    if first in _ENVELOPE_KEYS:
        return f"{path!r} is outside data; only attributes inside data can be patched"
    return None


def validate_ops(ops: object) -> list[FieldError]:
    """Problems with the shape of a JSON Patch (RFC 6902); paths must stay inside data."""
    if not isinstance(ops, list | tuple):
        return [FieldError("/", "a patch must be a list of operations")]
    errors: list[FieldError] = []
    for index, op in enumerate(ops):
        at = f"/{index}"
        if not isinstance(op, Mapping):
            errors.append(FieldError(at, "each operation must be an object with op and path"))
            continue
        kind = op.get("op")
        if kind not in OPS:
            errors.append(FieldError(f"{at}/op", f"{kind!r} is not one of {', '.join(OPS)}"))
        if "path" not in op:
            errors.append(FieldError(f"{at}/path", "is required but missing"))
        else:
            problem = _pointer_problem(op["path"])
            if problem:
                errors.append(FieldError(f"{at}/path", problem))
        if kind in ("add", "replace", "test") and "value" not in op:
            errors.append(FieldError(f"{at}/value", f"a {kind} operation needs a value"))
        if kind in ("move", "copy"):
            if "from" not in op:
                errors.append(FieldError(f"{at}/from", f"a {kind} operation needs from"))
            else:
                problem = _pointer_problem(op["from"])
                if problem:
                    errors.append(FieldError(f"{at}/from", problem))
    return errors


# --- pointers -----------------------------------------------------------------------------


def _tokens(path: str) -> list[str]:
    if path == "":
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in path[1:].split("/")]


MISSING: Final = _Missing()
_MISSING: Final = MISSING


def _resolve(doc: Any, path: str) -> Any:
    """The value at a data-relative ``path``, or ``_MISSING``."""
    node = doc
    for token in _tokens(path):
        if isinstance(node, dict):
            if token not in node:
                return _MISSING
            node = node[token]
        elif isinstance(node, list):
            if not token.isdigit() or int(token) >= len(node):
                return _MISSING
            node = node[int(token)]
        else:
            return _MISSING
    return node


def _parent(path: str) -> str:
    return path.rsplit("/", 1)[0]


def same_json(a: Any, b: Any) -> bool:
    """JSON equality where true is not 1 and 1 equals 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and bool(a == b)


# --- edit intent --------------------------------------------------------------------------


def intent_ops(before: Mapping[str, Any], changes: Mapping[str, object]) -> list[JsonDict]:
    """Operations for an edit of ``before`` (interaction data), data-relative paths.

    ``changes`` maps a data-relative path to its new value, or to ``REMOVE``. Each
    changed field gives a ``test`` of the value it started from followed by one
    ``replace`` / ``remove``; a field that did not exist gives an unguarded ``add`` (a
    test of the parent would fail on any unrelated change beside it). Unchanged fields
    give nothing. A missing parent object is created by adding it whole.
    """
    working: Any = copy.deepcopy(dict(before))
    ops: list[JsonDict] = []
    for raw_path, new in changes.items():
        path = to_data_path(raw_path)
        problem = _pointer_problem(path)
        if problem:
            raise ValidationError(FieldError(raw_path, problem))
        old = _resolve(working, path)
        step: list[JsonDict]
        if new is REMOVE:
            if old is _MISSING:
                continue
            step = [
                {"op": "test", "path": path, "value": copy.deepcopy(old)},
                {"op": "remove", "path": path},
            ]
        elif old is not _MISSING:
            if same_json(old, new):
                continue
            step = [
                {"op": "test", "path": path, "value": copy.deepcopy(old)},
                {"op": "replace", "path": path, "value": copy.deepcopy(new)},
            ]
        else:
            step = [_add_creating_parents(working, path, new)]
        working = _apply(working, step)
        ops.extend(step)
    return ops


def _add_creating_parents(working: Any, path: str, value: object) -> JsonDict:
    """An ``add`` at ``path``, or at its first missing ancestor with the rest nested."""
    tokens = _tokens(path)
    for depth in range(1, len(tokens)):
        prefix = "/" + "/".join(t.replace("~", "~0").replace("/", "~1") for t in tokens[:depth])
        if _resolve(working, prefix) is _MISSING:
            nested: Any = copy.deepcopy(value)
            for token in reversed(tokens[depth:]):
                nested = {token: nested}
            return {"op": "add", "path": prefix, "value": nested}
    return {"op": "add", "path": path, "value": copy.deepcopy(value)}


# --- applying -----------------------------------------------------------------------------


def _apply(data: Any, ops: Sequence[Mapping[str, Any]]) -> Any:
    """Apply data-relative ops to a copy; PatchConflict names the failing path.

    jsonpatch's own messages quote the whole document ("member 'x' not found in {...}"),
    so they are never passed on: the message names the field and the problem only.
    """
    result = data
    for op in ops:
        try:
            result = jsonpatch.JsonPatch([dict(op)]).apply(result, in_place=False)
        except jsonpatch.JsonPatchTestFailed:
            raise PatchConflict(
                op.get("path", ""),
                "the value there is no longer the one the edit started from",
            ) from None
        except (jsonpatch.JsonPatchConflict, jsonpatch.JsonPointerException):
            raise PatchConflict(op.get("path", ""), cannot_apply_reason(op)) from None
        except jsonpatch.InvalidJsonPatch:
            raise PatchConflict(op.get("path", ""), "the operation is malformed") from None
    return result


def cannot_apply_reason(op: Mapping[str, Any]) -> str:
    """Why an operation found nothing where it points, in words, quoting no data."""
    kind = op.get("op")
    if kind in ("remove", "replace"):
        return f"cannot {kind} a field that is not there"
    if kind in ("move", "copy"):
        source = op.get("from")
        return f"cannot {kind} from {source if isinstance(source, str) else '?'}: it is not there"
    if kind == "test":
        return "there is no field there to test"
    return f"the place to {kind} into does not exist"


def apply_ops(data: Mapping[str, Any], ops: Sequence[Mapping[str, Any]]) -> JsonDict:
    """``data`` with ``ops`` applied (either path form), as a new dict."""
    converted = normalize_ops(ops, "data")
    result = _apply(copy.deepcopy(dict(data)), converted)
    if not isinstance(result, dict):
        raise PatchConflict("", "the edit would replace the whole data object")
    return result


def fold_into(create_data: Mapping[str, Any], ops: Sequence[Mapping[str, Any]]) -> JsonDict:
    """Apply an edit to a create that was never sent: the tests are skipped (nobody else
    can have written it), the changes are applied."""
    changes = [op for op in normalize_ops(ops, "data") if op["op"] != "test"]
    result = _apply(copy.deepcopy(dict(create_data)), changes)
    if not isinstance(result, dict):
        raise PatchConflict("", "the edit would replace the whole data object")
    return result


# --- rebase -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overwrite:
    """A server value that the canvasser's edit replaced (kept for the sync log)."""

    path: str
    server_value: Any
    local_value: Any


@dataclass(frozen=True)
class RebaseResult:
    data: JsonDict
    ops: list[JsonDict]
    overwritten: list[Overwrite] = field(default_factory=list)

    @property
    def hard_conflict(self) -> bool:
        return bool(self.overwritten)


def rebase(server_data: Mapping[str, Any], ops: Sequence[Mapping[str, Any]]) -> RebaseResult:
    """Re-apply an edit on the server's current copy of ``data``.

    Returns the merged data, the operations to send with the new etag (same path form
    as given; failed ``test`` values rewritten to the server's values) and the server
    values the edit overwrote (data-relative paths). Raises PatchConflict when the edit
    cannot apply: a ``remove``/``replace`` of a path the server copy no longer has.
    """
    problems = validate_ops(list(ops))
    if problems:
        raise ValidationError(problems)
    working: Any = copy.deepcopy(dict(server_data))
    out_ops: list[JsonDict] = []
    overwritten: list[Overwrite] = []
    # Server values displaced by a failed test, waiting for the change they guarded.
    displaced: dict[str, Any] = {}

    for op in ops:
        out = copy.deepcopy(dict(op))
        path = to_data_path(op["path"])
        kind = op["op"]
        current = _resolve(working, path)
        local_op = dict(out, path=path)
        if "from" in out:
            local_op["from"] = to_data_path(out["from"])

        if kind == "test":
            if current is _MISSING:
                raise PatchConflict(path, "the field the edit started from is gone on the server")
            if not same_json(current, op["value"]):
                out["value"] = copy.deepcopy(current)
                displaced[path] = current
            out_ops.append(out)
            continue

        if kind in ("remove", "replace") and current is _MISSING:
            raise PatchConflict(path, f"cannot {kind} it: the server copy has no such field")

        new_value = None if kind == "remove" else op.get("value")
        if kind in ("remove", "replace", "add"):
            server_value = displaced.pop(path, _MISSING)
            if server_value is _MISSING and kind == "add" and current is not _MISSING:
                # Someone added the same field on the server meanwhile; ours wins.
                if isinstance(_resolve(working, _parent(path)), dict):
                    server_value = current
            if server_value is not _MISSING and not (
                kind != "remove" and same_json(server_value, new_value)
            ):
                overwritten.append(
                    Overwrite(path, copy.deepcopy(server_value), copy.deepcopy(new_value))
                )

        working = _apply(working, [local_op])
        out_ops.append(out)

    if not isinstance(working, dict):
        raise PatchConflict("", "the edit would replace the whole data object")
    return RebaseResult(data=working, ops=out_ops, overwritten=overwritten)


# --- differences --------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """A leaf where two copies of ``data`` differ (``MISSING`` where one has none)."""

    path: str  # data-relative JSON pointer
    ours: Any
    theirs: Any


def _leaves(value: Any, prefix: str, found: dict[str, Any]) -> None:
    if isinstance(value, Mapping) and value:
        for key, child in value.items():
            token = str(key).replace("~", "~0").replace("/", "~1")
            _leaves(child, f"{prefix}/{token}", found)
    elif prefix:
        found[prefix] = value


def differences(ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> list[Difference]:
    """Every leaf (objects walked, lists and scalars compared whole) where ``theirs``
    differs from ``ours``, in path order; a side without the leaf holds ``MISSING``."""
    mine: dict[str, Any] = {}
    other: dict[str, Any] = {}
    _leaves(ours, "", mine)
    _leaves(theirs, "", other)
    found = []
    for path in sorted(set(mine) | set(other)):
        a = mine.get(path, MISSING)
        b = other.get(path, MISSING)
        if a is MISSING or b is MISSING or not same_json(a, b):
            found.append(Difference(path, a, b))
    return found
