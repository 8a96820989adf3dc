"""Fuzzing the flac-raster 0.1.x readers (streaming, plain, --spatial) through open_flac.

flac-raster 0.1.x files carry no checksum of their own: damage in a tile's FLAC frames is
caught by libFLAC (frame CRC-16, MD5), damage in the index by our validation, but a flipped
digit in a tile's GEOSPATIAL_* tags (e.g. DATA_MIN) changes values without any way to tell.
Those flips are therefore allowed to read "well-formed, other pixels"; everywhere else a read
is an error or exact. Hostile indexes and tags must only ever raise documented errors.
"""

import base64
import gzip
import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from flac_raster_qgis.core import open_flac
from flac_raster_qgis.core.formats.legacy.flac_stream import read_header
from tests.core.test_fuzz_streaming import HOSTILE_VALUES, get_path, leaf_paths, set_path
from tests.core.test_legacy_generated import (TRANSFORM, dem, flac_stream, plain_file,
                                              plain_tags, spatial_file, stretch,
                                              streaming_file)
from tests.fuzzing import classify, fuzz_settings, fuzz_timeout


def read_all(path):
    with open_flac(str(path)) as reader:
        reader.info()
        lv = reader.levels[0]
        return [reader.read_window(0, 0, 0, lv.width, lv.height)[0]]


def attempt(tmp_path, data, category, case, expected, exact=True):
    path = tmp_path / "case.flac"
    path.write_bytes(data)
    return classify(category, case, lambda: read_all(path), expected, exact=exact)


# -- streaming --------------------------------------------------------------------------------

STREAMING = "flac-raster 0.1 streaming"


@pytest.fixture(scope="module")
def streaming():
    band = dem(40, 45, seed=7)
    raw = streaming_file(band, TRANSFORM, 16)
    n = int.from_bytes(raw[:4], "big")
    index = json.loads(raw[4:4 + n])
    regions = {"length prefix": [(0, 4)], "index": [(4, 4 + n)], "tile tags": [],
               "tile frames": []}
    for frame in index["frames"]:
        start = 4 + n + frame["byte_offset"]
        stream = raw[start:start + frame["byte_size"]]
        audio = read_header(stream, None, 0, len(stream)).audio_offset
        regions["tile tags"].append((start, start + audio))
        regions["tile frames"].append((start + audio, start + len(stream)))
    return {"raw": raw, "expected": [band[None]], "index": index, "n": n, "regions": regions}


def position(draw, regions):
    name = draw(st.sampled_from(sorted(regions)))
    lo, hi = draw(st.sampled_from(regions[name]))
    return name, draw(st.integers(lo, hi - 1))


@fuzz_timeout()
@fuzz_settings()
@given(data=st.data())
def test_streaming_truncated(tmp_path, streaming, data):
    _, cut = position(data.draw, streaming["regions"])
    outcome = attempt(tmp_path, streaming["raw"][:cut], STREAMING, "truncated",
                      streaming["expected"])
    assert outcome != "exact pixels" or cut == len(streaming["raw"])


@fuzz_timeout()
@fuzz_settings(2.0)
@given(data=st.data())
def test_streaming_bit_flips(tmp_path, streaming, data):
    region, pos = position(data.draw, streaming["regions"])
    buf = bytearray(streaming["raw"])
    buf[pos] ^= 1 << data.draw(st.integers(0, 7))
    attempt(tmp_path, bytes(buf), STREAMING, f"bit flip in the {region}", streaming["expected"],
            exact=region != "tile tags")


@fuzz_timeout()
@fuzz_settings()
@given(blob=st.binary(max_size=4096), n=st.integers(0, 2 ** 32 - 1))
def test_streaming_random_bytes(tmp_path, streaming, blob, n):
    """A 4-byte length and '{"' (what detection looks for), then anything."""
    data = n.to_bytes(4, "big") + b'{"' + blob
    outcome = attempt(tmp_path, data, STREAMING, "length + '{\"' + random bytes",
                      streaming["expected"])
    assert outcome in ("NotAFlacRasterError", "CorruptFileError")


@st.composite
def hostile_json(draw, obj):
    obj = json.loads(json.dumps(obj))
    paths = leaf_paths(obj)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(paths))
        try:
            old = get_path(obj, path)
        except (KeyError, IndexError, TypeError):
            continue
        if isinstance(old, int) and not isinstance(old, bool) and draw(st.booleans()):
            new = old + draw(st.integers(-40, 40))          # overlapping / off by some bytes
        else:
            new = draw(HOSTILE_VALUES)
        try:
            set_path(obj, path, new)
        except TypeError:                        # an earlier edit made the parent a string
            continue
    return obj


@fuzz_timeout()
@fuzz_settings(2.0)
@given(data=st.data())
def test_streaming_hostile_index(tmp_path, streaming, data):
    index = data.draw(hostile_json(streaming["index"]))
    text = json.dumps(index, separators=(",", ":"), allow_nan=True).encode()
    blob = len(text).to_bytes(4, "big") + text + streaming["raw"][4 + streaming["n"]:]
    attempt(tmp_path, blob, STREAMING, "hostile index (offsets, sizes, windows, CRS...)",
            streaming["expected"], exact=False)


