"""Expected problems or bugs: the one place that tells them apart.

Every use case that can fail (a door session call, a sync pass) runs through
``expected_problem``: an environment problem (a locked, full, read-only or damaged
database; a disk or permission error; no network; the server refusing) or bad input is
*expected* and comes back in words for the person, with what to do; anything else is a
bug (``None``): the caller logs it and hands it to the crash dialog.

The split for SQLite follows qutebrowser's (``storage.db.storage_problem``): an error
code that describes the machine is expected; a bad statement or a broken constraint is
ours to fix. The technical text never goes into the words; it belongs in the log.
"""

from __future__ import annotations

from canvass_app.api.errors import (
    ApiError,
    AuthError,
    CertificateError,
    ForbiddenError,
    InsecureUrlError,
    ProtocolError,
    TransientError,
)
from canvass_app.core.errors import CanvassError, ValidationError
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message
from canvass_app.storage.db import PROBLEM_MESSAGES, StorageEnvironmentError, storage_problem

OFFLINE = QT_TRANSLATE_NOOP(
    "Problems",
    "No connection. Visits are saved on this laptop and will be sent when you are back online.",
)
SIGN_IN = QT_TRANSLATE_NOOP(
    "Problems", "Sign-in needed: the server refused the sign-in. Sign in again to send visits."
)
UNSAFE_ADDRESS = QT_TRANSLATE_NOOP(
    "Problems",
    "The server address is not safe to use (it must start with https://). Fix it in Settings.",
)
SERVER_REFUSED = QT_TRANSLATE_NOOP(
    "Problems", "The server did not accept the request. Nothing is lost; try again later."
)
DISK_TROUBLE = QT_TRANSLATE_NOOP(
    "Problems",
    "A file could not be used ({reason}). Check the disk and the folder, then try again.",
)
NOT_VALID = QT_TRANSLATE_NOOP("Problems", "Not saved: {reason}")
PROBLEM = QT_TRANSLATE_NOOP("Problems", "{reason}")
BUG = QT_TRANSLATE_NOOP(
    "Problems",
    "Something unexpected went wrong. It was logged, and the crash window says where; "
    "tell your supervisor.",
)


def expected_problem(error: BaseException) -> Message | None:
    """Words (with what to do) for an expected problem; None when ``error`` is a bug.

    Storage problems are told as ``storage.db`` words them (``StorageProblem``): an
    SQLite or OS error is expected only when its code describes the machine.
    """
    if isinstance(error, StorageEnvironmentError):
        return error.message
    problem = storage_problem(error)  # a raw sqlite3 or OS error from below
    if problem is not None:
        return PROBLEM_MESSAGES[problem]
    if isinstance(error, CertificateError):  # not offline: the certificate, and the fix
        return error.explanation
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
    if isinstance(error, OSError):  # a folder or file of the person's choosing
        return DISK_TROUBLE.with_args(reason=error.strerror or type(error).__name__)
    return None


def bug_message() -> Message:
    """What a person reads when a bug stopped what they asked for."""
    return BUG.message()


__all__ = ["bug_message", "expected_problem"]
