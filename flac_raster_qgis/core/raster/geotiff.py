"""Writing GeoTIFF outputs so that a failed write is an error, not a damaged file.

GDAL reports block-write failures (a full disk, a file size limit) only through its error
handler, which rasterio turns into INFO log records: the dataset "closes" fine and a broken
file would be renamed into place. :func:`geotiff_writer` collects those errors for the
calling thread and raises after closing, before the atomic rename happens.
"""

import contextlib
import os
import logging
import re
import threading

from . import metadata as meta_mod
from ..errors import DiskFullError, FlacRasterError

_GDAL_LOGGER = "rasterio._env"


class _ErrorCollector(logging.Handler):
    def __init__(self, thread_id):
        super().__init__(logging.INFO)
        self.thread_id = thread_id
        self.messages = []

    def emit(self, record):
        if record.thread != self.thread_id:
            return
        text = record.getMessage()
        if "signalled an error" in text:
            self.messages.append(text.split("msg=", 1)[-1].strip("'\""))


@contextlib.contextmanager
def gdal_errors_raise(action, path=None):
    """Raise FlacRasterError if GDAL signals an error in this thread inside the block."""
    logger = logging.getLogger(_GDAL_LOGGER)
    collector = _ErrorCollector(threading.get_ident())
    old_level = logger.level
    logger.addHandler(collector)
    if logger.getEffectiveLevel() > logging.INFO:
        logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(collector)
        logger.setLevel(old_level)
    if collector.messages:
        raise gdal_write_error(action, collector.messages[0], path=path)


# How libtiff words ENOSPC (a full disk) inside GDAL's messages ("File too large" is not
# enough: GDAL also says it of a size no TIFF can hold; the file size limit is asked directly).
_FULL_DISK_WORDS = ("No space left", "Disk full")


def _out_of_room(path):
    """True when writing ``path`` cannot go on: its disk (almost) full, or the file at the
    process's file size limit. GDAL 3.10 words a failed block write only as "Write failed",
    with libtiff's reason printed to stderr, so the disk itself is asked."""
    if not path:
        return False
    import shutil
    try:
        if shutil.disk_usage(os.path.dirname(os.path.abspath(path))).free < _ROOM:
            return True
        import resource
        limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
        return limit != resource.RLIM_INFINITY and os.path.getsize(path) > limit - _ROOM
    except (OSError, ImportError, ValueError):
        return False


_ROOM = 256 * 1024   # bytes: less than this left is "full" for a GeoTIFF write that failed


def gdal_write_error(action, detail, chained=None, path=None):
    """The FlacRasterError for a failed GDAL write: DiskFullError when GDAL's message (or an
    exception it chains, as rasterio 1.4 does: "Write failed. See previous exception") says
    the disk is full, or the disk of ``path`` is out of room; else a plain FlacRasterError."""
    texts = [str(detail)]
    seen = set()
    while chained is not None and id(chained) not in seen:
        seen.add(id(chained))
        texts.append(str(chained))
        chained = chained.__cause__ or chained.__context__
    if any(word in text for text in texts for word in _FULL_DISK_WORDS) or _out_of_room(path):
        return DiskFullError(f"{action} failed: the disk is full (or the file is larger than "
                             f"the system allows). Nothing was written.")
    return FlacRasterError(f"{action} failed: {detail}")


# GDAL GeoTIFF creation options a user may set: the ones that cannot lose a bit or a piece of
# metadata. Lossy codecs (JPEG, WEBP), bit reduction (NBITS, DISCARD_LSB), a lossy LERC
# error, colour conversions (PHOTOMETRIC) and profiles that drop georeferencing are refused.
LOSSLESS_COMPRESSIONS = ("NONE", "DEFLATE", "LZW", "ZSTD", "LZMA", "PACKBITS", "LERC",
                         "LERC_DEFLATE", "LERC_ZSTD")
_PREDICTED = ("DEFLATE", "LZW", "ZSTD", "LZMA")
_OPTION_VALUES = {
    "COMPRESS": LOSSLESS_COMPRESSIONS,
    "PREDICTOR": ("1", "2", "3", "NONE", "STANDARD", "FLOATING_POINT"),
    "ZLEVEL": tuple(str(i) for i in range(1, 13)),
    "ZSTD_LEVEL": tuple(str(i) for i in range(1, 23)),
    "LZMA_PRESET": tuple(str(i) for i in range(10)),
    "MAX_Z_ERROR": ("0", "0.0"),
    "TILED": ("YES", "NO", "TRUE", "FALSE"),
    "BIGTIFF": ("YES", "NO", "IF_NEEDED", "IF_SAFER"),
    "INTERLEAVE": ("PIXEL", "BAND"),
    "NUM_THREADS": None,          # a number or ALL_CPUS (checked below)
    "BLOCKXSIZE": None, "BLOCKYSIZE": None,   # multiples of 16 (checked below)
}
_OPTION = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.+)$")


