"""The sync status bar: online or not, what waits to be sent, progress, the last error.

"Sync now" is always here (and on Ctrl+S), so a canvasser never has to guess whether
their visits left the device.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from canvass_app.core.messages import Message
from canvass_app.core.outbox import SyncCounts, SyncProgress, SyncReport
from canvass_app.qt.sync_worker import describe_report
from canvass_app.ui.i18n import render


def format_age(seconds: float | None) -> str:
    """A short human age such as "4 min" (translated)."""
    if seconds is None:
        return ""

    seconds = max(0.0, seconds)
    if seconds < 60:
        return QCoreApplication.translate("SyncStatusWidget", "under a minute")
    minutes = int(seconds // 60)
    if minutes < 60:
        return QCoreApplication.translate("SyncStatusWidget", "{n} min").format(n=minutes)
    hours = int(minutes // 60)
    if hours < 48:
        return QCoreApplication.translate("SyncStatusWidget", "{n} h").format(n=hours)
    return QCoreApplication.translate("SyncStatusWidget", "{n} days").format(n=hours // 24)


class SyncStatusWidget(QFrame):
    """Sits in the main window's status bar; fed by the SyncController's signals."""

    sync_requested = Signal()
    sign_in_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.setAccessibleName(self.tr("Sync status"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 4, 8, 4)
        outer.setSpacing(4)
        layout = QHBoxLayout()
        layout.setSpacing(16)
        outer.addLayout(layout)

        self.online_label = QLabel()
        self.online_label.setAccessibleName(self.tr("Network"))
        self.pending_label = QLabel()
        self.pending_label.setAccessibleName(self.tr("Visits waiting to be sent"))
        self.pending_label.setStyleSheet("font-weight: bold;")
        self.oldest_label = QLabel()
        self.oldest_label.setAccessibleName(self.tr("Oldest unsent visit"))
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(self.tr("Sync progress"))
        self.progress_bar.setMinimumWidth(160)
        self.progress_bar.setVisible(False)
        self.error_label = QLabel()
        self.error_label.setObjectName("surveyMessage")
        self.error_label.setAccessibleName(self.tr("Last sync error"))
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        self.sign_in_button = QPushButton(self.tr("Sign in…"))
        self.sign_in_button.setAccessibleName(self.tr("Sign in"))
        self.sign_in_button.setVisible(False)
        self.sign_in_button.clicked.connect(self.sign_in_requested)
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.sync_button.setAccessibleName(self.tr("Sync now"))
        self.sync_button.setToolTip(self.tr("Send waiting visits now (Ctrl+S)"))
        # never squeezed: "Sync now" must stay reachable whatever else the bar says
        self.sync_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.sync_button.setMinimumWidth(150)
        self.sync_button.clicked.connect(self.sync_requested)

        layout.addWidget(self.online_label)
        layout.addWidget(self.pending_label)
        layout.addWidget(self.oldest_label)
        layout.addWidget(self.progress_bar)
        layout.addStretch(1)
        layout.addWidget(self.sign_in_button)
        layout.addWidget(self.sync_button)
        outer.addWidget(self.error_label)

        self._counts: SyncCounts | None = None
        self.set_online(None)
        self.set_counts(SyncCounts(counts={}, oldest_unsent_age_s=None, last_sync_at=None))

    # --- state ---------------------------------------------------------------------------

    @Slot(bool)
    def set_online(self, online: bool | None) -> None:
        if online is None:
            self.online_label.setText(self.tr("◌ Network unknown"))
        elif online:
            self.online_label.setText(self.tr("● Online"))
        else:
            self.online_label.setText(self.tr("○ Offline — visits are kept on this device"))

    @Slot(object)
    def set_counts(self, counts: SyncCounts) -> None:
        self._counts = counts
        unsent = counts.unsent
        people = counts.people_unsent
        if unsent == 0 and people == 0:
            self.pending_label.setText(self.tr("✓ All visits sent"))
            self.oldest_label.setVisible(False)
        elif unsent == 0:
            # People added at the door go on their own requests; "all sent" would hide them.
            self.pending_label.setText(
                self.tr("People added here, waiting to send: {n}").format(n=people)
            )
            self.oldest_label.setVisible(False)
        else:
            self.pending_label.setText(self.tr("{n} waiting to send").format(n=unsent))
            age = format_age(counts.oldest_unsent_age_s)
            self.oldest_label.setText(self.tr("oldest: {age}").format(age=age) if age else "")
            self.oldest_label.setVisible(bool(age))
        attention = counts.attention
        if attention:
            self.pending_label.setText(
                self.pending_label.text()
                + self.tr(" — {n} need your attention (see History)").format(n=attention)
            )

    @Slot(object)
    def set_progress(self, progress: SyncProgress) -> None:
        if progress.total <= 0 or progress.done >= progress.total:
            self.progress_bar.setVisible(False)
            return
        self.progress_bar.setRange(0, progress.total)
        self.progress_bar.setValue(progress.done)
        self.progress_bar.setFormat(self.tr("Sending %v of %m"))
        self.progress_bar.setVisible(True)

    @Slot()
    def show_syncing(self) -> None:
        """A pass started: a busy bar until its first progress report."""
        self.progress_bar.setRange(0, 0)
        self.progress_bar.setFormat(self.tr("Sending…"))
        self.progress_bar.setVisible(True)

    @Slot(object)
    def set_report(self, report: SyncReport) -> None:
        """What a pass did, in plain words (the engine's ``message``, never the HTTP
        detail of ``last_error``: that is in the visit's sync log)."""
        self.progress_bar.setVisible(False)
        self.set_counts(report.counts)
        if report.auth_required:
            self.show_auth_required()
        else:
            self.set_error(describe_report(report) or "")
        if report.offline:
            self.set_online(False)

    @Slot(object)
    def set_error(self, message: Message | str) -> None:
        """Show a problem in words (a Message from below the UI, rendered here); "" clears."""
        text = render(message) if isinstance(message, Message) else message
        if text:
            self.progress_bar.setVisible(False)  # a failed pass ends without a report
        self.error_label.setText(self.tr("⚠ {message}").format(message=text) if text else "")
        self.error_label.setVisible(bool(text))

    @Slot()
    def show_auth_required(self) -> None:
        self.set_error(
            self.tr("Sign-in needed: sending is paused. Your visits are safe; sign in to resume.")
        )
        self.sign_in_button.setVisible(True)

    def clear_auth_required(self) -> None:
        self.sign_in_button.setVisible(False)
        self.set_error("")
