"""Predictors and band transforms are exact bijections; blocks round-trip bit for bit with
every forced and automatic choice, and the choice is recorded in the StreamSpec."""

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from flac_raster_qgis.core.codec import blockcodec, predictors
from flac_raster_qgis.core.codec.blockcodec import StreamSpec, decode_block, encode_block
from flac_raster_qgis.core.errors import CorruptFileError, FlacRasterError
from flac_raster_qgis.core.codec.flac_codec import decode_bytes
from tests.core.test_plain_roundtrip import bits_equal
from tests.rasters import fractal_dem

SAMPLE_TYPES = [np.int16, np.int32]
RASTER_TYPES = ["uint8", "int8", "uint16", "int16", "uint32", "int32", "float32", "float64",
                "int64", "uint64"]


def extreme_planes(dtype, count, rows, cols, seed=0):
    """Planes mixing the type's extremes with random values (wrap-around territory)."""
    info = np.iinfo(dtype)
    rng = np.random.default_rng(seed)
    out = rng.integers(info.min, info.max, size=(count, rows, cols), endpoint=True).astype(dtype)
    out[:, ::3, ::2] = info.min
    out[:, 1::3, 1::2] = info.max
    return list(out)


@pytest.mark.parametrize("dtype", SAMPLE_TYPES)
@pytest.mark.parametrize("name", predictors.PREDICTORS)
def test_predictor_inverts_extremes(dtype, name):
    plane = extreme_planes(dtype, 1, 37, 29)[0]
    assert bits_equal(predictors.undo(name, predictors.apply(name, plane)), plane)
    prev = extreme_planes(dtype, 1, 1, 29, seed=1)[0][0]
    if name not in predictors.WINDOWED_PREDICTORS:   # whole tiles only: a row window is refused
        with pytest.raises(FlacRasterError, match="whole tiles"):
            predictors.apply(name, plane, prev)
        return
    assert bits_equal(predictors.undo(name, predictors.apply(name, plane, prev), prev), plane)


@pytest.mark.parametrize("dtype", SAMPLE_TYPES)
@pytest.mark.parametrize("name", predictors.BAND_TRANSFORMS)
def test_band_transform_inverts_extremes(dtype, name):
    planes = extreme_planes(dtype, 4, 9, 11)
    back = predictors.undo_bands(name, predictors.apply_bands(name, planes))
    assert all(bits_equal(a, b) for a, b in zip(back, planes))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SAMPLE_TYPES).flatmap(
    lambda t: hnp.arrays(t, hnp.array_shapes(min_dims=3, max_dims=3, min_side=1, max_side=12))))
def test_transforms_are_bijections(planes):
    planes = list(planes)
    for bands in predictors.BAND_TRANSFORMS:
        for pred in predictors.PREDICTORS:
            coded = [predictors.apply(pred, p) for p in predictors.apply_bands(bands, planes)]
            # Decoder order: predictor first, then the band transform (they commute).
            back = predictors.undo_bands(bands, [predictors.undo(pred, p) for p in coded])
            assert all(bits_equal(a, b) for a, b in zip(back, planes))


def _block(dtype, count, rows, cols, seed=0):
    rng = np.random.default_rng(seed)
    if dtype.startswith("float"):
        base = fractal_dem(rows, cols, seed=seed, dtype="float64") / 7.0
        out = np.stack([base + k * 0.25 for k in range(count)]).astype(dtype)
        out[0, 0, 0] = np.nan
        out[-1, -1, -1] = -0.0
        return out
    info = np.iinfo(dtype)
    out = rng.integers(info.min, info.max, size=(count, rows, cols), endpoint=True,
                       dtype=np.dtype(dtype))
    out[:, 0, 0] = info.min
    out[:, -1, -1] = info.max
    return out


@pytest.mark.parametrize("dtype", RASTER_TYPES)
@pytest.mark.parametrize("predictor,band_transform,runs", [
    ("auto", "auto", "auto"), ("none", "none", "none"), ("vdiff", "none", "none"),
    ("none", "bdiff", "none"), ("vdiff", "bdiff", "none"), ("interp", "none", "none"),
    ("interp", "bdiff", "none"), ("none", "none", "rle"), ("vdiff", "bdiff", "rle"),
    ("interp", "none", "rle")])
def test_block_roundtrip_every_choice(dtype, predictor, band_transform, runs):
    arrays = _block(dtype, 3, 40, 23)
    mask = (np.arange(40 * 23).reshape(40, 23) % 7 != 0).astype(np.uint8) * 255
    data, spec = encode_block(arrays, dtype, mask, predictor=predictor,
                              band_transform=band_transform, runs=runs)
    if predictor != "auto":
        assert spec.predictor == predictor and spec.band_transform == band_transform
        assert spec.runs == (runs if spec.run_length_fits else "none")
    spec2 = StreamSpec.from_json(json.loads(json.dumps(spec.to_json())), dtype, 3)
    assert spec2 == spec
    back, back_mask = decode_block(data, spec2, 40, 23)
    assert bits_equal(back, arrays)
    assert bits_equal(back_mask, mask)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dtype=st.sampled_from(["uint8", "int16", "uint16", "int32", "uint32"]),
       count=st.integers(1, 5), rows=st.integers(1, 70), cols=st.integers(1, 40),
       seed=st.integers(0, 2 ** 16))
def test_auto_block_roundtrip_random_shapes(dtype, count, rows, cols, seed):
    arrays = _block(dtype, count, rows, cols, seed)
    data, spec = encode_block(arrays, dtype)
    back, _ = decode_block(data, spec, rows, cols)
    assert bits_equal(back, arrays)


