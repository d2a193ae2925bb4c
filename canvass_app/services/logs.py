"""Logging: one rotating file per data dir, named loggers per layer, secrets never written.

The file is ``<data dir>/logs/canvass.log`` (1 MB, five older files kept: ``.1`` … ``.5``),
readable by its owner only. Times are UTC.

Loggers are named after the layer that writes: ``canvass.core``, ``canvass.storage``,
``canvass.api``, ``canvass.sync``, ``canvass.services``, ``canvass.credentials``,
``canvass.qt``, ``canvass.ui``, ``canvass.cli``, ``canvass.server`` (``layer_logger``), with
a dotted suffix for a module (``canvass.sync.engine``). Modules that use
``logging.getLogger(__name__)`` (``canvass_app.*``) are configured the same way.

The redaction rule (applied by a filter on every handler installed here, so it covers
messages, their arguments, tracebacks and stack dumps, at every level):

- ``Bearer <anything>``, ``Authorization: <anything>``, ``"authorization": "<anything>"``,
  ``token=…``, ``"token": "…"``, ``--token …``, ``CANVASS_TOKEN=…`` and anything shaped like
  a JWT become ``[redacted]``;
- every value registered with ``register_secret`` (the token in use; the value of
  ``CANVASS_TOKEN`` is registered by ``setup_logging``) is replaced wherever it appears.

The personal-data rule: records at INFO and above carry ids, counts, states, HTTP
statuses, durations and error classes; never a name, an address, a phone number, an
answer or a note. Code that wants such a value in a DEBUG record wraps it,
``log.debug("saved visit for %s", personal(name))``; a ``personal`` value shows as
``[personal]`` in any record above DEBUG, so a mistake in the level cannot leak it.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import re
import sys
import threading
import time
from pathlib import Path

LOG_DIRNAME = "logs"
LOG_FILENAME = "canvass.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5

LAYERS: tuple[str, ...] = (
    "core",
    "storage",
    "api",
    "sync",
    "services",
    "credentials",
    "qt",
    "ui",
    "cli",
    "server",
)
# The two logger trees the app writes to: layer names and module names (__name__).
APP_LOGGER_ROOTS: tuple[str, ...] = ("canvass", "canvass_app")
# Libraries whose INFO lines carry request URLs (which may hold a search text): WARNING
# unless the person asked for DEBUG.
QUIET_LIBRARIES: tuple[str, ...] = ("httpx", "httpcore", "hpack", "urllib3", "asyncio")

LEVELS: tuple[str, ...] = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
REDACTED = "[redacted]"
PERSONAL_PLACEHOLDER = "[personal]"

_FORMAT = "%(asctime)s.%(msecs)03dZ %(levelname)-7s %(name)s [%(threadName)s] %(message)s"
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S"

# Patterns that look like a credential, whatever its value. Each keeps the key and drops
# the value, so the log still says that a token was there.
_SECRET_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # "Authorization: Bearer abc", "authorization=Basic xyz", header dumps
    (
        re.compile(
            r"(?i)(\bauthorization\b[\"']?\s*[:=]\s*[\"']?)(?:bearer\s+|basic\s+)?[^\s\"',}]+"
        ),
        r"\1" + REDACTED,
    ),
    # ("authorization", "Bearer abc") tuples and b'Bearer abc'
    (re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9\-._~+/=]+"), r"\1 " + REDACTED),
    # token=abc, "token": "abc", access_token: abc, CANVASS_TOKEN=abc
    (
        re.compile(r"(?i)(\b[a-z_]*token\b[\"']?\s*[:=]\s*[\"']?)(?!\[redacted\])[^\s\"',}&]+"),
        r"\1" + REDACTED,
    ),
    # --token abc (the serve command)
    (re.compile(r"(--token[= ])\S+"), r"\1" + REDACTED),
    # anything shaped like a JSON Web Token
    (
        re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"),
        REDACTED,
    ),
)

_secrets: set[str] = set()
_secrets_lock = threading.Lock()
# Shorter values are too likely to match ordinary words; such tokens are not real tokens.
_MIN_SECRET_LENGTH = 6


def register_secret(value: str | None) -> None:
    """Redact ``value`` from every later log line (call it with the token in use)."""
    if value and len(value) >= _MIN_SECRET_LENGTH:
        with _secrets_lock:
            _secrets.add(value)


def forget_secret(value: str | None) -> None:
    """Stop redacting ``value`` (after sign-out); harmless if it was never registered."""
    with _secrets_lock:
        _secrets.discard(value or "")


def redact(text: str) -> str:
    """``text`` with every known secret and anything shaped like a credential removed."""
    with _secrets_lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, REDACTED)
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class Personal:
    """A value that may appear in a DEBUG record only (a name, an address, an answer)."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __str__(self) -> str:
        return PERSONAL_PLACEHOLDER

    def __repr__(self) -> str:
        return PERSONAL_PLACEHOLDER


