"""The documented Python API. Processing algorithms and the data-source page are thin
wrappers over these functions; scripts outside QGIS call them directly.

Keep the names and first two parameters of :func:`raster_to_flac` and :func:`flac_to_raster`
stable: batch jobs depend on them.
"""

import os

from . import plain
from .errors import FlacRasterError, NotAFlacRasterError, UnsupportedRasterError


def _check_input(path):
    if not os.path.exists(path):
        raise FlacRasterError(f"The input file does not exist: {path}")


def raster_to_flac(src, dst, compression_level=5, overwrite=False, feedback=None,
                   predictor="auto"):
    """Convert any GDAL-readable raster to a lossless plain FLAC file; returns ``dst``."""
    import rasterio
    from rasterio.errors import RasterioIOError
    src, dst = os.fspath(src), os.fspath(dst)
    _check_input(src)
    if not 0 <= int(compression_level) <= 8:
        raise FlacRasterError("The compression level must be between 0 and 8")
    try:
        return plain.encode(src, dst, compression_level, overwrite, feedback, predictor)
    except RasterioIOError as exc:
        raise UnsupportedRasterError(f"GDAL cannot read {src}: {exc}") from exc
    except rasterio.errors.RasterioError as exc:
        raise UnsupportedRasterError(f"Cannot convert {src}: {exc}") from exc


def flac_to_raster(src, dst, overwrite=False, feedback=None, **kwargs):
    """Decode a FLAC raster (path or URL) to a GeoTIFF at ``dst``; returns ``dst``."""
    src, dst = os.fspath(src), os.fspath(dst)
    _check_input(src)
    try:
        plain.read_tags(src)
    except NotAFlacRasterError:
        raise
    return plain.decode(src, dst, overwrite, feedback)
