"""The map's background: an MBTiles file on the laptop, or tiles downloaded with the list.

Where the basemap of a walklist comes from, first found wins:

1. the MBTiles file named in the settings (``Settings.basemap_path``): a supervisor
   exported the area from QGIS, TileMill or Mobile Atlas Creator and put it on the laptop;
2. ``<data dir>/basemaps/<list id>.mbtiles``: the file downloaded with the walklist, or
   one a supervisor put next to the walklist under that name;
3. nothing: the map draws the streets from the walklist's own households.

Downloading (``download_tiles``; which addresses and which tiles: ``core.tile_source``):

- one request at a time on one connection, with a User-Agent naming the app, its version
  and where to reach its makers, as tile usage policies ask; the Polis token never goes
  to a tile server (its own HTTP client);
- the file is written as ``<name>.mbtiles.part`` and renamed when complete, so a half
  download is never taken for a map; a cancelled or failed download keeps the part file
  and the next download resumes it (tiles already there are not fetched again), as long
  as the tile address is the same; a new download of a list starts from the tiles of the
  last one (fetched once, not at every pull);
- a 429 or 5xx-busy answer is waited out (``Retry-After``, bounded) and retried; a tile
  the server does not have (404) is left out; anything else stops the download, in words.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from canvass_app import __version__
from canvass_app.core.map_geometry import doors_bbox, map_doors
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message
from canvass_app.core.tile_source import (
    DEFAULT_MAX_ZOOM,
    TilePlan,
    TilePlanError,
    plan_tiles,
    tile_url,
    tile_url_problem,
)
from canvass_app.core.walklist import Building
from canvass_app.storage.mbtiles import (
    MBTilesError,
    MBTilesReader,
    MBTilesWriter,
    mbtiles_metadata,
    sniff_format,
)

log = logging.getLogger("canvass.services.basemap")

# What the map draws its tiles from: an open MBTiles file (``open_basemap``).
Basemap = MBTilesReader

HOMEPAGE_URL = "https://github.com/canvassapp/canvass"
USER_AGENT = f"Canvass/{__version__} (+{HOMEPAGE_URL})"
BASEMAP_FOLDER = "basemaps"
RETRY_AFTER_CAP_S = 30.0
MAX_RETRIES = 3
TIMEOUT_S = 20.0

NO_POSITIONS = QT_TRANSLATE_NOOP(
    "Basemap", "No map was downloaded: no door of this walklist has a map position."
)
SERVER_REFUSED = QT_TRANSLATE_NOOP(
    "Basemap",
    "The tile server refused the download (it answered {status}). Check the map tile "
    "address and its key in Settings; the tiles downloaded so far are kept.",
)
SERVER_BUSY = QT_TRANSLATE_NOOP(
    "Basemap",
    "The tile server is busy and asked to wait; try the download again later. The tiles "
    "downloaded so far are kept.",
)
NOT_AN_IMAGE = QT_TRANSLATE_NOOP(
    "Basemap",
    "The tile server sent something that is not a map image; check the map tile address "
    "in Settings. The tiles downloaded so far are kept.",
)
UNREACHABLE = QT_TRANSLATE_NOOP(
    "Basemap",
    "The tile server could not be reached; the tiles downloaded so far are kept and the "
    "next download goes on from there.",
)
DISK_PROBLEM = QT_TRANSLATE_NOOP(
    "Basemap", "The map could not be saved on this laptop: {reason}. The walklist itself is ready."
)
CANCELLED = QT_TRANSLATE_NOOP(
    "Basemap",
    "Map download stopped: {done} of {total} tiles are kept; the next download goes on from there.",
)


class BasemapError(Exception):
    """The map could not be downloaded or opened; ``message`` says why, in words."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


class DownloadCancelled(BasemapError):
    """The person stopped the download; what was fetched is kept for the next one."""


# --- where the basemap is ----------------------------------------------------------------


