"""Every server fault ends in the right bytes (transient, retried) or a clear error; no hangs.

Stalls meet a 0.5 s read timeout (elsewhere 2 s, so a busy test machine causes no spurious
retries that would upset the request counts); every test has a hard pytest timeout, so a hang
fails loudly.
Each test records its observed outcome in the reliability fault matrix (tests/servers.py).
"""

import threading

import pytest

from flac_raster_qgis.core.errors import (CancelledError, RangeNotSupportedError,
                                          RemoteChangedError, TransportError)
from flac_raster_qgis.core.feedback import Feedback
from flac_raster_qgis.core.sources.http import RequestsTransport
from flac_raster_qgis.core.sources.http import HEAD_BYTES
from tests.servers import record_fault

pytestmark = pytest.mark.timeout(30)

RETRIES = 3
READ = (150_000, 4000)  # beyond the 3 KiB head, so it needs its own request


STALL_TIMEOUT = (2.0, 0.5)


@pytest.fixture
def transport():
    t = RequestsTransport(timeout=(2.0, 2.0), retries=RETRIES, backoff=0.01)
    yield t
    t.close()


def expect(server, start=READ[0], length=READ[1]):
    return server.payload[start:start + length]


# -- transient faults: retried, then the exact bytes ------------------------------------------

@pytest.mark.parametrize("faults", [
    ("500",), ("500", "500"), ("502",), ("503", "503", "503"), ("504",),
    ("reset",), ("short",), ("stall",), ("reset", "short", "503"),
])
@pytest.mark.parametrize("when", ["open", "read"])
def test_transient_faults_are_retried(fault_server, transport, faults, when):
    fault_server.stall_seconds = 2.0
    if "stall" in faults:
        transport.timeout = STALL_TIMEOUT
    if when == "open":
        fault_server.queue(*faults)
        src = transport.open(fault_server.url())
        before = 0
    else:
        src = transport.open(fault_server.url())
        before = fault_server.count
        fault_server.queue(*faults)
    assert src.read_range(*READ) == expect(fault_server)
    if when == "open":
        assert src.head == fault_server.payload[:HEAD_BYTES]
        assert fault_server.count == len(faults) + 2
    else:
        assert fault_server.count - before == len(faults) + 1
    record_fault(" then ".join(faults) + f" (at {when})", "retried, exact bytes",
                 f"exact bytes after {len(faults)} retr{'y' if len(faults) == 1 else 'ies'}")


def test_one_redirect_is_followed(fault_server, transport):
    src = transport.open(fault_server.url())
    fault_server.queue("redirect")
    assert src.read_range(*READ) == expect(fault_server)
    assert [r.status for r in fault_server.requests[-2:]] == [302, 206]
    record_fault("302 redirect (one hop)", "followed, exact bytes", "exact bytes, 2 requests")


# -- permanent faults: a clear error at once --------------------------------------------------

@pytest.mark.parametrize("fault, when, error, words", [
    ("ignore_range", "open", RangeNotSupportedError, "ignores HTTP range requests"),
    ("ignore_range", "read", RangeNotSupportedError, "ignores HTTP range requests"),
    ("404", "open", TransportError, "Not found"),
    ("404", "read", TransportError, "Not found"),
    ("403", "open", TransportError, "Access denied (HTTP 403 Forbidden)"),
    ("401", "read", TransportError, "check authentication"),
    ("416", "open", TransportError, "empty"),
    ("416", "read", TransportError, "Range not satisfiable"),
    ("wrong_range", "read", TransportError, "bytes 150001-154000"),
    ("wrong_range", "open", TransportError, "misbehaving server"),
    ("no_content_range", "read", TransportError, "without a valid Content-Range"),
    ("extra_bytes", "read", TransportError, "Content-Length"),
])
def test_permanent_faults_fail_at_once(fault_server, transport, fault, when, error, words):
    if when == "open":
        fault_server.queue(fault)
        with pytest.raises(error) as info:
            transport.open(fault_server.url())
        attempts = fault_server.count
    else:
        src = transport.open(fault_server.url())
        before = fault_server.count
        fault_server.queue(fault)
        with pytest.raises(error) as info:
            src.read_range(*READ)
        attempts = fault_server.count - before
        assert src.stats.bytes == HEAD_BYTES  # nothing of the failed answer was used
    assert words in str(info.value)
    assert attempts == 1  # not retried
    record_fault(f"{fault} (at {when})", error.__name__,
                 f"{type(info.value).__name__}: {info.value}")


