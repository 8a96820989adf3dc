"""Everything the plugin adds to the desktop GUI (plugin.py calls install()/remove()).

Created with the dependency check (Raster menu entry + load-time warning); the data-source
page registers itself here too.
"""

from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from ..processing.provider import ICON
from ..translation import tr


class GuiIntegration:
    def __init__(self, iface):
        self.iface = iface
        self.actions = []
        self.menu = tr("FLAC Raster")
        self.page = None

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

    def remove(self):
        try:
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
