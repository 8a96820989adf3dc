"""Whole-raster value ranges, so every view of a file (live layer, snapshot, tile) shares one
style instead of each window stretching to its own min/max.

The statistics GDAL stored when the file was written (band tags STATISTICS_*) are exact and
free; without them the coarsest overview stands for the raster (one small read, usually
already in the first request). No data, NaN and masked pixels are left out.
"""

import numpy as np

from .metadata import nodata_values

MAX_VALUES = 4_000_000      # the coarsest level read for statistics, all bands


def stored_statistics(band):
    """{"min", "max"[, "mean", "stddev"]} from a band's metadata tags, or None."""
    tags = (band.get("tags") or {}).get("") or {}
    try:
        out = {"min": float(tags["STATISTICS_MINIMUM"]), "max": float(tags["STATISTICS_MAXIMUM"])}
    except (KeyError, TypeError, ValueError):
        return None
    for key, name in (("STATISTICS_MEAN", "mean"), ("STATISTICS_STDDEV", "stddev")):
        try:
            out[name] = float(tags[key])
        except (KeyError, TypeError, ValueError):
            pass
    return out


def coarsest_level(reader, max_values=MAX_VALUES):
    """The coarsest level whose pixels (all bands) fit in ``max_values``, or None."""
    count = reader.meta["count"]
    small = [lv for lv in reader.levels if lv.width * lv.height * count <= max_values]
    return small[-1] if small else None


def band_ranges(reader, feedback=None):
    """[(min, max) or None] per band for the whole raster (None: no valid pixel, or the
    raster is too large and has no small overview)."""
    stored = [stored_statistics(b) for b in reader.meta["bands"]]
    if all(s is not None for s in stored):
        return [(s["min"], s["max"]) for s in stored]
    lv = coarsest_level(reader)
    if lv is None:
        return [None] * reader.meta["count"]
    arrays, mask = reader.read_window(lv, 0, 0, lv.width, lv.height, feedback=feedback)
    out = []
    for values, nodata in zip(arrays, nodata_values(reader.meta)):
        valid = np.ones(values.shape, bool) if mask is None else mask != 0
        if values.dtype.kind == "f":
            valid &= ~np.isnan(values)
        if nodata is not None and not np.isnan(nodata):
            valid &= values != nodata
        picked = values[valid]
        out.append((picked.min().item(), picked.max().item()) if picked.size else None)
    return out
