"""The Browser panel and file drops: .flac rasters become live flacraster layers."""

import os

import pytest
from qgis.core import QgsDirectoryItem, QgsProject, QgsRasterLayer

from flac_raster_qgis.provider import PROVIDER_KEY, registration, shared
from flac_raster_qgis.provider.browser import FlacDataItemProvider
from flac_raster_qgis.provider.drop import FlacDropHandler
from tests.qgis.test_live_layer import dem_int16, make_flac

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def folder(qgis_app, tmp_path):
    assert registration.register()
    make_flac(str(tmp_path), "dem", dem_int16(96, 128), nodata=-32768)
    (tmp_path / "song.flac").write_bytes(b"fLaC\x00\x00\x00\x22" + os.urandom(4000))
    (tmp_path / "empty.flac").write_bytes(b"")
    yield tmp_path
    QgsProject.instance().clear()
    shared.close_all()


def test_browser_items_for_flac_rasters_only(folder):
    provider = FlacDataItemProvider()
    parent = QgsDirectoryItem(None, "data", str(folder))
    items = {name: provider.createDataItem(str(folder / name), parent)
             for name in ("dem.flac", "song.flac", "empty.flac", "dem.tif")}
    assert items["song.flac"] is None and items["empty.flac"] is None
    assert items["dem.tif"] is None
    item = items["dem.flac"]
    assert item is not None and item.providerKey() == PROVIDER_KEY
    layer = QgsRasterLayer(item.uri(), item.name(), item.providerKey())
    assert layer.isValid() and layer.width() == 128 and layer.height() == 96


def test_file_drop_adds_a_live_layer(folder):
    handler = FlacDropHandler()
    assert not handler.handleFileDrop(str(folder / "song.flac"))
    assert not handler.handleFileDrop(str(folder / "dem.tif"))
    assert handler.handleFileDrop(str(folder / "dem.flac"))
    layers = list(QgsProject.instance().mapLayers().values())
    assert len(layers) == 1 and layers[0].providerType() == PROVIDER_KEY and layers[0].isValid()


def test_plugin_registers_provider_and_browser_items(qgis_app, qgis_iface):
    from qgis.core import QgsApplication, QgsProviderRegistry

    import flac_raster_qgis
    plugin = flac_raster_qgis.classFactory(None)
    plugin.initProcessing()                      # what qgis_process calls
    try:
        assert PROVIDER_KEY in QgsProviderRegistry.instance().providerList()
    finally:
        plugin.unload()
    plugin = flac_raster_qgis.classFactory(qgis_iface)
    plugin.initGui()
    try:
        names = [p.name() for p in QgsApplication.dataItemProviderRegistry().providers()]
        assert "FLAC raster" in names
    finally:
        plugin.unload()
    names = [p.name() for p in QgsApplication.dataItemProviderRegistry().providers()]
    assert "FLAC raster" not in names
