"""flac-raster 0.1.x files built by hand in the test (no ../shared needed).

The builders follow the byte layout of the seed notes (§1-§4): libFLAC streams written with
FlacStreamWriter, GEOSPATIAL_* tags written with mutagen, the streaming container (4-byte
big-endian N + compact JSON index + tiles) and the spatial base64(gzip(JSON)) index.
"""

import base64
import gzip
import io
import json
import os

import numpy as np
import pytest

from flac_raster_qgis.core.formats.legacy import detect as legacy, spatial_files as legacy_spatial
from flac_raster_qgis.core.raster import metadata
from flac_raster_qgis.core.errors import (CorruptFileError, ExtentError, NoPixelsError,
                                          NotAFlacRasterError)
from flac_raster_qgis.core.codec.flac_codec import FlacStreamWriter
from flac_raster_qgis.core.sources.byte_source import LocalFileSource

# Each test runs once per FLAC binding (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("each_flac_binding")

INT32_MIN = -(1 << 31)


# -- builders (the flac-raster 0.1.2 encoder, restated) --------------------------------------

def stretch(array):
    """flac-raster's sample mapping (§1.3) for arrays whose range does not wrap."""
    dtype = array.dtype
    if dtype.kind == "f":
        return np.trunc(array.astype(np.float64) * 8388607).astype(np.int32), 32
    bits = 16 if dtype.name in ("uint8", "int16", "uint16") else 32
    scale = 32767 if bits == 16 else 8388607
    mn, mx = float(array.min()), float(array.max())
    if mx == mn:
        q = np.zeros(array.shape)
    else:
        q = np.trunc((2 * (array.astype(np.float64) - mn) / (mx - mn) - 1) * scale)
    return q.astype(np.int16 if bits == 16 else np.int32), bits


def flac_stream(samples, bits, tags=None):
    """One FLAC stream of (n, channels) samples with flac-raster's tags (mutagen rewrite)."""
    from mutagen.flac import FLAC
    buf = io.BytesIO()
    writer = FlacStreamWriter(buf, samples.shape[1], bits, blocksize=4096)
    writer.write(samples)
    writer.close()
    if tags is not None:
        buf.seek(0)
        audio = FLAC(buf)
        audio.clear()
        for key, value in tags.items():
            audio[key] = value
        buf.seek(0)
        audio.save(buf)
    return buf.getvalue()


def plain_tags(array, transform9, crs="EPSG:4326", nodata=None, data_min=None, data_max=None):
    count, height, width = array.shape
    return {
        "TITLE": "Geospatial Raster Data",
        "ENCODER": "FLAC-Raster v0.1.0",
        "GEOSPATIAL_CRS": crs,
        "GEOSPATIAL_WIDTH": str(width),
        "GEOSPATIAL_HEIGHT": str(height),
        "GEOSPATIAL_COUNT": str(count),
        "GEOSPATIAL_DTYPE": array.dtype.name,
        "GEOSPATIAL_NODATA": "None" if nodata is None else str(float(nodata)),
        "GEOSPATIAL_DATA_MIN": repr(float(array.min()) if data_min is None else data_min),
        "GEOSPATIAL_DATA_MAX": repr(float(array.max()) if data_max is None else data_max),
        "GEOSPATIAL_TRANSFORM": json.dumps(transform9),
        "GEOSPATIAL_BOUNDS": json.dumps({"left": 0, "bottom": 0, "right": 1, "top": 1}),
        "GEOSPATIAL_SPATIAL_TILING": "False",
    }


def plain_file(array, transform9, samples=None, bits=None, **tag_args):
    """A whole plain flac-raster file for a (count, h, w) array."""
    if samples is None:
        samples, bits = stretch(array)
        samples = samples.reshape(array.shape[0], -1).T
    return flac_stream(samples, bits, plain_tags(array, transform9, **tag_args))


def streaming_file(band, transform9, tile_size, crs="EPSG:4326"):
    """create-streaming's container: u32 N, compact JSON index, tiles back to back."""
    height, width = band.shape
    a, _, c, _, e, f = transform9[:6]
    frames, tiles, offset = [], [], 0
    for row in range(0, height, tile_size):
        for col in range(0, width, tile_size):
            tile = band[row:row + tile_size, col:col + tile_size]
            h, w = tile.shape
            tile_t = [a, 0.0, c + col * a, 0.0, e, f + row * e, 0.0, 0.0, 1.0]
            data = plain_file(tile[None], tile_t, crs=crs)
            x0, y1 = tile_t[2], tile_t[5]
            frames.append({"frame_id": len(frames), "bbox": [x0, y1 + h * e, x0 + w * a, y1],
                           "window": {"col_off": col, "row_off": row, "width": w, "height": h},
                           "byte_offset": offset, "byte_size": len(data)})
            tiles.append(data)
            offset += len(data)
    index = json.dumps({"crs": crs, "transform": transform9, "width": width, "height": height,
                        "tile_size": tile_size, "frames": frames}, separators=(",", ":"))
    raw = index.encode("ascii")
    return len(raw).to_bytes(4, "big") + raw + b"".join(tiles)


