"""The documented Python API: the one front door of the core. Processing algorithms, the
data-source page, the live-layer provider and the command line are thin wrappers over these
functions; scripts outside QGIS call them directly.

Three of them are the steps every interactive caller takes, so each has one implementation
(its checks and its errors, FlacRasterError subclasses, are the same for every caller):

* :func:`open_flac` -- open a source (path or URL) as a RasterReader;
* :func:`select_window` -- which level and pixel window an extent (any CRS) or a tile needs;
* :func:`read_window` -- the pixels of a window at a level; :func:`write_window` -- the same
  pixels as a GeoTIFF.

Keep the names and first two parameters of :func:`raster_to_flac` and :func:`flac_to_raster`
stable: batch jobs depend on them.
"""

import os
from dataclasses import dataclass

from . import choices
from .formats import plain
from .codec import predictors
from .feedback import ensure
from .notices import emit_reader_warnings
from .dependencies import require
from .atomic import check_not_input
from .errors import FlacRasterError, NotFoundError, UnsupportedRasterError
from .sources.byte_source import is_url


def _check_input(path):
    if not os.path.exists(path):
        raise NotFoundError(f"The input file does not exist: {path}")


def _check_paths(src, dst):
    """The input exists and the output is not the input (through any spelling or link)."""
    _check_input(src)
    check_not_input(src, dst)


def _check_compression_level(level):
    if not choices.is_compression_level(level):
        raise FlacRasterError(choices.compression_level_message())


def raster_to_flac(src, dst, compression_level=choices.DEFAULT_COMPRESSION_LEVEL,
                   overwrite=False, feedback=None, predictor=choices.DEFAULT_PREDICTOR):
    """Convert any GDAL-readable raster to a lossless plain FLAC file; returns ``dst``."""
    require()  # a missing package is a MissingDependencyError, not an ImportError
    import rasterio
    from rasterio.errors import RasterioIOError
    src, dst = os.fspath(src), os.fspath(dst)
    _check_paths(src, dst)
    _check_compression_level(compression_level)
    predictors.check_predictor(predictor, windowed=True)   # plain: row windows
    try:
        return plain.encode(src, dst, compression_level, overwrite, feedback, predictor)
    except RasterioIOError as exc:
        raise UnsupportedRasterError(f"GDAL cannot read {src}: {exc}") from exc
    except rasterio.errors.RasterioError as exc:
        raise UnsupportedRasterError(f"Cannot convert {src}: {exc}") from exc


def create_streaming(src, dst, tile_size=choices.DEFAULT_TILE_SIZE,
                     compression_level=choices.DEFAULT_COMPRESSION_LEVEL, overviews=True,
                     resampling=choices.DEFAULT_RESAMPLING, overwrite=False, feedback=None,
                     predictor=choices.DEFAULT_PREDICTOR):
    """Convert any GDAL-readable raster to a streaming FLAC container (tiles + overviews,
    readable by extent over HTTP); returns ``dst``.

    Level 0 is lossless; overview levels (``overviews=True``) are reduced copies made with
    ``resampling``: "average" (continuous data), "nearest" or "mode" (categories).
    """
    require()  # a missing package is a MissingDependencyError, not an ImportError
    import rasterio
    from rasterio.errors import RasterioIOError
    from .formats import container_writer
    src, dst = os.fspath(src), os.fspath(dst)
    _check_paths(src, dst)
    _check_compression_level(compression_level)
    predictors.check_predictor(predictor)
    try:
        container_writer.check_tile_size(tile_size)
        from .raster.overviews import check_resampling
        check_resampling(resampling)
    except ValueError as exc:
        raise FlacRasterError(str(exc)) from exc
    try:
        return container_writer.write_streaming(src, dst, tile_size, compression_level, overviews,
                                               resampling, overwrite, feedback, predictor)
    except RasterioIOError as exc:
        raise UnsupportedRasterError(f"GDAL cannot read {src}: {exc}") from exc
    except rasterio.errors.RasterioError as exc:
        raise UnsupportedRasterError(f"Cannot convert {src}: {exc}") from exc


