"""The person's settings: a small versioned JSON file, ``settings.json``, in the data dir.

Stdlib only, so every headless command can read it. Rules:

- A missing file means the defaults.
- A file that cannot be read or is not a settings object is moved aside as
  ``settings.json.bad-<UTC time>`` (kept for support, never deleted) and the defaults are
  used; a warning is logged.
- A readable file with one bad value keeps the others: that one setting falls back to its
  default, with a warning naming it.
- An older ``version`` is migrated step by step (``_MIGRATIONS``); keys nobody knows are
  ignored, so a file written by a newer Canvass still opens.
- Writes are atomic (temporary file, fsync, rename) and the file is readable by its owner
  only (0600): it holds the canvasser's name.

Nothing here logs a setting's value except the API URL; the canvasser's name is personal.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import math
import os
import ssl
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from canvass_app.core.errors import FieldError
from canvass_app.core.net import is_loopback_host
from canvass_app.core.outbox import DEFAULT_SYNC_CONCURRENCY
from canvass_app.core.tile_source import (
    DEFAULT_MAX_ZOOM,
    MAX_ZOOM_LIMIT,
    STREET_ZOOM,
    tile_url_problem,
)
from canvass_app.services.paths import ensure_private_dir

log = logging.getLogger("canvass.services.settings")

SETTINGS_FILENAME = "settings.json"
SETTINGS_VERSION = 1

PATCH_PATH_FORMS: tuple[str, ...] = ("document", "data")
GPS_SOURCES: tuple[str, ...] = ("system", "nmea", "serial", "gpsd", "manual", "none")
THEMES: tuple[str, ...] = ("light", "dark", "high-contrast")
LANGUAGES: tuple[str, ...] = ("en", "es")

SYNC_INTERVAL_RANGE_S = (10, 3600)
SYNC_CONCURRENCY_RANGE = (1, 16)
ACCURACY_THRESHOLD_RANGE_M = (5.0, 1000.0)
TILE_MAX_ZOOM_RANGE = (STREET_ZOOM, MAX_ZOOM_LIMIT)
CANVASSER_NAME_MAX = 200
PORT_RANGE = (1, 65535)
HOST_NAME_MAX = 253  # the longest DNS name


@dataclass(frozen=True)
class Settings:
    """Everything the person can set; the defaults are what a fresh install uses."""

    version: int = SETTINGS_VERSION
    api_url: str | None = None
    patch_path_form: str = "document"  # "document" (/data/x, as the page) | "data" (/x)
    sync_interval_s: int = 60
    sync_concurrency: int = DEFAULT_SYNC_CONCURRENCY
    gps_source: str = "system"  # "system" | "nmea" | "serial" | "gpsd" | "manual" | "none"
    gps_nmea_path: str | None = None
    gps_serial_port: str | None = None
    # where gpsd listens (core.gpsd: localhost:2947 is gpsd's own default)
    gps_gpsd_host: str = "localhost"
    gps_gpsd_port: int = 2947
    accuracy_threshold_m: float = 100.0
    theme: str = "light"  # "light" | "dark" | "high-contrast"
    language: str = "en"  # "en" | "es"
    canvasser_name: str = ""
    # A PEM file of a private certificate authority to trust besides the system's (None:
    # the system's trust store only). Verification itself is never turned off.
    ca_file: str | None = None
    # The map: an MBTiles file to draw under the doors (None: the walklist's own basemap
    # file, else its streets), and the campaign's XYZ tile address to download the
    # walklist's area from with the list (None: no download).
    basemap_path: str | None = None
    tile_url: str | None = None
    tile_max_zoom: int = DEFAULT_MAX_ZOOM
    tile_attribution: str = ""
    # after a one-tap outcome, the selection moves on to the next door to knock
    auto_advance: bool = True
    # walk narrow streets across and back at every door, not up one side and down the other
    walk_zigzag: bool = False


# Human names for messages (the dialog shows the same words as its labels).
FIELD_LABELS: dict[str, str] = {
    "version": "settings version",
    "api_url": "API address",
    "patch_path_form": "edit path form",
    "sync_interval_s": "sync interval",
    "sync_concurrency": "sync concurrency",
    "gps_source": "location source",
    "gps_nmea_path": "NMEA log file",
    "gps_serial_port": "GPS serial port",
    "gps_gpsd_host": "gpsd host",
    "gps_gpsd_port": "gpsd port",
    "accuracy_threshold_m": "accuracy threshold",
    "theme": "theme",
    "language": "language",
    "canvasser_name": "canvasser name",
    "ca_file": "trusted certificate authority",
    "basemap_path": "map file (MBTiles)",
    "tile_url": "map tile address",
    "tile_max_zoom": "highest map zoom",
    "tile_attribution": "map attribution",
    "auto_advance": "move on after an outcome",
    "walk_zigzag": "zig-zag along streets",
}


class SettingsError(ValueError):
    """Settings that cannot be saved; the message names every bad setting in words."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = list(errors) or [FieldError("", "the settings are not valid")]
        super().__init__("; ".join(str(error) for error in self.errors))


