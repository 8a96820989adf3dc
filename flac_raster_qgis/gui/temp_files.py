"""The plugin's own temporary folder for decoded windows, so nothing lands in the user's folders.

Every GeoTIFF the data-source page writes lives in one folder under the system temp directory.
Files are attached to the layer that shows them and deleted once QGIS has removed (and closed)
that layer, when the project is cleared, and — the whole folder — when the plugin unloads.
Files that never got a layer (a cancelled or failed fetch) are released by the task itself.
"""

import os
import shutil
import tempfile

from qgis.core import QgsProject

from ..logging_utils import warning

PREFIX = "flac_raster_qgis_"


class TempFiles:
    """Owns one temp folder; ``attach(layer_id, paths)`` ties files to a layer's lifetime."""

    def __init__(self, project=None):
        self.project = project or QgsProject.instance()
        self.folder = None
        self._by_layer = {}
        self._connected = False

    # -- paths ---------------------------------------------------------------------------
    def ensure_folder(self):
        if self.folder is None or not os.path.isdir(self.folder):
            self.folder = tempfile.mkdtemp(prefix=PREFIX)
            self._connect()
        return self.folder

    def new_job_folder(self, prefix="fetch_"):
        """A fresh sub-folder for one fetch: a cancelled fetch removes it in one go."""
        return tempfile.mkdtemp(prefix=prefix, dir=self.ensure_folder())

    def cache_folder(self):
        """Where the HTTP range cache lives (reused tiles when following the map)."""
        path = os.path.join(self.ensure_folder(), "range_cache")
        os.makedirs(path, exist_ok=True)
        return path

    # -- lifetime ------------------------------------------------------------------------
    def attach(self, layer_id, paths):
        self._by_layer.setdefault(layer_id, []).extend(os.fspath(p) for p in paths)

    def tracked_layers(self):
        return list(self._by_layer)

    def _connect(self):
        if self._connected:
            return
        # layersRemoved (not layersWillBeRemoved): by then GDAL has closed the file, which
        # matters on Windows where an open file cannot be deleted.
        self.project.layersRemoved.connect(self._on_layers_removed)
        self.project.cleared.connect(self._on_project_cleared)
        self._connected = True

    def _disconnect(self):
        if not self._connected:
            return
        for signal, slot in ((self.project.layersRemoved, self._on_layers_removed),
                             (self.project.cleared, self._on_project_cleared)):
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass
        self._connected = False

    def _on_layers_removed(self, layer_ids):
        for layer_id in layer_ids:
            for path in self._by_layer.pop(layer_id, []):
                remove_path(path)

    def _on_project_cleared(self):
        for layer_id in list(self._by_layer):
            for path in self._by_layer.pop(layer_id):
                remove_path(path)
        self._prune_empty()

    def _prune_empty(self):
        if self.folder and os.path.isdir(self.folder):
            for name in os.listdir(self.folder):
                path = os.path.join(self.folder, name)
                if os.path.isdir(path) and not os.listdir(path):
                    os.rmdir(path)

    def cleanup(self):
        """Remove everything (plugin unload)."""
        self._disconnect()
        self._by_layer.clear()
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


_shared = None


def shared_temp_files():
    """The one TempFiles of the running plugin (every page and dialog share it)."""
    global _shared
    if _shared is None:
        _shared = TempFiles()
    return _shared


def release_shared_temp_files():
    """Plugin unload: remove the layers showing our files (they would point at nothing),
    then the folder, and forget it."""
    global _shared
    if _shared is not None:
        layer_ids = [lid for lid in _shared.tracked_layers()
                     if _shared.project.mapLayer(lid) is not None]
        if layer_ids:
            _shared.project.removeMapLayers(layer_ids)
        _shared.cleanup()
        _shared = None


def remove_path(path):
    """Delete a file (and its .aux.xml side file) or a folder; an already-gone path is fine."""
    try:
        if os.path.isdir(path):
            shutil.rmtree(path)
        elif os.path.exists(path):
            os.unlink(path)
        for side in (path + ".aux.xml", path + ".ovr"):
            if os.path.exists(side):
                os.unlink(side)
        parent = os.path.dirname(path)
        if os.path.basename(parent).startswith("fetch_") and not os.listdir(parent):
            os.rmdir(parent)
    except OSError as exc:
        warning(f"Could not remove the temporary file {path}: {exc}")
