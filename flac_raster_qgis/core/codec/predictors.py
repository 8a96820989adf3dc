"""Reversible transforms applied to sample planes before FLAC, undone after decoding.

FLAC predicts along one dimension (a row) and codes channels independently; rasters are
smooth in two dimensions and their bands are correlated. Two exactly invertible integer
transforms expose that to FLAC (measured gains in docs/benchmarks.md):

* predictor ``vdiff``: each row becomes its difference from the row above, so FLAC's row
  predictor works on vertical residuals (+11..15 % on DEMs);
* predictor ``interp`` (tiles only, core/codec/interp.py): interpolation lifting for rasters
  made from a coarser grid (+11..17 % over ``vdiff`` on ETOPO5's northern tiles);
* band transform ``bdiff``: band *k* becomes its difference from band *k-1* (band 1 stays),
  for multispectral data whose bands share edges and texture (+5 % Landsat, +21 % RGBN).

All arithmetic wraps in the sample width (int16/int32), so the transforms are bijections
for every input, extreme values included. The encoder applies the band transform first, the
decoder undoes the predictor first. ``MED`` (the JPEG-LS predictor) was measured too and is
not offered: it gains at most 1.3 % over ``vdiff`` here, loses on SRTM, and its inverse is a
per-pixel recurrence that numpy cannot vectorise.
"""

import numpy as np

from . import interp
from ..choices import BAND_TRANSFORMS, PREDICTORS, WINDOWED_PREDICTORS  # noqa: F401 - re-exported
from .rowsums import prefix_sum_rows
from ..errors import CorruptFileError, FlacRasterError

# Trial sizes are weighed by these factors: ``interp`` takes ~2x as long as ``vdiff`` to undo
# (~1.2 vs ~0.6 ms per 512x512 plane), so it must win by more than 1 % to be chosen
# (Landsat-8: +0.7 % ratio was costing 10 % of decode speed; ETOPO5's tiles gain 11-17 %).
DECODE_COST = {"none": 1.0, "vdiff": 1.0, "interp": 1.01}


def check_choice(name, allowed, what, allow_auto=True):
    """``allow_auto``: a caller's choice (bad value: FlacRasterError); else a value read from a
    file (bad value: CorruptFileError)."""
    if name in allowed or (allow_auto and name == "auto"):
        return name
    if allow_auto:
        raise FlacRasterError(f"Unknown {what} {name!r}: use auto, {', '.join(allowed)}")
    raise CorruptFileError(f"Unknown {what} {name!r}")


def check_predictor(name, allow_auto=True, windowed=False):
    """``windowed``: the block is encoded in row windows (plain format), so a forced choice
    must be one that works window by window."""
    check_choice(name, PREDICTORS, "predictor", allow_auto)
    if windowed and name != "auto" and name not in WINDOWED_PREDICTORS:
        raise FlacRasterError(
            f"The {name} predictor needs whole tiles: use it for streaming files, or "
            f"choose one of auto, {', '.join(WINDOWED_PREDICTORS)}")
    return name


def check_band_transform(name, allow_auto=True):
    return check_choice(name, BAND_TRANSFORMS, "band transform", allow_auto)


def apply(name, plane, prev_row=None):
    """Residuals of ``plane`` (rows, cols); ``prev_row`` is the row above the window, if any."""
    if name == "none":
        return plane
    check_predictor(name, allow_auto=False)
    if name == "interp":
        if prev_row is not None:
            raise FlacRasterError("The interp predictor works on whole tiles, not row windows")
        return interp.forward(plane)
    out = np.empty_like(plane)
    if plane.shape[0]:
        if prev_row is not None:
            np.subtract(plane[0], prev_row, out=out[0])
        else:
            out[0] = plane[0]
        np.subtract(plane[1:], plane[:-1], out=out[1:])
    return out


def undo(name, residuals, prev_row=None, in_place=False):
    """Inverse of :func:`apply`; also takes (rows, cols, channels) stacks.

    ``in_place``: the caller owns ``residuals`` (freshly decoded samples), so a contiguous,
    writable array is undone where it is instead of in a copy (one pass less per tile)."""
    if name == "none":
        return residuals
    check_predictor(name, allow_auto=False)
    if name == "interp":
        if prev_row is not None:
            raise CorruptFileError("The interp predictor works on whole tiles, not row windows")
        return interp.inverse(residuals, in_place)
    if in_place and residuals.flags.writeable and residuals.flags.c_contiguous:
        out = residuals
    else:
        out = np.array(residuals, copy=True, order="C")
    if not out.shape[0]:
        return out
    if prev_row is not None:
        np.add(out[0], prev_row, out=out[0])
    prefix_sum_rows(out)
    return out


def apply_bands(name, planes):
    """Band transform of a list of same-shape planes (one per band) -> new list."""
    if name == "none" or len(planes) < 2:
        return list(planes)
    check_band_transform(name, allow_auto=False)
    return [planes[0]] + [np.subtract(planes[k], planes[k - 1]) for k in range(1, len(planes))]


def undo_bands(name, planes):
    """Inverse of :func:`apply_bands`."""
    if name == "none" or len(planes) < 2:
        return list(planes)
    check_band_transform(name, allow_auto=False)
    out = [planes[0]]
    for k in range(1, len(planes)):
        out.append(np.add(planes[k], out[k - 1]))
    return out


def candidates(predictor, band_transform, band_planes, windowed=False):
    """The (predictor, band transform) pairs worth trying; forced choices stay fixed.

    ``windowed``: see :func:`check_predictor`.
    """
    check_predictor(predictor, windowed=windowed)
    if predictor == "auto":
        preds = WINDOWED_PREDICTORS if windowed else PREDICTORS
    else:
        preds = (predictor,)
    if band_planes < 2:
        bands = ("none",)
    else:
        bands = BAND_TRANSFORMS if band_transform == "auto" else (band_transform,)
    return [(p, b) for b in bands for p in preds]


def trial_rows(rows, strip=8, strips=4):
    """Row indices sampled for a trial encoding: a few strips spread over the block.

    Encoding 32 of 512 rows with each candidate gave within 0.01 % of the best per-block
    choice (found by encoding whole blocks) on every raster benchmarked, at 1/16 the cost.
    """
    if rows <= strip * strips:
        return np.arange(rows)
    starts = np.linspace(0, rows - strip, strips).astype(int)
    return np.concatenate([np.arange(s, s + strip) for s in starts])
