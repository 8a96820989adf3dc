"""flac-raster 0.1.2 *streaming* files (``create-streaming``): a 4-byte big-endian length N,
N bytes of JSON index, then one complete plain flac-raster file per tile, back to back.

Only band 1 was kept and nodata was dropped by the writer. Each tile carries its own
DATA_MIN/DATA_MAX, so the stretch is inverted per tile. A window reads just the tiles it
touches, all in one ``read_ranges`` call so that an HTTP source can coalesce them.
"""

import json
import math
import threading
from collections import OrderedDict

import numpy as np

from ...errors import CorruptFileError
from .legacy_reader import LegacyReader
from .flac_stream import MARKER, decode_samples, read_header
from .header import (MAX_DIMENSION, build_meta, check_decodable, crs_json,
                     header_from_tags, parse_transform)
from .losses import OVERFLOW_WARNING, lossy_warnings, overflow_in_samples
from ..reader_base import Level, allocate
from ...raster.tiling import Window, paste

MAX_INDEX_BYTES = 64 << 20
MAX_TILES = 1 << 20
HEADER_PROBE = 8192              # bytes read to find a tile's tags
CACHE_BYTES = 64 << 20           # decoded tiles kept for repeated windows

BAND1_WARNING = ("flac-raster streaming files keep only band 1 of the original raster and "
                 "drop its nodata value: other bands and the nodata setting are not in this "
                 "file (set nodata on the layer if you know it).")


def looks_like_streaming(head):
    """flac-raster's index is compact JSON, so byte 4 onward reads '{"'."""
    return len(head) >= 6 and head[:4] != MARKER and head[4:6] == b'{"'


def _int(obj, key, low, high, what):
    value = obj.get(key) if isinstance(obj, dict) else None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise CorruptFileError(f"The streaming index has a bad {what}: {value!r:.40}")
    return value


