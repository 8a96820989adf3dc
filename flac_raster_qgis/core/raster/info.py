"""``info`` for a raster that is not FLAC: flac-raster 0.1.2's ``info file.tif`` showed the
source side of a conversion too, so scripts that inspect both keep working."""

import os

from ..errors import NotAFlacRasterError
from .metadata import float_to_json


def raster_info(path, not_flac):
    """The JSON-able facts of a GDAL raster at ``path``; ``not_flac`` (the sniffer's error)
    is raised, with GDAL's verdict added, when GDAL cannot read it either."""
    import rasterio
    from rasterio.errors import RasterioError
    try:
        with rasterio.open(path) as ds:
            crs = ds.crs
            size = os.path.getsize(path)
            return {
                "format": f"GDAL {ds.driver}",
                "kind": "gdal",
                "location": path,
                "dtype": ds.dtypes[0] if len(set(ds.dtypes)) == 1 else list(ds.dtypes),
                "bands": ds.count,
                "width": ds.width,
                "height": ds.height,
                "size": [ds.width, ds.height],
                "crs": {"epsg": crs.to_epsg(), "wkt": crs.to_wkt()} if crs else None,
                "extent": list(ds.bounds),
                "transform": list(ds.transform.to_gdal()),
                "nodata": [float_to_json(v) for v in ds.nodatavals],
                "file_size": size,
                "levels": [],
                "warnings": [],
            }
    except RasterioError:
        raise NotAFlacRasterError(f"{not_flac}; GDAL cannot read it either") from None
