"""Dropping ``.flac`` files from the desktop's file manager onto QGIS adds live layers
(QGIS itself only knows the formats GDAL opens). Registered by the GUI integration."""

from qgis.gui import QgsCustomDropHandler

from .browser import EXTENSION, add_live_layer, is_flac_raster


class FlacDropHandler(QgsCustomDropHandler):
    def customUriProviderKey(self):  # noqa: N802 - QGIS API names
        return "flacraster"

    def handleFileDrop(self, file):  # noqa: N802
        try:
            if not file.lower().endswith(EXTENSION) or not is_flac_raster(file):
                return False
            return add_live_layer(file).isValid()
        except Exception:  # noqa: BLE001 - never into C++
            return False
