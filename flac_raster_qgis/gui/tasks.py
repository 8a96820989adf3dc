"""Background work of the data-source page, as QgsTasks (progress and Cancel in QGIS's task
manager; the UI never waits).

``run()`` happens in a worker thread and only calls the core's front door (core.api: open a
source, select a window, write it as a temporary GeoTIFF), like Processing and the live
layer; it never touches the project, the canvas or any widget. ``finished()``
runs on the main thread and hands the outcome to a callback, which creates the layers there.
A failed or cancelled fetch removes its own temporary folder before returning.
"""

import os
import traceback
from dataclasses import dataclass, field

from qgis.core import QgsApplication, QgsTask

from ..core.errors import CancelledError, FlacRasterError, MissingDependencyError
from ..core.feedback import Feedback
from ..logging_utils import warning
from ..translation import tr
from .temp_files import remove_path

# Tasks in flight: Python must keep a reference until finished() ran (qgis/QGIS#38583).
_LIVE = set()

# Larger windows are refused: they would not fit in memory and no screen shows them.
MAX_WINDOW_PIXELS = 200_000_000
# Map layers read from the plugin's temporary folder and are deleted with the layer:
# compressing them costs more time than it saves (the decoded window is drawn at once).
TEMPORARY_LAYER_OPTIONS = "COMPRESS=NONE"


class CoreTask(QgsTask):
    """Runs ``self.work(feedback)`` in the worker thread; keeps the outcome for ``finished``.

    ``on_done(task)`` is called on the main thread with ``task.result`` or ``task.error`` set
    (``task.cancelled`` tells a user's Cancel apart from a failure).
    """

    def __init__(self, description, on_done=None):
        super().__init__(description, QgsTask.Flag.CanCancel)
        self.on_done = on_done
        self.result = None
        self.error = None
        self.cancelled = False
        self.details = ""

    def feedback(self):
        return Feedback(progress=lambda f: self.setProgress(100.0 * f),
                        cancelled=self.isCanceled)

    def run(self):
        try:
            self.result = self.work(self.feedback())
            return True
        except CancelledError as exc:
            self.error, self.cancelled = exc, True
        except MissingDependencyError as exc:
            self.error = exc
        except ImportError as exc:   # a dependency that broke only when first used
            self.error = MissingDependencyError(
                tr("A Python package is missing or broken: {name}").format(name=exc.name or exc))
        except FlacRasterError as exc:
            self.error = exc
        except Exception as exc:  # noqa: BLE001 - reported in the page, logged with traceback
            self.error = exc
            self.details = traceback.format_exc()
        if self.isCanceled():
            self.cancelled = True
        self.cleanup_after_failure()
        return False

    def work(self, feedback):
        raise NotImplementedError

    def cleanup_after_failure(self):
        pass

    def finished(self, ok):  # noqa: D401 - QGIS API
        _LIVE.discard(self)
        if not ok and self.error is None:
            # Cancelled before run() started: QGIS calls finished(False) without run().
            self.cancelled = True
            self.error = CancelledError(tr("Cancelled by the user"))
            self.cleanup_after_failure()
        if self.details:
            warning(self.details)
        if self.on_done is not None:
            try:
                self.on_done(self)
            except Exception:  # noqa: BLE001 - an exception in a Qt slot would abort QGIS
                warning(traceback.format_exc())


def start_task(task):
    """Hand a task to QGIS's task manager, keeping it alive until it has finished."""
    _LIVE.add(task)
    QgsApplication.taskManager().addTask(task)
    return task


def live_tasks():
    return list(_LIVE)


class ConnectTask(CoreTask):
    """Open a source (one small range request for header + index) and describe it; the
    whole raster's value range per band (stored statistics, or the coarsest overview: at
    most one more small read) styles every snapshot alike."""

    def __init__(self, location, transport=None, on_done=None):
        super().__init__(tr("FLAC Raster: connecting to {name}").format(
            name=os.path.basename(location.split("?")[0].rstrip("/")) or location), on_done)
        self.location = location
        self.transport = transport

    def work(self, feedback):
        from ..dependencies import check_for_processing
        problem = check_for_processing()
        if problem:
            raise MissingDependencyError(problem)
        from ..core.api import open_flac
        feedback.check()
        reader = open_flac(self.location, self.transport)   # checks the location, too
        try:
            feedback.check()
            info = reader.info()
            info["value_ranges"] = _value_ranges(reader, feedback)
        except BaseException:
            reader.close()
            raise
        return reader, info


