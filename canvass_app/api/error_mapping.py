"""From what httpx raised or what the server answered to one typed ApiError.

The table followed is "What an httpx error tells you about a POST" in sync-notes: nothing
sent (connect errors) is safe to retry as is; a failure after the request left the machine
(write/read errors, timeouts, resets, 5xx) may have been applied when it was a write; a 4xx
is definitive.
"""

from __future__ import annotations

import email.utils
import json
import math
import ssl
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import httpx

from canvass_app.api.errors import (
    ApiError,
    AuthError,
    CertificateError,
    CertificateProblem,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ProtocolError,
    RateLimitedError,
    RejectedError,
    TransientError,
)
from canvass_app.core.errors import FieldError

# httpx errors raised before a byte of the request reached the server.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# httpx errors raised after the request (or part of it) may have reached the server.
_MAYBE_SENT = (
    httpx.WriteError,
    httpx.WriteTimeout,
    httpx.ReadTimeout,
    httpx.ReadError,
    httpx.RemoteProtocolError,
)

CONFLICT_STATUSES = frozenset({409, 412, 428})
CONCURRENCY_ERROR_NAME = "ConcurrencyError"
# Longest server message kept in an error; bodies can be whole HTML pages.
_MAX_SERVER_TEXT = 300


# Shorter "secrets" (test tokens like "t") would blank out ordinary letters of a message.
MIN_REDACTED_LENGTH = 4


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """``text`` with every known secret replaced, so no message can carry a token."""
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        if len(secret) >= MIN_REDACTED_LENGTH:
            text = text.replace(secret, "[redacted]")
    return text


# OpenSSL's verification results (X509_V_ERR_*) that say more than "not trusted".
_VERIFY_CODES: dict[int, CertificateProblem] = {
    9: "not_yet_valid",  # CERT_NOT_YET_VALID
    10: "expired",  # CERT_HAS_EXPIRED
    62: "wrong_host",  # HOSTNAME_MISMATCH
    64: "wrong_host",  # IP_ADDRESS_MISMATCH
}
# The same read from the words of the macOS and Windows verifiers (truststore).
_VERIFY_WORDS: tuple[tuple[str, CertificateProblem], ...] = (
    ("not yet valid", "not_yet_valid"),
    ("expired", "expired"),
    ("hostname", "wrong_host"),
    ("host name", "wrong_host"),
    ("ip address mismatch", "wrong_host"),
    ("doesn't match", "wrong_host"),
    ("does not match", "wrong_host"),
)


