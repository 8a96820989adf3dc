"""Failures the reliability work found, and how each was fixed (rendered into
docs/reliability.md by tests/reliability_report.py).

Keep one entry per real bug: what failed (as a user would have seen it), the fix, and the
commit / regression test that keeps it fixed. Append; never delete an entry.
"""

FINDINGS = [
    {
        "failed": "A full disk (or a file size limit) during decode: GDAL's write errors were "
                  "only logged, the dataset closed 'fine' and a damaged GeoTIFF was renamed "
                  "into place",
        "fix": "core/raster/geotiff.py collects GDAL errors of the writing thread and raises before "
               "the atomic rename",
        "where": "89b9724; tests/core/test_data_safety.py::test_full_disk_during_decode",
    },
    {
        "failed": "Deeply nested JSON in a plain file's metadata tag crashed with RecursionError "
                  "(not a FlacRasterError)",
        "fix": "core/formats/safejson.py: bounded size and nesting depth, errors as CorruptFileError",
        "where": "f98bee3; tests/core/test_fuzz_plain.py::test_deeply_nested_json",
    },
    {
        "failed": "A same-size reshape of a plain file's metadata (64x48 -> 96x32) decoded to "
                  "wrong pixels without any error",
        "fix": "FLACRASTER_CHECKSUM tag: CRC-32 over both JSON tags, checked on open",
        "where": "f98bee3; tests/core/test_fuzz_plain.py::"
                 "test_damaged_metadata_detected_by_checksum",
    },
    {
        "failed": "Bit flips in FLAC audio data that the frame CRCs miss could decode to wrong "
                  "samples",
        "fix": "libFLAC MD5 checking on every decode (core/codec/flac_codec.py)",
        "where": "f98bee3; tests/core/test_fuzz_plain.py::test_bit_flips",
    },
    {
        "failed": "flac-raster 0.1.x --spatial files: stale index offsets were shown as byte "
                  "ranges even when they did not fit the (truncated) file",
        "fix": "core/formats/legacy/spatial_files.py checks that a FLAC stream starts where the corrected "
               "offset of the last tile points",
        "where": "850359a; tests/core/test_legacy.py::"
                 "test_spatial_corrected_offsets_hold_flac_streams",
    },
    {
        "failed": "Deeply nested JSON in a streaming container's index crashed open_flac with "
                  "RecursionError (the index was parsed with plain json.loads)",
        "fix": "core/formats/container.py parses the index with core/formats/safejson.py",
        "where": "tests/core/test_fuzz_streaming.py::test_deeply_nested_index",
    },
    {
        "failed": "Hostile metadata of the wrong type (tags that are not text, an unknown colour "
                  "interpretation, a malformed colour table or GCP list, a non-text band "
                  "description) passed validation and crashed the GeoTIFF export with "
                  "TypeError / KeyError / ValueError / IndexError / AttributeError",
        "fix": "core/raster/metadata.py validate() checks every field apply_metadata() hands to GDAL",
        "where": "tests/core/test_untrusted.py::test_hostile_metadata_types; "
                 "test_fuzz_streaming.py::test_hostile_metadata_values",
    },
    {
        "failed": "A non-finite geotransform (NaN from the JSON index) passed validation and "
                  "made extent reads fail with ValueError",
        "fix": "core/raster/metadata.py validate() requires a finite geotransform",
        "where": "tests/core/test_untrusted.py::test_hostile_metadata_types",
    },
    {
        "failed": "A file could carry GDAL metadata domains that name other files "
                  "(GEOLOCATION X_DATASET, SUBDATASETS) or layout domains (IMAGE_STRUCTURE, "
                  "xml:*); they were written into the exported GeoTIFF",
        "fix": "core/raster/metadata.py apply_metadata() skips those domains (as read_metadata() "
               "always did for the layout ones)",
        "where": "tests/core/test_untrusted.py::test_metadata_cannot_redirect_output",
    },
    {
        "failed": "Our plain format: tags claiming 2^30 x 2^30 pixels (checksum recomputed) made "
                  "a read allocate 2 EiB (MemoryError) and the export ask GDAL for an "
                  "impossible GeoTIFF (RasterioIOError); 2^31 x 1 raised OverflowError",
        "fix": "core/formats/plain.py: the tags' size must equal STREAMINFO's sample count; "
               "metadata sizes within GDAL's int range; core/raster/geotiff.py turns GDAL create/"
               "write errors into FlacRasterError",
        "where": "tests/core/test_fuzz_limits.py::test_absurd_sizes_under_a_memory_limit",
    },
    {
        "failed": "Read windows were allocated straight from sizes in the file: a few-KB "
                  "container declaring a 5-gigapixel level (valid CRCs) hit MemoryError",
        "fix": "formats/reader_base.allocate(): TooLargeError ('read a smaller extent or a coarser "
               "overview') in the container, plain and 0.1.x streaming readers",
        "where": "tests/core/test_fuzz_limits.py::test_absurd_sizes_under_a_memory_limit",
    },
    {
        "failed": "flac-raster 0.1.x: a deeply nested GEOSPATIAL_TRANSFORM tag or v0.1.0 .json "
                  "sidecar crashed with RecursionError",
        "fix": "core/formats/legacy/header.py parses both with core/formats/safejson.py",
        "where": "tests/core/test_fuzz_legacy.py::test_deeply_nested_transform_tag_and_sidecar",
    },
    {
        "failed": "A stored CRS of {} raised KeyError; a dtype of null passed validation "
                  "(numpy reads None as float64) and crashed the export with AttributeError, "
                  "a dtype of 0 raised TypeError",
        "fix": "core/raster/metadata.py: KeyError is a damaged CRS; the dtype must be a canonical "
               "name",
        "where": "tests/core/test_fuzz_streaming.py::test_hostile_metadata_values "
                 "(make fuzz, 400 examples)",
    },
    {
        "failed": "flac-raster 0.1.x --spatial: a tile size below 4 bytes made the last-tile "
                  "probe read past the end of the file (TransportError, not CorruptFileError)",
        "fix": "core/formats/legacy/spatial_files.py checks the probe lies inside the file",
        "where": "tests/core/test_fuzz_legacy.py::test_spatial_hostile_index (make fuzz)",
    },
    {
        "failed": "file://, ftp://, /vsicurl/... and gopher: locations were reported as "
                  "'the input file does not exist' instead of being refused as such",
        "fix": "core/sources.check_location(): only http(s) URLs and local paths, with a "
               "clear message (credentials redacted)",
        "where": "tests/core/test_untrusted.py::test_only_http_urls_and_local_paths",
    },
    {
        "failed": "With debug logging on, urllib3 logged every request line with its query "
                  "string: tokens and signatures in the log",
        "fix": "core/sources/http.py installs a redacting filter on the urllib3/requests loggers",
        "where": "tests/core/test_reader_faults.py::"
                 "test_credentials_never_in_reader_errors_or_logs",
    },
    {
        "failed": "Unloading the plugin while a fetch ran: when the page was destroyed, its "
                  "close slot called cancel() on the QgsTask QGIS had already deleted; the "
                  "RuntimeError inside a Qt slot aborted QGIS",
        "fix": "gui/source_select.py _closer(): a deleted task counts as finished (and the "
               "reader is closed)",
        "where": "tests/qgis/test_source_select_safety.py::test_unload_while_a_task_runs",
    },
    {
        "failed": "A user:password@ URL that failed in QGIS: QGIS's own network log (tag "
                  "'Network') printed the URL with the password",
        "fix": "qgis_network.py sends user:password as an HTTP Basic Authorization "
               "header and strips it from the URL QGIS sees (query-string tokens of signed "
               "URLs remain QGIS's own log behaviour: documented, strict xfail)",
        "where": "tests/qgis/test_source_select_safety.py::"
                 "test_qgis_network_log_never_quotes_user_and_password",
    },
    {
        "failed": "Issue 13 #2: a tile's length was bounded by a formula growing with the "
                  "file's band count (65535 bands: 8.8 TB tiles) and a window's tiles were "
                  "buffered whole before the CRC check: a small header made a 16x16 read "
                  "buffer 1.1 GB; a 50 GB tile ended in MemoryError",
        "fix": "blockcodec.max_stream_bytes (verbatim FLAC of the tile's stream description), "
               "container.MAX_TILE_SAMPLES = 2^28 (writer refuses beyond it), "
               "container_reader reads in READ_BATCH_BYTES batches",
        "where": "tests/core/test_hostile_sizes.py::test_tile_length_bounded_by_its_verbatim"
                 "_size, ::test_tile_bound_does_not_grow_with_the_band_count",
    },
    {
        "failed": "Issue 13 #3: an index of nested empty lists padded to 64 MiB (277 KB file) "
                  "opened after 10.7 s at 1.7 GB (a Python loop per character, then json)",
        "fix": "core/formats/safejson.py: nesting and container count measured with bytes.count and "
               "numpy without copying the text; more than 65536 + bytes/16 lists/objects is "
               "padding",
        "where": "tests/core/test_hostile_sizes.py::test_padded_index_is_refused_without_"
                 "amplification",
    },
    {
        "failed": "Issue 13 #4: a plain file whose VORBIS_COMMENT declared 1.5 GB (sparse "
                  "file): mutagen read it all (2.9 GB peak) before CorruptFileError",
        "fix": "core/formats/flac_blocks.py checks block and string lengths against the block, the file "
               "and 65 MiB before mutagen runs",
        "where": "tests/core/test_hostile_sizes.py::test_plain_comment_lengths_checked_before"
                 "_mutagen",
    },
    {
        "failed": "Issue 13 #7/#9/#10/#11: outputs were always 0600 (web servers answered 403); "
                  "a second writer with overwrite=False silently replaced the first; output = "
                  "input (Processing passes overwrite=True) replaced the input; SIGTERM/SIGKILL "
                  "left hidden .part files forever",
        "fix": "core/atomic.py: umask / replaced file's mode, hard-link publish without "
               "overwrite, check_not_input (realpath + samefile), stale .part cleanup; "
               "core/signals.py SIGTERM -> KeyboardInterrupt (qgis_process, scripts)",
        "where": "tests/core/test_output_safety.py",
    },
    {
        "failed": "Issue 13 #13: nodata nan/inf/70000 on int16 escaped as ValueError; an "
                  "unwritable folder as PermissionError; a full disk as OSError",
        "fix": "metadata.check_nodata (CorruptFileError); atomic_output turns disk OSErrors "
               "into OutputWriteError / DiskFullError",
        "where": "tests/core/test_metadata_hardening.py::test_nodata_the_dtype_cannot_hold_is"
                 "_a_damaged_file; tests/core/test_output_safety.py::test_full_disk_is_a_plain"
                 "_error (tmpfs)",
    },
    {
        "failed": "Issue 13 #8: exporting 100k / 200k metadata items took 20.6 s / 112.9 s "
                  "(GDAL adds items with a linear search each)",
        "fix": "metadata.MAX_METADATA_ITEMS = 10000, refused clearly on both sides",
        "where": "tests/core/test_metadata_hardening.py::test_absurd_metadata_counts_are_"
                 "refused_clearly",
    },
    {
        "failed": "Issue 13 #15/#16: flac-raster 0.1.2 uint16 17..60017 read off by one on "
                  "~45 % of pixels (the tool truncates; we rounded); its lossy-file warnings "
                  "never reached Python callers without a Feedback",
        "fix": "legacy_inverse.replay_inverse (the tool's forward mapping replayed), warnings "
               "count the values sharing a step; core/notices.py: warnings.warn "
               "(LossySourceWarning), the flac_raster_qgis logger, FLACRASTER_SOURCE_LOSSY",
        "where": "tests/core/test_metadata_hardening.py::test_flac_raster_uint16_wide_range_"
                 "reads_exactly, ::test_lossy_file_warns_through_python_and_the_logger_and_"
                 "tags_the_output",
    },
    {
        "failed": "Issue 13 #17: a float32 GeoTIFF declaring nodata -88.8888 came back as "
                  "-88.88880157470703 (GDAL returns it cast to float32)",
        "fix": "core/raster/tiff_nodata.py reads the GDAL_NODATA text; metadata keeps the declared "
               "double when its float32 is GDAL's value",
        "where": "tests/core/test_metadata_hardening.py::test_float32_nodata_keeps_its_"
                 "declared_value",
    },
    {
        "failed": "Issue 13.1: through QGIS's network stack, a 301/302/307/308 from host A to "
                  "host B sent Authorization (from user:password@ or a Basic authentication "
                  "configuration) to B, also inside a QgsTask; the requests transport sent "
                  "caller headers to B and followed https -> http silently",
        "fix": "core/sources/request_policy.py: both transports follow redirects hop by hop in "
               "HttpSource.attempt(); credentials, authcfg and caller headers go to the origin "
               "opened only (scheme, host, port); https -> http refused; a resource that then "
               "asks for authentication fails with a plain 'Access denied' error. QGIS: "
               "ManualRedirectPolicy, redirect answers captured before QgsBlockingNetworkRequest "
               "follows them",
        "where": "tests/core/test_origin_policy.py; tests/qgis/test_qgis_origin.py",
    },
    {
        "failed": "Issue 13.5: a server dripping 4 bytes/s kept both transports blocked "
                  "indefinitely (their timeouts are per socket read)",
        "fix": "A total deadline per request (deadline=, default 120 s) in both transports: "
               "requests' sockets are shut down by core/sources/socket_watch.py, QGIS's reply is "
               "aborted; TransportError 'within the total deadline of N s', not retried",
        "where": "tests/core/test_origin_policy.py::test_dripping_server_meets_the_total_deadline;"
                 " tests/qgis/test_qgis_origin.py::test_dripping_server_meets_the_total_deadline",
    },
    {
        "failed": "Issue 13.6: the on-disk tile cache stored bytes before their CRC was checked: "
                  "one corrupted answer poisoned every later read",
        "fix": "read_ranges(crc32=...): only ranges matching the index's CRC-32 are cached; a "
               "cached entry that no longer matches is dropped and fetched again",
        "where": "tests/core/test_verified_cache.py",
    },
    {
        "failed": "Issue 13.7 (message): a 403 from a web server that may not read the file "
                  "(mode 0600) was reported, also on the page, as an authentication problem",
        "fix": "The 403 message (core) and the page's text name the file's permissions on the "
               "server as a likely cause",
        "where": "tests/core/test_origin_policy.py::"
                 "test_forbidden_names_file_permissions_unauthorized_does_not; "
                 "tests/qgis/test_error_messages.py",
    },
    {
        "failed": "Issue 13.12: secrets in query parameters named x-api-key, jwt, passwd, "
                  "auth_code, session, access-key (and cloud signature parameters) appeared in "
                  "errors, info() and DEBUG logs",
        "fix": "core/sources/redaction.py: one rule (a documented list plus any name containing "
               "key/token/secret/sig/pass/auth/session/credential) for URLs, free text, the "
               "HTTP libraries' loggers and the plugin's QgsMessageLog",
        "where": "tests/core/test_redaction.py",
    },
    {
        "failed": "Issue 13.14: RequestsTransport(verify=False) was silently overridden by "
                  "REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE (a requests quirk)",
        "fix": "verify is passed with every request, where the environment cannot replace it",
        "where": "tests/core/test_origin_policy.py::"
                 "test_verify_false_is_not_overridden_by_requests_ca_bundle",
    },
]

# What each transport promises on redirects and credentials (rendered as its own table; each
# promise is held by the tests named).
TRANSPORT_PROMISES = [
    ("redirect to the same origin (scheme, host, port)",
     "followed; credentials and caller headers kept",
     "followed; user:password@, authcfg and caller headers kept",
     "test_origin_policy.py / test_qgis_origin.py::test_same_origin_redirect_*"),
    ("301/302/303/307/308 to another origin",
     "followed hop by hop without Authorization or caller headers",
     "followed hop by hop without Authorization (user:password@ or authcfg) or caller headers",
     "test_cross_origin_redirect_*"),
    ("another origin then asks for authentication",
     "TransportError 'Access denied ... credentials are only sent to the host they were given "
     "for'", "the same", "test_cross_origin_resource_needing_credentials_*"),
    ("https -> http", "refused before anything is sent", "refused before anything is sent",
     "test_https_to_http_redirect_is_refused"),
    ("more than max_redirects hops (default 5)", "TransportError 'Too many redirects'",
     "the same", "test_redirect_loop_*"),
    ("a server dripping bytes", "TransportError at the total deadline (default 120 s)",
     "the same", "test_dripping_server_meets_the_total_deadline"),
]