def open_flac(location, transport=None, memory_cache=None):
    """Open a source: a RasterReader for any FLAC raster (streaming, plain, flac-raster
    0.1.x), local path or http(s) URL. Use ``reader.info()`` for facts, :func:`read_window`
    or ``reader.read(bounds=...)`` for pixels; close it (or use ``with``) when done.
    ``memory_cache`` (core.sources.memory_cache.MemoryRangeCache) keeps read ranges in memory.

    The location is checked here for every caller: another scheme (file://, ftp://,
    /vsicurl/) is a TransportError, a missing local file (or a folder) a NotFoundError."""
    from .formats.detect import open_flac as _open
    from .sources.byte_source import check_location
    location = check_location(location)
    if not is_url(location):
        _check_input(location)
        if os.path.isdir(location):
            raise NotFoundError(f"The input is a folder, not a FLAC file: {location}")
    return _open(location, transport, memory_cache)


def select_window(reader, bounds=None, bounds_crs=None, resolution=None, level=None,
                  tile=None):
    """(Level, tiling.Window): which level and which pixels of it a read needs.

    ``bounds`` (xmin, ymin, xmax, ymax) in ``bounds_crs`` (default the file's CRS; any CRS
    is reprojected the same way, rasterio's ``transform_bounds``, for every caller, so the
    same extent gives the same window in Processing, the page and the live layer),
    ``resolution`` (pixel size in the extent's units) picks the coarsest level that is still
    fine enough, ``level`` forces one; or ``tile`` (a number, "center", "last") selects one
    tile. An ExtentError says what is wrong (no overlap, no such level, ...)."""
    from .formats import read_plan
    return read_plan.select(reader, bounds, bounds_crs, resolution, level, tile)


def bounds_in_file_crs(reader, bounds, bounds_crs):
    """``bounds`` (xmin, ymin, xmax, ymax) in ``bounds_crs`` as the bounding box in the
    file's CRS: the reprojection :func:`select_window` makes, for a caller that needs the
    extent itself (the page derives its resolution from it)."""
    from .raster import extent
    return extent.to_file_crs(reader.meta, bounds, bounds_crs)


def read_window(reader, level, window, feedback=None):
    """Read a window at a level: ``(arrays, mask)``, arrays (bands, rows, cols) in the
    raster's dtype, mask (rows, cols) uint8 or None. ``level`` is a Level or its number,
    ``window`` a tiling.Window (or its four numbers) inside that level: the reader checks
    both (an ExtentError otherwise) and fetches only the tiles the window touches."""
    from .raster.tiling import Window
    return reader.read_window(level, *Window.of(window), feedback=feedback)


def write_window(reader, level, window, dst, overwrite=False, feedback=None,
                 creation_options=None):
    """Write a window at a level to a GeoTIFF at ``dst`` (georeferenced, the file's metadata,
    bit-exact values); returns ``dst``. Written to a temporary file and renamed, in whole rows
    of the output's blocks (memory stays bounded), so a failure or Cancel leaves nothing. ``creation_options`` as for
    :func:`flac_to_raster`."""
    from .raster import extent
    from .raster.geotiff import parse_creation_options
    parse_creation_options(creation_options)   # a bad option fails before any decoding
    lv = reader.level(level)
    from .sources.byte_source import LocalFileSource
    return extent.write_geotiff(reader, lv, lv.check_window(window), os.fspath(dst),
                                overwrite, ensure(feedback), creation_options=creation_options,
                                # a local file may be read from any thread; a remote one
                                # stays with its transport's thread (QGIS's network manager)
                                decode_ahead=isinstance(reader.source, LocalFileSource))


def flac_to_raster(src, dst, bounds=None, bounds_crs=None, resolution=None, level=None,
                   overwrite=False, feedback=None, transport=None, tile=None,
                   creation_options=None):
    """Decode a FLAC raster (any format the reader knows; path or URL) to a GeoTIFF at
    ``dst``; returns ``dst``.

    Without ``bounds`` the whole raster is written; with ``bounds`` (xmin, ymin, xmax, ymax
    in ``bounds_crs``, default the file's CRS) exactly the pixels covering that extent.
    ``resolution`` (pixel size in the extent's units) or ``level`` selects an overview.
    ``tile`` (a tile number, "center" or "last"; not with ``bounds``) writes one tile.
    ``creation_options``: GDAL GeoTIFF creation options (``"COMPRESS=ZSTD|ZSTD_LEVEL=9"`` or a
    list), lossless ones only; the default is DEFLATE level 1 with a predictor (fast).
    """
    return extract(src, dst, bounds=bounds, bounds_crs=bounds_crs, resolution=resolution,
                   level=level, tile=tile, overwrite=overwrite, feedback=feedback,
                   transport=transport, creation_options=creation_options).path