def spatial_file(width, height, tile_size, transform9, index_text=None):
    """A --spatial file: destroyed (all-zero) 32-bit tiles, stale offsets in a gzip index."""
    streams, frames, offset = [], [], 0
    for row in range(0, height, tile_size):
        for col in range(0, width, tile_size):
            h, w = min(tile_size, height - row), min(tile_size, width - col)
            data = flac_stream(np.zeros((w * h, 1), np.int32), 32)
            frames.append({"frame_id": len(frames), "bbox": [0, 0, 1, 1],
                           "window": {"row_off": row, "col_off": col, "height": h, "width": w},
                           "byte_offset": offset, "byte_size": len(data)})
            streams.append(data)
            offset += len(data)
    if index_text is None:
        index = json.dumps({"crs": "EPSG:4326", "transform": transform9, "frames": frames},
                           separators=(",", ":"))
        index_text = base64.b64encode(gzip.compress(index.encode(), 9)).decode()
    tags = {
        "TITLE": "Geospatial Raster Data",
        "GEOSPATIAL_CRS": "EPSG:4326",
        "GEOSPATIAL_WIDTH": str(width), "GEOSPATIAL_HEIGHT": str(height),
        "GEOSPATIAL_COUNT": "1", "GEOSPATIAL_DTYPE": "int16",
        "GEOSPATIAL_DATA_MIN": "0.0", "GEOSPATIAL_DATA_MAX": "100.0",
        "GEOSPATIAL_TRANSFORM": json.dumps(transform9),
        "GEOSPATIAL_BOUNDS": "[0, 5, 1, 5]",
        "GEOSPATIAL_SPATIAL_TILING": "true",
        "GEOSPATIAL_TILE_SIZE": str(tile_size),
        "GEOSPATIAL_NUM_TILES": str(len(frames)),
        "GEOSPATIAL_SPATIAL_INDEX": index_text,
    }
    # mutagen rewrites only the first stream's header: every later offset goes stale.
    from mutagen.flac import FLAC
    buf = io.BytesIO(b"".join(streams))
    audio = FLAC(buf)
    for key, value in tags.items():
        audio[key] = value
    buf.seek(0)
    audio.save(buf)
    return buf.getvalue(), frames


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def open_reader(path):
    source = LocalFileSource(path)
    reader = legacy.detect(source.read_range(0, min(65536, source.size)), source)
    assert reader is not None
    return reader


TRANSFORM = [0.5, 0.0, 100.0, 0.0, -0.5, 200.0, 0.0, 0.0, 1.0]


def dem(height, width, seed=3, low=-400, high=3000, dtype=np.int16):
    rng = np.random.default_rng(seed)
    base = np.cumsum(np.cumsum(rng.integers(-3, 4, (height, width)), 0), 1)
    base = (base - base.min()) / max(base.max() - base.min(), 1)
    return (low + base * (high - low)).astype(dtype)


# -- streaming -------------------------------------------------------------------------------

def test_generated_streaming_file_reads_exactly(tmp_path):
    band = dem(70, 83)
    path = write(tmp_path, "s.flac", streaming_file(band, TRANSFORM, 32))
    with open_reader(path) as reader:
        assert reader.kind == "flac-raster-0.1-streaming"
        assert reader.meta["transform"] == [100.0, 0.5, 0.0, 200.0, 0.0, -0.5]
        assert reader.meta["crs"]["epsg"] == 4326
        level = reader.levels[0]
        assert (level.tile_width, level.tiles_across, level.tiles_down) == (32, 3, 3)
        full, mask = reader.read_window(0, 0, 0, 83, 70)
        assert mask is None and full.dtype == np.int16
        assert np.array_equal(full[0], band)                  # bit-exact
        window, _ = reader.read_window(level, 20, 25, 50, 40)  # crosses 4 tiles
        assert np.array_equal(window[0], band[25:65, 20:70])
        info = reader.info()
        json.dumps(info)
        assert info["tile_grid"]["tiles"] == 9 and len(info["tiles"]) == 9
        assert info["raw_size"] == 70 * 83 * 2


