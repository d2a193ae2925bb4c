"""The token lives in the keyring, or in memory for the session: never in a file."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from support.file_keyring import FileKeyring

from canvass_app.credentials import TokenStore, token_from_environment


def test_token_goes_to_the_keyring(memory_keyring: object) -> None:
    store = TokenStore("https://api.example.org/")
    assert store.persistent
    assert store.set("secret-token") is True
    assert store.get() == "secret-token"
    assert TokenStore("https://api.example.org").get() == "secret-token"
    assert TokenStore("https://other.example.org").get() is None
    store.delete()
    assert store.get() is None


def test_without_a_keyring_the_token_is_kept_for_the_session_only(tmp_path: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    store = TokenStore("https://api.example.org")
    assert not store.persistent
    assert store.set("session-token") is False
    assert store.get() == "session-token"
    store.delete()
    assert store.get() is None


def test_environment_token_wins_and_is_never_written(
    monkeypatch: pytest.MonkeyPatch, memory_keyring: FileKeyring
) -> None:
    # The keyring may start with the shared fixtures' database keys: nothing is added.
    before = dict(memory_keyring._secrets)
    monkeypatch.setenv("CANVASS_TOKEN", " from-env ")
    assert token_from_environment() == "from-env"
    assert TokenStore("https://api.example.org").get() == "from-env"
    assert memory_keyring._secrets == before


def test_empty_token_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        TokenStore("https://api.example.org").set("   ")
