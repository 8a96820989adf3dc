"""flac-raster 0.1.2's documented invocations (its README, "Usage" and "Example Workflow"),
run unchanged but for the program name and the example hosts (our nginx on 127.0.0.1).

Its users' scripts must keep working: every command exits 0 and writes what it says, and the
round trips are bit for bit.
"""

import json
import shlex

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from tests.cli.checks import assert_same_raster
from tests.rasters import fractal_dem, write_raster

# Verbatim from flac-raster 0.1.2's README; {url} stands for its example https:// hosts.
USAGE = """
flac-raster convert input.tif -o output.flac
flac-raster convert input.flac -o output.tif
flac-raster info file.tif
flac-raster info file.flac
flac-raster compare original.tif reconstructed.tif
flac-raster convert input.tif --spatial -o spatial.flac
flac-raster create-streaming input.tif --tile-size=1024 --output=streaming.flac
flac-raster convert input.tif --spatial --tile-size 256 -o spatial256.flac
flac-raster query spatial.flac --bbox "-105.3,40.3,-105.1,40.5"
flac-raster spatial-info spatial.flac
"""
STREAMING = """
flac-raster extract-streaming "{url}/streaming.flac" --center --output=center.tif
flac-raster extract-streaming "local_streaming.flac" --last --output=last_tile.tif
flac-raster extract-streaming "streaming.flac" --tile-id=60 --output=tile_60.tif
flac-raster extract-streaming "{url}/data.flac" --bbox="602380,3090240,609780,3097640" --output=bbox_tile.tif
flac-raster extract-streaming "{url}/streaming.flac" --tile-id=0 --output=northwest_corner.tif
flac-raster extract-streaming "{url}/streaming.flac" --bbox="554380,3144640,555380,3145640" --output=center_1km_bbox.tif
flac-raster convert "{url}/streaming.flac" --output=full_B04.tif
"""
WORKFLOW = """
flac-raster convert test_data/sample_dem.tif -v
flac-raster info test_data/sample_dem.flac
flac-raster convert test_data/sample_dem.flac -o test_data/dem_reconstructed.tif
flac-raster compare test_data/sample_dem.tif test_data/dem_reconstructed.tif
flac-raster compare test_data/sample_dem.tif test_data/dem_reconstructed.tif --export comparison.json
flac-raster convert test_data/sample_rgb.tif
flac-raster convert test_data/sample_rgb.flac -o test_data/rgb_reconstructed.tif
flac-raster compare test_data/sample_rgb.tif test_data/rgb_reconstructed.tif
"""


def _commands(text, **values):
    for line in text.strip().splitlines():
        words = shlex.split(line.format(**values))
        assert words[0] == "flac-raster"
        yield words[1:]


def _run_all(cli_venv, cwd, text, **values):
    for args in _commands(text, **values):
        result = cli_venv.run(*args, cwd=cwd)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        yield args, result


def test_usage_examples(cli_venv, workdir):
    # A raster around the README's query extent (-105.3,40.3,-105.1,40.5), EPSG:4326.
    write_raster(workdir / "input.tif", fractal_dem(300, 400, seed=2),
                 transform=from_origin(-105.6, 40.8, 0.002, 0.002), nodata=-32768)
    commands = list(_commands(USAGE))

    def run(args):
        result = cli_venv.run(*args, cwd=workdir)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        return result

    def copy(src, dst):
        (workdir / dst).write_bytes((workdir / src).read_bytes())

    run(commands[0])                       # convert input.tif -o output.flac
    copy("output.flac", "input.flac")
    copy("output.flac", "file.flac")
    copy("input.tif", "file.tif")
    copy("input.tif", "original.tif")
    run(commands[1])                       # convert input.flac -o output.tif
    copy("output.tif", "reconstructed.tif")
    results = {" ".join(args): run(args) for args in commands[2:]}
    assert_same_raster(workdir / "input.tif", workdir / "output.tif")
    assert "IDENTICAL" in results["compare original.tif reconstructed.tif"].stdout
    assert "GDAL GTiff" in results["info file.tif"].stdout
    assert "Size: 400 x 300 px" in results["info file.flac"].stdout
    plan = json.loads(results["query spatial.flac --bbox -105.3,40.3,-105.1,40.5"].stdout)
    assert plan["tiles"] and plan["bytes"] <= plan["file_size"]
    assert "Tile index (level 0)" in results["spatial-info spatial.flac"].stdout
    for name in ("spatial.flac", "streaming.flac", "spatial256.flac"):
        back = name.replace(".flac", "_back.tif")
        run(["convert", name, "-o", back])
        assert_same_raster(workdir / "input.tif", workdir / back)


