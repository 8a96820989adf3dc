"""flac-raster 0.1.x files against the seed vectors (../shared/seed-vectors, manifest.json).

Only the manifest entries whose files exist are tested; everything skips cleanly without
../shared. Checksums are sha256 of little-endian C-order arrays in the file's dtype.
"""

import hashlib
import json
import os
import shutil

import numpy as np
import pytest

from flac_raster_qgis.core.formats.legacy import detect as legacy
from flac_raster_qgis.core.raster import metadata
from flac_raster_qgis.core.errors import (CorruptFileError, FlacRasterError, NoPixelsError,
                                          NotAFlacRasterError)
from flac_raster_qgis.core.formats.legacy.flac_stream import decode_samples, read_header
from flac_raster_qgis.core.formats.detect import open_source
from flac_raster_qgis.core.sources.byte_source import LocalFileSource
from tests.conftest import SHARED

VECTORS = os.path.join(SHARED, "seed-vectors")
HEAD = 65536


def _entries(*kinds):
    """Manifest entries of these kinds whose files are present (read at collection time)."""
    path = os.path.join(VECTORS, "manifest.json")
    if not os.path.isfile(path):
        return [pytest.param(None, id="no-seed-vectors")]
    with open(path, encoding="utf-8") as fh:
        vectors = json.load(fh)["vectors"]
    found = [v for v in vectors
             if v["kind"] in kinds and os.path.isfile(os.path.join(VECTORS, v["file"]))]
    return [pytest.param(v, id=os.path.basename(v["file"])) for v in found] or \
        [pytest.param(None, id="none-present")]


def _need(entry, shared_dir):
    if entry is None:
        pytest.skip("no seed vector of this kind is present")
    return os.path.join(shared_dir, "seed-vectors", entry["file"])


def sha(array):
    array = np.ascontiguousarray(array)
    return hashlib.sha256(array.astype(array.dtype.newbyteorder("<"), copy=False)
                          .tobytes()).hexdigest()


def open_reader(path_or_source):
    source = path_or_source if hasattr(path_or_source, "read_ranges") \
        else LocalFileSource(path_or_source)
    head = source.read_range(0, min(HEAD, source.size))
    reader = legacy.detect(head, source)
    assert reader is not None
    return reader


class CountingSource(LocalFileSource):
    """A local source that records every read_ranges call."""

    def __init__(self, path):
        super().__init__(path)
        self.calls = []

    def read_ranges(self, ranges, feedback=None):
        self.calls.append(list(ranges))
        return super().read_ranges(ranges, feedback)


# -- plain files -----------------------------------------------------------------------------

