"""Messages made below the UI: English by default, any language through a translator."""

from __future__ import annotations

import pytest

from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message, as_message

SAVED = QT_TRANSLATE_NOOP("Test", "{outcome} for {count}")
OUTCOME = QT_TRANSLATE_NOOP("Test", "Not Home")
PLURAL = QT_TRANSLATE_NOOP("Test", "%n visit(s) waiting")


def spanish(context: str, template: str, n: int | None = None) -> str:
    table = {
        "{outcome} for {count}": "{outcome} para {count}",
        "Not Home": "No está",
        "%n visit(s) waiting": "%n visitas esperan" if n != 1 else "%n visita espera",
    }
    assert context == "Test"
    text = table[template]
    return text if n is None else text.replace("%n", str(n))


def test_english_by_default_with_nested_messages() -> None:
    message = SAVED.with_args(outcome=OUTCOME.message(), count=6)
    assert str(message) == "Not Home for 6"
    assert message.render(spanish) == "No está para 6"


def test_plural_count() -> None:
    assert str(PLURAL.with_args(n=1)) == "1 visit(s) waiting"
    assert PLURAL.with_args(n=1).render(spanish) == "1 visita espera"
    assert PLURAL.with_args(n=3).render(spanish) == "3 visitas esperan"


def test_a_broken_translation_falls_back_to_english() -> None:
    def broken(context: str, template: str, n: int | None = None) -> str:
        return "{nope} roto"

    assert SAVED.with_args(outcome="x", count=1).render(broken) == "x for 1"


def test_a_missing_argument_is_a_bug() -> None:
    with pytest.raises(KeyError):
        str(SAVED.with_args(count=1))


def test_plain_text_is_data() -> None:
    assert str(as_message("Dana {Street}")) == "Dana {Street}"
    assert as_message(OUTCOME) == Message("Test", "Not Home")


def test_joined_renders_each_part_in_the_same_language() -> None:
    from canvass_app.core.messages import joined

    def translate(context: str, template: str, n: int | None = None) -> str:
        return spanish(context, template, n) if context else template  # "": data as it is

    line = joined([OUTCOME.message(), "Calle {Mayor}", SAVED.with_args(outcome="x", count=2)], "; ")
    assert str(line) == "Not Home; Calle {Mayor}; x for 2"
    assert line.render(translate) == "No está; Calle {Mayor}; x para 2"
    assert str(joined([], " {} ")) == ""


def test_os_reasons_are_words_not_the_c_librarys_english() -> None:
    import errno

    from canvass_app.core.os_problems import os_reason

    full = os_reason(OSError(errno.ENOSPC, "No space left on device"))
    assert (full.context, str(full)) == ("OsProblem", "the disk is full")
    odd = os_reason(OSError(errno.EXDEV, "Invalid cross-device link"))
    assert (odd.context, str(odd)) == ("", "Invalid cross-device link")  # shown as it is
