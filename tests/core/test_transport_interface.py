"""The neutral transport interface: a transport turns core.sources.http.Exchange into core.sources.http.Reply
and nothing else; HttpSource (the protocol) does every check once, whatever the transport.

The transport here serves bytes from memory: a real implementation of the interface (the
requests one and QGIS's are tested against nginx and the fault servers elsewhere), used to
reach the cases a server cannot stage on demand (an answer stopped before its status).
"""

import ast
import threading

import pytest

from flac_raster_qgis.core.errors import RangeNotSupportedError, TransportError
from flac_raster_qgis.core.sources.http import (BodyOverflow, ConnectionLost, Headers, HttpSource, Reply,
                                        TransportSettings)
from flac_raster_qgis.core.sources.request_policy import origin

DATA = bytes(range(256)) * 64   # 16 KiB


class MemoryTransport(TransportSettings):
    """Serves ``DATA`` for any URL; ``script`` (a list of callables ``(exchange) -> Reply``
    or None) replaces the normal answer of the next exchanges, one each."""

    def __init__(self, script=(), **knobs):
        options = dict(timeout=(1, 1), retries=2, backoff=0, gap=0, head_bytes=1024,
                       max_run_bytes=None, max_redirects=3, if_match=True, cache_dir=None,
                       cache_max_bytes=0)
        options.update(knobs)
        self.configure(**options)
        self.script = list(script)
        self.exchanges = []
        self.released = 0
        self.bodies_read = 0

    def open(self, url, feedback=None):
        return HttpSource(self, url, feedback=feedback)

    def release(self):
        self.released += 1

    def body(self, data, lost_after=None):
        self.bodies_read += 1
        if lost_after is not None:
            yield data[:lost_after]
            raise ConnectionLost("the server closed the connection mid-answer")
        yield data

    def exchange(self, exchange):
        self.exchanges.append(exchange)
        special = self.script.pop(0) if self.script else None
        if special is not None:
            return special(self, exchange)
        first, last = (int(x) for x in exchange.headers["Range"][6:].split("-"))
        last = min(last, len(DATA) - 1)
        headers = Headers({"Content-Range": f"bytes {first}-{last}/{len(DATA)}",
                           "ETag": '"v1"'})
        return Reply(206, "Partial Content", headers, self.body(DATA[first:last + 1]),
                     self.release)


def whole_file(transport, exchange):
    """A server that ignores Range: 200 and a body that must never be read."""
    return Reply(200, "OK", Headers({"Content-Length": str(len(DATA))}),
                 transport.body(DATA), transport.release)


def test_reads_exact_bytes_and_releases_every_reply():
    t = MemoryTransport()
    with t.open("http://example.test/f.flac") as src:
        assert src.size == len(DATA) and src.etag == '"v1"'
        assert src.read_ranges([(5000, 100), (9000, 3000)]) == [DATA[5000:5100],
                                                               DATA[9000:12000]]
    assert t.released == len(t.exchanges) == 3
    assert t.exchanges[1].headers["If-Match"] == '"v1"'   # the protocol's, not the transport's


def test_headers_are_case_insensitive():
    headers = Headers([("Content-Range", "bytes 0-1/2"), ("ETAG", "x")])
    assert headers.get("content-range") == "bytes 0-1/2" and headers.get("ETag") == "x"
    assert headers.get("Location", "none") == "none"


def test_a_server_ignoring_range_is_refused_without_reading_its_body():
    t = MemoryTransport([whole_file])
    with pytest.raises(RangeNotSupportedError, match="ignores HTTP range requests"):
        t.open("http://example.test/f.flac")
    assert t.bodies_read == 0 and t.released == 1


def test_an_answer_stopped_on_opening_means_range_is_ignored():
    def overflow(transport, exchange):
        raise BodyOverflow(exchange.length + 1, -1)
    t = MemoryTransport([overflow])
    with pytest.raises(RangeNotSupportedError, match="ignores HTTP range requests"):
        t.open("http://example.test/f.flac")


def test_an_answer_stopped_later_is_a_broken_range_answer():
    def overflow(transport, exchange):
        raise BodyOverflow(exchange.length + 1, exchange.length * 2)
    t = MemoryTransport()
    with t.open("http://example.test/f.flac") as src:
        t.script.append(overflow)
        with pytest.raises(TransportError, match="more bytes than asked for") as err:
            src.read_range(8000, 500)
        assert not isinstance(err.value, RangeNotSupportedError)
        assert src.stats.bytes >= 501   # what arrived before the stop is counted


def test_a_connection_lost_mid_body_is_retried():
    def lost(transport, exchange):
        first = int(exchange.headers["Range"][6:].split("-")[0])
        headers = Headers({"Content-Range": f"bytes {first}-{first + exchange.length - 1}/"
                                            f"{len(DATA)}"})
        return Reply(206, "", headers, transport.body(DATA[first:first + exchange.length], 10),
                     transport.release)
    t = MemoryTransport()
    with t.open("http://example.test/f.flac") as src:
        t.script.append(lost)
        assert src.read_range(4000, 2000) == DATA[4000:6000]
        t.script.extend([lost] * 3)
        with pytest.raises(TransportError, match="connection lost after 10 of 2000 bytes"):
            src.read_range(7000, 2000)


def test_credentials_go_to_their_origin_only():
    def redirect(transport, exchange):
        return Reply(302, "Found", Headers({"Location": "http://other.test/f.flac"}), (),
                     transport.release)
    t = MemoryTransport([redirect])
    with t.open("http://user:secret@example.test/f.flac") as src:
        assert src.read_range(0, 10) == DATA[:10]
    first, second = t.exchanges[:2]
    assert first.trusted and first.credentials == ("user", "secret")
    assert "secret" not in first.url and "secret" not in first.name
    assert origin(second.url) == ("http", "other.test", 80)
    assert not second.trusted and second.credentials is None


def test_cancel_is_visible_to_the_transport():
    abort = threading.Event()
    seen = []

    def note(transport, exchange):
        seen.append(exchange.cancelled())
        abort.set()
        seen.append(exchange.cancelled())
        raise TransportError("stop here")
    t = MemoryTransport()
    with t.open("http://example.test/f.flac") as src:
        t.script.append(note)
        with pytest.raises(TransportError):
            src.attempt(2000, 10, None, abort, False)
    assert seen == [False, True]


def imported_names(module):
    """Dotted names ``module`` imports, at the top or inside functions (relative ones
    resolved), each also with every name it imports: ``from .x import y`` -> x, x.y."""
    package = module.__name__.rsplit(".", 1)[0]
    found = set()
    with open(module.__file__, encoding="utf-8") as fh:
        tree = ast.parse(fh.read())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] \
                if node.level else []
            full = ".".join(base + ([node.module] if node.module else []))
            found.add(full)
            found.update(f"{full}.{a.name}" for a in node.names)
    return found


def test_sources_and_http_do_not_import_each_other():
    """The byte-source layer is the bottom: sources/byte_source.py imports neither http.py nor
    the module that picks a transport (formats/detect.py), even lazily; http.py builds on it."""
    import flac_raster_qgis.core.sources.byte_source as sources
    import flac_raster_qgis.core.sources.http as http
    from flac_raster_qgis.core.formats import detect as reader
    assert sources.__name__ in imported_names(http)
    assert not imported_names(sources) & {http.__name__, reader.__name__}
