"""Reading what SQLite itself cannot reach in a damaged database file (a scratch copy).

What exists for recovery, and why this module: SQLite's own recovery facilities are the
``sqlite3`` shell's ``.recover`` command and, since 3.40, the recover extension behind it;
both read pages through the ``sqlite_dbpage`` virtual table. None of them is usable from
Python on a clean machine: ``sqlite_dbpage`` is a compile-time option the usual builds
leave out (Debian's 3.40.1 and python.org's), Python's ``sqlite3`` does not expose the
recover API, many builds cannot load extensions at all, and a Windows laptop has no
``sqlite3`` shell. So the recovery (``services/recovery.py``) lets SQLite read every row it
still can, and this module adds the two narrow page-level steps it cannot do:

1. :func:`repair_header`: when the first 100 bytes are destroyed SQLite refuses the whole
   file ("file is not a database") although every page may be intact. The header is
   rewritten from what is known: the page size (read from the ``-wal`` header when there is
   one, else the size whose pages look like b-tree pages), UTF-8, schema format 4, the page
   count from the file size, WAL mode when a ``-wal`` exists, no free list. SQLite then
   reads the file as before.
2. :func:`scan_table_rows`: when an interior page is destroyed, the leaf pages under it
   are intact but SQLite can no longer find them. This walks every page of the file,
   decodes the cells of each table-leaf page (following overflow chains) and yields the
   records that have a table's shape; the caller validates them.

Both work on a copy, never on the person's file. The file format is SQLite's, documented
at https://www.sqlite.org/fileformat2.html (sections 1.3, 1.6, 2.1, 4).
"""

from __future__ import annotations

import logging
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger("canvass.storage.salvage")

HEADER_SIZE = 100
MAGIC = b"SQLite format 3\x00"
PAGE_SIZES = tuple(512 << shift for shift in range(8))  # 512 .. 65536
_WAL_MAGICS = (0x377F0682, 0x377F0683)
_TABLE_LEAF = 0x0D
_BTREE_TYPES = (0x02, 0x05, 0x0A, 0x0D)
# Bounds for a chain of overflow pages (a cell bigger than this is not one of our rows).
_MAX_PAYLOAD = 64 * 1024 * 1024


def header_is_valid(header: bytes) -> bool:
    """The magic string and a legal page size: SQLite's first test of a file."""
    if len(header) < HEADER_SIZE or header[:16] != MAGIC:
        return False
    return _page_size_field(header) in PAGE_SIZES


def _page_size_field(header: bytes) -> int:
    raw = struct.unpack(">H", header[16:18])[0]
    return 65536 if raw == 1 else raw


def _wal_page_size(wal: Path) -> int | None:
    """The page size the ``-wal`` header records (it survives damage to the main file)."""
    try:
        with open(wal, "rb") as handle:
            head = handle.read(32)
    except OSError:
        return None
    if len(head) < 32:
        return None
    magic, _version, page_size = struct.unpack(">III", head[:12])
    return page_size if magic in _WAL_MAGICS and page_size in PAGE_SIZES else None


def wal_frame_pages(wal: Path) -> tuple[set[int], int | None]:
    """The pages the ``-wal`` file holds a frame of in its current generation (the frames
    whose salt is the header's; older ones are left over from before it was started over),
    and its page size; (empty, None) when there is no readable WAL."""
    try:
        with open(wal, "rb") as handle:
            head = handle.read(32)
            page_size = _wal_page_size(wal)
            if page_size is None:
                return set(), None
            salt = head[16:24]
            pages: set[int] = set()
            while len(frame := handle.read(24)) == 24:
                if frame[8:16] == salt:
                    pages.add(struct.unpack(">I", frame[:4])[0])
                handle.seek(page_size, 1)
    except OSError:
        return set(), None
    return pages, page_size


def _looks_like_btree_page(page: bytes, offset: int = 0) -> bool:
    if len(page) < offset + 8 or page[offset] not in _BTREE_TYPES:
        return False
    cells: int = struct.unpack(">H", page[offset + 3 : offset + 5])[0]
    content: int = struct.unpack(">H", page[offset + 5 : offset + 7])[0] or 65536
    header = 8 if page[offset] in (0x0A, 0x0D) else 12
    return offset + header + 2 * cells <= content <= len(page)


def guess_page_size(data: bytes, wal: Path | None = None) -> int | None:
    """The page size of a database file whose header cannot be trusted.

    The ``-wal`` header says it when there is one. Otherwise each legal size that divides
    the file is scored by the share of its pages that look like b-tree pages (a wrong size
    cuts real pages in two or skips most of them); the best score wins.
    """
    if wal is not None:
        from_wal = _wal_page_size(wal)
        if from_wal is not None and len(data) % from_wal == 0:
            return from_wal
    best = _best_page_size(data)
    return None if best is None or best[0] == 0 else best[1]


