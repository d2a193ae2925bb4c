"""Typed errors of the Polis HTTP client.

Every failure of a request is one of these, so the sync engine can decide what to do from
the class alone: pause for sign-in (AuthError, ForbiddenError), refetch and rebase
(ConflictError), set the visit aside (NotFoundError, RejectedError), wait and retry
(RateLimitedError, TransientError) or reconcile first (``may_have_reached_server``).

Messages are written for a person and never contain the access token: the client builds
them from the method, the path and the server's own message, and scrubs every secret it
knows of before raising.
"""

from __future__ import annotations

from typing import Literal

from canvass_app.core.errors import FieldError
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message


class ApiError(Exception):
    """A request to the Polis API that did not give the documented answer.

    ``status`` is the HTTP status when the server answered, ``None`` when it did not;
    ``name`` is the error name from the server's body (``ConcurrencyError``) when it gave one.
    """

    def __init__(self, message: str, *, status: int | None = None, name: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.name = name

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.message!r}, status={self.status!r}, name={self.name!r})"
        )


class AuthError(ApiError):
    """401: no token, a wrong one or an expired one. The person has to sign in again."""


class ForbiddenError(ApiError):
    """403: the token is valid but has no access to this resource."""


class ConflictError(ApiError):
    """The etag sent is stale or missing (409, 412, 428, or a 400 named ConcurrencyError)."""


class NotFoundError(ApiError):
    """404 or 410: the document (or the route) does not exist, or was deleted."""


class RateLimitedError(ApiError):
    """429: too many requests; ``retry_after`` is the wait the server asked for, in seconds."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = 429,
        name: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, status=status, name=name)
        self.retry_after = retry_after


class TransientError(ApiError):
    """The network or the server failed in a way a later retry may fix.

    ``may_have_reached_server`` is True when a write may have been applied even though no
    answer arrived (timeout or reset after sending, 5xx): the caller must reconcile before
    sending it again. It is False when nothing left the machine (connect errors).
    ``retry_after`` is the wait a 503 asked for (Retry-After), in seconds, when it gave one.
    """

    def __init__(
        self,
        message: str,
        *,
        may_have_reached_server: bool,
        status: int | None = None,
        name: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, status=status, name=name)
        self.may_have_reached_server = may_have_reached_server
        self.retry_after = retry_after


CertificateProblem = Literal["untrusted", "expired", "not_yet_valid", "wrong_host"]

# What a person reads about a certificate the client refused: what it means, then what to
# do. "{host}" is the server's name as the API address gives it.
CERTIFICATE_EXPLANATIONS = {
    "untrusted": QT_TRANSLATE_NOOP(
        "CertificateError",
        "The server {host} showed a certificate that this computer does not trust, so "
        "nothing was sent. If your organisation uses its own certificate authority, choose "
        "its certificate file in Settings (Trusted certificate authority). Otherwise tell "
        "your supervisor: someone may be intercepting the connection.",
    ),
    "expired": QT_TRANSLATE_NOOP(
        "CertificateError",
        "The certificate of the server {host} has expired, so nothing was sent. Check that "
        "this computer's date and time are right; if they are, the server's administrator "
        "must renew the certificate.",
    ),
    "not_yet_valid": QT_TRANSLATE_NOOP(
        "CertificateError",
        "The certificate of the server {host} is not valid yet, so nothing was sent. Check "
        "that this computer's date and time are right.",
    ),
    "wrong_host": QT_TRANSLATE_NOOP(
        "CertificateError",
        "The server {host} showed a certificate made out to another name, so nothing was "
        "sent. Check the API address in Settings; if it is right, tell your supervisor: "
        "someone may be intercepting the connection.",
    ),
}


class CertificateError(TransientError):
    """The server's TLS certificate was refused: untrusted, expired, not yet valid, or
    made out to another host name. Nothing was sent.

    It is transient to the sync engine (visits wait; nothing is lost) but it is not being
    offline: ``explanation`` tells the person what happened and how to fix it, and
    ``detail`` keeps the TLS library's own words for the log.
    """

    def __init__(
        self, message: str, *, problem: CertificateProblem, host: str, detail: str = ""
    ) -> None:
        super().__init__(message, may_have_reached_server=False)
        self.problem: CertificateProblem = problem
        self.host = host
        self.detail = detail

    @property
    def explanation(self) -> Message:
        return CERTIFICATE_EXPLANATIONS[self.problem].with_args(host=self.host)


class RejectedError(ApiError):
    """A 4xx that no retry will fix; carries the server's message and its field errors."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        name: str | None = None,
        field_errors: list[FieldError] | None = None,
    ) -> None:
        super().__init__(message, status=status, name=name)
        self.field_errors: list[FieldError] = list(field_errors or [])


class ProtocolError(ApiError):
    """An answer that is not the documented shape.

    An HTML page from a captive portal, truncated or invalid JSON, the wrong content type,
    a redirect, or an interaction without an id or etag. For a write the request may have
    been applied, so ``may_have_reached_server`` is True.
    """

    def __init__(
        self,
        message: str,
        *,
        may_have_reached_server: bool,
        status: int | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(message, status=status, name=name)
        self.may_have_reached_server = may_have_reached_server


class InsecureUrlError(ValueError):
    """A base URL the client refuses: plain http:// to a host that is not this machine."""
