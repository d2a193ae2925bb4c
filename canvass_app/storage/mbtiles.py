"""MBTiles: map tiles in one SQLite file (the format QGIS, TileMill, Mobile Atlas Creator
and most tile tools export).

The file has a ``metadata`` table (``name``, ``value``) and a ``tiles`` table (or view)
with ``zoom_level``, ``tile_column``, ``tile_row`` and ``tile_data``. The MBTiles spec
stores rows in the TMS scheme (row 0 at the south), so a tile asked for in XYZ terms is
looked up at ``tms_row``; a file whose metadata says ``scheme = xyz`` (some exporters
write that) is read as it says. Canvass draws raster tiles (PNG, JPEG, WebP); a file of
vector tiles (``format = pbf``) is refused in words.

``MBTilesReader`` opens a file read-only. ``MBTilesWriter`` fills a new file (the tile
download writes to a ``.part`` file and renames it when complete).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message
from canvass_app.core.tiles import BBox, TileId, tms_flip

NOT_FOUND = QT_TRANSLATE_NOOP("Basemap", "The basemap file {path} does not exist.")
NOT_READABLE = QT_TRANSLATE_NOOP("Basemap", "The basemap file {path} cannot be read: {reason}.")
NOT_MBTILES = QT_TRANSLATE_NOOP(
    "Basemap",
    "The basemap file {path} is not an MBTiles file (an SQLite file with a tiles table). "
    "Export the map again as MBTiles from QGIS or another tile tool.",
)
VECTOR_TILES = QT_TRANSLATE_NOOP(
    "Basemap",
    "The basemap file {path} holds vector tiles, which Canvass cannot draw. "
    "Use an MBTiles file of raster tiles (PNG or JPEG).",
)
NO_TILES = QT_TRANSLATE_NOOP("Basemap", "The basemap file {path} holds no tiles.")

RASTER_FORMATS = ("png", "jpg", "jpeg", "webp")


class MBTilesError(Exception):
    """A basemap file that cannot be used; ``message`` says why, in words."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def sniff_format(data: bytes) -> str | None:
    """The image format of a tile's bytes: png, jpg, webp, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


class MBTilesReader:
    """Tiles of one MBTiles file, read-only, asked for by XYZ tile id."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise MBTilesError(NOT_FOUND.with_args(path=str(self.path)))
        try:
            uri = self.path.resolve().as_uri() + "?mode=ro"
            self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._conn.execute("PRAGMA query_only = ON")
            self.metadata = self._read_metadata()
            has_tiles = self._conn.execute("SELECT 1 FROM tiles LIMIT 1").fetchone()
            zooms = self._zooms() if has_tiles else None
        except sqlite3.DatabaseError as error:
            self.close()
            text = str(error)
            if "no such table" in text or "not a database" in text or "no such column" in text:
                raise MBTilesError(NOT_MBTILES.with_args(path=str(self.path))) from error
            raise MBTilesError(NOT_READABLE.with_args(path=str(self.path), reason=text)) from error
        if zooms is None:
            self.close()
            raise MBTilesError(NO_TILES.with_args(path=str(self.path)))
        self.format = self.metadata.get("format", "").strip().lower() or self._sniff()
        if self.format not in RASTER_FORMATS:
            self.close()
            raise MBTilesError(VECTOR_TILES.with_args(path=str(self.path)))
        self.flip = self.metadata.get("scheme", "tms").strip().lower() != "xyz"
        self.min_zoom, self.max_zoom = zooms
        self.bounds = _bounds(self.metadata.get("bounds"))
        self.name = self.metadata.get("name", self.path.stem)
        self.attribution = self.metadata.get("attribution", "")

    def _zooms(self) -> tuple[int, int]:
        """The file's zoom range: from its metadata, else from its tiles (a big file whose
        tiles table is a view answers the metadata far faster)."""
        low = _int(self.metadata.get("minzoom"))
        high = _int(self.metadata.get("maxzoom"))
        if low is None or high is None or low > high:
            row = self._conn.execute(
                "SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles"
            ).fetchone()
            low, high = int(row[0]), int(row[1])
        return low, high

    def _read_metadata(self) -> dict[str, str]:
        try:
            rows = self._conn.execute("SELECT name, value FROM metadata").fetchall()
        except sqlite3.OperationalError as error:
            if "no such table" not in str(error):
                raise
            rows = []  # some exporters leave it out: the tiles alone are enough
        return {str(name).strip().lower(): str(value) for name, value in rows if name is not None}

    def _sniff(self) -> str:
        row = self._conn.execute("SELECT tile_data FROM tiles LIMIT 1").fetchone()
        found = sniff_format(bytes(row[0])) if row and row[0] is not None else None
        return found or "unknown"

    def tile(self, tile: TileId) -> bytes | None:
        """The image bytes of a tile, or None when the file does not have it."""
        if not tile.is_valid():
            return None
        row_number = tms_flip(tile.z, tile.y) if self.flip else tile.y
        try:
            row = self._conn.execute(
                "SELECT tile_data FROM tiles"
                " WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                (tile.z, tile.x, row_number),
            ).fetchone()
        except sqlite3.DatabaseError:
            return None  # a damaged page loses that tile, not the map
        return bytes(row[0]) if row and row[0] is not None else None

    def all_tiles(self) -> Iterator[tuple[TileId, bytes]]:
        """Every tile of the file, by XYZ id."""
        rows = self._conn.execute("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles")
        for z, x, row, data in rows:
            if data is not None:
                yield TileId(z, x, tms_flip(z, row) if self.flip else row), bytes(data)

    def close(self) -> None:
        conn = getattr(self, "_conn", None)
        if conn is not None:
            conn.close()
            self._conn = None  # type: ignore[assignment]


