"""Base URL checks: plain http only to this machine, clear words for anything unusable."""

from __future__ import annotations

import pytest

from canvass_app.api import InsecureUrlError, PolisClient
from canvass_app.api.urls import is_loopback_host, normalize_base_url, path_segment


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org",
        "http://10.0.0.5:8080/api",
        "http://192.168.1.1",
        "http://[2001:db8::1]/",
        "http://localhost.example.org",
        "http://128.0.0.1",
    ],
)
def test_plain_http_to_another_host_is_refused(url: str) -> None:
    with pytest.raises(InsecureUrlError, match="unencrypted"):
        normalize_base_url(url)
    with pytest.raises(InsecureUrlError):
        PolisClient(url, "secret-token")


def test_insecure_url_error_is_a_value_error() -> None:
    assert issubclass(InsecureUrlError, ValueError)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000"),
        ("http://127.5.6.7", "http://127.5.6.7"),
        ("http://[::1]:9000", "http://[::1]:9000"),
        ("http://localhost:8000/base/", "http://localhost:8000/base"),
        ("https://api.example.org/", "https://api.example.org"),
        ("HTTPS://api.example.org/root", "https://api.example.org/root"),
    ],
)
def test_loopback_http_and_any_https_are_accepted(url: str, expected: str) -> None:
    assert normalize_base_url(url) == expected


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("ftp://example.org", "must start with https://"),
        ("example.org", "must start with https://"),
        ("https://", "no host"),
        ("https://user:pw@example.org", "user name or password"),
        ("https://example.org/?a=1", "query"),
        ("https://example.org:notaport", "cannot be read"),
    ],
)
def test_unusable_urls_are_refused_in_words(url: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        normalize_base_url(url)


def test_loopback_hosts() -> None:
    assert is_loopback_host("127.0.0.1")
    assert is_loopback_host("[::1]")
    assert is_loopback_host("LOCALHOST")
    assert not is_loopback_host("0.0.0.0")
    assert not is_loopback_host("example.org")


def test_path_segment_quotes_ids_and_refuses_empty_or_dots() -> None:
    assert path_segment("a/b?c", "interaction id") == "a%2Fb%3Fc"
    with pytest.raises(ValueError, match="interaction id is empty"):
        path_segment("", "interaction id")
    with pytest.raises(ValueError, match="not an id"):
        path_segment("..", "interaction id")


def test_tls_verification_cannot_be_turned_off() -> None:
    with pytest.raises(ValueError, match="cannot be turned off"):
        PolisClient("https://api.example.org", "t", verify=False)


def test_missing_ca_bundle_is_named() -> None:
    with pytest.raises(ValueError, match="certificate authority file .* does not exist"):
        PolisClient("https://api.example.org", "t", verify="/nonexistent/ca.pem")


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"timeout": 0}, "timeout must be"),
        ({"connect_timeout": -1}, "connect_timeout must be"),
        ({"max_connections": 0}, "max_connections must be a whole number from 1 to 16"),
        ({"patch_path_form": "root"}, "patch_path_form"),
    ],
)
def test_bad_options_are_refused_in_words(options: dict[str, object], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        PolisClient("https://api.example.org", "t", **options)  # type: ignore[arg-type]


def test_empty_token_is_refused_and_none_signs_out() -> None:
    with PolisClient("https://api.example.org", None) as client:
        assert not client.has_token
        with pytest.raises(ValueError, match="token is empty"):
            client.set_token("  ")
        client.set_token("abc")
        assert client.has_token
        assert "abc" not in repr(client)
        client.set_token(None)
        assert not client.has_token
