"""Our tiles against the strongest lossless codecs, on the same 512x512 tiles.

Every codec encodes every tile of a dataset on its own; every output is decoded and compared
bit for bit with the tile (a codec that does not round-trip a dataset exactly is reported as
``not exact`` and left out of the comparison). Ratios are raw tile bytes / encoded bytes,
without any container. The codecs come from ``bench/requirements.txt`` (installed by
``make bench`` only; the plugin never needs them): imagecodecs for JPEG-XL, JPEG-LS,
JPEG 2000, LERC and blosc2, pcodec for pcodec. GeoTIFF DEFLATE/ZSTD/LERC_ZSTD are GDAL files
with 512x512 tiles (their bytes include TIFF headers and tile offsets: < 0.1 %).

Then, on one dataset, decode speed of whole rasters and single tiles against GDAL reading a
ZSTD and a LERC_ZSTD COG, with 2 threads each.
"""

import itertools
import os
import statistics
import subprocess
import time

import numpy as np

from flac_raster_qgis.core import api
from flac_raster_qgis.core.codec import blockcodec

from .common import read_array, temp_dir, tiles_of, write_geotiff

INT16_OFFSET = 32768   # JPEG-XL/JPEG-LS/JPEG 2000 take unsigned samples: int16 + 32768


def _exact(a, b):
    a, b = np.ascontiguousarray(a), np.ascontiguousarray(b)
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


def _image_view(tile):
    """(count, h, w) tile -> what image codecs take: (h, w) or (h, w, count), unsigned."""
    img = np.moveaxis(tile, 0, -1) if tile.shape[0] > 1 else tile[0]
    if img.dtype == np.int16:
        img = (img.astype(np.int32) + INT16_OFFSET).astype(np.uint16)
    elif img.dtype == np.int8:
        img = (img.astype(np.int16) + 128).astype(np.uint8)
    return np.ascontiguousarray(img)


def _image_back(img, tile):
    if tile.dtype == np.int16:
        img = (img.astype(np.int32) - INT16_OFFSET).astype(np.int16)
    elif tile.dtype == np.int8:
        img = (img.astype(np.int16) - 128).astype(np.int8)
    img = np.asarray(img).reshape(tile.shape[1], tile.shape[2], -1)
    return np.ascontiguousarray(np.moveaxis(img, -1, 0))


def _image_codec(encode, decode, integers_only=True):
    """A codec over whole (possibly multichannel) tiles, through the unsigned image view."""
    def enc(tile):
        if integers_only and tile.dtype.kind == "f":
            raise TypeError("integer images only")
        return encode(_image_view(tile))

    def dec(data, tile):
        return _image_back(decode(data), tile)
    return enc, dec


def _per_band(encode, decode):
    """A codec applied band by band (one stream per band, sizes summed)."""
    def enc(tile):
        return [encode(np.ascontiguousarray(band)) for band in tile]

    def dec(parts, tile):
        return np.stack([np.asarray(decode(p, band)).reshape(band.shape)
                         for p, band in zip(parts, tile)])
    return enc, dec


def codecs():
    """name -> (encode(tile) -> bytes or list of bytes, decode(data, tile) -> tile)."""
    out = {}

    def ours(level):
        def enc(tile):
            return blockcodec.encode_block(tile, str(tile.dtype), compression_level=level)

        def dec(data, tile):
            return blockcodec.decode_block(data[0], data[1], tile.shape[1], tile.shape[2])[0]
        return enc, dec

    out["ours L5"] = ours(5)
    out["ours L8"] = ours(8)
    try:
        import imagecodecs as ic
    except ImportError:
        ic = None
    if ic is not None:
        for effort in (7, 9):
            out[f"JPEG-XL e{effort}"] = _image_codec(
                lambda img, e=effort: ic.jpegxl_encode(img, lossless=True, effort=e),
                ic.jpegxl_decode, integers_only=False)
        out["JPEG-LS"] = _image_codec(lambda img: ic.jpegls_encode(img, level=0),
                                      ic.jpegls_decode)
        out["JPEG 2000 5/3"] = _image_codec(
            lambda img: ic.jpeg2k_encode(img, level=0, reversible=True, mct=img.ndim == 3
                                         and img.shape[2] == 3),
            ic.jpeg2k_decode)
        out["LERC"] = _per_band(lambda band: ic.lerc_encode(band, level=0.0),
                                lambda data, band: ic.lerc_decode(data))
        out["blosc2 zstd9 shuffle"] = _per_band(
            lambda band: ic.blosc2_encode(band, level=9, compressor="zstd", shuffle="shuffle",
                                          typesize=band.dtype.itemsize),
            lambda data, band: np.frombuffer(ic.blosc2_decode(data), band.dtype))
    try:
        from pcodec import ChunkConfig, standalone
    except ImportError:
        standalone = None
    if standalone is not None:
        def pco_enc(band):
            if band.dtype.itemsize < 2:   # pcodec has no 8-bit types: widen (counted honestly)
                band = band.astype(np.int16 if band.dtype.kind == "i" else np.uint16)
            return standalone.simple_compress(band.ravel(), ChunkConfig())

        def pco_dec(data, band):
            return standalone.simple_decompress(data).astype(band.dtype)
        out["pcodec"] = _per_band(pco_enc, pco_dec)
    return out


