"""What every benchmark shares: figures and their JSON, statistics, temporary data dirs,
the reference server in its own process, and seeded visit drafts.

A figure is judged as a ratio to a baseline measured in the same run (these machines are
noisy); absolute values are kept beside it. ``Part`` is one measured quantity with its
own target; ``Figure`` is one row of the issue's table (B1..B8) and is met when all of its
judged parts are met.
"""

from __future__ import annotations

import contextlib
import math
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
PYTHON = sys.executable

# No benchmark touches the real keyring of the machine it runs on: every process of a run
# uses the tests' file keyring (tests/support/file_keyring.py) in a file of the run's own
# temporary folder (``KEYRING_VARIABLE``, set by run.py), where the key of the encrypted
# databases is made once and shared by the processes that open them.
KEYRING_VARIABLE = "CANVASS_TEST_KEYRING"
CHILD_ENV_OVERRIDES = {
    "PYTHON_KEYRING_BACKEND": "support.file_keyring.FileKeyring",
    "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
}


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(CHILD_ENV_OVERRIDES)
    path = [str(REPO_DIR / "tests"), env.get("PYTHONPATH", "")]
    env["PYTHONPATH"] = os.pathsep.join(filter(None, path))
    env.pop("CANVASS_TOKEN", None)
    return env


def use_app_keys() -> None:
    """In a benchmark's process: the app's database keys, from the run's keyring file
    (under run.py), else from the system keyring as ``canvass-app`` would (a generator
    run by hand on a data folder of one's own)."""
    from canvass_app.services.database import use_database_keys

    if KEYRING_VARIABLE in os.environ:
        sys.path.insert(0, str(REPO_DIR / "tests"))
        import keyring
        from support.file_keyring import FileKeyring

        keyring.set_keyring(FileKeyring())
    use_database_keys()


# --- figures ------------------------------------------------------------------------------


@dataclass
class Part:
    """One measured quantity, its baseline and its target.

    ``rule`` says how ``met`` is decided:
    - ``"ratio_max"``: value / baseline <= limit (a latency at most N× its baseline);
    - ``"ratio_min"``: value / baseline >= limit (a rate at least N× its baseline);
    - ``"max"``: value <= limit (an absolute ceiling, same unit as value);
    - ``"excess_max"``: value - baseline <= limit (time above the interpreter's start).
    - ``"band"``: |value / baseline - 1| <= limit (a measurement agreeing with its model).
    - ``"info"``: recorded, not judged.
    """

    name: str
    value: float
    unit: str
    baseline: float | None
    target: str
    rule: str
    limit: float | None
    spread: str = ""
    samples: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline

    @property
    def met(self) -> bool | None:
        if self.rule == "info" or self.limit is None:
            return None
        if self.rule == "max":
            return self.value <= self.limit
        if self.baseline is None:
            return False
        if self.rule == "excess_max":
            return self.value - self.baseline <= self.limit
        ratio = self.ratio
        if ratio is None:
            return False
        if self.rule == "ratio_max":
            return ratio <= self.limit
        if self.rule == "ratio_min":
            return ratio >= self.limit
        if self.rule == "band":
            return abs(ratio - 1) <= self.limit
        raise ValueError(f"unknown rule {self.rule!r} for part {self.name!r}")

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = _rounded(self.ratio)
        data["met"] = self.met
        data["value"] = _rounded(self.value)
        data["baseline"] = _rounded(self.baseline)
        return data


@dataclass
class Figure:
    """One figure of the suite: its parts, and how to reproduce it."""

    figure_id: str
    what: str
    parts: list[Part]
    reproduce: str
    notes: list[str] = field(default_factory=list)

    @property
    def met(self) -> bool:
        judged = [part.met for part in self.parts if part.met is not None]
        return bool(judged) and all(judged)

    def to_json(self) -> dict[str, Any]:
        main = next((p for p in self.parts if p.rule != "info"), self.parts[0])
        return {
            "id": self.figure_id,
            "what": self.what,
            "value": _rounded(main.value),
            "unit": main.unit,
            "baseline": _rounded(main.baseline),
            "ratio": _rounded(main.ratio),
            "target": "; ".join(p.target for p in self.parts if p.rule != "info"),
            "met": self.met,
            "spread": main.spread,
            "reproduce": self.reproduce,
            "notes": self.notes,
            "parts": [part.to_json() for part in self.parts],
        }


