"""Write a streaming container (docs/format.md) tile by tile, with bounded memory.

Level 0 is read from GDAL one tile-row at a time (in column chunks for very wide rasters);
each tile is encoded as its own FLAC stream and halved into the next level's row buffer, so
every overview is built from the level above it while level 0 streams through. Each level's
tiles go to their own anonymous temporary file; at the end header + index are written and the
levels are copied after them, coarsest first. Memory: about one tile-row per level.
"""

import json
import os
import shutil
import tempfile
import zlib
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import numpy as np

from .. import choices
from . import container
from ..raster import metadata as meta_mod
from ..atomic import atomic_output
from ..codec.blockcodec import encode_block
from ..errors import UnsupportedRasterError
from ..feedback import ensure
from ..raster.overviews import check_resampling, halve
from ..raster.tiling import Grid, pyramid_sizes
from ..version import __version__

READ_CHUNK_BYTES = 32 << 20   # raw bytes of one GDAL read
GDAL_CACHE_MB = 64
ENCODE_WORKERS = 2            # libFLAC releases the GIL: use both cores


def check_tile_size(tile_size):
    try:
        tile_size = int(tile_size)
    except (TypeError, ValueError):
        raise ValueError(f"The tile size must be a whole number, not {tile_size!r}") from None
    if not choices.is_tile_size(tile_size):
        raise ValueError(f"The tile size must be a multiple of {choices.TILE_MULTIPLE} between "
                         f"{choices.MIN_TILE} and {choices.MAX_TILE} pixels, not {tile_size}")
    return tile_size


def write_streaming(src_path, dst_path, tile_size=choices.DEFAULT_TILE_SIZE,
                    compression_level=choices.DEFAULT_COMPRESSION_LEVEL, overviews=True,
                    resampling=choices.DEFAULT_RESAMPLING, overwrite=False, feedback=None,
                    predictor=choices.DEFAULT_PREDICTOR):
    """Convert the GDAL raster at ``src_path`` into a streaming container at ``dst_path``."""
    import rasterio
    feedback = ensure(feedback)
    tile_size = check_tile_size(tile_size)
    resampling = check_resampling(resampling)
    # Every source block is read once: a big GDAL block cache only inflates memory. (Takes
    # effect when GDAL's cache is not yet sized, e.g. in scripts; QGIS sizes its own.)
    with rasterio.Env(GDAL_CACHEMAX=GDAL_CACHE_MB), rasterio.open(src_path) as ds:
        meta = meta_mod.read_metadata(ds)
        try:
            container.check_tile_samples(tile_size, meta["count"],
                                         2 if np.dtype(meta["dtype"]).itemsize == 8 else 1,
                                         meta.get("mask"))
        except ValueError as exc:
            raise UnsupportedRasterError(str(exc)) from exc
        sizes = pyramid_sizes(meta["width"], meta["height"], tile_size)
        if not overviews:
            sizes = sizes[:1]
        folder = os.path.dirname(os.path.abspath(os.fspath(dst_path)))
        with atomic_output(dst_path, overwrite) as tmp, ExitStack() as stack:
            files = [stack.enter_context(tempfile.TemporaryFile(dir=folder, prefix=".flacraster-"))
                     for _ in sizes]
            grids = [Grid(w, h, tile_size, tile_size) for w, h in sizes]
            sink = _TileSink(files, meta["dtype"], compression_level, predictor, feedback,
                             total=sum(g.count for g in grids))
            try:
                _Pyramid(meta, grids, resampling, sink, feedback).run(ds)
                sink.finish()
            finally:
                sink.close()
            _assemble(tmp, meta, tile_size, grids, resampling, sink, files, feedback)
    return dst_path


class _TileSink:
    """Encodes tiles on a small thread pool and appends them, in order, to their level file."""

    def __init__(self, files, dtype, compression_level, predictor, feedback, total):
        self.files = files
        self.dtype = dtype
        self.compression_level = compression_level
        self.predictor = predictor
        self.feedback = feedback
        self.total = total
        self.done = 0
        self.pool = ThreadPoolExecutor(ENCODE_WORKERS, thread_name_prefix="flac-encode")
        self.pending = deque()
        self.records = [[] for _ in files]   # per level: (offset, length, crc32, spec id)
        self.specs, self._spec_ids = [], {}

    def submit(self, level, arrays, mask):
        self.feedback.check()
        arrays = np.array(arrays, copy=True, order="C")   # buffers are reused by the caller
        mask = None if mask is None else np.array(mask, copy=True, order="C")
        future = self.pool.submit(encode_block, arrays, self.dtype, mask,
                                  self.compression_level, self.predictor)
        self.pending.append((level, future))
        while self.pending and (len(self.pending) > 2 * ENCODE_WORKERS
                                or self.pending[0][1].done()):
            self._store_oldest()

    def _store_oldest(self):
        level, future = self.pending.popleft()
        data, spec = future.result()
        fh = self.files[level]
        offset = fh.tell()
        fh.write(data)
        spec_json = spec.to_json()
        key = json.dumps(spec_json, sort_keys=True)
        if key not in self._spec_ids:
            self._spec_ids[key] = len(self.specs)
            self.specs.append(spec_json)
        self.records[level].append((offset, len(data), zlib.crc32(data), self._spec_ids[key]))
        self.done += 1
        self.feedback.set_progress(0.97 * self.done / self.total)

    def finish(self):
        while self.pending:
            self.feedback.check()
            self._store_oldest()

    def close(self):
        self.pool.shutdown(wait=True, cancel_futures=True)


