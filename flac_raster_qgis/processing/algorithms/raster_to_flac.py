"""flacraster:rastertoflac — any GDAL raster to a lossless plain FLAC file."""

from qgis.core import (QgsProcessingParameterFileDestination, QgsProcessingParameterNumber,
                       QgsProcessingParameterRasterLayer)

from ...core.api import raster_to_flac
from .base import FlacRasterAlgorithm


class RasterToFlacAlgorithm(FlacRasterAlgorithm):
    INPUT = "INPUT"
    COMPRESSION_LEVEL = "COMPRESSION_LEVEL"
    OUTPUT = "OUTPUT"

    def name(self):
        return "rastertoflac"

    def displayName(self):  # noqa: N802
        return self.tr("Raster to FLAC (lossless)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Stores a raster layer losslessly as one FLAC file: every data type, band, nodata "
            "value, NaN, georeferencing and metadata comes back bit for bit with "
            "'FLAC to raster'.")

    def initAlgorithm(self, config=None):  # noqa: N802
        param = QgsProcessingParameterRasterLayer(self.INPUT, self.tr("Input raster layer"))
        param.setHelp(self.tr("Any raster GDAL can read."))
        self.addParameter(param)
        param = QgsProcessingParameterNumber(
            self.COMPRESSION_LEVEL, self.tr("Compression level"),
            QgsProcessingParameterNumber.Type.Integer, defaultValue=5, minValue=0, maxValue=8)
        param.setHelp(self.tr("FLAC compression level: 0 is fastest, 8 is smallest."))
        self.addParameter(param)
        param = QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Output FLAC file"), fileFilter=self.tr("FLAC files (*.flac)"))
        param.setHelp(self.tr("The .flac file to write."))
        self.addParameter(param)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        layer = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        if layer is None:
            from qgis.core import QgsProcessingException
            raise QgsProcessingException(self.invalidRasterError(parameters, self.INPUT))
        level = self.parameterAsInt(parameters, self.COMPRESSION_LEVEL, context)
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        self.run_core(raster_to_flac, layer.source(), output, compression_level=level,
                      overwrite=True, feedback=self.core_feedback(feedback))
        return {self.OUTPUT: output}
