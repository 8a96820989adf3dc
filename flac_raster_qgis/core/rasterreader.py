"""The one reader interface every format implements (ours and flac-raster 0.1.x).

``open_flac()`` (reader.py) sniffs the bytes and returns a :class:`RasterReader`. Callers
(the API, Processing, the data-source page) only use this interface:

* ``meta``   — the raster metadata dict (see metadata.py) of the full-resolution raster;
* ``levels`` — :class:`Level` list, level 0 = full resolution, then coarser overviews;
* ``read_window(level, col_off, row_off, width, height)`` — exact pixels of a window of a
  level, mosaicked across tiles, plus the mask (or None). The level and the window are
  checked HERE, once for every format; a format implements ``_read_window(level, window)``
  and receives only a :class:`tiling.Window` that lies inside its :class:`Level`;
* ``info()`` — a JSON-able description (format, version, sizes, grid, levels...);
* ``tile_byte_ranges(level, tiles)`` — where each tile's bytes lie (readplan.py plans reads);
* ``warnings`` — plain-language notes (e.g. a known-lossy flac-raster 0.1.2 file).

Extent logic (bounds in any CRS -> level and window) lives on top of this, shared by all.
"""

from dataclasses import dataclass, field

from .errors import ExtentError, TooLargeError
from .tiling import Grid, Window


def allocate(shape, dtype, zeros=False):
    """An output array for a read; a size that cannot be held is a clear error, not a
    MemoryError (sizes come from the file, so a hostile file may ask for exabytes)."""
    import numpy as np
    try:
        return (np.zeros if zeros else np.empty)(shape, dtype=dtype)
    except (MemoryError, ValueError) as exc:
        nbytes = np.dtype(dtype).itemsize
        for n in shape:
            nbytes *= int(n)
        raise TooLargeError(
            f"The requested window ({' x '.join(str(int(n)) for n in shape)} values, "
            f"{nbytes / 2 ** 30:.1f} GiB) does not fit in memory: read a smaller extent or a "
            f"coarser overview level") from exc


@dataclass
class Level:
    """One level of a raster: its size, geotransform and tile grid (an untiled level is one
    tile). Callers ask the level which tiles a window touches instead of rebuilding the grid
    from its sizes."""

    index: int
    width: int
    height: int
    transform: list              # GDAL geotransform of this level
    tile_width: int = 0          # 0: the level is not tiled (one block)
    tile_height: int = 0
    resampling: str = "none"     # "none" for level 0 (lossless); "nearest"/"average"/...
    lossless: bool = True
    extra: dict = field(default_factory=dict)

    @property
    def tiles_across(self):
        return self.grid.tiles_across

    @property
    def tiles_down(self):
        return self.grid.tiles_down

    @property
    def grid(self):
        """The level's tile grid (an untiled level is one tile): tile ids are row-major."""
        return Grid(self.width, self.height, self.tile_width or self.width or 1,
                    self.tile_height or self.height or 1)

    @property
    def window(self):
        """The whole level as a window."""
        return Window(0, 0, self.width, self.height)

    def tiles_touching(self, window):
        """The ``tiling.Tile`` s (row-major) holding the pixels of ``window``."""
        return self.grid.tiles_touching(self.index, window)

    def check_window(self, window):
        """``window`` as a :class:`tiling.Window` that lies inside this level, or an
        ExtentError saying why it does not (the one window check every reader shares)."""
        try:
            window = Window.of(window)
        except ValueError as exc:
            raise ExtentError(str(exc)) from None
        if not window.within(self.width, self.height):
            col_off, row_off, width, height = window
            raise ExtentError(f"Window {col_off},{row_off} {width}x{height} lies outside level "
                              f"{self.index} ({self.width}x{self.height} pixels)")
        return window

    @property
    def resolution(self):
        """Pixel size (x, y) in CRS units, from the geotransform (rotation included)."""
        _, a, b, _, d, e = self.transform
        return ((a * a + d * d) ** 0.5, (b * b + e * e) ** 0.5)


class RasterReader:
    kind = "unknown"             # e.g. "plain", "streaming", "flac-raster-0.1-plain"
    format_version = None

    def __init__(self, source, meta, levels):
        self.source = source
        self.meta = meta
        self.levels = levels
        self.warnings = []
        self.loss_notes = []     # the warnings that say the file lost information

    def note_loss(self, messages):
        """Record warnings saying the file's writer lost information (also in ``warnings``)."""
        for message in messages:
            for notes in (self.warnings, self.loss_notes):
                if message not in notes:
                    notes.append(message)

    def level(self, level):
        """The :class:`Level` a level number (or a Level) names; an ExtentError when the
        file has no such level."""
        from .extent import choose_level
        return choose_level(self.levels, getattr(level, "index", level))

    def read_window(self, level, col_off, row_off, width, height, feedback=None):
        """``(arrays, mask)``: exactly the pixels of a window of ``level`` (a number or a
        Level), arrays (bands, rows, cols) in the raster's dtype, mask (rows, cols) uint8 or
        None. The window must lie inside the level (an ExtentError otherwise)."""
        from .feedback import ensure
        lv = self.level(level)
        window = lv.check_window((col_off, row_off, width, height))
        return self._read_window(lv, window, ensure(feedback))

    def _read_window(self, level, window, feedback):
        """The format's read of a checked ``window`` (tiling.Window) of ``level`` (Level)."""
        raise NotImplementedError

    def read(self, bounds=None, bounds_crs=None, resolution=None, level=None, feedback=None):
        """Pixels of exactly ``bounds`` (see extent.read), from the coarsest level that still
        meets ``resolution``; returns an extent.ReadResult."""
        from .extent import read
        return read(self, bounds=bounds, bounds_crs=bounds_crs, resolution=resolution,
                    level=level, feedback=feedback)

    def info(self):
        raise NotImplementedError

    def tile_byte_ranges(self, level, tiles):
        """``(start, length)`` of the bytes each ``tiling.Tile`` of ``level`` is read from,
        so a read can be planned (and its cost stated) before it happens. Untiled formats
        decode one stream from its start: the whole file, for every tile."""
        return [(0, self.source.size) for _ in tiles]

    def common_info(self):
        """The JSON-able facts every format shares; ``info()`` adds format-specific ones."""
        import numpy as np

        from .metadata import bounds
        meta = self.meta
        crs = meta.get("crs")
        raw = meta["width"] * meta["height"] * meta["count"] * np.dtype(meta["dtype"]).itemsize
        size = getattr(self.source, "size", None) or None
        return {
            "format": self.kind,
            "kind": self.kind,
            "format_version": self.format_version,
            "location": getattr(self.source, "name", ""),
            "dtype": meta["dtype"],
            "bands": meta["count"],
            "width": meta["width"],
            "height": meta["height"],
            "size": [meta["width"], meta["height"]],
            "crs": {"epsg": crs.get("epsg"), "wkt": crs.get("wkt")} if crs else None,
            "extent": list(bounds(meta)),
            "transform": list(meta["transform"]),
            "nodata": [b.get("nodata") for b in meta["bands"]],
            "mask": bool(meta.get("mask")),
            "levels": [{"level": lv.index, "width": lv.width, "height": lv.height,
                        "resolution": list(lv.resolution), "resampling": lv.resampling,
                        "lossless": lv.lossless, "tiles": lv.tiles_across * lv.tiles_down}
                       for lv in self.levels],
            "file_size": size,
            "raw_size": raw,
            "compression_ratio": round(raw / size, 4) if size else None,
            "warnings": list(self.warnings),
        }

    def close(self):
        if self.source is not None:
            self.source.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
