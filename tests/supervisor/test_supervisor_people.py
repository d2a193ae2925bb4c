"""Canvassers on one laptop as the ledger knows them, and the ledger generator (the PIN
and roles rules: tests/services/test_roles.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from canvass_app.services import people
from canvass_app.storage.db import open_database


def test_canvassers_who_recorded_visits_are_known(small_db: sqlite_utils.Database) -> None:
    ids = {c.canvasser_id for c in people.known_canvassers(small_db)}
    assert {"ana", "gus", "hana"} <= ids


def test_generator_is_seeded_and_refuses_nonsense(generator: object, tmp_path: Path) -> None:
    def ledger(folder: str, seed: int) -> list[tuple[str, str, str]]:
        generator.generate_ledger(tmp_path / folder, visits=120, seed=seed)  # type: ignore[attr-defined]
        db = open_database(tmp_path / folder)
        try:
            return db.execute(
                "SELECT local_id, state, data_json FROM visits ORDER BY seq"
            ).fetchall()
        finally:
            db.close()

    first, again, other = ledger("a", 3), ledger("b", 3), ledger("c", 4)
    assert first == again and len(first) == 120
    assert first != other
    with pytest.raises(ValueError, match="must not be negative"):
        generator.generate_ledger(tmp_path / "d", visits=-1)  # type: ignore[attr-defined]
