"""What the three flac-raster 0.1.x readers share: window checks and the info() skeleton."""

import numpy as np

from ...raster import metadata as meta_mod
from .header import crs_label
from .inverse import DECODE_MODES
from ..reader_base import RasterReader

FORMAT_NAME = "flac-raster"
FORMAT_VERSION = "0.1.x"


class LegacyReader(RasterReader):
    format_version = FORMAT_VERSION
    decode_mode = "ideal"

    def set_decode_mode(self, mode):
        """"ideal" (default: the exact inverse) or "flac-raster-0.1.2" (what that tool showed,
        lossy; only to compare with old outputs)."""
        if mode not in DECODE_MODES:
            raise ValueError(f"Unknown decode mode {mode!r}; use one of {sorted(DECODE_MODES)}")
        if mode != self.decode_mode:
            self.decode_mode = mode
            self._forget_decoded()

    def _forget_decoded(self):
        pass

    def _inverse(self, samples, dtype, bps, data_min, data_max):
        return DECODE_MODES[self.decode_mode](samples, dtype, bps, data_min, data_max)

    def _raw_size(self):
        m = self.meta
        return m["width"] * m["height"] * m["count"] * np.dtype(m["dtype"]).itemsize

    def _base_info(self):
        m = self.meta
        level = self.levels[0]
        raw = self._raw_size()
        size = self.source.size
        grid = None
        if level.tile_width:
            grid = {"tile_width": level.tile_width, "tile_height": level.tile_height,
                    "tiles_across": level.tiles_across, "tiles_down": level.tiles_down,
                    "tiles": level.tiles_across * level.tiles_down}
        return {
            "format": FORMAT_NAME,
            "version": self.format_version,
            "kind": self.kind,
            "source": self.source.name,
            "dtype": m["dtype"],
            "bands": m["count"],
            "size": [m["width"], m["height"]],
            "crs": crs_label(m["crs"]),
            "extent": list(meta_mod.bounds(m)),
            "transform": list(m["transform"]),
            "nodata": [b["nodata"] for b in m["bands"]],
            "tile_grid": grid,
            "file_size": size,
            "raw_size": raw,
            "compression_ratio": round(raw / size, 4) if size else None,
            "decode_mode": self.decode_mode,
            "warnings": list(self.warnings),
        }
