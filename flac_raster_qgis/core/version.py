"""Versions: the plugin's (read from metadata.txt, its single source) and the on-disk format's
(bumped only for incompatible changes)."""

import configparser
import os

FORMAT_VERSION = 1
DISTRIBUTION = "flac-raster-qgis"   # pyproject.toml's project name


def metadata_value(key, default=""):
    """A [general] value of metadata.txt (the packaged copy, else the top-level source)."""
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (os.path.join(here, "..", "metadata.txt"),
                      os.path.join(here, "..", "..", "metadata.txt")):
        parser = configparser.ConfigParser(interpolation=None)
        try:
            if parser.read(candidate, encoding="utf-8"):
                return parser.get("general", key, fallback=default)
        except (configparser.Error, OSError):
            continue
    return default


def _installed_version():
    """A wheel (``pip install .``) has no metadata.txt beside the package: its own version,
    which the build took from metadata.txt."""
    try:
        from importlib.metadata import PackageNotFoundError, version
        try:
            return version(DISTRIBUTION)
        except PackageNotFoundError:
            return "unknown"
    except ImportError:  # pragma: no cover - Python < 3.8
        return "unknown"


__version__ = metadata_value("version") or _installed_version()
