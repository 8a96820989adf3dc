"""flacraster:createstreaming — a raster to a tiled streaming FLAC (read by extent, over HTTP)."""

from qgis.core import (QgsProcessingParameterBoolean, QgsProcessingParameterDefinition,
                       QgsProcessingParameterEnum, QgsProcessingParameterNumber,
                       QgsProcessingParameterRasterLayer)

from ...core import choices
from .base import FlacRasterAlgorithm
from .raster_to_flac import (compression_level_parameter, flac_destination_parameter,
                             predictor_keyword, predictor_parameter)

# Enum values are stored by index in models and qgis_process calls: core/choices.py only ever
# appends.
RESAMPLING_KEYWORDS = choices.RESAMPLINGS
DEFAULT_RESAMPLING = RESAMPLING_KEYWORDS.index(choices.DEFAULT_RESAMPLING)


class CreateStreamingAlgorithm(FlacRasterAlgorithm):
    INPUT = "INPUT"
    TILE_SIZE = "TILE_SIZE"
    COMPRESSION_LEVEL = "COMPRESSION_LEVEL"
    OVERVIEWS = "OVERVIEWS"
    RESAMPLING = "RESAMPLING"
    PREDICTOR = "PREDICTOR"
    OUTPUT = "OUTPUT"

    def name(self):
        return "createstreaming"

    def displayName(self):  # noqa: N802
        return self.tr("Create streaming FLAC (tiled, with overviews)")

    def tags(self):
        return self.tr("flac,lossless,streaming,tiles,overviews,http,range,cloud").split(",")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Writes a raster as a tiled streaming FLAC: an index followed by independently "
            "compressed square tiles, so <b>FLAC to raster</b> (and the FLAC Raster data-source "
            "page) can decode just an extent, from disk or from any web server that supports "
            "HTTP range requests.<br><br>"
            "Full resolution is lossless, bit for bit. Optional overview levels (each half the "
            "size of the previous) make zoomed-out views cheap; they are resampled, so they are "
            "not lossless.")

    def initAlgorithm(self, config=None):  # noqa: N802
        param = QgsProcessingParameterRasterLayer(self.INPUT, self.tr("Input raster layer"))
        param.setHelp(self.tr("Any file raster GDAL can read (GeoTIFF, ...)."))
        self.addParameter(param)
        param = QgsProcessingParameterNumber(
            self.TILE_SIZE, self.tr("Tile size (pixels)"),
            QgsProcessingParameterNumber.Type.Integer, defaultValue=choices.DEFAULT_TILE_SIZE,
            minValue=choices.MIN_TILE, maxValue=choices.MAX_TILE)
        param.setHelp(self.tr("Width and height of each tile. Smaller tiles fetch less for "
                              "small extents; larger tiles compress slightly better."))
        self.addParameter(param)
        self.addParameter(compression_level_parameter(self, self.COMPRESSION_LEVEL))
        param = QgsProcessingParameterBoolean(self.OVERVIEWS, self.tr("Build overviews"),
                                              defaultValue=True)
        param.setHelp(self.tr("Add reduced-resolution levels for fast zoomed-out reading."))
        self.addParameter(param)
        param = QgsProcessingParameterEnum(
            self.RESAMPLING, self.tr("Overview resampling"),
            options=self.resampling_labels(), defaultValue=DEFAULT_RESAMPLING)
        param.setHelp(self.tr("How overview pixels are made from 2x2 blocks: Average for "
                              "continuous data (elevation, imagery), Nearest or Mode for "
                              "categories (land cover). Nodata and NaN are ignored."))
        param.setFlags(param.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.addParameter(param)
        self.addParameter(predictor_parameter(self, self.PREDICTOR, streaming=True))
        self.addParameter(flac_destination_parameter(self, self.OUTPUT,
                                                     self.tr("Output streaming FLAC file")))

    def resampling_labels(self):
        names = {"nearest": self.tr("Nearest neighbour"), "average": self.tr("Average"),
                 "mode": self.tr("Mode")}
        return [names[keyword] for keyword in RESAMPLING_KEYWORDS]

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        source = self.raster_layer_path(parameters, self.INPUT, context)
        tile_size = self.parameterAsInt(parameters, self.TILE_SIZE, context)
        level = self.parameterAsInt(parameters, self.COMPRESSION_LEVEL, context)
        overviews = self.parameterAsBoolean(parameters, self.OVERVIEWS, context)
        resampling = RESAMPLING_KEYWORDS[self.parameterAsEnum(parameters, self.RESAMPLING,
                                                              context)]
        predictor = predictor_keyword(self, parameters, self.PREDICTOR, context)
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        api = self.core("api")
        self.run_core(api.create_streaming, source, output, tile_size=tile_size,
                      compression_level=level, overviews=overviews, resampling=resampling,
                      overwrite=True, feedback=self.core_feedback(feedback), predictor=predictor)
        return {self.OUTPUT: output}
