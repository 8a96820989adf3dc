"""Small rasters generated for tests: every dtype, band count, nodata and odd sizes."""

import numpy as np
import rasterio
from rasterio.transform import Affine, from_origin


def write_raster(path, data, crs="EPSG:4326", transform=None, nodata=None, **extra):
    data = np.asarray(data)
    if data.ndim == 2:
        data = data[np.newaxis]
    count, height, width = data.shape
    profile = dict(driver="GTiff", width=width, height=height, count=count, dtype=data.dtype.name,
                   crs=crs, transform=transform or from_origin(10.0, 50.0, 0.01, 0.01))
    if nodata is not None:
        profile["nodata"] = nodata
    profile.update(extra)
    with rasterio.open(path, "w", **profile) as ds:
        ds.write(data)
    return path


def fractal_dem(height, width, seed=0, dtype="int16"):
    """A smooth, realistic-looking terrain (sum of random octaves)."""
    rng = np.random.default_rng(seed)
    out = np.zeros((height, width))
    for octave in range(1, 7):
        ny, nx = max(2, height >> (7 - octave)), max(2, width >> (7 - octave))
        coarse = rng.normal(0, 400.0 / octave ** 1.5, size=(ny, nx))
        ys = np.linspace(0, ny - 1, height)
        xs = np.linspace(0, nx - 1, width)
        rows = np.array([np.interp(xs, np.arange(nx), r) for r in coarse])
        out += np.array([np.interp(ys, np.arange(ny), c) for c in rows.T]).T
    out = out - out.min() + 50
    return out.astype(dtype)


def read_all(path):
    with rasterio.open(path) as ds:
        return ds.read(), ds.profile, ds


ROTATED = Affine(0.01, 0.002, 10.0, 0.003, -0.01, 50.0)
