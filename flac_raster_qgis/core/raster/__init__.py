"""raster/: the raster itself, whatever file it is stored in.

Its metadata (metadata.py; tiff_nodata.py for the nodata text a GeoTIFF declares), tile grids
and the overview pyramid (tiling.py, overviews.py), extents -> level and window (extent.py),
value ranges (stats.py), the lossless comparison (compare.py), GeoTIFF output (geotiff.py)
and ``info`` for rasters that are not FLAC (info.py).
"""
