"""Demo section: "Netflix for rasters" — a streaming FLAC on a real web server (nginx on
127.0.0.1), read with HTTP range requests: only the tiles under an extent travel.

Called by scripts/demo.py as ``run(src, work, say)``. Skipped (with a note) when nginx is not
installed; fails loudly if the remote extent is not bit-exact against GDAL's own read.
"""

import os
import shutil
import time


def run(src, work, say):
    say("")
    say("HTTP range streaming (a real nginx on 127.0.0.1):")
    if shutil.which("nginx") is None and not os.path.exists("/usr/sbin/nginx"):
        say("  skipped: nginx is not installed (make deps installs it)")
        return
    import rasterio
    from rasterio.windows import Window

    from flac_raster_qgis.core import create_streaming, flac_to_raster, open_flac
    from tests.servers import NginxServer

    flac = os.path.join(work, "dem_http.flac")
    create_streaming(src, flac, tile_size=256, overwrite=True)
    server = NginxServer(os.path.join(work, "nginx")).start()
    try:
        shutil.copy(flac, server.root / "dem.flac")
        url = server.url("dem.flac")
        with open_flac(url) as reader:
            size = reader.source.size
            w, h = reader.meta["width"], reader.meta["height"]
            c, a, _b, f, _d, e = reader.meta["transform"]
            col, row, cols, rows = w // 4, h // 3, w // 5, h // 5
            bounds = (c + a * col, f + e * (row + rows), c + a * (col + cols), f + e * row)
            out = os.path.join(work, "dem_http_extent.tif")
            t0 = time.perf_counter()
            flac_to_raster(url, out, bounds=bounds, overwrite=True)
            elapsed = time.perf_counter() - t0
        entries = server.log_entries()
        fetched = sum(entry.body_bytes for entry in entries)
        with rasterio.open(src) as a_ds, rasterio.open(out) as b_ds:
            exact = (a_ds.read(window=Window(col, row, cols, rows)).tobytes()
                     == b_ds.read().tobytes())
        say(f"  served {url}")
        say(f"  extent {cols}x{rows} px: {len(entries)} HTTP request(s), {fetched:,d} of "
            f"{size:,d} bytes fetched ({100.0 * fetched / size:.1f} % of the file) in "
            f"{elapsed:.2f} s")
        say(f"  remote extent bit-exact vs GDAL: {'YES' if exact else 'NO'}")
        if not exact:
            raise SystemExit("FAILED: the remote extent is not bit-exact")
    finally:
        server.stop()
