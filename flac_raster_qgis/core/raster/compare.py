"""Are two rasters the same raster? The check users run to prove a round trip is lossless.

Two verdicts, because "equal" has two honest meanings:

* ``identical``  — same size, data type, georeferencing, nodata, scale/offset and masks, and
  every pixel equal **bit for bit** (NaN payloads and the sign of zero included);
* ``values_equal`` — the same metadata and every pixel equal as a number, NaN == NaN
  (so ``-0.0`` vs ``0.0`` or two different NaN payloads are value-equal but not identical).

Per band: ``max_abs_diff`` (exact: integers as Python ints without wrap-around, floats in
float64; pixels where only one side is NaN are counted in ``nan_mismatch_pixels`` and left out
of the maximum), ``differing_pixels`` (numerically different, NaN-aware),
``bit_differing_pixels`` and ``differing_mask_pixels``. The rasters are read a window of rows
at a time, so memory stays bounded whatever their size.
"""

import math
import os

import numpy as np

from ..errors import UnsupportedRasterError
from ..feedback import ensure
from .metadata import float_to_json

WINDOW_PIXELS = 1 << 22  # pixels per band per window (32 MiB of float64 per side)


def compare_rasters(path_a, path_b, feedback=None):
    """Compare two GDAL rasters; return a JSON-able report (see the module docstring)."""
    import rasterio
    from rasterio.errors import RasterioIOError
    feedback = ensure(feedback)
    path_a, path_b = os.fspath(path_a), os.fspath(path_b)
    try:
        with rasterio.open(path_a) as a, rasterio.open(path_b) as b:
            return _compare_open(a, b, path_a, path_b, feedback)
    except RasterioIOError as exc:
        raise UnsupportedRasterError(f"GDAL cannot read the raster: {exc}") from exc


def _compare_open(a, b, path_a, path_b, feedback):
    differences = _metadata_differences(a, b)
    report = {
        "raster_a": path_a,
        "raster_b": path_b,
        "width": [a.width, b.width],
        "height": [a.height, b.height],
        "bands": [],
        "metadata_differences": differences,
    }
    same_shape = (a.width, a.height, a.count) == (b.width, b.height, b.count)
    if same_shape:
        report["bands"] = _compare_pixels(a, b, feedback)
    feedback.set_progress(1.0)
    values_equal = same_shape and not differences and all(
        band["differing_pixels"] == 0 and band["differing_mask_pixels"] == 0
        for band in report["bands"])
    report["values_equal"] = values_equal
    report["identical"] = values_equal and all(
        band["bit_differing_pixels"] == 0 for band in report["bands"])
    report["pixels_compared"] = same_shape
    return report


# ----------------------------------------------------------------------------- metadata


def _same_number(x, y):
    if x is None or y is None:
        return x is None and y is None
    return (math.isnan(x) and math.isnan(y)) or (x == y and math.copysign(1, x) == math.copysign(1, y))


def _crs_text(crs):
    if crs is None:
        return None
    return crs.to_string() or crs.to_wkt()


def _metadata_differences(a, b):
    out = []

    def differ(field, value_a, value_b, band=None):
        entry = {"field": field, "a": value_a, "b": value_b}
        if band is not None:
            entry["band"] = band
        out.append(entry)

    for field in ("width", "height", "count"):
        if getattr(a, field) != getattr(b, field):
            differ(field, getattr(a, field), getattr(b, field))
    if list(a.dtypes) != list(b.dtypes):
        differ("dtype", list(a.dtypes), list(b.dtypes))
    if a.crs != b.crs:
        differ("crs", _crs_text(a.crs), _crs_text(b.crs))
    if tuple(a.transform.to_gdal()) != tuple(b.transform.to_gdal()):
        differ("transform", list(a.transform.to_gdal()), list(b.transform.to_gdal()))
    gcps_a, gcps_b = _gcps(a), _gcps(b)
    if gcps_a != gcps_b:
        differ("gcps", gcps_a, gcps_b)
    for idx in range(min(a.count, b.count)):
        for field, va, vb in (("nodata", a.nodatavals[idx], b.nodatavals[idx]),
                              ("scale", a.scales[idx], b.scales[idx]),
                              ("offset", a.offsets[idx], b.offsets[idx])):
            if not _same_number(va, vb):
                differ(field, float_to_json(va), float_to_json(vb), band=idx + 1)
        flags_a = [f.name for f in a.mask_flag_enums[idx]]
        flags_b = [f.name for f in b.mask_flag_enums[idx]]
        if flags_a != flags_b:
            differ("mask_flags", flags_a, flags_b, band=idx + 1)
    return out


def _gcps(ds):
    gcps, crs = ds.gcps
    if not gcps:
        return None
    return {"crs": _crs_text(crs), "points": [[g.row, g.col, g.x, g.y, g.z] for g in gcps]}


# ----------------------------------------------------------------------------- pixels


