"""What every algorithm shares: translation, icon, groups, and the bridge to the core.

Algorithms stay thin: read parameters, call one core function through :meth:`run_core`,
return outputs. The core is imported lazily (inside ``processAlgorithm``) so that a missing
dependency never hides the algorithms from the Toolbox or ``qgis_process list``; it becomes
a clear error when the algorithm runs.
"""

import os

from qgis.core import (QgsApplication, QgsProcessingAlgorithm, QgsProcessingException,
                       QgsProcessingParameterAuthConfig, QgsProcessingParameterDefinition)
from qgis.PyQt.QtGui import QIcon

from ...core.errors import CancelledError, FlacRasterError
from ...core.feedback import Feedback
from ...core.signals import sigterm_as_interrupt
from ...core.sources.byte_source import is_url
from ...icon import ICON
from ...translation import translate_for_class


def user_guide_url(algorithm_name):
    """The algorithm's section of the user guide: the README on the project's homepage (from
    metadata.txt, where the publishing placeholders live), heading ``### flacraster:<name>``,
    whose anchor on the project page is ``#flacraster<name>``."""
    from ...core.version import metadata_value
    return f"{metadata_value('homepage').rstrip('/')}#flacraster{algorithm_name}"


class FlacRasterAlgorithm(QgsProcessingAlgorithm):
    """Base class: subclasses set ``name()``, parameters and ``processAlgorithm()``."""

    group_id = "conversion"

    def tr(self, text):
        # pylupdate5 files self.tr() strings under the class holding the call: translate with
        # the class names (MRO) so extraction and runtime agree (see translation.py).
        return translate_for_class(type(self), text)

    def createInstance(self):  # noqa: N802
        return type(self)()

    def icon(self):
        return QIcon(ICON)

    def svgIconPath(self):  # noqa: N802
        return ICON

    def helpUrl(self):  # noqa: N802
        # Called by QGIS (C++): on 3.22 an exception escaping here would crash QGIS.
        try:
            return user_guide_url(self.name())
        except Exception:  # noqa: BLE001
            return ""

    def groupId(self):  # noqa: N802
        return self.group_id

    def group(self):
        # Literal strings so pylupdate5 extracts them.
        return self.tr("Conversion") if self.group_id == "conversion" else self.tr("Inspection")

    @staticmethod
    def core_feedback(feedback):
        """Adapt QgsProcessingFeedback to the core's Feedback (progress, cancel, log)."""
        return Feedback(progress=lambda f: feedback.setProgress(100.0 * f),
                        cancelled=feedback.isCanceled,
                        log=feedback.pushInfo)

    def run_core(self, call, *args, **kwargs):
        """Run a core function; its errors become QgsProcessingException with its message.

        Under qgis_process (our process) SIGTERM stops the run like a cancel: the output's
        temporary file is removed instead of left behind (core/signals.py)."""
        try:
            with sigterm_as_interrupt(enabled=QgsApplication.platform() == "qgis_process"):
                return call(*args, **kwargs)
        except KeyboardInterrupt as exc:
            raise QgsProcessingException(
                self.tr("Stopped by a signal: no output was written.")) from exc
        except CancelledError as exc:
            raise QgsProcessingException(
                self.tr("Cancelled by the user: no output was written.")) from exc
        except FlacRasterError as exc:
            raise QgsProcessingException(str(exc)) from exc
        except ImportError as exc:
            raise QgsProcessingException(self.missing_dependency(exc)) from exc

    def core(self, module="api"):
        """Import a core module (``api``, the front door every algorithm goes through), turning a
        missing package into a readable error instead of a traceback."""
        import importlib
        from ...dependencies import check_for_processing
        problem = check_for_processing()
        if problem:
            raise QgsProcessingException(problem)
        try:
            return importlib.import_module(f"...core.{module}", __package__)
        except ImportError as exc:
            raise QgsProcessingException(self.missing_dependency(exc)) from exc

    def missing_dependency(self, exc):
        from ...dependencies import check_for_processing
        problem = check_for_processing()
        if problem:
            return problem
        name = getattr(exc, "name", None) or str(exc)
        return self.tr("The Python package '{}' is missing from QGIS's Python. Install it "
                       "(see the plugin's README, or run 'make deploy'): {}").format(name, exc)

    def raster_layer_path(self, parameters, name, context):
        """The file behind a raster-layer parameter; only GDAL layers have one."""
        layer = self.parameterAsRasterLayer(parameters, name, context)
        if layer is None:
            raise QgsProcessingException(self.invalidRasterError(parameters, name))
        if layer.providerType() != "gdal":
            raise QgsProcessingException(
                self.tr("Layer '{}' is not a file raster (provider '{}'); save it as a GeoTIFF "
                        "first.").format(layer.name(), layer.providerType()))
        return layer.source()

    def location_parameter(self, parameters, name, context):
        """A FLAC path or http(s) URL from a File parameter (kept as typed for URLs), or the
        source of a live ``flacraster`` layer given instead (a layer object, id or name)."""
        live = self.live_layer_location(parameters.get(name), context)
        if live is not None:
            return live
        value = (self.parameterAsFile(parameters, name, context) or "").strip()
        if not value:
            raise QgsProcessingException(self.tr("No FLAC file or URL was given."))
        if is_url(value):
            return value
        if not os.path.isfile(value):
            raise QgsProcessingException(self.tr("The FLAC file does not exist: {}").format(value))
        return value

    def checkParameterValues(self, parameters, context):  # noqa: N802 - QGIS API
        """A live flacraster layer object is accepted where a FLAC file or URL is asked
        (a File parameter would refuse the object itself)."""
        try:
            from qgis.core import QgsMapLayer, QgsProcessingParameterFile
            checked = dict(parameters)
            for name, value in parameters.items():
                definition = self.parameterDefinition(name)
                if isinstance(value, QgsMapLayer) and isinstance(
                        definition, QgsProcessingParameterFile):
                    location = self.live_layer_location(value, context)
                    if location is not None:
                        checked[name] = location
            return super().checkParameterValues(checked, context)
        except Exception as exc:  # noqa: BLE001 - never into C++
            return False, str(exc)

    def live_layer_location(self, value, context):
        """The file or URL behind a flacraster layer named by ``value``, or None. The layer's
        authentication configuration is used unless the AUTHCFG parameter names one."""
        from qgis.core import QgsMapLayer, QgsProcessingUtils

        from ...provider import PROVIDER_KEY
        from ...provider.uri import decode_uri
        layer = value if isinstance(value, QgsMapLayer) else None
        if layer is None and isinstance(value, str) and value.strip() and not is_url(value) \
                and not os.path.exists(value):
            layer = QgsProcessingUtils.mapLayerFromString(value.strip(), context)
        if layer is None or layer.providerType() != PROVIDER_KEY:
            return None
        parts = decode_uri(layer.source())
        self._layer_authcfg = parts["authcfg"] or None
        return parts["path"]

    AUTHCFG = "AUTHCFG"

    def add_authentication_parameter(self):
        """Optional, advanced: a QGIS authentication configuration for http(s) inputs."""
        param = QgsProcessingParameterAuthConfig(
            self.AUTHCFG, self.tr("Authentication for URLs"), optional=True)
        param.setFlags(param.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        param.setHelp(self.tr(
            "A QGIS authentication configuration used when the input is an http(s) URL. "
            "URLs are read through QGIS's network stack, so its proxy and SSL settings apply."))
        self.addParameter(param)

    def transport_for(self, location, parameters, context):
        """QGIS's network stack for URLs (proxy, SSL, authcfg); None for local files."""
        if not is_url(location):
            return None
        from ...qgis_network import QgisTransport
        authcfg = (self.parameterAsString(parameters, self.AUTHCFG, context)
                   or getattr(self, "_layer_authcfg", None))
        return QgisTransport(authcfg=authcfg)

    def optional_file_output(self, parameters, name, context):
        """The path of an optional file destination, or None when the user skipped it."""
        value = parameters.get(name)
        if value is None or value == "":
            return None
        path = self.parameterAsFileOutput(parameters, name, context)
        return path or None
