"""Messages for people, made below the UI and put into words by it.

Services, the sync engine and the position source never build sentences in a language.
They return a ``Message``: a translation context, the English template with ``{named}``
placeholders, and the arguments. The UI renders it in the interface language
(``canvass_app.ui.i18n.render``); the command line and the logs use the English
(``str(message)``).

Templates are written where they are used, marked with ``QT_TRANSLATE_NOOP(context,
text)``: ``pyside6-lupdate`` finds that call by name in any Python file, so every template
reaches the ``.ts`` catalogue under its context without this layer importing Qt.

    NOT_HOME_FOR = QT_TRANSLATE_NOOP("DoorSession", "{outcome} for {count}")
    ...
    return NOT_HOME_FOR.with_args(outcome=outcome_name, count=3)

An argument that is itself a ``Message`` (an outcome's name, a reason) is rendered in the
same language before it is put in place. ``n`` fills ``%n``: a count is said with two
templates, the singular and the plural (``plural`` picks one by the count), each
translated on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# (context, template, n) -> the template in the target language (still with placeholders).
Translate = Callable[[str, str, "int | None"], str]


def english(context: str, template: str, n: int | None = None) -> str:
    """The source language: the template itself, with Qt's ``%n`` filled in."""
    return template if n is None else template.replace("%n", str(n))


@dataclass(frozen=True)
class MessageTemplate:
    """One translatable text and its context; ``with_args`` makes a ``Message`` of it."""

    context: str
    text: str

    def with_args(self, n: int | None = None, **args: Any) -> Message:
        return Message(self.context, self.text, args, n)

    def message(self) -> Message:
        return Message(self.context, self.text)


def QT_TRANSLATE_NOOP(context: str, text: str) -> MessageTemplate:  # the name lupdate finds
    """Mark ``text`` for translation under ``context`` (found by pyside6-lupdate)."""
    return MessageTemplate(context, text)


@dataclass(frozen=True)
class Message:
    """Something to tell a person: rendered in their language by the UI."""

    context: str
    template: str
    args: Mapping[str, Any] = field(default_factory=dict)
    n: int | None = None

    def render(self, translate: Translate = english) -> str:
        text = translate(self.context, self.template, self.n)
        values = {
            key: value.render(translate) if isinstance(value, Message) else value
            for key, value in self.args.items()
        }
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            # A translation that names a placeholder the code does not give (or breaks the
            # braces) must not hide the message: fall back to the English.
            if translate is english:
                raise
            return english(self.context, self.template, self.n).format(**values)

    def __str__(self) -> str:
        return self.render()


def as_message(value: Message | MessageTemplate | str) -> Message:
    """A ``Message`` for what a caller holds (a plain string is data: shown as it is)."""
    if isinstance(value, Message):
        return value
    if isinstance(value, MessageTemplate):
        return value.message()
    return Message("", "{text}", {"text": value})


def joined(parts: Sequence[Message | MessageTemplate | str], separator: str = ", ") -> Message:
    """Several messages shown as one line (each in the same language; strings are data)."""
    args = {f"part{index}": as_message(part) for index, part in enumerate(parts)}
    gap = separator.replace("{", "{{").replace("}", "}}")
    return Message("", gap.join("{" + name + "}" for name in args), args)


def plural(one: MessageTemplate, many: MessageTemplate, count: int, **args: Any) -> Message:
    """``one`` for a count of 1, else ``many``; ``%n`` in either becomes the count."""
    return (one if count == 1 else many).with_args(n=count, **args)
