"""Themes: light, dark and high contrast, all with big targets and a visible focus.

Outdoors, in sunlight and with gloves: every clickable thing is at least 44 px high, text
is not light grey, and the focused control always carries a thick outline.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

THEMES: tuple[str, ...] = ("light", "dark", "high-contrast")

MIN_TARGET_PX = 44


@dataclass(frozen=True)
class ThemeColors:
    window: str
    base: str
    alternate: str
    text: str
    muted_text: str
    button: str
    highlight: str
    highlight_text: str
    focus: str
    border: str
    banner: str
    link: str


_COLORS: dict[str, ThemeColors] = {
    "light": ThemeColors(
        window="#F4F5F7",
        base="#FFFFFF",
        alternate="#EEF1F5",
        text="#111111",
        muted_text="#3C3C3C",
        button="#E3E7ED",
        highlight="#0B5CAD",
        highlight_text="#FFFFFF",
        focus="#E07000",
        border="#8A94A3",
        banner="#FFF4CC",
        link="#0B4F99",
    ),
    "dark": ThemeColors(
        window="#1E1F22",
        base="#26282C",
        alternate="#2E3136",
        text="#F2F2F2",
        muted_text="#D0D0D0",
        button="#3A3D43",
        highlight="#3D8BFD",
        highlight_text="#000000",
        focus="#FFB000",
        border="#7C828C",
        banner="#4A3F12",
        link="#8CC4FF",
    ),
    "high-contrast": ThemeColors(
        window="#000000",
        base="#000000",
        alternate="#101010",
        text="#FFFFFF",
        muted_text="#FFFFFF",
        button="#000000",
        highlight="#FFFF00",
        highlight_text="#000000",
        focus="#00FFFF",
        border="#FFFFFF",
        banner="#000000",
        link="#FFFF00",
    ),
}


def theme_colors(theme: str) -> ThemeColors:
    return _COLORS.get(theme, _COLORS["light"])


def _palette(colors: ThemeColors) -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    palette.setColor(role.Window, QColor(colors.window))
    palette.setColor(role.WindowText, QColor(colors.text))
    palette.setColor(role.Base, QColor(colors.base))
    palette.setColor(role.AlternateBase, QColor(colors.alternate))
    palette.setColor(role.Text, QColor(colors.text))
    palette.setColor(role.PlaceholderText, QColor(colors.muted_text))
    palette.setColor(role.Button, QColor(colors.button))
    palette.setColor(role.ButtonText, QColor(colors.text))
    palette.setColor(role.Highlight, QColor(colors.highlight))
    palette.setColor(role.HighlightedText, QColor(colors.highlight_text))
    palette.setColor(role.ToolTipBase, QColor(colors.base))
    palette.setColor(role.ToolTipText, QColor(colors.text))
    palette.setColor(role.Link, QColor(colors.link))
    return palette


def stylesheet(theme: str) -> str:
    """The application style sheet for ``theme``: sizes, borders and the focus ring."""
    c = theme_colors(theme)
    border_px = 2 if theme == "high-contrast" else 1
    return f"""
QWidget {{ font-size: 15px; }}
QPushButton, QToolButton {{
    min-height: {MIN_TARGET_PX}px; min-width: {MIN_TARGET_PX}px; padding: 4px 12px;
    border: {border_px}px solid {c.border}; border-radius: 6px;
    background: {c.button}; color: {c.text};
}}
QPushButton:checked {{ background: {c.highlight}; color: {c.highlight_text}; font-weight: bold; }}
QPushButton:disabled {{ color: {c.muted_text}; border-style: dashed; }}
QPushButton:focus, QToolButton:focus, QLineEdit:focus, QPlainTextEdit:focus,
QComboBox:focus, QCheckBox:focus, QRadioButton:focus, QListWidget:focus,
QSpinBox:focus, QTextBrowser:focus {{
    border: 3px solid {c.focus};
}}
QLineEdit, QComboBox, QSpinBox, QDoubleSpinBox {{
    min-height: {MIN_TARGET_PX - 8}px; padding: 2px 6px;
    border: {border_px}px solid {c.border}; border-radius: 4px;
    background: {c.base}; color: {c.text};
}}
QPlainTextEdit, QTextBrowser {{ border: {border_px}px solid {c.border}; background: {c.base}; }}
QCheckBox, QRadioButton {{ min-height: {MIN_TARGET_PX}px; spacing: 10px; }}
QCheckBox::indicator, QRadioButton::indicator {{ width: 24px; height: 24px; }}
QTreeView {{ border: none; background: {c.base}; }}
QFrame#treeFrame {{ border: {border_px + 2}px solid {c.border}; border-radius: 4px; }}
QFrame#treeFrame[focused="true"] {{ border: 3px solid {c.focus}; }}
QLabel#questionText {{ font-size: 20px; font-weight: bold; }}
QLabel#contactHeader {{ font-size: 20px; font-weight: bold; }}
QLabel#surveyMessage {{ font-size: 15px; font-weight: bold; color: {c.text};
    border: 2px solid {c.focus}; border-radius: 4px; padding: 6px; }}
QLabel#fieldProblem {{ font-weight: bold; color: {c.text}; }}
QLabel#demoBanner {{ background: {c.banner}; color: {c.text}; padding: 2px 8px;
    border: 1px solid {c.border}; border-radius: 4px; }}
QFrame#panel {{ border: {border_px}px solid {c.border}; border-radius: 6px; }}
QProgressBar {{ min-height: 20px; border: {border_px}px solid {c.border}; border-radius: 4px;
    text-align: center; color: {c.text}; }}
QProgressBar::chunk {{ background: {c.highlight}; }}
QStatusBar QLabel {{ padding: 0 6px; }}
"""


def apply_theme(app: QApplication, theme: str) -> None:
    """Apply one of THEMES to the whole application (unknown names fall back to light)."""
    name = theme if theme in THEMES else "light"
    app.setStyle("Fusion")  # the one style whose palette follows ours on every platform
    app.setPalette(_palette(theme_colors(name)))
    app.setStyleSheet(stylesheet(name))
    app.setProperty("canvass_theme", name)


def current_theme(app: QApplication) -> str:
    value = app.property("canvass_theme")
    return value if isinstance(value, str) and value in THEMES else "light"
