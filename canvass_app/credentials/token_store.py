"""Token storage over `keyring`, with an in-memory fallback."""

from __future__ import annotations

import logging
import os

import keyring
import keyring.errors
from keyring.backends import fail

log = logging.getLogger("canvass.credentials")

SERVICE_NAME = "canvass-app"
ENVIRONMENT_VARIABLE = "CANVASS_TOKEN"

# Tokens kept for this process only, per API URL, when no keyring backend works.
_session_tokens: dict[str, str] = {}


def token_from_environment() -> str | None:
    """The token scripts and CI pass in `CANVASS_TOKEN` (read, never written)."""
    value = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    return value or None


def keyring_usable() -> bool:
    """True when a real keyring backend is configured (not the fail or a null one)."""
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return False
    priority = getattr(backend, "priority", 0)
    try:
        return float(priority) > 0
    except (TypeError, ValueError):
        return False


class TokenStore:
    """The token for one API URL."""

    def __init__(self, api_url: str) -> None:
        self._account = api_url.rstrip("/")

    @property
    def persistent(self) -> bool:
        """True when tokens survive a restart (a working keyring backend)."""
        return keyring_usable()

    def get(self) -> str | None:
        env = token_from_environment()
        if env:
            return env
        if self.persistent:
            try:
                value = keyring.get_password(SERVICE_NAME, self._account)
            except keyring.errors.KeyringError as error:
                log.warning(
                    "The keyring could not be read (%s); using the session token.",
                    type(error).__name__,
                )
            else:
                if value:
                    return value
        return _session_tokens.get(self._account)

    def set(self, token: str) -> bool:
        """Store the token; returns True when it went into the keyring, False when kept for this session only."""
        token = token.strip()
        if not token:
            raise ValueError("The token is empty.")
        if self.persistent:
            try:
                keyring.set_password(SERVICE_NAME, self._account, token)
            except keyring.errors.KeyringError as error:
                log.warning(
                    "The keyring refused the token (%s); keeping it for this session only.",
                    type(error).__name__,
                )
            else:
                _session_tokens.pop(self._account, None)
                return True
        _session_tokens[self._account] = token
        return False

    def delete(self) -> None:
        _session_tokens.pop(self._account, None)
        if self.persistent:
            try:
                keyring.delete_password(SERVICE_NAME, self._account)
            except keyring.errors.PasswordDeleteError:
                pass
            except keyring.errors.KeyringError as error:
                log.warning("The keyring could not delete the token (%s).", type(error).__name__)