class StreamingIndex:
    """The checked index: raster size, tile grid and each tile's absolute byte range."""

    def __init__(self, obj, data_start, file_size):
        if not isinstance(obj, dict):
            raise CorruptFileError("The streaming index is not a JSON object")
        self.width = _int(obj, "width", 1, MAX_DIMENSION, "width")
        self.height = _int(obj, "height", 1, MAX_DIMENSION, "height")
        self.tile_size = _int(obj, "tile_size", 1, MAX_DIMENSION, "tile size")
        crs = obj.get("crs")
        if crs is not None and not isinstance(crs, str):
            raise CorruptFileError("The streaming index has a malformed CRS")
        self.crs_text = None if crs is None or crs.strip() in ("", "None") else crs.strip()
        self.transform9 = parse_transform(obj.get("transform"))
        self.across = -(-self.width // self.tile_size)
        self.down = -(-self.height // self.tile_size)
        frames = obj.get("frames")
        if not isinstance(frames, list) or len(frames) != self.across * self.down \
                or len(frames) > MAX_TILES:
            raise CorruptFileError(
                f"The streaming index lists {len(frames) if isinstance(frames, list) else 0} "
                f"tiles, but a {self.width}x{self.height} raster in {self.tile_size}-px tiles "
                f"needs {self.across * self.down}")
        self.data_start = data_start
        self.tiles = {}
        ts = self.tile_size
        for frame in frames:
            window = frame.get("window") if isinstance(frame, dict) else None
            col = _int(window, "col_off", 0, self.width - 1, "tile column offset")
            row = _int(window, "row_off", 0, self.height - 1, "tile row offset")
            w = _int(window, "width", 1, ts, "tile width")
            h = _int(window, "height", 1, ts, "tile height")
            if col % ts or row % ts or w != min(ts, self.width - col) \
                    or h != min(ts, self.height - row):
                raise CorruptFileError(f"A tile window does not fit the tile grid: {window}")
            key = (row // ts, col // ts)
            if key in self.tiles:
                raise CorruptFileError(f"The streaming index lists tile {key} twice")
            offset = _int(frame, "byte_offset", 0, file_size, "tile offset")
            size = _int(frame, "byte_size", 8, file_size, "tile size")
            start = data_start + offset
            if start + size > file_size:
                raise CorruptFileError(
                    "A tile lies beyond the end of the file: the file is truncated")
            bbox = frame.get("bbox")
            self.tiles[key] = {
                "id": frame.get("frame_id") if isinstance(frame.get("frame_id"), int) else None,
                "col_off": col, "row_off": row, "width": w, "height": h,
                "start": start, "size": size,
                "bbox": bbox if isinstance(bbox, list) and len(bbox) == 4 and _finite(bbox)
                else None,
            }


def read_index(head, source):
    """Parse the 4-byte length and JSON index; returns (StreamingIndex, index_length)."""
    size = source.size
    n = int.from_bytes(head[:4], "big")
    if n < 2 or n > MAX_INDEX_BYTES or 4 + n + 4 > size:
        raise CorruptFileError(
            f"This looks like a flac-raster streaming file, but its index length ({n} bytes) "
            f"does not fit the {size}-byte file: it is truncated or damaged")
    raw = head[4:4 + n + 4] if 4 + n + 4 <= len(head) else source.read_ranges([(4, n + 4)])[0]
    if raw[n:n + 4] != MARKER:
        raise CorruptFileError(
            "This looks like a flac-raster streaming file, but no FLAC tile follows its index")
    try:
        obj = json.loads(bytes(raw[:n]).decode("utf-8"), parse_constant=_no_constants)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise CorruptFileError(f"The streaming index is not valid JSON: {exc}") from exc
    return StreamingIndex(obj, 4 + n, size), n


def _no_constants(name):
    raise ValueError(f"{name} is not allowed in the index")


class LegacyStreamingReader(LegacyReader):
    kind = "flac-raster-0.1-streaming"

    def __init__(self, head, source):
        index, index_length = read_index(head, source)
        self.index = index
        self.index_length = index_length
        first = index.tiles[(0, 0)]
        tile_head = head[first["start"]:first["start"] + first["size"]]
        if len(tile_head) < min(first["size"], HEADER_PROBE):
            # The tile's tags (~0.7 KB) are not in hand: one small read (more only if needed).
            tile_head = source.read_ranges([(first["start"], min(first["size"], HEADER_PROBE))])[0]
        tile_header = read_header(tile_head, source, first["start"], first["size"])
        first_tags = header_from_tags(tile_header.comments)
        self.dtype = first_tags.dtype
        warnings = []
        crs = crs_json(index.crs_text, warnings)
        meta = build_meta(index.width, index.height, 1, self.dtype, crs, index.transform9, None)
        level = Level(0, index.width, index.height, list(meta["transform"]),
                      tile_width=index.tile_size, tile_height=index.tile_size)
        super().__init__(source, meta, [level])
        self.warnings.extend(warnings)
        self.note_loss([BAND1_WARNING] + lossy_warnings(self.dtype, None, None))
        self._cache = OrderedDict()
        self._cache_bytes = 0
        self._lock = threading.Lock()

    # -- tiles ----------------------------------------------------------------------------

    def decode_tile(self, tile, data, feedback=None):
        """One tile's bytes (a complete plain flac-raster file) -> (h, w) array in dtype."""
        fh = read_header(data, None, 0, len(data))
        header = header_from_tags(fh.comments)
        if (header.width, header.height) != (tile["width"], tile["height"]) or header.count != 1:
            raise CorruptFileError(
                f"Tile at ({tile['col_off']}, {tile['row_off']}) says it is "
                f"{header.width}x{header.height}x{header.count}, the index says "
                f"{tile['width']}x{tile['height']}x1")
        if header.dtype != self.dtype:
            raise CorruptFileError(
                f"Tiles of different data types ({header.dtype} and {self.dtype})")
        info = fh.streaminfo
        check_decodable(header, info.channels, info.bps)
        samples = decode_samples(data, header.width * header.height, 1, info.bps, feedback)
        notes = lossy_warnings(self.dtype, header.data_min, header.data_max,
                               where="Part of this file", float_step=False)
        if overflow_in_samples(samples, self.dtype):
            notes.append(OVERFLOW_WARNING)
        self.note_loss(notes)
        values = self._inverse(samples[:, 0], self.dtype, info.bps, header.data_min,
                               header.data_max)
        return values.reshape(header.height, header.width)

    def tiles_for(self, col_off, row_off, width, height):
        """The index entries of the tiles a window touches (the level's grid: square tiles
        of the index's tile size)."""
        return [self.index.tiles[(t.row, t.col)]
                for t in self.levels[0].tiles_touching((col_off, row_off, width, height))]

    def tile_byte_ranges(self, level, tiles):
        self.level(level)
        return [(self.index.tiles[(t.row, t.col)]["start"],
                 self.index.tiles[(t.row, t.col)]["size"]) for t in tiles]

    def _forget_decoded(self):
        with self._lock:
            self._cache.clear()
            self._cache_bytes = 0

    def _cached(self, tile):
        with self._lock:
            key = tile["start"]
            array = self._cache.get(key)
            if array is not None:
                self._cache.move_to_end(key)
            return array

    def _remember(self, tile, array):
        with self._lock:
            key = tile["start"]
            if key in self._cache:
                return
            self._cache[key] = array
            self._cache_bytes += array.nbytes
            while self._cache_bytes > CACHE_BYTES and len(self._cache) > 1:
                _, old = self._cache.popitem(last=False)
                self._cache_bytes -= old.nbytes

    def _read_window(self, level, window, feedback):
        tiles = self.tiles_for(*window)
        arrays = {t["start"]: self._cached(t) for t in tiles}
        missing = [t for t in tiles if arrays[t["start"]] is None]
        if missing:
            blobs = self.source.read_ranges([(t["start"], t["size"]) for t in missing], feedback)
            for done, (tile, data) in enumerate(zip(missing, blobs)):
                feedback.check()
                feedback.set_progress((done + 1) / len(missing))
                array = self.decode_tile(tile, data, feedback)
                arrays[tile["start"]] = array
                self._remember(tile, array)
        out = allocate((1,) + window.shape, self.dtype)
        for tile in tiles:
            paste(out[0], window, arrays[tile["start"]],
                  Window(tile["col_off"], tile["row_off"], tile["width"], tile["height"]))
        return out, None

    def info(self):
        out = self._base_info()
        index = self.index
        out.update({
            "index_length": self.index_length,
            "data_start": index.data_start,
            "tile_size": index.tile_size,
            "tiles": [{
                "id": t["id"],
                "window": [t["col_off"], t["row_off"], t["width"], t["height"]],
                "bbox": t["bbox"],
                "byte_range": [t["start"], t["start"] + t["size"]],
            } for _, t in sorted(index.tiles.items())],
        })
        return out


def _finite(values):
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
               for v in values)
