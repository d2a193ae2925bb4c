"""The demo seed: statuses, one campaign with one list, ~80 households in Mid-Cambridge
(Cambridge, MA), their contacts, the default survey and the showcase survey.

Deterministic: a fixed random seed and uuid5 ids, so every run (and every machine) gets
the same documents with the same ids.
"""

from __future__ import annotations

import functools
import json
import random
import uuid
from typing import Any

from canvass_app.core.outcomes import DEFAULT_STATUS_GROUPS, DEFAULT_STATUSES
from canvass_app.core.survey import default_survey_data, showcase_survey_data
from canvass_app.server.documents import Tenant, new_document

SEED_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://polis.example/canvass-app/demo-seed")


def stable_uuid(name: str) -> str:
    """The same uuid for the same name, on every run."""
    return str(uuid.uuid5(SEED_NAMESPACE, name))


DEMO_TOKEN = "demo-token"
DEMO_CODE = "demo-code"
DEMO_CUSTOMER_ID = stable_uuid("customer:demo")
DEMO_SECURITY_GROUP_ID = stable_uuid("security-group:demo")
DEMO_USER_ID = stable_uuid("user:demo-canvasser")
DEMO_ORGANIZATION_ID = stable_uuid("organization:demo")
EDITOR_USER_ID = stable_uuid("user:concurrent-editor")
DEMO_TENANT = Tenant(DEMO_CUSTOMER_ID, DEMO_SECURITY_GROUP_ID, DEMO_USER_ID, DEMO_ORGANIZATION_ID)

DEMO_CAMPAIGN_ID = stable_uuid("campaign:mid-cambridge-doors")
DEMO_LIST_ID = stable_uuid("list:mid-cambridge-doors")
# Residents who asked not to be visited: a list the campaign types "do-not-knock"
# (api-notes §5.5 "Campaign list priority"); its households stay on the walklist, flagged.
DEMO_DO_NOT_KNOCK_LIST_ID = stable_uuid("list:mid-cambridge-do-not-knock")
DO_NOT_KNOCK_EVERY = 23  # every 23rd household of the demo turf
DEMO_SURVEY_ID = stable_uuid("survey:default")
SHOWCASE_SURVEY_ID = stable_uuid("survey:showcase")

# Fixed creation time so seeded documents are identical on every run.
SEED_TIME = "2026-01-05T15:00:00.000Z"


def contact_household_id(contact_id: str, household_id: str) -> str:
    return stable_uuid(f"contact-household:{contact_id}:{household_id}")


# ---------------------------------------------------------------- the neighbourhood

# Mid-Cambridge streets between Massachusetts Avenue and Cambridge Street, each as its
# south end, north end (lat, lng) and the house numbers along it (lowest at the south end).
STREETS: tuple[tuple[str, str, tuple[float, float], tuple[float, float], tuple[int, int]], ...] = (
    ("Ellery Street", "02138", (42.37190, -71.11380), (42.37520, -71.11250), (2, 60)),
    ("Trowbridge Street", "02138", (42.37140, -71.11250), (42.37550, -71.11080), (10, 90)),
    ("Dana Street", "02138", (42.37060, -71.11030), (42.37420, -71.10880), (4, 70)),
    ("Hancock Street", "02139", (42.37000, -71.10880), (42.37380, -71.10700), (6, 80)),
    ("Lee Street", "02139", (42.36930, -71.10720), (42.37320, -71.10580), (3, 70)),
    ("Inman Street", "02139", (42.36650, -71.10400), (42.37250, -71.10100), (20, 160)),
)

# Buildings per street: (units, ...). An empty unit "" is a single-family house.
_UNIT_LAYOUTS = (
    ("",),
    ("",),
    ("",),
    ("",),
    ("1", "2"),
    ("1", "2", "3"),
    ("1", "2", "3", "4", "5", "6"),
)

