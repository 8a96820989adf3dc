"""Live FLAC raster layers: the ``flacraster`` QGIS raster data provider.

``QgsRasterLayer("https://host/dem.flac", "dem", "flacraster")`` renders at every scale by
asking the core reader for the tiles under each view (provider.py); registration.py adds the
provider to QGIS's registry (plugin.py calls it from initGui and initProcessing); browser.py
shows .flac files in the Browser panel. Used by gui/ and processing/ alike, so it never
imports either.
"""

PROVIDER_KEY = "flacraster"
PROVIDER_DESCRIPTION = "FLAC raster (lossless, streamed by HTTP range requests)"