def test_ignored_range_never_downloads_the_body(fault_server, transport):
    fault_server.payload = bytes(20_000_000)  # 20 MB that must not travel
    fault_server.always = "ignore_range"
    with pytest.raises(RangeNotSupportedError):
        transport.open(fault_server.url())
    assert fault_server.count == 1
    # the client hung up: the server could not finish writing the 20 MB body
    assert fault_server.wait_answered()
    assert fault_server.requests[0].status == "client gone"


@pytest.mark.parametrize("fault, words", [
    ("500", "HTTP 500"), ("503", "HTTP 503"), ("reset", "connection reset by the server"),
    ("short", "of 4000 bytes"), ("stall", "no answer within 0.5 s"),
])
def test_persistent_transient_faults_give_up_after_the_budget(fault_server, transport, fault,
                                                              words):
    fault_server.stall_seconds = 1.0
    if fault == "stall":
        transport.timeout = STALL_TIMEOUT
    src = transport.open(fault_server.url())
    before = fault_server.count
    fault_server.always = fault
    with pytest.raises(TransportError) as info:
        src.read_range(*READ)
    message = str(info.value)
    assert f"after {RETRIES + 1} attempts" in message and words in message
    assert fault_server.url() in message and "bytes 150000-153999" in message
    assert fault_server.count - before == RETRIES + 1
    record_fault(f"{fault} on every attempt", f"TransportError after {RETRIES + 1} attempts",
                 message)


def test_redirect_loop_fails_cleanly(fault_server):
    with RequestsTransport(timeout=(2, 2), max_redirects=5) as t:
        fault_server.always = "redirect"
        with pytest.raises(TransportError, match="Too many redirects") as info:
            t.open(fault_server.url())
    assert fault_server.count == 6
    record_fault("redirect loop", "TransportError", str(info.value))


def test_connection_refused_gives_up(transport, fault_server):
    url = fault_server.url()
    fault_server.stop()
    with pytest.raises(TransportError, match="after 4 attempts: connection failed: connection refused") as info:
        transport.open(url)
    record_fault("nothing listening (connection refused)", "TransportError after retries",
                 str(info.value))


# -- the file changes under us ----------------------------------------------------------------

@pytest.mark.parametrize("validators, honour_if_match, same_size", [
    ("etag", True, True), ("etag", False, True), ("last-modified", False, True),
    ("none", False, False),
])
def test_changed_file_is_detected(fault_server, validators, honour_if_match, same_size):
    fault_server.send_etag = validators == "etag"
    fault_server.send_last_modified = validators == "last-modified"
    fault_server.honour_if_match = honour_if_match
    new = bytes(b ^ 0xFF for b in fault_server.payload)
    fault_server.new_payload = new if same_size else new[:-1000]
    with RequestsTransport(timeout=(2, 2), retries=RETRIES, backoff=0.01) as t:
        src = t.open(fault_server.url())
        fault_server.change_after = fault_server.count
        with pytest.raises(RemoteChangedError, match="changed while reading; reopen it") as info:
            src.read_range(*READ)
    assert fault_server.wait_answered()
    # without If-Match the 206 headers gave it away: the body was dropped, not read
    answers = (412,) if honour_if_match else (206, "client gone")
    assert fault_server.requests[-1].status in answers
    how = {"etag": "ETag", "last-modified": "Last-Modified", "none": "size only"}[validators]
    how += ", If-Match -> 412" if honour_if_match else ", compared on the 206"
    record_fault(f"file replaced between reads ({how})", "RemoteChangedError", str(info.value))


