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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from canvass_app.core.errors import FieldError
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message, MessageTemplate
from canvass_app.core.net import is_loopback_host
from canvass_app.core.outbox import DEFAULT_SYNC_CONCURRENCY, SYNC_CONCURRENCY_RANGE
from canvass_app.core.tile_source import (
    DEFAULT_MAX_ZOOM,
    MAX_ZOOM_LIMIT,
    STREET_ZOOM,
    tile_url_problem,
)
from canvass_app.services.paths import ensure_private_dir

log = logging.getLogger("canvass.services.settings")

SETTINGS_FILENAME = "settings.json"
SETTINGS_VERSION = 2

PATCH_PATH_FORMS: tuple[str, ...] = ("document", "data")
GPS_SOURCES: tuple[str, ...] = ("system", "nmea", "serial", "gpsd", "manual", "none")
THEMES: tuple[str, ...] = ("light", "dark", "high-contrast")
# The languages Canvass is translated into (a catalogue each, English is the source) and
# what the language setting may say: "system" follows the computer's language.
LANGUAGES: tuple[str, ...] = ("en", "es")
SYSTEM_LANGUAGE = "system"
LANGUAGE_CHOICES: tuple[str, ...] = (SYSTEM_LANGUAGE, *LANGUAGES)

SYNC_INTERVAL_RANGE_S = (10, 3600)
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
    language: str = SYSTEM_LANGUAGE  # "system" (the computer's, when translated) | "en" | "es"
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
FIELD_LABELS: dict[str, MessageTemplate] = {
    "version": QT_TRANSLATE_NOOP("Settings", "settings version"),
    "api_url": QT_TRANSLATE_NOOP("Settings", "API address"),
    "patch_path_form": QT_TRANSLATE_NOOP("Settings", "edit path form"),
    "sync_interval_s": QT_TRANSLATE_NOOP("Settings", "sync interval"),
    "sync_concurrency": QT_TRANSLATE_NOOP("Settings", "sync concurrency"),
    "gps_source": QT_TRANSLATE_NOOP("Settings", "location source"),
    "gps_nmea_path": QT_TRANSLATE_NOOP("Settings", "NMEA log file"),
    "gps_serial_port": QT_TRANSLATE_NOOP("Settings", "GPS serial port"),
    "gps_gpsd_host": QT_TRANSLATE_NOOP("Settings", "gpsd host"),
    "gps_gpsd_port": QT_TRANSLATE_NOOP("Settings", "gpsd port"),
    "accuracy_threshold_m": QT_TRANSLATE_NOOP("Settings", "accuracy threshold"),
    "theme": QT_TRANSLATE_NOOP("Settings", "theme"),
    "language": QT_TRANSLATE_NOOP("Settings", "language"),
    "canvasser_name": QT_TRANSLATE_NOOP("Settings", "canvasser name"),
    "ca_file": QT_TRANSLATE_NOOP("Settings", "trusted certificate authority"),
    "basemap_path": QT_TRANSLATE_NOOP("Settings", "map file (MBTiles)"),
    "tile_url": QT_TRANSLATE_NOOP("Settings", "map tile address"),
    "tile_max_zoom": QT_TRANSLATE_NOOP("Settings", "highest map zoom"),
    "tile_attribution": QT_TRANSLATE_NOOP("Settings", "map attribution"),
    "auto_advance": QT_TRANSLATE_NOOP("Settings", "move on after an outcome"),
    "walk_zigzag": QT_TRANSLATE_NOOP("Settings", "zig-zag along streets"),
}

