"""Headless use: qgis_process with the plugin enabled in a fresh profile (a temporary HOME).

Calls ``/usr/bin/qgis_process.bin`` directly (Debian's ``qgis_process`` wrapper is broken in
3.22). QGIS's embedded Python finds the FLAC binding through PYTHONPATH here; ``make deploy`` installs
it into the profile's ``python/`` folder instead.
"""

import json
import os
import subprocess

import numpy as np
import pytest
import rasterio

from tests.core.test_plain_roundtrip import assert_same_raster, bits_equal
from tests.rasters import fractal_dem, write_raster

QGIS_PROCESS = "/usr/bin/qgis_process.bin"
PLUGIN = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__)))), "flac_raster_qgis")
ALGORITHMS = ["flacraster:rastertoflac", "flacraster:createstreaming", "flacraster:flactoraster",
              "flacraster:info", "flacraster:compare"]


class QgisProcess:
    def __init__(self, home, pythonpath):
        self.env = dict(os.environ, HOME=str(home), QT_QPA_PLATFORM="offscreen",
                        PYTHONPATH=pythonpath, PYTHONDONTWRITEBYTECODE="1")
        self.env.pop("QGIS_CUSTOM_CONFIG_PATH", None)

    def __call__(self, *args, check=True):
        proc = subprocess.run([QGIS_PROCESS, *map(str, args)], env=self.env, capture_output=True,
                              text=True, timeout=300, stdin=subprocess.DEVNULL)
        if check and proc.returncode != 0:
            raise AssertionError(f"qgis_process {args} failed ({proc.returncode}):\n"
                                 f"{proc.stdout}\n{proc.stderr}")
        return proc

    def run_json(self, alg_id, **params):
        proc = self("--json", "run", alg_id, "--", *[f"{k}={v}" for k, v in params.items()])
        return json.loads(proc.stdout)["results"]  # the whole stdout is one JSON document


@pytest.fixture(scope="module")
def qgis_process(tmp_path_factory):
    if not os.path.exists(QGIS_PROCESS):
        pytest.skip("qgis_process.bin is not installed")
    import plibflac
    home = tmp_path_factory.mktemp("home")
    plugins = home / ".local/share/QGIS/QGIS3/profiles/default/python/plugins"
    plugins.mkdir(parents=True)
    os.symlink(PLUGIN, plugins / "flac_raster_qgis")
    site = os.path.dirname(os.path.dirname(os.path.abspath(plibflac.__file__)))
    tool = QgisProcess(home, site)
    tool("plugins", "enable", "flac_raster_qgis")
    return tool