def _windows(width, height):
    """Row strips of about WINDOW_PIXELS each, as the rasterio windows GDAL reads."""
    from .tiling import Window
    step = max(1, min(height, WINDOW_PIXELS // max(1, width)))
    return [strip.to_rasterio() for strip in Window(0, 0, width, height).strips(step)]


def _has_own_mask(ds, idx):
    """True when the band's mask is stored (per-dataset or alpha), not derived from nodata."""
    from rasterio.enums import MaskFlags
    flags = ds.mask_flag_enums[idx - 1]
    return MaskFlags.per_dataset in flags or MaskFlags.alpha in flags


def _compare_pixels(a, b, feedback):
    windows = list(_windows(a.width, a.height))
    bands = [_BandTally(i, a.dtypes[i - 1], b.dtypes[i - 1]) for i in range(1, a.count + 1)]
    total = len(windows) * a.count
    step = 0
    for window in windows:
        for tally in bands:
            feedback.check()
            idx = tally.band
            tally.add(a.read(idx, window=window), b.read(idx, window=window))
            if _has_own_mask(a, idx) or _has_own_mask(b, idx):
                tally.add_masks(a.read_masks(idx, window=window),
                                b.read_masks(idx, window=window))
            step += 1
            feedback.set_progress(step / total)
    return [tally.result() for tally in bands]


class _BandTally:
    """Running counts for one band, window after window."""

    def __init__(self, band, dtype_a, dtype_b):
        self.band = band
        self.dtype_a, self.dtype_b = np.dtype(dtype_a), np.dtype(dtype_b)
        self.integer = self.dtype_a.kind in "iub" and self.dtype_b.kind in "iub"
        self.max_abs_diff = 0
        self.differing = 0
        self.bit_differing = 0
        self.nan_mismatch = 0
        self.mask_differing = 0

    def add(self, va, vb):
        self.bit_differing += _bit_differences(va, vb)
        if self.integer:
            diff = _int_abs_diff(va, vb)
            self.differing += int(np.count_nonzero(diff))
            if diff.size:
                self.max_abs_diff = max(self.max_abs_diff, int(diff.max()))
            return
        wide = np.complex128 if "c" in (self.dtype_a.kind, self.dtype_b.kind) else np.float64
        fa, fb = va.astype(wide), vb.astype(wide)
        nan_a, nan_b = np.isnan(fa), np.isnan(fb)
        both_numbers = ~(nan_a | nan_b)
        mismatch = nan_a ^ nan_b
        unequal = both_numbers & (fa != fb)
        self.nan_mismatch += int(np.count_nonzero(mismatch))
        self.differing += int(np.count_nonzero(unequal)) + int(np.count_nonzero(mismatch))
        if np.any(unequal):
            with np.errstate(over="ignore", invalid="ignore"):
                diff = np.abs(fa[unequal] - fb[unequal])  # inf vs -inf -> inf, never NaN here
            self.max_abs_diff = max(float(self.max_abs_diff), float(diff.max()))

    def add_masks(self, ma, mb):
        self.mask_differing += int(np.count_nonzero((ma != 0) != (mb != 0)))

    def result(self):
        max_diff = self.max_abs_diff if self.integer else float_to_json(float(self.max_abs_diff))
        return {
            "band": self.band,
            "dtype": [self.dtype_a.name, self.dtype_b.name],
            "max_abs_diff": max_diff,
            "differing_pixels": self.differing,
            "bit_differing_pixels": self.bit_differing,
            "nan_mismatch_pixels": self.nan_mismatch,
            "differing_mask_pixels": self.mask_differing,
        }


def _bit_differences(va, vb):
    """Pixels whose stored bits differ (only meaningful for equal data types)."""
    if va.dtype != vb.dtype:
        return int(va.size)
    width = va.dtype.itemsize
    ua = np.ascontiguousarray(va).view(f"u{width}" if width in (1, 2, 4, 8) else np.uint8)
    ub = np.ascontiguousarray(vb).view(ua.dtype)
    return int(np.count_nonzero(ua != ub))


def _int_abs_diff(va, vb):
    """|a - b| for integer arrays of any (mixed) type, exact, as uint64 or Python ints.

    Both sides are widened to int64 or uint64; for a >= b the true difference lies in
    [0, 2**64 - 1], so the uint64 subtraction's modular result *is* the difference.
    int64 against uint64 has no common 64-bit type: that rare case uses Python integers.
    """
    common = np.promote_types(va.dtype, vb.dtype)
    if common.kind == "f":  # int64 vs uint64
        pa = va.astype(object)
        pb = vb.astype(object)
        return np.abs(pa - pb)
    wide = np.int64 if common.kind == "i" else np.uint64
    wa, wb = va.astype(wide), vb.astype(wide)
    ua, ub = wa.view(np.uint64), wb.view(np.uint64)
    return np.where(wa >= wb, ua - ub, ub - ua)


def summary_lines(report):
    """The report as short readable lines (for logs and the Processing log)."""
    if report["identical"]:
        lines = ["The rasters are IDENTICAL: same metadata, every pixel equal bit for bit."]
    elif report["values_equal"]:
        lines = ["The rasters hold equal values but are NOT bit-identical "
                 "(e.g. -0.0 vs 0.0 or different NaN payloads)."]
    else:
        lines = ["The rasters DIFFER."]
    for diff in report["metadata_differences"]:
        where = f" (band {diff['band']})" if "band" in diff else ""
        lines.append(f"Metadata difference: {diff['field']}{where}: {diff['a']!r} vs {diff['b']!r}")
    if not report["pixels_compared"]:
        lines.append("Pixels were not compared: the rasters have different sizes or band counts.")
    for band in report["bands"]:
        lines.append(
            f"Band {band['band']}: max |a-b| = {band['max_abs_diff']}, "
            f"{band['differing_pixels']} differing pixel(s), "
            f"{band['bit_differing_pixels']} bit-differing, "
            f"{band['nan_mismatch_pixels']} NaN vs number, "
            f"{band['differing_mask_pixels']} mask difference(s)")
    return lines

