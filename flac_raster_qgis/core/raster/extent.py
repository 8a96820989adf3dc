"""Extent reads shared by every format: bounds (any CRS) + resolution -> level and window.

The window is snapped outward to whole pixels of the chosen level and clipped to the raster,
so the result holds exactly the pixels covering the requested extent — not whole tiles — with
a geotransform that places them where they belong. Resolution picks the coarsest level whose
pixels are still at least as fine as asked for, so a zoomed-out read touches only overviews.
"""

import copy
import functools
import math
from dataclasses import dataclass

import numpy as np

from . import metadata as meta_mod
from ..errors import ExtentError
from ..feedback import ensure
from .tiling import Window

DENSIFY_POINTS = 21
_SNAP_EPS = 1e-6        # pixels: bounds that sit on a pixel edge up to float noise stay there


@dataclass
class ReadResult:
    arrays: np.ndarray      # (bands, rows, cols), the raster's dtype
    mask: object            # (rows, cols) uint8 (0 = no data) or None
    transform: object       # rasterio Affine of the result
    meta: dict              # metadata dict of the result (geotiff_profile/apply_metadata)
    level: object           # the rasterreader.Level read
    window: Window          # in the level's pixels

    @property
    def bounds(self):
        return meta_mod.bounds(self.meta)

    @property
    def crs(self):
        return meta_mod.crs_from_json(self.meta.get("crs"))


def read(reader, bounds=None, bounds_crs=None, resolution=None, level=None, feedback=None):
    """Read exactly ``bounds`` from ``reader`` (see :func:`plan`); returns a ReadResult."""
    lv, window = plan(reader, bounds, bounds_crs, resolution, level)
    arrays, mask = reader.read_window(lv, *window, feedback=feedback)
    meta = window_meta(reader.meta, lv, window)
    from rasterio.transform import Affine
    return ReadResult(arrays, mask, Affine.from_gdal(*meta["transform"]), meta, lv, window)


def plan(reader, bounds=None, bounds_crs=None, resolution=None, level=None):
    """(Level, tiling.Window) for an extent read.

    ``bounds`` is (xmin, ymin, xmax, ymax) in ``bounds_crs`` (default: the file's CRS);
    ``resolution`` a pixel size (number or (x, y)) in the units of ``bounds_crs``;
    ``level`` forces an overview level (0 = full resolution).
    """
    meta = reader.meta
    request = None
    if bounds is not None:
        request = _check_bounds(bounds)
        file_bounds = _to_file_crs(meta, request, bounds_crs)
    else:
        file_bounds = meta_mod.bounds(meta)
    lv = _choose_level(reader.levels, level, resolution, request, file_bounds)
    if bounds is None:
        return lv, lv.window
    return lv, _window(lv, file_bounds, meta)


def to_file_crs(meta, bounds, bounds_crs):
    """``bounds`` (xmin, ymin, xmax, ymax) in ``bounds_crs`` -> the bounding box in the
    file's CRS. The one reprojection every caller uses (Processing through :func:`plan`, the
    data-source page directly), so the same extent gives the same window everywhere."""
    return _to_file_crs(meta, _check_bounds(bounds), bounds_crs)


def _check_bounds(bounds):
    try:
        xmin, ymin, xmax, ymax = (float(v) for v in bounds)
    except (TypeError, ValueError):
        raise ExtentError(
            f"An extent is four numbers (xmin, ymin, xmax, ymax), not {bounds!r}") from None
    if not all(math.isfinite(v) for v in (xmin, ymin, xmax, ymax)):
        raise ExtentError("The extent contains a non-finite number")
    if xmin >= xmax or ymin >= ymax:
        raise ExtentError(f"The extent is empty or inverted: xmin={xmin}, ymin={ymin}, "
                          f"xmax={xmax}, ymax={ymax}")
    return (xmin, ymin, xmax, ymax)


def _to_file_crs(meta, request, bounds_crs):
    if bounds_crs is None:
        return request
    from rasterio.crs import CRS
    from rasterio.errors import CRSError
    from rasterio.warp import transform_bounds
    try:
        src = bounds_crs if isinstance(bounds_crs, CRS) else CRS.from_user_input(bounds_crs)
    except CRSError as exc:
        raise ExtentError(f"Unknown CRS for the extent: {bounds_crs!r} ({exc})") from exc
    dst = meta_mod.crs_from_json(meta.get("crs"))
    if dst is None:
        raise ExtentError("The raster has no CRS, so an extent in another CRS cannot be placed "
                          "on it; give the extent in the raster's own coordinates")
    if src == dst:
        return request
    try:
        out = transform_bounds(src, dst, *request, densify_pts=DENSIFY_POINTS)
    except Exception as exc:  # PROJ errors come in several types
        raise ExtentError(f"The extent cannot be transformed to the raster's CRS: {exc}") from exc
    if not all(math.isfinite(v) for v in out) or out[0] >= out[2] or out[1] >= out[3]:
        raise ExtentError("The extent cannot be transformed to the raster's CRS "
                          "(it lies outside the area where that CRS is defined)")
    return tuple(out)


