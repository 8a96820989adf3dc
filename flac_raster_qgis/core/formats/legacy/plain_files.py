"""flac-raster 0.1.x *plain* files: one FLAC stream, bands as channels, metadata in
GEOSPATIAL_* tags (0.1.1+) or a ``<stem>.json`` sidecar (0.1.0).

The stream has no seek table and total_samples = 0, so windows cannot be decoded alone: the
whole stream is decoded once (through the byte source, so HTTP works too), inverted with the
ideal formula and cached; windows are slices of that array.
"""

import threading

from .legacy_reader import LegacyReader
from .flac_stream import decode_samples
from .header import build_meta, check_decodable, crs_json
from .losses import OVERFLOW_WARNING, lossy_warnings, overflow_in_samples
from ..reader_base import Level


class LegacyPlainReader(LegacyReader):
    kind = "flac-raster-0.1-plain"

    def __init__(self, source, flac_header, header, sidecar_name=None):
        info = flac_header.streaminfo
        check_decodable(header, info.channels, info.bps)
        warnings = []
        crs = crs_json(header.crs_text, warnings)
        meta = build_meta(header.width, header.height, header.count, header.dtype, crs,
                          header.transform9, header.nodata)
        level = Level(0, header.width, header.height, list(meta["transform"]))
        super().__init__(source, meta, [level])
        self.header = header
        self.flac_header = flac_header
        self.bps = info.bps
        self.sidecar_name = sidecar_name
        if sidecar_name:
            self.format_version = "0.1.0"
        self.warnings.extend(warnings)
        self.note_loss(lossy_warnings(header.dtype, header.data_min, header.data_max))
        self._array = None
        self._lock = threading.Lock()

    def decoded(self, feedback=None):
        """The whole raster (count, height, width) in its dtype, decoded once and cached."""
        with self._lock:
            if self._array is None:
                h = self.header
                data = self.source.read_ranges([(0, self.source.size)], feedback)[0]
                samples = decode_samples(data, h.width * h.height, h.count, self.bps, feedback)
                del data
                if overflow_in_samples(samples, h.dtype):
                    self.note_loss([OVERFLOW_WARNING])
                values = self._inverse(samples, h.dtype, self.bps, h.data_min, h.data_max)
                del samples
                self._array = values.reshape(h.height, h.width, h.count).transpose(2, 0, 1).copy()
            return self._array

    def _forget_decoded(self):
        with self._lock:
            self._array = None

    def _read_window(self, level, window, feedback):
        array = self.decoded(feedback)
        return array[(slice(None),) + window.slices()].copy(), None

    def info(self):
        out = self._base_info()
        out.update({
            "bits_per_sample": self.bps,
            "data_min": self.header.data_min,
            "data_max": self.header.data_max,
            "metadata_from": ("sidecar " + self.sidecar_name) if self.sidecar_name
            else "embedded tags",
        })
        return out
