"""flac-raster 0.1.x metadata and values: tags/sidecar -> our metadata dict, the ideal inverse
of its min/max stretch, and plain-language notes on the cases where the file itself lost data.

The encoder stretched every value linearly from [DATA_MIN, DATA_MAX] to ±S (S = 32767 for
16-bit streams, 8388607 for 32-bit) and truncated; floats were only multiplied by S. The
inverse here is the exact one (float64 math, round half to even), which recovers more than
flac-raster's own decoder did (it divided by 32768 and dropped the low 16 bits).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from . import metadata as meta_mod
from . import safejson
from .errors import CorruptFileError, UnsupportedRasterError
from .samples import FLOAT_DTYPES, check_dtype

MAX_DIMENSION = 1 << 24          # pixels per side; flac-raster held whole rasters in memory
MAX_VALUES = 1 << 31             # width x height x bands decoded at once
INT32_MIN = -(1 << 31)
_CHUNK = 1 << 22                 # samples converted per step (bounds float64 temporaries)


@dataclass
class LegacyHeader:
    """The facts flac-raster stored about one raster (or one streaming tile)."""

    width: int
    height: int
    count: int
    dtype: str
    crs_text: str | None
    transform9: list
    nodata: float | None
    data_min: float | None
    data_max: float | None
    origin: str = "tags"          # "tags" or "sidecar"


def scale_for_bps(bps):
    return 32767 if bps == 16 else 8388607


# -- parsing ---------------------------------------------------------------------------------

def _int(value, what, low=1, high=MAX_DIMENSION):
    try:
        if isinstance(value, bool):
            raise ValueError
        number = int(value) if isinstance(value, int) else int(str(value).strip())
    except (TypeError, ValueError):
        raise CorruptFileError(f"flac-raster metadata: {what} is not an integer: {value!r}")
    if not low <= number <= high:
        raise CorruptFileError(f"flac-raster metadata: {what} = {number} is out of range")
    return number


def _float(value, what, allow_none=True):
    """Python's str/repr of a float ('-9999.0', 'nan', 'None'), or a JSON number/null."""
    if value is None or (isinstance(value, str) and value.strip() == "None"):
        if allow_none:
            return None
        raise CorruptFileError(f"flac-raster metadata: {what} is missing")
    try:
        if isinstance(value, bool):
            raise ValueError
        return float(value)
    except (TypeError, ValueError):
        raise CorruptFileError(f"flac-raster metadata: {what} is not a number: {value!r}")


def parse_transform(value):
    """A 9-number rasterio Affine list (JSON text or list) -> checked list of floats."""
    if isinstance(value, str):
        value = safejson.loads(value, "flac-raster transform tag")
    if (not isinstance(value, list) or len(value) not in (6, 9)
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
            or not all(math.isfinite(v) for v in value)):
        raise CorruptFileError(f"flac-raster metadata: bad transform {value!r:.200}")
    return [float(v) for v in value]


def gdal_transform(transform9):
    """rasterio Affine order [a,b,c,d,e,f,...] -> GDAL GeoTransform [c,a,b,f,d,e]."""
    a, b, c, d, e, f = transform9[:6]
    return [c, a, b, f, d, e]


def _dtype(value):
    try:
        return check_dtype(str(value))
    except (UnsupportedRasterError, TypeError) as exc:
        raise CorruptFileError(
            f"flac-raster metadata: unsupported data type {value!r:.50}") from exc


def _header(get, origin):
    """LegacyHeader from ``get(field)``: both metadata stores hold the same nine fields."""
    crs = get("crs")
    return LegacyHeader(
        width=_int(get("width"), "width"),
        height=_int(get("height"), "height"),
        count=_int(get("count"), "band count", high=8),
        dtype=_dtype(get("dtype")),
        crs_text=None if crs is None or crs.strip() in ("", "None") else crs.strip(),
        transform9=parse_transform(get("transform")),
        nodata=_float(get("nodata"), "nodata"),
        data_min=_float(get("data_min"), "data minimum"),
        data_max=_float(get("data_max"), "data maximum"),
        origin=origin,
    )


def header_from_tags(tags):
    """LegacyHeader from GEOSPATIAL_* comments (plain files, streaming tiles, spatial files)."""
    try:
        return _header(lambda name: tags.get("GEOSPATIAL_" + name.upper()), "tags")
    except AttributeError as exc:
        raise CorruptFileError(f"flac-raster metadata is malformed: {exc}") from exc


