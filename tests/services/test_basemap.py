"""The map download against a real tile server on 127.0.0.1, and where a basemap is found.

The server (tests/support/tiles.py) answers real HTTP with generated PNG tiles and
records every request, so the tests see what a tile provider would see: which tiles were
asked for, how often, and with which User-Agent.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from support.tiles import TileServer, make_mbtiles, tile_png, tile_server

from canvass_app import __version__
from canvass_app.core.tile_source import (
    MAX_TILES,
    MAX_ZOOM_LIMIT,
    MIN_ZOOM,
    TilePlan,
    TilePlanError,
    plan_tiles,
    tile_url,
    tile_url_problem,
)
from canvass_app.core.tiles import BBox, TileId, tile_count
from canvass_app.core.walklist import Address, Building
from canvass_app.services.basemap import (
    USER_AGENT,
    BasemapError,
    DownloadCancelled,
    MapDownload,
    basemap_file,
    download_tiles,
    download_walklist_map,
    find_basemap,
    open_basemap,
    part_file,
)
from canvass_app.storage.mbtiles import MBTilesReader

DOORS = BBox(42.3725, -71.1110, 42.3745, -71.1085)  # a few blocks of Cambridge


@pytest.fixture
def server() -> Iterator[TileServer]:
    with tile_server() as running:
        yield running


def small_plan(max_zoom: int = 16) -> TilePlan:
    return plan_tiles(DOORS, max_zoom=max_zoom, min_zoom=13, margin_m=50)


def read_all(path: Path) -> dict[TileId, bytes]:
    reader = MBTilesReader(path)
    try:
        return dict(reader.all_tiles())
    finally:
        reader.close()


# --- the tile address --------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "https://a.tile.openstreetmap.org/{z}/{x}/{y}.png",
        "https://TILE.OpenStreetMap.org/{z}/{x}/{y}.png",
        "https://tile.osm.org/{z}/{x}/{y}.png",
    ],
)
def test_the_public_osm_tile_servers_are_refused_with_the_reason(address: str) -> None:
    problem = tile_url_problem(address)
    assert problem is not None
    text = str(problem)
    assert "do not allow downloading tiles for offline use" in text
    assert "MBTiles" in text and "tile provider" in text  # what to use instead


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("https://tiles.example.org/tiles.png", "must contain {z}, {x} and {y}"),
        ("https://tiles.example.org/{z}/{x}.png", "must contain {z}, {x} and {y}"),
        ("http://tiles.example.org/{z}/{x}/{y}.png", "must start with https://"),
        ("ftp://tiles.example.org/{z}/{x}/{y}.png", "must start with https://"),
        ("https://{s}.tiles.example.org/{z}/{x}/{y}.png", "placeholder Canvass does not fill: {s}"),
    ],
)
def test_unusable_tile_addresses_say_why(address: str, words: str) -> None:
    problem = tile_url_problem(address)
    assert problem is not None and words in str(problem)


def test_usable_tile_addresses() -> None:
    assert tile_url_problem("https://tiles.example.org/{z}/{x}/{y}.png?key=abc") is None
    assert tile_url_problem("http://127.0.0.1:8080/{z}/{x}/{y}.png") is None
    assert tile_url_problem("https://tms.example.org/{z}/{x}/{-y}.jpg") is None
    tile = TileId(3, 2, 1)
    assert (
        tile_url("https://t.example.org/{z}/{x}/{y}.png", tile) == "https://t.example.org/3/2/1.png"
    )
    assert (
        tile_url("https://t.example.org/{z}/{x}/{-y}.png", tile)
        == "https://t.example.org/3/2/6.png"
    )


# --- the plan ----------------------------------------------------------------------------


def test_plan_covers_the_doors_within_the_zoom_bounds() -> None:
    plan = plan_tiles(DOORS, max_zoom=17)
    assert (plan.min_zoom, plan.max_zoom) == (MIN_ZOOM, 17)
    assert plan.bbox.contains(DOORS.south, DOORS.west) and plan.bbox.contains(
        DOORS.north, DOORS.east
    )
    assert plan.count == tile_count(plan.bbox, MIN_ZOOM, 17) == sum(r.count for r in plan.ranges())
    assert not plan.lowered
    assert "zoom 12–17" in str(plan.message())
    # the highest zoom is bounded whatever the setting says
    assert plan_tiles(DOORS, max_zoom=25, max_tiles=10**6).max_zoom == MAX_ZOOM_LIMIT


def test_plan_over_the_limit_lowers_the_zoom_and_says_so() -> None:
    wide = BBox(42.30, -71.20, 42.42, -71.02)  # a whole city: far too many tiles at 17
    plan = plan_tiles(wide, max_zoom=17)
    assert plan.count <= MAX_TILES and plan.lowered and plan.max_zoom >= 15
    assert plan.wanted_count > MAX_TILES
    text = str(plan.message())
    assert f"zoom 17 would have needed {plan.wanted_count:,} tiles" in text


def test_plan_too_big_even_at_street_level_is_refused_in_words() -> None:
    region = BBox(41.0, -73.0, 43.0, -70.0)
    with pytest.raises(TilePlanError) as caught:
        plan_tiles(region, max_zoom=17)
    text = str(caught.value.message)
    assert "too large to download" in text and "MBTiles" in text and "3,000" in text


# --- the download ------------------------------------------------------------------------


def test_download_fetches_each_tile_of_the_plan_once_with_our_user_agent(
    server: TileServer, tmp_path: Path
) -> None:
    plan = small_plan()
    dest = tmp_path / "basemaps" / "list.mbtiles"
    seen: list[tuple[int, int]] = []
    result = download_tiles(server.template, plan, dest, progress=lambda d, t: seen.append((d, t)))
    expected = {tile for part in plan.ranges() for tile in part}
    requested = server.tiles_requested()
    assert sorted(requested) == sorted(expected)  # every tile of the box, none twice
    assert {tile.z for tile in requested} == {13, 14, 15, 16}  # the zoom bounds, no other
    agents = {agent for _path, agent in server.requests}
    assert agents == {USER_AGENT}
    assert USER_AGENT.startswith(f"Canvass/{__version__} (+https://")
    assert seen[-1] == (plan.count, plan.count) and len(seen) == plan.count
    assert (result.fetched, result.reused, result.missing) == (plan.count, 0, 0)
    assert read_all(dest) == {tile: tile_png(tile) for tile in expected}
    assert not part_file(dest).exists()
    reader = open_basemap(dest)
    assert (reader.min_zoom, reader.max_zoom) == (13, 16) and reader.bounds is not None
    reader.close()


def test_cancel_keeps_the_part_file_and_the_next_download_resumes(
    server: TileServer, tmp_path: Path
) -> None:
    plan = small_plan()
    dest = tmp_path / "list.mbtiles"
    stop_after = plan.count // 2
    with pytest.raises(DownloadCancelled) as caught:
        download_tiles(
            server.template, plan, dest, cancelled=lambda: len(server.requests) >= stop_after
        )
    assert f"{stop_after} of {plan.count} tiles are kept" in str(caught.value.message)
    assert not dest.exists()  # never a half map where the map is looked for
    assert part_file(dest).exists()
    assert find_basemap(tmp_path, "list", None) is None
    first = server.tiles_requested()
    server.requests.clear()

    result = download_tiles(server.template, plan, dest)
    second = server.tiles_requested()
    assert not set(first) & set(second)  # nothing fetched twice
    assert (result.reused, result.fetched) == (stop_after, plan.count - stop_after)
    assert len(read_all(dest)) == plan.count and not part_file(dest).exists()


def test_a_new_download_of_the_list_reuses_its_tiles(server: TileServer, tmp_path: Path) -> None:
    dest = tmp_path / "list.mbtiles"
    download_tiles(server.template, small_plan(15), dest)
    server.requests.clear()
    bigger = small_plan(16)
    result = download_tiles(server.template, bigger, dest)
    assert {tile.z for tile in server.tiles_requested()} == {16}  # only what is new
    assert result.reused == small_plan(15).count
    assert len(read_all(dest)) == bigger.count


def test_another_tile_address_starts_afresh(server: TileServer, tmp_path: Path) -> None:
    dest = tmp_path / "list.mbtiles"
    plan = small_plan()
    with pytest.raises(DownloadCancelled):
        download_tiles(server.template, plan, dest, cancelled=lambda: len(server.requests) >= 5)
    server.requests.clear()
    other = server.url + "/{z}/{x}/{y}.png?style=satellite"
    result = download_tiles(other, plan, dest)
    assert result.reused == 0 and len(server.requests) == plan.count


def test_missing_tiles_are_left_out_and_busy_answers_waited_out(
    server: TileServer, tmp_path: Path
) -> None:
    plan = small_plan()
    tiles = [tile for part in plan.ranges() for tile in part]
    server.missing = {tiles[0], tiles[-1]}
    server.busy = 2
    waits: list[float] = []
    result = download_tiles(server.template, plan, tmp_path / "m.mbtiles", sleep=waits.append)
    assert result.missing == 2 and result.fetched == plan.count - 2
    assert waits == [0.0, 0.0]  # Retry-After: 0, honoured
    assert len(server.requests) == plan.count + 2


@pytest.mark.parametrize(
    ("status", "html", "words"),
    [
        (403, False, "refused the download (it answered HTTP 403)"),
        (401, False, "refused the download (it answered HTTP 401)"),
        (None, True, "not a map image"),
    ],
)
def test_refusals_stop_the_download_in_words_and_keep_the_part(
    server: TileServer, tmp_path: Path, status: int | None, html: bool, words: str
) -> None:
    server.status, server.html = status, html
    dest = tmp_path / "m.mbtiles"
    with pytest.raises(BasemapError) as caught:
        download_tiles(server.template, small_plan(), dest)
    assert words in str(caught.value.message)
    assert len(server.requests) == 1  # stopped at once, not hammering
    assert not dest.exists()


def test_a_server_that_stays_busy_stops_the_download(server: TileServer, tmp_path: Path) -> None:
    server.busy = 100
    with pytest.raises(BasemapError, match="busy"):
        download_tiles(server.template, small_plan(), tmp_path / "m.mbtiles", sleep=lambda s: None)
    assert len(server.requests) == 4  # one try and three retries


def test_an_unreachable_server_is_told_in_words(tmp_path: Path) -> None:
    with tile_server() as gone:
        template = gone.template
    with pytest.raises(BasemapError, match="could not be reached"):
        download_tiles(template, small_plan(), tmp_path / "m.mbtiles")


def test_the_osm_servers_are_never_contacted(tmp_path: Path) -> None:
    def no_network(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"contacted {request.url}")

    client = httpx.Client(transport=httpx.MockTransport(no_network))
    with pytest.raises(BasemapError, match="do not allow downloading"):
        download_tiles(
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            small_plan(),
            tmp_path / "m.mbtiles",
            client=client,
        )
    assert not (tmp_path / "m.mbtiles.part").exists()


def test_download_for_a_walklist_goes_next_to_it(server: TileServer, tmp_path: Path) -> None:
    def at(number: str, lat: float | None, lng: float | None) -> Building:
        return Building(
            Address(f"a{number}", number, "Elm Street", "Cambridge", "MA", "", lat, lng)
        )

    buildings = [at("1", 42.3730, -71.1100), at("3", None, None), at("5", 42.3740, -71.1090)]
    result = download_walklist_map(
        tmp_path, "list/7", buildings, MapDownload(server.template, max_zoom=15)
    )
    assert result.path == basemap_file(tmp_path, "list/7")
    assert result.path.parent == tmp_path / "basemaps" and result.path.name.startswith("list_7-")
    assert find_basemap(tmp_path, "list/7", None) == result.path
    with pytest.raises(BasemapError, match="no door of this walklist has a map position"):
        download_walklist_map(tmp_path, "x", [at("3", None, None)], MapDownload(server.template))


def test_find_basemap_prefers_the_configured_file(tmp_path: Path) -> None:
    chosen = make_mbtiles(tmp_path / "qgis-export.mbtiles", [TileId(1, 0, 0)])
    assert find_basemap(tmp_path, "list", str(chosen)) == chosen
    assert find_basemap(tmp_path, "list", None) is None
    assert find_basemap(tmp_path, None, None) is None
    with pytest.raises(BasemapError, match="does not exist"):
        open_basemap(tmp_path / "usb-stick-gone.mbtiles")


def test_map_download_from_settings() -> None:
    from canvass_app.services.settings import Settings

    assert MapDownload.from_settings(Settings()) is None
    request = MapDownload.from_settings(
        Settings(tile_url="https://t.example.org/{z}/{x}/{y}.png", tile_max_zoom=16)
    )
    assert request == MapDownload("https://t.example.org/{z}/{x}/{y}.png", 16, "")


def test_a_map_that_cannot_be_had_never_fails_the_walklist(
    data_dir: Path, polis_server: Any, server: TileServer
) -> None:
    from canvass_app.api.client import PolisClient
    from canvass_app.server.seed import DEMO_CAMPAIGN_ID, DEMO_LIST_ID
    from canvass_app.services.pull import load_walklist, pull_map, pull_walklist
    from canvass_app.storage.db import open_database

    db = open_database(data_dir)
    with PolisClient(polis_server.url, polis_server.token) as client:
        pull_walklist(db, client, DEMO_LIST_ID, DEMO_CAMPAIGN_ID)
    server.status = 403
    refused = pull_map(db, data_dir, DEMO_LIST_ID, MapDownload(server.template, max_zoom=15))
    assert refused.path is None and "refused the download" in str(refused.message)
    assert load_walklist(db, DEMO_LIST_ID).buildings  # the walklist is there all the same
    server.status = None
    seen: list[tuple[int, int]] = []
    ready = pull_map(
        db,
        data_dir,
        DEMO_LIST_ID,
        MapDownload(server.template, 15),
        progress=lambda d, t: seen.append((d, t)),
    )
    assert ready.path == basemap_file(data_dir, DEMO_LIST_ID) and seen[-1][0] == seen[-1][1]
    assert "Map ready offline" in str(ready.message)
    db.close()
