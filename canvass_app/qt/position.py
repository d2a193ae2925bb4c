"""Where is the canvasser? One service over the position sources a canvasser may own.

Sources (``SOURCES``):

- ``"system"``: ``QGeoPositionInfoSource.createDefaultSource``, the OS location service
  (GeoClue on Linux, asked as the desktop entry ``canvass_app.APP_ID`` so its permission
  prompt names Canvass); when the machine has none, the service says so;
- ``"nmea"``: a recorded NMEA log replayed on its own timing, looping, ``replay_speed``
  times faster than recorded (demo, training, tests);
- ``"serial"``: a GPS receiver on a serial port (``QSerialPort``) read in real time;
- ``"gpsd"``: the receivers gpsd shares on a host and port (``gpsd_source.GpsdConnection``),
  the usual way USB and Bluetooth receivers are read on Linux;
- ``"manual"``: the position the canvasser typed (``set_manual``);
- ``"none"``: no position at all (an honest "no fix", never 0,0).

The service only reports fixes; whether a fix is recent and accurate enough to record
with a visit is judged by ``core.geo.usable_fix``, for every source alike. ``source``
says which source is in use, and ``reason`` why there is no fix, in words (each a
``core.messages.Message``); ``fix_changed`` fires when either the fix or the reason
changes, ``source_changed`` when the source does.

NMEA (log and serial) is read by one reader, ``core.nmea.NmeaStreamReader``, not by Qt's
``QNmeaPositionInfoSource``: Qt's source passes over "no fix" sentences (GGA quality 0,
RMC status V) without a signal, so the last position stayed "current" for a minute after
the receiver lost the sky, and it refuses the comments and garbage of real captures. Here
such a sentence ends the fix at once, garbage is skipped and counted (``line_counts``),
and the accuracy is the receiver's GST error or HDOP × 5 m (``core.nmea``). gpsd's own
estimate (``eph``) is taken as it is; an explicit "no fix" from gpsd (TPV mode 0/1, or no
lat/lon) ends the fix at once, and so does losing gpsd or its last receiver. A source that
sets its own accuracy (the system one) is taken as is; a fix without one has
``accuracy_m=None`` and is never used for a visit. Fixes are stamped when they arrive
(receivers' clocks are not trusted: week-rollover receivers are years off).
"""

from __future__ import annotations

import logging
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QIODevice, QObject, QTimer, Signal, Slot
from PySide6.QtPositioning import QGeoPositionInfo, QGeoPositionInfoSource

from canvass_app import APP_ID
from canvass_app.core.geo import Fix
from canvass_app.core.gpsd import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    GpsdError,
    GpsdFix,
    GpsdNoFix,
    GpsdReceivers,
    GpsdReport,
    GpsdVersion,
    address_text,
)
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message
from canvass_app.core.nmea import (
    NmeaCounts,
    NmeaError,
    NmeaReading,
    NmeaStreamReader,
    check_log,
    replay_schedule,
)
from canvass_app.qt import tasks as _pyside_repairs  # noqa: F401  (emits a signal per fix)
from canvass_app.qt.gpsd_source import GpsdConnection

if TYPE_CHECKING:
    from canvass_app.services.settings import Settings

log = logging.getLogger(__name__)

# GeoClue matches the asking app to its desktop entry by this id (and shows the entry's
# X-Geoclue-Reason in the permission prompt): the one application id.
DESKTOP_ID = APP_ID
SOURCES = ("system", "nmea", "serial", "gpsd", "manual", "none")
DEFAULT_SERIAL_BAUD = 4800  # the NMEA 0183 standard rate; many USB receivers use 9600

# The pause between the end of a replayed log and its next loop, in recorded seconds.
_LOOP_PAUSE_S = 1.0
# Device clocks may be a little off; a fix stamped further ahead than this is re-stamped.
_MAX_FUTURE = timedelta(minutes=5)

