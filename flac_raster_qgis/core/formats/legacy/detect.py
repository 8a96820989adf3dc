"""Read-only support for files written by flac-raster 0.1.x (PyPI 0.1.0-0.1.2).

Users have three kinds of such files; :func:`detect` recognises them from their first bytes
(detection order of the seed notes §11.1) and returns a :class:`RasterReader`:

* ``--spatial`` files (fLaC + GEOSPATIAL_SPATIAL_INDEX): index and footprint only, their
  pixels were destroyed by the encoder (reading raises NoPixelsError);
* plain files (fLaC + GEOSPATIAL_WIDTH), or v0.1.0 plain files with empty tags whose
  metadata is in ``<stem>.json`` next to them;
* streaming files (big-endian u32 N, a JSON index, then FLAC tiles).

Anything else returns None: our own formats are recognised elsewhere. The pieces live in
flac_stream (header/decoding), header (tags/sidecar -> metadata), inverse (the stretch
undone), losses (what the file itself lost) and one module per kind of file.
"""

import os

from ...errors import CorruptFileError, NotAFlacRasterError, TransportError
from .flac_stream import MARKER, read_header
from .plain_files import LegacyPlainReader
from .spatial_files import LegacySpatialReader
from .streaming_files import LegacyStreamingReader, looks_like_streaming
from .header import header_from_sidecar, header_from_tags
from ...sources.byte_source import is_url

MAX_SIDECAR_BYTES = 1 << 20


def detect(head, source):
    """A reader for a flac-raster 0.1.x file, or None when ``head`` is none of its formats.

    ``head`` is the first bytes (3 KiB or more) of ``source``. Damaged files of a recognised
    kind raise CorruptFileError; nothing allocated here is sized by an unchecked number.
    """
    head = bytes(head)
    if head[:4] == MARKER:
        return _detect_flac(head, source)
    if looks_like_streaming(head):
        return LegacyStreamingReader(head, source)
    return None


def _detect_flac(head, source):
    flac_header = read_header(head, source)
    tags = flac_header.comments
    if "GEOSPATIAL_SPATIAL_INDEX" in tags:
        return LegacySpatialReader(source, flac_header)
    if "GEOSPATIAL_WIDTH" in tags:
        return LegacyPlainReader(source, flac_header, header_from_tags(tags))
    if tags:
        return None          # a tagged FLAC of some other kind (ours, or audio)
    sidecar_name, text = _read_sidecar(source)
    return LegacyPlainReader(source, flac_header, header_from_sidecar(text), sidecar_name)


def sidecar_path(name):
    stem, ext = os.path.splitext(name)
    return (stem if ext.lower() == ".flac" else name) + ".json"


def _read_sidecar(source):
    """(name, bytes) of the v0.1.0 ``<stem>.json`` sidecar, or NotAFlacRasterError saying why.

    Local files: next to the .flac. URLs: only when the source offers ``open_sibling(url)``
    (returning a ByteSource); otherwise sidecars are not fetched and the error says so.
    """
    name = source.name or ""
    path = sidecar_path(name)
    no_tags = ("This FLAC file carries no raster tags. flac-raster 0.1.0 files keep their "
               "metadata in a separate '.json' file with the same name")
    if is_url(name):
        opener = getattr(source, "open_sibling", None)
        if not callable(opener):
            raise NotAFlacRasterError(
                f"{no_tags}; such sidecar files are not fetched for URLs. Download both the "
                f".flac and {os.path.basename(path)} and open the local copy.")
        try:
            with opener(path) as sibling:
                if sibling.size > MAX_SIDECAR_BYTES:
                    raise CorruptFileError(f"The sidecar {path} is implausibly large")
                return path, sibling.read_ranges([(0, sibling.size)])[0]
        except TransportError as exc:
            raise NotAFlacRasterError(f"{no_tags}, and {path} could not be read: {exc}") from exc
    if not name or not os.path.isfile(path):
        raise NotAFlacRasterError(f"{no_tags}; none was found at {path}.")
    try:
        if os.path.getsize(path) > MAX_SIDECAR_BYTES:
            raise CorruptFileError(f"The sidecar {path} is implausibly large")
        with open(path, "rb") as fh:
            return path, fh.read(MAX_SIDECAR_BYTES + 1)
    except OSError as exc:
        raise NotAFlacRasterError(f"{no_tags}, and {path} could not be read: {exc}") from exc
