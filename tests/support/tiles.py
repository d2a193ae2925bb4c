"""Map tiles made at test time: PNG images, MBTiles files, and a real local tile server.

Every tile is one flat colour worked out from its (z, x, y), so a test can tell from a
pixel which tile was drawn (or downloaded) where. The PNGs are written with zlib alone
and the MBTiles files with sqlite3 alone, so the code under test reads files it did not
write itself.
"""

from __future__ import annotations

import sqlite3
import struct
import threading
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from canvass_app.core.tiles import TileId, tms_flip


def tile_color(z: int, x: int, y: int) -> tuple[int, int, int]:
    """A colour that differs between neighbouring tiles and between zooms."""
    return ((x * 67 + z * 29) % 200 + 30, (y * 41 + z * 13) % 200 + 30, (z * 47) % 200 + 30)


def png_bytes(color: tuple[int, int, int], size: int = 256) -> bytes:
    """A flat-colour RGB PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(color) * size
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * size))
        + chunk(b"IEND", b"")
    )


def tile_png(tile: TileId) -> bytes:
    return png_bytes(tile_color(tile.z, tile.x, tile.y))


def make_mbtiles(
    path: Path,
    tiles: Iterable[TileId],
    *,
    scheme: str | None = None,
    image_format: str | None = "png",
    metadata: dict[str, str] | None = None,
) -> Path:
    """An MBTiles file as tile tools write it: TMS rows, or XYZ rows when ``scheme`` is
    "xyz" (said in the metadata, as some exporters do)."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    conn.execute(
        "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
        " tile_data BLOB)"
    )
    rows = {"name": path.stem, **(metadata or {})}
    if image_format is not None:
        rows["format"] = image_format
    if scheme is not None:
        rows["scheme"] = scheme
    conn.executemany("INSERT INTO metadata VALUES (?, ?)", list(rows.items()))
    for tile in tiles:
        row = tile.y if scheme == "xyz" else tms_flip(tile.z, tile.y)
        conn.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (tile.z, tile.x, row, tile_png(tile)))
    conn.commit()
    conn.close()
    return path


@dataclass
class TileServer:
    """A tile server on 127.0.0.1 serving ``/{z}/{x}/{y}.png`` (flat-colour PNGs).

    ``requests`` records (path, User-Agent) of every request. Behaviour for tests:
    ``missing`` tiles answer 404; ``busy`` answers 429 (Retry-After: 0) that many times
    first; ``status`` answers every tile with that status; ``html`` answers a web page.
    """

    url: str = ""
    requests: list[tuple[str, str]] = field(default_factory=list)
    missing: set[TileId] = field(default_factory=set)
    busy: int = 0
    status: int | None = None
    html: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def template(self) -> str:
        return self.url + "/{z}/{x}/{y}.png"

    def tiles_requested(self) -> list[TileId]:
        found = []
        for path, _agent in self.requests:
            z, x, y = urlsplit(path).path.strip("/").removesuffix(".png").split("/")
            found.append(TileId(int(z), int(x), int(y)))
        return found


@contextmanager
def tile_server() -> Iterator[TileServer]:
    state = TileServer()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # quiet test output
            pass

        def do_GET(self) -> None:
            with state.lock:
                state.requests.append((self.path, self.headers.get("User-Agent", "")))
                busy = state.busy > 0
                if busy:
                    state.busy -= 1
            try:
                parts = urlsplit(self.path).path.strip("/").removesuffix(".png").split("/")
                z, x, y = (int(part) for part in parts)
            except ValueError:
                self._answer(400, b"bad path", "text/plain")
                return
            tile = TileId(z, x, y)
            if busy:
                self._answer(429, b"slow down", "text/plain", {"Retry-After": "0"})
            elif state.status is not None:
                self._answer(state.status, b"no", "text/plain")
            elif state.html:
                self._answer(200, b"<html>Sign in</html>", "text/html")
            elif tile in state.missing:
                self._answer(404, b"no tile", "text/plain")
            else:
                self._answer(200, tile_png(tile), "image/png")

        def _answer(
            self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
