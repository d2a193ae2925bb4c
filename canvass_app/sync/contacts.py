"""Sending the people added at the door: their contact, then its link, each exactly once.

``PeopleSender.run`` is the first step of a sync pass (``SyncEngine.run``), in the pass
thread, one request at a time (people are few; their visits wait for them):

- a contact: ``POST /v2/contacts`` with ``primaryHouseholdId`` set and
  ``Idempotency-Key: <local contact id>``; the server's id goes into the waiting visits
  when the answer is recorded (``ContactRepo.finish``, one transaction);
- its link: ``PUT /v2/contacts/{id}/households/{householdId}``; its id becomes the
  visits' ``contactHouseholdId`` and they are free to go.

A request whose answer was lost (``unknown``) is looked up before it is sent again:

- the contact by household and name (``GET /v2/contacts`` filtered on
  ``/data/primaryHouseholdId``, then the API's own match key: the five name fields and
  the household, ``core.contact.match_key``); a match is adopted (the oldest, when
  several). No match: sent again. A server that matches on create (api-notes §2.5)
  answers that resend with the existing contact anyway, and the lookup is what keeps a
  server that does not match from getting a duplicate. When the lookup itself is refused
  (a server that allows no such filter), the resend relies on the API's match on create;
  the sync log says so;
- the link by ``GET /v2/contacts/{id}/households`` (its ``params.contactHouseholdId``);
  a PUT is idempotent anyway.

Failures follow the engine's rules (``sync/engine.py``): sign-in pauses, offline ends the
pass, a maybe-applied write becomes ``unknown``, 429/5xx wait with backoff, any other
4xx is ``rejected``; a link to a contact or household the server no longer holds (404)
needs attention. A refused person puts the visits that wait for them in
``needs_attention`` with the reason: they are never sent with a placeholder id.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from canvass_app.api.client import PolisClient
from canvass_app.api.errors import (
    ApiError,
    AuthError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ProtocolError,
    RateLimitedError,
    RejectedError,
    TransientError,
)
from canvass_app.core.contact import ContactOpKind, match_key
from canvass_app.core.errors import ValidationError
from canvass_app.core.outbox import ELIGIBLE_STATES, OutboxState
from canvass_app.storage.contacts import ContactFinish, ContactRepo, LeasedContactOp
from canvass_app.storage.db import StorageEnvironmentError
from canvass_app.storage.visits import LeaseLost

log = logging.getLogger(__name__)

_METHOD = {ContactOpKind.CREATE: "POST", ContactOpKind.LINK: "PUT"}
REFUSED_STATES = frozenset({OutboxState.REJECTED, OutboxState.NEEDS_ATTENTION})


@dataclass
class PeoplePass:
    """What the people step of one pass did (only the pass thread touches it)."""

    attempted: int = 0
    outcomes: dict[OutboxState, int] = field(default_factory=dict)
    stop: str | None = None  # "auth", "offline" or "storage": the pass ends
    last_error: str | None = None
    refused: list[str] = field(default_factory=list)  # names of people refused

    @property
    def sent(self) -> int:
        return self.outcomes.get(OutboxState.SENT, 0)


@dataclass(frozen=True)
class _Outcome:
    record: ContactFinish
    stop: str | None = None


class PeopleSender:
    """Sends the requests of people added here, one at a time, in order."""

    def __init__(
        self,
        client: PolisClient,
        *,
        owner: str,
        lease_s: float,
        clock: Callable[[], datetime],
        retry_at: Callable[[int, float | None], datetime],
        reconcile_at: Callable[[], datetime],
    ) -> None:
        self.client = client
        self.owner = owner
        self.lease_s = lease_s
        self._clock = clock
        self._retry_at = retry_at
        self._reconcile_at = reconcile_at

    def run(
        self,
        repo: ContactRepo,
        *,
        limit: int,
        should_stop: Callable[[], bool] | None = None,
    ) -> PeoplePass:
        """Send what is due until nothing is, or the pass must stop; each request at
        most ``limit`` times."""
        done = PeoplePass()
        tries: dict[int, int] = {}
        exhausted: set[int] = set()
        while done.stop is None and not (should_stop is not None and should_stop()):
            try:
                leased = repo.lease_next(
                    self.owner, now=self._clock(), lease_s=self.lease_s, exclude=exhausted
                )
                if leased is None:
                    break
                op_id = leased.op.op_id
                tries[op_id] = tries.get(op_id, 0) + 1
                outcome = self._attempt(repo, leased)
                repo.finish(self.owner, outcome.record, now=self._clock())
            except LeaseLost as exc:
                log.warning("%s", exc)  # another engine took it over; it reconciles
                continue
            except StorageEnvironmentError as exc:  # locked or full: stays sending
                done.stop, done.last_error = "storage", str(exc)
                break
            record = outcome.record
            done.attempted += 1
            done.outcomes[record.state] = done.outcomes.get(record.state, 0) + 1
            if record.error:
                done.last_error = record.error
            if outcome.stop is not None:
                done.stop = outcome.stop
            if record.state in REFUSED_STATES:
                done.refused.append(leased.person.display_name)
            if record.state in ELIGIBLE_STATES and tries[op_id] >= limit:
                exhausted.add(op_id)
        return done

    # --- one request ---------------------------------------------------------------------

    def _attempt(self, repo: ContactRepo, leased: LeasedContactOp) -> _Outcome:
        op = leased.op
        try:
            if op.kind is ContactOpKind.CREATE:
                return self._create(repo, leased)
            return self._link(repo, leased)
        except (LeaseLost, StorageEnvironmentError):
            raise
        except ApiError as exc:
            return self._failed(leased, exc)
        except ValidationError as exc:  # refused before sending: the data itself is wrong
            return self._finish(leased, OutboxState.REJECTED, "rejected", error=str(exc),
                                error_class=type(exc).__name__)  # fmt: skip
        except Exception as exc:  # a bug: record it, never leave the request sending
            log.exception("unexpected error while sending request %s of a person", op.op_id)
            return self._finish(
                leased,
                OutboxState.UNKNOWN,
                "error",
                error=f"unexpected error ({type(exc).__name__}): {exc}",
                error_class=type(exc).__name__,
                next_attempt_at=self._retry_at(op.attempts, None),
            )

    def _finish(
        self, leased: LeasedContactOp, state: OutboxState, event: str, **fields: Any
    ) -> _Outcome:
        stop = fields.pop("stop", None)
        fields.setdefault("method", _METHOD[leased.op.kind])
        return _Outcome(ContactFinish(leased.op.op_id, state, event, **fields), stop)

    def _create(self, repo: ContactRepo, leased: LeasedContactOp) -> _Outcome:
        op, person = leased.op, leased.person
        data = op.payload
        if leased.previous_state is OutboxState.UNKNOWN:
            found = self._find_contact(repo, leased)
            if found is not None:
                return self._finish(
                    leased,
                    OutboxState.SENT,
                    "adopted",
                    method="GET",
                    server_id=found["id"],
                    etag=_etag(found),
                    server_data=found["data"],
                    message="found on the server by name and household: adopted, not sent again",
                    detail=_provenance(found),
                )
        doc = self.client.create_contact(data, idempotency_key=person.local_contact_id)
        same = doc["data"] == data
        return self._finish(
            leased,
            OutboxState.SENT,
            "sent",
            server_id=doc["id"],
            etag=_etag(doc),
            server_data=doc["data"],
            message=None
            if same
            else "the server answered with a contact it already had (same name and household); "
            "it is used as it is on the server",
            detail=None if same else _provenance(doc),
        )

    def _find_contact(self, repo: ContactRepo, leased: LeasedContactOp) -> dict[str, Any] | None:
        """The contact a lost create made, by the API's match key; None: not there."""
        person = leased.person
        try:
            candidates = self.client.contacts_at_household(person.household_id)
        except (RejectedError, NotFoundError) as exc:
            repo.append_event(
                person.local_contact_id,
                "reconcile_unavailable",
                now=self._clock(),
                op_id=leased.op.op_id,
                method="GET",
                http_status=exc.status,
                message="the server would not list the household's contacts; sending again, "
                "relying on the API's match on name and household",
            )
            return None
        key = match_key(leased.op.payload)
        matches = sorted(
            (c for c in candidates if isinstance(c.get("data"), dict) and match_key(c["data"]) == key),
            key=lambda c: (str(_meta(c).get("created") or ""), str(c.get("id"))),
        )  # fmt: skip
        if not matches:
            repo.append_event(
                person.local_contact_id,
                "reconciled_absent",
                now=self._clock(),
                op_id=leased.op.op_id,
                method="GET",
                message="not found on the server by name and household: sending again",
            )
            return None
        return matches[0]

    def _link(self, repo: ContactRepo, leased: LeasedContactOp) -> _Outcome:
        person = leased.person
        if person.server_id is None:  # cannot happen: the link is leased after the contact
            return self._finish(
                leased,
                OutboxState.NEEDS_ATTENTION,
                "needs_attention",
                error="the person's contact is not recorded as made; not linked",
                error_class="MissingContact",
            )
        if leased.previous_state is OutboxState.UNKNOWN:
            for household in self.client.contact_households(person.server_id):
                params = household.get("params")
                link_id = params.get("contactHouseholdId") if isinstance(params, dict) else None
                if household.get("id") == person.household_id and isinstance(link_id, str):
                    return self._finish(
                        leased,
                        OutboxState.SENT,
                        "adopted",
                        method="GET",
                        link_id=link_id,
                        message="the link was found on the server: adopted, not sent again",
                    )
        doc = self.client.link_contact_household(person.server_id, person.household_id)
        return self._finish(leased, OutboxState.SENT, "sent", link_id=doc["id"], etag=_etag(doc))

    # --- failures (the engine's rules) ---------------------------------------------------

    def _failed(self, leased: LeasedContactOp, exc: ApiError) -> _Outcome:
        op = leased.op
        common: dict[str, Any] = {
            "http_status": exc.status,
            "error": str(exc),
            "error_class": type(exc).__name__,
        }
        not_applied = (
            OutboxState.UNKNOWN
            if leased.previous_state is OutboxState.UNKNOWN
            else OutboxState.RETRY_WAIT
        )
        if isinstance(exc, AuthError | ForbiddenError):
            return self._finish(
                leased, leased.previous_state, "auth_paused", stop="auth", refund_attempt=True,
                next_attempt_at=self._clock(), **common,
            )  # fmt: skip
        if isinstance(exc, RateLimitedError):
            return self._finish(
                leased, not_applied, "rate_limited",
                next_attempt_at=self._retry_at(op.attempts, exc.retry_after), **common,
            )  # fmt: skip
        if isinstance(exc, TransientError | ProtocolError):
            retry_after = exc.retry_after if isinstance(exc, TransientError) else None
            if exc.may_have_reached_server:
                return self._finish(
                    leased, OutboxState.UNKNOWN, "outcome_unknown",
                    next_attempt_at=max(self._reconcile_at(),
                                        self._retry_at(op.attempts, retry_after)),
                    **common,
                )  # fmt: skip
            offline = isinstance(exc, TransientError) and exc.status is None
            return self._finish(
                leased, not_applied, "offline" if offline else "transient",
                stop="offline" if offline else None,
                next_attempt_at=self._retry_at(op.attempts, retry_after), **common,
            )  # fmt: skip
        if isinstance(exc, NotFoundError) and op.kind is ContactOpKind.LINK:
            return self._finish(
                leased, OutboxState.NEEDS_ATTENTION, "needs_attention",
                **dict(common, error=f"the contact or the household is no longer on the "
                                     f"server; not linked ({exc})"),
            )  # fmt: skip
        if isinstance(exc, ConflictError):
            return self._finish(
                leased, not_applied, "conflict",
                next_attempt_at=self._retry_at(op.attempts, None), **common,
            )  # fmt: skip
        return self._finish(leased, OutboxState.REJECTED, "rejected", **common)


def _meta(doc: dict[str, Any]) -> dict[str, Any]:
    meta = doc.get("meta")
    return meta if isinstance(meta, dict) else {}


def _etag(doc: dict[str, Any]) -> str | None:
    etag = _meta(doc).get("etag")
    return etag if isinstance(etag, str) and etag else None


def _provenance(doc: dict[str, Any]) -> dict[str, Any]:
    """Who made a contact the server answered, and when (for the sync log)."""
    meta = _meta(doc)
    return {"id": doc.get("id"), "created": meta.get("created"), "createdBy": meta.get("createdBy")}
