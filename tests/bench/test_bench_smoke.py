"""Smoke test of the benchmark suite: `benchmarks/run.py --quick --only B1` runs in a
subprocess and writes results.json with the documented keys.

No timing is asserted: the benchmarks judge themselves against their baselines, and a
test machine's speed is nobody's business here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RUN = REPO / "benchmarks" / "run.py"
FIGURE_KEYS = {"value", "unit", "baseline", "target", "met"}


def test_quick_b1_writes_results_with_the_documented_keys(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    doc = tmp_path / "BENCHMARKS.md"
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    finished = subprocess.run(
        [sys.executable, str(RUN), "--quick", "--only", "B1", "--out", str(out), "--doc", str(doc)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]

    results = json.loads(out.read_text(encoding="utf-8"))
    assert list(results) == ["B1"]
    figure = results["B1"]
    assert FIGURE_KEYS <= set(figure), f"missing keys: {FIGURE_KEYS - set(figure)}"
    assert isinstance(figure["met"], bool)
    assert figure["unit"] == "ms"
    assert isinstance(figure["value"], float) and figure["value"] > 0
    assert isinstance(figure["baseline"], float) and figure["baseline"] > 0
    assert figure["parts"], "B1 records its p99 and p50 parts"
    for part in figure["parts"]:
        assert FIGURE_KEYS <= set(part)
    assert {part["name"] for part in figure["parts"]} == {
        "save p99",
        "save p50",
        "a save right after the sync thread wrote (cold page cache), median",
        "the raw row into an encrypted file, p99",
    }

    table = doc.read_text(encoding="utf-8")
    assert "| B1 | save p99 |" in table
    assert "results:start" in table and "results:end" in table


def test_an_unknown_figure_id_is_refused_in_words(tmp_path: Path) -> None:
    finished = subprocess.run(
        [sys.executable, str(RUN), "--only", "B1,B99", "--out", str(tmp_path / "r.json")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 2
    assert "unknown figure id(s) B99" in finished.stderr
    assert not (tmp_path / "r.json").exists()
