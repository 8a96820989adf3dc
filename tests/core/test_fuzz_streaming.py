"""Fuzzing the streaming container reader: truncation, bit flips, random bytes and hostile
indexes built by hypothesis strategies.

Damage (truncation, flips, random bytes) must end in a documented exception or the exact
pixels of every level; hostile indexes whose checksums were recomputed (what an attacker
would do) must end in a documented exception or a well-formed read; memory stays bounded
(tests/fuzzing.py) and nothing hangs (pytest-timeout, hypothesis deadline).
"""

import json
import math
import os
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flac_raster_qgis.core.formats import container
from flac_raster_qgis.core import create_streaming, flac_to_raster, open_flac
from flac_raster_qgis.core.errors import CorruptFileError, FlacRasterError
from tests.fuzzing import ALLOWED, classify, fuzz_settings, fuzz_timeout
from tests.rasters import fractal_dem, write_raster

READER = "streaming container"


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """A 2-band 70x60 container in 16-px tiles with overviews, and every level's pixels.

    The left half is blocks of equal values, so the file holds every kind of tile: plain,
    run-length and interp (format version 2), which the campaigns below then damage."""
    import numpy as np
    tmp = tmp_path_factory.mktemp("fuzz_streaming")
    data = np.stack([fractal_dem(70, 60, seed=5), fractal_dem(70, 60, seed=6)])
    blocks = np.random.default_rng(1).integers(0, 50, size=(2, 8, 4))
    data[:, :, :32] = np.repeat(np.repeat(blocks, 10, axis=1), 8, axis=2)[:, :70, :32]
    src = write_raster(tmp / "src.tif", data)
    flac = tmp / "good.flac"
    create_streaming(str(src), str(flac), tile_size=16)
    raw = flac.read_bytes()
    expected = read_levels(flac)
    assert expected[0].tobytes() == data.tobytes()
    header = container.unpack_header(raw, len(raw))
    packed = raw[header.index_offset:header.index_offset + header.index_length]
    index = json.loads(zlib.decompress(packed))
    kinds = {(s["predictor"], s.get("runs", "none")) for s in index["specs"]}
    assert {("vdiff", "rle"), ("interp", "none")} <= kinds, kinds
    return {"raw": raw, "expected": expected, "header": header, "index": index, "tmp": tmp}


def read_levels(path):
    """Every level, whole, as a list of arrays (pixels, then the mask when there is one)."""
    out = []
    with open_flac(str(path)) as reader:
        for k, lv in enumerate(reader.levels):
            arrays, mask = reader.read_window(k, 0, 0, lv.width, lv.height)
            out.append(arrays)
            if mask is not None:
                out.append(mask)
    return out


def attempt(tmp_path, data, good_files, case, exact=True):
    path = tmp_path / "case.flac"
    path.write_bytes(data)
    return classify(READER, case, lambda: read_levels(path), good_files["expected"],
                    exact=exact)


def regions(good_files):
    h = good_files["header"]
    return {"header": (0, container.HEADER_SIZE),
            "index": (h.index_offset, h.index_offset + h.index_length),
            "tiles": (h.data_offset, h.data_offset + h.data_length)}


def position(draw, good_files):
    name = draw(st.sampled_from(["header", "index", "tiles"]))
    lo, hi = regions(good_files)[name]
    return name, draw(st.integers(lo, hi - 1))


# -- damage -----------------------------------------------------------------------------------

@fuzz_timeout()
@fuzz_settings()
@given(data=st.data())
def test_truncated_in_every_region(tmp_path, good, data):
    _, cut = position(data.draw, good)
    outcome = attempt(tmp_path, good["raw"][:cut], good, "truncated (header/index/tiles)")
    assert outcome in ("NotAFlacRasterError", "CorruptFileError")


@fuzz_timeout()
@fuzz_settings()
@given(data=st.data())
def test_bit_flips_in_every_region(tmp_path, good, data):
    region, pos = position(data.draw, good)
    bit = data.draw(st.integers(0, 7))
    buf = bytearray(good["raw"])
    buf[pos] ^= 1 << bit
    attempt(tmp_path, bytes(buf), good, f"bit flip in the {region}")