# Which source is in use (settings and the door screen: "Location source: …").
SOURCE_SYSTEM = QT_TRANSLATE_NOOP("Location", "this computer's location service ({name})")
SOURCE_SYSTEM_MISSING = QT_TRANSLATE_NOOP("Location", "this computer's location service")
SOURCE_NMEA = QT_TRANSLATE_NOOP("Location", "the GPS log {name}")
SOURCE_SERIAL = QT_TRANSLATE_NOOP("Location", "the GPS receiver on {port}")
SOURCE_GPSD = QT_TRANSLATE_NOOP("Location", "gpsd at {address}")
SOURCE_MANUAL = QT_TRANSLATE_NOOP("Location", "a position typed by hand")
SOURCE_NONE = QT_TRANSLATE_NOOP("Location", "none (location is off)")

# Why there is no position (shown on the door screen; context "Location").
LOCATION_OFF = QT_TRANSLATE_NOOP(
    "Location", "Location is off: visits are saved without a position (Settings → Location)."
)
WAITING_FOR_FIX = QT_TRANSLATE_NOOP("Location", "Waiting for the first position from {source}…")
RECEIVER_NO_FIX = QT_TRANSLATE_NOOP(
    "Location",
    "The GPS has no fix right now (too few satellites in view). Visits are saved without "
    "a position until it finds one; open sky helps.",
)
MANUAL_NONE = QT_TRANSLATE_NOOP("Location", "No position typed yet.")
NO_LOCATION_SERVICE = QT_TRANSLATE_NOOP(
    "Location",
    "This computer has no location service. Use an NMEA GPS log or receiver, or type your "
    "position.",
)
LOCATION_DENIED = QT_TRANSLATE_NOOP(
    "Location",
    "Canvass is not allowed to use this computer's location. Allow it in the system "
    "privacy settings, or type your position.",
)
SOURCE_STOPPED = QT_TRANSLATE_NOOP(
    "Location", "The GPS source stopped (unplugged or switched off). Reconnect it."
)
SOURCE_ERROR = QT_TRANSLATE_NOOP(
    "Location", "The GPS reported an error. Positions may be missing; type yours if needed."
)
LOG_MISSING = QT_TRANSLATE_NOOP("Location", "The GPS log {path} does not exist. Pick another file.")
LOG_UNREADABLE = QT_TRANSLATE_NOOP("Location", "The GPS log {path} cannot be read ({reason}).")
LOG_NOT_TEXT = QT_TRANSLATE_NOOP(
    "Location", "{name} is not an NMEA GPS log (it is not plain text)."
)
LOG_NOT_NMEA = QT_TRANSLATE_NOOP("Location", "{name} is not a usable NMEA GPS log: {problem}.")
SERIAL_MISSING = QT_TRANSLATE_NOOP(
    "Location",
    "Serial GPS receivers are not supported by this installation (QtSerialPort is "
    "missing). Use the system location or an NMEA log.",
)
GPSD_NO_RECEIVER = QT_TRANSLATE_NOOP(
    "Location",
    "gpsd at {address} has no GPS receiver. Plug the receiver in (USB) or pair it "
    "(Bluetooth); gpsd finds it by itself.",
)
SERIAL_UNOPENED = QT_TRANSLATE_NOOP(
    "Location",
    "The GPS receiver on {port} cannot be opened ({reason}). Check that it is plugged in "
    "and that no other program uses it.",
)


def _fix_from_info(info: QGeoPositionInfo, source: str, *, stamp_now: bool) -> Fix | None:
    """A core Fix from a Qt position; None for an invalid one (never 0,0)."""
    if not info.isValid():
        return None
    coordinate = info.coordinate()
    if not coordinate.isValid():
        return None
    lat, lng = coordinate.latitude(), coordinate.longitude()
    if not (math.isfinite(lat) and math.isfinite(lng)) or (lat == 0 and lng == 0):
        return None
    accuracy: float | None = None
    if info.hasAttribute(QGeoPositionInfo.Attribute.HorizontalAccuracy):
        value = info.attribute(QGeoPositionInfo.Attribute.HorizontalAccuracy)
        if math.isfinite(value) and value >= 0:
            accuracy = float(value)
    now = datetime.now(UTC)
    timestamp = now
    if not stamp_now and info.timestamp().isValid():
        stamped = datetime.fromtimestamp(info.timestamp().toMSecsSinceEpoch() / 1000, tz=UTC)
        # A cached old fix keeps its age (usable_fix judges it); a clock far ahead does not.
        if stamped - now <= _MAX_FUTURE:
            timestamp = stamped
    return Fix(lat=lat, lng=lng, accuracy_m=accuracy, timestamp=timestamp, source=source)