def choose_level(levels, level):
    """The Level numbered ``level`` (a clear error when the file has no such level)."""
    return _choose_level(levels, level, None, None, None)


def _choose_level(levels, level, resolution, request, file_bounds):
    if level is not None:
        try:
            k = int(level)
        except (TypeError, ValueError):
            raise ExtentError(f"The level must be a whole number, not {level!r}") from None
        if not 0 <= k < len(levels):
            has = f"levels 0 to {len(levels) - 1}" if len(levels) > 1 \
                else "no overviews (only level 0)"
            raise ExtentError(f"Level {k} does not exist: the file has {has}")
        return levels[k]
    if resolution is None:
        return levels[0]
    try:
        rx, ry = (resolution, resolution) if np.isscalar(resolution) else resolution
        rx, ry = abs(float(rx)), abs(float(ry))
    except (TypeError, ValueError):
        raise ExtentError(
            f"The resolution must be a number or (x, y), not {resolution!r}") from None
    if not (math.isfinite(rx) and math.isfinite(ry)) or rx <= 0 or ry <= 0:
        raise ExtentError("The resolution must be a positive number")
    if request is not None and request != tuple(file_bounds):
        # Resolution is in the units of the extent's CRS: scale it to the file's CRS.
        rx *= (file_bounds[2] - file_bounds[0]) / (request[2] - request[0])
        ry *= (file_bounds[3] - file_bounds[1]) / (request[3] - request[1])
    chosen = levels[0]
    for lv in levels[1:]:
        px, py = lv.resolution
        if px <= rx * (1 + 1e-9) and py <= ry * (1 + 1e-9):
            chosen = lv
    return chosen


def _window(lv, file_bounds, meta):
    from rasterio.transform import Affine
    inverse = ~Affine.from_gdal(*lv.transform)
    xmin, ymin, xmax, ymax = file_bounds
    corners = [inverse * (x, y) for x in (xmin, xmax) for y in (ymin, ymax)]
    cols = [c for c, _ in corners]
    rows = [r for _, r in corners]
    c0, c1 = math.floor(min(cols) + _SNAP_EPS), math.ceil(max(cols) - _SNAP_EPS)
    r0, r1 = math.floor(min(rows) + _SNAP_EPS), math.ceil(max(rows) - _SNAP_EPS)
    window = Window(c0, r0, c1 - c0, r1 - r0).clip(lv.width, lv.height)
    if window is None:
        rb = meta_mod.bounds(meta)
        raise ExtentError(
            "The requested extent does not overlap the raster. Extent (in the raster's CRS): "
            f"{_fmt(file_bounds)}; raster extent: {_fmt(rb)}")
    return window


def _fmt(b):
    return ", ".join(f"{v:.10g}" for v in b)


def window_meta(meta, lv, window):
    """The metadata dict of a window of a level: size and geotransform updated."""
    col_off, row_off, width, height = window
    c, a, b, f, d, e = lv.transform
    out = copy.deepcopy(meta)
    out["width"], out["height"] = width, height
    out["transform"] = [c + a * col_off + b * row_off, a, b,
                        f + d * col_off + e * row_off, d, e]
    factor = lv.extra.get("factor", 1) if lv.extra else 1
    if meta.get("gcps"):
        out["gcps"] = [[g[0] / factor - row_off, g[1] / factor - col_off] + list(g[2:])
                       for g in meta["gcps"]]
    return out


def write_geotiff(reader, lv, window, dst, overwrite=False, feedback=None,
                  creation_options=None, decode_ahead=False):
    """Write a window of a level to a GeoTIFF at ``dst``, one of the reader's row strips at
    a time (tile rows; a plain file's rows as they are decoded): memory stays bounded.
    ``decode_ahead``: decode the next strip in a thread while this one is written (see
    :func:`decoded_ahead`; for sources any thread may read)."""
    from ..atomic import atomic_output
    from .geotiff import geotiff_writer
    from ..notices import lossy_tags
    feedback = ensure(feedback)
    width = window[2]
    meta = window_meta(reader.meta, lv, window)
    import rasterio
    with atomic_output(dst, overwrite) as tmp, rasterio.Env(GDAL_CACHEMAX=64), \
            geotiff_writer(tmp, meta, creation_options) as out:
        if lv.index:
            out.update_tags(FLACRASTER_OVERVIEW_LEVEL=str(lv.index),
                            FLACRASTER_RESAMPLING=lv.resampling)
        rows = BlockRows(out, width, window[3], out.block_shapes[0][0])
        strips = functools.partial(reader.strips, lv, window, feedback)
        for strip in decoded_ahead(strips) if decode_ahead else strips():
            rows.add(strip)
            feedback.set_progress(strip.progress)
        rows.flush()
        if lossy_tags(reader):   # after the reads: some losses show only when decoding
            out.update_tags(**lossy_tags(reader))
    return dst


