"""The flacraster Processing algorithms, run the ways users run them: processing.run, the
Toolbox dialog, the batch dialog, a graphical model, and cancelled mid-run."""

import json
import os
import shutil
import time

import numpy as np
import pytest
import rasterio
from qgis.core import (QgsApplication, QgsProcessingAlgorithm, QgsProcessingContext,
                       QgsProcessingException, QgsProcessingFeedback)

from flac_raster_qgis.core import api as core_api
from flac_raster_qgis.core.raster import compare as core_compare
from flac_raster_qgis.core.formats import plain as core_plain
from flac_raster_qgis.processing.provider import FlacRasterProvider
from tests.core.test_plain_roundtrip import assert_same_raster, bits_equal
from tests.rasters import fractal_dem, write_raster

ALGORITHMS = ["flacraster:rastertoflac", "flacraster:createstreaming", "flacraster:flactoraster",
              "flacraster:info", "flacraster:compare"]
_KEEP = []  # the registry does not own a Python provider: keep it alive


@pytest.fixture(scope="module")
def provider(qgis_processing):
    """The provider registered as the plugin's initProcessing does; removed afterwards so
    other test modules (plugin load/unload) start from a clean registry."""
    registry = QgsApplication.processingRegistry()
    added = None
    if registry.providerById("flacraster") is None:
        added = FlacRasterProvider()
        _KEEP.append(added)
        assert registry.addProvider(added)
    yield registry.providerById("flacraster")
    if added is not None:
        registry.removeProvider(added)
        _KEEP.remove(added)


def run(alg_id, params, feedback=None, context=None):
    import processing
    return processing.run(alg_id, params, feedback=feedback, context=context)


@pytest.fixture
def dem(tmp_path):
    return write_raster(tmp_path / "dem.tif", fractal_dem(90, 70, seed=5), nodata=-32768)


def pristine(path):
    """A copy QGIS never opens. Loading a layer lets GDAL write ``<src>.aux.xml`` with
    STATISTICS_* tags beside the source afterwards; the FLAC holds the file as it was read."""
    path = os.fspath(path)
    folder = os.path.join(os.path.dirname(path), "pristine")
    os.makedirs(folder, exist_ok=True)
    copy = os.path.join(folder, os.path.basename(path))
    shutil.copyfile(path, copy)
    return copy


def drop_statistics_cache(path):
    """Remove the ``.aux.xml`` GDAL writes when QGIS opens a raster as a layer."""
    aux = f"{os.fspath(path)}.aux.xml"
    if os.path.exists(aux):
        os.remove(aux)


def cancelling_feedback():
    """Cancels as soon as the first progress is reported (the user pressing Cancel)."""
    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda _value: feedback.cancel())
    return feedback


# --------------------------------------------------------------------------- conventions


def test_provider_has_the_five_algorithms_with_help(provider):
    assert {alg.id() for alg in provider.algorithms()} == set(ALGORITHMS)
    assert not provider.icon().isNull()
    for alg in provider.algorithms():
        assert alg.displayName() and alg.group() and alg.shortHelpString()
        assert not alg.icon().isNull()
        flags = alg.flags()
        assert flags & QgsProcessingAlgorithm.Flag.FlagSupportsBatch
        assert flags & QgsProcessingAlgorithm.Flag.FlagCanCancel
        assert not flags & QgsProcessingAlgorithm.Flag.FlagNoThreading
        for param in alg.parameterDefinitions():
            assert param.help(), f"{alg.id()} {param.name()} has no help"


def test_public_parameter_names(provider):
    """Models and scripts depend on these names: changing one is a breaking change."""
    registry = QgsApplication.processingRegistry()
    expected = {
        "flacraster:rastertoflac": ["INPUT", "COMPRESSION_LEVEL", "PREDICTOR", "OUTPUT"],
        "flacraster:createstreaming": ["INPUT", "TILE_SIZE", "COMPRESSION_LEVEL", "OVERVIEWS",
                                       "RESAMPLING", "PREDICTOR", "OUTPUT"],
        "flacraster:flactoraster": ["INPUT", "EXTENT", "AUTHCFG", "CREATION_OPTIONS", "OUTPUT"],
        "flacraster:info": ["INPUT", "AUTHCFG", "OUTPUT"],
        "flacraster:compare": ["RASTER_A", "RASTER_B", "OUTPUT"],
    }
    for alg_id, names in expected.items():
        alg = registry.algorithmById(alg_id)
        assert [p.name() for p in alg.parameterDefinitions()] == names
    compare = registry.algorithmById("flacraster:compare")
    assert compare.outputDefinition("IDENTICAL").type() == "outputBoolean"
    stream = registry.algorithmById("flacraster:createstreaming")
    assert stream.parameterDefinition("TILE_SIZE").defaultValue() == 512
    assert stream.parameterDefinition("OVERVIEWS").defaultValue() is True


