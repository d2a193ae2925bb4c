"""The access token: in the OS keyring, or in memory for this session only.

The token is never written to SQLite, settings, logs or any other file. Where no keyring
backend exists (a bare Linux box), it is kept in memory and `persistent` says so, so the
UI can tell the canvasser they will have to sign in again next time.
"""

from canvass_app.credentials.token_store import TokenStore, token_from_environment

__all__ = ["TokenStore", "token_from_environment"]
