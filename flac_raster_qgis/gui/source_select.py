"""The "FLAC Raster" page of the Data Source Manager (also shown as a dialog from the toolbar).

Connect reads a file's header and index (one small range request) and shows what it holds;
"Add layer" adds it as a live ``flacraster`` layer (it renders every view by itself and is
saved with the project), and "Load canvas extent" takes a snapshot: only the tiles under the
map, decoded to temporary layers styled with the whole raster's value range. Every slow step is
a QgsTask (tasks.py); this module only wires widgets, the canvas and the project.
"""

import os
from urllib.parse import unquote, urlsplit

from qgis.core import (Qgis, QgsFileUtils, QgsProject, QgsProviderRegistry, QgsRectangle,
                       QgsSettings)
from qgis.gui import QgsAbstractDataSourceWidget, QgsSourceSelectProvider
from qgis.PyQt.QtCore import Qt, QTimer, pyqtSignal
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QDialogButtonBox, QFileDialog, QTextBrowser, QTreeWidgetItem
from qgis.PyQt.uic import loadUiType

from ..core.errors import (AccessDeniedError, CancelledError, ExtentError, ForbiddenError,
                           MissingDependencyError, NoAnswerError, NoPixelsError,
                           NotAFlacRasterError, NotFoundError, RangeNotSupportedError,
                           RemoteChangedError, TransportError)
from ..core.sources.byte_source import is_url
from ..logging_utils import warning
from ..provider import PROVIDER_KEY
from ..provider.uri import encode_uri
from ..translation import tr
from . import layers as layer_utils
from ..qgis_crs import crs_for_core
from ..qgis_network import QgisTransport
from .qgis_compat import WIDGET_MODE_STANDALONE
from .tasks import ConnectTask, FetchRequest, FetchTask, start_task
from .temp_files import remove_path, shared_temp_files

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FORM_CLASS, _ = loadUiType(os.path.join(PLUGIN_DIR, "ui", "source_select.ui"))
ICON_PATH = os.path.join(PLUGIN_DIR, "icons", "flac_raster.svg")
HISTORY_KEY = "flac_raster_qgis/recent_sources"
HISTORY_SIZE = 12
FOLLOW_DELAY_MS = 600
MAX_FOOTPRINT_TILES = 20000


class FlacSourceSelectProvider(QgsSourceSelectProvider):
    """Adds the page to the Data Source Manager (registry owns it: a fresh one per initGui)."""

    def providerKey(self):  # noqa: N802 - QGIS API names
        return "flac_raster"

    def text(self):
        return tr("FLAC Raster")

    def toolTip(self):  # noqa: N802
        return tr("Stream lossless FLAC rasters from a URL or a file, tile by tile")

    def icon(self):
        return QIcon(ICON_PATH)

    def ordering(self):
        return QgsSourceSelectProvider.Ordering.OrderRemoteProvider + 40

    def createDataSourceWidget(self, parent=None, fl=Qt.WindowType.Widget,  # noqa: N802
                               widgetMode=QgsProviderRegistry.WidgetMode.Embedded):  # noqa: N803
        return FlacSourceWidget(parent, fl, widgetMode)


def describe_error(exc):
    """(title, text) in plain words for a failed connect or fetch."""
    detail = str(exc)
    if isinstance(exc, RangeNotSupportedError):
        return tr("The server does not support range requests"), detail
    if isinstance(exc, RemoteChangedError):
        return tr("The file changed on the server"), tr(
            "Connect again to read the new version.") + " " + detail
    if isinstance(exc, NotFoundError):
        return tr("Not found"), detail
    if isinstance(exc, ForbiddenError):
        # 403: as often a file the web server may not read as a missing login.
        return tr("Access denied"), tr(
            "Choose an authentication configuration if the URL is protected; if it "
            "is not, the web server may not be allowed to read the file (check the "
            "file's permissions on the server).") + " " + detail
    if isinstance(exc, AccessDeniedError):
        return tr("Access denied"), tr(
            "Choose an authentication configuration if the URL is protected.") + " " + detail
    if isinstance(exc, NoAnswerError):
        return tr("The server did not answer in time"), detail
    if isinstance(exc, TransportError):
        return tr("Cannot read the source"), detail
    if isinstance(exc, NoPixelsError):
        return tr("This file holds no pixels"), detail
    if isinstance(exc, NotAFlacRasterError):
        return tr("Not a FLAC raster"), detail
    if isinstance(exc, ExtentError):
        return tr("The map extent does not cover the raster"), detail
    if isinstance(exc, MissingDependencyError):
        return tr("A required Python package is missing"), detail
    if isinstance(exc, CancelledError):
        return tr("Cancelled"), ""
    return tr("Reading failed"), detail


