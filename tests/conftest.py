"""Shared fixtures. pytest-qgis (2.1.0, for QGIS 3.22) provides qgis_app, qgis_iface,
qgis_canvas, qgis_processing, qgis_new_project; helpers for small generated rasters live in
tests/rasters.py."""

import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
SHARED = os.path.abspath(os.path.join(ROOT, "..", "shared"))

# nginx_server / fault_server fixtures and the reliability fault matrix; docs/reliability.md
# is written by tests/reliability_report.py (FLACRASTER_WRITE_RELIABILITY=1).
pytest_plugins = ["tests.servers", "tests.reliability_report"]


@pytest.fixture
def shared_dir():
    """../shared (real rasters, seed vectors); tests using it skip cleanly without it."""
    if not os.path.isdir(SHARED):
        pytest.skip("../shared is not present (a user's clone has none)")
    return SHARED


FLAC_BINDINGS = ("plibflac", "pyflac")


@pytest.fixture(params=FLAC_BINDINGS)
def each_flac_binding(request, monkeypatch):
    """Runs the test once per FLAC binding (core/flac_binding.py), each forced through its
    environment variable; a binding that is not installed skips its half."""
    import importlib

    from flac_raster_qgis.core import flac_binding
    module = importlib.import_module(f"flac_raster_qgis.core.flac_{request.param}")
    if not module.available():
        pytest.skip(f"the FLAC binding {request.param} is not installed")
    monkeypatch.setenv(flac_binding.BINDING_ENV, request.param)
    return request.param