def test_streaming_examples(cli_venv, workdir, nginx_server):
    # The README's Sentinel-2 tile (UTM 36N, 10 m) at 100 m: 1098 x 1098 px; 128-px tiles
    # give 9 x 9 = 81 tiles, so --tile-id=60 exists.
    rng = np.random.default_rng(4)
    data = (fractal_dem(1098, 1098, seed=9, dtype="float64") * 3
            + rng.integers(0, 20, (1098, 1098))).astype("uint16")
    src = write_raster(workdir / "B04.tif", data, crs="EPSG:32636",
                       transform=from_origin(499980.0, 3200040.0, 100.0, 100.0))
    result = cli_venv.run("create-streaming", src, "--tile-size=128", "--output=streaming.flac",
                          cwd=workdir)
    assert result.returncode == 0, result.stderr
    blob = (workdir / "streaming.flac").read_bytes()
    (workdir / "local_streaming.flac").write_bytes(blob)
    for name in ("streaming.flac", "data.flac"):
        nginx_server.put(name, blob)
    url = nginx_server.url("").rstrip("/")
    list(_run_all(cli_venv, workdir, STREAMING, url=url))
    with rasterio.open(src) as ds:
        def window(col, row, width, height):
            return rasterio.windows.Window(col, row, width, height)
        assert_same_raster(src, workdir / "center.tif", window(512, 512, 128, 128))
        assert_same_raster(src, workdir / "last_tile.tif", window(1024, 1024, 74, 74))
        assert_same_raster(src, workdir / "tile_60.tif", window(6 * 128, 6 * 128, 128, 128))
        assert_same_raster(src, workdir / "northwest_corner.tif", window(0, 0, 128, 128))
        assert ds.width == 1098
    assert_same_raster(src, workdir / "full_B04.tif")
    with rasterio.open(workdir / "bbox_tile.tif") as out:
        assert out.bounds.left <= 602380 and out.bounds.top >= 3097640


def test_example_workflow(cli_venv, workdir):
    data = workdir / "test_data"
    data.mkdir()
    write_raster(data / "sample_dem.tif", fractal_dem(200, 250, seed=1), nodata=-9999)
    rng = np.random.default_rng(8)
    write_raster(data / "sample_rgb.tif", rng.integers(0, 256, (3, 90, 110)).astype("uint8"))
    results = dict((" ".join(a), r) for a, r in _run_all(cli_venv, workdir, WORKFLOW))
    for key, result in results.items():
        if key.startswith("compare"):
            assert "IDENTICAL" in result.stdout, key
    assert json.loads((workdir / "comparison.json").read_text())["identical"] is True
    assert "Size: 250 x 200 px" in results["info test_data/sample_dem.flac"].stdout
    assert_same_raster(data / "sample_rgb.tif", data / "rgb_reconstructed.tif")


@pytest.mark.parametrize("text", [USAGE, STREAMING, WORKFLOW])
def test_every_documented_command_is_known(cli_venv, workdir, text):
    """--help of each documented command works (the parser knows all its flags)."""
    for args in _commands(text, url="http://127.0.0.1:1"):
        result = cli_venv.run(args[0], "--help", cwd=workdir)
        assert result.returncode == 0 and "usage:" in result.stdout
