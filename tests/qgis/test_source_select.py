"""The data-source page against real QGIS (offscreen) and a real nginx on 127.0.0.1.

Each test builds the page with pytest-qgis's canvas, connects to a served streaming FLAC,
loads the canvas extent and waits for the QgsTask; then it checks the project's layers, their
extents and pixels (bit for bit against the source GeoTIFF) and nginx's access log (only the
tiles under the extent went over the wire).
"""

import os
import time

import numpy as np
import pytest
import rasterio
from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransform,
                       QgsProject, QgsRasterLayer, QgsRectangle, QgsVectorLayer)
from qgis.PyQt.QtCore import QCoreApplication
from rasterio.transform import from_origin
from rasterio.windows import Window

from flac_raster_qgis.core import create_streaming, open_flac
from flac_raster_qgis.core.raster.extent import plan, window_meta
from flac_raster_qgis.core.sources.http import HEAD_BYTES
from flac_raster_qgis.core.raster.metadata import bounds as meta_bounds
from flac_raster_qgis.gui.source_select import (FlacSourceSelectProvider, FlacSourceWidget,
                                                source_label)
from flac_raster_qgis.gui.temp_files import TempFiles
from tests.core.test_plain_roundtrip import bits_equal
from tests.rasters import fractal_dem, write_raster

pytestmark = pytest.mark.timeout(120)

PX = 10.0                      # metres; the source raster is in UTM 33N
ORIGIN = (500000.0, 5000000.0)
WIDTH, HEIGHT, TILE = 640, 448, 64      # 10 x 7 tiles at level 0
UTM = "EPSG:32633"
NAME = "dem.flac"


# -- fixtures ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def source(tmp_path_factory):
    folder = tmp_path_factory.mktemp("page")
    data = np.stack([fractal_dem(HEIGHT, WIDTH, seed=11), fractal_dem(HEIGHT, WIDTH, seed=12)])
    tif = write_raster(folder / "dem.tif", data, crs=UTM,
                       transform=from_origin(ORIGIN[0], ORIGIN[1], PX, PX), nodata=-32768)
    flac = folder / NAME
    create_streaming(str(tif), str(flac), tile_size=TILE)
    return str(tif), str(flac)


@pytest.fixture
def served(nginx_server, source):
    with open(source[1], "rb") as fh:
        nginx_server.put(NAME, fh.read())
    nginx_server.clear_log()
    return nginx_server


@pytest.fixture
def temp_files():
    files = TempFiles()
    yield files
    files.cleanup()


@pytest.fixture
def page(qgis_iface, qgis_canvas, qgis_new_project, temp_files):
    qgis_canvas.setDestinationCrs(QgsCoordinateReferenceSystem(UTM))
    widget = FlacSourceWidget(temp_files=temp_files)
    widget.transport_options = {"gap": 0, "timeout_ms": 5000, "retries": 0}
    widget.setMapCanvas(qgis_canvas)
    widget.done_events = []
    widget.taskDone.connect(widget.done_events.append)
    yield widget
    widget.cancel()
    wait_idle(widget)
    QgsProject.instance().removeAllMapLayers()
    widget.close_reader()
    widget.deleteLater()
    QCoreApplication.processEvents()


# -- helpers ----------------------------------------------------------------------------------

def wait_for(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the page")
        QCoreApplication.processEvents()
        time.sleep(0.005)


def wait_idle(widget, timeout=60.0):
    wait_for(lambda: not widget.busy(), timeout)


def run_and_wait(widget, action, kind, timeout=60.0):
    before = widget.done_events.count(kind)
    action()
    wait_for(lambda: widget.done_events.count(kind) > before and not widget.busy(), timeout)


def connect(widget, location):
    widget.sourceCombo.setEditText(location)
    run_and_wait(widget, widget.connect_source, "connect")


def load(widget):
    run_and_wait(widget, widget.load_canvas_extent, "fetch")


def pixel_rect(col, row, width, height, inset=0.3):
    """A canvas extent strictly inside the pixel window (so snapping gives that window)."""
    return QgsRectangle(ORIGIN[0] + (col + inset) * PX, ORIGIN[1] - (row + height - inset) * PX,
                        ORIGIN[0] + (col + width - inset) * PX, ORIGIN[1] - (row + inset) * PX)


def set_extent(canvas, rect, crs=UTM):
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem(crs))
    canvas.setExtent(rect)
    canvas.refresh()
    QCoreApplication.processEvents()


