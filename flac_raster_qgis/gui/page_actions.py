"""Where the data-source page shows up: the Data Source Manager, a toolbar button and a Layer
menu entry (the last two open the same page as a dialog). integration.py calls install() and
remove()."""

from qgis.gui import QgsGui
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from ..translation import tr
from ..qgis_network import install_user_agent, remove_user_agent
from .source_select import ICON_PATH, FlacSourceSelectProvider, FlacSourceWidget
from .tasks import live_tasks
from .temp_files import release_shared_temp_files, shared_temp_files


class PageIntegration:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.action = None
        self.dialog = None

    def install(self):
        install_user_agent()
        # The registry takes ownership and deletes the provider on removal: a fresh one each time.
        self.provider = FlacSourceSelectProvider()
        QgsGui.sourceSelectProviderRegistry().addProvider(self.provider)
        self.action = QAction(QIcon(ICON_PATH), tr("Stream a FLAC Raster…"),
                              self.iface.mainWindow())
        self.action.setObjectName("flacRasterOpenSourcePage")
        self.action.setToolTip(tr("Fetch the tiles of a FLAC raster under the map extent"))
        self.action.triggered.connect(self.open_dialog)
        self.iface.addToolBarIcon(self.action)
        menu = self._layer_menu()
        if menu is not None:
            menu.addAction(self.action)

    def _layer_menu(self):
        """Layer > Add Layer (beside the other sources); None in a stub iface."""
        for name in ("addLayerMenu", "layerMenu"):
            getter = getattr(self.iface, name, None)
            if callable(getter):
                return getter()
        return None

    def open_dialog(self):
        if self.dialog is None:
            self.dialog = FlacSourceWidget(self.iface.mainWindow(), temp_files=shared_temp_files())
            self.dialog.setMapCanvas(self.iface.mapCanvas())
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def remove(self):
        for task in live_tasks():
            task.on_done = None
            task.cancel()
        if self.dialog is not None:
            self.dialog.close_reader()
            self.dialog.deleteLater()
            self.dialog = None
        if self.action is not None:
            self.iface.removeToolBarIcon(self.action)
            menu = self._layer_menu()
            if menu is not None:
                menu.removeAction(self.action)
            self.action.deleteLater()
            self.action = None
        if self.provider is not None:
            QgsGui.sourceSelectProviderRegistry().removeProvider(self.provider)
            self.provider = None   # deleted by the registry: never reuse it
        release_shared_temp_files()
        remove_user_agent()
