"""Typed domain errors.

Every expected problem with data (a malformed interaction, a broken survey, a walklist
entry missing its address, a patch that no longer applies) is one of these, carrying the
field it concerns and a message in words. ``message`` is what a person reads: a
``Message`` the UI renders in their language (``str()`` is the English, for the CLI and
the logs). A problem only a developer or the server's administrator meets (a document
that breaks the API contract) may say it in plain English: it is shown as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from canvass_app.core.messages import Message, as_message, joined


@dataclass(frozen=True)
class FieldError:
    """One problem with one field.

    ``field`` is a JSON pointer such as ``/data/timestamp`` or a readable locator such as
    ``questions[2] (q-id)``; ``message`` says what is wrong in words (a ``Message`` when a
    person reads it, else English).
    """

    field: str
    message: str | Message

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else str(self.message)

    @property
    def words(self) -> Message:
        """The problem for a person (without the field's technical name)."""
        return as_message(self.message)


class CanvassError(Exception):
    """Base of every expected (non-bug) error raised by the domain layer.

    ``message`` is what a person reads: ``SomeError(message)`` with a translatable
    ``Message`` (``str()`` is then its English); made from plain text, it is that text,
    shown as it is.
    """

    message: Message

    def __init__(self, *args: Any) -> None:
        if len(args) == 1 and isinstance(args[0], Message):
            self.message = args[0]
            args = (str(args[0]),)
        super().__init__(*args)
        if "message" not in self.__dict__:
            self.message = as_message(str(self))


class ValidationError(CanvassError):
    """Input that does not match the contract; ``errors`` lists every problem found."""

    def __init__(self, errors: list[FieldError] | FieldError) -> None:
        self.errors: list[FieldError] = [errors] if isinstance(errors, FieldError) else list(errors)
        if not self.errors:
            self.errors = [FieldError("", "invalid input")]
        if "message" not in self.__dict__:  # a subclass may have said it better already
            self.message = joined([error.words for error in self.errors], "; ")
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
