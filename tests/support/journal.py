"""Reading the reference server's write journal (``ServerState.writes``) in the proofs.

The journal holds every write the server committed, in order, with who made it, whatever
happened to the answers. From it a proof can say what reached the server, how often and
in which order, instead of trusting the client's view of it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from canvass_app.core.patch import same_json
from canvass_app.server.state import WriteRecord

_GONE = object()


def leaves(data: Any, prefix: str = "") -> dict[str, Any]:
    """{data-relative JSON pointer: value} of every leaf (objects are walked, lists and
    scalars are leaves)."""
    if isinstance(data, Mapping) and data:
        found: dict[str, Any] = {}
        for key, value in data.items():
            token = str(key).replace("~", "~0").replace("/", "~1")
            found.update(leaves(value, f"{prefix}/{token}"))
        return found
    return {prefix: data} if prefix else {}


def changed_paths(record: WriteRecord) -> dict[str, Any]:
    """{path: new value} of the leaves a write changed (a removed leaf maps to _GONE);
    a delete changes nothing in data."""
    if record.kind == "delete":
        return {}
    after = leaves(record.after)
    if record.before is None:
        return after
    before = leaves(record.before)
    changed = {p: v for p, v in after.items() if p not in before or not same_json(before[p], v)}
    changed.update({p: _GONE for p in before if p not in after})
    return changed


@dataclass
class DocumentHistory:
    """The journal of one document: its writes in commit order."""

    doc_id: str
    writes: list[WriteRecord] = field(default_factory=list)

    @property
    def created_by(self) -> str | None:
        return next((w.user_id for w in self.writes if w.kind == "create"), None)

    @property
    def deleted(self) -> bool:
        return any(w.kind == "delete" for w in self.writes)

    def last_write_of(self, path: str, user_id: str) -> WriteRecord | None:
        """The last write by ``user_id`` that changed ``path``."""
        for write in reversed(self.writes):
            if write.user_id == user_id and path in changed_paths(write):
                return write
        return None

    def overwritten_by(self, overwriter: str) -> list[tuple[str, Any, Any]]:
        """(path, value, new value) of every change by someone else that a later write of
        ``overwriter`` changed again: the other writer's change was overwritten, not kept."""
        found: list[tuple[str, Any, Any]] = []
        pending: dict[str, Any] = {}  # path -> latest value another writer left there
        for write in self.writes:
            changes = changed_paths(write)
            for path, value in changes.items():
                if write.user_id != overwriter:
                    pending[path] = value
                elif path in pending:
                    previous = pending.pop(path)
                    if previous is not _GONE and not same_json(previous, value):
                        found.append((path, previous, value))
        return found


def histories(
    writes: Iterable[WriteRecord], resource: str = "interactions"
) -> dict[str, DocumentHistory]:
    """The journal per document id."""
    by_id: dict[str, DocumentHistory] = {}
    for write in writes:
        if write.resource == resource:
            by_id.setdefault(write.doc_id, DocumentHistory(write.doc_id)).writes.append(write)
    return by_id


def creates_by_key(writes: Iterable[WriteRecord]) -> dict[tuple[str, str, str], list[str]]:
    """Document ids created per natural key (contactId, timestamp, campaignId), ever."""
    found: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for write in writes:
        if write.resource == "interactions" and write.kind == "create":
            data = write.after
            key = (str(data["contactId"]), str(data["timestamp"]), str(data["campaignId"]))
            found[key].append(write.doc_id)
    return dict(found)