def group_layers(name=NAME):
    group = QgsProject.instance().layerTreeRoot().findGroup(name)
    return [] if group is None else [node.layer() for node in group.findLayers()]


def raster_layers(name=NAME):
    return [lyr for lyr in group_layers(name) if isinstance(lyr, QgsRasterLayer)]


def read_layer(layer):
    with rasterio.open(layer.source()) as ds:
        return ds.read(), ds.transform, ds.crs


def read_source(tif, window):
    with rasterio.open(tif) as ds:
        return ds.read(window=Window(*window)), ds.window_transform(Window(*window))


def tile_ranges(reader, level, window):
    return [(e.offset, e.length) for _t, e in reader.tiles_for_window(level, *window)]


def covered(ranges):
    """The byte intervals ``ranges`` cover, merged."""
    out = []
    for start, end in sorted((s, s + n) for s, n in ranges if n):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [tuple(x) for x in out]


def logged_ranges(server):
    out = []
    for entry in server.log_entries():
        assert entry.status == 206, entry
        first, last = entry.range.split("=")[1].split("-")
        out.append((int(first), int(last) - int(first) + 1))
    return out


def subtract(ranges, minus):
    """Bytes of ``ranges`` not in ``minus`` (both as (start, length))."""
    result = []
    for start, end in covered(ranges):
        pieces = [(start, end)]
        for ms, me in covered(minus):
            nxt = []
            for s, e in pieces:
                if me <= s or ms >= e:
                    nxt.append((s, e))
                    continue
                if s < ms:
                    nxt.append((s, ms))
                if me < e:
                    nxt.append((me, e))
            pieces = nxt
        result += [(s, e - s) for s, e in pieces if e > s]
    return result


def expected_window(flac, request):
    with open_flac(flac) as reader:
        return plan(reader, bounds=request.bounds,
                    resolution=None if request.full_resolution else request.resolution,
                    level=0 if request.full_resolution else None)


def temp_tifs(temp_files):
    found = []
    if temp_files.folder and os.path.isdir(temp_files.folder):
        for folder, _dirs, files in os.walk(temp_files.folder):
            found += [os.path.join(folder, f) for f in files
                      if "range_cache" not in folder]
    return found


# -- the page ---------------------------------------------------------------------------------

def test_provider_creates_the_page(qgis_canvas):
    provider = FlacSourceSelectProvider()
    assert provider.providerKey() == "flac_raster"
    assert provider.text() == "FLAC Raster"
    assert not provider.icon().isNull()
    widget = provider.createDataSourceWidget()
    assert isinstance(widget, FlacSourceWidget)
    widget.deleteLater()


def test_connect_shows_what_the_file_holds(page, served, source):
    connect(page, served.url(NAME))
    assert page.reader is not None and page.messageBar.currentItem() is None
    rows = {page.infoTree.topLevelItem(i).text(0): page.infoTree.topLevelItem(i).text(1)
            for i in range(page.infoTree.topLevelItemCount())}
    assert rows["Size"] == f"{WIDTH} × {HEIGHT} pixels"
    assert rows["Bands"] == "2" and rows["Data type"] == "int16"
    assert rows["CRS"].startswith("EPSG:32633")
    assert rows["Tile grid"] == f"{TILE} × {TILE} pixels, 10 × 7 tiles"
    assert rows["Overview levels"].startswith("1: 320 × 224")
    assert "File size" in rows and "Extent" in rows
    # One small range request read header + index; at most one more the coarsest overview
    # (the whole raster's value range, which styles every snapshot alike).
    ranges = [e.range for e in served.log_entries()]
    assert ranges[0] == f"bytes=0-{HEAD_BYTES - 1}" and len(ranges) <= 2
    assert page.history()[0] == served.url(NAME)
    assert page.loadButton.isEnabled()


