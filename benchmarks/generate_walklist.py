"""A seeded generator of large walklists, written straight into a data dir's offline cache.

The documents have the shape ``GET /v1/lists/{id}/contact-households`` answers (the
expanded contact-household documents that ``core.walklist.parse_contact_household``
reads), so the app opens the list exactly as if it had been pulled. The same seed always
gives the same list, and the first N households are the same whatever the total, so
visit drafts (benchlib.visit_drafts) can point at real doors of any generated list.

    python benchmarks/generate_walklist.py DATA_DIR --households 50000 --seed 3
"""

from __future__ import annotations

import argparse
import functools
import random
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from canvass_app.core.outcomes import DEFAULT_STATUS_GROUPS, DEFAULT_STATUSES
from canvass_app.core.survey import default_survey_data
from canvass_app.services.pull import prepare_entries
from canvass_app.storage.cache import CachedList, CacheRepo, now_iso
from canvass_app.storage.db import open_database

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://polis.example/canvass-app/bench-walklist")
CAMPAIGN_ID = str(uuid.uuid5(NAMESPACE, "campaign"))
LIST_ID = str(uuid.uuid5(NAMESPACE, "list"))
DEFAULT_SURVEY_ID = str(uuid.uuid5(NAMESPACE, "survey:default"))
LIST_NAME = "Benchmark Turf"
DEFAULT_SEED = 3
# visit_drafts points at the first households of the list (same seed → same doors).
DRAFT_HOUSEHOLDS = 2_000

_STREET_BASES = (
    "Elm", "Maple", "Oak", "Cedar", "Birch", "Willow", "Pine", "Ash", "Chestnut", "Walnut",
    "Spruce", "Hawthorn", "Linden", "Poplar", "Hazel", "Alder", "Magnolia", "Juniper",
    "Sycamore", "Laurel", "Holly", "Rowan", "Aspen", "Beech", "Cypress",
)  # fmt: skip
_STREET_KINDS = ("Street", "Avenue", "Road", "Lane", "Way", "Court", "Place", "Terrace")
_GIVEN = (
    "Maria", "James", "Aisha", "Tom", "Lena", "Omar", "Grace", "Wei", "Sofia", "Raj",
    "Ines", "Kofi", "Hannah", "Diego", "Mei", "Ahmed", "Nora", "Luca", "Yara", "Ben",
)  # fmt: skip
_SURNAMES = (
    "Garcia", "Smith", "Khan", "Nguyen", "Okafor", "Brown", "Rossi", "Cohen", "Ito",
    "Silva", "Murphy", "Haddad", "Kowalski", "Dubois", "Mensah", "Larsen", "Patel", "Kim",
)  # fmt: skip
_CENTER = (42.3736, -71.1097)


@dataclass(frozen=True)
class Home:
    """One household (a door) and the first person on the list who lives there."""

    index: int
    household_id: str
    address_id: str
    number: int
    street: str
    unit: str
    lat: float
    lng: float
    people: tuple[tuple[str, str, str, str], ...]  # (contact id, ch id, given, surname)

    @property
    def contact_id(self) -> str:
        return self.people[0][0]

    @property
    def contact_household_id(self) -> str:
        return self.people[0][1]

    @property
    def contact_name(self) -> str:
        return f"{self.people[0][2]} {self.people[0][3]}"

    @property
    def address_line(self) -> str:
        return f"{self.number} {self.street}"


def _streets() -> list[str]:
    return [f"{base} {kind}" for kind in _STREET_KINDS for base in _STREET_BASES]


