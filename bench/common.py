"""Shared pieces of the benchmark: datasets, timing, GeoTIFF writers, work directories."""

import os
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED_DATA = os.path.abspath(os.path.join(ROOT, "..", "shared", "data"))
WORK = os.path.join(ROOT, "bench", "work")
TILE = 512

REAL_FILES = {
    "SRTM": "srtm_ref_int16.tif",
    "ETOPO5": "etopo5_int16.tif",
    "Landsat-8": "landsat8_LC08_224078_20200518_b234_uint16.tif",
    "RGBN": "rgbn_uint8.tif",
    "coastal DEM float32": "Gironde.tif",   # demcompare 0.6.1's coastal DEM / bathymetry
}
# Searched after ../shared/data for REAL_FILES (os.pathsep-separated folders).
EXTRA_DATA_ENV = "FLACRASTER_BENCH_DATA"
# A real non-integer float32 grid most machines have: EGM96 geoid heights (Debian proj-data).
GEOID = ("geoid float32", "/usr/share/proj/egm96_15.gtx")

# GeoTIFF codecs compared, all 512x512 tiles, written by GDAL through rasterio.
GEOTIFF_CODECS = {
    "DEFLATE": dict(compress="deflate", predictor=2, zlevel=9),
    "ZSTD": dict(compress="zstd", predictor=2, zstd_level=22),
    "LERC_ZSTD": dict(compress="lerc_zstd", max_z_error=0),
}


@dataclass
class Dataset:
    name: str
    path: str
    real: bool
    note: str = ""


def work_dir(name):
    path = os.path.join(WORK, name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path, exist_ok=True)
    return path


def fbm_surface(size, seed=0, beta=2.4):
    """Periodic fractional-Brownian terrain by spectral synthesis (power ~ k**-beta), 0..1.

    Real DEMs have power spectra close to k**-2..-2.4; the surface tiles seamlessly, which
    lets the large-raster test repeat it without visible seams.
    """
    rng = np.random.default_rng(seed)
    kx = np.fft.fftfreq(size)[None, :]
    ky = np.fft.fftfreq(size)[:, None]
    k = np.sqrt(kx * kx + ky * ky)
    k[0, 0] = 1.0
    spectrum = np.fft.fft2(rng.normal(size=(size, size))) * k ** (-beta / 2.0)
    spectrum[0, 0] = 0.0
    surface = np.fft.ifft2(spectrum).real
    surface -= surface.min()
    return surface / surface.max()


def synthetic_dem(path, size=2048, seed=7):
    """A synthetic int16 DEM (0..3000 m, 30 m pixels) as an untiled GeoTIFF."""
    import rasterio
    from rasterio.transform import from_origin
    dem = np.round(fbm_surface(size, seed) * 3000.0).astype(np.int16)
    profile = dict(driver="GTiff", width=size, height=size, count=1, dtype="int16",
                   crs="EPSG:32632", transform=from_origin(500000.0, 5200000.0, 30.0, 30.0))
    with rasterio.open(path, "w", **profile) as ds:
        ds.write(dem, 1)
    return path


def datasets(quick=False):
    """The rasters benchmarked: the real ones when ../shared/data exists, and a synthetic DEM."""
    out = []
    folders = [SHARED_DATA] + [d for d in os.environ.get(EXTRA_DATA_ENV, "").split(os.pathsep) if d]
    for name, fname in REAL_FILES.items():
        path = next((os.path.join(d, fname) for d in folders
                     if os.path.exists(os.path.join(d, fname))), None)
        if path:
            out.append(Dataset(name, path, True))
    if os.path.exists(GEOID[1]):
        out.append(Dataset(GEOID[0], GEOID[1], True, "EGM96 15' geoid grid (proj-data)"))
    synth_dir = os.path.join(WORK, "synthetic")
    os.makedirs(synth_dir, exist_ok=True)
    size = 1024 if quick else 2048
    path = os.path.join(synth_dir, f"fbm_dem_{size}.tif")
    if not os.path.exists(path):
        synthetic_dem(path, size)
    out.append(Dataset(f"Synthetic DEM {size}²", path, False,
                       "fBm spectral synthesis, beta 2.4, int16 0..3000 m"))
    return out


def read_array(path):
    import rasterio
    with rasterio.open(path) as ds:
        return ds.read()


def write_geotiff(src_path, dst_path, codec_options, interleave="pixel"):
    """Copy a raster into a 512x512-tiled GeoTIFF with the given GDAL creation options."""
    import rasterio
    with rasterio.open(src_path) as src:
        profile = src.profile.copy()
        data = src.read()
    for key in ("compress", "predictor", "zlevel", "zstd_level", "max_z_error", "blockxsize",
                "blockysize", "tiled", "interleave"):
        profile.pop(key, None)
    profile.update(driver="GTiff", tiled=True, blockxsize=TILE, blockysize=TILE,
                   interleave=interleave, **codec_options)
    with rasterio.open(dst_path, "w", **profile) as dst:
        dst.write(data)
    return dst_path


def median_time(fn, reps):
    """Median wall time of ``reps`` calls (plus the last result)."""
    times, result = [], None
    for _ in range(max(1, reps)):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def tiles_of(arrays, tile=TILE):
    """(count, rows, cols) -> list of (count, <=tile, <=tile) views, row-major."""
    _, h, w = arrays.shape
    return [arrays[:, y:y + tile, x:x + tile] for y in range(0, h, tile) for x in range(0, w, tile)]


_TEMP_DIRS = []


def temp_dir(prefix):
    """A scratch folder under bench/work, removed by :func:`remove_temp_dirs` when the run
    ends (a full run writes ~0.5 GB of rasters there)."""
    os.makedirs(WORK, exist_ok=True)
    path = tempfile.mkdtemp(prefix=prefix, dir=WORK)
    _TEMP_DIRS.append(path)
    return path


def remove_temp_dirs():
    while _TEMP_DIRS:
        shutil.rmtree(_TEMP_DIRS.pop(), ignore_errors=True)


def mb(nbytes):
    return nbytes / 1e6
