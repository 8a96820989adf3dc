"""flac_raster_qgis: lossless FLAC rasters and HTTP range streaming for QGIS.

QGIS calls :func:`classFactory`; ``qgis_process`` calls it with ``iface=None`` and then only
``initProcessing()``. Imports are lazy so that a missing optional dependency never stops the
plugin from loading.
"""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    from .plugin import FlacRasterPlugin
    return FlacRasterPlugin(iface)
