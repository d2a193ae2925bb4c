"""The gpsd source: against a stand-in replaying a session recorded from gpsd (always),
and against gpsd itself fed with a real capture through gps.fake (when gpsd is here;
CI installs it, see .ci/run)."""

from __future__ import annotations

import os
import socket
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from support.gpsd import RealGpsd, ReplayGpsd, free_port, real_gpsd_missing

from canvass_app.core.geo import Fix, usable_fix
from canvass_app.core.messages import Message
from canvass_app.qt.gpsd_source import GPSD_LOST, GPSD_NOT_GPSD, GPSD_UNREACHABLE
from canvass_app.qt.position import (
    GPSD_NO_RECEIVER,
    LOCATION_OFF,
    RECEIVER_NO_FIX,
    SOURCE_GPSD,
    WAITING_FOR_FIX,
    PositionService,
)

pytestmark = pytest.mark.gui

DATA = Path(__file__).resolve().parents[1] / "data"
SESSION = (DATA / "gpsd" / "bu353-glonass.jsonl").read_bytes().splitlines()
CAPTURE = DATA / "nmea" / "bu353-glonass.log"
WAIT_MS = 15_000


class Seen:
    """Every fix_changed of a service, with the reason given at that moment."""

    def __init__(self, service: PositionService) -> None:
        self.events: list[tuple[Fix | None, Message | None]] = []
        service.fix_changed.connect(lambda fix: self.events.append((fix, service.reason)))

    @property
    def fixes(self) -> list[Fix]:
        return [fix for fix, _reason in self.events if fix is not None]

    def reasons(self) -> list[str]:
        return [reason.template for fix, reason in self.events if fix is None and reason]


def _gpsd_service(port: int) -> PositionService:
    return PositionService("gpsd", gpsd_host="127.0.0.1", gpsd_port=port)


def test_a_recorded_gpsd_session_gives_its_fixes_and_gpsd_s_no_fix(qtbot: Any) -> None:
    """gpsd 3.22 reading a BU-353 GLONASS capture: no receiver, the receiver, two TPVs
    without a position, nine fixes, then mode 1 (no fix) and the receiver unplugged."""
    with ReplayGpsd(SESSION, line_pause_s=0.02) as gpsd:
        service = _gpsd_service(gpsd.port)
        seen = Seen(service)
        service.start()
        try:
            assert service.source == SOURCE_GPSD.with_args(address=f"127.0.0.1:{gpsd.port}")
            qtbot.waitUntil(gpsd.finished.is_set, timeout=WAIT_MS)
            qtbot.waitUntil(
                lambda: (
                    service.reason == GPSD_NO_RECEIVER.with_args(address=f"127.0.0.1:{gpsd.port}")
                ),
                timeout=WAIT_MS,
            )
        finally:
            service.stop()
    assert gpsd.commands == ['?WATCH={"enable":true,"json":true}']
    fixes = seen.fixes
    assert [(fix.lat, fix.lng) for fix in fixes[:2]] == [
        (55.686591667, 37.621453333),
        (55.686593333, 37.621461667),
    ]
    assert len(fixes) == 9 and all(fix.source == "gpsd" for fix in fixes)
    assert [fix.accuracy_m for fix in fixes][:3] == [48.64, 92.53, 92.53]  # gpsd's eph
    # stamped on arrival (the receiver says 2034): usable, graded like any other source
    assert all(usable_fix(fix, datetime.now(UTC)) for fix in fixes)
    # the order of what the door screen was told
    last_fix = max(i for i, (fix, _reason) in enumerate(seen.events) if fix is not None)
    after = seen.events[last_fix + 1 :]
    assert after[0] == (None, RECEIVER_NO_FIX.message())  # gpsd's mode 1: at once
    reasons = seen.reasons()
    assert reasons[-2:] == [GPSD_NO_RECEIVER.text, LOCATION_OFF.text]  # unplugged; stopped
    # first: waiting; gpsd has no receiver; it has one; its first TPVs have no position
    assert reasons[:4] == [WAITING_FOR_FIX.text, GPSD_NO_RECEIVER.text] + [
        WAITING_FOR_FIX.text,
        RECEIVER_NO_FIX.text,
    ]


