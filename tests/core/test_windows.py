"""The window value (core/raster/tiling.py) and the level that owns its grid, checked as properties.

Every reader, the extent planner, the GeoTIFF writer, the page and the live layer trust
these few operations, so they are held against a brute-force model: sets of pixel
coordinates (what a window *means*) and boolean masks painted into a small array.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rasterio.windows import Window as RasterioWindow

from flac_raster_qgis.core.errors import ExtentError
from flac_raster_qgis.core.formats.reader_base import Level
from flac_raster_qgis.core.raster.tiling import Grid, Window, paste

PROPERTIES = settings(max_examples=200, deadline=None, derandomize=True, database=None)

offsets = st.integers(-40, 60)
sizes = st.integers(0, 50)
windows = st.builds(Window, offsets, offsets, sizes, sizes)
dims = st.integers(1, 60)


def pixels(window):
    """The model: the set of (row, col) a window covers."""
    c0, r0, w, h = window
    return {(r, c) for r in range(r0, r0 + max(h, 0)) for c in range(c0, c0 + max(w, 0))}


@PROPERTIES
@given(windows, windows)
def test_intersection_is_the_common_pixels(a, b):
    both = a.intersection(b)
    common = pixels(a) & pixels(b)
    if both is None:
        assert common == set()
    else:
        assert pixels(both) == common and not both.is_empty
        assert both == b.intersection(a)       # symmetric


@PROPERTIES
@given(windows, dims, dims)
def test_clip_keeps_exactly_the_pixels_inside(window, width, height):
    clipped = window.clip(width, height)
    inside = {(r, c) for r, c in pixels(window) if 0 <= r < height and 0 <= c < width}
    assert (pixels(clipped) if clipped is not None else set()) == inside
    assert window.within(width, height) == (bool(inside) and inside == pixels(window))
    if clipped is not None:
        assert clipped.within(width, height)


@PROPERTIES
@given(st.builds(Window, st.integers(0, 30), st.integers(0, 30), st.integers(1, 30),
                 st.integers(1, 40)), st.integers(1, 17))
def test_strips_cover_the_window_once_on_grid_rows(window, step):
    strips = list(window.strips(step))
    covered = [p for s in strips for p in pixels(s)]
    assert sorted(covered) == sorted(pixels(window))             # all of it, each pixel once
    for s in strips:
        assert (s.col_off, s.width) == (window.col_off, window.width)
        assert s.row_off // step == (s.row_end - 1) // step     # never across a grid row
    assert all(s.row_end % step == 0 for s in strips[:-1])


@PROPERTIES
@given(windows, windows)
def test_paste_copies_the_overlap_and_nothing_else(out_window, part_window):
    out_window = Window(out_window.col_off, out_window.row_off, max(out_window.width, 1),
                        max(out_window.height, 1))
    part_window = Window(part_window.col_off, part_window.row_off, max(part_window.width, 1),
                         max(part_window.height, 1))
    # Each pixel's value is its (row, col) in level coordinates, so any misplacement shows.
    rows, cols = np.mgrid[part_window.row_off:part_window.row_end,
                          part_window.col_off:part_window.col_end]
    part = np.stack([rows, cols]).astype(np.int64)
    out = np.full((2,) + out_window.shape, -999, np.int64)
    overlap = paste(out, out_window, part, part_window)
    assert overlap == out_window.intersection(part_window)
    for r in range(out_window.height):
        for c in range(out_window.width):
            level_pixel = (out_window.row_off + r, out_window.col_off + c)
            if level_pixel in pixels(part_window):
                assert tuple(out[:, r, c]) == level_pixel
            else:
                assert tuple(out[:, r, c]) == (-999, -999)


@PROPERTIES
@given(windows)
def test_rasterio_round_trip(window):
    theirs = window.to_rasterio()
    assert isinstance(theirs, RasterioWindow)
    assert Window.from_rasterio(theirs) == window
    assert Window.of(tuple(window)) == window == Window.of(window)


@PROPERTIES
@given(dims, dims, st.integers(1, 20), st.integers(1, 20), windows)
def test_tiles_touching_are_the_tiles_holding_the_pixels(width, height, tw, th, window):
    grid = Grid(width, height, tw, th)
    tiles = grid.tiles_touching(3, window)
    inside = {p for p in pixels(window) if p[0] < height and p[1] < width and min(p) >= 0}
    held = {p for t in tiles for p in pixels(t.window) & inside}
    assert held == inside                                        # every pixel's tile is there
    assert all(pixels(t.window) & inside for t in tiles)         # and no tile without one
    assert [(t.row, t.col) for t in tiles] == sorted((t.row, t.col) for t in tiles)
    assert all(t.level == 3 for t in tiles)


def test_of_refuses_what_is_not_four_whole_numbers():
    assert Window.of((1.0, 2, np.int64(3), np.uint8(4))) == (1, 2, 3, 4)
    for bad in [(1.5, 0, 1, 1), (True, 0, 1, 1), ("1", 0, 1, 1), (1, 2, 3), None, 7]:
        with pytest.raises(ValueError):
            Window.of(bad)


def test_a_level_owns_its_grid_and_checks_windows():
    lv = Level(index=1, width=10, height=7, transform=[0, 1, 0, 0, 0, -1],
               tile_width=4, tile_height=4)
    assert (lv.tiles_across, lv.tiles_down) == (3, 2) and lv.window == (0, 0, 10, 7)
    assert [t.window for t in lv.tiles_touching((3, 3, 2, 2))] == [
        (0, 0, 4, 4), (4, 0, 4, 4), (0, 4, 4, 3), (4, 4, 4, 3)]
    untiled = Level(index=0, width=10, height=7, transform=[0, 1, 0, 0, 0, -1])
    assert untiled.tiles_across == untiled.tiles_down == 1
    assert lv.check_window((6, 3, 4, 4)) == Window(6, 3, 4, 4)
    for bad in [(7, 0, 4, 1), (0, 0, 0, 1), (-1, 0, 2, 2), (0, 0, 1.5, 1)]:
        with pytest.raises(ExtentError):
            lv.check_window(bad)
