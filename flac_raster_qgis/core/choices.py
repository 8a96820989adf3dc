"""Every choice a caller can make when writing a FLAC raster, declared once.

The core's checks (predictors, run-length, overviews, the container writer, api), the
command line (cli/parser.py) and the Processing algorithms all build from these tuples and
bounds, so they cannot drift apart again (Processing once allowed 8192-pixel tiles the core
refuses). Deliberately dependency-free: no numpy, rasterio or qgis, so any caller imports it
for nothing.

Processing stores an enum's value as its *index* in saved models and qgis_process calls, so
the order of a tuple a Processing enum is built from is part of the public contract: only
ever append. The translated labels stay next to their ``tr()`` calls in Processing (the
translation tools extract literals only), keyed by these values.
"""

AUTO = "auto"   # "try the candidates on each block and keep the smallest"

# Reversible 2-D predictors (core/codec/predictors.py); the values are also stored in files.
PREDICTORS = ("none", "vdiff", "interp")
# The plain format encodes row windows in turn; ``interp`` needs a whole block at once.
WINDOWED_PREDICTORS = ("none", "vdiff")
DEFAULT_PREDICTOR = AUTO
# Band transforms and run-length modes: chosen per tile by the writer, stored in files.
BAND_TRANSFORMS = ("none", "bdiff")
RUN_LENGTH_MODES = ("none", "rle")

# Overview resampling (core/raster/overviews.py).
RESAMPLINGS = ("nearest", "average", "mode")
DEFAULT_RESAMPLING = "average"

# Square tiles of streaming files: a multiple of TILE_MULTIPLE from MIN_TILE to MAX_TILE.
MIN_TILE, MAX_TILE = 16, 4096
TILE_MULTIPLE = 16
DEFAULT_TILE_SIZE = 512

# libFLAC's compression levels: every one is lossless, higher ones trade time for size.
MIN_COMPRESSION_LEVEL, MAX_COMPRESSION_LEVEL = 0, 8
DEFAULT_COMPRESSION_LEVEL = 5


def compression_levels():
    """Every valid level, lowest first (the CLI's ``choices``)."""
    return range(MIN_COMPRESSION_LEVEL, MAX_COMPRESSION_LEVEL + 1)


def is_compression_level(level):
    return MIN_COMPRESSION_LEVEL <= int(level) <= MAX_COMPRESSION_LEVEL


def compression_level_message():
    return (f"The compression level must be between {MIN_COMPRESSION_LEVEL} and "
            f"{MAX_COMPRESSION_LEVEL}")


def is_tile_size(size):
    return MIN_TILE <= size <= MAX_TILE and size % TILE_MULTIPLE == 0


__all__ = ["AUTO", "PREDICTORS", "WINDOWED_PREDICTORS", "DEFAULT_PREDICTOR", "BAND_TRANSFORMS",
           "RUN_LENGTH_MODES", "RESAMPLINGS", "DEFAULT_RESAMPLING", "MIN_TILE", "MAX_TILE",
           "TILE_MULTIPLE", "DEFAULT_TILE_SIZE", "MIN_COMPRESSION_LEVEL",
           "MAX_COMPRESSION_LEVEL", "DEFAULT_COMPRESSION_LEVEL", "compression_levels",
           "is_compression_level", "compression_level_message", "is_tile_size"]
