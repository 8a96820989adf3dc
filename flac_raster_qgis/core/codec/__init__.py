"""Raster values <-> integer samples <-> one standard FLAC stream: sample encodings, the channel layout,
predictors, the run-length stage, block coding and the two libFLAC bindings.
"""
