"""formats/legacy/: read-only support for files written by flac-raster 0.1.x (PyPI 0.1.0-0.1.2).

detect.py recognises the three kinds of file; plain_files.py, spatial_files.py and
streaming_files.py read one kind each on the shared legacy_reader.py; flac_stream.py parses
their FLAC headers, header.py their metadata, inverse.py undoes their value stretch and
losses.py says what the files themselves lost.
"""
