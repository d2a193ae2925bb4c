"""NMEA: sentences, the stream reader on made-up lines, and the demo walk log.

The reader on real receivers' captures: test_core_nmea_captures.py.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from canvass_app.core import nmea
from canvass_app.core.geo import distance_miles, miles_to_meters

DEMO_WALK = Path(__file__).resolve().parents[2] / "canvass_app" / "resources" / "demo-walk.nmea"


def test_checksum_matches_a_known_sentence() -> None:
    # The textbook example from the NMEA 0183 references.
    body = "GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"
    assert nmea.checksum(body) == "47"
    assert nmea.is_valid_sentence(f"${body}*47")
    assert not nmea.is_valid_sentence(f"${body}*48")


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("GPGGA,1*00", "starts with"),
        ("$GPGGA,1", "checksum"),
        ("$GPGGA,1*7", "checksum"),
        ("$GPGGA,1*00", "wrong checksum"),
    ],
)
def test_bad_sentences_are_named(line: str, words: str) -> None:
    with pytest.raises(nmea.NmeaError, match=words):
        nmea.split_sentence(line)


def test_gga_round_trip_keeps_position_and_hdop() -> None:
    moment = datetime(2026, 11, 27, 14, 5, 7, 250_000, tzinfo=UTC)
    line = nmea.gga(moment, 42.372512, -71.108733, hdop=2.4, satellites=9)
    fix = nmea.parse_gga(line)
    assert fix.lat is not None and fix.lng is not None
    assert math.isclose(fix.lat, 42.372512, abs_tol=1e-6)
    assert math.isclose(fix.lng, -71.108733, abs_tol=1e-6)
    assert fix.hdop == 2.4 and fix.accuracy_m == pytest.approx(12.0)
    assert fix.time_of_day.isoformat() == "14:05:07.250000"
    no_fix = nmea.parse_gga(nmea.gga(moment, None, None, hdop=None, satellites=2))
    assert no_fix.lat is None and no_fix.quality == 0 and no_fix.accuracy_m is None


def test_rmc_sentences_are_valid_and_void_without_a_fix() -> None:
    moment = datetime(2026, 11, 27, 23, 59, 59, tzinfo=UTC)
    good = nmea.split_sentence(nmea.rmc(moment, -33.5, 151.25, speed_knots=2.5))
    assert good[2] == "A" and good[4] == "S" and good[6] == "E" and good[9] == "271126"
    void = nmea.split_sentence(nmea.rmc(moment, None, None))
    assert void[2] == "V"


def _log(seconds: int) -> str:
    start = datetime(2026, 11, 27, 23, 59, 58, tzinfo=UTC)  # crosses midnight
    lines = []
    for second in range(seconds):
        moment = start + timedelta(seconds=second)
        lines.append(nmea.gga(moment, 42.37, -71.11, hdop=1.0, satellites=8))
        lines.append(nmea.rmc(moment, 42.37, -71.11))
    return "\r\n".join(lines) + "\r\n"


def test_replay_schedule_compresses_time_across_midnight() -> None:
    text = _log(5)
    schedule = nmea.replay_schedule(text)
    assert [at for at, _line in schedule] == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert [line for _at, line in schedule] == text.split()
    faster = nmea.replay_schedule(text, 4.0)
    assert faster[-1][0] == pytest.approx(1.0)
    with pytest.raises(nmea.NmeaError, match="positive"):
        nmea.replay_schedule(text, 0)


def test_the_stream_reader_says_no_fix_at_once() -> None:
    moment = datetime(2026, 11, 27, 14, 0, 0, tzinfo=UTC)
    reader = nmea.NmeaStreamReader()
    [fix] = reader.feed(nmea.gga(moment, 42.37, -71.11, hdop=2.0, satellites=8))
    assert fix.has_fix and fix.accuracy_m == pytest.approx(10.0)
    # the RMC of the same second adds nothing (the GGA carried the accuracy)
    assert reader.feed(nmea.rmc(moment, 42.37, -71.11)) == []
    later = moment + timedelta(seconds=1)
    # GGA quality 0 and RMC status V: "no fix", said as such
    assert reader.feed(nmea.gga(later, None, None, hdop=None, satellites=2)) == [nmea.NO_FIX]
    assert reader.feed(nmea.rmc(later, None, None)) == [nmea.NO_FIX]
    # an RMC alone (no GGA for a while) gives a position with no accuracy (never usable)
    [alone] = reader.feed(nmea.rmc(later + timedelta(seconds=3), 42.37, -71.11))
    assert alone.has_fix and alone.accuracy_m is None
    # a half line (a serial port opened mid-sentence) or another sentence says nothing
    assert reader.feed("8.0,M,-33.9,M,,*5C") == []
    assert reader.feed(nmea.make_sentence("GPGSA,A,3,,,,,,,,,,,,,1.0,1.0,1.0")) == []
    assert reader.counts.not_nmea == 1 and reader.counts.ignored == 1


@pytest.mark.parametrize("talker", ["GP", "GN", "GL", "GA", "GB", "BD", "GQ", "QZ"])
def test_every_constellation_talker_gives_a_fix(talker: str) -> None:
    """GPS, combined, GLONASS, Galileo, BeiDou (both ids) and QZSS (both ids)."""
    moment = datetime(2026, 11, 27, 14, 0, 0, tzinfo=UTC)
    reader = nmea.NmeaStreamReader()
    line = nmea.gga(moment, -33.8688, 151.2093, hdop=1.2, talker=talker, satellites=9)
    [fix] = reader.feed(line)
    assert (round(fix.lat or 0, 4), round(fix.lng or 0, 4)) == (-33.8688, 151.2093)
    assert fix.accuracy_m == pytest.approx(1.2 * nmea.HDOP_TO_METERS)
    assert reader.feed(nmea.rmc(moment, None, None, talker=talker)) == [nmea.NO_FIX]


@pytest.mark.parametrize(
    ("quality", "has_fix"), [(1, True), (2, True), (4, True), (5, True), (6, False), (8, False)]
)
def test_only_measured_fix_qualities_are_positions(quality: int, has_fix: bool) -> None:
    """Dead reckoning (6), a position typed into the receiver (7) and its simulator (8)
    are not where the canvasser stands."""
    body = f"GPGGA,140000.00,4222.2000,N,07106.6000,W,{quality},08,1.0,12.0,M,-33.9,M,,"
    [reading] = nmea.NmeaStreamReader().feed(nmea.make_sentence(body))
    assert reading.has_fix is has_fix


def test_gst_gives_the_receivers_own_accuracy() -> None:
    """GST's latitude and longitude errors (one sigma) win over HDOP × UERE: for this
    epoch (a second reading once the GST comes) and the next one's GGA."""
    reader = nmea.NmeaStreamReader()
    gga = "GNGGA,{t},3806.62964,N,12237.61382,W,1,12,0.54,83.1,M,-29.5,M,,"
    [first] = reader.feed(nmea.make_sentence(gga.format(t="223745.00")))
    assert first.accuracy_m == pytest.approx(0.54 * nmea.HDOP_TO_METERS)
    [refined] = reader.feed(nmea.make_sentence("GNGST,223745.00,2.1,2.5,2.4,126,3.0,4.0,3.1"))
    assert (refined.lat, refined.lng) == (first.lat, first.lng)
    assert refined.accuracy_m == pytest.approx(5.0)  # sqrt(3² + 4²)
    [next_epoch] = reader.feed(nmea.make_sentence(gga.format(t="223746.00")))
    assert next_epoch.accuracy_m == pytest.approx(5.0)
    # a GST without errors (the receiver does not know them yet) changes nothing
    assert reader.feed(nmea.make_sentence("GNGST,223746.00,,,,,,,")) == []
    # and a GGA long after the last GST falls back to the HDOP
    [later] = reader.feed(nmea.make_sentence(gga.format(t="223800.00")))
    assert later.accuracy_m == pytest.approx(0.54 * nmea.HDOP_TO_METERS)