GIVEN_NAMES = (
    "Maria",
    "James",
    "Aisha",
    "Chen",
    "Olivia",
    "Mateo",
    "Priya",
    "Liam",
    "Fatima",
    "Noah",
    "Grace",
    "Diego",
    "Hannah",
    "Kwame",
    "Sofia",
    "Ethan",
    "Mei",
    "Lucas",
    "Amara",
    "Daniel",
    "Yuki",
    "Samuel",
    "Leila",
    "Owen",
    "Rosa",
    "Isaac",
    "Nadia",
    "Henry",
    "Ana",
    "Theo",
    "Esther",
    "Marcus",
    "Ingrid",
    "Rahul",
    "Clara",
    "Tomás",
)
SURNAMES = (
    "Silva",
    "Okafor",
    "Nguyen",
    "O'Brien",
    "Cohen",
    "Patel",
    "Murphy",
    "Kim",
    "Rodriguez",
    "Santos",
    "Walsh",
    "Haddad",
    "Chen",
    "Fitzgerald",
    "Mensah",
    "Costa",
    "Sullivan",
    "Tanaka",
    "Alves",
    "Kowalski",
    "Ibrahim",
    "Brennan",
    "Lopez",
    "Shapiro",
    "Medeiros",
    "Goldberg",
    "Park",
    "Doherty",
    "Pereira",
    "Haile",
)
TITLES = ("Mr.", "Ms.", "Dr.", "Mx.", None, None, None, None)