def test_load_canvas_extent_fetches_only_intersecting_tiles(page, served, source, qgis_canvas):
    tif, flac = source
    connect(page, served.url(NAME))
    set_extent(qgis_canvas, pixel_rect(150, 100, 200, 150))
    page.fullResolutionCheck.setChecked(True)
    request = page.canvas_request()
    level, window = expected_window(flac, request)
    assert level.index == 0
    served.clear_log()
    load(page)
    assert page.messageBar.currentItem() is None, page.statusLabel.text()
    layers = raster_layers()
    assert len(layers) == 1
    layer = layers[0]
    assert layer.crs().authid() == UTM
    arrays, transform, _crs = read_layer(layer)
    expected, expected_transform = read_source(tif, window)
    assert bits_equal(arrays, expected)
    assert transform.almost_equals(expected_transform, precision=1e-9)
    xmin, ymin, xmax, ymax = meta_bounds(window_meta(page.reader.meta, level, window))
    ext = layer.extent()
    assert (ext.xMinimum(), ext.yMinimum(), ext.xMaximum(), ext.yMaximum()) == pytest.approx(
        (xmin, ymin, xmax, ymax), abs=1e-6)
    # nginx sent only bytes of the intersecting tiles, and all of them that the first read
    # (header + index, 3 KiB) did not already hold.
    with open_flac(flac) as reader:
        wanted = tile_ranges(reader, 0, window)
        n_tiles = len(wanted)
        assert n_tiles < reader.levels[0].tiles_across * reader.levels[0].tiles_down
    fetched = logged_ranges(served)
    assert fetched and not subtract(fetched, wanted)
    assert not subtract(wanted, fetched + [(0, HEAD_BYTES)])
    assert page.last_result.bytes == sum(n for _s, n in fetched)
    assert f"{n_tiles} tile(s)" in page.statusLabel.text()


def test_canvas_in_another_crs(page, served, source, qgis_canvas):
    tif, flac = source
    connect(page, served.url(NAME))
    utm_rect = pixel_rect(300, 200, 120, 90)
    to_wgs84 = QgsCoordinateTransform(QgsCoordinateReferenceSystem(UTM),
                                      QgsCoordinateReferenceSystem("EPSG:4326"),
                                      QgsProject.instance())
    set_extent(qgis_canvas, to_wgs84.transformBoundingBox(utm_rect), crs="EPSG:4326")
    page.fullResolutionCheck.setChecked(True)
    request = page.canvas_request()
    # The request is the canvas extent transformed to the file's CRS: it covers the UTM box.
    req = QgsRectangle(*request.bounds)
    assert req.contains(utm_rect) and req.width() < 2 * utm_rect.width()
    level, window = expected_window(flac, request)
    served.clear_log()
    load(page)
    (layer,) = raster_layers()
    arrays, _transform, crs = read_layer(layer)
    assert crs.to_epsg() == 32633
    assert bits_equal(arrays, read_source(tif, window)[0])
    with open_flac(flac) as reader:
        wanted = tile_ranges(reader, 0, window)
    assert not subtract(logged_ranges(served), wanted)


