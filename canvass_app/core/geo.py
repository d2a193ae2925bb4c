"""Distances in miles, position fixes, and the GPS grade shown before a visit is saved.

The interaction's ``distance`` is in miles (the interactions page); accuracy is in
metres (what positioning sources report). An honest "no fix" is recorded as no
location at all, never as 0,0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message

EARTH_RADIUS_MILES = 3958.7613
METERS_PER_MILE = 1609.344

# A fix stamped slightly in the future is clock jitter between sources, not an error.
_FUTURE_TOLERANCE = timedelta(seconds=5)
# The oldest fix that may go with a visit: at a walking pace, a minute is ~80 m.
MAX_FIX_AGE_S = 60.0
MAX_ACCURACY_M = 100.0

# Why a fix does not go with a visit (the door screen shows it; context "Location").
FIX_UNKNOWN_ACCURACY = QT_TRANSLATE_NOOP(
    "Location", "Not used: the fix does not say how accurate it is."
)
FIX_TOO_VAGUE = QT_TRANSLATE_NOOP(
    "Location", "Not used: the fix is ±{accuracy} m, worse than the {limit} m allowed."
)
FIX_TOO_OLD = QT_TRANSLATE_NOOP(
    "Location", "Not used: the last fix is {age} s old (a fix is used for {limit} s)."
)
FIX_FROM_THE_FUTURE = QT_TRANSLATE_NOOP(
    "Location", "Not used: the fix is stamped ahead of this computer's clock."
)
FIX_NOT_A_PLACE = QT_TRANSLATE_NOOP("Location", "Not used: the fix is not a real position.")


def distance_miles(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance (haversine) between two points, in miles."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = math.radians(lat2 - lat1)
    dlmb = math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    # min() guards against a rounding overshoot above 1 for antipodal points.
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


def miles_to_meters(miles: float) -> float:
    return miles * METERS_PER_MILE


def meters_to_miles(meters: float) -> float:
    return meters / METERS_PER_MILE


@dataclass(frozen=True)
class Fix:
    """One position reading: where, how sure (metres), when, and from which source."""

    lat: float
    lng: float
    accuracy_m: float | None
    timestamp: datetime
    source: str


class GpsGrade(StrEnum):
    """How far the canvasser stood from the door: shown by word, shape and colour."""

    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"
    NONE = "none"

    @property
    def word(self) -> str:
        return _GRADE_WORDS[self]

    @property
    def shape(self) -> str:
        return _GRADE_SHAPES[self]

    @property
    def color(self) -> str:
        return _GRADE_COLORS[self]


_GRADE_WORDS = {
    GpsGrade.GOOD: "Under 100 m",
    GpsGrade.FAIR: "100–300 m",
    GpsGrade.POOR: "Over 300 m",
    GpsGrade.NONE: "No GPS captured",
}
_GRADE_SHAPES = {
    GpsGrade.GOOD: "●",
    GpsGrade.FAIR: "▲",
    GpsGrade.POOR: "■",
    GpsGrade.NONE: "○",
}
# Okabe–Ito colours: told apart by colour-blind readers too (and shapes differ anyway).
_GRADE_COLORS = {
    GpsGrade.GOOD: "#009E73",
    GpsGrade.FAIR: "#E69F00",
    GpsGrade.POOR: "#D55E00",
    GpsGrade.NONE: "#7F7F7F",
}

GOOD_LIMIT_M = 100.0
FAIR_LIMIT_M = 300.0


def grade_distance(meters: float | None) -> GpsGrade:
    """Under 100 m good, 100–300 m fair, over 300 m poor, no distance → NONE."""
    if meters is None or not math.isfinite(meters):
        return GpsGrade.NONE
    if meters < GOOD_LIMIT_M:
        return GpsGrade.GOOD
    if meters <= FAIR_LIMIT_M:
        return GpsGrade.FAIR
    return GpsGrade.POOR


def _valid_coordinates(lat: float, lng: float) -> bool:
    if isinstance(lat, bool) or isinstance(lng, bool):
        return False
    if not (math.isfinite(lat) and math.isfinite(lng)):
        return False
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return False
    # 0,0 is what broken sources report for "no fix".
    return not (lat == 0 and lng == 0)


def fix_problem(
    fix: Fix,
    now: datetime,
    max_age_s: float = MAX_FIX_AGE_S,
    max_accuracy_m: float = MAX_ACCURACY_M,
) -> Message | None:
    """Why ``fix`` may not be recorded with a visit at ``now``, in words; None when it may.

    A fix with unknown accuracy is not usable: nobody can say how far off it is.
    """
    accuracy = fix.accuracy_m
    if accuracy is None or not math.isfinite(accuracy) or accuracy < 0:
        return FIX_UNKNOWN_ACCURACY.message()
    if accuracy > max_accuracy_m:
        return FIX_TOO_VAGUE.with_args(accuracy=round(accuracy), limit=round(max_accuracy_m))
    if not _valid_coordinates(fix.lat, fix.lng):
        return FIX_NOT_A_PLACE.message()
    age = now - fix.timestamp
    if age < -_FUTURE_TOLERANCE:
        return FIX_FROM_THE_FUTURE.message()
    if age > timedelta(seconds=max_age_s):
        return FIX_TOO_OLD.with_args(age=int(age.total_seconds()), limit=round(max_age_s))
    return None


def usable_fix(
    fix: Fix | None,
    now: datetime,
    max_age_s: float = MAX_FIX_AGE_S,
    max_accuracy_m: float = MAX_ACCURACY_M,
) -> bool:
    """Whether a fix may be recorded with a visit: recent, accurate enough, real coordinates."""
    return fix is not None and fix_problem(fix, now, max_age_s, max_accuracy_m) is None


def fix_distance_m(
    fix: Fix | None, household_lat: float | None, household_lng: float | None
) -> float | None:
    """Metres from a fix to the household, or None when either position is unknown."""
    if fix is None or household_lat is None or household_lng is None:
        return None
    if not _valid_coordinates(household_lat, household_lng):
        return None
    return miles_to_meters(distance_miles(fix.lat, fix.lng, household_lat, household_lng))


def visit_location(
    fix: Fix | None,
    household_lat: float | None,
    household_lng: float | None,
    now: datetime,
    max_age_s: float = MAX_FIX_AGE_S,
    max_accuracy_m: float = MAX_ACCURACY_M,
) -> dict[str, Any]:
    """The ``location`` and ``distance`` keys of an interaction, from a usable fix only.

    Returns ``{}`` when there is no usable fix (never 0,0), and leaves ``distance`` out
    when the household has no coordinates.
    """
    if fix is None or not usable_fix(fix, now, max_age_s=max_age_s, max_accuracy_m=max_accuracy_m):
        return {}
    result: dict[str, Any] = {
        "location": {"lat": fix.lat, "lng": fix.lng, "confidence": fix.accuracy_m}
    }
    meters = fix_distance_m(fix, household_lat, household_lng)
    if meters is not None:
        result["distance"] = round(meters_to_miles(meters), 4)
    return result
