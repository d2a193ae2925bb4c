"""Start the reference server: in a daemon thread for tests and the demo, or blocking
for `canvass-app serve`.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import uvicorn
from starlette.applications import Starlette

from canvass_app.server.app import create_app as _create_app
from canvass_app.server.fault_middleware import TrackingH11Protocol
from canvass_app.server.faults import parse_fault_spec
from canvass_app.server.limits import DEFAULT_MAX_BODY_BYTES
from canvass_app.server.state import ServerState

__all__ = ["RunningServer", "ServerOptions", "create_app", "serve", "start_server"]

STARTUP_TIMEOUT_S = 10.0
DATE_REFRESH_S = 1.0  # the Date header's resolution: an idle server wakes this often


@dataclass
class ServerOptions:
    host: str = "127.0.0.1"
    port: int = 0  # 0: a free port
    seed: str = "demo"  # "demo" | "empty"
    token: str = "demo-token"  # accepted bearer token
    db: Path | None = None  # state survives restarts when set
    faults: str | None = None  # fault SPEC (docs/API.md)
    conflict_status: int = 412  # status for a stale etag
    token_ttl_s: float | None = None  # tokens expire after this (401 after)
    idempotency: bool = True  # honour Idempotency-Key on POST
    fault_seed: int = 0
    record_writes: bool = False  # keep every committed write in state.writes (tests)
    demo_login: bool = True  # /oauth/authorize and the demo code issue tokens
    redirect_uris: tuple[str, ...] = ()  # besides loopback ones, for /oauth/authorize
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES  # larger request bodies get 413
    tls_cert: Path | None = None  # PEM certificate (chain): serve https:// instead of http://
    tls_key: Path | None = None  # its private key (PEM)
    contact_match: bool = True  # POST /v2/contacts answers the existing contact on a match
    check_references: bool = False  # interactions must name a live contact and its link


def _listening_socket(host: str) -> socket.socket:
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY on accepted sockets only when the
    # socket says it is TCP; without it every answer waits ~40 ms on delayed ACKs.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)


def _bound_socket(host: str, port: int) -> socket.socket:
    """A listening socket; ValueError in words when the address cannot be used."""
    if not 0 <= port <= 65535:
        raise ValueError(f"the port must be between 0 and 65535, not {port}")
    try:
        sock = _listening_socket(host)
    except OSError as exc:
        raise ValueError(f"cannot open a socket for {host!r}: {exc.strerror or exc}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except (OSError, OverflowError) as exc:
        sock.close()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ValueError(f"cannot listen on {host}:{port}: {reason}") from None
    return sock


def create_app(state: ServerState) -> Starlette:
    return _create_app(state)


def make_state(options: ServerOptions) -> ServerState:
    """The state for these options; ValueError names a bad option."""
    parse_fault_spec(options.faults)  # fail before anything is opened
    return ServerState(
        token=options.token,
        seed=options.seed,
        db=Path(options.db) if options.db is not None else None,
        faults=options.faults,
        conflict_status=options.conflict_status,
        token_ttl_s=options.token_ttl_s,
        idempotency=options.idempotency,
        fault_seed=options.fault_seed,
        record_writes=options.record_writes,
        demo_login=options.demo_login,
        redirect_uris=tuple(options.redirect_uris),
        max_body_bytes=options.max_body_bytes,
        contact_match=options.contact_match,
        check_references=options.check_references,
    )


def _check_tls(options: ServerOptions) -> None:
    if (options.tls_cert is None) != (options.tls_key is None):
        raise ValueError("serving https needs both the certificate and its private key")
    for label, path in (("certificate", options.tls_cert), ("private key", options.tls_key)):
        if path is not None and not Path(path).is_file():
            raise ValueError(f"the TLS {label} file {path} does not exist")


def _scheme(options: ServerOptions) -> str:
    return "https" if options.tls_cert is not None else "http"


def _config(app: Starlette, options: ServerOptions, log_level: str) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        ssl_certfile=str(options.tls_cert) if options.tls_cert is not None else None,
        ssl_keyfile=str(options.tls_key) if options.tls_key is not None else None,
        host=options.host,
        port=options.port,
        http=TrackingH11Protocol,
        ws="none",
        lifespan="off",
        log_level=log_level,
        access_log=False,
        timeout_graceful_shutdown=2,
    )


class _QuickServer(uvicorn.Server):
    """uvicorn's server that sleeps while idle, stops at once, and drains briefly.

    The stock loop wakes every 100 ms to look at ``should_exit`` (an earlier version of
    this one every 10 ms: 100 wake-ups a second in an idle demo, benchmark B11). This one
    wakes once a second to refresh the Date header, and at once when asked to stop
    (``request_exit`` from any thread, or a signal). The short drain on shutdown: tests
    start and stop hundreds of servers.
    """

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._woken: asyncio.Event | None = None

    def request_exit(self) -> None:
        """Stop serving (from any thread)."""
        self.should_exit = True
        self._wake()

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        super().handle_exit(sig, frame)
        self._wake()

    def _wake(self) -> None:
        loop, woken = self._loop, self._woken
        if loop is not None and woken is not None:
            with contextlib.suppress(RuntimeError):  # the loop has closed: nothing to wake
                loop.call_soon_threadsafe(woken.set)

    async def main_loop(self) -> None:
        self._woken = asyncio.Event()
        self._loop = asyncio.get_running_loop()
        # on_tick(0) refreshes the Date header (it does so on multiples of 10).
        while not await self.on_tick(0):
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._woken.wait(), DATE_REFRESH_S)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (self.config.timeout_graceful_shutdown or 2)
        while (self.server_state.connections or self.server_state.tasks) and loop.time() < deadline:
            await asyncio.sleep(0.005)
        for task in self.server_state.tasks:
            task.cancel(msg="the reference server is stopping")
        for connection in list(self.server_state.connections):
            connection.transport.abort()


class RunningServer:
    """A server running in a daemon thread; `stop()` shuts it down and closes the store."""

    def __init__(
        self,
        state: ServerState,
        server: _QuickServer,
        thread: threading.Thread,
        sock: socket.socket,
        host: str,
        port: int,
        token: str,
        scheme: str = "http",
    ) -> None:
        self.state = state
        self.url = f"{scheme}://{host}:{port}"
        self.token = token
        self.port = port
        self._server = server
        self._thread = thread
        self._socket = sock
        self._stopped = False

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self._server.request_exit()
        self._thread.join(timeout=10)
        self._socket.close()
        self.state.close()

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:  # never shows the token
        return f"RunningServer(url={self.url!r})"


def _state_and_socket(options: ServerOptions) -> tuple[ServerState, socket.socket, int]:
    """The server's state and its bound listening socket, with the port it got."""
    _check_tls(options)
    state = make_state(options)
    try:
        sock = _bound_socket(options.host, options.port)
    except ValueError:
        state.close()
        raise
    return state, sock, sock.getsockname()[1]