def decoded_ahead(make_strips):
    """Yield the strips of ``make_strips()`` while the next one is decoded in a thread.

    Why: libFLAC runs outside the GIL and so does GDAL's compression, so decoding the next
    strip while this one is written uses both cores (a plain file decodes in one stream: its
    export was 1.13x ``gdal_translate``'s time without this). At most one strip waits, so
    memory grows by two strips at most. Only for local files: a remote file's transport
    (QGIS's network manager) belongs to the thread that opened it. An error or a Cancel in
    the decoding thread is raised here; leaving early stops that thread."""
    import queue
    import threading
    handoff = queue.Queue(maxsize=1)
    stop = threading.Event()
    end = object()

    def put(item):
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def produce():
        strips = None
        try:
            strips = make_strips()
            for strip in strips:
                if not put(strip):
                    return
            put(end)
        except BaseException as exc:   # noqa: BLE001 - handed to the consumer, raised there
            put(_Failed(exc))
        finally:
            if strips is not None and hasattr(strips, "close"):
                strips.close()

    worker = threading.Thread(target=produce, name="flac-decode-ahead", daemon=True)
    worker.start()
    try:
        while True:
            item = handoff.get()
            if item is end:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        stop.set()
        worker.join()


class _Failed:
    def __init__(self, error):
        self.error = error


class BlockRows:
    """Hands row strips to a GeoTIFF being written in whole rows of its blocks.

    Why: a plain file decodes a few rows at a time, and GDAL's GeoTIFF driver compresses a
    block each time a write leaves it and decompresses it again for the next rows, so writing
    such strips as they came made the plain ETOPO5 export 1.7x slower than ``gdal_translate``.
    Rows are copied into one block row's buffer (the strips themselves are released) until it
    is full or the bands change (a band-sequential file hands out one band, then the next);
    a strip that is already whole block rows (a streaming file's tile row) is written as is."""

    def __init__(self, out, width, height, block_height):
        self.out, self.width, self.height = out, width, height
        self.block_height = max(1, int(block_height))
        self.kind, self.row0, self.filled = None, 0, 0
        self.values = self.mask = None

    def add(self, strip):
        kind = (strip.bands, strip.mask is not None)
        if self.filled and (kind != self.kind or strip.row_off != self.row0 + self.filled):
            self.flush()
        first = 0
        while first < strip.height:
            row = strip.row_off + first
            if not self.filled:
                self.kind, self.row0 = kind, row
            room = self._capacity() - self.filled
            part = strip.crop(first, first + min(room, strip.height - first), slice(None), row)
            if not self.filled and part.height == self._capacity():
                self._write(row, part.values, part.mask)   # whole block rows: no copy
            else:
                self._copy(part)
                if self.filled == self._capacity():
                    self.flush()
            first += part.height

    def _capacity(self):
        """Rows from ``row0`` to the end of its block row (or of the output)."""
        return min(self.block_height - self.row0 % self.block_height, self.height - self.row0)

    def _copy(self, part):
        if not self.filled:
            rows = self._capacity()
            self.values = None if part.values is None else \
                np.empty((len(part.bands), rows, self.width), part.values.dtype)
            self.mask = None if part.mask is None else \
                np.empty((rows, self.width), part.mask.dtype)
        rows = slice(self.filled, self.filled + part.height)
        if self.values is not None:
            self.values[:, rows] = part.values
        if self.mask is not None:
            self.mask[rows] = part.mask
        self.filled += part.height

    def flush(self):
        if self.filled:
            n = self.filled
            self._write(self.row0, None if self.values is None else self.values[:, :n],
                        None if self.mask is None else self.mask[:n])
        self.filled, self.values, self.mask = 0, None, None

    def _write(self, row_off, values, mask):
        rows = (mask if values is None else values).shape[-2]
        target = Window(0, row_off, self.width, rows).to_rasterio()
        if mask is not None:
            self.out.write_mask(mask, window=target)
        if self.kind[0]:
            self.out.write(values, [b + 1 for b in self.kind[0]], window=target)
