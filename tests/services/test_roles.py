"""Roles that hold, as rules without Qt: the supervisor PIN (six digits, not obvious, set
up once, salted scrypt), its lockout (a try on disk before the check), the upgrade of a PIN
from before six digits, adding a canvasser with the supervisor PIN, own PINs for switching."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils

from canvass_app.core.errors import ValidationError
from canvass_app.services import people
from canvass_app.storage.db import DB_FILENAME, connect, open_database
from canvass_app.storage.migrations import migrate
from canvass_app.storage.pins import load_pin

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
PIN = "482913"


@pytest.fixture
def db(data_dir: Path) -> sqlite_utils.Database:
    database = open_database(data_dir)
    yield database
    database.close()


def test_pin_is_stored_only_as_a_salted_scrypt_hash(
    db: sqlite_utils.Database,
) -> None:
    people.set_supervisor_pin(db, "482913", now=T0)
    record = load_pin(db.conn)
    assert record is not None and len(record.salt) == people.SALT_BYTES
    assert b"482913" not in record.pin_hash
    assert record.pin_hash == people.hash_pin("482913", record.salt)
    assert not record.must_change
    people.verify_supervisor_pin(db, "482913", now=T0)  # does not raise


def test_same_pin_gets_a_different_salt(data_dir: Path, tmp_path: Path) -> None:
    first = open_database(data_dir)
    second = open_database(tmp_path / "other")
    try:
        people.set_supervisor_pin(first, PIN)
        people.set_supervisor_pin(second, PIN)
        assert load_pin(first.conn).pin_hash != load_pin(second.conn).pin_hash  # type: ignore[union-attr]
    finally:
        first.close()
        second.close()


@pytest.mark.parametrize(
    "pin, words",
    [
        ("12a456", "digits only"),
        ("٣٣٣٧٨٩", "digits only"),
        ("2580", "6 to 12 digits"),
        ("25801", "6 to 12 digits"),
        ("2580147036925", "6 to 12 digits"),
        ("000000", "too easy to guess"),
        ("123456", "too easy to guess"),
        ("654321", "too easy to guess"),
        ("890123", "too easy to guess"),
        ("121212", "too easy to guess"),
        ("123123", "too easy to guess"),
        ("11111111", "too easy to guess"),
    ],
)
def test_weak_or_malformed_pins_are_refused_in_words(
    db: sqlite_utils.Database, pin: str, words: str
) -> None:
    with pytest.raises(ValidationError, match=words):
        people.set_supervisor_pin(db, pin)
    assert not people.has_supervisor_pin(db)


def test_a_new_pin_must_be_typed_the_same_twice(db: sqlite_utils.Database) -> None:
    with pytest.raises(ValidationError, match="two PINs differ"):
        people.set_supervisor_pin(db, PIN, repeat="482914")
    people.set_supervisor_pin(db, PIN, repeat=PIN)
    assert people.has_supervisor_pin(db)


def test_wrong_pins_lock_for_longer_and_longer(db: sqlite_utils.Database) -> None:
    people.set_supervisor_pin(db, PIN, now=T0)
    for left in (2, 1):
        with pytest.raises(people.WrongPin) as caught:
            people.verify_supervisor_pin(db, "000001", now=T0)
        assert caught.value.attempts_left == left
    with pytest.raises(people.WrongPin, match="wait 30 seconds") as caught:
        people.verify_supervisor_pin(db, "000001", now=T0)
    # Even the right PIN is refused during the lock, without being checked.
    with pytest.raises(people.PinLocked, match="Try again in 20 seconds"):
        people.verify_supervisor_pin(db, PIN, now=T0 + timedelta(seconds=10))
    later = T0 + timedelta(seconds=31)
    with pytest.raises(people.WrongPin, match="wait 60 seconds"):
        people.verify_supervisor_pin(db, "111112", now=later)
    assert people.pin_locked_for(db, now=later) == timedelta(seconds=60)
    people.verify_supervisor_pin(db, PIN, now=later + timedelta(seconds=61))
    assert people.pin_locked_for(db, now=later + timedelta(seconds=61)) is None
    assert load_pin(db.conn).failed_attempts == 0  # type: ignore[union-attr]


def test_lockout_survives_a_restart(data_dir: Path) -> None:
    db = open_database(data_dir)
    people.set_supervisor_pin(db, "135792", now=T0)
    for _ in range(3):
        with pytest.raises(people.WrongPin):
            people.verify_supervisor_pin(db, "999990", now=T0)
    db.close()
    reopened = open_database(data_dir)
    try:
        with pytest.raises(people.PinLocked):
            people.verify_supervisor_pin(reopened, "135792", now=T0 + timedelta(seconds=5))
    finally:
        reopened.close()


def test_a_try_is_on_disk_before_the_pin_is_checked(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A program stopped between the check and its answer gains no free guess: when the
    hash is computed, another connection already sees the try counted, and a run that
    dies there (the KeyboardInterrupt below) leaves it counted."""
    db = open_database(data_dir)
    people.set_supervisor_pin(db, PIN, now=T0)
    seen: list[int] = []
    real_hash = people.hash_pin

    def stopped_while_hashing(pin: str, salt: bytes, **cost: int) -> bytes:
        other = open_database(data_dir)
        try:
            seen.append(load_pin(other.conn).failed_attempts)  # type: ignore[union-attr]
        finally:
            other.close()
        raise KeyboardInterrupt  # the process is stopped here: no answer was given

    monkeypatch.setattr(people, "hash_pin", stopped_while_hashing)
    for _ in range(3):
        with pytest.raises(KeyboardInterrupt):
            people.verify_supervisor_pin(db, "000001", now=T0)
    assert seen == [1, 2, 3]
    monkeypatch.setattr(people, "hash_pin", real_hash)
    db.close()
    reopened = open_database(data_dir)
    try:
        with pytest.raises(people.PinLocked):  # the third uncounted-looking try locked it
            people.verify_supervisor_pin(reopened, PIN, now=T0 + timedelta(seconds=1))
        people.verify_supervisor_pin(reopened, PIN, now=T0 + timedelta(seconds=31))
        assert load_pin(reopened.conn).failed_attempts == 0  # type: ignore[union-attr]
    finally:
        reopened.close()


