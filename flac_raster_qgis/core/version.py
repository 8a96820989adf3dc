"""Versions: the plugin's (read from metadata.txt, its single source) and the on-disk format's
(bumped only for incompatible changes)."""

import configparser
import os

FORMAT_VERSION = 1


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


__version__ = metadata_value("version", "unknown")
