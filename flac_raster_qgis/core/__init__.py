"""The QGIS-free core: codec, metadata, tiling, container, range reading.

Nothing in this package imports qgis; it is usable from any Python with numpy, rasterio,
plibflac (or pyflac) and mutagen.

Its rooms (each package's docstring says what lives there): ``codec/`` (values <-> samples
<-> FLAC streams), ``formats/`` (plain, streaming container, flac-raster 0.1.x in
``formats/legacy/``, format detection, the reader interface), ``sources/`` (local and HTTP
byte sources, request policy, redaction, caches) and ``raster/`` (metadata, grids, extents,
statistics, comparison, GeoTIFF output). At the top stay the front door (``api``, whose
functions this package exports) and what every room or caller uses: ``errors``, ``choices``,
``version``, ``feedback`` and ``signals`` (progress, cancellation, SIGTERM), ``notices``
(warnings to every kind of caller), ``atomic`` (outputs written to a temp file and renamed)
and ``dependencies`` (which packages are missing and how to install them).

The API functions are loaded on first use (PEP 562): the plugin imports small modules such
as ``core.errors`` while QGIS starts, and that must not pull in the whole codec.
"""

from .errors import FlacRasterError

__all__ = ["raster_to_flac", "flac_to_raster", "create_streaming", "open_flac",
           "select_window", "read_window", "write_window",
           "extract", "query", "info", "compare_rasters", "FlacRasterError"]
_API = frozenset(__all__) - {"FlacRasterError"}


def __getattr__(name):
    if name in _API:
        from . import api
        value = globals()[name] = getattr(api, name)
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _API)