def parse_creation_options(options):
    """GDAL-style creation options -> rasterio profile entries (lower-case keys).

    ``options``: None, a string ``"KEY=VALUE|KEY=VALUE"`` (what QGIS's raster options widget
    produces; spaces and new lines separate too) or a list of ``"KEY=VALUE"``. Anything
    that could make the output differ from the FLAC raster is a FlacRasterError.
    """
    if options is None:
        return {}
    items = re.split(r"[|\s]+", options) if isinstance(options, str) else list(options)
    out = {}
    for item in (str(i).strip() for i in items):
        if not item:
            continue
        match = _OPTION.match(item)
        if not match:
            raise FlacRasterError(f"A GeoTIFF creation option must read KEY=VALUE: {item!r}")
        key, value = match.group(1).upper(), match.group(2).strip().upper()
        if key not in _OPTION_VALUES:
            raise FlacRasterError(
                f"The GeoTIFF creation option {key} is not offered (it could change the "
                f"pixels or drop metadata); use {', '.join(sorted(_OPTION_VALUES))}")
        allowed = _OPTION_VALUES[key]
        if allowed is not None and value not in allowed:
            raise FlacRasterError(f"{key}={value} is not a lossless choice here: use one of "
                                  f"{', '.join(allowed)}")
        if key == "NUM_THREADS" and not (value == "ALL_CPUS" or value.isdigit()):
            raise FlacRasterError("NUM_THREADS must be a number or ALL_CPUS")
        if key in ("BLOCKXSIZE", "BLOCKYSIZE") and not (
                value.isdigit() and 16 <= int(value) <= 4096 and int(value) % 16 == 0):
            raise FlacRasterError(f"{key} must be a multiple of 16 from 16 to 4096")
        out[key.lower()] = value
    return out


def output_profile(meta, creation_options=None):
    """The profile for ``meta``'s raster with the user's creation options applied on top of
    the fast lossless default (metadata.geotiff_profile); defaults that no longer fit the
    user's choice (a predictor or level of another codec, tiling sizes when untiled) go."""
    profile = meta_mod.geotiff_profile(meta)
    user = parse_creation_options(creation_options)
    if "compress" in user:
        if user["compress"] not in _PREDICTED:
            profile.pop("predictor", None)
        if user["compress"] != "DEFLATE":
            profile.pop("zlevel", None)
    if user.get("tiled") in ("NO", "FALSE"):
        for key in ("tiled", "blockxsize", "blockysize"):
            profile.pop(key, None)
    profile.update(user)
    return profile


def _check_complete(path):
    """Read every block of a GeoTIFF written with compression threads back, block by block
    (bounded memory): GDAL reports a write failure in a worker thread (a full disk, a file
    size limit) only on stderr, so the file could look complete while it is not."""
    import rasterio
    with gdal_errors_raise("Checking the written GeoTIFF"):
        with rasterio.open(path) as ds:
            for band in range(1, ds.count + 1):
                for _ij, window in ds.block_windows(band):
                    ds.read(band, window=window)


@contextlib.contextmanager
def geotiff_writer(path, meta, creation_options=None, **profile_overrides):
    """An open rasterio dataset for ``meta``'s raster at ``path`` (a temporary path),
    metadata applied; any GDAL write error raises after closing. ``creation_options``: see
    :func:`parse_creation_options`."""
    import rasterio
    profile = output_profile(meta, creation_options)
    profile.update(profile_overrides)
    try:
        with gdal_errors_raise("Writing the GeoTIFF", path):
            with rasterio.Env(GDAL_TIFF_INTERNAL_MASK=True):
                with rasterio.open(path, "w", **profile) as out:
                    meta_mod.apply_metadata(out, meta)
                    yield out
        if profile.get("num_threads") not in (None, "1", 1):
            _check_complete(path)
    except (rasterio.errors.RasterioError, rasterio.errors.RasterioIOError,
            OverflowError) as exc:
        # a full disk, or a size GDAL cannot create or write (a hostile or damaged file)
        raise gdal_write_error("Writing the GeoTIFF", exc, exc, path) from exc
