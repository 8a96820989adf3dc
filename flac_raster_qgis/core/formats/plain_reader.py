"""The plain format (formats/plain.py) behind the RasterReader interface, over any ByteSource.

A plain file is one FLAC stream with no tiles: any window is found by decoding from the
first row (stopping after the window's last row when bands are interleaved). Over HTTP that
is a download of (up to) the whole file — acceptable only because the user chose a plain
file; ``info()`` says so and points to the streaming format.
"""

import io

import numpy as np

from ..codec import channel_layout as layout_mod
from . import plain
from .reader_base import Level, RasterReader, allocate
from ..version import FORMAT_VERSION

STREAM_BUFFER = 4 << 20   # bytes per source read while decoding (one HTTP request each)


class SourceFile(io.RawIOBase):
    """A read-only, seekable file object over a ByteSource (serves ``head`` from memory)."""

    def __init__(self, source, head=b""):
        super().__init__()
        self._source = source
        self._head = bytes(head)
        self._pos = 0
        self.name = getattr(source, "name", "")

    def readable(self):
        return True

    def seekable(self):
        return True

    def tell(self):
        return self._pos

    def seek(self, offset, whence=io.SEEK_SET):
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._source.size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer):
        n = min(len(buffer), self._source.size - self._pos)
        if n <= 0:
            return 0
        if self._pos + n <= len(self._head):
            data = self._head[self._pos:self._pos + n]
        else:
            data = self._source.read_range(self._pos, n)
        buffer[:n] = data
        self._pos += n
        return n


def read_plain_tags(source, head=b""):
    """(meta, spec) of a plain file, or NotAFlacRasterError / CorruptFileError."""
    return plain.read_tags(io.BufferedReader(SourceFile(source, head), 1 << 16))


class PlainReader(RasterReader):
    kind = "plain"
    format_version = FORMAT_VERSION

    def __init__(self, source, head=b"", tags=None):
        meta, spec = tags if tags is not None else read_plain_tags(source, head)
        levels = [Level(index=0, width=meta["width"], height=meta["height"],
                        transform=list(meta["transform"]))]
        super().__init__(source, meta, levels)
        self.spec = spec

    def _read_window(self, level, window, feedback):
        meta = self.meta
        arrays = allocate((meta["count"], window.height, window.width), meta["dtype"], True)
        mask = allocate((window.height, window.width), np.uint8, True) if meta.get("mask") \
            else None
        for strip in self._strips(level, window, feedback):
            rows = slice(strip.row_off, strip.row_off + strip.height)
            if strip.bands:
                arrays[list(strip.bands), rows, :] = strip.values
            if strip.mask is not None and mask is not None:
                mask[rows, :] = strip.mask
            feedback.set_progress(strip.progress)
        return arrays, mask

    def _strips(self, level, window, feedback):
        """Decode the stream from its first row (plain.decode_strips), handing out the part
        of each decoded strip inside ``window``. With bands interleaved, a window above the
        last row stops once its last row is decoded (nothing after it is read); a window
        down to the last row reads the stream to its end, so its MD5 and length are checked
        (what the whole-file export relies on)."""
        end = window.row_end
        cols = slice(window.col_off, window.col_end)
        stop_early = self.spec.layout == layout_mod.INTERLEAVED and end < self.meta["height"]
        stream = io.BufferedReader(SourceFile(self.source), STREAM_BUFFER)
        decoded = plain.decode_strips(stream, self.meta, self.spec, feedback)
        try:
            for strip in decoded:
                y0 = max(window.row_off, strip.row_off)
                y1 = min(end, strip.row_off + strip.height)
                if y1 > y0:
                    yield strip.crop(y0 - strip.row_off, y1 - strip.row_off, cols,
                                     y0 - window.row_off)
                if stop_early and strip.row_off + strip.height >= end:
                    return
        finally:
            decoded.close()

    def info(self):
        out = self.common_info()
        out.update({
            "format": "flac_raster_qgis plain FLAC",
            "tile_grid": None,
            "note": ("A plain file is a single FLAC stream without tiles or overviews: every "
                     "read decodes it from the start, and over HTTP the whole file is "
                     "downloaded. Convert it to the streaming format for extent reads."),
        })
        return out
