"""What the command line prints from data cannot drive the terminal, and its errors name a
field and a problem, never the whole visit (issue 15, point 3)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support.page_examples import PAGE_POST_BODY

from canvass_app.cli.safe_text import terminal_json, terminal_text

# Everything a terminal may act on: 7-bit and 8-bit escape sequences, other controls,
# bidi controls.
HOSTILE = {
    "CSI colour": "\x1b[31mred\x1b[0m",
    "CSI clear screen": "\x1b[2J\x1b[H",
    "8-bit CSI": "\x9b31mred",
    "OSC title, BEL": "\x1b]0;owned\x07",
    "OSC title, ST": "\x1b]2;owned\x1b\\",
    "OSC hyperlink": "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "8-bit OSC": "\x9d0;owned\x9c",
    "DCS": "\x1bPq#0;2;0;0;0\x1b\\",
    "unterminated OSC": "\x1b]0;owned",
    "charset switch": "\x1b(0",
    "keypad mode": "\x1b=",
    "BEL": "\x07",
    "backspace": "ab\x08\x08",
    "DEL": "\x7f",
    "NEL": "\x85",
    "NUL": "\x00",
    "right-to-left override": "\u202eevil",
    "isolate": "\u2066x\u2069",
    "line break": "row\nforged row",
    "carriage return": "hidden\roverwritten",
    "line separator": "a\u2028b",
}
CONTROL_CHARS = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]]
BIDI_CHARS = list("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _inert(text: str) -> bool:
    return not any(ch in text for ch in CONTROL_CHARS + BIDI_CHARS + ["\u2028", "\u2029"])


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_terminal_text_leaves_nothing_a_terminal_acts_on(name: str) -> None:
    cleaned = terminal_text(HOSTILE[name])
    assert _inert(cleaned), repr(cleaned)


def test_terminal_text_removes_escape_sequences_whole_and_keeps_the_words() -> None:
    assert terminal_text("\x1b[1;31mAna\x1b[0m López") == "Ana López"
    assert terminal_text("\x1b]0;owned\x07Ana") == "Ana"  # the title text goes too
    assert terminal_text("row\nforged row") == "row forged row"
    assert terminal_text("Zoë 李 \u05e9\u05dc\u05d5\u05dd") == "Zoë 李 \u05e9\u05dc\u05d5\u05dd"
    assert terminal_text(None) == ""


def test_terminal_json_is_the_same_data_and_inert() -> None:
    value = {"name": "".join(HOSTILE.values()), "plain": "Zoë"}
    text = terminal_json(value)
    assert _inert(text), repr(text)
    assert json.loads(text) == value
    assert "Zoë" in text  # readable, not \u-escaped


# --- the commands ---------------------------------------------------------------------------

HOSTILE_REASON = "".join(HOSTILE.values())


@pytest.fixture
def imported(data_dir: Path, run_cli: Any, tmp_path: Path) -> str:
    visit = dict(PAGE_POST_BODY, unavailableReason=HOSTILE_REASON)
    visits = tmp_path / "visits.jsonl"
    visits.write_text(json.dumps(visit) + "\n", encoding="utf-8")
    done = run_cli("import", "--canvasser", "\x1b[31mana\u202e", str(visits), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_history_table_prints_no_control_characters(
    imported: str, data_dir: Path, run_cli: Any
) -> None:
    shown = run_cli("history", data_dir=data_dir)
    assert shown.returncode == 0, shown.stderr
    assert _inert(shown.stdout.replace("\n", "")), repr(shown.stdout)
    lines = shown.stdout.splitlines()
    assert len(lines) == 2  # the header and one row: no forged row
    assert "ana" in lines[1] and "forged row" in lines[1]


def test_history_json_keeps_the_data_and_prints_it_inert(
    imported: str, data_dir: Path, run_cli: Any
) -> None:
    shown = run_cli("history", "--json", data_dir=data_dir)
    assert shown.returncode == 0, shown.stderr
    assert _inert(shown.stdout.replace("\n", "")), repr(shown.stdout)
    (row,) = json.loads(shown.stdout)
    assert row["data"]["unavailableReason"] == HOSTILE_REASON
    assert row["canvasser"] == "\x1b[31mana\u202e"


def test_status_and_outbox_commands_print_inert_text(
    imported: str, data_dir: Path, run_cli: Any, tmp_path: Path
) -> None:
    for args in (("status",), ("status", "--json"), ("outbox", "requeue", imported)):
        shown = run_cli(*args, data_dir=data_dir)
        assert _inert(shown.stdout.replace("\n", "") + shown.stderr.replace("\n", "")), args


def test_a_failed_edit_names_the_field_not_the_visit(
    imported: str, data_dir: Path, run_cli: Any
) -> None:
    patch = json.dumps([{"op": "remove", "path": "/data/nope"}])
    failed = run_cli("edit", imported, "--patch", patch, data_dir=data_dir)
    assert failed.returncode == 1
    assert "/nope" in failed.stderr and "not there" in failed.stderr
    # Nothing of the visit itself: no ids, no answers, no reason text.
    for value in (PAGE_POST_BODY["contactId"], "dogliker", "owned", "forged"):
        assert value not in failed.stderr
    assert _inert(failed.stderr.replace("\n", ""))


def test_a_bad_import_line_is_reported_inert(data_dir: Path, run_cli: Any, tmp_path: Path) -> None:
    visits = tmp_path / "bad.jsonl"
    bad = dict(PAGE_POST_BODY, timestamp="\x1b]0;owned\x07yesterday\u202e")
    visits.write_text(json.dumps(bad) + "\n", encoding="utf-8")
    failed = run_cli("import", str(visits), data_dir=data_dir)
    assert failed.returncode == 1
    assert "timestamp" in failed.stderr
    assert _inert(failed.stderr.replace("\n", ""))