def header_from_sidecar(text):
    """LegacyHeader from a v0.1.0 ``<stem>.json`` sidecar (its bytes)."""
    obj = safejson.loads(text, "flac-raster .json sidecar")
    if not isinstance(obj, dict):
        raise CorruptFileError("The flac-raster .json sidecar is not a JSON object")
    crs = obj.get("crs")
    if crs is not None and not isinstance(crs, str):
        raise CorruptFileError("The flac-raster .json sidecar has a malformed CRS")
    return _header(obj.get, "sidecar")


def check_decodable(header, stream_channels, bps):
    """Refuse headers that cannot describe the stream, before anything is decoded."""
    if stream_channels != header.count:
        raise CorruptFileError(
            f"The file says {header.count} band(s) but its FLAC stream has "
            f"{stream_channels} channel(s)")
    if header.width * header.height * header.count > MAX_VALUES:
        raise CorruptFileError(
            f"The file claims {header.width}x{header.height}x{header.count} values, more than "
            "this reader decodes at once")
    if header.dtype not in FLOAT_DTYPES:
        for value, what in ((header.data_min, "minimum"), (header.data_max, "maximum")):
            if value is None or not math.isfinite(value):
                raise CorruptFileError(f"The file's data {what} is missing or not finite")
        if header.data_max < header.data_min:
            raise CorruptFileError("The file's data maximum is below its minimum")
    if bps not in (16, 24, 32):
        raise CorruptFileError(f"Unexpected {bps}-bit samples in a flac-raster file")


# -- CRS and metadata dict -------------------------------------------------------------------

def crs_json(crs_text, warnings):
    """flac-raster's CRS text ('EPSG:x', WKT1 or 'None') -> {"epsg","wkt"} or None."""
    if not crs_text:
        return None
    try:
        from rasterio.crs import CRS
        from rasterio.errors import CRSError
    except ImportError:  # pragma: no cover - rasterio ships with QGIS
        return {"epsg": None, "wkt": crs_text}
    try:
        crs = CRS.from_user_input(crs_text) if crs_text.upper().startswith("EPSG:") \
            else CRS.from_wkt(crs_text)
    except (CRSError, ValueError) as exc:
        crs, reason = None, f" ({str(exc)[:200]})"
    else:
        reason = ""
    out = meta_mod._crs_to_json(crs) if crs is not None else None
    if out is None:
        warnings.append(
            f"The file's coordinate reference system could not be understood{reason}; the "
            "raster is loaded without one.")
    return out


def _colorinterp(count, dtype):
    if count == 1:
        return ["gray"]
    if dtype == "uint8" and count in (3, 4):   # GDAL's GTiff default for 3/4 Byte bands
        return ["red", "green", "blue", "undefined"][:count]
    return ["undefined"] * count


def build_meta(width, height, count, dtype, crs, transform9, nodata):
    """Our metadata dict (metadata.py format), checked with metadata.validate."""
    bands = [{
        "nodata": meta_mod.float_to_json(nodata),
        "description": None,
        "colorinterp": interp,
        "colormap": None,
        "scale": None,
        "offset": None,
        "units": None,
        "tags": {"": {}},
    } for interp in _colorinterp(count, dtype)]
    meta = {
        "width": width,
        "height": height,
        "count": count,
        "dtype": dtype,
        "crs": crs,
        "transform": gdal_transform(transform9),
        "gcps": None,
        "bands": bands,
        "tags": {"": {}},
        "mask": False,
    }
    return meta_mod.validate(meta)


def crs_label(crs):
    if not crs:
        return None
    return f"EPSG:{crs['epsg']}" if crs.get("epsg") else crs.get("wkt")


# -- the ideal inverse -----------------------------------------------------------------------

