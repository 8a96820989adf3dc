"""Live ``flacraster`` layers against real QGIS (offscreen) and a real nginx on 127.0.0.1.

Renders go through QgsMapRendererParallelJob (QGIS's render threads call the provider's
block()); nginx's access log shows which byte ranges each render fetched, so a test can say
"only the tiles of level k under the view" and "the second render fetched nothing".
"""

import os

import numpy as np
import pytest
from qgis.core import (QgsMapRendererParallelJob, QgsMapSettings, QgsPointXY, QgsProject,
                       QgsRaster, QgsRasterLayer, QgsRectangle)
from qgis.PyQt.QtCore import QSize

from flac_raster_qgis.core import api
from flac_raster_qgis.provider import PROVIDER_KEY, registration, shared
from tests.rasters import fractal_dem, write_raster

pytestmark = pytest.mark.timeout(180)

TILE = 128
ORIGIN_X, ORIGIN_Y, PIXEL = 10.0, 50.0, 0.01


@pytest.fixture(autouse=True)
def provider(qgis_app, monkeypatch):
    assert registration.register()
    # gap 0: each run covers exactly its tiles, so the log says which tiles were fetched
    monkeypatch.setattr(shared, "TRANSPORT_OPTIONS", {"gap": 0, "timeout_ms": 3000,
                                                       "retries": 0})
    yield
    QgsProject.instance().clear()
    shared.close_all()


def make_flac(folder, name, data, nodata=None, **extra):
    tif = os.path.join(folder, name + ".tif")
    write_raster(tif, data, nodata=nodata, **extra)
    out = os.path.join(folder, name + ".flac")
    api.create_streaming(tif, out, tile_size=TILE)
    return out


def dem_int16(height=768, width=1024):
    dem = fractal_dem(height, width, seed=4)
    dem[:40, :60] = -32768          # a corner of no data
    return dem


@pytest.fixture
def served_dem(nginx_server, tmp_path):
    path = make_flac(str(tmp_path), "dem", dem_int16(), nodata=-32768)
    nginx_server.put("dem.flac", open(path, "rb").read())
    return nginx_server, nginx_server.url("dem.flac"), path


def live_layer(url, name="live"):
    layer = QgsRasterLayer(url, name, PROVIDER_KEY)
    assert layer.isValid(), layer.error().message()
    return layer


def render(layer, extent, size=(256, 192)):
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setOutputSize(QSize(*size))
    settings.setExtent(extent)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    assert not job.errors(), [e.message for e in job.errors()]
    return job.renderedImage()


def fetched_tiles(reader, entries):
    """{(level, row, col)} of the tiles whose bytes the logged ranges cover."""
    spans = []
    for e in entries:
        first, last = (int(v) for v in e.range.split("=")[1].split("-"))
        spans.append((first, last + 1))
    out = set()
    for lv in reader.levels:
        pairs = reader.tiles_for_window(lv.index, 0, 0, lv.width, lv.height)
        for tile, entry in pairs:
            if any(s < entry.offset + entry.length and entry.offset < t for s, t in spans):
                out.add((lv.index, tile.row, tile.col))
    return out


def runs_of(reader, tiles):
    """How many runs of byte-adjacent tiles ``tiles`` {(level, row, col)} form."""
    spans = []
    for level, row, col in tiles:
        lv = reader.levels[level]
        for tile, entry in reader.tiles_for_window(level, 0, 0, lv.width, lv.height):
            if (tile.row, tile.col) == (row, col):
                spans.append((entry.offset, entry.offset + entry.length))
    spans.sort()
    return 1 + sum(1 for (_s, end), (start, _e) in zip(spans, spans[1:]) if start != end)


def expected_tiles(reader, level, view):
    xmin, ymin, xmax, ymax = view
    lv = reader.levels[level]
    res = PIXEL * 2 ** level
    c0, c1 = int((xmin - ORIGIN_X) / res), int(np.ceil((xmax - ORIGIN_X) / res))
    r0, r1 = int((ORIGIN_Y - ymax) / res), int(np.ceil((ORIGIN_Y - ymin) / res))
    c0, r0, c1, r1 = max(c0, 0), max(r0, 0), min(c1, lv.width), min(r1, lv.height)
    return {(level, t.row, t.col)
            for t, _e in reader.tiles_for_window(level, c0, r0, c1 - c0, r1 - r0)}