def test_glued_sentences_and_vendor_lines_are_read_and_counted() -> None:
    moment = datetime(2026, 11, 27, 14, 0, 0, tzinfo=UTC)
    good = nmea.gga(moment, 42.37, -71.11, hdop=1.0, satellites=8)
    reader = nmea.NmeaStreamReader()
    # two sentences on one line (no line end between them): both are read
    glued = reader.feed(nmea.make_sentence("GPGSA,A,1,,,,,,,,,,,,,,,") + good)
    assert len(glued) == 1 and glued[0].has_fix
    assert reader.feed("$PMTK010,001*2E") == []  # vendor, with a checksum
    assert reader.feed("$POLYN,TIME,RESTART_OCCURRED") == []  # vendor, without one
    assert reader.feed(good[:-2] + "00") == []  # a bad checksum
    assert reader.feed("# Date: 2024-05-01") == [] and reader.feed("   ") == []
    assert reader.feed("$GPGGA,140001.00,4222.2000,N,07106.6000,W,1") == []  # cut off
    counts = reader.counts
    assert (counts.used, counts.ignored, counts.proprietary) == (1, 1, 2)
    assert (counts.bad_checksum, counts.not_nmea, counts.comments, counts.blank) == (1, 1, 1, 1)
    assert counts.skipped == 6


def test_impossible_coordinates_are_malformed_not_positions() -> None:
    reader = nmea.NmeaStreamReader()
    for lat in ("8960.0000", "4260.5000", "9100.0000"):  # 60 minutes, past the pole
        body = f"GPGGA,140000.00,{lat},N,07106.6000,W,1,08,1.0,12.0,M,-33.9,M,,"
        assert reader.feed(nmea.make_sentence(body)) == []
    assert reader.counts.malformed == 3