def ideal_inverse(samples, dtype, bps, data_min, data_max):
    """Stored samples (any shape, int16/int32) -> values in ``dtype`` (same shape).

    floats: q/S. integers: the value flac-raster's own forward mapping (§1.3, which TRUNCATES)
    turns into q; where several values share q (spans wider than its steps) the one nearest to
    round((q/S + 1)/2 * (max - min) + min). A rounding inverse alone is off by one on ~45 % of
    a uint16 raster spanning 17..60017 although the file holds every value.
    """
    scale = float(scale_for_bps(bps))
    flat = samples.reshape(-1)
    out = np.empty(flat.shape, dtype=dtype)
    is_float = dtype in FLOAT_DTYPES
    if not is_float:
        info = np.iinfo(dtype)
        if data_max < data_min:     # damaged range: keep the arithmetic defined
            data_min, data_max = data_max, data_min
    for start in range(0, flat.size, _CHUNK):
        q = flat[start:start + _CHUNK].astype(np.float64)
        if is_float:
            out[start:start + _CHUNK] = q / scale
        else:
            x = replay_inverse(q, float(data_min), float(data_max), scale)
            # In range for every well-formed file; clipping only keeps damaged ones defined.
            out[start:start + _CHUNK] = np.clip(x, info.min, info.max)
    return out.reshape(samples.shape)


def forward_codes(x, data_min, span, scale):
    """flac-raster 0.1.2's mapping of integer values ``x`` (float64 array) to stored codes:
    trunc((2 (x - min) / span - 1) S), in float64 (§1.3)."""
    return np.trunc((2.0 * (x - data_min) / span - 1.0) * scale)


def code_preimages(q, data_min, data_max, scale, highest=True):
    """(lowest, highest) integer value in [min, max] that flac-raster stored as code ``q``
    (float64 arrays; lowest > highest where no value maps to q, i.e. a damaged sample)."""
    span = data_max - data_min
    if span <= 0:
        return np.full(q.shape, data_min), np.full(q.shape, data_min)
    to_value = lambda g: data_min + (g / scale + 1.0) * span / 2.0  # noqa: E731
    lowest = np.floor(to_value(np.where(q > 0, q, q - 1))) - 1
    for _ in range(3):   # float error moves the analytic bound by a step at most
        lowest = np.where(forward_codes(lowest, data_min, span, scale) < q, lowest + 1, lowest)
    lowest = np.maximum(lowest, data_min)
    if not highest:
        return lowest, None
    top = np.ceil(to_value(np.where(q < 0, q, q + 1))) + 1
    for _ in range(3):
        top = np.where(forward_codes(top, data_min, span, scale) > q, top - 1, top)
    return lowest, np.minimum(top, data_max)


def replay_inverse(q, data_min, data_max, scale):
    """Integer values for codes ``q`` (float64): see :func:`ideal_inverse`."""
    estimate = np.round(((q / scale) + 1.0) / 2.0 * (data_max - data_min) + data_min)
    lowest, highest = code_preimages(q, data_min, data_max, scale)
    held = lowest <= highest
    return np.where(held, np.clip(estimate, lowest, np.maximum(lowest, highest)), estimate)


@functools.lru_cache(maxsize=256)   # tiles of one file repeat their ranges; ~1 s for 32-bit
def shared_steps(data_min, data_max, scale):
    """(values that share their stored code with another value, the most values one code
    holds) for an integer range stored by flac-raster: what cannot be undone. Each code's
    lowest value is where the previous code's values end, so one pass over the codes."""
    span = data_max - data_min
    if span <= scale:          # every code holds one value at most (§1.7)
        return 0, 1
    shared, widest = 0, 1
    top = int(scale)
    for start in range(-top, top + 1, _CHUNK):
        q = np.arange(start, min(start + _CHUNK, top + 1) + 1, dtype=np.float64)  # + next
        lowest, _ = code_preimages(q, data_min, data_max, scale, highest=False)
        lowest[-1] = data_max + 1 if q[-1] > top else lowest[-1]
        counts = np.diff(np.maximum.accumulate(lowest))
        shared += int(counts[counts > 1].sum())
        widest = max(widest, int(counts.max()))
    return shared, widest


def flac_raster_012_inverse(samples, dtype, bps, data_min, data_max):
    """What flac-raster 0.1.2 itself showed (seed notes §1.6), for comparison only.

    Its decoder went through a 16-bit WAV: v = float32(q/32768), or float32((q>>16)/32768)
    for 32-bit samples; integers were then rebuilt in float32 arithmetic. Lossy by design.
    """
    flat = samples.reshape(-1)
    out = np.empty(flat.shape, dtype=dtype)
    is_float = dtype in FLOAT_DTYPES
    for start in range(0, flat.size, _CHUNK):
        q = flat[start:start + _CHUNK].astype(np.int64)
        if bps != 16:
            q = q >> 16
        v = (q / 32768.0).astype(np.float32)
        if is_float:
            out[start:start + _CHUNK] = v
        else:
            span = np.float32(float(data_max) - float(data_min))
            x = np.round((v + np.float32(1)) / np.float32(2) * span + np.float32(data_min))
            info = np.iinfo(dtype)
            out[start:start + _CHUNK] = np.clip(x, info.min, info.max)
    return out.reshape(samples.shape)


