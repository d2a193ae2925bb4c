"""Is the Polis API reachable? Qt's reachability first, then a real API probe.

``QNetworkInformation`` tells us quickly when the machine loses or regains a network, but
"connected" is not "the API answers": a hotel captive portal, a dead uplink or a DNS
failure all look connected. So the monitor declares *online* only after ``probe()`` (a
cheap authenticated GET, run in a background task) says yes, and *offline* at once when
the OS says disconnected or reports a captive portal.

When no reachability backend loads (containers, some Linux desktops) the probe alone
decides, and ``recheck()`` (called by the sync controller on its timer while offline)
keeps it fresh.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QNetworkInformation

from canvass_app.qt.tasks import BackgroundTask, run_in_background

log = logging.getLogger(__name__)

Reachability = QNetworkInformation.Reachability


def _load_network_information() -> QNetworkInformation | None:
    """The process-wide QNetworkInformation, loading a backend once; None when none loads."""
    info = QNetworkInformation.instance()
    if info is not None:
        return info
    try:
        loaded = QNetworkInformation.loadDefaultBackend()
    except RuntimeError:  # pragma: no cover - depends on the platform's plugins
        loaded = False
    if not loaded:
        return None
    return QNetworkInformation.instance()


class NetworkMonitor(QObject):
    """Emits ``online_changed(bool)`` when the API becomes reachable or unreachable.

    ``probe`` is called in a background task and returns True when the API answered as
    documented; it must not raise (an exception counts as offline). ``probe=None`` trusts
    the OS reachability alone (and counts "unknown" as online, so syncing is not blocked
    on machines without a backend: the sync pass itself will find out).
    """

    online_changed = Signal(bool)

    def __init__(
        self,
        probe: Callable[[], bool] | None,
        parent: QObject | None = None,
        *,
        use_system_reachability: bool = True,
    ) -> None:
        super().__init__(parent)
        self._probe = probe
        self._use_system = use_system_reachability
        self._info: QNetworkInformation | None = None
        self._online: bool | None = None
        self._running = False
        self._probe_task: BackgroundTask[bool] | None = None
        self._probe_again = False

    @property
    def online(self) -> bool | None:
        """True or False once known; None before the first answer."""
        return self._online

    @property
    def backend_name(self) -> str | None:
        """The reachability backend in use ("networkmanager", "glib"...), None when none."""
        return self._info.backendName() if self._info is not None else None

    @property
    def is_probing(self) -> bool:
        return self._probe_task is not None

    def start(self) -> None:
        if self._running:
            return
        self._running = True
        if self._use_system:
            self._info = _load_network_information()
        if self._info is not None:
            self._info.reachabilityChanged.connect(self._on_info_reachability_changed)
            self._info.isBehindCaptivePortalChanged.connect(self._on_info_captive_portal_changed)
            log.debug("network reachability from the %s backend", self._info.backendName())
        else:
            log.debug("no network reachability backend; the API probe alone decides")
        self.recheck()

    def stop(self) -> None:
        if not self._running:
            return
        self._running = False
        if self._info is not None:
            self._info.reachabilityChanged.disconnect(self._on_info_reachability_changed)
            self._info.isBehindCaptivePortalChanged.disconnect(self._on_info_captive_portal_changed)
            self._info = None
        if self._probe_task is not None:
            # A probe is bounded by the client's timeout; wait so no worker outlives us.
            self._probe_task.wait(30)
        self._probe_task = None

    def recheck(self) -> None:
        """Ask again: the probe decides (in the background).

        The OS only speeds things up: "disconnected" or a captive portal reported by the
        OS make us offline at once (see ``_on_info_*``), but a recheck always probes, so a
        backend that is wrong about the machine cannot block syncing for good.
        """
        if not self._running:
            return
        if self._probe is None:
            self._set_online(self._system_says_online())
            return
        self._start_probe()

    def _system_says_online(self) -> bool:
        if self._info is None:
            return True  # unknown: let the sync pass find out
        if self._info.isBehindCaptivePortal():
            return False
        return bool(self._info.reachability() != Reachability.Disconnected)

    def set_online_from_sync(self, online: bool) -> None:
        """A sync pass learned the answer first-hand (it reached the API, or could not)."""
        if self._running:
            self._set_online(online)

    def _start_probe(self) -> None:
        if self._probe_task is not None:
            # One probe at a time; ask again when this one ends (the state may have changed).
            self._probe_again = True
            return
        probe = self._probe
        assert probe is not None

        def work(_report: Callable[[int, int], None]) -> bool:
            return bool(probe())

        task = run_in_background(work, on_done=self._on_probe_done, on_error=self._on_probe_failed)
        # Inline (tests) the callbacks have already run and cleared the slot.
        self._probe_task = None if task.done else task

    def _on_probe_done(self, answered: bool) -> None:
        self._probe_task = None
        if not self._running:
            return
        self._set_online(answered)
        self._probe_finished()

    def _on_probe_failed(self, error: BaseException) -> None:
        self._probe_task = None
        if not self._running:
            return
        # Only the class: the message may quote a URL or a server answer.
        log.info("the API probe failed: %s", type(error).__name__)
        self._set_online(False)
        self._probe_finished()

    def _probe_finished(self) -> None:
        if self._probe_again:
            self._probe_again = False
            self.recheck()

    def _set_online(self, online: bool) -> None:
        if online == self._online:
            return
        self._online = online
        log.info("the Polis API is %s", "reachable" if online else "not reachable")
        self.online_changed.emit(online)

    @Slot(QNetworkInformation.Reachability)
    def _on_info_reachability_changed(self, reachability: Reachability) -> None:
        log.debug("reachability changed: %s", reachability)
        if not self._running:
            return
        if reachability == Reachability.Disconnected:
            self._set_online(False)
        else:
            self.recheck()

    @Slot(bool)
    def _on_info_captive_portal_changed(self, behind: bool) -> None:
        log.debug("captive portal: %s", behind)
        if not self._running:
            return
        if behind:
            self._set_online(False)
        else:
            self.recheck()
