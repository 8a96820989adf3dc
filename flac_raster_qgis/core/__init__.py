"""The QGIS-free core: codec, metadata, tiling, container, range reading.

Nothing in this package imports qgis; it is usable from any Python with numpy, rasterio,
pyflac and mutagen.
"""

from .api import flac_to_raster, raster_to_flac
from .errors import FlacRasterError

__all__ = ["raster_to_flac", "flac_to_raster", "FlacRasterError"]
