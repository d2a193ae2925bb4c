"""The gpsd JSON protocol, read headless: a session recorded from gpsd itself, and the
reports a client must not trip on."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from pathlib import Path

import pytest

from canvass_app.core import gpsd

SESSION = Path(__file__).resolve().parents[1] / "data" / "gpsd" / "bu353-glonass.jsonl"


def _reports(data: bytes, chunk: int) -> tuple[list[gpsd.GpsdReport], gpsd.GpsdStreamReader]:
    reader = gpsd.GpsdStreamReader()
    reports = []
    for start in range(0, len(data), chunk):
        reports += reader.feed(data[start : start + chunk])
    return reports, reader


@pytest.mark.parametrize("chunk", [1, 97, 1 << 20])
def test_a_recorded_gpsd_session_reads_in_order(chunk: int) -> None:
    """gpsd 3.22 reading the BU-353 GLONASS capture once: no receiver, then the receiver,
    fixes, gpsd's "no fix" (mode 1), and the receiver gone. Cut anywhere, it reads alike."""
    data = SESSION.read_bytes()
    reports, reader = _reports(data, chunk)
    kinds = [type(report).__name__ for report in reports]
    assert kinds[:3] == ["GpsdVersion", "GpsdReceivers", "GpsdReceivers"]
    assert reports[0] == gpsd.GpsdVersion("3.22", 3, 14)
    assert reports[1] == gpsd.GpsdReceivers(())  # gpsd had no receiver yet
    assert reports[2] == gpsd.GpsdReceivers(("/dev/pts/0",))
    assert reports[-1] == gpsd.GpsdReceivers(())  # "activated":0: unplugged
    fixes = [report for report in reports if isinstance(report, gpsd.GpsdFix)]
    no_fixes = [report for report in reports if isinstance(report, gpsd.GpsdNoFix)]
    assert len(fixes) == 9 and len(no_fixes) == 2 + 9
    # mode 3 before the first position (no lat/lon yet): no fix, then the fixes, then mode 1
    tpvs = [r for r in reports if isinstance(r, gpsd.GpsdFix | gpsd.GpsdNoFix)]
    assert [isinstance(r, gpsd.GpsdFix) for r in tpvs] == [False] * 2 + [True] * 9 + [False] * 9
    first = fixes[0]
    assert (first.lat, first.lng, first.mode, first.device) == (
        55.686591667,
        37.621453333,
        3,
        "/dev/pts/0",
    )
    assert first.accuracy_m == pytest.approx(48.64)  # gpsd's eph, taken as it is
    # the receiver's clock, kept for the log only (this one is 19.6 years ahead)
    assert first.time == datetime(2034, 1, 9, 8, 14, 11, tzinfo=UTC)
    # each fix carries that TPV's eph (HDOP 2.56 and 4.87 at gpsd's 95 % UERE of 19 m)
    assert [fix.accuracy_m for fix in fixes] == [
        pytest.approx(value)
        for value in (48.64, 92.53, 92.53, 48.64, 48.64, 48.64, 48.64, 48.64, 86.26)
    ]
    assert reader.counts.not_json == 0 and reader.counts.too_long == 0
    assert reader.counts.reports == len(data.splitlines())


def test_accuracy_comes_from_eph_else_epx_and_epy() -> None:
    base = {"class": "TPV", "mode": 2, "lat": 42.37, "lon": -71.11}
    assert gpsd.tpv_report({**base, "eph": 12.5, "epx": 30, "epy": 40}).accuracy_m == 12.5
    assert gpsd.tpv_report({**base, "epx": 30.0, "epy": 40.0}).accuracy_m == 50.0
    assert gpsd.tpv_report({**base, "epx": 30.0}).accuracy_m is None
    assert gpsd.tpv_report({**base, "eph": "12"}).accuracy_m is None
    assert gpsd.tpv_report({**base, "eph": -1}).accuracy_m is None


