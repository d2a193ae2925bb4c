"""Fixtures of the supervisor tests: a generated 100,000-visit ledger, and small ones.

The big ledger is generated once per session (seeded, so every run sees the same data)
and only read by the tests; tests that change visits use a small ledger of their own.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import sqlite_utils

from canvass_app.storage.db import open_database

BIG_LEDGER_VISITS = 100_000
_GENERATOR = Path(__file__).resolve().parents[2] / "benchmarks" / "generate_ledger.py"


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_ledger", _GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate_ledger", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def generator() -> ModuleType:
    return _load_generator()


@dataclass(frozen=True)
class Ledger:
    data_dir: Path
    summary: Any  # generate_ledger.LedgerSummary


@pytest.fixture(scope="session")
def big_ledger(tmp_path_factory: pytest.TempPathFactory, generator: ModuleType) -> Ledger:
    data_dir = tmp_path_factory.mktemp("big-ledger") / "data"
    summary = generator.generate_ledger(data_dir, visits=BIG_LEDGER_VISITS, seed=7)
    return Ledger(data_dir, summary)


@pytest.fixture
def big_db(big_ledger: Ledger) -> Iterator[sqlite_utils.Database]:
    db = open_database(big_ledger.data_dir)
    try:
        yield db
    finally:
        db.close()


@pytest.fixture
def small_ledger(data_dir: Path, generator: ModuleType) -> Ledger:
    summary = generator.generate_ledger(data_dir, visits=400, seed=11)
    return Ledger(data_dir, summary)


@pytest.fixture
def small_db(small_ledger: Ledger) -> Iterator[sqlite_utils.Database]:
    db = open_database(small_ledger.data_dir)
    try:
        yield db
    finally:
        db.close()