# Why a value is refused; the message is "<label> <reason>" (or its translation).
_PROBLEM = QT_TRANSLATE_NOOP("Settings", "{setting} {reason}")
_PROBLEM_SENTENCE = QT_TRANSLATE_NOOP("Settings", "{setting}: {reason}")  # a whole sentence
_NOT_TEXT_URL = QT_TRANSLATE_NOOP(
    "Settings", "must be text such as https://api.example.org, got {kind}"
)
_URL_SPACES = QT_TRANSLATE_NOOP(
    "Settings", "must not be empty or start or end with spaces; leave it unset instead"
)
_URL_UNREADABLE = QT_TRANSLATE_NOOP("Settings", "{value} cannot be read as a web address")
_URL_SCHEME = QT_TRANSLATE_NOOP(
    "Settings", "{value} must start with https:// (http:// is allowed only for this machine)"
)
_URL_NO_HOST = QT_TRANSLATE_NOOP("Settings", "{value} has no host name")
_URL_USER = QT_TRANSLATE_NOOP(
    "Settings", "must not contain a user name or password; sign in with a token instead"
)
_URL_QUERY = QT_TRANSLATE_NOOP(
    "Settings", "{value} must not have a query (?...) or a fragment (#...)"
)
_URL_PLAIN_HTTP = QT_TRANSLATE_NOOP(
    "Settings",
    "uses plain http:// to {host}, which would send the access token unencrypted; use "
    "https:// (http:// is allowed only for 127.0.0.1, ::1 and localhost)",
)
_NOT_A_CHOICE = QT_TRANSLATE_NOOP("Settings", "must be one of {choices}, got {value}")
_NOT_A_WHOLE_NUMBER = QT_TRANSLATE_NOOP(
    "Settings", "must be a whole number of {unit} from {low} to {high}, got {value}"
)
_NOT_A_NUMBER = QT_TRANSLATE_NOOP(
    "Settings", "must be a number of {unit} from {low} to {high}, got {value}"
)
_OUT_OF_RANGE = QT_TRANSLATE_NOOP("Settings", "must be from {low} to {high} {unit}, got {value}")
_SECONDS = QT_TRANSLATE_NOOP("Settings", "seconds")
_REQUESTS = QT_TRANSLATE_NOOP("Settings", "requests at once")
_METRES = QT_TRANSLATE_NOOP("Settings", "metres")
_TEXT_OR_UNSET = QT_TRANSLATE_NOOP("Settings", "must be {what}, or left unset")
_NMEA_PATH = QT_TRANSLATE_NOOP("Settings", "the path of an NMEA log file")
_SERIAL_PORT = QT_TRANSLATE_NOOP("Settings", "a serial port name such as /dev/ttyUSB0")
_PEM_PATH = QT_TRANSLATE_NOOP("Settings", "the path of a certificate file (PEM)")
_NUL = QT_TRANSLATE_NOOP("Settings", "must not contain a NUL character")
_NOT_BOOL = QT_TRANSLATE_NOOP("Settings", "must be true or false, got {value}")
_NOT_TEXT = QT_TRANSLATE_NOOP("Settings", "must be text, got {kind}")
_TOO_LONG = QT_TRANSLATE_NOOP("Settings", "is too long ({length} characters; at most {limit})")
_ONE_LINE = QT_TRANSLATE_NOOP("Settings", "must be one line of text without control characters")
_WRONG_VERSION = QT_TRANSLATE_NOOP("Settings", "must be {version} when saving, got {value}")
_NEEDS_NMEA = QT_TRANSLATE_NOOP("Settings", "is needed when the location source is an NMEA log")
_NEEDS_PORT = QT_TRANSLATE_NOOP("Settings", "is needed when the location source is a serial GPS")
_NO_SUCH_FILE = QT_TRANSLATE_NOOP("Settings", "names a file that does not exist ({path})")
_NOT_PEM = QT_TRANSLATE_NOOP(
    "Settings", "is not a PEM file of certificates (-----BEGIN CERTIFICATE-----)"
)
_NOT_VALID = QT_TRANSLATE_NOOP("Settings", "the settings are not valid")


