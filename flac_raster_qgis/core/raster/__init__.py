"""The raster itself, whatever the format: metadata, tile grids and the overview pyramid,
extents and windows, statistics, comparison and GeoTIFF output.
"""
