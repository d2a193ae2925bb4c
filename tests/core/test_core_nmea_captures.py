"""The NMEA reader on real receivers' captures (gpsd's regression logs, tests/data/nmea).

Each capture is read line by line as the file source replays it (and as bytes, as the
serial source reads it): comments, vendor sentences, stray text and bad checksums are
skipped and counted, never fatal; the fixes are where gpsd itself puts them (its own
decoding of the same logs, from the .chk files of gpsd 3.22); a receiver's "no fix" is
no position at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pytest

from canvass_app.core import nmea

CAPTURES = Path(__file__).resolve().parents[1] / "data" / "nmea"


@dataclass(frozen=True)
class Expected:
    used: int  # GGA, RMC, GLL, GST sentences
    ignored: int  # GSV, GSA, VTG, ZDA, TXT, GBS…
    comments: int
    proprietary: int
    bad_checksum: int
    not_nmea: int
    fixes: int  # readings with a position
    no_fixes: int  # readings that say "no fix"
    first_fix: tuple[float, float]  # gpsd 3.22's first fix of the capture (its .chk)


# The counts were checked against the files with grep (see tests/data/nmea/README.md).
EXPECTED = {
    # GlobalSat BU-353-S4, SiRF IV, GPS only: GGA+RMC+GSA every second, GSV every 5 s
    "bu353s4.log": Expected(50, 40, 6, 0, 0, 0, 25, 0, (-37.784788333, 175.314896667)),
    # BU-353 GLONASS: $GN/$GP/$GL talkers; 9 s of fix, then it loses the sky for 10 s
    "bu353-glonass.log": Expected(37, 75, 9, 0, 0, 0, 9, 20, (55.686591667, 37.621453333)),
    # u-blox NEO-M9N: GPS, GLONASS, Galileo, BeiDou at once, DGPS, GST (first 12 s)
    "ublox-neo-m9n-nmea.log": Expected(48, 228, 11, 0, 0, 0, 25, 0, (38.110494, -122.626897)),
    # Quectel LC79D: $PGLOR vendor sentences between the standard ones (first 9 s)
    "quectelLC79D.log": Expected(18, 102, 14, 84, 0, 0, 9, 0, (50.040954933, 19.980476733)),
    # MediaTek MT3301 from power-up: no fix (and a clock jump), then its first fixes
    "mtk-3301.log": Expected(22, 22, 17, 15, 0, 0, 4, 14, (52.216368917, 6.885023233)),
    # GPS-320FW cold boot: line noise, NUL bytes, glued and cut sentences, a restart
    "gp-320fw-2019-04-07-coldboot.log": Expected(
        34, 59, 15, 1, 32, 13, 2, 29, (48.149988333, 11.584663333)
    ),
}


def _text(name: str) -> str:
    return (CAPTURES / name).read_bytes().decode("ascii", errors="replace")


def _read(name: str) -> tuple[list[nmea.NmeaReading], nmea.NmeaCounts]:
    reader = nmea.NmeaStreamReader()
    readings = [reading for line in _text(name).splitlines() for reading in reader.feed(line)]
    return readings, reader.counts


def test_the_captures_cover_every_constellation_talker() -> None:
    talkers = {
        line[1:3]
        for name in EXPECTED
        for line in _text(name).splitlines()
        if line.startswith("$") and not line.startswith("$P")
    }
    assert {"GP", "GN", "GL", "GA", "GB", "BD", "QZ"} <= talkers


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_real_capture_reads_whole(name: str) -> None:
    expected = EXPECTED[name]
    readings, counts = _read(name)
    assert (counts.used, counts.ignored, counts.comments, counts.proprietary) == (
        expected.used,
        expected.ignored,
        expected.comments,
        expected.proprietary,
    )
    assert (counts.bad_checksum, counts.not_nmea, counts.blank) == (
        expected.bad_checksum,
        expected.not_nmea,
        0,
    )
    fixes = [reading for reading in readings if reading.has_fix]
    assert len(fixes) == expected.fixes
    assert len(readings) - len(fixes) == expected.no_fixes
    first = fixes[0]
    assert first.lat == pytest.approx(expected.first_fix[0], abs=1e-8)
    assert first.lng == pytest.approx(expected.first_fix[1], abs=1e-8)
    for fix in fixes:  # never 0,0, never off the planet
        assert fix.lat is not None and fix.lng is not None
        assert (fix.lat, fix.lng) != (0, 0) and abs(fix.lat) <= 90 and abs(fix.lng) <= 180
        assert fix.accuracy_m is None or 0 < fix.accuracy_m < 100


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_capture_read_as_serial_bytes_reads_the_same(name: str) -> None:
    """The serial source's path (bytes in chunks of any size) and the file's (lines) are
    one reader: the same readings, the same counts."""
    by_line, line_counts = _read(name)
    data = (CAPTURES / name).read_bytes()
    reader = nmea.NmeaStreamReader()
    by_chunk = []
    for start in range(0, len(data), 61):
        by_chunk += reader.feed_bytes(data[start : start + 61])
    if not data.endswith(b"\n"):
        by_chunk += reader.feed_bytes(b"\n")  # the last line (a receiver sends its end later)
    assert by_chunk == by_line
    assert reader.counts == line_counts


def test_losing_the_sky_ends_the_fix_and_nothing_brings_it_back() -> None:
    """BU-353 GLONASS: fixes, then GGA quality 0 and RMC status V for ten seconds."""
    readings, _counts = _read("bu353-glonass.log")
    first_gap = next(i for i, reading in enumerate(readings) if not reading.has_fix)
    assert all(reading.has_fix for reading in readings[:first_gap])
    assert not any(reading.has_fix for reading in readings[first_gap:])
    # the GGA of that receiver gives HDOP × UERE: HDOP 2.56 → 12.8 m
    assert readings[first_gap - 1].accuracy_m == pytest.approx(4.54 * nmea.HDOP_TO_METERS)


def test_a_cold_start_has_no_fix_until_the_first_one() -> None:
    """MediaTek from power-up: GGA quality 0 (with a made-up position near the pole, and
    later a real-looking one) is no fix; then fixes, HDOP 2.88 × 5 m."""
    readings, _counts = _read("mtk-3301.log")
    first_fix = next(i for i, reading in enumerate(readings) if reading.has_fix)
    assert first_fix == 14 and all(reading.has_fix for reading in readings[first_fix:])
    accuracies = [reading.accuracy_m for reading in readings[first_fix:]]
    assert accuracies == [pytest.approx(2.88 * nmea.HDOP_TO_METERS)] * 4


def test_line_noise_never_becomes_a_position() -> None:
    """GPS-320FW: two good fixes, then a restart in a storm of garbled sentences: every
    garbled one is counted, none gives a position, the "no fix" ones are heard."""
    readings, counts = _read("gp-320fw-2019-04-07-coldboot.log")
    fixes = [reading for reading in readings if reading.has_fix]
    assert len(fixes) == 2 and readings[:2] == fixes
    assert {(round(f.lat or 0, 6), round(f.lng or 0, 6)) for f in fixes} == {(48.149988, 11.584663)}
    assert counts.skipped == 15 + 1 + 32 + 13


def test_gst_is_the_accuracy_when_the_receiver_sends_it() -> None:
    """u-blox M9N sends GST: after the first one, every fix carries its error
    (sqrt(lat_err² + lon_err²), one sigma), not HDOP × 5 m."""
    text = _text("ublox-neo-m9n-nmea.log")
    gst_errors = []
    for line in text.splitlines():
        if "GST," in line:
            fields = nmea.split_sentence(line)
            gst_errors.append(math.hypot(float(fields[6]), float(fields[7])))
    readings, _counts = _read("ublox-neo-m9n-nmea.log")
    accuracies = [reading.accuracy_m for reading in readings]
    # first an RMC before any GGA (no accuracy), then this epoch's GGA (HDOP 0.54 × 5 m),
    # then its GST; from then on the GGA takes the last GST and its own GST follows
    assert accuracies[:3] == [None, pytest.approx(2.7), pytest.approx(gst_errors[0])]
    assert accuracies[3:] == [
        pytest.approx(error)
        for previous, own in zip(gst_errors, gst_errors[1:], strict=False)
        for error in (previous, own)
    ]


def test_a_corrupt_line_in_the_middle_does_not_end_the_capture() -> None:
    lines = _text("bu353s4.log").splitlines()
    middle = next(i for i, line in enumerate(lines) if i > 48 and "GGA," in line)
    lines[middle] = lines[middle].replace("3747.0", "3747.9")  # a bit flipped: bad checksum
    lines.insert(middle + 1, "\x00\x00ATZ\r")  # stray bytes on the line
    reader = nmea.NmeaStreamReader()
    readings = [reading for line in lines for reading in reader.feed(line)]
    assert reader.counts.bad_checksum == 1 and reader.counts.not_nmea == 1
    # that second's GGA is lost (its RMC is not used for the same epoch); all others come
    assert len([reading for reading in readings if reading.has_fix]) == 24
    after = [reading for line in lines[middle + 2 :] for reading in reader.feed(line)]
    assert len(after) >= 10 and all(reading.has_fix for reading in after)


def test_every_capture_can_be_replayed_in_a_bounded_time() -> None:
    """Each line keeps its place; clock jumps (the MediaTek sets its clock from 23:59 to
    08:14) wait no more than MAX_REPLAY_GAP_S."""
    for name in EXPECTED:
        text = _text(name)
        schedule = nmea.replay_schedule(text)
        assert [line for _at, line in schedule] == text.splitlines()
        times = [at for at, _line in schedule]
        assert times == sorted(times) and times[-1] < 60
        assert nmea.check_log(text, name=name) > 0
