"""Processing with live layers: a flacraster layer is a valid input of the algorithms that
read FLAC rasters (its file or URL is read), in the Toolbox and in qgis_process with a project
holding the layer; FLAC to raster logs the level, tiles and bytes it read."""

import numpy as np
import pytest
import rasterio
from qgis.core import (QgsApplication, QgsProcessingContext, QgsProcessingFeedback,
                       QgsProject, QgsRasterLayer)

from flac_raster_qgis.provider import PROVIDER_KEY, registration, shared
from tests.qgis.test_live_layer import dem_int16, make_flac
from tests.qgis.test_processing import provider, run  # noqa: F401
from tests.qgis.test_qgis_process import qgis_process  # noqa: F401

pytestmark = pytest.mark.timeout(300)


@pytest.fixture
def live(qgis_app, nginx_server, tmp_path):
    assert registration.register()
    data = dem_int16(300, 420)
    path = make_flac(str(tmp_path), "dem", data, nodata=-32768)
    nginx_server.put("pdem.flac", open(path, "rb").read())
    url = nginx_server.url("pdem.flac")
    layer = QgsRasterLayer(url, "live dem", PROVIDER_KEY)
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    yield layer, data, url, path
    QgsProject.instance().clear()
    shared.close_all()


def test_flactoraster_reads_a_live_layer_and_reports_what_it_read(provider, live,  # noqa: F811
                                                                  tmp_path):
    layer, data, _url, _path = live
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    for value in (layer, layer.id(), layer.name()):
        feedback = QgsProcessingFeedback()
        logged = []
        feedback.pushInfo = logged.append
        out = str(tmp_path / f"out_{len(list(tmp_path.iterdir()))}.tif")
        run("flacraster:flactoraster", {"INPUT": value, "EXTENT": "10.5,11.5,47.5,48.5",
                                        "OUTPUT": out}, feedback=feedback, context=context)
        with rasterio.open(out) as ds:
            window = ds.read(1)
            col = round((ds.transform.c - 10.0) / 0.01)
            row = round((50.0 - ds.transform.f) / 0.01)
        assert np.array_equal(window, data[row:row + window.shape[0], col:col + window.shape[1]])
        report = [line for line in logged if line.startswith("Level 0:")]
        assert report and "tile(s)" in report[0] and "bytes read" in report[0] and "%" in report[0]
    info = run("flacraster:info", {"INPUT": layer.id()}, context=context)
    assert info


def test_extent_label_has_no_double_optional(provider):  # noqa: F811
    alg = QgsApplication.processingRegistry().algorithmById("flacraster:flactoraster")
    assert alg.parameterDefinition("EXTENT").description() == "Extent"


def test_qgis_process_opens_a_project_with_a_live_layer(qgis_process, live,  # noqa: F811
                                                        tmp_path):
    layer, data, _url, _path = live
    project_path = str(tmp_path / "live.qgz")
    assert QgsProject.instance().write(project_path)
    out = tmp_path / "from_project.tif"
    proc = qgis_process("--json", "run", "flacraster:flactoraster",
                        f"--PROJECT_PATH={project_path}", "--", f"INPUT={layer.id()}",
                        f"OUTPUT={out}")
    assert str(out) in proc.stdout
    with rasterio.open(out) as ds:
        assert np.array_equal(ds.read(1), data)
