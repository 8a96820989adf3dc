"""Raster metadata <-> a plain JSON-able dict, and back onto a GeoTIFF.

Everything that makes a raster the *same* raster travels with the pixels: size, data type,
CRS (EPSG code or WKT, or none), geotransform (rotation included) or GCPs, per-band nodata,
descriptions, colour interpretation, palettes, scale/offset, units, dataset and band
metadata (every domain that is data, not file structure), and the per-dataset mask flag.

The dict is versioned by the container that carries it; :func:`validate` checks a dict read
from an untrusted file before anything is allocated from it.
"""

import math

from ..errors import CorruptFileError, UnsupportedRasterError
from ..codec.samples import check_dtype

# GDAL metadata domains that describe the file layout rather than the data, or that name
# other files GDAL would open (SUBDATASETS, GEOLOCATION): never copied, never written back.
_SKIPPED_DOMAINS = ("IMAGE_STRUCTURE", "DERIVED_SUBDATASETS", "COLOR_PROFILE", "SUBDATASETS",
                    "GEOLOCATION")


def _skipped_domain(ns):
    return ns in _SKIPPED_DOMAINS or ns.startswith("xml:")
MAX_DIMENSION = (1 << 31) - 1    # GDAL sizes are C ints
MAX_BANDS = 65535
# Metadata items in one list (the dataset's or a band's, one domain). GDAL adds items one at a
# time with a linear search through the list, so writing n items costs n^2 (100k: 20 s,
# 200k: 113 s); 10k cost a quarter of a second. More is refused on both sides: on reading a
# source raster and in a file.
MAX_METADATA_ITEMS = 10_000