def failed_figure(figure_id: str, what: str, reproduce: str, error: str) -> dict[str, Any]:
    """The JSON of a figure whose benchmark crashed: not met, with the reason."""
    return {
        "id": figure_id,
        "what": what,
        "value": None,
        "unit": "",
        "baseline": None,
        "ratio": None,
        "target": "",
        "met": False,
        "spread": "",
        "reproduce": reproduce,
        "notes": [f"the benchmark failed: {error}"],
        "parts": [],
    }


def _rounded(value: float | None) -> float | None:
    if value is None or math.isnan(value):
        return None
    return round(value, 4)


# --- statistics ---------------------------------------------------------------------------


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile (0..100) with linear interpolation."""
    if not values:
        raise ValueError("no samples to take a percentile of")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100
    low = math.floor(rank)
    high = math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def iqr_text(values: Sequence[float], unit: str, digits: int = 2) -> str:
    """The middle half of the samples, e.g. ``p25–p75 0.41–0.52 ms``."""
    if len(values) < 2:
        return ""
    low, high = percentile(values, 25), percentile(values, 75)
    return f"p25–p75 {low:.{digits}f}–{high:.{digits}f} {unit}"


def range_text(values: Sequence[float], unit: str, digits: int = 2) -> str:
    if len(values) < 2:
        return ""
    return f"min–max {min(values):.{digits}f}–{max(values):.{digits}f} {unit}"


def slice_rates(times: Sequence[float], start: float, slices: int = 5) -> list[float]:
    """Per-slice throughput (items/s) of completions at ``times`` (perf_counter seconds).

    The run is cut into ``slices`` runs of equal item counts; the spread of their rates
    shows whether a drain slowed down as it went.
    """
    ordered = sorted(times)
    if len(ordered) < slices * 2:
        return []
    size = len(ordered) // slices
    rates: list[float] = []
    previous = start
    for index in range(slices):
        end = ordered[(index + 1) * size - 1]
        span = end - previous
        if span > 0:
            rates.append(size / span)
        previous = end
    return rates


# --- processes and files ------------------------------------------------------------------


@contextlib.contextmanager
def temp_dir(prefix: str) -> Iterator[Path]:
    """A private temporary folder on the same disk as /tmp (removed afterwards)."""
    path = Path(tempfile.mkdtemp(prefix=f"canvass-bench-{prefix}-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def rss_mb() -> tuple[float, float]:
    """(current resident set, peak resident set) of this process in MB (Linux /proc)."""
    current = peak = float("nan")
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                current = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return current, peak


class ServerProcess:
    """The reference Polis server (``canvass-app serve``) in a process of its own.

    A separate process keeps the server's work off the measured process's GIL, as a real
    server would be; client and server still share this machine's two cores.
    """

    def __init__(self, *, faults: str | None = None) -> None:
        self.token = secrets.token_urlsafe(24)
        self.tail = ""
        command = [
            PYTHON,
            "-m",
            "canvass_app",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--seed",
            "empty",
            "--token",
            self.token,
        ]
        if faults:
            command += ["--faults", faults]
        self._process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=child_env(),
            cwd=REPO_DIR,
        )
        self.url = self._read_url()

    def _read_url(self) -> str:
        assert self._process.stdout is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self._process.stdout.readline()
            if not line:
                break
            match = re.search(r"(http://127\.0\.0\.1:\d+)", line)
            if match:
                return match.group(1)
        self.stop()
        raise RuntimeError("the reference server did not print its address within 30 s")

    @property
    def pid(self) -> int:
        return self._process.pid

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
        if self._process.stdout is not None and not self._process.stdout.closed:
            # What it printed after its address (the serve command's last lines).
            self.tail = self._process.stdout.read()
            self._process.stdout.close()

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:  # never shows the token
        return f"ServerProcess(url={getattr(self, 'url', '?')!r})"


# --- seeded visits ------------------------------------------------------------------------


def visit_drafts(count: int, *, seed: int = 11, campaign_id: str | None = None) -> list[Any]:
    """``count`` VisitDrafts like a canvasser's: about a third with survey answers, the
    rest one-tap outcomes; most with a GPS fix near the door."""
    from datetime import UTC, datetime

    import generate_walklist as walk

    from canvass_app.core.geo import Fix
    from canvass_app.core.survey import stable_question_id
    from canvass_app.services.visits import VisitDraft

    rng = random.Random(seed)
    campaign = campaign_id or walk.CAMPAIGN_ID
    q_available = stable_question_id("default", "available")
    q_reason = stable_question_id("default", "unavailable_reason")
    fix_time = datetime.now(UTC)
    drafts: list[Any] = []
    for index in range(count):
        home = walk.household_at(index % walk.DRAFT_HOUSEHOLDS)
        lat, lng = home.lat, home.lng
        fix = None
        if rng.random() < 0.85:
            fix = Fix(
                lat=lat + rng.uniform(-0.0002, 0.0002),
                lng=lng + rng.uniform(-0.0002, 0.0002),
                accuracy_m=rng.uniform(4, 30),
                timestamp=fix_time,
                source="system",
            )
        answered = rng.random() < 0.35
        reason = None if answered else rng.choice(["Not Home", "Refused", "Moved"])
        responses: dict[str, Any] = {
            q_available: {"fields": {"available": str(answered).lower()}, "questionId": q_available}
        }
        if reason is not None:
            responses[q_reason] = {
                "fields": {"unavailable_reason": reason},
                "questionId": q_reason,
            }
        drafts.append(
            VisitDraft(
                campaign_id=campaign,
                contact_id=home.contact_id,
                household_id=home.household_id,
                contact_household_id=home.contact_household_id,
                survey_id=walk.DEFAULT_SURVEY_ID,
                responses=responses,
                unavailable=not answered,
                unavailable_reason=reason,
                successful=answered,
                walklist_id=walk.LIST_ID,
                household_lat=lat,
                household_lng=lng,
                fix=fix,
                contact_name=home.contact_name,
                address_line=home.address_line,
                unit=home.unit,
                outcome=reason or "Answered",
                notes="Dog in the yard" if rng.random() < 0.05 else "",
            )
        )
    return drafts


BENCH_SUPERVISOR_PIN = "482913"


def set_up_laptop(data_dir: Path) -> None:
    """The first run's step (the supervisor PIN), done the way a script would
    (``canvass-app set-up --pin-stdin``), so a window measured later opens at once instead
    of waiting at the setup dialog."""
    finished = subprocess.run(
        [PYTHON, "-m", "canvass_app", "--data-dir", str(data_dir), "set-up", "--pin-stdin"],
        input=BENCH_SUPERVISOR_PIN + "\n",
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=REPO_DIR,
        timeout=120,
    )
    if finished.returncode != 0:
        raise RuntimeError(f"set-up exited with {finished.returncode}: {finished.stderr.strip()}")


def queue_visits(data_dir: Path, count: int, *, seed: int = 11) -> list[str]:
    """Save ``count`` visits through ``services.record_visit`` (the real path); local ids."""
    from canvass_app.services.visits import record_visit
    from canvass_app.storage.db import open_database
    from canvass_app.storage.visits import file_door_saves

    db = open_database(data_dir)
    # Setup, not a measurement: skip the flush of each save (the file is closed cleanly
    # before anything is measured, and every measured connection is opened with FULL).
    db.conn.execute("PRAGMA synchronous = OFF")
    try:
        ids = [
            record_visit(db, draft, canvasser="bench").local_id
            for draft in visit_drafts(count, seed=seed)
        ]
        # Filed, as the sync thread files each save at the door within seconds (a day's
        # queue is in the outbox when the drain starts).
        file_door_saves(db.conn)
        return ids
    finally:
        db.conn.close()


def write_walklist_in_child(data_dir: Path, households: int) -> None:
    """Write the seeded walklist from a separate process, so that the generator's
    memory never counts towards the measured process (B8)."""
    subprocess.run(
        [
            PYTHON,
            str(BENCH_DIR / "generate_walklist.py"),
            str(data_dir),
            "--households",
            str(households),
        ],
        check=True,
        env=child_env(),
        cwd=REPO_DIR,
        stdout=subprocess.DEVNULL,
        timeout=600,
    )


def ledger_dir(root: Path, visits: int) -> Path:
    """A data dir holding the generated ledger (``generate_ledger.py``, seed 7), written
    by a separate process and cached between the figures of one run
    (``CANVASS_BENCH_CACHE``, set by run.py)."""
    target = root / "ledger"

    def generate(where: Path) -> None:
        subprocess.run(
            [PYTHON, str(BENCH_DIR / "generate_ledger.py"), str(where), "--visits", str(visits)]
            + ["--seed", "7"],
            check=True,
            env=child_env(),
            cwd=REPO_DIR,
            stdout=subprocess.DEVNULL,
            timeout=900,
        )

    cache_root = os.environ.get("CANVASS_BENCH_CACHE")
    if not cache_root:
        generate(target)
        return target
    cached = Path(cache_root) / f"ledger-{visits}"
    if not (cached / "canvass.sqlite3").exists():
        partial = Path(cache_root) / f"ledger-{visits}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        generate(partial)
        partial.rename(cached)
    shutil.copytree(cached, target)
    return target


def elapsed_ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000
