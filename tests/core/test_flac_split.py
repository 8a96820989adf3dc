"""One FLAC stream decoded as two halves at once (core/flac_split.py, decode_bytes(submit=)):
each half is a standard stream, the halves give the whole stream's samples bit for bit, and a
wrong cut or damage never yields wrong samples (a wrong cut falls back to one decoder, damage
is still a CorruptFileError)."""

import io
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from flac_raster_qgis.core import api, flac_codec, flac_split
from flac_raster_qgis.core.errors import CorruptFileError
from flac_raster_qgis.core.flac_codec import FlacStreamWriter, decode_bytes
from tests.rasters import fractal_dem, write_raster

pytestmark = pytest.mark.usefixtures("each_flac_binding")


@pytest.fixture(scope="module")
def pool():
    with ThreadPoolExecutor(2) as executor:
        yield executor


def stream_of(dtype, channels, n=70000, seed=5):
    rng = np.random.default_rng(seed)
    walk = np.cumsum(rng.integers(-40, 41, size=(n, channels)), axis=0)
    samples = (walk % (1 << 15) if dtype == "int16" else walk * 70001).astype(dtype)
    samples[0] = np.iinfo(dtype).min
    buf = io.BytesIO()
    writer = FlacStreamWriter(buf, channels, samples.dtype.itemsize * 8)
    writer.write(samples)
    writer.close()
    return samples, buf.getvalue()


@pytest.mark.parametrize("dtype,channels", [("int16", 1), ("int16", 3), ("int32", 1),
                                            ("int32", 2)])
def test_halves_give_the_whole_stream_bit_for_bit(pool, dtype, channels):
    samples, data = stream_of(dtype, channels)
    cut = flac_split.plan(data)
    assert cut is not None
    head, offset, start, total = cut
    assert total == len(samples) and 0 < start < total and head < offset < len(data)
    first, second = flac_split.halves(data, cut)
    assert np.array_equal(decode_bytes(first, expected_samples=start), samples[:start])
    assert np.array_equal(decode_bytes(second, expected_samples=total - start),
                          samples[start:])
    out = decode_bytes(data, expected_samples=total, check_md5=False, submit=pool.submit)
    assert out.dtype == samples.dtype and np.array_equal(out, samples)


@pytest.mark.skipif(shutil.which("flac") is None, reason="reference flac CLI missing")
def test_each_half_is_a_standard_stream(tmp_path):
    _, data = stream_of("int16", 2)
    for k, half in enumerate(flac_split.halves(data, flac_split.plan(data))):
        path = tmp_path / f"half{k}.flac"
        path.write_bytes(half)
        result = subprocess.run(["flac", "-t", "-s", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_short_streams_are_not_cut():
    _, data = stream_of("int16", 1, n=3000)
    assert flac_split.plan(data) is None
    assert flac_split.plan(b"garbage" * 100) is None
    assert flac_split.plan(b"") is None


@pytest.mark.parametrize("wrong", ["inside_a_frame", "wrong_start"])
def test_a_wrong_cut_falls_back_to_one_decoder(pool, monkeypatch, wrong):
    """A sync code inside frame data (simulated: a cut one byte late) or a wrong first
    sample: the halves fail their checks, the stream is decoded whole, samples exact."""
    samples, data = stream_of("int16", 2)
    head, offset, start, total = flac_split.plan(data)
    bad = (head, offset + 1, start, total) if wrong == "inside_a_frame" else \
        (head, offset, start - 4096, total)
    monkeypatch.setattr(flac_split, "plan", lambda _data: bad)
    out = decode_bytes(data, expected_samples=total, check_md5=False, submit=pool.submit)
    assert np.array_equal(out, samples)


def test_damage_is_still_an_error(pool):
    samples, data = stream_of("int16", 2)
    head, offset, _, _ = flac_split.plan(data)
    for pos in (head + 100, offset + 100):        # in the first half, in the second
        bad = bytearray(data)
        bad[pos] ^= 0xFF
        with pytest.raises(CorruptFileError):
            decode_bytes(bytes(bad), expected_samples=len(samples), check_md5=False,
                         submit=pool.submit)


def test_more_samples_than_allowed_with_halves(pool):
    samples, data = stream_of("int16", 1)
    with pytest.raises(CorruptFileError):
        decode_bytes(data, max_samples=len(samples) - 1, check_md5=False, submit=pool.submit)


def test_single_tile_reads_use_two_decoders(tmp_path, monkeypatch):
    """A one-tile window goes through the halves (and stays exact)."""
    dem = fractal_dem(1024, 1024).astype(np.int16)
    src = write_raster(tmp_path / "dem.tif", dem)
    dst = tmp_path / "dem.flac"
    api.create_streaming(str(src), str(dst), overviews=False)
    calls = []
    real = flac_codec._decode_halves
    monkeypatch.setattr(flac_codec, "_decode_halves",
                        lambda *args: calls.append(1) or real(*args))
    with api.open_flac(str(dst)) as reader:
        arrays, _ = reader.read_window(0, 512, 0, 512, 512)
        assert calls and np.array_equal(arrays[0], dem[:512, 512:])
        calls.clear()
        arrays, _ = reader.read_window(0, 0, 0, 1024, 1024)   # several tiles: one each
        assert not calls and np.array_equal(arrays[0], dem)
