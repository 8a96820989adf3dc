"""Names that moved between QGIS 3.22 and 3.40/3.44, resolved once (each falls back to the
3.22 spelling)."""

from qgis.core import Qgis, QgsRaster, QgsRasterBandStats, QgsRasterInterface

DataType = Qgis.DataType

_caps = getattr(Qgis, "RasterInterfaceCapability", None)
if _caps is not None:
    # 3.40+: capabilities() must return the flags type itself; OR-ing the scoped members
    # alone gives a plain int there, which QGIS refuses (and aborts).
    CAPABILITIES = Qgis.RasterInterfaceCapabilities(_caps.Size) | _caps.Identify | \
        _caps.IdentifyValue
else:
    CAPABILITIES = QgsRasterInterface.Size | QgsRasterInterface.Identify | \
        QgsRasterInterface.IdentifyValue

_stats = getattr(Qgis, "RasterBandStatistic", None)
STATS = _stats if _stats is not None else QgsRasterBandStats   # .All, .Min, .Max, ...
_STATS_FLAGS = getattr(Qgis, "RasterBandStatistics", None)


def statistics_flags(*members):
    """The members OR-ed into the type ``QgsRasterBandStats.statsGathered`` takes: 3.40+'s
    flags type (OR-ing its scoped members alone gives a plain int, which it refuses)."""
    out = _STATS_FLAGS(members[0]) if _STATS_FLAGS is not None else members[0]
    for member in members[1:]:
        out = out | member
    return out


ColorInterp = getattr(Qgis, "RasterColorInterpretation", None) or QgsRaster
IdentifyFormat = getattr(Qgis, "RasterIdentifyFormat", None)
IDENTIFY_VALUE = IdentifyFormat.Value if IdentifyFormat is not None \
    else QgsRaster.IdentifyFormatValue

# numpy dtype -> (QGIS data type, numpy dtype of the block). QGIS 3.22 has no Int8 and no
# 64-bit integers: int8 widens to Int16 (exact), 64-bit integers go to Float64 (exact up to
# 2**53, the limit of any QGIS renderer anyway).
_INT8 = getattr(DataType, "Int8", None)
DTYPES = {
    "uint8": (DataType.Byte, "uint8"),
    "int8": (_INT8, "int8") if _INT8 is not None else (DataType.Int16, "int16"),
    "uint16": (DataType.UInt16, "uint16"),
    "int16": (DataType.Int16, "int16"),
    "uint32": (DataType.UInt32, "uint32"),
    "int32": (DataType.Int32, "int32"),
    "float32": (DataType.Float32, "float32"),
    "float64": (DataType.Float64, "float64"),
    "int64": (DataType.Float64, "float64"),
    "uint64": (DataType.Float64, "float64"),
}

COLOR_INTERPRETATIONS = {
    "gray": ColorInterp.GrayIndex, "grey": ColorInterp.GrayIndex,
    "red": ColorInterp.RedBand, "green": ColorInterp.GreenBand, "blue": ColorInterp.BlueBand,
    "alpha": ColorInterp.AlphaBand, "palette": ColorInterp.PaletteIndex,
    "hue": ColorInterp.HueBand, "saturation": ColorInterp.SaturationBand,
    "lightness": ColorInterp.LightnessBand, "cyan": ColorInterp.CyanBand,
    "magenta": ColorInterp.MagentaBand, "yellow": ColorInterp.YellowBand,
    "black": ColorInterp.BlackBand,
}
UNDEFINED_INTERPRETATION = (ColorInterp.Undefined if hasattr(ColorInterp, "Undefined")
                            else QgsRaster.UndefinedColorInterpretation)
