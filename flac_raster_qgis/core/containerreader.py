"""Read a streaming container from any ByteSource: header + index once, then tiles on demand.

Opening costs one read in the common case (the first 3 KiB hold header and index), two at
most. A window read asks the source for all its tiles in ONE ``read_ranges`` call (tiles of a
tile-row are adjacent in the file, so remote sources coalesce them), verifies each tile's
CRC-32, decodes the tiles on a small thread pool and mosaics exactly the window.

A window of many tiles is read in batches of at most READ_BATCH_BYTES (a single larger tile
alone): what a read holds in memory besides its output is bounded by the reader, not by the
lengths a file declares (each of those is already bounded by its tile's verbatim FLAC size).
"""

import threading
import zlib
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from . import container
from .blockcodec import decode_block
from .errors import ChecksumMismatchError, ExtentError
from .feedback import ensure
from .rasterreader import Level, RasterReader, allocate

DECODE_WORKERS = 2
READ_BATCH_BYTES = 32 << 20   # tile bytes fetched, checked and decoded together


class StreamingReader(RasterReader):
    kind = "streaming"

    def __init__(self, source, head=None):
        if head is None:
            head = source.read_range(0, min(container.FIRST_READ, source.size))
        header = container.unpack_header(head, source.size)
        start, end = header.index_offset, header.index_offset + header.index_length
        if end <= len(head):
            packed = bytes(head[start:end])
        else:
            packed = source.read_range(start, header.index_length)
        index = container.unpack_index(packed, header)
        levels = [Level(index=lv.index, width=lv.width, height=lv.height,
                        transform=lv.transform, tile_width=index.tile_width,
                        tile_height=index.tile_height, resampling=lv.resampling,
                        lossless=lv.lossless, extra={"factor": lv.factor})
                  for lv in index.levels]
        super().__init__(source, index.meta, levels)
        self.format_version = header.version
        self.header = header
        self.index = index
        self._pool = None
        self._pool_lock = threading.Lock()

    def tiles_for_window(self, level, col_off, row_off, width, height):
        """(tile, index entry) pairs a window needs, in file order."""
        entry = self.index.levels[_level_number(level)]
        tiles = entry.grid.tiles_in_window(entry.index, col_off, row_off, width, height)
        return [(t, entry.tile_entry(t)) for t in tiles]

    def tile_byte_ranges(self, level, tiles):
        entry = self.index.levels[_level_number(level)]
        return [(e.offset, e.length) for e in map(entry.tile_entry, tiles)]

    def read_window(self, level, col_off, row_off, width, height, feedback=None):
        feedback = ensure(feedback)
        k = _level_number(level)
        if not 0 <= k < len(self.levels):
            raise ExtentError(f"The file has no overview level {k}")
        lv = self.levels[k]
        if (width <= 0 or height <= 0 or col_off < 0 or row_off < 0
                or col_off + width > lv.width or row_off + height > lv.height):
            raise ExtentError(f"Window {col_off},{row_off} {width}x{height} lies outside level "
                              f"{k} ({lv.width}x{lv.height} pixels)")
        pairs = self.tiles_for_window(k, col_off, row_off, width, height)
        window = (col_off, row_off, width, height)
        if len(pairs) == 1 and (pairs[0][0].x, pairs[0][0].y, pairs[0][0].width,
                                pairs[0][0].height) == window:
            # exactly one whole tile: its fresh arrays, no mosaic
            return next(iter(self._decoded(k, pairs, feedback)))[1]
        out = allocate((self.meta["count"], height, width), self.meta["dtype"])
        mask = allocate((height, width), np.uint8) if self.meta.get("mask") else None
        for batch in _batches(pairs, READ_BATCH_BYTES):
            for tile, (arrays, tile_mask) in self._decoded(k, batch, feedback):
                feedback.check()
                x0, y0 = max(col_off, tile.x), max(row_off, tile.y)
                x1 = min(col_off + width, tile.x + tile.width)
                y1 = min(row_off + height, tile.y + tile.height)
                dst = (slice(y0 - row_off, y1 - row_off), slice(x0 - col_off, x1 - col_off))
                src = (slice(y0 - tile.y, y1 - tile.y), slice(x0 - tile.x, x1 - tile.x))
                out[(slice(None),) + dst] = arrays[(slice(None),) + src]
                if mask is not None:
                    mask[dst] = tile_mask[src]
        return out, mask

    def _decoded(self, k, pairs, feedback):
        """Fetch and verify one batch of (tile, entry) pairs, then yield (tile, (arrays,
        mask)) as each decodes (in parallel for several tiles)."""
        datas = self.source.read_ranges([(e.offset, e.length) for _, e in pairs],
                                        feedback=feedback, crc32=[e.crc32 for _, e in pairs])
        for (tile, entry), data in zip(pairs, datas):
            if zlib.crc32(data) != entry.crc32:
                raise ChecksumMismatchError(
                    f"Tile row {tile.row}, column {tile.col} of level {k} is damaged "
                    f"(checksum mismatch): the file is corrupt or changed while being read")
        feedback.check()

        def decode(item):
            (tile, entry), data = item
            # The tile's CRC-32 was verified above: FLAC's MD5 would check the same bytes again.
            return tile, decode_block(data, entry.spec, tile.height, tile.width, check_md5=False)

        items = list(zip(pairs, datas))
        del datas
        return map(decode, items) if len(items) < 2 else self._executor().map(decode, items)

    def _executor(self):
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(DECODE_WORKERS, thread_name_prefix="flac-decode")
            return self._pool

    def info(self):
        out = self.common_info()
        out.update({
            "format": "flac_raster_qgis streaming container",
            "tile_grid": {"tile_width": self.index.tile_width,
                          "tile_height": self.index.tile_height,
                          "tiles_across": self.levels[0].tiles_across,
                          "tiles_down": self.levels[0].tiles_down},
            "index_bytes": self.header.index_length,
            "writer": self.index.writer,
        })
        out["tile_coding"] = tile_coding_counts(self.index.levels)
        for entry, lv in zip(out["levels"], self.index.levels):
            entry["bytes"] = sum(t.length for t in lv.tiles)
        full = out["levels"][0]["bytes"]
        out["full_resolution_ratio"] = round(out["raw_size"] / full, 4) if full else None
        out["overview_bytes"] = sum(e["bytes"] for e in out["levels"][1:])
        return out

    def close(self):
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        super().close()


def tile_coding_counts(levels):
    """How many tiles use each transform chain, e.g. {"interp": 50, "vdiff+runs": 18}: what
    the writer's per-tile trials chose (docs/format.md §4.2)."""
    counts = {}
    for lv in levels:
        for tile in lv.tiles:
            spec = tile.spec
            key = "+".join([spec.predictor]
                           + (["bdiff"] if spec.band_transform != "none" else [])
                           + (["runs"] if spec.runs != "none" else [])
                           + (["grid"] if any(e.repr == "float32grid"
                                              for e in spec.encodings) else [])
                           + (["planar"] if spec.layout == "planar" else []))
            counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


def _batches(pairs, budget):
    """Consecutive runs of ``pairs`` whose tile bytes add up to at most ``budget`` each."""
    batch, total = [], 0
    for pair in pairs:
        if batch and total + pair[1].length > budget:
            yield batch
            batch, total = [], 0
        batch.append(pair)
        total += pair[1].length
    if batch:
        yield batch


def _level_number(level):
    return level.index if isinstance(level, Level) else int(level)
