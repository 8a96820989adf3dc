"""QgisTransport: core's HttpSource semantics over QgsBlockingNetworkRequest, run the way the
page runs it (inside a QgsTask's worker thread), against nginx and the fault server."""

import base64
import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsTask
from qgis.PyQt.QtCore import QCoreApplication

from flac_raster_qgis.core.errors import (CancelledError, RangeNotSupportedError,
                                          RemoteChangedError, TransportError)
from flac_raster_qgis.core.feedback import Feedback
from flac_raster_qgis.core.sources.http import HEAD_BYTES
from flac_raster_qgis.qgis_network import (QgisTransport, USER_AGENT_SUFFIX,
                                                 install_user_agent, remove_user_agent)

pytestmark = pytest.mark.timeout(120)
SIZE = 3_000_000


def in_task(fn, timeout=60):
    """Run ``fn()`` in a QgsTask worker thread (a QThread, as in the page); return or raise."""
    out = {}

    def work(task):
        try:
            out["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            out["error"] = exc
        return True

    task = QgsTask.fromFunction("transport test", work,
                                on_finished=lambda exc, result=None: out.setdefault("done", 1))
    QgsApplication.taskManager().addTask(task)
    deadline = time.monotonic() + timeout
    while "done" not in out:
        assert time.monotonic() < deadline, "task did not finish"
        QCoreApplication.processEvents()
        time.sleep(0.005)
    if "error" in out:
        raise out["error"]
    return out.get("value")


@pytest.fixture
def served(nginx_server, qgis_app):
    data = random.Random(3).randbytes(SIZE)
    nginx_server.put("blob.bin", data)
    nginx_server.clear_log()
    return nginx_server, data


def test_exact_ranges_coalesced_and_counted(served):
    server, data = served
    transport = QgisTransport(gap=0)
    ranges = [(100_000, 10), (100_010, 5000), (2_000_000, 70_000), (SIZE - 7, 7)]

    def run():
        src = transport.open(server.url("blob.bin"))
        return src, src.read_ranges(ranges)
    src, out = in_task(run)
    assert src.size == SIZE and src.identity
    assert [bytes(b) for b in out] == [data[s:s + n] for s, n in ranges]
    entries = server.log_entries()
    # open (4 KiB) + three runs: the two touching ranges share one request
    assert [e.range for e in entries] == [f"bytes=0-{HEAD_BYTES - 1}", "bytes=100000-105009",
                                          "bytes=2000000-2069999", f"bytes={SIZE - 7}-{SIZE - 1}"]
    assert all(e.status == 206 for e in entries)
    assert src.stats.requests == 4
    assert src.stats.bytes == sum(e.body_bytes for e in entries)


def test_server_ignoring_range_is_refused_without_downloading(served):
    server, _data = served
    big = 256 << 20                              # sparse: costs no disk
    with open(server.root / "big.bin", "wb") as fh:
        fh.truncate(big)
    server.clear_log()
    transport = QgisTransport()
    with pytest.raises(RangeNotSupportedError, match="ignores HTTP range requests"):
        in_task(lambda: transport.open(server.url("big.bin", norange=True)))
    (entry,) = server.log_entries(wait_for=1)  # nginx logs once the aborted send ends
    assert entry.status == 200
    # Aborted on the first bytes: nginx could only fill the socket buffers, not send the file.
    assert entry.body_bytes < big // 4


def test_not_found_and_forbidden(served, fault_server):
    server, _data = served
    with pytest.raises(TransportError, match="^Not found"):
        in_task(lambda: QgisTransport().open(server.url("nothing.bin")))
    fault_server.queue("403")
    with pytest.raises(TransportError, match="^Access denied"):
        in_task(lambda: QgisTransport().open(fault_server.url()))


def test_transient_failures_are_retried(fault_server):
    fault_server.queue("503", "reset")
    src = in_task(lambda: QgisTransport(retries=2, backoff=0.01).open(fault_server.url()))
    assert src.size == len(fault_server.payload)
    assert [r.fault for r in fault_server.requests] == ["503", "reset", None]


def test_timeout_is_plain(fault_server):
    fault_server.stall_seconds = 3
    fault_server.queue("stall")
    started = time.monotonic()
    with pytest.raises(TransportError, match="no answer within 0.4 s"):
        in_task(lambda: QgisTransport(timeout_ms=400, retries=0).open(fault_server.url()))
    assert time.monotonic() - started < 3


def test_changed_file_is_detected(fault_server):
    def run():
        src = QgisTransport().open(fault_server.url())
        fault_server.new_payload = bytes(len(fault_server.payload))
        fault_server.change_after = fault_server.count
        return src.read_ranges([(200_000, 1000)])
    with pytest.raises(RemoteChangedError, match="changed"):
        in_task(run)


def test_cancel_stops_a_stalled_request(fault_server):
    stop = threading.Event()
    fault_server.stall_seconds = 20

    def run():
        src = QgisTransport(timeout_ms=30000, retries=0).open(fault_server.url())
        fault_server.always = "stall"
        threading.Timer(0.3, stop.set).start()
        return src.read_ranges([(100_000, 1000)], feedback=Feedback(cancelled=stop.is_set))
    started = time.monotonic()
    try:
        with pytest.raises(CancelledError):
            in_task(run)
    finally:
        fault_server.always = None
    assert time.monotonic() - started < 5


class _Capture(BaseHTTPRequestHandler):
    seen = []
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802
        type(self).seen.append(dict(self.headers))
        body = b"0123456789"
        self.send_response(206)
        self.send_header("Content-Range", "bytes 0-9/10")
        self.send_header("Content-Length", "10")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def capture_server():
    _Capture.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Capture)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/x.flac", _Capture.seen
    httpd.shutdown()
    httpd.server_close()


def test_user_agent_and_auth_config(capture_server, qgis_app):
    url, seen = capture_server
    manager = QgsApplication.authManager()
    if not manager.masterPasswordIsSet():
        manager.setMasterPassword("flac-raster-tests", True)
    config = QgsAuthMethodConfig("Basic")
    config.setName("flac raster test")
    config.setConfig("username", "alice")
    config.setConfig("password", "s3cret")
    ok, config = manager.storeAuthenticationConfig(config)
    assert ok and config.id()
    install_user_agent()
    try:
        src = in_task(lambda: QgisTransport(authcfg=config.id()).open(url))
    finally:
        remove_user_agent()
        manager.removeAuthenticationConfig(config.id())
    assert src.size == 10 and src.head == b"0123456789"
    (headers,) = seen
    assert headers["User-Agent"].endswith(USER_AGENT_SUFFIX) and "QGIS/" in headers["User-Agent"]
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"alice:s3cret").decode()
    assert headers["Range"] == f"bytes=0-{HEAD_BYTES - 1}" and headers["Accept-Encoding"] == "identity"


def test_userinfo_becomes_basic_authentication(capture_server, qgis_app):
    """user:password@ in a URL reaches the server as HTTP Basic authentication, while the
    URL QGIS sees (and logs on errors) carries no credentials."""
    import base64
    url, seen = capture_server
    src = in_task(lambda: QgisTransport().open(url.replace("http://", "http://alice:pa55@")))
    assert src.head == b"0123456789"
    (headers,) = seen
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"alice:pa55").decode()
