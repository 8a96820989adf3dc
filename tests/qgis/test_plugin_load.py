"""The plugin loads in QGIS the way QGIS and qgis_process load it."""

from qgis.core import QgsApplication

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
