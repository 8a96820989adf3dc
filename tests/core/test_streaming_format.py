"""The container on disk: standard FLAC tiles, overhead, hostile files, cancellation."""

import json
import os
import shutil
import struct
import subprocess
import zlib

import numpy as np
import pytest

from flac_raster_qgis.core.formats import container
from flac_raster_qgis.core import create_streaming, flac_to_raster, open_flac
from flac_raster_qgis.core.errors import (CancelledError, ChecksumMismatchError,
                                          CorruptFileError, NotAFlacRasterError)
from flac_raster_qgis.core.feedback import Feedback
from tests.rasters import fractal_dem, write_raster


@pytest.fixture
def small(tmp_path):
    data = fractal_dem(80, 70, seed=5)
    src = write_raster(tmp_path / "src.tif", data)
    flac = tmp_path / "s.flac"
    create_streaming(str(src), str(flac), tile_size=32, predictor="none")
    return data, flac


def flac_metadata_length(stream):
    """Bytes of 'fLaC' + metadata blocks before the first audio frame."""
    assert stream[:4] == b"fLaC"
    pos = 4
    while True:
        head = stream[pos]
        length = int.from_bytes(stream[pos + 1:pos + 4], "big")
        pos += 4 + length
        if head & 0x80:
            return pos


def test_header_and_index_fit_in_the_first_read(small):
    _, flac = small
    raw = flac.read_bytes()
    assert raw[:8] == container.MAGIC
    header = container.unpack_header(raw[:container.FIRST_READ], len(raw))
    assert header.index_offset == container.HEADER_SIZE == 64
    assert header.index_offset + header.index_length <= container.FIRST_READ
    with open_flac(str(flac)) as reader:
        assert reader.source.stats.requests == 1           # open = one read


@pytest.mark.skipif(shutil.which("flac") is None, reason="the reference flac tool is missing")
def test_reference_flac_decodes_a_tile_sliced_from_the_container(small, tmp_path):
    data, flac = small
    with open_flac(str(flac)) as reader:
        entry = reader.index.levels[0].tiles[2]           # tile row 0, column 2 (a 6-wide edge)
        spec = entry.spec
        assert spec.predictor == "none" and spec.encodings[0].offset == 0 and spec.bits == 16
    raw = flac.read_bytes()
    tile = tmp_path / "tile.flac"
    tile.write_bytes(raw[entry.offset:entry.offset + entry.length])
    subprocess.run(["flac", "-s", "-t", str(tile)], check=True)
    out = tmp_path / "tile.raw"
    subprocess.run(["flac", "-s", "-d", "--force-raw-format", "--endian=little", "--sign=signed",
                    "-o", str(out), str(tile)], check=True)
    samples = np.frombuffer(out.read_bytes(), dtype="<i2").reshape(32, 6)
    assert np.array_equal(samples, data[0:32, 64:70])


def test_overhead_below_half_a_percent_at_512_tiles(tmp_path):
    src = write_raster(tmp_path / "dem.tif", fractal_dem(2048, 2048, seed=11))
    flac = tmp_path / "dem.flac"
    create_streaming(str(src), str(flac), tile_size=512)
    raw = flac.read_bytes()
    with open_flac(str(flac)) as reader:
        header = reader.header
        tiles = [t for lv in reader.index.levels for t in lv.tiles]
    flac_headers = sum(flac_metadata_length(raw[t.offset:t.offset + t.length]) for t in tiles)
    overhead = header.data_offset + flac_headers
    payload = len(raw) - overhead
    assert overhead / payload < 0.005, (overhead, payload)


def rewrite_index(flac, edit):
    """Re-pack a file with an edited index (valid checksums: only the content is hostile)."""
    raw = flac.read_bytes()
    header = container.unpack_header(raw, len(raw))
    packed = raw[header.index_offset:header.index_offset + header.index_length]
    index = json.loads(zlib.decompress(packed))
    edit(index)
    new_packed, raw_length = container.pack_index(index)
    data = raw[header.data_offset:header.data_offset + header.data_length]
    new_header = container.Header(index["version"], 64, len(new_packed), raw_length,
                                  64 + len(new_packed),
                                  len(data), zlib.crc32(new_packed))
    flac.write_bytes(container.pack_header(new_header) + new_packed + data)


