"""Issue 13, items 2-4: declared sizes that would cost memory are refused before allocation.

Each file is made here (valid checksums, sparse where it claims gigabytes); a child process
opens and reads it under ``tracemalloc``, so the assertion is on what Python and numpy really
allocated (peak), not on timings.
"""

import json
import os
import struct
import subprocess
import sys
import textwrap
import zlib

import pytest

from flac_raster_qgis.core.formats import container
from flac_raster_qgis.core import create_streaming, raster_to_flac
from tests.rasters import fractal_dem, write_raster
from tests.reliability_report import record

pytestmark = pytest.mark.timeout(300)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MiB = 1 << 20

CHILD = textwrap.dedent("""
    import json, sys, tracemalloc
    sys.path.insert(0, {root!r})
    import numpy, rasterio
    from flac_raster_qgis.core import open_flac
    from flac_raster_qgis.core.errors import FlacRasterError
    path = sys.argv[1]
    tracemalloc.start()
    try:
        with open_flac(path) as reader:
            reader.read_window(0, 0, 0, 16, 16)
        outcome = "no error"
    except FlacRasterError as exc:
        outcome = type(exc).__name__ + ": " + str(exc)
    except BaseException as exc:
        outcome = "UNEXPECTED " + type(exc).__name__ + ": " + str(exc)
    print(json.dumps([outcome[:300], tracemalloc.get_traced_memory()[1]]))
""")


def open_and_read(path):
    """(outcome, peak bytes traced) of opening ``path`` and reading a 16x16 window."""
    proc = subprocess.run([sys.executable, "-c", CHILD.format(root=ROOT), str(path)],
                          capture_output=True, text=True, timeout=240,
                          env=dict(os.environ, OMP_NUM_THREADS="1"))
    assert proc.returncode == 0, proc.stderr[-3000:]
    outcome, peak = json.loads(proc.stdout.strip().splitlines()[-1])
    return outcome, peak


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """A genuine one-tile streaming file (40x40 int16 in a 4096 tile) and its parts."""
    folder = tmp_path_factory.mktemp("good")
    src = write_raster(folder / "src.tif", fractal_dem(40, 40))
    path = folder / "good.flac"
    create_streaming(str(src), str(path), tile_size=4096, overviews=False)
    raw = path.read_bytes()
    header = container.unpack_header(raw, len(raw))
    index = json.loads(zlib.decompress(raw[header.index_offset:
                                           header.index_offset + header.index_length]))
    return {"raw": raw, "header": header, "index": index}


def crafted(path, index, tile_length):
    """A container with ``index`` whose only tile declares ``tile_length`` bytes: the tile
    data section is that long but sparse (a few KB on disk), checksums valid."""
    index["levels"][0]["lengths"] = [tile_length]
    index["levels"][0]["offsets"] = [0]
    packed, raw_length = container.pack_index(index)
    header = container.Header(index["version"], 64, len(packed), raw_length, 64 + len(packed),
                              tile_length, zlib.crc32(packed))
    with open(path, "wb") as fh:
        fh.write(container.pack_header(header) + packed)
        fh.truncate(64 + len(packed) + tile_length)
    return path


def many_bands(index, count):
    """The same index with ``count`` copies of its band (raster metadata and stream)."""
    index = json.loads(json.dumps(index))
    raster = index["raster"]
    raster["bands"] = raster["bands"] * count
    raster["count"] = count
    for spec in index["specs"]:
        spec["bands"] = spec["bands"] * count
        spec["layout"] = "sequential"
    return index


