"""Layers the data-source page adds (main thread only): fetched windows as raster layers in
a group named after the source, and the tile grid as a temporary vector layer."""

from qgis.core import (QgsFeature, QgsField, QgsGeometry,
                       QgsPointXY, QgsProject, QgsRasterLayer, QgsVectorLayer)

from ..provider.crs import crs_of  # noqa: F401 - used here and by the page
from ..translation import tr
from .qgis_compat import INT_FIELD_TYPE


def group_for(name, project=None):
    """The layer-tree group ``name``, created when missing where QGIS adds new layers (the
    insertion point beside the selected layer), not always at the top of the tree."""
    project = project or QgsProject.instance()
    root = project.layerTreeRoot()
    group = root.findGroup(name)
    if group is None:
        parent, position = root, 0
        point = _insertion_point(project)
        if point is not None and point.group is not None:
            parent, position = point.group, point.position
        group = parent.insertGroup(position, name)
    return group


def _insertion_point(project):
    """Where QGIS puts new layers: the bridge knows from 3.28 on, the desktop's iface before."""
    getter = getattr(project.layerTreeRegistryBridge(), "layerInsertionPoint", None)
    if getter is None:
        try:
            from qgis.utils import iface
        except ImportError:
            iface = None
        getter = getattr(iface, "layerTreeInsertionPoint", None)
    try:
        return getter() if getter is not None else None
    except (RuntimeError, TypeError, AttributeError):
        return None


def apply_value_ranges(layer, ranges):
    """Stretch a snapshot layer over the whole raster's (min, max) per band, so every
    snapshot and tile of a file looks alike (QGIS would stretch each to its own pixels)."""
    renderer = layer.renderer()
    if renderer is None or not ranges:
        return
    kind = renderer.type()
    if kind == "singlebandgray":
        pairs = [(renderer.grayBand(), renderer.contrastEnhancement())]
    elif kind == "multibandcolor":
        pairs = [(renderer.redBand(), renderer.redContrastEnhancement()),
                 (renderer.greenBand(), renderer.greenContrastEnhancement()),
                 (renderer.blueBand(), renderer.blueContrastEnhancement())]
    else:
        return                    # palettes and pseudo-colour keep their own classes
    for band, enhancement in pairs:
        if enhancement is None or not 1 <= band <= len(ranges) or ranges[band - 1] is None:
            continue
        low, high = ranges[band - 1]
        enhancement.setMinimumValue(float(low))
        enhancement.setMaximumValue(float(high))
    layer.triggerRepaint()


def add_raster_layers(files, group_name, project=None):
    """Create a raster layer per (path, name) and add them to the group; returns the layers.

    Layers that GDAL cannot open are skipped and returned as ``invalid`` paths instead.
    """
    project = project or QgsProject.instance()
    group = group_for(group_name, project)
    layers, invalid = [], []
    for path, name in files:
        layer = QgsRasterLayer(path, name, "gdal")
        if not layer.isValid():
            invalid.append(path)
            continue
        project.addMapLayer(layer, False)
        group.insertLayer(0, layer)
        layers.append(layer)
    return layers, invalid


def move_to_top(layer_id, group_name, project=None):
    """Keep a layer (the tile footprints) drawn above the others of its group."""
    group = group_for(group_name, project)
    node = group.findLayer(layer_id)
    if node is not None and group.children() and group.children()[0] is not node:
        clone = node.clone()
        group.insertChildNode(0, clone)
        group.removeChildNode(node)


def remove_layers(layer_ids, project=None):
    project = project or QgsProject.instance()
    present = [lid for lid in layer_ids if project.mapLayer(lid) is not None]
    if present:
        project.removeMapLayers(present)


def tile_polygon(level, tile):
    """The tile's footprint in the file's CRS, rotation included."""
    c, a, b, f, d, e = level.transform

    def world(col, row):
        return QgsPointXY(c + a * col + b * row, f + d * col + e * row)

    x0, y0, x1, y1 = tile.x, tile.y, tile.x + tile.width, tile.y + tile.height
    ring = [world(x0, y0), world(x1, y0), world(x1, y1), world(x0, y1), world(x0, y0)]
    return QgsGeometry.fromPolygonXY([ring])


def footprint_layer(name, meta, level, tiles):
    """A memory layer with one polygon per tile (level, row, col, pixel window)."""
    crs = crs_of(meta)
    uri = "Polygon" + (f"?crs={crs.authid()}" if crs.isValid() and crs.authid() else "")
    layer = QgsVectorLayer(uri, name, "memory")
    if crs.isValid() and not crs.authid():
        layer.setCrs(crs)
    provider = layer.dataProvider()
    provider.addAttributes([QgsField(n, INT_FIELD_TYPE) for n in
                            ("level", "row", "col", "x", "y", "width", "height")])
    layer.updateFields()
    features = []
    for tile in tiles:
        feature = QgsFeature(layer.fields())
        feature.setGeometry(tile_polygon(level, tile))
        feature.setAttributes([level.index, tile.row, tile.col, tile.x, tile.y, tile.width,
                               tile.height])
        features.append(feature)
    provider.addFeatures(features)
    layer.updateExtents()
    symbol = layer.renderer().symbol() if layer.renderer() else None
    if symbol is not None:
        symbol.setColor(symbol.color().fromRgb(0, 0, 0, 0))
        symbol.symbolLayer(0).setStrokeColor(symbol.color().fromRgb(220, 40, 40))
        symbol.symbolLayer(0).setStrokeWidth(0.4)
    layer.setCustomProperty("flac_raster_qgis/footprints", True)
    return layer


def footprints_name(source_name):
    return tr("{name} tile footprints").format(name=source_name)
