"""Nearest-neighbour sampling of a decoded window onto the pixel grid QGIS asks for.

QGIS asks ``block(band, extent, width, height)``: an output grid of ``width x height`` cells
over ``extent``. Each cell takes the source pixel under its centre (nearest neighbour), so at
native resolution on the pixel grid the output is the source window bit for bit. Rotated
geotransforms are handled with the full inverse affine. Pure numpy: no QGIS, no I/O.
"""

import math

import numpy as np


def cell_indices(transform, window, extent, width, height):
    """``(rows, cols, valid)`` indexing a window's arrays for each output cell.

    ``transform`` is the level's GDAL geotransform, ``window`` (col_off, row_off, w, h) the
    decoded window, ``extent`` (xmin, ymin, xmax, ymax) the output. ``rows``/``cols`` are
    clipped into the window (broadcastable to (height, width)); ``valid`` says which cells
    fall on the raster.
    """
    c, a, b, f, d, e = (float(v) for v in transform)
    col_off, row_off, w, h = window
    xmin, ymin, xmax, ymax = extent
    xs = xmin + (np.arange(width) + 0.5) * ((xmax - xmin) / width)
    ys = ymax - (np.arange(height) + 0.5) * ((ymax - ymin) / height)
    if b == 0 and d == 0:
        cols = np.floor((xs - c) / a).astype(np.int64)[None, :] - col_off
        rows = np.floor((ys - f) / e).astype(np.int64)[:, None] - row_off
    else:
        det = a * e - b * d
        gx, gy = np.meshgrid(xs - c, ys - f)
        cols = np.floor((e * gx - b * gy) / det).astype(np.int64) - col_off
        rows = np.floor((-d * gx + a * gy) / det).astype(np.int64) - row_off
    valid = (rows >= 0) & (rows < h) & (cols >= 0) & (cols < w)
    return np.clip(rows, 0, h - 1), np.clip(cols, 0, w - 1), valid


def sample(values, mask, indices):
    """``values`` (rows, cols) of one band -> (height, width) cells and their validity."""
    rows, cols, valid = indices
    out = values[rows, cols]
    valid = np.broadcast_to(valid, out.shape)
    if mask is not None:
        valid = valid & (mask[rows, cols] != 0)
    return out, valid


def free_value(values, valid, dtype):
    """An integer value no valid cell holds (to mark the others as no data), or None when
    every value of the type is used."""
    info = np.iinfo(dtype)
    used = values[valid]
    if used.size == 0:
        return info.min
    if info.bits <= 16:
        counts = np.bincount((used.astype(np.int64) - info.min).ravel(),
                             minlength=info.max - info.min + 1)
        free = np.flatnonzero(counts == 0)
        return int(free[0]) + info.min if free.size else None
    unique = np.unique(used)
    if unique[0] > info.min:
        return info.min
    gaps = np.flatnonzero(np.diff(unique.astype(np.int64)) > 1)
    if gaps.size:
        return int(unique[gaps[0]]) + 1
    return int(unique[-1]) + 1 if int(unique[-1]) < info.max else None


def fits(value, dtype):
    """Whether a declared nodata value is exactly representable in ``dtype``."""
    if value is None:
        return False
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        return True
    if not math.isfinite(value) or value != int(value):
        return False
    info = np.iinfo(dtype)
    return info.min <= int(value) <= info.max
