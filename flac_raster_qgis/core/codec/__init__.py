"""codec/: raster values <-> integer samples <-> one standard FLAC stream.

Sample encodings (samples.py), how sample planes become FLAC channels (channel_layout.py), the
reversible predictors (predictors.py, interp.py, rowsums.py), the run-length stage
(runlength.py), a block of pixels as one stream (blockcodec.py) and libFLAC itself
(flac_codec.py over flac_binding.py: plibflac or pyflac). No file format and no I/O here.
"""