@fuzz_timeout()
@fuzz_settings()
@given(data=st.data())
def test_overwritten_runs(tmp_path, good, data):
    """A run of random bytes written over the file (a bad sector, a botched copy)."""
    region, pos = position(data.draw, good)
    junk = data.draw(st.binary(min_size=1, max_size=64))
    buf = bytearray(good["raw"])
    buf[pos:pos + len(junk)] = junk
    buf = bytes(buf[:len(good["raw"])])
    if buf != good["raw"]:
        attempt(tmp_path, buf, good, f"random bytes over the {region}")


@fuzz_timeout()
@fuzz_settings()
@given(blob=st.binary(max_size=4096))
def test_random_bytes_after_the_signature(tmp_path, good, blob):
    outcome = attempt(tmp_path, container.MAGIC + blob, good, "signature + random bytes")
    assert outcome in ("NotAFlacRasterError", "CorruptFileError")


HEADER_FIELDS = st.integers(0, 2 ** 64 - 1) | st.integers(0, 1 << 20) | st.sampled_from(
    [0, 1, 63, 64, 65, 2 ** 31, 2 ** 32 - 1, 2 ** 63])


@fuzz_timeout()
@fuzz_settings()
@given(version=st.integers(0, 3), index_offset=HEADER_FIELDS, index_length=HEADER_FIELDS,
       raw_length=HEADER_FIELDS, data_offset=HEADER_FIELDS, data_length=HEADER_FIELDS,
       tail=st.binary(max_size=2048))
def test_random_header_with_valid_checksum(tmp_path, good, version, index_offset, index_length,
                                           raw_length, data_offset, data_length, tail):
    """Absurd offsets and lengths behind a correct header CRC: rejected before any use."""
    fields = (version, index_offset, index_length, raw_length, data_offset, data_length)
    header = container.Header(*fields, index_crc32=zlib.crc32(tail))
    outcome = attempt(tmp_path, container.pack_header(header) + tail, good,
                      "valid header CRC, absurd offsets/lengths")
    assert outcome in ("NotAFlacRasterError", "CorruptFileError")


# -- hostile indexes (checksums recomputed: only the content is hostile) ----------------------

def nested(depth, leaf=0):
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


HOSTILE_VALUES = st.one_of(
    st.sampled_from([None, True, False, "", "nan", "inf", "-inf", -1, 0, 1, 7, 15, 16, 4096,
                     2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53 + 1, 2 ** 63, -2 ** 63, 2 ** 64,
                     10 ** 30, 1e308, -1e308, 0.5, float("nan"), float("inf"),
                     "complex64", "object", "int128", "float16", "bool", "S10", "<i2",
                     "../../etc/passwd", "/vsicurl/http://127.0.0.1:9/x", [], {}]),
    st.integers(), st.floats(), st.text(max_size=12),
    st.lists(st.integers(-5, 5), max_size=6),
    st.dictionaries(st.text(max_size=6), st.integers(), max_size=3),
    st.integers(1, 200).map(nested),
)


def leaf_paths(obj, prefix=()):
    if isinstance(obj, dict):
        items = obj.items()
    elif isinstance(obj, list):
        items = enumerate(obj)
    else:
        return [prefix]
    out = [prefix] if prefix else []
    for key, value in items:
        out.extend(leaf_paths(value, prefix + (key,)))
    return out


def set_path(obj, path, value):
    for key in path[:-1]:
        obj = obj[key]
    obj[path[-1]] = value


def get_path(obj, path):
    for key in path:
        obj = obj[key]
    return obj


@st.composite
def hostile_index(draw, index, where=()):
    """The good index with 1-4 edits: hostile values, nudged integers, swapped tile entries."""
    index = json.loads(json.dumps(index))
    root = get_path(index, where)
    paths = leaf_paths(root, where)
    edits = []
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(paths))
        try:
            old = get_path(index, path)
        except (KeyError, IndexError, TypeError):
            continue                             # an earlier edit removed it
        kind = draw(st.sampled_from(["value", "nudge", "copy"]))
        if kind == "nudge" and isinstance(old, int) and not isinstance(old, bool):
            new = old + draw(st.integers(-70, 70))
        elif kind == "copy" and isinstance(path[-1], int):
            siblings = get_path(index, path[:-1])
            new = siblings[draw(st.integers(0, len(siblings) - 1))]   # overlap / duplicate
        else:
            new = draw(HOSTILE_VALUES)
        try:
            set_path(index, path, new)
        except TypeError:                        # an earlier edit made the parent a string
            continue
        edits.append("/".join(map(str, path)))
    return index, edits


