"""PolisClient: every Polis endpoint Canvass uses, over one reused httpx.Client.

Design rules (sync-notes, perf-notes):
- one ``httpx.Client`` per PolisClient with a small pool (as many connections as the sync
  engine sends at once, 1–16: ``core.outbox.SYNC_CONCURRENCY_RANGE``): a new client
  per request costs tens of milliseconds of CPU;
- nothing is retried here: every failure becomes a typed ApiError and the sync engine
  decides what to do;
- a write succeeded only when its answer parsed: a 2xx carrying an interaction document
  with an id and ``meta.etag``; anything else is a ProtocolError that may have reached the
  server;
- the access token goes only into the Authorization header; it is scrubbed from every
  message and never logged.
"""

from __future__ import annotations

import json
import logging
import ssl
import threading
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any

import httpx

from canvass_app import __version__
from canvass_app.api.error_mapping import redact, status_error, transport_error
from canvass_app.api.errors import ApiError, ProtocolError, TransientError
from canvass_app.api.tls import ssl_context
from canvass_app.api.urls import normalize_base_url, path_segment
from canvass_app.core.errors import FieldError, ValidationError
from canvass_app.core.interaction import (
    Interaction,
    parse_interaction,
    parse_timestamp,
    post_body,
)
from canvass_app.core.outbox import DEFAULT_SYNC_CONCURRENCY, check_concurrency
from canvass_app.core.patch import PathForm, normalize_ops

log = logging.getLogger(__name__)

JsonDict = dict[str, Any]

INTERACTIONS = "/v2/interactions"
CONTACTS = "/v2/contacts"
TOKEN_PATH = "/auth/oauth2/token"
SORT_DIRECTIONS = ("ASC", "DESC")
PATH_FORMS: tuple[PathForm, ...] = ("document", "data")
_WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


DEFAULT_USER_AGENT = f"canvass-app/{__version__}"


class _NoCookies(httpx.Cookies):
    """Cookies that are never kept (see ``_CookielessClient``)."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


class _CookielessClient(httpx.Client):
    """An ``httpx.Client`` that keeps no cookies. The API authenticates with the bearer
    token alone, so nothing a server (or a proxy on the way) sets is kept or sent back;
    and httpx read every answer's headers into a cookie jar through urllib's cookie code,
    about 4% of a sync request's CPU in the sending threads (B2)."""

    _no_cookies = _NoCookies()  # empty, and nothing ever adds to it

    @property
    def cookies(self) -> httpx.Cookies:
        return self._no_cookies

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        raise AttributeError("the Polis client keeps no cookies")


