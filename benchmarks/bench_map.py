"""B13: the map on the door screen (``ui.map_widget.MapWidget``).

What the map costs a 2,000-door walklist (the door screen's B4 list) and a 50,000-household
one (B5's): preparing it (``WalkMap.of_walklist``: doors, route, streets, projected; done
off the main thread), the doors' states, one full draw of the map (every door in view,
then street level, with the walklist's streets and with an MBTiles basemap whose tiles
are decoded for the first time), the repaint a GPS fix or a selection costs (the drawn map
is kept and only the position and the selection are drawn over it), and the memory the
prepared map and the widget hold.

Targets: a full draw of the 2,000-door list within 50 ms (B4's stall limit: the draw runs on the main thread);
a repaint for a new position within 5 ms; preparing 50,000 households off the main
thread within 2 s; the map's memory for 50,000 households within 40 MB (B8 keeps 300 MB
for everything).

The tiles are PNGs of the size and detail of street-map tiles (lines, text, noise), made
at run time, 256×256, in an MBTiles file.
"""

from __future__ import annotations

import random
import sqlite3
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import generate_walklist as walk
from benchlib import Figure, Part, median, percentile, range_text, rss_mb, temp_dir

DRAW_LIMIT_MS = 50.0
POSITION_LIMIT_MS = 5.0
PREPARE_LIMIT_MS = 2000.0
MEMORY_LIMIT_MB = 40.0