def _tls_cause(exc: BaseException) -> ssl.SSLError | None:
    """The ssl error under an httpx error (httpx wraps httpcore, which wraps ssl)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ssl.SSLError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _certificate_problem(error: ssl.SSLCertVerificationError) -> CertificateProblem:
    code = getattr(error, "verify_code", None)
    if isinstance(code, int) and code in _VERIFY_CODES:
        return _VERIFY_CODES[code]
    words = f"{getattr(error, 'verify_message', '') or ''} {error}".lower()
    for phrase, problem in _VERIFY_WORDS:
        if phrase in words:
            return problem
    return "untrusted"


def _host_of(exc: httpx.HTTPError) -> str:
    try:
        return str(exc.request.url.host) or "?"
    except RuntimeError:  # an error raised before a request was attached
        return "?"


def transport_error(exc: httpx.HTTPError, *, method: str, path: str, is_write: bool) -> ApiError:
    """The typed error for an exception httpx raised while sending ``method path``."""
    what = f"{method} {path}"
    kind = type(exc).__name__
    tls = _tls_cause(exc)
    if isinstance(tls, ssl.SSLCertVerificationError):
        problem = _certificate_problem(tls)
        certificate = CertificateError(
            "",
            problem=problem,
            host=_host_of(exc),
            detail=str(getattr(tls, "verify_message", "") or tls.reason or tls),
        )
        certificate.message = f"{what} was not sent: {certificate.explanation}"
        certificate.args = (certificate.message,)
        return certificate
    if tls is not None and isinstance(exc, _NOT_SENT):
        # A handshake that failed for another reason: not TLS on that port, no common
        # protocol version or cipher.
        return TransientError(
            f"{what} was not sent: a secure connection to the server could not be set up "
            f"({tls.reason or kind}); check that the API address and its port are right",
            may_have_reached_server=False,
        )
    if isinstance(exc, _NOT_SENT):
        reason = {
            "ConnectTimeout": "the connection timed out",
            "PoolTimeout": "no connection became free in time",
        }.get(kind, "could not connect to the server")
        return TransientError(
            f"{what} was not sent: {reason} ({kind})", may_have_reached_server=False
        )
    if isinstance(exc, _MAYBE_SENT):
        reason = {
            "ReadTimeout": "no answer arrived in time",
            "WriteTimeout": "sending the request timed out",
            "RemoteProtocolError": "the server closed the connection or answered garbage",
        }.get(kind, "the connection failed while the request was under way")
        suffix = "; it may have been applied" if is_write else ""
        return TransientError(
            f"{what} failed: {reason} ({kind}){suffix}", may_have_reached_server=is_write
        )
    if isinstance(exc, httpx.DecodingError):
        return ProtocolError(
            f"{what}: the answer could not be decoded ({kind})", may_have_reached_server=is_write
        )
    if isinstance(exc, httpx.TimeoutException):
        return TransientError(f"{what} timed out ({kind})", may_have_reached_server=is_write)
    if isinstance(exc, httpx.TransportError):
        # Proxy errors, unsupported protocol and the like: assume the worst for writes.
        return TransientError(
            f"{what} failed on the network ({kind})", may_have_reached_server=is_write
        )
    return ApiError(f"{what} failed ({kind})")


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        if math.isfinite(seconds) and seconds >= 0:
            return seconds
        return None
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now or datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())


def _json_body(response: httpx.Response) -> Any:
    """The decoded JSON body, or None when the body is empty or not JSON."""
    if not response.content:
        return None
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None


def _field_errors(body: dict[str, Any]) -> list[FieldError]:
    """Field errors from the common shapes: ``errors`` or ``data.errors`` as a list of
    ``{field|path|pointer, message}`` or a mapping of field to message."""
    candidates: list[Any] = [body.get("errors")]
    data = body.get("data")
    if isinstance(data, dict):
        candidates.append(data.get("errors"))
    found: list[FieldError] = []
    for candidate in candidates:
        if isinstance(candidate, list):
            for item in candidate:
                if isinstance(item, dict):
                    field = item.get("field") or item.get("path") or item.get("pointer") or ""
                    message = item.get("message") or item.get("name") or ""
                    if isinstance(field, str) and isinstance(message, str) and message:
                        found.append(FieldError(field, message))
                elif isinstance(item, str) and item:
                    found.append(FieldError("", item))
        elif isinstance(candidate, dict):
            for field, message in candidate.items():
                if isinstance(message, str):
                    found.append(FieldError(str(field), message))
                elif isinstance(message, list):
                    found.extend(FieldError(str(field), str(m)) for m in message)
    return found


def _server_text(response: httpx.Response, body: Any) -> tuple[str, str | None]:
    """The server's message and error name, trimmed; the reason phrase when it gave none."""
    name: str | None = None
    message = ""
    if isinstance(body, dict):
        raw_name = body.get("name")
        name = raw_name if isinstance(raw_name, str) and raw_name else None
        for key in ("message", "error_description", "error", "detail"):
            value = body.get(key)
            if isinstance(value, str) and value.strip():
                message = value.strip()
                break
    if len(message) > _MAX_SERVER_TEXT:
        message = message[:_MAX_SERVER_TEXT] + "…"
    return message, name


def status_error(
    response: httpx.Response,
    *,
    method: str,
    path: str,
    is_write: bool,
    secrets: Iterable[str | None] = (),
) -> ApiError:
    """The typed error for a non-2xx answer to ``method path``."""
    status = response.status_code
    body = _json_body(response)
    server_message, name = _server_text(response, body)
    secrets = list(secrets)
    server_message = redact(server_message, secrets)
    reason = response.reason_phrase or "error"
    head = f"{method} {path} answered {status} {reason}"
    message = f"{head}: {server_message}" if server_message else head

    if status == 401:
        return AuthError(
            f"{message} (sign in again: the token is missing, wrong or expired)",
            status=status,
            name=name,
        )
    if status == 403:
        return ForbiddenError(
            f"{message} (this account has no access to it)", status=status, name=name
        )
    if status in (404, 410):
        return NotFoundError(message, status=status, name=name)
    if status in CONFLICT_STATUSES or (status == 400 and name == CONCURRENCY_ERROR_NAME):
        return ConflictError(
            f"{message} (the etag is stale or missing: fetch the server copy)",
            status=status,
            name=name,
        )
    if status == 429:
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        wait = f"; retry after {retry_after:g} s" if retry_after is not None else ""
        return RateLimitedError(
            f"{message}{wait}", status=status, name=name, retry_after=retry_after
        )
    if status == 408 or status >= 500:
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        suffix = "; it may have been applied" if is_write else ""
        return TransientError(
            f"{message}{suffix}",
            may_have_reached_server=is_write,
            status=status,
            name=name,
            retry_after=retry_after,
        )
    if 400 <= status < 500:
        fields = _field_errors(body) if isinstance(body, dict) else []
        fields = [
            FieldError(redact(f.field, secrets), redact(str(f.message), secrets)) for f in fields
        ]
        detail = "; ".join(str(f) for f in fields)
        if detail and detail not in message:
            message = f"{message} ({detail})"
        return RejectedError(message, status=status, name=name, field_errors=fields)
    # 1xx and 3xx (a captive portal redirect, for one): not an answer we understand.
    location = response.headers.get("Location")
    where = f" to {redact(location, secrets)}" if status in range(300, 400) and location else ""
    return ProtocolError(
        f"{head}{where}: not an answer of the Polis API (a captive portal or proxy?)",
        may_have_reached_server=is_write,
        status=status,
        name=name,
    )
