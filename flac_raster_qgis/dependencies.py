"""The dependency check inside QGIS: where pip can install (the profile's ``python/`` folder,
which QGIS puts on sys.path), which Python runs QGIS, and the translated message shared by the
load-time warning, the dependency dialog and the Processing algorithms.

The platform knowledge lives in core/dependencies.py (QGIS-free, unit-tested).
"""

import os
import shutil
import sys

from .core import dependencies as core_deps
from .translation import tr


def profile_python_dir():
    """``<profile>/python``: QGIS prepends it to sys.path at start-up (desktop and
    qgis_process), so packages installed there with ``pip --target`` are importable after a
    restart, without touching the system Python."""
    from qgis.core import QgsApplication
    return os.path.join(QgsApplication.qgisSettingsDirPath(), "python")


def qgis_python():
    """The Python interpreter QGIS embeds, for ``python -m pip`` (sys.executable is QGIS's own
    binary inside QGIS). None when it cannot be found."""
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    candidates = []
    if os.path.basename(sys.executable).lower().startswith("python"):
        candidates.append(sys.executable)
    if sys.platform.startswith("win"):
        candidates += [os.path.join(sys.exec_prefix, "python.exe"),
                       os.path.join(sys.exec_prefix, "python3.exe")]
    else:
        candidates += [os.path.join(sys.exec_prefix, "bin", f"python{version}"),
                       os.path.join(sys.exec_prefix, "bin", "python3"),
                       shutil.which(f"python{version}") or "", shutil.which("python3") or ""]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def missing(import_it=False):
    """Requirements the conversions need that are missing (cheap lookup unless import_it)."""
    return core_deps.missing(core_deps.CORE_MODULES, import_it=import_it)


def missing_message(requirements):
    """The translated message: what is missing and the exact commands for this platform."""
    return core_deps.missing_message(requirements, profile_python_dir(), python=qgis_python(),
                                     tr=tr)


def installable(requirements):
    """The requirements the Install button can install with pip (never rasterio or numpy)."""
    return [r for r in requirements if r.pip_safe]


def check_for_processing():
    """None when the conversions can run, else the message the Processing algorithms and
    the data-source page fail with."""
    absent = missing(import_it=True)
    return missing_message(absent) if absent else None


def log_missing():
    """At plugin load: one warning in the log panel (qgis_process's stdout stays clean)."""
    absent = missing()
    if absent:
        from .logging_utils import warning
        warning(missing_message(absent))
    return absent
