"""Demo section: the same work through QGIS Processing, as a model or qgis_process runs it.

Called by scripts/demo.py as ``run(src, work, say)``. Starts a headless QGIS, registers the
``flacraster`` provider, then: rastertoflac -> flactoraster -> compare (must be IDENTICAL), and
createstreaming -> flactoraster with an extent given in another CRS (Web Mercator) -> the
extract checked bit for bit against GDAL's read of the same window.
"""

import os
import shutil
import sys
import time

_KEEP = []  # QGIS objects that must outlive this function (provider, application)


def start_qgis():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication
    if QgsApplication.instance() is None:
        QgsApplication.setPrefixPath("/usr", True)
        app = QgsApplication([], False)
        app.initQgis()
        _KEEP.append(app)
    if "/usr/share/qgis/python/plugins" not in sys.path:
        sys.path.append("/usr/share/qgis/python/plugins")
    from processing.core.Processing import Processing
    Processing.initialize()
    registry = QgsApplication.processingRegistry()
    if registry.providerById("flacraster") is None:
        from flac_raster_qgis.processing.provider import FlacRasterProvider
        provider = FlacRasterProvider()
        _KEEP.append(provider)
        registry.addProvider(provider)


def web_mercator_extent(path, fraction=0.2):
    """A small box in the middle of the raster, as 'xmin,xmax,ymin,ymax [EPSG:3857]'."""
    import rasterio
    from rasterio.warp import transform_bounds
    with rasterio.open(path) as ds:
        left, bottom, right, top = ds.bounds
        crs = ds.crs
    cx, cy = (left + right) / 2, (bottom + top) / 2
    hw, hh = (right - left) * fraction / 2, (top - bottom) * fraction / 2
    xmin, ymin, xmax, ymax = transform_bounds(crs, "EPSG:3857", cx - hw, cy - hh, cx + hw, cy + hh)
    return f"{xmin!r},{xmax!r},{ymin!r},{ymax!r} [EPSG:3857]"


def window_matches(extract, source):
    import rasterio
    from rasterio.windows import Window
    with rasterio.open(extract) as ex, rasterio.open(source) as src:
        col = round((ex.transform.c - src.transform.c) / src.transform.a)
        row = round((ex.transform.f - src.transform.f) / src.transform.e)
        reference = src.read(window=Window(col, row, ex.width, ex.height))
        pixels = ex.read()
        return (pixels.dtype == reference.dtype and pixels.tobytes() == reference.tobytes(),
                (ex.width, ex.height, col, row))


def run(src, work, say):
    start_qgis()
    import processing

    # QGIS caches statistics in <raster>.aux.xml beside layers it opens: work on copies so
    # the caller's raster (maybe read-only shared data) is never touched.
    source = os.path.join(work, "processing_input.tif")
    reference = os.path.join(work, "processing_reference.tif")
    shutil.copyfile(src, source)
    shutil.copyfile(src, reference)
    say("")
    say("QGIS Processing (the flacraster provider, as the Toolbox, models and qgis_process use it):")

    t0 = time.perf_counter()
    flac = processing.run("flacraster:rastertoflac", {
        "INPUT": source, "COMPRESSION_LEVEL": 5,
        "OUTPUT": os.path.join(work, "processing.flac")})["OUTPUT"]
    back = processing.run("flacraster:flactoraster", {
        "INPUT": flac, "OUTPUT": os.path.join(work, "processing_back.tif")})["OUTPUT"]
    verdict = processing.run("flacraster:compare", {
        "RASTER_A": reference, "RASTER_B": back,
        "OUTPUT": os.path.join(work, "processing_compare.json")})
    t1 = time.perf_counter()
    say(f"  flacraster:rastertoflac -> flactoraster -> compare: IDENTICAL={verdict['IDENTICAL']}, "
        f"differing pixels {verdict['DIFFERING_PIXELS']} ({t1 - t0:.2f} s)")

    stream = processing.run("flacraster:createstreaming", {
        "INPUT": source, "TILE_SIZE": 256, "OVERVIEWS": True, "RESAMPLING": 1,
        "OUTPUT": os.path.join(work, "processing_streaming.flac")})["OUTPUT"]
    info = processing.run("flacraster:info", {"INPUT": stream})
    extent = web_mercator_extent(reference)
    t2 = time.perf_counter()
    extract = processing.run("flacraster:flactoraster", {
        "INPUT": stream, "EXTENT": extent,
        "OUTPUT": os.path.join(work, "processing_extract.tif")})["OUTPUT"]
    t3 = time.perf_counter()
    exact, (width, height, col, row) = window_matches(extract, reference)
    say(f"  flacraster:info: {info['FORMAT']}, compression ratio {info['COMPRESSION_RATIO']}")
    say(f"  flacraster:flactoraster EXTENT='{extent}'")
    say(f"    -> {width}x{height} px at ({col}, {row}) in {t3 - t2:.2f} s, "
        f"bit-exact vs GDAL: {'YES' if exact else 'NO'}")
    if verdict["IDENTICAL"] is not True or not exact:
        raise RuntimeError("The Processing round trip or extract is not bit-exact")