DECODE_MODES = {"ideal": ideal_inverse, "flac-raster-0.1.2": flac_raster_012_inverse}


# -- known-lossy cases -----------------------------------------------------------------------

_NOT_A_DECODE_ERROR = ("This loss happened when flac-raster wrote the file; it is not a "
                       "decoding error and cannot be undone. Re-convert from the original "
                       "raster if you still have it.")


def lossy_warnings(dtype, data_min, data_max, where="The file", float_step=True):
    """Plain-language warnings for the cases where flac-raster's encoder lost information,
    judged from the stored data type and range (§1.7 and §11.3 of the seed notes)."""
    out = []
    if dtype in FLOAT_DTYPES:
        extremes = [v for v in (data_min, data_max) if v is not None]
        if any(math.isnan(v) for v in extremes):
            out.append(f"{where} contains NaN values, which flac-raster 0.1.x stored as an "
                       f"overflowed number: those pixels are destroyed. {_NOT_A_DECODE_ERROR}")
        elif any(abs(v) > 256 for v in extremes):
            out.append(f"{where} holds floating-point values beyond ±256, which overflowed in "
                       "flac-raster 0.1.x's encoder: those pixels are destroyed (they read as "
                       f"about -256). {_NOT_A_DECODE_ERROR}")
        if float_step:
            out.append(f"{where} stores floating-point values as fixed-point numbers with a step "
                       "of 2^-23 (about 1.2e-7): values are close to, but not bit-identical "
                       f"with, the original. {_NOT_A_DECODE_ERROR}")
        return out
    if data_min is None or data_max is None:
        return out
    span = data_max - data_min
    if dtype == "int16" and span >= 32768:
        out.append(f"{where} is int16 with a value range of {span:g} (32,768 or more): "
                   "flac-raster 0.1.x's integer arithmetic wrapped around, so the pixel values "
                   f"are garbage. {_NOT_A_DECODE_ERROR}")
    elif dtype == "int8" and span >= 128:
        out.append(f"{where} is int8 with a value range of {span:g} (128 or more): "
                   "flac-raster 0.1.x's integer arithmetic wrapped around, so the pixel values "
                   f"are garbage. {_NOT_A_DECODE_ERROR}")
    elif dtype in ("uint16", "uint8", "int32", "uint32", "int64", "uint64"):
        note = _shared_steps_warning(where, dtype, data_min, data_max)
        if note:
            out.append(note)
    return out


def _shared_steps_warning(where, dtype, data_min, data_max):
    scale = scale_for_bps(16 if dtype in ("uint8", "int16", "uint16") else 32)
    shared, widest = shared_steps(float(data_min), float(data_max), scale)
    if not shared:
        return None
    values = int(data_max - data_min) + 1
    error = "off by one at most" if widest == 2 else f"off by up to {widest - 1}"
    return (f"{where} is {dtype} with values from {data_min:,.0f} to {data_max:,.0f} "
            f"({values:,} possible values), more than the {2 * scale + 1:,} steps flac-raster "
            f"0.1.x could store: {shared:,} of those values ({100 * shared / values:.3g} %) "
            f"share a step "
            f"with a neighbour and read back as one of them ({error}); every "
            f"other value is exact. {_NOT_A_DECODE_ERROR}")


def overflow_in_samples(samples, dtype):
    """True when a float file's samples hold INT32_MIN, the mark of an encoder overflow."""
    return dtype in FLOAT_DTYPES and samples.dtype == np.int32 and bool(
        (samples == INT32_MIN).any())


OVERFLOW_WARNING = ("Some pixels of this floating-point file overflowed when flac-raster 0.1.x "
                    "wrote it (values beyond ±256 or NaN): they read as about -256. "
                    + _NOT_A_DECODE_ERROR)
