"""Envelope helpers: etags, meta, and JSON Patch paths as the reference server reads them."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

import jsonpatch

from canvass_app.core.errors import FieldError
from canvass_app.core.interaction import now_timestamp
from canvass_app.core.patch import cannot_apply_reason
from canvass_app.server.errors import ApiError, validation_error

ENVELOPE_KEYS = ("id", "customerId", "securityGroupId", "meta", "params", "contactsCount")
PATCH_OPERATIONS = ("add", "remove", "replace", "move", "copy", "test")


@dataclass(frozen=True)
class Tenant:
    """Who a token acts for: the customer, its security group and the acting user."""

    customer_id: str
    security_group_id: str
    user_id: str
    organization_id: str


def make_etag(document: dict[str, Any], salt: bytes | None = None) -> str:
    """A fresh etag shaped like the page's (`47a-h6vIm4ttg8qp/cFMmsY+JtWtBsc`).

    Like Node's `etag` package: the body length in hex, a dash, 27 characters of the
    base64 SHA-1. A random salt makes every write's etag new, even when content repeats;
    the seed passes a fixed salt so seeded documents are the same on every run.
    """
    body = json.dumps(document, sort_keys=True, separators=(",", ":")).encode()
    digest = hashlib.sha1(body + (salt or uuid.uuid4().bytes), usedforsecurity=False).digest()
    return f"{len(body):x}-{base64.b64encode(digest).decode()[:27]}"


def new_document(
    resource: str,
    data: dict[str, Any],
    tenant: Tenant,
    *,
    doc_id: str | None = None,
    customer_id: str | None = None,
    security_group_id: str | None = None,
    with_tenant: bool = True,
    created: str | None = None,
    etag_salt: bytes | None = None,
) -> dict[str, Any]:
    """A full document in the §2 envelope with server-assigned id, meta and etag."""
    now = created or now_timestamp()
    document: dict[str, Any] = {"id": doc_id or str(uuid.uuid4()), "data": copy.deepcopy(data)}
    document["meta"] = {
        "etag": "",
        "created": now,
        "modified": now,
        "resource": resource,
        "createdBy": tenant.user_id,
        "isDeleted": False,
        "modifiedBy": tenant.user_id,
    }
    if with_tenant:
        document["customerId"] = customer_id or tenant.customer_id
        document["securityGroupId"] = security_group_id or tenant.security_group_id
    document["meta"]["etag"] = make_etag(document, etag_salt)
    return document


def touched(document: dict[str, Any], data: dict[str, Any], user_id: str) -> dict[str, Any]:
    """A copy of the document with new data, modified time, modifier and a new etag."""
    updated = copy.deepcopy(document)
    updated["data"] = data
    updated["meta"]["modified"] = now_timestamp()
    updated["meta"]["modifiedBy"] = user_id
    updated["meta"]["etag"] = make_etag(updated)
    return updated


def marked_deleted(document: dict[str, Any], user_id: str) -> dict[str, Any]:
    deleted = touched(document, copy.deepcopy(document["data"]), user_id)
    deleted["meta"]["isDeleted"] = True
    deleted["meta"]["etag"] = make_etag(deleted)
    return deleted


# ---------------------------------------------------------------- JSON Patch


def _data_pointer(path: Any, where: str) -> str:
    """A pointer relative to `data`, from either `/data/x` (the page) or `/x` (later docs).

    The envelope's own keys (`/id`, `/meta/...`, `/customerId`, `/securityGroupId`) and the
    data object itself (`/data`, ``) are outside what may be patched.
    """
    if not isinstance(path, str):
        raise validation_error([FieldError(where, "must be a JSON pointer string")])
    if path in ("", "/", "/data"):
        raise validation_error(
            [FieldError(where, f"{path!r} names the whole data object; patch a field inside it")]
        )
    if not path.startswith("/"):
        raise validation_error([FieldError(where, f"{path!r} must start with '/'")])
    if path.startswith("/data/"):
        return path[len("/data") :]
    first = path.split("/")[1]
    if first in ENVELOPE_KEYS:
        raise validation_error(
            [
                FieldError(
                    where, f"{path!r} is outside data; only attributes inside data can be patched"
                )
            ]
        )
    return path


def normalize_patch(operations: Any) -> list[dict[str, Any]]:
    """Check the `data` array of a PATCH body and rewrite every path relative to data."""
    if not isinstance(operations, list):
        raise validation_error(
            [FieldError("/data", "must be a list of JSON Patch (RFC 6902) operations")]
        )
    if not operations:
        raise validation_error([FieldError("/data", "holds no operations")])
    result: list[dict[str, Any]] = []
    for index, operation in enumerate(operations):
        where = f"/data/{index}"
        if not isinstance(operation, dict):
            raise validation_error([FieldError(where, "must be an object with 'op' and 'path'")])
        op = operation.get("op")
        if op not in PATCH_OPERATIONS:
            raise validation_error(
                [
                    FieldError(
                        f"{where}/op", f"must be one of {', '.join(PATCH_OPERATIONS)}, got {op!r}"
                    )
                ]
            )
        if "path" not in operation:
            raise validation_error([FieldError(f"{where}/path", "is required but missing")])
        rewritten = dict(operation)
        rewritten["path"] = _data_pointer(operation["path"], f"{where}/path")
        if op in ("move", "copy"):
            if "from" not in operation:
                raise validation_error([FieldError(f"{where}/from", f"is required for {op}")])
            rewritten["from"] = _data_pointer(operation["from"], f"{where}/from")
        if op in ("add", "replace", "test") and "value" not in operation:
            raise validation_error([FieldError(f"{where}/value", f"is required for {op}")])
        result.append(rewritten)
    return result


def apply_patch(data: dict[str, Any], operations: list[dict[str, Any]]) -> dict[str, Any]:
    """Apply all operations to a copy of data, all or nothing (data itself never changes).

    Operations are applied one by one on the copy so an error can name the one that failed.
    """
    working: Any = copy.deepcopy(data)
    for index, operation in enumerate(operations):
        where = f"/data/{index}"
        try:
            working = jsonpatch.JsonPatch([operation]).apply(working, in_place=True)
        except jsonpatch.JsonPatchTestFailed:
            # jsonpatch's messages quote the document: answer the field and the problem.
            raise ApiError(
                409,
                "PatchTestFailedError",
                f"Operation {index} ('test' at {operation['path']}) failed, so no operation "
                "was applied: the value there is not the one tested for.",
                {"errors": [{"field": where, "message": "the value is not the one tested for"}]},
            ) from None
        except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException):
            reason = cannot_apply_reason(operation)
            raise validation_error(
                [FieldError(where, f"{operation['op']} at {operation['path']!r}: {reason}")]
            ) from None
        except (TypeError, ValueError, KeyError, IndexError, AttributeError):
            raise validation_error(
                [FieldError(where, f"{operation['op']} at {operation['path']!r} cannot apply")]
            ) from None
    if not isinstance(working, dict):
        raise validation_error([FieldError("/data", "the patch must leave data an object")])
    return working