def test_page_and_processing_get_the_same_window_in_another_crs(page, served, source,
                                                               qgis_canvas):
    """One reprojection path: the page's canvas extent (EPSG:4326 on a UTM file) and the same
    extent handed to the core as Processing does (bounds + CRS) plan the same window."""
    from flac_raster_qgis.qgis_crs import crs_for_core
    _tif, flac = source
    connect(page, served.url(NAME))
    to_wgs84 = QgsCoordinateTransform(QgsCoordinateReferenceSystem(UTM),
                                      QgsCoordinateReferenceSystem("EPSG:4326"),
                                      QgsProject.instance())
    set_extent(qgis_canvas, to_wgs84.transformBoundingBox(pixel_rect(210, 130, 150, 110)),
               crs="EPSG:4326")
    page.fullResolutionCheck.setChecked(True)
    settings = qgis_canvas.mapSettings()
    visible = settings.visibleExtent()
    canvas_bounds = (visible.xMinimum(), visible.yMinimum(), visible.xMaximum(),
                     visible.yMaximum())
    with open_flac(flac) as reader:
        processing = plan(reader, bounds=canvas_bounds,
                          bounds_crs=crs_for_core(settings.destinationCrs()), level=0)
    page_level, page_window = expected_window(flac, page.canvas_request())
    assert (page_level.index, page_window) == (processing[0].index, processing[1])


def test_zoomed_out_reads_an_overview(page, served, source, qgis_canvas):
    _tif, flac = source
    connect(page, served.url(NAME))
    set_extent(qgis_canvas, pixel_rect(0, 0, WIDTH, HEIGHT, inset=0))
    request = page.canvas_request()
    level, window = expected_window(flac, request)
    assert level.index > 0      # 640 px on a 600 px canvas: the half-resolution level is enough
    load(page)
    (layer,) = raster_layers()
    assert f"(level {level.index})" in layer.name()
    arrays, _t, _c = read_layer(layer)
    with open_flac(flac) as reader:
        expected, _mask = reader.read_window(level, *window)
    assert bits_equal(arrays, expected)


def test_one_layer_per_tile(page, served, source, qgis_canvas):
    tif, flac = source
    connect(page, served.url(NAME))
    set_extent(qgis_canvas, pixel_rect(100, 100, 100, 60))
    page.fullResolutionCheck.setChecked(True)
    page.perTileCheck.setChecked(True)
    level, window = expected_window(flac, page.canvas_request())
    with open_flac(flac) as reader:
        tiles = [t for t, _e in reader.tiles_for_window(level, *window)]
    load(page)
    layers = raster_layers()
    assert len(layers) == len(tiles) > 1
    by_name = {lyr.name(): lyr for lyr in layers}
    for tile in tiles:
        layer = by_name[f"{NAME} L0 r{tile.row} c{tile.col}"]
        arrays, _t, _c = read_layer(layer)
        assert bits_equal(arrays, read_source(tif, (tile.x, tile.y, tile.width, tile.height))[0])


def test_tile_footprints_layer(page, served):
    page.footprintsCheck.setChecked(True)
    connect(page, served.url(NAME))
    (footprints,) = [lyr for lyr in group_layers() if isinstance(lyr, QgsVectorLayer)]
    assert footprints.featureCount() == 70
    assert footprints.crs().authid() == UTM
    ext = footprints.extent()
    assert (ext.xMinimum(), ext.yMaximum()) == pytest.approx(ORIGIN)
    assert (ext.width(), ext.height()) == pytest.approx((WIDTH * PX, HEIGHT * PX))
    page.footprintsCheck.setChecked(False)
    assert not [lyr for lyr in group_layers() if isinstance(lyr, QgsVectorLayer)]


def test_follow_the_map_fetches_only_new_tiles(page, served, source, qgis_canvas):
    _tif, flac = source
    connect(page, served.url(NAME))
    page.fullResolutionCheck.setChecked(True)
    first = pixel_rect(128, 128, 128, 128)          # tiles 2..3 x 2..3
    set_extent(qgis_canvas, first)
    before = page.done_events.count("fetch")
    page.followCheck.setChecked(True)
    wait_for(lambda: page.done_events.count("fetch") > before and not page.busy())
    _lv, window_a = expected_window(flac, page.canvas_request())
    assert len(raster_layers()) == 1
    served.clear_log()
    before = page.done_events.count("fetch")
    set_extent(qgis_canvas, pixel_rect(192, 128, 128, 128))   # one tile column further east
    wait_for(lambda: page.done_events.count("fetch") > before and not page.busy())
    _lv, window_b = expected_window(flac, page.canvas_request())
    with open_flac(flac) as reader:
        old = tile_ranges(reader, 0, window_a)
        new = tile_ranges(reader, 0, window_b)
    fetched = logged_ranges(served)
    assert fetched, "the second extent needs tiles the first did not"
    assert not subtract(fetched, subtract(new, old)), "a tile was fetched twice"
    assert not subtract(subtract(new, old), fetched + [(0, HEAD_BYTES)])
    layers = raster_layers()
    assert len(layers) == 1                            # the followed view replaces the old one
    assert temp_tifs(page.temp_files) == [layers[0].source()]


