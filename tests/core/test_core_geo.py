"""Distances, GPS grades and which fixes may be recorded with a visit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from canvass_app.core.geo import (
    Fix,
    GpsGrade,
    distance_miles,
    grade_distance,
    meters_to_miles,
    miles_to_meters,
    usable_fix,
    visit_location,
)

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


def test_known_distances() -> None:
    # One degree of latitude on this sphere: 2 * pi * R / 360.
    assert distance_miles(0, 0, 1, 0) == pytest.approx(69.0934, abs=1e-3)
    # Quarter of the equator.
    assert distance_miles(0, 0, 0, 90) == pytest.approx(6218.4077, abs=1e-3)
    # Antipodes: half the circumference, no math domain error.
    assert distance_miles(10, 20, -10, -160) == pytest.approx(12436.8154, abs=1e-3)
    # London to Paris, about 213.5 miles on this sphere.
    assert distance_miles(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(213.5, abs=0.5)
    assert distance_miles(33.43, -84.18, 33.43, -84.18) == 0


def test_distance_is_symmetric() -> None:
    a = distance_miles(33.4317, -84.1840, 33.4400, -84.1900)
    b = distance_miles(33.4400, -84.1900, 33.4317, -84.1840)
    assert a == pytest.approx(b)


def test_unit_conversions() -> None:
    assert miles_to_meters(1) == pytest.approx(1609.344)
    assert meters_to_miles(1609.344) == pytest.approx(1)


@pytest.mark.parametrize(
    ("meters", "grade"),
    [
        (0, GpsGrade.GOOD),
        (99.99, GpsGrade.GOOD),
        (100, GpsGrade.FAIR),
        (300, GpsGrade.FAIR),
        (300.01, GpsGrade.POOR),
        (5000, GpsGrade.POOR),
        (None, GpsGrade.NONE),
        (float("nan"), GpsGrade.NONE),
    ],
)
def test_grade_bounds(meters: float | None, grade: GpsGrade) -> None:
    assert grade_distance(meters) is grade


def test_grades_differ_by_word_shape_and_colour() -> None:
    grades = list(GpsGrade)
    assert len({str(g.word) for g in grades}) == 4
    assert len({g.shape for g in grades}) == 4
    assert len({g.color for g in grades}) == 4
    assert str(GpsGrade.NONE.word) == "No GPS captured"
    assert str(GpsGrade.GOOD.word) == "Under 100 m"
    assert GpsGrade.FAIR.value == "fair" and str(GpsGrade.FAIR) == "fair"


def _fix(**changes: object) -> Fix:
    values: dict[str, object] = {
        "lat": 33.4317,
        "lng": -84.1840,
        "accuracy_m": 12.0,
        "timestamp": NOW - timedelta(seconds=5),
        "source": "nmea",
    }
    values.update(changes)
    return Fix(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "usable"),
    [
        ({}, True),
        ({"accuracy_m": 100.0}, True),
        ({"accuracy_m": 100.5}, False),
        ({"accuracy_m": None}, False),
        ({"timestamp": NOW - timedelta(seconds=60)}, True),
        ({"timestamp": NOW - timedelta(seconds=61)}, False),
        ({"timestamp": NOW + timedelta(seconds=2)}, True),
        ({"timestamp": NOW + timedelta(minutes=5)}, False),
        ({"lat": 0.0, "lng": 0.0}, False),
        ({"lat": 91.0}, False),
        ({"lng": float("nan")}, False),
    ],
)
def test_usable_fix(changes: dict[str, object], usable: bool) -> None:
    assert usable_fix(_fix(**changes), NOW) is usable


def test_usable_fix_thresholds_are_parameters() -> None:
    fix = _fix(accuracy_m=250.0, timestamp=NOW - timedelta(seconds=200))
    assert not usable_fix(fix, NOW)
    assert usable_fix(fix, NOW, max_age_s=300, max_accuracy_m=300)
    assert not usable_fix(None, NOW)


def test_visit_location_from_a_usable_fix() -> None:
    fix = _fix()
    result = visit_location(fix, 33.4327, -84.1840, NOW)
    assert result["location"] == {"lat": 33.4317, "lng": -84.1840, "confidence": 12.0}
    # 0.001 degree of latitude ≈ 0.0691 miles.
    assert result["distance"] == pytest.approx(0.0691, abs=1e-4)


def test_visit_location_without_household_coordinates_has_no_distance() -> None:
    result = visit_location(_fix(), None, None, NOW)
    assert set(result) == {"location"}


@pytest.mark.parametrize(
    "fix",
    [
        None,
        _fix(accuracy_m=500.0),
        _fix(timestamp=NOW - timedelta(hours=1)),
        _fix(lat=0.0, lng=0.0),
    ],
)
def test_no_usable_fix_records_nothing_never_zero_zero(fix: Fix | None) -> None:
    assert visit_location(fix, 33.4327, -84.1840, NOW) == {}
