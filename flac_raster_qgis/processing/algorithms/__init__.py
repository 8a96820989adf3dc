"""Every algorithm class of the provider, in Toolbox order."""


def all_algorithms():
    from .raster_to_flac import RasterToFlacAlgorithm
    from .flac_to_raster import FlacToRasterAlgorithm
    return [RasterToFlacAlgorithm, FlacToRasterAlgorithm]
