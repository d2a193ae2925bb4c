"""One process owns a data folder at a time: an OS lock on ``canvass.lock`` inside it.

The lock (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows) is held for the life of
the process and released by the kernel when the process ends, kill -9 included: a lock
file left behind never blocks the next start. While a process holds it, no other process
runs an engine on that folder, so every ``sending`` lease there that this process did not
take belongs to a process that is gone: the start turns those into ``unknown`` at once
(``VisitRepo.release_dead_leases``) instead of waiting for the leases to run out.

The hold is per process and counted: the GUI and its sync thread, or tests that run the
command line in-process several times, take it as often as they like; it is released when
the last holder lets go. ``process_token()`` names this process in lease owners (a forked
child gets a new one and holds nothing).
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message
from canvass_app.storage.db import (
    DB_FILENAME,
    StorageError,
    environment_error,
    make_private_dir,
)

LOCK_FILENAME = "canvass.lock"

BUSY = QT_TRANSLATE_NOOP(
    "DataFolder",
    "Canvass is already open with the data folder {folder} (process {pid}). Close that "
    "window, or wait for its sync to finish, then try again.",
)
BUSY_NO_PID = QT_TRANSLATE_NOOP(
    "DataFolder",
    "Canvass is already open with the data folder {folder}. Close that window, or wait "
    "for its sync to finish, then try again.",
)

_process_token = f"process-{uuid.uuid4()}"


def process_token() -> str:
    """This process's name in lease owners (``<token>/engine-<uuid>``)."""
    return _process_token


class DataDirBusy(StorageError):
    """Another process holds the data folder; ``message`` says so to a person."""

    def __init__(self, data_dir: Path, holder_pid: int | None) -> None:
        self.data_dir = data_dir
        self.holder_pid = holder_pid
        template = BUSY_NO_PID if holder_pid is None else BUSY
        self.message: Message = template.with_args(folder=str(data_dir), pid=holder_pid)
        super().__init__(str(self.message))


@dataclass
class _Hold:
    fd: int
    count: int


_holds: dict[Path, _Hold] = {}
_guard = threading.Lock()


def _key(data_dir: Path) -> Path:
    return Path(data_dir).expanduser().resolve()


def _try_lock(fd: int) -> bool:
    """Take the OS lock without waiting; False when another process has it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):
        return False
    except OSError as exc:
        if sys.platform == "win32" and exc.errno in (13, 36):  # EACCES, EDEADLOCK: held
            return False
        raise
    return True


def _unlock(fd: int) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


def _holder_pid(path: Path) -> int | None:
    """The pid the holder wrote into the lock file (for the message), when readable."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


class DataDirLock:
    """One hold on a data folder's lock; ``release()`` (or the ``with`` block) lets go."""

    def __init__(self, key: Path) -> None:
        self._key = key
        self._released = False

    @property
    def data_dir(self) -> Path:
        return self._key

    def release(self) -> None:
        with _guard:
            if self._released:
                return
            self._released = True
            hold = _holds.get(self._key)
            if hold is None:
                return
            hold.count -= 1
            if hold.count == 0:
                del _holds[self._key]
                _unlock(hold.fd)

    def __enter__(self) -> DataDirLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def lock_data_dir(data_dir: Path) -> DataDirLock:
    """Hold the data folder for this process (again, when it already does).

    Raises ``DataDirBusy`` when another process holds it, and
    ``StorageEnvironmentError`` (in words) when the lock file cannot be opened.
    """
    key = _key(data_dir)
    with _guard:
        hold = _holds.get(key)
        if hold is not None:
            hold.count += 1
            return DataDirLock(key)
        path = key / LOCK_FILENAME
        old_umask = os.umask(0o077)
        try:
            make_private_dir(key)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise _lock_error(exc, key) from exc
        finally:
            os.umask(old_umask)
        try:
            locked = _try_lock(fd)
        except OSError as exc:
            os.close(fd)
            raise _lock_error(exc, key) from exc
        if not locked:
            os.close(fd)
            raise DataDirBusy(key, _holder_pid(path))
        # Who holds it, for the message another start shows (best effort).
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        _holds[key] = _Hold(fd, 1)
        return DataDirLock(key)


def _lock_error(exc: OSError, data_dir: Path) -> BaseException:
    """The lock file could not be made or locked: a read-only or full folder, a
    permission (told in words as any storage problem is), or a bug."""
    return environment_error(exc, "lock the data folder", data_dir / DB_FILENAME) or exc


def held_here(data_dir: Path) -> bool:
    """Whether this process holds the data folder's lock."""
    with _guard:
        return _key(data_dir) in _holds


def _after_fork_in_child() -> None:
    """A forked child is another process: it holds nothing and needs its own token."""
    global _process_token, _guard
    _guard = threading.Lock()
    for hold in _holds.values():
        with contextlib.suppress(OSError):
            os.close(hold.fd)  # the parent's lock stays with the parent
    _holds.clear()
    _process_token = f"process-{uuid.uuid4()}"


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
