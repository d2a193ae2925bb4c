"""`canvass-app sync` against a real HTTPS server: a certificate problem is printed as
one, in words with the fix, and the trusted-CA setting fixes it (issue 15, point 4)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from support.certificates import TestAuthority
from support.page_examples import PAGE_POST_BODY

from canvass_app.services.settings import Settings, save_settings

TOKEN = "cli-tls-token"


def test_sync_says_untrusted_then_works_with_the_ca_setting(
    make_polis_server: Any, run_cli: Any, data_dir: Path, tmp_path: Path
) -> None:
    authority = TestAuthority(tmp_path)
    issued = authority.issue("server")
    server = make_polis_server(token=TOKEN, tls_cert=issued.cert, tls_key=issued.key)
    visits = tmp_path / "visits.jsonl"
    visits.write_text(json.dumps(PAGE_POST_BODY) + "\n", encoding="utf-8")
    env = {"CANVASS_TOKEN": TOKEN}
    assert run_cli("import", str(visits), data_dir=data_dir).returncode == 0

    refused = run_cli("--api-url", server.url, "sync", "--once", data_dir=data_dir, env=env)
    assert refused.returncode == 3  # the visit waits; nothing is lost
    assert "does not trust" in refused.stderr
    assert "Trusted certificate authority" in refused.stderr
    assert "could not connect" not in refused.stderr
    # The canvasser's words (SyncReport.message) name the certificate, not "no connection".
    assert "will be sent once this is fixed" in refused.stderr + refused.stdout
    assert "No connection" not in refused.stderr + refused.stdout
    assert server.state.interactions() == []

    save_settings(data_dir, Settings(api_url=server.url, ca_file=str(authority.cert_file)))
    sent = run_cli("sync", "--once", data_dir=data_dir, env=env)
    assert sent.returncode == 0, sent.stderr
    assert len(server.state.interactions()) == 1
