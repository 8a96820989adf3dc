"""Log through QgsMessageLog (never print: qgis_process --json must stay clean)."""

from qgis.core import Qgis, QgsMessageLog

from .core.sources.redaction import scrub

TAG = "FLAC Raster"


def log(message, level=Qgis.MessageLevel.Info):
    """Messages may quote a URL (an error, a command line): secrets are scrubbed first."""
    QgsMessageLog.logMessage(scrub(message), TAG, level)


def warning(message):
    log(message, Qgis.MessageLevel.Warning)


def critical(message):
    log(message, Qgis.MessageLevel.Critical)
