"""Format version 3's ``float32grid`` band encoding: float32 values on (or largely on) a
power-of-two grid stored as the grid count plus the ulps below it. Bit-exact for every
float32 pattern (NaN payloads, infinities, -0.0, subnormals, huge nodata values), chosen per
tile by trial, never in plain files, and only in files that say version 3."""

import json
import subprocess
import zlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from flac_raster_qgis.core import api
from flac_raster_qgis.core.codec import blockcodec
from flac_raster_qgis.core.formats import container
from flac_raster_qgis.core.errors import CorruptFileError, FlacRasterError
from flac_raster_qgis.core.codec.samples import GRID_MAX, Encoding, grid_encodings
from tests.core.test_plain_roundtrip import assert_same_raster, bits_equal
from tests.rasters import fractal_dem, write_raster


def grid(q):
    return Encoding("float32", "float32grid", bits=32, extra={"grid": q})


def on_grid_dem(rows, cols, q=8, seed=0, share=0.6):
    """A float32 DEM whose values are multiples of 2^-q over ``share`` of it (a 'sea'),
    continuous elsewhere: the coastal-DEM case."""
    rng = np.random.default_rng(seed)
    dem = fractal_dem(rows, cols, seed=seed, dtype="float64") / 37.0 - 20.0
    dem = dem + rng.normal(0, 0.01, dem.shape)
    sea = np.zeros(dem.shape, bool)
    sea[: int(rows * share)] = True
    dem[sea] = np.round(dem[sea] * 2.0 ** q) / 2.0 ** q
    return dem.astype(np.float32)


any_float32 = hnp.arrays(np.uint32, st.integers(1, 300),
                         elements=st.integers(0, 2 ** 32 - 1)).map(lambda a: a.view(np.float32))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=any_float32, q=st.integers(0, GRID_MAX))
def test_every_float32_pattern_round_trips_on_every_grid(values, q):
    planes = grid(q).to_planes(values)
    assert [p.dtype for p in planes] == [np.int32, np.int32]
    assert bits_equal(grid(q).from_planes(planes), values)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(counts=hnp.arrays(np.int64, st.integers(1, 200), elements=st.integers(-2 ** 30, 2 ** 30)),
       q=st.integers(0, GRID_MAX), noise=st.integers(0, 3))
def test_grid_values_mixed_with_specials_round_trip(counts, q, noise):
    values = np.ldexp(counts.astype(np.float64), -q).astype(np.float32)
    values[::7] += np.float32(noise * 1e-3)
    values[::11] = np.float32(-3.4e38)
    values[::13] = np.nan
    values[::17] = -0.0
    enc = grid(q)
    assert bits_equal(enc.from_planes(enc.to_planes(values)), values)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=hnp.arrays(np.int32, 64, elements=st.integers(-2 ** 31, 2 ** 31 - 1)),
       b=hnp.arrays(np.int32, 64, elements=st.integers(-2 ** 31, 2 ** 31 - 1)),
       q=st.integers(0, GRID_MAX))
def test_damaged_planes_decode_to_floats_without_errors(a, b, q):
    out = grid(q).from_planes([a, b])
    assert out.dtype == np.float32 and out.shape == a.shape


def test_the_grid_is_found():
    dem = on_grid_dem(64, 64, q=8)
    assert 8 in [e.grid for e, _ in grid_encodings(dem)]
    on_half_metres = (np.round(fractal_dem(32, 32, dtype="float64") * 2) / 2 + 0.5)
    assert 1 in [e.grid for e, _ in grid_encodings(on_half_metres.astype(np.float32))]
    assert grid_encodings(np.full(100, np.nan, np.float32)) == []


