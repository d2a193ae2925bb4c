"""Settings: round trip, validation in words, a garbage file kept aside, migration."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import stat
import sys
from pathlib import Path

import pytest

from canvass_app.services.settings import (
    SETTINGS_FILENAME,
    SETTINGS_VERSION,
    Settings,
    SettingsError,
    load_settings,
    save_settings,
    settings_path,
    validate_settings,
)


def test_missing_file_gives_the_defaults(data_dir: Path) -> None:
    assert load_settings(data_dir) == Settings()
    assert not settings_path(data_dir).exists()


def test_round_trip_keeps_every_field(data_dir: Path) -> None:
    settings = Settings(
        api_url="https://polis.example.org/api",
        patch_path_form="data",
        sync_interval_s=300,
        sync_concurrency=8,
        gps_source="gpsd",
        gps_serial_port="/dev/ttyUSB0",
        gps_nmea_path="/tmp/walk.nmea",
        gps_gpsd_host="raspberrypi.local",
        gps_gpsd_port=12947,
        accuracy_threshold_m=25.5,
        theme="high-contrast",
        language="es",
        canvasser_name="Ana María",
    )
    save_settings(data_dir, settings)
    assert load_settings(data_dir) == settings
    on_disk = json.loads(settings_path(data_dir).read_text(encoding="utf-8"))
    assert on_disk["version"] == SETTINGS_VERSION
    assert on_disk["canvasser_name"] == "Ana María"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_saved_file_is_private_and_no_temporary_file_is_left(data_dir: Path) -> None:
    save_settings(data_dir, Settings(canvasser_name="Lee"))
    save_settings(data_dir, Settings(canvasser_name="Lee Two"))
    mode = stat.S_IMODE(os.stat(settings_path(data_dir)).st_mode)
    assert mode == 0o600
    assert sorted(p.name for p in data_dir.iterdir()) == [SETTINGS_FILENAME]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"api_url": "http://polis.example.org"}, "api_url", "unencrypted"),
        ({"api_url": "ftp://polis.example.org"}, "api_url", "must start with https://"),
        ({"api_url": "https://"}, "api_url", "no host name"),
        ({"api_url": "https://user:pw@polis.example.org"}, "api_url", "user name or password"),
        ({"api_url": " https://polis.example.org"}, "api_url", "spaces"),
        ({"sync_interval_s": 5}, "sync_interval_s", "from 10 to 3600 seconds"),
        ({"sync_interval_s": 3601}, "sync_interval_s", "from 10 to 3600 seconds"),
        ({"sync_concurrency": 0}, "sync_concurrency", "from 1 to 16"),
        ({"sync_concurrency": 17}, "sync_concurrency", "from 1 to 16"),
        ({"accuracy_threshold_m": 4.9}, "accuracy_threshold_m", "from 5 to 1000 metres"),
        ({"accuracy_threshold_m": float("nan")}, "accuracy_threshold_m", "must be a number"),
        ({"patch_path_form": "root"}, "patch_path_form", "document, data"),
        ({"gps_source": "satellite"}, "gps_source", "system, nmea, serial, gpsd, manual, none"),
        ({"gps_gpsd_host": ""}, "gps_gpsd_host", "gpsd host must be a host name"),
        ({"gps_gpsd_host": "my pi"}, "gps_gpsd_host", "no spaces"),
        ({"gps_gpsd_port": 0}, "gps_gpsd_port", "from 1 to 65535"),
        ({"gps_gpsd_port": 70000}, "gps_gpsd_port", "gpsd's is 2947"),
        ({"gps_gpsd_port": True}, "gps_gpsd_port", "TCP port number"),
        ({"theme": "blue"}, "theme", "light, dark, high-contrast"),
        ({"language": "fr"}, "language", "en, es"),
        ({"canvasser_name": "a\nb"}, "canvasser_name", "one line"),
        ({"gps_source": "nmea"}, "gps_nmea_path", "needed when the location source"),
        ({"gps_source": "serial"}, "gps_serial_port", "needed when the location source"),
    ],
)
def test_validation_names_the_setting_in_words(
    data_dir: Path, changes: dict[str, object], field: str, words: str
) -> None:
    settings = dataclasses.replace(Settings(), **changes)  # type: ignore[arg-type]
    errors = validate_settings(settings)
    assert [error.field for error in errors] == [field]
    assert words in errors[0].message
    with pytest.raises(SettingsError) as raised:
        save_settings(data_dir, settings)
    assert words in str(raised.value)
    assert not settings_path(data_dir).exists()


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8765", "http://localhost:9000/v2", "http://[::1]:80", "https://a.b"]
)
def test_loopback_http_and_any_https_are_accepted(url: str) -> None:
    assert validate_settings(Settings(api_url=url)) == []


def test_defaults_are_valid() -> None:
    assert validate_settings(Settings()) == []


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"[1, 2, 3]", b"\xff\xfe\x00garbage", b'{"version": "one"}', b""],
)
def test_garbage_file_is_kept_aside_and_defaults_used(
    data_dir: Path, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    settings_path(data_dir).write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="canvass"):
        assert load_settings(data_dir) == Settings()
    kept = [p for p in data_dir.iterdir() if p.name.startswith(f"{SETTINGS_FILENAME}.bad-")]
    assert len(kept) == 1
    assert kept[0].read_bytes() == content
    assert not settings_path(data_dir).exists()
    assert any("kept it as settings.json.bad-" in r.getMessage() for r in caplog.records)
    # The next save writes a fresh file next to the kept one.
    save_settings(data_dir, Settings(theme="dark"))
    assert load_settings(data_dir).theme == "dark"


def test_one_bad_value_falls_back_alone_without_logging_the_name(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    raw = dataclasses.asdict(Settings(canvasser_name="x"))
    raw.update(sync_concurrency=99, canvasser_name="Priya\x07Secret", theme="dark")
    settings_path(data_dir).write_text(json.dumps(raw), encoding="utf-8")
    with caplog.at_level(logging.DEBUG, logger="canvass"):
        loaded = load_settings(data_dir)
    assert loaded.sync_concurrency == Settings().sync_concurrency
    assert loaded.canvasser_name == ""
    assert loaded.theme == "dark"
    assert "Priya" not in caplog.text
    assert "sync concurrency is not valid" in caplog.text


def test_version_0_file_is_migrated(data_dir: Path) -> None:
    # The unversioned prototype format: server_url, sync_interval in minutes, gps.
    legacy = {
        "server_url": "https://polis.example.org",
        "sync_interval": 5,
        "gps": "manual",
        "theme": "dark",
        "canvasser_name": "Jo",
    }
    settings_path(data_dir).write_text(json.dumps(legacy), encoding="utf-8")
    loaded = load_settings(data_dir)
    assert loaded == Settings(
        api_url="https://polis.example.org",
        sync_interval_s=300,
        gps_source="manual",
        theme="dark",
        canvasser_name="Jo",
    )
    save_settings(data_dir, loaded)
    assert json.loads(settings_path(data_dir).read_text(encoding="utf-8"))["version"] == 1


def test_newer_version_keeps_known_settings(data_dir: Path) -> None:
    raw = {"version": SETTINGS_VERSION + 1, "theme": "dark", "a_future_setting": True}
    settings_path(data_dir).write_text(json.dumps(raw), encoding="utf-8")
    assert load_settings(data_dir) == Settings(theme="dark")
    assert settings_path(data_dir).exists()


def test_integer_json_numbers_load_into_float_settings(data_dir: Path) -> None:
    raw = {"version": 1, "accuracy_threshold_m": 50, "sync_interval_s": 120.0}
    settings_path(data_dir).write_text(json.dumps(raw), encoding="utf-8")
    loaded = load_settings(data_dir)
    assert loaded.accuracy_threshold_m == 50.0
    assert loaded.sync_interval_s == 120
    assert isinstance(loaded.sync_interval_s, int)
