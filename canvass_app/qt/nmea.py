"""NMEA 0183 helpers: checksums, GGA/RMC sentences, reading a stream, timing a replay.

It builds and checks sentences (for the demo walk and the tests), reads a stream of them
for the position service (``NmeaStreamReader``: a fix, or an explicit "no fix"), and
times a log's lines for a replay that may run faster than real time (``replay_schedule``).

Pure Python, no Qt: usable from scripts and tests.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

# GPS receivers report horizontal dilution of precision (HDOP), not metres. Accuracy in
# metres is HDOP times the user equivalent range error (UERE) of the receiver; about 5 m
# is the usual figure for a consumer receiver with a clear sky (it is what Qt's docs and
# gpsd use as a default range). So HDOP 1.0–3.0 reads as 5–15 m.
HDOP_TO_METERS = 5.0

_TIMED_SENTENCES = ("GGA", "RMC")


class NmeaError(ValueError):
    """A line that is not a well-formed NMEA sentence; the message says what is wrong."""


def checksum(body: str) -> str:
    """The two hex digits of the XOR of every character between ``$`` and ``*``."""
    value = 0
    for char in body:
        value ^= ord(char)
    return f"{value:02X}"


def make_sentence(body: str) -> str:
    """``$<body>*<checksum>`` (without a line ending)."""
    if body.startswith("$") or "*" in body:
        raise NmeaError(f"the sentence body must not contain '$' or '*': {body!r}")
    return f"${body}*{checksum(body)}"


def split_sentence(line: str) -> list[str]:
    """The comma-separated fields of a sentence whose checksum is right.

    Raises NmeaError naming the problem (no ``$``, no checksum, wrong checksum).
    """
    text = line.strip()
    if not text.startswith("$"):
        raise NmeaError(f"an NMEA sentence starts with '$': {text[:40]!r}")
    body, star, given = text[1:].partition("*")
    if not star or len(given) != 2:
        raise NmeaError(f"the sentence has no two-digit checksum after '*': {text[:40]!r}")
    expected = checksum(body)
    if given.upper() != expected:
        raise NmeaError(f"wrong checksum {given} (expected {expected}) in {text[:40]!r}")
    return body.split(",")


def is_valid_sentence(line: str) -> bool:
    try:
        split_sentence(line)
    except NmeaError:
        return False
    return True


def sentence_type(fields: list[str]) -> str:
    """The three-letter type of a sentence (``GGA`` from ``GPGGA`` or ``GNGGA``)."""
    return fields[0][-3:] if fields and len(fields[0]) >= 5 else ""


def _format_time(moment: time | datetime) -> str:
    centis = moment.microsecond // 10_000
    return f"{moment.hour:02d}{moment.minute:02d}{moment.second:02d}.{centis:02d}"


def _format_lat(lat: float) -> tuple[str, str]:
    hemisphere = "N" if lat >= 0 else "S"
    value = abs(lat)
    degrees = int(value)
    minutes = (value - degrees) * 60
    return f"{degrees:02d}{minutes:07.4f}", hemisphere


def _format_lng(lng: float) -> tuple[str, str]:
    hemisphere = "E" if lng >= 0 else "W"
    value = abs(lng)
    degrees = int(value)
    minutes = (value - degrees) * 60
    return f"{degrees:03d}{minutes:07.4f}", hemisphere


def gga(
    moment: datetime,
    lat: float | None,
    lng: float | None,
    *,
    hdop: float | None,
    satellites: int,
    altitude_m: float = 12.0,
    talker: str = "GP",
) -> str:
    """A GGA sentence; ``lat=None`` writes a "no fix" sentence (quality 0, empty position)."""
    stamp = _format_time(moment)
    if lat is None or lng is None:
        body = f"{talker}GGA,{stamp},,,,,0,{satellites:02d},,,M,,M,,"
    else:
        lat_text, ns = _format_lat(lat)
        lng_text, ew = _format_lng(lng)
        hdop_text = f"{hdop:.1f}" if hdop is not None else ""
        body = (
            f"{talker}GGA,{stamp},{lat_text},{ns},{lng_text},{ew},1,{satellites:02d},"
            f"{hdop_text},{altitude_m:.1f},M,-33.9,M,,"
        )
    return make_sentence(body)


def rmc(
    moment: datetime,
    lat: float | None,
    lng: float | None,
    *,
    speed_knots: float = 0.0,
    course_deg: float = 0.0,
    talker: str = "GP",
) -> str:
    """An RMC sentence; ``lat=None`` writes status V (void: no fix)."""
    stamp = _format_time(moment)
    day = f"{moment.day:02d}{moment.month:02d}{moment.year % 100:02d}"
    if lat is None or lng is None:
        body = f"{talker}RMC,{stamp},V,,,,,,,{day},,,N"
    else:
        lat_text, ns = _format_lat(lat)
        lng_text, ew = _format_lng(lng)
        body = (
            f"{talker}RMC,{stamp},A,{lat_text},{ns},{lng_text},{ew},"
            f"{speed_knots:.2f},{course_deg:.1f},{day},,,A"
        )
    return make_sentence(body)


@dataclass(frozen=True)
class NmeaFix:
    """One GGA sentence as read back: position (None when no fix), HDOP, time of day."""

    time_of_day: time
    lat: float | None
    lng: float | None
    quality: int
    satellites: int
    hdop: float | None

    @property
    def accuracy_m(self) -> float | None:
        """Accuracy in metres estimated from the HDOP (see ``HDOP_TO_METERS``)."""
        return None if self.hdop is None else self.hdop * HDOP_TO_METERS


def _parse_coordinate(value: str, hemisphere: str, degree_digits: int) -> float:
    degrees = int(value[:degree_digits])
    minutes = float(value[degree_digits:])
    result = degrees + minutes / 60
    return -result if hemisphere in ("S", "W") else result


def _parse_time(value: str) -> time:
    if len(value) < 6 or not value[:6].isdigit():
        raise NmeaError(f"the time {value!r} is not hhmmss[.ss]")
    fraction = float(value[6:]) if len(value) > 6 else 0.0
    return time(
        int(value[0:2]),
        int(value[2:4]),
        int(value[4:6]),
        min(999_999, int(round(fraction * 1_000_000))),
    )


def parse_gga(line: str) -> NmeaFix:
    """Read one GGA sentence (checksum checked)."""
    fields = split_sentence(line)
    if sentence_type(fields) != "GGA" or len(fields) < 9:
        raise NmeaError(f"not a GGA sentence: {line.strip()[:40]!r}")
    quality = int(fields[6] or 0)
    has_fix = quality > 0 and bool(fields[2]) and bool(fields[4])
    return NmeaFix(
        time_of_day=_parse_time(fields[1]),
        lat=_parse_coordinate(fields[2], fields[3], 2) if has_fix else None,
        lng=_parse_coordinate(fields[4], fields[5], 3) if has_fix else None,
        quality=quality,
        satellites=int(fields[7] or 0),
        hdop=float(fields[8]) if fields[8] else None,
    )


def read_gga_fixes(path: Path) -> list[NmeaFix]:
    """Every GGA sentence of a log file, in order; other sentences are skipped."""
    fixes = []
    for number, line in enumerate(path.read_text(encoding="ascii").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            fields = split_sentence(line)
        except NmeaError as error:
            raise NmeaError(f"{path.name} line {number}: {error}") from None
        if sentence_type(fields) == "GGA":
            fixes.append(parse_gga(line))
    return fixes


def check_log(text: str, *, name: str = "the NMEA log") -> int:
    """Count the timed sentences (GGA, RMC) of a log; raise NmeaError if there are none
    or a line is not NMEA at all (a wrong file picked by mistake)."""
    timed = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            fields = split_sentence(line)
        except NmeaError as error:
            raise NmeaError(f"{name} line {number}: {error}") from None
        if sentence_type(fields) in _TIMED_SENTENCES and fields[1]:
            timed += 1
    if timed == 0:
        raise NmeaError(f"{name} has no GGA or RMC sentences with a time: nothing to replay")
    return timed


def _seconds_of_day(moment: time) -> float:
    return moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6


# --- reading a live or replayed stream ------------------------------------------------------


@dataclass(frozen=True)
class NmeaReading:
    """What one sentence says about the position: a fix, or an explicit "no fix".

    ``lat``/``lng`` are None when the receiver says it has no fix (GGA quality 0, RMC
    status V); ``accuracy_m`` is None when the sentence gives no HDOP (RMC never does).
    """

    lat: float | None
    lng: float | None
    accuracy_m: float | None

    @property
    def has_fix(self) -> bool:
        return self.lat is not None and self.lng is not None


class NmeaStreamReader:
    """Reads a stream of sentences one line at a time (a receiver or a replayed log).

    Qt's own NMEA source drops "no fix" sentences without a word, so the last position
    would stay on screen (and go into visits) after the receiver lost the sky. This
    reader says so at once. Positions come from GGA (it carries the HDOP, hence the
    accuracy); an RMC with a position only counts when no GGA came in the same second.
    Lines that are not well-formed sentences are skipped (a serial line starts mid-way).
    """

    def __init__(self) -> None:
        self._last_gga_time = ""

    def feed(self, line: str) -> NmeaReading | None:
        """The reading one line gives, or None when it says nothing about the position."""
        try:
            fields = split_sentence(line)
        except NmeaError:
            return None
        kind = sentence_type(fields)
        if kind == "GGA" and len(fields) >= 9:
            self._last_gga_time = fields[1]
            try:
                fix = parse_gga(line)
            except (NmeaError, ValueError):
                return None
            if fix.lat is None or fix.lng is None:
                return NmeaReading(None, None, None)
            return NmeaReading(fix.lat, fix.lng, fix.accuracy_m)
        if kind == "RMC" and len(fields) >= 7:
            if fields[2] == "V":
                return NmeaReading(None, None, None)
            if fields[2] != "A" or fields[1] == self._last_gga_time or not fields[3]:
                return None
            try:
                lat = _parse_coordinate(fields[3], fields[4], 2)
                lng = _parse_coordinate(fields[5], fields[6], 3)
            except (ValueError, IndexError):
                return None
            return NmeaReading(lat, lng, None)
        return None


def replay_schedule(text: str, speed: float = 1.0) -> list[tuple[float, str]]:
    """(seconds from the start of the replay, line) for every line of a log.

    A line keeps the time of the last timed sentence (GGA, RMC) before it; times are
    divided by ``speed``; a wrap past midnight is unwrapped.
    """
    if not math.isfinite(speed) or speed <= 0:
        raise NmeaError(f"the replay speed must be a positive number, not {speed!r}")
    schedule: list[tuple[float, str]] = []
    start: float | None = None
    previous = 0.0
    day_offset = 0.0
    at = 0.0
    for line in text.splitlines():
        if not line.strip():
            continue
        fields = split_sentence(line)
        if sentence_type(fields) in _TIMED_SENTENCES and fields[1]:
            seconds = _seconds_of_day(_parse_time(fields[1])) + day_offset
            if start is None:
                start = seconds
            elif seconds < previous - 43_200:  # past midnight
                day_offset += 86_400
                seconds += 86_400
            previous = seconds
            at = (seconds - start) / speed
        schedule.append((at, line.strip()))
    return schedule
