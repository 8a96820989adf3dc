"""The ``flacraster`` Processing provider: one new instance of each algorithm per load."""

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..icon import ICON
from ..translation import tr


class FlacRasterProvider(QgsProcessingProvider):
    def id(self):
        return "flacraster"

    def name(self):
        return tr("FLAC Raster")

    def longName(self):  # noqa: N802
        return tr("FLAC Raster (lossless FLAC rasters and HTTP range streaming)")

    def icon(self):
        return QIcon(ICON)

    def svgIconPath(self):  # noqa: N802
        return ICON

    def supportedOutputRasterLayerExtensions(self):  # noqa: N802
        # FLAC to raster writes GeoTIFF only.
        return ["tif"]

    def defaultRasterFileExtension(self):  # noqa: N802
        return "tif"

    def loadAlgorithms(self):  # noqa: N802
        from .algorithms import all_algorithms
        for algorithm_class in all_algorithms():
            self.addAlgorithm(algorithm_class())