def settings_path(data_dir: Path) -> Path:
    return Path(data_dir) / SETTINGS_FILENAME


# --- validation ------------------------------------------------------------------------


def _check_api_url(value: object) -> str | None:
    """The reason ``value`` is not a usable API address, or None when it is."""
    if value is None:
        return None
    if not isinstance(value, str):
        return f"must be text such as https://api.example.org, got {type(value).__name__}"
    if value != value.strip() or not value:
        return "must not be empty or start or end with spaces; leave it unset instead"
    try:
        parts = urlsplit(value)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        return f"{value!r} cannot be read as a web address ({exc})"
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return f"{value!r} must start with https:// (http:// is allowed only for this machine)"
    if not host:
        return f"{value!r} has no host name"
    if parts.username is not None or parts.password is not None:
        return "must not contain a user name or password; sign in with a token instead"
    if parts.query or parts.fragment:
        return f"{value!r} must not have a query (?...) or a fragment (#...)"
    if scheme == "http" and not is_loopback_host(host):
        return (
            f"uses plain http:// to {host}, which would send the access token unencrypted; "
            "use https:// (http:// is allowed only for 127.0.0.1, ::1 and localhost)"
        )
    return None


def _check_choice(value: object, choices: tuple[str, ...]) -> str | None:
    if value in choices:
        return None
    return f"must be one of {', '.join(choices)}, got {value!r}"


def _check_int_range(value: object, bounds: tuple[int, int], unit: str) -> str | None:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int):
        return f"must be a whole number of {unit} from {low} to {high}, got {value!r}"
    if not low <= value <= high:
        return f"must be from {low} to {high} {unit}, got {value}"
    return None


def _check_float_range(value: object, bounds: tuple[float, float], unit: str) -> str | None:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return f"must be a number of {unit} from {low:g} to {high:g}, got {value!r}"
    if not low <= value <= high:
        return f"must be from {low:g} to {high:g} {unit}, got {value:g}"
    return None


