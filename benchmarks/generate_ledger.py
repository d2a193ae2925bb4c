"""A seeded generator of door visits written straight into a data dir's database.

Used by the supervisor tests (a 100,000-visit ledger) and by the benchmarks. The same
seed always gives the same ledger. Visits look like the real thing: interaction data
shaped as the interactions page defines it (survey answers keyed by question id, fields
keyed by tag, location and distance in miles), every outbox state, voided visits, a sync
log with conflicts and rejections, and an offline walklist (households with coordinates,
the campaign's surveys) so the map and the detail view have something to draw.

Two canvassers are deliberately suspicious so the supervisor's flags have work to do:
``gus`` knocks doors seconds apart with a near-perfect contact rate, ``hana`` rarely has a
GPS fix and often stands far from the door.

    python benchmarks/generate_ledger.py DATA_DIR --visits 100000 --seed 7
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import random
import sys
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from canvass_app.core.geo import grade_distance, meters_to_miles, miles_to_meters
from canvass_app.core.interaction import format_timestamp
from canvass_app.core.outcomes import (
    DEFAULT_STATUS_GROUPS,
    DEFAULT_STATUSES,
    Status,
    status_by_name,
)
from canvass_app.core.survey import default_survey_data, showcase_survey_data, stable_question_id
from canvass_app.services.visits import answers_text
from canvass_app.storage import search_index
from canvass_app.storage.cache import CachedList, CacheRepo
from canvass_app.storage.db import open_database

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://polis.example/canvass-app/generated-ledger")
CAMPAIGN_ID = str(uuid.uuid5(NAMESPACE, "campaign"))
DEFAULT_SURVEY_ID = str(uuid.uuid5(NAMESPACE, "survey:default"))
SHOWCASE_SURVEY_ID = str(uuid.uuid5(NAMESPACE, "survey:showcase"))
CANVASSERS = ("ana", "ben", "chidi", "dara", "eli", "fatima", "gus", "hana")
SUSPICIOUS_FAST = "gus"
SUSPICIOUS_GPS = "hana"


@dataclass(frozen=True)
class Words:
    """The ledger's data in one language: what a campaign of that language would hold
    (places, people, notes, its surveys' texts and tags). The app's own words are never
    here: those come from its catalogue."""

    walklists: tuple[str, ...]
    streets: tuple[str, ...]
    given: tuple[str, ...]
    surnames: tuple[str, ...]
    notes: tuple[str, ...]
    city: str
    survey_texts: dict[str, str]  # the core surveys' English texts -> this language
    tags: dict[str, str]  # the core surveys' tags -> this language

    def text(self, english: str) -> str:
        return self.survey_texts.get(english, english)

    def tag(self, english: str) -> str:
        return self.tags.get(english, english)


ENGLISH = Words(
    walklists=("North End", "Riverside", "Old Mill", "Hilltop"),
    streets=(
        "Elm Street",
        "Maple Avenue",
        "Oak Road",
        "Cedar Lane",
        "Birch Way",
        "Willow Court",
        "Pine Street",
        "Ash Grove",
    ),
    given=("Maria", "James", "Aisha", "Tom", "Lena", "Omar", "Grace", "Wei", "Sofia", "Raj"),
    surnames=("Garcia", "Smith", "Khan", "Nguyen", "Okafor", "Brown", "Rossi", "Cohen", "Ito"),
    notes=(
        "Dog in the yard, knock loudly",
        "Asked about the bus routes",
        "Wants a call back after 6pm",
        "Gate code 4411",
        "Spanish speaker, send the leaflet",
    ),
    city="Cambridge",
    survey_texts={},
    tags={},
)
SPANISH = Words(
    walklists=("Barrio Norte", "La Ribera", "El Molino", "Las Lomas"),
    streets=(
        "Calle Mayor",
        "Avenida de los Olmos",
        "Calle del Roble",
        "Calle de la Fuente",
        "Paseo del Río",
        "Plaza del Sauce",
        "Calle del Pino",
        "Calle de la Alameda",
    ),
    given=(
        "María",
        "Javier",
        "Lucía",
        "Tomás",
        "Elena",
        "Omar",
        "Carmen",
        "Diego",
        "Sofía",
        "Raúl",
    ),
    surnames=("García", "Fernández", "López", "Martínez", "Ruiz", "Navarro", "Ortega", "Romero"),
    notes=(
        "Perro en el patio, tocar fuerte",
        "Preguntó por las rutas del autobús",
        "Quiere que la llamen después de las 18:00",
        "Código del portón 4411",
        "Habla portugués: dejar el folleto",
    ),
    city="Valladolid",
    survey_texts={
        "Default Survey": "Encuesta básica",
        "Neighbourhood Survey": "Encuesta del barrio",
        "Is the contact available?": "¿Está disponible la persona?",
        "Unavailable": "No disponible",
        "Available": "Disponible",
        "Why is the contact unavailable?": "¿Por qué no está disponible?",
        "Not Home": "No está en casa",
        "Refused": "Lo rechazó",
        "Inaccessible": "Inaccesible",
        "Moved": "Se mudó",
        "Other Language": "Otro idioma",
        "Deceased": "Falleció",
        "How much do you support the new park plan?": "¿Cuánto apoya el nuevo plan del parque?",
        "Would you watch a one-minute video about the plan?": "¿Vería un vídeo de un minuto sobre el plan?",
        "Watched": "Lo vio",
        "Skipped": "Lo saltó",
        "Which issues matter most to you?": "¿Qué temas le importan más?",
        "Housing": "Vivienda",
        "Transit": "Transporte",
        "Schools": "Escuelas",
        "Parks": "Parques",
        "Safety": "Seguridad",
        "Next": "Siguiente",
        "May I leave you our platform to read?": "¿Le puedo dejar nuestro programa para leer?",
        "Read it": "Lo leerá",
        "Not now": "Ahora no",
        "Would you chip in to support the campaign?": "¿Colaboraría con la campaña?",
        "$10": "10 €",
        "$25": "25 €",
        "No thanks": "No, gracias",
        "What email address can we reach you at?": "¿A qué correo electrónico le podemos escribir?",
        "Skip": "Omitir",
        "Save": "Guardar",
        "Confirm the donor's name and address on the receipt.": "Confirme el nombre y la dirección del donante en el recibo.",
        "Verified": "Comprobado",
        "Could not verify": "No se pudo comprobar",
        "name@example.org": "nombre@ejemplo.org",
    },
    tags={
        "available": "disponible",
        "unavailable_reason": "motivo",
        "support": "apoyo",
        "watched_video": "video",
        "issues": "temas",
        "read_platform": "programa",
        "donation": "donativo",
        "email": "correo",
        "verified": "comprobado",
    },
)
LANGUAGES = {"en": ENGLISH, "es": SPANISH}


def _translated_tag(tag: str, words: Words) -> str:
    if tag in words.tags:
        return words.tags[tag]
    for base, there in words.tags.items():  # an option's tag: "<question tag>_<option text>"
        if tag.startswith(base + "_"):
            return f"{there}_{words.text(tag[len(base) + 1 :])}"
    return tag


def translated_survey(data: Any, words: Words) -> Any:
    """A core survey (``default_survey_data``...) as a campaign of ``words``' language has it:
    texts and tags in that language; ids, values and actions unchanged."""
    if isinstance(data, list):
        return [translated_survey(item, words) for item in data]
    if not isinstance(data, dict):
        return data
    result: dict[str, Any] = {}
    for key, value in data.items():
        if key in ("text", "name", "placeholder") and isinstance(value, str):
            result[key] = words.text(value)
        elif key == "tag" and isinstance(value, str):
            result[key] = _translated_tag(value, words)
        else:
            result[key] = translated_survey(value, words)
    return result


CENTER = (42.3736, -71.1097)  # a neighbourhood-sized patch of map
OUTCOMES_UNAVAILABLE = ("Not Home", "Come Back", "Refused", "Moved", "Inaccessible")
GENERATED_AT = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)


@functools.cache
def walklist_id(index: int) -> str:
    return str(uuid.uuid5(NAMESPACE, f"walklist:{index}"))


@functools.cache
def _status_for(outcome: str) -> Status | None:
    return status_by_name(DEFAULT_STATUSES, outcome)


@functools.cache
def _question_id(survey_key: str, tag: str) -> str:
    return stable_question_id(survey_key, tag)


@dataclass(frozen=True)
class Household:
    household_id: str
    address_id: str
    contact_id: str
    contact_household_id: str
    contact_given: str
    contact_surname: str
    number: int
    street: str
    unit: str
    lat: float
    lng: float
    walklist_index: int

    @property
    def address_line(self) -> str:
        return f"{self.number} {self.street}"

    @property
    def contact_name(self) -> str:
        return f"{self.contact_given} {self.contact_surname}"


@dataclass(frozen=True)
class LedgerSummary:
    visits: int
    households: int
    by_state: dict[str, int]
    by_canvasser: dict[str, int]
    voided: int
    walklist_ids: tuple[str, ...]


def _households(rng: random.Random, count: int, words: Words) -> list[Household]:
    homes: list[Household] = []
    streets = words.streets
    per_list = max(1, math.ceil(count / len(words.walklists)))
    for index in range(count):
        list_index = min(index // per_list, len(words.walklists) - 1)
        street = streets[(index // 40) % len(streets)]
        number = 2 + (index % 40) * 2 + (index // (40 * len(streets))) * 100
        # Each walklist is its own patch; streets run east-west within it.
        lat = CENTER[0] + list_index * 0.004 + ((index // 40) % len(streets)) * 0.0006
        lng = CENTER[1] + (index % 40) * 0.00025 + (index // 320) * 0.0001
        unit = "" if rng.random() < 0.8 else str(rng.randint(1, 6))
        homes.append(
            Household(
                household_id=str(uuid.uuid5(NAMESPACE, f"household:{index}")),
                address_id=str(uuid.uuid5(NAMESPACE, f"address:{index}")),
                contact_id=str(uuid.uuid5(NAMESPACE, f"contact:{index}")),
                contact_household_id=str(uuid.uuid5(NAMESPACE, f"contact-household:{index}")),
                contact_given=rng.choice(words.given),
                contact_surname=rng.choice(words.surnames),
                number=number,
                street=street,
                unit=unit,
                lat=round(lat, 6),
                lng=round(lng, 6),
                walklist_index=list_index,
            )
        )
    return homes


def _offset(lat: float, lng: float, meters: float, rng: random.Random) -> tuple[float, float]:
    """A point ``meters`` away from (lat, lng) in a random direction."""
    bearing = rng.uniform(0, 2 * math.pi)
    dlat = meters * math.cos(bearing) / 111_320
    dlng = meters * math.sin(bearing) / (111_320 * math.cos(math.radians(lat)))
    return lat + dlat, lng + dlng


def _state(rng: random.Random, knock: datetime) -> str:
    # Recent visits are the ones still waiting; old ones have long been sent.
    if knock < GENERATED_AT - timedelta(days=2) and rng.random() < 0.97:
        return "sent"
    roll = rng.random()
    for state, share in (
        ("sent", 0.80),
        ("queued", 0.07),
        ("retry_wait", 0.04),
        ("unknown", 0.03),
        ("needs_attention", 0.03),
        ("rejected", 0.03),
    ):
        if roll < share:
            return state
        roll -= share
    return "queued"


def _visit_data(
    rng: random.Random, home: Household, canvasser: str, knock: datetime, words: Words
) -> tuple[dict[str, Any], str, float | None]:
    """The interaction data, the outcome label, the distance in miles."""
    contact_rate = 0.97 if canvasser == SUSPICIOUS_FAST else 0.35
    available = rng.random() < contact_rate
    responses: dict[str, Any] = {}
    survey_id = SHOWCASE_SURVEY_ID
    q = _question_id

    if available:
        support = rng.randint(1, 5)
        responses[q("showcase", "available")] = {
            "questionId": q("showcase", "available"),
            "fields": {words.tag("available"): "true"},
        }
        responses[q("showcase", "support")] = {
            "questionId": q("showcase", "support"),
            "fields": {words.tag("support"): support},
        }
        issues = rng.sample(["Housing", "Transit", "Schools", "Parks", "Safety"], k=2)
        responses[q("showcase", "issues")] = {
            "questionId": q("showcase", "issues"),
            "fields": {words.tag("issues"): [words.text(issue) for issue in issues]},
        }
        successful = support >= 4
        outcome = "Successful" if successful else "Not Successful"
        unavailable_reason: str | None = None
    else:
        reason = rng.choice(OUTCOMES_UNAVAILABLE)
        survey_id = DEFAULT_SURVEY_ID
        responses[q("default", "available")] = {
            "questionId": q("default", "available"),
            "fields": {words.tag("available"): "false"},
        }
        if reason != "Come Back":
            responses[q("default", "unavailable_reason")] = {
                "questionId": q("default", "unavailable_reason"),
                "fields": {words.tag("unavailable_reason"): words.text(reason)},
            }
        successful = False
        outcome = reason
        unavailable_reason = reason

    status = _status_for(outcome)
    data: dict[str, Any] = {
        "campaignId": CAMPAIGN_ID,
        "contactId": home.contact_id,
        "householdId": home.household_id,
        "contactHouseholdId": home.contact_household_id,
        "timestamp": format_timestamp(knock),
        "unavailable": not available,
        "successful": successful,
        "survey": {"surveyId": survey_id, "responses": responses},
        "walklistId": walklist_id(home.walklist_index),
    }
    if unavailable_reason is not None:
        data["unavailableReason"] = unavailable_reason
    if status is not None:
        data["statusId"] = status.id

    no_fix_share = 0.45 if canvasser == SUSPICIOUS_GPS else 0.04
    distance_miles: float | None = None
    if rng.random() >= no_fix_share:
        far = canvasser == SUSPICIOUS_GPS and rng.random() < 0.3
        meters = rng.uniform(350, 2500) if far else abs(rng.gauss(25, 40))
        if rng.random() < 0.04:
            meters = rng.uniform(100, 300)
        lat, lng = _offset(home.lat, home.lng, meters, rng)
        distance_miles = round(meters_to_miles(meters), 4)
        data["location"] = {
            "lat": round(lat, 7),
            "lng": round(lng, 7),
            "confidence": round(rng.uniform(4, 60), 1),
        }
        data["distance"] = distance_miles
    return data, outcome, distance_miles


def _contact_household_doc(home: Household, words: Words) -> dict[str, Any]:
    """The expanded document of GET /v1/lists/{id}/contact-households (api-notes §5.5)."""
    return {
        "id": home.contact_household_id,
        "data": {
            "contactId": home.contact_id,
            "householdId": home.household_id,
            "contact": {
                "id": home.contact_id,
                "data": {
                    "profile": {
                        "name": {
                            "anglican": {
                                "given": home.contact_given,
                                "surname": home.contact_surname,
                            }
                        }
                    },
                    "fields": {},
                },
            },
            "household": {
                "id": home.household_id,
                "data": {
                    "unitNum": home.unit,
                    "address": {
                        "id": home.address_id,
                        "data": {
                            "number": str(home.number),
                            "streetName": home.street,
                            "city": words.city,
                            "state": "MA",
                            "postalCode": "02138",
                            "coords": {"lat": home.lat, "lng": home.lng},
                        },
                    },
                },
            },
        },
        "meta": {"resource": "contact-households"},
    }


def _seed_walklists(db: Any, homes: list[Household], words: Words) -> None:
    """The offline copy of each walklist: households with coordinates, the surveys."""
    surveys = [
        {
            "id": DEFAULT_SURVEY_ID,
            "data": translated_survey(default_survey_data(CAMPAIGN_ID), words),
        },
        {
            "id": SHOWCASE_SURVEY_ID,
            "data": translated_survey(showcase_survey_data(CAMPAIGN_ID), words),
        },
    ]
    statuses = [{"id": s.id, "data": s.to_data()} for s in DEFAULT_STATUSES]
    groups = [{"id": g.id, "data": g.to_data()} for g in DEFAULT_STATUS_GROUPS]
    repo = CacheRepo(db)
    for index, name in enumerate(words.walklists):
        repo.replace_walklist(
            CachedList(
                list_id=walklist_id(index),
                campaign_id=CAMPAIGN_ID,
                name=name,
                pulled_at=format_timestamp(GENERATED_AT - timedelta(days=index)),
                default_survey_id=DEFAULT_SURVEY_ID,
            ),
            contact_households=[
                _contact_household_doc(home, words)
                for home in homes
                if home.walklist_index == index
            ],
            surveys=surveys,
            statuses=statuses,
            status_groups=groups,
            campaign=None,
        )


def generate_ledger(
    data_dir: Path, *, visits: int, seed: int = 7, language: str = "en"
) -> LedgerSummary:
    """Write ``visits`` generated visits (and their walklists) into ``data_dir``'s database,
    with names, places, notes and surveys in ``language`` ("en" or "es")."""
    words = LANGUAGES[language]
    if visits < 0:
        raise ValueError(f"the number of visits must not be negative (got {visits})")
    rng = random.Random(seed)
    db = open_database(data_dir)
    try:
        homes = _households(rng, max(40, min(visits // 6, 20_000)), words)
        by_list: dict[int, list[Household]] = {}
        for home in homes:
            by_list.setdefault(home.walklist_index, []).append(home)
        _seed_walklists(db, homes, words)

        per_canvasser = [visits // len(CANVASSERS)] * len(CANVASSERS)
        for extra in range(visits - sum(per_canvasser)):
            per_canvasser[extra] += 1

        visit_rows: list[tuple[Any, ...]] = []
        outbox_rows: list[tuple[Any, ...]] = []
        log_rows: list[tuple[Any, ...]] = []
        by_state: dict[str, int] = {}
        by_canvasser: dict[str, int] = {}
        voided = 0
        for canvasser, count in zip(CANVASSERS, per_canvasser, strict=True):
            # Walk backwards from the generation time in shifts of 30-60 doors.
            knock = GENERATED_AT - timedelta(hours=1, minutes=CANVASSERS.index(canvasser) * 7)
            made = 0
            while made < count:
                shift = min(count - made, rng.randint(30, 60))
                homes_here = by_list[rng.randrange(len(by_list))]
                start = rng.randrange(len(homes_here))
                times: list[datetime] = []
                for _ in range(shift):
                    times.append(knock)
                    gap = (
                        rng.uniform(8, 25) if canvasser == SUSPICIOUS_FAST else rng.uniform(60, 420)
                    )
                    knock -= timedelta(seconds=gap)
                for position, when in enumerate(reversed(times)):
                    home = homes_here[(start + position) % len(homes_here)]
                    visit_rows.append(_visit_row(rng, home, canvasser, when, words))
                made += shift
                knock -= timedelta(hours=rng.randint(18, 40))
            by_canvasser[canvasser] = count

        # Local order (seq) follows the knock time, as it would on a real device.
        visit_rows.sort(key=lambda row: (row[7], row[0]))
        for row in visit_rows:
            state, deleted = row[13], row[12]
            by_state[state] = by_state.get(state, 0) + 1
            voided += int(deleted)
            if state != "sent":
                # A sent visit's create is finished; only unsent visits keep an open op.
                outbox_rows.append(_create_op(row))
            log_rows.extend(_log_rows(rng, row))

        conn = db.conn
        # A bulk load into a fresh file, not a canvasser's save: write it once without a
        # journal copy or flushes (the app's WAL + FULL come back when it is reopened).
        conn.execute("PRAGMA journal_mode = MEMORY")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -262144")
        conn.execute("BEGIN")
        try:
            conn.executemany(
                "INSERT INTO visits (local_id, canvasser, walklist_id, campaign_id, contact_id,"
                " household_id, contact_household_id, knock_time, sent_time, data_json,"
                " server_id, etag, deleted, state, last_error, contact_name, address_line,"
                " unit, outcome, notes, answers, distance_miles, gps_grade, created_at,"
                " updated_at, server_data_json)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                " ?, ?, ?)",
                [_visit_insert(row) for row in visit_rows],
            )
            # Saves leave their text for later indexing; index all of it now, in one go.
            search_index.rebuild(conn)
            conn.executemany(
                "INSERT INTO outbox (local_id, kind, payload_json, base_json, idempotency_key,"
                " state, attempts, next_attempt_at, lease_owner, lease_expires_at, last_status,"
                " last_error, created_at, updated_at)"
                " VALUES (?, 'create', ?, NULL, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?)",
                outbox_rows,
            )
            conn.executemany(
                # Each event names its visit's seq, as the app writes them (migration 11).
                "INSERT INTO sync_log (at, local_id, op_id, event, from_state, to_state, method,"
                " http_status, etag, error_class, message, detail_json, visit_seq)"
                " VALUES (?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                " (SELECT seq FROM visits WHERE local_id = ?2))",
                log_rows,
            )
            conn.execute("COMMIT")
            conn.execute("PRAGMA journal_mode = WAL")
        except BaseException:
            if conn.in_transaction:
                conn.rollback()
            raise
        return LedgerSummary(
            visits=len(visit_rows),
            households=len(homes),
            by_state=by_state,
            by_canvasser=by_canvasser,
            voided=voided,
            walklist_ids=tuple(walklist_id(i) for i in range(len(words.walklists))),
        )
    finally:
        db.close()


# A generated visit before it becomes SQL parameters (index: meaning):
# 0 local_id, 1 canvasser, 2 walklist_id, 3 campaign_id, 4 contact_id, 5 household_id,
# 6 contact_household_id, 7 knock_time, 8 sent_time, 9 data, 10 server_id, 11 etag,
# 12 deleted, 13 state, 14 last_error, 15 contact_name, 16 address_line, 17 unit,
# 18 outcome, 19 notes, 20 answers, 21 distance_miles, 22 gps_grade
VisitRow = tuple[Any, ...]

_REJECTIONS = (
    "422 ValidationError: /data/statusId does not reference a status of this customer",
    "400 BadRequest: /data/survey/surveyId is not a survey of campaign",
)


def _visit_row(
    rng: random.Random, home: Household, canvasser: str, knock: datetime, words: Words
) -> VisitRow:
    local_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    data, outcome, distance = _visit_data(rng, home, canvasser, knock, words)
    state = _state(rng, knock)
    sent = state == "sent"
    sent_time = format_timestamp(knock + timedelta(seconds=rng.uniform(2, 900))) if sent else None
    server_id = str(uuid.UUID(int=rng.getrandbits(128), version=4)) if sent else None
    etag = f"47a-{rng.getrandbits(64):016x}" if sent else None
    last_error = {
        "retry_wait": "The server is busy (503); trying again later.",
        "unknown": "The connection dropped after sending; checking the server before resending.",
        "needs_attention": "The visit was deleted on the server; both versions are kept.",
        "rejected": rng.choice(_REJECTIONS),
    }.get(state)
    meters = None if distance is None else miles_to_meters(distance)
    return (
        local_id,
        canvasser,
        walklist_id(home.walklist_index),
        CAMPAIGN_ID,
        home.contact_id,
        home.household_id,
        home.contact_household_id,
        data["timestamp"],
        sent_time,
        data,
        server_id,
        etag,
        rng.random() < 0.005,
        state,
        last_error,
        home.contact_name,
        home.address_line,
        home.unit,
        outcome,
        rng.choice(words.notes) if rng.random() < 0.08 else "",
        answers_text(data),
        distance,
        grade_distance(meters).value,
    )


def _visit_insert(row: VisitRow) -> tuple[Any, ...]:
    data_json = json.dumps(row[9], separators=(",", ":"))
    return (
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        row[6],
        row[7],
        row[8],
        data_json,
        row[10],
        row[11],
        int(row[12]),
        row[13],
        row[14],
        row[15],
        row[16],
        row[17],
        row[18],
        row[19],
        row[20],
        row[21],
        row[22],
        row[7],
        row[8] or row[7],
        None,
    )


def _create_op(row: VisitRow) -> tuple[Any, ...]:
    state = row[13]
    attempts = {"sent": 1, "queued": 0, "retry_wait": 2, "unknown": 1}.get(state, 1)
    status = {"sent": 201, "retry_wait": 503, "needs_attention": 404, "rejected": 422}.get(state)
    return (
        row[0],
        json.dumps(row[9], separators=(",", ":")),
        row[0],
        state,
        attempts,
        row[7],
        status,
        row[14],
        row[7],
        row[8] or row[7],
    )


def _log_rows(rng: random.Random, row: VisitRow) -> list[tuple[Any, ...]]:
    """Sync log lines: (at, local_id, event, from, to, method, status, etag, class, msg, detail)."""
    local_id, knock, state = row[0], row[7], row[13]
    rows: list[tuple[Any, ...]] = [
        (
            knock,
            local_id,
            "saved",
            None,
            "queued",
            None,
            None,
            None,
            None,
            "Saved on this laptop",
            None,
        )
    ]
    if state == "sent":
        rows.append(
            (row[8], local_id, "sent", "sending", "sent", "POST", 201, row[11], None, None, None)
        )
        if rng.random() < 0.01:
            detail = {
                "overwritten": [
                    {"path": "/successful", "server_value": False, "local_value": True},
                ]
            }
            rows.append(
                (
                    row[8],
                    local_id,
                    "conflict",
                    "sending",
                    "sending",
                    "PATCH",
                    412,
                    row[11],
                    "ConflictError",
                    "Someone changed this visit on the server; your edit was re-applied.",
                    json.dumps(detail),
                )
            )
    elif state in ("retry_wait", "unknown", "needs_attention", "rejected"):
        status = {"retry_wait": 503, "unknown": None, "needs_attention": 404, "rejected": 422}[
            state
        ]
        rows.append(
            (
                knock,
                local_id,
                "send_failed",
                "sending",
                state,
                "POST",
                status,
                None,
                {"retry_wait": "TransientError", "unknown": "TransientError"}.get(
                    state, "RejectedError"
                ),
                row[14],
                None,
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data_dir", type=Path, help="data dir whose database receives the visits")
    parser.add_argument("--visits", type=int, default=100_000, help="how many visits (100000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (7)")
    parser.add_argument(
        "--language", choices=sorted(LANGUAGES), default="en", help="of the data (en)"
    )
    args = parser.parse_args(argv)
    from benchlib import use_app_keys

    use_app_keys()
    summary = generate_ledger(
        args.data_dir, visits=args.visits, seed=args.seed, language=args.language
    )
    print(
        f"Wrote {summary.visits} visits ({summary.households} households) into "
        f"{args.data_dir}: {json.dumps(summary.by_state, sort_keys=True)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
