"""Switching the location source in Settings takes effect at once, without a restart:
the old source stops (its fix goes with it), the new one runs, and the door screen's
location panel says which source it is and why there is no fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from support.gpsd import ReplayGpsd

from canvass_app.qt.position import LOCATION_OFF, RECEIVER_NO_FIX

CAPTURES = Path(__file__).resolve().parents[1] / "data" / "nmea"
FIX_LINES = [
    b'{"class":"VERSION","release":"3.22","rev":"3.22","proto_major":3,"proto_minor":14}',
    b'{"class":"DEVICES","devices":[{"class":"DEVICE","path":"/dev/ttyUSB0",'
    b'"activated":"2024-05-01T10:00:00.000Z"}]}',
    b'{"class":"TPV","device":"/dev/ttyUSB0","mode":3,"lat":42.3731,"lon":-71.1092,"eph":7.5}',
]


def _choose(window: Any, source: str, **fields: Any) -> None:
    """Open Settings as the canvasser does (Ctrl+,), pick a source, press OK."""
    window.settings_action.trigger()
    dialog = window.settings_dialog
    dialog.gps_source_combo.setCurrentIndex(dialog.gps_source_combo.findData(source))
    if "host" in fields:
        dialog.gps_gpsd_host_edit.setText(fields["host"])
        dialog.gps_gpsd_port_spin.setValue(fields["port"])
    if "path" in fields:
        dialog.gps_nmea_path_edit.setText(str(fields["path"]))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.error_text() == ""


def test_switching_the_source_in_settings_takes_effect_without_restart(
    qtbot: Any, pulled_data_dir: Path, make_window: Callable[..., Any]
) -> None:
    window = make_window(pulled_data_dir, nmea_path=CAPTURES / "bu353s4.log")
    panel = window.door_view.location_panel
    first = window.position_service
    first.start()
    qtbot.waitUntil(lambda: window.session.fix is not None, timeout=10_000)
    assert window.session.fix.source == "nmea"
    assert panel.source_label.text() == "Source: the GPS log bu353s4.log"
    # the settings dialog shows what runs (the command line's log), not only the choice
    window.settings_action.trigger()
    assert window.settings_dialog.gps_in_use_label.text().startswith(
        "In use now: the GPS log bu353s4.log\na fix, ±"
    )
    window.settings_dialog.reject()

    with ReplayGpsd(FIX_LINES) as gpsd:
        _choose(window, "gpsd", host="127.0.0.1", port=gpsd.port)
        second = window.position_service
        assert second is not first and second.kind == "gpsd" and second.is_running
        assert not first.is_running
        assert panel.source_label.text() == f"Source: gpsd at 127.0.0.1:{gpsd.port}"
        qtbot.waitUntil(
            lambda: window.session.fix is not None and window.session.fix.source == "gpsd",
            timeout=10_000,
        )
        assert (window.session.fix.lat, window.session.fix.lng) == (42.3731, -71.1092)
        assert panel.fix is window.session.fix
        assert window.message_label.text() == "Settings saved."  # no restart asked for

        _choose(window, "none")
        assert not second.is_running and window.position_service.kind == "none"
        assert window.session.fix is None and panel.fix is None
        assert panel.source_label.text() == "Source: none (location is off)"
        assert panel.fix_label.text() == str(LOCATION_OFF.message())

    # and a receiver's log picked in the settings: a MediaTek from power-up, no fix yet
    _choose(window, "nmea", path=CAPTURES / "mtk-3301.log")
    assert window.position_service.is_running
    assert panel.source_label.text() == "Source: the GPS log mtk-3301.log"
    assert panel.fix_label.text() == str(RECEIVER_NO_FIX.message())
