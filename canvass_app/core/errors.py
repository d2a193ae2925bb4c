"""Typed domain errors.

Every expected problem with data (a malformed interaction, a broken survey, a walklist
entry missing its address, a patch that no longer applies) is one of these, carrying the
field it concerns and a message in words, so the UI and the CLI can show it as is.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One problem with one field.

    ``field`` is a JSON pointer such as ``/data/timestamp`` or a readable locator such as
    ``questions[2] (q-id)``; ``message`` says what is wrong in words.
    """

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class CanvassError(Exception):
    """Base of every expected (non-bug) error raised by the domain layer."""


class ValidationError(CanvassError):
    """Input that does not match the contract; ``errors`` lists every problem found."""

    def __init__(self, errors: list[FieldError] | FieldError) -> None:
        self.errors: list[FieldError] = [errors] if isinstance(errors, FieldError) else list(errors)
        if not self.errors:
            self.errors = [FieldError("", "invalid input")]
        super().__init__("; ".join(str(error) for error in self.errors))

    @property
    def fields(self) -> list[str]:
        """The fields named by the errors, in order."""
        return [error.field for error in self.errors]


class SurveyError(ValidationError):
    """A survey definition that cannot be used; messages name the question."""


class WalklistError(ValidationError):
    """A walklist entry (contact, household, address) that cannot be read."""


class PatchConflict(CanvassError):
    """A JSON Patch that cannot apply to a document (path gone, bad operation)."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot apply the edit at {path or '/'}: {reason}")