def _url_host(host: str) -> str:
    """The host as a URL writes it (an IPv6 address in brackets)."""
    return f"[{host}]" if ":" in host else host


def start_server(options: ServerOptions | None = None, **overrides: Any) -> RunningServer:
    """Start uvicorn in a daemon thread; returns once it accepts connections."""
    options = dataclasses.replace(options or ServerOptions(), **overrides)
    state, sock, port = _state_and_socket(options)
    server = _QuickServer(_config(create_app(state), options, "warning"))
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name=f"polis-server-{port}", daemon=True
    )
    thread.start()
    started = threading.Event()
    for _ in range(int(STARTUP_TIMEOUT_S / 0.01)):
        if server.started or not thread.is_alive():
            break
        started.wait(0.01)
    if not server.started:
        server.request_exit()
        thread.join(timeout=5)
        sock.close()
        state.close()
        raise RuntimeError(f"the reference server did not start on {options.host}:{port}")
    return RunningServer(
        state, server, thread, sock, _url_host(options.host), port, options.token, _scheme(options)
    )


def serve(options: ServerOptions) -> None:
    """Run until interrupted (`canvass-app serve`). Prints the URL, never the token."""
    state, sock, port = _state_and_socket(options)
    print(
        f"Polis reference server on {_scheme(options)}://{_url_host(options.host)}:{port}",
        flush=True,
    )
    print(f"  seed: {options.seed}; state: {options.db or 'in memory (lost on exit)'}", flush=True)
    print("  token: the one given with --token (not shown)", flush=True)
    sign_in = "on (the demo code works)" if options.demo_login else "off"
    print(f"  sign-in with a code: {sign_in}", flush=True)
    print(f"  largest request body: {options.max_body_bytes} bytes", flush=True)
    if options.faults:
        print(f"  faults: {options.faults} (seed {options.fault_seed})", flush=True)
    print("Press Ctrl+C to stop.", flush=True)
    try:
        _ServeServer(_config(create_app(state), options, "info"), state).run(sockets=[sock])
    finally:
        sock.close()
        state.close()


class _ServeServer(_QuickServer):
    """The quiet server, saying at shutdown which faults it injected (uvicorn re-raises
    SIGTERM once it has shut down, so nothing after ``run`` would get to say it)."""

    def __init__(self, config: uvicorn.Config, state: ServerState) -> None:
        super().__init__(config)
        self._state = state

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        await super().shutdown(sockets)
        if not self._state.fault_plan.empty:
            print(
                f"  faults injected: {fault_summary(self._state.fault_counts.counts)}", flush=True
            )


def fault_summary(counts: dict[str, int]) -> str:
    """The faults a run injected, e.g. "429×120, reset×3" (or "none")."""
    return ", ".join(f"{kind}×{n}" for kind, n in sorted(counts.items())) or "none"