def _check_optional_text(value: object, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        return f"must be {what}, or left unset"
    if "\x00" in value:
        return "must not contain a NUL character"
    return None


def _check_host(value: object) -> str | None:
    if not isinstance(value, str) or not value:
        return "must be a host name or address such as localhost or 192.168.1.20"
    if len(value) > HOST_NAME_MAX or any(ch.isspace() or ord(ch) < 32 for ch in value):
        return (
            f"{value[:40]!r} is not a host name or address "
            f"(no spaces; at most {HOST_NAME_MAX} characters)"
        )
    return None


def _check_port(value: object) -> str | None:
    low, high = PORT_RANGE
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return f"must be a TCP port number from {low} to {high} (gpsd's is 2947), got {value!r}"
    return None


def _check_bool(value: object) -> str | None:
    return None if isinstance(value, bool) else f"must be true or false, got {value!r}"


def _check_name(value: object) -> str | None:
    if not isinstance(value, str):
        return f"must be text, got {type(value).__name__}"
    if len(value) > CANVASSER_NAME_MAX:
        return f"is too long ({len(value)} characters; at most {CANVASSER_NAME_MAX})"
    if any(ord(ch) < 32 for ch in value):
        return "must be one line of text without control characters"
    return None


def _check_tile_url(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        return "must be an address such as https://tiles.example.org/{z}/{x}/{y}.png, or left unset"
    problem = tile_url_problem(value)
    return None if problem is None else f"cannot be used: {problem}"


def _check_attribution(value: object) -> str | None:
    if not isinstance(value, str):
        return f"must be text, got {type(value).__name__}"
    if len(value) > 300 or any(ord(ch) < 32 for ch in value):
        return "must be one line of text (at most 300 characters)"
    return None


_CHECKS: dict[str, Callable[[object], str | None]] = {
    "api_url": _check_api_url,
    "patch_path_form": lambda v: _check_choice(v, PATCH_PATH_FORMS),
    "sync_interval_s": lambda v: _check_int_range(v, SYNC_INTERVAL_RANGE_S, "seconds"),
    "sync_concurrency": lambda v: _check_int_range(v, SYNC_CONCURRENCY_RANGE, "requests at once"),
    "gps_source": lambda v: _check_choice(v, GPS_SOURCES),
    "gps_nmea_path": lambda v: _check_optional_text(v, "the path of an NMEA log file"),
    "gps_serial_port": lambda v: _check_optional_text(v, "a serial port name such as /dev/ttyUSB0"),
    "gps_gpsd_host": _check_host,
    "gps_gpsd_port": _check_port,
    "accuracy_threshold_m": lambda v: _check_float_range(v, ACCURACY_THRESHOLD_RANGE_M, "metres"),
    "theme": lambda v: _check_choice(v, THEMES),
    "language": lambda v: _check_choice(v, LANGUAGES),
    "canvasser_name": _check_name,
    "ca_file": lambda v: _check_optional_text(v, "the path of a certificate file (PEM)"),
    "basemap_path": lambda v: _check_optional_text(v, "the path of an MBTiles file"),
    "tile_url": _check_tile_url,
    "tile_max_zoom": lambda v: _check_int_range(v, TILE_MAX_ZOOM_RANGE, "(zoom level)"),
    "tile_attribution": _check_attribution,
    "auto_advance": _check_bool,
    "walk_zigzag": _check_bool,
}


def _field_error(name: str, reason: str) -> FieldError:
    return FieldError(name, f"{FIELD_LABELS[name]} {reason}")


def validate_settings(s: Settings) -> list[FieldError]:
    """Every problem with ``s``, one FieldError per setting, in field order (empty = valid).

    ``FieldError.field`` is the attribute name; the message starts with the setting's label.
    """
    errors: list[FieldError] = []
    if s.version != SETTINGS_VERSION:
        errors.append(
            _field_error("version", f"must be {SETTINGS_VERSION} when saving, got {s.version!r}")
        )
    for name, check in _CHECKS.items():
        reason = check(getattr(s, name))
        if reason:
            errors.append(_field_error(name, reason))
    # A source that reads from somewhere needs to know where.
    if s.gps_source == "nmea" and s.gps_nmea_path is None:
        errors.append(
            _field_error("gps_nmea_path", "is needed when the location source is an NMEA log")
        )
    if s.gps_source == "serial" and s.gps_serial_port is None:
        errors.append(
            _field_error("gps_serial_port", "is needed when the location source is a serial GPS")
        )
    if s.basemap_path is not None and not any(error.field == "basemap_path" for error in errors):
        problem = basemap_problem(s.basemap_path)
        if problem:
            errors.append(FieldError("basemap_path", f"{FIELD_LABELS['basemap_path']}: {problem}"))
    if s.ca_file is not None and not any(error.field == "ca_file" for error in errors):
        problem = ca_file_problem(s.ca_file)
        if problem:
            errors.append(_field_error("ca_file", problem))
    return errors


def ca_file_problem(path: str) -> str | None:
    """Why ``path`` cannot be used as a certificate authority file, or None when it can."""
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(cafile=path)
    except FileNotFoundError:
        return f"names a file that does not exist ({path})"
    except (OSError, ssl.SSLError):
        return "is not a PEM file of certificates (-----BEGIN CERTIFICATE-----)"
    return None


def basemap_problem(path: str) -> str | None:
    """Why ``path`` cannot be drawn as the map's background, or None when it can."""
    from canvass_app.storage.mbtiles import MBTilesError, MBTilesReader

    try:
        MBTilesReader(Path(path).expanduser()).close()
    except MBTilesError as error:
        return str(error.message)
    return None


def client_options(settings: Settings) -> dict[str, Any]:
    """What the Polis client takes from the settings: the patch path form and the
    certificate authority to trust besides the system's."""
    return {"patch_path_form": settings.patch_path_form, "verify": settings.ca_file or True}


# --- migration -------------------------------------------------------------------------


def _migrate_0_to_1(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 0: the unversioned file of the 0.0 prototypes.

    It named the API address ``server_url``, the sync interval ``sync_interval`` in whole
    minutes, and the location source ``gps``; everything else already had today's name.
    """
    migrated = dict(raw)
    if "server_url" in migrated and "api_url" not in migrated:
        migrated["api_url"] = migrated.pop("server_url")
    if "sync_interval" in migrated and "sync_interval_s" not in migrated:
        minutes = migrated.pop("sync_interval")
        if isinstance(minutes, (int, float)) and not isinstance(minutes, bool):
            migrated["sync_interval_s"] = int(minutes * 60)
    if "gps" in migrated and "gps_source" not in migrated:
        migrated["gps_source"] = migrated.pop("gps")
    migrated["version"] = 1
    return migrated


# _MIGRATIONS[v] takes a raw settings object from version v to v + 1. Never edit one that
# shipped: add the next at the end and raise SETTINGS_VERSION.
_MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _migrate_0_to_1}


def _migrate(raw: dict[str, Any]) -> dict[str, Any]:
    version = raw.get("version", 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise ValueError(f"its version is {version!r}, not a whole number")
    if version > SETTINGS_VERSION:
        log.warning(
            "settings.json was written by a newer Canvass (version %d, this one knows %d); "
            "reading the settings this version understands",
            version,
            SETTINGS_VERSION,
        )
        return {**raw, "version": SETTINGS_VERSION}
    while version < SETTINGS_VERSION:
        raw = _MIGRATIONS[version](raw)
        log.info("settings.json migrated from version %d to %d", version, version + 1)
        version += 1
    return raw


# --- load / save -----------------------------------------------------------------------


def _keep_aside(path: Path, reason: str) -> None:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.name}.bad-{stamp}")
    try:
        os.replace(path, aside)
    except OSError as exc:
        log.warning(
            "settings.json cannot be used (%s) and could not be moved aside (%s); using defaults",
            reason,
            exc.strerror or exc,
        )
        return
    log.warning(
        "settings.json cannot be used (%s); kept it as %s and started from the default settings",
        reason,
        aside.name,
    )


def _coerce(name: str, value: Any) -> Any:
    """JSON has one number type: accept 100 for a float setting and 60.0 for an int one."""
    default = getattr(Settings(), name)
    if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if (
        isinstance(default, int)
        and not isinstance(default, bool)
        and isinstance(value, float)
        and value.is_integer()
    ):
        return int(value)
    return value


def _from_raw(raw: dict[str, Any]) -> Settings:
    """Settings from a migrated raw object; a bad value falls back to its default."""
    defaults = Settings()
    values: dict[str, Any] = {}
    for name in _CHECKS:
        if name not in raw:
            continue
        value = _coerce(name, raw[name])
        reason = _CHECKS[name](value)
        if reason:
            # Log the label and the reason, not the value: it may be the canvasser's name.
            log.warning(
                "settings.json: %s is not valid, using the default instead",
                FIELD_LABELS[name],
            )
            continue
        values[name] = value
    settings = dataclasses.replace(defaults, **values)
    # A source that lacks its file or port cannot start: fall back to the system source.
    if any(
        error.field in ("gps_nmea_path", "gps_serial_port") for error in validate_settings(settings)
    ):
        log.warning("settings.json: the location source lacks its file or port; using 'system'")
        settings = dataclasses.replace(settings, gps_source="system")
    return settings


def load_settings(data_dir: Path) -> Settings:
    """The saved settings, or the defaults (see the module docstring for every case)."""
    path = settings_path(data_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except UnicodeDecodeError:
        _keep_aside(path, "it is not UTF-8 text")
        return Settings()
    except OSError as exc:
        # Unreadable (permissions, a folder in its place): keep it where it is, do not crash.
        log.warning("settings.json could not be read (%s); using defaults", exc.strerror or exc)
        return Settings()
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        _keep_aside(path, f"it is not valid JSON: {exc.msg} at line {exc.lineno}")
        return Settings()
    if not isinstance(raw, dict):
        _keep_aside(path, f"it holds a {type(raw).__name__}, not a settings object")
        return Settings()
    try:
        raw = _migrate(raw)
    except ValueError as exc:
        _keep_aside(path, str(exc))
        return Settings()
    return _from_raw(raw)


def settings_to_json(settings: Settings) -> str:
    return json.dumps(dataclasses.asdict(settings), indent=2, sort_keys=True) + "\n"


def save_settings(data_dir: Path, settings: Settings) -> None:
    """Write ``settings`` atomically, mode 0600. Raises SettingsError when a value is bad."""
    errors = validate_settings(settings)
    if errors:
        raise SettingsError(errors)
    path = settings_path(data_dir)
    ensure_private_dir(path.parent)  # 0700 when made; a folder that was there keeps its mode
    payload = settings_to_json(settings).encode("utf-8")
    # mkstemp creates the file 0600; written, flushed to disk, then renamed over the old one,
    # so a crash leaves either the old file or the new one, never half of one.
    fd, tmp_name = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    tmp_path = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if sys.platform != "win32":
            os.chmod(tmp_path, 0o600)
        os.replace(tmp_path, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
        raise
    _fsync_dir(path.parent)
    log.info("settings saved")


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles for this."""
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
