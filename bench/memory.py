"""Peak memory (RSS) converting a large raster to a streaming file and back.

The raster (10980x10980 uint16 by default, a Sentinel-2 tile's size) is generated window by
window from a periodic synthetic surface, so it has realistic texture without needing the
whole array in memory. Each conversion runs in its own child process, which reports its own
peak RSS (``VmHWM``) and its RSS right after imports (the interpreter's baseline).
"""

import json
import os
import subprocess
import sys
import time

import numpy as np

from .common import ROOT, fbm_surface, temp_dir

WINDOW_ROWS = 1024


def make_large(path, size, seed=11):
    import rasterio
    from rasterio.transform import from_origin
    from rasterio.windows import Window
    period = 2048
    base = (fbm_surface(period, seed) * 18000.0 + 500.0)
    profile = dict(driver="GTiff", width=size, height=size, count=1, dtype="uint16",
                   crs="EPSG:32632", transform=from_origin(300000.0, 5000040.0, 10.0, 10.0),
                   tiled=True, blockxsize=512, blockysize=512)
    cols = np.arange(size) % period
    with rasterio.open(path, "w", **profile) as ds:
        for row in range(0, size, WINDOW_ROWS):
            rows = np.arange(row, min(size, row + WINDOW_ROWS))
            block = base[np.ix_(rows % period, cols)]
            block += (rows[:, None] // period + cols[None, :] * 0) * 37.0  # no exact repeats
            ds.write(np.round(block).astype(np.uint16), 1,
                     window=Window(0, row, size, len(rows)))
    return path


def _status_mb(field):
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def child(mode, src, dst):
    """Runs in a fresh interpreter: one conversion, then prints its memory facts as JSON."""
    from flac_raster_qgis.core import api
    import rasterio  # noqa: F401  (part of the baseline every conversion pays)
    baseline = _status_mb("VmRSS")
    t0 = time.perf_counter()
    if mode == "to_streaming":
        api.create_streaming(src, dst, overwrite=True)
    else:
        api.flac_to_raster(src, dst, overwrite=True)
    seconds = time.perf_counter() - t0
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the forking parent.
    peak = _status_mb("VmHWM")
    print(json.dumps({"peak_rss_mb": peak, "baseline_rss_mb": baseline, "seconds": seconds}))


def _run_child(mode, src, dst):
    env = dict(os.environ, PYTHONPATH=ROOT)
    proc = subprocess.run([sys.executable, "-m", "bench.memory", mode, src, dst], cwd=ROOT,
                          env=env, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _same_raster(a_path, b_path):
    import rasterio
    from rasterio.windows import Window
    with rasterio.open(a_path) as a, rasterio.open(b_path) as b:
        if (a.width, a.height, a.count, a.dtypes) != (b.width, b.height, b.count, b.dtypes):
            return False
        for row in range(0, a.height, WINDOW_ROWS):
            win = Window(0, row, a.width, min(WINDOW_ROWS, a.height - row))
            if a.read(window=win).tobytes() != b.read(window=win).tobytes():
                return False
    return True


def measure(size=10980, log=print):
    tmp = temp_dir("memory-")
    src = make_large(os.path.join(tmp, "large.tif"), size)
    flac = os.path.join(tmp, "large.flac")
    back = os.path.join(tmp, "large_back.tif")
    out = {"size": [size, size], "dtype": "uint16", "raw_bytes": size * size * 2}
    out["to_streaming"] = _run_child("to_streaming", src, flac)
    out["to_geotiff"] = _run_child("to_geotiff", flac, back)
    out["lossless"] = _same_raster(src, back)
    out["peak_rss_mb"] = max(out["to_streaming"]["peak_rss_mb"], out["to_geotiff"]["peak_rss_mb"])
    out["flac_bytes"] = os.path.getsize(flac)
    log(f"    {size}x{size} uint16: to streaming peak {out['to_streaming']['peak_rss_mb']:.0f} MB "
        f"({out['to_streaming']['seconds']:.1f} s), back peak "
        f"{out['to_geotiff']['peak_rss_mb']:.0f} MB ({out['to_geotiff']['seconds']:.1f} s), "
        f"baseline {out['to_streaming']['baseline_rss_mb']:.0f} MB, lossless {out['lossless']}")
    for path in (src, flac, back):
        os.remove(path)
    return out


if __name__ == "__main__":
    child(*sys.argv[1:4])
