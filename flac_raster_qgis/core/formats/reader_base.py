"""The one reader interface every format implements (ours and flac-raster 0.1.x).

``open_flac()`` (formats/detect.py) sniffs the bytes and returns a :class:`RasterReader`. Callers
(the API, Processing, the data-source page) only use this interface:

* ``meta``   — the raster metadata dict (see raster/metadata.py) of the full-resolution raster;
* ``levels`` — :class:`Level` list, level 0 = full resolution, then coarser overviews;
* ``read_window(level, col_off, row_off, width, height)`` — exact pixels of a window of a
  level, mosaicked across tiles, plus the mask (or None);
* ``strips(level, window)`` — the same pixels as :class:`RowStrip` pieces, top to bottom, so
  a whole raster can be written out in bounded memory (the GeoTIFF export uses it).

  The level and the window of both are checked HERE, once for every format; a format
  implements ``_read_window(level, window)`` (and may implement ``_strips``) and receives
  only a :class:`tiling.Window` that lies inside its :class:`Level`;
* ``info()`` — a JSON-able description (format, version, sizes, grid, levels...);
* ``tile_byte_ranges(level, tiles)`` — where each tile's bytes lie (formats/read_plan.py
  plans reads);
* ``warnings`` — plain-language notes (e.g. a known-lossy flac-raster 0.1.2 file).

Extent logic (bounds in any CRS -> level and window) lives on top of this, shared by all.
"""

from dataclasses import dataclass, field

from ..errors import ExtentError, TooLargeError
from ..raster.tiling import Grid, Window


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


@dataclass(frozen=True)
class RowStrip:
    """Some rows of a read, as readers hand them out one piece at a time (bounded memory).

    ``row_off`` is the first row (relative to the window read); ``bands`` the 0-based band
    indices ``values`` holds, in order (all of them, one, or none for a piece of mask only);
    ``values`` an array ``(len(bands), height, width)`` or None; ``mask`` a ``(height,
    width)`` uint8 array or None; ``progress`` the share of the whole read done with it."""

    row_off: int
    bands: tuple
    values: object
    mask: object = None
    progress: float = 1.0

    @property
    def height(self):
        array = self.values if self.values is not None else self.mask
        return int(array.shape[-2])

    def crop(self, first, stop, cols, row_off):
        """Rows ``first:stop`` and the columns of the slice ``cols`` of this strip (views,
        no copy), as a strip starting at ``row_off``."""
        values = None if self.values is None else self.values[:, first:stop, cols]
        mask = None if self.mask is None else self.mask[first:stop, cols]
        return RowStrip(row_off, self.bands, values, mask, self.progress)


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
        from ..raster.extent import choose_level
        return choose_level(self.levels, getattr(level, "index", level))

    def read_window(self, level, col_off, row_off, width, height, feedback=None):
        """``(arrays, mask)``: exactly the pixels of a window of ``level`` (a number or a
        Level), arrays (bands, rows, cols) in the raster's dtype, mask (rows, cols) uint8 or
        None. The window must lie inside the level (an ExtentError otherwise)."""
        from ..feedback import ensure
        lv = self.level(level)
        window = lv.check_window((col_off, row_off, width, height))
        return self._read_window(lv, window, ensure(feedback))

    def _read_window(self, level, window, feedback):
        """The format's read of a checked ``window`` (tiling.Window) of ``level`` (Level)."""
        raise NotImplementedError

    def strips(self, level, window, feedback=None):
        """``window`` (a tiling.Window or its four numbers) of ``level`` as :class:`RowStrip`
        pieces of every band, top to bottom. Checked now, before the first strip is asked
        for (the same check as :meth:`read_window`)."""
        from ..feedback import ensure
        lv = self.level(level)
        return self._strips(lv, lv.check_window(window), ensure(feedback))

    def _strips(self, level, window, feedback):
        """Here: one read per tile row (each tile read once; an untiled level in one read);
        a format that must decode from its start (plain files) hands out rows as it decodes
        them instead."""
        bands = tuple(range(self.meta["count"]))
        for strip in window.strips(level.tile_height or window.row_end):
            feedback.check()
            arrays, mask = self._read_window(level, strip, feedback)
            yield RowStrip(strip.row_off - window.row_off, bands, arrays, mask,
                           (strip.row_end - window.row_off) / window.height)

    def read(self, bounds=None, bounds_crs=None, resolution=None, level=None, feedback=None):
        """Pixels of exactly ``bounds`` (see extent.read), from the coarsest level that still
        meets ``resolution``; returns an extent.ReadResult."""
        from ..raster.extent import read
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

        from ..raster.metadata import bounds
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
