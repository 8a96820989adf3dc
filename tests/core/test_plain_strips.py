"""Plain files through the reader: one row-strip decoder (plain.decode_strips) serves the
whole-file export and windowed reads; RasterReader.strips hands a window out in pieces."""

import tracemalloc

import numpy as np
import pytest
import rasterio

from flac_raster_qgis.core.codec import flac_plibflac
from flac_raster_qgis.core import flac_to_raster, open_flac, raster_to_flac
from flac_raster_qgis.core.formats import plain, plain_reader as plainreader
from flac_raster_qgis.core.formats.reader_base import RowStrip
from tests.rasters import fractal_dem, write_raster


def bits_equal(a, b):
    a, b = np.ascontiguousarray(a), np.ascontiguousarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def plain_file(tmp_path, data, name="r", mask=None):
    src = write_raster(tmp_path / f"{name}.tif", data)
    if mask is not None:
        with rasterio.Env(GDAL_TIFF_INTERNAL_MASK=True), rasterio.open(src, "r+") as ds:
            ds.write_mask(mask)
    flac = tmp_path / f"{name}.flac"
    raster_to_flac(str(src), str(flac))
    return flac


def rng_bands(count, height, width, dtype="uint16", seed=0):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 5000, size=(count, height, width)).astype(dtype)


@pytest.mark.parametrize("count", [3, 10])   # interleaved channels; more than 8: sequential
def test_decode_strips_covers_every_row_of_every_band_once(tmp_path, monkeypatch, count):
    monkeypatch.setattr(plain, "WINDOW_BYTES", 3000)
    data = rng_bands(count, 41, 23)
    flac = plain_file(tmp_path, data)
    meta, spec = plain.read_tags(str(flac))
    seen = np.zeros(data.shape, dtype=np.int64)
    out = np.zeros_like(data)
    progress = []
    with open(flac, "rb") as fh:
        for strip in plain.decode_strips(fh, meta, spec):
            assert isinstance(strip, RowStrip) and strip.mask is None
            rows = slice(strip.row_off, strip.row_off + strip.height)
            out[list(strip.bands), rows] = strip.values
            seen[list(strip.bands), rows] += 1
            progress.append(strip.progress)
    assert bits_equal(out, data)
    assert (seen == 1).all()
    assert progress == sorted(progress) and progress[-1] == 1.0
    assert len(progress) > 2    # the tiny window size really cut the raster into strips


def test_decode_strips_hands_out_the_mask(tmp_path, monkeypatch):
    monkeypatch.setattr(plain, "WINDOW_BYTES", 2000)
    data = rng_bands(2, 30, 20)
    mask = np.zeros((30, 20), dtype="uint8")
    mask[4:27, 2:15] = 255
    flac = plain_file(tmp_path, data, mask=mask)
    meta, spec = plain.read_tags(str(flac))
    got = np.full(mask.shape, 7, dtype="uint8")
    with open(flac, "rb") as fh:
        for strip in plain.decode_strips(fh, meta, spec):
            if strip.mask is not None:
                got[strip.row_off:strip.row_off + strip.height] = strip.mask
    assert bits_equal(got, mask)


def test_row_strip_crop_is_a_view_of_rows_and_columns():
    values = np.arange(2 * 5 * 4).reshape(2, 5, 4)
    mask = np.arange(5 * 4, dtype="uint8").reshape(5, 4)
    strip = RowStrip(10, (0, 1), values, mask, 0.5)
    part = strip.crop(1, 3, slice(1, 3), 2)
    assert (part.row_off, part.bands, part.height, part.progress) == (2, (0, 1), 2, 0.5)
    assert bits_equal(part.values, values[:, 1:3, 1:3]) and bits_equal(part.mask, mask[1:3, 1:3])
    assert np.shares_memory(part.values, values)
    assert RowStrip(0, (), None, mask).crop(0, 2, slice(0, 4), 0).height == 2


@pytest.mark.parametrize("count", [2, 10])
def test_reader_strips_match_read_window(tmp_path, monkeypatch, count):
    monkeypatch.setattr(plain, "WINDOW_BYTES", 2500)
    data = rng_bands(count, 37, 29, dtype="int32", seed=count)
    flac = plain_file(tmp_path, data)
    window = (3, 5, 17, 22)
    with open_flac(str(flac)) as reader:
        arrays, mask = reader.read_window(0, *window)
        col, row, width, height = window
        assert bits_equal(arrays, data[:, row:row + height, col:col + width]) and mask is None
        pieced = np.zeros_like(arrays)
        for strip in reader.strips(reader.levels[0], window):
            pieced[list(strip.bands), strip.row_off:strip.row_off + strip.height] = strip.values
        assert bits_equal(pieced, arrays)


def test_a_window_above_the_last_row_stops_reading(tmp_path, monkeypatch):
    """Interleaved bands: the decoding stops after the window's last row; a window down to
    the last row reads to the end (where the stream's MD5 is checked)."""
    monkeypatch.setattr(plain, "WINDOW_BYTES", 16 << 10)
    monkeypatch.setattr(plainreader, "STREAM_BUFFER", 4096)
    data = rng_bands(1, 2000, 200, seed=3)
    flac = plain_file(tmp_path, data)
    with open_flac(str(flac)) as reader:
        before = reader.source.stats.bytes
        top, _ = reader.read_window(0, 0, 0, 200, 10)
        top_bytes = reader.source.stats.bytes - before
        before = reader.source.stats.bytes
        bottom, _ = reader.read_window(0, 0, 1990, 200, 10)
        bottom_bytes = reader.source.stats.bytes - before
    assert bits_equal(top, data[:, :10]) and bits_equal(bottom, data[:, 1990:])
    # (how far a FLAC binding reads ahead is its own business: a margin, not an exact count)
    assert top_bytes < 0.8 * reader.source.size
    assert bottom_bytes == reader.source.size


