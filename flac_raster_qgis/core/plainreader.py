"""The plain format (plain.py) behind the RasterReader interface, over any ByteSource.

A plain file is one FLAC stream with no tiles: any window is found by decoding from the
first row (stopping after the window's last row when bands are interleaved). Over HTTP that
is a download of (up to) the whole file — acceptable only because the user chose a plain
file; ``info()`` says so and points to the streaming format.
"""

import io

import numpy as np

from . import layout as layout_mod
from . import plain
from .flac_codec import FlacStreamReader
from .rasterreader import Level, RasterReader, allocate
from .version import FORMAT_VERSION

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
        capture = _WindowCapture(meta, window,
                                 stop_early=self.spec.layout == layout_mod.INTERLEAVED)
        stream = io.BufferedReader(SourceFile(self.source), STREAM_BUFFER)
        rows = plain._RowAssembler(FlacStreamReader(stream).frames())
        try:
            if self.spec.layout == layout_mod.INTERLEAVED:
                plain._decode_interleaved(capture, meta, self.spec, rows, feedback)
            else:
                plain._decode_sequential(capture, meta, self.spec, rows, feedback)
            rows.finish()
        except _WindowComplete:
            pass
        return capture.arrays, capture.mask

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


class _WindowComplete(Exception):
    pass


class _WindowCapture:
    """Stands in for the rasterio dataset plain.py decodes into; keeps only the window."""

    def __init__(self, meta, window, stop_early):
        self.col_off, self.row_off, self.width, self.height = window
        self.arrays = allocate((meta["count"], self.height, self.width), meta["dtype"], True)
        self.mask = allocate((self.height, self.width), np.uint8, True) if meta.get("mask") \
            else None
        self.stop_early = stop_early

    def _rows(self, strip):
        y0 = max(self.row_off, strip.row_off)
        y1 = min(self.row_off + self.height, strip.row_off + strip.height)
        return y0, y1

    def _cols(self):
        return slice(self.col_off, self.col_off + self.width)

    def write(self, data, band=None, window=None):
        y0, y1 = self._rows(window)
        if y1 > y0:
            src = slice(y0 - window.row_off, y1 - window.row_off)
            dst = slice(y0 - self.row_off, y1 - self.row_off)
            if band is None:
                self.arrays[:, dst, :] = data[:, src, self._cols()]
            else:
                self.arrays[band - 1, dst, :] = data[src, self._cols()]
        window_end = self.row_off + self.height
        if self.stop_early and band is None and window.row_off + window.height >= window_end:
            raise _WindowComplete()

    def write_mask(self, data, window=None):
        y0, y1 = self._rows(window)
        if y1 > y0 and self.mask is not None:
            self.mask[y0 - self.row_off:y1 - self.row_off, :] = \
                data[y0 - window.row_off:y1 - window.row_off, self._cols()]
