"""flacraster:flactoraster — a FLAC raster (file or URL) back to GeoTIFF."""

from qgis.core import QgsProcessingParameterFile, QgsProcessingParameterRasterDestination

from ...core.api import flac_to_raster
from .base import FlacRasterAlgorithm


class FlacToRasterAlgorithm(FlacRasterAlgorithm):
    INPUT = "INPUT"
    OUTPUT = "OUTPUT"

    def name(self):
        return "flactoraster"

    def displayName(self):  # noqa: N802
        return self.tr("FLAC to raster")

    def shortHelpString(self):  # noqa: N802
        return self.tr("Decodes a FLAC raster back to a GeoTIFF, bit for bit.")

    def initAlgorithm(self, config=None):  # noqa: N802
        param = QgsProcessingParameterFile(self.INPUT, self.tr("Input FLAC file or URL"),
                                           extension="flac")
        param.setHelp(self.tr("A .flac raster written by this plugin."))
        self.addParameter(param)
        param = QgsProcessingParameterRasterDestination(self.OUTPUT, self.tr("Output raster"))
        param.setHelp(self.tr("The GeoTIFF to write."))
        self.addParameter(param)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        source = self.parameterAsFile(parameters, self.INPUT, context)
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        self.run_core(flac_to_raster, source, output, overwrite=True,
                      feedback=self.core_feedback(feedback))
        return {self.OUTPUT: output}
