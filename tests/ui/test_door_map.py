"""The map on the door screen: one more view of the door session.

Selecting on the map selects in the list (and so at the door), and back; a saved visit
changes its door's mark on the map; the position follows the location source; the
keyboard path stays the list's; the map's tiles download with the walklist.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from support.tiles import make_mbtiles, tile_server

from canvass_app.core.door_marks import DoorMark
from canvass_app.core.geo import Fix
from canvass_app.core.outcomes import ONE_TAP_OUTCOMES
from canvass_app.core.tiles import tile_range
from canvass_app.services.basemap import USER_AGENT, basemap_file
from canvass_app.services.settings import Settings

pytestmark = pytest.mark.gui


def map_ready(window: Any, qtbot: Any) -> Any:
    """The map pane shown, its map prepared (off the main thread)."""
    window.toggle_map()
    map_widget = window.map_view.map
    qtbot.waitUntil(lambda: bool(map_widget.doors), timeout=10_000)
    return map_widget


def single_door_buildings(window: Any) -> list[Any]:
    return [
        building
        for building in window.session.buildings
        if len(building.doors) == 1
        and building.address.has_coords
        and building.doors[0].household_id not in window.session.list_statuses
    ]


def test_a_door_picked_on_the_map_is_picked_in_the_list_and_back(window: Any, qtbot: Any) -> None:
    map_widget = map_ready(window, qtbot)
    building = single_door_buildings(window)[3]
    map_widget.set_view(building.address.lat, building.address.lng, 18)
    tree = window.walklist_view.tree
    tree.setFocus()
    QTest.mouseClick(
        map_widget, Qt.MouseButton.LeftButton, pos=map_widget.door_point(building.id).toPoint()
    )
    people = {entry.contact.id for entry in building.entries}
    assert {entry.contact.id for entry in window.session.selection} == people
    assert {entry.contact.id for entry in window.walklist_view.selected_entries()} == people
    assert map_widget.selected == [building.id]
    if len(building.entries) == 1:  # the door pane shows who is there
        assert window.door_view.contact_label.text() == building.entries[0].contact.display_name
    # and back: a person picked in the list rings their door on the map
    other = single_door_buildings(window)[7]
    window.walklist_view.select_contact(other.entries[0].contact.id)
    assert map_widget.selected == [other.id]
    assert map_widget.rect().contains(map_widget.door_point(other.id).toPoint())


def test_one_key_per_door_from_the_map(window: Any, qtbot: Any) -> None:
    map_widget = map_ready(window, qtbot)
    building = single_door_buildings(window)[2]
    assert window.map_view.map.look(building.id).mark is DoorMark.NOT_VISITED
    map_widget.set_view(building.address.lat, building.address.lng, 18)
    QTest.mouseClick(
        map_widget, Qt.MouseButton.LeftButton, pos=map_widget.door_point(building.id).toPoint()
    )
    assert not map_widget.hasFocus()  # the map never takes the keys
    QTest.keyClick(window, Qt.Key.Key_1)  # Not Home, as from the list
    look = map_widget.look(building.id)
    assert look is not None and look.mark is DoorMark.NOT_HOME
    assert look.words.startswith("Not Home")
    # the session moved on: the map rings the next door to knock
    assert map_widget.selected and map_widget.selected != [building.id]
    nxt = window.session.selection[0].household.address.id
    assert map_widget.selected == [nxt]
    # Ctrl+Z undoes it on the map too
    window.undo_last_press()
    assert map_widget.look(building.id).mark is DoorMark.NOT_VISITED


def test_keyboard_path_stays_the_lists(window: Any, qtbot: Any) -> None:
    map_ready(window, qtbot)
    assert window.map_view.map.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert window.left_tabs.tabBar().focusPolicy() == Qt.FocusPolicy.NoFocus
    window.map_view.fit_button.setFocus()
    QTest.keyClick(window, Qt.Key.Key_F6)  # back to the list, keys on the tree
    assert window.left_tabs.currentWidget() is window.walklist_view
    assert window.walklist_view.tree.hasFocus()
    QTest.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert window.left_tabs.currentWidget() is window.map_view
    assert not any(
        b.hasFocus()
        for b in window.door_view.outcome_bar.findChildren(type(window.map_view.fit_button))
    )
    QTest.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert window.walklist_view.tree.hasFocus()
    keys = {keys for keys, _what in window.shortcut_rows()}
    assert {"Ctrl+M", "Ctrl+0", "Ctrl+-"} <= keys


def test_position_and_accuracy_follow_the_location_source(window: Any, qtbot: Any) -> None:
    map_widget = map_ready(window, qtbot)
    address = single_door_buildings(window)[0].address
    fix = Fix(address.lat + 0.0001, address.lng, 25.0, datetime.now(UTC), "NMEA log")
    window._on_position_fix_changed(fix)
    assert map_widget.fix == fix
    assert "Your position is shown" in map_widget.accessibleDescription()
    window._on_position_fix_changed(None)
    assert map_widget.fix is None


def test_the_walklists_basemap_file_is_drawn(
    pulled_data_dir: Path, make_window: Any, qtbot: Any
) -> None:
    from canvass_app.server.seed import DEMO_LIST_ID

    path = basemap_file(pulled_data_dir, DEMO_LIST_ID)
    path.parent.mkdir(mode=0o700)
    window = make_window(pulled_data_dir)
    walk = window.session.buildings
    from canvass_app.core.tiles import BBox

    box = BBox.around((b.address.lat, b.address.lng) for b in walk if b.address.has_coords)
    make_mbtiles(path, [t for z in (15, 16) for t in tile_range(box.grown(200), z)])
    window.reload_walklist()
    map_widget = map_ready(window, qtbot)
    assert map_widget.basemap is not None
    window.map_view.map.repaint()
    assert map_widget.tiles_drawn > 0
    assert "Map:" in window.map_view.note.text()


def test_map_tiles_download_with_the_walklist(data_dir: Path, make_window: Any, qtbot: Any) -> None:
    from canvass_app.server.seed import DEMO_LIST_ID

    with tile_server() as tiles:
        window = make_window(data_dir)
        window.settings = dataclasses.replace(Settings(), tile_url=tiles.template, tile_max_zoom=15)
        window.download_walklist()
        assert window.walklist_view.download_stop_button.isVisible()
        qtbot.waitUntil(lambda: window.walklist is not None, timeout=30_000)
    assert "Map ready offline" in window.message_label.text()
    assert not window.walklist_view.download_stop_button.isVisible()
    assert {agent for _path, agent in tiles.requests} == {USER_AGENT}
    assert basemap_file(data_dir, DEMO_LIST_ID).is_file()
    map_widget = map_ready(window, qtbot)
    assert map_widget.basemap is not None


def test_stop_keeps_the_walklist_and_says_what_became_of_the_map(
    data_dir: Path, make_window: Any, qtbot: Any
) -> None:
    from canvass_app.server.seed import DEMO_LIST_ID

    with tile_server() as tiles:
        window = make_window(data_dir)
        window.settings = dataclasses.replace(Settings(), tile_url=tiles.template, tile_max_zoom=15)
        window.download_walklist()
        window.walklist_view.download_stop_button.click()  # before any tile
        qtbot.waitUntil(lambda: window.walklist is not None, timeout=30_000)
    assert "Downloaded" in window.message_label.text()
    assert "Map download stopped" in window.message_label.text()
    assert not basemap_file(data_dir, DEMO_LIST_ID).exists()
    assert window.walklist_model.counts().doors > 0
    assert ONE_TAP_OUTCOMES  # the door screen works without its map


def test_the_map_is_prepared_when_first_shown_with_what_happened_before(
    window: Any, qtbot: Any
) -> None:
    assert not window.map_view.map.doors  # the list opened without waiting for the map
    building = single_door_buildings(window)[1]
    window.walklist_view.select_contact(building.entries[0].contact.id)
    QTest.keyClick(window, Qt.Key.Key_2)  # Come Back, before the map was ever shown
    map_widget = map_ready(window, qtbot)
    assert map_widget.look(building.id).mark is DoorMark.COME_BACK
    assert map_widget.selected == [window.session.selection[0].household.address.id]