def test_generated_streaming_uint8_constant_tiles(tmp_path):
    band = np.full((40, 40), 7, np.uint8)
    band[:20, :20] = 200
    path = write(tmp_path, "c.flac", streaming_file(band, TRANSFORM, 20, crs="None"))
    with open_reader(path) as reader:
        assert reader.meta["crs"] is None
        full, _ = reader.read_window(0, 0, 0, 40, 40)
        assert np.array_equal(full[0], band)


def test_generated_streaming_float_warns(tmp_path):
    band = (dem(30, 30, dtype=np.float64) / 4000).astype(np.float32)
    path = write(tmp_path, "f.flac", streaming_file(band, TRANSFORM, 16))
    with open_reader(path) as reader:
        assert any("fixed-point" in w for w in reader.warnings)
        full, _ = reader.read_window(0, 0, 0, 30, 30)
        assert np.abs(full[0].astype(np.float64) - band).max() <= 2 ** -23


def test_window_outside_raster_is_refused(tmp_path):
    path = write(tmp_path, "s.flac", streaming_file(dem(20, 20), TRANSFORM, 16))
    with open_reader(path) as reader:
        for window in [(15, 0, 10, 5), (0, 0, 0, 5), (-1, 0, 2, 2)]:
            with pytest.raises(ExtentError):
                reader.read_window(0, *window)
        with pytest.raises(ExtentError, match="overviews"):
            reader.read_window(1, 0, 0, 2, 2)


@pytest.mark.parametrize("change", [
    lambda i: i.update(width=10 ** 12),
    lambda i: i.update(tile_size=0),
    lambda i: i["frames"].pop(),
    lambda i: i["frames"][1].update(byte_offset=10 ** 9),
    lambda i: i["frames"][1].update(byte_size=-5),
    lambda i: i["frames"][2]["window"].update(col_off=3),
    lambda i: i["frames"][3].update(window=i["frames"][0]["window"]),
    lambda i: i.update(transform=[1, 2, 3]),
    lambda i: i.update(frames="many"),
], ids=["huge-width", "zero-tile", "missing-tile", "offset-past-end", "negative-size",
        "misaligned", "duplicate", "bad-transform", "frames-not-list"])
def test_hostile_streaming_index(tmp_path, change):
    data = streaming_file(dem(20, 20), TRANSFORM, 10)
    n = int.from_bytes(data[:4], "big")
    index = json.loads(data[4:4 + n])
    change(index)
    raw = json.dumps(index, separators=(",", ":")).encode()
    path = write(tmp_path, "h.flac", len(raw).to_bytes(4, "big") + raw + data[4 + n:])
    with pytest.raises(CorruptFileError):
        reader = open_reader(path)
        reader.read_window(0, 0, 0, 20, 20)


@pytest.mark.parametrize("length", [1, 2 ** 31, 2 ** 32 - 1])
def test_streaming_index_length_is_bounded(tmp_path, length):
    data = streaming_file(dem(20, 20), TRANSFORM, 10)
    path = write(tmp_path, "n.flac", length.to_bytes(4, "big") + data[4:])
    with pytest.raises(CorruptFileError, match="index length"):
        open_reader(path)


def test_tile_whose_tags_disagree_with_index(tmp_path):
    band = dem(20, 20)
    data = bytearray(streaming_file(band, TRANSFORM, 10))
    pos = data.index(b"GEOSPATIAL_WIDTH=10", 4)
    data[pos + len("GEOSPATIAL_WIDTH="):pos + len("GEOSPATIAL_WIDTH=10")] = b"11"
    path = write(tmp_path, "t.flac", bytes(data))
    with open_reader(path) as reader:
        with pytest.raises(CorruptFileError, match="the index says"):
            reader.read_window(0, 0, 0, 5, 5)


def test_not_legacy_returns_none(tmp_path):
    for name, data in [("zero.bin", b"\0" * 100), ("text.flac", b"hello world, not flac"),
                       ("tiny.flac", b"fL")]:
        path = write(tmp_path, name, data)
        source = LocalFileSource(path)
        assert legacy.detect(source.read_range(0, source.size), source) is None
        source.close()
    # A tagged FLAC of another kind (e.g. audio) is not ours to claim.
    audio = flac_stream(np.zeros((100, 2), np.int16), 16, {"ARTIST": "someone"})
    path = write(tmp_path, "song.flac", audio)
    source = LocalFileSource(path)
    assert legacy.detect(source.read_range(0, source.size), source) is None


# -- plain -----------------------------------------------------------------------------------

