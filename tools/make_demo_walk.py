"""Write canvass_app/resources/demo-walk.nmea: a canvasser's walk through the demo turf, as NMEA.

Run from the project root:  .venv/bin/python tools/make_demo_walk.py

The walk knocks the demo walklist's doors on its first three streets, in the order the
door screen lists them (the replay loops after some 40 minutes): the script starts the
reference server with the demo seed, downloads the walklist as the demo does
(``services.pull``: walk order from the list's first door) and walks from building to
building, stopping at each door (longer at the first, while a newcomer finds their way,
and a little longer for every extra unit). So a demo visit recorded at the
door the replay is at is graded "Under 100 m", as in the field. One GGA and one RMC
sentence per second, HDOP between 1.0 and 3.0 (5–15 m at ``HDOP_TO_METERS``), positions
jittered by about that much, and a few seconds with no fix in the middle (the receiver
losing the sky between tall buildings). Deterministic: the same file on every run.
"""

from __future__ import annotations

import math
import random
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from canvass_app.core.nmea import HDOP_TO_METERS, gga, rmc

OUTPUT = Path(__file__).resolve().parents[1] / "canvass_app" / "resources" / "demo-walk.nmea"
START = datetime(2026, 11, 27, 14, 0, 0, tzinfo=UTC)  # 9 am in Cambridge MA
WALK_SPEED_M_S = 1.3
FIRST_DOOR_S = 60  # time to find one's way around the door screen
DOOR_STOP_S = 20  # a knock, a wait, a word
UNIT_STOP_S = 6  # each further unit of a building
WALK_STREETS = 3  # the first streets of the walk (half an hour); the replay then loops
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


def demo_walk_doors() -> list[tuple[tuple[float, float], int]]:
    """(door position, units) of the demo walklist's buildings, in the door screen's walk
    order: downloaded from the reference server exactly as ``canvass-app --demo`` does."""
    from canvass_app.api.client import PolisClient
    from canvass_app.server import seed
    from canvass_app.server.runner import start_server
    from canvass_app.services.pull import load_walklist, pull_walklist
    from canvass_app.storage.db import open_database

    server = start_server(seed="demo", token=seed.DEMO_TOKEN)
    try:
        with tempfile.TemporaryDirectory() as folder:
            db = open_database(Path(folder))
            try:
                with PolisClient(server.url, server.token) as client:
                    pull_walklist(db, client, seed.DEMO_LIST_ID, seed.DEMO_CAMPAIGN_ID)
                buildings = load_walklist(db, seed.DEMO_LIST_ID).buildings
            finally:
                db.conn.close()
    finally:
        server.stop()
    streets = list(dict.fromkeys(b.address.street_name for b in buildings))[:WALK_STREETS]
    return [
        ((b.address.lat, b.address.lng), len(b.doors))
        for b in buildings
        if b.address.lat is not None
        and b.address.lng is not None
        and b.address.street_name in streets
    ]


def waypoints() -> list[tuple[tuple[float, float], int]]:
    """(position, seconds to stay there) in walking order: door after door."""
    points: list[tuple[tuple[float, float], int]] = []
    for index, (door, units) in enumerate(demo_walk_doors()):
        stay = FIRST_DOOR_S if index == 0 else DOOR_STOP_S
        points.append((door, stay + UNIT_STOP_S * (units - 1)))
    return points


def track() -> list[tuple[tuple[float, float] | None, float, float]]:
    """One (true position or None, speed m/s, course) per second along the waypoints."""
    seconds: list[tuple[tuple[float, float] | None, float, float]] = []
    legs = waypoints()
    course = 0.0
    first, first_stay = legs[0]
    seconds.extend((first, 0.0, course) for _ in range(first_stay))
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