@dataclass(frozen=True)
class Extraction:
    """What :func:`extract` wrote and what it cost (plain values: picklable)."""

    path: str
    plan: object             # read_plan.ReadPlan
    requests: int            # reads (HTTP requests for a URL), the file's opening included
    bytes_read: int
    file_size: int

    def report(self):
        """One line for a log: which level and how many tiles were read, and how many bytes
        that cost against the whole file (what range reading saved)."""
        share = f" ({100.0 * self.bytes_read / self.file_size:.2f} %)" if self.file_size else ""
        width, height = self.plan.window[2:]
        return (f"Level {self.plan.level}: {len(self.plan.tiles)} tile(s), {width} x {height} "
                f"pixels; {self.bytes_read} bytes read in {self.requests} request(s) of a "
                f"{self.file_size}-byte file{share}")


def extract(src, dst, bounds=None, bounds_crs=None, resolution=None, level=None, tile=None,
            overwrite=False, feedback=None, transport=None, creation_options=None):
    """:func:`flac_to_raster` that also reports the read: an :class:`Extraction`."""
    require()
    from .formats import read_plan
    from .raster.geotiff import parse_creation_options
    src, dst = os.fspath(src), os.fspath(dst)
    if not is_url(src):
        check_not_input(src, dst)   # open_flac says what is wrong with the location itself
    feedback = ensure(feedback)
    parse_creation_options(creation_options)   # a bad option fails before any decoding
    with open_flac(src, transport) as reader:
        sent = emit_reader_warnings(reader, feedback)  # e.g. a known-lossy flac-raster file
        plan = read_plan.plan(reader, bounds, bounds_crs, resolution, level, tile)
        try:   # every format streams its strips (plain files: one pass over the stream)
            write_window(reader, plan.level, plan.window, dst, overwrite, feedback,
                         creation_options=creation_options)
        finally:   # decoding may find more (a tile's range, an overflow)
            emit_reader_warnings(reader, feedback, sent)
        stats = reader.source.stats
        return Extraction(dst, plan, stats.requests, stats.bytes, plan.file_size)


def query(src, bounds=None, bounds_crs=None, resolution=None, level=None, tile=None,
          transport=None):
    """The :class:`read_plan.ReadPlan` of a read (level, window, tiles, coalesced byte
    ranges) without reading any pixel: only the file's header and index are fetched."""
    from .formats import read_plan
    with open_flac(os.fspath(src), transport) as reader:
        return read_plan.plan(reader, bounds, bounds_crs, resolution, level, tile)


def info(src, transport=None, tiles=False):
    """A JSON-able description of a FLAC raster (any format, path or URL) or, for any other
    raster GDAL reads, of that raster (``format`` names the GDAL driver). ``tiles`` adds
    ``tile_index``: every level-0 tile with its window, extent and byte range."""
    from .formats import read_plan
    from .errors import NotAFlacRasterError
    src = os.fspath(src)
    try:
        with open_flac(src, transport) as reader:
            facts = reader.info()
            if tiles:
                facts["tile_index"] = read_plan.plan(reader).to_json()["tiles"]
            return facts
    except NotAFlacRasterError as exc:
        if is_url(src):
            raise
        from .raster.info import raster_info
        return raster_info(src, exc)


def compare_rasters(path_a, path_b, feedback=None):
    """Compare two GDAL rasters bit for bit: the JSON-able report of compare.compare_rasters
    (``identical``, ``values_equal``, per-band counts) plus ``summary``, its readable lines."""
    from .raster import compare
    for path in (path_a, path_b):
        _check_input(os.fspath(path))
    report = compare.compare_rasters(path_a, path_b, feedback)
    report["summary"] = compare.summary_lines(report)
    return report
