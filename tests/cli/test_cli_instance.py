"""One process per data folder on the command line: a second instance says so in words and
exits 6; read-only commands still run beside the app; in-process runs release the folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from support.page_examples import PAGE_POST_BODY

from canvass_app.cli.main import main
from canvass_app.services.instance import claim_data_dir
from canvass_app.storage.dir_lock import held_here

EXIT_DATA_DIR_BUSY = 6


def test_a_second_instance_is_refused_in_words_with_its_own_exit_code(
    data_dir: Path, polis_server: Any, run_cli: Any, tmp_path: Path
) -> None:
    visits = tmp_path / "visits.jsonl"
    visits.write_text(json.dumps(PAGE_POST_BODY) + "\n")
    env = {"CANVASS_TOKEN": polis_server.token}
    with claim_data_dir(data_dir):  # this test process is "the app"
        for args in (("sync",), ("import", str(visits)), ("delete", "some-local-id")):
            result = run_cli("--api-url", polis_server.url, *args, data_dir=data_dir, env=env)
            assert result.returncode == EXIT_DATA_DIR_BUSY, (args, result.stderr)
            assert "Canvass is already open with the data folder" in result.stderr
            assert "Traceback" not in result.stderr
        # Reading beside the app is fine.
        status = run_cli("status", "--json", data_dir=data_dir)
        assert status.returncode == 0, status.stderr
        assert json.loads(status.stdout)["queued"] == 0
    imported = run_cli("import", str(visits), data_dir=data_dir, env=env)
    assert imported.returncode == 0, imported.stderr


def test_commands_run_in_process_release_the_folder_when_they_end(
    data_dir: Path, tmp_path: Path, capsys: Any
) -> None:
    for n in range(2):  # the same process, twice: each command holds, then releases
        visits = tmp_path / f"visits-{n}.jsonl"
        knock = f"2018-07-1{7 + n}T18:40:53.526Z"
        visits.write_text(json.dumps(dict(PAGE_POST_BODY, timestamp=knock)) + "\n")
        assert main(["--data-dir", str(data_dir), "import", str(visits)]) == 0
        assert not held_here(data_dir)
    with claim_data_dir(data_dir):  # inside an app that holds it, a command still runs
        assert main(["--data-dir", str(data_dir), "status", "--json"]) == 0
        assert held_here(data_dir)
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["queued"] == 2
