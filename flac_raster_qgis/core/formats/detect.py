"""``open_flac()``: one entry point for every FLAC raster format, local or remote.

Reads the first 3 KiB once, then sniffs: our streaming container (its signature), our
plain format (a FLAC stream tagged FLACRASTER_FORMAT=plain), or a flac-raster 0.1.x file
(formats/legacy/detect.py, when present). Everything after that goes through the RasterReader
interface (formats/reader_base.py).
"""

from . import container
from .container_reader import StreamingReader
from ..errors import NotAFlacRasterError
from .plain_reader import PlainReader, read_plain_tags
from ..sources.byte_source import LocalFileSource, check_location, is_url

FLAC_SIGNATURE = b"fLaC"


def open_source(location, transport=None):
    """A ByteSource for a local path or an http(s) URL.

    ``transport`` (an object with ``open(url) -> ByteSource``) lets QGIS plug in its own
    network stack; without it URLs go through :mod:`requests` (a transport made for this
    source alone, closed with it).
    """
    location = check_location(location)
    if not is_url(location):
        return LocalFileSource(location)
    if transport is not None:
        return transport.open(location)
    from ..sources.http import RequestsTransport
    transport = RequestsTransport()
    try:
        source = transport.open(location)
    except BaseException:
        transport.close()
        raise
    source.on_close(transport.close)
    return source


def open_flac(location, transport=None, memory_cache=None):
    """A RasterReader for the file or http(s) URL at ``location`` (close it when done).

    ``memory_cache`` (a sources/memory_cache.MemoryRangeCache) keeps the ranges read in
    memory, shared with every other source using the same cache (live map layers)."""
    source = open_source(location, transport)
    if memory_cache is not None:
        from ..sources.memory_cache import CachedSource
        source = CachedSource(source, memory_cache)
    try:
        return _sniff(source)
    except BaseException:
        source.close()
        raise


def _sniff(source):
    if source.size <= 0:
        raise NotAFlacRasterError(f"{source.name} is empty")
    head = source.read_range(0, min(container.FIRST_READ, source.size))
    if container.is_container(head):
        return StreamingReader(source, head)
    plain_error = None
    if bytes(head[:4]) == FLAC_SIGNATURE:
        try:
            return PlainReader(source, head, tags=read_plain_tags(source, head))
        except NotAFlacRasterError as exc:
            plain_error = exc
    legacy_reader = _legacy_detect(head, source)
    if legacy_reader is not None:
        return legacy_reader
    if plain_error is not None:
        raise NotAFlacRasterError(
            f"{source.name} is a FLAC file but not a raster written by flac_raster_qgis or "
            f"flac-raster 0.1.x ({plain_error})")
    raise NotAFlacRasterError(f"{source.name} is not a FLAC raster (unknown file signature)")


def _legacy_detect(head, source):
    try:
        from .legacy import detect as legacy
    except ModuleNotFoundError as exc:   # formats/legacy/detect.py not installed: only our formats
        if exc.name != f"{__package__}.legacy":
            raise
        return None
    return legacy.detect(head, source)
