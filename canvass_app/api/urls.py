"""Checking the API base URL before any request is made.

The token travels in a header on every request, so plain http:// is allowed only to this
machine (the reference server used by the demo and the tests); anything else must be https.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from canvass_app.api.errors import InsecureUrlError
from canvass_app.core.net import is_loopback_host

__all__ = ["is_loopback_host", "normalize_base_url", "path_segment"]


def normalize_base_url(base_url: str) -> str:
    """Return ``base_url`` without a trailing slash, or raise if it is unusable or unsafe.

    Raises InsecureUrlError for http:// to a host other than this machine, and ValueError
    (with the reason in words) for anything that is not an http(s) URL with a host.
    """
    if not isinstance(base_url, str) or not base_url.strip():
        raise ValueError("the API URL is empty; give one such as https://api.example.org")
    text = base_url.strip()
    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as exc:
        raise ValueError(f"the API URL {text!r} cannot be read: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValueError(
            f"the API URL {text!r} must start with https:// (or http:// for this machine)"
        )
    if not host:
        raise ValueError(f"the API URL {text!r} has no host name")
    if parts.username is not None or parts.password is not None:
        raise ValueError(
            "the API URL must not contain a user name or password; sign in with a token instead"
        )
    if parts.query or parts.fragment:
        raise ValueError(f"the API URL {text!r} must not have a query (?...) or fragment (#...)")
    if scheme == "http" and not is_loopback_host(host):
        raise InsecureUrlError(
            f"refusing plain http:// to {host}: the access token would travel unencrypted; "
            "use https:// (plain http is allowed only for 127.0.0.1, ::1 and localhost)"
        )
    return f"{scheme}://{parts.netloc}{parts.path}".rstrip("/")


def path_segment(value: str, what: str) -> str:
    """``value`` quoted as one URL path segment; refuses empty ids and dot segments."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"the {what} is empty")
    if value in (".", ".."):
        raise ValueError(f"the {what} {value!r} is not an id")
    return quote(value, safe="")
