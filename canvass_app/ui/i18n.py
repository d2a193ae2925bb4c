"""Loading the interface language: our own catalogue plus Qt's for standard dialogs."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QWidget

from canvass_app.core.messages import Message, MessageTemplate, as_message
from canvass_app.services.paths import resources_dir
from canvass_app.services.problems import bug_message, expected_problem
from canvass_app.services.settings import LANGUAGES, interface_language

log = logging.getLogger(__name__)

CATALOGUE = "canvass"


def system_languages() -> list[str]:
    """The person's languages as the desktop gives them, most wanted first ("es-MX", ...)."""
    return list(QLocale.system().uiLanguages())


def chosen_language(setting: str) -> str:
    """The interface language for the language setting ("system" follows the desktop)."""
    return interface_language(setting, system_languages())


def translations_dir() -> Path:
    return resources_dir() / "translations"


# Numbers are written the way the interface language writes them ("12,439" / "12.439").
_ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
_number_locale = _ENGLISH


def number(value: float, decimals: int = 0) -> str:
    """``value`` as the interface language writes a number (grouped, its decimal mark)."""
    if isinstance(value, int) and decimals == 0:
        return _number_locale.toString(value)
    return _number_locale.toString(float(value), "f", decimals)


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the catalogues for ``language``; returns them (keep them alive).

    English is the source language: nothing to load. A missing catalogue is logged and
    the interface stays in English rather than failing to start.
    """
    global _number_locale
    if language not in LANGUAGES or language == "en":
        return []
    _number_locale = QLocale(language)
    installed: list[QTranslator] = []
    ours = QTranslator(app)
    if ours.load(f"{CATALOGUE}_{language}", str(translations_dir())):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.warning(
            "no %s catalogue in %s; the interface stays in English", language, translations_dir()
        )
    qt_base = QTranslator(app)
    if qt_base.load(
        QLocale(language),
        "qtbase",
        "_",
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
    ):
        app.installTranslator(qt_base)
        installed.append(qt_base)
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    global _number_locale
    for translator in translators:
        app.removeTranslator(translator)
    _number_locale = _ENGLISH


def qt_translate(context: str, template: str, n: int | None = None) -> str:
    """``core.messages.Translate`` through the installed Qt catalogues.

    Templates are plain (not numerus) messages: English picks the singular or the plural
    template by the count (``core.messages.plural``), each translated on its own, and
    ``%n`` is filled in here."""
    text = QCoreApplication.translate(context, template) if context else template
    return text if n is None else text.replace("%n", str(n))


def render(message: Message | MessageTemplate | str) -> str:
    """A service's message in the interface language."""
    return as_message(message).render(qt_translate)


def render_problem(error: BaseException) -> str:
    """An error in the person's words: an expected problem as the services word it; a bug
    goes to the crash dialog (``sys.excepthook``, which logs it) and the words say so."""
    words = expected_problem(error)
    if words is None:
        sys.excepthook(type(error), error, error.__traceback__)
        words = bug_message()
    return render(words)


# A widget whose text is for support staff and shown as it is (a traceback, raw JSON, the
# sync log): not translated; the Spanish scan test reads its name, not its content.
TECHNICAL = "canvass_technical"


Shown = TypeVar("Shown", bound=QWidget)


def mark_technical(widget: Shown) -> Shown:
    widget.setProperty(TECHNICAL, True)
    return widget
