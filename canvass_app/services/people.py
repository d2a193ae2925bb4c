"""Who is using this laptop: known canvassers, the current one, and the supervisor PIN.

Several canvassers may share one laptop; each visit is attributed to whoever recorded it
(``visits.canvasser``). Supervisor mode needs a PIN, stored only as a salted scrypt hash
(``hashlib.scrypt``). Wrong PINs are rate-limited: after three failures in a row the PIN
is refused for 30 s, then 60 s, 120 s, ... up to an hour; the count and the lock survive
a restart because they live in the database.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlite_utils

from canvass_app.core.errors import CanvassError, FieldError, ValidationError
from canvass_app.core.interaction import format_timestamp
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message, plural
from canvass_app.storage import history as store

# scrypt cost: ~16 MiB and a few tens of ms per try, so guessing is slow even offline.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_DKLEN = 32
SALT_BYTES = 16
MIN_PIN_DIGITS = 4
MAX_PIN_DIGITS = 12
FREE_ATTEMPTS = 3
FIRST_LOCKOUT = timedelta(seconds=30)
MAX_LOCKOUT = timedelta(hours=1)
_CURRENT_KEY = "current_canvasser"


class PinError(CanvassError):
    """A PIN problem, said in words (never containing the PIN)."""


_WRONG_WAIT = QT_TRANSLATE_NOOP(
    "Pin", "Wrong PIN. Too many wrong tries: wait {wait} before the next one."
)
_WRONG_ONE_LEFT = QT_TRANSLATE_NOOP("Pin", "Wrong PIN. %n more try before a wait.")
_WRONG_LEFT = QT_TRANSLATE_NOOP("Pin", "Wrong PIN. %n more tries before a wait.")
_LOCKED = QT_TRANSLATE_NOOP(
    "Pin", "Too many wrong PINs. Try again in {wait}; ask the supervisor if you have forgotten it."
)
_NO_PIN = QT_TRANSLATE_NOOP("Pin", "No supervisor PIN is set on this laptop yet; set one first.")
_NEEDS_CURRENT = QT_TRANSLATE_NOOP("Pin", "Changing the supervisor PIN needs the current PIN.")
_DIGITS_ONLY = QT_TRANSLATE_NOOP("Pin", "A PIN is made of digits only (0–9).")
_DIGITS_COUNT = QT_TRANSLATE_NOOP("Pin", "A PIN has {low} to {high} digits.")
_SECONDS_ONE = QT_TRANSLATE_NOOP("Pin", "%n second")
_SECONDS = QT_TRANSLATE_NOOP("Pin", "%n seconds")
_MINUTES_ONE = QT_TRANSLATE_NOOP("Pin", "%n minute")
_MINUTES = QT_TRANSLATE_NOOP("Pin", "%n minutes")
_NO_NAME = QT_TRANSLATE_NOOP("Pin", "A canvasser needs a name or id.")
_ID_TOO_LONG = QT_TRANSLATE_NOOP("Pin", "A canvasser id has at most {limit} characters.")


class WrongPin(PinError):
    def __init__(self, locked_for: timedelta | None, attempts_left: int) -> None:
        self.locked_for = locked_for
        self.attempts_left = attempts_left
        if locked_for is not None:
            message = _WRONG_WAIT.with_args(wait=_duration(locked_for))
        else:
            message = plural(_WRONG_ONE_LEFT, _WRONG_LEFT, attempts_left)
        super().__init__(message)


class PinLocked(PinError):
    def __init__(self, remaining: timedelta) -> None:
        self.remaining = remaining
        super().__init__(_LOCKED.with_args(wait=_duration(remaining)))


class NoPinSet(PinError):
    def __init__(self) -> None:
        super().__init__(_NO_PIN.message())


def _duration(delta: timedelta) -> Message:
    seconds = max(1, int(round(delta.total_seconds())))
    if seconds < 90:
        return plural(_SECONDS_ONE, _SECONDS, seconds)
    return plural(_MINUTES_ONE, _MINUTES, (seconds + 59) // 60)


def _now(now: datetime | None) -> datetime:
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return moment.astimezone(UTC)


def check_pin_format(pin: str) -> str:
    """A PIN is 4 to 12 digits; returns it, or raises ValidationError in words."""
    if not isinstance(pin, str) or not pin.isdigit() or not pin.isascii():
        raise ValidationError(FieldError("pin", _DIGITS_ONLY.message()))
    if not MIN_PIN_DIGITS <= len(pin) <= MAX_PIN_DIGITS:
        raise ValidationError(
            FieldError("pin", _DIGITS_COUNT.with_args(low=MIN_PIN_DIGITS, high=MAX_PIN_DIGITS))
        )
    return pin


def hash_pin(
    pin: str, salt: bytes, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P
) -> bytes:
    return hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=n, r=r, p=p, dklen=SCRYPT_DKLEN, maxmem=64 * 1024 * 1024
    )


def lockout_after(failures: int) -> timedelta | None:
    """How long the PIN is refused after ``failures`` wrong tries in a row (None: not)."""
    if failures < FREE_ATTEMPTS:
        return None
    doubled: timedelta = FIRST_LOCKOUT * int(2 ** min(failures - FREE_ATTEMPTS, 16))
    return doubled if doubled < MAX_LOCKOUT else MAX_LOCKOUT


def has_supervisor_pin(db: sqlite_utils.Database) -> bool:
    return store.load_pin(db.conn) is not None


def set_supervisor_pin(
    db: sqlite_utils.Database,
    new_pin: str,
    *,
    current_pin: str | None = None,
    now: datetime | None = None,
) -> None:
    """Set the PIN; changing an existing one needs the current PIN (checked, rate-limited)."""
    check_pin_format(new_pin)
    if store.load_pin(db.conn) is not None:
        if current_pin is None:
            raise PinError(_NEEDS_CURRENT.message())
        verify_supervisor_pin(db, current_pin, now=now)
    salt = secrets.token_bytes(SALT_BYTES)
    store.save_pin(
        db.conn,
        salt=salt,
        pin_hash=hash_pin(new_pin, salt),
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        now=format_timestamp(_now(now)),
    )


def pin_locked_for(db: sqlite_utils.Database, *, now: datetime | None = None) -> timedelta | None:
    """How long until the next PIN try is allowed (None when it is allowed now)."""
    record = store.load_pin(db.conn)
    if record is None or not record.locked_until:
        return None
    until: datetime = datetime.fromisoformat(record.locked_until.replace("Z", "+00:00"))
    remaining: timedelta = until - _now(now)
    return remaining if remaining > timedelta(0) else None


def verify_supervisor_pin(
    db: sqlite_utils.Database, pin: str, *, now: datetime | None = None
) -> None:
    """Accept the supervisor PIN or raise: NoPinSet, PinLocked (wait), WrongPin.

    A wrong try is counted (and may start a lockout) before the error is raised; a right
    one clears the count. A try during a lockout is refused without being checked.
    """
    moment = _now(now)
    record = store.load_pin(db.conn)
    if record is None:
        raise NoPinSet()
    remaining = pin_locked_for(db, now=moment)
    if remaining is not None:
        raise PinLocked(remaining)
    candidate = hash_pin(
        pin if isinstance(pin, str) and pin.isascii() else "",
        record.salt,
        n=record.n,
        r=record.r,
        p=record.p,
    )
    stamp = format_timestamp(moment)
    if hmac.compare_digest(candidate, record.pin_hash):
        if record.failed_attempts or record.locked_until:
            store.record_pin_attempt(db.conn, failed_attempts=0, locked_until=None, now=stamp)
        return
    failures = record.failed_attempts + 1
    locked_for = lockout_after(failures)
    locked_until = format_timestamp(moment + locked_for) if locked_for is not None else None
    store.record_pin_attempt(
        db.conn, failed_attempts=failures, locked_until=locked_until, now=stamp
    )
    raise WrongPin(locked_for, max(0, FREE_ATTEMPTS - failures))


# --- canvassers --------------------------------------------------------------------------


@dataclass(frozen=True)
class Canvasser:
    canvasser_id: str
    display_name: str


def _check_canvasser_id(canvasser_id: str) -> str:
    cleaned = (canvasser_id or "").strip()
    if not cleaned:
        raise ValidationError(FieldError("canvasser", _NO_NAME.message()))
    if len(cleaned) > 80:
        raise ValidationError(FieldError("canvasser", _ID_TOO_LONG.with_args(limit=80)))
    return cleaned


def known_canvassers(db: sqlite_utils.Database) -> list[Canvasser]:
    """Everyone registered on this laptop or who recorded a visit on it."""
    return [Canvasser(c.canvasser_id, c.display_name) for c in store.list_canvassers(db.conn)]


def add_canvasser(
    db: sqlite_utils.Database, canvasser_id: str, display_name: str | None = None
) -> Canvasser:
    cid = _check_canvasser_id(canvasser_id)
    name = (display_name or "").strip() or cid
    store.upsert_canvasser(db.conn, cid, name, format_timestamp(datetime.now(UTC)))
    return Canvasser(cid, name)


def switch_canvasser(db: sqlite_utils.Database, canvasser_id: str) -> Canvasser:
    """Make someone the current canvasser (registering them if new): quick switching."""
    person = next((c for c in known_canvassers(db) if c.canvasser_id == canvasser_id.strip()), None)
    person = add_canvasser(db, canvasser_id, person.display_name if person else None)
    store.set_people_meta(db.conn, _CURRENT_KEY, person.canvasser_id)
    return person


def current_canvasser(db: sqlite_utils.Database) -> str | None:
    return store.get_people_meta(db.conn, _CURRENT_KEY)