def _int(text: str | None) -> int | None:
    try:
        return int(float(text)) if text is not None else None
    except ValueError:
        return None


def _bounds(text: str | None) -> BBox | None:
    """The metadata's ``bounds``: "west,south,east,north" in degrees."""
    if not text:
        return None
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        return None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        return None
    return BBox(south, west, north, east)


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS metadata (name TEXT, value TEXT)",
    "CREATE UNIQUE INDEX IF NOT EXISTS metadata_name ON metadata (name)",
    "CREATE TABLE IF NOT EXISTS tiles"
    " (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)",
    "CREATE UNIQUE INDEX IF NOT EXISTS tile_index ON tiles (zoom_level, tile_column, tile_row)",
)


class MBTilesWriter:
    """Writes tiles into an MBTiles file (TMS rows, as the spec says); resumes a file it
    made before: tiles already there are kept and reported by ``has``."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._conn = sqlite3.connect(self.path)
        with contextlib.suppress(OSError):
            os.chmod(self.path, 0o600)
        for statement in _SCHEMA:
            self._conn.execute(statement)
        self._conn.commit()
        self._pending = 0

    def metadata(self) -> dict[str, str]:
        rows = self._conn.execute("SELECT name, value FROM metadata").fetchall()
        return {str(name): str(value) for name, value in rows}

    def set_metadata(self, values: Mapping[str, str]) -> None:
        self._conn.executemany(
            "INSERT INTO metadata (name, value) VALUES (?, ?)"
            " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            list(values.items()),
        )
        self._conn.commit()

    def tiles_present(self) -> set[TileId]:
        rows = self._conn.execute("SELECT zoom_level, tile_column, tile_row FROM tiles")
        return {TileId(z, x, tms_flip(z, row)) for z, x, row in rows}

    def put(self, tile: TileId, data: bytes) -> None:
        self._conn.execute(
            "INSERT OR REPLACE INTO tiles (zoom_level, tile_column, tile_row, tile_data)"
            " VALUES (?, ?, ?, ?)",
            (tile.z, tile.x, tile.tms_row, sqlite3.Binary(data)),
        )
        self._pending += 1
        if self._pending >= 32:  # a killed download keeps what it had, in batches
            self.commit()

    def put_many(self, tiles: Iterable[tuple[TileId, bytes]]) -> None:
        for tile, data in tiles:
            self.put(tile, data)
        self.commit()

    def copy_from(self, reader: MBTilesReader) -> None:
        """Every tile of another file (a re-download starts from the last one's tiles)."""
        self.put_many(reader.all_tiles())

    def commit(self) -> None:
        self._conn.commit()
        self._pending = 0

    def close(self) -> None:
        self.commit()
        self._conn.close()


def mbtiles_metadata(
    *, name: str, bbox: BBox, min_zoom: int, max_zoom: int, image_format: str, attribution: str
) -> dict[str, str]:
    """The metadata rows of the spec for a file covering ``bbox``."""
    lat, lng = bbox.center
    values = {
        "name": name,
        "type": "baselayer",
        "version": "1.0",
        "description": name,
        "format": image_format,
        "bounds": f"{bbox.west:.6f},{bbox.south:.6f},{bbox.east:.6f},{bbox.north:.6f}",
        "center": f"{lng:.6f},{lat:.6f},{max_zoom}",
        "minzoom": str(min_zoom),
        "maxzoom": str(max_zoom),
    }
    if attribution:
        values["attribution"] = attribution
    return values
