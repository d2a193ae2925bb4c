"""Signing in and out: the access token in the keyring, an authorization code exchanged.

The window and the sign-in dialog reach the keyring and the server only through here
(the ``ui`` layer imports neither ``credentials`` nor ``api``: pyproject.toml).
"""

from __future__ import annotations

from typing import Any

from canvass_app.core.messages import Message
from canvass_app.credentials import TokenStore


def token_store(api_url: str) -> TokenStore:
    """Where the token for this server is kept (the OS keyring, else this session)."""
    return TokenStore(api_url)


def exchange_code(
    api_url: str, *, client_id: str, client_secret: str, code: str, **client_options: Any
) -> str:
    """An access token for an authorization code (network: call it off the GUI thread);
    ``client_options`` as ``PolisClient`` takes them (the trusted CA file, …)."""
    from canvass_app.api.client import PolisClient

    client = PolisClient(api_url, None, **client_options)
    try:
        return client.exchange_code(client_id=client_id, client_secret=client_secret, code=code)
    finally:
        client.close()


def certificate_problem(error: BaseException) -> Message | None:
    """What a refused server certificate means and how to fix it (None: not that)."""
    from canvass_app.api.errors import CertificateError

    return error.explanation if isinstance(error, CertificateError) else None


def forget_token(api_url: str) -> None:
    """Sign out: the token leaves the keyring (and this session)."""
    TokenStore(api_url).delete()


__all__ = ["certificate_problem", "exchange_code", "forget_token", "token_store"]
