"""A QGIS CRS in the words the core (PROJ, through rasterio) understands.

Shared by Processing and the data-source page (neither imports the other), so both hand
the core the same CRS and the core reprojects their extents the same way (core/raster/extent.py).
"""


def crs_for_core(crs):
    """The CRS as the core (PROJ) understands it: an EPSG code, otherwise WKT."""
    if crs is None or not crs.isValid():
        return None
    authid = crs.authid()
    if authid.upper().startswith("EPSG:"):
        return authid
    return crs.toWkt(crs.WKT_PREFERRED)
