"""Expected problems or bugs: the one place that tells them apart.

Every use case that can fail (a door session call, a sync pass) runs through
``expected_problem``: an environment problem (a locked, full, read-only or damaged
database; a disk or permission error; no network; the server refusing) or bad input is
*expected* and comes back in words for the person, with what to do; anything else is a
bug (``None``): the caller logs it and hands it to the crash dialog.

The split for SQLite follows qutebrowser's: an error code that describes the machine
(``storage.db.environment_reason``) is expected; a bad statement or a broken constraint
is ours to fix. The technical text never goes into the words; it belongs in the log.
"""

from __future__ import annotations

import errno
import sqlite3

from canvass_app.api.errors import (
    ApiError,
    AuthError,
    ForbiddenError,
    InsecureUrlError,
    ProtocolError,
    TransientError,
)
from canvass_app.core.errors import CanvassError, ValidationError
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message
from canvass_app.storage.db import StorageEnvironmentError, environment_reason

_CONTEXT = "Problems"

DISK_FULL = QT_TRANSLATE_NOOP(_CONTEXT, "The disk is full. Free some space, then try again.")
DATABASE_BUSY = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "The visits file is busy (another copy of Canvass may be open). Close it, then try again.",
)
READ_ONLY = QT_TRANSLATE_NOOP(
    _CONTEXT, "The visits file cannot be written (it is read-only). Tell your supervisor."
)
DAMAGED = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "The visits file is damaged. Restart Canvass: it checks the file and keeps what it can.",
)
NO_PERMISSION = QT_TRANSLATE_NOOP(
    _CONTEXT, "Canvass is not allowed to use its files here. Tell your supervisor."
)
DISK_TROUBLE = QT_TRANSLATE_NOOP(
    _CONTEXT, "The disk could not be read or written ({reason}). Check it, then try again."
)
OUT_OF_MEMORY = QT_TRANSLATE_NOOP(
    _CONTEXT, "The computer ran out of memory. Close other programs, then try again."
)
OFFLINE = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "No connection. Visits are saved on this laptop and will be sent when you are back online.",
)
SIGN_IN = QT_TRANSLATE_NOOP(
    _CONTEXT, "Sign-in needed: the server refused the sign-in. Sign in again to send visits."
)
UNSAFE_ADDRESS = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "The server address is not safe to use (it must start with https://). Fix it in Settings.",
)
SERVER_REFUSED = QT_TRANSLATE_NOOP(
    _CONTEXT, "The server did not accept the request. Nothing is lost; try again later."
)
NOT_VALID = QT_TRANSLATE_NOOP(_CONTEXT, "Not saved: {reason}")
PROBLEM = QT_TRANSLATE_NOOP(_CONTEXT, "{reason}")
BUG = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Something unexpected went wrong. It was logged, and the crash window says where; "
    "tell your supervisor.",
)

# storage.db's environment codes (sqlite_errorcode & 0xFF) in words
_SQLITE_WORDS: dict[int, Message] = {
    5: DATABASE_BUSY.message(),  # BUSY
    6: DATABASE_BUSY.message(),  # LOCKED
    7: OUT_OF_MEMORY.message(),  # NOMEM
    8: READ_ONLY.message(),  # READONLY
    11: DAMAGED.message(),  # CORRUPT
    13: DISK_FULL.message(),  # FULL
    23: NO_PERMISSION.message(),  # AUTH
    26: DAMAGED.message(),  # NOTADB
}
_SQLITE_PHRASES: tuple[tuple[str, Message], ...] = (
    ("locked", DATABASE_BUSY.message()),
    ("full", DISK_FULL.message()),
    ("readonly", READ_ONLY.message()),
    ("malformed", DAMAGED.message()),
    ("not a database", DAMAGED.message()),
)


def _sqlite_words(error: sqlite3.Error) -> Message | None:
    reason = environment_reason(error)
    if reason is None:
        return None  # a bad statement or a broken constraint: a bug
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _SQLITE_WORDS:
        return _SQLITE_WORDS[code & 0xFF]
    text = str(error).lower()
    for phrase, words in _SQLITE_PHRASES:
        if phrase in text:
            return words
    return DISK_TROUBLE.with_args(reason=reason)


def _os_words(error: OSError) -> Message:
    if error.errno == errno.ENOSPC:
        return DISK_FULL.message()
    if error.errno in (errno.EACCES, errno.EPERM):
        return NO_PERMISSION.message()
    if error.errno == errno.EROFS:
        return READ_ONLY.message()
    return DISK_TROUBLE.with_args(reason=error.strerror or type(error).__name__)


def expected_problem(error: BaseException) -> Message | None:
    """Words (with what to do) for an expected problem; None when ``error`` is a bug."""
    if isinstance(error, StorageEnvironmentError):
        cause = error.__cause__
        if isinstance(cause, sqlite3.Error):
            return _sqlite_words(cause) or DISK_TROUBLE.with_args(reason=str(error))
        return PROBLEM.with_args(reason=str(error))
    if isinstance(error, sqlite3.Error):
        return _sqlite_words(error)
    if isinstance(error, AuthError | ForbiddenError):
        return SIGN_IN.message()
    if isinstance(error, TransientError | ProtocolError):
        return OFFLINE.message()
    if isinstance(error, InsecureUrlError):
        return UNSAFE_ADDRESS.message()
    if isinstance(error, ApiError):
        return SERVER_REFUSED.message()
    if isinstance(error, ValidationError):
        return NOT_VALID.with_args(reason=str(error))
    if isinstance(error, CanvassError):
        return PROBLEM.with_args(reason=str(error))
    if isinstance(error, OSError):
        return _os_words(error)
    return None


def bug_message() -> Message:
    """What a person reads when a bug stopped what they asked for."""
    return BUG.message()


__all__ = ["bug_message", "expected_problem"]
