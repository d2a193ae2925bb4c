"""NMEA helpers and the demo walk log."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from canvass_app.core.geo import distance_miles, miles_to_meters
from canvass_app.qt import nmea

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
    fix = reader.feed(nmea.gga(moment, 42.37, -71.11, hdop=2.0, satellites=8))
    assert fix is not None and fix.has_fix and fix.accuracy_m == pytest.approx(10.0)
    # the RMC of the same second adds nothing (the GGA carried the accuracy)
    assert reader.feed(nmea.rmc(moment, 42.37, -71.11)) is None
    later = moment + timedelta(seconds=1)
    # GGA quality 0 and RMC status V: "no fix", said as such
    no_fix = reader.feed(nmea.gga(later, None, None, hdop=None, satellites=2))
    assert no_fix is not None and not no_fix.has_fix
    void = reader.feed(nmea.rmc(later, None, None))
    assert void is not None and not void.has_fix
    # an RMC alone gives a position with no accuracy (never usable for a visit)
    alone = reader.feed(nmea.rmc(later + timedelta(seconds=1), 42.37, -71.11))
    assert alone is not None and alone.has_fix and alone.accuracy_m is None
    # a half line (a serial port opened mid-sentence) or another sentence says nothing
    assert reader.feed("8.0,M,-33.9,M,,*5C") is None
    assert reader.feed(nmea.make_sentence("GPGSA,A,3,,,,,,,,,,,,,1.0,1.0,1.0")) is None


def test_check_log_refuses_a_file_without_sentences() -> None:
    with pytest.raises(nmea.NmeaError, match="line 1"):
        nmea.check_log("hello world\n", name="notes.txt")
    with pytest.raises(nmea.NmeaError, match="nothing to replay"):
        nmea.check_log(nmea.make_sentence("GPGSA,A,3,,,,,,,,,,,,,1.0,1.0,1.0") + "\n")
    assert nmea.check_log(_log(3)) == 6


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