def test_renders_pick_the_level_and_fetch_only_its_tiles(served_dem):
    server, url, path = served_dem
    layer = live_layer(url)
    full = layer.extent()
    assert (full.width(), full.height()) == pytest.approx((10.24, 7.68))
    views = [  # (extent, level the renderer must use for a 256 x 192 canvas)
        (full, 2),                                                     # 4 source px per px
        (QgsRectangle(12.0, 44.0, 17.12, 47.84), 1),                   # 2 source px per px
        (QgsRectangle(13.0, 45.0, 15.56, 46.92), 0),                   # native
    ]
    with api.open_flac(path) as reader:
        for view, level in views:
            server.clear_log()
            image = render(layer, view)
            assert not image.isNull()
            entries = server.log_entries()
            assert entries and all(e.status == 206 for e in entries)
            got = fetched_tiles(reader, entries)
            want = expected_tiles(reader, level, (view.xMinimum(), view.yMinimum(),
                                                  view.xMaximum(), view.yMaximum()))
            assert got == want
            # one request per run of adjacent tiles (gap 0: only touching ranges merge)
            assert len(entries) == runs_of(reader, want)
            # the same view again: everything comes from memory
            server.clear_log()
            again = render(layer, view)
            assert server.log_entries() == []
            assert again == image


def native_block(layer, col, row, width, height):
    extent = QgsRectangle(ORIGIN_X + col * PIXEL, ORIGIN_Y - (row + height) * PIXEL,
                          ORIGIN_X + (col + width) * PIXEL, ORIGIN_Y - row * PIXEL)
    provider = layer.dataProvider()
    out = []
    for band in range(1, provider.bandCount() + 1):
        block = provider.block(band, extent, width, height)
        assert block.isValid()
        out.append(bytes(block.data()))
    return out


CASES = {
    "uint8_rgb": lambda: (np.random.default_rng(1).integers(0, 256, (3, 300, 420))
                          .astype("uint8"), None, {"photometric": "RGB"}),
    "int16_nodata": lambda: (dem_int16(300, 420), -32768, {}),
    "uint16_3band": lambda: (np.random.default_rng(2).integers(0, 65536, (3, 300, 420))
                             .astype("uint16"), None, {}),
    "float32_nan": lambda: (_float_with_nan(), None, {}),
}


def _float_with_nan():
    data = fractal_dem(300, 420, seed=7, dtype="float32") / np.float32(7.3)
    data[100:140, 200:260] = np.nan
    return data


@pytest.mark.parametrize("case", sorted(CASES))
def test_block_at_native_resolution_is_bit_exact(case, nginx_server, tmp_path):
    data, nodata, extra = CASES[case]()
    data = data if data.ndim == 3 else data[np.newaxis]
    path = make_flac(str(tmp_path), case, data, nodata=nodata, **extra)
    nginx_server.put(case + ".flac", open(path, "rb").read())
    layer = live_layer(nginx_server.url(case + ".flac"))
    assert layer.bandCount() == data.shape[0]
    for col, row, w, h in [(0, 0, 420, 300), (130, 70, 200, 150), (255, 129, 1, 1)]:
        blocks = native_block(layer, col, row, w, h)
        for band, raw in enumerate(blocks):
            window = np.ascontiguousarray(data[band, row:row + h, col:col + w])
            assert raw == window.tobytes(), f"{case} band {band + 1} window {col},{row}"
    nginx_server.clear_log()
    native_block(layer, 130, 70, 200, 150)
    assert nginx_server.log_entries() == []          # decoded windows and bytes are cached


def test_identify_returns_the_source_values(served_dem):
    _server, url, _path = served_dem
    layer = live_layer(url)
    dem = dem_int16()
    provider = layer.dataProvider()
    for col, row in [(100, 50), (1023, 767), (511, 384), (5, 5)]:
        point = QgsPointXY(ORIGIN_X + (col + 0.5) * PIXEL, ORIGIN_Y - (row + 0.5) * PIXEL)
        result = provider.identify(point, QgsRaster.IdentifyFormatValue)
        assert result.isValid()
        value = result.results()[1]
        if dem[row, col] == -32768:
            assert value is None
        else:
            assert value == dem[row, col]
    outside = provider.identify(QgsPointXY(0.0, 0.0), QgsRaster.IdentifyFormatValue)
    assert outside.results()[1] is None


