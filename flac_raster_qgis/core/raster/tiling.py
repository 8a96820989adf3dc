"""Pixel windows, tile grids and the overview pyramid, as pure arithmetic (no I/O).

A :class:`Window` is the one value every caller passes for "these pixels of a level": the
extent planner makes it, readers validate and read it, the GeoTIFF writer splits it into
strips, the GUI and the provider hand it on. Its overlap and clipping math is written here
once (after rasterio's ``windows.py``), not again in each reader.

Level 0 is the full-resolution raster. Level *k* halves level *k-1* exactly: its size is
``ceil(size / 2)`` and its pixels are twice as large, so every overview pixel covers exactly
a 2x2 block of the finer level (the last row/column may cover one that is partly outside).
Tiles are ``tile_width x tile_height`` pixels, numbered row-major; edge tiles are smaller.
"""

import operator
from dataclasses import dataclass
from typing import NamedTuple


class Window(NamedTuple):
    """``col_off, row_off, width, height`` of a pixel window, in whole pixels.

    A tuple (immutable, picklable, JSON-able as a list, unpacks as the four numbers older
    callers pass): the plain value of rasterio's ``Window`` without its float offsets, so
    two windows that cover the same pixels compare equal.
    """

    col_off: int
    row_off: int
    width: int
    height: int

    @classmethod
    def of(cls, value):
        """A Window from a Window, a rasterio Window or any four whole numbers; anything
        else (floats with fractions, booleans, strings) is a ValueError."""
        if isinstance(value, cls):
            return value
        if hasattr(value, "col_off") and not isinstance(value, tuple):   # rasterio Window
            value = (value.col_off, value.row_off, value.width, value.height)
        try:
            numbers = tuple(value)
        except TypeError:
            raise ValueError(f"A window is four whole numbers, not {value!r}") from None
        if len(numbers) != 4:
            raise ValueError(f"A window is four whole numbers, not {value!r}")
        return cls(*(_whole(v) for v in numbers))

    @classmethod
    def from_rasterio(cls, window):
        return cls.of(window)

    def to_rasterio(self):
        """The rasterio ``Window`` GDAL's read/write calls take."""
        from rasterio.windows import Window as RasterioWindow
        return RasterioWindow(*self)

    @property
    def col_end(self):
        return self.col_off + self.width

    @property
    def row_end(self):
        return self.row_off + self.height

    @property
    def shape(self):
        """(rows, cols): the shape of the array holding one band of the window."""
        return (self.height, self.width)

    @property
    def is_empty(self):
        return self.width <= 0 or self.height <= 0

    def intersection(self, other):
        """The pixels both windows cover, or None when they do not overlap."""
        other = Window.of(other)
        c0, r0 = max(self.col_off, other.col_off), max(self.row_off, other.row_off)
        c1, r1 = min(self.col_end, other.col_end), min(self.row_end, other.row_end)
        if c1 <= c0 or r1 <= r0:
            return None
        return Window(c0, r0, c1 - c0, r1 - r0)

    def clip(self, width, height):
        """The part inside a ``width`` x ``height`` raster, or None when none is."""
        return self.intersection(Window(0, 0, width, height))

    def within(self, width, height):
        """True when the window is non-empty and lies inside a ``width`` x ``height`` raster."""
        return not self.is_empty and self.clip(width, height) == self

    def relative_to(self, origin):
        """This window in the pixels of an array whose corner is ``origin``'s corner."""
        return Window(self.col_off - origin.col_off, self.row_off - origin.row_off,
                      self.width, self.height)

    def slices(self):
        """(row slice, col slice) indexing this window in an array of its level."""
        return (slice(self.row_off, self.row_end), slice(self.col_off, self.col_end))

    def strips(self, step):
        """Consecutive windows of whole rows, their edges on multiples of ``step`` (a tile
        grid's rows): a reader decodes each tile once when strips are read in turn."""
        y = self.row_off
        while y < self.row_end:
            end = min(self.row_end, (y // step + 1) * step)
            yield Window(self.col_off, y, self.width, end - y)
            y = end


def paste(out, out_window, part, part_window):
    """Copy the overlap of ``part`` (an array holding ``part_window``) into ``out`` (holding
    ``out_window``); the last two axes are rows and columns. Returns the overlap (None: the
    windows do not overlap and nothing was copied). The one mosaic step of every reader."""
    overlap = Window.of(out_window).intersection(part_window)
    if overlap is not None:
        out[(Ellipsis,) + overlap.relative_to(out_window).slices()] = \
            part[(Ellipsis,) + overlap.relative_to(part_window).slices()]
    return overlap


def _whole(value):
    if isinstance(value, bool):
        raise ValueError(f"A window's offsets and sizes are whole numbers, not {value!r}")
    try:
        return operator.index(value)
    except TypeError:
        pass
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise ValueError(f"A window's offsets and sizes are whole numbers, not {value!r}")


@dataclass(frozen=True)
class Tile:
    level: int
    row: int          # tile row / column within the level's grid
    col: int
    x: int            # pixel offset and size within the level
    y: int
    width: int
    height: int

    @property
    def window(self):
        """The tile's pixels within its level."""
        return Window(self.x, self.y, self.width, self.height)


@dataclass(frozen=True)
class Grid:
    """The tile grid of one level."""

    width: int
    height: int
    tile_width: int
    tile_height: int

    @property
    def tiles_across(self):
        return -(-self.width // self.tile_width)

    @property
    def tiles_down(self):
        return -(-self.height // self.tile_height)

    @property
    def count(self):
        return self.tiles_across * self.tiles_down

    def tile(self, level, row, col):
        x, y = col * self.tile_width, row * self.tile_height
        return Tile(level, row, col, x, y, min(self.tile_width, self.width - x),
                    min(self.tile_height, self.height - y))

    def tiles(self, level):
        """Every tile, row-major (the order tiles are stored in the file)."""
        for row in range(self.tiles_down):
            for col in range(self.tiles_across):
                yield self.tile(level, row, col)

    def tiles_touching(self, level, window):
        """Tiles a pixel window touches (row-major); the part outside the level touches
        none."""
        window = Window.of(window).clip(self.width, self.height)
        if window is None:
            return []
        c0, c1 = window.col_off // self.tile_width, (window.col_end - 1) // self.tile_width
        r0, r1 = window.row_off // self.tile_height, (window.row_end - 1) // self.tile_height
        return [self.tile(level, r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]


def pyramid_sizes(width, height, tile_size):
    """(width, height) of level 0 and each overview, halving until the level fits one tile."""
    sizes = [(width, height)]
    while sizes[-1][0] > tile_size or sizes[-1][1] > tile_size:
        w, h = sizes[-1]
        sizes.append((-(-w // 2), -(-h // 2)))
    return sizes


def level_transform(transform, factor):
    """GDAL geotransform of a level whose pixels are ``factor`` times larger."""
    c, a, b, f, d, e = transform
    return [c, a * factor, b * factor, f, d * factor, e * factor]
