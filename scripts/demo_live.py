"""Demo section: a live layer — the streaming FLAC on nginx opened as a QGIS raster layer on
the plugin's ``flacraster`` provider, rendered like any raster at two scales.

Called by scripts/demo.py as ``run(src, work, say)`` after the Processing section (which has
started a headless QGIS). Shows what a user of the map sees: each render reads the overview
level that matches the scale and only the tiles under the view; a second render of the same
view is served from memory; the provider's native-resolution block equals GDAL's read of the
same window bit for bit (or the demo fails).
"""

import os
import shutil
import time


def _native_block_matches(layer, src, col, row, cols, rows):
    """The provider's block of a window at native resolution against GDAL's read of it."""
    import numpy as np
    import rasterio
    from qgis.core import QgsRectangle
    from rasterio.windows import Window
    with rasterio.open(src) as ds:
        expected = ds.read(1, window=Window(col, row, cols, rows))
        left, top = ds.transform * (col, row)
        right, bottom = ds.transform * (col + cols, row + rows)
    block = layer.dataProvider().block(1, QgsRectangle(left, bottom, right, top), cols, rows)
    got = np.frombuffer(bytes(block.data()), dtype=expected.dtype).reshape(rows, cols)
    return got.tobytes() == expected.tobytes()


def run(src, work, say):
    say("")
    say("Live layer (the flacraster data provider, as the map canvas uses it):")
    if shutil.which("nginx") is None and not os.path.exists("/usr/sbin/nginx"):
        say("  skipped: nginx is not installed (make deps installs it)")
        return
    from qgis.core import QgsRasterLayer, QgsRectangle

    from bench.render import render_view
    from flac_raster_qgis.core import create_streaming
    from flac_raster_qgis.provider.registration import register, unregister
    from tests.servers import NginxServer

    flac = os.path.join(work, "dem_live.flac")
    create_streaming(src, flac, tile_size=256, overwrite=True)
    server = NginxServer(os.path.join(work, "nginx_live")).start()
    register()
    try:
        shutil.copy(flac, server.root / "dem.flac")
        url = server.url("dem.flac")
        layer = QgsRasterLayer(url, "dem", "flacraster")
        if not layer.isValid():
            raise SystemExit(f"FAILED: the live layer is invalid: {layer.error().message()}")
        size = os.path.getsize(flac)
        full = layer.extent()
        quarter = QgsRectangle(full.xMinimum(), full.center().y(), full.center().x(),
                               full.yMaximum())
        server.clear_log()
        for label, extent in (("whole raster", full), ("zoomed to a quarter", quarter)):
            for attempt in ("first", "again"):
                before = len(server.log_entries())
                t0 = time.perf_counter()
                render_view(layer, extent, (800, 500))
                elapsed = time.perf_counter() - t0
                entries = server.log_entries()[before:]
                fetched = sum(e.body_bytes for e in entries)
                say(f"  render 800x500, {label} ({attempt}): {len(entries)} request(s), "
                    f"{fetched:,d} of {size:,d} bytes ({100.0 * fetched / size:.1f} %), "
                    f"{elapsed:.2f} s")
        with __import__("rasterio").open(src) as ds:
            cols, rows = min(300, ds.width // 3), min(200, ds.height // 3)
            col, row = ds.width // 3, ds.height // 3
        exact = _native_block_matches(layer, src, col, row, cols, rows)
        say(f"  native-resolution block {cols}x{rows} px bit-exact vs GDAL: "
            f"{'YES' if exact else 'NO'}")
        if not exact:
            raise SystemExit("FAILED: the live layer's native block is not bit-exact")
        del layer
    finally:
        unregister()
        server.stop()
