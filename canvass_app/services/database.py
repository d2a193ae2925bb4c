"""The one SQLite file, as the windows and the commands open it, and its key.

``open_database`` creates and migrates it (the door screen's connection, and each
background thread's own); ``open_reader`` opens another connection to an existing one
(the supervisor's stats and map read on theirs).

Encryption at rest: ``use_database_keys`` (called once at start) tells storage where a
data folder's key is: the passphrase typed at start for it, else the OS keyring's key
(``credentials.db_key``; the first new database, or plain one being encrypted, puts a new
random key there). Where no keyring works, ``unlock_database`` asks for a passphrase before the
first open (the GUI's dialog, the CLI's prompt or ``--passphrase-stdin``) through the
``ask`` callback, with a ``PassphrasePrompt`` that says what a passphrase means.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message
from canvass_app.credentials import db_key
from canvass_app.storage.db import (
    PROBLEM_MESSAGES,
    StorageEnvironmentError,
    StorageProblem,
    connect,
    database_path,
    environment_errors,
    open_connection,
    open_database,
)
from canvass_app.storage.dbapi import sqlite3
from canvass_app.storage.encryption import (
    DatabaseKey,
    WrongKeyError,
    is_plain,
    use_key_provider,
)

log = logging.getLogger("canvass.services.database")

MIN_PASSPHRASE_LENGTH = 8

NEW_PASSPHRASE = QT_TRANSLATE_NOOP(
    "DatabaseKey",
    "This computer has no keyring where Canvass could keep the key of its visits database, "
    "so the visits are locked with a passphrase you choose now. Canvass asks for it every "
    "time it starts. It cannot be recovered: if it is lost or forgotten, the visits that "
    "were not sent yet are lost with it.",
).message()
ENTER_PASSPHRASE = QT_TRANSLATE_NOOP(
    "DatabaseKey",
    "The visits database is locked with a passphrase (this computer's keyring does not "
    "hold its key). Enter the passphrase to open it.",
).message()
WRONG_PASSPHRASE = QT_TRANSLATE_NOOP(
    "DatabaseKey", "That passphrase does not open the visits database. Try again."
).message()
SHORT_PASSPHRASE = QT_TRANSLATE_NOOP(
    "DatabaseKey", "A passphrase has at least {count} characters."
).with_args(count=MIN_PASSPHRASE_LENGTH)
NO_PASSPHRASE = QT_TRANSLATE_NOOP(
    "DatabaseKey",
    "The visits database needs a passphrase and none was given. Type it when asked, or "
    "pass it on standard input with --passphrase-stdin. Nothing was changed.",
).message()


@dataclass(frozen=True)
class PassphrasePrompt:
    """What to ask: ``new`` when the person chooses a passphrase (type it twice), else the
    existing one; ``explanation`` says what it means; ``problem`` why the last one was
    refused (None the first time)."""

    new: bool
    explanation: Message
    problem: Message | None = None


# Returns the passphrase, or None when the person declined.
AskPassphrase = Callable[[PassphrasePrompt], str | None]


# How the key provider asks for a passphrase it does not have (the CLI's prompt); None:
# it cannot ask (the GUI asks at start, on its main thread, before any open).
_ask: AskPassphrase | None = None


def _known_key(data_dir: Path) -> DatabaseKey | None:
    passphrase = db_key.session_passphrase(data_dir)
    if passphrase is not None:
        return DatabaseKey(passphrase=passphrase)
    raw = db_key.stored_key()
    return None if raw is None else DatabaseKey(raw=raw)


def _key_for(path: Path) -> DatabaseKey:
    """The key provider storage calls (see the module's docstring)."""
    data_dir = path.parent
    key = _known_key(data_dir)
    if key is None:
        unlock_database(data_dir, _ask)
        key = _known_key(data_dir)
    if key is None:  # pragma: no cover - unlock_database either finds a key or raises
        raise StorageEnvironmentError(
            PROBLEM_MESSAGES[StorageProblem.NO_KEY], problem=StorageProblem.NO_KEY
        )
    return key


def _needs_new_key(path: Path) -> bool:
    """No encrypted database is there yet: none at all, an empty one, or a plain one."""
    try:
        return not path.exists() or path.stat().st_size == 0 or is_plain(path)
    except OSError:
        return False


def use_database_keys(ask: AskPassphrase | None = None) -> None:
    """Called once at start (the CLI's ``main``; tests' conftest): storage asks here for
    keys. ``ask``: how to ask for a passphrase when a database needs one (the CLI's
    prompt); without it, ``unlock_database`` must have been called first (the GUI)."""
    global _ask
    _ask = ask
    use_key_provider(_key_for)


def _opens(path: Path, key: DatabaseKey) -> bool:
    """Whether ``key`` opens the existing encrypted file ``path`` (read-only, nothing
    written). Other problems (locked, unreadable) are for the open itself to tell."""
    with environment_errors(f"open the database {path}", path):
        try:
            conn = open_connection(path, read_only=True, key=key)
        except WrongKeyError:
            return False
        with contextlib.suppress(sqlite3.Error):
            conn.close()
    return True


def unlock_database(data_dir: Path, ask: AskPassphrase | None) -> None:
    """Make sure this process can open the database of ``data_dir``: nothing to do when
    the keyring holds its key (or can take a new one); otherwise ``ask`` for the
    passphrase (a new one, or the existing one until it opens the file) and keep it in
    memory. ``ask=None``: no way to ask. Raises StorageEnvironmentError (NO_KEY) when no
    passphrase comes, WRONG_KEY when ``ask`` gives up on a wrong one."""
    data_dir = Path(data_dir)
    path = database_path(data_dir)
    if db_key.session_passphrase(data_dir) is not None or db_key.stored_key():
        return
    new = _needs_new_key(path)
    if new and db_key.create_key() is not None:
        return
    prompt = PassphrasePrompt(new=new, explanation=NEW_PASSPHRASE if new else ENTER_PASSPHRASE)
    while True:
        passphrase = ask(prompt) if ask is not None else None
        if not passphrase and prompt.problem is WRONG_PASSPHRASE:
            raise StorageEnvironmentError(
                PROBLEM_MESSAGES[StorageProblem.WRONG_KEY], problem=StorageProblem.WRONG_KEY
            )
        if not passphrase:
            raise StorageEnvironmentError(
                prompt.problem or NO_PASSPHRASE, problem=StorageProblem.NO_KEY
            )
        if new and len(passphrase) < MIN_PASSPHRASE_LENGTH:
            prompt = PassphrasePrompt(True, NEW_PASSPHRASE, SHORT_PASSPHRASE)
            continue
        if new or _opens(path, DatabaseKey(passphrase=passphrase)):
            db_key.remember_passphrase(data_dir, passphrase)
            return
        prompt = PassphrasePrompt(False, ENTER_PASSPHRASE, WRONG_PASSPHRASE)


def open_reader(data_dir: Path) -> sqlite_utils.Database:
    """A new connection to the existing database of ``data_dir`` (no migration)."""
    return connect(database_path(data_dir))


__all__ = [
    "AskPassphrase",
    "PassphrasePrompt",
    "open_database",
    "open_reader",
    "unlock_database",
    "use_database_keys",
]
