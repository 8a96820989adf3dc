"""sources/: where a FLAC raster's bytes come from, and what every remote read promises.

Byte sources (byte_source.py: local files, ``open_source``), HTTP range reading over requests
(http.py), the rules both HTTP transports follow (request_policy.py: origins, redirects,
deadlines; socket_watch.py: the total deadline), secrets kept out of messages (redaction.py)
and the caches of fetched ranges (disk_cache.py, memory_cache.py).
"""
