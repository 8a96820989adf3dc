"""The plugin's icon, one path for every part that shows it (Processing, the plugin's menu).

A module of its own, without qgis imports, so that the Processing algorithms need not import
the Processing provider for it: the provider imports the algorithms, and the algorithms
importing the provider closed a circle of eight modules (tests/core/test_import_graph.py).
"""

import os

ICON = os.path.join(os.path.dirname(os.path.abspath(__file__)), "icons", "flac_raster.svg")