def test_generated_plain_multiband(tmp_path):
    array = np.stack([dem(33, 45, seed=s, low=0, high=60000, dtype=np.uint16)
                      for s in range(3)]) // 4   # range < 32,767: exact
    path = write(tmp_path, "p.flac", plain_file(array, TRANSFORM, nodata=0))
    with open_reader(path) as reader:
        assert reader.kind == "flac-raster-0.1-plain"
        assert reader.meta["bands"][0]["nodata"] == 0.0
        full, _ = reader.read_window(0, 0, 0, 45, 33)
        assert np.array_equal(full, array)
        assert reader.warnings == []


def test_plain_header_beyond_first_bytes(tmp_path):
    """A long CRS text pushes the tags past the 64 KiB head: read through the source."""
    array = dem(10, 10)
    wkt = 'LOCAL_CS["' + "x" * 70000 + '"]'
    path = write(tmp_path, "w.flac", plain_file(array[None], TRANSFORM, crs=wkt))
    with open_reader(path) as reader:
        assert reader.flac_header.audio_offset > 65536
        assert any("coordinate reference system" in w for w in reader.warnings)
        full, _ = reader.read_window(0, 0, 0, 10, 10)
        assert np.array_equal(full[0], array)


def test_sidecar_plain(tmp_path):
    array = dem(12, 9, dtype=np.uint8, low=3, high=250)[None]
    samples, bits = stretch(array)
    path = write(tmp_path, "old.flac", flac_stream(samples.reshape(1, -1).T, bits, tags={}))
    (tmp_path / "old.json").write_text(json.dumps({
        "width": 9, "height": 12, "count": 1, "dtype": "uint8", "crs": "EPSG:3857",
        "transform": TRANSFORM, "bounds": {}, "data_min": float(array.min()),
        "data_max": float(array.max()), "nodata": None, "driver": "GTiff"}, indent=2))
    with open_reader(path) as reader:
        assert reader.format_version == "0.1.0"
        assert reader.meta["crs"]["epsg"] == 3857
        full, _ = reader.read_window(0, 0, 0, 9, 12)
        assert np.array_equal(full, array)
    (tmp_path / "old.json").write_text("{not json")
    with pytest.raises(CorruptFileError, match="sidecar"):
        open_reader(path)


def test_float_overflow_is_reported(tmp_path):
    """A float DEM in metres (400-600) overflowed to INT32_MIN in flac-raster's encoder."""
    array = np.full((1, 8, 8), 500.0, np.float32)
    samples = np.full((64, 1), INT32_MIN, np.int32)
    path = write(tmp_path, "o.flac", plain_file(array, TRANSFORM, samples=samples, bits=32,
                                                data_min=400.0, data_max=600.0))
    with open_reader(path) as reader:
        assert any("beyond ±256" in w for w in reader.warnings)
        full, _ = reader.read_window(0, 0, 0, 8, 8)
        assert (full == np.float32(INT32_MIN / 8388607)).all()    # about -256
        assert any("overflowed" in w and "-256" in w for w in reader.warnings)
        assert all("not a decoding error" in w for w in reader.warnings)


@pytest.mark.parametrize("dtype, low, high, needle", [
    ("int16", -20000, 20000, "garbage"),
    ("int8", -100, 100, "garbage"),
    ("int32", 0, 10 ** 8, "share a step"),
])
def test_range_based_lossy_warnings(tmp_path, dtype, low, high, needle):
    array = np.array([[[low, high]]], dtype=dtype)
    samples = np.array([[-8388607], [8388607]], np.int32)
    bits = 16 if dtype == "int16" else 32
    samples = samples // 256 if bits == 16 else samples
    path = write(tmp_path, "r.flac", plain_file(array, TRANSFORM, samples=samples.astype(
        np.int16 if bits == 16 else np.int32), bits=bits))
    with open_reader(path) as reader:
        assert any(needle in w for w in reader.warnings)


def test_plain_sample_count_mismatch(tmp_path):
    array = dem(10, 10)
    tags = plain_tags(array[None], TRANSFORM)
    tags["GEOSPATIAL_HEIGHT"] = "11"
    samples, bits = stretch(array)
    path = write(tmp_path, "m.flac", flac_stream(samples.reshape(-1, 1), bits, tags))
    with open_reader(path) as reader:
        with pytest.raises(CorruptFileError, match="truncated or damaged"):
            reader.read_window(0, 0, 0, 10, 10)
    tags["GEOSPATIAL_HEIGHT"] = "9"
    path = write(tmp_path, "m2.flac", flac_stream(samples.reshape(-1, 1), bits, tags))
    with open_reader(path) as reader:
        with pytest.raises(CorruptFileError, match="more samples"):
            reader.read_window(0, 0, 0, 10, 9)


