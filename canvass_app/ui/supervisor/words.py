"""How the supervisor views say states and times (shape and words as well as colour)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

_STATE_WORDS = {
    "queued": "● Queued",
    "sending": "➤ Sending",
    "sent": "✓ Sent",
    "retry_wait": "⟳ Waiting to retry",
    "unknown": "? Checking server",
    "needs_attention": "! Needs attention",
    "rejected": "✕ Rejected",
}

# Okabe–Ito colours, told apart by colour-blind readers; the shapes differ anyway.
_STATE_COLORS = {
    "queued": "#0072B2",
    "sending": "#0072B2",
    "sent": "#009E73",
    "retry_wait": "#E69F00",
    "unknown": "#E69F00",
    "needs_attention": "#D55E00",
    "rejected": "#CC0000",
}


def state_word(state: str) -> str:
    return QCoreApplication.translate("SupervisorWords", _STATE_WORDS.get(state, state))


def state_color(state: str) -> str:
    return _STATE_COLORS.get(state, "#333333")


def local_time(iso: str | None) -> str:
    """An ISO UTC time in the laptop's time zone, to the second ("" when unknown)."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")