@pytest.mark.parametrize(
    "no_fix",
    [
        b'{"class":"TPV","device":"/dev/ttyUSB0","mode":1,"time":"2024-05-01T10:00:02.000Z"}',
        b'{"class":"TPV","device":"/dev/ttyUSB0","mode":3,"time":"2024-05-01T10:00:02.000Z"}',
    ],
    ids=["mode 1", "no lat/lon"],
)
def test_an_explicit_no_fix_from_gpsd_clears_the_fix_at_once(qtbot: Any, no_fix: bytes) -> None:
    """The last fix does not stay "current" (it would for a minute, and go into visits):
    gpsd's "no fix" ends it the moment it arrives, with the reason."""
    lines = [
        SESSION[0],
        b'{"class":"DEVICES","devices":[{"class":"DEVICE","path":"/dev/ttyUSB0",'
        b'"activated":"2024-05-01T10:00:00.000Z"}]}',
        b'{"class":"TPV","device":"/dev/ttyUSB0","mode":3,"time":"2024-05-01T10:00:01.000Z",'
        b'"lat":42.3731,"lon":-71.1092,"eph":6.5}',
        no_fix,
    ]
    with ReplayGpsd(lines, line_pause_s=0.3) as gpsd:
        service = _gpsd_service(gpsd.port)
        seen = Seen(service)
        service.start()
        try:
            qtbot.waitUntil(gpsd.finished.is_set, timeout=WAIT_MS)
            qtbot.waitUntil(
                lambda: service.current_fix() is None and bool(seen.fixes), timeout=WAIT_MS
            )
        finally:
            service.stop()
    [fix] = seen.fixes
    assert (fix.lat, fix.lng, fix.accuracy_m) == (42.3731, -71.1092, 6.5)
    assert usable_fix(fix, datetime.now(UTC))  # it would have stayed usable for 60 s
    at = next(i for i, (event_fix, _reason) in enumerate(seen.events) if event_fix is fix)
    assert seen.events[at + 1] == (None, RECEIVER_NO_FIX.message())  # the next word: no fix
    assert "no fix" in str(RECEIVER_NO_FIX.message())


def test_when_gpsd_goes_away_the_fix_goes_and_comes_back_with_gpsd(qtbot: Any) -> None:
    """gpsd stops (restarted, or the machine sleeps): no position at once, the reason says
    so and when it tries again; backoff 1 s, 2 s…; gpsd back, fixes back."""
    fix_lines = [
        SESSION[0],
        b'{"class":"DEVICES","devices":[{"class":"DEVICE","path":"/dev/ttyACM0",'
        b'"activated":"2024-05-01T10:00:00.000Z"}]}',
        b'{"class":"TPV","mode":2,"lat":42.3731,"lon":-71.1092,"eph":9.0}',
    ]
    first = ReplayGpsd(fix_lines).start()
    port = first.port
    service = _gpsd_service(port)
    seen = Seen(service)
    service.start()
    address = f"127.0.0.1:{port}"
    try:
        qtbot.waitUntil(lambda: service.current_fix() is not None, timeout=WAIT_MS)
        first.stop()
        # nobody listens now: refused, said in words, the next wait is longer
        qtbot.waitUntil(lambda: GPSD_UNREACHABLE.text in seen.reasons(), timeout=WAIT_MS)
        problems = [reason for fix, reason in seen.events if fix is None and reason]
        lost = problems.index(GPSD_LOST.with_args(address=address, host="127.0.0.1", seconds=1))
        assert "Trying again in 1 s" in str(problems[lost])
        refused = problems[lost + 1]
        assert refused.template == GPSD_UNREACHABLE.text
        assert "Trying again in 2 s" in str(refused)
        with ReplayGpsd(fix_lines, port=port):
            qtbot.waitUntil(lambda: service.current_fix() is not None, timeout=WAIT_MS)
    finally:
        service.stop()
    assert [fix.lat for fix in seen.fixes] == [42.3731, 42.3731]


