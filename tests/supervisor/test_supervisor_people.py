"""Canvassers on one laptop, the supervisor PIN (salted scrypt) and its lockout."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils

from canvass_app.core.errors import ValidationError
from canvass_app.services import people
from canvass_app.storage.db import open_database
from canvass_app.storage.history import load_pin

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def db(data_dir: Path) -> sqlite_utils.Database:
    database = open_database(data_dir)
    yield database
    database.close()


def test_pin_is_stored_only_as_a_salted_scrypt_hash(
    db: sqlite_utils.Database, data_dir: Path
) -> None:
    people.set_supervisor_pin(db, "482913", now=T0)
    record = load_pin(db.conn)
    assert record is not None
    assert len(record.salt) == people.SALT_BYTES
    assert record.pin_hash == people.hash_pin("482913", record.salt)
    assert b"482913" not in (data_dir / "canvass.sqlite3").read_bytes()
    people.verify_supervisor_pin(db, "482913", now=T0)  # does not raise


def test_same_pin_gets_a_different_salt(data_dir: Path, tmp_path: Path) -> None:
    first = open_database(data_dir)
    second = open_database(tmp_path / "other")
    try:
        people.set_supervisor_pin(first, "1234")
        people.set_supervisor_pin(second, "1234")
        assert load_pin(first.conn).pin_hash != load_pin(second.conn).pin_hash  # type: ignore[union-attr]
    finally:
        first.close()
        second.close()


@pytest.mark.parametrize(
    "pin, words", [("12a4", "digits only"), ("123", "4 to 12 digits"), ("٣٣٣٣", "digits only")]
)
def test_bad_pins_are_refused_in_words(db: sqlite_utils.Database, pin: str, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        people.set_supervisor_pin(db, pin)


def test_wrong_pins_lock_for_longer_and_longer(db: sqlite_utils.Database) -> None:
    people.set_supervisor_pin(db, "2468", now=T0)
    for left in (2, 1):
        with pytest.raises(people.WrongPin) as caught:
            people.verify_supervisor_pin(db, "0000", now=T0)
        assert caught.value.locked_for is None and caught.value.attempts_left == left
    with pytest.raises(people.WrongPin, match="wait 30 seconds") as caught:
        people.verify_supervisor_pin(db, "0000", now=T0)
    # Even the right PIN is refused during the lock, without being checked.
    with pytest.raises(people.PinLocked, match="Try again in 20 seconds"):
        people.verify_supervisor_pin(db, "2468", now=T0 + timedelta(seconds=10))
    later = T0 + timedelta(seconds=31)
    with pytest.raises(people.WrongPin, match="wait 60 seconds"):
        people.verify_supervisor_pin(db, "1111", now=later)
    assert people.pin_locked_for(db, now=later) == timedelta(seconds=60)
    people.verify_supervisor_pin(db, "2468", now=later + timedelta(seconds=61))
    assert people.pin_locked_for(db, now=later + timedelta(seconds=61)) is None
    assert load_pin(db.conn).failed_attempts == 0  # type: ignore[union-attr]


def test_lockout_survives_a_restart(data_dir: Path) -> None:
    db = open_database(data_dir)
    people.set_supervisor_pin(db, "13579", now=T0)
    for _ in range(3):
        with pytest.raises(people.WrongPin):
            people.verify_supervisor_pin(db, "99999", now=T0)
    db.close()
    reopened = open_database(data_dir)
    try:
        with pytest.raises(people.PinLocked):
            people.verify_supervisor_pin(reopened, "13579", now=T0 + timedelta(seconds=5))
    finally:
        reopened.close()


def test_lockout_is_capped_at_an_hour() -> None:
    assert people.lockout_after(2) is None
    assert people.lockout_after(3) == timedelta(seconds=30)
    assert people.lockout_after(4) == timedelta(seconds=60)
    assert people.lockout_after(40) == timedelta(hours=1)


def test_changing_the_pin_needs_the_current_one(db: sqlite_utils.Database) -> None:
    people.set_supervisor_pin(db, "1234", now=T0)
    with pytest.raises(people.PinError, match="needs the current PIN"):
        people.set_supervisor_pin(db, "5678", now=T0)
    with pytest.raises(people.WrongPin):
        people.set_supervisor_pin(db, "5678", current_pin="0000", now=T0)
    people.set_supervisor_pin(db, "5678", current_pin="1234", now=T0)
    people.verify_supervisor_pin(db, "5678", now=T0)


def test_no_pin_yet_is_said(db: sqlite_utils.Database) -> None:
    assert not people.has_supervisor_pin(db)
    with pytest.raises(people.NoPinSet, match="No supervisor PIN is set"):
        people.verify_supervisor_pin(db, "1234")


def test_quick_switching_between_canvassers(db: sqlite_utils.Database) -> None:
    assert people.current_canvasser(db) is None
    people.add_canvasser(db, "ana", "Ana Lima")
    people.switch_canvasser(db, "ben")
    assert people.current_canvasser(db) == "ben"
    people.switch_canvasser(db, "ana")
    assert people.current_canvasser(db) == "ana"
    names = {c.canvasser_id: c.display_name for c in people.known_canvassers(db)}
    assert names == {"ana": "Ana Lima", "ben": "ben"}
    with pytest.raises(ValidationError, match="needs a name or id"):
        people.switch_canvasser(db, "  ")


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
