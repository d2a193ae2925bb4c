"""The document store: every resource's documents, plus remembered idempotent answers.

Documents live in memory (ordered by creation) and, when a database file is given, are
written through to SQLite (one table of documents, one of idempotency keys, WAL) so the
state survives a restart. The caller (ServerState) holds one lock around every use.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    resource TEXT NOT NULL,
    id TEXT NOT NULL,
    position INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (resource, id)
);
CREATE TABLE IF NOT EXISTS idempotency_keys (
    key TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL
);
"""


_SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class RememberedAnswer:
    """The first answer given to a POST carrying an Idempotency-Key."""

    fingerprint: str
    status: int
    body: str


def _create_private(db_path: Path) -> None:
    """Create the file (and a missing folder) for its owner only; chmod our own files 0600.

    An existing folder is left as it is: it may be a shared one the person chose. The
    file is created 0600 before SQLite opens it, and SQLite gives its -wal and -shm files
    the mode of the database file.
    """
    if not db_path.parent.exists():
        db_path.parent.mkdir(mode=0o700, parents=True)
    fd = os.open(db_path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    if sys.platform != "win32":
        for path in (db_path, *(Path(f"{db_path}{suffix}") for suffix in _SIDE_FILES)):
            with contextlib.suppress(FileNotFoundError):
                os.chmod(path, 0o600)


class DocumentStore:
    def __init__(self, db_path: Path | None = None) -> None:
        self._documents: dict[str, dict[str, dict[str, Any]]] = {}
        self._answers: dict[str, RememberedAnswer] = {}
        self._position = 0
        self._db: sqlite3.Connection | None = None
        if db_path is not None:
            self._open(db_path)

    def _open(self, db_path: Path) -> None:
        _create_private(db_path)
        # The lock in ServerState serialises every use, so one connection may cross threads.
        db = sqlite3.connect(str(db_path), check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.executescript(_SCHEMA)
        rows = db.execute("SELECT resource, id, position, body FROM documents ORDER BY position")
        for resource, doc_id, position, body in rows:
            self._documents.setdefault(resource, {})[doc_id] = json.loads(body)
            self._position = max(self._position, position)
        for key, fingerprint, status, body in db.execute(
            "SELECT key, fingerprint, status, body FROM idempotency_keys"
        ):
            self._answers[key] = RememberedAnswer(fingerprint, status, body)
        self._db = db

    @property
    def persistent(self) -> bool:
        return self._db is not None

    def is_empty(self) -> bool:
        return not any(self._documents.values())

    def get(self, resource: str, doc_id: str) -> dict[str, Any] | None:
        """The stored document (deleted ones included); callers must not mutate it."""
        return self._documents.get(resource, {}).get(doc_id)

    def all(self, resource: str) -> list[dict[str, Any]]:
        return list(self._documents.get(resource, {}).values())

    def put(self, resource: str, document: dict[str, Any]) -> None:
        """Insert or replace one document (by its id) and write it through."""
        self.put_many(resource, [document])

    def put_many(self, resource: str, documents: list[dict[str, Any]]) -> None:
        bucket = self._documents.setdefault(resource, {})
        rows = []
        for document in documents:
            doc_id = str(document["id"])
            if doc_id not in bucket:
                self._position += 1
            bucket[doc_id] = document
            rows.append((resource, doc_id, self._position, json.dumps(document)))
        if self._db is not None:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany(
                    "INSERT INTO documents (resource, id, position, body) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (resource, id) DO UPDATE SET body = excluded.body",
                    rows,
                )

    def answer_for(self, key: str) -> RememberedAnswer | None:
        return self._answers.get(key)

    def remember_answer(self, key: str, answer: RememberedAnswer) -> None:
        self._answers[key] = answer
        if self._db is not None:
            with self._db:
                self._db.execute("BEGIN")
                self._db.execute(
                    "INSERT OR REPLACE INTO idempotency_keys (key, fingerprint, status, body) "
                    "VALUES (?, ?, ?, ?)",
                    (key, answer.fingerprint, answer.status, answer.body),
                )

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