def test_a_port_that_is_not_gpsd_is_named(qtbot: Any) -> None:
    """Another program on the port (a web server, ssh): said so, retried later."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]

        def answer() -> None:
            connection, _address = listener.accept()
            with connection:
                connection.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")
                connection.recv(1024)

        thread = threading.Thread(target=answer, daemon=True)
        thread.start()
        service = _gpsd_service(port)
        service.start()
        try:
            qtbot.waitUntil(
                lambda: (
                    service.reason is not None and service.reason.template == GPSD_NOT_GPSD.text
                ),
                timeout=WAIT_MS,
            )
            assert "is not gpsd" in str(service.reason)
        finally:
            service.stop()
        thread.join(timeout=10)


def test_nothing_listening_is_said_in_words(qtbot: Any) -> None:
    port = free_port()
    service = _gpsd_service(port)
    errors: list[Any] = []
    service.error_reported.connect(errors.append)
    service.start()
    try:
        qtbot.waitUntil(
            lambda: service.reason is not None and service.reason.template == GPSD_UNREACHABLE.text,
            timeout=WAIT_MS,
        )
        assert str(service.reason).startswith(f"Cannot reach gpsd at 127.0.0.1:{port}")
        assert service.current_fix() is None
    finally:
        service.stop()


# --- gpsd itself ----------------------------------------------------------------------


def _require_real_gpsd() -> None:
    missing = real_gpsd_missing()
    if missing is None:
        return
    if os.environ.get("CI"):  # CI installs gpsd (.ci/run): missing there is a failure
        pytest.fail(f"CI must run the gpsd tests: {missing}")
    pytest.skip(missing)


def test_the_gpsd_source_against_gpsd_itself(qtbot: Any) -> None:
    """gpsd (Debian's) reads gpsd's BU-353 GLONASS capture from a pseudo-terminal, as
    gpsfake drives it, looping: fixes where the receiver was, gpsd's "no fix" while the
    receiver had none (at once), fixes again on the next loop; gpsd stopped, said so."""
    _require_real_gpsd()
    with RealGpsd(CAPTURE, line_pause_s=0.01) as gpsd:
        service = _gpsd_service(gpsd.port)
        seen = Seen(service)
        service.start()
        try:
            qtbot.waitUntil(lambda: len(seen.fixes) >= 3, timeout=30_000)
            count = len(seen.fixes)
            qtbot.waitUntil(
                lambda: any(
                    fix is None and reason == RECEIVER_NO_FIX.message()
                    for fix, reason in seen.events[count:]
                ),
                timeout=30_000,
            )
            no_fix_at = len(seen.events)
            qtbot.waitUntil(
                lambda: any(fix is not None for fix, _reason in seen.events[no_fix_at:]),
                timeout=30_000,
            )
        finally:
            gpsd.stop()
        try:
            qtbot.waitUntil(
                lambda: (
                    service.current_fix() is None
                    and service.reason is not None
                    and service.reason.template in (GPSD_LOST.text, GPSD_UNREACHABLE.text)
                ),
                timeout=WAIT_MS,
            )
        finally:
            service.stop()
    fixes = seen.fixes
    assert all(55.6865 < fix.lat < 55.6867 and 37.6214 < fix.lng < 37.6216 for fix in fixes)
    assert all(fix.accuracy_m is not None and 40 < fix.accuracy_m < 100 for fix in fixes)
    assert all(usable_fix(fix, fix.timestamp) for fix in fixes)


def test_gpsd_with_a_receiver_unplugged_and_none_left(qtbot: Any) -> None:
    """gpsd reads the capture once and closes the receiver (as when it is unplugged):
    the last word is that gpsd has no receiver, not a stale position."""
    _require_real_gpsd()
    with RealGpsd(CAPTURE, once=True, start_after_s=0.5, line_pause_s=0.005) as gpsd:
        service = _gpsd_service(gpsd.port)
        seen = Seen(service)
        service.start()
        try:
            address = f"127.0.0.1:{gpsd.port}"
            qtbot.waitUntil(
                lambda: (
                    bool(seen.fixes)
                    and service.reason == GPSD_NO_RECEIVER.with_args(address=address)
                ),
                timeout=30_000,
            )
        finally:
            service.stop()
    assert service.current_fix() is None