def _best_page_size(data: bytes) -> tuple[float, int] | None:
    """The legal page size whose pages most look like b-tree pages, with that share."""
    best: tuple[float, int] | None = None
    for size in PAGE_SIZES:
        if len(data) < size or len(data) % size:
            continue
        pages = len(data) // size
        good = int(_looks_like_btree_page(data[:size], HEADER_SIZE))
        good += sum(
            _looks_like_btree_page(data[n * size : (n + 1) * size]) for n in range(1, pages)
        )
        score = good / pages
        if best is None or score > best[0]:
            best = (score, size)
    return best


# An encrypted file's pages are random bytes: a few percent pass for b-tree pages by chance.
_PLAIN_SHARE = 0.5


def looks_plain(path: Path) -> bool:
    """True when ``path`` is a plain SQLite file, even one whose header is destroyed (most
    of its pages read as b-tree pages); False for an encrypted (SQLCipher) file, whose
    pages are indistinguishable from random. OSError when it cannot be read."""
    data = Path(path).read_bytes()
    if header_is_valid(data[:HEADER_SIZE]):
        return True
    best = _best_page_size(data)
    return best is not None and best[0] >= _PLAIN_SHARE


def build_header(page_size: int, page_count: int, *, wal: bool) -> bytes:
    """A 100-byte header for a file of ``page_count`` pages (fileformat2 section 1.3)."""
    version = 2 if wal else 1
    header = bytearray(HEADER_SIZE)
    header[:16] = MAGIC
    header[16:18] = struct.pack(">H", 1 if page_size == 65536 else page_size)
    header[18] = version  # write version: 1 legacy, 2 WAL
    header[19] = version  # read version
    header[20] = 0  # reserved bytes at the end of each page
    header[21:24] = bytes((64, 32, 32))  # payload fractions (fixed by the format)
    struct.pack_into(">I", header, 24, 1)  # file change counter
    struct.pack_into(">I", header, 28, page_count)  # database size in pages
    # 32, 36: no free list (its pages are simply never reused by a reader)
    struct.pack_into(">I", header, 40, 1)  # schema cookie
    struct.pack_into(">I", header, 44, 4)  # schema format number
    struct.pack_into(">I", header, 56, 1)  # text encoding: UTF-8
    struct.pack_into(">I", header, 92, 1)  # version-valid-for = change counter
    struct.pack_into(">I", header, 96, 3_040_001)  # SQLITE_VERSION_NUMBER that wrote it
    return bytes(header)