def _fix_from_reading(reading: NmeaReading, source: str) -> Fix | None:
    """A Fix stamped now (a live or replayed sentence is as fresh as its arrival)."""
    if reading.lat is None or reading.lng is None or (reading.lat == 0 and reading.lng == 0):
        return None
    return Fix(reading.lat, reading.lng, reading.accuracy_m, datetime.now(UTC), source)


def validate_manual_position(lat: float, lng: float, accuracy_m: float) -> None:
    """Raise ValueError naming what is wrong with a typed position."""
    for name, value in (("latitude", lat), ("longitude", lng), ("accuracy", accuracy_m)):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"the {name} must be a number, not {value!r}")
        if not math.isfinite(value):
            raise ValueError(f"the {name} must be a finite number, not {value!r}")
    if not -90 <= lat <= 90:
        raise ValueError(f"the latitude must be between -90 and 90, not {lat}")
    if not -180 <= lng <= 180:
        raise ValueError(f"the longitude must be between -180 and 180, not {lng}")
    if lat == 0 and lng == 0:
        raise ValueError("0, 0 is not a position anyone canvasses; type the real one")
    if accuracy_m < 0:
        raise ValueError(f"the accuracy must be zero or more metres, not {accuracy_m}")


class PositionService(QObject):
    """Reports position fixes from one source; ``current_fix()`` is the latest, ``source``
    names the source in use and ``reason`` says why there is no fix."""

    fix_changed = Signal(object)  # core.geo.Fix | None (also when only the reason changed)
    source_changed = Signal(object)  # core.messages.Message: the source in use
    error_reported = Signal(object)  # core.messages.Message

    def __init__(
        self,
        source: str = "system",
        *,
        nmea_path: Path | None = None,
        serial_port: str | None = None,
        replay_speed: float = 1.0,
        parent: QObject | None = None,
        serial_baud: int = DEFAULT_SERIAL_BAUD,
        gpsd_host: str = DEFAULT_HOST,
        gpsd_port: int = DEFAULT_PORT,
    ) -> None:
        super().__init__(parent)
        if source not in SOURCES:
            raise ValueError(
                f"unknown position source {source!r}; expected one of {', '.join(SOURCES)}"
            )
        if isinstance(replay_speed, bool) or not (
            isinstance(replay_speed, int | float) and math.isfinite(replay_speed)
        ):
            raise ValueError(f"the replay speed must be a number, not {replay_speed!r}")
        if replay_speed <= 0:
            raise ValueError(f"the replay speed must be more than 0, not {replay_speed}")
        if source == "nmea" and nmea_path is None:
            raise ValueError("the NMEA source needs nmea_path: the log file to replay")
        if source == "serial" and not serial_port:
            raise ValueError("the serial source needs serial_port, e.g. /dev/ttyUSB0 or COM3")
        if source == "gpsd" and (not gpsd_host or not 0 < gpsd_port < 65536):
            raise ValueError(
                f"the gpsd source needs a host and a port, not {gpsd_host!r}:{gpsd_port}"
            )
        self.kind = source
        self._nmea_path = Path(nmea_path) if nmea_path is not None else None
        self._serial_port_name = serial_port
        self._serial_baud = serial_baud
        self._gpsd_host = gpsd_host
        self._gpsd_port = gpsd_port
        self._replay_speed = float(replay_speed)
        self._qt_source: QGeoPositionInfoSource | None = None
        self._serial: QIODevice | None = None
        self._gpsd: GpsdConnection | None = None
        self._reader = NmeaStreamReader()
        # the replay: (seconds from the loop's start, line), the next line, the loop clock
        self._schedule: list[tuple[float, str]] = []
        self._next_line = 0
        self._loop_clock = QElapsedTimer()
        self._replay_timer = QTimer(self)
        self._replay_timer.setSingleShot(True)
        self._replay_timer.timeout.connect(self._on_replay_timer_timeout)
        self._fix: Fix | None = None
        self._reason: Message | None = LOCATION_OFF.message()
        self._source = self._configured_source()
        self._running = False
        self.loops_started = 0  # how many times the NMEA log has (re)started

    # ---- public API -------------------------------------------------------------------

    @property
    def source(self) -> Message:
        """The source in use, in words, as last sent in ``source_changed``."""
        return self._source

    @property
    def is_running(self) -> bool:
        return self._running

    @property
    def reason(self) -> Message | None:
        """Why there is no fix now, in words (None while there is one)."""
        return None if self._fix is not None else self._reason

    @property
    def line_counts(self) -> NmeaCounts:
        """What the NMEA reader read and skipped (this loop of a log, or the receiver)."""
        return self._reader.counts

    def current_fix(self) -> Fix | None:
        return self._fix

    def start(self) -> None:
        if self._running:
            return
        self._running = True
        kind = self.kind
        if kind == "system":
            self._start_system()
        elif kind == "nmea":
            self._start_nmea()
        elif kind == "serial":
            self._start_serial()
        elif kind == "gpsd":
            self._start_gpsd()
        elif kind == "manual":
            self._set_source(SOURCE_MANUAL.message())
            if self._fix is None:
                self._set_fix(None, MANUAL_NONE.message())
        else:
            self._set_source(SOURCE_NONE.message())
            self._set_fix(None, LOCATION_OFF.message())

    def stop(self) -> None:
        if not self._running:
            return
        self._running = False
        self._replay_timer.stop()
        if self.kind in ("nmea", "serial"):
            log.info("position: NMEA from %s: %s", self._source, self._reader.counts)
        self._drop_sources()
        if self.kind != "manual":
            self._set_fix(None, LOCATION_OFF.message())

    def set_manual(self, lat: float, lng: float, accuracy_m: float = 10.0) -> None:
        """Use a typed position now (stamped now; ValueError in words if it is not one)."""
        validate_manual_position(lat, lng, accuracy_m)
        fix = Fix(
            lat=float(lat),
            lng=float(lng),
            accuracy_m=float(accuracy_m),
            timestamp=datetime.now(UTC),
            source="manual",
        )
        self._set_fix(fix)

    # ---- sources ----------------------------------------------------------------------

    def _configured_source(self) -> Message:
        """The source this service was made for, in words (before it starts)."""
        if self.kind == "nmea" and self._nmea_path is not None:
            return SOURCE_NMEA.with_args(name=self._nmea_path.name)
        if self.kind == "serial":
            return SOURCE_SERIAL.with_args(port=self._serial_port_name)
        if self.kind == "gpsd":
            return SOURCE_GPSD.with_args(address=address_text(self._gpsd_host, self._gpsd_port))
        if self.kind == "system":
            return SOURCE_SYSTEM_MISSING.message()
        if self.kind == "manual":
            return SOURCE_MANUAL.message()
        return SOURCE_NONE.message()

    def _start_system(self) -> None:
        # GeoClue asks who is asking (its permission prompt names the app's desktop entry).
        source = QGeoPositionInfoSource.createDefaultSource({"desktopId": DESKTOP_ID}, self)
        if source is None:
            self._fail_start(NO_LOCATION_SERVICE.message())
            return
        self._qt_source = source
        # Bound methods, not closures: a closure slot on a source destroyed with its
        # parent has crashed PySide 6.12 here.
        source.positionUpdated.connect(self._on_qt_source_position_updated)
        source.errorOccurred.connect(self._on_qt_source_error_occurred)
        source.startUpdates()
        self._set_source(SOURCE_SYSTEM.with_args(name=source.sourceName()))
        self._set_fix(None, WAITING_FOR_FIX.with_args(source=source.sourceName()))

    def _start_nmea(self) -> None:
        path = self._nmea_path
        assert path is not None
        self._set_source(SOURCE_NMEA.with_args(name=path.name))
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self._fail_start(LOG_MISSING.with_args(path=str(path)))
            return
        except (IsADirectoryError, PermissionError) as error:
            self._fail_start(LOG_UNREADABLE.with_args(path=str(path), reason=error.strerror))
            return
        except OSError as error:
            self._fail_start(LOG_UNREADABLE.with_args(path=str(path), reason=str(error)))
            return
        # Real captures hold binary packets and line noise: read what is text, skip the rest.
        text = data.decode("ascii", errors="replace")
        try:
            check_log(text, name=path.name)
            schedule = replay_schedule(text, self._replay_speed)
        except NmeaError as error:
            if "\ufffd" in text or "\x00" in text:
                self._fail_start(LOG_NOT_TEXT.with_args(name=path.name))
            else:
                self._fail_start(LOG_NOT_NMEA.with_args(name=path.name, problem=str(error)))
            return
        self._schedule = schedule
        self._set_fix(None, WAITING_FOR_FIX.with_args(source=path.name))
        self._start_replay_loop()

    def _start_replay_loop(self) -> None:
        if self.loops_started:
            log.info("position: %s, one loop: %s", self._source, self._reader.counts)
        self._reader = NmeaStreamReader()
        self._next_line = 0
        self._loop_clock.start()
        self.loops_started += 1
        self._on_replay_timer_timeout()

    @Slot()
    def _on_replay_timer_timeout(self) -> None:
        """Read every line whose time has come, then sleep until the next one; at the end
        of the log, pause, then start it again."""
        if not self._running or not self._schedule:
            return
        if self._next_line >= len(self._schedule):  # the pause after the last line is over
            self._start_replay_loop()
            return
        elapsed = self._loop_clock.elapsed() / 1000
        while self._next_line < len(self._schedule):
            at, line = self._schedule[self._next_line]
            if at > elapsed:
                self._replay_timer.start(max(1, int((at - elapsed) * 1000)))
                return
            self._next_line += 1
            self._use_readings(self._reader.feed(line), "nmea")
        self._replay_timer.start(max(1, int(_LOOP_PAUSE_S / self._replay_speed * 1000)))

    def _start_serial(self) -> None:
        name = self._serial_port_name
        assert name is not None
        self._set_source(SOURCE_SERIAL.with_args(port=name))
        try:
            from PySide6.QtSerialPort import QSerialPort
        except ImportError:
            self._fail_start(SERIAL_MISSING.message())
            return
        port = QSerialPort(name, self)
        port.setBaudRate(self._serial_baud)
        if not port.open(QIODevice.OpenModeFlag.ReadOnly):
            reason = port.errorString()
            port.deleteLater()
            self._fail_start(SERIAL_UNOPENED.with_args(port=name, reason=reason))
            return
        self._serial = port
        self._reader = NmeaStreamReader()
        port.readyRead.connect(self._on_serial_ready_read)
        self._set_fix(None, WAITING_FOR_FIX.with_args(source=name))

    @Slot()
    def _on_serial_ready_read(self) -> None:
        port = self._serial
        if port is None or self.sender() is not port or not self._running:
            return
        self._use_readings(self._reader.feed_bytes(bytes(port.readAll().data())), "serial")

    def _use_readings(self, readings: list[NmeaReading], source: str) -> None:
        for reading in readings:
            if not reading.has_fix:
                self._set_fix(None, RECEIVER_NO_FIX.message())  # the receiver says so: at once
                continue
            fix = _fix_from_reading(reading, source)
            if fix is not None:
                self._set_fix(fix)

    def _start_gpsd(self) -> None:
        connection = GpsdConnection(self._gpsd_host, self._gpsd_port, self)
        self._gpsd = connection
        connection.reports_received.connect(self._on_gpsd_reports_received)
        connection.problem_occurred.connect(self._on_gpsd_problem_occurred)
        self._set_source(SOURCE_GPSD.with_args(address=connection.address))
        self._set_fix(None, WAITING_FOR_FIX.with_args(source=f"gpsd ({connection.address})"))
        connection.start()

    @Slot(object)
    def _on_gpsd_reports_received(self, reports: list[GpsdReport]) -> None:
        connection = self._gpsd
        if connection is None or self.sender() is not connection or not self._running:
            return
        for report in reports:
            if isinstance(report, GpsdFix):
                fix = Fix(report.lat, report.lng, report.accuracy_m, datetime.now(UTC), "gpsd")
                self._set_fix(fix)
            elif isinstance(report, GpsdNoFix):
                self._set_fix(None, RECEIVER_NO_FIX.message())  # gpsd says so: at once
            elif isinstance(report, GpsdReceivers) and not report.paths:
                self._set_fix(None, GPSD_NO_RECEIVER.with_args(address=connection.address))
            elif self._fix is None and (
                isinstance(report, GpsdVersion)  # gpsd answered (again)
                or (  # a receiver came: waiting for its fix, no longer for a receiver
                    isinstance(report, GpsdReceivers)
                    and self._reason is not None
                    and self._reason.template == GPSD_NO_RECEIVER.text
                )
            ):
                source = f"gpsd ({connection.address})"
                self._set_fix(None, WAITING_FOR_FIX.with_args(source=source))
            elif isinstance(report, GpsdError):
                log.warning("gpsd at %s: %s", connection.address, report.text)

    @Slot(object)
    def _on_gpsd_problem_occurred(self, problem: Message) -> None:
        if self.sender() is self._gpsd and self._running:
            self._set_fix(None, problem)  # no gpsd, no position: at once

    @Slot(QGeoPositionInfo)
    def _on_qt_source_position_updated(self, info: QGeoPositionInfo) -> None:
        if self.sender() is not self._qt_source or not self._running:
            return
        fix = _fix_from_info(info, "system", stamp_now=False)
        if fix is not None:
            self._set_fix(fix)

    @Slot(QGeoPositionInfoSource.Error)
    def _on_qt_source_error_occurred(self, error: QGeoPositionInfoSource.Error) -> None:
        if self.sender() is self._qt_source and self._running:
            self._on_qt_source_error(error)

    def _drop_sources(self) -> None:
        source, self._qt_source = self._qt_source, None
        if source is not None:
            source.stopUpdates()
            source.deleteLater()
        port, self._serial = self._serial, None
        if port is not None:
            port.close()
            port.deleteLater()
        connection, self._gpsd = self._gpsd, None
        if connection is not None:
            connection.stop()
            connection.deleteLater()

    def _on_qt_source_error(self, error: QGeoPositionInfoSource.Error) -> None:
        Error = QGeoPositionInfoSource.Error
        if error == Error.AccessError:
            message = LOCATION_DENIED.message()
        elif error == Error.ClosedError:
            message = SOURCE_STOPPED.message()
        elif error == Error.UpdateTimeoutError:
            message = RECEIVER_NO_FIX.message()
        else:
            message = SOURCE_ERROR.message()
        log.info("position source error: %s", error)
        if error != Error.UnknownSourceError:
            self._set_fix(None, message)  # no position now, and why
        self._report_error(message)

    # ---- state ------------------------------------------------------------------------

    def _fail_start(self, message: Message) -> None:
        self._set_fix(None, message)
        self._report_error(message)

    def _set_fix(self, fix: Fix | None, reason: Message | None = None) -> None:
        if fix is None and self._fix is None and reason == self._reason:
            return
        self._fix = fix
        if fix is None:
            self._reason = reason
        self.fix_changed.emit(fix)

    def _set_source(self, source: Message) -> None:
        self._source = source
        self.source_changed.emit(source)

    def _report_error(self, message: Message) -> None:
        log.info("position: %s", message)
        self.error_reported.emit(message)


