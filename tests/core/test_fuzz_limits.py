"""Absurd sizes from hostile files, under a hard memory limit.

Each case is a small file whose metadata claims something enormous (exabyte rasters, a
64 MiB index, a 256 MiB gzip bomb, 10 GB windows). The files are made here; a child process
opens and reads them with its address space limited (RLIMIT_AS = what it needs after the
imports + 1 GiB), so an allocation sized by an untrusted number fails the test instead of
going unnoticed on a machine with plenty of RAM. Every case must end in a documented
exception (TooLargeError included), never MemoryError, and leave no output behind.
"""

import base64
import gzip
import json
import os
import subprocess
import sys
import textwrap
import zlib

import numpy as np
import pytest

from flac_raster_qgis.core.formats import container
from flac_raster_qgis.core import create_streaming, raster_to_flac
from flac_raster_qgis.core.raster.tiling import Grid, pyramid_sizes
from tests.core.test_legacy_generated import TRANSFORM, flac_stream, plain_tags, spatial_file
from tests.rasters import fractal_dem, write_raster
from tests.reliability_report import record

pytestmark = pytest.mark.timeout(300)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEADROOM = 1 << 30


# -- the hostile files ------------------------------------------------------------------------

def plain_claiming(tmp_path, width, height):
    """Our plain format, tags rewritten (checksum recomputed) to claim width x height."""
    from tests.core.test_fuzz_plain import load_tag, set_tags
    src = write_raster(tmp_path / "p.tif", fractal_dem(32, 24))
    path = tmp_path / f"plain_{width}x{height}.flac"
    raster_to_flac(str(src), str(path))
    meta = load_tag(path, "FLACRASTER_RASTER")
    meta.update(width=width, height=height)
    set_tags(path, raster=json.dumps(meta))
    return path


def container_claiming(tmp_path, across, down):
    """A container of across x down 4096-px tiles (42 zero bytes each, valid CRCs): a
    5-gigapixel level 0 in a few KB."""
    src = write_raster(tmp_path / "c.tif", fractal_dem(40, 40))
    good = tmp_path / "good.flac"
    create_streaming(str(src), str(good), tile_size=16, overviews=False)
    raw = good.read_bytes()
    header = container.unpack_header(raw, len(raw))
    index = json.loads(zlib.decompress(raw[header.index_offset:
                                           header.index_offset + header.index_length]))
    width, height = across * 4096, down * 4096
    index["raster"].update(width=width, height=height)
    index.update(tile_width=4096, tile_height=4096)
    assert pyramid_sizes(width, height, 4096)[0] == (width, height)
    n = Grid(width, height, 4096, 4096).count
    level = dict(index["levels"][0], width=width, height=height,
                 offsets=[i * 42 for i in range(n)], lengths=[42] * n,
                 crc32=[zlib.crc32(bytes(42))] * n,
                 specs=[0] * n)
    index["levels"] = [level]
    packed, raw_length = container.pack_index(index)
    data = bytes(42 * n)
    new = container.Header(index["version"], 64, len(packed), raw_length, 64 + len(packed),
                           len(data),
                           zlib.crc32(packed))
    path = tmp_path / f"container_{width}x{height}.flac"
    path.write_bytes(container.pack_header(new) + packed + data)
    return path


def container_index_bomb(tmp_path):
    """An index that inflates to exactly the 64 MiB bound (all blanks): bounded, refused."""
    blank = zlib.compressobj(9)
    packed = b"".join(blank.compress(b" " * (1 << 20)) for _ in range(64)) + blank.flush()
    header = container.Header(1, 64, len(packed), container.MAX_INDEX_BYTES, 64 + len(packed),
                              0, zlib.crc32(packed))
    path = tmp_path / "container_index_bomb.flac"
    path.write_bytes(container.pack_header(header) + packed)
    return path


def legacy_streaming_claiming(tmp_path, side):
    """flac-raster 0.1.x streaming: one tile whose index and tags claim side x side pixels."""
    samples = np.zeros((64, 1), np.int16)
    tags = plain_tags(np.zeros((1, 8, 8), np.int16), TRANSFORM)
    tags.update(GEOSPATIAL_WIDTH=str(side), GEOSPATIAL_HEIGHT=str(side))
    tile = flac_stream(samples, 16, tags)
    index = json.dumps({"crs": "EPSG:4326", "transform": TRANSFORM, "width": side,
                        "height": side, "tile_size": side, "frames": [
                            {"frame_id": 0, "window": {"col_off": 0, "row_off": 0,
                                                       "width": side, "height": side},
                             "byte_offset": 0, "byte_size": len(tile)}]},
                       separators=(",", ":")).encode()
    path = tmp_path / f"legacy_streaming_{side}.flac"
    path.write_bytes(len(index).to_bytes(4, "big") + index + tile)
    return path


