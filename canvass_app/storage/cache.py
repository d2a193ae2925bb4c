"""The offline copy of what a walklist needs: its contacts and households, the campaign's
surveys, the statuses and status groups.

Documents are kept as the server sent them (JSON), so nothing the server knows is lost
when the client's model is narrower; parsing into core types happens on read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from canvass_app.storage.db import transaction

# Document kinds held in the cache.
CONTACT_HOUSEHOLD = "contact-household"
SURVEY = "survey"
STATUS = "status"
STATUS_GROUP = "status-group"
CAMPAIGN = "campaign"
LIST_MARK = "list-mark"  # a household marked by a campaign list type (Do Not Knock...)
ENTRY_ROWS = "entry-rows"  # the list's validated entries, one compact row per person
# 1: rows in download order; 2: building by building, door by door, in walk order
# (core.walklist.walk_order_rows), so opening the list sorts nothing; 3: the walk as
# people walk (streets chained by distance, up one side and back down the other), each
# row with the server's sequence, and how the walk was planned ("plan")
ENTRY_ROWS_VERSION = 3


@dataclass(frozen=True)
class EntryRows:
    rows: list[list[Any]]
    skipped: list[str]  # entries left out when downloaded, in words
    version: int  # ENTRY_ROWS_VERSION when written; 1 for a cache written before versions
    # how the rows were ordered: {"start": [lat, lng] | None, "zigzag": bool} (version 3)
    plan: dict[str, Any] = field(default_factory=dict)


GLOBAL_SCOPE = ""


@dataclass(frozen=True)
class CachedList:
    """A walklist prepared for offline use."""

    list_id: str
    campaign_id: str
    name: str
    pulled_at: str
    default_survey_id: str | None


class CacheRepo:
    """Reads and replaces the offline cache in the one database."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    def replace_walklist(
        self,
        listing: CachedList,
        *,
        contact_households: Sequence[dict[str, Any]],
        surveys: Sequence[dict[str, Any]],
        statuses: Sequence[dict[str, Any]],
        status_groups: Sequence[dict[str, Any]],
        campaign: dict[str, Any] | None,
        list_marks: Sequence[dict[str, Any]] = (),
        entry_rows: Sequence[Sequence[Any]] | None = None,
        skipped_entries: Sequence[str] = (),
        walk_plan: dict[str, Any] | None = None,
    ) -> None:
        """Swap in a freshly downloaded walklist in ONE transaction: a pull that fails
        half-way leaves the previous copy intact. ``entry_rows`` come in walk order
        (``core.walklist.walk_order_rows``)."""
        conn = self._db.conn
        # The connection is in autocommit mode (storage/db.py): BEGIN explicitly, or each
        # row would be its own durable commit and a failed pull could leave half a list.
        with transaction(self._db, immediate=True):
            conn.execute(
                "DELETE FROM cache_documents WHERE kind = ? AND scope = ?",
                (CONTACT_HOUSEHOLD, listing.list_id),
            )
            conn.execute(
                "DELETE FROM cache_documents WHERE kind = ? AND scope = ?",
                (SURVEY, listing.campaign_id),
            )
            for kind in (LIST_MARK, ENTRY_ROWS):
                conn.execute(
                    "DELETE FROM cache_documents WHERE kind = ? AND scope = ?",
                    (kind, listing.list_id),
                )
            conn.execute("DELETE FROM cache_documents WHERE kind IN (?, ?)", (STATUS, STATUS_GROUP))
            self._insert(CONTACT_HOUSEHOLD, listing.list_id, contact_households, listing.pulled_at)
            self._insert(SURVEY, listing.campaign_id, surveys, listing.pulled_at)
            self._insert(LIST_MARK, listing.list_id, list_marks, listing.pulled_at)
            if entry_rows is not None:
                # One document for the whole list: one JSON parse when it is opened.
                compact = {
                    "id": "all",
                    "version": ENTRY_ROWS_VERSION,
                    "rows": list(entry_rows),
                    "skipped": list(skipped_entries),
                    "plan": dict(walk_plan or {}),
                }
                self._insert(ENTRY_ROWS, listing.list_id, [compact], listing.pulled_at)
            self._insert(STATUS, GLOBAL_SCOPE, statuses, listing.pulled_at)
            self._insert(STATUS_GROUP, GLOBAL_SCOPE, status_groups, listing.pulled_at)
            if campaign is not None:
                self._insert(CAMPAIGN, GLOBAL_SCOPE, [campaign], listing.pulled_at)
            conn.execute(
                "INSERT INTO cache_lists (list_id, campaign_id, name, pulled_at, default_survey_id)"
                " VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (list_id) DO UPDATE SET campaign_id = excluded.campaign_id,"
                " name = excluded.name, pulled_at = excluded.pulled_at,"
                " default_survey_id = excluded.default_survey_id",
                (
                    listing.list_id,
                    listing.campaign_id,
                    listing.name,
                    listing.pulled_at,
                    listing.default_survey_id,
                ),
            )

    def _insert(
        self, kind: str, scope: str, documents: Iterable[dict[str, Any]], fetched_at: str
    ) -> None:
        rows = [
            (kind, scope, str(doc.get("id", position)), position, json.dumps(doc), fetched_at)
            for position, doc in enumerate(documents)
        ]
        self._db.conn.executemany(
            "INSERT OR REPLACE INTO cache_documents (kind, scope, doc_id, position, json, fetched_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )

    def documents(self, kind: str, scope: str = GLOBAL_SCOPE) -> list[dict[str, Any]]:
        cursor = self._db.conn.execute(
            "SELECT json FROM cache_documents WHERE kind = ? AND scope = ? ORDER BY position",
            (kind, scope),
        )
        return [json.loads(row[0]) for row in cursor]

    def entry_rows(self, list_id: str) -> EntryRows | None:
        found = self.documents(ENTRY_ROWS, list_id)
        if not found:
            return None
        compact = found[0]
        return EntryRows(
            compact["rows"],
            compact["skipped"],
            compact.get("version", 1),
            compact.get("plan") or {},
        )

    def lists(self) -> list[CachedList]:
        cursor = self._db.conn.execute(
            "SELECT list_id, campaign_id, name, pulled_at, default_survey_id FROM cache_lists"
            " ORDER BY pulled_at DESC"
        )
        return [CachedList(*row) for row in cursor]

    def cached_list(self, list_id: str | None = None) -> CachedList | None:
        """The named list, or the most recently pulled one."""
        for listing in self.lists():
            if list_id is None or listing.list_id == list_id:
                return listing
        return None


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