def float_to_json(value):
    """Floats as JSON: NaN and infinities become strings, everything else stays a number."""
    if value is None:
        return None
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def float_from_json(value):
    if value is None:
        return None
    if isinstance(value, str):
        if value not in ("nan", "inf", "-inf"):
            raise CorruptFileError(f"Bad number in metadata: {value!r}")
        return float(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CorruptFileError(f"Bad number in metadata: {value!r}")
    return float(value)


def _crs_to_json(crs):
    # What rasterio's CRS.is_valid tested (deprecated in rasterio 1.4): geographic or projected.
    if crs is None or not (crs.is_geographic or crs.is_projected):
        return None
    epsg = None
    authority = crs.to_authority()
    if authority and authority[0] == "EPSG":
        candidate = int(authority[1])
        from rasterio.crs import CRS
        if CRS.from_epsg(candidate) == crs:
            epsg = candidate
    return {"epsg": epsg, "wkt": crs.to_wkt()}


def crs_from_json(obj):
    """A rasterio CRS from the stored form, or None for a raster without CRS."""
    if obj is None:
        return None
    from rasterio.crs import CRS
    from rasterio.errors import CRSError
    try:
        if obj.get("epsg"):
            return CRS.from_epsg(int(obj["epsg"]))
        return CRS.from_wkt(str(obj["wkt"]))
    except (CRSError, AttributeError, KeyError, TypeError, ValueError) as exc:
        raise CorruptFileError(f"The stored CRS cannot be read: {exc}") from exc


def _domains(read_tags, namespaces):
    out = {"": read_tags()}
    for ns in namespaces or ():
        if _skipped_domain(ns) or ns == "":
            continue
        tags = read_tags(ns=ns)
        if tags:
            out[ns] = tags
    return out


def read_metadata(ds):
    """Everything needed to rebuild ``ds`` (an open rasterio dataset) except its pixels."""
    dtypes = set(ds.dtypes)
    if len(dtypes) != 1:
        raise UnsupportedRasterError(f"Bands of different data types are not supported: {dtypes}")
    dtype = check_dtype(ds.dtypes[0])
    from rasterio.enums import MaskFlags
    bands = []
    for idx in range(1, ds.count + 1):
        try:
            cmap = ds.colormap(idx)
        except ValueError:
            cmap = None
        band_ns = ds.tag_namespaces(idx) if hasattr(ds, "tag_namespaces") else []
        bands.append({
            "nodata": float_to_json(ds.nodatavals[idx - 1]),
            "description": ds.descriptions[idx - 1],
            "colorinterp": ds.colorinterp[idx - 1].name,
            "colormap": {str(k): list(v) for k, v in cmap.items()} if cmap else None,
            "scale": float_to_json(ds.scales[idx - 1]),
            "offset": float_to_json(ds.offsets[idx - 1]),
            "units": ds.units[idx - 1] or None,
            "tags": _domains(lambda ns=None, i=idx: ds.tags(i, ns=ns) if ns else ds.tags(i),
                             band_ns),
        })
    _use_declared_nodata(ds, dtype, bands)
    flags = ds.mask_flag_enums
    has_mask = bool(flags) and all(f == [MaskFlags.per_dataset] for f in flags)
    gcps, gcp_crs = ds.gcps
    meta = {
        "width": ds.width,
        "height": ds.height,
        "count": ds.count,
        "dtype": dtype,
        "crs": _crs_to_json(ds.crs) if not gcps else _crs_to_json(gcp_crs),
        "transform": list(ds.transform.to_gdal()),
        "gcps": [[g.row, g.col, g.x, g.y, g.z, g.id, g.info] for g in gcps] or None,
        "bands": bands,
        "tags": _domains(lambda ns=None: ds.tags(ns=ns) if ns else ds.tags(),
                         ds.tag_namespaces()),
        "mask": has_mask,
    }
    items = largest_metadata_list(meta)
    if items > MAX_METADATA_ITEMS:
        raise UnsupportedRasterError(
            f"The raster carries {items} metadata items in one domain; at most "
            f"{MAX_METADATA_ITEMS} are supported (GDAL writes them back in time that grows "
            "with their square)")
    return meta


def _use_declared_nodata(ds, dtype, bands):
    """A GeoTIFF's float32 nodata as the file declares it (GDAL returns it cast to float32,
    which would change the declaration on the way back: core/raster/tiff_nodata.py)."""
    if dtype != "float32" or ds.driver != "GTiff":
        return
    import numpy as np
    from .tiff_nodata import declared_nodata
    declared = declared_nodata(ds.name)
    if declared is None or not math.isfinite(declared):
        return
    for band in bands:
        value = float_from_json(band["nodata"])
        if value is not None and np.float32(declared) == np.float32(value):
            band["nodata"] = declared    # same float32 pixels, the declaration kept


def largest_metadata_list(meta):
    """The most tags one list of ``meta`` holds (the dataset's or a band's, one domain)."""
    domains = [meta.get("tags")] + [b.get("tags") for b in meta["bands"]]
    return max((len(tags) for d in domains if isinstance(d, dict)
                for tags in d.values() if isinstance(tags, dict)), default=0)


def _check(cond, message):
    if not cond:
        raise CorruptFileError(f"Invalid raster metadata: {message}")


def validate(meta):
    """Check a metadata dict from an untrusted file; return it or raise CorruptFileError."""
    _check(isinstance(meta, dict), "not an object")
    for key in ("width", "height", "count"):
        value = meta.get(key)
        _check(isinstance(value, int) and not isinstance(value, bool), f"{key} is not an integer")
    _check(0 < meta["width"] <= MAX_DIMENSION and 0 < meta["height"] <= MAX_DIMENSION,
           "size out of range")
    _check(0 < meta["count"] <= MAX_BANDS, "band count out of range")
    dtype = meta.get("dtype")
    _check(isinstance(dtype, str), f"data type {dtype!r:.40} is not a name")
    try:
        canonical = check_dtype(dtype)
    except (UnsupportedRasterError, TypeError, ValueError) as exc:
        raise CorruptFileError(f"Invalid raster metadata: {exc}") from exc
    _check(canonical == dtype, f"data type {dtype!r:.40} is not a canonical name")
    transform = meta.get("transform")
    _check(isinstance(transform, list) and len(transform) == 6
           and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in transform),
           "bad geotransform")
    _check(all(math.isfinite(v) for v in transform), "non-finite geotransform")
    bands = meta.get("bands")
    _check(isinstance(bands, list) and len(bands) == meta["count"], "band list does not match count")
    for band in bands:
        _check(isinstance(band, dict), "band entry is not an object")
        _validate_band(band)
        check_nodata(float_from_json(band.get("nodata")), dtype)
    _check(meta.get("crs") is None or isinstance(meta.get("crs"), dict), "bad CRS")
    _validate_domains(meta.get("tags"), "dataset tags")
    _validate_gcps(meta.get("gcps"))
    _check(isinstance(meta.get("mask", False), bool), "bad mask flag")
    items = largest_metadata_list(meta)
    _check(items <= MAX_METADATA_ITEMS,
           f"{items} metadata items in one domain (at most {MAX_METADATA_ITEMS} are supported)")
    return meta


