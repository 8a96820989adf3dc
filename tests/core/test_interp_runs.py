"""Format version 2's tile tools: the ``interp`` predictor (interpolation lifting) and the
run-length stage. Both are exact for every input, keep tiles standard FLAC, win where they
should, and are refused where they cannot apply (plain files, version-1 headers)."""

import json
import shutil
import subprocess
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from flac_raster_qgis.core.formats import container
from flac_raster_qgis.core import create_streaming, open_flac, raster_to_flac
from flac_raster_qgis.core.codec import interp, runlength
from flac_raster_qgis.core.codec.blockcodec import StreamSpec, decode_block, encode_block
from flac_raster_qgis.core.errors import CorruptFileError, FlacRasterError
from flac_raster_qgis.core.codec.flac_codec import decode_bytes
from tests.core.test_plain_roundtrip import bits_equal
from tests.rasters import fractal_dem, read_all, write_raster


def upsampled(coarse):
    """What ETOPO5's land is: a coarse grid interpolated 2x (odd rows/columns are the mean
    of their neighbours, rounded up)."""
    rows, cols = coarse.shape
    out = np.zeros((2 * rows - 1, 2 * cols - 1), np.int32)
    out[::2, ::2] = coarse
    out[::2, 1::2] = -((-(out[::2, :-1:2] + out[::2, 2::2])) // 2)
    out[1::2, :] = -((-(out[:-1:2, :] + out[2::2, :])) // 2)
    return out.astype(np.int16)


def runny(rows=113, cols=512, seed=0):
    """Antarctic-like tile: runs of 10-20 equal values, each row repeated once."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(10, 21, size=rows * cols // 10)
    values = np.cumsum(rng.integers(-3, 4, size=lengths.size)) + 2800
    half = np.repeat(values, lengths)[:(rows + 1) // 2 * cols].reshape(-1, cols)
    return np.repeat(half, 2, axis=0)[:rows].astype(np.int16)


# --- interp -------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.int16, np.int32])
def test_ceil_mean_is_exact_without_overflow(dtype):
    from flac_raster_qgis.core.codec.interp import _ceil_mean
    info = np.iinfo(dtype)
    rng = np.random.default_rng(0)
    a, b = rng.integers(info.min, info.max, size=(2, 100_000), endpoint=True).astype(dtype)
    edges = np.array([info.min, info.min + 1, -1, 0, 1, info.max - 1, info.max], dtype)
    ea, eb = np.meshgrid(edges, edges)
    a, b = np.concatenate([a, ea.ravel()]), np.concatenate([b, eb.ravel()])
    expected = -np.floor_divide(-(a.astype(np.int64) + b), 2)
    assert np.array_equal(_ceil_mean(a, b).astype(np.int64), expected)


@settings(max_examples=80, deadline=None)
@given(hnp.arrays(st.sampled_from([np.int16, np.int32]),
                  hnp.array_shapes(min_dims=2, max_dims=3, min_side=1, max_side=19)))
def test_interp_is_a_bijection(plane):
    stored = interp.forward(plane)
    assert stored.shape == plane.shape and stored.dtype == plane.dtype
    assert bits_equal(interp.inverse(stored), plane)


@pytest.mark.parametrize("shape", [(1, 1), (2, 2), (1, 6), (6, 1), (3, 5), (64, 64)])
def test_interp_never_touches_its_input(shape):
    """Tiny sub-bands are contiguous views of the input: they must still be copies."""
    plane = np.arange(np.prod(shape), dtype=np.int16).reshape(shape) * 7919
    before = plane.copy()
    interp.inverse(interp.forward(plane))
    assert bits_equal(plane, before)


def test_interp_on_a_stack_equals_interp_per_channel():
    stack = np.stack([fractal_dem(37, 30, seed=s) for s in range(3)], axis=2)
    together = interp.forward(stack)
    for c in range(3):
        assert bits_equal(together[:, :, c], interp.forward(stack[:, :, c]))
    assert bits_equal(interp.inverse(together), stack)


def test_interpolated_grid_leaves_only_the_coarse_grid():
    coarse = fractal_dem(40, 50)
    fine = upsampled(coarse)                      # 79 x 99
    stored = interp.forward(fine).reshape(-1)
    ll = 40 * 50                                  # even rows x even columns come first
    # predicted samples are exact, but for odd/odd ones where rounding twice differs
    assert np.mean(stored[ll:] == 0) > 0.9 and np.abs(stored[ll:]).max() <= 1
    data_interp, spec = encode_block(fine[None], "int16", predictor="interp")
    data_vdiff, _ = encode_block(fine[None], "int16", predictor="vdiff")
    assert len(data_interp) < 0.75 * len(data_vdiff)
    assert encode_block(fine[None], "int16")[1].predictor == "interp"
    assert bits_equal(decode_block(data_interp, spec, *fine.shape)[0][0], fine)


def test_interp_needs_whole_tiles_so_plain_files_refuse_it(tmp_path):
    src = write_raster(tmp_path / "dem.tif", fractal_dem(40, 30))
    with pytest.raises(FlacRasterError, match="whole tiles"):
        raster_to_flac(str(src), str(tmp_path / "dem.flac"), predictor="interp")
    assert not (tmp_path / "dem.flac").exists()


@pytest.mark.parametrize("field,value", [("predictor", "interp"), ("runs", "rle")])
def test_plain_file_claiming_tile_tools_is_refused(tmp_path, field, value):
    """A plain file's encoding tag (checksum recomputed) naming interp or runs is damage."""
    from mutagen.flac import FLAC
    from flac_raster_qgis.core.formats import plain
    src = write_raster(tmp_path / "dem.tif", fractal_dem(40, 30))
    flac = tmp_path / "dem.flac"
    raster_to_flac(str(src), str(flac))
    audio = FLAC(str(flac))
    encoding = json.loads(audio[plain.TAG_ENCODING][0])
    encoding[field] = value
    text = json.dumps(encoding, separators=(",", ":"))
    audio[plain.TAG_ENCODING] = text
    audio[plain.TAG_CHECKSUM] = plain.tags_checksum(audio[plain.TAG_RASTER][0], text)
    audio.save()
    with pytest.raises(CorruptFileError, match="streaming tiles, not plain files"):
        open_flac(str(flac))


# --- run-length ----------------------------------------------------------------------------

@settings(max_examples=80, deadline=None)
@given(st.sampled_from([np.int16, np.int32]).flatmap(
    lambda t: hnp.arrays(t, st.tuples(st.integers(0, 300), st.integers(1, 7)),
                         elements=st.integers(-2, 2).map(t))))
def test_runs_round_trip(samples):
    runs = runlength.encode(samples)
    assert runs.shape[1] == samples.shape[1] + 1 and runs.dtype == samples.dtype
    assert bits_equal(runlength.decode(runs, samples.shape[0]), samples)


@settings(max_examples=60, deadline=None)
@given(dtype=st.sampled_from(["uint8", "int16", "uint16", "int32", "float32", "float64"]),
       count=st.integers(1, 4), rows=st.integers(1, 40), cols=st.integers(1, 40),
       run=st.integers(1, 12), seed=st.integers(0, 2 ** 16), masked=st.booleans())
def test_blocks_of_repeated_values_round_trip_whatever_is_chosen(dtype, count, rows, cols, run,
                                                                 seed, masked):
    """Repeated values (runs, interpolation-like steps) in every type, with and without mask."""
    rng = np.random.default_rng(seed)
    coarse = rng.integers(0, 100, size=(count, rows, -(-cols // run)))
    arrays = np.repeat(coarse, run, axis=2)[:, :, :cols].astype(dtype)
    if dtype.startswith("float"):
        arrays[:, ::3, ::5] = np.nan
    mask = None
    if masked:
        mask = np.where(rng.random((rows, cols)) < 0.9, 255, 0).astype(np.uint8)
    data, spec = encode_block(arrays, dtype, mask)
    back, back_mask = decode_block(data, spec, rows, cols)
    assert bits_equal(back, arrays)
    assert mask is None or bits_equal(back_mask, mask)


def test_runs_longer_than_the_sample_type_are_split():
    samples = np.zeros((100_000, 1), np.int16)
    samples[70_000:] = 5
    runs = runlength.encode(samples)
    assert runs[:, -1].astype(np.int64).max() <= np.iinfo(np.int16).max
    assert len(runs) == 4                         # 32768 + 32768 + 4464, then 30000
    assert bits_equal(runlength.decode(runs, 100_000), samples)


def test_damaged_runs_are_refused():
    runs = runlength.encode(np.arange(10, dtype=np.int16).reshape(-1, 1))
    with pytest.raises(CorruptFileError, match="cover 10 pixels"):
        runlength.decode(runs, 11)
    bad = runs.copy()
    bad[0, -1] = -5
    with pytest.raises(CorruptFileError, match="negative"):
        runlength.decode(bad, 10)


@settings(max_examples=120, deadline=None)
@given(runs=hnp.arrays(np.int16, st.tuples(st.integers(0, 40), st.integers(1, 4))),
       total=st.integers(0, 5000))
def test_hostile_runs_give_the_exact_size_or_a_clear_error(runs, total):
    """Whatever a damaged tile decodes to, the result has exactly the tile's size."""
    try:
        out = runlength.decode(runs, total)
    except CorruptFileError:
        return
    assert out.shape == (total, runs.shape[1] - 1)


def test_runny_tile_gets_runs_and_shrinks_several_fold():
    tile = runny()
    data, spec = encode_block(tile[None], "int16")
    plain, _ = encode_block(tile[None], "int16", runs="none")
    assert spec.runs == "rle" and len(data) < 0.5 * len(plain)
    assert bits_equal(decode_block(data, spec, *tile.shape)[0][0], tile)
    samples = decode_bytes(data)                  # any FLAC decoder: (run, length - 1) pairs
    assert samples.shape[1] == 2 and samples[:, 1].astype(np.int64).sum() + len(samples) \
        == tile.size


def test_smooth_tile_does_not_get_runs():
    _, spec = encode_block(fractal_dem(64, 64)[None], "int16")
    assert spec.runs == "none"


@pytest.mark.parametrize("predictor,runs", [("interp", "none"), ("vdiff", "rle"),
                                            ("interp", "rle")])
def test_band_after_band_layout_takes_both(predictor, runs):
    """More than 8 planes: one channel, bands in turn (format.md 4.3); runs add a second."""
    bands = np.stack([np.repeat(runny(24, 30, seed=k)[:, :15], 2, axis=1) for k in range(9)])
    mask = np.full((24, 30), 255, np.uint8)
    mask[5:9, 3:20] = 0
    data, spec = encode_block(bands, "int16", mask, predictor=predictor, runs=runs)
    assert spec.layout == "sequential" and (spec.predictor, spec.runs) == (predictor, runs)
    back, back_mask = decode_block(data, spec, 24, 30)
    assert bits_equal(back, bands) and bits_equal(back_mask, mask)


def test_runs_need_a_free_channel():
    bands = np.zeros((8, 16, 16), np.uint8)
    _, spec = encode_block(bands, "uint8", runs="rle")
    assert spec.runs == "none" and spec.channels == 8
    obj = spec.to_json()
    obj["runs"] = "rle"
    with pytest.raises(CorruptFileError, match="free FLAC channel"):
        StreamSpec.from_json(obj, "uint8", 8)


def test_run_length_tile_that_decodes_to_the_wrong_size_is_damaged():
    data, spec = encode_block(runny(32, 64)[None], "int16", runs="rle")
    with pytest.raises(CorruptFileError):
        decode_block(data, spec, 32, 65)


@pytest.mark.parametrize("field,value", [("runs", "lz77"), ("predictor", "wavelet")])
def test_unknown_values_are_corrupt(field, value):
    _, spec = encode_block(runny(32, 64)[None], "int16")
    obj = dict(spec.to_json(), **{field: value})
    with pytest.raises(CorruptFileError):
        StreamSpec.from_json(obj, "int16", 1)


@pytest.mark.skipif(shutil.which("flac") is None, reason="reference flac CLI missing")
@pytest.mark.parametrize("predictor,runs", [("interp", "none"), ("vdiff", "rle")])
def test_version_2_tiles_pass_the_reference_decoder(tmp_path, predictor, runs):
    data, _ = encode_block(runny(64, 128)[None], "int16", predictor=predictor, runs=runs)
    path = tmp_path / "tile.flac"
    path.write_bytes(data)
    result = subprocess.run(["flac", "-t", "-w", str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and "WARNING" not in result.stderr.upper(), result.stderr


# --- format version -------------------------------------------------------------------------

def header_of(path):
    raw = path.read_bytes()
    return raw, container.unpack_header(raw, len(raw))


def test_files_using_version_2_tools_say_so_and_round_trip(tmp_path):
    data = np.pad(upsampled(fractal_dem(64, 72)), ((0, 1), (0, 1)), mode="edge")  # 128 x 144
    data[64:, 64:128] = runny(64, 64)
    src = write_raster(tmp_path / "mixed.tif", data)
    out = tmp_path / "mixed.flac"
    create_streaming(str(src), str(out), tile_size=64)
    _, header = header_of(out)
    assert header.version == 2
    with open_flac(str(out)) as reader:
        used = {(e.spec.predictor, e.spec.runs) for lv in reader.index.levels for e in lv.tiles}
        back, _ = reader.read_window(0, 0, 0, 144, 128)
    assert ("interp", "none") in used and any(r == "rle" for _, r in used)
    assert bits_equal(back, read_all(src)[0])
    with open_flac(str(out)) as reader:
        info = reader.info()
    assert info["format_version"] == 2
    assert info["tile_coding"]["interp"] >= 1 and any("runs" in k for k in info["tile_coding"])
    assert sum(info["tile_coding"].values()) == sum(len(lv.tiles) for lv in
                                                     reader.index.levels)


def test_files_without_them_stay_version_1(tmp_path):
    src = write_raster(tmp_path / "dem.tif", fractal_dem(64, 64))
    out = tmp_path / "dem.flac"
    create_streaming(str(src), str(out), tile_size=32, predictor="vdiff")
    assert header_of(out)[1].version == 1


def test_version_1_header_with_version_2_tiles_is_refused(tmp_path):
    src = write_raster(tmp_path / "runs.tif", runny(64, 64))
    out = tmp_path / "runs.flac"
    create_streaming(str(src), str(out), tile_size=32)
    raw, header = header_of(out)
    assert header.version == 2
    index = json.loads(zlib.decompress(raw[header.index_offset:header.index_offset
                                           + header.index_length]))
    index["version"] = 1
    packed, raw_length = container.pack_index(index)
    data = raw[header.data_offset:header.data_offset + header.data_length]
    old = container.Header(1, 64, len(packed), raw_length, 64 + len(packed), len(data),
                           zlib.crc32(packed))
    out.write_bytes(container.pack_header(old) + packed + data)
    with pytest.raises(CorruptFileError, match="newer format version"):
        open_flac(str(out))