# -- plain ------------------------------------------------------------------------------------

PLAIN = "flac-raster 0.1 plain"


@pytest.fixture(scope="module")
def plain():
    array = np.stack([dem(20, 24, seed=s, low=0, high=3000, dtype=np.uint16) for s in (1, 2)])
    raw = plain_file(array, TRANSFORM, nodata=0)
    audio = read_header(raw, None, 0, len(raw)).audio_offset
    return {"raw": raw, "expected": [array], "array": array,
            "regions": {"tags": [(4, audio)], "frames": [(audio, len(raw))]}}


@fuzz_timeout()
@fuzz_settings()
@given(data=st.data())
def test_plain_bit_flips_and_truncation(tmp_path, plain, data):
    region, pos = position(data.draw, plain["regions"])
    if data.draw(st.booleans()):
        blob, case = plain["raw"][:pos], "truncated"
    else:
        buf = bytearray(plain["raw"])
        buf[pos] ^= 1 << data.draw(st.integers(0, 7))
        blob, case = bytes(buf), f"bit flip in the {region}"
    attempt(tmp_path, blob, PLAIN, case, plain["expected"],
            exact=case != "bit flip in the tags")


TAG_VALUES = st.one_of(
    st.sampled_from(["", "None", "nan", "inf", "-1", "0", "9", "16777217", "1e400",
                     "99999999999999999999", "complex64", "object", "float16", "int64",
                     "[1, 2", "[NaN,0,0,0,1,0]", "[1,0,0,0,1,0,0,0,1]", '{"a": 1}',
                     "[" * 5000 + "]" * 5000, "EPSG:999999", "x" * 70000]),
    st.text(max_size=30), st.integers().map(str), st.floats().map(repr))
TAG_KEYS = st.sampled_from(["GEOSPATIAL_WIDTH", "GEOSPATIAL_HEIGHT", "GEOSPATIAL_COUNT",
                            "GEOSPATIAL_DTYPE", "GEOSPATIAL_NODATA", "GEOSPATIAL_DATA_MIN",
                            "GEOSPATIAL_DATA_MAX", "GEOSPATIAL_TRANSFORM", "GEOSPATIAL_CRS"])


@fuzz_timeout(per_example=5.0)
@fuzz_settings()
@given(edits=st.dictionaries(TAG_KEYS, TAG_VALUES, min_size=1, max_size=4))
def test_plain_hostile_tags(tmp_path, plain, edits):
    """Wrong dtypes, band counts, sizes, transforms: a documented error or a sane read."""
    array = plain["array"]
    tags = dict(plain_tags(array, TRANSFORM, nodata=0), **edits)
    samples, bits = stretch(array)
    blob = flac_stream(samples.reshape(array.shape[0], -1).T, bits, tags)
    attempt(tmp_path, blob, PLAIN, "hostile GEOSPATIAL_* tags (dtype, count, size...)",
            plain["expected"], exact=False)


# -- spatial ----------------------------------------------------------------------------------

SPATIAL = "flac-raster 0.1 --spatial"


@pytest.fixture(scope="module")
def spatial_index():
    _, frames = spatial_file(40, 30, 16, TRANSFORM)
    return {"crs": "EPSG:4326", "transform": TRANSFORM, "frames": frames}


@fuzz_timeout(per_example=5.0)
@fuzz_settings()
@given(data=st.data())
def test_spatial_hostile_index(tmp_path, spatial_index, data):
    index = data.draw(hostile_json(spatial_index))
    text = json.dumps(index, separators=(",", ":"), allow_nan=True).encode()
    blob, _ = spatial_file(40, 30, 16, TRANSFORM,
                           index_text=base64.b64encode(gzip.compress(text)).decode())
    outcome = attempt(tmp_path, blob, SPATIAL, "hostile spatial index (gzip JSON)", None)
    assert outcome in ("NoPixelsError", "CorruptFileError")   # never pixels from --spatial


def test_deeply_nested_transform_tag_and_sidecar(tmp_path):
    """Found by this suite: RecursionError escaped from the transform tag and the v0.1.0
    sidecar (both parsed with plain json.loads); fixed with core/formats/safejson.py."""
    from flac_raster_qgis.core.errors import CorruptFileError
    from tests.reliability_report import record
    deep = "[" * 100_000 + "]" * 100_000
    array = dem(6, 6)[None]
    samples, bits = stretch(array)
    tags = dict(plain_tags(array, TRANSFORM), GEOSPATIAL_TRANSFORM=deep)
    path = tmp_path / "t.flac"
    path.write_bytes(flac_stream(samples.reshape(1, -1).T, bits, tags))
    with pytest.raises(CorruptFileError, match="nested too deeply"):
        open_flac(str(path))
    old = tmp_path / "old.flac"
    old.write_bytes(flac_stream(samples.reshape(1, -1).T, bits, tags={}))
    (tmp_path / "old.json").write_text(deep)
    with pytest.raises(CorruptFileError, match="nested too deeply"):
        open_flac(str(old))
    record("hostile index", "flac-raster 0.1: transform tag / .json sidecar nested 100000 deep",
           2, "CorruptFileError: nested too deeply")
