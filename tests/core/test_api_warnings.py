"""flac_to_raster passes a reader's plain-language warnings (known-lossy legacy files) on."""

import os

from flac_raster_qgis.core import flac_to_raster
from flac_raster_qgis.core.feedback import Feedback


def test_lossy_legacy_file_warns_through_feedback(shared_dir, tmp_path):
    src = os.path.join(shared_dir, "seed-vectors", "plain", "p06_f32_unitrange.flac")
    messages = []
    flac_to_raster(src, str(tmp_path / "out.tif"), feedback=Feedback(log=messages.append))
    assert any("cannot be undone" in m for m in messages), messages


def test_exact_legacy_file_has_no_warning(shared_dir, tmp_path):
    src = os.path.join(shared_dir, "seed-vectors", "plain", "p01_dem_i16_1201_epsg4326.flac")
    messages = []
    flac_to_raster(src, str(tmp_path / "out.tif"), feedback=Feedback(log=messages.append))
    assert messages == []