@pytest.mark.parametrize("masked", [False, True])
def test_tiles_choose_the_grid_and_round_trip(masked):
    bands = np.stack([on_grid_dem(96, 80, seed=1), on_grid_dem(96, 80, q=4, seed=2)])
    bands[0, 5:9, 3:40] = np.nan
    bands[1, 0, :] = -9999.0
    mask = np.where(np.isnan(bands[0]), 0, 255).astype(np.uint8) if masked else None
    data, spec = blockcodec.encode_block(bands, "float32", mask=mask)
    assert [e.repr for e in spec.encodings] == ["float32grid", "float32grid"]
    bit_patterns = [Encoding("float32", "float32bits", bits=32)] * 2
    assert len(data) < len(blockcodec.encode_block(bands, "float32", mask=mask,
                                                   encodings=bit_patterns)[0])
    back, back_mask = blockcodec.decode_block(data, spec, 96, 80)
    assert bits_equal(back, bands)
    assert (back_mask is None) == (mask is None)
    if masked:
        assert bits_equal(back_mask, mask)
    again = blockcodec.StreamSpec.from_json(json.loads(json.dumps(spec.to_json())), "float32", 2)
    assert bits_equal(blockcodec.decode_block(data, again, 96, 80)[0], bands)


def test_continuous_floats_keep_their_bit_patterns():
    rng = np.random.default_rng(4)
    values = rng.normal(0, 1, (1, 64, 64)).astype(np.float32)
    _, spec = blockcodec.encode_block(values, "float32")
    assert spec.encodings[0].repr == "float32bits"


@pytest.fixture
def coastal(tmp_path):
    dem = np.stack([on_grid_dem(700, 600, seed=3)])
    dem[0, :40, :40] = -3.4e38
    return write_raster(tmp_path / "coastal.tif", dem, nodata=-3.4e38)


def test_streaming_files_with_grid_tiles_are_version_3(tmp_path, coastal):
    out = tmp_path / "c.flac"
    api.create_streaming(str(coastal), str(out))
    raw = out.read_bytes()
    header = container.unpack_header(raw[:64], len(raw))
    assert header.version == 3
    back = tmp_path / "back.tif"
    api.flac_to_raster(str(out), str(back))
    assert_same_raster(coastal, back)
    with api.open_flac(str(out)) as reader:
        specs = [e.spec for lv in reader.index.levels for e in lv.tiles]
        tile = next(t for t in reader.index.levels[0].tiles
                    if t.spec.encodings[0].repr == "float32grid")
        tile_bytes = raw[tile.offset:tile.offset + tile.length]
    assert any(s.encodings[0].repr == "float32grid" for s in specs)
    with api.open_flac(str(out)) as reader:
        coding = reader.info()["tile_coding"]
    assert any("grid" in key for key in coding) and sum(coding.values()) == len(specs)
    path = tmp_path / "tile.flac"
    path.write_bytes(tile_bytes)
    subprocess.run(["flac", "-s", "-t", str(path)], check=True)   # a standard FLAC stream


def test_a_version_2_header_with_grid_tiles_is_refused(tmp_path, coastal):
    out = tmp_path / "c.flac"
    api.create_streaming(str(coastal), str(out), overviews=False)
    raw = bytearray(out.read_bytes())
    h = container.unpack_header(bytes(raw[:64]), len(raw))
    index = json.loads(zlib.decompress(raw[h.index_offset:h.index_offset + h.index_length]))
    index["version"] = 2
    packed, text_len = container.pack_index(index)
    body = bytes(raw[h.data_offset:h.data_offset + h.data_length])
    new = container.Header(2, 64, len(packed), text_len, 64 + len(packed), len(body),
                           zlib.crc32(packed))
    (tmp_path / "v2.flac").write_bytes(container.pack_header(new) + packed + body)
    with pytest.raises(CorruptFileError, match="newer format version"):
        api.open_flac(str(tmp_path / "v2.flac"))


def test_plain_files_refuse_grid_encodings(tmp_path):
    from flac_raster_qgis.core.formats import plain
    src = write_raster(tmp_path / "f.tif", np.stack([on_grid_dem(40, 30)]))
    flac = tmp_path / "f.flac"
    api.raster_to_flac(str(src), str(flac))
    meta, spec = plain.read_tags(str(flac))
    assert spec.encodings[0].repr == "float32bits"      # plain files never choose it
    import mutagen.flac
    f = mutagen.flac.FLAC(str(flac))
    obj = json.loads(f["FLACRASTER_ENCODING"][0])
    obj["bands"][0] = {"repr": "float32grid", "bits": 32, "grid": 8}
    f["FLACRASTER_ENCODING"] = json.dumps(obj)
    f["FLACRASTER_CHECKSUM"] = plain.tags_checksum(f["FLACRASTER_RASTER"][0],
                                                   f["FLACRASTER_ENCODING"][0])
    f.save()
    with pytest.raises(CorruptFileError, match="grid"):
        plain.read_tags(str(flac))