def _value_ranges(reader, feedback):
    """The whole raster's (min, max) per band, or None when the file cannot tell (a
    ``--spatial`` file has no pixels; the page still shows its index)."""
    from ..core.raster.stats import band_ranges
    try:
        return band_ranges(reader, feedback)
    except CancelledError:
        raise
    except FlacRasterError:
        return None


@dataclass
class FetchRequest:
    """What to fetch: bounds in the file's CRS, the canvas resolution in those units."""

    bounds: tuple
    resolution: tuple = None
    full_resolution: bool = False
    per_tile: bool = False
    name: str = "raster"


@dataclass
class FetchResult:
    level: object                                 # rasterreader.Level
    window: tuple                                 # tiling.Window
    tiles: list                                   # tiling.Tile per tile read
    files: list = field(default_factory=list)     # [(path, layer name)]
    requests: int = 0
    bytes: int = 0
    file_size: int = 0
    ranges: list = field(default_factory=list)   # whole-raster (min, max) per band


class FetchTask(CoreTask):
    """Fetch the tiles under an extent, decode them and write temporary GeoTIFFs.

    The reader (and its byte source, with its range cache) is shared with the page; the page
    runs one FetchTask at a time per reader.
    """

    def __init__(self, reader, request, folder, on_done=None, ranges=None):
        super().__init__(tr("FLAC Raster: fetching {name}").format(name=request.name), on_done)
        self.reader = reader
        self.request = request
        self.folder = folder
        self.ranges = list(ranges or [])

    def work(self, feedback):
        from ..core import api
        req = self.request
        lv, window = api.select_window(
            self.reader, bounds=req.bounds,
            resolution=None if req.full_resolution else req.resolution,
            level=0 if req.full_resolution else None)
        col_off, row_off, width, height = window
        if width * height > MAX_WINDOW_PIXELS:
            raise FlacRasterError(
                tr("The extent covers {width} x {height} pixels at level {level}, too many to "
                   "load at once: zoom in, or untick 'Full resolution'").format(
                    width=width, height=height, level=lv.index))
        tiles = lv.tiles_touching(window)
        stats = self.reader.source.stats
        before = (stats.requests, stats.bytes)
        result = FetchResult(lv, window, tiles, file_size=self.reader.source.size,
                             ranges=self.ranges)
        if req.per_tile and len(tiles) > 1:
            for i, tile in enumerate(tiles):
                feedback.check()
                path = os.path.join(self.folder, f"L{lv.index}_r{tile.row}_c{tile.col}.tif")
                part = Feedback(progress=lambda f, i=i: feedback.set_progress(
                    (i + f) / len(tiles)), cancelled=feedback.is_cancelled)
                api.write_window(self.reader, lv, tile.window, path, feedback=part,
                                 creation_options=TEMPORARY_LAYER_OPTIONS)
                result.files.append((path, f"{req.name} L{lv.index} r{tile.row} c{tile.col}"))
        else:
            name = f"L{lv.index}_{col_off}_{row_off}_{width}x{height}.tif"
            path = os.path.join(self.folder, name)
            api.write_window(self.reader, lv, window, path, feedback=feedback,
                             creation_options=TEMPORARY_LAYER_OPTIONS)
            result.files.append((path, snapshot_name(req.name, self.reader.meta, lv, window)))
        result.requests = stats.requests - before[0]
        result.bytes = stats.bytes - before[1]
        return result

    def cleanup_after_failure(self):
        remove_path(self.folder)


def snapshot_name(source_name, meta, level, window):
    """'dem (level 2) 10.5, 42.3 : 20.2, 50': which level and which extent a snapshot holds."""
    from ..core.raster.extent import window_meta
    from ..core.raster.metadata import bounds
    xmin, ymin, xmax, ymax = bounds(window_meta(meta, level, window))
    return tr("{name} (level {level}) {xmin}, {ymin} : {xmax}, {ymax}").format(
        name=source_name, level=level.index, xmin=f"{xmin:.6g}", ymin=f"{ymin:.6g}",
        xmax=f"{xmax:.6g}", ymax=f"{ymax:.6g}")
