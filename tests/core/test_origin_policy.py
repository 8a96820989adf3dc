"""The requests transport keeps credentials with their origin, refuses https->http and gives
every request a total deadline (issue 13, items 1 and 5; core/sources/request_policy.py).

Two hosts: 127.0.0.1 (A) and 127.0.0.2 (B), servers of our own (tests/origin_servers.py).
"""

import base64
import time

import pytest

from flac_raster_qgis.core.errors import TransportError
from flac_raster_qgis.core.sources.http import RequestsTransport
from tests.origin_servers import host_a, host_b, https_host_a  # noqa: F401 - fixtures
from tests.servers import record_fault

pytestmark = pytest.mark.timeout(60)

BASIC = "Basic " + base64.b64encode(b"alice:pa55word").decode()
SECRET_HEADER = {"X-Api-Key": "header-s3cret"}
READ = (150_000, 2000)


def transport(**kw):
    return RequestsTransport(timeout=(2, 5), retries=0, headers=SECRET_HEADER, **kw)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_cross_origin_redirect_is_followed_without_credentials(host_a, host_b,  # noqa: F811
                                                              status):
    host_a.redirect("/data.bin", status, host_b.url("/data.bin"))
    with transport() as t:
        src = t.open(host_a.url(userinfo="alice:pa55word"))
        assert src.read_range(*READ) == host_b.payload[READ[0]:READ[0] + READ[1]]
    (first, *_rest) = host_a.headers_for("/data.bin")
    assert first["Authorization"] == BASIC and first["X-Api-Key"] == "header-s3cret"
    seen_by_b = host_b.headers_for("/data.bin")
    assert len(seen_by_b) == 2                      # open + the read, each redirected
    for headers in seen_by_b:
        assert "Authorization" not in headers and "X-Api-Key" not in headers
        assert headers["Range"].startswith("bytes=")
    record_fault(f"{status} redirect to another host (127.0.0.1 -> 127.0.0.2), requests",
                 "followed without Authorization / caller headers",
                 "exact bytes; host B saw no credentials", server="two loopback hosts")


def test_same_origin_redirect_keeps_credentials(host_a):  # noqa: F811
    host_a.redirect("/old.bin", 302, "/data.bin")
    host_a.require_auth("/data.bin", "alice", "pa55word")
    with transport() as t:
        src = t.open(host_a.url("/old.bin", userinfo="alice:pa55word"))
        assert src.read_range(*READ) == host_a.payload[READ[0]:READ[0] + READ[1]]
    assert all(h["Authorization"] == BASIC for h in host_a.headers_for("/data.bin"))


def test_cross_origin_resource_needing_credentials_is_refused_plainly(host_a, host_b):  # noqa: F811
    host_a.redirect("/data.bin", 307, host_b.url("/data.bin"))
    host_b.require_auth("/data.bin", "alice", "pa55word")
    with transport() as t, pytest.raises(TransportError) as info:
        t.open(host_a.url(userinfo="alice:pa55word"))
    message = str(info.value)
    assert message.startswith("Access denied") and "another host" in message
    assert "pa55word" not in message and "alice" not in message
    assert all("Authorization" not in h for h in host_b.headers_for("/data.bin"))
    record_fault("redirect to another host that asks for authentication, requests",
                 "TransportError, credentials not sent", message, server="two loopback hosts")


def test_https_to_http_redirect_is_refused(https_host_a, host_b):  # noqa: F811
    server, cafile = https_host_a
    server.redirect("/data.bin", 302, host_b.url("/data.bin"))
    with RequestsTransport(timeout=(2, 5), retries=0, verify=cafile) as t:
        with pytest.raises(TransportError, match="from https to plain http") as info:
            t.open(server.url(scheme="https", userinfo="alice:pa55word"))
    assert host_b.requests == []
    record_fault("https -> http redirect, requests", "refused (TransportError)",
                 str(info.value), server="two loopback hosts")


@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "status line on"])
def test_dripping_server_meets_the_total_deadline(host_a, headers_too):  # noqa: F811
    host_a.drip("/data.bin", 4, headers_too)     # 4 bytes/s: no socket read ever times out
    started = time.monotonic()
    with RequestsTransport(timeout=(2, 2), retries=2, deadline=1.5) as t:
        with pytest.raises(TransportError, match="total deadline of 1.5 s") as info:
            t.open(host_a.url())
    assert time.monotonic() - started < 20       # bounded (a 3 KiB head would take 768 s)
    assert len(host_a.requests) == 1             # a deadline is final, not retried
    what = "status line, headers and body" if headers_too else "body"
    record_fault(f"server drips 4 bytes/s ({what}), requests",
                 "TransportError at the total deadline", str(info.value), server="own server")


def test_deadline_is_configurable_and_sensible_by_default():
    with RequestsTransport() as t:
        assert 30 <= t.deadline <= 600
    with pytest.raises(ValueError):
        RequestsTransport(deadline=0)


@pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")
def test_verify_false_is_not_overridden_by_requests_ca_bundle(https_host_a, tmp_path,
                                                              monkeypatch):  # noqa: F811
    """requests lets REQUESTS_CA_BUNDLE replace a session's verify=False (issue 13, item 14)."""
    from tests.origin_servers import self_signed
    server, cafile = https_host_a
    (tmp_path / "other").mkdir()
    other_ca, _key = self_signed(tmp_path / "other", host="127.0.0.9")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(other_ca))   # trusts a different CA only
    monkeypatch.setenv("CURL_CA_BUNDLE", str(other_ca))
    url = server.url(scheme="https")
    with RequestsTransport(timeout=(2, 5), retries=0, verify=False) as t:
        assert t.open(url).read_range(*READ) == server.payload[READ[0]:READ[0] + READ[1]]
    with RequestsTransport(timeout=(2, 5), retries=0, verify=cafile) as t:  # a path: exactly it
        assert t.open(url).size == len(server.payload)
    with RequestsTransport(timeout=(2, 5), retries=0) as t, \
            pytest.raises(TransportError, match="TLS/SSL"):                # True: still checked
        t.open(url)
    record_fault("verify=False with REQUESTS_CA_BUNDLE set", "verify=False holds",
                 "exact bytes; verify=<path> uses that path; verify=True still checks",
                 server="own https server")


def test_forbidden_names_file_permissions_unauthorized_does_not(fault_server):
    """nginx/Apache/lighttpd answer 403 for a file they may not read (issue 13, item 7)."""
    with RequestsTransport(timeout=(2, 2), retries=0) as t:
        fault_server.queue("403")
        with pytest.raises(TransportError) as forbidden:
            t.open(fault_server.url())
        fault_server.queue("401")
        with pytest.raises(TransportError) as unauthorized:
            t.open(fault_server.url())
    assert str(forbidden.value).startswith("Access denied (HTTP 403")
    assert "permissions on the server" in str(forbidden.value)
    assert "authentication" in str(forbidden.value)
    assert "permissions" not in str(unauthorized.value)
    record_fault("403 Forbidden (message)", "names authentication and file permissions",
                 str(forbidden.value))
