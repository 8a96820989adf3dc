"""Server faults seen through the readers: open_flac + read(bounds) and flac_to_raster(url).

A real streaming container and a flac-raster 0.1.x streaming file (both larger than the first read
first read, so tiles need their own requests) are served by the fault-injecting server on
127.0.0.1. Each fault must end in the exact pixels of the window (bit for bit against the
source raster) or the documented exception, within the transport's timeouts (pytest-timeout
turns a hang into a failure), with no output and no .part file left and an existing output
untouched. Every case records a row for docs/reliability.md.
"""

import os

import numpy as np
import pytest

from flac_raster_qgis.core.formats import container
from flac_raster_qgis.core import create_streaming, flac_to_raster, open_flac
from flac_raster_qgis.core.errors import (ChecksumMismatchError, CorruptFileError,
                                          RangeNotSupportedError, RemoteChangedError,
                                          TransportError)
from flac_raster_qgis.core.sources.http import RequestsTransport
from tests.core.test_legacy_generated import TRANSFORM as LEGACY_TRANSFORM
from tests.core.test_legacy_generated import dem as legacy_dem
from tests.core.test_legacy_generated import streaming_file as legacy_streaming_file
from tests.rasters import fractal_dem, write_raster
from tests.reliability_report import record

pytestmark = pytest.mark.timeout(60)

RETRIES = 3
WINDOW = (50, 40, 130, 130)            # col, row, width, height: 3x3 tiles of 64 px
EXACT = "exact"


