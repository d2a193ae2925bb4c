"""ServerState: the documents, the tokens, the fault plan, and every rule of the API.

One re-entrant lock guards the store, so requests (on uvicorn's event loop) and tests
(acting as a concurrent editor from their own thread) see one consistent state.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar, cast

from canvass_app.core.errors import FieldError
from canvass_app.core.outcomes import CONTACT_STATES, DEFAULT_STATUSES
from canvass_app.server import seed as demo_seed
from canvass_app.server.auth import TokenBook
from canvass_app.server.documents import (
    Tenant,
    apply_patch,
    make_etag,
    marked_deleted,
    new_document,
    normalize_patch,
    touched,
)
from canvass_app.server.errors import (
    ApiError,
    not_found,
    validation_error,
)
from canvass_app.server.faults import (
    FaultCounter,
    FaultDecision,
    FaultPlan,
    RateLimiter,
    parse_fault_spec,
)
from canvass_app.server.limits import DEFAULT_MAX_BODY_BYTES
from canvass_app.server.query import CollectionQuery, run_query
from canvass_app.server.resources import RESOURCES, ResourceSpec, validate_address_data
from canvass_app.server.store import DocumentStore, RememberedAnswer

SEEDS = ("demo", "empty")
# A door nobody has knocked yet shows the list's status: "Default" for a normal list.
DEFAULT_STATUS_ID = next(
    s.id for s in DEFAULT_STATUSES if s.contact_state == "not-contacted-normal"
)
CONTACT_MATCH_FIELDS = ("title", "given", "middlename", "surname", "suffix")


JsonT = TypeVar("JsonT")


@dataclass(frozen=True)
class WriteRecord:
    """One committed write, in commit order (``ServerState.writes``, when recorded).

    ``before``/``after`` are the document's data around the write (None before a create);
    ``user_id`` is who the token acted for. The reliability proofs read what reached the
    server, and in which order, from these, whatever the answers that got lost.
    """

    seq: int
    resource: str
    doc_id: str
    kind: str  # "create" | "patch" | "delete"
    user_id: str
    before: dict[str, Any] | None
    after: dict[str, Any]


def clone(value: JsonT) -> JsonT:
    """A deep copy of a JSON value (several times faster than copy.deepcopy)."""
    return cast(JsonT, json.loads(json.dumps(value)))


def fingerprint(method: str, path: str, body: bytes) -> str:
    """What an Idempotency-Key promises: the same request. JSON is compared canonically."""
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        canonical = body
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + canonical).hexdigest()


class ServerState:
    def __init__(
        self,
        *,
        token: str = demo_seed.DEMO_TOKEN,
        seed: str = "demo",
        db: Path | None = None,
        faults: str | None = None,
        conflict_status: int = 412,
        token_ttl_s: float | None = None,
        idempotency: bool = True,
        fault_seed: int = 0,
        clock: Callable[[], float] = time.monotonic,
        record_writes: bool = False,
        demo_login: bool = True,
        redirect_uris: tuple[str, ...] = (),
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        contact_match: bool = True,
        check_references: bool = False,
    ) -> None:
        if seed not in SEEDS:
            raise ValueError(f"unknown seed {seed!r}; choose one of {', '.join(SEEDS)}")
        if not 400 <= conflict_status <= 499:
            raise ValueError(f"the conflict status must be a 4xx code, not {conflict_status}")
        if isinstance(max_body_bytes, bool) or not isinstance(max_body_bytes, int):
            raise ValueError(
                f"the body limit must be a whole number of bytes, not {max_body_bytes!r}"
            )
        if max_body_bytes < 1024:
            raise ValueError(f"the body limit must be at least 1024 bytes, not {max_body_bytes}")
        for uri in redirect_uris:
            if not uri.startswith(("http://", "https://")):
                raise ValueError(f"a redirect URI must be an http(s) URL, not {uri!r}")
        self.max_body_bytes = max_body_bytes
        self.redirect_uris = frozenset(redirect_uris)
        self.lock = threading.RLock()
        self.tenant = demo_seed.DEMO_TENANT
        self.conflict_status = conflict_status
        self.idempotency = idempotency
        # POST /v2/contacts answers the existing contact on a six-field match (api-notes
        # §2.5); off: a server that creates a duplicate instead.
        self.contact_match = contact_match
        # Interactions must name a live contact, household and the link joining them.
        self.check_references = check_references
        self.tokens = TokenBook(
            token,
            demo_code=demo_seed.DEMO_CODE,
            demo_login=demo_login,
            ttl_s=token_ttl_s,
            clock=clock,
        )
        self._fault_plan = parse_fault_spec(faults)
        self._limiters: dict[int, RateLimiter] = {}
        self._clock = clock
        self._fault_random = random.Random(fault_seed)
        self._editor_random = random.Random(fault_seed + 1)
        self.fault_counts = FaultCounter()
        # Every committed write, in order, when asked for (tests); None otherwise.
        self.writes: list[WriteRecord] | None = [] if record_writes else None
        self.store = DocumentStore(db)
        if seed == "demo" and self.store.is_empty():
            self._load_seed()

    # ------------------------------------------------------------ setup

    def _load_seed(self) -> None:
        with self.lock:
            for resource, documents in demo_seed.demo_documents().items():
                self.store.put_many(resource, documents)

    def close(self) -> None:
        with self.lock:
            self.store.close()

    # ------------------------------------------------------------ auth

    def authenticate(self, authorization: str | None) -> Tenant:
        """The tenant of a valid bearer token; 401 otherwise. One tenant: the demo's; a
        token added with its own user acts as that user."""
        user_id = self.tokens.check(authorization)
        return self.tenant if user_id is None else replace(self.tenant, user_id=user_id)

    def issue_code(self) -> str:
        return self.tokens.issue_code()

    def exchange_code(self, code: str) -> str:
        return self.tokens.exchange_code(code)

    def add_token(self, token: str, user_id: str | None = None) -> None:
        """Accept one more bearer token (tests, the demo), acting as ``user_id`` when given
        (else as the tenant's user)."""
        self.tokens.add(token, user_id)

    def _recorded(
        self,
        resource: str,
        kind: str,
        user_id: str,
        before: dict[str, Any] | None,
        document: dict[str, Any],
    ) -> None:
        """Append a committed write to ``writes`` (called under the lock, after the put)."""
        if self.writes is not None:
            self.writes.append(
                WriteRecord(
                    len(self.writes),
                    resource,
                    str(document["id"]),
                    kind,
                    user_id,
                    clone(before),
                    clone(document["data"]),
                )
            )

    # ------------------------------------------------------------ faults

    @property
    def fault_plan(self) -> FaultPlan:
        return self._fault_plan

    def set_faults(self, spec: str | None, fault_seed: int | None = None) -> None:
        """Replace the fault plan at runtime (None or "" switches faults off)."""
        plan = parse_fault_spec(spec)
        with self.lock:
            self._fault_plan = plan
            self._limiters = {}
            if fault_seed is not None:
                self._fault_random = random.Random(fault_seed)
                self._editor_random = random.Random(fault_seed + 1)

    def decide_faults(self, method: str, path: str) -> FaultDecision:
        with self.lock:
            if self._fault_plan.empty:
                return FaultDecision()
            decision = self._fault_plan.decide(method, path, self._fault_random)
            if decision.kind is None:
                decision = self._rate_limited(method, path, decision)
            if decision.kind is not None:
                self.fault_counts.add(decision.kind)
            return decision

    def _rate_limited(self, method: str, path: str, decision: FaultDecision) -> FaultDecision:
        now = self._clock()
        for index, rule in enumerate(self._fault_plan.rules):
            if rule.rate_per_s is None or not rule.applies_to(method, path):
                continue
            limiter = self._limiters.setdefault(index, RateLimiter(rule.rate_per_s, now))
            wait = limiter.wait_s(now)
            if wait > 0:
                return FaultDecision(decision.latency_s, "429", wait)
        return decision

    # ------------------------------------------------------------ idempotency

    def remembered_answer(self, key: str, request_fingerprint: str) -> RememberedAnswer | None:
        """The first answer for this key; 422 when the key came with another request."""
        with self.lock:
            answer = self.store.answer_for(key)
        if answer is None:
            return None
        if answer.fingerprint != request_fingerprint:
            raise ApiError(
                422,
                "IdempotencyKeyReusedError",
                "This Idempotency-Key was already used with a different request body.",
            )
        return answer

    def remember_answer(self, key: str, answer: RememberedAnswer) -> None:
        with self.lock:
            self.store.remember_answer(key, answer)

    # ------------------------------------------------------------ generic documents

    def _spec(self, resource: str) -> ResourceSpec:
        return RESOURCES[resource]

    def _live(self, resource: str, doc_id: str) -> dict[str, Any]:
        document = self.store.get(resource, doc_id)
        if document is None or document["meta"].get("isDeleted"):
            raise not_found(resource, doc_id)
        return document

    def _check_etag(self, document: dict[str, Any], etag: str | None) -> None:
        if etag is None or not etag.strip():
            raise ApiError(
                428,
                "ConcurrencyError",
                "The etag request header is required: send the document's current meta.etag.",
            )
        if etag.strip().strip('"') != document["meta"]["etag"]:
            raise ApiError(
                self.conflict_status,
                "ConcurrencyError",
                "The provided version does not match the current value: the document changed "
                "since you read it. Fetch it again and re-apply your change.",
                {"id": document["id"]},
            )

    def _validate(self, spec: ResourceSpec, data: dict[str, Any]) -> None:
        problems = spec.validate(data)
        problems.extend(self._reference_problems(spec.name, data))
        if problems:
            raise validation_error(problems)

    def _reference_problems(self, resource: str, data: dict[str, Any]) -> list[FieldError]:
        """Links the server can check without making examples from the docs fail."""
        problems: list[FieldError] = []
        if resource == "statuses" and isinstance(data.get("statusGroupId"), str):
            if self.store.get("status-groups", data["statusGroupId"]) is None:
                problems.append(FieldError("/data/statusGroupId", "is not a known status group"))
        if resource == "interactions" and self.check_references:
            problems.extend(self._interaction_reference_problems(data))
        return problems

    def _interaction_reference_problems(self, data: dict[str, Any]) -> list[FieldError]:
        """With ``check_references``: the contact, household and contact-household an
        interaction names exist, and the link joins that contact to that household."""
        problems: list[FieldError] = []
        for name, resource in (
            ("contactId", "contacts"),
            ("householdId", "households"),
            ("contactHouseholdId", "contact-households"),
        ):
            value = data.get(name)
            found = self.store.get(resource, value) if isinstance(value, str) else None
            if found is None or found["meta"].get("isDeleted"):
                problems.append(FieldError(f"/data/{name}", f"is not a known {resource[:-1]}"))
            elif resource == "contact-households" and found["data"] != {
                "contactId": data.get("contactId"),
                "householdId": data.get("householdId"),
            }:
                problems.append(
                    FieldError(f"/data/{name}", "does not join this contactId to this householdId")
                )
        return problems

    def list_documents(self, resource: str, query: CollectionQuery) -> list[dict[str, Any]]:
        with self.lock:
            live = [d for d in self.store.all(resource) if not d["meta"].get("isDeleted")]
            return clone(run_query(live, query))

    def get_document(self, resource: str, doc_id: str) -> dict[str, Any]:
        with self.lock:
            return clone(self._live(resource, doc_id))

    def create_document(
        self,
        resource: str,
        data: dict[str, Any],
        tenant: Tenant,
        *,
        customer_id: Any = None,
        security_group_id: Any = None,
        params: Any = None,
    ) -> dict[str, Any]:
        """Validate and store a new document, or answer the existing one where Polis dedupes."""
        spec = self._spec(resource)
        for name, value in (("customerId", customer_id), ("securityGroupId", security_group_id)):
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise validation_error([FieldError(f"/{name}", "must be a non-empty string")])
        if params is not None and not isinstance(params, dict):
            raise validation_error([FieldError("/params", "must be an object")])
        data = clone(data)
        with self.lock:
            if resource == "households":
                data = self._household_by_reference(data, tenant, params)
            self._validate(spec, data)
            existing = self._existing_duplicate(resource, data)
            if existing is not None:
                return clone(existing)
            document = new_document(
                resource,
                data,
                tenant,
                customer_id=customer_id,
                security_group_id=security_group_id,
                with_tenant=spec.with_tenant,
            )
            self.store.put(resource, document)
            self._recorded(resource, "create", tenant.user_id, None, document)
            return clone(document)

    def patch_document(
        self, resource: str, doc_id: str, etag: str | None, operations: Any, tenant: Tenant
    ) -> dict[str, Any]:
        """Apply RFC 6902 operations to data, all or nothing, guarded by the etag."""
        spec = self._spec(resource)
        ops = normalize_patch(operations)
        with self.lock:
            document = self._live(resource, doc_id)
            self._check_etag(document, etag)
            patched = apply_patch(document["data"], ops)
            self._validate(spec, patched)
            updated = touched(document, patched, tenant.user_id)
            self.store.put(resource, updated)
            self._recorded(resource, "patch", tenant.user_id, document["data"], updated)
            return clone(updated)

    def delete_document(
        self, resource: str, doc_id: str, etag: str | None, tenant: Tenant
    ) -> dict[str, Any]:
        with self.lock:
            document = self._live(resource, doc_id)
            self._check_etag(document, etag)
            deleted = marked_deleted(document, tenant.user_id)
            self.store.put(resource, deleted)
            self._recorded(resource, "delete", tenant.user_id, document["data"], deleted)
            return clone(deleted)

    # ------------------------------------------------------------ dedupe on create

    def _existing_duplicate(self, resource: str, data: dict[str, Any]) -> dict[str, Any] | None:
        if resource == "contacts" and self.contact_match:
            key = _contact_key(data)
            for document in self.store.all("contacts"):
                if not document["meta"].get("isDeleted") and _contact_key(document["data"]) == key:
                    return document
        if resource == "households":
            key = (data.get("unitNum"), data.get("addressId"))
            for document in self.store.all("households"):
                if document["meta"].get("isDeleted"):
                    continue
                if (document["data"].get("unitNum"), document["data"].get("addressId")) == key:
                    return document
        return None

    def _household_by_reference(
        self, data: dict[str, Any], tenant: Tenant, params: dict[str, Any] | None
    ) -> dict[str, Any]:
        """An inline address becomes (or reuses) an address document; data keeps addressId."""
        if params and isinstance(params.get("externalId"), str):
            data["externalId"] = params["externalId"]
        address = data.get("address")
        if not isinstance(address, dict) or not isinstance(address.get("data"), dict):
            return data
        address_data = address["data"]
        problems = validate_address_data(address_data, "/data/address/data")
        if problems:
            raise validation_error(problems)
        key = _address_key(address_data)
        for existing in self.store.all("addresses"):
            if _address_key(existing["data"]) == key:
                address_id = existing["id"]
                break
        else:
            created = new_document("addresses", address_data, tenant)
            self.store.put("addresses", created)
            address_id = created["id"]
        result = {k: v for k, v in data.items() if k != "address"}
        result["addressId"] = address_id
        return result

    # ------------------------------------------------------------ walklist views

    def expanded_household(self, household: dict[str, Any]) -> dict[str, Any]:
        """A household with `address: {id, data}` embedded and its `formattedAddress`."""
        expanded = clone(household)
        address_id = household["data"].get("addressId")
        address = self.store.get("addresses", address_id) if isinstance(address_id, str) else None
        if address is not None:
            expanded["data"]["address"] = {
                "id": address["id"],
                "data": clone(address["data"]),
            }
            expanded["data"]["formattedAddress"] = format_address(
                address["data"], household["data"].get("unitNum", "")
            )
        return expanded

    def list_members(self, list_id: str, query: CollectionQuery) -> list[dict[str, Any]]:
        """GET /v1/lists/{id}/contact-households: expanded contact-household documents."""
        with self.lock:
            self._live("lists", list_id)
            members = [
                m
                for m in self.store.all("contact-household-lists")
                if m["data"].get("listId") == list_id and not m["meta"].get("isDeleted")
            ]
            expanded: list[dict[str, Any]] = []
            for member in members:
                link = self.store.get("contact-households", member["data"]["contactHouseholdId"])
                if link is None or link["meta"].get("isDeleted"):
                    continue
                contact = self.store.get("contacts", link["data"]["contactId"])
                household = self.store.get("households", link["data"]["householdId"])
                if contact is None or household is None:
                    continue
                if contact["meta"].get("isDeleted") or household["meta"].get("isDeleted"):
                    continue
                document = clone(link)
                document["data"] = {
                    "contactId": contact["id"],
                    "householdId": household["id"],
                    "contact": clone(contact),
                    "household": self.expanded_household(household),
                }
                expanded.append(document)
            return run_query(expanded, query)

    def contact_households(self, contact_id: str, query: CollectionQuery) -> list[dict[str, Any]]:
        """GET /v2/contacts/{id}/households: households with params.contactHouseholdId."""
        with self.lock:
            self._live("contacts", contact_id)
            found: list[dict[str, Any]] = []
            for link in self.store.all("contact-households"):
                if link["data"].get("contactId") != contact_id or link["meta"].get("isDeleted"):
                    continue
                household = self.store.get("households", link["data"]["householdId"])
                if household is None or household["meta"].get("isDeleted"):
                    continue
                document = self.expanded_household(household)
                document["params"] = {"contactHouseholdId": link["id"]}
                found.append(document)
            return run_query(found, query)

    def link_contact_household(
        self, contact_id: str, household_id: str, tenant: Tenant
    ) -> dict[str, Any]:
        """PUT /v2/contacts/{cid}/households/{hid}: the join document (created once)."""
        with self.lock:
            self._live("contacts", contact_id)
            self._live("households", household_id)
            for link in self.store.all("contact-households"):
                if link["data"] == {"contactId": contact_id, "householdId": household_id}:
                    if not link["meta"].get("isDeleted"):
                        return clone(link)
            document = new_document(
                "contact-households",
                {"contactId": contact_id, "householdId": household_id},
                tenant,
                doc_id=demo_seed.contact_household_id(contact_id, household_id),
            )
            self.store.put("contact-households", document)
            self._recorded("contact-households", "create", tenant.user_id, None, document)
            return clone(document)

    def find_link(self, contact_id: str, household_id: str) -> dict[str, Any]:
        for link in self.store.all("contact-households"):
            data = link["data"]
            if data.get("contactId") == contact_id and data.get("householdId") == household_id:
                if not link["meta"].get("isDeleted"):
                    return link
        raise ApiError(
            404,
            "NotFoundError",
            f"Contact {contact_id!r} is not linked to household {household_id!r}.",
        )

    def unlink_contact_household(
        self, contact_id: str, household_id: str, etag: str | None, tenant: Tenant
    ) -> dict[str, Any]:
        with self.lock:
            link = self.find_link(contact_id, household_id)
            self._check_etag(link, etag)
            deleted = marked_deleted(link, tenant.user_id)
            self.store.put("contact-households", deleted)
            return clone(deleted)

    # ------------------------------------------------------------ list membership

    def _member(self, list_id: str, link_id: str) -> dict[str, Any] | None:
        for member in self.store.all("contact-household-lists"):
            data = member["data"]
            if data.get("listId") == list_id and data.get("contactHouseholdId") == link_id:
                if not member["meta"].get("isDeleted"):
                    return member
        return None

    def _recount(self, list_id: str) -> None:
        """contactsCount is read-only and derived: recount after a membership change."""
        document = self.store.get("lists", list_id)
        if document is None:
            return
        count = sum(
            1
            for m in self.store.all("contact-household-lists")
            if m["data"].get("listId") == list_id and not m["meta"].get("isDeleted")
        )
        if document.get("contactsCount") != count:
            updated = clone(document)
            updated["contactsCount"] = count
            self.store.put("lists", updated)

    def add_list_member(
        self, list_id: str, contact_id: str, household_id: str, tenant: Tenant
    ) -> dict[str, Any]:
        """Put an existing contact-household on a list (once); answers the member document."""
        with self.lock:
            self._live("lists", list_id)
            link = self.find_link(contact_id, household_id)
            existing = self._member(list_id, link["id"])
            if existing is not None:
                return clone(existing)
            member = new_document(
                "contact-household-lists",
                {"listId": list_id, "contactHouseholdId": link["id"]},
                tenant,
            )
            self.store.put("contact-household-lists", member)
            self._recount(list_id)
            return clone(member)

    def list_member_summary(self, member: dict[str, Any]) -> dict[str, Any]:
        """The non-envelope answer of PUT /v1/lists/{l}/contacts/{c}/households/{h}."""
        with self.lock:
            link = self.store.get("contact-households", member["data"]["contactHouseholdId"])
            coords: dict[str, Any] = {}
            if link is not None:
                household = self.store.get("households", link["data"]["householdId"])
                address_id = household["data"].get("addressId") if household else None
                address = self.store.get("addresses", address_id) if address_id else None
                found = address["data"].get("coords") if address else None
                if isinstance(found, dict):
                    coords = {"lat": found.get("lat"), "lng": found.get("lng")}
            return {
                "coords": coords,
                "listId": member["data"]["listId"],
                "contactHouseholdId": member["data"]["contactHouseholdId"],
            }

    def remove_list_member(
        self, list_id: str, contact_id: str, household_id: str, etag: str | None, tenant: Tenant
    ) -> dict[str, Any]:
        with self.lock:
            self._live("lists", list_id)
            link = self.find_link(contact_id, household_id)
            member = self._member(list_id, link["id"])
            if member is None:
                raise ApiError(404, "NotFoundError", "That contact-household is not on this list.")
            self._check_etag(member, etag)
            deleted = marked_deleted(member, tenant.user_id)
            self.store.put("contact-household-lists", deleted)
            self._recount(list_id)
            return clone(deleted)

    # ------------------------------------------------------------ bulk writes (partial success)

    def bulk(
        self, items: Any, write: Callable[[int, Any], dict[str, Any] | None], *, limit: int = 1000
    ) -> dict[str, Any]:
        """Run one write per item; failures are reported by position, the rest succeed.

        `write` answers the document, or None when the item was skipped (its error was
        already recorded through BulkSkip).
        """
        if not isinstance(items, list):
            raise validation_error([FieldError("/data", "must be a list of items")])
        if not 1 <= len(items) <= limit:
            raise validation_error(
                [FieldError("/data", f"must hold 1 to {limit} items, it holds {len(items)}")]
            )
        done: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        with self.lock:
            for position, item in enumerate(items):
                try:
                    document = write(position, item)
                except BulkSkip as skip:
                    errors.append(skip.entry(position))
                except ApiError as error:
                    errors.append(
                        {
                            "name": error.name,
                            "message": error.message,
                            "data": {**error.data, "position": position},
                        }
                    )
                else:
                    if document is not None:
                        done.append(document)
        answer: dict[str, Any] = {"data": done, "meta": {}}
        if errors:
            answer["errors"] = errors
        return answer

    def bulk_create_contact(self, item: Any, tenant: Tenant) -> dict[str, Any]:
        data = _item_data(item)
        with self.lock:
            self._validate(self._spec("contacts"), data)
            existing = self._existing_duplicate("contacts", data)
            if existing is not None:
                raise BulkSkip("ExistsError", "Contact already exists", {"id": existing["id"]})
            return self.create_document(
                "contacts",
                data,
                tenant,
                customer_id=item.get("customerId"),
                security_group_id=item.get("securityGroupId"),
            )

    def bulk_create_household(self, item: Any, tenant: Tenant) -> dict[str, Any]:
        return self.create_document(
            "households",
            _item_data(item),
            tenant,
            customer_id=item.get("customerId"),
            security_group_id=item.get("securityGroupId"),
            params=item.get("params"),
        )

    def bulk_patch_contact(self, item: Any, tenant: Tenant) -> dict[str, Any]:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise validation_error([FieldError("/id", "each item needs the contact's id")])
        etag = item.get("etag")
        return self.patch_document(
            "contacts",
            item["id"],
            etag if isinstance(etag, str) else None,
            item.get("data"),
            tenant,
        )

    def bulk_link(self, item: Any, tenant: Tenant) -> dict[str, Any]:
        data = _item_data(item)
        contact_id, household_id = data.get("contactId"), data.get("householdId")
        if not isinstance(contact_id, str) or not isinstance(household_id, str):
            raise validation_error([FieldError("/data", "needs contactId and householdId strings")])
        return self.link_contact_household(contact_id, household_id, tenant)

    def bulk_list_member(self, list_id: str, item: Any, tenant: Tenant) -> dict[str, Any]:
        data = _item_data(item)
        contact_id, household_id = data.get("contactId"), data.get("householdId")
        if not isinstance(contact_id, str) or not isinstance(household_id, str):
            raise validation_error([FieldError("/data", "needs contactId and householdId strings")])
        return self.add_list_member(list_id, contact_id, household_id, tenant)

    def bulk_chc(self, item: Any, campaign_id: str, tenant: Tenant) -> dict[str, Any]:
        """One item of POST /v1/campaigns/contact-households/bulk: upsert a door state."""
        data = _item_data(item)
        params = item.get("params")
        if not isinstance(params, dict):
            raise validation_error([FieldError("/params", "needs contactId and householdId")])
        contact_id, household_id = params.get("contactId"), params.get("householdId")
        if not isinstance(contact_id, str) or not isinstance(household_id, str):
            raise validation_error(
                [FieldError("/params", "needs contactId and householdId strings")]
            )
        if data.get("campaignId") != campaign_id:
            raise validation_error(
                [FieldError("/data/campaignId", "every item must carry the same campaignId")]
            )
        fields = {k: v for k, v in data.items() if k != "campaignId"}
        return self.put_chc(campaign_id, contact_id, household_id, fields, tenant)

    # ------------------------------------------------------------ campaign door state (CHC)

    def _chc_id(self, campaign_id: str, link_id: str) -> str:
        return demo_seed.stable_uuid(f"chc:{campaign_id}:{link_id}")

    def get_chc(
        self, campaign_id: str, contact_id: str, household_id: str, tenant: Tenant
    ) -> dict[str, Any]:
        """The door's state in a campaign; a fresh one (not yet contacted) when none exists."""
        with self.lock:
            self._live("campaigns", campaign_id)
            link = self.find_link(contact_id, household_id)
            chc_id = self._chc_id(campaign_id, link["id"])
            existing = self.store.get("contact-household-campaigns", chc_id)
            if existing is not None and not existing["meta"].get("isDeleted"):
                return clone(existing)
            document = new_document(
                "contact-household-campaigns",
                {
                    "campaignId": campaign_id,
                    "contactHouseholdId": link["id"],
                    "contacted": False,
                    "state": "not-contacted-normal",
                    "statusId": DEFAULT_STATUS_ID,
                    "type": "normal",
                },
                tenant,
                doc_id=chc_id,
            )
            self.store.put("contact-household-campaigns", document)
            return clone(document)

    def patch_chc(
        self,
        campaign_id: str,
        contact_id: str,
        household_id: str,
        etag: str | None,
        operations: Any,
        tenant: Tenant,
    ) -> dict[str, Any]:
        """Only /statusId may change; state and contacted follow from the status."""
        ops = normalize_patch(operations)
        for index, op in enumerate(ops):
            if op["path"] != "/statusId" or op["op"] not in ("replace", "add", "test"):
                raise validation_error(
                    [
                        FieldError(
                            f"/data/{index}",
                            "only 'replace' (or 'add'/'test') of /statusId is allowed on a contact-household-campaign",
                        )
                    ]
                )
        with self.lock:
            document = self.get_chc(campaign_id, contact_id, household_id, tenant)
            self._check_etag(document, etag)
            patched = apply_patch(document["data"], ops)
            self._apply_status(patched)
            updated = touched(document, patched, tenant.user_id)
            self.store.put("contact-household-campaigns", updated)
            return clone(updated)

    def put_chc(
        self, campaign_id: str, contact_id: str, household_id: str, data: Any, tenant: Tenant
    ) -> dict[str, Any]:
        """Upsert the door state; statusId (when given) sets state and contacted."""
        if not isinstance(data, dict):
            raise validation_error([FieldError("/data", "must be an object of door-state fields")])
        with self.lock:
            document = self.get_chc(campaign_id, contact_id, household_id, tenant)
            merged = {**document["data"], **clone(data)}
            merged["campaignId"] = campaign_id
            merged["contactHouseholdId"] = document["data"]["contactHouseholdId"]
            if "statusId" in data:
                self._apply_status(merged)
            elif "state" in merged and merged["state"] not in CONTACT_STATES:
                raise validation_error(
                    [FieldError("/data/state", f"must be one of {', '.join(CONTACT_STATES)}")]
                )
            updated = touched(document, merged, tenant.user_id)
            self.store.put("contact-household-campaigns", updated)
            return clone(updated)

    def _apply_status(self, data: dict[str, Any]) -> None:
        status_id = data.get("statusId")
        status = self.store.get("statuses", status_id) if isinstance(status_id, str) else None
        if status is None or status["meta"].get("isDeleted"):
            raise validation_error(
                [FieldError("/data/statusId", f"{status_id!r} is not a known status")]
            )
        state = status["data"]["contactState"]
        data["state"] = state
        data["contacted"] = state.startswith("contacted-")

    # ------------------------------------------------------------ test helpers

    def documents(self, resource: str, include_deleted: bool = False) -> list[dict[str, Any]]:
        with self.lock:
            return clone(
                [
                    d
                    for d in self.store.all(resource)
                    if include_deleted or not d["meta"].get("isDeleted")
                ]
            )

    def interactions(self, include_deleted: bool = False) -> list[dict[str, Any]]:
        """Every interaction document (for tests and the demo)."""
        return self.documents("interactions", include_deleted)

    def edit_interaction(self, doc_id: str, ops: list[dict[str, Any]]) -> dict[str, Any]:
        """A concurrent editor: change a document and its etag behind the client's back."""
        with self.lock:
            document = self._live("interactions", doc_id)
            patched = apply_patch(document["data"], normalize_patch(ops))
            updated = touched(document, patched, demo_seed.EDITOR_USER_ID)
            self.store.put("interactions", updated)
            self._recorded(
                "interactions", "patch", demo_seed.EDITOR_USER_ID, document["data"], updated
            )
            return clone(updated)

    def delete_interaction(self, doc_id: str) -> dict[str, Any]:
        """Another device deletes the document (soft delete, new etag)."""
        with self.lock:
            document = self._live("interactions", doc_id)
            deleted = marked_deleted(document, demo_seed.EDITOR_USER_ID)
            self.store.put("interactions", deleted)
            self._recorded(
                "interactions", "delete", demo_seed.EDITOR_USER_ID, document["data"], deleted
            )
            return clone(deleted)

    def edit_random_field(self, resource: str, doc_id: str) -> str | None:
        """The `edit` fault: flip, bump or amend one random scalar field of data.

        Answers the changed path, or None when the document does not exist.
        """
        with self.lock:
            document = self.store.get(resource, doc_id)
            if document is None or document["meta"].get("isDeleted"):
                return None
            candidates = [
                name
                for name, value in sorted(document["data"].items())
                if isinstance(value, bool | int | float | str)
                and not name.endswith("Id")
                and name != "timestamp"
            ]
            data = clone(document["data"])
            if not candidates:
                data["editedBy"] = "concurrent editor"
                path = "/editedBy"
            else:
                name = self._editor_random.choice(candidates)
                value = data[name]
                if isinstance(value, bool):
                    data[name] = not value
                elif isinstance(value, int | float):
                    data[name] = value + 1
                else:
                    data[name] = f"{value} (edited)"
                path = f"/{name}"
            updated = touched(document, data, demo_seed.EDITOR_USER_ID)
            self.store.put(resource, updated)
            self._recorded(resource, "patch", demo_seed.EDITOR_USER_ID, document["data"], updated)
            return path

    def refresh_etag(self, resource: str, doc_id: str) -> str:
        """A write that changes nothing but the etag (a server that changes on every read)."""
        with self.lock:
            document = clone(self._live(resource, doc_id))
            document["meta"]["etag"] = make_etag(document)
            self.store.put(resource, document)
            return str(document["meta"]["etag"])


def _contact_key(data: dict[str, Any]) -> tuple[Any, ...]:
    """The six fields Polis matches contacts on (api-notes §2.5)."""

    def child(parent: Any, name: str) -> dict[str, Any]:
        value = parent.get(name) if isinstance(parent, dict) else None
        return value if isinstance(value, dict) else {}

    anglican = child(child(child(data, "profile"), "name"), "anglican")
    names = tuple(anglican.get(part) or None for part in CONTACT_MATCH_FIELDS)
    return (*names, data.get("primaryHouseholdId"))


class BulkSkip(Exception):
    """One bulk item that was not written, reported in `errors` at its position."""

    def __init__(self, name: str, message: str, data: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.name = name
        self.message = message
        self.data = data or {}

    def entry(self, position: int) -> dict[str, Any]:
        return {
            "name": self.name,
            "message": self.message,
            "data": {**self.data, "position": position},
        }


def _item_data(item: Any) -> dict[str, Any]:
    """The `data` of one bulk item `{data: {...}, ...}`."""
    if not isinstance(item, dict) or not isinstance(item.get("data"), dict):
        raise validation_error([FieldError("/data", 'each item must be {"data": {...}}')])
    data: dict[str, Any] = item["data"]
    return data


def _address_key(data: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(data.get(k) for k in ("number", "streetName", "city", "state", "postalCode"))


def format_address(address: dict[str, Any], unit: str) -> str:
    """`10 Ware Street #12 Cambridge Middlesex County USA 02138`, as the docs show it."""
    parts = [str(address.get("number", "")).strip(), str(address.get("streetName", "")).strip()]
    if unit:
        parts.append(f"#{unit}")
    for name in ("city", "county", "country", "postalCode"):
        value = address.get(name)
        if value:
            parts.append(str(value))
    return " ".join(part for part in parts if part)


def new_uuid() -> str:
    return str(uuid.uuid4())
