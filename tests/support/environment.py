"""Putting a data folder in a hostile environment for real, as root (CI) or not.

CI runs the tests as root, and root ignores file modes: ``chmod 444`` does not stop it
writing. So when the tests run as root, the code under test runs with the effective
user and group of an unprivileged user (``os.seteuid``, ``as_unprivileged``) against
files owned by root: the kernel then refuses for real (EACCES), exactly as it would a
canvasser's process. As a normal user the same modes do it without changing ids.

``seteuid`` switches the whole process for the block, so the block must only need
modules already imported (the interpreter may live in a folder that user cannot read).
A full disk is a real small tmpfs (``mounted_tmpfs``) where mounting is allowed (root
with CAP_SYS_ADMIN); elsewhere those tests skip and the injected SQLITE_FULL tests remain.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

NOBODY = 65534
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@contextlib.contextmanager
def as_unprivileged() -> Iterator[None]:
    """The block runs as an unprivileged user when we are root; as ourselves otherwise."""
    if not IS_ROOT:
        yield
        return
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@contextlib.contextmanager
def shared_folder() -> Iterator[Path]:
    """A folder the unprivileged user may enter (pytest's own tmp tree is 0700 for root)."""
    folder = Path(tempfile.mkdtemp(prefix="canvass-env-"))
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            with contextlib.suppress(OSError):
                if path.is_dir() and not path.is_symlink():
                    os.chmod(path, 0o755)
        shutil.rmtree(folder, ignore_errors=True)


def make_read_only_file(data_dir: Path, db_file: Path) -> None:
    """The database file may be read but not written; its folder may be written."""
    if IS_ROOT:
        os.chown(data_dir, NOBODY, NOBODY)
        os.chmod(db_file, 0o644)  # root's file: others may only read it
    else:
        os.chmod(db_file, 0o444)


def make_read_only_folder(data_dir: Path, db_file: Path) -> None:
    """The file may be written but its folder may not (no -wal or -shm can be made)."""
    if IS_ROOT:
        os.chmod(data_dir, 0o755)  # root's folder: others may only enter it
        os.chmod(db_file, 0o666)
    else:
        os.chmod(data_dir, 0o555)


def make_unreadable(data_dir: Path, db_file: Path) -> None:
    """The file belongs to someone else and may not even be read."""
    if IS_ROOT:
        os.chmod(data_dir, 0o777)
        os.chmod(db_file, 0o600)  # root's file, root's eyes only
    else:
        os.chmod(db_file, 0o000)


# The other program opens the encrypted file with its key (from the test's keyring).
_HOLD_LOCK = """
import sys
from pathlib import Path
from canvass_app.services.database import use_database_keys
from canvass_app.storage.db import open_connection
use_database_keys()
conn = open_connection(Path(sys.argv[1]), timeout_s=10)
if sys.argv[2] == "whole-file":
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
conn.execute("BEGIN EXCLUSIVE")
conn.execute("INSERT INTO sync_meta (key, value) VALUES ('held by', 'another program')")
print("locked", flush=True)
sys.stdin.read()
conn.rollback()
"""


@contextlib.contextmanager
def lock_held_by_another_program(path: Path, *, whole_file: bool) -> Iterator[None]:
    """A second real connection, in another process, holding BEGIN EXCLUSIVE (with a
    write) until the block ends. ``whole_file``: with ``locking_mode=EXCLUSIVE`` too, so
    even readers wait (in WAL mode BEGIN EXCLUSIVE alone stops only writers).

    Another process, not a connection of this one: POSIX file locks belong to a process,
    and the test's own reads of the file (``snapshot``) would release them.
    """
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(path), "whole-file" if whole_file else "write"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.communicate(timeout=30)  # closes its stdin: it rolls back and exits


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """Every file under ``folder`` but the logs, a process's lock file (``*.lock``) and
    SQLite's shared-memory index (``-shm``, and an empty ``-wal``, which opening a database
    may create): inode and content hash, to prove that nothing was moved, renamed, added
    or changed."""
    found: dict[str, tuple[int, str]] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts[0] == "logs" or not path.is_file():
            continue
        if path.name.endswith(("-shm", ".lock")):
            continue
        if path.name.endswith("-wal") and path.stat().st_size == 0:
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        found[str(relative)] = (path.stat().st_ino, digest)
    return found


@contextlib.contextmanager
def mounted_tmpfs(size: str = "2m") -> Iterator[Path | None]:
    """A small real filesystem, or None where this machine does not allow mounting."""
    if not IS_ROOT or not shutil.which("mount"):
        yield None
        return
    with shared_folder() as folder:
        point = folder / "disk"
        point.mkdir()
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(point)],
            capture_output=True,
        )
        if mounted.returncode != 0:
            yield None
            return
        try:
            yield point
        finally:
            subprocess.run(["umount", "-l", str(point)], capture_output=True)


def fill_disk(point: Path) -> None:
    """Write a filler file until the filesystem has no room left."""
    fd = os.open(point / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 65536)
    except OSError:
        pass
    try:
        while True:
            os.write(fd, b"\0" * 512)
    except OSError:
        pass
    finally:
        os.close(fd)