def _tile_png(rng: random.Random) -> bytes:
    """A street-map-like tile: blocks, roads, labels; ~15-30 KB as PNG."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF
    from PySide6.QtGui import QColor, QImage, QPainter, QPen

    image = QImage(256, 256, QImage.Format.Format_RGB32)
    image.fill(QColor("#F2EFE9"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for _ in range(14):
        painter.fillRect(
            QRectF(
                rng.uniform(0, 230), rng.uniform(0, 230), rng.uniform(10, 60), rng.uniform(10, 40)
            ),
            QColor(rng.choice(["#D9D0C9", "#CDEBB0", "#AAD3DF", "#E0DFDF"])),
        )
    for _ in range(8):
        painter.setPen(QPen(QColor("#FFFFFF"), rng.uniform(3, 9)))
        painter.drawLine(
            QPointF(rng.uniform(-20, 276), rng.uniform(-20, 276)),
            QPointF(rng.uniform(-20, 276), rng.uniform(-20, 276)),
        )
    painter.setPen(QColor("#555555"))
    for _ in range(4):
        painter.drawText(QPointF(rng.uniform(0, 200), rng.uniform(10, 250)), "Maple Street")
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def _make_basemap(path: Path, bbox: Any, zooms: range) -> int:
    from canvass_app.core.tiles import tile_range

    rng = random.Random(12)
    samples = [_tile_png(rng) for _ in range(24)]  # tiles repeat: the decode cost is real
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    conn.execute(
        "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
        " tile_data BLOB)"
    )
    conn.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)")
    conn.executemany("INSERT INTO metadata VALUES (?, ?)", [("name", "bench"), ("format", "png")])
    count = 0
    for zoom in zooms:
        for tile in tile_range(bbox, zoom):
            conn.execute(
                "INSERT INTO tiles VALUES (?, ?, ?, ?)",
                (tile.z, tile.x, tile.tms_row, samples[count % len(samples)]),
            )
            count += 1
    conn.commit()
    conn.close()
    return count


def _timed(action: Any, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def run(quick: bool) -> Figure:
    import qtbench

    from canvass_app.core.geo import Fix
    from canvass_app.core.map_geometry import WalkMap
    from canvass_app.core.tiles import BBox
    from canvass_app.services.pull import load_walklist
    from canvass_app.services.walk_map import door_states
    from canvass_app.storage.db import open_database
    from canvass_app.storage.mbtiles import MBTilesReader
    from canvass_app.ui.map_widget import DOT_LIMIT, MapWidget

    app = qtbench.application()
    repeat = 5 if quick else 20
    big = 5_000 if quick else 50_000
    notes: list[str] = []
    with temp_dir("b13") as root:
        small_dir, big_dir = root / "small", root / "big"
        walk.write_walklist(small_dir, households=walk.DRAFT_HOUSEHOLDS)
        walk.write_walklist(big_dir, households=big)
        small_db, big_db = open_database(small_dir), open_database(big_dir)
        small_list = load_walklist(small_db, walk.LIST_ID)
        big_list = load_walklist(big_db, walk.LIST_ID)

        prepare_small = _timed(lambda: WalkMap.of_walklist(small_list.buildings), repeat)
        prepare_big = _timed(lambda: WalkMap.of_walklist(big_list.buildings), 3)
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        big_map = WalkMap.of_walklist(big_list.buildings)
        big_states = door_states(big_map.doors, {}, big_list.list_statuses(), big_list.statuses)
        map_mb = (tracemalloc.get_traced_memory()[0] - before) / 2**20
        tracemalloc.stop()
        states_ms = _timed(
            lambda: door_states(big_map.doors, {}, big_list.list_statuses(), big_list.statuses), 3
        )

        small_map = WalkMap.of_walklist(small_list.buildings)
        small_states = door_states(small_map.doors, {}, {}, small_list.statuses)
        rss_before = rss_mb()[0]
        widget = MapWidget(keyboard=False)
        widget.resize(560, 420)  # the map pane of the door screen at 1366×768
        widget.show()
        app.processEvents()
        widget.set_map(small_map, small_states)

        def full_draw() -> None:
            widget._base = None
            widget.repaint()

        widget.fit_doors()
        draw_all = _timed(full_draw, repeat)
        in_view_all = widget.doors_drawn
        first = small_map.doors[len(small_map.doors) // 2]
        widget.set_view(first.lat, first.lng, 17)
        draw_street = _timed(full_draw, repeat)
        in_view_street = widget.doors_drawn

        fix_times: list[float] = []
        rng = random.Random(5)
        for _ in range(repeat * 3):
            fix = Fix(
                first.lat + rng.uniform(-0.0003, 0.0003),
                first.lng + rng.uniform(-0.0003, 0.0003),
                rng.uniform(5, 40),
                datetime.now(UTC),
                "bench",
            )
            start = time.perf_counter()
            widget.set_position(fix)
            widget.repaint()
            fix_times.append((time.perf_counter() - start) * 1000)
        select_times = []
        for door in small_map.doors[100 : 100 + repeat * 3]:
            start = time.perf_counter()
            widget.set_selected([door.id])
            widget.repaint()
            select_times.append((time.perf_counter() - start) * 1000)

        bbox = BBox.around((door.lat, door.lng) for door in small_map.doors)
        assert bbox is not None
        tiles_path = root / "basemap.mbtiles"
        tile_total = _make_basemap(tiles_path, bbox.grown(300), range(14, 18))
        widget.set_basemap(MBTilesReader(tiles_path))
        widget.set_view(first.lat, first.lng, 17)
        cold: list[float] = []
        for _ in range(3):
            widget._tiles.clear()
            cold += _timed(full_draw, 1)
        warm = _timed(full_draw, repeat)
        tiles_in_view = widget.tiles_drawn
        widget.set_view(first.lat, first.lng, 16.4)  # between zooms: tiles scaled
        scaled = _timed(full_draw, repeat)

        widget.set_basemap(None)
        widget.set_map(big_map, big_states)
        opened_at_zoom = widget.zoom_level()
        widget.fit_doors()
        draw_big = _timed(full_draw, 3)
        in_view_big = widget.doors_drawn
        app.processEvents()
        widget_mb = rss_mb()[0] - rss_before
        widget.close()
        small_db.close()
        big_db.close()

    notes.append(
        f"Full draws: {in_view_all} doors in view (fitted; drawn as dots above {DOT_LIMIT}), "
        f"{in_view_street} at zoom 17, {tiles_in_view} tiles of {tile_total} in the file; "
        f"{in_view_big} doors of {big} in view fitted; the {big:,}-household list opens at "
        f"zoom {opened_at_zoom:.0f} around its first door."
    )
    notes.append(
        f"The 50,000-household map holds {map_mb:.1f} MB of Python objects (tracemalloc); "
        f"the process grew {widget_mb:.1f} MB with the widget and its kept picture."
    )
    worst_draw = max(median(draw_all), median(draw_street), median(cold))
    return Figure(
        "B13",
        "the map: prepare, draw, repaint for a fix, memory",
        [
            Part(
                "full draw of the 2,000-door list, slowest case (median)",
                worst_draw,
                "ms",
                None,
                "a full draw within 50 ms",
                "max",
                DRAW_LIMIT_MS,
                spread=(
                    f"all in view {median(draw_all):.1f}; zoom 17 {median(draw_street):.1f}; "
                    f"tiles first decoded {median(cold):.1f}"
                ),
            ),
            Part(
                f"full draw of all {big:,} households fitted (Fit pressed; median)",
                median(draw_big),
                "ms",
                None,
                "recorded (a city-wide list opens at its first door)",
                "info",
                None,
                spread=range_text(draw_big, "ms", 1),
            ),
            Part(
                "repaint for a new position (median)",
                median(fix_times),
                "ms",
                None,
                "within 5 ms",
                "max",
                POSITION_LIMIT_MS,
                spread=f"p99 {percentile(fix_times, 99):.2f} ms",
                samples=len(fix_times),
            ),
            Part(
                "repaint for a new selection (median)",
                median(select_times),
                "ms",
                None,
                "recorded",
                "info",
                None,
                spread=f"p99 {percentile(select_times, 99):.2f} ms",
                samples=len(select_times),
            ),
            Part(
                "draw with the tiles decoded (median)",
                median(warm),
                "ms",
                None,
                "recorded",
                "info",
                None,
                spread=f"between zooms (scaled) {median(scaled):.1f} ms",
            ),
            Part(
                "prepare 2,000 doors (off the main thread)",
                median(prepare_small),
                "ms",
                None,
                "recorded",
                "info",
                None,
                spread=range_text(prepare_small, "ms", 1),
            ),
            Part(
                f"prepare {big:,} households (off the main thread)",
                median(prepare_big),
                "ms",
                None,
                "within 2 s",
                "max",
                PREPARE_LIMIT_MS,
                spread=f"door states {median(states_ms):.0f} ms",
            ),
            Part(
                f"memory of the {big:,}-household map",
                map_mb,
                "MB",
                None,
                "within 40 MB",
                "max",
                MEMORY_LIMIT_MB,
            ),
        ],
        "QT_QPA_PLATFORM=offscreen python benchmarks/run.py --only B13",
        notes=notes,
    )
