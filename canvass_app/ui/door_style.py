"""How a door's outcome looks: a shape, a word and a colour, never colour alone.

This is presentation only. Which mark a door gets is decided in ``core/door_marks.py``;
here it becomes something the eye (and a colour-blind eye, and a screen reader) can tell
apart. Colours are from the Okabe-Ito palette, which stays distinct for colour-blind
people; every mark also has its own shape and its own words.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from canvass_app.core.door_marks import DoorMark
from canvass_app.core.outbox import Visit
from canvass_app.core.outcomes import outcome_words
from canvass_app.ui.i18n import render

MARK_COLORS: dict[DoorMark, str] = {
    DoorMark.NOT_VISITED: "#6B7280",
    DoorMark.DO_NOT_KNOCK: "#D55E00",
    DoorMark.HIGH_PRIORITY: "#E69F00",
    DoorMark.NOT_HOME: "#0072B2",
    DoorMark.COME_BACK: "#CC79A7",
    DoorMark.UNAVAILABLE: "#D55E00",
    DoorMark.SUCCESSFUL: "#009E73",
    DoorMark.NOT_SUCCESSFUL: "#7F7F7F",
    DoorMark.APPOINTMENT: "#0072B2",
}


def mark_word(mark: DoorMark) -> str:
    """The default words for a mark (translated)."""
    words = {
        DoorMark.NOT_VISITED: QCoreApplication.translate("DoorMark", "Not visited"),
        DoorMark.DO_NOT_KNOCK: QCoreApplication.translate("DoorMark", "Do Not Knock"),
        DoorMark.HIGH_PRIORITY: QCoreApplication.translate("DoorMark", "High Priority"),
        DoorMark.NOT_HOME: QCoreApplication.translate("DoorMark", "Not Home"),
        DoorMark.COME_BACK: QCoreApplication.translate("DoorMark", "Come Back"),
        DoorMark.UNAVAILABLE: QCoreApplication.translate("DoorMark", "Unavailable"),
        DoorMark.SUCCESSFUL: QCoreApplication.translate("DoorMark", "Successful"),
        DoorMark.NOT_SUCCESSFUL: QCoreApplication.translate("DoorMark", "Talked, not successful"),
        DoorMark.APPOINTMENT: QCoreApplication.translate("DoorMark", "Appointment"),
    }
    return words[mark]


def outcome_word(label: str) -> str:
    """A status or outcome name, translated when Canvass knows it (``core.outcomes``)."""
    return render(outcome_words(label))


def door_label(visit: Visit | None, mark: DoorMark) -> str:
    """The words shown next to the mark: the visit's own outcome name when it has one."""
    if visit is not None and visit.outcome:
        return outcome_word(visit.outcome)
    return mark_word(mark)


_ICON_CACHE: dict[tuple[DoorMark, int], QIcon] = {}


def mark_icon(mark: DoorMark, size: int = 24) -> QIcon:
    """A drawn icon whose shape alone tells the mark apart."""
    key = (mark, size)
    icon = _ICON_CACHE.get(key)
    if icon is None:
        icon = QIcon(mark_pixmap(mark, size))
        _ICON_CACHE[key] = icon
    return icon


def mark_pixmap(mark: DoorMark, size: int = 24) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = QColor(MARK_COLORS[mark])
    pen = QPen(color, max(2.0, size / 9))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    s = float(size)
    m = s * 0.15
    box = QRectF(m, m, s - 2 * m, s - 2 * m)
    if mark is DoorMark.NOT_VISITED:  # hollow circle
        painter.drawEllipse(box)
    elif mark is DoorMark.DO_NOT_KNOCK:  # no-entry sign: filled disc with a white bar
        painter.setBrush(color)
        painter.drawEllipse(box)
        painter.setPen(QPen(QColor("#FFFFFF"), s / 7))
        painter.drawLine(QPointF(s * 0.3, s / 2), QPointF(s * 0.7, s / 2))
    elif mark is DoorMark.HIGH_PRIORITY:  # filled star
        painter.setBrush(color)
        points = []
        for i in range(10):
            radius = (s / 2 - m / 2) if i % 2 == 0 else s * 0.18
            angle = -math.pi / 2 + i * math.pi / 5
            points.append(
                QPointF(s / 2 + radius * math.cos(angle), s / 2 + radius * math.sin(angle))
            )
        painter.drawPolygon(QPolygonF(points))
    elif mark is DoorMark.NOT_HOME:  # empty house outline
        path = QPainterPath()
        path.moveTo(m, s * 0.48)
        path.lineTo(s / 2, m)
        path.lineTo(s - m, s * 0.48)
        path.moveTo(s * 0.25, s * 0.42)
        path.lineTo(s * 0.25, s - m)
        path.lineTo(s * 0.75, s - m)
        path.lineTo(s * 0.75, s * 0.42)
        painter.drawPath(path)
    elif mark is DoorMark.COME_BACK:  # circular arrow
        painter.drawArc(box, 90 * 16, 270 * 16)
        head = QPolygonF(
            [
                QPointF(s / 2, m - s * 0.1),
                QPointF(s / 2 + s * 0.22, m),
                QPointF(s / 2, m + s * 0.14),
            ]
        )
        painter.setBrush(color)
        painter.drawPolygon(head)
    elif mark is DoorMark.UNAVAILABLE:  # cross
        painter.drawLine(QPointF(m, m), QPointF(s - m, s - m))
        painter.drawLine(QPointF(s - m, m), QPointF(m, s - m))
    elif mark is DoorMark.SUCCESSFUL:  # check mark
        path = QPainterPath()
        path.moveTo(m, s * 0.55)
        path.lineTo(s * 0.4, s - m * 1.3)
        path.lineTo(s - m, m * 1.3)
        painter.drawPath(path)
    elif mark is DoorMark.NOT_SUCCESSFUL:  # minus in a circle
        painter.drawEllipse(box)
        painter.drawLine(QPointF(s * 0.32, s / 2), QPointF(s * 0.68, s / 2))
    elif mark is DoorMark.APPOINTMENT:  # diamond
        painter.setBrush(color)
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(s / 2, m),
                    QPointF(s - m, s / 2),
                    QPointF(s / 2, s - m),
                    QPointF(m, s / 2),
                ]
            )
        )
    painter.end()
    return pixmap