def test_auto_picks_a_2d_predictor_for_terrain_and_bdiff_for_correlated_bands():
    dem = fractal_dem(256, 256)
    bands = np.stack([dem, dem + 3, dem // 2 + 7]).astype(np.int16)
    data, spec = encode_block(bands, "int16")
    assert spec.predictor in ("vdiff", "interp") and spec.band_transform == "bdiff"
    sizes = {(p, b): len(encode_block(bands, "int16", predictor=p, band_transform=b)[0])
             for p in predictors.PREDICTORS for b in predictors.BAND_TRANSFORMS}
    # The trial encodes 1/16 of the rows: its pick is within a few percent of the best.
    assert len(data) <= 1.03 * min(sizes.values())


def test_auto_keeps_noise_untransformed():
    noise = np.random.default_rng(3).integers(0, 4000, size=(1, 128, 128)).astype(np.int16)
    _, spec = encode_block(noise, "int16")
    assert spec.predictor == "none"


def test_single_band_never_gets_a_band_transform():
    _, spec = encode_block(fractal_dem(64, 64)[None], "int16", band_transform="bdiff")
    assert spec.band_transform == "none"   # nothing to difference against
    _, spec = encode_block(fractal_dem(64, 64)[None], "int16")
    assert spec.band_transform == "none"


def test_tile_stream_stays_standard_flac():
    """The FLAC stream holds the residuals: any decoder reads them, ours undoes the rest."""
    dem = fractal_dem(64, 48)
    bands = np.stack([dem, dem + 1]).astype(np.int16)
    data, spec = encode_block(bands, "int16", predictor="vdiff", band_transform="bdiff")
    samples = decode_bytes(data)
    residual = [predictors.apply("vdiff", p)
                for p in predictors.apply_bands("bdiff", [bands[0], bands[1]])]
    assert bits_equal(samples[:, 0].reshape(64, 48), residual[0])
    assert bits_equal(samples[:, 1].reshape(64, 48), residual[1])


def test_mask_plane_is_predicted_but_never_band_differenced():
    """docs/format.md 4.2: the predictor applies to the mask plane, the band transform not."""
    dem = fractal_dem(32, 16)
    bands = np.stack([dem, dem + 2]).astype(np.int16)
    mask = np.zeros((32, 16), np.uint8)
    mask[8:, :] = 255
    data, spec = encode_block(bands, "int16", mask, predictor="vdiff", band_transform="bdiff")
    samples = decode_bytes(data)
    assert spec.channels == 3
    assert bits_equal(samples[:, 2].reshape(32, 16),
                      predictors.apply("vdiff", mask.astype(np.int16)))
    back, back_mask = decode_block(data, spec, 32, 16)
    assert bits_equal(back, bands) and bits_equal(back_mask, mask)


def test_old_specs_without_band_transform_still_read():
    dem = fractal_dem(32, 32)[None]
    data, spec = encode_block(dem, "int16", band_transform="none")
    obj = spec.to_json()
    del obj["band_transform"]
    back, _ = decode_block(data, StreamSpec.from_json(obj, "int16", 1), 32, 32)
    assert bits_equal(back, dem)


@pytest.mark.parametrize("field,value", [("band_transform", "rotate"), ("predictor", "med")])
def test_unknown_transforms_in_a_file_are_corrupt(field, value):
    _, spec = encode_block(fractal_dem(16, 16)[None], "int16")
    obj = spec.to_json()
    obj[field] = value
    with pytest.raises(CorruptFileError):
        StreamSpec.from_json(obj, "int16", 1)


def test_unknown_choice_from_a_caller_is_a_clear_error():
    with pytest.raises(FlacRasterError, match="predictor"):
        encode_block(fractal_dem(16, 16)[None], "int16", predictor="med")
    with pytest.raises(FlacRasterError, match="band transform"):
        encode_block(fractal_dem(16, 16)[None], "int16", band_transform="pca")


def test_bands_with_different_plane_counts_are_left_alone():
    arrays = np.stack([np.full((8, 8), 1.5), np.arange(64.0).reshape(8, 8) * 1.1e-300])
    data, spec = encode_block(arrays, "float64", band_transform="bdiff")
    assert [e.planes for e in spec.encodings] == [1, 2] and spec.band_transform == "none"
    assert bits_equal(decode_block(data, spec, 8, 8)[0], arrays)


def test_trial_rows_sample_the_whole_block():
    rows = predictors.trial_rows(512)
    assert len(rows) == 32 and rows.min() == 0 and rows.max() == 511
    assert list(predictors.trial_rows(20)) == list(range(20))


def test_make_spec_default_leaves_bands_alone_for_the_plain_format():
    bands = np.stack([fractal_dem(64, 64)] * 2)
    spec = blockcodec.make_spec(bands, "int16")
    assert spec.band_transform == "none"


@settings(max_examples=60, deadline=None)
@given(rows=st.integers(1, 70), cols=st.integers(1, 9), channels=st.integers(1, 3),
       dtype=st.sampled_from(["int16", "int32"]), seed=st.integers(0, 2 ** 32 - 1))
def test_blocked_prefix_sum_equals_row_loop(rows, cols, channels, dtype, seed):
    """The blocked prefix sum behind vdiff's inverse wraps exactly like a row-by-row sum."""
    from flac_raster_qgis.core.codec.rowsums import prefix_sum_rows
    info = np.iinfo(dtype)
    data = np.random.default_rng(seed).integers(info.min, info.max, size=(rows, cols, channels),
                                                endpoint=True, dtype=dtype)
    expected = data.copy()
    for i in range(1, rows):
        expected[i] = expected[i - 1] + expected[i]
    got = data.copy()
    prefix_sum_rows(got)
    assert np.array_equal(got, expected)
