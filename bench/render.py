"""Live layers in QGIS's renderer: our flacraster layer vs the same raster as a COG through
GDAL's /vsicurl/, both served by the same nginx on 127.0.0.1 in the same run.

* first render: time from creating the layer (open + default style) to a finished
  1600x1000 render of the whole raster with QgsMapRendererParallelJob, cold (a fresh URL, so
  no cache helps), and the bytes nginx sent for each;
* renderer-driven reads: the views of the range-read benchmark (ranges.py) drawn by the
  renderer (a fresh layer per view, canvas at the view's resolution) against the API's bytes
  for the same views: the header request plus the render's requests, which must stay within
  2 % of the API. The layer's one-off style read (the coarsest overview, for whole-raster
  statistics) is reported apart and dropped from the cache before the render, so the render
  pays for every tile it needs.
"""

import os
import shutil
import time

from flac_raster_qgis.core import api

from . import ranges
from .common import temp_dir

CANVAS = (1600, 1000)
_app = []


def _qgis():
    """A headless QGIS application (once per process) with the flacraster provider."""
    from qgis.core import QgsApplication
    if QgsApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QgsApplication([], False)
        app.initQgis()
        _app.append(app)
    from flac_raster_qgis.provider import registration
    registration.register()
    from osgeo import gdal
    gdal.SetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR")


def render_view(layer, extent, size):
    """One finished QgsMapRendererParallelJob render of ``extent`` at ``size`` (the demo's
    live-layer section uses it too); render errors raise RuntimeError."""
    from qgis.core import QgsMapRendererParallelJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setOutputSize(QSize(*size))
    settings.setExtent(extent)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    errors = [e.message for e in job.errors()]
    if errors:
        raise RuntimeError(f"render failed: {errors}")
    return job.renderedImage()


def _bytes(server, name):
    entries = [e for e in server.log_entries() if name in e.path]
    return len(entries), sum(e.body_bytes for e in entries)


def _first_render_once(server, key, uri, provider, name):
    from qgis.core import QgsRasterLayer
    server.clear_log()
    t0 = time.perf_counter()
    layer = QgsRasterLayer(uri, key, provider)
    if not layer.isValid():
        raise RuntimeError(f"{key} layer is invalid: {layer.error().message()}")
    render_view(layer, layer.extent(), CANVAS)
    seconds = time.perf_counter() - t0
    requests, nbytes = _bytes(server, name)
    return {"seconds": seconds, "requests": requests, "bytes": nbytes}


def first_render(server, reps, log):
    """Median seconds and bytes to the first full render, ours vs COG. Every run is cold (a
    fresh URL: no cache helps); one warm-up run each first, so neither pays for imports."""
    import statistics
    runs = {"ours": [], "cog": []}
    for n in range(reps + 1):
        for key, uri, provider, name in (
                ("ours", server.url("ours.flac") + f"?first={n}", "flacraster", "ours.flac"),
                ("cog", "/vsicurl/" + server.url("cog.tif") + f"?first={n}", "gdal",
                 "cog.tif")):
            result = _first_render_once(server, key, uri, provider, name)
            if n:                                  # n == 0 is the warm-up
                runs[key].append(result)
    out = {}
    for key, results in runs.items():
        out[key] = {"seconds": statistics.median(r["seconds"] for r in results),
                    "requests": results[-1]["requests"], "bytes": results[-1]["bytes"],
                    "runs": len(results)}
    out["ours_over_cog_seconds"] = out["ours"]["seconds"] / out["cog"]["seconds"]
    out["ours_over_cog_bytes"] = out["ours"]["bytes"] / out["cog"]["bytes"]
    log(f"    first {CANVAS[0]}x{CANVAS[1]} render (median of {reps}, cold): ours "
        f"{out['ours']['seconds']:.2f} s {out['ours']['bytes']:,} B in "
        f"{out['ours']['requests']} req | COG {out['cog']['seconds']:.2f} s "
        f"{out['cog']['bytes']:,} B in {out['cog']['requests']} req")
    return out


def _view_extent(transform, col, row, w, h, width, height):
    from qgis.core import QgsRectangle
    c, a, _b, f, _d, e = transform
    w, h = min(w, width - col), min(h, height - row)
    return QgsRectangle(c + a * col, f + e * (row + h), c + a * (col + w), f + e * row), w, h


def renderer_reads(server, width, height, transform, log, n0):
    """Per view of ranges.py: API bytes vs renderer bytes (header + render), cold reads."""
    from qgis.core import QgsRasterLayer
    rows, n = [], n0
    for label, factor, positions, w, h in ranges._views(width, height):
        api_bytes = rendered = style = 0
        for col, row in positions:
            n += 1
            api_bytes += ranges._read_ours(server, server.url("ours.flac") + f"?read={n}",
                                           factor, col, row, w, h)["bytes"]
            n += 1
            server.clear_log()
            layer = QgsRasterLayer(server.url("ours.flac") + f"?read={n}", "view", "flacraster")
            opened = [e for e in server.log_entries() if "ours.flac" in e.path]
            # The style read may have fetched the tiles this view needs: forget it, so the
            # render fetches exactly what the view costs (the header stays known).
            layer.dataProvider().reloadData()
            server.clear_log()
            extent, vw, vh = _view_extent(transform, col, row, w, h, width, height)
            render_view(layer, extent, (max(1, -(-vw // factor)), max(1, -(-vh // factor))))
            _req, render_bytes = _bytes(server, "ours.flac")
            header = opened[0].body_bytes if opened else 0
            rendered += header + render_bytes
            style += sum(e.body_bytes for e in opened[1:])
            del layer
        out = {"read": label, "api_bytes": api_bytes, "renderer_bytes": rendered,
               "renderer_over_api": rendered / api_bytes if api_bytes else None,
               "style_read_bytes": style, "reads": len(positions)}
        log(f"    {label:44s} API {api_bytes:>11,} B | renderer {rendered:>11,} B "
            f"({out['renderer_over_api']:.4f}) + style read {style:,} B")
        rows.append(out)
    return rows


def measure(ds, log=print, reps=5):
    import rasterio
    from tests.servers import NginxServer

    _qgis()
    tmp = temp_dir("render-")
    server = NginxServer(tmp).start()
    try:
        ours = os.path.join(server.root, "ours.flac")
        api.create_streaming(ds.path, ours)
        ranges._make_cog(ds.path, os.path.join(server.root, "cog.tif"))
        with rasterio.open(ds.path) as src:
            width, height = src.width, src.height
            transform = src.transform.to_gdal()
        out = {"dataset": ds.name, "canvas": list(CANVAS),
               "ours_file_bytes": os.path.getsize(ours),
               "cog_file_bytes": os.path.getsize(os.path.join(server.root, "cog.tif"))}
        out["first_render"] = first_render(server, reps, log)
        out["views"] = renderer_reads(server, width, height, transform, log, 100)
        worst = max(abs(v["renderer_over_api"] - 1) for v in out["views"])
        out["worst_renderer_vs_api"] = worst
        return out
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
        from flac_raster_qgis.provider import shared
        shared.close_all()
