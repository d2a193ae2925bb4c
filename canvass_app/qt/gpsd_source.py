"""A watch on gpsd over TCP: connect, ask for JSON reports, reconnect when it goes away.

The protocol itself (what to send, what each report says) is ``core.gpsd``; this adapter
only moves bytes and timers, on the thread that owns it (the GUI's), without blocking it:
``QTcpSocket`` is asynchronous. When gpsd cannot be reached, stops answering, or the port
holds something that is not gpsd, ``problem_occurred`` says so in words and the next
attempt follows after 1, 2, 4, 8, 16, then every 30 s (``core.gpsd.reconnect_delay_s``).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtNetwork import QAbstractSocket, QTcpSocket

from canvass_app.core.gpsd import (
    WATCH_COMMAND,
    GpsdStreamReader,
    GpsdVersion,
    address_text,
    reconnect_delay_s,
)
from canvass_app.core.messages import QT_TRANSLATE_NOOP, MessageTemplate

log = logging.getLogger(__name__)

# How long a connection may take, and then gpsd's first report (its VERSION).
ANSWER_TIMEOUT_MS = 5000

GPSD_UNREACHABLE = QT_TRANSLATE_NOOP(
    "Location",
    "Cannot reach gpsd at {address}: nothing answers there. Is gpsd running, and is the "
    "address right (Settings → Location)? Trying again in {seconds} s.",
)
GPSD_HOST_UNKNOWN = QT_TRANSLATE_NOOP(
    "Location",
    "The computer {host} (where gpsd should run) is not known on this network. Check the "
    "address in Settings → Location. Trying again in {seconds} s.",
)
GPSD_LOST = QT_TRANSLATE_NOOP(
    "Location",
    "The connection to gpsd at {address} was lost. Visits are saved without a position "
    "until it is back. Trying again in {seconds} s.",
)
GPSD_NOT_GPSD = QT_TRANSLATE_NOOP(
    "Location",
    "The program at {address} is not gpsd (it does not answer in gpsd's protocol). Check "
    "the port in Settings → Location. Trying again in {seconds} s.",
)


class GpsdConnection(QObject):
    """One client connection to gpsd that watches its JSON reports.

    ``reports_received`` carries the ``core.gpsd`` reports of each read, in order;
    ``problem_occurred`` a ``Message`` when the connection fails or is lost (a retry is
    then scheduled); ``counts`` what the reader skipped.
    """

    reports_received = Signal(object)  # list[core.gpsd.GpsdReport]
    problem_occurred = Signal(object)  # core.messages.Message

    def __init__(self, host: str, port: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.port = port
        self.address = address_text(host, port)
        self.attempts = 0  # failed attempts since gpsd last answered
        self.reader = GpsdStreamReader()
        self._running = False
        self._answered = False
        self._socket = QTcpSocket(self)
        self._socket.connected.connect(self._on_socket_connected)
        self._socket.readyRead.connect(self._on_socket_ready_read)
        self._socket.errorOccurred.connect(self._on_socket_error_occurred)
        self._socket.disconnected.connect(self._on_socket_disconnected)
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self._on_retry_timer_timeout)
        self._answer_timer = QTimer(self)
        self._answer_timer.setSingleShot(True)
        self._answer_timer.setInterval(ANSWER_TIMEOUT_MS)
        self._answer_timer.timeout.connect(self._on_answer_timer_timeout)

    def start(self) -> None:
        if self._running:
            return
        self._running = True
        self._connect()

    def stop(self) -> None:
        self._running = False
        self._retry_timer.stop()
        self._answer_timer.stop()
        self._socket.abort()

    def _connect(self) -> None:
        self.reader = GpsdStreamReader()
        self._answered = False
        self._socket.abort()
        log.info("gpsd: connecting to %s", self.address)
        self._socket.connectToHost(self.host, self.port)
        self._answer_timer.start()

    @Slot()
    def _on_retry_timer_timeout(self) -> None:
        if self._running:
            self._connect()

    @Slot()
    def _on_socket_connected(self) -> None:
        if not self._running:
            return
        self._answer_timer.start()  # now gpsd has this long to say who it is
        self._socket.write(WATCH_COMMAND)

    @Slot()
    def _on_socket_ready_read(self) -> None:
        if not self._running:
            return
        reports = self.reader.feed(bytes(self._socket.readAll().data()))
        if not self._answered:
            if reports and isinstance(reports[0], GpsdVersion):
                self._answered = True
                self._answer_timer.stop()
                self.attempts = 0
                log.info("gpsd: %s answered (gpsd %s)", self.address, reports[0].release)
            elif reports or self.reader.counts.not_json:
                log.warning("gpsd: %s did not start with gpsd's VERSION report", self.address)
                self._lose(GPSD_NOT_GPSD)
                return
        if reports:
            self.reports_received.emit(reports)

    @Slot(QAbstractSocket.SocketError)
    def _on_socket_error_occurred(self, error: QAbstractSocket.SocketError) -> None:
        if not self._running or self._retry_timer.isActive():
            return
        log.info("gpsd: %s: %s (%s)", self.address, self._socket.errorString(), error)
        Error = QAbstractSocket.SocketError
        if error == Error.HostNotFoundError:
            self._lose(GPSD_HOST_UNKNOWN)
        elif error == Error.RemoteHostClosedError and self._answered:
            self._lose(GPSD_LOST)
        else:
            self._lose(GPSD_UNREACHABLE)

    @Slot()
    def _on_socket_disconnected(self) -> None:
        if self._running and not self._retry_timer.isActive():
            self._lose(GPSD_LOST if self._answered else GPSD_UNREACHABLE)

    @Slot()
    def _on_answer_timer_timeout(self) -> None:
        if not self._running or self._retry_timer.isActive():
            return
        connected = self._socket.state() == QAbstractSocket.SocketState.ConnectedState
        log.info("gpsd: %s did not answer in %d ms", self.address, ANSWER_TIMEOUT_MS)
        self._lose(GPSD_NOT_GPSD if connected else GPSD_UNREACHABLE)

    def _lose(self, problem: MessageTemplate) -> None:
        """Drop the connection, say why, and try again after the backoff."""
        delay = reconnect_delay_s(self.attempts)
        self.attempts += 1
        self._retry_timer.start(int(delay * 1000))  # first: abort() below re-enters slots
        self._answer_timer.stop()
        self._socket.abort()
        self.problem_occurred.emit(
            problem.with_args(address=self.address, host=self.host, seconds=round(delay))
        )
