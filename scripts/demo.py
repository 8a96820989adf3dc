"""`make demo`: the headless end-to-end demo a newcomer runs first.

Makes (or finds) a realistic DEM, converts it to FLAC and back through the plugin's own
code, proves the round trip is bit-exact, and compares sizes with a DEFLATE GeoTIFF.
Run: ``.venv/bin/python -m scripts.demo [--workdir DIR] [--input RASTER]``.
"""

import argparse
import os
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED_DEM = os.path.join(ROOT, "..", "shared", "data", "srtm_ref_int16.tif")


def say(text=""):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def synthetic_dem(path, size=1024):
    """A fractal terrain with a realistic spectrum, written as an int16 GeoTIFF."""
    sys.path.insert(0, ROOT)
    from tests.rasters import fractal_dem, write_raster
    write_raster(path, fractal_dem(size, size, seed=42), crs="EPSG:4326", nodata=-32768)
    return path


def deflate_copy(src, dst):
    """The same pixels as a tiled DEFLATE GeoTIFF (predictor 2, level 9): the usual baseline."""
    import rasterio
    with rasterio.open(src) as ds:
        profile = ds.profile
        profile.update(driver="GTiff", compress="deflate", predictor=2, zlevel=9, tiled=True,
                       blockxsize=512, blockysize=512)
        with rasterio.open(dst, "w", **profile) as out:
            out.write(ds.read())
    return dst


def identical(a_path, b_path):
    import rasterio
    with rasterio.open(a_path) as a, rasterio.open(b_path) as b:
        arr_a, arr_b = a.read(), b.read()
        same_pixels = arr_a.dtype == arr_b.dtype and arr_a.tobytes() == arr_b.tobytes()
        same_geo = a.crs == b.crs and a.transform == b.transform and a.nodatavals == b.nodatavals
        return same_pixels and same_geo, arr_a.nbytes


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workdir", help="where to write the demo files (default: a temp dir)")
    parser.add_argument("--input", help="a raster to use instead of the default DEM")
    parser.add_argument("--synthetic", action="store_true",
                        help="use the generated fractal DEM even when ../shared/data exists")
    args = parser.parse_args(argv)

    from flac_raster_qgis.core import flac_to_raster, raster_to_flac
    from flac_raster_qgis.core.signals import install_sigterm_handler
    install_sigterm_handler()   # SIGTERM removes a half-written output, as Ctrl+C does

    work = args.workdir or tempfile.mkdtemp(prefix="flac_raster_demo_")
    os.makedirs(work, exist_ok=True)
    if args.input:
        src = args.input
    elif os.path.exists(SHARED_DEM) and not args.synthetic:
        src = os.path.abspath(SHARED_DEM)
    else:
        src = synthetic_dem(os.path.join(work, "fractal_dem.tif"))
    say(f"FLAC Raster demo — working in {work}")
    say(f"Input raster: {src}")

    flac = os.path.join(work, "dem.flac")
    back = os.path.join(work, "dem_roundtrip.tif")
    deflate = os.path.join(work, "dem_deflate.tif")

    t0 = time.perf_counter()
    raster_to_flac(src, flac, compression_level=5, overwrite=True)
    t1 = time.perf_counter()
    flac_to_raster(flac, back, overwrite=True)
    t2 = time.perf_counter()
    deflate_copy(src, deflate)

    ok, raw = identical(src, back)
    flac_size, deflate_size = os.path.getsize(flac), os.path.getsize(deflate)
    say("")
    say(f"  raw pixels            {raw:>12,d} bytes")
    say(f"  GeoTIFF DEFLATE (z9)  {deflate_size:>12,d} bytes  ratio {raw / deflate_size:5.2f}")
    say(f"  plain FLAC (level 5)  {flac_size:>12,d} bytes  ratio {raw / flac_size:5.2f}"
        f"  ({deflate_size / flac_size:4.2f}x smaller than DEFLATE)")
    say(f"  encode {t1 - t0:5.2f} s, decode {t2 - t1:5.2f} s")
    say(f"  round trip bit-exact (pixels, CRS, transform, nodata): {'YES' if ok else 'NO'}")

    for section in _extra_sections():
        section(src, work, say)

    if not ok:
        say("FAILED: the round trip is not bit-exact")
        return 1
    say("")
    say("Demo finished: all checks passed.")
    return 0


def _extra_sections():
    """Later parts of the demo (streaming, range fetch, Processing) register here."""
    try:
        from scripts import demo_streaming
        yield demo_streaming.run
    except ImportError:
        pass
    try:
        from scripts import demo_http
        yield demo_http.run
    except ImportError:
        pass
    try:
        from scripts import demo_processing
        yield demo_processing.run
    except ImportError:
        pass
    try:
        from scripts import demo_live
        yield demo_live.run
    except ImportError:
        pass


if __name__ == "__main__":
    np.seterr(all="ignore")
    sys.exit(main())
