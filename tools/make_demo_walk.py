"""Write canvass_app/resources/demo-walk.nmea: a canvasser's walk through the demo turf, as NMEA.

Run from the project root:  .venv/bin/python tools/make_demo_walk.py

The walk follows the reference server's demo seed (``canvass_app.server.seed``): up
Ellery Street, down Trowbridge Street, up Dana Street, stopping at each seeded door for a
short conversation. One GGA and one RMC sentence per second, HDOP between 1.0 and 3.0
(5–15 m at ``HDOP_TO_METERS``), positions jittered by about that much, and a few seconds
with no fix in the middle (the receiver losing the sky between tall buildings).
Deterministic: the same file on every run.
"""

from __future__ import annotations

import math
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from canvass_app.qt.nmea import HDOP_TO_METERS, gga, rmc
from canvass_app.server.seed import STREETS, demo_documents

OUTPUT = Path(__file__).resolve().parents[1] / "canvass_app" / "resources" / "demo-walk.nmea"
START = datetime(2026, 11, 27, 14, 0, 0, tzinfo=UTC)  # 9 am in Cambridge MA
WALK_STREETS = ("Ellery Street", "Trowbridge Street", "Dana Street")
WALK_SPEED_M_S = 1.3
DOOR_STOP_S = 8
NO_FIX_SECONDS = 6
METERS_PER_DEG_LAT = 111_320.0
METERS_PER_KNOT = 0.514444


def _meters_per_deg_lng(lat: float) -> float:
    return METERS_PER_DEG_LAT * math.cos(math.radians(lat))


def _distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    dy = (b[0] - a[0]) * METERS_PER_DEG_LAT
    dx = (b[1] - a[1]) * _meters_per_deg_lng(a[0])
    return math.hypot(dx, dy)


def _course_deg(a: tuple[float, float], b: tuple[float, float]) -> float:
    dy = (b[0] - a[0]) * METERS_PER_DEG_LAT
    dx = (b[1] - a[1]) * _meters_per_deg_lng(a[0])
    return math.degrees(math.atan2(dx, dy)) % 360


def _doors_by_street() -> dict[str, list[tuple[float, float]]]:
    """Door positions of the seeded addresses, per street, south to north."""
    doors: dict[str, list[tuple[float, float]]] = {}
    for address in demo_documents()["addresses"]:
        data = address["data"]
        coords = data["coords"]
        doors.setdefault(data["streetName"], []).append((coords["lat"], coords["lng"]))
    for positions in doors.values():
        positions.sort()
    return doors


def waypoints() -> list[tuple[tuple[float, float], int]]:
    """(position, seconds to stay there) in walking order."""
    ends = {street: (south, north) for street, _zip, south, north, _numbers in STREETS}
    doors = _doors_by_street()
    points: list[tuple[tuple[float, float], int]] = []
    for index, street in enumerate(WALK_STREETS):
        south, north = ends[street]
        stops = doors[street]
        if index % 2 == 1:  # every other street southwards: a walk, not a teleport
            south, north = north, south
            stops = list(reversed(stops))
        points.append((south, 0))
        points.extend((door, DOOR_STOP_S) for door in stops)
        points.append((north, 0))
    return points


def track() -> list[tuple[tuple[float, float] | None, float, float]]:
    """One (true position or None, speed m/s, course) per second along the waypoints."""
    seconds: list[tuple[tuple[float, float] | None, float, float]] = []
    legs = waypoints()
    course = 0.0
    for (here, _), (there, stay) in zip(legs, legs[1:], strict=False):
        length = _distance_m(here, there)
        steps = max(1, round(length / WALK_SPEED_M_S))
        course = _course_deg(here, there) if length > 0 else course
        speed = length / steps
        for step in range(1, steps + 1):
            f = step / steps
            point = (here[0] + (there[0] - here[0]) * f, here[1] + (there[1] - here[1]) * f)
            seconds.append((point, speed, course))
        seconds.extend((there, 0.0, course) for _ in range(stay))
    # The receiver loses the sky for a few seconds in the middle of the walk.
    middle = len(seconds) // 2
    for second in range(middle, middle + NO_FIX_SECONDS):
        _point, speed, course = seconds[second]
        seconds[second] = (None, speed, course)
    return seconds


def sentences(rng: random.Random) -> list[str]:
    lines: list[str] = []
    for second, (point, speed, course) in enumerate(track()):
        moment = START + timedelta(seconds=second)
        if point is None:
            lines.append(gga(moment, None, None, hdop=None, satellites=2))
            lines.append(rmc(moment, None, None))
            continue
        hdop = round(rng.uniform(1.0, 3.0), 1)
        sigma_m = hdop * HDOP_TO_METERS / 2  # most readings well inside the stated accuracy
        lat = point[0] + rng.gauss(0, sigma_m) / METERS_PER_DEG_LAT
        lng = point[1] + rng.gauss(0, sigma_m) / _meters_per_deg_lng(point[0])
        satellites = rng.randint(7, 11)
        lines.append(gga(moment, lat, lng, hdop=hdop, satellites=satellites))
        lines.append(rmc(moment, lat, lng, speed_knots=speed / METERS_PER_KNOT, course_deg=course))
    return lines


def main() -> int:
    lines = sentences(random.Random(2138))
    OUTPUT.write_text("\r\n".join(lines) + "\r\n", encoding="ascii", newline="")
    print(f"wrote {len(lines)} sentences ({len(lines) // 2} s of walk) to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