def test_bytes_in_any_chunks_read_like_lines() -> None:
    """A serial port hands over bytes as they come: cut anywhere, they read the same."""
    moment = datetime(2026, 11, 27, 14, 0, 0, tzinfo=UTC)
    lines = [
        nmea.gga(moment + timedelta(seconds=i), 42.37 + i / 1e4, -71.11, hdop=1.0, satellites=8)
        for i in range(5)
    ]
    stream = ("garbage\r\n" + "\r\n".join(lines) + "\r\n").encode("ascii")
    by_line = nmea.NmeaStreamReader()
    expected = [reading for line in stream.decode().splitlines() for reading in by_line.feed(line)]
    for size in (1, 7, 64):
        by_chunk = nmea.NmeaStreamReader()
        got = []
        for start in range(0, len(stream), size):
            got += by_chunk.feed_bytes(stream[start : start + size])
        assert got == expected and by_chunk.counts == by_line.counts
    # a receiver stuck in binary mode (no line ends) cannot fill memory
    binary = nmea.NmeaStreamReader()
    assert binary.feed_bytes(b"\xb5b" * nmea.MAX_LINE_CHARS) == []
    assert binary.counts.not_nmea == 1


def test_check_log_refuses_a_file_without_sentences() -> None:
    with pytest.raises(nmea.NmeaError, match="nothing to replay"):
        nmea.check_log("hello world\n", name="notes.txt")
    with pytest.raises(nmea.NmeaError, match="nothing to replay"):
        nmea.check_log(nmea.make_sentence("GPGSA,A,3,,,,,,,,,,,,,1.0,1.0,1.0") + "\n")
    assert nmea.check_log(_log(3)) == 6
    # comments and garbage around the sentences do not matter
    assert nmea.check_log("# a gpsd capture\nnoise\n" + _log(3) + "$GPGGA,12*00\n") == 6


def test_replay_waits_no_more_than_a_few_seconds_for_a_clock_jump() -> None:
    start = datetime(2026, 11, 27, 0, 0, 0, tzinfo=UTC)
    before = nmea.gga(start, 42.37, -71.11, hdop=1.0, satellites=8)
    jumped = nmea.gga(start + timedelta(hours=8), 42.37, -71.11, hdop=1.0, satellites=8)
    back = nmea.gga(start + timedelta(hours=8, seconds=-1), 42.37, -71.11, hdop=1.0, satellites=8)
    schedule = nmea.replay_schedule("\n".join([before, "noise", jumped, back]))
    gap = nmea.MAX_REPLAY_GAP_S
    assert [at for at, _line in schedule] == [0.0, 0.0, gap, gap]


def test_demo_walk_is_a_valid_walk_through_the_demo_turf() -> None:
    from canvass_app.server.seed import demo_documents

    lines = DEMO_WALK.read_text(encoding="ascii").splitlines()
    assert all(nmea.is_valid_sentence(line) for line in lines)
    types = [nmea.sentence_type(nmea.split_sentence(line)) for line in lines]
    assert types.count("GGA") == types.count("RMC") > 300
    fixes = nmea.read_gga_fixes(DEMO_WALK)
    # One second apart.
    seconds = [
        f.time_of_day.hour * 3600 + f.time_of_day.minute * 60 + f.time_of_day.second for f in fixes
    ]
    assert all(b - a == 1 for a, b in zip(seconds, seconds[1:], strict=False))
    # A few seconds with no fix, in the middle, never written as 0,0.
    gap = [i for i, f in enumerate(fixes) if f.lat is None]
    assert 3 <= len(gap) <= 15
    assert len(fixes) * 0.25 < gap[0] < len(fixes) * 0.75
    # HDOP gives roughly 5–15 m.
    accuracies = [f.accuracy_m for f in fixes if f.lat is not None]
    assert all(a is not None and 5.0 <= a <= 15.0 for a in accuracies)
    # It knocks the walklist's doors in the door screen's walk order (the first three
    # streets), starting at the list's first door, and stays in Mid-Cambridge.
    positions = [(f.lat, f.lng) for f in fixes if f.lat is not None and f.lng is not None]
    assert all(42.36 < lat < 42.38 and -71.12 < lng < -71.10 for lat, lng in positions)
    import importlib.util

    script = Path(__file__).resolve().parents[2] / "tools" / "make_demo_walk.py"
    spec = importlib.util.spec_from_file_location("make_demo_walk", script)
    assert spec is not None and spec.loader is not None
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    walked = [door for door, _units in maker.demo_walk_doors()]
    assert len(walked) >= 15
    streets = {a["data"]["streetName"] for a in demo_documents()["addresses"]}
    assert len(streets) == 6
    for door in walked:
        nearest = min(miles_to_meters(distance_miles(*door, *p)) for p in positions)
        assert nearest < 15.0, f"the walk never comes within 15 m of the door at {door}"
    # the first minute is spent at the first door: a newcomer's first visit is graded there
    first = walked[0]
    assert all(miles_to_meters(distance_miles(*first, *p)) < 30.0 for p in positions[:55])
