"""flacraster:compare — are two rasters identical? The proof that a round trip is lossless."""

import json

from qgis.core import (QgsProcessingOutputBoolean, QgsProcessingOutputNumber,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterRasterLayer)

from .base import FlacRasterAlgorithm


class CompareAlgorithm(FlacRasterAlgorithm):
    RASTER_A = "RASTER_A"
    RASTER_B = "RASTER_B"
    OUTPUT = "OUTPUT"
    IDENTICAL = "IDENTICAL"
    VALUES_EQUAL = "VALUES_EQUAL"
    DIFFERING_PIXELS = "DIFFERING_PIXELS"

    group_id = "inspection"

    def name(self):
        return "compare"

    def displayName(self):  # noqa: N802
        return self.tr("Compare rasters (bit for bit)")

    def tags(self):
        return self.tr("compare,identical,difference,lossless,verify,check,diff").split(",")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Tells whether two rasters are identical: same size, data type, CRS, geotransform, "
            "nodata, scale/offset and masks, and every pixel equal bit for bit. Run it on a "
            "raster and its FLAC round trip to prove the conversion is lossless.<br><br>"
            "Per band it reports the largest absolute difference (exact, without integer "
            "overflow), the number of differing pixels (NaN equals NaN; NaN against a number "
            "differs), pixels whose bits differ (e.g. -0.0 vs 0.0, which are equal as values) "
            "and mask differences; plus every metadata difference. The rasters are read in "
            "windows, so any size works.<br><br>"
            "<b>IDENTICAL</b> is true only for a bit-exact match; <b>VALUES_EQUAL</b> also "
            "accepts -0.0 vs 0.0 and different NaN payloads.")

    def initAlgorithm(self, config=None):  # noqa: N802
        for name, label in ((self.RASTER_A, self.tr("Raster A")),
                            (self.RASTER_B, self.tr("Raster B"))):
            param = QgsProcessingParameterRasterLayer(name, label)
            param.setHelp(self.tr("A file raster GDAL can read (e.g. the original, or the "
                                  "output of FLAC to raster)."))
            self.addParameter(param)
        param = QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Report as JSON"), fileFilter=self.tr("JSON files (*.json)"),
            optional=True, createByDefault=False)
        param.setHelp(self.tr("Optional: save the full comparison report as a JSON file."))
        self.addParameter(param)
        self.addOutput(QgsProcessingOutputBoolean(self.IDENTICAL, self.tr("Identical")))
        self.addOutput(QgsProcessingOutputBoolean(self.VALUES_EQUAL, self.tr("Values equal")))
        self.addOutput(QgsProcessingOutputNumber(self.DIFFERING_PIXELS,
                                                 self.tr("Differing pixels (all bands)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        path_a = self.raster_layer_path(parameters, self.RASTER_A, context)
        path_b = self.raster_layer_path(parameters, self.RASTER_B, context)
        output = self.optional_file_output(parameters, self.OUTPUT, context)
        api = self.core("api")
        report = self.run_core(api.compare_rasters, path_a, path_b,
                               feedback=self.core_feedback(feedback))
        for line in report.pop("summary"):   # the API's summary lines; the JSON keeps none
            feedback.pushInfo(line)
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                json.dump(report, fh, indent=2, allow_nan=False)
                fh.write("\n")
        differing = sum(band["differing_pixels"] for band in report["bands"])
        return {self.OUTPUT: output, self.IDENTICAL: report["identical"],
                self.VALUES_EQUAL: report["values_equal"], self.DIFFERING_PIXELS: differing}