def test_identity_without_validators_is_empty_and_not_cached(fault_server, tmp_path):
    fault_server.send_etag = fault_server.send_last_modified = False
    with RequestsTransport(timeout=(2, 2), cache_dir=tmp_path) as t:
        src = t.open(fault_server.url())
        assert src.identity == ""
        src.read_range(*READ)
        src.read_range(*READ)
    assert fault_server.count == 3  # no cache without a version to key it on


# -- credentials never leak -------------------------------------------------------------------

SECRETS = ("alice", "pa55word", "t0ken-value", "s1gnature", "AKIAEXAMPLE")


def secret_url(server):
    return server.url(userinfo="alice:pa55word",
                      query="token=t0ken-value&X-Amz-Signature=s1gnature"
                            "&X-Amz-Credential=AKIAEXAMPLE&part=1")


@pytest.mark.parametrize("fault", ["404", "403", "500", "ignore_range", "stall", "refused",
                                   "redirect", "wrong_range"])
def test_credentials_are_redacted_from_messages(fault_server, transport, fault):
    fault_server.stall_seconds = 1.0
    transport.timeout = STALL_TIMEOUT
    url = secret_url(fault_server)
    if fault == "refused":
        fault_server.stop()
    else:
        fault_server.always = fault
    with pytest.raises(TransportError) as info:
        transport.open(url)
    message = str(info.value)
    for secret in SECRETS:
        assert secret not in message
    assert info.value.__cause__ is None  # no chained exception quoting the raw URL
    assert "part=1" in message or fault in ("refused", "stall", "500", "redirect")
    record_fault(f"{fault} with user:password@ and token/signature in the URL",
                 "message without credentials", message)


# -- cancel is prompt -------------------------------------------------------------------------

def test_cancel_during_a_stalled_read_returns_at_once(fault_server):
    cancelled = threading.Event()
    feedback = Feedback(cancelled=cancelled.is_set)
    fault_server.stall_seconds = 10.0
    with RequestsTransport(timeout=(5, 20), retries=RETRIES) as t:
        src = t.open(fault_server.url())
        fault_server.always = "stall"
        timer = threading.Timer(0.3, cancelled.set)
        timer.start()
        try:
            with pytest.raises(CancelledError):
                src.read_ranges([READ, (250_000, 100)], feedback=feedback)
        finally:
            timer.cancel()
        # the stalled requests were still unanswered when the cancel returned
        stalled = fault_server.requests[1:]
        assert stalled and all(r.status is None for r in stalled)
    record_fault("user cancels while the server stalls", "CancelledError at once",
                 "CancelledError before the stalled request ended")


def test_cancel_before_reading_makes_no_request(fault_server, transport):
    src = transport.open(fault_server.url())
    before = fault_server.count
    with pytest.raises(CancelledError):
        src.read_ranges([READ], feedback=Feedback(cancelled=lambda: True))
    assert fault_server.count == before


def test_parallel_runs_with_one_failing_run(fault_server):
    """A permanent fault in one run fails the whole read; the others stop quietly."""
    with RequestsTransport(timeout=(2, 2), retries=1, backoff=0.01, max_workers=4) as t:
        src = t.open(fault_server.url())
        ranges = [(100_000 + i * 40_000, 1000) for i in range(5)]
        assert src.read_ranges(ranges) == [fault_server.payload[s:s + n] for s, n in ranges]
        fault_server.queue("503", "reset")  # transient trouble in two of the runs
        assert src.read_ranges(ranges) == [fault_server.payload[s:s + n] for s, n in ranges]
        fault_server.queue("404")
        with pytest.raises(TransportError, match="Not found"):
            src.read_ranges(ranges)
