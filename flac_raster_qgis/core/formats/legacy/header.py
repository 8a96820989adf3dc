"""flac-raster 0.1.x metadata: its GEOSPATIAL_* tags or v0.1.0 ``.json`` sidecar, parsed and
checked, then turned into our metadata dict (core/raster/metadata.py's format).

Every field is untrusted: sizes are bounded (MAX_DIMENSION, MAX_VALUES) and the JSON parts go
through core/formats/safejson.py before anything is allocated from them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ...raster import metadata as meta_mod
from .. import safejson
from ...errors import CorruptFileError, UnsupportedRasterError
from ...codec.samples import FLOAT_DTYPES, check_dtype

MAX_DIMENSION = 1 << 24          # pixels per side; flac-raster held whole rasters in memory
MAX_VALUES = 1 << 31             # width x height x bands decoded at once


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
    """Our metadata dict (raster/metadata.py format), checked with metadata.validate."""
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
