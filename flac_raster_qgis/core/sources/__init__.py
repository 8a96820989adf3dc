"""Where a FLAC raster's bytes come from (a local file, HTTP) and what every remote read promises:
origins, redirects, deadlines, redaction, the disk and memory caches.
"""
