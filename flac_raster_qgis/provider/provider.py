"""``FlacRasterProvider``: a QgsRasterDataProvider over the core reader (live layers).

QGIS calls ``block(band, extent, width, height, feedback)`` from its render threads. The
provider asks core to plan the read (the overview level matching the requested resolution and
the window of that level under the extent), reads that window through the shared file (core
fetches only the intersecting tiles, coalesced, and mosaics them; the memory cache makes a
second render free) and samples it onto the requested grid (nearest neighbour, sampling.py).
No codec, format or range logic lives here.

Rules this class follows because QGIS 3.22 crashes otherwise:

* an exception escaping an overridden C++ virtual method kills QGIS: every override catches
  everything, records the error and returns an empty (all no-data) answer;
* a Python wrapper handed to C++ must stay referenced (``keep_alive``) or its overrides
  vanish and the layer renders blank; the reference is dropped when C++ destroys it;
* ``QgsError.summary()`` on an empty error crashes: ``error()`` is only non-empty with text.

Network requests never run on the main thread (threads.py); preview renders (the main thread
redrawing while a real render is on its way) use cached tiles only.
"""

import html
import math
import threading
import traceback
from contextlib import contextmanager
from functools import partial

import numpy as np
from qgis.core import (QgsColorRampShader, QgsDataProvider, QgsError, QgsRasterBandStats,
                       QgsRasterBlock, QgsRasterDataProvider, QgsRasterIdentifyResult,
                       QgsRasterRange,
                       QgsRectangle)
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QByteArray
from qgis.PyQt.QtGui import QColor

from ..core.errors import CancelledError, ExtentError, FlacRasterError
from ..core.feedback import Feedback
from ..core.sources.http import redact_url
from ..core.sources.memory_cache import NotCachedError
from ..core.raster.metadata import float_from_json, nodata_values
from ..core.raster.stats import stored_statistics
from ..core.raster.tiling import Window
from ..logging_utils import warning
from . import PROVIDER_DESCRIPTION, PROVIDER_KEY, compat, sampling, shared as shared_files
from .crs import crs_of, extent_of
from .threads import call_off_main_thread
from .uri import decode_uri

# QGIS's raster renderer asks for a pixel more than the canvas shows (193 rows for 192): an
# overview up to this much coarser than asked still counts as matching, as GDAL allows too.
LEVEL_TOLERANCE = 0.02

# Set while QGIS's statistics / histogram code (which reads through block()) runs in a thread.
_statistics = threading.local()


@contextmanager
def _statistics_mode():
    previous = getattr(_statistics, "active", False)
    _statistics.active = True
    try:
        yield
    finally:
        _statistics.active = previous


_INCLUDE_MIN = (QgsRasterRange.IncludeMinAndMax, QgsRasterRange.IncludeMin)
_INCLUDE_MAX = (QgsRasterRange.IncludeMinAndMax, QgsRasterRange.IncludeMax)

# Python wrappers QGIS holds (layers' providers and every render clone), by id.
_LIVE = {}


def keep_alive(provider):
    """Hand ``provider`` to C++ and keep its Python side until C++ destroys it."""
    sip.transferto(provider, None)
    _LIVE[id(provider)] = provider
    provider.destroyed.connect(partial(_forget, id(provider), provider.shared_file))
    return provider


def _forget(key, shared, *_args):
    _LIVE.pop(key, None)
    if shared is not None:
        shared_files.release(shared)


def live_providers():
    return list(_LIVE.values())


