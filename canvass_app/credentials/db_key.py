"""The key of a data folder's visits database: in the OS keyring, beside the token.

The first database gets 32 random bytes (``secrets.token_bytes``), stored in the keyring as
hex under the service of the token, account ``database-key``; every data folder of this
user (the demo's, the real one) uses that key, so a folder that is moved or restored from
a backup still opens. SQLCipher uses it as a raw key: no key derivation at each open.

Where no keyring works, the person chooses a passphrase at start instead; it is kept in
this process's memory only (``remember_passphrase``) and SQLCipher derives the key from it.
Neither is ever written to SQLite, the settings, the logs or any other file.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

import keyring
import keyring.errors

from canvass_app.credentials.token_store import SERVICE_NAME, keyring_usable

log = logging.getLogger("canvass.credentials")

KEY_BYTES = 32
ACCOUNT = "database-key"

# Passphrases typed at start, per data folder, for this process only.
_session_passphrases: dict[str, str] = {}


def stored_key() -> bytes | None:
    """The keyring's database key; None when there is none or no keyring works."""
    if not keyring_usable():
        return None
    try:
        value = keyring.get_password(SERVICE_NAME, ACCOUNT)
    except keyring.errors.KeyringError as error:
        log.warning("The keyring could not be read (%s).", type(error).__name__)
        return None
    if not value:
        return None
    try:
        key = bytes.fromhex(value)
    except ValueError:
        log.warning("The keyring holds something that is not a database key; ignored.")
        return None
    return key if len(key) == KEY_BYTES else None


def create_key() -> bytes | None:
    """A new random database key, stored in the keyring; None when no keyring takes it
    (the caller asks for a passphrase instead)."""
    if not keyring_usable():
        return None
    key = secrets.token_bytes(KEY_BYTES)
    try:
        keyring.set_password(SERVICE_NAME, ACCOUNT, key.hex())
    except keyring.errors.KeyringError as error:
        log.warning("The keyring refused the database key (%s).", type(error).__name__)
        return None
    # Read back: a keyring that accepts and forgets (a null backend) must not lose a key.
    if stored_key() != key:
        log.warning("The keyring did not keep the database key.")
        return None
    return key


def remember_passphrase(data_dir: Path, passphrase: str) -> None:
    """Keep the passphrase of ``data_dir`` in memory for this process."""
    _session_passphrases[str(Path(data_dir).resolve())] = passphrase


def session_passphrase(data_dir: Path) -> str | None:
    return _session_passphrases.get(str(Path(data_dir).resolve()))


def forget_passphrases() -> None:
    """Forget every passphrase typed in this process."""
    _session_passphrases.clear()
