"""Bearer tokens and authorization codes: who may call the reference server.

Tokens and codes live in memory only. The configured token counts as issued when the
server starts; with a lifetime set, every token expires that long after it was issued. A
token added with a user id acts as that user (e.g. the concurrent editor of the
reliability proofs), so ``meta.createdBy`` / ``modifiedBy`` tell its writes apart.

The demo sign-in (``/oauth/authorize`` hands out codes to anyone, and the fixed demo code
always works) is on only with ``demo_login``: a server started with a token of its own
(``serve --token``) issues no other token unless it is asked to (``--demo-login``).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable

from canvass_app.server.errors import ApiError, unauthorized


class TokenBook:
    def __init__(
        self,
        token: str,
        *,
        demo_code: str,
        demo_login: bool = True,
        ttl_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not token:
            raise ValueError("the server's token must not be empty")
        if ttl_s is not None and ttl_s <= 0:
            raise ValueError("the token lifetime must be a positive number of seconds")
        self.ttl_s = ttl_s
        self.clock = clock  # public so tests can move time forward
        self._lock = threading.Lock()
        self._tokens: dict[str, float] = {token: clock()}
        self._users: dict[str, str] = {}  # token -> user id, when not the tenant's user
        self.demo_login = demo_login
        self._codes: set[str] = {demo_code} if demo_login else set()
        self._demo_code = demo_code

    def check(self, authorization: str | None) -> str | None:
        """Pass for a valid `Bearer <token>` header; 401 otherwise (the token is never echoed).

        Returns the user id the token acts for, None for the tenant's own user.
        """
        if not authorization:
            raise unauthorized(
                "Sign in first: the Authorization: Bearer <token> header is missing."
            )
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise unauthorized("The Authorization header must read 'Bearer <token>'.")
        with self._lock:
            issued = self._tokens.get(token.strip())
            user_id = self._users.get(token.strip())
        if issued is None:
            raise unauthorized("The access token is not valid.")
        if self.ttl_s is not None and self.clock() - issued >= self.ttl_s:
            raise unauthorized("The access token has expired; sign in again.")
        return user_id

    def _check_demo_login(self) -> None:
        if not self.demo_login:
            raise ApiError(
                403,
                "ForbiddenError",
                "Signing in with a code is turned off on this server: use the token it was "
                "started with (start it with --demo-login to allow the demo sign-in).",
            )

    def issue_code(self) -> str:
        self._check_demo_login()
        code = secrets.token_urlsafe(16)
        with self._lock:
            self._codes.add(code)
        return code

    def exchange_code(self, code: str) -> str:
        """A new access token for a code; codes work once, the demo code every time."""
        self._check_demo_login()
        with self._lock:
            if code not in self._codes:
                raise ApiError(
                    400,
                    "InvalidGrantError",
                    "The authorization code is not valid or was already used.",
                )
            if code != self._demo_code:
                self._codes.discard(code)
            token = secrets.token_urlsafe(24)
            self._tokens[token] = self.clock()
            return token

    def add(self, token: str, user_id: str | None = None) -> None:
        with self._lock:
            self._tokens[token] = self.clock()
            if user_id is not None:
                self._users[token] = user_id
