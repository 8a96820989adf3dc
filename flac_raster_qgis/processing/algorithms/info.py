"""flacraster:info — what a FLAC raster holds, read from its header only."""

import json

from qgis.core import (QgsProcessingOutputNumber, QgsProcessingOutputString,
                       QgsProcessingParameterFileDestination)

from .base import FlacRasterAlgorithm
from .flac_to_raster import flac_location_parameter


def readable_lines(info, indent=""):
    """A nested info dict as ``key: value`` lines (lists of dicts numbered)."""
    lines = []
    for key, value in info.items():
        if key == "crs" and isinstance(value, dict) and value.get("epsg"):
            lines.append(f"{indent}crs: EPSG:{value['epsg']}")  # the WKT stays in the JSON
        elif isinstance(value, dict):
            lines.append(f"{indent}{key}:")
            lines.extend(readable_lines(value, indent + "  "))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            lines.append(f"{indent}{key}:")
            for i, item in enumerate(value):
                lines.append(f"{indent}  [{i}]")
                lines.extend(readable_lines(item, indent + "    "))
        else:
            text = json.dumps(value) if isinstance(value, (list, bool)) or value is None else value
            lines.append(f"{indent}{key}: {text}")
    return lines


class InfoAlgorithm(FlacRasterAlgorithm):
    INPUT = "INPUT"
    OUTPUT = "OUTPUT"
    FORMAT = "FORMAT"
    INFO_JSON = "INFO_JSON"
    COMPRESSION_RATIO = "COMPRESSION_RATIO"

    group_id = "inspection"

    def name(self):
        return "info"

    def displayName(self):  # noqa: N802
        return self.tr("FLAC raster information")

    def tags(self):
        return self.tr("flac,info,metadata,header,inspect,tiles,levels").split(",")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Describes a FLAC raster (file or http(s) URL) without decoding its pixels: "
            "format and version, data type, bands, CRS, extent, tile grid, overview levels, "
            "sizes and compression ratio. The description is written to the log and, if "
            "requested, to a JSON file. For a URL only the header and index are fetched.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(flac_location_parameter(self, self.INPUT))
        self.add_authentication_parameter()
        param = QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Information as JSON"), fileFilter=self.tr("JSON files (*.json)"),
            optional=True, createByDefault=False)
        param.setHelp(self.tr("Optional: save the description as a JSON file."))
        self.addParameter(param)
        self.addOutput(QgsProcessingOutputString(self.FORMAT, self.tr("Format")))
        self.addOutput(QgsProcessingOutputString(self.INFO_JSON, self.tr("Information (JSON)")))
        self.addOutput(QgsProcessingOutputNumber(self.COMPRESSION_RATIO,
                                                 self.tr("Compression ratio")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        location = self.location_parameter(parameters, self.INPUT, context)
        output = self.optional_file_output(parameters, self.OUTPUT, context)
        api = self.core("api")
        transport = self.transport_for(location, parameters, context)

        def describe():
            with api.open_flac(location, transport) as reader:
                info = reader.info()
                warnings = list(getattr(reader, "warnings", []) or [])
            return info, warnings

        info, warnings = self.run_core(describe)
        for line in readable_lines(info):
            feedback.pushInfo(line)
        for warning in warnings:
            feedback.reportError(warning, fatalError=False)
        text = json.dumps(info, indent=2, sort_keys=False, allow_nan=False)
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
        ratio = info.get("compression_ratio")
        return {self.OUTPUT: output, self.FORMAT: info.get("format"),
                self.INFO_JSON: text,
                self.COMPRESSION_RATIO: ratio if isinstance(ratio, (int, float)) else None}
