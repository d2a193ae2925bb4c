"""The Starlette application: every route of the reference Polis API.

Handlers are thin: read the request, call ServerState, answer JSON. Every answer, error
or not, is JSON; nothing a client sends makes a handler raise past `Api.endpoint`.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from canvass_app.core.errors import FieldError, ValidationError
from canvass_app.core.interaction import data_from_post_body
from canvass_app.core.net import is_loopback_host
from canvass_app.server.documents import ENVELOPE_KEYS, Tenant
from canvass_app.server.errors import ApiError, bad_request, validation_error
from canvass_app.server.fault_middleware import FaultMiddleware
from canvass_app.server.limits import MAX_JSON_DEPTH, nesting_too_deep
from canvass_app.server.query import CollectionQuery, parse_collection_query
from canvass_app.server.resources import RESOURCES, ResourceSpec
from canvass_app.server.state import ServerState, fingerprint
from canvass_app.server.store import RememberedAnswer

log = logging.getLogger(__name__)

Handler = Callable[[Request, Tenant], Awaitable[Response]]
MAX_IDEMPOTENCY_KEY = 255


def json_response(
    content: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return JSONResponse(content, status_code=status, headers=headers)


def document_response(document: dict[str, Any], status: int = 200) -> Response:
    """A single document; its etag is also sent as the ETag response header."""
    etag = document.get("meta", {}).get("etag")
    return json_response(
        document, status, {"ETag": etag} if isinstance(etag, str) and etag else None
    )


def collection_response(documents: list[dict[str, Any]]) -> Response:
    return json_response({"data": documents, "meta": {}})


def error_response(error: ApiError) -> Response:
    return json_response(error.body(), error.status, error.headers or None)


def _reject_constant(name: str) -> Any:
    # Python's json reads NaN and Infinity, which are not JSON and cannot be answered back.
    raise ValueError(f"{name} is not a JSON value")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text} is too large")
    return value


def _too_large(limit: int) -> ApiError:
    return ApiError(
        413,
        "PayloadTooLargeError",
        f"The request body is larger than this server accepts ({limit} bytes).",
        {"limit": limit},
        headers={"Connection": "close"},
    )


async def read_body(request: Request, limit: int) -> bytes:
    """The body, read chunk by chunk: 413 as soon as it passes ``limit`` bytes.

    A Content-Length above the limit is refused before a byte of the body is read; a body
    sent without one (chunked) is counted as it arrives, so it is never held whole.
    """
    declared = request.headers.get("content-length")
    if declared is not None and declared.isascii() and declared.isdigit():
        if int(declared) > limit:
            raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def parse_json(raw: bytes) -> Any:
    if not raw.strip():
        raise bad_request("The request body is empty; send a JSON object.")
    if nesting_too_deep(raw):
        raise bad_request(f"The request body nests deeper than {MAX_JSON_DEPTH} levels.")
    try:
        return json.loads(raw, parse_constant=_reject_constant, parse_float=_finite_float)
    except (ValueError, RecursionError) as exc:
        raise bad_request(f"The request body is not valid JSON: {exc}.") from None


def parse_object(raw: bytes) -> dict[str, Any]:
    body = parse_json(raw)
    if not isinstance(body, dict):
        raise validation_error([FieldError("/", "the request body must be a JSON object")])
    return body


def query_of(request: Request) -> CollectionQuery:
    return parse_collection_query(request.query_params.multi_items())


def path_param(request: Request, name: str) -> str:
    return str(request.path_params[name])


def check_redirect_uri(uri: str, allowed: frozenset[str]) -> None:
    """A code goes only back to this machine (RFC 8252 §7.3) or to a configured URI.

    Anything else would hand the code to whoever wrote the link (an open redirect).
    """
    if uri in allowed:
        return
    try:
        parts = urlsplit(uri)
        host = parts.hostname
    except ValueError:
        host = None
    else:
        if parts.scheme not in ("http", "https") or parts.fragment or parts.username:
            host = None
    if host is None or not is_loopback_host(host):
        raise bad_request(
            "redirect_uri must be an http(s) address on this machine (127.0.0.1, ::1, "
            "localhost) or one the server was started with (--redirect-uri).",
            parameter="redirect_uri",
        )


class Api:
    """The routes, bound to one ServerState."""

    def __init__(self, state: ServerState) -> None:
        self.state = state

    # ------------------------------------------------------------ plumbing

    async def read_object(self, request: Request) -> dict[str, Any]:
        """The body as a JSON object, within the server's size and nesting limits."""
        return parse_object(await read_body(request, self.state.max_body_bytes))

    def endpoint(
        self, handler: Handler, *, auth: bool = True
    ) -> Callable[[Request], Awaitable[Response]]:
        async def run(request: Request) -> Response:
            try:
                tenant = (
                    self.state.authenticate(request.headers.get("authorization"))
                    if auth
                    else self.state.tenant
                )
                return await handler(request, tenant)
            except ApiError as error:
                return error_response(error)
            except ValidationError as error:
                return error_response(validation_error(error.errors))
            except ClientDisconnect:
                return Response(status_code=400)  # nobody is left to read it
            except Exception:
                log.exception("unexpected error answering %s %s", request.method, request.url.path)
                return error_response(
                    ApiError(
                        500, "InternalServerError", "The server failed to answer this request."
                    )
                )

        return run

    async def idempotent_create(
        self, request: Request, tenant: Tenant, create: Callable[[dict[str, Any]], dict[str, Any]]
    ) -> Response:
        """Run a create once per Idempotency-Key: a repeat replays the first answer."""
        raw = await read_body(request, self.state.max_body_bytes)
        body = parse_object(raw)
        key = request.headers.get("idempotency-key")
        if key is None or not self.state.idempotency:
            return document_response(create(body))
        key = key.strip()
        if not key or len(key) > MAX_IDEMPOTENCY_KEY:
            raise bad_request(
                f"The Idempotency-Key header must be 1 to {MAX_IDEMPOTENCY_KEY} characters."
            )
        scoped = f"{tenant.user_id}:{key}"
        request_fingerprint = fingerprint("POST", request.url.path, raw)
        with self.state.lock:
            remembered = self.state.remembered_answer(scoped, request_fingerprint)
            if remembered is not None:
                return Response(
                    remembered.body,
                    remembered.status,
                    media_type="application/json",
                    headers={"Idempotent-Replayed": "true"},
                )
            document = create(body)
            answer = json.dumps(document)
            self.state.remember_answer(scoped, RememberedAnswer(request_fingerprint, 200, answer))
        return Response(
            answer, 200, media_type="application/json", headers={"ETag": document["meta"]["etag"]}
        )

    # ------------------------------------------------------------ generic collections

    def collection_routes(self, spec: ResourceSpec) -> list[Route]:
        state = self.state

        async def list_all(request: Request, tenant: Tenant) -> Response:
            return collection_response(state.list_documents(spec.name, query_of(request)))

        async def get_one(request: Request, tenant: Tenant) -> Response:
            return document_response(state.get_document(spec.name, path_param(request, "id")))

        async def create(request: Request, tenant: Tenant) -> Response:
            def make(body: dict[str, Any]) -> dict[str, Any]:
                data: Any
                if spec.name == "interactions" and "data" not in body:
                    # The page's flat body. Envelope keys are not data: a client-chosen id
                    # or meta is ignored (the server assigns them), the tenant ids honoured.
                    data = data_from_post_body(
                        {k: v for k, v in body.items() if k not in ENVELOPE_KEYS}
                    )
                else:
                    data = body.get("data")
                    if not isinstance(data, dict):
                        raise validation_error(
                            [FieldError("/data", "is required and must be an object")]
                        )
                return state.create_document(
                    spec.name,
                    data,
                    tenant,
                    customer_id=body.get("customerId"),
                    security_group_id=body.get("securityGroupId"),
                    params=body.get("params"),
                )

            return await self.idempotent_create(request, tenant, make)

        async def patch(request: Request, tenant: Tenant) -> Response:
            body = await self.read_object(request)
            if "data" not in body:
                raise validation_error(
                    [FieldError("/data", "is required: a list of JSON Patch operations")]
                )
            return document_response(
                state.patch_document(
                    spec.name,
                    path_param(request, "id"),
                    request.headers.get("etag"),
                    body["data"],
                    tenant,
                )
            )

        async def delete(request: Request, tenant: Tenant) -> Response:
            return document_response(
                state.delete_document(
                    spec.name,
                    path_param(request, "id"),
                    request.headers.get("etag"),
                    tenant,
                )
            )

        if not spec.writable:
            return [
                Route(spec.prefix, self.endpoint(list_all), methods=["GET"]),
                Route(f"{spec.prefix}/{{id}}", self.endpoint(get_one), methods=["GET"]),
            ]
        # One path, several methods: one endpoint dispatches on the method.
        collection = self._by_method({"GET": list_all, "POST": create})
        item = self._by_method({"GET": get_one, "PATCH": patch, "DELETE": delete})
        return [
            Route(spec.prefix, self.endpoint(collection), methods=["GET", "POST"]),
            Route(f"{spec.prefix}/{{id}}", self.endpoint(item), methods=["GET", "PATCH", "DELETE"]),
        ]

    @staticmethod
    def _by_method(handlers: dict[str, Handler]) -> Handler:
        async def dispatch(request: Request, tenant: Tenant) -> Response:
            method = "GET" if request.method == "HEAD" else request.method
            return await handlers[method](request, tenant)

        return dispatch

    # ------------------------------------------------------------ walklist routes

    def walklist_routes(self) -> list[Route]:
        state = self.state

        async def list_members(request: Request, tenant: Tenant) -> Response:
            return collection_response(
                state.list_members(path_param(request, "id"), query_of(request))
            )

        async def add_members(request: Request, tenant: Tenant) -> Response:
            list_id = path_param(request, "id")
            body = await self.read_object(request)
            state.get_document("lists", list_id)
            answer = state.bulk(
                body.get("data"), lambda _, item: state.bulk_list_member(list_id, item, tenant)
            )
            return json_response(answer)

        async def list_member(request: Request, tenant: Tenant) -> Response:
            ids = (
                path_param(request, "id"),
                path_param(request, "cid"),
                path_param(request, "hid"),
            )
            if request.method == "PUT":
                member = state.add_list_member(*ids, tenant)
                return json_response(state.list_member_summary(member))
            etag = request.headers.get("etag")
            return document_response(state.remove_list_member(*ids, etag, tenant))

        async def bulk_contacts(request: Request, tenant: Tenant) -> Response:
            body = await self.read_object(request)
            if request.method == "PATCH":
                answer = state.bulk(
                    body.get("data"), lambda _, i: state.bulk_patch_contact(i, tenant)
                )
            else:
                answer = state.bulk(
                    body.get("data"), lambda _, i: state.bulk_create_contact(i, tenant)
                )
            return json_response(answer)

        async def bulk_households(request: Request, tenant: Tenant) -> Response:
            body = await self.read_object(request)
            return json_response(
                state.bulk(body.get("data"), lambda _, i: state.bulk_create_household(i, tenant))
            )

        async def bulk_door_states(request: Request, tenant: Tenant) -> Response:
            body = await self.read_object(request)
            items = body.get("data")
            first = items[0] if isinstance(items, list) and items else None
            inner = first.get("data") if isinstance(first, dict) else None
            campaign_id = inner.get("campaignId") if isinstance(inner, dict) else None
            if not isinstance(campaign_id, str):
                raise validation_error(
                    [FieldError("/data/0/data/campaignId", "is required (one campaign per call)")]
                )
            state.get_document("campaigns", campaign_id)
            return json_response(
                state.bulk(items, lambda _, i: state.bulk_chc(i, campaign_id, tenant))
            )

        async def bulk_links(request: Request, tenant: Tenant) -> Response:
            body = await self.read_object(request)
            return json_response(
                state.bulk(body.get("data"), lambda _, i: state.bulk_link(i, tenant))
            )

        async def contact_households(request: Request, tenant: Tenant) -> Response:
            return collection_response(
                state.contact_households(path_param(request, "id"), query_of(request))
            )

        async def link(request: Request, tenant: Tenant) -> Response:
            contact_id, household_id = path_param(request, "cid"), path_param(request, "hid")
            if request.method == "PUT":
                return document_response(
                    state.link_contact_household(contact_id, household_id, tenant)
                )
            return document_response(
                state.unlink_contact_household(
                    contact_id, household_id, request.headers.get("etag"), tenant
                )
            )

        async def chc(request: Request, tenant: Tenant) -> Response:
            ids = (
                path_param(request, "campaign"),
                path_param(request, "cid"),
                path_param(request, "hid"),
            )
            if request.method == "PATCH":
                body = await self.read_object(request)
                if "data" not in body:
                    raise validation_error(
                        [FieldError("/data", "is required: a list of JSON Patch operations")]
                    )
                return document_response(
                    state.patch_chc(*ids, request.headers.get("etag"), body["data"], tenant)
                )
            if request.method == "PUT":
                body = await self.read_object(request)
                return document_response(state.put_chc(*ids, body.get("data"), tenant))
            return document_response(state.get_chc(*ids, tenant))

        async def campaign_statuses(request: Request, tenant: Tenant) -> Response:
            state.get_document("campaigns", path_param(request, "id"))
            return collection_response(state.list_documents("statuses", query_of(request)))

        chc_path = "/v1/campaigns/{campaign}/contacts/{cid}/households/{hid}"
        return [
            Route("/v2/contacts/bulk", self.endpoint(bulk_contacts), methods=["POST", "PATCH"]),
            Route("/v2/households/bulk", self.endpoint(bulk_households), methods=["POST"]),
            Route(
                "/v1/campaigns/contact-households/bulk",
                self.endpoint(bulk_door_states),
                methods=["POST"],
            ),
            Route("/v2/contacts/households/bulk", self.endpoint(bulk_links), methods=["POST"]),
            Route(
                "/v1/lists/{id}/contact-households",
                self.endpoint(self._by_method({"GET": list_members, "POST": add_members})),
                methods=["GET", "POST"],
            ),
            Route(
                "/v1/lists/{id}/contacts/{cid}/households/{hid}",
                self.endpoint(list_member),
                methods=["PUT", "DELETE"],
            ),
            Route(
                "/v2/contacts/{id}/households", self.endpoint(contact_households), methods=["GET"]
            ),
            Route(
                "/v2/contacts/{cid}/households/{hid}",
                self.endpoint(link),
                methods=["PUT", "DELETE"],
            ),
            Route(chc_path, self.endpoint(chc), methods=["GET", "PATCH", "PUT"]),
            Route(chc_path + "/status", self.endpoint(chc), methods=["GET", "PATCH", "PUT"]),
            Route("/v1/campaigns/{id}/statuses", self.endpoint(campaign_statuses), methods=["GET"]),
        ]

    # ------------------------------------------------------------ auth

    def auth_routes(self) -> list[Route]:
        state = self.state

        async def authorize(request: Request, tenant: Tenant) -> Response:
            params = request.query_params
            if params.get("response_type") != "code":
                raise bad_request("response_type must be 'code'.", parameter="response_type")
            if not params.get("client_id"):
                raise bad_request("client_id is required.", parameter="client_id")
            redirect = params.get("redirect_uri")
            if redirect:
                check_redirect_uri(redirect, state.redirect_uris)
            answer = {"code": state.issue_code(), "organizationId": tenant.organization_id}
            if params.get("state") is not None:
                answer["state"] = params["state"]
            if redirect:
                separator = "&" if "?" in redirect else "?"
                return RedirectResponse(redirect + separator + urlencode(answer), status_code=302)
            return json_response(answer)

        async def token(request: Request, tenant: Tenant) -> Response:
            body = await self.read_object(request)
            problems = []
            if body.get("grant_type") != "authorization_code":
                problems.append(FieldError("/grant_type", "must be 'authorization_code'"))
            if not isinstance(body.get("code"), str) or not body["code"]:
                problems.append(FieldError("/code", "is required: the code from /oauth/authorize"))
            for name in ("client_id", "client_secret"):
                if name in body and not isinstance(body[name], str):
                    problems.append(FieldError(f"/{name}", "must be a string"))
            if problems:
                raise validation_error(problems)
            access_token = state.exchange_code(body["code"])
            return json_response({"token_type": "bearer", "access_token": access_token})

        return [
            Route("/oauth/authorize", self.endpoint(authorize, auth=False), methods=["GET"]),
            Route("/auth/oauth2/token", self.endpoint(token, auth=False), methods=["POST"]),
        ]


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        error = ApiError(404, "NotFoundError", f"There is no route {request.url.path!r}.")
    elif exc.status_code == 405:
        error = ApiError(
            405,
            "MethodNotAllowedError",
            f"{request.method} is not allowed on {request.url.path!r}.",
            headers=dict(exc.headers or {}),
        )
    else:
        error = ApiError(exc.status_code, "HttpError", str(exc.detail))
    return error_response(error)


def create_app(state: ServerState) -> Starlette:
    """The reference server's ASGI app (faults wrap everything, outermost)."""
    api = Api(state)
    routes: list[Route] = [*api.auth_routes(), *api.walklist_routes()]
    for spec in RESOURCES.values():
        routes.extend(api.collection_routes(spec))
    app = Starlette(routes=routes, exception_handlers={HTTPException: _http_error})
    app.add_middleware(FaultMiddleware, state=state)
    return app
