"""The documented Python API. Processing algorithms and the data-source page are thin
wrappers over these functions; scripts outside QGIS call them directly.

Keep the names and first two parameters of :func:`raster_to_flac` and :func:`flac_to_raster`
stable: batch jobs depend on them.
"""

import os

from . import plain, predictors
from .feedback import ensure
from .dependencies import require
from .errors import FlacRasterError, UnsupportedRasterError
from .sources import is_url


def _check_input(path):
    if not os.path.exists(path):
        raise FlacRasterError(f"The input file does not exist: {path}")


def raster_to_flac(src, dst, compression_level=5, overwrite=False, feedback=None,
                   predictor="auto"):
    """Convert any GDAL-readable raster to a lossless plain FLAC file; returns ``dst``."""
    require()  # a missing package is a MissingDependencyError, not an ImportError
    import rasterio
    from rasterio.errors import RasterioIOError
    src, dst = os.fspath(src), os.fspath(dst)
    _check_input(src)
    if not 0 <= int(compression_level) <= 8:
        raise FlacRasterError("The compression level must be between 0 and 8")
    predictors.check_predictor(predictor, windowed=True)   # plain: row windows
    try:
        return plain.encode(src, dst, compression_level, overwrite, feedback, predictor)
    except RasterioIOError as exc:
        raise UnsupportedRasterError(f"GDAL cannot read {src}: {exc}") from exc
    except rasterio.errors.RasterioError as exc:
        raise UnsupportedRasterError(f"Cannot convert {src}: {exc}") from exc


def create_streaming(src, dst, tile_size=512, compression_level=5, overviews=True,
                     resampling="average", overwrite=False, feedback=None, predictor="auto"):
    """Convert any GDAL-readable raster to a streaming FLAC container (tiles + overviews,
    readable by extent over HTTP); returns ``dst``.

    Level 0 is lossless; overview levels (``overviews=True``) are reduced copies made with
    ``resampling``: "average" (continuous data), "nearest" or "mode" (categories).
    """
    require()  # a missing package is a MissingDependencyError, not an ImportError
    import rasterio
    from rasterio.errors import RasterioIOError
    from . import containerwriter
    src, dst = os.fspath(src), os.fspath(dst)
    _check_input(src)
    if not 0 <= int(compression_level) <= 8:
        raise FlacRasterError("The compression level must be between 0 and 8")
    predictors.check_predictor(predictor)
    try:
        containerwriter.check_tile_size(tile_size)
        from .overviews import check_resampling
        check_resampling(resampling)
    except ValueError as exc:
        raise FlacRasterError(str(exc)) from exc
    try:
        return containerwriter.write_streaming(src, dst, tile_size, compression_level, overviews,
                                               resampling, overwrite, feedback, predictor)
    except RasterioIOError as exc:
        raise UnsupportedRasterError(f"GDAL cannot read {src}: {exc}") from exc
    except rasterio.errors.RasterioError as exc:
        raise UnsupportedRasterError(f"Cannot convert {src}: {exc}") from exc


def open_flac(location, transport=None):
    """A RasterReader for any FLAC raster (streaming, plain, flac-raster 0.1.x), local path
    or http(s) URL. Use ``reader.read(bounds=...)`` for pixels, ``reader.info()`` for facts."""
    from .reader import open_flac as _open
    from .sources import check_location
    location = check_location(location)
    if not is_url(location):
        _check_input(location)
    return _open(location, transport)


def flac_to_raster(src, dst, bounds=None, bounds_crs=None, resolution=None, level=None,
                   overwrite=False, feedback=None, transport=None, creation_options=None):
    """Decode a FLAC raster (any format the reader knows; path or URL) to a GeoTIFF at
    ``dst``; returns ``dst``.

    Without ``bounds`` the whole raster is written; with ``bounds`` (xmin, ymin, xmax, ymax
    in ``bounds_crs``, default the file's CRS) exactly the pixels covering that extent.
    ``resolution`` (pixel size in the extent's units) or ``level`` selects an overview.
    ``creation_options``: GDAL GeoTIFF creation options (``"COMPRESS=ZSTD|ZSTD_LEVEL=9"`` or a
    list), lossless ones only; the default is DEFLATE level 1 with a predictor (fast).
    """
    require()
    from . import extent
    src, dst = os.fspath(src), os.fspath(dst)
    from .geotiff import parse_creation_options
    parse_creation_options(creation_options)   # a bad option fails before any decoding
    with open_flac(src, transport) as reader:
        for warning in reader.warnings:  # e.g. a known-lossy flac-raster 0.1.x file
            ensure(feedback).info(warning)
        whole = bounds is None and resolution is None and level in (None, 0)
        if reader.kind == "plain" and whole and not is_url(src):
            return plain.decode(src, dst, overwrite, feedback,   # one streaming pass
                                creation_options=creation_options)
        lv, window = extent.plan(reader, bounds, bounds_crs, resolution, level)
        return extent.write_geotiff(reader, lv, window, dst, overwrite, feedback,
                                    creation_options=creation_options)
