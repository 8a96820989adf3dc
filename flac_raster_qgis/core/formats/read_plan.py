"""What a read will need, known before any pixel is fetched: the level, the pixel window, the
tiles and the byte ranges (coalesced as the HTTP source will request them).

Why a plan of its own: ``flacraster query`` prints it (as flac-raster 0.1.2's ``query`` did),
``extract`` states its cost against the file size, and tests hold a server's access log
against it. A read is selected either by an extent (bounds in any CRS, optional resolution)
or by one tile: its id (row-major within a level), the tile holding the raster's centre, or
the last tile -- flac-raster 0.1.2's ``--tile-id``, ``--center`` and ``--last``.
"""

from dataclasses import dataclass

from ..raster import extent
from ..raster import metadata as meta_mod
from ..errors import ExtentError
from ..sources.http import GAP, MAX_RUN_BYTES, coalesce
from ..raster.tiling import Window

TILE_NAMES = ("center", "last")


@dataclass(frozen=True)
class TileRef:
    id: int                  # row-major number within its level
    row: int
    col: int
    window: Window           # in the level's pixels
    bbox: tuple              # (xmin, ymin, xmax, ymax) in the raster's CRS
    start: int               # file offset of the tile's bytes
    length: int


@dataclass(frozen=True)
class ReadPlan:
    """Plain values only (tuples, ints, strings): picklable, and ``to_json()`` for output."""

    location: str            # redacted for URLs (the source's name)
    format: str
    file_size: int
    level: int
    window: Window
    bounds: tuple            # the window's extent in the raster's CRS
    tiles: tuple             # TileRef, in file order
    ranges: tuple            # (start, length) runs, sorted, as they will be requested

    @property
    def bytes(self):
        return sum(n for _s, n in self.ranges)

    def to_json(self):
        return {
            "location": self.location,
            "format": self.format,
            "file_size": self.file_size,
            "level": self.level,
            "window": list(self.window),
            "bounds": list(self.bounds),
            "tiles": [{"id": t.id, "row": t.row, "col": t.col, "window": list(t.window),
                       "bbox": list(t.bbox), "byte_range": [t.start, t.start + t.length]}
                      for t in self.tiles],
            "ranges": [{"start": s, "end": s + n, "length": n, "http": f"bytes={s}-{s + n - 1}"}
                       for s, n in self.ranges],
            "bytes": self.bytes,
            "fraction_of_file": round(self.bytes / self.file_size, 6) if self.file_size else None,
        }


def parse_tile(tile):
    """A tile selector: a whole number >= 0, "center" or "last"."""
    if isinstance(tile, str) and tile.strip().lower() in TILE_NAMES:
        return tile.strip().lower()
    try:
        number = int(tile)
    except (TypeError, ValueError):
        raise ExtentError(f"A tile is a number, 'center' or 'last', not {tile!r}") from None
    if isinstance(tile, float) and tile != number or number < 0:
        raise ExtentError(f"A tile number is a whole number from 0, not {tile!r}")
    return number


def select_tile(reader, tile, level=None):
    """(Level, tiling.Tile) for a tile selector on ``level`` (default 0)."""
    lv = extent.choose_level(reader.levels, 0 if level is None else level)
    grid = lv.grid
    selector = parse_tile(tile)
    if selector == "center":
        row, col = (lv.height // 2) // grid.tile_height, (lv.width // 2) // grid.tile_width
    elif selector == "last":
        row, col = grid.tiles_down - 1, grid.tiles_across - 1
    else:
        if selector >= grid.count:
            raise ExtentError(f"Tile {selector} does not exist: level {lv.index} has tiles 0 to "
                              f"{grid.count - 1} ({grid.tiles_across} x {grid.tiles_down})")
        row, col = divmod(selector, grid.tiles_across)
    return lv, grid.tile(lv.index, row, col)


def select(reader, bounds=None, bounds_crs=None, resolution=None, level=None, tile=None):
    """(Level, tiling.Window) for an extent read or one tile (not both)."""
    if tile is None:
        return extent.plan(reader, bounds, bounds_crs, resolution, level)
    if bounds is not None or resolution is not None:
        raise ExtentError("Select either an extent or a tile, not both")
    lv, t = select_tile(reader, tile, level)
    return lv, t.window


def plan(reader, bounds=None, bounds_crs=None, resolution=None, level=None, tile=None,
         gap=None):
    """The :class:`ReadPlan` of a read (see :func:`select`). The ranges are those
    :func:`api.extract` requests: it writes one tile row at a time, and the HTTP source merges
    the ranges of each row that lie within ``gap`` bytes (default: its own)."""
    lv, window = select(reader, bounds, bounds_crs, resolution, level, tile)
    tiles = lv.tiles_touching(window)
    spans = reader.tile_byte_ranges(lv, tiles)
    across = lv.tiles_across
    refs = tuple(TileRef(t.row * across + t.col, t.row, t.col, t.window,
                         _bounds(reader, lv, t.window), int(s), int(n))
                 for t, (s, n) in zip(tiles, spans))
    gap = GAP if gap is None else gap
    runs = sorted(run for row in sorted({t.row for t in tiles})  # one request batch per
                  for run in coalesce([span for t, span in zip(tiles, spans) if t.row == row],
                                      gap, MAX_RUN_BYTES))   # tile row, as extract reads
    return ReadPlan(location=getattr(reader.source, "name", ""), format=reader.kind,
                    file_size=int(reader.source.size), level=lv.index, window=window,
                    bounds=_bounds(reader, lv, window),
                    tiles=tuple(sorted(refs, key=lambda r: (r.start, r.id))),
                    ranges=tuple((int(s), int(n)) for s, n in runs))


def _bounds(reader, lv, window):
    return tuple(float(v) for v in meta_mod.bounds(extent.window_meta(reader.meta, lv, window)))
