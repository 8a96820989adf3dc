"""``.flac`` rasters in QGIS's Browser panel, and opening them as live layers.

The data item provider gives each local ``.flac`` file that is a FLAC raster a layer item
(raster icon) whose provider is ``flacraster``: double-click or drag onto the map adds a live
layer, as for any raster QGIS knows. A ``.flac`` that is music (or damaged) gets no item: the
check reads the file's first bytes (core's sniffing), never the pixels.
"""

import os

from qgis.core import (Qgis, QgsDataItemProvider, QgsDataProvider, QgsLayerItem, QgsProject,
                       QgsRasterLayer)

from ..core.errors import FlacRasterError
from . import PROVIDER_KEY
from .uri import encode_uri

EXTENSION = ".flac"
_CAPS = getattr(Qgis, "DataItemProviderCapability", None)
FILE_CAPABILITY = (Qgis.DataItemProviderCapabilities(_CAPS.Files) if _CAPS is not None
                   else QgsDataProvider.File)


def is_flac_raster(path):
    """True when ``path`` is a local file one of our readers opens (header + index only)."""
    if not (path.lower().endswith(EXTENSION) and os.path.isfile(path)):
        return False
    try:
        from ..core.api import open_flac
        with open_flac(path):
            return True
    except (FlacRasterError, OSError, ImportError):
        return False
    except Exception:  # noqa: BLE001 - a hostile file must never break the Browser
        return False


class FlacDataItemProvider(QgsDataItemProvider):
    def name(self):
        return "FLAC raster"

    def dataProviderKey(self):  # noqa: N802 - QGIS API names
        return PROVIDER_KEY

    def capabilities(self):
        return FILE_CAPABILITY

    def createDataItem(self, path, parentItem):  # noqa: N802,N803
        try:
            if not is_flac_raster(path):
                return None
            name = os.path.splitext(os.path.basename(path))[0]
            return QgsLayerItem(parentItem, name, path, encode_uri(path),
                                Qgis.BrowserLayerType.Raster, PROVIDER_KEY)
        except Exception:  # noqa: BLE001 - never into C++
            return None


def add_live_layer(location, name=None, authcfg=None, project=None):
    """A live layer of ``location`` added to the project; returns it (check isValid())."""
    name = name or os.path.splitext(os.path.basename(location.split("?")[0].rstrip("/")))[0]
    layer = QgsRasterLayer(encode_uri(location, authcfg), name or location, PROVIDER_KEY)
    if layer.isValid():
        (project or QgsProject.instance()).addMapLayer(layer)
    return layer
