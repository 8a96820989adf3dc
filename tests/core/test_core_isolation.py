"""core/ is QGIS-free: importable in a plain Python process without qgis being loaded.

Both checks walk every room (subpackage) of core/, not only its top-level modules."""

import os
import pathlib
import subprocess
import sys

CORE = pathlib.Path(__file__).resolve().parents[2] / "flac_raster_qgis" / "core"


def test_core_imports_without_qgis():
    code = ("import sys, importlib, pkgutil\n"
            "import flac_raster_qgis.core as core\n"
            "names = [m.name for m in pkgutil.walk_packages(core.__path__, core.__name__ + '.')]\n"
            "for name in names:\n"
            "    importlib.import_module(name)\n"
            "bad = [m for m in sys.modules if m == 'qgis' or m.startswith(('qgis.', 'PyQt'))]\n"
            "assert not bad, bad\n"
            f"assert len(names) >= {len(list(CORE.rglob('*.py'))) - 1}, names\n")
    env = dict(os.environ, PYTHONPATH=str(CORE.parents[1]))
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


def test_no_qgis_import_in_core_sources():
    paths = sorted(CORE.rglob("*.py"))
    assert len(paths) > 40, paths
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert "import qgis" not in text and "from qgis" not in text, path
        assert "print(" not in text, f"{path} prints; core code must not print"
