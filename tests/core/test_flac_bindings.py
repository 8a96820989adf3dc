"""The two FLAC bindings (plibflac, the default, and pyflac) behind core/codec/flac_binding.py:
each round-trips every sample width and channel count bit for bit, each decodes the other's
files, every failure is a FlacRasterError, and the codec imports with either one missing."""

import importlib
import io
import os
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

from flac_raster_qgis.core.codec import flac_binding, flac_codec
from flac_raster_qgis.core.errors import CorruptFileError, EncodeError, MissingDependencyError
from flac_raster_qgis.core.codec.flac_codec import (FlacStreamReader, FlacStreamWriter,
                                                    decode_bytes, encode_samples)
from tests.conftest import FLAC_BINDINGS
from tests.rasters import fractal_dem

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def installed(name):
    return importlib.import_module(f"flac_raster_qgis.core.codec.flac_{name}").available()


def samples_of(dtype, channels, n=20000, seed=3):
    info = np.iinfo(dtype)
    rng = np.random.default_rng(seed)
    out = rng.integers(info.min, info.max, size=(n, channels), endpoint=True, dtype=dtype)
    out[: n // 2] = np.cumsum(rng.integers(-4, 5, size=(n // 2, channels)), axis=0).astype(dtype)
    out[0], out[1] = info.min, info.max
    return out


def encoded(samples, level=5, blocksize=0):
    buf = io.BytesIO()
    writer = FlacStreamWriter(buf, samples.shape[1], samples.dtype.itemsize * 8, level,
                              blocksize)
    writer.write(samples[: len(samples) // 3])
    writer.write(samples[len(samples) // 3:])
    writer.close()
    return buf.getvalue()


@pytest.mark.parametrize("dtype", ["int16", "int32"])
@pytest.mark.parametrize("channels", [1, 2, 3, 8])
def test_round_trip_bit_for_bit(each_flac_binding, dtype, channels):
    samples = samples_of(dtype, channels)
    out = decode_bytes(encoded(samples), expected_samples=len(samples), channels=channels)
    assert out.dtype == samples.dtype
    assert np.array_equal(out, samples)


@pytest.mark.parametrize("level,blocksize", [(0, 0), (5, 0), (8, 0), (5, 16384)])
def test_levels_and_block_sizes(each_flac_binding, level, blocksize):
    samples = samples_of("int16", 2, n=70000)
    out = decode_bytes(encoded(samples, level, blocksize))
    assert np.array_equal(out, samples)


def test_frames_stream_from_a_file_in_pieces(each_flac_binding, tmp_path):
    samples = samples_of("int32", 3, n=600000)
    path = tmp_path / "s.flac"
    with open(path, "wb") as fh:
        encode_samples(samples, fh)
    with open(path, "rb") as fh:
        parts = list(FlacStreamReader(fh).frames())
    assert len(parts) > 1 and np.array_equal(np.concatenate(parts), samples)


@pytest.mark.parametrize("writer_binding", FLAC_BINDINGS)
@pytest.mark.parametrize("dtype,channels", [("int16", 1), ("int16", 4), ("int32", 2)])
def test_each_binding_decodes_the_others_files(monkeypatch, writer_binding, dtype, channels):
    if not all(installed(b) for b in FLAC_BINDINGS):
        pytest.skip("needs both FLAC bindings")
    samples = samples_of(dtype, channels)
    monkeypatch.setenv(flac_binding.BINDING_ENV, writer_binding)
    data = encoded(samples)
    for reader in FLAC_BINDINGS:
        monkeypatch.setenv(flac_binding.BINDING_ENV, reader)
        assert np.array_equal(decode_bytes(data), samples), (writer_binding, reader)


def test_plibflac_keeps_the_finer_rice_partitions(monkeypatch):
    """Level 5 with partition order 8 (the streamable subset's limit): never larger than
    libFLAC's default order, and no larger than pyflac's files (which cannot set it)."""
    if not installed("plibflac"):
        pytest.skip("plibflac is not installed")
    dem = fractal_dem(512, 512).astype(np.int16).reshape(-1, 1)
    monkeypatch.setenv(flac_binding.BINDING_ENV, "plibflac")
    tuned = len(encoded(dem))
    buf = io.BytesIO()
    writer = FlacStreamWriter(buf, 1, 16, 5, partition_order=6)    # libFLAC's level-5 default
    writer.write(dem)
    writer.close()
    assert tuned <= len(buf.getvalue())
    if installed("pyflac"):
        monkeypatch.setenv(flac_binding.BINDING_ENV, "pyflac")
        assert tuned <= len(encoded(dem))


# -- damaged input and failures: always a FlacRasterError -----------------------------------

@pytest.fixture
def stream():
    samples = samples_of("int16", 2, n=60000)
    return samples, encoded(samples)


def test_flipped_byte_in_a_frame(each_flac_binding, stream):
    samples, data = stream
    bad = bytearray(data)
    bad[len(bad) // 2] ^= 0xFF
    with pytest.raises(CorruptFileError):
        decode_bytes(bytes(bad))


def test_md5_mismatch(each_flac_binding, stream):
    samples, data = stream
    bad = bytearray(data)
    bad[30] ^= 0x01                    # inside STREAMINFO's MD5 signature
    with pytest.raises(CorruptFileError, match="MD5"):
        decode_bytes(bytes(bad))


@pytest.mark.parametrize("data", [b"", b"fLaC", b"garbage" * 500, b"\0" * 10000])
def test_not_flac_at_all(each_flac_binding, data):
    before = threading.active_count()
    with pytest.raises(CorruptFileError):
        decode_bytes(data)
    assert threading.active_count() <= before      # no decoder thread left behind


def test_truncated_stream(each_flac_binding, stream):
    samples, data = stream
    with pytest.raises(CorruptFileError):
        decode_bytes(data[: len(data) // 2], expected_samples=len(samples))


def test_more_samples_than_allowed(each_flac_binding, stream):
    samples, data = stream
    with pytest.raises(CorruptFileError, match="more samples"):
        decode_bytes(data, max_samples=len(samples) - 1)


def test_abandoning_frames_early_is_silent_and_leaves_no_thread(each_flac_binding, stream):
    samples, data = stream
    before = threading.active_count()
    for _ in range(5):
        frames = FlacStreamReader(io.BytesIO(data)).frames()
        first = next(frames)
        frames.close()
        assert np.array_equal(first, samples[: len(first)])
    assert threading.active_count() <= before


class BrokenFile(io.BytesIO):
    def write(self, data):
        raise OSError("disk full")


def test_encoder_failure_is_an_encode_error(each_flac_binding):
    writer_file = BrokenFile()
    with pytest.raises(EncodeError):
        writer = FlacStreamWriter(writer_file, 1, 16)
        writer.write(samples_of("int16", 1, n=50000))
        writer.close()


def test_out_of_range_channels_and_widths_are_refused(each_flac_binding):
    with pytest.raises(ValueError):
        FlacStreamWriter(io.BytesIO(), 9, 16)
    with pytest.raises(ValueError):
        FlacStreamWriter(io.BytesIO(), 1, 24)


def test_unknown_forced_binding_is_a_missing_dependency(monkeypatch):
    monkeypatch.setenv(flac_binding.BINDING_ENV, "libsndfile")
    with pytest.raises(MissingDependencyError):
        flac_codec.FlacStreamWriter(io.BytesIO(), 1, 16)


def test_pyflac_decoders_of_other_code_are_unaffected():
    """We no longer touch pyflac's callbacks: its own StreamDecoder decodes our files."""
    if not installed("pyflac"):
        pytest.skip("pyflac is not installed")
    import pyflac
    samples = samples_of("int16", 2)
    frames = []
    decoder = pyflac.StreamDecoder(write_callback=lambda s, *_: frames.append(s.copy()))
    decoder.process(encoded(samples))
    decoder.finish()
    assert np.array_equal(np.concatenate(frames), samples)


# -- with one binding, or none, installed (a fresh process hides a package) -----------------

HIDDEN = textwrap.dedent("""
    import importlib.abc, io, json, sys
    hidden = set(sys.argv[1].split(",")) - {""}

    class Blocker(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in hidden:
                raise ImportError(f"{name} is hidden by the test")
            return None

    sys.meta_path.insert(0, Blocker())
    import numpy as np
    from flac_raster_qgis.core.codec import flac_binding, flac_codec
    from flac_raster_qgis.core.errors import MissingDependencyError
    try:
        samples = (np.arange(30000, dtype=np.int32) % 977 - 400).astype(np.int16).reshape(-1, 2)
        buf = io.BytesIO()
        flac_codec.encode_samples(samples, buf)
        same = bool((flac_codec.decode_bytes(buf.getvalue()) == samples).all())
        print(json.dumps({"binding": flac_binding.name(), "same": same}))
    except MissingDependencyError as exc:
        print(json.dumps({"binding": "", "error": str(exc)}))
""")


def run_hidden(*hidden):
    env = dict(os.environ, PYTHONPATH=ROOT)
    env.pop(flac_binding.BINDING_ENV, None)
    result = subprocess.run([sys.executable, "-c", HIDDEN, ",".join(hidden)], env=env,
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    import json
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("hidden,expected", [(("pyflac",), "plibflac"), (("plibflac",), "pyflac")])
def test_codec_works_with_either_binding_hidden(hidden, expected):
    if not installed(expected):
        pytest.skip(f"{expected} is not installed")
    assert run_hidden(*hidden) == {"binding": expected, "same": True}


def test_without_any_binding_the_message_says_what_to_install():
    report = run_hidden("plibflac", "pyflac")
    assert report["binding"] == ""
    assert "plibflac==" in report["error"] and "--only-binary" in report["error"]