def test_default_style_uses_whole_raster_statistics(served_dem):
    server, url, path = served_dem
    layer = live_layer(url)
    renderer = layer.renderer()
    assert renderer.type() == "singlebandgray"
    lo = renderer.contrastEnhancement().minimumValue()
    hi = renderer.contrastEnhancement().maximumValue()
    with api.open_flac(path) as reader:
        coarse = reader.levels[-1]
        arrays, _mask = reader.read_window(coarse, 0, 0, coarse.width, coarse.height)
    valid = arrays[0][arrays[0] != -32768]
    assert (lo, hi) == (valid.min(), valid.max())
    # A zoomed view keeps the style (no per-view stretch), and a second layer of the same
    # file shares it.
    render(layer, QgsRectangle(13.0, 45.0, 15.56, 46.92))
    assert (renderer.contrastEnhancement().minimumValue(),
            renderer.contrastEnhancement().maximumValue()) == (lo, hi)
    second = live_layer(url, "again")
    assert (second.renderer().contrastEnhancement().minimumValue(),
            second.renderer().contrastEnhancement().maximumValue()) == (lo, hi)
    assert len(shared.open_files()) == 1


def test_rgb_file_gets_a_colour_renderer(nginx_server, tmp_path):
    data, _nd, extra = CASES["uint8_rgb"]()
    path = make_flac(str(tmp_path), "rgb", data, **extra)
    nginx_server.put("rgb.flac", open(path, "rb").read())
    layer = live_layer(nginx_server.url("rgb.flac"))
    renderer = layer.renderer()
    assert renderer.type() == "multibandcolor"
    assert (renderer.redBand(), renderer.greenBand(), renderer.blueBand()) == (1, 2, 3)


def test_project_write_clear_read(served_dem, tmp_path):
    _server, url, _path = served_dem
    project = QgsProject.instance()
    layer = live_layer(url)
    project.addMapLayer(layer)
    before = render(layer, layer.extent())
    target = str(tmp_path / "live.qgz")
    assert project.write(target)
    project.clear()
    shared.close_all()
    assert project.read(target)
    layers = list(project.mapLayers().values())
    assert len(layers) == 1
    again = layers[0]
    assert again.isValid() and again.providerType() == PROVIDER_KEY
    assert again.source() == url
    assert render(again, again.extent()) == before


def test_htmlmetadata_names_the_file_without_secrets(served_dem):
    _server, url, _path = served_dem
    layer = live_layer(url + "?token=s3cr3t")
    text = layer.dataProvider().htmlMetadata()
    assert "s3cr3t" not in text and "REDACTED" in text
    assert "streaming" in text and "Levels" in text


# -- masks, previews, lifetime ---------------------------------------------------------------

def test_masked_pixels_are_no_data_without_a_nodata_value(nginx_server, tmp_path):
    """A uint8 band using all 256 values plus a per-dataset mask: masked cells must come out
    as no data although no value is free (QGIS's per-cell no-data flags)."""
    import rasterio
    data = (np.arange(64 * 64).reshape(64, 64) % 256).astype("uint8")
    tif = str(tmp_path / "masked.tif")
    write_raster(tif, data)
    with rasterio.open(tif, "r+") as ds:
        mask = np.full((64, 64), 255, "uint8")
        mask[:, :8] = 0
        ds.write_mask(mask)
    out = str(tmp_path / "masked.flac")
    api.create_streaming(tif, out, tile_size=TILE)
    layer = live_layer(out)
    block = layer.dataProvider().block(1, layer.extent(), 64, 64)
    assert block.isNoData(0, 0) and block.isNoData(63, 7)
    assert not block.isNoData(0, 8) and block.value(0, 8) == data[0, 8]
    assert layer.dataProvider().identify(
        QgsPointXY(ORIGIN_X + 0.005, ORIGIN_Y - 0.005), QgsRaster.IdentifyFormatValue
    ).results()[1] is None


def test_preview_renders_only_cached_tiles(served_dem):
    from qgis.core import QgsRasterBlockFeedback
    server, url, _path = served_dem
    layer = live_layer(url)
    provider = layer.dataProvider()
    view = QgsRectangle(13.0, 45.0, 15.56, 46.92)          # level 0, nothing cached yet
    feedback = QgsRasterBlockFeedback()
    feedback.setPreviewOnly(True)
    server.clear_log()
    block = provider.block(1, view, 256, 192, feedback)
    assert server.log_entries() == []
    assert block.isNoData(0, 0)
    render(layer, view)                                      # a real render fetches
    block = provider.block(1, view, 256, 192, feedback)      # now the preview has pixels
    assert not block.isNoData(100, 100)


