"""Where is the canvasser? QtPositioning sources behind one small service.

Sources:

- ``"system"``: ``QGeoPositionInfoSource.createDefaultSource`` (the OS location service);
  when the machine has none, the service says so and runs with no position;
- ``"nmea"``: a recorded NMEA log replayed on its own timing, looping, ``replay_speed``
  times faster than recorded (demo, training, tests);
- ``"serial"``: a GPS receiver on a serial port (``QSerialPort``) read in real time;
- ``"manual"``: the position the canvasser typed (``set_manual``);
- ``"none"``: no position at all (an honest "no fix", never 0,0).

The service only reports fixes; whether a fix is recent and accurate enough to record
with a visit is judged by ``core.geo.usable_fix``. When there is no fix, ``reason`` says
why in words (a ``core.messages.Message``), and ``fix_changed`` fires when either the fix
or the reason changes.

NMEA (log and serial) is read line by line by ``nmea.NmeaStreamReader``, not by Qt's
``QNmeaPositionInfoSource``: Qt's source passes over "no fix" sentences (GGA quality 0,
RMC status V) without a signal, so the last position stayed "current" for a minute after
the receiver lost the sky. Here such a sentence ends the fix at once. Accuracy is
``HDOP × 5 m`` (``nmea.HDOP_TO_METERS``); a source that sets its own accuracy (the system
one) is taken as is, and a fix without one has ``accuracy_m=None``.
"""

from __future__ import annotations

import logging
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QIODevice, QObject, QTimer, Signal, Slot
from PySide6.QtPositioning import QGeoPositionInfo, QGeoPositionInfoSource

from canvass_app.core.geo import Fix
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message
from canvass_app.qt import tasks as _pyside_repairs  # noqa: F401  (emits a signal per fix)
from canvass_app.qt.nmea import (
    NmeaError,
    NmeaReading,
    NmeaStreamReader,
    check_log,
    replay_schedule,
)

log = logging.getLogger(__name__)

DESKTOP_ID = "io.github.canvassapp.Canvass"  # canvass_app.APP_ID, the desktop entry
SOURCES = ("system", "nmea", "serial", "manual", "none")
NO_GPS = "No GPS"
DEFAULT_SERIAL_BAUD = 4800  # the NMEA 0183 standard rate; many USB receivers use 9600

