"""A failure or cancel at any stage leaves no partial output and an existing file intact."""

import os
import subprocess
import sys
import textwrap

import pytest

from flac_raster_qgis.core import flac_to_raster, raster_to_flac
from flac_raster_qgis.core.errors import CancelledError
from flac_raster_qgis.core.feedback import Feedback
from tests.rasters import fractal_dem, write_raster
from tests.reliability_report import record

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def listing(folder):
    return sorted(os.listdir(folder))


@pytest.fixture
def dem(tmp_path):
    return write_raster(tmp_path / "dem.tif", fractal_dem(300, 260))


def cancel_after(calls):
    count = {"n": 0}

    def cancelled():
        count["n"] += 1
        return count["n"] > calls
    return Feedback(cancelled=cancelled)


@pytest.mark.parametrize("calls", [0, 1, 2, 3])
def test_cancel_at_each_stage_of_encode(tmp_path, dem, calls, monkeypatch):
    from flac_raster_qgis.core.formats import plain
    monkeypatch.setattr(plain, "WINDOW_BYTES", 20000)  # many windows, many checkpoints
    out = tmp_path / "out.flac"
    out.write_bytes(b"existing")
    before = listing(tmp_path)
    with pytest.raises(CancelledError):
        raster_to_flac(str(dem), str(out), overwrite=True, feedback=cancel_after(calls))
    assert listing(tmp_path) == before
    assert out.read_bytes() == b"existing"
    record("data safety", f"cancel during encode after {calls} checks", 1,
           "CancelledError; folder unchanged; existing output intact")


@pytest.mark.parametrize("calls", [0, 2, 5])
def test_cancel_at_each_stage_of_decode(tmp_path, dem, calls, monkeypatch):
    from flac_raster_qgis.core.formats import plain
    monkeypatch.setattr(plain, "WINDOW_BYTES", 20000)
    flac = tmp_path / "dem.flac"
    raster_to_flac(str(dem), str(flac))
    before = listing(tmp_path)
    with pytest.raises(CancelledError):
        flac_to_raster(str(flac), str(tmp_path / "back.tif"), feedback=cancel_after(calls))
    assert listing(tmp_path) == before
    record("data safety", f"cancel during decode after {calls} checks", 1,
           "CancelledError; folder unchanged")


def _run_with_file_size_limit(limit, code):
    """Run ``code`` in a child whose files may not grow past ``limit`` bytes (a full disk)."""
    script = textwrap.dedent(f"""
        import resource, signal, sys
        sys.path.insert(0, {ROOT!r})
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
    """) + textwrap.dedent(code)
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)


@pytest.mark.parametrize("limit", [100, 5000, 40000])
def test_full_disk_during_encode(tmp_path, dem, limit):
    out = tmp_path / "out.flac"
    out.write_bytes(b"existing")
    before = listing(tmp_path)
    result = _run_with_file_size_limit(limit, f"""
        from flac_raster_qgis.core import raster_to_flac
        raster_to_flac({str(dem)!r}, {str(out)!r}, overwrite=True)
    """)
    assert result.returncode != 0
    assert listing(tmp_path) == before
    assert out.read_bytes() == b"existing"
    record("data safety", f"full disk (file size limit {limit} B) during encode", 1,
           "error; folder unchanged; existing output intact")


@pytest.mark.parametrize("limit,options", [(100, None), (20000, None),
                                           (20000, "NUM_THREADS=2")])
def test_full_disk_during_decode(tmp_path, dem, limit, options):
    """Also with compression threads: GDAL 3.10 reports their write failures on stderr only."""
    flac = tmp_path / "dem.flac"
    raster_to_flac(str(dem), str(flac))
    back = tmp_path / "back.tif"
    back.write_bytes(b"existing")
    before = listing(tmp_path)
    result = _run_with_file_size_limit(limit, f"""
        from flac_raster_qgis.core import flac_to_raster
        flac_to_raster({str(flac)!r}, {str(back)!r}, overwrite=True,
                       creation_options={options!r})
    """)
    assert result.returncode != 0
    assert listing(tmp_path) == before
    assert back.read_bytes() == b"existing"
    record("data safety", f"full disk (file size limit {limit} B) during decode", 1,
           "error; folder unchanged; existing output intact")
