"""Who is using this laptop: known canvassers, the current one, and their PINs.

Several canvassers may share one laptop; each visit is attributed to whoever recorded it
(``visits.canvasser``). The rules (docs/SUPERVISOR.md):

- The supervisor PIN is chosen when the laptop is set up (the first start asks for it,
  twice), never by whoever opens a dialog first. It has six to twelve digits and is not an
  obvious one (one digit repeated, a short pattern, a run like 123456). A PIN set before
  these rules (schema version 8 marks it) works once more, then must be replaced.
- Adding a canvasser needs the supervisor PIN. When the supervisor turns on "own PINs",
  switching to a canvasser needs their PIN (or the supervisor's; the supervisor's alone
  for someone who has none).
- PINs are kept only as salted scrypt hashes (``hashlib.scrypt``). Wrong PINs are
  rate-limited: after three failures in a row the PIN is refused for 30 s, then 60 s,
  120 s, ... up to an hour. Every try is counted in the database *before* the PIN is
  checked and the count is cleared only by a right one, so stopping the program between
  the check and the answer gains no free guess; the count and the lock survive a restart.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum

import sqlite_utils

from canvass_app.core.errors import CanvassError, FieldError, ValidationError
from canvass_app.core.interaction import format_timestamp
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message, plural
from canvass_app.storage import history as store
from canvass_app.storage import pins
from canvass_app.storage.db import transaction

# scrypt cost: ~16 MiB and a few tens of ms per try, so guessing is slow even offline.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_DKLEN = 32
SALT_BYTES = 16
MIN_PIN_DIGITS = 6
MAX_PIN_DIGITS = 12
FREE_ATTEMPTS = 3
FIRST_LOCKOUT = timedelta(seconds=30)
MAX_LOCKOUT = timedelta(hours=1)
_CURRENT_KEY = "current_canvasser"
_OWN_PINS_KEY = "canvasser_pins"


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
_NO_PIN = QT_TRANSLATE_NOOP(
    "Pin",
    "No supervisor PIN is set on this laptop yet. Close Canvass and open it again: it asks "
    "for one before anything else.",
)
_NEEDS_CURRENT = QT_TRANSLATE_NOOP("Pin", "Changing the supervisor PIN needs the current PIN.")
_DIGITS_ONLY = QT_TRANSLATE_NOOP("Pin", "A PIN is made of digits only (0–9).")
_DIGITS_COUNT = QT_TRANSLATE_NOOP("Pin", "A PIN has {low} to {high} digits.")
_OBVIOUS = QT_TRANSLATE_NOOP(
    "Pin",
    "That PIN is too easy to guess (one digit repeated, a short pattern repeated, or a run "
    "like 123456). Choose digits nobody would try first.",
)
_DIFFER = QT_TRANSLATE_NOOP("Pin", "The two PINs differ; type the same PIN twice.")
_SECONDS_ONE = QT_TRANSLATE_NOOP("Pin", "%n second")
_SECONDS = QT_TRANSLATE_NOOP("Pin", "%n seconds")
_MINUTES_ONE = QT_TRANSLATE_NOOP("Pin", "%n minute")
_MINUTES = QT_TRANSLATE_NOOP("Pin", "%n minutes")
_NO_NAME = QT_TRANSLATE_NOOP("Pin", "A canvasser needs a name or id.")
_ID_TOO_LONG = QT_TRANSLATE_NOOP("Pin", "A canvasser id has at most {limit} characters.")
_NOT_KNOWN = QT_TRANSLATE_NOOP(
    "Pin", "{name} is not a canvasser on this laptop yet; the supervisor adds canvassers."
)
_NEEDS_OWN = QT_TRANSLATE_NOOP("Pin", "Switching to {name} needs their PIN or the supervisor's.")
_NEEDS_SUPERVISOR = QT_TRANSLATE_NOOP(
    "Pin", "Switching to {name} needs the supervisor PIN ({name} has no PIN of their own yet)."
)
_NO_OWN_PIN = QT_TRANSLATE_NOOP("Pin", "{name} has no PIN of their own.")


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


class SwitchNeeds(Enum):
    """What switching to a canvasser asks for."""

    NOTHING = "nothing"
    OWN_OR_SUPERVISOR = "own_or_supervisor"  # their own PIN, or the supervisor's
    SUPERVISOR = "supervisor"  # own PINs are on, and they have none yet


class PinNeeded(PinError):
    """Switching to someone needs a PIN that was not given."""

    def __init__(self, name: str, needs: SwitchNeeds) -> None:
        self.needs = needs
        template = _NEEDS_OWN if needs is SwitchNeeds.OWN_OR_SUPERVISOR else _NEEDS_SUPERVISOR
        super().__init__(template.with_args(name=name))


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


def is_obvious_pin(pin: str) -> bool:
    """One digit repeated (000000), a pattern of two or three repeated (121212, 123123), or
    a straight run up or down (123456, 987654): the first PINs anyone tries."""
    for size in (1, 2, 3):
        if (pin[:size] * len(pin))[: len(pin)] == pin:
            return True
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:], strict=False)}
    return steps in ({1}, {9})


def check_pin_format(pin: str, repeat: str | None = None) -> str:
    """A new PIN: 6 to 12 digits, not an obvious one, typed the same twice when
    ``repeat`` is given; returns it, or raises ValidationError in words."""
    if not isinstance(pin, str) or not pin.isdigit() or not pin.isascii():
        raise ValidationError(FieldError("pin", _DIGITS_ONLY.message()))
    if not MIN_PIN_DIGITS <= len(pin) <= MAX_PIN_DIGITS:
        raise ValidationError(
            FieldError("pin", _DIGITS_COUNT.with_args(low=MIN_PIN_DIGITS, high=MAX_PIN_DIGITS))
        )
    if is_obvious_pin(pin):
        raise ValidationError(FieldError("pin", _OBVIOUS.message()))
    if repeat is not None and not hmac.compare_digest(pin.encode(), repeat.encode()):
        raise ValidationError(FieldError("repeat", _DIFFER.message()))
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


def _save(db: sqlite_utils.Database, pin: str, canvasser: str | None, moment: datetime) -> None:
    salt = secrets.token_bytes(SALT_BYTES)
    pins.save_pin(
        db.conn,
        canvasser=canvasser,
        salt=salt,
        pin_hash=hash_pin(pin, salt),
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        now=format_timestamp(moment),
    )


def _remaining(record: pins.PinRecord, moment: datetime) -> timedelta | None:
    if not record.locked_until:
        return None
    until = datetime.fromisoformat(record.locked_until.replace("Z", "+00:00"))
    remaining: timedelta = until - moment
    return remaining if remaining > timedelta(0) else None


def _verify(
    db: sqlite_utils.Database, pin: str, canvasser: str | None, now: datetime | None
) -> pins.PinRecord:
    """Check one PIN try; the try is counted (and may start a lockout) and committed
    *before* the PIN is checked, so no answer comes out of an uncounted try. A right PIN
    clears the count. A try during a lockout is refused without being checked."""
    moment = _now(now)
    stamp = format_timestamp(moment)
    with transaction(db, immediate=True):  # two programs trying at once both count
        record = pins.load_pin(db.conn, canvasser)
        remaining = None if record is None else _remaining(record, moment)
        if record is not None and remaining is None:
            failures = record.failed_attempts + 1
            locked_for = lockout_after(failures)
            pins.record_pin_attempt(
                db.conn,
                canvasser=canvasser,
                failed_attempts=failures,
                locked_until=None if locked_for is None else format_timestamp(moment + locked_for),
                now=stamp,
            )
    if record is None:
        if canvasser is None:
            raise NoPinSet()
        raise PinError(_NO_OWN_PIN.with_args(name=canvasser))
    if remaining is not None:
        raise PinLocked(remaining)
    candidate = hash_pin(
        pin if isinstance(pin, str) and pin.isascii() else "",
        record.salt,
        n=record.n,
        r=record.r,
        p=record.p,
    )
    if not hmac.compare_digest(candidate, record.pin_hash):
        raise WrongPin(locked_for, max(0, FREE_ATTEMPTS - failures))
    with transaction(db, immediate=True):
        pins.record_pin_attempt(
            db.conn, canvasser=canvasser, failed_attempts=0, locked_until=None, now=stamp
        )
    return record


# --- the supervisor ------------------------------------------------------------------------


def has_supervisor_pin(db: sqlite_utils.Database) -> bool:
    return pins.load_pin(db.conn) is not None


def supervisor_pin_must_change(db: sqlite_utils.Database) -> bool:
    """The PIN was set before the six-digit rule: after the next unlock, a new one is due."""
    record = pins.load_pin(db.conn)
    return record is not None and record.must_change


def set_supervisor_pin(
    db: sqlite_utils.Database,
    new_pin: str,
    *,
    repeat: str | None = None,
    current_pin: str | None = None,
    now: datetime | None = None,
) -> None:
    """Set the PIN (the laptop's setup); changing an existing one needs the current PIN
    (checked, rate-limited)."""
    check_pin_format(new_pin, repeat)
    if pins.load_pin(db.conn) is not None:
        if current_pin is None:
            raise PinError(_NEEDS_CURRENT.message())
        _verify(db, current_pin, None, now)
    _save(db, new_pin, None, _now(now))


def pin_locked_for(db: sqlite_utils.Database, *, now: datetime | None = None) -> timedelta | None:
    """How long until the next supervisor PIN try is allowed (None when it is allowed now)."""
    record = pins.load_pin(db.conn)
    return None if record is None else _remaining(record, _now(now))


def verify_supervisor_pin(
    db: sqlite_utils.Database, pin: str, *, now: datetime | None = None
) -> None:
    """Accept the supervisor PIN or raise: NoPinSet, PinLocked (wait), WrongPin."""
    _verify(db, pin, None, now)


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


def _known(db: sqlite_utils.Database, canvasser_id: str) -> Canvasser | None:
    return next((c for c in known_canvassers(db) if c.canvasser_id == canvasser_id), None)


def own_pins_on(db: sqlite_utils.Database) -> bool:
    """Whether the supervisor turned on "each canvasser has their own PIN"."""
    return store.get_people_meta(db.conn, _OWN_PINS_KEY) == "1"


def set_own_pins(
    db: sqlite_utils.Database, on: bool, *, supervisor_pin: str, now: datetime | None = None
) -> None:
    """Turn own PINs on or off: the supervisor's choice, so it needs their PIN."""
    _verify(db, supervisor_pin, None, now)
    store.set_people_meta(db.conn, _OWN_PINS_KEY, "1" if on else None)


def has_own_pin(db: sqlite_utils.Database, canvasser_id: str) -> bool:
    return pins.load_pin(db.conn, canvasser_id) is not None


def add_canvasser(
    db: sqlite_utils.Database,
    canvasser_id: str,
    display_name: str | None = None,
    *,
    supervisor_pin: str,
    own_pin: str | None = None,
    own_pin_repeat: str | None = None,
    own_pins: bool | None = None,
    make_current: bool = False,
    now: datetime | None = None,
) -> Canvasser:
    """Register a canvasser (or rename one), with their own PIN if given: the
    supervisor's job, so it needs the supervisor PIN. ``own_pins`` turns own PINs on or
    off in the same step (None: unchanged); ``make_current`` switches to them (the
    supervisor is there). Everything is checked before the PIN is tried, so a typing
    mistake costs no try."""
    cid = _check_canvasser_id(canvasser_id)
    if own_pin:
        check_pin_format(own_pin, own_pin_repeat)
    _verify(db, supervisor_pin, None, now)
    moment = _now(now)
    name = (display_name or "").strip() or cid
    store.upsert_canvasser(db.conn, cid, name, format_timestamp(moment))
    if own_pin:
        _save(db, own_pin, cid, moment)
    if own_pins is not None:
        store.set_people_meta(db.conn, _OWN_PINS_KEY, "1" if own_pins else None)
    person = Canvasser(cid, name)
    return _make_current(db, person, moment) if make_current else person


def switch_needs(db: sqlite_utils.Database, canvasser_id: str) -> SwitchNeeds:
    """What switching to this canvasser asks for (nothing when own PINs are off)."""
    if canvasser_id == current_canvasser(db) or not own_pins_on(db):
        return SwitchNeeds.NOTHING
    if has_own_pin(db, canvasser_id):
        return SwitchNeeds.OWN_OR_SUPERVISOR
    return SwitchNeeds.SUPERVISOR


def switch_canvasser(
    db: sqlite_utils.Database,
    canvasser_id: str,
    *,
    pin: str | None = None,
    supervisor: bool = False,
    now: datetime | None = None,
) -> Canvasser:
    """Make a known canvasser the current one: quick switching. With own PINs on, ``pin``
    is theirs, or the supervisor's when ``supervisor`` (see ``switch_needs``)."""
    cid = _check_canvasser_id(canvasser_id)
    person = _known(db, cid)
    if person is None:
        raise PinError(_NOT_KNOWN.with_args(name=cid))
    needs = switch_needs(db, cid)
    if needs is not SwitchNeeds.NOTHING:
        if not pin:
            raise PinNeeded(person.display_name, needs)
        use_supervisor = supervisor or needs is SwitchNeeds.SUPERVISOR
        _verify(db, pin, None if use_supervisor else cid, now)
    return _make_current(db, person, now)


def _make_current(db: sqlite_utils.Database, person: Canvasser, now: datetime | None) -> Canvasser:
    store.upsert_canvasser(
        db.conn, person.canvasser_id, person.display_name, format_timestamp(_now(now))
    )
    store.set_people_meta(db.conn, _CURRENT_KEY, person.canvasser_id)
    return person


def start_first_canvasser(db: sqlite_utils.Database, canvasser_id: str) -> Canvasser:
    """The first canvasser of a laptop nobody has used yet (the settings' name or the
    computer account): registered and made current without a PIN. Once someone is
    current, this changes nothing and returns them."""
    current = current_canvasser(db)
    if current is not None:
        return _known(db, current) or Canvasser(current, current)
    cid = _check_canvasser_id(canvasser_id)
    return _make_current(db, _known(db, cid) or Canvasser(cid, cid), None)


def current_canvasser(db: sqlite_utils.Database) -> str | None:
    return store.get_people_meta(db.conn, _CURRENT_KEY)
