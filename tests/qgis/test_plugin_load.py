"""The plugin loads in QGIS the way QGIS and qgis_process load it, on every supported version:
classFactory, initGui with the page registered, unload with nothing left registered; and the
same when a module raises during initGui (one message, nothing half-registered)."""

import sys

import pytest
from qgis.core import Qgis, QgsApplication
from qgis.gui import QgsGui

import flac_raster_qgis

EXPECTED = {"flacraster:rastertoflac", "flacraster:flactoraster"}


def provider_algorithms():
    provider = QgsApplication.processingRegistry().providerById("flacraster")
    return provider, {alg.id() for alg in provider.algorithms()} if provider else set()


def test_headless_load_like_qgis_process(qgis_app):
    plugin = flac_raster_qgis.classFactory(None)
    plugin.initProcessing()
    try:
        provider, ids = provider_algorithms()
        assert provider is not None and provider.name()
        assert EXPECTED <= ids
    finally:
        plugin.unload()
    assert QgsApplication.processingRegistry().providerById("flacraster") is None


def test_gui_load_and_unload(qgis_app, qgis_iface):
    plugin = flac_raster_qgis.classFactory(qgis_iface)
    plugin.initGui()
    try:
        provider, ids = provider_algorithms()
        assert EXPECTED <= ids
    finally:
        plugin.unload()
    assert QgsApplication.processingRegistry().providerById("flacraster") is None
    # A second load after unload works (fresh provider objects each time).
    plugin = flac_raster_qgis.classFactory(qgis_iface)
    plugin.initGui()
    plugin.unload()


class Registrations:
    """Counts what the plugin adds to the (mock) interface and removes again."""

    def __init__(self, iface, monkeypatch):
        self.live = []
        for add, remove in (("addToolBarIcon", "removeToolBarIcon"),
                            ("addPluginToMenu", "removePluginMenu"),
                            ("addPluginToRasterMenu", "removePluginRasterMenu")):
            monkeypatch.setattr(iface, add, self._add(add), raising=False)
            monkeypatch.setattr(iface, remove, self._remove(add), raising=False)

    def _add(self, kind):
        return lambda *args: self.live.append((kind, args[-1]))

    def _remove(self, kind):
        return lambda *args: self.live.remove((kind, args[-1]))


def page_registered():
    return QgsGui.sourceSelectProviderRegistry().providerByName("flac_raster") is not None


def test_gui_load_registers_the_page_and_unload_removes_everything(qgis_app, qgis_iface,
                                                                   monkeypatch):
    seen = Registrations(qgis_iface, monkeypatch)
    plugin = flac_raster_qgis.classFactory(qgis_iface)
    plugin.initGui()
    assert plugin.load_error is None
    assert page_registered() and provider_algorithms()[0] is not None
    assert {kind for kind, _ in seen.live} >= {"addToolBarIcon"}
    plugin.unload()
    assert not page_registered() and provider_algorithms()[0] is None
    assert seen.live == []


def raise_after_registering(self):
    from flac_raster_qgis.gui import page_actions
    page_actions.PageIntegration._real_install(self)   # page, toolbar button, menu entry
    raise RuntimeError("simulated failure on this QGIS version")


@pytest.mark.parametrize("failure", ["runtime", "import"])
def test_a_module_raising_during_initgui_leaves_nothing_registered(qgis_app, qgis_iface,
                                                                   monkeypatch, failure):
    from pytest_qgis.mock_qgis_classes import MockMessageBar

    from flac_raster_qgis.gui import page_actions
    seen = Registrations(qgis_iface, monkeypatch)
    bar = MockMessageBar()
    monkeypatch.setattr(qgis_iface, "messageBar", lambda: bar)
    if failure == "runtime":
        monkeypatch.setattr(page_actions.PageIntegration, "_real_install",
                            page_actions.PageIntegration.install, raising=False)
        monkeypatch.setattr(page_actions.PageIntegration, "install", raise_after_registering)
    else:   # e.g. a module using an enum member this QGIS version no longer has
        monkeypatch.setitem(sys.modules, "flac_raster_qgis.gui.page_actions", None)
    logs = []
    QgsApplication.messageLog().messageReceived.connect(
        lambda message, tag, level: logs.append((message, level)))
    plugin = flac_raster_qgis.classFactory(qgis_iface)
    plugin.initGui()                           # must not raise: QGIS would show a dialog
    assert plugin.load_error is not None
    assert not page_registered() and provider_algorithms()[0] is None
    assert seen.live == []
    critical = bar.get_messages(Qgis.Critical)
    assert len(critical) == 1 and "could not load" in critical[0]
    assert any("Traceback" in m and level == Qgis.MessageLevel.Critical for m, level in logs)
    plugin.unload()                            # QGIS still calls it: harmless
    # The next load (the module fixed) works.
    monkeypatch.undo()
    plugin = flac_raster_qgis.classFactory(qgis_iface)
    plugin.initGui()
    assert plugin.load_error is None and page_registered()
    plugin.unload()


def test_metadata_is_the_single_source():
    import configparser
    import os
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    top = open(os.path.join(root, "metadata.txt"), encoding="utf-8").read()
    packaged = open(os.path.join(root, "flac_raster_qgis", "metadata.txt"), encoding="utf-8").read()
    assert top == packaged
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(top)
    general = parser["general"]
    assert general["qgisMinimumVersion"] == "3.22"
    assert general["hasProcessingProvider"] == "yes"
    from flac_raster_qgis.core.version import __version__
    assert __version__ == general["version"]
