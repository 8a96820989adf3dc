"""Versions: the plugin's (read from metadata.txt, its single source) and the on-disk format's
(bumped only for incompatible changes)."""

import configparser
import os

FORMAT_VERSION = 1


def _plugin_version():
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (os.path.join(here, "..", "metadata.txt"),
                      os.path.join(here, "..", "..", "metadata.txt")):
        parser = configparser.ConfigParser(interpolation=None)
        try:
            if parser.read(candidate, encoding="utf-8"):
                return parser.get("general", "version")
        except (configparser.Error, OSError):
            continue
    return "unknown"


__version__ = _plugin_version()
