"""canvass_app.api: the Polis HTTP client and its typed errors (see ARCHITECTURE.md)."""

from canvass_app.api.client import DEFAULT_USER_AGENT, PolisClient
from canvass_app.api.errors import (
    ApiError,
    AuthError,
    ConflictError,
    ForbiddenError,
    InsecureUrlError,
    NotFoundError,
    ProtocolError,
    RateLimitedError,
    RejectedError,
    TransientError,
)

__all__ = [
    "DEFAULT_USER_AGENT",
    "ApiError",
    "AuthError",
    "ConflictError",
    "ForbiddenError",
    "InsecureUrlError",
    "NotFoundError",
    "PolisClient",
    "ProtocolError",
    "RateLimitedError",
    "RejectedError",
    "TransientError",
]