def personal(value: object) -> Personal:
    """Mark ``value`` as personal data for a log call (see the module docstring)."""
    return Personal(value)


def _reveal(arg: object, allowed: bool) -> object:
    if isinstance(arg, Personal):
        return arg.value if allowed else PERSONAL_PLACEHOLDER
    return arg


class RedactingFilter(logging.Filter):
    """Merges a record's arguments into its message, then removes secrets and personal data.

    Installed on handlers (not loggers), so records that propagate from any logger,
    including libraries, pass through it.
    """

    def __init__(self) -> None:
        super().__init__()
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        allowed = record.levelno <= logging.DEBUG
        try:
            if isinstance(record.args, dict):
                record.args = {k: _reveal(v, allowed) for k, v in record.args.items()}
            elif isinstance(record.args, tuple):
                record.args = tuple(_reveal(arg, allowed) for arg in record.args)
            message = record.getMessage()
        except Exception as exc:  # a bad format string must not hide the record
            message = f"{record.msg!r} (could not format its arguments: {type(exc).__name__})"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating file whose every generation is created readable by its owner only."""

    def _open(self) -> io.TextIOWrapper:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0)
        fd = os.open(self.baseFilename, flags, 0o600)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)

    def handleError(self, record: logging.LogRecord) -> None:
        """A log line the disk refuses (full, read-only) is dropped: logging's default
        prints a traceback on the console, which a person would take for a crash; the
        problem itself is told in words by whatever needed the disk."""
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handleError(record)


def log_dir(data_dir: Path) -> Path:
    return Path(data_dir) / LOG_DIRNAME


def log_path(data_dir: Path) -> Path:
    """The current log file of ``data_dir`` (older ones are ``canvass.log.1`` … ``.5``)."""
    return log_dir(data_dir) / LOG_FILENAME


def layer_logger(layer: str, module: str | None = None) -> logging.Logger:
    """The logger of one layer (``layer_logger("sync", "engine")`` → ``canvass.sync.engine``)."""
    if layer not in LAYERS:
        raise ValueError(f"unknown layer {layer!r}; the layers are {', '.join(LAYERS)}")
    return logging.getLogger(f"canvass.{layer}" + (f".{module}" if module else ""))


def _parse_level(level: str) -> int:
    name = level.strip().upper() if isinstance(level, str) else ""
    if name == "WARN":
        name = "WARNING"
    if name not in LEVELS:
        raise ValueError(f"log level must be one of {', '.join(LEVELS)}, got {level!r}")
    return int(logging.getLevelName(name))


def _formatter() -> logging.Formatter:
    formatter = logging.Formatter(_FORMAT, _DATE_FORMAT)
    formatter.converter = time.gmtime
    return formatter


_installed: list[logging.Handler] = []
_install_lock = threading.Lock()


def setup_logging(data_dir: Path, level: str = "INFO", *, console: bool = False) -> Path:
    """Send the app's log records to the rotating file of ``data_dir``; returns its path.

    ``level`` is DEBUG, INFO, WARNING, ERROR or CRITICAL (ValueError otherwise). Calling it
    again replaces the handlers it installed before (a new data dir or level). With
    ``console=True`` WARNING and above also go to stderr, redacted the same way.
    """
    numeric = _parse_level(level)
    path = log_path(data_dir)
    from canvass_app.services.paths import ensure_private_dir

    ensure_private_dir(path.parent)  # 0700 when made; a folder that was there keeps its mode

    handlers: list[logging.Handler] = []
    file_handler = PrivateRotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=False
    )
    handlers.append(file_handler)
    if console:
        stream_handler = logging.StreamHandler(sys.stderr)
        stream_handler.setLevel(logging.WARNING)
        handlers.append(stream_handler)
    for handler in handlers:
        handler.setFormatter(_formatter())
        handler.addFilter(RedactingFilter())

    register_secret(os.environ.get("CANVASS_TOKEN", "").strip() or None)

    root = logging.getLogger()
    with _install_lock:
        for old in _installed:
            root.removeHandler(old)
            old.close()
        _installed[:] = handlers
        for handler in handlers:
            root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.WARNING:
        root.setLevel(logging.WARNING)
    for name in APP_LOGGER_ROOTS:
        logging.getLogger(name).setLevel(numeric)
    library_level = logging.INFO if numeric <= logging.DEBUG else logging.WARNING
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(library_level)
    logging.getLogger("canvass.services.logs").info(
        "logging to %s at %s", path, logging.getLevelName(numeric)
    )
    return path


def shutdown_logging() -> None:
    """Remove and close the handlers ``setup_logging`` installed (tests, a data-dir switch)."""
    root = logging.getLogger()
    with _install_lock:
        for handler in _installed:
            root.removeHandler(handler)
            handler.close()
        _installed.clear()
