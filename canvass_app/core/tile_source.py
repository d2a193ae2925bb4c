"""Downloading map tiles for a walklist: which addresses may be used, and which tiles.

The campaign may configure an XYZ tile address (``https://tiles.example.org/{z}/{x}/{y}.png``;
``{-y}`` for a server that counts rows from the south). ``tile_url_problem`` says why an
address cannot be used: it must name the tile, use https (http only to this computer),
and not be one of the OpenStreetMap Foundation's public tile servers, whose usage policy
forbids bulk and offline downloading (operations.osmfoundation.org/policies/tiles).

``plan_tiles`` decides the download: the doors' box plus a margin, zooms ``MIN_ZOOM`` to
the setting's highest zoom (never above ``MAX_ZOOM_LIMIT``); a plan over the tile limit
has its highest zoom lowered until it fits, and is refused, in words, when even street
level (``STREET_ZOOM``) would not fit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message
from canvass_app.core.net import is_loopback_host
from canvass_app.core.tiles import BBox, TileId, TileRange, tile_count, tile_ranges

MIN_ZOOM = 12  # the whole neighbourhood
STREET_ZOOM = 15  # the lowest "highest zoom" worth downloading: street names readable
MAX_ZOOM_LIMIT = 19  # a house or two per tile: nothing more is useful at a door
DEFAULT_MAX_ZOOM = 17
MAX_TILES = 3000  # about 50 MB of PNG at most for one walklist
MARGIN_M = 300.0  # around the doors: the streets that lead to them
OSM_PUBLIC_HOSTS = ("tile.openstreetmap.org", "tile.osm.org")

URL_MISSING_XYZ = QT_TRANSLATE_NOOP(
    "Basemap",
    "The map tile address must contain {{z}}, {{x}} and {{y}} (for example "
    "https://tiles.example.org/{{z}}/{{x}}/{{y}}.png).",
)
URL_NOT_HTTPS = QT_TRANSLATE_NOOP(
    "Basemap", "The map tile address must start with https:// (http:// only for this computer)."
)
URL_PLACEHOLDER = QT_TRANSLATE_NOOP(
    "Basemap", "The map tile address has a placeholder Canvass does not fill: {placeholder}."
)
URL_OSM_FORBIDDEN = QT_TRANSLATE_NOOP(
    "Basemap",
    "The public OpenStreetMap tile servers ({host}) do not allow downloading tiles for "
    "offline use, so Canvass will not download from them. Use a tile provider whose terms "
    "allow offline downloads (with your campaign's key), your own tile server, or an "
    "MBTiles file of the area exported from QGIS, set as the basemap in Settings.",
)
TOO_MANY_TILES = QT_TRANSLATE_NOOP(
    "Basemap",
    "The walklist's area is too large to download as a map: it needs {count} tiles even "
    "at zoom {zoom}, more than the {limit} allowed. Ask a supervisor for an MBTiles file "
    "of the area, or split the walklist.",
)
READY = QT_TRANSLATE_NOOP(
    "Basemap", "Map ready offline: {count} tiles, zoom {min_zoom}–{max_zoom}."
)
READY_LOWERED = QT_TRANSLATE_NOOP(
    "Basemap",
    "Map ready offline: {count} tiles, zoom {min_zoom}–{max_zoom} (zoom {wanted} would "
    "have needed {wanted_count} tiles, over the limit of {limit}).",
)


def tile_url_problem(template: str) -> Message | None:
    """Why an XYZ tile address cannot be used, or None when it can."""
    placeholders = set(re.findall(r"\{([^{}]*)\}", template))
    if not {"z", "x"} <= placeholders or not placeholders & {"y", "-y"}:
        return URL_MISSING_XYZ.message()
    unknown = sorted(placeholders - {"z", "x", "y", "-y"})
    if unknown:
        return URL_PLACEHOLDER.with_args(placeholder="{" + unknown[0] + "}")
    try:
        parts = urlsplit(tile_url(template, TileId(0, 0, 0)))
        host = (parts.hostname or "").lower()
    except ValueError:
        return URL_MISSING_XYZ.message()
    if parts.scheme not in ("http", "https") or not host:
        return URL_NOT_HTTPS.message()
    if parts.scheme == "http" and not is_loopback_host(host):
        return URL_NOT_HTTPS.message()
    for forbidden in OSM_PUBLIC_HOSTS:
        if host == forbidden or host.endswith("." + forbidden):
            return URL_OSM_FORBIDDEN.with_args(host=forbidden)
    return None


def tile_url(template: str, tile: TileId) -> str:
    """The address of one tile; ``{-y}`` is the row counted from the south (TMS)."""
    return (
        template.replace("{z}", str(tile.z))
        .replace("{x}", str(tile.x))
        .replace("{-y}", str(tile.tms_row))
        .replace("{y}", str(tile.y))
    )


@dataclass(frozen=True)
class TilePlan:
    """Which tiles to download: a box and a zoom range, within the tile limit."""

    bbox: BBox
    min_zoom: int
    max_zoom: int
    count: int
    wanted_max_zoom: int  # the setting; higher than max_zoom when lowered to fit
    wanted_count: int  # tiles the setting's zooms would have needed
    limit: int

    @property
    def lowered(self) -> bool:
        return self.max_zoom < self.wanted_max_zoom

    def ranges(self) -> list[TileRange]:
        return tile_ranges(self.bbox, self.min_zoom, self.max_zoom)

    def message(self) -> Message:
        """What to tell the person when the download is complete."""
        if self.lowered:
            return READY_LOWERED.with_args(
                count=f"{self.count:,}",
                min_zoom=self.min_zoom,
                max_zoom=self.max_zoom,
                wanted=self.wanted_max_zoom,
                wanted_count=f"{self.wanted_count:,}",
                limit=f"{self.limit:,}",
            )
        return READY.with_args(
            count=f"{self.count:,}", min_zoom=self.min_zoom, max_zoom=self.max_zoom
        )


class TilePlanError(ValueError):
    """No download fits the limits; ``message`` says why, in words."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def plan_tiles(
    doors_bbox: BBox,
    *,
    max_zoom: int = DEFAULT_MAX_ZOOM,
    min_zoom: int = MIN_ZOOM,
    max_tiles: int = MAX_TILES,
    margin_m: float = MARGIN_M,
) -> TilePlan:
    """The tiles around the doors (see the module docstring)."""
    bbox = doors_bbox.grown(margin_m)
    wanted = max(min_zoom, min(max_zoom, MAX_ZOOM_LIMIT))
    wanted_count = tile_count(bbox, min_zoom, wanted)
    floor = min(STREET_ZOOM, wanted)
    top, count = wanted, wanted_count
    while count > max_tiles and top > floor:
        top -= 1
        count = tile_count(bbox, min_zoom, top)
    if count > max_tiles:
        raise TilePlanError(
            TOO_MANY_TILES.with_args(count=f"{count:,}", zoom=floor, limit=f"{max_tiles:,}")
        )
    return TilePlan(bbox, min_zoom, top, count, wanted, wanted_count, max_tiles)