def check_nodata(value, dtype):
    """A nodata value the data type can hold (GDAL refuses any other when writing): NaN or
    70000 declared for int16 is a damaged file, said plainly."""
    if value is None:
        return
    import numpy as np
    kind = np.dtype(dtype)
    if kind.kind == "f":
        info = np.finfo(kind)
        fits = not math.isfinite(value) or float(info.min) <= value <= float(info.max)
    else:
        info = np.iinfo(kind)
        fits = math.isfinite(value) and int(info.min) <= value <= int(info.max)
    if not fits:
        raise CorruptFileError(f"Invalid raster metadata: the nodata value {value!r} cannot be "
                               f"held by the data type {dtype}")


def _optional_text(value):
    return value is None or isinstance(value, str)


def _validate_band(band):
    """Every band field apply_metadata() hands to GDAL has the type GDAL expects."""
    from rasterio.enums import ColorInterp
    for key in ("nodata", "scale", "offset"):
        float_from_json(band.get(key))
    _check(_optional_text(band.get("description")) and _optional_text(band.get("units")),
           "band description or units is not text")
    interp = band.get("colorinterp")
    _check(interp is None or (isinstance(interp, str) and interp in ColorInterp.__members__),
           f"unknown colour interpretation {interp!r:.40}")
    cmap = band.get("colormap")
    _check(cmap is None or (isinstance(cmap, dict) and len(cmap) <= 65536 and all(
        isinstance(k, str) and k.isdigit() and int(k) <= 65535 and isinstance(v, list)
        and 3 <= len(v) <= 4 and all(_is_int(c) and 0 <= c <= 255 for c in v)
        for k, v in cmap.items())), "bad colour table")
    _validate_domains(band.get("tags"), "band tags")


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _validate_domains(domains, what):
    """{domain: {key: text}} exactly as read_metadata() produces it."""
    if domains is None:
        return
    _check(isinstance(domains, dict), f"bad {what}")
    for domain, tags in domains.items():
        _check(isinstance(domain, str) and isinstance(tags, dict), f"bad {what}")
        for key, value in tags.items():
            _check(isinstance(key, str) and key and "=" not in key and isinstance(value, str),
                   f"bad {what}: every tag must be text")


def _validate_gcps(gcps):
    if gcps is None:
        return
    _check(isinstance(gcps, list), "bad ground control points")
    for g in gcps:
        _check(isinstance(g, list) and len(g) == 7
               and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                       and math.isfinite(v) for v in g[:4])
               and (g[4] is None or (isinstance(g[4], (int, float))
                                     and not isinstance(g[4], bool)))
               and _optional_text(g[5]) and _optional_text(g[6]),
               "bad ground control point")


def nodata_values(meta):
    return [float_from_json(b.get("nodata")) for b in meta["bands"]]


