"""Exports re-read with the standard library, the CLI commands, and the headless rule."""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from canvass_app.cli.ledger_cmds import cmd_export, cmd_history
from canvass_app.cli.main import build_parser, main
from canvass_app.services.exports import CSV_COLUMNS, ExportError, export_ledger, write_atomically
from canvass_app.services.history import HistoryFilter, build_filter

from .conftest import Ledger


def _ledger(db: sqlite_utils.Database, where: str, params: list[object]) -> dict[str, dict]:
    rows = db.execute(
        f"SELECT local_id, state, knock_time, server_id, data_json, canvasser FROM visits WHERE {where}",  # noqa: S608
        params,
    ).fetchall()
    return {
        r[0]: {
            "state": r[1],
            "knock_time": r[2],
            "server_id": r[3],
            "data": json.loads(r[4]),
            "canvasser": r[5],
        }
        for r in rows
    }


def test_csv_export_matches_the_ledger(big_db: sqlite_utils.Database, tmp_path: Path) -> None:
    flt = HistoryFilter(canvasser="hana", gps_grades=("poor",))
    out = tmp_path / "hana.csv"
    count = export_ledger(big_db, flt, out, "csv")
    expected = _ledger(big_db, "canvasser = ? AND gps_grade = ?", ["hana", "poor"])
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert count == len(rows) == len(expected) > 0
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    for row in rows:
        known = expected[row["local_id"]]
        assert row["state"] == known["state"]
        assert row["knock_time"] == known["knock_time"]
        assert row["server_id"] == (known["server_id"] or "")
        assert json.loads(row["data_json"]) == known["data"]
        assert float(row["lat"]) == known["data"]["location"]["lat"]
        assert row["gps_grade"] == "poor"


def test_geojson_export_is_a_feature_collection(
    big_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    flt = HistoryFilter(canvasser="hana", states=("queued", "rejected", "needs_attention"))
    out = tmp_path / "hana.geojson"
    count = export_ledger(big_db, flt, out, "geojson")
    doc = json.loads(out.read_text(encoding="utf-8"))
    expected = _ledger(
        big_db,
        "canvasser = ? AND state IN ('queued', 'rejected', 'needs_attention')",
        ["hana"],
    )
    assert doc["type"] == "FeatureCollection"
    assert count == len(doc["features"]) == len(expected) > 0
    for feature in doc["features"]:
        data = expected[feature["id"]]["data"]
        assert feature["properties"]["data"] == data
        if "location" in data:
            assert feature["geometry"] == {
                "type": "Point",
                "coordinates": [data["location"]["lng"], data["location"]["lat"]],
            }
        else:
            assert feature["geometry"] is None


def test_jsonl_export_of_the_whole_ledger(
    big_db: sqlite_utils.Database, big_ledger: Ledger, tmp_path: Path
) -> None:
    out = tmp_path / "all.jsonl"
    count = export_ledger(big_db, HistoryFilter(), out, "jsonl")
    states: dict[str, int] = {}
    ids = set()
    with out.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            ids.add(record["local_id"])
            states[record["state"]] = states.get(record["state"], 0) + 1
    assert count == len(ids) == big_ledger.summary.visits
    assert states == big_ledger.summary.by_state


def test_a_failed_export_leaves_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "ledger.csv"
    out.write_text("old contents", encoding="utf-8")

    def broken(handle: object) -> int:
        handle.write("half a file")  # type: ignore[attr-defined]
        raise RuntimeError("disk pulled out")

    with pytest.raises(RuntimeError):
        write_atomically(out, broken)
    assert out.read_text(encoding="utf-8") == "old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.csv"]
    with pytest.raises(ExportError, match="does not exist"):
        write_atomically(tmp_path / "missing" / "x.csv", lambda h: 0)


@pytest.fixture(autouse=True)
def _stop_logging() -> Iterator[None]:
    """`main` starts logging into the ledger's data dir; stop it after each test."""
    from canvass_app.services.logs import shutdown_logging

    yield
    shutdown_logging()