def _households_and_contacts(
    rng: random.Random,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(addresses, households, contacts) as data dicts with ids, before the envelope."""
    addresses: list[dict[str, Any]] = []
    households: list[dict[str, Any]] = []
    contacts: list[dict[str, Any]] = []
    for street, postal_code, (lat0, lng0), (lat1, lng1), (first, last) in STREETS:
        numbers = sorted(rng.sample(range(first, last + 1), 6))
        for number in numbers:
            fraction = (number - first) / (last - first)
            # Even numbers on the east side, odd on the west: ~12 m either side of the centre line.
            side = 1 if number % 2 == 0 else -1
            lat = lat0 + (lat1 - lat0) * fraction
            lng = lng0 + (lng1 - lng0) * fraction + side * 0.00012
            address_id = stable_uuid(f"address:{number} {street}")
            addresses.append(
                {
                    "id": address_id,
                    "data": {
                        "number": str(number),
                        "streetName": street,
                        "city": "Cambridge",
                        "county": "Middlesex County",
                        "state": "MA",
                        "postalCode": postal_code,
                        "country": "USA",
                        "neighborhood": "Mid-Cambridge",
                        "coords": {"lat": round(lat, 6), "lng": round(lng, 6), "confidence": 10},
                    },
                }
            )
            for unit in rng.choice(_UNIT_LAYOUTS):
                household_id = stable_uuid(f"household:{number} {street}#{unit}")
                households.append(
                    {
                        "id": household_id,
                        "data": {
                            "unitNum": unit,
                            "addressId": address_id,
                            "externalId": f"MC-{len(households) + 1:04d}",
                        },
                    }
                )
                surname = rng.choice(SURNAMES)
                for index in range(rng.choice((1, 1, 2, 2, 2, 3, 4))):
                    given = rng.choice(GIVEN_NAMES)
                    family = surname if index < 2 or rng.random() < 0.5 else rng.choice(SURNAMES)
                    contact_id = stable_uuid(f"contact:{household_id}:{index}")
                    anglican: dict[str, Any] = {"given": given, "surname": family}
                    title = rng.choice(TITLES)
                    if title:
                        anglican["title"] = title
                    profile: dict[str, Any] = {"name": {"anglican": anglican}}
                    if rng.random() < 0.6:
                        profile["phones"] = [
                            {
                                "phone": f"617-555-{rng.randint(100, 9999):04d}",
                                "phoneType": rng.choice(("mobile", "home")),
                                "active": True,
                                "primary": True,
                            }
                        ]
                    if rng.random() < 0.5:
                        email_name = f"{given}.{family}".lower().replace("'", "").replace("á", "a")
                        profile["emails"] = [
                            {"email": f"{email_name}@example.org", "active": True, "primary": True}
                        ]
                    if rng.random() < 0.5:
                        profile["age"] = rng.randint(19, 88)
                    contacts.append(
                        {
                            "id": contact_id,
                            "data": {
                                "profile": profile,
                                "fields": {},
                                "primaryHouseholdId": household_id,
                                "externalId": f"MC-C-{len(contacts) + 1:04d}",
                            },
                        }
                    )
    return addresses, households, contacts


def demo_documents() -> dict[str, list[dict[str, Any]]]:
    """Every seeded document, by resource name; the same on every call (a fresh copy)."""
    # Built once per process and kept as JSON: tests start hundreds of seeded servers.
    loaded: dict[str, list[dict[str, Any]]] = json.loads(_demo_documents_json())
    return loaded


@functools.cache
def _demo_documents_json() -> str:
    return json.dumps(_build_demo_documents())


def _build_demo_documents() -> dict[str, list[dict[str, Any]]]:
    rng = random.Random(2138)
    tenant = DEMO_TENANT

    def doc(
        resource: str, doc_id: str, data: dict[str, Any], *, with_tenant: bool = True
    ) -> dict[str, Any]:
        return new_document(
            resource,
            data,
            tenant,
            doc_id=doc_id,
            with_tenant=with_tenant,
            created=SEED_TIME,
            etag_salt=b"seed",
        )

    documents: dict[str, list[dict[str, Any]]] = {
        "status-groups": [
            doc("status-groups", g.id, g.to_data(), with_tenant=False)
            for g in DEFAULT_STATUS_GROUPS
        ],
        "statuses": [doc("statuses", s.id, s.to_data()) for s in DEFAULT_STATUSES],
        "campaigns": [
            doc(
                "campaigns",
                DEMO_CAMPAIGN_ID,
                {
                    "name": "Mid-Cambridge Doors",
                    "organizationId": DEMO_ORGANIZATION_ID,
                    "status": "started",
                    "description": "Door-to-door conversations in Mid-Cambridge, Cambridge MA.",
                    "lists": [
                        {"listId": DEMO_LIST_ID, "type": "normal"},
                        {"listId": DEMO_DO_NOT_KNOCK_LIST_ID, "type": "do-not-knock"},
                    ],
                    "fields": [
                        [
                            {"type": "field", "path": "/data/profile/name/anglican/given"},
                            {"type": "separator", "value": " "},
                            {"type": "field", "path": "/data/profile/name/anglican/surname"},
                        ],
                    ],
                },
            )
        ],
        "lists": [
            doc(
                "lists",
                DEMO_LIST_ID,
                {
                    "name": "Mid-Cambridge Doors: all households",
                    "organizationId": DEMO_ORGANIZATION_ID,
                    "description": "Ellery, Trowbridge, Dana, Hancock, Lee and Inman Streets.",
                },
            ),
            doc(
                "lists",
                DEMO_DO_NOT_KNOCK_LIST_ID,
                {
                    "name": "Mid-Cambridge: do not knock",
                    "organizationId": DEMO_ORGANIZATION_ID,
                    "description": "Residents who asked not to be visited.",
                },
            ),
        ],
        # The surveys come from core, so the client's own defaults and the server agree.
        "surveys": [
            doc("surveys", DEMO_SURVEY_ID, default_survey_data(DEMO_CAMPAIGN_ID)),
            doc("surveys", SHOWCASE_SURVEY_ID, showcase_survey_data(DEMO_CAMPAIGN_ID)),
        ],
    }
    addresses, households, contacts = _households_and_contacts(rng)
    documents["addresses"] = [doc("addresses", a["id"], a["data"]) for a in addresses]
    documents["households"] = [doc("households", h["id"], h["data"]) for h in households]
    documents["contacts"] = [doc("contacts", c["id"], c["data"]) for c in contacts]
    links, members, do_not_knock = [], [], []
    do_not_knock_households = {
        h["id"] for index, h in enumerate(households) if index % DO_NOT_KNOCK_EVERY == 7
    }
    for contact in contacts:
        household_id = contact["data"]["primaryHouseholdId"]
        link_id = contact_household_id(contact["id"], household_id)
        links.append(
            doc(
                "contact-households",
                link_id,
                {"contactId": contact["id"], "householdId": household_id},
            )
        )
        members.append(
            doc(
                "contact-household-lists",
                stable_uuid(f"member:{DEMO_LIST_ID}:{link_id}"),
                {"listId": DEMO_LIST_ID, "contactHouseholdId": link_id},
            )
        )
        if household_id in do_not_knock_households:
            do_not_knock.append(
                doc(
                    "contact-household-lists",
                    stable_uuid(f"member:{DEMO_DO_NOT_KNOCK_LIST_ID}:{link_id}"),
                    {"listId": DEMO_DO_NOT_KNOCK_LIST_ID, "contactHouseholdId": link_id},
                )
            )
    documents["contact-households"] = links
    documents["contact-household-lists"] = members + do_not_knock
    documents["lists"][0]["contactsCount"] = len(members)
    documents["lists"][1]["contactsCount"] = len(do_not_knock)
    return documents
