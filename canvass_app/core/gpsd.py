"""The gpsd JSON protocol, as a client reads it: what to send, and what each report says.

gpsd (gpsd.io) shares the GPS receivers of a machine (USB, Bluetooth, serial) with any
program on a TCP port, 2947 by default. A client sends ``?WATCH={"enable":true,"json":true}``
and gpsd answers with one JSON object per line (``docs/GPS.md``):

- ``VERSION`` first, on every connection (how a client knows it reached gpsd);
- ``DEVICES`` (the receivers gpsd has) and ``DEVICE`` (one receiver came or went:
  ``"activated":0`` when it is gone);
- ``TPV`` (time-position-velocity), one per fix cycle: ``mode`` 0 (not seen yet) or 1 is
  no fix, 2 is 2D, 3 is 3D; ``lat``/``lon`` in degrees; ``eph`` (or ``epx``/``epy``) the
  horizontal error in metres; ``time``, the receiver's clock;
- ``SKY``, ``WATCH``, ``ERROR`` and others, which say nothing about the position here.

``GpsdStreamReader`` turns the bytes of the socket into reports (``GpsdFix``,
``GpsdNoFix``, ``GpsdReceivers``, ``GpsdVersion``, ``GpsdError``). A line that is not
JSON, or a report of a class it does not use, is skipped and counted, never fatal. The
Qt side (``qt/gpsd_source.py``) only moves bytes and timers.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime

DEFAULT_HOST = "localhost"
DEFAULT_PORT = 2947
WATCH_COMMAND = b'?WATCH={"enable":true,"json":true}\n'
# The longest report a client may meet: a SKY with a hundred satellites is about 12 KB.
MAX_REPORT_BYTES = 64 * 1024
# Reconnection waits after a failed or lost connection: 1, 2, 4, 8, 16, then 30 s.
RECONNECT_MAX_S = 30.0


def reconnect_delay_s(attempt: int) -> float:
    """How long to wait before connection attempt ``attempt + 1`` (``attempt`` from 0)."""
    return min(RECONNECT_MAX_S, 2.0 ** max(0, attempt))


def address_text(host: str, port: int) -> str:
    """``host:port``, with an IPv6 address in brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


@dataclass(frozen=True)
class GpsdVersion:
    release: str
    proto_major: int
    proto_minor: int


@dataclass(frozen=True)
class GpsdFix:
    """A TPV with a position (mode 2 or 3). ``accuracy_m`` is gpsd's horizontal error
    estimate: ``eph``, else ``sqrt(epx² + epy²)``, else None."""

    lat: float
    lng: float
    accuracy_m: float | None
    mode: int
    time: datetime | None  # the receiver's clock (not trusted for age: see docs/GPS.md)
    device: str


@dataclass(frozen=True)
class GpsdNoFix:
    """A TPV that says there is no position: mode 0 or 1, or no lat/lon."""

    mode: int
    device: str


@dataclass(frozen=True)
class GpsdReceivers:
    """The receivers gpsd has open now (after a DEVICES or DEVICE report)."""

    paths: tuple[str, ...]


@dataclass(frozen=True)
class GpsdError:
    """gpsd refused something (an ERROR report); technical, for the log."""

    text: str


GpsdReport = GpsdVersion | GpsdFix | GpsdNoFix | GpsdReceivers | GpsdError


@dataclass
class GpsdCounts:
    reports: int = 0  # JSON reports read
    used: int = 0  # reports that said something here (VERSION, DEVICES, DEVICE, TPV, ERROR)
    not_json: int = 0  # lines that are not a JSON object with a "class"
    too_long: int = 0  # lines past MAX_REPORT_BYTES, dropped


def _number(value: object) -> float | None:
    """A finite number from JSON (never a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _time(value: object) -> datetime | None:
    """gpsd's ISO 8601 time (``2024-05-01T10:00:00.000Z``), else None."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _accuracy(report: dict[str, object]) -> float | None:
    eph = _number(report.get("eph"))
    if eph is not None and eph >= 0:
        return eph
    epx, epy = _number(report.get("epx")), _number(report.get("epy"))
    if epx is not None and epy is not None and epx >= 0 and epy >= 0:
        return math.hypot(epx, epy)
    return None