def source_label(location):
    """A short name for a source: the file name of a path or URL."""
    if is_url(location):
        path = unquote(urlsplit(location).path)
        return os.path.basename(path.rstrip("/")) or urlsplit(location).netloc
    return os.path.basename(location) or location


class FlacSourceWidget(QgsAbstractDataSourceWidget, FORM_CLASS):
    """The page. ``busy()`` is true while a task runs; ``taskDone`` fires after each one."""

    taskDone = pyqtSignal(str)          # "connect" or "fetch", after the page has updated
    transport_options = {}              # extra QgisTransport arguments (timeouts, retries...)

    def __init__(self, parent=None, fl=Qt.WindowType.Widget,
                 widget_mode=WIDGET_MODE_STANDALONE, temp_files=None):
        super().__init__(parent, fl, widget_mode)
        self.setupUi(self)
        self.widget_mode = widget_mode
        self.temp_files = temp_files or shared_temp_files()
        self.reader = None
        self.info = None
        self.location = None
        self.task = None
        self.last_result = None
        self._pending_fetch = False
        self._follow_layer_ids = []
        self._footprint_layer_id = None
        self._watched_canvas = None
        self._follow_timer = QTimer(self)
        self._follow_timer.setSingleShot(True)
        self._follow_timer.setInterval(FOLLOW_DELAY_MS)
        self._follow_timer.timeout.connect(lambda: self.load_canvas_extent(follow=True))
        self._setup_widgets()
        self.destroyed.connect(_closer(self))

    # -- set-up ---------------------------------------------------------------------------
    def _setup_widgets(self):
        self.setWindowTitle(tr("FLAC Raster"))
        self.sourceCombo.lineEdit().setPlaceholderText(
            tr("https://example.com/dem.flac or /path/to/dem.flac"))
        self.sourceCombo.addItems(self.history())
        self.sourceCombo.setCurrentIndex(-1)
        self.sourceCombo.lineEdit().returnPressed.connect(self.connect_source)
        self.browseButton.clicked.connect(self.browse)
        self.connectButton.clicked.connect(self.connect_source)
        self.addLayerButton.clicked.connect(self.add_live_layer)
        self.loadButton.clicked.connect(lambda: self.load_canvas_extent())
        self.cancelButton.clicked.connect(self.cancel)
        self.followCheck.toggled.connect(self._follow_toggled)
        self.footprintsCheck.toggled.connect(self._footprints_toggled)
        self.infoTree.setHeaderLabels([tr("Property"), tr("Value")])
        self.progressBar.setRange(0, 100)
        self.progressBar.setValue(0)
        if self.widget_mode == WIDGET_MODE_STANDALONE:
            box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
            box.rejected.connect(self.reject)
            self.layout().addWidget(box)
        self._setup_manager_buttons()
        self._update_buttons()

    def _setup_manager_buttons(self):
        """Inside the Data Source Manager: its Add / Close / Help buttons (Add = a live
        layer), wired by QgsAbstractDataSourceWidget.setupButtons()."""
        modes = (QgsProviderRegistry.WidgetMode.Embedded, QgsProviderRegistry.WidgetMode.Manager)
        if self.widget_mode not in modes:
            return
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close
                               | QDialogButtonBox.StandardButton.Help, self)
        self.layout().addWidget(box)
        self.setupButtons(box)
        box.rejected.connect(self.reject)
        box.helpRequested.connect(self.show_help)

    def show_help(self):
        """The plugin's documentation (its homepage, from metadata.txt)."""
        import configparser

        from qgis.PyQt.QtCore import QUrl
        from qgis.PyQt.QtGui import QDesktopServices
        parser = configparser.ConfigParser(interpolation=None)
        parser.read(os.path.join(PLUGIN_DIR, "metadata.txt"), encoding="utf-8")
        url = parser.get("general", "homepage", fallback="")
        if url:
            QDesktopServices.openUrl(QUrl(url + "#live-layers"))

    def setMapCanvas(self, canvas):  # noqa: N802 - QGIS API
        super().setMapCanvas(canvas)
        self._watch_canvas(canvas)

    # -- history --------------------------------------------------------------------------
    @staticmethod
    def history():
        value = QgsSettings().value(HISTORY_KEY, []) or []
        return [str(v) for v in (value if isinstance(value, list) else [value]) if v]

    def remember(self, location):
        items = [location] + [h for h in self.history() if h != location]
        QgsSettings().setValue(HISTORY_KEY, items[:HISTORY_SIZE])
        self.sourceCombo.blockSignals(True)
        self.sourceCombo.clear()
        self.sourceCombo.addItems(items[:HISTORY_SIZE])
        self.sourceCombo.setCurrentIndex(0)
        self.sourceCombo.blockSignals(False)

    def browse(self):
        start = self.location if self.location and not is_url(self.location) else ""
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Open a FLAC raster"), os.path.dirname(start),
            tr("FLAC rasters (*.flac);;All files (*)"))
        if path:
            self.sourceCombo.setEditText(path)
            self.connect_source()

    # -- state ----------------------------------------------------------------------------
    def busy(self):
        return self.task is not None

    def _update_buttons(self):
        busy = self.busy()
        connected = self.reader is not None
        self.connectButton.setEnabled(not busy)
        self.browseButton.setEnabled(not busy)
        self.sourceCombo.setEnabled(not busy)
        self.loadButton.setEnabled(connected and not busy)
        self.addLayerButton.setEnabled(connected and not busy)
        self.cancelButton.setEnabled(busy)
        self.emit_enable(connected and not busy)

    def emit_enable(self, enabled):
        try:
            self.enableButtons.emit(enabled)
        except (AttributeError, TypeError):  # pragma: no cover - older signature
            pass

    def set_status(self, text):
        self.statusLabel.setText(text)

    def show_error(self, exc):
        title, text = describe_error(exc)
        level = Qgis.MessageLevel.Info if isinstance(exc, CancelledError) else (
            Qgis.MessageLevel.Warning if isinstance(exc, (NoPixelsError, ExtentError))
            else Qgis.MessageLevel.Critical)
        self.messageBar.clearWidgets()
        self.push_wrapped(title, text, level, 0 if level != Qgis.MessageLevel.Info else 5)
        self.set_status(f"{title}. {text}".strip() if text else title)

    def push_wrapped(self, title, text, level, duration):
        """A message bar item whose text wraps to its full height (the bar's own text box is
        two lines tall and clips long messages such as a server's error)."""
        item = self.messageBar.createMessage(title, text)
        item.setLevel(level)
        item.setDuration(duration)
        self.messageBar.pushItem(item)
        width = max(240, self.messageBar.width() - 120)
        for box in item.findChildren(QTextBrowser):
            box.document().setTextWidth(width)
            height = int(box.document().size().height()) + 2 * box.frameWidth() + 4
            box.setMinimumHeight(min(height, 240))
            box.setMaximumHeight(min(height, 240))
        return item

    # -- tasks ----------------------------------------------------------------------------
    def _run(self, task):
        self.task = task
        task.progressChanged.connect(self._progress)
        self.progressBar.setValue(0)
        self._update_buttons()
        start_task(task)

    def _progress(self, value):
        try:
            self.progressBar.setValue(int(value))
        except RuntimeError:  # the page was closed while the task ran
            pass

    def cancel(self):
        self._pending_fetch = False
        if self.task is not None:
            self.task.cancel()

    # -- connect --------------------------------------------------------------------------
    def location_text(self):
        return self.sourceCombo.currentText().strip()

    def connect_source(self):
        if self.busy():
            return
        location = self.location_text()
        self.messageBar.clearWidgets()
        if not location:
            self.messageBar.pushMessage(tr("Enter a URL or choose a file first."),
                                        Qgis.MessageLevel.Warning, 5)
            return
        transport = None
        if is_url(location):
            options = dict(self.transport_options)
            options.setdefault("cache_dir", self.temp_files.cache_folder())
            transport = QgisTransport(authcfg=self.authSelect.configId() or None, **options)
        # Any other location is checked by core.api.open_flac (in the task): its error class
        # (NotFoundError, TransportError) picks the message, as for Processing.
        self.close_reader()
        self.infoTree.clear()
        self.set_status(tr("Connecting to {name}…").format(name=source_label(location)))
        self.progressBar.setRange(0, 0)
        self._run(ConnectTask(location, transport, on_done=self._connected))

    def _connected(self, task):
        if not _alive(self):
            if task.result:
                task.result[0].close()
            return
        self.task = None
        self.progressBar.setRange(0, 100)
        self.progressBar.setValue(0)
        if task.error is not None:
            self.show_error(task.error)
        else:
            self.reader, self.info = task.result
            if task.location != self.location:
                self._follow_layer_ids = []   # snapshots of another source stay
            self.location = task.location
            self.remember(task.location)
            self.show_info(self.info)
            self.messageBar.clearWidgets()
            for note in self.reader.warnings:
                self.messageBar.pushMessage(tr("Note"), note, Qgis.MessageLevel.Warning, 0)
            self.set_status(tr("Connected to {name}: {size} read for the header and index.")
                            .format(name=source_label(self.location),
                                    size=QgsFileUtils.representFileSize(
                                        self.reader.source.stats.bytes)))
            if self.footprintsCheck.isChecked():
                self.show_footprints()
        self._update_buttons()
        self.taskDone.emit("connect")

    def close_reader(self):
        self.cancel()
        if self.reader is not None and self.task is None:
            try:
                self.reader.close()
            finally:
                self.reader = None
                self.info = None

    def group_name(self):
        return source_label(self.location or self.location_text())

    # -- info -----------------------------------------------------------------------------
    def show_info(self, info):
        self.infoTree.clear()
        for key, value in info_rows(info, self.reader):
            item = QTreeWidgetItem(self.infoTree, [key, value])
            item.setToolTip(1, value)
        self.infoTree.resizeColumnToContents(0)

    # -- footprints -----------------------------------------------------------------------
    def _footprints_toggled(self, on):
        if on and self.reader is not None:
            self.show_footprints()
        elif not on:
            self.hide_footprints()

    def show_footprints(self):
        self.hide_footprints()
        level = next((lv for lv in self.reader.levels if lv.grid.count <= MAX_FOOTPRINT_TILES),
                     self.reader.levels[-1])
        layer = layer_utils.footprint_layer(layer_utils.footprints_name(self.group_name()),
                                            self.reader.meta, level,
                                            level.grid.tiles(level.index))
        QgsProject.instance().addMapLayer(layer, False)
        layer_utils.group_for(self.group_name()).insertLayer(0, layer)
        self._footprint_layer_id = layer.id()

    def hide_footprints(self):
        if self._footprint_layer_id:
            layer_utils.remove_layers([self._footprint_layer_id])
            self._footprint_layer_id = None

    # -- loading --------------------------------------------------------------------------
    def addButtonClicked(self):  # noqa: N802 - the Data Source Manager's "Add" button
        self.add_live_layer()

    def add_live_layer(self):
        """The connected source as a live flacraster layer, added where QGIS adds layers."""
        location = self.location
        if self.reader is None or not location:
            self.messageBar.pushMessage(tr("Connect to a source first."),
                                        Qgis.MessageLevel.Warning, 5)
            return None
        uri = encode_uri(location, self.authSelect.configId() or None)
        name = self.group_name()
        if self.widget_mode in (QgsProviderRegistry.WidgetMode.Embedded,
                                QgsProviderRegistry.WidgetMode.Manager):
            self.addRasterLayer.emit(uri, name, PROVIDER_KEY)   # the manager adds it
            return None
        from qgis.core import QgsRasterLayer
        layer = QgsRasterLayer(uri, name, PROVIDER_KEY)
        if not layer.isValid():
            error = layer.dataProvider().error().message() if layer.dataProvider() else ""
            self.push_wrapped(tr("The live layer cannot be opened"), error,
                              Qgis.MessageLevel.Critical, 0)
            return None
        QgsProject.instance().addMapLayer(layer)
        self.set_status(tr("Added {name} as a live layer.").format(name=name))
        return layer

    def canvas_request(self):
        """The FetchRequest for the canvas: its extent in the file's CRS and its resolution."""
        canvas = self.mapCanvas()
        if canvas is None:
            raise ExtentError(tr("There is no map canvas to take the extent from"))
        settings = canvas.mapSettings()
        visible = settings.visibleExtent()          # the rotated view's bounding box
        extent = QgsRectangle(visible)
        canvas_crs = settings.destinationCrs()
        file_crs = layer_utils.crs_of(self.reader.meta)
        if visible.isEmpty() or not visible.isFinite():
            raise ExtentError(tr("The map extent is empty"))
        if file_crs.isValid() and canvas_crs.isValid() and file_crs != canvas_crs:
            # The core's reprojection, as for Processing's extents: one path, one window.
            from ..core.api import bounds_in_file_crs
            extent = QgsRectangle(*bounds_in_file_crs(
                self.reader, (visible.xMinimum(), visible.yMinimum(), visible.xMaximum(),
                              visible.yMaximum()), crs_for_core(canvas_crs)))
        if extent.isEmpty() or not extent.isFinite():
            raise ExtentError(tr("The map extent is empty"))
        # One screen pixel in the file's units (HiDPI screens show finer pixels).
        per_pixel = settings.mapUnitsPerPixel() / max(1.0, settings.devicePixelRatio())
        resolution = (per_pixel * extent.width() / visible.width(),
                      per_pixel * extent.height() / visible.height())
        return FetchRequest(
            bounds=(extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()),
            resolution=resolution,
            full_resolution=self.fullResolutionCheck.isChecked(),
            per_tile=self.perTileCheck.isChecked(),
            name=self.group_name())

    def load_canvas_extent(self, follow=False):
        if self.reader is None:
            self.messageBar.pushMessage(tr("Connect to a source first."),
                                        Qgis.MessageLevel.Warning, 5)
            return
        if self.busy():
            # One fetch at a time: remember the newest request and run it afterwards.
            self._pending_fetch = True
            return
        try:
            request = self.canvas_request()
        except ExtentError as exc:
            self.show_error(exc)
            return
        self.messageBar.clearWidgets()
        self.set_status(tr("Fetching the tiles under the map…"))
        folder = self.temp_files.new_job_folder()
        task = FetchTask(self.reader, request, folder, on_done=self._fetched,
                         ranges=(self.info or {}).get("value_ranges"))
        task.follow = follow
        self._run(task)

    def _fetched(self, task):
        if not _alive(self):
            return
        self.task = None
        self.progressBar.setValue(0)
        pending, self._pending_fetch = self._pending_fetch, False
        if task.error is not None:
            self.show_error(task.error)
            if isinstance(task.error, RemoteChangedError):
                self.close_reader()
        else:
            self._add_result(task)
        self._update_buttons()
        self.taskDone.emit("fetch")
        if pending and self.reader is not None:
            self.load_canvas_extent(follow=self.followCheck.isChecked())

    def _add_result(self, task):
        result = task.result
        self.last_result = result
        new_layers, invalid = layer_utils.add_raster_layers(result.files, self.group_name())
        for path in invalid:
            warning(tr("GDAL could not open the decoded window {path}").format(path=path))
            remove_path(path)
        for layer in new_layers:
            self.temp_files.attach(layer.id(), [layer.source()])
        if self._footprint_layer_id:
            layer_utils.move_to_top(self._footprint_layer_id, self.group_name())
        for layer in new_layers:
            layer_utils.apply_value_ranges(layer, result.ranges)
        # A new snapshot replaces the previous one of this source (and a followed view).
        old, self._follow_layer_ids = self._follow_layer_ids, [lyr.id() for lyr in new_layers]
        layer_utils.remove_layers(old)
        lv = result.level
        self.set_status(
            tr("Level {level}: {tiles} tile(s), {fetched} fetched in {requests} request(s) of "
               "a {size} file ({percent} %).").format(
                level=lv.index, tiles=len(result.tiles),
                fetched=QgsFileUtils.representFileSize(result.bytes),
                requests=result.requests,
                size=QgsFileUtils.representFileSize(result.file_size),
                percent=f"{100.0 * result.bytes / result.file_size:.2f}"
                if result.file_size else "0"))

    # -- follow the map -------------------------------------------------------------------
    def _watch_canvas(self, canvas):
        if self._watched_canvas is not None:
            try:
                self._watched_canvas.extentsChanged.disconnect(self._canvas_moved)
            except (TypeError, RuntimeError):
                pass
        self._watched_canvas = canvas
        if canvas is not None:
            canvas.extentsChanged.connect(self._canvas_moved)

    def _canvas_moved(self):
        if self.followCheck.isChecked() and self.reader is not None:
            self._follow_timer.start()   # restarts: only the last of a burst of moves counts

    def _follow_toggled(self, on):
        if on and self.reader is not None:
            self._follow_timer.start()
        elif not on:
            self._follow_timer.stop()

    # -- QgsAbstractDataSourceWidget --------------------------------------------------------
    def reset(self):
        self.cancel()

    def refresh(self):
        self._update_buttons()


