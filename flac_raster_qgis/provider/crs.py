"""QGIS objects for the facts in a raster metadata dict (shared by the provider, the page and
Processing)."""

from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle


def crs_of(meta):
    """The QGIS CRS of a raster metadata dict (invalid when the file has none)."""
    crs = meta.get("crs") or {}
    if crs.get("epsg"):
        out = QgsCoordinateReferenceSystem(f"EPSG:{crs['epsg']}")
        if out.isValid():
            return out
    if crs.get("wkt"):
        return QgsCoordinateReferenceSystem.fromWkt(crs["wkt"])
    return QgsCoordinateReferenceSystem()


def extent_of(meta):
    from ..core.raster.metadata import bounds
    return QgsRectangle(*bounds(meta))