def _size(encoded):
    if isinstance(encoded, tuple):       # ours: (bytes, spec)
        return len(encoded[0])
    if isinstance(encoded, list):
        return sum(len(p) for p in encoded)
    return len(encoded)


def tile_ratios(ds, log=print):
    """Ratio and single-thread encode/decode MB/s of every codec over the dataset's tiles."""
    arrays = read_array(ds.path)
    tiles = [np.ascontiguousarray(t) for t in tiles_of(arrays)]
    raw = sum(t.nbytes for t in tiles)
    out = {"shape": list(arrays.shape), "dtype": str(arrays.dtype), "raw_bytes": raw,
           "codecs": {}}
    for name, (enc, dec) in codecs().items():
        try:
            t0 = time.perf_counter()
            encoded = [enc(t) for t in tiles]
            t1 = time.perf_counter()
            exact = all(_exact(dec(e, t), t) for e, t in zip(encoded, tiles))
            t2 = time.perf_counter()
        except Exception as exc:  # a codec that cannot take this type: reported, not fatal
            out["codecs"][name] = {"error": f"{type(exc).__name__}: {exc}"[:200]}
            log(f"    {name:24s} n/a ({type(exc).__name__})")
            continue
        size = sum(_size(e) for e in encoded)
        out["codecs"][name] = {"bytes": size, "ratio": raw / size, "exact": exact,
                               "encode_mbs": raw / (t1 - t0) / 1e6,
                               "decode_mbs": raw / (t2 - t1) / 1e6}
        log(f"    {name:24s} {raw / size:6.3f}  enc {raw / (t1 - t0) / 1e6:6.1f} MB/s  "
            f"dec {raw / (t2 - t1) / 1e6:6.1f} MB/s  {'exact' if exact else 'NOT EXACT'}")
    _geotiffs(ds, arrays, raw, out, log)
    others = {k: v for k, v in out["codecs"].items()
              if not k.startswith("ours") and v.get("exact")}
    if others:
        best = max(others, key=lambda k: others[k]["ratio"])
        out["best_other"] = best
        for key in ("ours L5", "ours L8"):
            if out["codecs"].get(key, {}).get("exact"):
                out["codecs"][key]["vs_best_other"] = (out["codecs"][key]["ratio"]
                                                       / others[best]["ratio"])
    return out


def _geotiffs(ds, arrays, raw, out, log):
    tmp = temp_dir("codecs-")
    floats = arrays.dtype.kind == "f"
    options = {
        "GeoTIFF DEFLATE": dict(compress="deflate", predictor=3 if floats else 2, zlevel=9),
        "GeoTIFF ZSTD": dict(compress="zstd", predictor=3 if floats else 2, zstd_level=22),
        "GeoTIFF LERC_ZSTD": dict(compress="lerc_zstd", max_z_error=0),
    }
    for name, opts in options.items():
        sizes = []
        for interleave in (["pixel", "band"] if arrays.shape[0] > 1 else ["pixel"]):
            path = os.path.join(tmp, f"{name.split()[1]}_{interleave}.tif")
            write_geotiff(ds.path, path, opts, interleave)
            sizes.append((os.path.getsize(path), path))
        size, path = min(sizes)
        exact = _exact(read_array(path), arrays)
        out["codecs"][name] = {"bytes": size, "ratio": raw / size, "exact": exact}
        log(f"    {name:24s} {raw / size:6.3f}  {'exact' if exact else 'NOT EXACT'}")


# -- decode speed against GDAL COGs ---------------------------------------------------------

def _gdal_cog(src, dst, options):
    cmd = ["gdal_translate", "-q", "-of", "COG", "-co", "BLOCKSIZE=512", "-co", "NUM_THREADS=2",
           "-co", "OVERVIEWS=NONE"]
    for opt in options:
        cmd += ["-co", opt]
    t0 = time.perf_counter()
    subprocess.run(cmd + [src, dst], check=True)
    return time.perf_counter() - t0


