"""Wires the doors onto the core: the ``flacraster`` raster provider (live layers), the
Processing provider and (with a GUI) the data-source page, Browser items, toolbar button and
menu entry."""

from qgis.core import QgsApplication

from .translation import install_translator, remove_translators


class FlacRasterPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.gui = None
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
        self.initProcessing()
        if self.iface is not None:
            try:
                from .gui.integration import GuiIntegration
            except ImportError:
                GuiIntegration = None
            if GuiIntegration is not None:
                self.gui = GuiIntegration(self.iface)
                self.gui.install()

    def unload(self):
        if self.gui is not None:
            self.gui.remove()
            self.gui = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        from .provider.registration import unregister
        unregister()
        remove_translators()