class _RowBuffer:
    """One tile-row of an overview level, filled by halving the level above."""

    def __init__(self, count, dtype, width, rows, has_mask):
        self.arrays = np.zeros((count, rows, width), dtype=dtype)
        self.mask = np.zeros((rows, width), dtype=np.uint8) if has_mask else None
        self.filled = 0
        self.row = 0


class _Pyramid:
    def __init__(self, meta, grids, resampling, sink, feedback):
        self.meta = meta
        self.grids = grids
        self.resampling = resampling
        self.sink = sink
        self.feedback = feedback
        self.nodata = meta_mod.nodata_values(meta)
        self.has_mask = bool(meta.get("mask"))
        tile = grids[0].tile_height
        self.buffers = [None] + [_RowBuffer(meta["count"], meta["dtype"], g.width,
                                            min(tile, g.height), self.has_mask)
                                 for g in grids[1:]]

    def run(self, ds):
        from rasterio.windows import Window
        grid = self.grids[0]
        itemsize = np.dtype(self.meta["dtype"]).itemsize
        row_bytes = max(1, grid.tile_height * self.meta["count"] * itemsize)
        chunk = max(grid.tile_width,
                    READ_CHUNK_BYTES // row_bytes // grid.tile_width * grid.tile_width)
        for trow in range(grid.tiles_down):
            y = trow * grid.tile_height
            height = min(grid.tile_height, grid.height - y)
            for x0 in range(0, grid.width, chunk):
                self.feedback.check()
                window = Window(x0, y, min(chunk, grid.width - x0), height)
                block = ds.read(window=window)
                mask = ds.read_masks(1, window=window) if self.has_mask else None
                for tcol in range(x0 // grid.tile_width,
                                  -(-(x0 + window.width) // grid.tile_width)):
                    tile = grid.tile(0, trow, tcol)
                    cols = slice(tile.x - x0, tile.x - x0 + tile.width)
                    self._tile(0, tile, block[:, :, cols], None if mask is None else mask[:, cols])
            self._row_done(0, height)

    def _tile(self, level, tile, arrays, mask):
        self.sink.submit(level, arrays, mask)
        if level + 1 >= len(self.grids):
            return
        small, small_mask = halve(arrays, mask, self.nodata, self.resampling)
        buf = self.buffers[level + 1]
        rows, cols = small.shape[1], small.shape[2]
        x = tile.x // 2
        buf.arrays[:, buf.filled:buf.filled + rows, x:x + cols] = small
        if buf.mask is not None:
            buf.mask[buf.filled:buf.filled + rows, x:x + cols] = small_mask

    def _row_done(self, level, rows):
        """A tile-row of ``level`` is complete: advance the next level, flush it when full."""
        if level + 1 >= len(self.grids):
            return
        buf, grid = self.buffers[level + 1], self.grids[level + 1]
        buf.filled += -(-rows // 2)
        expected = min(grid.tile_height, grid.height - buf.row * grid.tile_height)
        if buf.filled < expected:
            return
        for tcol in range(grid.tiles_across):
            tile = grid.tile(level + 1, buf.row, tcol)
            cols = slice(tile.x, tile.x + tile.width)
            self._tile(level + 1, tile, buf.arrays[:, :expected, cols],
                       None if buf.mask is None else buf.mask[:expected, cols])
        buf.row += 1
        buf.filled = 0
        self._row_done(level + 1, expected)


def _assemble(path, meta, tile_size, grids, resampling, sink, files, feedback):
    """Header + index, then each level's tiles, coarsest level first."""
    order = list(range(len(grids)))[::-1]
    bases, position = {}, 0
    for k in order:
        bases[k] = position
        files[k].seek(0, os.SEEK_END)
        position += files[k].tell()
    data_length = position
    levels = []
    for k, grid in enumerate(grids):
        records = sink.records[k]
        if len(records) != grid.count:
            raise RuntimeError(f"level {k}: {len(records)} tiles written, {grid.count} expected")
        levels.append({
            "level": k,
            "factor": 1 << k,
            "width": grid.width,
            "height": grid.height,
            "resampling": "none" if k == 0 else resampling,
            "lossless": k == 0,
            "offsets": [bases[k] + r[0] for r in records],
            "lengths": [r[1] for r in records],
            "crc32": [r[2] for r in records],
            "specs": [r[3] for r in records],
        })
    index = container.build_index(meta, tile_size, tile_size, levels, sink.specs,
                                  f"flac_raster_qgis {__version__}")
    packed, raw_length = container.pack_index(index)
    header = container.Header(
        version=index["version"], index_offset=container.HEADER_SIZE,
        index_length=len(packed), index_raw_length=raw_length,
        data_offset=container.HEADER_SIZE + len(packed), data_length=data_length,
        index_crc32=zlib.crc32(packed))
    with open(path, "wb") as out:
        out.write(container.pack_header(header))
        out.write(packed)
        for k in order:
            feedback.check()
            files[k].seek(0)
            shutil.copyfileobj(files[k], out, 1 << 20)
    feedback.set_progress(1.0)