def test_cancel_mid_fetch_leaves_nothing(page, source, qgis_canvas):
    from tests.servers import FaultServer
    with open(source[1], "rb") as fh:
        server = FaultServer(fh.read()).start()
    try:
        server.stall_seconds = 20
        page.transport_options = {"timeout_ms": 30000, "retries": 0}
        connect(page, server.url("/" + NAME))
        set_extent(qgis_canvas, pixel_rect(0, 0, 400, 300))
        page.fullResolutionCheck.setChecked(True)
        server.always = "stall"
        page.load_canvas_extent()
        started = time.monotonic()
        wait_for(lambda: page.task is not None and page.task.progress() >= 0)
        time.sleep(0.3)
        QCoreApplication.processEvents()
        page.cancel()
        wait_idle(page, timeout=10)
        assert time.monotonic() - started < 10      # cancel stopped the stalled request
        assert "Cancelled" in page.statusLabel.text()
        assert raster_layers() == []
        assert temp_tifs(page.temp_files) == []
        assert page.loadButton.isEnabled()             # still usable
    finally:
        server.always = None
        server.stop()


# -- errors -------------------------------------------------------------------------------------

def message_text(widget):
    item = widget.messageBar.currentItem()
    assert item is not None, "no message shown"
    return f"{item.title()} {item.text()}"


def assert_usable_after(page, served):
    """After any error, connecting to a good URL and loading still works."""
    connect(page, served.url(NAME))
    assert page.reader is not None and page.loadButton.isEnabled()


def test_error_server_ignores_range(page, served):
    connect(page, served.url(NAME, norange=True))
    assert "does not support range requests" in message_text(page)
    assert page.reader is None
    # aborted right away: nginx did not have to send the whole file
    assert_usable_after(page, served)


def test_error_not_found(page, served):
    connect(page, served.url("missing.flac"))
    assert message_text(page).startswith("Not found")
    assert "404" in message_text(page)
    assert_usable_after(page, served)


def test_locations_are_checked_by_the_core_api(page, served, tmp_path):
    """The page has no location checks of its own: core.api.open_flac's error classes pick
    the message (the same checks Processing and the live layer get)."""
    connect(page, str(tmp_path / "missing.flac"))
    assert message_text(page).startswith("Not found") and "does not exist" in message_text(page)
    connect(page, str(tmp_path))
    assert message_text(page).startswith("Not found") and "folder" in message_text(page)
    connect(page, "ftp://example.invalid/dem.flac")
    assert message_text(page).startswith("Cannot read the source")
    assert "Only http(s) URLs and local files" in message_text(page)
    assert page.reader is None
    assert_usable_after(page, served)


def test_error_forbidden_and_timeout(page, served, fault_server):
    fault_server.queue("403")
    connect(page, fault_server.url("/x.flac"))
    assert message_text(page).startswith("Access denied")
    page.transport_options = {"timeout_ms": 500, "retries": 0}
    fault_server.stall_seconds = 3
    fault_server.queue("stall")
    connect(page, fault_server.url("/x.flac"))
    assert "did not answer in time" in message_text(page)
    assert_usable_after(page, served)


def test_error_not_a_flac_raster(page, served):
    served.put("notes.txt", b"just some text, certainly not FLAC\n" * 100)
    connect(page, served.url("notes.txt"))
    assert message_text(page).startswith("Not a FLAC raster")
    assert_usable_after(page, served)


