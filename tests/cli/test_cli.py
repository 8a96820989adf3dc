"""``flacraster`` from a fresh ``pip install`` (tests/cli/conftest.py), run as a user would:
round trips bit for bit, extracts from a real nginx with only the needed tiles on the wire,
exit statuses, and one plain line for each bad input with nothing left behind."""

import json
import os
import signal
import subprocess
import time

import numpy as np
import pytest
import rasterio

from flac_raster_qgis.core import query
from tests.cli.checks import assert_same_raster
from tests.rasters import fractal_dem, write_raster

HEAD_BYTES = 3072      # the HTTP source's speculative first read (core/sources/http.py HEAD_BYTES)


def one_error_line(result, *words):
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("flacraster"), lines[0]
    assert "Traceback" not in result.stderr
    for word in words:
        assert word.lower() in lines[0].lower(), lines[0]
    return lines[0]


@pytest.fixture
def rasters(workdir):
    """Small rasters of several kinds: int16 DEM with nodata, 3-band uint8, float32 with NaN."""
    rng = np.random.default_rng(5)
    dem = write_raster(workdir / "dem.tif", fractal_dem(130, 170), nodata=-9999)
    rgb = write_raster(workdir / "rgb.tif", rng.integers(0, 256, (3, 60, 80)).astype("uint8"),
                       crs="EPSG:32636")
    values = rng.normal(0, 50, (70, 90)).astype("float32")
    values[3:9, 4:20] = np.nan
    values[0, 0] = -0.0
    flt = write_raster(workdir / "f32.tif", values, nodata=float("nan"))
    return {"dem": dem, "rgb": rgb, "f32": flt}


@pytest.fixture
def noise_streaming(workdir, cli_venv):
    """A streaming file whose tiles are larger than the HTTP source's merge gap (noise
    compresses poorly), so a coalesced run can only hold tiles that were asked for."""
    rng = np.random.default_rng(11)
    src = write_raster(workdir / "noise.tif", rng.integers(0, 4000, (500, 600)).astype("int16"),
                       crs="EPSG:32633", transform=rasterio.transform.from_origin(
                           500000.0, 4000000.0, 10.0, 10.0))
    out = workdir / "noise.flac"
    result = cli_venv.run("create-streaming", src, "--tile-size", 128, "--output", out,
                          cwd=workdir)
    assert result.returncode == 0, result.stderr
    return src, out


