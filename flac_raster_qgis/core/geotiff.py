"""Writing GeoTIFF outputs so that a failed write is an error, not a damaged file.

GDAL reports block-write failures (a full disk, a file size limit) only through its error
handler, which rasterio turns into INFO log records: the dataset "closes" fine and a broken
file would be renamed into place. :func:`geotiff_writer` collects those errors for the
calling thread and raises after closing, before the atomic rename happens.
"""

import contextlib
import logging
import threading

from . import metadata as meta_mod
from .errors import FlacRasterError

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
def gdal_errors_raise(action):
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
        raise FlacRasterError(f"{action} failed: {collector.messages[0]}")


@contextlib.contextmanager
def geotiff_writer(path, meta, **profile_overrides):
    """An open rasterio dataset for ``meta``'s raster at ``path`` (a temporary path),
    metadata applied; any GDAL write error raises after closing."""
    import rasterio
    profile = meta_mod.geotiff_profile(meta)
    profile.update(profile_overrides)
    try:
        with gdal_errors_raise("Writing the GeoTIFF"):
            with rasterio.Env(GDAL_TIFF_INTERNAL_MASK=True):
                with rasterio.open(path, "w", **profile) as out:
                    meta_mod.apply_metadata(out, meta)
                    yield out
    except (rasterio.errors.RasterioError, rasterio.errors.RasterioIOError,
            OverflowError) as exc:
        # e.g. a size GDAL cannot create or write (from a hostile or damaged file's metadata)
        raise FlacRasterError(f"Writing the GeoTIFF failed: {exc}") from exc
