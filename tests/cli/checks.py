"""Checks the command-line tests share."""

import numpy as np
import rasterio


def assert_same_raster(path_a, path_b, window=None):
    """Pixels bit for bit (NaN payloads included), dtype, nodata, CRS, georeferencing."""
    with rasterio.open(path_a) as a, rasterio.open(path_b) as b:
        data_a = a.read(window=window)
        data_b = b.read()
        assert data_a.dtype == data_b.dtype
        assert data_a.shape == data_b.shape
        width = data_a.dtype.itemsize
        assert np.array_equal(data_a.view(f"u{width}"), data_b.view(f"u{width}"))
        assert [repr(v) for v in a.nodatavals] == [repr(v) for v in b.nodatavals]  # NaN too
        assert a.crs == b.crs
        expected = a.window_transform(window) if window is not None else a.transform
        assert tuple(expected) == tuple(b.transform)
