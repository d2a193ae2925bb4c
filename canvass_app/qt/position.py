"""Where is the canvasser? QtPositioning sources behind one small service.

Sources:

- ``"system"``: ``QGeoPositionInfoSource.createDefaultSource`` (the OS location service);
  when the machine has none, the service says so and runs with no position;
- ``"nmea"``: a recorded NMEA log replayed by ``QNmeaPositionInfoSource`` in simulation
  mode, looping, ``replay_speed`` times faster than recorded (demo, training, tests);
- ``"serial"``: a GPS receiver on a serial port (``QSerialPort``) read in real time;
- ``"manual"``: the position the canvasser typed (``set_manual``);
- ``"none"``: no position at all (an honest "no fix", never 0,0).

The service only reports fixes; whether a fix is recent and accurate enough to record
with a visit is judged by ``core.geo.usable_fix``.

Accuracy: Qt's NMEA source reports ``HorizontalAccuracy`` as ``2 × HDOP × UERE`` once a
user equivalent range error is set. We set ``UERE = HDOP_TO_METERS / 2`` so accuracy
comes out as ``HDOP × 5 m`` (``nmea.HDOP_TO_METERS``); a source that sets its own
accuracy (the system one) is taken as is, and a fix without one has ``accuracy_m=None``.
"""

from __future__ import annotations

import logging
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QTimer, Signal, Slot
from PySide6.QtPositioning import (
    QGeoPositionInfo,
    QGeoPositionInfoSource,
    QNmeaPositionInfoSource,
)

from canvass_app.core.geo import Fix
from canvass_app.qt import tasks as _pyside_repairs  # noqa: F401  (emits a signal per fix)
from canvass_app.qt.nmea import HDOP_TO_METERS, NmeaError, check_log, log_duration_s, retime_log

log = logging.getLogger(__name__)

DESKTOP_ID = "io.github.canvassapp.Canvass"  # canvass_app.APP_ID, the desktop entry
SOURCES = ("system", "nmea", "serial", "manual", "none")
NO_GPS = "No GPS"
DEFAULT_SERIAL_BAUD = 4800  # the NMEA 0183 standard rate; many USB receivers use 9600

# Qt computes accuracy as 2 × HDOP × UERE (a 95 % radius); this makes it HDOP × 5 m.
NMEA_UERE_M = HDOP_TO_METERS / 2

