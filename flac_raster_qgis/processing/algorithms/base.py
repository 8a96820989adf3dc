"""What every algorithm shares: translation, icon, help, and core feedback/errors bridging."""

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException
from qgis.PyQt.QtGui import QIcon

from ...core.errors import FlacRasterError
from ...core.feedback import Feedback
from ..provider import ICON


class FlacRasterAlgorithm(QgsProcessingAlgorithm):
    """Base class: subclasses set ``name()``, parameters and ``run_core()``."""

    def tr(self, text):
        from qgis.PyQt.QtCore import QCoreApplication
        return QCoreApplication.translate("Processing", text)

    def createInstance(self):  # noqa: N802
        return type(self)()

    def icon(self):
        return QIcon(ICON)

    def groupId(self):  # noqa: N802
        return "conversion"

    def group(self):
        return self.tr("Conversion")

    @staticmethod
    def core_feedback(feedback):
        """Adapt QgsProcessingFeedback to the core's Feedback (progress, cancel, log)."""
        return Feedback(progress=lambda f: feedback.setProgress(100.0 * f),
                        cancelled=feedback.isCanceled,
                        log=feedback.pushInfo)

    def run_core(self, call, *args, **kwargs):
        """Run a core function; its errors become QgsProcessingException with its message."""
        try:
            return call(*args, **kwargs)
        except FlacRasterError as exc:
            raise QgsProcessingException(str(exc)) from exc