# ----------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("kind", ["dem", "rgb", "f32"])
def test_convert_round_trip_is_bit_exact(cli_venv, workdir, rasters, kind):
    src = rasters[kind]
    assert cli_venv.run("convert", src, "-o", f"{kind}.flac", cwd=workdir).returncode == 0
    result = cli_venv.run("convert", f"{kind}.flac", "-o", f"{kind}_back.tif", cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert_same_raster(src, workdir / f"{kind}_back.tif")
    same = cli_venv.run("compare", src, f"{kind}_back.tif", cwd=workdir)
    assert same.returncode == 0 and "IDENTICAL" in same.stdout


def test_streaming_round_trip_and_module_entry_point(cli_venv, workdir, rasters):
    """create-streaming, convert --spatial and ``python -m flac_raster_qgis`` agree."""
    src = rasters["dem"]
    assert cli_venv.run("create-streaming", src, "--tile-size", 64, "--no-overviews",
                        "--output", "a.flac", cwd=workdir).returncode == 0
    result = cli_venv.run("convert", src, "--spatial", "--tile-size", 64, "-o", "b.flac",
                          cwd=workdir, module=True)
    assert result.returncode == 0, result.stderr
    for name in ("a", "b"):
        assert cli_venv.run("convert", f"{name}.flac", "-o", f"{name}.tif",
                            cwd=workdir).returncode == 0
        assert_same_raster(src, workdir / f"{name}.tif")
    facts = json.loads(cli_venv.run("info", "a.flac", "--json", cwd=workdir).stdout)
    assert len(facts["levels"]) == 1 and facts["format_version"] >= 1
    assert len(facts["tile_index"]) == 3 * 3


def test_batch_convert_in_parallel_processes(cli_venv, workdir, rasters):
    out = workdir / "out"
    out.mkdir()
    result = cli_venv.run("convert", *rasters.values(), "--output-dir", out, "--jobs", 2,
                          cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert sorted(os.listdir(out)) == ["dem.flac", "f32.flac", "rgb.flac"]
    back = workdir / "back"
    back.mkdir()
    flacs = sorted(out.glob("*.flac"))
    result = cli_venv.run("convert", *flacs, "--output-dir", back, "-j", 3, cwd=workdir)
    assert result.returncode == 0, result.stderr
    for kind, src in rasters.items():
        assert_same_raster(src, back / f"{kind}.tif")


def test_batch_reports_each_failure_and_converts_the_rest(cli_venv, workdir, rasters):
    (workdir / "broken.tif").write_text("not a raster")
    out = workdir / "out"
    out.mkdir()
    result = cli_venv.run("convert", rasters["dem"], "broken.tif", "--output-dir", out,
                          "--jobs", 2, cwd=workdir)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and "broken.tif" in errors[0]
    assert sorted(os.listdir(out)) == ["dem.flac"]


# ----------------------------------------------------------------------------- HTTP


def _logged_ranges(entries):
    return [e.range for e in entries]


def _expected_ranges(plan):
    """The Range headers a read of ``plan`` sends after the opening read."""
    out = []
    for start, length in plan.ranges:
        end = start + length
        if end <= HEAD_BYTES:
            continue
        out.append(f"bytes={max(start, HEAD_BYTES)}-{end - 1}")
    return out


@pytest.mark.parametrize("selector", [
    ("--bbox", "501000,3997000,502500,3998500"),   # 2 x 2 tiles
    ("--tile-id", "7"),
    ("--center",),
    ("--last",),
])
def test_extract_streaming_from_nginx_fetches_only_the_needed_tiles(
        cli_venv, workdir, noise_streaming, nginx_server, selector):
    src, flac = noise_streaming
    nginx_server.put("noise.flac", flac.read_bytes())
    url = nginx_server.url("noise.flac")
    tile = {"--tile-id": 7, "--center": "center", "--last": "last"}.get(selector[0])
    bounds = tuple(float(v) for v in selector[1].split(",")) if selector[0] == "--bbox" \
        else None
    plan = query(str(flac), bounds=bounds, tile=tile)   # the same bytes, planned locally
    assert len(plan.tiles) == 1 or all(t.length > 16384 for t in plan.tiles)
    nginx_server.clear_log()

    result = cli_venv.run("extract-streaming", url, *selector, "--output", "part.tif",
                          cwd=workdir)
    assert result.returncode == 0, result.stderr
    entries = nginx_server.log_entries()
    ranges = _logged_ranges(entries)
    assert ranges[0] == f"bytes=0-{HEAD_BYTES - 1}"          # header + index
    assert sorted(ranges[1:]) == sorted(_expected_ranges(plan))
    assert all(e.status == 206 for e in entries)
    fetched = sum(e.body_bytes for e in entries)
    needed = sum(t.length for t in plan.tiles)
    assert fetched <= HEAD_BYTES + needed < plan.file_size
    col, row, width, height = plan.window
    assert_same_raster(src, workdir / "part.tif",
                       window=rasterio.windows.Window(col, row, width, height))
    summary = result.stdout          # the command's answer: tiles and bytes against the size
    assert f"{len(plan.tiles)} tile(s)" in summary and f"of {plan.file_size} bytes" in summary
    assert f"read {fetched} of" in summary


def test_extract_requests_are_the_planned_ranges_when_tiles_are_small(
        cli_venv, workdir, rasters, nginx_server):
    """Small tiles merge into one request per tile row (the HTTP source's gap): the plan
    says exactly which ranges go out, and nothing else does."""
    flac = workdir / "small.flac"
    assert cli_venv.run("create-streaming", rasters["dem"], "--tile-size", 32, "-o", flac,
                        cwd=workdir).returncode == 0
    nginx_server.put("small.flac", flac.read_bytes())
    bounds = (10.5, 48.5, 11.2, 49.2)          # 70 x 70 px: 3-4 tiles each way
    plan = query(str(flac), bounds=bounds)
    assert len({t.row for t in plan.tiles}) >= 3 and len(plan.ranges) < len(plan.tiles)
    nginx_server.clear_log()
    result = cli_venv.run("extract-streaming", nginx_server.url("small.flac"), "--bbox",
                          ",".join(map(str, bounds)), "-o", "small.tif", cwd=workdir)
    assert result.returncode == 0, result.stderr
    ranges = _logged_ranges(nginx_server.log_entries())
    assert ranges[0] == f"bytes=0-{HEAD_BYTES - 1}"
    assert sorted(ranges[1:]) == sorted(_expected_ranges(plan))


def test_info_and_convert_from_a_url(cli_venv, workdir, noise_streaming, nginx_server):
    src, flac = noise_streaming
    nginx_server.put("noise.flac", flac.read_bytes())
    url = nginx_server.url("noise.flac")
    facts = json.loads(cli_venv.run("info", url, "--json", cwd=workdir).stdout)
    assert facts["width"] == 600 and facts["height"] == 500
    assert len(facts["tile_index"]) == 5 * 4
    result = cli_venv.run("convert", url, "-o", "whole.tif", cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert_same_raster(src, workdir / "whole.tif")
    text = cli_venv.run("spatial-info", url, cwd=workdir)
    assert text.returncode == 0 and "Tile index (level 0): 20 tile(s)" in text.stdout


def test_query_prints_the_plan_and_reads_it(cli_venv, workdir, noise_streaming):
    src, flac = noise_streaming
    result = cli_venv.run("query", flac, "--bbox", "501000,3997000,502500,3998500", cwd=workdir)
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["level"] == 0 and len(plan["tiles"]) == 4
    assert plan["bytes"] == sum(r["length"] for r in plan["ranges"]) < plan["file_size"]
    result = cli_venv.run("query", flac, "--bbox", "501000,3997000,502500,3998500",
                          "--format", "data", "--output", "q.tif", cwd=workdir)
    assert result.returncode == 0, result.stderr
    col, row, width, height = plan["window"]
    assert_same_raster(src, workdir / "q.tif",
                       window=rasterio.windows.Window(col, row, width, height))


# ----------------------------------------------------------------------------- compare


def test_compare_exit_statuses_and_export(cli_venv, workdir, rasters):
    dem = rasters["dem"]
    with rasterio.open(dem) as ds:
        data, profile = ds.read(), ds.profile
    data[0, 5, 5] += 1
    with rasterio.open(workdir / "changed.tif", "w", **profile) as ds:
        ds.write(data)
    same = cli_venv.run("compare", dem, dem, "--export", "same.json", cwd=workdir)
    assert same.returncode == 0
    assert json.loads((workdir / "same.json").read_text())["identical"] is True
    differ = cli_venv.run("compare", dem, "changed.tif", "-e", "differ.json", cwd=workdir)
    assert differ.returncode == 1 and "DIFFER" in differ.stdout
    report = json.loads((workdir / "differ.json").read_text())
    assert report["bands"][0]["differing_pixels"] == 1
    missing = cli_venv.run("compare", dem, "nope.tif", cwd=workdir)
    assert missing.returncode == 2
    one_error_line(missing, "nope.tif")


# ----------------------------------------------------------------------------- bad input


def _listing(folder):
    return sorted(p.name for p in folder.iterdir())


def test_bad_inputs_fail_with_one_line_and_no_output(cli_venv, workdir, noise_streaming,
                                                     nginx_server):
    _src, flac = noise_streaming
    (workdir / "text.tif").write_text("this is not a raster\n")
    (workdir / "text.flac").write_text("this is not a FLAC raster either\n")
    nginx_server.put("noise.flac", flac.read_bytes())
    before = _listing(workdir)
    cases = [
        (("convert", "missing.tif", "-o", "out.flac"), "does not exist"),
        (("convert", "text.tif", "-o", "out.flac"), "text.tif"),
        (("convert", "text.flac", "-o", "out.tif"), "not a FLAC raster"),
        (("info", "missing.flac"), "does not exist"),
        (("extract-streaming", nginx_server.url("noise.flac", norange=True), "--center",
          "-o", "out.tif"), "range"),
        (("extract-streaming", flac, "--bbox", "0,0,10,10", "-o", "out.tif"),
         "does not overlap"),
        (("extract-streaming", flac, "--center", "--last", "-o", "out.tif"),
         "not allowed with"),
        (("extract-streaming", flac, "--tile-id", "999", "-o", "out.tif"), "does not exist"),
        (("query", flac, "--bbox", "1,2,3", "--format", "ranges"), "four numbers"),
    ]
    for args, words in cases:
        result = cli_venv.run(*args, cwd=workdir)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        one_error_line(result, words)
        assert _listing(workdir) == before, args   # no output, no temporary file left


def test_secrets_in_urls_are_redacted(cli_venv, workdir, nginx_server):
    url = nginx_server.url("missing.flac").replace("http://", "http://alice:hunter2@") \
        + "?token=SECRET123&x=1"
    result = cli_venv.run("info", url, cwd=workdir)
    assert result.returncode == 2
    line = one_error_line(result)
    assert "SECRET123" not in result.stderr and "hunter2" not in result.stderr
    assert "REDACTED" in line or "***" in line


def test_the_environment_has_no_qgis(cli_venv, workdir):
    code = ("import importlib.util, flac_raster_qgis, flac_raster_qgis.cli\n"
            "assert importlib.util.find_spec('qgis') is None\n"
            "assert importlib.util.find_spec('PyQt5') is None\n")
    result = subprocess.run([str(cli_venv.python), "-c", code], cwd=workdir,
                            env=cli_venv.env(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_verbose_adds_the_traceback_and_version_comes_from_the_build(cli_venv, workdir):
    result = cli_venv.run("convert", "missing.tif", "-o", "x.flac", "-v", cwd=workdir)
    assert result.returncode == 2
    assert "Traceback" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("flacraster convert: error:")
    import configparser
    meta = configparser.ConfigParser(interpolation=None)
    meta.read(os.path.join(os.path.dirname(__file__), "..", "..", "metadata.txt"))
    version = cli_venv.run("--version", cwd=workdir)
    assert version.stdout.strip() == f"flacraster {meta['general']['version']}"


def test_existing_output_needs_force(cli_venv, workdir, rasters):
    assert cli_venv.run("convert", rasters["dem"], cwd=workdir).returncode == 0
    again = cli_venv.run("convert", rasters["dem"], cwd=workdir)
    assert again.returncode == 2
    one_error_line(again, "already exists", "--force replaces it")
    assert cli_venv.run("convert", rasters["dem"], "-f", cwd=workdir).returncode == 0


def test_progress_only_on_a_terminal(cli_venv, workdir, rasters):
    """Piped stderr: no progress (only the 'Wrote' note; -q: nothing at all)."""
    result = cli_venv.run("convert", rasters["dem"], "-o", "a.flac", cwd=workdir)
    assert result.returncode == 0 and "%" not in result.stderr
    quiet = cli_venv.run("convert", rasters["dem"], "-o", "b.flac", "-q", cwd=workdir)
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == ""


def test_progress_is_drawn_on_a_terminal(cli_venv, workdir, rasters):
    import pty
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run([str(cli_venv.flacraster), "convert", str(rasters["dem"]),
                               "-o", "t.flac"], cwd=workdir, env=cli_venv.env(),
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=follower, timeout=120)
        os.close(follower)
        follower = None
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:   # EIO: the terminal's other end is closed and drained
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        if follower is not None:
            os.close(follower)
        os.close(leader)
    assert proc.returncode == 0
    assert b"100%" in b"".join(chunks)


@pytest.mark.parametrize("parallel", [False, True], ids=["one-file", "batch-jobs-2"])
def test_sigterm_unwinds_like_ctrl_c(cli_venv, workdir, parallel):
    """SIGTERM during a conversion (or a batch in worker processes): exit status 143, no
    output and no temporary file."""
    rng = np.random.default_rng(3)
    inputs = [write_raster(workdir / f"big{i}.tif",
                           rng.normal(0, 1, (2500, 2500)).astype("float64"))
              for i in range(2 if parallel else 1)]
    out = workdir / "out"
    out.mkdir()
    args = [*inputs, "--output-dir", out, "--jobs", 2] if parallel \
        else [inputs[0], "-o", out / "big.flac"]
    proc = cli_venv.popen("convert", *args, cwd=workdir)
    deadline = time.monotonic() + 60
    wanted = len(inputs)
    while len(list(out.iterdir())) < wanted and proc.poll() is None \
            and time.monotonic() < deadline:
        time.sleep(0.01)          # the temporary outputs appeared: the work is under way
    if proc.poll() is not None:
        pytest.fail(f"the conversion ended before it could be interrupted: {proc.stderr.read()}")
    proc.send_signal(signal.SIGTERM)
    _stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 143, stderr
    assert "terminated" in stderr and "Traceback" not in stderr
    assert list(out.iterdir()) == []