# The pause between the end of a replayed log and its next loop, in recorded seconds.
_LOOP_PAUSE_S = 1.0
# Device clocks may be a little off; a fix stamped further ahead than this is re-stamped.
_MAX_FUTURE = timedelta(minutes=5)

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
    """Reports position fixes from one source; ``current_fix()`` is the latest, and
    ``reason`` says why there is none."""

    fix_changed = Signal(object)  # core.geo.Fix | None (also when only the reason changed)
    source_changed = Signal(str)
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
        self._source_kind = source
        self._nmea_path = Path(nmea_path) if nmea_path is not None else None
        self._serial_port_name = serial_port
        self._serial_baud = serial_baud
        self._replay_speed = float(replay_speed)
        self._qt_source: QGeoPositionInfoSource | None = None
        self._serial: QIODevice | None = None
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
        self._description = NO_GPS
        self._running = False
        self.loops_started = 0  # how many times the NMEA log has (re)started

    # ---- public API -------------------------------------------------------------------

    @property
    def description(self) -> str:
        """The source in words, as last sent in ``source_changed``."""
        return self._description

    @property
    def is_running(self) -> bool:
        return self._running

    @property
    def reason(self) -> Message | None:
        """Why there is no fix now, in words (None while there is one)."""
        return None if self._fix is not None else self._reason

    def current_fix(self) -> Fix | None:
        return self._fix

    def start(self) -> None:
        if self._running:
            return
        self._running = True
        kind = self._source_kind
        if kind == "system":
            self._start_system()
        elif kind == "nmea":
            self._start_nmea()
        elif kind == "serial":
            self._start_serial()
        elif kind == "manual":
            self._set_description("Manual position" if self._fix else "Manual position (none yet)")
            if self._fix is None:
                self._set_fix(None, MANUAL_NONE.message())
        else:
            self._set_description(NO_GPS)
            self._set_fix(None, LOCATION_OFF.message())

    def stop(self) -> None:
        if not self._running:
            return
        self._running = False
        self._replay_timer.stop()
        self._drop_sources()
        if self._source_kind != "manual":
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
        if self._source_kind == "manual":
            self._set_description("Manual position")
        self._set_fix(fix)

    # ---- sources ----------------------------------------------------------------------

    def _start_system(self) -> None:
        # geoclue2 asks who is asking (its permission prompt names the app).
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
        self._set_description(f"GPS: system ({source.sourceName()})")
        self._set_fix(None, WAITING_FOR_FIX.with_args(source=source.sourceName()))

    def _start_nmea(self) -> None:
        path = self._nmea_path
        assert path is not None
        try:
            text = path.read_bytes().decode("ascii")
            check_log(text, name=path.name)
            schedule = replay_schedule(text, self._replay_speed)
        except FileNotFoundError:
            self._fail_start(LOG_MISSING.with_args(path=str(path)))
            return
        except (IsADirectoryError, PermissionError) as error:
            self._fail_start(LOG_UNREADABLE.with_args(path=str(path), reason=error.strerror))
            return
        except UnicodeDecodeError:
            self._fail_start(LOG_NOT_TEXT.with_args(name=path.name))
            return
        except NmeaError as error:
            self._fail_start(LOG_NOT_NMEA.with_args(name=path.name, problem=str(error)))
            return
        except OSError as error:
            self._fail_start(LOG_UNREADABLE.with_args(path=str(path), reason=str(error)))
            return
        self._schedule = schedule
        self._set_description(f"GPS: NMEA log {path.name}")
        self._set_fix(None, WAITING_FOR_FIX.with_args(source=path.name))
        self._start_replay_loop()

    def _start_replay_loop(self) -> None:
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
            self._read_line(line, "nmea")
        self._replay_timer.start(max(1, int(_LOOP_PAUSE_S / self._replay_speed * 1000)))

    def _start_serial(self) -> None:
        name = self._serial_port_name
        assert name is not None
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
        self._set_description(f"GPS: serial {name}")
        self._set_fix(None, WAITING_FOR_FIX.with_args(source=name))

    @Slot()
    def _on_serial_ready_read(self) -> None:
        port = self._serial
        if port is None or self.sender() is not port or not self._running:
            return
        while port.canReadLine():
            raw = bytes(port.readLine().data())
            self._read_line(raw.decode("ascii", errors="replace"), "serial")

    def _read_line(self, line: str, source: str) -> None:
        reading = self._reader.feed(line)
        if reading is None:
            return
        if not reading.has_fix:
            self._set_fix(None, RECEIVER_NO_FIX.message())  # the receiver says so: at once
            return
        fix = _fix_from_reading(reading, source)
        if fix is not None:
            self._set_fix(fix)

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
        if error in (Error.AccessError, Error.ClosedError):
            # The source will not deliver again by itself: say there is no GPS now.
            self._set_description(NO_GPS)
        if error != Error.UnknownSourceError:
            self._set_fix(None, message)  # no position now, and why
        self._report_error(message)

    # ---- state ------------------------------------------------------------------------

    def _fail_start(self, message: Message) -> None:
        self._set_description(NO_GPS)
        self._set_fix(None, message)
        self._report_error(message)

    def _set_fix(self, fix: Fix | None, reason: Message | None = None) -> None:
        if fix is None and self._fix is None and reason == self._reason:
            return
        self._fix = fix
        if fix is None:
            self._reason = reason
        self.fix_changed.emit(fix)

    def _set_description(self, text: str) -> None:
        self._description = text
        self.source_changed.emit(text)

    def _report_error(self, message: Message) -> None:
        log.info("position: %s", message)
        self.error_reported.emit(message)