def test_export_of_a_plain_window_is_bounded_in_memory(tmp_path, monkeypatch):
    """flac_to_raster of (almost) a whole plain file goes through the reader's strips: the
    Python heap holds strips and one row of the output's 512-row blocks, never the window (it
    used to be read in one piece)."""
    monkeypatch.setattr(plain, "WINDOW_BYTES", 64 << 10)
    monkeypatch.setattr(plainreader, "STREAM_BUFFER", 64 << 10)
    monkeypatch.setattr(flac_plibflac, "READ_CHUNK", 1 << 14)   # samples per decoder call
    data = np.stack([fractal_dem(4096, 512, seed=1)])   # int16: 4 MiB; a block row 512 KiB
    flac = plain_file(tmp_path, data)
    raw = data.nbytes
    with rasterio.open(tmp_path / "r.tif") as ds:
        left, bottom, right, top = ds.bounds
        res = ds.res[1]
    bounds = (left, bottom, right, top - res)   # all rows but the first: not the whole file
    flac_to_raster(str(flac), str(tmp_path / "warm.tif"), bounds=bounds)   # imports, caches
    tracemalloc.start()
    try:
        flac_to_raster(str(flac), str(tmp_path / "out.tif"), bounds=bounds)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    with rasterio.open(tmp_path / "out.tif") as out:
        assert bits_equal(out.read(), data[:, 1:])
    assert peak < raw / 2, f"peak {peak} bytes for a {raw}-byte raster"


class _Recorder:
    """Stands in for the GeoTIFF being written: keeps every write's rows and values."""

    def __init__(self, bands, height, width):
        self.values = np.zeros((bands, height, width), np.int16)
        self.mask = np.zeros((height, width), np.uint8)
        self.writes = []

    def write(self, values, indexes, window):
        rows = slice(int(window.row_off), int(window.row_off + window.height))
        self.values[[i - 1 for i in indexes], rows] = values
        self.writes.append(("values", tuple(indexes), rows.start, rows.stop))

    def write_mask(self, mask, window):
        rows = slice(int(window.row_off), int(window.row_off + window.height))
        self.mask[rows] = mask
        self.writes.append(("mask", (), rows.start, rows.stop))


def test_block_rows_writes_whole_block_rows_band_by_band():
    """Strips of any height (a plain file's frames) reach GDAL as whole rows of its blocks,
    band by band for a band-sequential file, then the mask; every value lands once."""
    from flac_raster_qgis.core.formats.reader_base import RowStrip
    from flac_raster_qgis.core.raster.extent import BlockRows
    rng = np.random.default_rng(3)
    height, width, block = 45, 7, 16
    data = rng.integers(-999, 999, (2, height, width)).astype(np.int16)
    mask = rng.integers(0, 2, (height, width)).astype(np.uint8) * 255
    out = _Recorder(2, height, width)
    rows = BlockRows(out, width, height, block)
    for band in range(2):
        y = 0
        for step in [5, 13, 1, 20, 6]:
            rows.add(RowStrip(y, (band,), data[band:band + 1, y:y + step], None))
            y += step
    rows.add(RowStrip(0, (), None, mask[:32]))      # whole block rows: written as they are
    rows.add(RowStrip(32, (), None, mask[32:]))
    rows.flush()
    assert bits_equal(out.values, data) and bits_equal(out.mask, mask)
    for _, _, start, stop in out.writes:
        assert start % block == 0 and (stop % block == 0 or stop == height)
    assert [w[:2] for w in out.writes] == [("values", (1,))] * 3 + [("values", (2,))] * 3 + \
        [("mask", ())] * 3


def test_decoded_ahead_yields_in_order_and_raises_the_decoders_error():
    """Strips come in order; an error in the decoding thread (a damaged file, a Cancel) is
    raised to the writer, and the generator is closed in the thread that ran it."""
    import threading
    from flac_raster_qgis.core.errors import CorruptFileError
    from flac_raster_qgis.core.raster.extent import decoded_ahead
    closed = []

    def strips(fail_at=None):
        try:
            for i in range(6):
                if i == fail_at:
                    raise CorruptFileError("frame 3 is damaged")
                yield i
        finally:
            closed.append(threading.current_thread().name)

    assert list(decoded_ahead(strips)) == list(range(6))
    with pytest.raises(CorruptFileError, match="frame 3"):
        list(decoded_ahead(lambda: strips(fail_at=3)))
    assert closed == ["flac-decode-ahead"] * 2


def test_decoded_ahead_stops_its_thread_when_the_writer_stops():
    """A write error (a full disk) ends the export: the decoding thread ends too, and at most
    one strip was decoded beyond the one being written."""
    import threading
    from flac_raster_qgis.core.raster.extent import decoded_ahead
    made = []

    def strips():
        for i in range(1000):
            made.append(i)
            yield i
    before = threading.active_count()
    with pytest.raises(OSError):
        for i in decoded_ahead(strips):
            if i == 2:
                raise OSError("No space left on device")
    assert threading.active_count() == before
    assert len(made) <= 5
