"""Every caller outside the core reads through core.api's front door.

The data-source page, the live-layer provider, Processing and the command line open sources,
select windows and read or write them only through ``core.api`` (open_flac, select_window,
read_window, write_window, extract, ...), so every caller gets the same location checks,
window checks and error classes. This test reads their source (no import, no QGIS) and
refuses a direct use of the readers or of the extent planner's internals. Module names are
matched by their last component, so the test holds wherever core/ puts them.
"""

import ast
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CALLERS = ("gui", "provider", "processing", "cli")
# Modules a caller must not import: the format readers and the plan/write internals.
READER_MODULES = {"detect", "reader_base", "container_reader", "plain_reader", "read_plan",
                  "legacy", "legacy_reader", "plain_files", "streaming_files", "spatial_files",
                  # their names before the rooms move (issue 14), so an old import fails too
                  "reader", "rasterreader", "containerreader", "plainreader", "readplan",
                  "legacy_plain", "legacy_streaming", "legacy_spatial"}
# Names of core.raster.extent a caller must not use: api.select_window / api.write_window do.
EXTENT_INTERNALS = {"plan", "write_geotiff", "read", "to_file_crs"}


def caller_files():
    for package in CALLERS:
        top = os.path.join(ROOT, "flac_raster_qgis", package)
        for folder, _dirs, files in os.walk(top):
            for name in files:
                if name.endswith(".py"):
                    yield os.path.join(folder, name)


def core_imports(tree):
    """(module's last component, imported name or None, line) for imports from core."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and "core" in node.module.split("."):
            parts = node.module.split(".")
            tail = parts[parts.index("core") + 1:]
            for alias in node.names:
                if tail:
                    yield tail[-1], alias.name, node.lineno
                else:
                    yield alias.name, None, node.lineno


@pytest.mark.parametrize("path", sorted(caller_files()),
                         ids=lambda p: os.path.relpath(p, ROOT))
def test_callers_use_the_front_door(path):
    with open(path, encoding="utf-8") as fh:
        tree = ast.parse(fh.read(), path)
    for module, name, line in core_imports(tree):
        assert module not in READER_MODULES and name not in READER_MODULES, (
            f"{os.path.relpath(path, ROOT)}:{line} imports core.{module}: open and read "
            "through core.api (open_flac, select_window, read_window, write_window)")
        if module == "extent":
            assert name not in EXTENT_INTERNALS, (
                f"{os.path.relpath(path, ROOT)}:{line} uses core.raster.extent.{name}: use "
                "core.api.select_window / write_window / read_window")
    extent_aliases = {a.asname or a.name for node in ast.walk(tree)
                      if isinstance(node, ast.ImportFrom) and node.module
                      and node.module.split(".")[-1] in ("core", "raster")
                      for a in node.names if a.name == "extent"}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in extent_aliases):
            assert node.attr not in EXTENT_INTERNALS, (
                f"{os.path.relpath(path, ROOT)}:{node.lineno} calls extent.{node.attr}: use "
                "core.api")


def test_the_walk_finds_the_callers():
    names = {os.path.relpath(p, ROOT) for p in caller_files()}
    assert os.path.join("flac_raster_qgis", "gui", "tasks.py") in names
    assert os.path.join("flac_raster_qgis", "provider", "provider.py") in names