def _median(fn, reps):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def decode_speed(ds, reps, log=print):
    """Whole-raster decode (2 threads) and single-tile latency: ours vs GDAL ZSTD/LERC COGs."""
    import rasterio
    tmp = temp_dir("cog-")
    arrays = read_array(ds.path)
    raw = arrays.nbytes
    count, h, w = arrays.shape
    floats = arrays.dtype.kind == "f"
    ours = os.path.join(tmp, "ours.flac")
    t0 = time.perf_counter()
    api.create_streaming(ds.path, ours, overviews=False)
    files = {"ours": (ours, time.perf_counter() - t0)}
    cogs = {"GDAL ZSTD COG": ["COMPRESS=ZSTD", "LEVEL=9",
                              "PREDICTOR=" + ("FLOATING_POINT" if floats else "YES")],
            "GDAL LERC_ZSTD COG": ["COMPRESS=LERC_ZSTD", "MAX_Z_ERROR=0"]}
    for name, options in cogs.items():
        path = os.path.join(tmp, name.split()[1] + ".tif")
        files[name] = (path, _gdal_cog(ds.path, path, options))
    tiles = [(x, y) for y in range(0, h - 511, 512) for x in range(0, w - 511, 512)] or [(0, 0)]
    out = {"dataset": ds.name, "raw_bytes": raw, "tiles_timed": len(tiles)}
    with rasterio.Env(GDAL_NUM_THREADS=2, GDAL_CACHEMAX=1):   # 1 MB: no tile is served cached
        for name, (path, encode_s) in files.items():
            if name == "ours":
                reader = api.open_flac(path)

                def whole(reader=reader):
                    return reader.read_window(0, 0, 0, w, h)[0]

                def tile(x, y, reader=reader):
                    return reader.read_window(0, x, y, min(512, w), min(512, h))[0]
            else:
                reader = rasterio.open(path)

                def whole(reader=reader):
                    return reader.read()

                def tile(x, y, reader=reader):
                    from rasterio.windows import Window
                    return reader.read(window=Window(x, y, min(512, w), min(512, h)))
            try:
                if not _exact(whole(), arrays):
                    raise AssertionError(f"{ds.name}: {name} is not lossless")
                t_whole = _median(whole, reps)
                cycle = itertools.cycle(tiles)

                def one():
                    tile(*next(cycle))
                t_tile = _median(one, max(len(tiles), 3 * reps))
            finally:
                reader.close()
            out[name] = {"encode_mbs": raw / encode_s / 1e6,
                         "whole_decode_mbs": raw / t_whole / 1e6,
                         "tile_ms": 1000 * t_tile, "bytes": os.path.getsize(path)}
            log(f"    {name:20s} whole decode {raw / t_whole / 1e6:7.1f} MB/s, one tile "
                f"{1000 * t_tile:5.2f} ms, encode {raw / encode_s / 1e6:6.1f} MB/s")
    zstd = out["GDAL ZSTD COG"]
    out["whole_vs_zstd_cog"] = out["ours"]["whole_decode_mbs"] / zstd["whole_decode_mbs"]
    out["tile_vs_zstd_cog"] = out["ours"]["tile_ms"] / zstd["tile_ms"]
    out["encode_vs_zstd_cog"] = out["ours"]["encode_mbs"] / zstd["encode_mbs"]
    return out


# -- GeoTIFF outputs ------------------------------------------------------------------------

OUTPUT_OPTIONS = {   # our default (core/raster/metadata.py) and a user's stronger choice
    "default (DEFLATE 1, predictor)": None,
    "ZSTD 9, predictor": "COMPRESS=ZSTD|ZSTD_LEVEL=9",
}


def geotiff_output(ds, reps, log=print):
    """flac_to_raster (plain and streaming files) against gdal_translate writing the same
    raster with the same creation options from an uncompressed GeoTIFF (GDAL's own reading
    cost being small: what remains is the writing)."""
    import rasterio
    tmp = temp_dir("output-")
    arrays = read_array(ds.path)
    raw = arrays.nbytes
    plain, stream = os.path.join(tmp, "p.flac"), os.path.join(tmp, "s.flac")
    api.raster_to_flac(ds.path, plain)
    api.create_streaming(ds.path, stream, overviews=False)
    source = os.path.join(tmp, "raw.tif")
    write_geotiff(ds.path, source, {"compress": "none"})
    out = {"dataset": ds.name, "raw_bytes": raw, "runs": {}}
    for label, options in OUTPUT_OPTIONS.items():
        from flac_raster_qgis.core.raster.geotiff import output_profile
        with api.open_flac(stream) as reader:
            profile = output_profile(reader.meta, options)
        co = [f"{k.upper()}={v}" for k, v in profile.items()
              if k in ("compress", "predictor", "zlevel", "zstd_level", "num_threads",
                       "blockxsize", "blockysize", "interleave", "bigtiff")]
        if profile.get("tiled"):
            co.append("TILED=YES")
        dst = os.path.join(tmp, "o.tif")
        cmd = ["gdal_translate", "-q"] + [x for c in co for x in ("-co", c)] + [source, dst]
        runs = {
            "gdal_translate": lambda: subprocess.run(cmd, check=True),
            "ours (streaming)": lambda: api.flac_to_raster(stream, dst, overwrite=True,
                                                           creation_options=options),
            "ours (plain)": lambda: api.flac_to_raster(plain, dst, overwrite=True,
                                                       creation_options=options),
        }
        row = {}
        for name, fn in runs.items():
            row[name] = 1000 * _median(fn, reps)
            if name != "gdal_translate":
                with rasterio.open(dst) as back:
                    if not _exact(back.read(), arrays):
                        raise AssertionError(f"{ds.name}: {name} output is not lossless")
        row["bytes"] = os.path.getsize(dst)
        out["runs"][label] = row
        log(f"    {label:32s} " + ", ".join(f"{k} {v:.0f} ms" for k, v in row.items()
                                              if k != "bytes"))
    return out