def test_tile_length_bounded_by_its_verbatim_size(tmp_path, good):
    """One int16 band in a 4096 tile: verbatim FLAC needs ~61 MB; 150 MB used to be read
    (and buffered) before the checksum said no."""
    from flac_raster_qgis.core.codec.blockcodec import max_stream_bytes
    spec = container.Index.parse(good["index"], good["header"]).levels[0].tiles[0].spec
    bound = max_stream_bytes(spec, 4096, 4096)
    assert bound < 64 * MiB
    path = crafted(tmp_path / "long_tile.flac", json.loads(json.dumps(good["index"])),
                   150 * MiB)
    outcome, peak = open_and_read(path)
    assert outcome.startswith("CorruptFileError") and "implausible length" in outcome, outcome
    assert peak < 16 * MiB, peak
    record("memory bound (tracemalloc)", "container tile declaring 150 MB (1 int16 band, "
           "4096 tile; sparse file)", 1, f"CorruptFileError at open; peak {peak / MiB:.1f} MiB")


def test_tile_bound_does_not_grow_with_the_band_count(tmp_path, good):
    """5000 bands used to allow 671 GB per tile: a 1 GB tile was read for a 16x16 window."""
    path = crafted(tmp_path / "wide.flac", many_bands(good["index"], 5000), 1 << 30)
    outcome, peak = open_and_read(path)
    assert outcome.startswith("CorruptFileError") and "more samples" in outcome, outcome
    assert peak < 64 * MiB, peak
    record("memory bound (tracemalloc)", "container of 5000 bands, one tile declaring 1 GiB "
           "(sparse file)", 1, f"CorruptFileError at open; peak {peak / MiB:.1f} MiB")


def test_writer_refuses_tiles_beyond_the_sample_bound(tmp_path):
    from flac_raster_qgis.core.errors import UnsupportedRasterError
    import numpy as np
    src = write_raster(tmp_path / "bands.tif", np.zeros((40, 16, 16), np.int16))
    with pytest.raises(UnsupportedRasterError, match="use a tile size of"):
        create_streaming(str(src), str(tmp_path / "o.flac"), tile_size=4096)
    assert sorted(os.listdir(tmp_path)) == ["bands.tif"]


def test_many_tiles_are_read_in_bounded_batches(tmp_path, monkeypatch):
    """A window over many tiles: each read_ranges call asks for at most the batch budget."""
    from flac_raster_qgis.core.formats import container_reader as containerreader
    from flac_raster_qgis.core import open_flac
    import numpy as np
    src = write_raster(tmp_path / "s.tif", fractal_dem(256, 256))
    path = tmp_path / "s.flac"
    create_streaming(str(src), str(path), tile_size=16, overviews=False)
    monkeypatch.setattr(containerreader, "READ_BATCH_BYTES", 4000)
    with open_flac(str(path)) as reader:
        calls = []
        original = reader.source.read_ranges

        def spy(ranges, feedback=None, crc32=None):
            calls.append(sum(n for _, n in ranges))
            return original(ranges, feedback=feedback, crc32=crc32)
        reader.source.read_ranges = spy
        arrays, _ = reader.read_window(0, 0, 0, 256, 256)
    with __import__("rasterio").open(src) as ds:
        assert np.array_equal(arrays, ds.read())
    assert len(calls) > 1 and max(calls) <= 4000 + max(
        t.length for t in reader.index.levels[0].tiles)