def repair_header(path: Path) -> int | None:
    """Rewrite the header of the copy at ``path`` when it is not valid; the page size used.

    None when the header was valid (nothing written) or no page size fits the file.
    """
    data = Path(path).read_bytes()
    if header_is_valid(data[:HEADER_SIZE]):
        return None
    wal = Path(f"{path}-wal")
    page_size = guess_page_size(data, wal if wal.exists() else None)
    if page_size is None:
        log.warning("salvage: no page size fits the damaged file (%d bytes)", len(data))
        return None
    header = build_header(page_size, len(data) // page_size, wal=wal.exists())
    with open(path, "r+b") as handle:
        handle.write(header)
    log.warning("salvage: rebuilt the database header (page size %d)", page_size)
    return page_size


# --- reading pages ------------------------------------------------------------------


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    """SQLite's variable-length integer at ``pos``: (value, position after it)."""
    value = 0
    for i in range(8):
        byte = buf[pos + i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, pos + i + 1
    return (value << 8) | buf[pos + 8], pos + 9


def _decode_record(payload: bytes) -> list[Any]:
    """The values of one record (fileformat2 section 2.1); raises on a malformed one."""
    header_size, pos = _varint(payload, 0)
    if header_size > len(payload):
        raise ValueError("record header past the payload")
    types: list[int] = []
    while pos < header_size:
        serial, pos = _varint(payload, pos)
        types.append(serial)
    body = header_size
    values: list[Any] = []
    for serial in types:
        if serial == 0:
            values.append(None)
        elif 1 <= serial <= 6:
            width = (1, 2, 3, 4, 6, 8)[serial - 1]
            values.append(int.from_bytes(payload[body : body + width], "big", signed=True))
            body += width
        elif serial == 7:
            values.append(struct.unpack(">d", payload[body : body + 8])[0])
            body += 8
        elif serial in (8, 9):
            values.append(serial - 8)
        elif serial >= 12:
            length = (serial - 12) // 2
            chunk = payload[body : body + length]
            values.append(chunk.decode("utf-8") if serial % 2 else bytes(chunk))
            body += length
        else:
            raise ValueError(f"reserved serial type {serial}")
        if body > len(payload):
            raise ValueError("record body past the payload")
    return values


@dataclass(frozen=True)
class _File:
    data: bytes
    page_size: int
    usable: int

    @property
    def page_count(self) -> int:
        return len(self.data) // self.page_size

    def page(self, number: int) -> bytes:
        start = (number - 1) * self.page_size
        return self.data[start : start + self.page_size]


def _payload(file: _File, page: bytes, pos: int, size: int) -> bytes:
    """A cell's whole payload: the part on the page, then its overflow chain."""
    usable = file.usable
    most_local = usable - 35
    if size <= most_local:
        return page[pos : pos + size]
    least_local = (usable - 12) * 32 // 255 - 23
    local = least_local + (size - least_local) % (usable - 4)
    if local > most_local:
        local = least_local
    parts = [page[pos : pos + local]]
    (next_page,) = struct.unpack(">I", page[pos + local : pos + local + 4])
    remaining = size - local
    seen: set[int] = set()
    while remaining > 0:
        if not 1 <= next_page <= file.page_count or next_page in seen:
            raise ValueError("broken overflow chain")
        seen.add(next_page)
        overflow = file.page(next_page)
        take = min(remaining, usable - 4)
        parts.append(overflow[4 : 4 + take])
        remaining -= take
        (next_page,) = struct.unpack(">I", overflow[:4])
    return b"".join(parts)


def _leaf_cells(file: _File, number: int) -> Iterator[tuple[int, list[Any]]]:
    """(rowid, values) of each readable cell of table-leaf page ``number``."""
    page = file.page(number)
    offset = HEADER_SIZE if number == 1 else 0
    if len(page) < offset + 8 or page[offset] != _TABLE_LEAF:
        return
    (cells,) = struct.unpack(">H", page[offset + 3 : offset + 5])
    for index in range(cells):
        pointer_at = offset + 8 + 2 * index
        try:
            (cell,) = struct.unpack(">H", page[pointer_at : pointer_at + 2])
            size, pos = _varint(page, cell)
            rowid, pos = _varint(page, pos)
            if size > _MAX_PAYLOAD:
                continue
            yield rowid, _decode_record(_payload(file, page, pos, size))
        except (ValueError, IndexError, struct.error, UnicodeDecodeError):
            continue  # one unreadable cell costs only that row


def scan_table_rows(
    path: Path, columns: Sequence[str], *, skip_pages: frozenset[int] = frozenset()
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(rowid, row) of every record on any table-leaf page that has ``columns``' shape.

    The first column must be the table's INTEGER PRIMARY KEY (stored as NULL; its value
    is the rowid). Records with fewer values than ``columns`` are rows written before a
    later ``ADD COLUMN`` (the rest are None). The header of ``path`` must be valid (see
    :func:`repair_header`); ``skip_pages``: pages known not to hold live rows.
    """
    data = Path(path).read_bytes()
    if not header_is_valid(data[:HEADER_SIZE]):
        return
    page_size = _page_size_field(data)
    file = _File(data, page_size, page_size - data[20])
    names = list(columns)
    for number in range(1, file.page_count + 1):
        if number in skip_pages:
            continue
        for rowid, values in _leaf_cells(file, number):
            if not 1 < len(values) <= len(names) or values[0] is not None:
                continue
            row = dict.fromkeys(names)
            row.update(zip(names, values, strict=False))
            row[names[0]] = rowid
            yield rowid, row


def free_pages(path: Path) -> frozenset[int]:
    """The pages on the free list of a file whose header is intact (they hold old rows).

    Empty when the list cannot be followed (a rebuilt header has none).
    """
    data = Path(path).read_bytes()
    if not header_is_valid(data[:HEADER_SIZE]):
        return frozenset()
    page_size = _page_size_field(data)
    file = _File(data, page_size, page_size - data[20])
    (trunk,) = struct.unpack(">I", data[32:36])
    found: set[int] = set()
    while 1 <= trunk <= file.page_count and trunk not in found:
        found.add(trunk)
        page = file.page(trunk)
        next_trunk, count = struct.unpack(">II", page[:8])
        if count > (file.usable - 8) // 4:
            break
        found.update(struct.unpack(">I", page[8 + 4 * i : 12 + 4 * i])[0] for i in range(count))
        trunk = next_trunk
    return frozenset(found)