class PolisClient:
    """A synchronous client of the Polis API (interactions v2, walklists, reference data).

    Safe to share between threads (the sync engine sends with bounded concurrency): the
    httpx.Client is shared, at most ``max_connections`` requests are in flight, and the
    token is read once per request.
    """

    def __init__(
        self,
        base_url: str,
        token: str | None,
        *,
        timeout: float = 15.0,
        connect_timeout: float = 5.0,
        patch_path_form: PathForm = "document",
        max_connections: int = DEFAULT_SYNC_CONCURRENCY,
        verify: bool | str = True,
        user_agent: str = DEFAULT_USER_AGENT,
    ) -> None:
        self.base_url = normalize_base_url(base_url)
        if patch_path_form not in PATH_FORMS:
            raise ValueError(
                f"patch_path_form must be 'document' (/data/x) or 'data' (/x), got {patch_path_form!r}"
            )
        for label, value in (("timeout", timeout), ("connect_timeout", connect_timeout)):
            if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
                raise ValueError(f"{label} must be a number of seconds above 0, got {value!r}")
        # One slot per request in flight: the sync engine makes its client with as many
        # slots as it has sending threads, within the one bound of the sync concurrency.
        self.max_connections = check_concurrency(max_connections, "max_connections")
        self.patch_path_form: PathForm = patch_path_form
        self.timeout = float(timeout)
        # At most max_connections requests in flight, so httpcore's pool never queues one:
        # with queued requests httpcore 1.0.9 can close a connection already handed to a
        # waiting request (encode/httpcore#1110), which shows up as spurious
        # "Bad file descriptor" read errors and read timeouts under thread concurrency.
        self._slots = threading.BoundedSemaphore(max_connections)
        self._token: str | None = None
        self._secrets: frozenset[str] = frozenset()
        self.set_token(token)
        self._client = _CookielessClient(
            base_url=self.base_url,
            timeout=httpx.Timeout(self.timeout, connect=float(connect_timeout)),
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
            verify=_tls_verification(verify),
            follow_redirects=False,  # a redirect is a captive portal or a wrong URL
            headers={
                "User-Agent": user_agent,
                "Accept": "application/json",
            },
        )
        # The full URL of each fixed path, merged with the base URL once: httpx parses and
        # merges the URL of every request otherwise (~5% of a sync request's CPU, B2).
        self._fixed_urls = {
            path: self._client.build_request("GET", path).url for path in (INTERACTIONS, CONTACTS)
        }

    # --- lifecycle ------------------------------------------------------------------------

    def close(self) -> None:
        """Close the pooled connections; the client cannot be used afterwards."""
        self._client.close()

    def __enter__(self) -> PolisClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        signed_in = "with a token" if self._token else "without a token"
        return f"PolisClient({self.base_url!r}, {signed_in})"

    def set_token(self, token: str | None) -> None:
        """Use ``token`` from the next request on (None: send no Authorization header)."""
        if token is not None:
            if not isinstance(token, str) or not token.strip():
                raise ValueError("the access token is empty; pass None to sign out")
            if any(ch in token for ch in "\r\n") or not token.isprintable():
                raise ValueError("the access token contains control characters")
            # Remembered so that no later message can echo an old token either; rebound,
            # not mutated, so a request reading it on another thread never sees it change.
            self._secrets = self._secrets | {token}
        self._token = token

    @property
    def has_token(self) -> bool:
        return self._token is not None

    # --- interactions v2 ------------------------------------------------------------------

    def create_interaction(
        self, data: Mapping[str, Any], *, idempotency_key: str | None = None
    ) -> Interaction:
        """POST the flat body of the interactions page; the created document.

        ``idempotency_key`` (the visit's local id) goes into the ``Idempotency-Key``
        header, so a server that honours it answers a resend with the first document.
        Raises ValidationError (nothing sent) when ``data`` is not a valid interaction.
        """
        body = post_body(data)
        headers = _idempotency_header(idempotency_key)
        response = self._request("POST", INTERACTIONS, json_body=body, headers=headers)
        return self._interaction_from(response, "POST", INTERACTIONS)

    def get_interaction(self, interaction_id: str) -> Interaction:
        path = f"{INTERACTIONS}/{path_segment(interaction_id, 'interaction id')}"
        response = self._request("GET", path)
        return self._interaction_from(response, "GET", path)

    def patch_interaction(
        self, interaction_id: str, ops: list[dict[str, Any]], etag: str
    ) -> Interaction:
        """Apply JSON Patch ``ops`` guarded by ``etag``; the updated document.

        ``ops`` may be written from the document root (``/data/successful``) or relative to
        ``data`` (``/successful``); they are sent in the configured form, as
        ``{"data": ops}`` with the header ``etag``.
        """
        path = f"{INTERACTIONS}/{path_segment(interaction_id, 'interaction id')}"
        if not isinstance(ops, list | tuple) or not ops:
            raise ValidationError(
                FieldError("ops", "a PATCH needs a non-empty list of JSON Patch operations")
            )
        converted = normalize_ops(ops, self.patch_path_form)
        response = self._request(
            "PATCH", path, json_body={"data": converted}, headers={"etag": _check_etag(etag)}
        )
        return self._interaction_from(response, "PATCH", path)

    def delete_interaction(self, interaction_id: str, etag: str) -> None:
        """DELETE guarded by ``etag``. Success is a 2xx with an empty or JSON body."""
        path = f"{INTERACTIONS}/{path_segment(interaction_id, 'interaction id')}"
        response = self._request("DELETE", path, headers={"etag": _check_etag(etag)})
        if response.content:
            self._json(response, "DELETE", path)

    def find_interactions(
        self,
        equals: Mapping[str, str] | None = None,
        *,
        expression: str | None = None,
        sort: tuple[str, str] = ("id", "ASC"),
        page_size: int = 100,
    ) -> list[Interaction]:
        """Every interaction matching the filter, fetched page by page.

        ``equals`` maps document paths to values and is sent in the bracket encoding of the
        interactions page (``filter[/data/contactId]=...``); ``expression`` is the filter
        language (``/data/contactId eq "..."``). Give one or neither.
        """
        if equals and expression is not None:
            raise ValueError("give either equals or expression as the filter, not both")
        filters: list[tuple[str, str]] = []
        for field_path, value in (equals or {}).items():
            if not isinstance(field_path, str) or not field_path.startswith("/"):
                raise ValueError(f"a filter path must start with /, got {field_path!r}")
            if not isinstance(value, str):
                raise ValueError(
                    f"the filter value for {field_path} must be text, got {type(value).__name__}"
                )
            filters.append((f"filter[{field_path}]", value))
        if expression is not None:
            if not isinstance(expression, str) or not expression.strip():
                raise ValueError("the filter expression is empty")
            filters.append(("filter", expression))
        documents = self._get_all(INTERACTIONS, filters, sort=sort, page_size=page_size)
        return [self._parse_interaction(doc, "GET", INTERACTIONS, False) for doc in documents]

    def find_by_natural_key(
        self, contact_id: str, timestamp: str, campaign_id: str
    ) -> list[Interaction]:
        """The interactions of this contact in this campaign knocked at ``timestamp``.

        How a create whose answer was lost is found again. The server is asked to filter on
        contactId and campaignId (attributes the interactions page allows); the knock time
        is compared here, as an instant, so ``.5Z`` and ``.500Z`` are the same time.
        """
        for label, value in (
            ("contact id", contact_id),
            ("timestamp", timestamp),
            ("campaign id", campaign_id),
        ):
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"the {label} is empty; all three parts of the key are needed")
        candidates = self.find_interactions(
            {"/data/contactId": contact_id, "/data/campaignId": campaign_id}
        )
        return [
            found
            for found in candidates
            if _same_instant(found.data.get("timestamp"), timestamp)
            and found.data.get("contactId") == contact_id
            and found.data.get("campaignId") == campaign_id
        ]

    # --- contacts v2 (a person added at the door) --------------------------------------------

    def create_contact(
        self, data: Mapping[str, Any], *, idempotency_key: str | None = None
    ) -> JsonDict:
        """POST ``{"data": data}``: the contact document, which is an existing one when
        the API matched it (the five name fields plus ``primaryHouseholdId``, api-notes
        §2.5). ``idempotency_key`` goes into the ``Idempotency-Key`` header."""
        if not isinstance(data, Mapping):
            raise ValidationError(FieldError("data", "a contact's data must be an object"))
        headers = _idempotency_header(idempotency_key)
        response = self._request("POST", CONTACTS, json_body={"data": dict(data)}, headers=headers)
        return self._written_document(response, "POST", CONTACTS)

    def link_contact_household(self, contact_id: str, household_id: str) -> JsonDict:
        """PUT the contact-household link; its document (``id`` is the
        ``contactHouseholdId`` an interaction names)."""
        path = (
            f"{CONTACTS}/{path_segment(contact_id, 'contact id')}"
            f"/households/{path_segment(household_id, 'household id')}"
        )
        response = self._request("PUT", path)
        return self._written_document(response, "PUT", path)

    def contact_households(self, contact_id: str) -> list[JsonDict]:
        """The households a contact is linked to, each with ``params.contactHouseholdId``."""
        path = f"{CONTACTS}/{path_segment(contact_id, 'contact id')}/households"
        return self._get_all(path, [])

    def contacts_at_household(self, household_id: str) -> list[JsonDict]:
        """The contacts whose ``primaryHouseholdId`` is this household (how a contact
        create whose answer was lost is found again)."""
        if not isinstance(household_id, str) or not household_id.strip():
            raise ValueError("the household id is empty")
        return self._get_all(CONTACTS, [("filter[/data/primaryHouseholdId]", household_id)])

    # --- walklist and reference data ------------------------------------------------------

    def list_contact_households(
        self,
        list_id: str,
        *,
        page_size: int = 500,
        on_page: Callable[[int], None] | None = None,
    ) -> list[JsonDict]:
        """Every contact-household of a list (contact, household, address), in id order.

        ``on_page`` is called after each page with the number fetched so far.
        """
        path = f"/v1/lists/{path_segment(list_id, 'list id')}/contact-households"
        return self._get_all(path, [], page_size=page_size, on_page=on_page)

    def get_list(self, list_id: str) -> JsonDict:
        return self._get_document(f"/v1/lists/{path_segment(list_id, 'list id')}")

    def list_surveys(self, campaign_id: str | None = None) -> list[JsonDict]:
        filters: list[tuple[str, str]] = []
        if campaign_id is not None:
            if not isinstance(campaign_id, str) or not campaign_id.strip():
                raise ValueError("the campaign id is empty")
            filters.append(("filter[/data/campaignId]", campaign_id))
        return self._get_all("/v1/surveys", filters)

    def get_survey(self, survey_id: str) -> JsonDict:
        return self._get_document(f"/v1/surveys/{path_segment(survey_id, 'survey id')}")

    def list_statuses(self) -> list[JsonDict]:
        return self._get_all("/v1/statuses", [])

    def list_status_groups(self) -> list[JsonDict]:
        return self._get_all("/v1/status-groups", [])

    def list_campaigns(self) -> list[JsonDict]:
        return self._get_all("/v1/campaigns", [])

    def get_campaign(self, campaign_id: str) -> JsonDict:
        return self._get_document(f"/v1/campaigns/{path_segment(campaign_id, 'campaign id')}")

    # --- auth -----------------------------------------------------------------------------

    def exchange_code(self, *, client_id: str, client_secret: str, code: str) -> str:
        """Trade an OAuth authorization code for an access token (it is returned, not kept).

        The client secret, the code and the returned token never appear in a message.
        """
        for label, value in (
            ("client id", client_id),
            ("client secret", client_secret),
            ("code", code),
        ):
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"the {label} is empty")
        body = {
            "client_id": client_id,
            "client_secret": client_secret,
            "code": code,
            "grant_type": "authorization_code",
        }
        extra_secrets = (client_secret, code)
        response = self._request(
            "POST", TOKEN_PATH, json_body=body, authorized=False, extra_secrets=extra_secrets
        )
        answer = self._json(response, "POST", TOKEN_PATH)
        token = answer.get("access_token") if isinstance(answer, dict) else None
        if not isinstance(token, str) or not token.strip():
            raise ProtocolError(
                f"POST {TOKEN_PATH} answered {response.status_code} without an access_token",
                may_have_reached_server=True,
                status=response.status_code,
            )
        self._secrets = self._secrets | {token}
        token_type = answer.get("token_type")
        if isinstance(token_type, str) and token_type.lower() != "bearer":
            raise ProtocolError(
                f"POST {TOKEN_PATH} gave a {token_type!r} token; only bearer tokens are supported",
                may_have_reached_server=True,
                status=response.status_code,
            )
        return token

    def probe(self) -> None:
        """A cheap authenticated GET of the resource the sync writes (one page of one
        interaction): returns when the API is reachable and the token works.

        Raises the typed errors: TransientError when offline, AuthError on a bad token,
        ProtocolError behind a captive portal, ForbiddenError / NotFoundError when this
        account or gateway refuses the read (the sync goes on: its writes decide).
        """
        path = INTERACTIONS
        params = [("skip", "0"), ("limit", "1"), ("sort", "id"), ("sort", "ASC")]
        response = self._request("GET", path, params=params)
        self._page_items(self._json(response, "GET", path), "GET", path)

    # --- plumbing -------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: list[tuple[str, str]] | None = None,
        json_body: Any = None,
        headers: Mapping[str, str] | None = None,
        authorized: bool = True,
        extra_secrets: tuple[str, ...] = (),
    ) -> httpx.Response:
        """Send one request; the response when it is a 2xx, a typed ApiError otherwise."""
        is_write = method in _WRITE_METHODS
        request_headers: dict[str, str] = dict(headers or {})
        token = self._token
        if authorized and token is not None:
            request_headers["Authorization"] = f"Bearer {token}"
        content: bytes | None = None
        if json_body is not None:
            content = json.dumps(json_body, ensure_ascii=False, allow_nan=False).encode("utf-8")
            request_headers["Content-Type"] = "application/json"
        secrets = [*self._secrets, *extra_secrets]
        if not self._slots.acquire(timeout=self.timeout):
            raise TransientError(
                f"{method} {path} was not sent: every connection stayed busy for "
                f"{self.timeout:g} s",
                may_have_reached_server=False,
            )
        try:
            response = self._client.request(
                method,
                self._fixed_urls.get(path, path),
                params=tuple(params) if params else None,
                content=content,
                headers=request_headers,
            )
        except httpx.HTTPError as exc:
            error = transport_error(exc, method=method, path=path, is_write=is_write)
            raise self._scrubbed(error, secrets) from None
        except (ValueError, TypeError) as exc:
            # httpx raises these for a header or URL it cannot send; the token is not in it.
            raise ApiError(redact(f"{method} {path} could not be sent: {exc}", secrets)) from None
        finally:
            self._slots.release()
        log.debug("%s %s -> %s", method, path, response.status_code)
        if not 200 <= response.status_code < 300:
            raise self._scrubbed(
                status_error(
                    response, method=method, path=path, is_write=is_write, secrets=secrets
                ),
                secrets,
            )
        return response

    @staticmethod
    def _scrubbed(error: ApiError, secrets: list[str]) -> ApiError:
        error.message = redact(error.message, secrets)
        error.args = (error.message,)
        return error

    def _json(self, response: httpx.Response, method: str, path: str) -> Any:
        """The JSON body of a 2xx, or a ProtocolError (captive portal page, truncation)."""
        is_write = method in _WRITE_METHODS
        status = response.status_code
        content_type = response.headers.get("Content-Type", "")
        media_type = content_type.split(";", 1)[0].strip().lower()
        if media_type != "application/json" and not media_type.endswith("+json"):
            shown = media_type or "no content type"
            raise ProtocolError(
                f"{method} {path} answered {status} with {shown} instead of JSON "
                "(a captive portal or proxy?)",
                may_have_reached_server=is_write,
                status=status,
            )
        try:
            return json.loads(response.content)
        except (ValueError, UnicodeDecodeError):
            raise ProtocolError(
                f"{method} {path} answered {status} with JSON that does not parse "
                f"({len(response.content)} bytes; cut off?)",
                may_have_reached_server=is_write,
                status=status,
            ) from None

    def _interaction_from(self, response: httpx.Response, method: str, path: str) -> Interaction:
        doc = self._json(response, method, path)
        return self._parse_interaction(
            doc, method, path, method in _WRITE_METHODS, response.status_code
        )

    @staticmethod
    def _parse_interaction(
        doc: Any, method: str, path: str, is_write: bool, status: int | None = None
    ) -> Interaction:
        """An interaction document with an id and ``meta.etag``, or a ProtocolError.

        Only the envelope is checked: a document the server wrote is kept even when its
        ``data`` bends the contract, so nothing the server holds is ever refused here.
        """
        try:
            # Just decoded from the answer and held by nobody else: no copy needed.
            interaction = parse_interaction(doc, check_data=False, copy_values=False)
        except ValidationError as exc:
            raise ProtocolError(
                f"{method} {path} answered with something that is not an interaction: {exc}",
                may_have_reached_server=is_write,
                status=status,
            ) from None
        if not interaction.etag:
            raise ProtocolError(
                f"{method} {path} answered with interaction {interaction.id!r} without meta.etag",
                may_have_reached_server=is_write,
                status=status,
            )
        return interaction

    def _written_document(self, response: httpx.Response, method: str, path: str) -> JsonDict:
        """The document a write answered: an object with an id, or a ProtocolError (the
        write may have been applied)."""
        doc = self._json(response, method, path)
        if not isinstance(doc, dict) or not isinstance(doc.get("id"), str) or not doc["id"]:
            raise ProtocolError(
                f"{method} {path} answered with something that is not a document with an id",
                may_have_reached_server=True,
                status=response.status_code,
            )
        if not isinstance(doc.get("data"), dict):
            raise ProtocolError(
                f"{method} {path} answered document {doc['id']!r} without its data",
                may_have_reached_server=True,
                status=response.status_code,
            )
        return doc

    def _get_document(self, path: str) -> JsonDict:
        response = self._request("GET", path)
        doc = self._json(response, "GET", path)
        if not isinstance(doc, dict) or not isinstance(doc.get("id"), str) or not doc["id"]:
            raise ProtocolError(
                f"GET {path} answered with something that is not a document with an id",
                may_have_reached_server=False,
                status=response.status_code,
            )
        return doc

    @staticmethod
    def _page_items(answer: Any, method: str, path: str) -> list[JsonDict]:
        """The documents of a collection answer ``{"data": [...], "meta": {}}``."""
        items = answer.get("data") if isinstance(answer, dict) else None
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise ProtocolError(
                f"{method} {path} answered with something that is not a list of documents "
                '({"data": [...]})',
                may_have_reached_server=False,
            )
        return items

    def _get_all(
        self,
        path: str,
        filters: list[tuple[str, str]],
        *,
        sort: tuple[str, str] = ("id", "ASC"),
        page_size: int = 100,
        on_page: Callable[[int], None] | None = None,
    ) -> list[JsonDict]:
        """Every document of a collection, paging with skip/limit until a short page.

        The API has no total count (api-notes §7 #5), so a page shorter than ``limit`` is
        the end. A full page that brings no new id means the server ignores ``skip``; that
        is a ProtocolError instead of an endless loop.
        """
        if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1:
            raise ValueError(f"page_size must be a whole number of 1 or more, got {page_size!r}")
        field, direction = _check_sort(sort)
        documents: list[JsonDict] = []
        seen: set[str] = set()
        skip = 0
        while True:
            params = [
                *filters,
                ("skip", str(skip)),
                ("limit", str(page_size)),
                ("sort", field),
                ("sort", direction),
            ]
            response = self._request("GET", path, params=params)
            page = self._page_items(self._json(response, "GET", path), "GET", path)
            new_ids = 0
            for doc in page:
                doc_id = doc.get("id")
                if isinstance(doc_id, str):
                    if doc_id in seen:
                        continue
                    seen.add(doc_id)
                new_ids += 1
                documents.append(doc)
            if on_page is not None:
                on_page(len(documents))
            if len(page) < page_size:
                return documents
            if new_ids == 0:
                raise ProtocolError(
                    f"GET {path} gave the same page again at skip={skip}: the server ignores skip",
                    may_have_reached_server=False,
                    status=response.status_code,
                )
            skip += len(page)