@pytest.mark.parametrize(
    "report",
    [
        {"class": "TPV", "mode": 1, "lat": 42.37, "lon": -71.11},  # mode 1 wins
        {"class": "TPV", "mode": 0},
        {"class": "TPV"},
        {"class": "TPV", "mode": 3},  # no lat/lon
        {"class": "TPV", "mode": 3, "lat": 42.37},
        {"class": "TPV", "mode": 3, "lat": 0.0, "lon": 0.0},  # never 0,0
        {"class": "TPV", "mode": 3, "lat": 95.0, "lon": 10.0},
        {"class": "TPV", "mode": 3, "lat": True, "lon": 10.0},
        {"class": "TPV", "mode": 3, "lat": "42.37", "lon": "-71.11"},
    ],
)
def test_an_explicit_no_fix_is_no_fix(report: dict[str, object]) -> None:
    assert isinstance(gpsd.tpv_report(report), gpsd.GpsdNoFix)


def test_garbage_is_skipped_and_counted_never_fatal() -> None:
    reader = gpsd.GpsdStreamReader()
    stream = (
        b"HTTP/1.1 400 Bad Request\r\n"
        b"[1, 2, 3]\n"
        b'{"no class": true}\n'
        b"\xff\xfe not utf-8\n"
        + b"[" * 50_000
        + b"\n"
        + b'{"class":"SKY","satellites":[]}\n'
        + b'{"class":"ERROR","message":"Unrecognized request \'?FOO\'"}\n'
        + b'{"class":"TPV","mode":2,"lat":42.37,"lon":-71.11,"eph":8.0}\n'
    )
    reports = reader.feed(stream)
    assert reports == [
        gpsd.GpsdError("Unrecognized request '?FOO'"),
        gpsd.GpsdFix(42.37, -71.11, 8.0, 2, None, ""),
    ]
    assert reader.counts.not_json == 5
    assert (reader.counts.reports, reader.counts.used) == (3, 2)


def test_a_line_too_long_is_dropped_and_the_stream_goes_on() -> None:
    reader = gpsd.GpsdStreamReader()
    huge = b'{"class":"SKY","pad":"' + b"x" * (gpsd.MAX_REPORT_BYTES * 2) + b'"}\n'
    tpv = b'{"class":"TPV","mode":3,"lat":1.5,"lon":2.5}\n'
    reports = []
    for start in range(0, len(huge), 4096):
        reports += reader.feed(huge[start : start + 4096])
    reports += reader.feed(tpv)
    assert reports == [gpsd.GpsdFix(1.5, 2.5, None, 3, None, "")]
    assert reader.counts.too_long == 1


def test_receivers_come_and_go() -> None:
    reader = gpsd.GpsdStreamReader()
    devices = {
        "class": "DEVICES",
        "devices": [
            {"class": "DEVICE", "path": "/dev/ttyUSB0", "activated": "2024-05-01T10:00:00.000Z"},
            {"class": "DEVICE", "path": "/dev/rfcomm0"},  # known, opened for the watch
        ],
    }
    assert reader.read_line(json.dumps(devices)) == gpsd.GpsdReceivers(
        ("/dev/rfcomm0", "/dev/ttyUSB0")
    )
    gone = {"class": "DEVICE", "path": "/dev/ttyUSB0", "activated": 0}
    assert reader.read_line(json.dumps(gone)) == gpsd.GpsdReceivers(("/dev/rfcomm0",))
    driver = {"class": "DEVICE", "path": "/dev/rfcomm0", "driver": "u-blox"}  # no change
    assert reader.read_line(json.dumps(driver)) == gpsd.GpsdReceivers(("/dev/rfcomm0",))
    assert reader.receivers == ("/dev/rfcomm0",)


def test_the_watch_command_and_the_backoff() -> None:
    assert json.loads(gpsd.WATCH_COMMAND.split(b"=", 1)[1]) == {"enable": True, "json": True}
    assert gpsd.WATCH_COMMAND.startswith(b"?WATCH=") and gpsd.WATCH_COMMAND.endswith(b"\n")
    delays = [gpsd.reconnect_delay_s(attempt) for attempt in range(8)]
    assert delays == [1, 2, 4, 8, 16, 30, 30, 30]
    assert gpsd.address_text("localhost", 2947) == "localhost:2947"
    assert gpsd.address_text("::1", 2947) == "[::1]:2947"
    assert math.isclose(gpsd.RECONNECT_MAX_S, 30)