def test_resampling_options_match_the_core(provider):
    from flac_raster_qgis.processing.algorithms.create_streaming import RESAMPLING_KEYWORDS
    overviews = pytest.importorskip("flac_raster_qgis.core.raster.overviews")
    assert set(RESAMPLING_KEYWORDS) <= set(overviews.RESAMPLINGS)
    alg = QgsApplication.processingRegistry().algorithmById("flacraster:createstreaming")
    param = alg.parameterDefinition("RESAMPLING")
    assert len(param.options()) == len(RESAMPLING_KEYWORDS)
    assert RESAMPLING_KEYWORDS[param.defaultValue()] == "average"


def test_predictor_options_match_the_core(provider):
    from flac_raster_qgis.processing.algorithms.raster_to_flac import (PLAIN_PREDICTORS,
                                                                       PREDICTOR_KEYWORDS)
    predictors = pytest.importorskip("flac_raster_qgis.core.codec.predictors")
    assert PREDICTOR_KEYWORDS[1:] == predictors.PREDICTORS
    assert PREDICTOR_KEYWORDS[1:PLAIN_PREDICTORS] == predictors.WINDOWED_PREDICTORS
    registry = QgsApplication.processingRegistry()
    for alg_id, count in (("flacraster:rastertoflac", PLAIN_PREDICTORS),
                          ("flacraster:createstreaming", len(PREDICTOR_KEYWORDS))):
        param = registry.algorithmById(alg_id).parameterDefinition("PREDICTOR")
        assert len(param.options()) == count and param.defaultValue() == 0   # automatic
        assert param.flags() & param.FlagAdvanced


def test_processing_bounds_and_enums_come_from_the_core(provider):
    """Processing once allowed 8192-pixel tiles the core refuses: every bound, default and
    enum of the algorithms is the core's own declaration (core/choices.py)."""
    from flac_raster_qgis.core import choices
    from flac_raster_qgis.core.formats import container_writer as containerwriter
    from flac_raster_qgis.core.raster import overviews
    from flac_raster_qgis.core.codec import predictors
    registry = QgsApplication.processingRegistry()
    stream = registry.algorithmById("flacraster:createstreaming")
    tile = stream.parameterDefinition("TILE_SIZE")
    for size in (tile.minimum(), tile.maximum(), tile.defaultValue()):
        assert containerwriter.check_tile_size(int(size)) == int(size)   # the core accepts it
    assert (tile.minimum(), tile.maximum()) == (choices.MIN_TILE, choices.MAX_TILE)
    with pytest.raises(ValueError):
        containerwriter.check_tile_size(int(tile.maximum()) + choices.TILE_MULTIPLE)
    for alg_id in ("flacraster:rastertoflac", "flacraster:createstreaming"):
        level = registry.algorithmById(alg_id).parameterDefinition("COMPRESSION_LEVEL")
        assert (level.minimum(), level.maximum(), level.defaultValue()) == (
            choices.MIN_COMPRESSION_LEVEL, choices.MAX_COMPRESSION_LEVEL,
            choices.DEFAULT_COMPRESSION_LEVEL)
        for value in (level.minimum(), level.maximum()):
            assert choices.is_compression_level(value)
        assert not choices.is_compression_level(level.maximum() + 1)
    from flac_raster_qgis.processing.algorithms.create_streaming import RESAMPLING_KEYWORDS
    from flac_raster_qgis.processing.algorithms.raster_to_flac import PREDICTOR_KEYWORDS
    assert RESAMPLING_KEYWORDS == overviews.RESAMPLINGS == choices.RESAMPLINGS
    assert len(stream.parameterDefinition("RESAMPLING").options()) == len(choices.RESAMPLINGS)
    assert PREDICTOR_KEYWORDS == ("auto",) + choices.PREDICTORS
    assert predictors.PREDICTORS is choices.PREDICTORS
    for keyword in PREDICTOR_KEYWORDS:
        assert predictors.check_predictor(keyword) == keyword


def test_core_choices_import_nothing_heavy():
    """core/choices.py is read by every caller: no numpy, rasterio or qgis behind it."""
    import ast
    import flac_raster_qgis.core.choices as module
    tree = ast.parse(open(module.__file__, encoding="utf-8").read())
    assert not [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))]


