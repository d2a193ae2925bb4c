"""A certificate problem is told apart from a network problem (issue 15, point 4).

The reference server serves real HTTPS on 127.0.0.1 with certificates made for each test:
signed by a CA nobody trusts, expired, not yet valid, or made out to another host.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support.certificates import TestAuthority

from canvass_app.api.client import PolisClient
from canvass_app.api.errors import CertificateError, TransientError
from canvass_app.services.settings import Settings, client_options

TOKEN = "tls-token"


@pytest.fixture
def authority(tmp_path: Path) -> TestAuthority:
    return TestAuthority(tmp_path)


@pytest.fixture
def https_server(
    make_polis_server: Callable[..., Any], authority: TestAuthority
) -> Callable[..., Any]:
    def start(label: str = "good", **validity: Any) -> Any:
        issued = authority.issue(label, **validity)
        return make_polis_server(seed="demo", token=TOKEN, tls_cert=issued.cert, tls_key=issued.key)

    return start


def _probe(url: str, **options: Any) -> None:
    with PolisClient(url, TOKEN, timeout=5.0, **options) as client:
        client.probe()


def _certificate_error(url: str, **options: Any) -> CertificateError:
    with pytest.raises(CertificateError) as caught:
        _probe(url, **options)
    return caught.value


def test_an_untrusted_certificate_is_said_as_such(https_server: Callable[..., Any]) -> None:
    server = https_server()
    assert server.url.startswith("https://127.0.0.1:")
    error = _certificate_error(server.url)
    assert error.problem == "untrusted"
    assert error.may_have_reached_server is False  # nothing was sent: visits wait
    assert isinstance(error, TransientError)
    words = str(error.explanation)
    assert "does not trust" in words and "127.0.0.1" in words
    assert "Trusted certificate authority" in words  # how to fix it
    assert "could not connect" not in str(error)
    assert error.explanation.context == "CertificateError"
    assert error.detail  # the TLS library's words, for the log


def test_a_custom_ca_setting_makes_it_work(
    https_server: Callable[..., Any], authority: TestAuthority
) -> None:
    server = https_server()
    settings = Settings(api_url=server.url, ca_file=str(authority.cert_file))
    _probe(server.url, **client_options(settings))  # no error: trusted and verified
    with PolisClient(server.url, TOKEN, **client_options(settings)) as client:
        assert client.list_status_groups()


def test_an_expired_certificate_is_said_as_such(
    https_server: Callable[..., Any], authority: TestAuthority
) -> None:
    server = https_server("expired", valid_from_days=-30, valid_until_days=-1)
    error = _certificate_error(server.url, verify=str(authority.cert_file))
    assert error.problem == "expired"
    assert "has expired" in str(error.explanation)
    assert "date and time" in str(error.explanation)


def test_a_certificate_not_valid_yet_is_said_as_such(
    https_server: Callable[..., Any], authority: TestAuthority
) -> None:
    server = https_server("future", valid_from_days=2, valid_until_days=30)
    error = _certificate_error(server.url, verify=str(authority.cert_file))
    assert error.problem == "not_yet_valid"
    assert "not valid yet" in str(error.explanation)


def test_a_certificate_for_another_host_is_said_as_such(
    https_server: Callable[..., Any], authority: TestAuthority
) -> None:
    server = https_server("elsewhere", hosts=("api.elsewhere.example",))
    error = _certificate_error(server.url, verify=str(authority.cert_file))
    assert error.problem == "wrong_host"
    assert "another name" in str(error.explanation)


def test_no_server_at_all_is_still_could_not_connect() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again when the block ends: nobody listens
    with pytest.raises(TransientError) as caught:
        _probe(f"https://127.0.0.1:{port}")
    assert not isinstance(caught.value, CertificateError)
    assert "could not connect" in str(caught.value)


def test_https_to_a_plain_http_port_is_a_failed_secure_connection(polis_server: Any) -> None:
    url = polis_server.url.replace("http://", "https://")
    with pytest.raises(TransientError) as caught:
        _probe(url)
    assert not isinstance(caught.value, CertificateError)
    assert "secure connection" in str(caught.value)


def test_a_ca_file_that_is_not_a_certificate_is_refused_in_words(tmp_path: Path) -> None:
    bogus = tmp_path / "ca.pem"
    bogus.write_text("not a certificate\n")
    with pytest.raises(ValueError, match="PEM"):
        PolisClient("https://api.example.org", None, verify=str(bogus))
    with pytest.raises(ValueError, match="does not exist"):
        PolisClient("https://api.example.org", None, verify=str(tmp_path / "missing.pem"))
