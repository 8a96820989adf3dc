"""The file formats: plain (one FLAC file) and the streaming container (header, index, tiles),
the reader interface every format implements, format detection and read plans.
"""
