"""Reversible 2-D predictors applied to sample planes before FLAC.

FLAC predicts along one dimension (a row); rasters are smooth in two. Replacing each row by
its difference from the row above ("vdiff") lets FLAC's row predictor work on vertical
residuals: measured +11..15 % on DEMs. Arithmetic wraps in the sample width (int16/int32),
so the transform is exactly invertible for every input, including extreme values.
"""

import numpy as np

from .errors import CorruptFileError

PREDICTORS = ("none", "vdiff")


def apply(name, plane, prev_row=None):
    """Residuals of ``plane`` (rows, cols); ``prev_row`` is the row above the window, if any."""
    if name == "none":
        return plane
    if name != "vdiff":
        raise CorruptFileError(f"Unknown predictor {name!r}")
    out = np.empty_like(plane)
    if plane.shape[0]:
        out[0] = plane[0] - prev_row if prev_row is not None else plane[0]
        np.subtract(plane[1:], plane[:-1], out=out[1:])
    return out


def undo(name, residuals, prev_row=None):
    """Inverse of :func:`apply`."""
    if name == "none":
        return residuals
    if name != "vdiff":
        raise CorruptFileError(f"Unknown predictor {name!r}")
    if prev_row is not None and residuals.shape[0]:
        residuals = residuals.copy()
        residuals[0] += prev_row
    return np.cumsum(residuals, axis=0, dtype=residuals.dtype)


def choose(planes):
    """Pick the predictor likely to compress best, from a cheap cost proxy.

    The proxy is the mean absolute second horizontal difference: close to what FLAC's
    low-order fixed predictors leave behind.
    """
    def cost(arr):
        a = arr.astype(np.int64)
        if a.shape[1] >= 3:
            a = a[:, 2:] - 2 * a[:, 1:-1] + a[:, :-2]
        return float(np.abs(a).mean()) if a.size else 0.0

    rows = [p[: min(p.shape[0], 256)] for p in planes]
    if not rows or rows[0].shape[0] < 2:
        return "none"
    plain = sum(cost(r) for r in rows)
    vert = sum(cost(apply("vdiff", r)) for r in rows)
    return "vdiff" if vert < 0.97 * plain else "none"