def test_clones_share_the_file_and_are_released(served_dem):
    from flac_raster_qgis.provider.provider import live_providers
    _server, url, _path = served_dem
    before = len(live_providers())
    layer = live_layer(url)
    for _ in range(3):
        render(layer, layer.extent())
    assert len(shared.open_files()) == 1
    assert len(live_providers()) <= before + 2              # render clones do not pile up
    del layer
    import gc
    gc.collect()
    assert shared.open_files() == {}


# -- cancel and errors ---------------------------------------------------------------------

def test_cancel_during_a_render_of_many_tiles(fault_server, tmp_path):
    import time
    path = make_flac(str(tmp_path), "dem", dem_int16(), nodata=-32768)
    fault_server.payload = open(path, "rb").read()
    layer = live_layer(fault_server.url("/dem.flac"))
    fault_server.stall_seconds = 20
    fault_server.always = "stall"                            # every tile request hangs
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setOutputSize(QSize(1024, 768))                 # level 0: 48 tiles
    settings.setExtent(layer.extent())
    job = QgsMapRendererParallelJob(settings)
    job.start()
    deadline = time.monotonic() + 30
    while fault_server.count < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert fault_server.count >= 2                           # a tile request is hanging
    started = time.monotonic()
    job.cancel()
    assert not job.isActive()
    assert time.monotonic() - started < 15                   # bounded, far below the stall
    fault_server.always = None
    image = render(layer, layer.extent())                    # a later render works
    assert not image.isNull()


def _invalid(uri):
    layer = QgsRasterLayer(uri, "broken", PROVIDER_KEY)
    assert not layer.isValid()
    return layer.dataProvider().error().message() if layer.dataProvider() else \
        layer.error().message()


def test_errors_give_invalid_layers_with_plain_messages(nginx_server, fault_server, tmp_path):
    text = _invalid(nginx_server.url("missing.flac"))
    assert "Not found" in text and "404" in text
    path = make_flac(str(tmp_path), "dem", dem_int16(96, 128), nodata=-32768)
    nginx_server.put("dem.flac", open(path, "rb").read())
    text = _invalid(nginx_server.url("dem.flac", norange=True))
    assert "ignores HTTP range requests" in text
    nginx_server.put("noise.flac", os.urandom(50_000))
    assert "not a FLAC raster" in _invalid(nginx_server.url("noise.flac"))
    fault_server.stall_seconds = 20
    fault_server.always = "stall"
    assert "no answer within" in _invalid(fault_server.url("/dem.flac"))
    (tmp_path / "local.flac").write_bytes(b"fLaC" + os.urandom(2000))
    assert "FLAC" in _invalid(str(tmp_path / "local.flac"))
    assert _invalid(str(tmp_path / "absent.flac"))