def _noisy(height, width, seed):
    rng = np.random.default_rng(seed)
    return (fractal_dem(height, width, seed=seed) + rng.integers(-60, 60, (height, width))
            ).astype(np.int16)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Both served files, their sources and a second version of each (the 'replaced' file)."""
    tmp = tmp_path_factory.mktemp("reader_faults")
    out = {}
    versions = []
    for seed in (1, 2):
        data = np.stack([_noisy(260, 300, seed), _noisy(260, 300, seed + 10)])
        src = write_raster(tmp / f"src{seed}.tif", data)
        flac = tmp / f"c{seed}.flac"
        create_streaming(str(src), str(flac), tile_size=64)
        versions.append((flac.read_bytes(), data))
    raw, data = versions[0]
    assert len(raw) > 2 * container.FIRST_READ
    out["container"] = {"raw": raw, "data": data, "other": versions[1][0],
                        "transform": (10.0, 0.01, 50.0, -0.01)}
    band = legacy_dem(260, 300, seed=4)
    band = (band + np.random.default_rng(4).integers(-60, 60, band.shape)).astype(np.int16)
    raw = legacy_streaming_file(band, LEGACY_TRANSFORM, 64)
    other = legacy_streaming_file(legacy_dem(260, 300, seed=5), LEGACY_TRANSFORM, 64)
    assert len(raw) > 2 * 65536
    out["legacy"] = {"raw": raw, "data": band[None], "other": other,
                     "transform": (100.0, 0.5, 200.0, -0.5)}
    return out


def window_bounds(spec):
    x0, dx, y0, dy = spec["transform"]
    c, r, w, h = WINDOW
    return (x0 + c * dx, y0 + (r + h) * dy, x0 + (c + w) * dx, y0 + r * dy)


def expected_window(spec):
    c, r, w, h = WINDOW
    return spec["data"][:, r:r + h, c:c + w]


def damaged_tile(raw, kind, tile=11):
    """``raw`` with 16 bytes XOR-ed in the middle of level-0 tile number ``tile`` (default:
    row 2, column 1 - needed by WINDOW and beyond the 64 KiB first read, so it is fetched
    after open). Same size: only a checksum can tell."""
    import json
    import zlib
    buf = bytearray(raw)
    if kind == "container":
        header = container.unpack_header(raw, len(raw))
        packed = raw[header.index_offset:header.index_offset + header.index_length]
        level0 = json.loads(zlib.decompress(packed))["levels"][0]
        pos = header.data_offset + level0["offsets"][tile] + level0["lengths"][tile] // 2
    else:                                   # in its audio frames, past its tags
        from flac_raster_qgis.core.formats.legacy.flac_stream import read_header
        n = int.from_bytes(raw[:4], "big")
        frame = json.loads(raw[4:4 + n])["frames"][tile]
        start = 4 + n + frame["byte_offset"]
        stream = raw[start:start + frame["byte_size"]]
        pos = start + read_header(stream, None, 0, len(stream)).audio_offset + len(stream) // 4
    assert pos > 65536
    for i in range(16):
        buf[pos + i] ^= 0x5A
    return bytes(buf)


# -- the fault scenarios ----------------------------------------------------------------------

def queue(*faults):
    return lambda server, spec: server.queue(*faults)


def always(fault):
    def setup(server, spec):
        server.always = fault
    return setup


def replaced(validators, same_size):
    def setup(server, spec):
        server.send_etag = validators == "etag"
        server.send_last_modified = validators == "last-modified"
        server.honour_if_match = validators == "etag"
        server.new_payload = damaged_tile(spec["raw"], spec["kind"]) if same_size \
            else spec["other"]
        server.change_after = server.count
    return setup


SCENARIOS = [
    ("Range ignored (200 with the whole body)", queue("ignore_range"),
     (RangeNotSupportedError, "ignores HTTP range requests")),
    ("416 Range not satisfiable", queue("416"), (TransportError, "Range not satisfiable")),
    ("404 Not found", queue("404"), (TransportError, "Not found")),
    ("403 Forbidden", queue("403"), (TransportError, "Access denied")),
    ("500 twice, then success", queue("500", "500"), EXACT),
    ("503 three times, then success", queue("503", "503", "503"), EXACT),
    ("500 forever", always("500"), (TransportError, f"after {RETRIES + 1} attempts")),
    ("connection reset mid-body, once", queue("reset"), EXACT),
    ("connection reset mid-body, forever", always("reset"),
     (TransportError, "connection")),
    ("body shorter than Content-Length, once", queue("short"), EXACT),
    ("body shorter than Content-Length, forever", always("short"),
     (TransportError, "short body")),
    ("wrong Content-Range", queue("wrong_range"), (TransportError, "misbehaving server")),
    ("206 without Content-Range", queue("no_content_range"),
     (TransportError, "without a valid Content-Range")),
    ("more bytes than Content-Range", queue("extra_bytes"), (TransportError, "Content-Length")),
    ("server stalls once (read timeout)", queue("stall"), EXACT),
    ("server stalls forever", always("stall"), (TransportError, "no answer within")),
    ("one redirect", queue("redirect"), EXACT),
    ("redirect loop", always("redirect"), (TransportError, "Too many redirects")),
    ("file replaced after the index read (ETag, If-Match -> 412)",
     replaced("etag", same_size=False), (RemoteChangedError, "changed while reading")),
    ("file replaced after the index read (Last-Modified)",
     replaced("last-modified", same_size=False), (RemoteChangedError, "changed while reading")),
    ("file replaced after the index read (no validators, other size)",
     replaced("none", same_size=False), (RemoteChangedError, "changed while reading")),
    ("file replaced after the index read (no validators, same size, tile bytes differ)",
     replaced("none", same_size=True), "damaged"),
]


def transport_for(name):
    read_timeout = 0.5 if "stall" in name else 2.0
    return RequestsTransport(timeout=(2.0, read_timeout), retries=RETRIES, backoff=0.01,
                             max_redirects=5)


def check_error(info, expect, kind):
    if expect == "damaged":
        # container: the tile CRC-32; flac-raster 0.1.x has no checksum, its FLAC frames do
        wanted = ChecksumMismatchError if kind == "container" else CorruptFileError
        assert isinstance(info.value, wanted), info.value
    else:
        error, words = expect
        assert isinstance(info.value, error), info.value
        assert words in str(info.value)


def injected_since(server, before):
    return sum(1 for r in server.requests[before:] if r.fault is not None)


@pytest.mark.parametrize("name, setup, expect", SCENARIOS, ids=[s[0] for s in SCENARIOS])
@pytest.mark.parametrize("kind", ["container", "legacy"])
def test_window_read_under_fault(fault_server, files, kind, name, setup, expect):
    spec = dict(files[kind], kind=kind)
    fault_server.payload = spec["raw"]
    fault_server.stall_seconds = 1.5
    with transport_for(name) as transport:
        reader = open_flac(fault_server.url("/raster.flac"), transport=transport)
        with reader:
            before = fault_server.count
            setup(fault_server, spec)
            if expect == EXACT:
                result = reader.read(bounds=window_bounds(spec))
                assert result.window == WINDOW
                assert result.arrays.tobytes() == expected_window(spec).tobytes()
                outcome = "exact pixels"
            else:
                with pytest.raises((TransportError, CorruptFileError)) as info:
                    reader.read(bounds=window_bounds(spec))
                check_error(info, expect, kind)
                outcome = f"{type(info.value).__name__}: {info.value}"
    injected = injected_since(fault_server, before)
    assert injected >= 1 or "replaced" in name
    record(f"fault:{'streaming container' if kind == 'container' else 'flac-raster 0.1 streaming'}",
           f"{name} - open_flac().read(bounds)", injected, outcome)


CONVERT_CASES = ["500 twice, then success", "connection reset mid-body, once",
                 "server stalls once (read timeout)", "Range ignored (200 with the whole body)",
                 "500 forever", "connection reset mid-body, forever", "wrong Content-Range",
                 "server stalls forever",
                 "file replaced after the index read (ETag, If-Match -> 412)",
                 "file replaced after the index read (no validators, same size, tile bytes "
                 "differ)"]


@pytest.mark.parametrize("name", CONVERT_CASES)
@pytest.mark.parametrize("kind", ["container", "legacy"])
def test_flac_to_raster_under_fault(fault_server, files, tmp_path, kind, name):
    """The conversion either writes the exact window or leaves the folder as it was."""
    import rasterio
    _, setup, expect = next(s for s in SCENARIOS if s[0] == name)
    spec = dict(files[kind], kind=kind)
    fault_server.payload = spec["raw"]
    fault_server.stall_seconds = 1.5
    out = tmp_path / "window.tif"
    out.write_bytes(b"an existing output")
    before_files = sorted(os.listdir(tmp_path))
    opened = {}

    class ArmingTransport(RequestsTransport):
        """Injects the fault right after open, like a fault that strikes mid-conversion."""

        def open(self, url, feedback=None):
            source = super().open(url, feedback)
            opened["before"] = fault_server.count
            setup(fault_server, spec)
            return source

    transport = ArmingTransport(timeout=(2.0, 0.5 if "stall" in name else 2.0),
                                retries=RETRIES, backoff=0.01)
    try:
        if expect == EXACT:
            flac_to_raster(fault_server.url("/raster.flac"), str(out),
                           bounds=window_bounds(spec), overwrite=True, transport=transport)
            with rasterio.open(out) as ds:
                assert ds.read().tobytes() == expected_window(spec).tobytes()
            outcome = "exact pixels in the GeoTIFF"
        else:
            with pytest.raises((TransportError, CorruptFileError)) as info:
                flac_to_raster(fault_server.url("/raster.flac"), str(out),
                               bounds=window_bounds(spec), overwrite=True, transport=transport)
            check_error(info, expect, kind)
            assert sorted(os.listdir(tmp_path)) == before_files    # no .part, no new file
            assert out.read_bytes() == b"an existing output"       # the old one intact
            outcome = f"{type(info.value).__name__}; existing output intact, no .part file"
    finally:
        transport.close()
    record(f"fault:{'streaming container' if kind == 'container' else 'flac-raster 0.1 streaming'}",
           f"{name} - flac_to_raster(url, bounds)",
           injected_since(fault_server, opened["before"]), outcome)


# -- a tile whose bytes fail its checksum -----------------------------------------------------

def test_tile_failing_its_checksum_is_reported_never_decoded(fault_server, files, tmp_path):
    spec = dict(files["container"], kind="container")
    fault_server.payload = damaged_tile(spec["raw"], "container")
    with RequestsTransport(timeout=(2, 2), retries=RETRIES, backoff=0.01) as transport:
        with open_flac(fault_server.url("/damaged.flac"), transport=transport) as reader:
            with pytest.raises(ChecksumMismatchError, match="checksum mismatch") as info:
                reader.read(bounds=window_bounds(spec))
            # a window away from the damaged tile still reads exactly
            far = reader.read_window(0, 192, 192, 108, 68)[0]
            assert far.tobytes() == spec["data"][:, 192:260, 192:300].tobytes()
        out = tmp_path / "damaged.tif"
        with pytest.raises(ChecksumMismatchError):
            flac_to_raster(fault_server.url("/damaged.flac"), str(out), transport=transport)
    assert os.listdir(tmp_path) == []
    record("fault:streaming container", "a tile's bytes fail its CRC-32 (served damaged)",
           "16 bytes", f"ChecksumMismatchError: {info.value}; other tiles exact; no output")


# -- credentials never leak through the readers -----------------------------------------------

SECRETS = ("alice", "pa55word", "t0ken-value", "s1gnature")


@pytest.mark.parametrize("fault", ["404", "403", "500", "ignore_range", "wrong_range",
                                   "replaced"])
def test_credentials_never_in_reader_errors_or_logs(fault_server, files, tmp_path, caplog,
                                                    fault):
    import logging
    caplog.set_level(logging.DEBUG)
    spec = dict(files["container"], kind="container")
    fault_server.payload = spec["raw"]
    url = fault_server.url("/raster.flac", userinfo="alice:pa55word",
                           query="token=t0ken-value&X-Amz-Signature=s1gnature")
    messages = []
    with RequestsTransport(timeout=(2, 2), retries=1, backoff=0.01) as transport:
        reader = open_flac(url, transport=transport)
        messages.append(reader.source.name)
        messages.append(str(reader.info()))
        if fault == "replaced":
            replaced("etag", same_size=False)(fault_server, spec)
        else:
            fault_server.always = fault
        with pytest.raises(TransportError) as info:
            reader.read(bounds=window_bounds(spec))
        messages.append(str(info.value))
        reader.close()
        if fault != "replaced":             # (a new open simply sees the new version)
            with pytest.raises(TransportError) as info2:
                flac_to_raster(url, str(tmp_path / "o.tif"), transport=transport)
            messages.append(str(info2.value))
    messages.extend(r.getMessage() for r in caplog.records)
    for text in messages:
        for secret in SECRETS:
            assert secret not in text, text
    assert "REDACTED" in messages[0]
    record("credentials", f"user:password@ and token/signature URL, {fault}",
           len(messages), "no secret in errors, info() or log records")
