"""flacraster:flactoraster — a FLAC raster (file or URL) back to GeoTIFF, whole or an extent."""

import os

from qgis.core import (QgsProcessingException, QgsProcessingParameterDefinition,
                       QgsProcessingParameterExtent, QgsProcessingParameterFile,
                       QgsProcessingParameterRasterDestination, QgsProcessingParameterString)

from ...qgis_crs import crs_for_core
from .base import FlacRasterAlgorithm

GEOTIFF_EXTENSIONS = (".tif", ".tiff")
# The creation-options editor of QGIS's own GDAL algorithms (Processing plugin, 3.x).
RASTER_OPTIONS_WIDGET = "processing.algs.gdal.ui.RasterOptionsWidget.RasterOptionsWidgetWrapper"


def raster_options_widget():
    """QGIS's creation-options editor, as its own GDAL algorithms ask for it: the Python
    wrapper class up to 3.3x, the C++ widget type "rasteroptions" once that class is gone."""
    import importlib.util
    try:
        found = importlib.util.find_spec(RASTER_OPTIONS_WIDGET.rsplit(".", 1)[0]) is not None
    except ImportError:      # processing.algs.gdal.ui itself is gone (3.40+)
        found = False
    return {"class": RASTER_OPTIONS_WIDGET} if found else {"widget_type": "rasteroptions"}


def flac_location_parameter(alg, name):
    """Path or URL. A File parameter with an 'All files' filter (not an extension) keeps the
    Browse button in the dialog and batch panel while accepting URLs, signed ones included,
    in the dialog, models and qgis_process."""
    param = QgsProcessingParameterFile(
        name, alg.tr("FLAC raster (file or http(s) URL)"),
        behavior=QgsProcessingParameterFile.Behavior.File,
        fileFilter=alg.tr("FLAC rasters (*.flac *.FLAC);;All files (*)"))
    param.setHelp(alg.tr(
        "A .flac file on disk, or an http:// or https:// URL typed into the field. Reads this "
        "plugin's plain and streaming formats and files written by flac-raster 0.1.x. URLs "
        "are read with HTTP range requests; the server must support them."))
    return param


class FlacToRasterAlgorithm(FlacRasterAlgorithm):
    INPUT = "INPUT"
    EXTENT = "EXTENT"
    CREATION_OPTIONS = "CREATION_OPTIONS"
    OUTPUT = "OUTPUT"

    def name(self):
        return "flactoraster"

    def displayName(self):  # noqa: N802
        return self.tr("FLAC to raster (whole or extent)")

    def tags(self):
        return self.tr("flac,decode,extract,clip,extent,geotiff,http,url,stream").split(",")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Decodes a FLAC raster (a file or an http(s) URL) to a GeoTIFF: this plugin's plain "
            "and streaming formats bit for bit, and flac-raster 0.1.x files as faithfully as "
            "they allow (run <b>FLAC raster information</b> to see their warnings).<br><br>"
            "Leave <b>Extent</b> empty to decode everything. With an extent (in any CRS: the "
            "map canvas extent, a layer's extent, or typed), exactly the full-resolution pixels "
            "covering it are written (the window is snapped outward to whole pixels, on the "
            "file's own grid, and clipped to the raster). A streaming file reads only the tiles "
            "it needs, over HTTP only their byte ranges; a plain file has no tiles, so it is "
            "decoded from the start (over HTTP: downloaded whole).<br><br>"
            "<b>Input</b> is a file field: use the browse button, or type or paste a URL.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(flac_location_parameter(self, self.INPUT))
        # QGIS adds "[optional]" to the label of an optional parameter itself.
        param = QgsProcessingParameterExtent(self.EXTENT, self.tr("Extent"), optional=True)
        param.setHelp(self.tr(
            "Only decode this area. Any CRS: it is reprojected to the file's CRS. In a model "
            "use a layer or an extent input; from qgis_process type "
            "'xmin,xmax,ymin,ymax [EPSG:xxxx]'. Empty: the whole raster."))
        self.addParameter(param)
        self.add_authentication_parameter()
        param = QgsProcessingParameterString(
            self.CREATION_OPTIONS, self.tr("Additional creation options"), defaultValue="",
            optional=True)
        param.setFlags(param.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        param.setMetadata({"widget_wrapper": raster_options_widget()})
        param.setHelp(self.tr(
            "GDAL GeoTIFF creation options, e.g. COMPRESS=ZSTD|ZSTD_LEVEL=9 for a smaller file "
            "or COMPRESS=NONE for the fastest write. Empty: DEFLATE level 1 with a predictor "
            "(fast, lossless). Only lossless options are accepted: lossy codecs, NBITS and "
            "similar are refused."))
        self.addParameter(param)
        param = QgsProcessingParameterRasterDestination(self.OUTPUT, self.tr("Output raster"))
        param.setHelp(self.tr("The GeoTIFF to write (.tif). It appears only when complete."))
        self.addParameter(param)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        location = self.location_parameter(parameters, self.INPUT, context)
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        if not output.lower().endswith(GEOTIFF_EXTENSIONS):
            raise QgsProcessingException(
                self.tr("The output must be a GeoTIFF (.tif): {}").format(output))
        kwargs = {}
        bounds = self.requested_bounds(parameters, context)
        if bounds is not None:
            kwargs["bounds"], kwargs["bounds_crs"] = bounds
            feedback.pushInfo(self.tr("Extent: {} ({})").format(
                ", ".join(f"{v:.10g}" for v in bounds[0]), bounds[1] and bounds[1][:40]
                or self.tr("the file's CRS")))
        options = (self.parameterAsString(parameters, self.CREATION_OPTIONS, context)
                   or "").strip()
        if options:
            kwargs["creation_options"] = options
        api = self.core("api")
        extraction = self.run_core(api.extract, location, output, overwrite=True,
                                   feedback=self.core_feedback(feedback),
                                   transport=self.transport_for(location, parameters, context),
                                   **kwargs)
        feedback.pushInfo(extraction.report())
        feedback.pushInfo(self.tr("Wrote {} ({} bytes)").format(
            output, os.path.getsize(output)))
        return {self.OUTPUT: output}

    def requested_bounds(self, parameters, context):
        """((xmin, ymin, xmax, ymax), crs string or None), or None for the whole raster."""
        value = parameters.get(self.EXTENT)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        extent = self.parameterAsExtent(parameters, self.EXTENT, context)
        if extent.isNull():
            raise QgsProcessingException(
                self.tr("The extent could not be read: {}").format(value))
        crs = self.parameterAsExtentCrs(parameters, self.EXTENT, context)
        bounds = (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum())
        return bounds, crs_for_core(crs)
