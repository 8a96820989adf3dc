"""Read-only support for files written by flac-raster 0.1.x (PyPI 0.1.0-0.1.2).
"""
