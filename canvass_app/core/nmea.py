"""NMEA 0183: checksums, sentences, reading a receiver's stream, timing a replay.

It builds and checks sentences (for the demo walk and the tests), reads a stream of them
for the position service (``NmeaStreamReader``: a fix, or an explicit "no fix"), and
times a log's lines for a replay that may run faster than real time (``replay_schedule``).

A live receiver and a recorded log are read by the same ``NmeaStreamReader``, and both
are what real devices produce: logs start with ``#`` comments (every gpsd capture does), a
serial line opens mid-sentence, receivers add vendor sentences (``$P…``), glue two
sentences together or garble one. Such lines are skipped and counted
(``NmeaStreamReader.counts``), never fatal. Sentences of any talker are read (``$GP``
GPS, ``$GN`` combined, ``$GL`` GLONASS, ``$GA`` Galileo, ``$GB``/``$BD`` BeiDou, ``$GQ``/``$QZ``
QZSS): a position comes from GGA, or from RMC/GLL when the receiver sends no GGA; "no fix"
from GGA quality 0, RMC or GLL status V; the accuracy from GST when the receiver sends it,
else from the HDOP (``HDOP_TO_METERS``).

Pure Python: usable from scripts, the Qt position service and headless tests.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path

# GPS receivers report horizontal dilution of precision (HDOP), not metres. Accuracy in
# metres is HDOP times the user equivalent range error (UERE): the receiver's ranging error
# to one satellite. The usual one-sigma budget of a single-frequency consumer receiver is
# about 5 m (ionosphere ~4 m, satellite clock and orbit ~2 m, multipath ~1 m, troposphere
# and receiver noise under 1 m, summed in quadrature), so HDOP 1.0-3.0 reads as 5-15 m:
# a radius that holds the true position about two times in three. A receiver that sends
# GST (pseudorange error statistics) says its own one-sigma errors, which win.
HDOP_TO_METERS = 5.0

_TIMED_SENTENCES = ("GGA", "RMC")
# GGA fix qualities that are not a position measured from satellites: 0 no fix,
# 6 estimated (dead reckoning), 7 typed in at the receiver, 8 simulator.
_NOT_MEASURED = (0, 6, 7, 8)
# Sentences of one receiver's epoch (GGA, RMC, GLL, GST) are at most this far apart.
_SAME_EPOCH_S = 2.0
# A line longer than this is not NMEA (the standard's limit is 82 characters; vendor
# sentences run longer): a receiver sending binary without line ends cannot fill memory.
MAX_LINE_CHARS = 4096


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
    """Degrees from ``ddmm.mmmm`` (``dddmm.mmmm`` for a longitude); ValueError when it is
    not one (minutes of 60 or more, a hemisphere that is not N/S or E/W, past the pole)."""
    degrees = int(value[:degree_digits])
    minutes = float(value[degree_digits:])
    limit = 90 if degree_digits == 2 else 180
    hemispheres = ("N", "S") if degree_digits == 2 else ("E", "W")
    if hemisphere not in hemispheres or not 0 <= minutes < 60 or degrees < 0:
        raise ValueError(f"{value},{hemisphere} is not a coordinate")
    result = degrees + minutes / 60
    if result > limit:
        raise ValueError(f"{value},{hemisphere} is past {limit} degrees")
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


def _time_seconds(value: str) -> float | None:
    """Seconds of the day of an ``hhmmss[.ss]`` field; None when it is empty or garbled."""
    try:
        return _seconds_of_day(_parse_time(value))
    except (NmeaError, ValueError):
        return None


def _seconds_apart(a: float, b: float) -> float:
    """How far apart two times of day are, across midnight too."""
    gap = abs(a - b) % 86_400
    return min(gap, 86_400 - gap)


def parse_gga(line: str) -> NmeaFix:
    """Read one GGA sentence (checksum checked)."""
    fields = split_sentence(line)
    if sentence_type(fields) != "GGA" or len(fields) < 9:
        raise NmeaError(f"not a GGA sentence: {line.strip()[:40]!r}")
    return _gga_from_fields(fields)


def _gga_from_fields(fields: list[str]) -> NmeaFix:
    quality = int(fields[6] or 0)
    has_fix = quality not in _NOT_MEASURED and bool(fields[2]) and bool(fields[4])
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


def _seconds_of_day(moment: time) -> float:
    return moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6


def _timed_seconds(line: str) -> float | None:
    """The time of a well-formed GGA or RMC line (what paces a replay), else None."""
    try:
        fields = split_sentence(line)
    except NmeaError:
        return None
    if sentence_type(fields) not in _TIMED_SENTENCES or len(fields) < 2:
        return None
    return _time_seconds(fields[1])


def check_log(text: str, *, name: str = "the NMEA log") -> int:
    """Count the timed sentences (GGA, RMC with a time) of a log; raise NmeaError when
    there are none (a file picked by mistake). Other lines do not matter here: the reader
    skips and counts them."""
    timed = sum(1 for line in text.splitlines() if _timed_seconds(line) is not None)
    if timed == 0:
        raise NmeaError(f"{name} has no GGA or RMC sentences with a time: nothing to replay")
    return timed


# --- reading a live or replayed stream ------------------------------------------------------


@dataclass(frozen=True)
class NmeaReading:
    """What one sentence says about the position: a fix, or an explicit "no fix".

    ``lat``/``lng`` are None when the receiver says it has no fix (GGA quality 0, RMC or
    GLL status V); ``accuracy_m`` is None when nothing gave one (RMC and GLL carry no HDOP).
    """

    lat: float | None
    lng: float | None
    accuracy_m: float | None

    @property
    def has_fix(self) -> bool:
        return self.lat is not None and self.lng is not None


NO_FIX = NmeaReading(None, None, None)


@dataclass
class NmeaCounts:
    """What a reader was given, piece by piece (a line may hold two sentences)."""

    used: int = 0  # sentences that said something about the position (GGA, RMC, GLL, GST)
    ignored: int = 0  # well-formed sentences with nothing to say about it (GSV, GSA, VTG…)
    comments: int = 0  # ``#`` lines: the header of a gpsd capture
    blank: int = 0
    proprietary: int = 0  # ``$P…`` vendor sentences
    bad_checksum: int = 0
    not_nmea: int = 0  # stray text, cut-off or run-together sentences, no checksum
    malformed: int = 0  # right checksum, fields that cannot be read

    @property
    def skipped(self) -> int:
        """Everything that was not a well-formed standard sentence."""
        return (
            self.comments
            + self.blank
            + self.proprietary
            + self.bad_checksum
            + self.not_nmea
            + self.malformed
        )

    def __str__(self) -> str:
        parts = [f"{self.used} sentences used", f"{self.ignored} other sentences"]
        parts += [
            f"{value} {name.replace('_', ' ')}"
            for name, value in (
                ("comments", self.comments),
                ("blank", self.blank),
                ("proprietary", self.proprietary),
                ("bad_checksum", self.bad_checksum),
                ("not_nmea", self.not_nmea),
                ("malformed", self.malformed),
            )
            if value
        ]
        return ", ".join(parts)


@dataclass
class _Epoch:
    """What the reader remembers of the receiver's latest sentences."""

    gga_seconds: float | None = None  # the time of the latest GGA (any quality)
    fix_seconds: float | None = None  # the time of the latest GGA with a fix, and the fix
    fix: NmeaReading = field(default_factory=lambda: NO_FIX)
    gst_seconds: float | None = None  # the time and horizontal error of the latest GST
    gst_accuracy_m: float | None = None


