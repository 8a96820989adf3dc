"""The QGIS-free core: codec, metadata, tiling, container, range reading.

Nothing in this package imports qgis; it is usable from any Python with numpy, rasterio,
pyflac and mutagen.
"""

from .api import create_streaming, flac_to_raster, open_flac, raster_to_flac
from .errors import FlacRasterError

__all__ = ["raster_to_flac", "flac_to_raster", "create_streaming", "open_flac",
           "FlacRasterError"]