def padded_index_file(path, good, megabytes):
    """A genuine index whose writer field is nested empty lists, padded to ``megabytes``."""
    text = json.dumps(dict(good["index"], writer="@"), separators=(",", ":"))
    fill = megabytes * MiB - len(text)
    pad = "[" + ",".join(["[[]]"] * (fill // 5)) + "]"
    raw = text.replace('"@"', pad).encode()
    packed = zlib.compress(raw, 9)
    h = good["header"]
    data = good["raw"][h.data_offset:h.data_offset + h.data_length]
    new = container.Header(h.version, 64, len(packed), len(raw), 64 + len(packed), len(data),
                           zlib.crc32(packed))
    path.write_bytes(container.pack_header(new) + packed + data)
    return path


def test_padded_index_is_refused_without_amplification(tmp_path, good):
    """An index of nested empty lists inflating to 60 MiB from a few hundred KB used to take
    10.7 s and 1.7 GB to open."""
    path = padded_index_file(tmp_path / "padded.flac", good, 60)
    size = path.stat().st_size
    assert size < 1 * MiB
    outcome, peak = open_and_read(path)
    assert outcome.startswith("CorruptFileError") and "padding" in outcome, outcome
    assert peak < 200 * MiB, peak     # the 60 MiB text itself and one bracket-only copy
    record("memory bound (tracemalloc)", f"index of nested empty lists inflating to 60 MiB "
           f"({size // 1024} KB file)", 1, f"CorruptFileError; peak {peak / MiB:.0f} MiB")


def test_genuine_structure_passes_the_container_bound():
    """A 65536-entry palette and many-band metadata are far from the container bound."""
    from flac_raster_qgis.core.formats import safejson
    palette = {str(i): [i % 256, 0, 0, 255] for i in range(65536)}
    bands = [{"nodata": None, "description": None, "tags": {"": {}}, "colormap": None}
             for _ in range(65535)]
    for obj in (palette, bands, {"a": '[[[{"' * 1000}):
        assert safejson.loads(json.dumps(obj), "test") == obj


def plain_with_comment(path, vendor_length, file_size):
    """Our plain file with its VORBIS_COMMENT replaced by one whose vendor string declares
    ``vendor_length`` bytes; the file is extended (sparse) to ``file_size``."""
    src = write_raster(path.with_suffix(".tif"), fractal_dem(16, 16))
    raster_to_flac(str(src), str(path))
    raw = path.read_bytes()
    pos, blocks = 4, []
    while True:
        kind, length = raw[pos] & 0x7F, int.from_bytes(raw[pos + 1:pos + 4], "big")
        last = raw[pos] & 0x80
        blocks.append((kind, raw[pos + 4:pos + 4 + length]))
        pos += 4 + length
        if last:
            break
    audio = raw[pos:]
    comment = struct.pack("<I", vendor_length) + b"x" * 64
    out = b"fLaC"
    blocks = [b for b in blocks if b[0] != 4] + [(4, comment)]
    for i, (kind, body) in enumerate(blocks):
        flag = 0x80 if i == len(blocks) - 1 else 0
        out += bytes([kind | flag]) + len(body).to_bytes(3, "big") + body
    with open(path, "wb") as fh:
        fh.write(out + audio)
        fh.truncate(max(file_size, len(out) + len(audio)))
    return path


def test_plain_comment_lengths_checked_before_mutagen(tmp_path):
    """A VORBIS_COMMENT whose vendor string declares 600 MB (sparse 700 MB file): mutagen
    used to read it all (2.9 GB peak for 1.5 GB) before saying no."""
    path = plain_with_comment(tmp_path / "comment.flac", 600 * MiB, 700 * MiB)
    outcome, peak = open_and_read(path)
    assert outcome.startswith("CorruptFileError"), outcome
    assert peak < 16 * MiB, peak
    record("memory bound (tracemalloc)", "plain file: VORBIS_COMMENT string declaring 600 MB "
           "(sparse file)", 1, f"CorruptFileError before mutagen; peak {peak / MiB:.1f} MiB")


def test_metadata_block_beyond_the_file_is_refused(tmp_path):
    from flac_raster_qgis.core import open_flac
    from flac_raster_qgis.core.errors import CorruptFileError
    path = plain_with_comment(tmp_path / "short.flac", 10, 0)
    raw = bytearray(path.read_bytes())
    pos = 4
    while not raw[pos] & 0x80:                       # the last block: make it huge
        pos += 4 + int.from_bytes(raw[pos + 1:pos + 4], "big")
    raw[pos + 1:pos + 4] = (0xFFFFFF).to_bytes(3, "big")
    path.write_bytes(bytes(raw))
    with pytest.raises(CorruptFileError, match="beyond the end of the file"):
        open_flac(str(path))
