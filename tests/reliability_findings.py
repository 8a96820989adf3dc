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
        "fix": "core/geotiff.py collects GDAL errors of the writing thread and raises before "
               "the atomic rename",
        "where": "89b9724; tests/core/test_data_safety.py::test_full_disk_during_decode",
    },
    {
        "failed": "Deeply nested JSON in a plain file's metadata tag crashed with RecursionError "
                  "(not a FlacRasterError)",
        "fix": "core/safejson.py: bounded size and nesting depth, errors as CorruptFileError",
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
        "fix": "libFLAC MD5 checking on every decode (core/flac_codec.py)",
        "where": "f98bee3; tests/core/test_fuzz_plain.py::test_bit_flips",
    },
    {
        "failed": "flac-raster 0.1.x --spatial files: stale index offsets were shown as byte "
                  "ranges even when they did not fit the (truncated) file",
        "fix": "core/legacy_spatial.py checks that a FLAC stream starts where the corrected "
               "offset of the last tile points",
        "where": "850359a; tests/core/test_legacy.py::"
                 "test_spatial_corrected_offsets_hold_flac_streams",
    },
    {
        "failed": "Deeply nested JSON in a streaming container's index crashed open_flac with "
                  "RecursionError (the index was parsed with plain json.loads)",
        "fix": "core/container.py parses the index with core/safejson.py",
        "where": "tests/core/test_fuzz_streaming.py::test_deeply_nested_index",
    },
    {
        "failed": "Hostile metadata of the wrong type (tags that are not text, an unknown colour "
                  "interpretation, a malformed colour table or GCP list, a non-text band "
                  "description) passed validation and crashed the GeoTIFF export with "
                  "TypeError / KeyError / ValueError / IndexError / AttributeError",
        "fix": "core/metadata.py validate() checks every field apply_metadata() hands to GDAL",
        "where": "tests/core/test_untrusted.py::test_hostile_metadata_types; "
                 "test_fuzz_streaming.py::test_hostile_metadata_values",
    },
    {
        "failed": "A non-finite geotransform (NaN from the JSON index) passed validation and "
                  "made extent reads fail with ValueError",
        "fix": "core/metadata.py validate() requires a finite geotransform",
        "where": "tests/core/test_untrusted.py::test_hostile_metadata_types",
    },
    {
        "failed": "A file could carry GDAL metadata domains that name other files "
                  "(GEOLOCATION X_DATASET, SUBDATASETS) or layout domains (IMAGE_STRUCTURE, "
                  "xml:*); they were written into the exported GeoTIFF",
        "fix": "core/metadata.py apply_metadata() skips those domains (as read_metadata() "
               "always did for the layout ones)",
        "where": "tests/core/test_untrusted.py::test_metadata_cannot_redirect_output",
    },
]