def test_lockout_is_capped_at_an_hour() -> None:
    assert people.lockout_after(2) is None
    assert people.lockout_after(3) == timedelta(seconds=30)
    assert people.lockout_after(4) == timedelta(seconds=60)
    assert people.lockout_after(40) == timedelta(hours=1)


def test_changing_the_pin_needs_the_current_one(db: sqlite_utils.Database) -> None:
    people.set_supervisor_pin(db, PIN, now=T0)
    with pytest.raises(people.PinError, match="needs the current PIN"):
        people.set_supervisor_pin(db, "570386", now=T0)
    with pytest.raises(people.WrongPin):
        people.set_supervisor_pin(db, "570386", current_pin="000001", now=T0)
    people.set_supervisor_pin(db, "570386", current_pin=PIN, now=T0)
    people.verify_supervisor_pin(db, "570386", now=T0)


def test_no_pin_yet_is_said(db: sqlite_utils.Database) -> None:
    assert not people.has_supervisor_pin(db)
    with pytest.raises(people.NoPinSet, match="No supervisor PIN is set"):
        people.verify_supervisor_pin(db, PIN)


def test_a_pin_from_before_the_six_digit_rule_must_be_replaced(data_dir: Path) -> None:
    """Schema 7 allowed four digits: the upgrade marks every PIN, which still unlocks
    once (so the supervisor is not locked out) and then must be changed."""
    old = connect(data_dir / DB_FILENAME)
    migrate(old, target=7)
    salt = b"s" * people.SALT_BYTES
    old.conn.execute(
        "INSERT INTO supervisor_pin (id, salt, pin_hash, n, r, p, updated_at)"
        " VALUES (1, ?, ?, ?, ?, 1, '2026-01-01T00:00:00.000Z')",
        [salt, people.hash_pin("1234", salt), people.SCRYPT_N, people.SCRYPT_R],
    )
    old.conn.close()
    db = open_database(data_dir)  # migrates to the latest version
    try:
        assert people.supervisor_pin_must_change(db)
        people.verify_supervisor_pin(db, "1234")
        with pytest.raises(ValidationError, match="6 to 12 digits"):
            people.set_supervisor_pin(db, "4321", current_pin="1234")
        people.set_supervisor_pin(db, PIN, repeat=PIN, current_pin="1234")
        assert not people.supervisor_pin_must_change(db)
        with pytest.raises(people.WrongPin):
            people.verify_supervisor_pin(db, "1234")
    finally:
        db.close()