@pytest.mark.parametrize("index,keyword", [(1, "none"), (2, "vdiff"), (3, "interp")])
def test_forced_predictor_is_used_for_every_tile_and_stays_lossless(provider, tmp_path, dem,
                                                                    index, keyword):
    stream = run("flacraster:createstreaming", {
        "INPUT": str(dem), "TILE_SIZE": 32, "OVERVIEWS": False, "PREDICTOR": index,
        "OUTPUT": str(tmp_path / "forced.flac")})["OUTPUT"]
    from flac_raster_qgis.core import open_flac
    with open_flac(stream) as reader:
        assert {e.spec.predictor for lv in reader.index.levels for e in lv.tiles} == {keyword}
    back = run("flacraster:flactoraster", {"INPUT": stream, "OUTPUT": "TEMPORARY_OUTPUT"})
    assert run("flacraster:compare", {"RASTER_A": str(dem),
                                      "RASTER_B": back["OUTPUT"]})["IDENTICAL"] is True


# --------------------------------------------------------------------------- round trips


def _cases(tmp_path):
    rng = np.random.default_rng(7)
    floats = rng.normal(100, 30, size=(2, 33, 41)).astype("float32")
    floats[0, 3:6, 4:9] = np.nan
    floats[1, 0, 0] = -0.0
    return {
        "int16_dem": write_raster(tmp_path / "int16.tif", fractal_dem(64, 48), nodata=-32768),
        "uint8_rgb": write_raster(tmp_path / "rgb.tif",
                                  rng.integers(0, 256, (3, 40, 50), dtype="uint8"),
                                  crs="EPSG:32633", photometric="RGB"),
        "float32_nan": write_raster(tmp_path / "f32.tif", floats, nodata=np.nan),
        "uint64_extremes": write_raster(
            tmp_path / "u64.tif", np.array([[0, 2 ** 64 - 1, 12345], [7, 8, 2 ** 63]], "uint64")),
    }