@pytest.fixture(scope="module")
def dem(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    return write_raster(folder / "dem.tif", fractal_dem(120, 100, seed=9), nodata=-32768)


def test_list_shows_all_five(qgis_process):
    out = qgis_process("list").stdout
    for alg_id in ALGORITHMS:
        assert alg_id in out
    help_text = qgis_process("help", "flacraster:flactoraster").stdout
    assert "EXTENT" in help_text and "INPUT" in help_text


def test_every_algorithm_runs_headless(qgis_process, dem, tmp_path):
    original = tmp_path / "original.tif"
    original.write_bytes(open(dem, "rb").read())
    plain = tmp_path / "plain.flac"
    res = qgis_process.run_json("flacraster:rastertoflac", INPUT=dem, COMPRESSION_LEVEL=8,
                                OUTPUT=plain)
    assert res["OUTPUT"] == str(plain) and plain.exists()
    back = tmp_path / "back.tif"
    qgis_process.run_json("flacraster:flactoraster", INPUT=plain, OUTPUT=back)
    assert_same_raster(original, back)
    res = qgis_process.run_json("flacraster:compare", RASTER_A=original, RASTER_B=back,
                                OUTPUT=tmp_path / "report.json")
    assert res["IDENTICAL"] is True and res["DIFFERING_PIXELS"] == 0
    assert json.loads((tmp_path / "report.json").read_text())["identical"] is True

    stream = tmp_path / "stream.flac"
    qgis_process.run_json("flacraster:createstreaming", INPUT=dem, TILE_SIZE=32,
                          COMPRESSION_LEVEL=5, OVERVIEWS="true", RESAMPLING=0, PREDICTOR=3,
                          OUTPUT=stream)
    info = qgis_process.run_json("flacraster:info", INPUT=stream, OUTPUT=tmp_path / "info.json")
    data = json.loads((tmp_path / "info.json").read_text())
    assert data["kind"] == "streaming" and info["FORMAT"] == data["format"]
    assert data["levels"][1]["resampling"] == "nearest"
    assert list(data["tile_coding"]) == ["interp"]     # PREDICTOR=3 forced on every tile
    extract = tmp_path / "extract.tif"
    qgis_process.run_json("flacraster:flactoraster", INPUT=stream,
                          EXTENT="10.2,10.5,49.3,49.6 [EPSG:4326]", OUTPUT=extract)
    with rasterio.open(extract) as ex, rasterio.open(original) as src:
        col = round((ex.transform.c - src.transform.c) / src.transform.a)
        row = round((ex.transform.f - src.transform.f) / src.transform.e)
        assert 0 < ex.width < src.width and 0 < ex.height < src.height
        window = rasterio.windows.Window(col, row, ex.width, ex.height)
        assert bits_equal(ex.read(), src.read(window=window))


def test_temporary_outputs(qgis_process, dem, tmp_path):
    """TEMPORARY_OUTPUT is accepted by every output; qgis_process deletes its temporary
    folder on exit (QGIS behaviour), so only the reported paths can be checked."""
    flac = tmp_path / "t.flac"
    qgis_process.run_json("flacraster:rastertoflac", INPUT=dem, OUTPUT=flac)
    runs = [("flacraster:rastertoflac", {"INPUT": dem}, ".flac"),
            ("flacraster:createstreaming", {"INPUT": dem, "TILE_SIZE": 64}, ".flac"),
            ("flacraster:flactoraster", {"INPUT": flac}, ".tif"),
            ("flacraster:info", {"INPUT": flac}, ".json"),
            ("flacraster:compare", {"RASTER_A": dem, "RASTER_B": dem}, ".json")]
    for alg_id, params, suffix in runs:
        res = qgis_process.run_json(alg_id, OUTPUT="TEMPORARY_OUTPUT", **params)
        assert res["OUTPUT"].endswith(suffix) and "processing_" in res["OUTPUT"], alg_id


def test_url_input(qgis_process, dem, tmp_path, nginx_server):
    stream = tmp_path / "s.flac"
    from flac_raster_qgis.core.api import create_streaming
    create_streaming(dem, stream, tile_size=32)
    nginx_server.put("qp.flac", stream.read_bytes())
    out = tmp_path / "from_url.tif"
    qgis_process.run_json("flacraster:flactoraster", INPUT=nginx_server.url("qp.flac"),
                          EXTENT="10.2,10.3,49.5,49.6 [EPSG:4326]", OUTPUT=out)
    assert out.exists()
    assert all(e.range for e in nginx_server.log_entries() if e.method == "GET")


@pytest.mark.parametrize("alg_id,params,words", [
    ("flacraster:flactoraster", {"INPUT": "/nonexistent/x.flac", "OUTPUT": "{tmp}/x.tif"},
     "does not exist"),
    ("flacraster:flactoraster", {"INPUT": "{dem}", "OUTPUT": "{tmp}/x.tif"}, "FLAC"),
    ("flacraster:rastertoflac", {"INPUT": "/nonexistent/in.tif", "OUTPUT": "{tmp}/x.flac"},
     "INPUT"),
    ("flacraster:info", {"INPUT": "{tmp}/text.flac"}, "FLAC"),
    ("flacraster:compare", {"RASTER_A": "{dem}", "RASTER_B": "{tmp}/text.flac"}, "RASTER_B"),
])
def test_bad_input_fails_readably(qgis_process, dem, tmp_path, alg_id, params, words):
    (tmp_path / "text.flac").write_text("not audio")
    args = [f"{k}={v.format(tmp=tmp_path, dem=dem)}" for k, v in params.items()]
    proc = qgis_process("run", alg_id, "--", *args, check=False)
    assert proc.returncode != 0
    assert words.lower() in (proc.stdout + proc.stderr).lower()
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "x.tif").exists() and not (tmp_path / "x.flac").exists()


def test_json_output_stays_clean(qgis_process, dem, tmp_path):
    proc = qgis_process("--json", "run", "flacraster:compare", "--", f"RASTER_A={dem}",
                        f"RASTER_B={dem}")
    doc = json.loads(proc.stdout)
    assert doc["results"]["IDENTICAL"] is True
    assert doc["algorithm_details"]["id"] == "flacraster:compare"
    assert np.isfinite(doc["results"]["DIFFERING_PIXELS"])


def test_sigterm_stops_a_run_without_leaving_a_partial_file(qgis_process, tmp_path):
    """qgis_process is our process: SIGTERM is handled like a cancel (core/signals.py), the
    output's temporary file is removed (issue 13 #11)."""
    import signal
    import time
    from tests.reliability_report import record
    src = write_raster(tmp_path / "big.tif", np.random.default_rng(0).integers(
        -3000, 3000, (2500, 2500)).astype(np.int16))
    out = tmp_path / "out.flac"
    child = subprocess.Popen(
        [QGIS_PROCESS, "run", "flacraster:createstreaming", "--", f"INPUT={src}",
         f"OUTPUT={out}"], env=qgis_process.env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and child.poll() is None and not any(
            ".part" in n for n in os.listdir(tmp_path)):
        time.sleep(0.005)
    assert child.poll() is None, "the run ended before it could be interrupted"
    child.send_signal(signal.SIGTERM)
    stdout, stderr = child.communicate(timeout=120)
    assert child.returncode != 0
    left = [n for n in os.listdir(tmp_path) if n.startswith((".out", "out"))]
    assert left == [], (left, stdout[-800:], stderr[-800:])   # (QGIS may add big.tif.aux.xml)
    assert "Stopped by a signal" in stdout + stderr
    record("outputs", "SIGTERM during qgis_process run flacraster:createstreaming", 1,
           "stopped; no output and no .part left")
