"""Damaged or hostile plain FLAC files: every case raises our own exception, never hangs,
never yields wrong pixels silently."""

import json
import os

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from flac_raster_qgis.core import flac_to_raster, raster_to_flac
from flac_raster_qgis.core.errors import FlacRasterError
from tests.fuzzing import fuzz_settings, fuzz_timeout
from tests.rasters import fractal_dem, write_raster
from tests.reliability_report import tally


@pytest.fixture(scope="module")
def good_flac(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzz")
    src = write_raster(tmp / "dem.tif", fractal_dem(64, 48))
    flac = tmp / "dem.flac"
    raster_to_flac(str(src), str(flac))
    return flac.read_bytes(), src


def decode_or_error(tmp_path, data, src, case=None):
    """Decode ``data``; it must either fail with FlacRasterError or reproduce the source."""
    try:
        return _decode_or_error(tmp_path, data, src, case or "hand-made hostile metadata")
    except FlacRasterError as exc:
        tally("plain (ours)", case or "hand-made hostile metadata", type(exc).__name__)
        return "error"


def _decode_or_error(tmp_path, data, src, case):
    import rasterio
    path = tmp_path / "case.flac"
    path.write_bytes(data)
    out = tmp_path / "case.tif"
    if out.exists():
        out.unlink()
    try:
        flac_to_raster(str(path), str(out))
    except FlacRasterError:
        assert not out.exists()
        assert not [n for n in os.listdir(tmp_path) if ".part" in n]
        raise
    with rasterio.open(src) as a, rasterio.open(out) as b:
        assert a.read().tobytes() == b.read().tobytes(), "damaged file decoded to wrong pixels"
    tally("plain (ours)", case, "exact pixels")
    return "ok"


FUZZ = fuzz_settings()   # tests/fuzzing.py: FLACRASTER_FUZZ_EXAMPLES, `make fuzz` for more
pytestmark = fuzz_timeout()


@FUZZ
@given(cut=st.integers(0, 10_000))
def test_truncated(tmp_path, good_flac, cut):
    data, src = good_flac
    decode_or_error(tmp_path, data[: min(cut, len(data) - 1)], src, "truncated")


@FUZZ
@given(pos=st.integers(0, 10 ** 9), bit=st.integers(0, 7))
def test_bit_flips(tmp_path, good_flac, pos, bit):
    data, src = good_flac
    buf = bytearray(data)
    buf[pos % len(buf)] ^= 1 << bit
    decode_or_error(tmp_path, bytes(buf), src, "bit flip")


@FUZZ
@given(blob=st.binary(min_size=0, max_size=3000))
def test_random_bytes(tmp_path, good_flac, blob):
    _, src = good_flac
    assert decode_or_error(tmp_path, blob, src, "random bytes") == "error"
    assert decode_or_error(tmp_path, b"fLaC" + blob, src, "fLaC + random bytes") == "error"


def set_tags(path, raster=None, encoding=None, fix_checksum=True):
    """Rewrite the JSON tags of a plain file (recomputing the checksum, as an attacker could)."""
    from mutagen.flac import FLAC
    from flac_raster_qgis.core.formats.plain import tags_checksum
    audio = FLAC(str(path))
    if raster is not None:
        audio["FLACRASTER_RASTER"] = raster
    if encoding is not None:
        audio["FLACRASTER_ENCODING"] = encoding
    if fix_checksum:
        audio["FLACRASTER_CHECKSUM"] = tags_checksum(audio["FLACRASTER_RASTER"][0],
                                                     audio["FLACRASTER_ENCODING"][0])
    audio.save()


def load_tag(path, name):
    from mutagen.flac import FLAC
    return json.loads(FLAC(str(path))[name][0])


HOSTILE_RASTER = [
    {"width": 10 ** 12, "height": 1, "count": 1},
    {"width": -5},
    {"count": 10 ** 9},
    {"dtype": "complex64"},
    {"dtype": "object"},
    {"transform": "rm -rf /"},
    {"bands": []},
    {"crs": {"wkt": "not a crs"}},
    {"width": "64"},
]


@pytest.mark.parametrize("patch", HOSTILE_RASTER)
def test_hostile_metadata(tmp_path, good_flac, patch):
    data, src = good_flac
    path = tmp_path / "hostile.flac"
    path.write_bytes(data)
    meta = load_tag(path, "FLACRASTER_RASTER")
    meta.update(patch)
    set_tags(path, raster=json.dumps(meta))
    assert decode_or_error(tmp_path, path.read_bytes(), src) == "error"


@pytest.mark.parametrize("patch", [{"bits": 8}, {"layout": "spiral"}, {"predictor": "magic"},
                                   {"bands": [{"repr": "pickle", "bits": 16}]},
                                   {"bands": [{"repr": "int", "bits": 32, "offset": 0}]},
                                   {"bands": "x"}])
def test_hostile_encoding(tmp_path, good_flac, patch):
    data, src = good_flac
    path = tmp_path / "hostile.flac"
    path.write_bytes(data)
    spec = load_tag(path, "FLACRASTER_ENCODING")
    spec.update(patch)
    set_tags(path, encoding=json.dumps(spec))
    assert decode_or_error(tmp_path, path.read_bytes(), src) == "error"


def test_deeply_nested_json(tmp_path, good_flac):
    data, src = good_flac
    path = tmp_path / "nested.flac"
    path.write_bytes(data)
    set_tags(path, raster="[" * 100000 + "]" * 100000)
    assert decode_or_error(tmp_path, path.read_bytes(), src) == "error"


def test_wrong_dimensions_never_give_pixels(tmp_path, good_flac):
    """Metadata claiming a size the stream does not hold is caught, not reshaped."""
    data, src = good_flac
    for width, height in [(48, 63), (47, 64), (48, 65)]:
        path = tmp_path / "dims.flac"
        path.write_bytes(data)
        meta = load_tag(path, "FLACRASTER_RASTER")
        meta.update(width=width, height=height)
        set_tags(path, raster=json.dumps(meta))
        assert decode_or_error(tmp_path, path.read_bytes(), src) == "error"


def test_damaged_metadata_detected_by_checksum(tmp_path, good_flac):
    """A same-sized reshape (64x48 -> 96x32) is only detectable through the tag checksum."""
    data, src = good_flac
    path = tmp_path / "reshaped.flac"
    path.write_bytes(data)
    meta = load_tag(path, "FLACRASTER_RASTER")
    meta.update(width=96, height=32)
    set_tags(path, raster=json.dumps(meta), fix_checksum=False)
    assert decode_or_error(tmp_path, path.read_bytes(), src) == "error"
