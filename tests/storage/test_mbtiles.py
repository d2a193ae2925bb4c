"""MBTiles files: reading TMS and XYZ rows, refusing what cannot be drawn, writing."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from support.tiles import make_mbtiles, tile_png

from canvass_app.core.tiles import BBox, TileId, tile_range
from canvass_app.storage.mbtiles import (
    MBTilesError,
    MBTilesReader,
    MBTilesWriter,
    mbtiles_metadata,
    sniff_format,
)

AREA = BBox(42.370, -71.115, 42.377, -71.104)


def area_tiles(zooms: range = range(14, 17)) -> list[TileId]:
    return [tile for zoom in zooms for tile in tile_range(AREA, zoom)]


@pytest.mark.parametrize("scheme", [None, "tms", "xyz"])
def test_reads_each_tile_by_its_xyz_id(tmp_path: Path, scheme: str | None) -> None:
    tiles = area_tiles()
    path = make_mbtiles(tmp_path / "area.mbtiles", tiles, scheme=scheme)
    reader = MBTilesReader(path)
    try:
        assert reader.flip is (scheme != "xyz")
        for tile in tiles:
            assert reader.tile(tile) == tile_png(tile)
        # a tile of the grid the file does not hold, and one outside the grid
        assert reader.tile(TileId(14, 0, 0)) is None
        assert reader.tile(TileId(3, 9, 0)) is None
        assert (reader.min_zoom, reader.max_zoom) == (14, 16)
        assert reader.format == "png"
        assert dict(reader.all_tiles()) == {tile: tile_png(tile) for tile in tiles}
    finally:
        reader.close()


def test_metadata_bounds_zooms_and_format_sniffed(tmp_path: Path) -> None:
    path = make_mbtiles(
        tmp_path / "qgis.mbtiles",
        area_tiles(),
        image_format=None,  # some exporters leave it out: the tiles say what they are
        metadata={"minzoom": "13", "maxzoom": "18", "bounds": "-71.2,42.3,-71.0,42.4"},
    )
    reader = MBTilesReader(path)
    assert reader.format == "png"
    assert (reader.min_zoom, reader.max_zoom) == (13, 18)
    assert reader.bounds == BBox(42.3, -71.2, 42.4, -71.0)
    reader.close()


def test_refuses_what_it_cannot_draw_in_words(tmp_path: Path) -> None:
    with pytest.raises(MBTilesError, match="does not exist"):
        MBTilesReader(tmp_path / "nowhere.mbtiles")

    text = tmp_path / "notes.mbtiles"
    text.write_text("these are not tiles " * 200)
    with pytest.raises(MBTilesError, match="is not an MBTiles file"):
        MBTilesReader(text)

    other = tmp_path / "other.mbtiles"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE visits (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(MBTilesError, match="is not an MBTiles file"):
        MBTilesReader(other)

    vector = make_mbtiles(
        tmp_path / "vector.mbtiles", area_tiles(range(14, 15)), image_format="pbf"
    )
    with pytest.raises(MBTilesError, match="vector tiles"):
        MBTilesReader(vector)

    empty = make_mbtiles(tmp_path / "empty.mbtiles", [])
    with pytest.raises(MBTilesError, match="holds no tiles") as caught:
        MBTilesReader(empty)
    assert caught.value.message.context == "Basemap"


def test_reader_never_writes(tmp_path: Path) -> None:
    path = make_mbtiles(tmp_path / "area.mbtiles", area_tiles(range(14, 15)))
    before = path.read_bytes()
    reader = MBTilesReader(path)
    with pytest.raises(sqlite3.OperationalError):
        reader._conn.execute("DELETE FROM tiles")
    reader.close()
    assert path.read_bytes() == before


def test_writer_makes_a_file_readers_read(tmp_path: Path) -> None:
    tiles = area_tiles()
    path = tmp_path / "made.mbtiles"
    writer = MBTilesWriter(path)
    writer.set_metadata(
        mbtiles_metadata(
            name="made", bbox=AREA, min_zoom=14, max_zoom=16, image_format="png", attribution="©"
        )
    )
    writer.put_many((tile, tile_png(tile)) for tile in tiles)
    assert writer.tiles_present() == set(tiles)
    writer.close()
    # rows are TMS, as the spec says
    conn = sqlite3.connect(path)
    z, x, row = conn.execute(
        "SELECT zoom_level, tile_column, tile_row FROM tiles LIMIT 1"
    ).fetchone()
    conn.close()
    assert TileId(z, x, (1 << z) - 1 - row) in tiles
    reader = MBTilesReader(path)
    assert all(reader.tile(tile) == tile_png(tile) for tile in tiles)
    assert reader.attribution == "©" and reader.bounds is not None
    assert reader.bounds.contains(*AREA.center)
    reader.close()
    if sys.platform != "win32":
        assert path.stat().st_mode & 0o077 == 0  # owner only, like the database


def test_sniff_format() -> None:
    assert sniff_format(tile_png(TileId(1, 0, 0))) == "png"
    assert sniff_format(b"\xff\xd8\xff\xe0rest") == "jpg"
    assert sniff_format(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "webp"
    assert sniff_format(b"<html>") is None
