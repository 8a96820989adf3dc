"""Log through QgsMessageLog (never print: qgis_process --json must stay clean)."""

from qgis.core import Qgis, QgsMessageLog

TAG = "FLAC Raster"


def log(message, level=Qgis.MessageLevel.Info):
    QgsMessageLog.logMessage(str(message), TAG, level)


def warning(message):
    log(message, Qgis.MessageLevel.Warning)


def critical(message):
    log(message, Qgis.MessageLevel.Critical)
