"""Errors the reference server answers with: one exception type, one JSON body shape.

Every failure leaves the server as `{"name": ..., "message": ..., "data": {...}}`, the
shape the Polis docs show for bulk errors (api-notes §2.1), so clients parse one shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from canvass_app.core.errors import FieldError


@dataclass
class ApiError(Exception):
    """An error answer: HTTP status, error name, a message in words, optional details."""

    status: int
    name: str
    message: str
    data: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.name}: {self.message}"

    def body(self) -> dict[str, Any]:
        return {"name": self.name, "message": self.message, "data": self.data}


def bad_request(message: str, **data: Any) -> ApiError:
    return ApiError(400, "BadRequestError", message, dict(data))


def validation_error(problems: list[FieldError]) -> ApiError:
    """400 naming every field that is wrong; the message repeats the first ones in words."""
    summary = "; ".join(f"{p.field}: {p.message}" for p in problems[:5])
    if len(problems) > 5:
        summary += f" (and {len(problems) - 5} more)"
    return ApiError(
        400,
        "ValidationError",
        f"The document is not valid: {summary}",
        {"errors": [{"field": p.field, "message": str(p.message)} for p in problems]},
    )


def not_found(resource: str, doc_id: str) -> ApiError:
    return ApiError(404, "NotFoundError", f"No {resource} document with id {doc_id!r}.")


def unauthorized(message: str) -> ApiError:
    return ApiError(401, "UnauthorizedError", message, headers={"WWW-Authenticate": "Bearer"})
