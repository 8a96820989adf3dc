"""Tile grids and the overview pyramid, as pure arithmetic (no I/O).

Level 0 is the full-resolution raster. Level *k* halves level *k-1* exactly: its size is
``ceil(size / 2)`` and its pixels are twice as large, so every overview pixel covers exactly
a 2x2 block of the finer level (the last row/column may cover one that is partly outside).
Tiles are ``tile_width x tile_height`` pixels, numbered row-major; edge tiles are smaller.
"""

from dataclasses import dataclass

@dataclass(frozen=True)
class Tile:
    level: int
    row: int          # tile row / column within the level's grid
    col: int
    x: int            # pixel offset and size within the level
    y: int
    width: int
    height: int


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

    def tiles_in_window(self, level, col_off, row_off, width, height):
        """Tiles intersecting a pixel window (row-major), for a window inside the level."""
        if width <= 0 or height <= 0:
            return []
        c0, c1 = col_off // self.tile_width, (col_off + width - 1) // self.tile_width
        r0, r1 = row_off // self.tile_height, (row_off + height - 1) // self.tile_height
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
