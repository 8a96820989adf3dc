"""flacraster:rastertoflac — any GDAL raster to a lossless plain FLAC file."""

from qgis.core import (QgsProcessingParameterDefinition, QgsProcessingParameterEnum,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterNumber,
                       QgsProcessingParameterRasterLayer)

from ...core import choices
from .base import FlacRasterAlgorithm

# Enum values are stored by index in models and qgis_process calls: core/choices.py only ever
# appends. The plain format offers automatic and the windowed predictors (interp needs whole
# tiles), which come first.
PREDICTOR_KEYWORDS = (choices.AUTO,) + choices.PREDICTORS
PLAIN_PREDICTORS = 1 + len(choices.WINDOWED_PREDICTORS)


def compression_level_parameter(alg, name):
    param = QgsProcessingParameterNumber(
        name, alg.tr("Compression level"), QgsProcessingParameterNumber.Type.Integer,
        defaultValue=choices.DEFAULT_COMPRESSION_LEVEL,
        minValue=choices.MIN_COMPRESSION_LEVEL, maxValue=choices.MAX_COMPRESSION_LEVEL)
    param.setHelp(alg.tr("FLAC compression level, 0 (fastest) to 8 (smallest). Every level is "
                         "lossless; higher levels only trade time for size."))
    return param


def predictor_parameter(alg, name, streaming):
    """Advanced: force the reversible 2-D predictor instead of the per-tile trial. Optional,
    so models and qgis_process calls saved before it existed still run (as automatic)."""
    names = {choices.AUTO: alg.tr("Automatic (smallest of a trial encoding)"),
             "none": alg.tr("None"), "vdiff": alg.tr("Row difference"),
             "interp": alg.tr("Interpolation lifting")}
    labels = [names[keyword] for keyword in PREDICTOR_KEYWORDS]
    param = QgsProcessingParameterEnum(
        name, alg.tr("Predictor"),
        options=labels if streaming else labels[:PLAIN_PREDICTORS],
        defaultValue=PREDICTOR_KEYWORDS.index(choices.DEFAULT_PREDICTOR), optional=True)
    param.setHelp(alg.tr("A reversible transform applied before FLAC; the result is lossless "
                         "whichever you choose. Automatic tries the candidates on each tile and "
                         "keeps the smallest. Interpolation lifting suits rasters interpolated "
                         "from a coarser grid."))
    param.setFlags(param.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
    return param


def predictor_keyword(alg, parameters, name, context):
    return PREDICTOR_KEYWORDS[alg.parameterAsEnum(parameters, name, context)]


def flac_destination_parameter(alg, name, description):
    param = QgsProcessingParameterFileDestination(
        name, description, fileFilter=alg.tr("FLAC rasters (*.flac)"))
    param.setHelp(alg.tr("The .flac file to write. It appears only when complete: a failed or "
                         "cancelled run leaves nothing behind."))
    return param


class RasterToFlacAlgorithm(FlacRasterAlgorithm):
    INPUT = "INPUT"
    COMPRESSION_LEVEL = "COMPRESSION_LEVEL"
    PREDICTOR = "PREDICTOR"
    OUTPUT = "OUTPUT"

    def name(self):
        return "rastertoflac"

    def displayName(self):  # noqa: N802
        return self.tr("Raster to FLAC (lossless)")

    def tags(self):
        return self.tr("flac,lossless,compression,convert,export,geotiff").split(",")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Stores a raster layer losslessly as one plain FLAC file. Every data type (8- to "
            "64-bit integers, 32/64-bit floats), every band, nodata, NaN, the mask, the CRS, the "
            "geotransform and the metadata come back bit for bit with <b>FLAC to raster</b>; "
            "prove it with <b>Compare rasters</b>.<br><br>"
            "The plain format is read as a whole. For rasters you want to read by extent or "
            "over HTTP, use <b>Create streaming FLAC</b>.")

    def initAlgorithm(self, config=None):  # noqa: N802
        param = QgsProcessingParameterRasterLayer(self.INPUT, self.tr("Input raster layer"))
        param.setHelp(self.tr("Any file raster GDAL can read (GeoTIFF, ...). Complex data types "
                              "are not supported."))
        self.addParameter(param)
        self.addParameter(compression_level_parameter(self, self.COMPRESSION_LEVEL))
        self.addParameter(predictor_parameter(self, self.PREDICTOR, streaming=False))
        self.addParameter(flac_destination_parameter(self, self.OUTPUT,
                                                     self.tr("Output FLAC file")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        source = self.raster_layer_path(parameters, self.INPUT, context)
        level = self.parameterAsInt(parameters, self.COMPRESSION_LEVEL, context)
        predictor = predictor_keyword(self, parameters, self.PREDICTOR, context)
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        api = self.core("api")
        self.run_core(api.raster_to_flac, source, output, compression_level=level,
                      overwrite=True, feedback=self.core_feedback(feedback), predictor=predictor)
        return {self.OUTPUT: output}