def geotiff_profile(meta, tile=512):
    """rasterio creation options for a compact, tiled GeoTIFF holding ``meta``'s raster."""
    from rasterio.transform import Affine
    dtype = meta["dtype"]
    nodata = nodata_values(meta)
    profile = {
        "driver": "GTiff",
        "width": meta["width"],
        "height": meta["height"],
        "count": meta["count"],
        "dtype": dtype,
        "crs": crs_from_json(meta.get("crs")) if not meta.get("gcps") else None,
        "transform": Affine.from_gdal(*meta["transform"]) if not meta.get("gcps") else None,
        # Fast lossless default: DEFLATE level 1 with the predictor is ~4x faster to write
        # than level 6 and 1.5-3 % larger; every GeoTIFF reader knows DEFLATE. No
        # compression threads by default: GDAL 3.10 reports a write failure in a worker
        # thread (a full disk) only on stderr, and the broken file would look complete
        # (core/raster/geotiff.py re-reads outputs written with the user's NUM_THREADS).
        # Users pick other settings through creation options (core/raster/geotiff.py).
        "compress": "deflate",
        "zlevel": 1,
        "predictor": 3 if dtype.startswith("float") else 2,
        "bigtiff": "IF_SAFER",
        "interleave": "band" if meta["count"] > 4 else "pixel",
    }
    if meta["width"] >= tile or meta["height"] >= tile:
        profile.update(tiled=True, blockxsize=tile, blockysize=tile)
    if nodata and all(_same(n, nodata[0]) for n in nodata) and nodata[0] is not None:
        profile["nodata"] = nodata[0]
    if dtype in ("int64", "uint64"):
        profile["predictor"] = 1  # GDAL's horizontal predictor has no 64-bit integer mode
    if not meta.get("gcps"):
        profile = {k: v for k, v in profile.items() if v is not None or k in ("crs",)}
    return profile


def _same(a, b):
    if a is None or b is None:
        return a is b
    return (math.isnan(a) and math.isnan(b)) or a == b


def apply_metadata(ds, meta):
    """Write everything but pixels and the creation profile onto an open dataset."""
    from rasterio.control import GroundControlPoint
    from rasterio.enums import ColorInterp
    if meta.get("gcps"):
        gcps = [GroundControlPoint(row=g[0], col=g[1], x=g[2], y=g[3], z=g[4], id=g[5],
                                   info=g[6]) for g in meta["gcps"]]
        ds.gcps = (gcps, crs_from_json(meta.get("crs")))
    for domain, tags in (meta.get("tags") or {}).items():
        if tags and not _skipped_domain(domain):  # a hostile file may name any domain
            ds.update_tags(ns=domain or None, **tags) if domain else ds.update_tags(**tags)
    interps = []
    for idx, band in enumerate(meta["bands"], start=1):
        if band.get("description"):
            ds.set_band_description(idx, band["description"])
        if band.get("units"):
            ds.set_band_unit(idx, band["units"])
        for domain, tags in (band.get("tags") or {}).items():
            if tags and not _skipped_domain(domain):
                if domain:
                    ds.update_tags(idx, ns=domain, **tags)
                else:
                    ds.update_tags(idx, **tags)
        if band.get("colormap"):
            ds.write_colormap(idx, {int(k): tuple(v) for k, v in band["colormap"].items()})
        interps.append(ColorInterp[band.get("colorinterp") or "undefined"])
    scales = [float_from_json(b.get("scale")) for b in meta["bands"]]
    offsets = [float_from_json(b.get("offset")) for b in meta["bands"]]
    if any(s not in (None, 1.0) for s in scales):
        ds.scales = [1.0 if s is None else s for s in scales]
    if any(o not in (None, 0.0) for o in offsets):
        ds.offsets = [0.0 if o is None else o for o in offsets]
    ds.colorinterp = interps
    nodata = nodata_values(meta)
    if nodata and not all(_same(n, nodata[0]) for n in nodata):
        ds._set_nodatavals(nodata)  # GeoTIFF keeps one value; set what the driver allows


def bounds(meta):
    """(xmin, ymin, xmax, ymax) of the raster's footprint from its geotransform."""
    c, a, b, f, d, e = meta["transform"]
    w, h = meta["width"], meta["height"]
    xs = [c, c + a * w, c + b * h, c + a * w + b * h]
    ys = [f, f + d * w, f + e * h, f + d * w + e * h]
    return (min(xs), min(ys), max(xs), max(ys))


def summary(meta):
    """One line a user can read: size, bands, type, CRS."""
    crs = meta.get("crs")
    crs_text = "no CRS" if not crs else (f"EPSG:{crs['epsg']}" if crs.get("epsg") else "custom CRS")
    return (f"{meta['width']}x{meta['height']} px, {meta['count']} band(s), {meta['dtype']}, "
            f"{crs_text}")