@pytest.mark.parametrize("entry", _entries("plain", "plain-legacy-sidecar"))
def test_plain_vector_ideal_decode(entry, shared_dir):
    path = _need(entry, shared_dir)
    with open_reader(path) as reader:
        assert reader.kind == "flac-raster-0.1-plain"
        meta = metadata.validate(reader.meta)
        count, height, width = entry.get("shape") or (
            reader.meta["count"], reader.meta["height"], reader.meta["width"])
        assert (meta["count"], meta["height"], meta["width"]) == (count, height, width)
        array, mask = reader.read_window(0, 0, 0, width, height)
        assert mask is None
        assert array.shape == (count, height, width)
        assert array.dtype == np.dtype(meta["dtype"])
        assert sha(array) == entry["ideal_decode_sha256"]
        # A window is a slice of the same decode.
        window, _ = reader.read_window(reader.levels[0], width // 3, height // 4, width // 2, 7)
        assert np.array_equal(window, array[:, height // 4:height // 4 + 7,
                                            width // 3:width // 3 + width // 2])
        info = reader.info()
        json.dumps(info)
        assert info["format"] == "flac-raster" and info["size"] == [width, height]
        assert info["file_size"] == os.path.getsize(path)


@pytest.mark.parametrize("entry", _entries("plain", "plain-legacy-sidecar"))
def test_plain_vector_raw_samples(entry, shared_dir):
    path = _need(entry, shared_dir)
    with open(path, "rb") as fh:
        data = fh.read()
    source = LocalFileSource(path)
    try:
        header = read_header(data[:HEAD], source)
    finally:
        source.close()
    assert header.streaminfo.bps == entry["streaminfo"]["bps"]
    assert header.streaminfo.channels == entry["streaminfo"]["channels"]
    with open_reader(path) as reader:
        pixels = reader.meta["width"] * reader.meta["height"]
    samples = decode_samples(data, pixels, header.streaminfo.channels)
    assert sha(samples.astype(np.int32)) == entry["raw_samples_sha256"]


def test_geotransform_is_gdal_order(shared_dir):
    path = os.path.join(shared_dir, "seed-vectors", "plain", "p01_dem_i16_1201_epsg4326.flac")
    if not os.path.isfile(path):
        pytest.skip("p01 is not present")
    with open_reader(path) as reader:
        c, a, b, f, d, e = reader.meta["transform"]
        assert (c, f) == (33.999583333333334, 29.000416666666666)
        assert a == pytest.approx(1 / 1200) and e == pytest.approx(-1 / 1200) and b == d == 0
        assert reader.meta["crs"]["epsg"] == 4326
        assert reader.levels[0].tile_width == 0
        assert reader.warnings == []


def test_nodata_is_kept(shared_dir):
    path = os.path.join(shared_dir, "seed-vectors", "plain", "p05_i16_nodata_utm33n.flac")
    if not os.path.isfile(path):
        pytest.skip("p05 is not present")
    with open_reader(path) as reader:
        assert reader.meta["bands"][0]["nodata"] == -9999.0
        assert reader.meta["crs"]["epsg"] == 32633


def test_source_without_crs_loads_without_crs(shared_dir):
    path = os.path.join(shared_dir, "seed-vectors", "plain", "p10_u8_nocrs.flac")
    if not os.path.isfile(path):
        pytest.skip("p10 is not present")
    with open_reader(path) as reader:
        assert reader.meta["crs"] is None
        assert reader.info()["crs"] is None
        array, _ = reader.read_window(0, 0, 0, 128, 128)
        assert array.shape == (1, 128, 128)
        assert not any("coordinate reference" in w for w in reader.warnings)


@pytest.mark.parametrize("name, needle", [
    ("p04_u16_fullrange_utm36n.flac", "off by one"),
    ("p06_f32_unitrange.flac", "fixed-point"),
])
def test_known_lossy_files_warn(shared_dir, name, needle):
    path = os.path.join(shared_dir, "seed-vectors", "plain", name)
    if not os.path.isfile(path):
        pytest.skip(f"{name} is not present")
    with open_reader(path) as reader:
        assert any(needle in w and "not a decoding error" in w for w in reader.warnings)
        assert reader.info()["warnings"] == reader.warnings


@pytest.mark.parametrize("name", ["p01_dem_i16_1201_epsg4326.flac", "p02_rgb_u8_3band.flac",
                                  "p08_i32.flac"])
def test_exact_files_do_not_warn(shared_dir, name):
    path = os.path.join(shared_dir, "seed-vectors", "plain", name)
    if not os.path.isfile(path):
        pytest.skip(f"{name} is not present")
    with open_reader(path) as reader:
        reader.read_window(0, 0, 0, 1, 1)
        assert reader.warnings == []


def test_v010_sidecar(shared_dir, tmp_path):
    path = os.path.join(shared_dir, "seed-vectors", "legacy", "sample_rgb.flac")
    if not os.path.isfile(path):
        pytest.skip("legacy/sample_rgb.flac is not present")
    with open_reader(path) as reader:
        assert reader.format_version == "0.1.0"
        assert reader.info()["metadata_from"].endswith("sample_rgb.json")
        assert [b["colorinterp"] for b in reader.meta["bands"]] == ["red", "green", "blue"]
    # Without its sidecar the file is a FLAC without raster tags; the error says where it looked.
    lonely = tmp_path / "sample_rgb.flac"
    shutil.copyfile(path, lonely)
    with pytest.raises(NotAFlacRasterError, match="sample_rgb.json"):
        open_reader(str(lonely))


@pytest.mark.parametrize("entry", _entries("plain", "plain-legacy-sidecar"))
def test_plain_vector_flac_raster_compat_mode(entry, shared_dir):
    """The optional "what flac-raster 0.1.2 showed" mode reproduces the tool's own output."""
    path = _need(entry, shared_dir)
    if "flac_raster_decode_sha256" not in entry:
        pytest.skip("flac-raster itself could not decode this file")
    with open_reader(path) as reader:
        m = reader.meta
        ideal, _ = reader.read_window(0, 0, 0, m["width"], m["height"])
        reader.set_decode_mode("flac-raster-0.1.2")
        compat, _ = reader.read_window(0, 0, 0, m["width"], m["height"])
        assert sha(compat) == entry["flac_raster_decode_sha256"]
        assert reader.info()["decode_mode"] == "flac-raster-0.1.2"
        reader.set_decode_mode("ideal")
        again, _ = reader.read_window(0, 0, 0, m["width"], m["height"])
        assert np.array_equal(again, ideal)
        with pytest.raises(ValueError):
            reader.set_decode_mode("guess")


# -- streaming files -------------------------------------------------------------------------

@pytest.mark.parametrize("entry", _entries("streaming"))
def test_streaming_vector_tiles(entry, shared_dir):
    path = _need(entry, shared_dir)
    with open(path, "rb") as fh:
        data = fh.read()
    with open_reader(path) as reader:
        assert reader.kind == "flac-raster-0.1-streaming"
        assert reader.meta["count"] == 1 and reader.meta["bands"][0]["nodata"] is None
        info = reader.info()
        json.dumps(info)
        assert info["data_start"] == entry["data_section_start"]
        assert info["index_length"] == entry["index_length"]
        ranges = {t["id"]: t["byte_range"] for t in info["tiles"]}
        for tile in entry["tiles"]:
            start, end = ranges[tile["frame_id"]]
            assert (start, end - 1) == (tile["abs_start"], tile["abs_end_inclusive"])
            w = tile["window"]
            array, _ = reader.read_window(0, w["col_off"], w["row_off"], w["width"], w["height"])
            assert array.shape == (1, w["height"], w["width"])
            assert sha(array) == tile["ideal_decode_sha256"]
            samples = decode_samples(data[start:end], w["width"] * w["height"], 1)
            assert sha(samples.astype(np.int32)) == tile["raw_samples_sha256"]
        reader.set_decode_mode("flac-raster-0.1.2")
        for tile in entry["tiles"]:
            w = tile["window"]
            array, _ = reader.read_window(0, w["col_off"], w["row_off"], w["width"], w["height"])
            assert sha(array) == tile["flac_raster_decode_sha256"]


@pytest.mark.parametrize("entry", _entries("streaming"))
def test_streaming_window_across_tiles(entry, shared_dir):
    path = _need(entry, shared_dir)
    with open_reader(path) as full_reader:
        width, height = full_reader.meta["width"], full_reader.meta["height"]
        full, _ = full_reader.read_window(0, 0, 0, width, height)
        tile = full_reader.levels[0].tile_width
    source = CountingSource(path)
    with open_reader(source) as reader:
        source.calls.clear()
        # A window straddling the first tile corner (up to four tiles), clipped to the raster.
        col, row = max(tile - 13, 0), max(tile - 9, 0)
        w, h = min(40, width - col), min(30, height - row)
        window, _ = reader.read_window(0, col, row, w, h)
        assert np.array_equal(window, full[:, row:row + h, col:col + w])
        assert len(source.calls) == 1                      # one read_ranges for all tiles
        wanted = reader.tiles_for(col, row, w, h)
        assert sorted(source.calls[0]) == sorted((t["start"], t["size"]) for t in wanted)
        # The same window again comes from the decoded-tile cache.
        again, _ = reader.read_window(0, col, row, w, h)
        assert np.array_equal(again, window) and len(source.calls) == 1


def test_streaming_mosaic_equals_plain_decode(shared_dir):
    """t01 (tiled, tile-local stretch) and p01 (one stretch) are the same DEM, both exact."""
    base = os.path.join(shared_dir, "seed-vectors")
    tiled = os.path.join(base, "streaming", "t01_dem_i16_tile512.flac")
    plain = os.path.join(base, "plain", "p01_dem_i16_1201_epsg4326.flac")
    if not (os.path.isfile(tiled) and os.path.isfile(plain)):
        pytest.skip("t01/p01 are not present")
    with open_reader(tiled) as t, open_reader(plain) as p:
        assert t.meta["transform"] == p.meta["transform"]
        assert t.levels[0].tiles_across == 3 and t.levels[0].tile_width == 512
        a, _ = t.read_window(0, 0, 0, 1201, 1201)
        b, _ = p.read_window(0, 0, 0, 1201, 1201)
        assert np.array_equal(a, b)


def test_streaming_over_http_uses_range_reads(shared_dir, nginx_server):
    path = os.path.join(shared_dir, "seed-vectors", "streaming",
                        "t02_i16_700x500_tile256.flac")
    if not os.path.isfile(path):
        pytest.skip("t02 is not present")
    with open(path, "rb") as fh:
        data = fh.read()
    nginx_server.put("t02.flac", data)
    with open_reader(path) as local:
        expected, _ = local.read_window(0, 200, 200, 150, 100)
    nginx_server.clear_log()
    with open_source(nginx_server.url("t02.flac")) as source:
        reader = open_reader(source)
        window, _ = reader.read_window(0, 200, 200, 150, 100)
        assert np.array_equal(window, expected)
        assert "band 1" in " ".join(reader.warnings)
    entries = [e for e in nginx_server.log_entries() if e.method == "GET"]
    assert entries and all(e.status == 206 and e.range for e in entries)
    assert sum(e.body_bytes for e in entries) < len(data)  # never the whole file


def test_sidecar_is_not_fetched_for_urls(shared_dir, nginx_server):
    base = os.path.join(shared_dir, "seed-vectors", "legacy")
    if not os.path.isfile(os.path.join(base, "sample_rgb.flac")):
        pytest.skip("legacy/sample_rgb.flac is not present")
    for name in ("sample_rgb.flac", "sample_rgb.json"):
        with open(os.path.join(base, name), "rb") as fh:
            nginx_server.put(name, fh.read())
    with open_source(nginx_server.url("sample_rgb.flac")) as source:
        head = source.read_range(0, min(HEAD, source.size))
        with pytest.raises(NotAFlacRasterError, match="not fetched for URLs"):
            legacy.detect(head, source)


# -- spatial files ---------------------------------------------------------------------------

@pytest.mark.parametrize("entry", _entries("spatial"))
def test_spatial_vector_index_only(entry, shared_dir):
    path = _need(entry, shared_dir)
    with open_reader(path) as reader:
        assert reader.kind == "flac-raster-0.1-spatial"
        info = reader.info()
        json.dumps(info)
        assert info["pixels_recoverable"] is False and info["compression_ratio"] is None
        assert info["offset_delta"] == entry["offset_delta"]
        assert len(info["tiles"]) == len(entry["tiles"])
        for mine, theirs in zip(info["tiles"], entry["tiles"]):
            assert mine["id"] == theirs["frame_id"]
            assert mine["byte_range"] == [theirs["true_abs_start"],
                                          theirs["true_abs_end_exclusive"]]
            assert mine["index_byte_offset"] == theirs["index_byte_offset"]
        assert info["footprint"] == list(metadata.bounds(reader.meta))
        assert info["tile_grid"]["tiles"] >= len(entry["tiles"])
        assert any("no recoverable pixels" in w for w in reader.warnings)
        with pytest.raises(NoPixelsError, match="no recoverable pixels.*[Rr]e-convert"):
            reader.read_window(0, 0, 0, 10, 10)


@pytest.mark.parametrize("entry", _entries("spatial"))
def test_spatial_corrected_offsets_hold_flac_streams(entry, shared_dir):
    path = _need(entry, shared_dir)
    with open(path, "rb") as fh:
        data = fh.read()
    with open_reader(path) as reader:
        for tile in reader.info()["tiles"]:
            start, end = tile["byte_range"]
            assert data[start:start + 4] == b"fLaC"
            assert end <= len(data)


# -- damaged files ---------------------------------------------------------------------------

def _outcome(path):
    """Open and fully read ``path``; the only allowed failures are our two error types."""
    source = LocalFileSource(path)
    try:
        head = source.read_range(0, min(HEAD, source.size))
        reader = legacy.detect(head, source)
        if reader is None:
            return "none"
        reader.info()
        m = reader.meta
        try:
            reader.read_window(0, 0, 0, m["width"], m["height"])
        except NoPixelsError:
            pass
        return "ok"
    except (CorruptFileError, NotAFlacRasterError) as exc:
        assert str(exc)
        return type(exc).__name__
    except FlacRasterError as exc:  # pragma: no cover - reported with its type
        pytest.fail(f"unexpected {type(exc).__name__}: {exc}")
    finally:
        source.close()


@pytest.mark.parametrize("entry", _entries("plain", "streaming", "spatial"))
def test_truncated_files_raise_clear_errors(entry, shared_dir, tmp_path):
    path = _need(entry, shared_dir)
    with open(path, "rb") as fh:
        data = fh.read()
    cuts = sorted({5, 40, 300, 3000, len(data) // 2, len(data) - 1})
    for cut in cuts:
        if cut >= len(data):
            continue
        damaged = tmp_path / f"cut{cut}.flac"
        damaged.write_bytes(data[:cut])
        result = _outcome(str(damaged))
        assert result in ("CorruptFileError", "NotAFlacRasterError", "none"), (cut, result)


@pytest.mark.parametrize("entry", _entries("plain", "streaming", "spatial"))
def test_garbled_files_never_crash(entry, shared_dir, tmp_path):
    path = _need(entry, shared_dir)
    with open(path, "rb") as fh:
        data = fh.read()
    rng = np.random.default_rng(7)
    header_end = min(len(data), 5000)
    positions = list(rng.integers(0, header_end, 12)) + list(rng.integers(0, len(data), 4))
    for n, pos in enumerate(positions):
        garbled = bytearray(data)
        garbled[pos] ^= 0xFF
        damaged = tmp_path / f"flip{n}.flac"
        damaged.write_bytes(bytes(garbled))
        _outcome(str(damaged))     # success (padding, a tag value) or a clear error