def test_rastertoflac_flactoraster_roundtrip_is_bit_exact(provider, tmp_path):
    for name, src in _cases(tmp_path).items():
        original = pristine(src)
        flac = run("flacraster:rastertoflac", {"INPUT": str(src), "COMPRESSION_LEVEL": 8,
                                               "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
        assert flac.endswith(".flac") and os.path.getsize(flac) > 0, name
        back = run("flacraster:flactoraster", {"INPUT": flac,
                                               "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
        assert back.endswith(".tif")
        assert_same_raster(original, back)  # rasterio, bit for bit
        result = run("flacraster:compare", {"RASTER_A": str(src), "RASTER_B": back,
                                            "OUTPUT": "TEMPORARY_OUTPUT"})
        assert result["IDENTICAL"] is True, name
        assert result["VALUES_EQUAL"] is True and result["DIFFERING_PIXELS"] == 0
        with open(result["OUTPUT"], encoding="utf-8") as fh:
            assert json.load(fh)["identical"] is True


def test_flactoraster_creation_options(provider, tmp_path, dem):
    """The advanced CREATION_OPTIONS parameter: QGIS's raster-options editor, a fast
    lossless default, the user's lossless choice applied, a lossy one refused."""
    from qgis.core import QgsProcessingParameterDefinition
    alg = QgsApplication.processingRegistry().algorithmById("flacraster:flactoraster")
    param = alg.parameterDefinition("CREATION_OPTIONS")
    assert param.flags() & QgsProcessingParameterDefinition.Flag.FlagAdvanced
    wrapper = param.metadata()["widget_wrapper"]   # 3.22's Python class or 3.40's widget type
    assert wrapper.get("class", "").endswith("RasterOptionsWidgetWrapper") \
        or wrapper.get("widget_type") == "rasteroptions"
    original = pristine(dem)
    flac = run("flacraster:createstreaming", {"INPUT": str(dem), "OVERVIEWS": False,
                                              "OUTPUT": str(tmp_path / "d.flac")})["OUTPUT"]
    for options, compression in (("", "DEFLATE"), ("COMPRESS=ZSTD|ZSTD_LEVEL=9", "ZSTD")):
        out = str(tmp_path / f"out_{compression}.tif")
        run("flacraster:flactoraster", {"INPUT": flac, "CREATION_OPTIONS": options,
                                        "OUTPUT": out})
        assert_same_raster(original, out)
        with rasterio.open(out) as ds:
            assert ds.tags(ns="IMAGE_STRUCTURE")["COMPRESSION"] == compression
    with pytest.raises(QgsProcessingException, match="not a lossless choice"):
        run("flacraster:flactoraster", {"INPUT": flac, "CREATION_OPTIONS": "COMPRESS=JPEG",
                                        "OUTPUT": str(tmp_path / "lossy.tif")})


def test_compare_reports_differences(provider, tmp_path):
    data = fractal_dem(30, 40)
    a = write_raster(tmp_path / "a.tif", data, nodata=-32768)
    changed = data.copy()
    changed[5, 6] += 3
    changed[7, 8] -= 11
    b = write_raster(tmp_path / "b.tif", changed, nodata=-1)
    out = tmp_path / "report.json"
    feedback = QgsProcessingFeedback()
    logged = []
    feedback.pushInfo = logged.append  # Python-side calls from the algorithm land here
    result = run("flacraster:compare", {"RASTER_A": str(a), "RASTER_B": str(b),
                                        "OUTPUT": str(out)}, feedback=feedback)
    assert result["IDENTICAL"] is False and result["DIFFERING_PIXELS"] == 2
    report = json.loads(out.read_text())
    assert report["bands"][0]["max_abs_diff"] == 11
    assert [d["field"] for d in report["metadata_differences"]] == ["nodata"]
    assert any("DIFFER" in line for line in logged)
    # No report file requested: none written, still the outputs.
    result = run("flacraster:compare", {"RASTER_A": str(a), "RASTER_B": str(a)})
    assert result["IDENTICAL"] is True and result["OUTPUT"] is None


def test_bad_input_gives_clear_errors(provider, tmp_path, dem):
    not_flac = tmp_path / "notes.flac"
    not_flac.write_text("hello")
    cases = [
        ("flacraster:flactoraster", {"INPUT": str(tmp_path / "missing.flac"),
                                     "OUTPUT": "TEMPORARY_OUTPUT"}, "does not exist"),
        ("flacraster:flactoraster", {"INPUT": str(not_flac), "OUTPUT": "TEMPORARY_OUTPUT"},
         "FLAC"),
        ("flacraster:flactoraster", {"INPUT": str(dem), "OUTPUT": "TEMPORARY_OUTPUT"}, "FLAC"),
        ("flacraster:rastertoflac", {"INPUT": str(not_flac), "OUTPUT": "TEMPORARY_OUTPUT"},
         "INPUT"),
        ("flacraster:rastertoflac", {"INPUT": str(dem), "COMPRESSION_LEVEL": 9,
                                     "OUTPUT": "TEMPORARY_OUTPUT"}, "COMPRESSION_LEVEL"),
        ("flacraster:info", {"INPUT": str(not_flac)}, "FLAC"),
    ]
    for alg_id, params, words in cases:
        with pytest.raises(QgsProcessingException) as info:
            run(alg_id, params)
        assert words.lower() in str(info.value).lower(), (alg_id, str(info.value))
        assert "Traceback" not in str(info.value)


def test_flactoraster_refuses_non_geotiff_output(provider, tmp_path, dem):
    flac = run("flacraster:rastertoflac", {"INPUT": str(dem), "OUTPUT": str(tmp_path / "d.flac")})
    with pytest.raises(QgsProcessingException, match="GeoTIFF"):
        run("flacraster:flactoraster", {"INPUT": flac["OUTPUT"],
                                        "OUTPUT": str(tmp_path / "out.img")})
    assert not (tmp_path / "out.img").exists()


# --------------------------------------------------------------------------- cancel


@pytest.mark.parametrize("alg_id", ["flacraster:rastertoflac", "flacraster:flactoraster",
                                    "flacraster:createstreaming", "flacraster:compare"])
def test_cancel_mid_run_leaves_no_output(provider, tmp_path, dem, monkeypatch, alg_id):
    flac = tmp_path / "input.flac"
    core_api.raster_to_flac(dem, flac)
    monkeypatch.setattr(core_plain, "WINDOW_BYTES", 70 * 8 * 10)  # ~10 rows per window
    monkeypatch.setattr(core_compare, "WINDOW_PIXELS", 70 * 10)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    params = {
        "flacraster:rastertoflac": {"INPUT": str(dem), "OUTPUT": str(out_dir / "x.flac")},
        "flacraster:createstreaming": {"INPUT": str(dem), "TILE_SIZE": 16,
                                       "OUTPUT": str(out_dir / "x.flac")},
        "flacraster:flactoraster": {"INPUT": str(flac), "OUTPUT": str(out_dir / "x.tif")},
        "flacraster:compare": {"RASTER_A": str(dem), "RASTER_B": str(dem),
                               "OUTPUT": str(out_dir / "x.json")},
    }[alg_id]
    feedback = cancelling_feedback()
    with pytest.raises(QgsProcessingException, match="[Cc]ancel"):
        run(alg_id, params, feedback=feedback)
    assert feedback.isCanceled()
    assert os.listdir(out_dir) == []  # no output, no temporary or side files


# --------------------------------------------------------------------------- streaming


def test_createstreaming_roundtrip_and_extent(provider, tmp_path, dem):
    result = run("flacraster:createstreaming", {
        "INPUT": str(dem), "TILE_SIZE": 32, "COMPRESSION_LEVEL": 5, "OVERVIEWS": True,
        "RESAMPLING": 2, "OUTPUT": "TEMPORARY_OUTPUT"})
    stream = result["OUTPUT"]
    back = run("flacraster:flactoraster", {"INPUT": stream, "OUTPUT": "TEMPORARY_OUTPUT"})
    assert run("flacraster:compare", {"RASTER_A": str(dem),
                                      "RASTER_B": back["OUTPUT"]})["IDENTICAL"] is True
    # An extent in another CRS (Web Mercator): the extract holds exactly the source pixels.
    extract = run("flacraster:flactoraster", {
        "INPUT": stream, "EXTENT": "1123000,1140000,6330000,6350000 [EPSG:3857]",
        "OUTPUT": str(tmp_path / "extract.tif")})["OUTPUT"]
    assert_is_window_of(extract, dem)
    info = run("flacraster:info", {"INPUT": stream, "OUTPUT": str(tmp_path / "info.json")})
    data = json.loads((tmp_path / "info.json").read_text())
    assert data["kind"] == "streaming" and info["FORMAT"] == data["format"]
    assert data["tile_grid"]["tile_width"] == 32 and len(data["levels"]) > 1
    assert info["COMPRESSION_RATIO"] == pytest.approx(data["compression_ratio"])
    assert json.loads(info["INFO_JSON"]) == data


def assert_is_window_of(extract, source):
    """The extract's pixels are the source's pixels at the extract's offset, bit for bit."""
    with rasterio.open(extract) as ex, rasterio.open(source) as src:
        col = (ex.transform.c - src.transform.c) / src.transform.a
        row = (ex.transform.f - src.transform.f) / src.transform.e
        assert abs(col - round(col)) < 1e-6 and abs(row - round(row)) < 1e-6
        assert ex.transform.a == src.transform.a and ex.transform.e == src.transform.e
        assert ex.crs == src.crs and 0 < ex.width < src.width and 0 < ex.height < src.height
        window = rasterio.windows.Window(round(col), round(row), ex.width, ex.height)
        assert bits_equal(ex.read(), src.read(window=window))
        assert ex.nodatavals == src.nodatavals


def test_flactoraster_reads_an_extent_over_http_with_ranges(provider, tmp_path, nginx_server):
    src = write_raster(tmp_path / "big.tif", fractal_dem(768, 768, seed=2), nodata=-32768,
                       transform=rasterio.transform.from_origin(10.0, 50.0, 0.002, 0.002))
    stream = tmp_path / "big.flac"
    core_api.create_streaming(src, stream, tile_size=64)
    nginx_server.put("big.flac", stream.read_bytes())
    url = nginx_server.url("big.flac")
    extract = run("flacraster:flactoraster", {
        "INPUT": url, "EXTENT": "10.5,10.6,49.2,49.3 [EPSG:4326]",
        "OUTPUT": str(tmp_path / "extract.tif")})["OUTPUT"]
    assert_is_window_of(extract, src)
    entries = nginx_server.log_entries()
    assert entries and all(e.range for e in entries if e.method == "GET")
    fetched = sum(e.body_bytes for e in entries)
    assert fetched < stream.stat().st_size / 4, (fetched, stream.stat().st_size)  # tiles it needs
    info = run("flacraster:info", {"INPUT": url})
    assert json.loads(info["INFO_JSON"])["kind"] == "streaming"
    # A server that ignores Range is a readable error, not a hang or a traceback.
    with pytest.raises(QgsProcessingException) as err:
        run("flacraster:flactoraster", {"INPUT": nginx_server.url("big.flac", norange=True),
                                        "EXTENT": "10.5,10.7,48.5,48.7 [EPSG:4326]",
                                        "OUTPUT": str(tmp_path / "x.tif")})
    assert "range" in str(err.value).lower()
    assert not (tmp_path / "x.tif").exists()


def test_info_on_a_plain_file(provider, tmp_path, dem):
    flac = core_api.raster_to_flac(dem, tmp_path / "d.flac")
    result = run("flacraster:info", {"INPUT": str(flac), "OUTPUT": "TEMPORARY_OUTPUT"})
    with open(result["OUTPUT"], encoding="utf-8") as fh:
        data = json.load(fh)
    assert data["kind"] == "plain" and data["dtype"] == "int16" and data["bands"] == 1
    assert (data["width"], data["height"]) == (70, 90)
    assert data["compression_ratio"] > 1


# --------------------------------------------------------------------------- batch / dialog


@pytest.fixture
def gui_iface(qgis_iface, qgis_canvas, monkeypatch):
    # pytest-qgis's QgisInterface lacks browserModel(), which the Processing dialogs ask for,
    # and layerTreeView(), which 3.40+'s results handler uses after each batch row.
    if not hasattr(qgis_iface, "browserModel"):
        monkeypatch.setattr(qgis_iface, "browserModel", lambda: None, raising=False)
    if not hasattr(qgis_iface, "layerTreeView"):
        from qgis.core import QgsLayerTreeModel, QgsProject
        from qgis.gui import QgsLayerTreeView
        view = QgsLayerTreeView()
        view.setModel(QgsLayerTreeModel(QgsProject.instance().layerTreeRoot(), view))
        monkeypatch.setattr(qgis_iface, "layerTreeView", lambda: view, raising=False)
    return qgis_iface


def wait_for_batch_rows(outputs, timeout=300):
    """QGIS 3.40+ runs batch rows as background tasks: runAlgorithm() returns before they ran
    (3.22 ran them before returning). Wait until every output exists and no task but the
    batch's own progress proxy is active; the deadline only bounds a broken run."""
    from qgis.PyQt.QtCore import QCoreApplication
    manager = QgsApplication.taskManager()
    deadline = time.monotonic() + timeout
    while True:
        QCoreApplication.processEvents()
        running = [t for t in manager.activeTasks()
                   if not t.description().startswith("Batch Processing")]
        if not running and all(os.path.exists(p) for p in outputs):
            return
        assert time.monotonic() < deadline, "the batch rows did not finish"
        time.sleep(0.01)


def finish_proxy_tasks():
    """The 3.22 batch dialog connects its feedback to its QgsScopedProxyProgressTask's bound
    method, which keeps the proxy task alive (finished only when the dialog's feedback dies);
    in a test process exitQgis would then wait for it forever.

    Destroy the scoped proxies themselves: their destructor finishes the proxy task. Finishing
    the task directly would let the task manager delete it while the scoped proxy still points
    at it, and whenever the garbage collector later destroys the proxy, its destructor locks
    a freed mutex (seen: a later test hung forever inside processEvents())."""
    import gc
    from qgis.core import QgsProxyProgressTask, QgsScopedProxyProgressTask
    from qgis.PyQt import sip
    from qgis.PyQt.QtCore import QCoreApplication
    proxies = [obj for obj in gc.get_objects()
               if isinstance(obj, QgsScopedProxyProgressTask) and not sip.isdeleted(obj)]
    for proxy in proxies:
        sip.delete(proxy)
    if not proxies:   # 3.40+: no scoped proxy holds the batch's progress task; finish it
        for task in QgsApplication.taskManager().tasks():
            if task.description().startswith("Batch Processing"):
                sip.cast(task, QgsProxyProgressTask).finalize(True)
    deadline = time.monotonic() + 30
    while any(t.description().startswith("Batch Processing")
              for t in QgsApplication.taskManager().activeTasks()):
        assert time.monotonic() < deadline, "the batch's progress task did not finish"
        QCoreApplication.processEvents()
        time.sleep(0.01)


def test_batch_dialog_converts_many_rasters(provider, tmp_path, gui_iface, qgis_new_project):
    """The real batch panel: one row per raster, run, every output bit-exact."""
    from processing.gui.BatchAlgorithmDialog import BatchAlgorithmDialog
    from processing.tools import dataobjects
    sources = [write_raster(tmp_path / f"r{i}.tif", fractal_dem(40 + i, 30, seed=i),
                            nodata=-32768) for i in range(4)]
    originals = [pristine(src) for src in sources]
    alg = QgsApplication.processingRegistry().createAlgorithmById("flacraster:rastertoflac")
    dialog = BatchAlgorithmDialog(alg, None)
    panel = dialog.mainWidget()
    while panel.batchRowCount() < len(sources):
        panel.addRow()
    context = dataobjects.createContext()
    out_col = panel.parameter_to_column["OUTPUT"]
    for row, src in enumerate(sources):
        panel.wrappers[row][panel.parameter_to_column["INPUT"]].setParameterValue(str(src),
                                                                                  context)
        panel.tblParameters.cellWidget(row + 1, out_col).setValue(str(tmp_path / f"r{row}.flac"))
    dialog.runAlgorithm()
    wait_for_batch_rows([tmp_path / f"r{row}.flac" for row in range(len(sources))])
    finish_proxy_tasks()
    for row, original in enumerate(originals):
        flac = tmp_path / f"r{row}.flac"
        assert flac.exists()
        back = core_api.flac_to_raster(flac, tmp_path / f"r{row}.back.tif")
        assert_same_raster(original, back)
    from qgis.PyQt import sip
    if not sip.isdeleted(dialog):     # 3.44 deletes the dialog once its batch task finished
        dialog.close()


def test_batch_style_runs_share_nothing(provider, tmp_path):
    """What batch mode does per row: a fresh context each, the same algorithm, many inputs."""
    sources = [write_raster(tmp_path / f"b{i}.tif",
                            np.full((1, 9 + i, 7), i, dtype=dtype), nodata=None)
               for i, dtype in enumerate(["uint8", "int32", "float64"])]
    for src in sources:
        original = pristine(src)
        context = QgsProcessingContext()
        flac = run("flacraster:rastertoflac", {"INPUT": str(src), "OUTPUT": "TEMPORARY_OUTPUT"},
                   context=context)["OUTPUT"]
        back = run("flacraster:flactoraster", {"INPUT": flac, "OUTPUT": "TEMPORARY_OUTPUT"},
                   context=context)["OUTPUT"]
        assert_same_raster(original, back)


def test_dialog_extent_widget_offers_the_canvas_extent(provider, gui_iface):
    from processing.gui.AlgorithmDialog import AlgorithmDialog
    from qgis.PyQt.QtWidgets import QMenu
    alg = QgsApplication.processingRegistry().createAlgorithmById("flacraster:flactoraster")
    dialog = AlgorithmDialog(alg, False, None)
    wrapper = dialog.mainWidget().wrappers["EXTENT"]
    actions = [a.text() for m in wrapper.wrappedWidget().findChildren(QMenu) for a in m.actions()]
    assert any("Map Canvas Extent" in text.replace("&", "") for text in actions), actions
    # The INPUT field takes a URL as typed (a File parameter with an "All files" filter).
    alg_def = alg.parameterDefinition("INPUT")
    assert alg_def.checkValueIsAcceptable("https://example.com/dem.flac?X-Amz-Signature=1")
    dialog.close()


# --------------------------------------------------------------------------- models


def build_model(first_step):
    """source raster + extent layer -> first_step (plain or streaming FLAC) -> flactoraster
    (whole, and the extent of another layer) -> compare(whole, source) and compare(extract,
    reference)."""
    from qgis.core import (QgsProcessingModelAlgorithm, QgsProcessingModelChildAlgorithm,
                           QgsProcessingModelChildParameterSource, QgsProcessingModelOutput,
                           QgsProcessingModelParameter, QgsProcessingParameterMapLayer,
                           QgsProcessingParameterRasterLayer)
    model = QgsProcessingModelAlgorithm("flac round trip", "tests")
    for name, param in (("source", QgsProcessingParameterRasterLayer("source", "Source")),
                        ("extent_layer", QgsProcessingParameterMapLayer("extent_layer", "Extent"))):
        model.addModelParameter(param, QgsProcessingModelParameter(name))

    def child(child_id, alg_id, sources, outputs=()):
        alg = QgsProcessingModelChildAlgorithm(alg_id)
        alg.setChildId(child_id)
        for name, source in sources.items():
            alg.addParameterSources(name, [source])
        model_outputs = {}
        for out_name, model_name in outputs:
            out = QgsProcessingModelOutput(model_name)
            out.setChildOutputName(out_name)
            out.setChildId(child_id)
            model_outputs[model_name] = out
        alg.setModelOutputs(model_outputs)
        model.addChildAlgorithm(alg)

    param = QgsProcessingModelChildParameterSource.fromModelParameter
    output_of = QgsProcessingModelChildParameterSource.fromChildOutput
    value = QgsProcessingModelChildParameterSource.fromStaticValue
    # The modeler stores every non-optional value, defaults included.
    encode_params = {"INPUT": param("source"), "COMPRESSION_LEVEL": value(5)}
    if first_step == "flacraster:createstreaming":
        encode_params.update(TILE_SIZE=value(32), OVERVIEWS=value(True), RESAMPLING=value(1))
    child("encode", first_step, encode_params, [("OUTPUT", "flac")])
    child("decode", "flacraster:flactoraster", {"INPUT": output_of("encode", "OUTPUT")},
          [("OUTPUT", "decoded")])
    child("extract", "flacraster:flactoraster", {"INPUT": output_of("encode", "OUTPUT"),
                                                 "EXTENT": param("extent_layer")},
          [("OUTPUT", "extract")])
    child("check", "flacraster:compare", {"RASTER_A": output_of("decode", "OUTPUT"),
                                          "RASTER_B": param("source")},
          [("OUTPUT", "report")])
    return model


@pytest.mark.parametrize("first_step", ["flacraster:rastertoflac",
                                        "flacraster:createstreaming"])
def test_graphical_model_encode_extract_compare(provider, tmp_path, dem, first_step):
    extent_layer = write_raster(tmp_path / "area.tif", np.zeros((10, 12), "uint8"),
                                transform=rasterio.transform.from_origin(10.2, 49.6, 0.02, 0.02))
    original = pristine(dem)
    model = build_model(first_step)
    ok, errors = model.validate()
    assert ok, errors
    results = run(model, {
        "source": str(dem), "extent_layer": str(extent_layer),
        "encode:flac": str(tmp_path / "model.flac"),
        "decode:decoded": str(tmp_path / "decoded.tif"),
        "extract:extract": str(tmp_path / "extract.tif"),
        "check:report": str(tmp_path / "report.json")})
    assert (tmp_path / "model.flac").exists()
    # compare loaded decoded.tif as a QGIS layer, and GDAL cached its statistics beside it.
    drop_statistics_cache(tmp_path / "decoded.tif")
    assert_same_raster(original, tmp_path / "decoded.tif")
    assert json.loads((tmp_path / "report.json").read_text())["identical"] is True
    assert_is_window_of(results["extract:extract"], dem)
    with rasterio.open(results["extract:extract"]) as ex:
        # The extract covers the other layer's extent (10.2..10.44 E, 49.4..49.6 N).
        assert ex.bounds.left <= 10.2 + 1e-9 and ex.bounds.right >= 10.44 - 1e-9
        assert ex.bounds.bottom <= 49.4 + 1e-9 and ex.bounds.top >= 49.6 - 1e-9


# --------------------------------------------------------------------------- flac-raster 0.1.x


def test_flactoraster_reads_flac_raster_01_files(provider, tmp_path, shared_dir):
    seeds = os.path.join(shared_dir, "seed-vectors")
    plain = run("flacraster:flactoraster", {
        "INPUT": os.path.join(seeds, "plain", "p03_u16_utm36n.flac"),
        "OUTPUT": str(tmp_path / "p03.tif")})["OUTPUT"]
    with rasterio.open(plain) as out, rasterio.open(os.path.join(seeds, "src",
                                                                 "u16_utm36n.tif")) as src:
        assert bits_equal(out.read(), src.read())  # the manifest: decodes equal to the source
        assert out.crs == src.crs
    extract = run("flacraster:flactoraster", {
        "INPUT": os.path.join(seeds, "streaming", "t02_i16_700x500_tile256.flac"),
        "EXTENT": ",".join(map(str, _middle_box(os.path.join(seeds, "src",
                                                             "i16_700x500_4326.tif")))),
        "OUTPUT": str(tmp_path / "t02.tif")})["OUTPUT"]
    assert_is_window_of(extract, os.path.join(seeds, "src", "i16_700x500_4326.tif"))
    # flac-raster --spatial files lost their pixels when written: a clear error, no output.
    with pytest.raises(QgsProcessingException) as err:
        run("flacraster:flactoraster", {
            "INPUT": os.path.join(seeds, "spatial", "s01_dem_i16_tile256.flac"),
            "OUTPUT": str(tmp_path / "s01.tif")})
    assert "pixel" in str(err.value).lower()
    assert not (tmp_path / "s01.tif").exists()


def _middle_box(path):
    """xmin, xmax, ymin, ymax (the extent parameter's order) of the raster's middle third."""
    with rasterio.open(path) as ds:
        left, bottom, right, top = ds.bounds
    w, h = right - left, top - bottom
    return left + w / 3, right - w / 3, bottom + h / 3, top - h / 3


def test_urls_go_through_qgis_network_stack(provider, tmp_path, nginx_server):
    """Proxy, SSL and authentication settings apply: requests go through QGIS's network
    stack, whose User-Agent names QGIS (requests would say python-requests)."""
    src = write_raster(tmp_path / "n.tif", fractal_dem(200, 200, seed=3))
    stream = tmp_path / "n.flac"
    core_api.create_streaming(src, stream, tile_size=64)
    nginx_server.put("n.flac", stream.read_bytes())
    url = nginx_server.url("n.flac")
    nginx_server.clear_log()
    run("flacraster:info", {"INPUT": url})
    run("flacraster:flactoraster", {"INPUT": url, "OUTPUT": str(tmp_path / "n_out.tif")})
    entries = nginx_server.log_entries()
    assert entries and all("QGIS" in e.user_agent for e in entries), entries
    assert not any("python-requests" in e.user_agent for e in entries)
    with rasterio.open(src) as a, rasterio.open(tmp_path / "n_out.tif") as b:
        assert a.read().tobytes() == b.read().tobytes()
