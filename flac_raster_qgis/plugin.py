"""Wires the doors onto the core: the ``flacraster`` raster provider (live layers), the
Processing provider and (with a GUI) the data-source page, Browser items, toolbar button and
menu entry.

Loading never leaves a half-registered plugin: if anything raises inside ``initGui`` (an
import that fails on a newer QGIS, a renamed enum, a broken install), the error goes to the
log with its traceback, ONE message-bar entry says the plugin is not loaded, and whatever was
already registered is removed again. A half-registered Processing provider would otherwise
break later Processing runs, and QGIS's own error dialog tells a user nothing useful.
"""

import traceback

from qgis.core import Qgis, QgsApplication

from .translation import install_translator, remove_translators, tr


class FlacRasterPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.gui = None
        self.load_error = None
        install_translator()
        # Load even when a package is missing: say what and how to install it (log panel);
        # the algorithms fail with the same message, the GUI offers to install.
        from .dependencies import log_missing
        self.missing_dependencies = log_missing()

    def initProcessing(self):  # noqa: N802 (QGIS's name)
        # Live layers first: qgis_process calls only initProcessing, and a project holding a
        # flacraster layer must open there too.
        from .provider.registration import register
        register()
        from .processing.provider import FlacRasterProvider
        self.provider = FlacRasterProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802
        self.load_error = None
        try:
            self.initProcessing()
            if self.iface is not None:
                from .gui.integration import GuiIntegration
                self.gui = GuiIntegration(self.iface)
                self.gui.install()
        except Exception as exc:  # noqa: BLE001 - any failure: report once, roll back
            self._load_failed(exc)

    def _load_failed(self, exc):
        self.load_error = exc
        from .logging_utils import critical
        critical(tr("FLAC Raster could not load: {error}").format(error=exc) + "\n"
                 + traceback.format_exc())
        self.unload()
        if self.iface is not None:
            try:
                self.iface.messageBar().pushMessage(
                    tr("FLAC Raster"),
                    tr("The plugin could not load ({error}); details are in the log "
                       "messages panel.").format(error=exc),
                    Qgis.MessageLevel.Critical, 0)
            except Exception:  # noqa: BLE001 - the log above already holds the error
                pass

    def unload(self):
        """Remove everything registered, each step on its own: one failing step (e.g. after
        a failed load) must not keep the others registered."""
        from .logging_utils import warning
        if self.gui is not None:
            try:
                self.gui.remove()
            except Exception as exc:  # noqa: BLE001
                warning(f"FLAC Raster: removing the GUI failed: {exc}")
            self.gui = None
        if self.provider is not None:
            try:
                QgsApplication.processingRegistry().removeProvider(self.provider)
            except Exception as exc:  # noqa: BLE001
                warning(f"FLAC Raster: removing the Processing provider failed: {exc}")
            self.provider = None
        from .provider.registration import unregister
        unregister()
        remove_translators()
