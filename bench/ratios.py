"""Compression ratios (raw bytes / file bytes): our plain and streaming files against
GeoTIFF DEFLATE / ZSTD / LERC_ZSTD (512x512 tiles), every file checked lossless.

Plus a predictor study on the tiles themselves (no container), which is how the format's
transforms and encoder settings were chosen (see core/codec/predictors.py).
"""

import os

import numpy as np

from flac_raster_qgis.core import api
from flac_raster_qgis.core.codec import blockcodec, flac_codec

from .common import GEOTIFF_CODECS, read_array, temp_dir, tiles_of, write_geotiff


def _bits_equal(a, b):
    a, b = np.ascontiguousarray(a), np.ascontiguousarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def _read_streaming(path):
    with api.open_flac(path) as reader:
        meta = reader.meta
        arrays, _ = reader.read_window(0, 0, 0, meta["width"], meta["height"])
    return arrays


def measure(ds, log=print):
    """Sizes and ratios for one dataset; raises if any file is not lossless."""
    tmp = temp_dir("ratios-")
    arrays = read_array(ds.path)
    raw = arrays.nbytes
    out = {"shape": list(arrays.shape), "dtype": str(arrays.dtype), "raw_bytes": raw,
           "files": {}}

    def record(key, path, lossless):
        size = os.path.getsize(path)
        out["files"][key] = {"bytes": size, "ratio": raw / size, "lossless": bool(lossless)}
        log(f"    {key:28s} {raw / size:6.3f}  {'lossless' if lossless else 'NOT LOSSLESS'}")
        if not lossless:
            raise AssertionError(f"{ds.name}: {key} is not lossless")

    plain = os.path.join(tmp, "plain.flac")
    api.raster_to_flac(ds.path, plain)
    back = os.path.join(tmp, "plain_back.tif")
    api.flac_to_raster(plain, back)
    record("FLAC plain", plain, _bits_equal(read_array(back), arrays))

    streaming = os.path.join(tmp, "streaming.flac")
    api.create_streaming(ds.path, streaming, overviews=False)
    record("FLAC streaming", streaming, _bits_equal(_read_streaming(streaming), arrays))
    out["streaming_overhead"] = container_overhead(streaming)
    with_overviews = os.path.join(tmp, "streaming_ovr.flac")
    api.create_streaming(ds.path, with_overviews)
    out["streaming_overhead_with_overviews"] = container_overhead(with_overviews)
    out["streaming_with_overviews_bytes"] = os.path.getsize(with_overviews)
    streaming8 = os.path.join(tmp, "streaming_l8.flac")
    api.create_streaming(ds.path, streaming8, overviews=False, compression_level=8)
    record("FLAC streaming L8", streaming8, _bits_equal(_read_streaming(streaming8), arrays))

    best = None
    for codec, options in GEOTIFF_CODECS.items():
        choices = ["pixel", "band"] if arrays.shape[0] > 1 else ["pixel"]
        sizes = []
        for interleave in choices:   # GeoTIFF gets its better interleaving
            path = os.path.join(tmp, f"{codec}_{interleave}.tif")
            write_geotiff(ds.path, path, options, interleave)
            sizes.append((os.path.getsize(path), path, interleave))
        size, path, interleave = min(sizes)
        record(f"GeoTIFF {codec}", path, _bits_equal(read_array(path), arrays))
        out["files"][f"GeoTIFF {codec}"]["interleave"] = interleave
        if best is None or size < best[0]:
            best = (size, codec)
    out["best_geotiff"] = best[1]
    best_ratio = raw / best[0]
    for key in ("FLAC plain", "FLAC streaming", "FLAC streaming L8"):
        out["files"][key]["vs_best_geotiff"] = out["files"][key]["ratio"] / best_ratio
    out["tmp"] = tmp
    return out


def container_overhead(path):
    """Streaming file size / sum of its tile payloads (every level)."""
    with api.open_flac(path) as reader:
        payload = sum(t.length for lv in reader.index.levels for t in lv.tiles)
    return os.path.getsize(path) / payload


def _med_residual(plane):
    """JPEG-LS MED residual (forward only: measured for the record, not in the format)."""
    x = plane.astype(np.int32)
    a = np.zeros_like(x)
    a[:, 1:] = x[:, :-1]
    b = np.zeros_like(x)
    b[1:] = x[:-1]
    c = np.zeros_like(x)
    c[1:, 1:] = x[:-1, :-1]
    hi, lo = np.maximum(a, b), np.minimum(a, b)
    pred = np.where(c >= hi, lo, np.where(c <= lo, hi, a + b - c))
    return (x - pred).astype(plane.dtype)


def _encoded(spec, planes, level, partition_order=None):
    import io
    samples = blockcodec._samples(spec, planes)
    buf = io.BytesIO()
    writer = flac_codec.FlacStreamWriter(buf, spec.channels, spec.bits, level,
                                         partition_order=partition_order)
    writer.write(samples)
    writer.close()
    return len(buf.getvalue())


def study(ds, log=print):
    """Tile-level ratios (512 tiles, no container) for each transform and encoder setting."""
    arrays = read_array(ds.path)
    raw = arrays.nbytes
    dtype = str(arrays.dtype)
    rows = {}
    variants = [
        ("row-major, no transform", "none", "none", 5, None),
        ("vdiff", "vdiff", "none", 5, None),
        ("vdiff, libFLAC's default Rice partitions", "vdiff", "none", 5, 5),
        ("MED (JPEG-LS)", "med", "none", 5, None),
    ]
    if arrays.shape[0] > 1:
        variants += [("bdiff", "none", "bdiff", 5, None), ("vdiff + bdiff", "vdiff", "bdiff", 5, None),
                     ("MED + bdiff", "med", "bdiff", 5, None)]
    for label, pred, bands, level, porder in variants:
        total = 0
        for tile in tiles_of(arrays):
            spec, per_band = blockcodec._base_spec(tile, dtype, None, None)
            spec.band_transform = bands
            spec.predictor = "none" if pred == "med" else pred
            planes = blockcodec._residual_planes(spec, per_band)
            if pred == "med":
                planes = [_med_residual(p) for p in planes]
            total += _encoded(spec, planes, level, porder)
        rows[label] = raw / total
    forced = [("interp (format v2)", dict(predictor="interp", band_transform="none",
                                          runs="none"))]
    if arrays.shape[0] > 1:
        forced.append(("interp + bdiff (format v2)", dict(predictor="interp",
                                                          band_transform="bdiff", runs="none")))
    forced.append(("auto without runs", dict(runs="none")))
    for label, options in forced:
        total = sum(len(blockcodec.encode_block(t, dtype, **options)[0]) for t in tiles_of(arrays))
        rows[label] = raw / total
    for level in (5, 8):
        total = sum(len(blockcodec.encode_block(t, dtype, compression_level=level)[0])
                    for t in tiles_of(arrays))
        rows[f"auto (trial per tile), level {level}"] = raw / total
    for label, value in rows.items():
        log(f"    {label:44s} {value:6.3f}")
    return rows