def test_main_thread_render_like_a_print_layout(served_dem):
    """Layout exports render synchronously on the main thread: the reads then run in a
    worker thread (never a request on the main thread) and the image is the same."""
    from qgis.core import QgsMapRendererCustomPainterJob
    from qgis.PyQt.QtGui import QImage, QPainter
    _server, url, _path = served_dem
    layer = live_layer(url)
    view = QgsRectangle(12.0, 44.0, 17.12, 47.84)
    expected = render(layer, view)
    shared.close_all()                                     # cold again
    layer = live_layer(url)
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setOutputSize(QSize(256, 192))
    settings.setExtent(view)
    image = QImage(256, 192, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    job = QgsMapRendererCustomPainterJob(settings, painter)
    job.renderSynchronously()
    painter.end()
    assert image.convertToFormat(expected.format()) == expected


def test_palette_and_rgba_default_renderers(tmp_path):
    from rasterio.enums import ColorInterp
    import rasterio
    classes = (np.arange(64 * 64).reshape(64, 64) // 700).astype("uint8")
    tif = str(tmp_path / "classes.tif")
    write_raster(tif, classes)
    with rasterio.open(tif, "r+") as ds:
        ds.write_colormap(1, {i: (40 * i % 256, 255 - 30 * i, 90, 255) for i in range(6)})
    paletted = str(tmp_path / "classes.flac")
    api.create_streaming(tif, paletted, tile_size=TILE, resampling="nearest")
    layer = live_layer(paletted)
    assert layer.renderer().type() == "paletted"
    table = layer.dataProvider().colorTable(1)             # GDAL stores 256 entries
    assert table[1].value == 1 and table[1].color.getRgb() == (40, 225, 90, 255)
    rgba = np.random.default_rng(5).integers(0, 256, (4, 64, 64)).astype("uint8")
    tif = str(tmp_path / "rgba.tif")
    write_raster(tif, rgba, photometric="RGB", alpha="YES")
    with rasterio.open(tif, "r+") as ds:
        ds.colorinterp = [ColorInterp.red, ColorInterp.green, ColorInterp.blue,
                          ColorInterp.alpha]
    out = str(tmp_path / "rgba.flac")
    api.create_streaming(tif, out, tile_size=TILE)
    layer = live_layer(out)
    renderer = layer.renderer()
    assert renderer.type() == "multibandcolor"
    assert (renderer.redBand(), renderer.greenBand(), renderer.blueBand()) == (1, 2, 3)
    assert renderer.alphaBand() == 4


def test_rotated_raster_identify_and_render(tmp_path):
    from tests.rasters import ROTATED
    data = fractal_dem(90, 120, seed=3)
    tif = str(tmp_path / "rotated.tif")
    write_raster(tif, data, transform=ROTATED)
    path = str(tmp_path / "rotated.flac")
    api.create_streaming(tif, path, tile_size=TILE)
    layer = live_layer(path)
    provider = layer.dataProvider()
    for col, row in [(0, 0), (119, 89), (60, 45)]:
        x, y = ROTATED * (col + 0.5, row + 0.5)
        value = provider.identify(QgsPointXY(x, y), QgsRaster.IdentifyFormatValue).results()[1]
        assert value == data[row, col]
    image = render(layer, layer.extent())
    assert not image.isNull()


@pytest.mark.parametrize("dtype", ["int8", "uint32", "int32", "float64", "int64", "uint64"])
def test_other_dtypes_at_native_resolution(dtype, tmp_path):
    """The remaining types from a local file: exact values (int8 widened to Int16 and 64-bit
    integers shown as Float64 on QGIS 3.22, both exact here)."""
    from flac_raster_qgis.provider import compat
    rng = np.random.default_rng(11)
    info = np.iinfo(dtype) if np.dtype(dtype).kind in "iu" else None
    if info is not None:
        low, high = (max(info.min, -2 ** 40), min(info.max, 2 ** 40))
        data = rng.integers(low, high, (70, 90), dtype=np.int64).astype(dtype)
    else:
        data = rng.normal(0, 1e6, (70, 90)).astype(dtype)
    path = make_flac(str(tmp_path), dtype, data)
    layer = live_layer(path)
    _qgis_type, block_dtype = compat.DTYPES[dtype]
    (raw,) = native_block(layer, 0, 0, 90, 70)
    got = np.frombuffer(raw, dtype=block_dtype).reshape(70, 90)
    assert np.array_equal(got.astype(data.dtype), data) and np.array_equal(got, data)


def test_plain_file_as_a_live_layer(tmp_path):
    data = dem_int16(120, 160)
    tif = str(tmp_path / "plain.tif")
    write_raster(tif, data, nodata=-32768)
    path = str(tmp_path / "plain.flac")
    api.raster_to_flac(tif, path)
    layer = live_layer(path)
    (raw,) = native_block(layer, 10, 20, 100, 60)
    assert raw == np.ascontiguousarray(data[20:80, 10:110]).tobytes()
    assert not render(layer, layer.extent()).isNull()


def test_user_no_data_settings_are_honoured_in_renders(tmp_path):
    from qgis.core import QgsRasterRange
    data = dem_int16(64, 64)
    data[10, 10] = 777
    path = make_flac(str(tmp_path), "user", data, nodata=-32768)
    layer = live_layer(path)
    provider = layer.dataProvider()
    provider.setUserNoDataValue(1, [QgsRasterRange(700, 800)])
    clone = provider.clone()                           # what a render uses
    block = clone.block(1, layer.extent(), 64, 64)
    assert block.isNoData(10, 10) and block.isNoData(0, 0)   # user range and file's nodata
    inside = np.argwhere((data >= 700) & (data <= 800))
    assert all(block.isNoData(int(r), int(c)) for r, c in inside)
    provider.setUserNoDataValue(1, [])
    provider.setUseSourceNoDataValue(1, False)        # "No data value" unticked
    block = provider.block(1, layer.extent(), 64, 64)
    assert not block.isNoData(0, 0) and block.value(0, 0) == -32768
    assert not block.isNoData(10, 10) and block.value(10, 10) == 777
