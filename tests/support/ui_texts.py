"""Every text a window shows a person, and the English words among them.

``window_texts`` walks a widget tree the way a reader (and a screen reader) meets it:
titles, labels, buttons, tool tips, accessible names and descriptions, placeholders, menu
and toolbar actions, combo box items, tabs, spin box suffixes, item views (headers, rows,
their tool tips and accessible texts), charts (titles, axes, legends) and the tool tips of
a drawn scene. Each text comes with where it was ("SupervisorReviewView > QTabWidget >
HistoryView > QPushButton 'export_button' : text").

``EnglishFinder`` says which words of a text are English and not Spanish: a word known to
an English dictionary or to the app's own English (every source text of the catalogue:
"walklist", "canvasser") and not to a Spanish dictionary, outside a short allow-list of
names and an exact list of data (what the data of the test says, shown as it is). Paths,
addresses on the web and e-mail addresses are data too.

A widget whose text is for support staff and shown as it is (a traceback, raw JSON, the
sync log) carries the dynamic property ``canvass_technical`` (``ui.i18n.mark_technical``):
its content is not read, its title and accessible name still are.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PySide6.QtCharts import QBarSeries, QChart, QChartView
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QTextDocumentFragment
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QGraphicsView,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QSpinBox,
    QTabBar,
    QTextEdit,
    QWidget,
)

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "canvass_app" / "resources" / "translations" / "canvass_es.ts"
TECHNICAL = "canvass_technical"
ROWS_READ = 40  # rows of an item view read per view (its first ones)
ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.StatusTipRole,
)

# Names and words that are the same in Spanish: products, formats, units, keys.
ALLOWED = {
    "canvass",
    "polis",
    "csv",
    "json",
    "jsonl",
    "nmea",
    "gps",
    "api",
    "url",
    "http",
    "https",
    "pem",
    "utf",
    "id",
    "pin",
    "qt",
    "pyside",
    "python",
    "geoclue",
    "gpsd",
    "ctrl",
    "alt",
    "esc",
    "tab",
    "pid",
    "english",  # the language list names each language in its own words
    "dd",  # AAAA-MM-DD
    "mm",
    "supervisor",  # Spanish too
    "token",  # "el token de acceso": the word Spanish-speaking admins use
    "control",  # Qt's Spanish name of the Ctrl key
    "etag",  # the HTTP header's name
    "min",  # minutes, in both
    "usb",
    "mbtiles",  # map file formats and tools
    "qgis",
    "tilemill",
    "openstreetmap",
    "zoom",  # Spanish too ("el zoom")
    "linux",
    "bluetooth",
    "localhost",
}
# Names of several words (a product's).
ALLOWED_NAMES = ("Mobile Atlas Creator",)

_PATHS = re.compile(
    r"(?:[A-Za-z]+://\S+)"  # URLs
    r"|(?:\S+@\S+\.\w+)"  # e-mail addresses
    r"|(?:(?:~|\.{1,2})?/[^\s,;:)»]+)"  # file paths
    r"|(?:`[^`]*`)"  # a command to type, quoted
    r"|(?:\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b)"  # ids
    r"|(?:\b[0-9a-f]+-[0-9a-f]{16}\b)"  # etags
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True)
class Shown:
    where: str
    text: str


def _plain(text: str) -> str:
    if GuiQt.mightBeRichText(text):
        return QTextDocumentFragment.fromHtml(text).toPlainText()
    return text


def _name(widget: QWidget) -> str:
    label = type(widget).__name__
    if widget.objectName():
        label += f" '{widget.objectName()}'"
    return label


def _path(widget: QWidget, root: QWidget) -> str:
    parts = []
    current: QWidget | None = widget
    while current is not None and current is not root:
        parts.append(_name(current))
        current = current.parentWidget()
    parts.append(_name(root))
    return " > ".join(reversed(parts))


def _model_texts(model: QAbstractItemModel, where: str, *, rows: bool = True) -> Iterator[Shown]:
    for section in range(model.columnCount()):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = model.headerData(section, Qt.Orientation.Horizontal, role)
            if isinstance(value, str):
                yield Shown(f"{where} : header {section}", value)

    def cells(parent: QModelIndex, depth: int) -> Iterator[Shown]:
        for row in range(min(model.rowCount(parent), ROWS_READ)):
            for column in range(model.columnCount(parent)):
                index = model.index(row, column, parent)
                for role in ROLES:
                    value = model.data(index, role)
                    if isinstance(value, str):
                        yield Shown(f"{where} : row {row} column {column} ({role.name})", value)
                if depth < 3 and model.rowCount(index) > 0:
                    yield from cells(index, depth + 1)

    if rows:
        yield from cells(QModelIndex(), 0)


def _action_texts(actions: Iterable[QAction], where: str) -> Iterator[Shown]:
    for action in actions:
        for what, value in (
            ("text", action.text()),
            ("toolTip", action.toolTip()),
            ("statusTip", action.statusTip()),
        ):
            if value:
                yield Shown(f"{where} : action {action.text()!r} {what}", value)
        menu = action.menu()
        if isinstance(menu, QMenu):
            yield from _action_texts(menu.actions(), f"{where} > {action.text()!r}")


def _chart_texts(chart: QChart, where: str) -> Iterator[Shown]:
    yield Shown(f"{where} : chart title", chart.title())
    for axis in chart.axes():
        yield Shown(f"{where} : axis title", axis.titleText())
    for series in chart.series():
        if isinstance(series, QBarSeries) or hasattr(series, "barSets"):
            for bar in series.barSets():  # type: ignore[attr-defined]
                yield Shown(f"{where} : bar set", bar.label())
    for marker in chart.legend().markers():
        yield Shown(f"{where} : legend", marker.label())


def widget_texts(widget: QWidget, where: str) -> Iterator[Shown]:
    """What one widget itself shows (not its children)."""
    for what, value in (
        ("windowTitle", widget.windowTitle() if widget.isWindow() else ""),
        ("toolTip", widget.toolTip()),
        ("statusTip", widget.statusTip()),
        ("whatsThis", widget.whatsThis()),
        ("accessibleName", widget.accessibleName()),
        ("accessibleDescription", widget.accessibleDescription()),
    ):
        if value:
            yield Shown(f"{where} : {what}", _plain(value))
    yield from _action_texts(widget.actions(), where)
    if widget.property(TECHNICAL):  # its content is for support; its headers are not
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            yield from _model_texts(widget.model(), where, rows=False)
        return
    texts: list[tuple[str, str]] = []
    if isinstance(widget, QLabel):
        texts.append(("text", widget.text()))
    elif isinstance(widget, QAbstractButton):
        texts.append(("text", widget.text()))
    elif isinstance(widget, QLineEdit):
        texts += [("placeholder", widget.placeholderText()), ("text", widget.text())]
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        texts += [("placeholder", widget.placeholderText()), ("text", widget.toPlainText())]
    elif isinstance(widget, QGroupBox):
        texts.append(("title", widget.title()))
    elif isinstance(widget, QProgressBar):
        texts.append(("format", widget.text()))
    elif isinstance(widget, QComboBox):
        texts += [(f"item {i}", widget.itemText(i)) for i in range(widget.count())]
        texts += [
            (f"item {i} toolTip", str(widget.itemData(i, Qt.ItemDataRole.ToolTipRole) or ""))
            for i in range(widget.count())
        ]
        texts.append(("placeholder", widget.placeholderText()))
    elif isinstance(widget, QTabBar):
        for i in range(widget.count()):
            texts += [(f"tab {i}", widget.tabText(i)), (f"tab {i} toolTip", widget.tabToolTip(i))]
    if isinstance(widget, QSpinBox | QDoubleSpinBox):
        texts += [("prefix", widget.prefix()), ("suffix", widget.suffix())]
    if isinstance(widget, QAbstractSpinBox):
        texts.append(("specialValueText", widget.specialValueText()))
    for what, value in texts:
        if value:
            yield Shown(f"{where} : {what}", _plain(value))
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        yield from _model_texts(widget.model(), where)
    if isinstance(widget, QChartView) and widget.chart() is not None:
        yield from _chart_texts(widget.chart(), where)
    elif isinstance(widget, QGraphicsView) and widget.scene() is not None:
        for item in widget.scene().items()[:400]:
            if item.toolTip():
                yield Shown(f"{where} : scene item toolTip", item.toolTip())
    if isinstance(widget, QMainWindow) and widget.statusBar().currentMessage():
        yield Shown(f"{where} : status bar", widget.statusBar().currentMessage())


def window_texts(root: QWidget, label: str | None = None) -> list[Shown]:
    """Every text of ``root`` and the widgets inside it (hidden ones included: a page of a
    tab or a message that appears later is still something a person will read)."""
    shown: list[Shown] = []
    prefix = label or type(root).__name__
    for widget in [root, *root.findChildren(QWidget)]:
        if any(w.property(TECHNICAL) for w in _parents(widget, root)):
            continue
        where = prefix + (
            " > " + _path(widget, root).split(" > ", 1)[1] if widget is not root else ""
        )
        shown.extend(widget_texts(widget, where))
    return shown


def _parents(widget: QWidget, root: QWidget) -> Iterator[QWidget]:
    current = widget.parentWidget()
    while current is not None and current is not root:
        yield current
        current = current.parentWidget()


# --- which words are English ----------------------------------------------------------


@cache
def _dictionaries() -> tuple[frozenset[str], frozenset[str]]:
    from spellchecker import SpellChecker

    english = set(SpellChecker(language="en").word_frequency.dictionary)
    spanish = set(SpellChecker(language="es").word_frequency.dictionary)
    for message in ET.parse(CATALOGUE).getroot().iter("message"):
        source = {w.lower() for w in _WORD.findall(message.findtext("source") or "")}
        # The app's own English: jargon no dictionary has ("walklist").
        english.update(source)
        # The dictionary's Spanish is thin ("hay", "visitas" are missing): a word of a
        # translation counts as Spanish too, unless its English source has it (a word
        # left untranslated stays English).
        translation = message.find("translation")
        if translation is not None and translation.get("type") != "unfinished":
            words = {w.lower() for w in _WORD.findall("".join(translation.itertext()))}
            spanish.update(words - source)
    return frozenset(english), frozenset(spanish)


class EnglishFinder:
    """The English words of a text, data and names aside."""

    def __init__(self, data_texts: Iterable[str] = (), data_words: Iterable[str] = ()) -> None:
        self.data_texts = {t.strip() for t in data_texts if t and t.strip()}
        self.data_words = {w.lower() for text in data_words for w in _WORD.findall(text)}
        self.english, self.spanish = _dictionaries()

    def words(self, text: str) -> list[str]:
        if text.strip() in self.data_texts:
            return []
        for data in sorted(self.data_texts, key=len, reverse=True):
            if len(data) > 3 and data in text:
                text = text.replace(data, " ")
        text = _PATHS.sub(" ", text)
        for name in ALLOWED_NAMES:
            text = text.replace(name, " ")
        found = []
        for word in _WORD.findall(text):
            lower = word.lower()
            if len(lower) < 2 or lower in ALLOWED or lower in self.data_words:
                continue
            if lower in self.english and lower not in self.spanish:
                found.append(word)
        return found

    def report(self, shown: Iterable[Shown]) -> list[str]:
        """One entry per text with English in it: the words, the text, where it was (the
        first place, and how many others showed the same text)."""
        places: dict[str, list[str]] = {}
        for item in shown:
            if item.text in places:
                places[item.text].append(item.where)
            elif self.words(item.text):
                places[item.text] = [item.where]
        lines = []
        for text, where in places.items():
            more = f" (and {len(where) - 1} more)" if len(where) > 1 else ""
            words = sorted(set(self.words(text)))
            lines.append(f"{words} in {text!r}\n    at {where[0]}{more}")
        return lines
