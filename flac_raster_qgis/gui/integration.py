"""Everything the plugin adds to the desktop GUI (plugin.py calls install()/remove()).

Created with the dependency check (Raster menu entry + load-time warning); the data-source
page registers itself here too.
"""

from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from ..icon import ICON
from ..translation import tr


class GuiIntegration:
    def __init__(self, iface):
        self.iface = iface
        self.actions = []
        self.menu = tr("FLAC Raster")
        self.page = None
        self.browser_provider = None
        self.drop_handler = None

    def _add_to_menu(self, action):
        add = getattr(self.iface, "addPluginToRasterMenu", None) or self.iface.addPluginToMenu
        add(self.menu, action)
        self.actions.append(action)

    def install(self):
        from .. import dependencies
        from .dependency_dialog import open_dialog, show_missing_warning
        action = QAction(QIcon(ICON), tr("Check FLAC Raster dependencies…"),
                         self.iface.mainWindow())
        action.setObjectName("flacRasterCheckDependencies")
        action.triggered.connect(lambda: open_dialog(self.iface.mainWindow()))
        self._add_to_menu(action)
        show_missing_warning(self.iface, dependencies.missing())
        from .page_actions import PageIntegration
        self.page = PageIntegration(self.iface)
        self.page.install()
        self._install_live_layers()

    def _install_live_layers(self):
        """Browser items and file drops for .flac rasters (live flacraster layers)."""
        from qgis.core import QgsApplication

        from ..provider.browser import FlacDataItemProvider
        from ..provider.drop import FlacDropHandler
        self.browser_provider = FlacDataItemProvider()   # the registry owns it once added
        QgsApplication.dataItemProviderRegistry().addProvider(self.browser_provider)
        self.drop_handler = FlacDropHandler()
        register = getattr(self.iface, "registerCustomDropHandler", None)
        if register is not None:
            register(self.drop_handler)

    def _remove_live_layers(self):
        from qgis.core import QgsApplication
        if self.drop_handler is not None:
            unregister = getattr(self.iface, "unregisterCustomDropHandler", None)
            if unregister is not None:
                unregister(self.drop_handler)
            self.drop_handler = None
        if self.browser_provider is not None:
            QgsApplication.dataItemProviderRegistry().removeProvider(self.browser_provider)
            self.browser_provider = None   # deleted by the registry

    def remove(self):
        try:
            self._remove_live_layers()
            if self.page is not None:
                page, self.page = self.page, None
                page.remove()
        finally:     # the menu entry goes even when the page's removal failed
            remove = (getattr(self.iface, "removePluginRasterMenu", None)
                      or getattr(self.iface, "removePluginMenu", None))
            for action in self.actions:
                if remove is not None:
                    remove(self.menu, action)
                action.deleteLater()
            self.actions = []
            from .dependency_dialog import close_dialog
            close_dialog()