def basemap_file(data_dir: Path, list_id: str) -> Path:
    """Where the basemap of a walklist lives: ``<data dir>/basemaps/<list id>.mbtiles``."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", list_id).strip(".") or "list"
    if safe != list_id:  # two odd ids must not share a file
        safe += "-" + hashlib.sha256(list_id.encode()).hexdigest()[:8]
    return Path(data_dir) / BASEMAP_FOLDER / f"{safe}.mbtiles"


def find_basemap(data_dir: Path, list_id: str | None, configured: str | None) -> Path | None:
    """The basemap file to draw under a walklist (see the module docstring), or None."""
    if configured:
        return Path(configured).expanduser()  # named on purpose: a missing one is told
    if list_id:
        path = basemap_file(data_dir, list_id)
        if path.is_file():
            return path
    return None


def open_basemap(path: Path) -> MBTilesReader:
    """Open a basemap file; BasemapError in words when it cannot be used."""
    try:
        return MBTilesReader(path)
    except MBTilesError as error:
        raise BasemapError(error.message) from error


# --- the download ------------------------------------------------------------------------


@dataclass(frozen=True)
class TileDownloadResult:
    path: Path
    plan: TilePlan
    fetched: int  # downloaded now
    reused: int  # already in the part file or the previous copy
    missing: int  # the server has no tile there (404)
    message: Message


def part_file(dest: Path) -> Path:
    return dest.with_name(dest.name + ".part")


def _source_id(template: str) -> str:
    return hashlib.sha256(template.encode()).hexdigest()[:16]


def _retry_after(response: httpx.Response, attempt: int) -> float:
    value = response.headers.get("Retry-After", "")
    try:
        seconds = float(value)
    except ValueError:
        seconds = 2.0**attempt
    return max(0.0, min(RETRY_AFTER_CAP_S, seconds))


def _start_part(dest: Path, source: str) -> MBTilesWriter:
    """The part file to fill: the one a stopped download left (same source), else a copy
    of the complete file from the last download (same source), else a new one."""
    part = part_file(dest)
    if part.exists():
        try:
            writer = MBTilesWriter(part)
            if writer.metadata().get("canvass_source") == source:
                return writer
            writer.close()
        except sqlite3.DatabaseError as error:  # a damaged part file is started again
            log.info("starting the map download again: the part file is unusable (%s)", error)
        part.unlink()
    writer = MBTilesWriter(part)
    writer.set_metadata({"canvass_source": source})
    if dest.exists():  # a re-pulled list keeps the tiles it had: fetched once, reused
        try:
            previous = MBTilesReader(dest)
        except MBTilesError:
            return writer
        try:
            if previous.metadata.get("canvass_source") == source:
                writer.copy_from(previous)
        finally:
            previous.close()
    return writer


def download_tiles(
    template: str,
    plan: TilePlan,
    dest: Path,
    *,
    attribution: str = "",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> TileDownloadResult:
    """Download the plan's tiles into ``dest`` (MBTiles), atomically; see the module
    docstring. Raises BasemapError (DownloadCancelled) in words; the part file stays."""
    problem = tile_url_problem(template)
    if problem is not None:
        raise BasemapError(problem)  # before any request: the policy is not negotiable
    dest.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    source = _source_id(template)
    try:
        writer = _start_part(dest, source)
    except OSError as error:
        raise BasemapError(DISK_PROBLEM.with_args(reason=error.strerror or str(error))) from error
    own_client = client is None
    http = client or httpx.Client(
        headers={"User-Agent": USER_AGENT},
        timeout=TIMEOUT_S,
        follow_redirects=True,
        # one connection: tile usage policies ask for few parallel downloads
        limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
    )
    present = writer.tiles_present()
    fetched = reused = missing = done = 0
    image_format = ""
    total = plan.count
    try:
        for tile_range_ in plan.ranges():
            for tile in tile_range_:
                if cancelled is not None and cancelled():
                    writer.commit()
                    raise DownloadCancelled(
                        CANCELLED.with_args(done=f"{done:,}", total=f"{total:,}")
                    )
                if tile in present:
                    reused += 1
                else:
                    data = _fetch(http, tile_url(template, tile), sleep)
                    if data is None:
                        missing += 1
                    else:
                        image_format = image_format or (sniff_format(data) or "")
                        writer.put(tile, data)
                        fetched += 1
                done += 1
                if progress is not None:
                    progress(done, total)
        writer.set_metadata(
            {
                **mbtiles_metadata(
                    name=dest.stem,
                    bbox=plan.bbox,
                    min_zoom=plan.min_zoom,
                    max_zoom=plan.max_zoom,
                    image_format=image_format or writer.metadata().get("format", "png"),
                    attribution=attribution,
                ),
                "canvass_source": source,
            }
        )
        writer.close()
        _fsync(part_file(dest))
        os.replace(part_file(dest), dest)
        _fsync(dest.parent)
    except OSError as error:
        with contextlib.suppress(Exception):
            writer.close()
        raise BasemapError(DISK_PROBLEM.with_args(reason=error.strerror or str(error))) from error
    except BaseException:
        with contextlib.suppress(Exception):
            writer.close()
        raise
    finally:
        if own_client:
            http.close()
    log.info(
        "map tiles for %s: %d fetched, %d reused, %d missing (zoom %d-%d)",
        dest.name,
        fetched,
        reused,
        missing,
        plan.min_zoom,
        plan.max_zoom,
    )
    return TileDownloadResult(dest, plan, fetched, reused, missing, plan.message())


def _fetch(http: httpx.Client, url: str, sleep: Callable[[float], None]) -> bytes | None:
    """One tile's bytes; None when the server has no tile there."""
    for attempt in range(MAX_RETRIES + 1):
        try:
            response = http.get(url)
        except httpx.HTTPError as error:
            log.warning("tile download failed: %s", type(error).__name__)
            raise BasemapError(UNREACHABLE.message()) from error
        if response.status_code in (404, 204):
            return None
        if response.status_code in (429, 502, 503, 504):
            if attempt == MAX_RETRIES:
                raise BasemapError(SERVER_BUSY.message())
            sleep(_retry_after(response, attempt))
            continue
        if response.status_code != 200:
            log.warning("tile server answered HTTP %d", response.status_code)
            raise BasemapError(SERVER_REFUSED.with_args(status=f"HTTP {response.status_code}"))
        if sniff_format(response.content) is None:
            log.warning("tile server sent %s, not an image", response.headers.get("content-type"))
            raise BasemapError(NOT_AN_IMAGE.message())
        return response.content
    raise BasemapError(SERVER_BUSY.message())  # pragma: no cover - the loop returns or raises