class NmeaStreamReader:
    """Reads a stream of sentences (a receiver, or a replayed log) into readings.

    Qt's own NMEA source drops "no fix" sentences without a word, so the last position
    would stay on screen (and go into visits) after the receiver lost the sky. This reader
    says so at once. Positions come from GGA (it carries the HDOP); an RMC or GLL position
    counts only when no GGA came within the same epoch. The accuracy is the receiver's own
    from GST (``sqrt(lat_error² + lon_error²)``, one sigma) when it sends GST, from this
    epoch or the one before; otherwise HDOP × ``HDOP_TO_METERS``. A GST after its epoch's
    GGA refines that fix's accuracy (one more reading).

    Everything else is skipped and counted in ``counts``: comments, blank lines, stray
    text, bad checksums, vendor sentences, sentences of other types.
    """

    def __init__(self) -> None:
        self.counts = NmeaCounts()
        self._epoch = _Epoch()
        self._pending = b""

    def feed_bytes(self, data: bytes) -> list[NmeaReading]:
        """Readings from a chunk of a byte stream (a serial port): whole lines are read,
        the rest waits for the next chunk; a line past ``MAX_LINE_CHARS`` is dropped."""
        self._pending += data
        *lines, self._pending = self._pending.split(b"\n")
        if len(self._pending) > MAX_LINE_CHARS:
            self._pending = b""
            self.counts.not_nmea += 1
        readings: list[NmeaReading] = []
        for raw in lines:
            readings += self.feed(raw.decode("ascii", errors="replace"))
        return readings

    def feed(self, line: str) -> list[NmeaReading]:
        """The readings one line gives (none when it says nothing about the position)."""
        text = line.strip()
        if not text:
            self.counts.blank += 1
            return []
        if text.startswith("#"):
            self.counts.comments += 1
            return []
        if len(text) > MAX_LINE_CHARS:
            self.counts.not_nmea += 1
            return []
        # Each "$" starts a sentence (gpsd's rule too): a receiver may glue two together.
        stray, *pieces = text.split("$")
        if stray.strip():
            self.counts.not_nmea += 1
        readings = []
        for piece in pieces:
            reading = self._read_sentence("$" + piece.strip())
            if reading is not None:
                readings.append(reading)
        return readings

    def _read_sentence(self, text: str) -> NmeaReading | None:
        try:
            fields = split_sentence(text)
        except NmeaError:
            _body, star, given = text[1:].partition("*")
            if text.startswith("$P") and not star:
                self.counts.proprietary += 1  # vendor sentences often go without a checksum
            elif star and len(given) == 2:
                self.counts.bad_checksum += 1
            else:
                self.counts.not_nmea += 1
            return None
        if fields[0].startswith("P"):
            self.counts.proprietary += 1
            return None
        kind = sentence_type(fields)
        read = {"GGA": self._gga, "RMC": self._rmc, "GLL": self._gll, "GST": self._gst}.get(kind)
        if read is None:
            self.counts.ignored += 1
            return None
        try:
            reading = read(fields)
        except (NmeaError, ValueError, IndexError):
            self.counts.malformed += 1
            return None
        self.counts.used += 1
        return reading

    def _gga(self, fields: list[str]) -> NmeaReading:
        fix = _gga_from_fields(fields)
        seconds = _seconds_of_day(fix.time_of_day)
        epoch = self._epoch
        epoch.gga_seconds = seconds
        if fix.lat is None or fix.lng is None:
            epoch.fix = NO_FIX
            return NO_FIX
        accuracy = fix.accuracy_m
        if epoch.gst_seconds is not None and (
            _seconds_apart(seconds, epoch.gst_seconds) <= _SAME_EPOCH_S
        ):
            accuracy = epoch.gst_accuracy_m
        epoch.fix_seconds = seconds
        epoch.fix = NmeaReading(fix.lat, fix.lng, accuracy)
        return epoch.fix

    def _rmc(self, fields: list[str]) -> NmeaReading | None:
        # $xxRMC,time,status,lat,N,lon,E,speed,course,date,magvar,E[,mode[,nav status]]
        mode = fields[12] if len(fields) > 12 else ""
        return self._status_position(fields[1], fields[2], fields[3:7], void=mode == "N")

    def _gll(self, fields: list[str]) -> NmeaReading | None:
        # $xxGLL,lat,N,lon,E,time,status[,mode]
        mode = fields[7] if len(fields) > 7 else ""
        return self._status_position(fields[5], fields[6], fields[1:5], void=mode == "N")

    def _status_position(
        self, when: str, status: str, position: list[str], *, void: bool
    ) -> NmeaReading | None:
        if status == "V" or void:
            self._epoch.fix = NO_FIX
            return NO_FIX  # the receiver says it has no fix
        if status != "A":
            raise NmeaError(f"unknown status {status!r}")
        seconds = _time_seconds(when)
        gga = self._epoch.gga_seconds
        if (
            seconds is not None
            and gga is not None
            and _seconds_apart(seconds, gga) <= _SAME_EPOCH_S
        ):
            return None  # this epoch's GGA speaks for it (with its accuracy)
        lat = _parse_coordinate(position[0], position[1], 2)
        lng = _parse_coordinate(position[2], position[3], 3)
        return NmeaReading(lat, lng, None)

    def _gst(self, fields: list[str]) -> NmeaReading | None:
        # $xxGST,time,rms,major,minor,orientation,lat error,lon error,alt error (metres, 1σ)
        seconds = _time_seconds(fields[1])
        if seconds is None or not fields[6] or not fields[7]:
            return None  # a GST without errors: the receiver does not know them yet
        lat_error, lng_error = float(fields[6]), float(fields[7])
        if not (math.isfinite(lat_error) and math.isfinite(lng_error)):
            raise ValueError("GST errors are not numbers")
        epoch = self._epoch
        epoch.gst_seconds = seconds
        epoch.gst_accuracy_m = math.hypot(lat_error, lng_error)
        if epoch.fix.has_fix and epoch.fix_seconds == seconds:
            epoch.fix = NmeaReading(epoch.fix.lat, epoch.fix.lng, epoch.gst_accuracy_m)
            return epoch.fix  # this epoch's fix, with the receiver's own accuracy
        return None


