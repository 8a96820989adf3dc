"""Our FLAC streams are standard: the reference `flac` tool verifies and decodes them to
exactly our samples, and `metaflac` lists our tags."""

import io
import shutil
import subprocess

import numpy as np
import pytest

from flac_raster_qgis.core.codec.flac_codec import decode_bytes, encode_samples
from flac_raster_qgis.core.formats.plain import read_tags
from flac_raster_qgis.core import raster_to_flac
from tests.rasters import fractal_dem, write_raster

# Each test runs once per FLAC binding (tests/conftest.py).
pytestmark = [pytest.mark.skipif(shutil.which("flac") is None, reason="reference flac CLI missing"),
              pytest.mark.usefixtures("each_flac_binding")]


def reference_decode(path, bits, channels):
    raw = subprocess.run(
        ["flac", "-d", "-s", "-c", "--force-raw-format", "--endian=little", "--sign=signed",
         str(path)], check=True, capture_output=True).stdout
    return np.frombuffer(raw, dtype="<i2" if bits == 16 else "<i4").reshape(-1, channels)


def test_flac_test_passes_without_warnings(tmp_path):
    flac = tmp_path / "dem.flac"
    raster_to_flac(str(write_raster(tmp_path / "dem.tif", fractal_dem(300, 200))), str(flac))
    result = subprocess.run(["flac", "-t", "-w", str(flac)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr.upper()


@pytest.mark.parametrize("dtype,channels", [("int16", 1), ("int16", 3), ("int32", 2),
                                            ("int32", 8)])
def test_reference_decoder_gives_our_samples(tmp_path, dtype, channels):
    info = np.iinfo(dtype)
    rng = np.random.default_rng(7)
    samples = rng.integers(info.min, info.max, size=(5000, channels), endpoint=True, dtype=dtype)
    samples[:50] = np.cumsum(rng.integers(-5, 6, size=(50, channels)), axis=0).astype(dtype)
    buf = io.BytesIO()
    encode_samples(samples, buf)
    path = tmp_path / "s.flac"
    path.write_bytes(buf.getvalue())
    ref = reference_decode(path, info.bits, channels)
    assert np.array_equal(ref, samples)
    assert np.array_equal(decode_bytes(buf.getvalue()), samples)


@pytest.mark.parametrize("dtype", ["uint8", "uint16", "float32", "float64", "uint32"])
def test_plain_file_samples_match_reference_decoder(tmp_path, dtype):
    """Whole plain files, every mapping: the CLI sees exactly the samples our reader sees."""
    rng = np.random.default_rng(3)
    data = (rng.normal(size=(2, 40, 30)) * 1000).astype(dtype)
    flac = tmp_path / "p.flac"
    raster_to_flac(str(write_raster(tmp_path / "p.tif", data)), str(flac))
    _, spec = read_tags(str(flac))
    ours = decode_bytes(flac.read_bytes())
    ref = reference_decode(flac, spec.bits, spec.channels)
    assert np.array_equal(ref, ours)
    assert subprocess.run(["flac", "-t", "-s", str(flac)]).returncode == 0


def test_metaflac_lists_our_tags(tmp_path):
    if shutil.which("metaflac") is None:
        pytest.skip("metaflac missing")
    flac = tmp_path / "t.flac"
    raster_to_flac(str(write_raster(tmp_path / "t.tif", fractal_dem(20, 20))), str(flac))
    listing = subprocess.run(["metaflac", "--list", "--block-type=VORBIS_COMMENT", str(flac)],
                             check=True, capture_output=True, text=True).stdout
    for tag in ("FLACRASTER_FORMAT=plain", "FLACRASTER_VERSION=1", "FLACRASTER_RASTER=",
                "FLACRASTER_ENCODING="):
        assert tag in listing
    info = subprocess.run(["metaflac", "--show-total-samples", "--show-md5sum", str(flac)],
                          check=True, capture_output=True, text=True).stdout.split()
    assert int(info[0]) == 400 and set(info[1]) != {"0"}