@pytest.mark.parametrize("key, value", [
    ("GEOSPATIAL_WIDTH", "-3"), ("GEOSPATIAL_WIDTH", "1e400"), ("GEOSPATIAL_COUNT", "9"),
    ("GEOSPATIAL_DTYPE", "complex64"), ("GEOSPATIAL_DTYPE", "object"),
    ("GEOSPATIAL_TRANSFORM", "[1, 2"), ("GEOSPATIAL_TRANSFORM", "[NaN,0,0,0,1,0]"),
    ("GEOSPATIAL_DATA_MIN", "abc"), ("GEOSPATIAL_DATA_MAX", "nan"),
    ("GEOSPATIAL_WIDTH", "100000"),
])
def test_hostile_plain_tags(tmp_path, key, value):
    array = dem(10, 10)
    tags = plain_tags(array[None], TRANSFORM)
    tags[key] = value
    samples, bits = stretch(array)
    path = write(tmp_path, "b.flac", flac_stream(samples.reshape(-1, 1), bits, tags))
    with pytest.raises(CorruptFileError):
        reader = open_reader(path)
        reader.read_window(0, 0, 0, reader.meta["width"], reader.meta["height"])


def test_unreadable_crs_loads_without_crs(tmp_path):
    array = dem(6, 6)
    path = write(tmp_path, "c.flac", plain_file(array[None], TRANSFORM, crs="EPSG:999999999"))
    with open_reader(path) as reader:
        assert reader.meta["crs"] is None
        assert any("coordinate reference system" in w for w in reader.warnings)


# -- spatial ---------------------------------------------------------------------------------

def test_generated_spatial_file(tmp_path):
    data, frames = spatial_file(50, 30, 16, TRANSFORM)
    path = write(tmp_path, "sp.flac", data)
    with open_reader(path) as reader:
        assert reader.kind == "flac-raster-0.1-spatial"
        info = reader.info()
        json.dumps(info)
        delta = len(data) - sum(f["byte_size"] for f in frames)
        assert info["offset_delta"] == delta > 0
        for tile in info["tiles"][1:]:
            start = tile["byte_range"][0]
            assert data[start:start + 4] == b"fLaC"
        assert info["footprint"] == [100.0, 185.0, 125.0, 200.0]
        assert info["footprint"] == list(metadata.bounds(reader.meta))
        assert (info["tile_grid"]["tiles_across"], info["tile_grid"]["tiles_down"]) == (4, 2)
        with pytest.raises(NoPixelsError, match="no recoverable pixels"):
            reader.read_window(0, 0, 0, 5, 5)


def test_spatial_gzip_bomb_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(legacy_spatial, "MAX_INDEX_JSON", 1 << 20)
    bomb = base64.b64encode(gzip.compress(b" " * (4 << 20), 9)).decode()
    data, _ = spatial_file(20, 20, 16, TRANSFORM, index_text=bomb)
    path = write(tmp_path, "bomb.flac", data)
    with pytest.raises(CorruptFileError, match="refusing"):
        open_reader(path)


@pytest.mark.parametrize("text", ["!!!not base64", base64.b64encode(b"not gzip").decode(),
                                  base64.b64encode(gzip.compress(b"[1,2")).decode(),
                                  base64.b64encode(gzip.compress(b'{"frames":[]}')).decode()])
def test_spatial_bad_index(tmp_path, text):
    data, _ = spatial_file(20, 20, 16, TRANSFORM, index_text=text)
    path = write(tmp_path, "bad.flac", data)
    with pytest.raises(CorruptFileError):
        open_reader(path)


def test_sidecar_missing_message(tmp_path):
    path = write(tmp_path, "lonely.flac", flac_stream(np.zeros((10, 1), np.int16), 16, {}))
    with pytest.raises(NotAFlacRasterError, match="lonely.json"):
        open_reader(path)
    assert not os.path.exists(tmp_path / "lonely.json")


def test_our_own_plain_files_are_not_claimed(tmp_path):
    from flac_raster_qgis.core.formats import plain
    from tests.rasters import fractal_dem, write_raster
    tif = str(tmp_path / "dem.tif")
    write_raster(tif, fractal_dem(20, 30))
    ours = str(tmp_path / "dem.flac")
    plain.encode(tif, ours)
    source = LocalFileSource(ours)
    try:
        assert legacy.detect(source.read_range(0, min(65536, source.size)), source) is None
    finally:
        source.close()