class SettingsError(ValueError):
    """Settings that cannot be saved; the message names every bad setting in words."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = list(errors) or [FieldError("", _NOT_VALID.message())]
        super().__init__("; ".join(str(error) for error in self.errors))


def settings_path(data_dir: Path) -> Path:
    return Path(data_dir) / SETTINGS_FILENAME


# --- validation ------------------------------------------------------------------------


def _check_api_url(value: object) -> Message | None:
    """The reason ``value`` is not a usable API address, or None when it is."""
    if value is None:
        return None
    if not isinstance(value, str):
        return _NOT_TEXT_URL.with_args(kind=type(value).__name__)
    if value != value.strip() or not value:
        return _URL_SPACES.message()
    try:
        parts = urlsplit(value)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return _URL_UNREADABLE.with_args(value=repr(value))
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return _URL_SCHEME.with_args(value=repr(value))
    if not host:
        return _URL_NO_HOST.with_args(value=repr(value))
    if parts.username is not None or parts.password is not None:
        return _URL_USER.message()
    if parts.query or parts.fragment:
        return _URL_QUERY.with_args(value=repr(value))
    if scheme == "http" and not is_loopback_host(host):
        return _URL_PLAIN_HTTP.with_args(host=host)
    return None


def _check_choice(value: object, choices: tuple[str, ...]) -> Message | None:
    if value in choices:
        return None
    return _NOT_A_CHOICE.with_args(choices=", ".join(choices), value=repr(value))


def _check_int_range(
    value: object, bounds: tuple[int, int], unit: MessageTemplate
) -> Message | None:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int):
        return _NOT_A_WHOLE_NUMBER.with_args(
            unit=unit.message(), low=low, high=high, value=repr(value)
        )
    if not low <= value <= high:
        return _OUT_OF_RANGE.with_args(low=low, high=high, unit=unit.message(), value=value)
    return None


def _check_float_range(
    value: object, bounds: tuple[float, float], unit: MessageTemplate
) -> Message | None:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return _NOT_A_NUMBER.with_args(
            unit=unit.message(), low=f"{low:g}", high=f"{high:g}", value=repr(value)
        )
    if not low <= value <= high:
        return _OUT_OF_RANGE.with_args(
            low=f"{low:g}", high=f"{high:g}", unit=unit.message(), value=f"{value:g}"
        )
    return None


def _check_optional_text(value: object, what: MessageTemplate) -> Message | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        return _TEXT_OR_UNSET.with_args(what=what.message())
    if "\x00" in value:
        return _NUL.message()
    return None


_NO_HOST_NAME = QT_TRANSLATE_NOOP(
    "Settings", "must be a host name or address such as localhost or 192.168.1.20"
)
_BAD_HOST_NAME = QT_TRANSLATE_NOOP(
    "Settings", "{value} is not a host name or address (no spaces; at most {limit} characters)"
)
_BAD_PORT = QT_TRANSLATE_NOOP(
    "Settings", "must be a TCP port number from {low} to {high} (gpsd's is 2947), got {value}"
)


def _check_host(value: object) -> Message | None:
    if not isinstance(value, str) or not value:
        return _NO_HOST_NAME.message()
    if len(value) > HOST_NAME_MAX or any(ch.isspace() or ord(ch) < 32 for ch in value):
        return _BAD_HOST_NAME.with_args(value=repr(value[:40]), limit=HOST_NAME_MAX)
    return None


def _check_port(value: object) -> Message | None:
    low, high = PORT_RANGE
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return _BAD_PORT.with_args(low=low, high=high, value=repr(value))
    return None


def _check_bool(value: object) -> Message | None:
    return None if isinstance(value, bool) else _NOT_BOOL.with_args(value=repr(value))


def _check_name(value: object) -> Message | None:
    if not isinstance(value, str):
        return _NOT_TEXT.with_args(kind=type(value).__name__)
    if len(value) > CANVASSER_NAME_MAX:
        return _TOO_LONG.with_args(length=len(value), limit=CANVASSER_NAME_MAX)
    if any(ord(ch) < 32 for ch in value):
        return _ONE_LINE.message()
    return None


_TILE_URL_EXAMPLE = QT_TRANSLATE_NOOP(
    "Settings",
    "must be an address such as https://tiles.example.org/{{z}}/{{x}}/{{y}}.png, or left unset",
)
_CANNOT_BE_USED = QT_TRANSLATE_NOOP("Settings", "cannot be used: {problem}")
_ONE_SHORT_LINE = QT_TRANSLATE_NOOP(
    "Settings", "must be one line of text (at most {limit} characters)"
)
_MBTILES_PATH = QT_TRANSLATE_NOOP("Settings", "the path of an MBTiles file")
_ZOOM_LEVEL = QT_TRANSLATE_NOOP("Settings", "(zoom level)")


def _check_tile_url(value: object) -> Message | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        return _TILE_URL_EXAMPLE.message()
    problem = tile_url_problem(value)
    return None if problem is None else _CANNOT_BE_USED.with_args(problem=problem)


def _check_attribution(value: object) -> Message | None:
    if not isinstance(value, str):
        return _NOT_TEXT.with_args(kind=type(value).__name__)
    if len(value) > 300 or any(ord(ch) < 32 for ch in value):
        return _ONE_SHORT_LINE.with_args(limit=300)
    return None


_CHECKS: dict[str, Callable[[object], Message | None]] = {
    "api_url": _check_api_url,
    "patch_path_form": lambda v: _check_choice(v, PATCH_PATH_FORMS),
    "sync_interval_s": lambda v: _check_int_range(v, SYNC_INTERVAL_RANGE_S, _SECONDS),
    "sync_concurrency": lambda v: _check_int_range(v, SYNC_CONCURRENCY_RANGE, _REQUESTS),
    "gps_source": lambda v: _check_choice(v, GPS_SOURCES),
    "gps_nmea_path": lambda v: _check_optional_text(v, _NMEA_PATH),
    "gps_serial_port": lambda v: _check_optional_text(v, _SERIAL_PORT),
    "gps_gpsd_host": _check_host,
    "gps_gpsd_port": _check_port,
    "accuracy_threshold_m": lambda v: _check_float_range(v, ACCURACY_THRESHOLD_RANGE_M, _METRES),
    "theme": lambda v: _check_choice(v, THEMES),
    "language": lambda v: _check_choice(v, LANGUAGE_CHOICES),
    "canvasser_name": _check_name,
    "ca_file": lambda v: _check_optional_text(v, _PEM_PATH),
    "basemap_path": lambda v: _check_optional_text(v, _MBTILES_PATH),
    "tile_url": _check_tile_url,
    "tile_max_zoom": lambda v: _check_int_range(v, TILE_MAX_ZOOM_RANGE, _ZOOM_LEVEL),
    "tile_attribution": _check_attribution,
    "auto_advance": _check_bool,
    "walk_zigzag": _check_bool,
}


def _field_error(name: str, reason: Message) -> FieldError:
    return FieldError(name, _PROBLEM.with_args(setting=FIELD_LABELS[name].message(), reason=reason))


def validate_settings(s: Settings) -> list[FieldError]:
    """Every problem with ``s``, one FieldError per setting, in field order (empty = valid).

    ``FieldError.field`` is the attribute name; the message starts with the setting's label.
    """
    errors: list[FieldError] = []
    if s.version != SETTINGS_VERSION:
        errors.append(
            _field_error(
                "version", _WRONG_VERSION.with_args(version=SETTINGS_VERSION, value=repr(s.version))
            )
        )
    for name, check in _CHECKS.items():
        reason = check(getattr(s, name))
        if reason:
            errors.append(_field_error(name, reason))
    # A source that reads from somewhere needs to know where.
    if s.gps_source == "nmea" and s.gps_nmea_path is None:
        errors.append(_field_error("gps_nmea_path", _NEEDS_NMEA.message()))
    if s.gps_source == "serial" and s.gps_serial_port is None:
        errors.append(_field_error("gps_serial_port", _NEEDS_PORT.message()))
    if s.basemap_path is not None and not any(error.field == "basemap_path" for error in errors):
        problem = basemap_problem(s.basemap_path)
        if problem:  # the map file's own sentence
            label = FIELD_LABELS["basemap_path"].message()
            errors.append(
                FieldError(
                    "basemap_path", _PROBLEM_SENTENCE.with_args(setting=label, reason=problem)
                )
            )
    if s.ca_file is not None and not any(error.field == "ca_file" for error in errors):
        problem = ca_file_problem(s.ca_file)
        if problem:
            errors.append(_field_error("ca_file", problem))
    return errors


def ca_file_problem(path: str) -> Message | None:
    """Why ``path`` cannot be used as a certificate authority file, or None when it can."""
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(cafile=path)
    except FileNotFoundError:
        return _NO_SUCH_FILE.with_args(path=path)
    except (OSError, ssl.SSLError):
        return _NOT_PEM.message()
    return None


def basemap_problem(path: str) -> Message | None:
    """Why ``path`` cannot be drawn as the map's background, or None when it can."""
    from canvass_app.storage.mbtiles import MBTilesError, MBTilesReader

    try:
        MBTilesReader(Path(path).expanduser()).close()
    except MBTilesError as error:
        return error.message
    return None


def interface_language(setting: str, preferred: Sequence[str]) -> str:
    """The language the interface speaks: the one chosen, or for "system" the first of the
    person's preferred languages that Canvass is translated into (``preferred`` as the
    system gives them, most wanted first: "es-MX", "es_ES.UTF-8", "es"); else English."""
    if setting in LANGUAGES:
        return setting
    for tag in preferred:
        language = tag.replace("-", "_").split("_")[0].split(".")[0].lower()
        if language in LANGUAGES:
            return language
    return "en"


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


def _migrate_1_to_2(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 1 had no "system" language: English was the default and every save wrote it,
    so an "en" is taken as never chosen and follows the computer's language from now on."""
    migrated = dict(raw)
    if migrated.get("language") == "en":
        migrated["language"] = SYSTEM_LANGUAGE
    migrated["version"] = 2
    return migrated


# _MIGRATIONS[v] takes a raw settings object from version v to v + 1. Never edit one that
# shipped: add the next at the end and raise SETTINGS_VERSION.
_MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: _migrate_0_to_1,
    1: _migrate_1_to_2,
}


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
                FIELD_LABELS[name].text,
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