def info_rows(info, reader):
    """(label, value) rows describing a connected file, from the interface every format shares
    (``meta``, ``levels``, ``source``); ``info`` adds only the format's name."""
    from ..core.raster.metadata import bounds
    meta = reader.meta
    fmt = str(info.get("format") or reader.kind)
    if info.get("version"):
        fmt += f" {info['version']}"
    rows = [
        (tr("Format"), fmt),
        (tr("Size"), tr("{w} × {h} pixels").format(w=meta["width"], h=meta["height"])),
        (tr("Bands"), str(meta["count"])),
        (tr("Data type"), str(meta["dtype"])),
    ]
    crs = layer_utils.crs_of(meta)
    rows.append((tr("CRS"), f"{crs.authid()} {crs.description()}".strip() if crs.isValid()
                 else tr("none")))
    rows.append((tr("Extent"), ", ".join(f"{v:.10g}" for v in bounds(meta))))
    lv0 = reader.levels[0]
    if lv0.tile_width:
        rows.append((tr("Tile grid"), tr("{tw} × {th} pixels, {across} × {down} tiles").format(
            tw=lv0.tile_width, th=lv0.tile_height, across=lv0.tiles_across,
            down=lv0.tiles_down)))
    else:
        rows.append((tr("Tile grid"), tr("not tiled (one block)")))
    levels = [f"{lv.index}: {lv.width} × {lv.height} ({lv.resampling})"
              for lv in reader.levels[1:]]
    rows.append((tr("Overview levels"), "; ".join(levels) if levels else tr("none")))
    size = getattr(reader.source, "size", 0)
    if size:
        rows.append((tr("File size"), QgsFileUtils.representFileSize(int(size))))
    if info.get("compression_ratio"):
        rows.append((tr("Compression ratio"), f"{info['compression_ratio']:.2f}"))
    return rows


def _alive(widget):
    try:
        widget.objectName()
        return True
    except RuntimeError:
        return False


def _closer(widget):
    """A slot for ``destroyed`` that closes the reader without touching the dead widget."""
    state = {"widget": widget}

    def close(*_args):
        page = state.pop("widget", None)
        reader = getattr(page, "reader", None) if page is not None else None
        task = getattr(page, "task", None) if page is not None else None
        if task is not None:
            try:
                task.on_done = None
                task.cancel()
            except RuntimeError:  # QGIS already deleted the finished task (plugin unloaded
                task = None       # mid-task): an exception here would abort QGIS
        if reader is not None and task is None:
            reader.close()
    return close


__all__ = ["FlacSourceSelectProvider", "FlacSourceWidget"]