def position_service_from_settings(
    settings: Settings, nmea_path: Path | None = None, parent: QObject | None = None
) -> PositionService:
    """The position source the settings choose (an NMEA log given on the command line
    wins); a half-configured one runs as "none" and says why in the log."""
    try:
        if nmea_path is not None:
            return PositionService("nmea", nmea_path=nmea_path, parent=parent)
        source = settings.gps_source
        if source == "nmea":
            path = settings.gps_nmea_path
            return PositionService("nmea", nmea_path=Path(path) if path else None, parent=parent)
        if source == "serial":
            return PositionService("serial", serial_port=settings.gps_serial_port, parent=parent)
        if source == "gpsd":
            return PositionService(
                "gpsd",
                gpsd_host=settings.gps_gpsd_host,
                gpsd_port=settings.gps_gpsd_port,
                parent=parent,
            )
        return PositionService(source, parent=parent)
    except ValueError as error:
        log.warning("position source not usable (%s); running without GPS", error)
        return PositionService("none", parent=parent)


def position_settings(settings: Settings) -> tuple[object, ...]:
    """The settings that choose the position source (a change rebuilds the service)."""
    return (
        settings.gps_source,
        settings.gps_nmea_path,
        settings.gps_serial_port,
        settings.gps_gpsd_host,
        settings.gps_gpsd_port,
    )
