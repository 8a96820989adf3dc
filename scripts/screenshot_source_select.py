"""`make screenshot`: the data-source page in action, grabbed to docs/images/source_select.png.

Runs under Xvfb (a real X server, so real widgets and fonts): converts a DEM to a streaming
FLAC, serves it with a throw-away nginx on 127.0.0.1, opens the page beside a map canvas,
connects, loads the canvas extent (tile footprints on) and grabs the window once the map has
rendered. Uses the real SRTM excerpt from ../shared when present, a fractal DEM otherwise.
Run: ``xvfb-run -a .venv/bin/python -m scripts.screenshot_source_select [--out PNG]``.
"""

import argparse
import os
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED_DEM = os.path.join(ROOT, "..", "shared", "data", "srtm_ref_int16.tif")
DEFAULT_OUT = os.path.join(ROOT, "docs", "images", "source_select.png")


def make_dem(folder):
    if os.path.exists(SHARED_DEM):
        return SHARED_DEM
    from tests.rasters import fractal_dem, write_raster
    return write_raster(os.path.join(folder, "dem.tif"), fractal_dem(1024, 1024, seed=42),
                        crs="EPSG:4326", nodata=-32768)


def wait_until(app, predicate, timeout=120.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError("timed out")
        app.processEvents()
        time.sleep(0.01)


def style(layer):
    """A terrain colour ramp stretched over the layer's own value range."""
    from qgis.core import (QgsColorRampShader, QgsRasterBandStats, QgsRasterShader,
                           QgsSingleBandPseudoColorRenderer, QgsStyle)
    stats = layer.dataProvider().bandStatistics(1, QgsRasterBandStats.Min | QgsRasterBandStats.Max)
    ramp = QgsStyle.defaultStyle().colorRamp("Spectral")
    shader_fn = QgsColorRampShader(stats.minimumValue, stats.maximumValue, ramp)
    shader_fn.classifyColorRamp(8, -1)
    shader = QgsRasterShader()
    shader.setRasterShaderFunction(shader_fn)
    renderer = QgsSingleBandPseudoColorRenderer(layer.dataProvider(), 1, shader)
    renderer.setClassificationMin(stats.minimumValue)
    renderer.setClassificationMax(stats.maximumValue)
    layer.setRenderer(renderer)
    layer.triggerRepaint()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    sys.path.insert(0, ROOT)

    from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsProject,
                           QgsProviderRegistry, QgsRectangle)
    from qgis.gui import QgsLayerTreeMapCanvasBridge, QgsMapCanvas
    from qgis.PyQt.QtCore import QSize, Qt
    from qgis.PyQt.QtWidgets import QMainWindow, QSplitter

    app = QgsApplication([], True)
    app.initQgis()
    from flac_raster_qgis.core import create_streaming
    from flac_raster_qgis.qgis_network import install_user_agent
    from flac_raster_qgis.gui.source_select import FlacSourceWidget
    from flac_raster_qgis.gui.temp_files import TempFiles
    from tests.servers import NginxServer

    work = tempfile.mkdtemp(prefix="flac_raster_screenshot_")
    server = NginxServer(work).start()
    temp_files = TempFiles()
    try:
        src = make_dem(work)
        create_streaming(src, os.path.join(str(server.root), "srtm_dem.flac"), tile_size=128)
        install_user_agent()

        window = QMainWindow()
        window.setWindowTitle("FLAC Raster — data source page")
        splitter = QSplitter(Qt.Orientation.Horizontal, window)
        # A QDialog: created without parent so that the splitter embeds it as a plain widget.
        page = FlacSourceWidget(widget_mode=QgsProviderRegistry.WidgetMode.Embedded,
                                temp_files=temp_files)
        canvas = QgsMapCanvas(splitter)
        canvas.setCanvasColor(Qt.GlobalColor.white)
        QgsLayerTreeMapCanvasBridge(QgsProject.instance().layerTreeRoot(), canvas, window)
        splitter.addWidget(page)
        splitter.addWidget(canvas)
        splitter.setSizes([560, 640])
        window.setCentralWidget(splitter)
        window.resize(QSize(1200, 720))
        window.show()
        canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
        page.setMapCanvas(canvas)
        done = []
        page.taskDone.connect(done.append)

        page.sourceCombo.setEditText(server.url("srtm_dem.flac"))
        page.footprintsCheck.setChecked(True)
        page.connect_source()
        wait_until(app, lambda: "connect" in done and not page.busy())
        if page.reader is None:
            raise RuntimeError(page.statusLabel.text())
        xmin, ymin, xmax, ymax = _bounds(page.reader.meta)
        dx, dy = xmax - xmin, ymax - ymin
        canvas.setExtent(QgsRectangle(xmin + 0.22 * dx, ymin + 0.25 * dy,
                                      xmin + 0.70 * dx, ymin + 0.72 * dy))
        page.fullResolutionCheck.setChecked(True)
        page.load_canvas_extent()
        wait_until(app, lambda: "fetch" in done and not page.busy())
        for layer in QgsProject.instance().mapLayers().values():
            if layer.type() == layer.RasterLayer:
                style(layer)
        canvas.setExtent(QgsRectangle(xmin + 0.10 * dx, ymin + 0.12 * dy,
                                      xmin + 0.82 * dx, ymin + 0.85 * dy))
        rendered = []
        canvas.mapCanvasRefreshed.connect(lambda: rendered.append(True))
        canvas.refreshAllLayers()
        wait_until(app, lambda: rendered)
        for _ in range(20):
            app.processEvents()
            time.sleep(0.02)
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        if not window.grab().save(args.out, "PNG"):
            raise RuntimeError(f"could not write {args.out}")
        sys.stdout.write(f"{args.out}\n")
        page.close_reader()
        QgsProject.instance().removeAllMapLayers()
        window.close()
        window.deleteLater()
        app.processEvents()
    finally:
        temp_files.cleanup()
        server.stop()
        import shutil
        shutil.rmtree(work, ignore_errors=True)
    app.exitQgis()
    return 0


def _bounds(meta):
    from flac_raster_qgis.core.raster.metadata import bounds
    return bounds(meta)


if __name__ == "__main__":
    sys.exit(main())
