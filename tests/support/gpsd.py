"""gpsd for the tests: the real one driven by a capture, and a stand-in that replays a
recorded gpsd session.

- ``real_gpsd_missing()`` says why the real gpsd cannot run here (None when it can):
  Debian's ``gpsd`` and ``python3-gps`` packages (``.ci/run`` installs them when run as
  root; a developer: ``apt-get install gpsd python3-gps``).
- ``RealGpsd(capture)`` starts gpsd on a free port, fed with a capture through
  ``gpsfake_driver.py`` (gps.fake, what gpsfake wraps), and stops it (and gpsd with it).
- ``ReplayGpsd(lines)`` is a TCP server on 127.0.0.1 that answers every client with the
  lines of a recorded session (``tests/data/gpsd/*.jsonl``), as gpsd sent them, after the
  client's ``?WATCH``.

Recording a session again (what made tests/data/gpsd/bu353-glonass.jsonl):

    python tests/support/gpsd.py record tests/data/nmea/bu353-glonass.log OUT.jsonl
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

DRIVER = Path(__file__).with_name("gpsfake_driver.py")
# gps.fake belongs to the system's Python (python3-gps), not to the venv's.
SYSTEM_PYTHON = os.environ.get("CANVASS_GPSD_PYTHON", "/usr/bin/python3")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def real_gpsd_missing() -> str | None:
    """Why gpsd and its test harness cannot run here, or None when they can."""
    if shutil.which("gpsd", path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin") is None:
        return "gpsd is not installed (Debian: apt-get install gpsd python3-gps)"
    if not Path(SYSTEM_PYTHON).exists():
        return f"{SYSTEM_PYTHON} (the system Python that python3-gps installs into) is missing"
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import gps.fake"], capture_output=True, text=True, check=False
    )
    if probe.returncode != 0:
        return "gpsd's Python harness is missing (Debian: apt-get install python3-gps)"
    return None


def wait_for_port(port: int, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing listens on 127.0.0.1:{port}") from None
            time.sleep(0.1)


class RealGpsd:
    """gpsd itself on a free port of 127.0.0.1, fed with ``capture`` (looping)."""

    def __init__(
        self,
        capture: Path,
        *,
        once: bool = False,
        start_after_s: float = 0.0,
        line_pause_s: float = 0.02,
        port: int | None = None,
    ) -> None:
        self.port = port or free_port()
        self.capture = capture
        command = [SYSTEM_PYTHON, str(DRIVER), str(capture), str(self.port)]
        if once:
            command.append("--once")
        command += ["--start-after", str(start_after_s)]
        self._command = command
        self._env = {**os.environ, "WRITE_PAD": str(line_pause_s), "TMPDIR": "/tmp"}
        self._env["PATH"] = self._env.get("PATH", "") + ":/usr/sbin:/sbin"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> RealGpsd:
        # its own process group: gpsd (the driver's child) is stopped with it
        self._process = subprocess.Popen(
            self._command,
            env=self._env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for_port(self.port)
        return self

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        # gpsd may outlive the driver by a moment: its group is the driver's
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def __enter__(self) -> RealGpsd:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


class _ReplayHandler(socketserver.BaseRequestHandler):
    server: _ReplayServer

    def handle(self) -> None:
        request = self.request
        request.settimeout(5)
        replay = self.server.replay
        try:
            lines = iter(replay.lines)
            request.sendall(next(lines) + b"\r\n")  # gpsd says VERSION at once
            watch = b""
            while b"\n" not in watch:  # then waits for the client's ?WATCH
                chunk = request.recv(1024)
                if not chunk:
                    return
                watch += chunk
            replay.commands.append(watch.decode("ascii", "replace").strip())
            for line in lines:
                if replay.closing.is_set():
                    return
                request.sendall(line + b"\r\n")
                time.sleep(replay.line_pause_s)
            replay.finished.set()
            replay.closing.wait()  # gpsd keeps the connection open
        except OSError:
            return


class _ReplayServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    replay: ReplayGpsd


class ReplayGpsd:
    """A stand-in gpsd on 127.0.0.1 that replays ``lines`` to each client."""

    def __init__(
        self, lines: Sequence[bytes], *, port: int = 0, line_pause_s: float = 0.01
    ) -> None:
        self.lines = list(lines)
        self.line_pause_s = line_pause_s
        self.commands: list[str] = []  # what clients sent before the replay
        self.finished = threading.Event()
        self.closing = threading.Event()
        self._server = _ReplayServer(("127.0.0.1", port), _ReplayHandler)
        self._server.replay = self
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> ReplayGpsd:
        self._thread.start()
        return self

    def stop(self) -> None:
        """gpsd goes away: the listening socket and every connection close."""
        self.closing.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def __enter__(self) -> ReplayGpsd:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def record(capture: Path, out: Path, timeout_s: float = 60.0) -> int:
    """Record what gpsd says to a watching client while it reads ``capture`` once."""
    with RealGpsd(capture, once=True, start_after_s=1.0) as gpsd:
        with socket.create_connection(("127.0.0.1", gpsd.port), timeout=timeout_s) as client:
            client.sendall(b'?WATCH={"enable":true,"json":true}\n')
            received = b""
            deadline = time.monotonic() + timeout_s
            while b'"activated":0' not in received and time.monotonic() < deadline:
                chunk = client.recv(65536)
                if not chunk:
                    break
                received += chunk
    lines = [line for line in received.decode("utf-8").splitlines() if line.strip()]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "record":
        sys.exit(__doc__)
    print(record(Path(sys.argv[2]), Path(sys.argv[3])), "lines")