def legacy_plain_claiming(tmp_path, side, count):
    tags = plain_tags(np.zeros((1, 8, 8), np.int16), TRANSFORM)
    tags.update(GEOSPATIAL_WIDTH=str(side), GEOSPATIAL_HEIGHT=str(side),
                GEOSPATIAL_COUNT=str(count))
    path = tmp_path / f"legacy_plain_{side}x{count}.flac"
    path.write_bytes(flac_stream(np.zeros((64, count), np.int16), 16, tags))
    return path


def spatial_gzip_bomb(tmp_path):
    """A --spatial file whose base64(gzip) index inflates to 256 MiB (4x the bound)."""
    gz = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    packed = b"".join(gz.compress(b"\0" * (1 << 20)) for _ in range(256)) + gz.flush()
    data, _ = spatial_file(20, 20, 16, TRANSFORM, index_text=base64.b64encode(packed).decode())
    path = tmp_path / "spatial_gzip_bomb.flac"
    path.write_bytes(data)
    return path


# -- the child process ------------------------------------------------------------------------

CHILD = textwrap.dedent("""
    import json, os, resource, sys
    sys.path.insert(0, {root!r})
    import numpy, rasterio
    from flac_raster_qgis.core import flac_to_raster, open_flac
    from flac_raster_qgis.core.errors import FlacRasterError
    with open("/proc/self/status") as fh:
        vm = next(int(l.split()[1]) * 1024 for l in fh if l.startswith("VmSize:"))
    limit = vm + {headroom}
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    results = {{}}
    for path in sys.argv[1:]:
        outcome = []
        for step in ("open+read", "convert"):
            out = path + ".tif"
            try:
                if step == "open+read":
                    with open_flac(path) as reader:
                        lv = reader.levels[0]
                        reader.read_window(0, 0, 0, lv.width, lv.height)
                else:
                    flac_to_raster(path, out)
                outcome.append("no error")
            except FlacRasterError as exc:
                outcome.append(type(exc).__name__ + ": " + str(exc)[:160])
            except BaseException as exc:
                outcome.append("UNEXPECTED " + type(exc).__name__ + ": " + str(exc)[:160])
            outcome.append(os.path.exists(out))
        results[os.path.basename(path)] = outcome
    print(json.dumps(results))
""")


def test_absurd_sizes_under_a_memory_limit(tmp_path):
    cases = {
        plain_claiming(tmp_path, 2 ** 30, 2 ** 30): "CorruptFileError",
        plain_claiming(tmp_path, 100_000, 100_000): "CorruptFileError",
        plain_claiming(tmp_path, 2 ** 31, 1): "CorruptFileError",
        container_claiming(tmp_path, 300, 1): "TooLargeError",
        container_index_bomb(tmp_path): "CorruptFileError",
        legacy_streaming_claiming(tmp_path, 2 ** 24): "CorruptFileError",
        legacy_streaming_claiming(tmp_path, 46_000): "CorruptFileError",  # tiles decode first
        legacy_plain_claiming(tmp_path, 2 ** 24, 8): "CorruptFileError",
        spatial_gzip_bomb(tmp_path): "CorruptFileError",
    }
    env = dict(os.environ, MALLOC_ARENA_MAX="2", OMP_NUM_THREADS="1")
    proc = subprocess.run(
        [sys.executable, "-c", CHILD.format(root=ROOT, headroom=HEADROOM)]
        + [str(p) for p in cases], capture_output=True, text=True, env=env, timeout=240)
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(proc.stdout.strip().splitlines()[-1])
    for path, expected in cases.items():
        read, read_out, convert, convert_out = results[path.name]
        assert not read_out and not convert_out                  # no output file
        assert read.startswith(expected), (path.name, read)       # documented, not MemoryError
        # FlacRasterError itself: GDAL refused to create such a GeoTIFF (core/raster/geotiff.py)
        assert convert.split(":")[0] in ("CorruptFileError", "TooLargeError", "NoPixelsError",
                                         "ChecksumMismatchError", "FlacRasterError"), \
            (path.name, convert)
        record("memory bound (RLIMIT_AS = imports + 1 GiB)",
               f"{path.name} ({path.stat().st_size} bytes)", 2,
               f"read: {read.split(':')[0]}; export: {convert.split(':')[0]}; no output")
    leftovers = [n for n in os.listdir(tmp_path) if ".part" in n or n.endswith(".tif")
                 and n not in ("p.tif", "c.tif")]
    assert leftovers == []