def _fsync(path: Path) -> None:
    """Make a finished file (or a rename in a folder) durable before it is used."""
    if sys.platform == "win32" and path.is_dir():
        return
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@dataclass(frozen=True)
class MapDownload:
    """What the settings ask of the map download: the tile address, the highest zoom,
    the attribution the provider requires."""

    template: str
    max_zoom: int = DEFAULT_MAX_ZOOM
    attribution: str = ""

    @classmethod
    def from_settings(cls, settings: object) -> MapDownload | None:
        template = getattr(settings, "tile_url", None)
        if not template:
            return None
        return cls(
            template,
            int(getattr(settings, "tile_max_zoom", DEFAULT_MAX_ZOOM)),
            str(getattr(settings, "tile_attribution", "") or ""),
        )


def download_walklist_map(
    data_dir: Path,
    list_id: str,
    buildings: Sequence[Building],
    request: MapDownload,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    client: httpx.Client | None = None,
) -> TileDownloadResult:
    """The tiles around a walklist's doors, into the list's basemap file."""
    bbox = doors_bbox(map_doors(buildings))
    if bbox is None:
        raise BasemapError(NO_POSITIONS.message())
    try:
        plan = plan_tiles(bbox, max_zoom=request.max_zoom)
    except TilePlanError as error:
        raise BasemapError(error.message) from error
    return download_tiles(
        request.template,
        plan,
        basemap_file(data_dir, list_id),
        attribution=request.attribution,
        progress=progress,
        cancelled=cancelled,
        client=client,
    )