# The pause between the end of a replayed log and its next loop, in recorded seconds.
_LOOP_PAUSE_S = 1.0
# Device clocks may be a little off; a fix stamped further ahead than this is re-stamped.
_MAX_FUTURE = timedelta(minutes=5)


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
    """Reports position fixes from one source; ``current_fix()`` is the latest."""

    fix_changed = Signal(object)  # core.geo.Fix | None
    source_changed = Signal(str)
    error_reported = Signal(str)

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
        self._replay_text: str | None = None
        self._qt_source_kind = ""
        self._stamp_now = False
        self._loop_ms = 0
        self._loop_timer = QTimer(self)
        self._loop_timer.setSingleShot(True)
        self._loop_timer.timeout.connect(self._on_loop_timer_timeout)
        self._fix: Fix | None = None
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
        else:
            self._set_description(NO_GPS)

    def stop(self) -> None:
        if not self._running:
            return
        self._running = False
        self._loop_timer.stop()
        self._drop_qt_source()
        if self._source_kind != "manual":
            self._set_fix(None)

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
            self._set_description(NO_GPS)
            self._report_error(
                "This computer has no location service. Use an NMEA GPS log or receiver, "
                "or type your position."
            )
            return
        self._use_qt_source(source, "system", stamp_now=False)
        self._set_description(f"GPS: system ({source.sourceName()})")

    def _start_nmea(self) -> None:
        path = self._nmea_path
        assert path is not None
        try:
            raw = path.read_bytes()
            text = raw.decode("ascii")
            check_log(text, name=path.name)
            replay = retime_log(text, self._replay_speed)
            duration_s = log_duration_s(replay)
        except FileNotFoundError:
            self._fail_start(f"The GPS log {path} does not exist. Pick another file.")
            return
        except (IsADirectoryError, PermissionError) as error:
            self._fail_start(f"The GPS log {path} cannot be read ({error.strerror}).")
            return
        except UnicodeDecodeError:
            self._fail_start(f"{path.name} is not an NMEA GPS log (it is not plain text).")
            return
        except NmeaError as error:
            self._fail_start(f"{path.name} is not a usable NMEA GPS log: {error}.")
            return
        except OSError as error:
            self._fail_start(f"The GPS log {path} cannot be read ({error}).")
            return
        self._replay_text = replay
        # Loop: replay again one recorded pause after the last sentence.
        self._loop_ms = max(50, int((duration_s + _LOOP_PAUSE_S / self._replay_speed) * 1000))
        self._set_description(f"GPS: NMEA log {path.name}")
        self._start_replay_loop()

    def _start_replay_loop(self) -> None:
        assert self._replay_text is not None
        self._drop_qt_source()
        source = QNmeaPositionInfoSource(QNmeaPositionInfoSource.UpdateMode.SimulationMode, self)
        # The device is the source's child: destroyed after the source stops reading it.
        buffer = QBuffer(source)
        buffer.setData(QByteArray(self._replay_text.encode("ascii")))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        source.setUserEquivalentRangeError(NMEA_UERE_M)
        source.setDevice(buffer)
        # Replayed times are old: a fix is as fresh as its replay.
        self._use_qt_source(source, "nmea", stamp_now=True)
        self.loops_started += 1
        self._loop_timer.start(self._loop_ms)

    def _start_serial(self) -> None:
        name = self._serial_port_name
        assert name is not None
        try:
            from PySide6.QtSerialPort import QSerialPort
        except ImportError:
            self._fail_start(
                "Serial GPS receivers are not supported by this installation (QtSerialPort "
                "is missing). Use the system location or an NMEA log."
            )
            return
        port = QSerialPort(name, self)
        port.setBaudRate(self._serial_baud)
        if not port.open(QIODevice.OpenModeFlag.ReadOnly):
            reason = port.errorString()
            port.deleteLater()
            self._fail_start(
                f"The GPS receiver on {name} cannot be opened ({reason}). Check that it is "
                "plugged in and that no other program uses it."
            )
            return
        source = QNmeaPositionInfoSource(QNmeaPositionInfoSource.UpdateMode.RealTimeMode, self)
        port.setParent(source)  # destroyed after the source stops reading it
        source.setUserEquivalentRangeError(NMEA_UERE_M)
        source.setDevice(port)
        self._use_qt_source(source, "serial", stamp_now=False)
        self._set_description(f"GPS: serial {name}")

    def _use_qt_source(self, source: QGeoPositionInfoSource, kind: str, *, stamp_now: bool) -> None:
        self._qt_source = source
        self._qt_source_kind = kind
        self._stamp_now = stamp_now
        # Bound methods, not closures: a closure slot on a source destroyed with its
        # parent has crashed PySide 6.12 here.
        source.positionUpdated.connect(self._on_qt_source_position_updated)
        source.errorOccurred.connect(self._on_qt_source_error_occurred)
        source.startUpdates()

    @Slot(QGeoPositionInfo)
    def _on_qt_source_position_updated(self, info: QGeoPositionInfo) -> None:
        if self.sender() is not self._qt_source or not self._running:
            return
        fix = _fix_from_info(info, self._qt_source_kind, stamp_now=self._stamp_now)
        if fix is not None:
            self._set_fix(fix)

    @Slot(QGeoPositionInfoSource.Error)
    def _on_qt_source_error_occurred(self, error: QGeoPositionInfoSource.Error) -> None:
        if self.sender() is self._qt_source and self._running:
            self._on_qt_source_error(error)

    def _drop_qt_source(self) -> None:
        # Never close or delete an NMEA device before its source: the source keeps reading
        # it (a closed one floods "device not open" warnings; a deleted one crashes). The
        # devices are the sources' children, so they go with them.
        source, self._qt_source = self._qt_source, None
        if source is not None:
            source.stopUpdates()
            source.deleteLater()

    def _on_qt_source_error(self, error: QGeoPositionInfoSource.Error) -> None:
        Error = QGeoPositionInfoSource.Error
        if error == Error.AccessError:
            message = (
                "Canvass is not allowed to use this computer's location. Allow it in the "
                "system privacy settings, or type your position."
            )
        elif error == Error.ClosedError:
            message = "The GPS source stopped (unplugged or switched off). Reconnect it."
        elif error == Error.UpdateTimeoutError:
            message = "The GPS has no fix right now. Move to open sky or type your position."
        else:
            message = "The GPS reported an error. Positions may be missing; type yours if needed."
        log.info("position source error: %s", error)
        if error in (Error.AccessError, Error.ClosedError):
            # The source will not deliver again by itself: say there is no GPS now.
            self._set_description(NO_GPS)
        self._report_error(message)

    # ---- state ------------------------------------------------------------------------

    @Slot()
    def _on_loop_timer_timeout(self) -> None:
        if self._running and self._replay_text is not None:
            self._start_replay_loop()

    def _fail_start(self, message: str) -> None:
        self._set_description(NO_GPS)
        self._report_error(message)

    def _set_fix(self, fix: Fix | None) -> None:
        if fix is None and self._fix is None:
            return
        self._fix = fix
        self.fix_changed.emit(fix)

    def _set_description(self, text: str) -> None:
        self._description = text
        self.source_changed.emit(text)

    def _report_error(self, message: str) -> None:
        log.info("position: %s", message)
        self.error_reported.emit(message)