# A replayed log waits for the time between its sentences, but not longer than this: a
# receiver's clock that jumps on a cold start (or a log glued from two days) would
# otherwise stall the replay for hours.
MAX_REPLAY_GAP_S = 10.0


def replay_schedule(text: str, speed: float = 1.0) -> list[tuple[float, str]]:
    """(seconds from the start of the replay, line) for every line of a log.

    A line keeps the time of the last timed sentence (a well-formed GGA or RMC) before it;
    times are divided by ``speed``; a wrap past midnight is unwrapped, a jump back is no
    wait and a jump ahead waits at most ``MAX_REPLAY_GAP_S``. Every line is kept, garbage
    too: the reader skips and counts it, as it would from a receiver.
    """
    if not math.isfinite(speed) or speed <= 0:
        raise NmeaError(f"the replay speed must be a positive number, not {speed!r}")
    schedule: list[tuple[float, str]] = []
    previous: float | None = None
    at = 0.0
    for line in text.splitlines():
        seconds = _timed_seconds(line)
        if seconds is not None:
            if previous is not None:
                step = seconds - previous
                if step < -43_200:  # past midnight
                    step += 86_400
                at += min(max(step, 0.0), MAX_REPLAY_GAP_S) / speed
            previous = seconds
        schedule.append((at, line))
    return schedule