def test_error_spatial_file_has_no_pixels(page, served, qgis_canvas):
    from tests.core.test_legacy_generated import spatial_file
    data, _frames = spatial_file(64, 48, 32, [0.01, 0, 10.0, 0, -0.01, 50.0, 0, 0, 1])
    served.put("spatial.flac", data)
    connect(page, served.url("spatial.flac"))
    assert page.reader is not None                 # its footprint and index can be shown
    assert "no recoverable pixels" in message_text(page)
    set_extent(qgis_canvas, QgsRectangle(10.0, 49.6, 10.5, 50.0), crs="EPSG:4326")
    load(page)
    assert message_text(page).startswith("This file holds no pixels")
    assert raster_layers("spatial.flac") == []
    assert temp_tifs(page.temp_files) == []
    assert_usable_after(page, served)


def test_error_extent_outside_the_raster(page, served, qgis_canvas):
    connect(page, served.url(NAME))
    set_extent(qgis_canvas, QgsRectangle(0, 0, 1000, 1000))
    load(page)
    assert message_text(page).startswith("The map extent does not cover the raster")
    assert raster_layers() == [] and temp_tifs(page.temp_files) == []
    assert page.loadButton.isEnabled()


def test_error_missing_dependency(page, served, monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "plibflac", None)   # as if no FLAC binding were installed
    monkeypatch.setitem(sys.modules, "pyflac", None)
    connect(page, served.url(NAME))
    text = message_text(page)
    assert text.startswith("A required Python package is missing") and "plibflac" in text
    monkeypatch.undo()
    assert_usable_after(page, served)


def test_local_file_and_temp_files_removed_with_layers(page, source, qgis_canvas):
    tif, flac = source
    connect(page, flac)
    assert source_label(flac) == NAME
    set_extent(qgis_canvas, pixel_rect(10, 10, 50, 50))
    page.fullResolutionCheck.setChecked(True)
    load(page)
    (layer,) = raster_layers()
    path = layer.source()
    assert os.path.exists(path)
    assert path.startswith(page.temp_files.folder)
    QgsProject.instance().removeMapLayer(layer.id())
    QCoreApplication.processEvents()
    assert not os.path.exists(path)
    load(page)
    (layer,) = raster_layers()
    path = layer.source()
    QgsProject.instance().clear()
    assert not os.path.exists(path)


def test_task_runs_in_the_task_manager(page, served):
    page.sourceCombo.setEditText(served.url(NAME))
    page.connect_source()
    assert page.busy() and not page.connectButton.isEnabled()
    assert page.task in QgsApplication.taskManager().tasks() or page.task.status() >= 0
    wait_idle(page)
    assert page.connectButton.isEnabled()


def test_install_and_remove(qgis_iface, qgis_new_project, served, qgis_canvas):
    from qgis.gui import QgsGui

    from flac_raster_qgis.gui import temp_files as tf
    from flac_raster_qgis.gui.page_actions import PageIntegration
    registry = QgsGui.sourceSelectProviderRegistry()
    for _round in range(2):          # a plugin reload registers a fresh provider
        integration = PageIntegration(qgis_iface)
        integration.install()
        assert registry.providerByName("flac_raster") is not None
        dialog = integration.open_dialog()
        assert dialog.isVisible() and dialog.mapCanvas() is qgis_canvas
        dialog.transport_options = {"gap": 0, "retries": 0}
        dialog.done_events = []
        dialog.taskDone.connect(dialog.done_events.append)
        connect(dialog, served.url(NAME))
        set_extent(qgis_canvas, pixel_rect(0, 0, 64, 64))
        load(dialog)
        (layer,) = raster_layers()
        folder = tf.shared_temp_files().folder
        assert os.path.exists(layer.source()) and layer.source().startswith(folder)
        integration.remove()
        QCoreApplication.processEvents()
        assert registry.providerByName("flac_raster") is None
        assert raster_layers() == [] and not os.path.exists(folder)