@pytest.mark.parametrize("edit, message", [
    (lambda ix: ix["levels"][0]["offsets"].__setitem__(1, ix["levels"][0]["offsets"][0]),
     "overlap"),
    (lambda ix: ix["levels"][0]["offsets"].__setitem__(0, 10 ** 12), "outside the tile data"),
    (lambda ix: ix["levels"][0]["lengths"].__setitem__(0, -5), "implausible length"),
    (lambda ix: ix["levels"][0]["lengths"].pop(), "exactly"),
    (lambda ix: ix["levels"][0]["specs"].__setitem__(0, 7), "stream description"),
    (lambda ix: ix.__setitem__("tile_width", 7), "tile size"),
    (lambda ix: ix["levels"][1].__setitem__("width", 10 ** 9), "level 1 must be"),
    (lambda ix: ix["raster"].__setitem__("count", 10 ** 9), "metadata"),
    (lambda ix: ix["levels"].extend(ix["levels"] * 40), "level list"),
    (lambda ix: ix["specs"][0]["bands"][0].__setitem__("repr", "bogus"), "encoding"),
])
def test_hostile_index_values_are_rejected(small, edit, message):
    _, flac = small
    rewrite_index(flac, edit)
    with pytest.raises(CorruptFileError, match=message):
        open_flac(str(flac))


def test_damaged_bytes_give_clear_errors(small, tmp_path):
    _, flac = small
    good = flac.read_bytes()
    header = container.unpack_header(good, len(good))

    def damaged(pos):
        bad = bytearray(good)
        bad[pos] ^= 0x40
        path = tmp_path / f"bad{pos}.flac"
        path.write_bytes(bytes(bad))
        return str(path)

    with pytest.raises(CorruptFileError, match="header"):
        open_flac(damaged(20))
    with pytest.raises(CorruptFileError, match="index"):
        open_flac(damaged(header.index_offset + 10))
    with open_flac(damaged(header.data_offset + header.data_length - 30)) as reader:
        reader.read(level=len(reader.levels) - 1)          # the damage is not in this level
        with pytest.raises(ChecksumMismatchError, match="level 0"):
            reader.read()
    truncated = tmp_path / "truncated.flac"
    truncated.write_bytes(good[:len(good) - 100])
    with pytest.raises(CorruptFileError, match="truncated"):
        open_flac(str(truncated))
    newer = bytearray(good)
    newer[8:10] = struct.pack("<H", container.VERSION + 1)
    newer[60:64] = struct.pack("<I", zlib.crc32(bytes(newer[:60])))
    path = tmp_path / "newer.flac"
    path.write_bytes(bytes(newer))
    with pytest.raises(NotAFlacRasterError, match=f"version {container.VERSION + 1}"):
        open_flac(str(path))
    junk = tmp_path / "junk.flac"
    junk.write_bytes(b"GIF89a" + bytes(100))
    with pytest.raises(NotAFlacRasterError):
        open_flac(str(junk))


def test_index_size_lies_are_bounded(small, tmp_path):
    _, flac = small
    raw = flac.read_bytes()
    header = container.unpack_header(raw, len(raw))
    packed = raw[header.index_offset:header.index_offset + header.index_length]

    def with_raw_length(value):
        h = container.Header(header.version, header.index_offset, header.index_length, value,
                             header.data_offset, header.data_length, zlib.crc32(packed))
        path = tmp_path / f"len{value}.flac"
        path.write_bytes(container.pack_header(h) + raw[64:])
        return str(path)

    with pytest.raises(CorruptFileError, match="declared size"):
        open_flac(with_raw_length(header.index_raw_length - 1))   # a "bomb": inflates further
    with pytest.raises(CorruptFileError, match="MiB"):
        open_flac(with_raw_length(container.MAX_INDEX_BYTES + 1))


def test_cancel_leaves_no_file(tmp_path):
    src = write_raster(tmp_path / "src.tif", fractal_dem(200, 200))
    checks = {"n": 0}

    def cancelled():
        checks["n"] += 1
        return checks["n"] > 5

    before = set(os.listdir(tmp_path))
    with pytest.raises(CancelledError):
        create_streaming(str(src), str(tmp_path / "c.flac"), tile_size=16,
                         feedback=Feedback(cancelled=cancelled))
    assert set(os.listdir(tmp_path)) == before
    flac = tmp_path / "ok.flac"
    create_streaming(str(src), str(flac), tile_size=16)
    checks["n"] = 0
    before = set(os.listdir(tmp_path))
    with pytest.raises(CancelledError):
        flac_to_raster(str(flac), str(tmp_path / "back.tif"),
                       feedback=Feedback(cancelled=cancelled))
    assert set(os.listdir(tmp_path)) == before


def test_progress_reaches_one(tmp_path):
    src = write_raster(tmp_path / "src.tif", fractal_dem(50, 50))
    seen = []
    create_streaming(str(src), str(tmp_path / "p.flac"), tile_size=16,
                     feedback=Feedback(progress=seen.append))
    assert seen == sorted(seen) and seen[-1] == 1.0