@functools.cache
def generate_homes(count: int, seed: int = DEFAULT_SEED) -> tuple[Home, ...]:
    """``count`` households: 80% single-family doors, the rest in buildings of 2–12 units,
    one to three people each, 60 buildings to a street, coordinates along the street."""
    if count < 1:
        raise ValueError(f"a walklist needs at least one household (got {count})")
    rng = random.Random(seed)
    streets = _streets()
    homes: list[Home] = []
    building = 0
    while len(homes) < count:
        street_no, slot = divmod(building, 60)
        street = streets[street_no % len(streets)]
        block = street_no // len(streets)  # past 200 streets, further up the same ones
        number = 2 + slot * 2 + (slot % 2) + block * 200
        lat = _CENTER[0] + (street_no % 40) * 0.0011
        lng = _CENTER[1] + slot * 0.00021 + (street_no // 40) * 0.013
        address_id = str(uuid.uuid5(NAMESPACE, f"address:{building}"))
        units = [""] if rng.random() < 0.8 else [str(u) for u in range(1, rng.randint(2, 12) + 1)]
        for unit in units:
            if len(homes) >= count:
                break
            index = len(homes)
            people = []
            for person in range(rng.choices((1, 2, 3), weights=(6, 3, 1))[0]):
                people.append(
                    (
                        str(uuid.uuid5(NAMESPACE, f"contact:{index}:{person}")),
                        str(uuid.uuid5(NAMESPACE, f"contact-household:{index}:{person}")),
                        rng.choice(_GIVEN),
                        rng.choice(_SURNAMES),
                    )
                )
            homes.append(
                Home(
                    index=index,
                    household_id=str(uuid.uuid5(NAMESPACE, f"household:{index}")),
                    address_id=address_id,
                    number=number,
                    street=street,
                    unit=unit,
                    lat=round(lat, 6),
                    lng=round(lng, 6),
                    people=tuple(people),
                )
            )
        building += 1
    return tuple(homes)


def household_at(index: int, seed: int = DEFAULT_SEED) -> Home:
    """The ``index``-th household of every list generated with ``seed`` (index < 2,000)."""
    return generate_homes(DRAFT_HOUSEHOLDS, seed)[index]


def contact_household_docs(home: Home) -> list[dict[str, Any]]:
    """The expanded documents of one household, one per person (api-notes §5.5)."""
    household = {
        "id": home.household_id,
        "data": {
            "unitNum": home.unit,
            "addressId": home.address_id,
            "address": {
                "id": home.address_id,
                "data": {
                    "number": str(home.number),
                    "streetName": home.street,
                    "city": "Cambridge",
                    "county": "Middlesex County",
                    "state": "MA",
                    "postalCode": "02139",
                    "country": "USA",
                    "coords": {"lat": home.lat, "lng": home.lng, "confidence": "high"},
                },
            },
        },
    }
    docs = []
    for contact_id, ch_id, given, surname in home.people:
        docs.append(
            {
                "id": ch_id,
                "data": {
                    "contactId": contact_id,
                    "householdId": home.household_id,
                    "contact": {
                        "id": contact_id,
                        "data": {
                            "profile": {"name": {"anglican": {"given": given, "surname": surname}}},
                        },
                    },
                    "household": household,
                },
                "meta": {"resource": "contact-households"},
            }
        )
    return docs


def write_walklist(
    data_dir: Path, *, households: int, seed: int = DEFAULT_SEED, list_id: str = LIST_ID
) -> int:
    """Write the list into ``data_dir``'s offline cache as a pull would; the number of
    contact-household documents written."""
    docs = [
        doc for home in generate_homes(households, seed) for doc in contact_household_docs(home)
    ]
    prepared = prepare_entries(docs)  # what pull_walklist caches
    db = open_database(data_dir)
    try:
        CacheRepo(db).replace_walklist(
            CachedList(
                list_id=list_id,
                campaign_id=CAMPAIGN_ID,
                name=LIST_NAME,
                pulled_at=now_iso(),
                default_survey_id=DEFAULT_SURVEY_ID,
            ),
            contact_households=docs,
            surveys=[{"id": DEFAULT_SURVEY_ID, "data": default_survey_data(CAMPAIGN_ID)}],
            statuses=[{"id": s.id, "data": s.to_data()} for s in DEFAULT_STATUSES],
            status_groups=[{"id": g.id, "data": g.to_data()} for g in DEFAULT_STATUS_GROUPS],
            campaign=None,
            entry_rows=prepared.rows,
            skipped_entries=prepared.skipped,
        )
    finally:
        db.conn.close()
    return len(docs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--households", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    from benchlib import use_app_keys

    use_app_keys()
    if args.households < 1:
        parser.error(f"--households must be at least 1, not {args.households}")
    written = write_walklist(args.data_dir, households=args.households, seed=args.seed)
    print(f"wrote {args.households} households ({written} people) as list {LIST_ID}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