def plain_error(exc):
    """The text a user sees for a failed open or read (core's messages are plain words)."""
    if isinstance(exc, FlacRasterError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


class FlacRasterProvider(QgsRasterDataProvider):
    """The ``flacraster`` provider. ``shared`` is given by clone() (same open file)."""

    def __init__(self, uri, options=None, flags=None, shared=None):
        super().__init__(uri, options or QgsDataProvider.ProviderOptions(),
                         flags or QgsDataProvider.ReadFlags())
        self._uri = uri
        self._error = ""
        self.shared_file = None
        parts = decode_uri(uri)
        self.location, self.authcfg = parts["path"], parts["authcfg"]
        try:
            if shared is not None:
                self.shared_file = shared_files.retain(shared)
            else:
                self.shared_file = call_off_main_thread(
                    lambda: shared_files.acquire(self.location, self.authcfg))
            self._describe(self.shared_file.meta)
        except BaseException as exc:  # noqa: BLE001 - an invalid layer, never a crash
            if self.shared_file is not None:
                shared_files.release(self.shared_file)
                self.shared_file = None
            self._error = plain_error(exc) or "The FLAC raster cannot be opened"

    def _describe(self, meta):
        """Everything QGIS asks repeatedly, computed once from the file's metadata."""
        self._meta = meta
        self._qgis_type, self._block_dtype = compat.DTYPES[meta["dtype"]]
        self._nodata = nodata_values(meta)
        self._extent = extent_of(meta)
        self._crs = crs_of(meta)
        for band, value in enumerate(self._nodata, start=1):
            # QGIS keeps "use the source's no-data value" per band, off unless set
            self.setUseSourceNoDataValue(band, value is not None)

    # -- identity ---------------------------------------------------------------------------
    def name(self):
        return PROVIDER_KEY

    def description(self):
        return PROVIDER_DESCRIPTION

    def isValid(self):  # noqa: N802 - QGIS API names
        return self.shared_file is not None

    def error(self):
        return QgsError(self._error, PROVIDER_KEY) if self._error else QgsError()

    def clone(self):
        try:
            if self.shared_file is None:
                twin = FlacRasterProvider(self._uri)
            else:
                twin = FlacRasterProvider(self._uri, shared=self.shared_file)
            twin.copyBaseSettings(self)     # the user's no-data choices travel with the clone
            return keep_alive(twin)
        except BaseException:  # noqa: BLE001
            warning(traceback.format_exc())
            return None

    def reloadProviderData(self):  # noqa: N802 - QGIS API names
        """Forget cached tiles of this file (read afresh on the next render)."""
        try:
            if self.shared_file is not None:
                self.shared_file.drop_caches()
        except Exception:  # noqa: BLE001
            warning(traceback.format_exc())

    def reloadData(self):  # noqa: N802 - 3.22's bindings do not route it to the one above
        self.reloadProviderData()
        try:
            super().reloadData()
        except Exception:  # noqa: BLE001
            pass

    # -- facts ------------------------------------------------------------------------------
    def crs(self):
        return self._crs if self.isValid() else super().crs()

    def extent(self):
        return QgsRectangle(self._extent) if self.isValid() else QgsRectangle()

    def bandCount(self):  # noqa: N802
        return self._meta["count"] if self.isValid() else 0

    def dataType(self, band):  # noqa: N802
        return self._qgis_type if self.isValid() else compat.DataType.UnknownDataType

    def sourceDataType(self, band):  # noqa: N802
        return self.dataType(band)

    def xSize(self):  # noqa: N802
        return self._meta["width"] if self.isValid() else 0

    def ySize(self):  # noqa: N802
        return self._meta["height"] if self.isValid() else 0

    def capabilities(self):
        return compat.CAPABILITIES

    def _band(self, band):
        return self._meta["bands"][band - 1]

    def generateBandName(self, band):  # noqa: N802
        try:
            text = self._band(band).get("description") if self.isValid() else None
        except (IndexError, TypeError):
            text = None
        return text or f"Band {band}"

    def sourceHasNoDataValue(self, band):  # noqa: N802
        try:
            return self.isValid() and self._nodata[band - 1] is not None
        except IndexError:
            return False

    def sourceNoDataValue(self, band):  # noqa: N802
        try:
            value = self._nodata[band - 1] if self.isValid() else None
        except IndexError:
            value = None
        return float("nan") if value is None else float(value)

    def bandScale(self, band):  # noqa: N802
        return self._band_number(band, "scale", 1.0)

    def bandOffset(self, band):  # noqa: N802
        return self._band_number(band, "offset", 0.0)

    def _band_number(self, band, key, default):
        try:
            value = float_from_json(self._band(band).get(key)) if self.isValid() else None
        except (IndexError, TypeError, ValueError):
            value = None
        return default if value is None else value

    def colorInterpretation(self, band):  # noqa: N802
        try:
            info = self._band(band) if self.isValid() else {}
            name = str(info.get("colorinterp") or "").lower()
            if info.get("colormap") and name in ("", "gray", "undefined"):
                name = "palette"
        except (AttributeError, IndexError, TypeError):
            name = ""
        return compat.COLOR_INTERPRETATIONS.get(name, compat.UNDEFINED_INTERPRETATION)

    def colorTable(self, band):  # noqa: N802
        try:
            cmap = self._band(band).get("colormap") if self.isValid() else None
            items = []
            for key, rgba in sorted((cmap or {}).items(), key=lambda kv: int(kv[0])):
                r, g, b, a = (list(rgba) + [255] * 4)[:4]
                items.append(QgsColorRampShader.ColorRampItem(
                    float(key), QColor(int(r), int(g), int(b), int(a)), str(key)))
            return items
        except Exception:  # noqa: BLE001
            warning(traceback.format_exc())
            return []

    # -- pixels -----------------------------------------------------------------------------
    def block(self, band, extent, width, height, feedback=None):
        try:
            return self._block(band, extent, width, height, feedback)
        except BaseException as exc:  # noqa: BLE001 - never into C++ (crashes QGIS 3.22)
            return self._failed_block(exc, width, height, feedback)

    def _failed_block(self, exc, width, height, feedback):
        out = QgsRasterBlock(self._qgis_type if self.isValid() else compat.DataType.Byte,
                             max(0, int(width)), max(0, int(height)))
        out.setIsNoData()
        if isinstance(exc, (CancelledError, NotCachedError)):
            return out
        message = plain_error(exc)
        if not isinstance(exc, FlacRasterError):
            warning(traceback.format_exc())
        else:
            warning(message)
        try:
            if feedback is not None:
                feedback.appendError(message)
        except Exception:  # noqa: BLE001
            pass
        return out

    def _block(self, band, extent, width, height, feedback):
        width, height = int(width), int(height)
        out = QgsRasterBlock(self._qgis_type, width, height)
        if not self.isValid() or width <= 0 or height <= 0 or not 1 <= band <= self.bandCount():
            out.setIsNoData()
            return out
        request = (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum())
        preview = bool(feedback is not None and feedback.isPreviewOnly())
        cells = self._cells(band, request, width, height, feedback, preview)
        if cells is None:
            out.setIsNoData()
            return out
        values, valid = cells
        self._fill(out, values, valid, band)
        return out

    def _cells(self, band, request, width, height, feedback, preview):
        """``(values, valid)`` for the output grid, or None when nothing is drawn."""
        shared = self.shared_file
        if not preview and getattr(_statistics, "active", False):
            # QGIS computes band statistics through block() (layer creation, Properties):
            # the coarsest overview answers them (read once, kept), so every view shares one
            # whole-raster style and the UI never waits for a large read. Histograms (the
            # cumulative-cut default of multi-byte RGB) read the level matching their sample
            # size: overriding histogram() crashes QGIS 3.22's bindings.
            resident = call_off_main_thread(shared.resident)
            if resident is not None:
                lv, arrays, mask = resident
                return self._sample(lv, (0, 0, lv.width, lv.height), arrays, mask, band,
                                    request, width, height)
        slack = 1.0 + LEVEL_TOLERANCE
        from ..core import api   # the front door Processing and the page use (loaded late)
        try:
            lv, window = api.select_window(
                shared.reader, bounds=request,
                resolution=(slack * (request[2] - request[0]) / width,
                            slack * (request[3] - request[1]) / height))
        except ExtentError:
            return None                      # the view does not touch the raster
        if window[2] * window[3] * self._meta["count"] > shared_files.MAX_WINDOW_VALUES:
            raise FlacRasterError(
                f"This view needs {window[2]} x {window[3]} pixels of level {lv.index}: too "
                "many for one read (the file has no overview this coarse); zoom in")
        core_feedback = Feedback(
            cancelled=(feedback.isCanceled if feedback is not None else None))

        def read():
            return shared.read_window(lv, window, core_feedback, cached_only=preview)
        arrays, mask = read() if preview else call_off_main_thread(read)
        return self._sample(lv, window, arrays, mask, band, request, width, height)

    @staticmethod
    def _sample(lv, window, arrays, mask, band, request, width, height):
        indices = sampling.cell_indices(lv.transform, window, request, width, height)
        return sampling.sample(arrays[band - 1], mask, indices)

    def _fill(self, out, values, valid, band):
        """Write ``values`` into the block; cells off the raster, masked, or in the user's
        extra no-data ranges (Properties > Transparency) become no data. With "No data
        value" unticked there, the file's value is shown as a value."""
        dtype = np.dtype(self._block_dtype)
        values = np.ascontiguousarray(values, dtype=dtype)
        nodata = self._nodata[band - 1] if self.useSourceNoDataValue(band) else None
        user = self._user_nodata(band, values)
        if user is not None:
            valid = valid & ~user
        invalid = ~valid
        if dtype.kind == "f":
            marker = float("nan") if nodata is None else nodata
        elif sampling.fits(nodata, dtype):
            marker = nodata
        else:
            marker = sampling.free_value(values, valid, dtype) if invalid.any() else None
        if invalid.any():
            values = values.copy()
            if marker is not None:
                values[invalid] = marker
        out.setData(QByteArray(values.tobytes()))
        if marker is not None:
            out.setNoDataValue(float(marker))
        elif invalid.any():   # every value of the type is used: mark the cells one by one
            for row, col in zip(*np.nonzero(invalid)):
                out.setIsNoData(int(row), int(col))

    def _user_nodata(self, band, values):
        """Cells inside the user's no-data ranges, or None when there are none."""
        ranges = self.userNoDataValues(band)
        if not ranges:
            return None
        out = np.zeros(values.shape, bool)
        for rng in ranges:
            low, high = rng.min(), rng.max()
            bounds = rng.bounds()
            above = values >= low if bounds in _INCLUDE_MIN else values > low
            below = values <= high if bounds in _INCLUDE_MAX else values < high
            if math.isnan(low):
                above = np.ones(values.shape, bool)
            if math.isnan(high):
                below = np.ones(values.shape, bool)
            out |= above & below
        return out

    # -- identify / statistics --------------------------------------------------------------
    def identify(self, point, format, boundingBox=QgsRectangle(), width=0,  # noqa: A002,N803
                 height=0, dpi=96):
        try:
            if format != compat.IDENTIFY_VALUE or not self.isValid():
                return QgsRasterIdentifyResult(QgsError("Only values can be identified",
                                                        PROVIDER_KEY))
            return QgsRasterIdentifyResult(format, self._values_at(point.x(), point.y()))
        except BaseException as exc:  # noqa: BLE001
            warning(plain_error(exc))
            return QgsRasterIdentifyResult(QgsError(plain_error(exc) or "identify failed",
                                                    PROVIDER_KEY))

    def _values_at(self, x, y):
        """{band: value or None} of the full-resolution pixel under (x, y)."""
        from rasterio.transform import Affine
        lv = self.shared_file.levels[0]
        col, row = ~Affine.from_gdal(*lv.transform) * (x, y)
        count = self._meta["count"]
        if not (0 <= col < lv.width and 0 <= row < lv.height):
            return {b: None for b in range(1, count + 1)}
        window = Window(int(math.floor(col)), int(math.floor(row)), 1, 1)
        arrays, mask = call_off_main_thread(
            lambda: self.shared_file.read_window(lv, window, Feedback()))
        out = {}
        for b in range(1, count + 1):
            value = arrays[b - 1, 0, 0].item()
            nodata = self._nodata[b - 1]
            masked = mask is not None and mask[0, 0] == 0
            if masked or (isinstance(value, float) and math.isnan(value)) or (
                    nodata is not None and value == nodata):
                out[b] = None
            else:
                out[b] = value
        return out

    def bandStatistics(self, band, stats=compat.STATS.All,  # noqa: N802
                       extent=QgsRectangle(), sampleSize=0, feedback=None):  # noqa: N803
        """Stored statistics for the whole raster, else computed here from a sample grid of
        the extent (the coarsest overview for the whole raster: one style at every zoom).
        Not through QGIS's base implementation: on 3.40+ its deprecated overload calls back
        into this override without end."""
        try:
            stored = self._stored_statistics(band, extent)
            if stored is not None:
                return stored
            return self._sampled_statistics(band, extent, sampleSize, feedback)
        except BaseException as exc:  # noqa: BLE001
            warning(plain_error(exc))
            return QgsRasterBandStats()

    def _sampled_statistics(self, band, extent, sample_size, feedback):
        """Min, max, range, sum, mean and standard deviation of the valid cells of a grid
        over ``extent`` of at most ``sample_size`` cells (native resolution when 0)."""
        if not self.isValid():
            return QgsRasterBandStats()
        area = QgsRectangle(self._extent) if extent.isEmpty() else extent.intersect(self._extent)
        cols = max(1, int(round(area.width() / max(self._extent.width() / self.xSize(), 1e-300))))
        rows = max(1, int(round(area.height() / max(self._extent.height() / self.ySize(), 1e-300))))
        limit = sample_size if sample_size and sample_size > 0 else 2_500_000
        if cols * rows > limit:
            factor = math.sqrt(cols * rows / limit)
            cols, rows = max(1, int(cols / factor)), max(1, int(rows / factor))
        request = (area.xMinimum(), area.yMinimum(), area.xMaximum(), area.yMaximum())
        with _statistics_mode():
            cells = self._cells(band, request, cols, rows, feedback, False)
        out = QgsRasterBandStats()
        out.bandNumber = band
        out.extent, out.width, out.height = QgsRectangle(area), cols, rows
        if cells is None:
            return out
        values, valid = np.asarray(cells[0]), np.array(cells[1], dtype=bool)
        nodata = self._nodata[band - 1] if self.useSourceNoDataValue(band) else None
        if nodata is not None:      # as the block's no-data value excludes them from QGIS's
            valid &= ~(np.isnan(values) if math.isnan(nodata) else values == nodata)
        user = self._user_nodata(band, values)
        if user is not None:
            valid &= ~user
        values = values[valid].astype(np.float64)
        values = values[~np.isnan(values)]
        if values.size == 0:
            return out
        out.elementCount = int(values.size)
        out.minimumValue, out.maximumValue = float(values.min()), float(values.max())
        out.range = out.maximumValue - out.minimumValue
        out.sum = float(values.sum())
        out.sumOfSquares = float(np.square(values).sum())
        out.mean = out.sum / values.size
        out.stdDev = float(values.std())
        s = compat.STATS
        out.statsGathered = compat.statistics_flags(s.Min, s.Max, s.Range, s.Sum, s.Mean,
                                                    s.StdDev, s.SumOfSquares)
        return out

    def _stored_statistics(self, band, extent):
        """The statistics the writer (GDAL) stored, for the whole raster only."""
        if not self.isValid() or not (extent.isEmpty() or extent.contains(self._extent)):
            return None
        stored = stored_statistics(self._band(band))
        if stored is None:
            return None
        out = QgsRasterBandStats()
        out.bandNumber = band
        out.minimumValue, out.maximumValue = stored["min"], stored["max"]
        out.range = stored["max"] - stored["min"]
        gathered = [compat.STATS.Min, compat.STATS.Max, compat.STATS.Range]
        if "mean" in stored:
            out.mean = stored["mean"]
            gathered.append(compat.STATS.Mean)
        if "stddev" in stored:
            out.stdDev = stored["stddev"]
            gathered.append(compat.STATS.StdDev)
        out.extent = QgsRectangle(self._extent)
        out.width, out.height = self.xSize(), self.ySize()
        out.statsGathered = compat.statistics_flags(*gathered)
        return out

    # -- Properties > Information --------------------------------------------------------------
    def htmlMetadata(self):  # noqa: N802
        try:
            return self._html()
        except BaseException:  # noqa: BLE001
            warning(traceback.format_exc())
            return ""

    def _html(self):
        if not self.isValid():
            return f"<tr><td>Error</td><td>{html.escape(self._error)}</td></tr>"
        reader = self.shared_file.reader
        info = reader.info()
        rows = [("Provider", PROVIDER_KEY),
                ("Source", redact_url(self.location) if "://" in self.location
                 else self.location),
                ("Format", f"{info.get('format')} (version {info.get('format_version')})"
                 if info.get("format_version") else str(info.get("format"))),
                ("Data type", info["dtype"]), ("Bands", info["bands"]),
                ("Size", f"{info['width']} x {info['height']} pixels"),
                ("No data", ", ".join("none" if v is None else str(v) for v in info["nodata"])),
                ("Mask", "yes" if info["mask"] else "no")]
        grid = info.get("tile_grid")
        if grid:
            rows.append(("Tiles", f"{grid['tile_width']} x {grid['tile_height']} pixels, "
                                  f"{grid['tiles_across']} x {grid['tiles_down']} at level 0"))
        rows.append(("Levels", "; ".join(
            f"{lv['level']}: {lv['width']} x {lv['height']}, {lv['tiles']} tile(s)"
            f"{'' if lv['lossless'] else ', ' + lv['resampling']}" for lv in info["levels"])))
        if info.get("file_size"):
            rows.append(("File size", f"{info['file_size']:,} bytes"))
        if info.get("compression_ratio"):
            rows.append(("Compression ratio", f"{info['compression_ratio']:.2f}"))
        stats = reader.source.stats
        rows.append(("Fetched so far", f"{stats.bytes:,} bytes in {stats.requests} request(s)"))
        for note in info.get("warnings") or ():
            rows.append(("Note", note))
        return "".join(f"<tr><td class=\"highlight\">{html.escape(str(k))}</td>"
                       f"<td>{html.escape(str(v))}</td></tr>" for k, v in rows)