def test_adding_a_canvasser_needs_the_supervisor_pin(db: sqlite_utils.Database) -> None:
    with pytest.raises(people.NoPinSet):
        people.add_canvasser(db, "ana", "Ana Lima", supervisor_pin=PIN)
    people.set_supervisor_pin(db, PIN, now=T0)
    with pytest.raises(people.WrongPin):
        people.add_canvasser(db, "ana", "Ana Lima", supervisor_pin="000001", now=T0)
    assert "ana" not in {c.canvasser_id for c in people.known_canvassers(db)}
    # a bad name or own PIN is said before the supervisor PIN is tried: no try lost
    with pytest.raises(ValidationError, match="needs a name"):
        people.add_canvasser(db, "  ", supervisor_pin="000001", now=T0)
    with pytest.raises(ValidationError, match="two PINs differ"):
        people.add_canvasser(
            db, "ana", supervisor_pin="000001", own_pin="840261", own_pin_repeat="840262"
        )
    assert load_pin(db.conn).failed_attempts == 1  # type: ignore[union-attr]
    people.add_canvasser(db, "ana", "Ana Lima", supervisor_pin=PIN, now=T0)
    assert {c.canvasser_id: c.display_name for c in people.known_canvassers(db)} == {
        "ana": "Ana Lima"
    }


def test_quick_switching_between_known_canvassers(db: sqlite_utils.Database) -> None:
    people.set_supervisor_pin(db, PIN, now=T0)
    assert people.current_canvasser(db) is None
    people.start_first_canvasser(db, "ben")
    people.start_first_canvasser(db, "someone else")  # only the very first counts
    assert people.current_canvasser(db) == "ben"
    people.add_canvasser(db, "ana", "Ana Lima", supervisor_pin=PIN, now=T0)
    people.switch_canvasser(db, "ana")  # own PINs are off: a switch needs nothing
    assert people.current_canvasser(db) == "ana"
    with pytest.raises(people.PinError, match="zoe is not a canvasser on this laptop"):
        people.switch_canvasser(db, "zoe")
    with pytest.raises(ValidationError, match="needs a name or id"):
        people.switch_canvasser(db, "  ")


def test_own_pins_guard_switching(db: sqlite_utils.Database) -> None:
    people.set_supervisor_pin(db, PIN, now=T0)
    people.start_first_canvasser(db, "ben")
    people.add_canvasser(
        db, "ana", supervisor_pin=PIN, own_pin="840261", own_pin_repeat="840261", now=T0
    )
    people.add_canvasser(db, "gus", supervisor_pin=PIN, now=T0)
    with pytest.raises(people.WrongPin):
        people.set_own_pins(db, True, supervisor_pin="000001", now=T0)
    assert not people.own_pins_on(db)
    people.set_own_pins(db, True, supervisor_pin=PIN, now=T0)
    assert people.own_pins_on(db)
    assert people.switch_needs(db, "ana") is people.SwitchNeeds.OWN_OR_SUPERVISOR
    assert people.switch_needs(db, "gus") is people.SwitchNeeds.SUPERVISOR
    assert people.switch_needs(db, "ben") is people.SwitchNeeds.NOTHING  # already current
    with pytest.raises(people.PinNeeded, match="needs their PIN or the supervisor's"):
        people.switch_canvasser(db, "ana", now=T0)
    with pytest.raises(people.WrongPin):
        people.switch_canvasser(db, "ana", pin=PIN, now=T0)  # not ana's own PIN
    people.switch_canvasser(db, "ana", pin="840261", now=T0)
    assert people.current_canvasser(db) == "ana"
    people.switch_canvasser(db, "ben", pin=PIN, supervisor=True, now=T0)
    assert people.current_canvasser(db) == "ben"
    with pytest.raises(people.PinNeeded, match="needs the supervisor PIN"):
        people.switch_canvasser(db, "gus", now=T0)
    with pytest.raises(people.WrongPin):  # gus has no PIN: only the supervisor's opens
        people.switch_canvasser(db, "gus", pin="840261", now=T0)
    people.switch_canvasser(db, "gus", pin=PIN, now=T0)
    assert people.current_canvasser(db) == "gus"
    # a canvasser's own PIN locks on its own after wrong tries
    for _ in range(3):
        with pytest.raises(people.WrongPin):
            people.switch_canvasser(db, "ana", pin="111112", now=T0)
    with pytest.raises(people.PinLocked):
        people.switch_canvasser(db, "ana", pin="840261", now=T0)
    people.verify_supervisor_pin(db, PIN, now=T0)  # the supervisor's is not locked
    # forgotten or locked: the supervisor adds her again with a new PIN
    people.add_canvasser(db, "ana", supervisor_pin=PIN, own_pin="951027", now=T0)
    people.switch_canvasser(db, "ana", pin="951027", now=T0)
    assert people.current_canvasser(db) == "ana"