def _tls_verification(verify: bool | str) -> ssl.SSLContext:
    """TLS verification is always on: the system's trust store, and a string names a CA
    file to trust as well (a private CA)."""
    if verify is True:
        return ssl_context()
    if verify is False:
        raise ValueError(
            "TLS certificate verification cannot be turned off; "
            "pass the path of the CA file that signed the server's certificate instead"
        )
    if isinstance(verify, str) and verify.strip():
        return ssl_context(verify)
    raise ValueError(f"verify must be True or the path of a CA file, got {verify!r}")


def _idempotency_header(key: str | None) -> dict[str, str]:
    if key is None:
        return {}
    if not isinstance(key, str) or not key.strip():
        raise ValueError("the idempotency key is empty")
    return {"Idempotency-Key": key}


def _check_etag(etag: str) -> str:
    if not isinstance(etag, str) or not etag.strip():
        raise ValidationError(FieldError("etag", "is empty; send the document's meta.etag"))
    if any(ch in etag for ch in "\r\n"):
        raise ValidationError(FieldError("etag", "contains a line break"))
    return etag


def _check_sort(sort: tuple[str, str]) -> tuple[str, str]:
    if not isinstance(sort, tuple | list) or len(sort) != 2:
        raise ValueError(f"sort must be a (field, 'ASC' or 'DESC') pair, got {sort!r}")
    field, direction = sort
    if not isinstance(field, str) or not field.strip():
        raise ValueError("the sort field is empty")
    if not isinstance(direction, str) or direction.upper() not in SORT_DIRECTIONS:
        raise ValueError(f"the sort direction must be ASC or DESC, got {direction!r}")
    return field, direction.upper()


def _same_instant(found: object, wanted: str) -> bool:
    """Whether two knock times are the same instant (``.5Z`` equals ``.500Z``)."""
    if not isinstance(found, str):
        return False
    if found == wanted:
        return True
    try:
        return parse_timestamp(found) == parse_timestamp(wanted)
    except ValidationError:
        return False
