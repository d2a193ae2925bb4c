"""Run the benchmark suite: ``python benchmarks/run.py [--only B1,B2] [--quick]``.

Every figure runs in a fresh child process (no figure inherits another's memory, threads,
Qt application or warm caches), writes its JSON, and the parent merges them into
``benchmarks/results.json`` (one object per figure id) and rewrites the results table in
``docs/BENCHMARKS.md`` between its two marker lines. With ``--only``, figures already in
the results file are kept and the named ones replaced.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(BENCH_DIR))

from benchlib import (  # noqa: E402
    KEYRING_VARIABLE,
    REPO_DIR,
    child_env,
    failed_figure,
    use_app_keys,
)

# id -> (module, function, what it measures)
FIGURES: dict[str, tuple[str, str, str]] = {
    "B1": ("bench_save", "run", "save a door visit, p50 and p99 over 2,000 visits"),
    "B2": ("bench_drain", "run_b2", "drain 10,000 queued visits to the reference server"),
    "B3": ("bench_drain", "run_b3", "drain 2,000 visits with 50 ms added to every answer"),
    "B4": ("bench_gui", "run_b4", "longest main-thread stall while 5,000 visits sync"),
    "B5": ("bench_gui", "run_b5", "open a 50,000-household walklist; one keystroke of search"),
    "B6": ("bench_history", "run", "history of 100,000 visits: filter, text search, sort"),
    "B7": ("bench_startup", "run", "cold start until the window is shown; status --json"),
    "B8": ("bench_gui", "run_b8", "resident memory, 50k walklist and 100k history open"),
    "B9": ("bench_fleet", "run", "fleet drain: 100–10,000 laptops into a rate-limited API"),
    "B10": ("bench_recovery", "run", "crash to first send: kill -9 a sync, restart"),
    "B11": ("bench_idle", "run", "idle cost: CPU and wake-ups of the app and the server"),
    "B12": ("bench_import", "run", "import a 20,000-visit file in one transaction"),
    "B13": ("bench_map", "run", "the map: prepare, full draw, repaint for a fix, memory"),
}
CHILD_TIMEOUT_S = 900
DOC_START = "<!-- results:start (written by benchmarks/run.py; edit the text outside) -->"
DOC_END = "<!-- results:end -->"


def _parse_only(text: str | None) -> list[str]:
    if not text:
        return list(FIGURES)
    wanted = [part.strip().upper() for part in text.split(",") if part.strip()]
    unknown = [name for name in wanted if name not in FIGURES]
    if unknown:
        raise ValueError(
            f"unknown figure id(s) {', '.join(unknown)}; the figures are {', '.join(FIGURES)}"
        )
    if not wanted:
        raise ValueError("--only needs at least one figure id, e.g. --only B1,B2")
    return wanted


def run_child(figure_id: str, quick: bool, out: Path) -> None:
    """In the child process: measure one figure and write its JSON to ``out``."""
    module_name, function_name, _what = FIGURES[figure_id]
    use_app_keys()
    module = importlib.import_module(module_name)
    figure = getattr(module, function_name)(quick)
    data = figure.to_json()
    out.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


def _measure(figure_id: str, quick: bool, cache_dir: Path) -> dict[str, Any]:
    _module, _function, what = FIGURES[figure_id]
    reproduce = f"python benchmarks/run.py --only {figure_id}"
    with tempfile.TemporaryDirectory(prefix="canvass-bench-") as folder:
        out = Path(folder) / f"{figure_id}.json"
        command = [sys.executable, str(Path(__file__).resolve()), "--child", figure_id]
        command += ["--child-out", str(out)] + (["--quick"] if quick else [])
        started = time.perf_counter()
        try:
            finished = subprocess.run(
                command,
                cwd=REPO_DIR,
                env={**child_env(), "CANVASS_BENCH_CACHE": str(cache_dir)},
                capture_output=True,
                text=True,
                timeout=CHILD_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return failed_figure(
                figure_id, what, reproduce, f"did not finish within {CHILD_TIMEOUT_S} s"
            )
        seconds = time.perf_counter() - started
        if finished.returncode != 0 or not out.exists():
            tail = (finished.stderr or "").strip().splitlines()[-12:]
            sys.stderr.write("\n".join(tail) + "\n")
            last = tail[-1] if tail else f"exit status {finished.returncode}"
            return failed_figure(figure_id, what, reproduce, last)
        data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    data["quick"] = quick
    data["measured_at"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    data["run_seconds"] = round(seconds, 1)
    data["machine"] = f"{platform.machine()}, {_cpus()} CPUs, Python {platform.python_version()}"
    return data


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0


def _fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        text = f"{value:.3g}" if abs(value) < 100 else f"{value:,.0f}"
    else:
        text = str(value)
    return f"{text} {unit}".strip()


def _met_word(met: Any) -> str:
    if met is None:
        return "(info)"
    return "**met**" if met else "**MISSED**"


def results_table(results: dict[str, dict[str, Any]]) -> str:
    """The Markdown table of every figure and its parts."""
    lines = [
        "| figure | measured | median (or the statistic named) | baseline (same run) | ratio "
        "| spread | target | result | reproduce |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for figure_id in FIGURES:
        data = results.get(figure_id)
        if data is None:
            continue
        parts = data.get("parts") or []
        if not parts:
            notes = "; ".join(data.get("notes") or [])
            lines.append(
                f"| {figure_id} | {data.get('what', '')} | — | — | — | — | — | "
                f"**FAILED**: {notes} | `--only {figure_id}` |"
            )
            continue
        for part in parts:
            unit = part.get("unit", "")
            ratio = part.get("ratio")
            lines.append(
                "| {fid} | {name} | {value} | {baseline} | {ratio} | {spread} | {target} | {met} "
                "| `--only {fid}` |".format(
                    fid=figure_id,
                    name=part.get("name", ""),
                    value=_fmt(part.get("value"), unit),
                    baseline=_fmt(part.get("baseline"), unit),
                    ratio="—" if ratio is None else f"{ratio:.2f}×",
                    spread=part.get("spread") or "—",
                    target=part.get("target", ""),
                    met=_met_word(part.get("met")),
                )
            )
    lines.append("")
    lines.append(
        "Reproduce one figure: `QT_QPA_PLATFORM=offscreen .venv/bin/python "
        "benchmarks/run.py --only B<n>` (add `--quick` for a smoke run)."
    )
    stamps = sorted(
        {str(d.get("measured_at", "")) for d in results.values() if d.get("measured_at")}
    )
    if stamps:
        quick = any(d.get("quick") for d in results.values())
        machine = next((d.get("machine") for d in results.values() if d.get("machine")), "")
        lines.append(
            f"Measured {stamps[0]} … {stamps[-1]} on {machine}"
            + (" (**--quick counts: a smoke run, not the figures**)" if quick else "")
            + "."
        )
    return "\n".join(lines)


def write_doc(doc: Path, results: dict[str, dict[str, Any]]) -> None:
    """Replace the table between the markers (or create the file with just the table)."""
    table = f"{DOC_START}\n{results_table(results)}\n{DOC_END}"
    if doc.exists():
        text = doc.read_text(encoding="utf-8")
        if DOC_START in text and DOC_END in text:
            head, rest = text.split(DOC_START, 1)
            _old, tail = rest.split(DOC_END, 1)
            doc.write_text(head + table + tail, encoding="utf-8")
            return
        doc.write_text(text.rstrip() + "\n\n## Results\n\n" + table + "\n", encoding="utf-8")
        return
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text("# Benchmarks\n\n## Results\n\n" + table + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Canvass benchmark suite (issue 7).")
    parser.add_argument("--only", help="comma-separated figure ids, e.g. B1,B2 (default: all)")
    parser.add_argument("--quick", action="store_true", help="small counts: a smoke run")
    parser.add_argument(
        "--out", type=Path, default=BENCH_DIR / "results.json", help="the results JSON file"
    )
    parser.add_argument(
        "--doc", type=Path, default=REPO_DIR / "docs" / "BENCHMARKS.md", help="the table's page"
    )
    parser.add_argument("--no-doc", action="store_true", help="do not touch the Markdown page")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        if args.child not in FIGURES or args.child_out is None:
            parser.error("--child needs a known figure id and --child-out")
        run_child(args.child, args.quick, args.child_out)
        return 0

    try:
        wanted = _parse_only(args.only)
    except ValueError as error:
        parser.error(str(error))
    results: dict[str, dict[str, Any]] = {}
    if args.out.exists():
        try:
            loaded = json.loads(args.out.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                results = {k: v for k, v in loaded.items() if k in FIGURES and isinstance(v, dict)}
        except ValueError:
            print(f"note: {args.out} was not valid JSON; starting a new one", file=sys.stderr)
    suite_start = time.perf_counter()
    # Generated data shared by the figures of this run (the 100,000-visit ledger takes a
    # minute to write; B6 and B8 both copy it from here).
    cache = tempfile.TemporaryDirectory(prefix="canvass-bench-cache-")
    # The run's keyring (benchlib.CHILD_ENV_OVERRIDES), beside the data it keeps the key of.
    os.environ[KEYRING_VARIABLE] = str(Path(cache.name) / "keyring.json")
    try:
        _run_figures(wanted, args, results, Path(cache.name))
    finally:
        cache.cleanup()
    if not args.no_doc:
        write_doc(args.doc, {k: results[k] for k in FIGURES if k in results})
    print(f"suite: {time.perf_counter() - suite_start:.0f} s; results in {args.out}")
    return 0


def _run_figures(
    wanted: list[str], args: argparse.Namespace, results: dict[str, dict[str, Any]], cache: Path
) -> None:
    for figure_id in wanted:
        print(f"{figure_id}: {FIGURES[figure_id][2]} …", flush=True)
        data = _measure(figure_id, args.quick, cache)
        results[figure_id] = data
        verdict = "met" if data.get("met") else "MISSED"
        print(
            f"{figure_id}: {verdict}: {_fmt(data.get('value'), str(data.get('unit', '')))} vs "
            f"baseline {_fmt(data.get('baseline'), str(data.get('unit', '')))} "
            f"({data.get('run_seconds', '?')} s)",
            flush=True,
        )
        ordered = {k: results[k] for k in FIGURES if k in results}
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(ordered, indent=2, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    sys.exit(main())
