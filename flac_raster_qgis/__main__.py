"""``python -m flac_raster_qgis``: the ``flacraster`` command line (no QGIS needed)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
