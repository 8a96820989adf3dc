"""Every algorithm class of the provider, in Toolbox order."""


def all_algorithms():
    from .compare import CompareAlgorithm
    from .create_streaming import CreateStreamingAlgorithm
    from .flac_to_raster import FlacToRasterAlgorithm
    from .info import InfoAlgorithm
    from .raster_to_flac import RasterToFlacAlgorithm
    return [RasterToFlacAlgorithm, CreateStreamingAlgorithm, FlacToRasterAlgorithm,
            InfoAlgorithm, CompareAlgorithm]
