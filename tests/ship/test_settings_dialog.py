"""The settings dialog: shows the saved settings, rejects bad values with the message."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from canvass_app.services.settings import Settings, load_settings, save_settings, validate_settings
from canvass_app.ui.settings_dialog import SettingsDialog

pytestmark = pytest.mark.gui


def test_dialog_shows_the_saved_settings(qtbot: QtBot, data_dir: Path) -> None:
    saved = Settings(
        api_url="https://polis.example.org",
        patch_path_form="data",
        sync_interval_s=120,
        sync_concurrency=2,
        gps_source="nmea",
        gps_nmea_path="/tmp/track.nmea",
        accuracy_threshold_m=50.0,
        theme="dark",
        language="es",
        canvasser_name="Rosa",
    )
    save_settings(data_dir, saved)
    dialog = SettingsDialog(data_dir)
    qtbot.addWidget(dialog)
    assert dialog.settings_from_fields() == saved
    assert dialog.gps_nmea_path_edit.isEnabled()
    assert not dialog.gps_serial_port_combo.isEnabled()


def test_bad_url_is_rejected_with_the_message(qtbot: QtBot, data_dir: Path) -> None:
    dialog = SettingsDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.api_url_edit.setText("http://polis.example.org")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    expected = validate_settings(Settings(api_url="http://polis.example.org"))[0].message
    assert expected in dialog.error_text()
    assert "unencrypted" in dialog.error_text()
    assert dialog.isVisible()  # still open: nothing was saved
    assert dialog.result() == 0
    assert not (data_dir / "settings.json").exists()
    assert dialog.api_url_edit.hasFocus() or not dialog.isActiveWindow()


def test_nmea_source_without_a_file_is_rejected(qtbot: QtBot, data_dir: Path) -> None:
    dialog = SettingsDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.gps_source_combo.setCurrentIndex(dialog.gps_source_combo.findData("nmea"))
    dialog.accept()
    assert "NMEA log file is needed" in dialog.error_text()
    assert not (data_dir / "settings.json").exists()


def test_good_values_are_saved_and_announced(qtbot: QtBot, data_dir: Path) -> None:
    dialog = SettingsDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.api_url_edit.setText("  https://polis.example.org/api  ")
    dialog.sync_interval_spin.setValue(300)
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("high-contrast"))
    dialog.canvasser_name_edit.setText("Tomás")
    with qtbot.waitSignal(dialog.settings_saved) as saved:
        dialog.accept()
    expected = Settings(
        api_url="https://polis.example.org/api",
        sync_interval_s=300,
        theme="high-contrast",
        canvasser_name="Tomás",
    )
    assert saved.args == [expected]
    assert load_settings(data_dir) == expected
    assert dialog.error_text() == ""
    assert dialog.result() == 1


def test_fixing_the_url_after_a_rejection_saves(qtbot: QtBot, data_dir: Path) -> None:
    dialog = SettingsDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.api_url_edit.setText("polis.example.org")
    dialog.accept()
    assert "must start with https://" in dialog.error_text()
    dialog.api_url_edit.setText("http://127.0.0.1:8765")
    dialog.accept()
    assert load_settings(data_dir).api_url == "http://127.0.0.1:8765"


def test_gpsd_address_fields_follow_the_source(qtbot: QtBot, data_dir: Path) -> None:
    dialog = SettingsDialog(data_dir)
    qtbot.addWidget(dialog)
    assert not dialog.gps_gpsd_host_edit.isEnabled()  # system, by default
    dialog.gps_source_combo.setCurrentIndex(dialog.gps_source_combo.findData("gpsd"))
    assert dialog.gps_gpsd_host_edit.isEnabled() and dialog.gps_gpsd_port_spin.isEnabled()
    assert (dialog.gps_gpsd_host_edit.text(), dialog.gps_gpsd_port_spin.value()) == (
        "localhost",
        2947,
    )
    dialog.gps_gpsd_host_edit.setText("  192.168.1.20 ")
    dialog.gps_gpsd_port_spin.setValue(12947)
    with qtbot.waitSignal(dialog.settings_saved):
        dialog.accept()
    saved = load_settings(data_dir)
    assert (saved.gps_source, saved.gps_gpsd_host, saved.gps_gpsd_port) == (
        "gpsd",
        "192.168.1.20",
        12947,
    )


def test_the_source_in_use_is_shown_live(qtbot: QtBot, data_dir: Path, tmp_path: Path) -> None:
    """Saved "system", but a log given on the command line is what runs: the dialog says
    which, and what it has (a fix, or why not), as it changes."""
    from canvass_app.qt.position import PositionService

    service = PositionService("nmea", nmea_path=tmp_path / "walk.nmea")
    dialog = SettingsDialog(data_dir, position_service=service)
    qtbot.addWidget(dialog)
    assert dialog.gps_in_use_label.text().startswith(
        "In use now: the GPS log walk.nmea\nLocation is off"
    )
    service.start()  # the log is missing: the reason follows at once
    assert "walk.nmea does not exist" in dialog.gps_in_use_label.text()
    service.stop()
    manual = PositionService("manual")
    other = SettingsDialog(data_dir, position_service=manual)
    qtbot.addWidget(other)
    manual.start()
    manual.set_manual(42.3731, -71.1092, 8.0)
    assert other.gps_in_use_label.text() == "In use now: a position typed by hand\na fix, ±8 m."
    manual.stop()


def test_map_settings_on_their_tab(qtbot: QtBot, data_dir: Path, tmp_path: Path) -> None:
    from support.tiles import make_mbtiles

    from canvass_app.core.tiles import TileId

    dialog = SettingsDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    dialog.tile_url_edit.setText("https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    ok.click()
    assert "do not allow downloading tiles for offline use" in dialog.error_text()
    assert dialog.tabs.currentIndex() == 1  # the Map tab is shown, on the field to fix
    assert not (data_dir / "settings.json").exists()

    dialog.tile_url_edit.setText("https://tiles.example.org/{z}/{x}/{y}.png?key=k")
    dialog.basemap_path_edit.setText(str(tmp_path / "missing.mbtiles"))
    ok.click()
    assert "Map file (MBTiles): The basemap file" in dialog.error_text()
    assert "does not exist" in dialog.error_text()

    export = make_mbtiles(tmp_path / "area.mbtiles", [TileId(14, 4956, 6058)])
    dialog.basemap_path_edit.setText(str(export))
    dialog.tile_max_zoom_spin.setValue(16)
    dialog.tile_attribution_edit.setText("© Example Maps")
    ok.click()
    saved = load_settings(data_dir)
    assert (saved.basemap_path, saved.tile_max_zoom) == (str(export), 16)
    assert saved.tile_url == "https://tiles.example.org/{z}/{x}/{y}.png?key=k"
    assert saved.tile_attribution == "© Example Maps"
