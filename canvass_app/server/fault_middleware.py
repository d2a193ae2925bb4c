"""The ASGI middleware that carries out the fault plan, and the connection tracking it
needs to reset or drop a connection for real.

uvicorn hides the socket from ASGI apps, so the server runs a small subclass of uvicorn's
h11 protocol that records each open connection's transport by (server, client) address;
the middleware looks the connection up to reset it (RST) or close it mid-answer.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import socket
import struct
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from canvass_app.server.resources import RESOURCES
from canvass_app.server.state import ServerState

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ConnectionKey = tuple[Any, Any]
_OPEN_CONNECTIONS: dict[ConnectionKey, asyncio.Transport] = {}

CAPTIVE_PORTAL_PAGE = (
    b"<!DOCTYPE html><html><head><title>Sign in to Cafe Wi-Fi</title></head>"
    b"<body><h1>Welcome!</h1><p>Accept the terms to get online.</p>"
    b'<form method="post"><button>Accept</button></form></body></html>'
)
MALFORMED_JSON = b'{"data": {"id": "7da76f74", "meta": {"etag": , }'

_ERROR_NAMES = {
    400: ("ValidationError", "The server refused the request as invalid (injected fault)."),
    500: ("InternalServerError", "The server hit an error (injected fault)."),
    502: ("BadGatewayError", "The gateway got no valid answer from upstream (injected fault)."),
    503: ("ServiceUnavailableError", "The service is down for maintenance (injected fault)."),
    429: (
        "TooManyRequestsError",
        "Too many requests; retry after the Retry-After delay (injected fault).",
    ),
}


class TrackingH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, remembering each connection so a fault can cut it."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        _OPEN_CONNECTIONS[(self.server, self.client)] = transport

    def connection_lost(self, exc: Exception | None) -> None:
        _OPEN_CONNECTIONS.pop((self.server, self.client), None)
        super().connection_lost(exc)


def _connection_key(scope: Scope) -> ConnectionKey:
    server, client = scope.get("server"), scope.get("client")
    return (tuple(server) if server else None, tuple(client) if client else None)


async def _wait_until_closed(key: ConnectionKey) -> None:
    for _ in range(100):
        if key not in _OPEN_CONNECTIONS:
            return
        await asyncio.sleep(0.002)


async def _cut_connection(scope: Scope, *, reset: bool) -> bool:
    """Close (FIN) or reset (RST) the request's connection; False when it is not tracked."""
    key = _connection_key(scope)
    transport = _OPEN_CONNECTIONS.get(key)
    if transport is None:
        return False
    if reset:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except OSError:
                pass
        transport.abort()
    else:
        transport.close()
    await _wait_until_closed(key)
    return True


_DOCUMENT_PATH = re.compile(
    "^(" + "|".join(re.escape(spec.prefix) for spec in RESOURCES.values()) + ")/([^/]+)$"
)
_RESOURCE_BY_PREFIX = {spec.prefix: spec.name for spec in RESOURCES.values()}


def document_target(path: str) -> tuple[str, str] | None:
    """(resource, id) when the path names one document, e.g. /v2/interactions/{id}."""
    found = _DOCUMENT_PATH.match(path)
    return (_RESOURCE_BY_PREFIX[found.group(1)], found.group(2)) if found else None


async def _send_simple(
    send: Send,
    status: int,
    body: bytes,
    content_type: bytes,
    extra: list[tuple[bytes, bytes]] | None = None,
) -> None:
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    await send(
        {"type": "http.response.start", "status": status, "headers": headers + (extra or [])}
    )
    await send({"type": "http.response.body", "body": body})


class _CapturedAnswer:
    def __init__(self) -> None:
        self.status = 500
        self.headers: list[tuple[bytes, bytes]] = []
        self.body = b""

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = int(message["status"])
            self.headers = [(bytes(k), bytes(v)) for k, v in message.get("headers", [])]
        elif message["type"] == "http.response.body":
            self.body += bytes(message.get("body", b""))

    def headers_with_length(self, length: int) -> list[tuple[bytes, bytes]]:
        kept = [(k, v) for k, v in self.headers if k.lower() != b"content-length"]
        return [*kept, (b"content-length", str(length).encode())]


class FaultMiddleware:
    def __init__(self, app: ASGIApp, state: ServerState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        decision = self.state.decide_faults(scope["method"], scope["path"])
        if decision.latency_s > 0:
            await asyncio.sleep(decision.latency_s)
        kind = decision.kind
        if kind is None:
            await self.app(scope, receive, send)
        elif kind in ("400", "500", "502", "503", "429"):
            status = int(kind)
            name, message = _ERROR_NAMES[status]
            body = json.dumps({"name": name, "message": message, "data": {}}).encode()
            # Retry-After is whole seconds; round up so a client never comes back too early.
            retry = [(b"retry-after", str(max(0, math.ceil(decision.retry_after_s))).encode())]
            await _send_simple(
                send, status, body, b"application/json", retry if status in (429, 503) else None
            )
        elif kind == "html":
            await _send_simple(send, 200, CAPTIVE_PORTAL_PAGE, b"text/html; charset=utf-8")
        elif kind == "reset":
            if not await _cut_connection(scope, reset=True):
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [(b"content-length", b"100")],
                    }
                )
        elif kind == "edit":
            target = document_target(scope["path"])
            if target is not None:
                self.state.edit_random_field(*target)
            await self.app(scope, receive, send)
        else:
            await self._answer_badly(kind, scope, receive, send)

    async def _answer_badly(self, kind: str, scope: Scope, receive: Receive, send: Send) -> None:
        """Process the request for real (the write commits), then spoil the answer."""
        answer = _CapturedAnswer()
        await self.app(scope, receive, answer.send)
        if kind == "lost_answer":
            # Headers promise a body that never comes: the client sees a protocol error.
            await send(
                {
                    "type": "http.response.start",
                    "status": answer.status,
                    "headers": answer.headers_with_length(max(len(answer.body), 1)),
                }
            )
            await _cut_connection(scope, reset=False)
            return
        body = answer.body[: len(answer.body) // 2] if kind == "truncated" else MALFORMED_JSON
        status = answer.status if kind == "truncated" else 200
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": answer.headers_with_length(len(body)),
            }
        )
        await send({"type": "http.response.body", "body": body})
