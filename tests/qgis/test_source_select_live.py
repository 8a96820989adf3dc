"""The data-source page's live-layer side: "Add layer", the Data Source Manager's buttons, and
snapshots that share one whole-raster style, say what they hold and replace each other."""

import pytest
from qgis.core import QgsProject, QgsProviderRegistry, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QDialogButtonBox, QTextBrowser

from flac_raster_qgis.core import open_flac
from flac_raster_qgis.core.raster.stats import band_ranges
from flac_raster_qgis.gui.source_select import FlacSourceWidget
from flac_raster_qgis.provider import PROVIDER_KEY, registration, shared
from tests.qgis.test_source_select import (NAME, connect, load, page,  # noqa: F401
                                           pixel_rect, raster_layers, served, set_extent,
                                           source, temp_files)

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(autouse=True)
def live_provider(qgis_app):
    assert registration.register()
    yield
    shared.close_all()


def test_add_layer_adds_a_live_layer(page, served):  # noqa: F811
    connect(page, served.url(NAME))
    assert page.addLayerButton.isEnabled()
    page.addLayerButton.click()
    layers = [lyr for lyr in QgsProject.instance().mapLayers().values()
              if lyr.providerType() == PROVIDER_KEY]
    assert len(layers) == 1 and layers[0].isValid()
    assert layers[0].source() == served.url(NAME) and layers[0].name() == NAME


def test_manager_mode_has_add_close_help_and_emits_the_layer(qgis_canvas, served):  # noqa: F811
    widget = FlacSourceWidget(widget_mode=QgsProviderRegistry.WidgetMode.Manager)
    try:
        (box,) = widget.findChildren(QDialogButtonBox)
        roles = {box.buttonRole(b) for b in box.buttons()}
        assert {QDialogButtonBox.ButtonRole.RejectRole, QDialogButtonBox.ButtonRole.HelpRole,
                QDialogButtonBox.ButtonRole.ApplyRole} <= roles
        emitted = []
        widget.addRasterLayer.connect(lambda *args: emitted.append(args))
        widget.transport_options = {"gap": 0, "timeout_ms": 5000, "retries": 0}
        widget.done_events = []
        widget.taskDone.connect(widget.done_events.append)
        connect(widget, served.url(NAME))
        widget.addButtonClicked()
        assert emitted == [(served.url(NAME), NAME, PROVIDER_KEY)]
    finally:
        widget.close_reader()
        widget.deleteLater()
        QCoreApplication.processEvents()


def stretch(layer):
    """(min, max) per band of a snapshot's renderer (a 2-band file renders red/green)."""
    renderer = layer.renderer()
    if renderer.type() == "singlebandgray":
        ces = [renderer.contrastEnhancement()]
    else:
        ces = [renderer.redContrastEnhancement(), renderer.greenContrastEnhancement()]
    return [(ce.minimumValue(), ce.maximumValue()) for ce in ces]


def test_snapshots_share_the_whole_raster_style_and_replace_each_other(page, served,  # noqa: F811
                                                                        source, qgis_canvas):  # noqa: F811
    _tif, flac = source
    connect(page, served.url(NAME))
    with open_flac(flac) as reader:
        whole = band_ranges(reader)
    page.fullResolutionCheck.setChecked(True)
    set_extent(qgis_canvas, pixel_rect(10, 10, 60, 40))
    load(page)
    (first,) = raster_layers()
    assert stretch(first) == [pytest.approx(r) for r in whole[:len(stretch(first))]]
    assert "(level 0)" in first.name() and "5000" in first.name()   # level and extent
    first_name, first_stretch = first.name(), stretch(first)
    set_extent(qgis_canvas, pixel_rect(300, 200, 60, 40))
    load(page)
    (second,) = raster_layers()                                    # replaced, not piled up
    assert stretch(second) == first_stretch and second.name() != first_name


def test_group_goes_where_qgis_adds_layers(page, served, qgis_canvas, monkeypatch):  # noqa: F811
    import qgis.utils
    from qgis.core import QgsLayerTreeRegistryBridge
    project = QgsProject.instance()
    project.addMapLayer(QgsVectorLayer("Point?crs=EPSG:32633", "roads", "memory"))
    root = project.layerTreeRoot()
    below_roads = QgsLayerTreeRegistryBridge.InsertionPoint(root, 1)
    bridge = project.layerTreeRegistryBridge()
    if hasattr(bridge, "layerInsertionPoint"):           # QGIS >= 3.28
        bridge.setLayerInsertionPoint(below_roads)
    else:                                                # 3.22: the desktop's iface knows

        class Iface:
            @staticmethod
            def layerTreeInsertionPoint():  # noqa: N802
                return below_roads
        monkeypatch.setattr(qgis.utils, "iface", Iface(), raising=False)
    connect(page, served.url(NAME))
    set_extent(qgis_canvas, pixel_rect(10, 10, 60, 40))
    load(page)
    names = [child.name() for child in root.children()]
    assert names.index("roads") < names.index(NAME)


def test_long_errors_wrap(page, served):  # noqa: F811
    page.resize(420, 600)
    page.show()
    connect(page, served.url("missing/" + "very-long-name-" * 12 + ".flac"))
    item = page.messageBar.currentItem()
    assert item is not None
    (box,) = item.findChildren(QTextBrowser)
    assert box.maximumHeight() >= box.document().size().height()
    page.hide()
