"""Logging: the file rotates, secrets are redacted at every level, no names at INFO."""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from canvass_app.services import logs
from canvass_app.services.logs import (
    BACKUP_COUNT,
    MAX_BYTES,
    layer_logger,
    log_path,
    personal,
    register_secret,
    setup_logging,
    shutdown_logging,
)
from canvass_app.services.settings import Settings, load_settings, save_settings

TOKEN = "tok_9f8e7d6c5b4a3210"


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """Every test leaves handlers, logger levels and registered secrets as it found them."""
    names = [*logs.APP_LOGGER_ROOTS, *logs.QUIET_LIBRARIES, ""]
    levels = {name: logging.getLogger(name).level for name in names}
    try:
        yield
    finally:
        shutdown_logging()
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        logs.forget_secret(TOKEN)


@pytest.fixture
def logged(data_dir: Path) -> Path:
    """Logging set up at INFO on the test's data dir."""
    return setup_logging(data_dir, "INFO")


def _all_log_text(data_dir: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in log_path(data_dir).parent.iterdir())


def test_log_file_is_in_logs_and_private(data_dir: Path, logged: Path) -> None:
    assert logged == log_path(data_dir) == data_dir / "logs" / "canvass.log"
    layer_logger("sync").info("pass finished: %d sent", 3)
    text = logged.read_text(encoding="utf-8")
    assert "INFO    canvass.sync [MainThread] pass finished: 3 sent" in text
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(logged).st_mode) == 0o600


def test_debug_is_not_written_at_info(data_dir: Path, logged: Path) -> None:
    layer_logger("api").debug("request details")
    layer_logger("api").info("request done")
    text = logged.read_text(encoding="utf-8")
    assert "request done" in text
    assert "request details" not in text


def test_unknown_level_is_refused_in_words(data_dir: Path) -> None:
    with pytest.raises(ValueError, match="log level must be one of DEBUG, INFO"):
        setup_logging(data_dir, "LOUD")


def test_unknown_layer_is_refused(data_dir: Path) -> None:
    with pytest.raises(ValueError, match="unknown layer 'gui'"):
        layer_logger("gui")


def test_file_rotates_at_one_megabyte_keeping_five(data_dir: Path, logged: Path) -> None:
    log = layer_logger("storage")
    line = "x" * 10_000
    for _ in range(int(MAX_BYTES * (BACKUP_COUNT + 2) / len(line))):
        log.info("filler %s", line)
    files = sorted(p.name for p in logged.parent.iterdir())
    assert files == ["canvass.log"] + [f"canvass.log.{n}" for n in range(1, BACKUP_COUNT + 1)]
    for path in logged.parent.iterdir():
        assert path.stat().st_size <= MAX_BYTES + len(line) + 200


@pytest.mark.parametrize("level_name", ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"])
def test_token_is_redacted_at_every_level(data_dir: Path, level_name: str) -> None:
    setup_logging(data_dir, "DEBUG")
    register_secret(TOKEN)
    try:
        level = logging.getLevelName(level_name)
        log = layer_logger("api", "client")
        log.log(level, "headers: {'Authorization': 'Bearer %s'}", TOKEN)
        log.log(level, "sent with token=%s", "unregistered-value-123")
        log.log(level, "raw value %s in a message", TOKEN)
        log.log(level, "dict args %(t)s", {"t": TOKEN})
        logging.getLogger("httpx").log(max(level, logging.INFO), "library line Bearer %s", TOKEN)
        try:
            raise RuntimeError(f"request failed with Authorization: Bearer {TOKEN}")
        except RuntimeError:
            log.log(level, "failed", exc_info=True)
        log.log(level, "stack here %s", TOKEN, stack_info=True)
    finally:
        shutdown_logging()
    text = _all_log_text(data_dir)
    assert TOKEN not in text
    assert "unregistered-value-123" not in text
    assert text.count("[redacted]") >= 7
    assert "RuntimeError: request failed with Authorization: [redacted]" in text


def test_environment_token_is_redacted_without_registering(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CANVASS_TOKEN", TOKEN)
    setup_logging(data_dir, "INFO")
    try:
        layer_logger("cli").warning("value %s", TOKEN)
    finally:
        shutdown_logging()
    text = _all_log_text(data_dir)
    assert TOKEN not in text
    assert "value [redacted]" in text


def test_personal_values_never_reach_the_file_at_info(data_dir: Path, logged: Path) -> None:
    log = layer_logger("services", "visits")
    name, street = "Margarethe Oyelaran", "1427 Quintessa Lane"
    log.info("visit saved for %s at %s", personal(name), personal(street))
    log.warning("edit refused for %(who)s", {"who": personal(name)})
    log.error("could not save %r", personal(street))
    # Settings carry the canvasser's name: saving and loading must not write it.
    save_settings(data_dir, Settings(canvasser_name=name))
    assert load_settings(data_dir).canvasser_name == name
    text = _all_log_text(data_dir)
    assert name not in text and "Margarethe" not in text
    assert street not in text
    assert "visit saved for [personal] at [personal]" in text
    assert "edit refused for [personal]" in text


def test_personal_values_appear_in_debug_records_when_debugging(data_dir: Path) -> None:
    setup_logging(data_dir, "DEBUG")
    try:
        log = layer_logger("ui")
        log.debug("debug: %s", personal("Kofi"))
        log.info("info: %s", personal("Kofi"))
    finally:
        shutdown_logging()
    text = _all_log_text(data_dir)
    assert "debug: Kofi" in text
    assert "info: [personal]" in text


def test_setting_up_twice_does_not_duplicate_lines(data_dir: Path, logged: Path) -> None:
    setup_logging(data_dir, "INFO")
    layer_logger("sync").info("only once please")
    assert logged.read_text(encoding="utf-8").count("only once please") == 1
