"""Halve a block of pixels for the next overview level (2x2 -> 1), nodata- and mask-aware.

* ``nearest`` keeps the top-left pixel of each 2x2 block: values stay original (categories,
  codes), only the sampling changes.
* ``average`` is the mean of the valid pixels of each block (integers rounded half up);
  a block without valid pixels becomes nodata (or 0 / NaN when the band has none).
* ``mode`` is the most frequent valid value (ties: the first in block order), for
  categorical rasters where nearest is too jumpy.

A pixel is valid when the mask (if any) is non-zero, it is not the band's nodata value and
it is not NaN. The overview mask is set where any pixel of the block is unmasked. Levels are
built from the previous level (as ``gdaladdo`` does), so each call sees a single block.
"""

import numpy as np

from ..choices import RESAMPLINGS

_COLUMN_CHUNK = 2048  # keep float64 work arrays small on wide rasters


def check_resampling(name):
    name = str(name).lower()
    if name not in RESAMPLINGS:
        raise ValueError(
            f"Unknown overview resampling {name!r}; use one of {', '.join(RESAMPLINGS)}")
    return name


def halve(arrays, mask, nodata, method):
    """(count, rows, cols) arrays + mask (rows, cols) or None -> the half-size pair."""
    arrays = np.asarray(arrays)
    count, rows, cols = arrays.shape
    out_rows, out_cols = -(-rows // 2), -(-cols // 2)
    out_mask = None
    if mask is not None:
        out_mask = _any_block(mask != 0).astype(np.uint8) * np.uint8(255)
    if method == "nearest":
        return np.ascontiguousarray(arrays[:, ::2, ::2]), out_mask
    out = np.empty((count, out_rows, out_cols), dtype=arrays.dtype)
    for band in range(count):
        for c0 in range(0, cols, _COLUMN_CHUNK):
            c1 = min(cols, c0 + _COLUMN_CHUNK)
            piece = arrays[band, :, c0:c1]
            valid = _valid(piece, None if mask is None else mask[:, c0:c1], nodata[band])
            fn = _average if method == "average" else _mode
            out[band, :, c0 // 2:c0 // 2 + -(-(c1 - c0) // 2)] = fn(piece, valid, nodata[band])
    return out, out_mask


def _valid(values, mask, nodata):
    valid = np.ones(values.shape, dtype=bool) if mask is None else mask != 0
    if values.dtype.kind == "f":
        valid &= ~np.isnan(values)
        if nodata is not None and not np.isnan(nodata):
            valid &= values != values.dtype.type(nodata)   # as stored (float32 of a double)
    elif nodata is not None and _representable(nodata, values.dtype):
        valid &= values != values.dtype.type(nodata)
    return valid


def _representable(value, dtype):
    if np.isnan(value) or value != int(value):
        return False
    info = np.iinfo(dtype)
    return info.min <= int(value) <= info.max


def _blocks(values, fill):
    """(rows, cols) -> (out_rows, out_cols, 4), padding odd edges with ``fill``."""
    rows, cols = values.shape
    pr, pc = rows % 2, cols % 2
    if pr or pc:
        values = np.pad(values, ((0, pr), (0, pc)), constant_values=fill)
    r2, c2 = values.shape[0] // 2, values.shape[1] // 2
    return values.reshape(r2, 2, c2, 2).transpose(0, 2, 1, 3).reshape(r2, c2, 4)


def _any_block(flags):
    return _blocks(flags, False).any(axis=2)


def _fill_value(dtype, nodata):
    if nodata is not None and (dtype.kind == "f" or _representable(nodata, dtype)):
        return dtype.type(nodata)
    return dtype.type(np.nan) if dtype.kind == "f" else dtype.type(0)


def _average(values, valid, nodata):
    ok = _blocks(valid, False)
    n = ok.sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        vb = _blocks(values, 0).astype(np.float64)
        mean = np.where(ok, vb, 0.0).sum(axis=2) / np.maximum(n, 1)
        if values.dtype.kind in "iu":
            info = np.iinfo(values.dtype)
            mean = np.clip(np.floor(mean + 0.5), float(info.min), float(info.max))
        result = mean.astype(values.dtype)
    result[n == 0] = _fill_value(values.dtype, nodata)
    return result


def _mode(values, valid, nodata):
    vb = _blocks(values, 0)
    ok = _blocks(valid, False)
    votes = np.zeros(ok.shape, dtype=np.int8)
    for i in range(4):
        for j in range(4):
            votes[..., i] += (ok[..., j] & (vb[..., j] == vb[..., i])).astype(np.int8)
    votes[~ok] = -1
    best = votes.argmax(axis=2)
    result = np.take_along_axis(vb, best[..., None], axis=2)[..., 0].copy()
    result[~ok.any(axis=2)] = _fill_value(values.dtype, nodata)
    return result
