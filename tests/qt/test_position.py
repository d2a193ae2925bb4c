"""PositionService: NMEA replay, manual, none, system, and clear errors for bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from canvass_app.core import nmea
from canvass_app.core.geo import Fix, usable_fix
from canvass_app.qt.position import (
    SOURCE_MANUAL,
    SOURCE_NMEA,
    SOURCE_NONE,
    SOURCE_SERIAL,
    SOURCE_SYSTEM,
    SOURCE_SYSTEM_MISSING,
    PositionService,
)

pytestmark = pytest.mark.gui

DEMO_WALK = Path(__file__).resolve().parents[2] / "canvass_app" / "resources" / "demo-walk.nmea"


def _collect(service: PositionService) -> dict[str, list[Any]]:
    seen: dict[str, list[Any]] = {"fixes": [], "sources": [], "errors": []}
    service.fix_changed.connect(seen["fixes"].append)
    service.source_changed.connect(seen["sources"].append)
    service.error_reported.connect(seen["errors"].append)
    return seen


def _write_log(path: Path, seconds: int, *, hdop: float = 2.0, no_fix: range = range(0)) -> Path:
    start = datetime(2026, 11, 27, 14, 0, 0, tzinfo=UTC)
    lines = []
    for second in range(seconds):
        moment = start + timedelta(seconds=second)
        lat = 42.3720 + second * 0.0001
        if second in no_fix:
            lines.append(nmea.gga(moment, None, None, hdop=None, satellites=2))
            lines.append(nmea.rmc(moment, None, None))
            continue
        lines.append(nmea.gga(moment, lat, -71.1080, hdop=hdop, satellites=8))
        lines.append(nmea.rmc(moment, lat, -71.1080))
    path.write_text("\r\n".join(lines) + "\r\n", encoding="ascii")
    return path


def test_replays_the_demo_walk_with_accuracy(qtbot: Any) -> None:
    service = PositionService("nmea", nmea_path=DEMO_WALK, replay_speed=50)
    seen = _collect(service)
    service.start()
    try:
        qtbot.waitUntil(lambda: len([f for f in seen["fixes"] if f]) >= 5, timeout=10_000)
    finally:
        service.stop()
    assert seen["sources"] == [SOURCE_NMEA.with_args(name="demo-walk.nmea")]
    assert str(service.source) == "the GPS log demo-walk.nmea"
    assert seen["errors"] == []
    fixes = [f for f in seen["fixes"] if f is not None]
    assert len(fixes) >= 5
    now = datetime.now(UTC)
    for fix in fixes:
        assert isinstance(fix, Fix) and fix.source == "nmea"
        assert fix.accuracy_m is not None and 5.0 <= fix.accuracy_m <= 15.0
        assert 42.36 < fix.lat < 42.38 and -71.12 < fix.lng < -71.10
        # A replayed fix is stamped when it is replayed, so it is usable right away.
        assert abs((now - fix.timestamp).total_seconds()) < 30
    assert usable_fix(fixes[-1], datetime.now(UTC))
    # Stopping says there is no position any more.
    assert seen["fixes"][-1] is None and service.current_fix() is None


def test_accuracy_is_hdop_times_five_metres(qtbot: Any, tmp_path: Path) -> None:
    log = _write_log(tmp_path / "walk.nmea", 3, hdop=2.0)
    service = PositionService("nmea", nmea_path=log, replay_speed=20)
    seen = _collect(service)
    service.start()
    try:
        qtbot.waitUntil(lambda: len(seen["fixes"]) >= 2, timeout=5000)
    finally:
        service.stop()
    assert seen["fixes"][0] is None  # waiting for the first fix, said in words
    assert seen["fixes"][1].accuracy_m == pytest.approx(nmea.HDOP_TO_METERS * 2.0)


def test_the_log_loops(qtbot: Any, tmp_path: Path) -> None:
    log = _write_log(tmp_path / "short.nmea", 4)
    service = PositionService("nmea", nmea_path=log, replay_speed=10)
    seen = _collect(service)
    service.start()
    try:
        qtbot.waitUntil(lambda: service.loops_started >= 3, timeout=10_000)
        qtbot.waitUntil(lambda: len(seen["fixes"]) >= 9, timeout=10_000)
    finally:
        service.stop()
    lats = [round(f.lat, 4) for f in seen["fixes"] if f is not None]
    # The walk starts again from its first position.
    assert lats.count(42.3720) >= 2


def test_a_missing_log_is_a_clear_error_not_a_crash(qtbot: Any, tmp_path: Path) -> None:
    service = PositionService("nmea", nmea_path=tmp_path / "nowhere.nmea")
    seen = _collect(service)
    service.start()
    assert seen["sources"] == [SOURCE_NMEA.with_args(name="nowhere.nmea")]
    assert len(seen["errors"]) == 1 and "nowhere.nmea" in str(seen["errors"][0])
    assert "does not exist" in str(seen["errors"][0])
    assert service.current_fix() is None
    assert service.reason == seen["errors"][0]  # the door screen says why: no position
    service.stop()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"Dear canvasser,\nhere are the doors.\n", "not a usable NMEA GPS log"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not plain text"),
        (b"", "nothing to replay"),
    ],
)
def test_a_file_that_is_not_nmea_is_named(
    qtbot: Any, tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "picked-by-mistake.nmea"
    path.write_bytes(content)
    service = PositionService("nmea", nmea_path=path)
    seen = _collect(service)
    service.start()
    service.stop()
    assert len(seen["errors"]) == 1
    error = str(seen["errors"][0])
    assert words in error and "picked-by-mistake.nmea" in error
    assert all(fix is None for fix in seen["fixes"])


def test_a_no_fix_sentence_ends_the_fix_at_once(qtbot: Any, tmp_path: Path) -> None:
    """GGA quality 0 / RMC status V: the previous fix is gone the moment the receiver says
    so (it used to stay "usable" for a minute and go into visits), and the reason says why."""
    log = _write_log(tmp_path / "tunnel.nmea", 6, no_fix=range(2, 4))
    service = PositionService("nmea", nmea_path=log, replay_speed=10)
    seen = _collect(service)
    service.start()
    try:
        qtbot.waitUntil(lambda: len([f for f in seen["fixes"] if f is not None]) >= 3, timeout=5000)
    finally:
        service.stop()
    readings = seen["fixes"]
    first_gap = next(i for i, fix in enumerate(readings) if i > 0 and fix is None)
    assert readings[first_gap - 1] is not None  # a good fix, then None at once
    lats = [round(fix.lat, 4) for fix in readings[first_gap + 1 :] if fix is not None]
    assert lats[0] == 42.3724  # the next fix is the one after the gap, not the old one
    # while there is no fix, the service says why, in words
    from canvass_app.qt.position import RECEIVER_NO_FIX

    quiet = PositionService("nmea", nmea_path=log, replay_speed=10)
    quiet.start()
    try:
        qtbot.waitUntil(lambda: quiet.reason == RECEIVER_NO_FIX.message(), timeout=5000)
        assert quiet.current_fix() is None
        assert "no fix" in str(quiet.reason)
    finally:
        quiet.stop()


def test_manual_position(qtbot: Any) -> None:
    service = PositionService("manual")
    seen = _collect(service)
    service.start()
    service.set_manual(42.3731, -71.1092, accuracy_m=8.0)
    fix = service.current_fix()
    assert fix is not None and fix.source == "manual"
    assert (fix.lat, fix.lng, fix.accuracy_m) == (42.3731, -71.1092, 8.0)
    assert usable_fix(fix, datetime.now(UTC))
    assert seen["fixes"][-1] == fix  # (a None before it: "no position typed yet")
    assert seen["sources"][-1] == SOURCE_MANUAL.message()
    service.stop()
    # A typed position is not lost by stopping: it was not the device's.
    assert service.current_fix() == fix


@pytest.mark.parametrize(
    ("lat", "lng", "accuracy", "words"),
    [
        (0.0, 0.0, 10.0, "0, 0"),
        (95.0, -71.1, 10.0, "latitude"),
        (42.3, -181.0, 10.0, "longitude"),
        (float("nan"), -71.1, 10.0, "finite"),
        (42.3, -71.1, -1.0, "accuracy"),
    ],
)
def test_a_wrong_manual_position_is_refused_in_words(
    lat: float, lng: float, accuracy: float, words: str
) -> None:
    service = PositionService("manual")
    with pytest.raises(ValueError, match=words):
        service.set_manual(lat, lng, accuracy)
    assert service.current_fix() is None


def test_none_source_reports_no_gps(qtbot: Any) -> None:
    service = PositionService("none")
    seen = _collect(service)
    service.start()
    assert seen["sources"] == [SOURCE_NONE.message()]
    assert service.current_fix() is None and seen["errors"] == []
    service.stop()


def test_system_source_starts_or_says_why_not(qtbot: Any) -> None:
    service = PositionService("system")
    seen = _collect(service)
    service.start()
    service.stop()
    if not seen["sources"]:  # no location service: the configured source, and why not
        assert service.source == SOURCE_SYSTEM_MISSING.message()
        assert seen["errors"] and "location service" in str(seen["errors"][0])
    else:
        [source] = seen["sources"]
        assert source.template == SOURCE_SYSTEM.text and source.args["name"]


def test_a_serial_port_that_does_not_exist_is_named(qtbot: Any) -> None:
    service = PositionService("serial", serial_port="/dev/canvass-no-such-gps")
    seen = _collect(service)
    service.start()
    service.stop()
    assert seen["sources"] == [SOURCE_SERIAL.with_args(port="/dev/canvass-no-such-gps")]
    assert len(seen["errors"]) == 1 and "/dev/canvass-no-such-gps" in str(seen["errors"][0])


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"source": "gps"}, "unknown position source"),
        ({"source": "nmea"}, "nmea_path"),
        ({"source": "serial"}, "serial_port"),
        ({"source": "nmea", "nmea_path": DEMO_WALK, "replay_speed": 0}, "replay speed"),
    ],
)
def test_bad_arguments_are_named(kwargs: dict[str, Any], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        PositionService(**kwargs)


def test_services_can_be_dropped_right_after_stop(qtbot: Any, tmp_path: Path) -> None:
    """A stopped service garbage-collected before its sources' deferred deletion ran used
    to crash the next replay (closure slots on destroyed sources, PySide 6.12)."""
    import gc

    log = _write_log(tmp_path / "walk.nmea", 5)
    for _ in range(3):
        service = PositionService("nmea", nmea_path=log, replay_speed=20)
        seen = _collect(service)
        service.start()
        qtbot.waitUntil(lambda seen=seen: len(seen["fixes"]) >= 2, timeout=5000)
        service.stop()
        del service
        gc.collect()
    qtbot.wait(50)


CAPTURES = Path(__file__).resolve().parents[1] / "data" / "nmea"


def test_a_real_capture_replays_through_garbage_and_its_no_fix_period(
    qtbot: Any, tmp_path: Path
) -> None:
    """gpsd's BU-353 GLONASS capture (comment header, $GN/$GP/$GL talkers) with a corrupt
    line and stray bytes put in the middle of its fixes: the source goes on past them,
    the receiver's ten seconds without a fix are no position (said why), and the next
    loop starts again with fixes."""
    from canvass_app.qt.position import RECEIVER_NO_FIX

    lines = (CAPTURES / "bu353-glonass.log").read_text(encoding="ascii").splitlines()
    middle = next(i for i, line in enumerate(lines) if "GPGGA,081416" in line)
    lines[middle] = lines[middle].replace("5541.1967", "5541.1968")  # checksum now wrong
    lines.insert(middle + 1, "\x1b[0m stray text from a terminal")
    capture = tmp_path / "bu353-glonass-damaged.log"
    capture.write_text("\n".join(lines) + "\n", encoding="ascii")
    service = PositionService("nmea", nmea_path=capture, replay_speed=25)
    seen = _collect(service)
    reasons: list[Any] = []
    service.fix_changed.connect(lambda fix: reasons.append(service.reason))
    service.start()
    try:
        # the second loop reads past the damage too, and has fixes after it
        qtbot.waitUntil(
            lambda: service.loops_started >= 2 and service.line_counts.bad_checksum == 1,
            timeout=20_000,
        )
        counts = service.line_counts
        assert counts.not_nmea == 1 and counts.comments == 9
        qtbot.waitUntil(lambda: service.current_fix() is not None, timeout=10_000)
    finally:
        service.stop()
    assert seen["errors"] == []
    readings = seen["fixes"]
    fixes = [fix for fix in readings if fix is not None]
    assert all(55.686 < fix.lat < 55.687 and 37.621 < fix.lng < 37.622 for fix in fixes)
    # in the first loop: fixes past the damaged line, then "no fix" until the loop ends
    first_fix = next(i for i, fix in enumerate(readings) if fix is not None)
    gap = next(i for i, fix in enumerate(readings) if i > first_fix and fix is None)
    assert gap - first_fix >= 8  # every second with a fix but the damaged one
    assert any(round(fix.lat, 6) == 55.686615 for fix in readings[first_fix:gap] if fix)
    assert reasons[gap] == RECEIVER_NO_FIX.message()  # said why, at once


def test_a_serial_receiver_reads_a_real_capture_like_the_file_source(qtbot: Any) -> None:
    """The serial path, for real: a pseudo-terminal stands in for the USB receiver and
    receives the u-blox M9N capture in odd-sized writes; the fixes are the GST-accurate
    ones the file reader gives, and the reader's counts are the same."""
    import os

    from canvass_app.core.nmea import NmeaStreamReader

    data = (CAPTURES / "ublox-neo-m9n-nmea.log").read_bytes()
    expected_reader = NmeaStreamReader()
    expected = [
        reading
        for line in data.decode("ascii").splitlines()
        for reading in expected_reader.feed(line)
    ]
    master, slave = os.openpty()
    try:
        service = PositionService("serial", serial_port=os.ttyname(slave), serial_baud=115200)
        seen = _collect(service)
        service.start()
        try:
            assert seen["errors"] == [], seen["errors"]
            for start in range(0, len(data), 333):
                os.write(master, data[start : start + 333])
                qtbot.wait(5)
            qtbot.waitUntil(lambda: service.line_counts == expected_reader.counts, timeout=10_000)
        finally:
            service.stop()
    finally:
        os.close(master)
        os.close(slave)
    fixes = [fix for fix in seen["fixes"] if fix is not None]
    assert [(f.lat, f.lng, f.accuracy_m) for f in fixes] == [
        (r.lat, r.lng, r.accuracy_m) for r in expected if r.has_fix
    ]
    assert all(fix.source == "serial" for fix in fixes)
    assert fixes[-1].accuracy_m is not None and fixes[-1].accuracy_m < 2  # from GST