def repack(good_files, index):
    """A file with ``index`` (hostile JSON allowed: NaN, huge numbers) and valid CRCs."""
    raw = good_files["raw"]
    h = good_files["header"]
    text = index if isinstance(index, bytes) else \
        json.dumps(index, separators=(",", ":"), allow_nan=True).encode()
    packed = zlib.compress(text, 6)
    data = raw[h.data_offset:h.data_offset + h.data_length]
    new = container.Header(h.version, 64, len(packed), len(text), 64 + len(packed), len(data),
                           zlib.crc32(packed))
    return container.pack_header(new) + packed + data


@pytest.fixture(scope="module")
def good_index(good):
    return good["index"]


def _hostile_test(where, case, scale=1.0):
    @fuzz_timeout(scale)
    @fuzz_settings(scale)
    @given(data=st.data())
    def run(tmp_path, good, data):
        index, _ = data.draw(hostile_index(good["index"], where))
        attempt(tmp_path, repack(good, index), good, case, exact=False)
    return run


test_hostile_index_anywhere = _hostile_test((), "hostile index (any field)", 2.0)
test_hostile_tile_table = _hostile_test(("levels",), "hostile tile table: negative, "
                                        "overlapping, past-the-end offsets/lengths")
test_hostile_stream_descriptions = _hostile_test(("specs",), "hostile stream descriptions "
                                                 "(dtypes, bits, band counts)")


@fuzz_timeout()
@fuzz_settings()
@given(count=st.integers(1, 70000), dtype=st.sampled_from(
    ["uint8", "int16", "float32", "float64", "int64", "complex64", "bool", "float16", "x"]))
def test_wrong_band_count_and_dtype(tmp_path, good, count, dtype):
    index = json.loads(json.dumps(good["index"]))
    raster = index["raster"]
    raster["count"] = count
    raster["dtype"] = dtype
    raster["bands"] = (raster["bands"] * count)[:count] if count <= 4 else raster["bands"]
    outcome = attempt(tmp_path, repack(good, index), good, "wrong band count / dtype",
                      exact=False)
    if (count, dtype) != (2, "int16"):
        assert outcome != "exact pixels"


def test_deeply_nested_index(tmp_path, good):
    """Found by this suite: json.loads raised RecursionError (fixed: core/formats/safejson.py)."""
    for depth in (65, 1000, 200_000):
        text = json.dumps(dict(good["index"], writer="@")).replace(
            '"@"', "[" * depth + "]" * depth).encode()
        with pytest.raises(CorruptFileError, match="nested too deeply"):
            read_levels(write(tmp_path, repack(good, text)))
    from tests.reliability_report import record
    record("hostile index", "JSON nested 65 / 1000 / 200000 deep", 3,
           "CorruptFileError: nested too deeply")


def write(tmp_path, data, name="case.flac"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- hostile raster metadata through the GeoTIFF export (apply_metadata) ----------------------

@fuzz_timeout(per_example=5.0)
@fuzz_settings()
@given(data=st.data())
def test_hostile_metadata_values(tmp_path, good, data):
    """Metadata reaches GDAL on export: every field of the wrong type or value is refused."""
    index, _ = data.draw(hostile_index(good["index"], ("raster",)))
    path = write(tmp_path, repack(good, index))
    out = tmp_path / "out.tif"

    def export():
        if out.exists():
            out.unlink()
        flac_to_raster(str(path), str(out))
        return None

    outcome = classify(READER, "hostile raster metadata -> GeoTIFF export", export,
                       allowed=(FlacRasterError,))
    leftovers = [n for n in os.listdir(tmp_path) if ".part" in n]
    assert not leftovers
    if outcome != "well-formed read":
        assert not out.exists()


def test_nan_transform_is_refused(tmp_path, good):
    """NaN/Infinity literals in the JSON index never reach extent arithmetic."""
    for value in (math.nan, math.inf):
        index = json.loads(json.dumps(good["index"]))
        index["raster"]["transform"][1] = value
        with pytest.raises(CorruptFileError, match="non-finite geotransform"):
            open_flac(str(write(tmp_path, repack(good, index))))


def test_allowed_exception_types_are_documented():
    """The list the fuzz tests accept is part of the contract (docs/reliability.md)."""
    from flac_raster_qgis.core import errors
    for kind in ALLOWED:
        assert issubclass(kind, errors.FlacRasterError) and kind.__doc__