def _is_open(device: dict[str, object]) -> bool:
    """gpsd writes ``"activated":0`` when it closes a receiver (a time while it is open,
    nothing before it opens one for a watching client)."""
    return device.get("activated") != 0


def tpv_report(report: dict[str, object]) -> GpsdFix | GpsdNoFix:
    """What one TPV says: a fix, or no fix (mode 0/1, or no usable lat/lon)."""
    mode_value = _number(report.get("mode"))
    mode = int(mode_value) if mode_value is not None else 0
    device = report.get("device")
    device_text = device if isinstance(device, str) else ""
    lat, lng = _number(report.get("lat")), _number(report.get("lon"))
    if (
        mode < 2
        or lat is None
        or lng is None
        or not (-90 <= lat <= 90 and -180 <= lng <= 180)
        or (lat == 0 and lng == 0)
    ):
        return GpsdNoFix(mode, device_text)
    return GpsdFix(lat, lng, _accuracy(report), mode, _time(report.get("time")), device_text)


class GpsdStreamReader:
    """Reads gpsd's answer, a byte stream of JSON lines, into reports; keeps track of the
    receivers gpsd has open. ``counts`` says what was read and what was skipped."""

    def __init__(self) -> None:
        self.counts = GpsdCounts()
        self._pending = b""
        self._dropping = False  # inside a line that was too long: skip to its end
        self._receivers: dict[str, bool] = {}

    @property
    def receivers(self) -> tuple[str, ...]:
        return tuple(sorted(path for path, active in self._receivers.items() if active))

    def feed(self, data: bytes) -> list[GpsdReport]:
        """The reports of a chunk of the stream (a partial line waits for the next)."""
        self._pending += data
        *lines, self._pending = self._pending.split(b"\n")
        reports: list[GpsdReport] = []
        for line in lines:
            if self._dropping:
                self._dropping = False  # the end of the long line
                continue
            if len(line) > MAX_REPORT_BYTES:
                self.counts.too_long += 1
                continue
            report = self.read_line(line)
            if report is not None:
                reports.append(report)
        if len(self._pending) > MAX_REPORT_BYTES:
            self._pending = b""
            if not self._dropping:
                self.counts.too_long += 1
            self._dropping = True
        return reports

    def read_line(self, line: bytes | str) -> GpsdReport | None:
        """The report of one line, or None when it says nothing here."""
        try:
            report = json.loads(line)
        except (ValueError, RecursionError):  # not JSON, not UTF-8, nested past reason
            report = None
        if not isinstance(report, dict) or not isinstance(report.get("class"), str):
            if line.strip():
                self.counts.not_json += 1
            return None
        self.counts.reports += 1
        result = self._read_report(report)
        if result is not None:
            self.counts.used += 1
        return result

    def _read_report(self, report: dict[str, object]) -> GpsdReport | None:
        kind = report["class"]
        if kind == "TPV":
            return tpv_report(report)
        if kind == "VERSION":
            major, minor = _number(report.get("proto_major")), _number(report.get("proto_minor"))
            release = report.get("release")
            return GpsdVersion(
                release if isinstance(release, str) else "",
                int(major) if major is not None else 0,
                int(minor) if minor is not None else 0,
            )
        if kind == "DEVICES":
            devices = report.get("devices")
            entries = devices if isinstance(devices, list) else []
            self._receivers = {
                str(device["path"]): _is_open(device)
                for device in entries
                if isinstance(device, dict) and isinstance(device.get("path"), str)
            }
            return GpsdReceivers(self.receivers)
        if kind == "DEVICE" and isinstance(report.get("path"), str):
            if "activated" in report:
                self._receivers[str(report["path"])] = _is_open(report)
            return GpsdReceivers(self.receivers)
        if kind == "ERROR":
            message = report.get("message")
            return GpsdError(message if isinstance(message, str) else json.dumps(report))
        return None
