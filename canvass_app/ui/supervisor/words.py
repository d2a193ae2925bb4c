"""How the supervisor views say states and times (shape and words as well as colour)."""

from __future__ import annotations

from datetime import datetime

from canvass_app.core.messages import QT_TRANSLATE_NOOP, as_message
from canvass_app.ui.i18n import render

_STATE_WORDS = {
    "queued": QT_TRANSLATE_NOOP("SyncState", "● Queued"),
    "sending": QT_TRANSLATE_NOOP("SyncState", "➤ Sending"),
    "sent": QT_TRANSLATE_NOOP("SyncState", "✓ Sent"),
    "retry_wait": QT_TRANSLATE_NOOP("SyncState", "⟳ Waiting to retry"),
    "unknown": QT_TRANSLATE_NOOP("SyncState", "? Checking server"),
    "needs_attention": QT_TRANSLATE_NOOP("SyncState", "! Needs attention"),
    "rejected": QT_TRANSLATE_NOOP("SyncState", "✕ Rejected"),
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
    """An outbox state with its shape, in the interface language."""
    return render(_STATE_WORDS.get(state) or as_message(state))


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