def _parse(argv: list[str]) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def test_cli_history_json(
    small_ledger: Ledger, small_db: sqlite_utils.Database, capsys: pytest.CaptureFixture[str]
) -> None:
    args = _parse(["history", "--json", "--state", "queued,rejected", "--since", "2026-01-01"])
    assert cmd_history(args, small_ledger.data_dir) == 0
    printed = json.loads(capsys.readouterr().out)
    expected = _ledger(
        small_db,
        "state IN ('queued', 'rejected') AND knock_time >= ?",
        ["2026-01-01T00:00:00.000Z"],
    )
    assert {r["local_id"] for r in printed} == set(expected)
    for record in printed:
        assert {"local_id", "server_id", "state", "knock_time", "sent_time", "data", "etag"} <= set(
            record
        )
        assert record["data"] == expected[record["local_id"]]["data"]
    knocks = [r["knock_time"] for r in printed]
    assert knocks == sorted(knocks, reverse=True)


def test_cli_history_search_and_canvasser(
    small_ledger: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    args = _parse(["history", "--json", "--canvasser", "gus", "--search", "transit"])
    assert cmd_history(args, small_ledger.data_dir) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed and all(r["canvasser"] == "gus" for r in printed)
    assert cmd_history(_parse(["history", "--canvasser", "nobody"]), small_ledger.data_dir) == 0
    assert "No visits match." in capsys.readouterr().out


def test_cli_rejects_bad_filters_in_words(
    small_ledger: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = str(small_ledger.data_dir)
    assert main(["history", "--state", "lost", "--data-dir", data_dir]) == 2
    assert "'lost' is not a sync state" in capsys.readouterr().err
    out = str(small_ledger.data_dir / "x.csv")
    assert main(["export", "--format", "csv", "--since", "soon", out, "--data-dir", data_dir]) == 2
    assert "since: 'soon' is not a date or time" in capsys.readouterr().err


def test_cli_export_jsonl(
    small_ledger: Ledger, small_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    args = _parse(["export", "--format", "jsonl", "--grade", "none", "--no-voided", str(out)])
    assert cmd_export(args, small_ledger.data_dir) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    expected = _ledger(small_db, "gps_grade = 'none' AND deleted = 0", [])
    assert {r["local_id"] for r in lines} == set(expected)


def test_ledger_commands_never_import_qt(small_ledger: Ledger) -> None:
    code = (
        "import sys, argparse, canvass_app.cli.ledger_cmds as m;"
        # what `canvass-app` does first: storage learns where the database's key is
        "__import__('canvass_app.services.database').services.database.use_database_keys();"
        "p = argparse.ArgumentParser(); m.add_ledger_arguments(p.add_subparsers(dest='c'));"
        f"rc = m.cmd_history(p.parse_args(['history', '--limit', '3']), __import__('pathlib').Path({str(small_ledger.data_dir)!r}));"
        "assert rc == 0;"
        "bad = [n for n in sys.modules if n.startswith('PySide6')];"
        "assert not bad, bad"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 4  # the header and three visits


def test_build_filter_keeps_unsent_states() -> None:
    flt = build_filter(states=["queued", "rejected"], gps_grades=["poor"])
    assert flt.states == ("queued", "rejected") and flt.gps_grades == ("poor",)


def test_entry_point_history_and_export(
    small_ledger: Ledger, small_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    base = [sys.executable, "-m", "canvass_app", "--data-dir", str(small_ledger.data_dir)]
    shown = subprocess.run(
        [*base, "history", "--json", "--limit", "5", "--state", "sent"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.returncode == 0, shown.stderr
    records = json.loads(shown.stdout)
    assert len(records) == 5 and {r["state"] for r in records} == {"sent"}
    out = tmp_path / "ledger.csv"
    exported = subprocess.run(
        [*base, "export", "--format", "csv", "--canvasser", "hana", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert exported.returncode == 0, exported.stderr
    with out.open(newline="", encoding="utf-8") as handle:
        ids = {row["local_id"] for row in csv.DictReader(handle)}
    assert ids == set(_ledger(small_db, "canvasser = ?", ["hana"]))
    bad = subprocess.run(
        [*base, "export", "--format", "csv", "--grade", "great", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "'great' is not a GPS grade" in bad.stderr