@pytest.mark.parametrize("obj", [{"repr": "float32grid", "bits": 32},
                                 {"repr": "float32grid", "bits": 32, "grid": 21},
                                 {"repr": "float32grid", "bits": 16, "grid": 8},
                                 {"repr": "float32grid", "bits": 32, "grid": "x"}])
def test_malformed_grid_descriptions_are_refused(obj):
    spec = {"layout": "interleaved", "predictor": "vdiff", "bits": 32, "bands": [obj],
            "mask": None}
    with pytest.raises(CorruptFileError):
        blockcodec.StreamSpec.from_json(spec, "float32", 1)


def test_grid_encoding_needs_a_float32_band():
    spec = {"layout": "interleaved", "predictor": "vdiff", "bits": 32,
            "bands": [{"repr": "float32grid", "bits": 32, "grid": 8}], "mask": None}
    with pytest.raises(CorruptFileError):
        blockcodec.StreamSpec.from_json(spec, "int32", 1)



def test_tiles_mostly_on_the_grid_go_planar_and_round_trip():
    dem = np.stack([on_grid_dem(128, 96, share=0.9, seed=6)])
    data, spec = blockcodec.encode_block(dem, "float32")
    assert spec.encodings[0].repr == "float32grid" and spec.layout == "planar"
    assert spec.runs == "tail"
    assert container.version_needed([spec.to_json()]) == 3
    back, _ = blockcodec.decode_block(data, spec, 128, 96)
    assert bits_equal(back, dem)
    with pytest.raises(CorruptFileError):       # the sample count must match the tile
        blockcodec.decode_block(data, spec, 128, 95)


@pytest.mark.parametrize("predictor", ["none", "vdiff", "interp"])
@pytest.mark.parametrize("runs", ["none", "rle", "tail"])
def test_planar_layout_round_trips_every_dtype_and_tool(predictor, runs):
    rng = np.random.default_rng(7)
    for dtype in ("uint8", "int16", "uint16", "int32", "float32", "float64", "uint64"):
        info = np.iinfo(dtype) if np.dtype(dtype).kind in "iu" else None
        if info is not None:
            arrays = rng.integers(info.min, info.max, (2, 40, 24), dtype=dtype, endpoint=True)
        else:
            arrays = rng.normal(0, 1e3, (2, 40, 24)).astype(dtype)
            arrays[0, 3, 4] = np.nan
        mask = np.full((40, 24), 255, np.uint8)
        mask[::5] = 0
        spec, per_band = blockcodec._base_spec(arrays, dtype, mask, None)
        spec.layout, spec.predictor, spec.runs = "planar", predictor, runs
        spec.band_transform = "bdiff" if blockcodec.band_transform_applies(spec) else "none"
        samples = blockcodec._samples(spec, blockcodec._residual_planes(spec, per_band))
        data = blockcodec._encode_samples(spec, samples, 5)
        again = blockcodec.StreamSpec.from_json(spec.to_json(), dtype, 2)
        back, back_mask = blockcodec.decode_block(data, again, 40, 24)
        assert bits_equal(back, arrays) and bits_equal(back_mask, mask), dtype


def test_damaged_tail_runs_are_refused():
    dem = np.stack([on_grid_dem(64, 48, share=0.9, seed=8)])
    data, spec = blockcodec.encode_block(dem, "float32")
    assert spec.runs == "tail"
    with pytest.raises(CorruptFileError):       # the runs no longer add up to the plane
        blockcodec.decode_block(data, spec, 64, 47)
    bad = dict(spec.to_json(), layout="interleaved")
    with pytest.raises(CorruptFileError, match="planar"):
        blockcodec.StreamSpec.from_json(bad, "float32", 1)
    from flac_raster_qgis.core.codec import runlength
    with pytest.raises(CorruptFileError):
        runlength.decode_tail(np.zeros((64 * 48 + 3, 1), np.int32), 64 * 48, 2)
    with pytest.raises(FlacRasterError):         # a caller cannot ask for it
        blockcodec.encode_block(dem, "float32", runs="tail")
