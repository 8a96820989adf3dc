"""A fresh virtual environment with the project installed by ``pip install`` (no system site
packages, so no QGIS, and Debian's rasterio/numpy stay out: wheels from the package index),
made once per session. Commands then run as subprocesses from a folder outside the repository,
as a user who installed the package would run them.

It never skips: a machine that cannot build the environment fails these tests, loudly.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The files `pip install .` needs (copied, so the build never writes into the work tree).
PROJECT_FILES = ("pyproject.toml", "README.md", "LICENSE", "metadata.txt")
BASE_PYTHON = shutil.which("python3", path="/usr/bin") or sys.executable
INSTALL_TIMEOUT = 900   # seconds: the first run downloads wheels (rasterio ~20 MB)


def _copy_project(dest):
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, dest / name)
    shutil.copytree(ROOT / "flac_raster_qgis", dest / "flac_raster_qgis",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "metadata.txt"))


class Venv:
    """The installed environment: ``run(*args)`` runs ``flacraster`` in ``cwd``."""

    def __init__(self, path):
        self.path = Path(path)
        self.python = self.path / "bin" / "python"
        self.flacraster = self.path / "bin" / "flacraster"

    def env(self):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("PYTHON", "QGIS", "QT_")) and k != "VIRTUAL_ENV"}
        env["PATH"] = f"{self.path / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        return env

    def run(self, *args, cwd, timeout=300, stdin=subprocess.DEVNULL, module=False):
        command = ([str(self.python), "-m", "flac_raster_qgis"] if module
                   else [str(self.flacraster)])
        return subprocess.run(command + [str(a) for a in args], cwd=cwd, env=self.env(),
                              stdin=stdin, capture_output=True, text=True, timeout=timeout)

    def popen(self, *args, cwd):
        return subprocess.Popen([str(self.flacraster)] + [str(a) for a in args], cwd=cwd,
                                env=self.env(), stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="session")
def cli_venv(tmp_path_factory):
    base = tmp_path_factory.mktemp("cli-venv")
    project = base / "project"
    project.mkdir()
    _copy_project(project)
    venv = Venv(base / "venv")
    subprocess.run([BASE_PYTHON, "-m", "venv", str(venv.path)], check=True, timeout=120)
    result = subprocess.run(
        [str(venv.python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
         str(project)],
        env=venv.env(), capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
    if result.returncode != 0:
        pytest.fail(f"pip install of the project failed:\n{result.stdout}\n{result.stderr}")
    return venv


@pytest.fixture
def workdir(tmp_path):
    """A folder outside the repository for inputs and outputs."""
    return tmp_path
