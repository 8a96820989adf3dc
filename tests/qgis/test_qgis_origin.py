"""QGIS's network stack under core/sources/request_policy.py (issue 13, items 1 and 5):
user:password@, an authentication configuration (Basic, from QGIS's auth manager) and caller headers reach
only their origin, inside a QgsTask as the page runs it; a dripping server meets the deadline.

Two hosts: 127.0.0.1 (A) and 127.0.0.2 (B), servers of our own (tests/origin_servers.py).
"""

import base64
import time

import pytest
from qgis.core import QgsApplication, QgsAuthMethodConfig

from flac_raster_qgis.core.errors import TransportError
from flac_raster_qgis.qgis_network import QgisTransport
from tests.origin_servers import host_a, host_b  # noqa: F401 - fixtures
from tests.qgis.test_qgis_transport import in_task
from tests.servers import record_fault

pytestmark = pytest.mark.timeout(120)

READ = (150_000, 2000)


def basic(user, password):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.fixture
def basic_authcfg(qgis_app):
    """A real Basic configuration in QGIS's auth manager (master password set for tests)."""
    manager = QgsApplication.authManager()
    if not manager.masterPasswordIsSet():
        manager.setMasterPassword("flac-raster-tests", True)
    config = QgsAuthMethodConfig("Basic")
    config.setName("flac raster origin test")
    config.setConfig("username", "carol")
    config.setConfig("password", "cfg-s3cret")
    ok, config = manager.storeAuthenticationConfig(config)
    assert ok and config.id()
    yield config.id()
    manager.removeAuthenticationConfig(config.id())


def read_through(transport, url):
    def run():
        src = transport.open(url)
        return src.read_range(*READ)
    return in_task(run)


@pytest.mark.parametrize("status", [301, 302, 307, 308])
@pytest.mark.parametrize("how", ["userinfo", "authcfg"])
def test_cross_origin_redirect_drops_credentials(host_a, host_b,  # noqa: F811
                                                 basic_authcfg, status, how):
    host_a.redirect("/data.bin", status, host_b.url("/data.bin"))
    if how == "userinfo":
        transport = QgisTransport(retries=0, headers={"X-Api-Key": "header-s3cret"})
        url, expected = host_a.url(userinfo="alice:pa55word"), basic("alice", "pa55word")
    else:
        transport = QgisTransport(retries=0, authcfg=basic_authcfg,
                                  headers={"X-Api-Key": "header-s3cret"})
        url, expected = host_a.url(), basic("carol", "cfg-s3cret")
    assert read_through(transport, url) == host_b.payload[READ[0]:READ[0] + READ[1]]
    seen_by_a = host_a.headers_for("/data.bin")
    assert seen_by_a and all(h.get("Authorization") == expected for h in seen_by_a)
    assert all(h.get("X-Api-Key") == "header-s3cret" for h in seen_by_a)
    seen_by_b = host_b.headers_for("/data.bin")
    assert len(seen_by_b) == 2
    for headers in seen_by_b:
        assert "Authorization" not in headers and "X-Api-Key" not in headers
        assert headers["Range"].startswith("bytes=")
    record_fault(f"{status} redirect to another host (127.0.0.1 -> 127.0.0.2), QGIS, {how}",
                 "followed without Authorization / caller headers",
                 "exact bytes; host B saw no credentials", server="two loopback hosts")


def test_same_origin_redirect_keeps_the_auth_config(host_a, basic_authcfg):  # noqa: F811
    host_a.redirect("/old.bin", 302, "/data.bin")
    host_a.require_auth("/data.bin", "carol", "cfg-s3cret")
    transport = QgisTransport(retries=0, authcfg=basic_authcfg)
    assert read_through(transport, host_a.url("/old.bin")) == \
        host_a.payload[READ[0]:READ[0] + READ[1]]


def test_cross_origin_resource_needing_credentials_is_refused(host_a, host_b,  # noqa: F811
                                                              basic_authcfg):
    host_a.redirect("/data.bin", 302, host_b.url("/data.bin"))
    host_b.require_auth("/data.bin", "carol", "cfg-s3cret")
    transport = QgisTransport(retries=0, authcfg=basic_authcfg)
    with pytest.raises(TransportError) as info:
        in_task(lambda: transport.open(host_a.url()))
    message = str(info.value)
    assert message.startswith("Access denied") and "another host" in message
    assert all("Authorization" not in h for h in host_b.headers_for("/data.bin"))
    record_fault("redirect to another host that asks for authentication, QGIS authcfg",
                 "TransportError, credentials not sent", message, server="two loopback hosts")


def test_redirect_loop_is_bounded(host_a):  # noqa: F811
    host_a.redirect("/data.bin", 302, "/data.bin")
    with pytest.raises(TransportError, match="Too many redirects"):
        in_task(lambda: QgisTransport(retries=0, max_redirects=3).open(host_a.url()))
    assert len(host_a.requests) == 4


@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "status line on"])
def test_dripping_server_meets_the_total_deadline(host_a, headers_too):  # noqa: F811
    host_a.drip("/data.bin", 4, headers_too)
    started = time.monotonic()
    transport = QgisTransport(timeout_ms=2000, retries=2, deadline=1.5)
    with pytest.raises(TransportError, match="total deadline of 1.5 s") as info:
        in_task(lambda: transport.open(host_a.url()))
    assert time.monotonic() - started < 30
    assert len(host_a.requests) == 1
    what = "status line, headers and body" if headers_too else "body"
    record_fault(f"server drips 4 bytes/s ({what}), QGIS",
                 "TransportError at the total deadline", str(info.value), server="own server")


@pytest.mark.parametrize("how", ["userinfo", "authcfg"])
def test_main_thread_keeps_the_same_promises(host_a, host_b, basic_authcfg, how):  # noqa: F811
    """qgis_process runs algorithms in the main thread, where the transport uses a reply of
    its own instead of QgsBlockingNetworkRequest: same origin rules, same deadline."""
    host_a.redirect("/old.bin", 302, "/data.bin")              # same origin: credentials kept
    host_a.redirect("/data.bin", 307, host_b.url("/data.bin"))  # another origin: dropped
    if how == "userinfo":
        transport, url = QgisTransport(retries=0), host_a.url("/old.bin", userinfo="alice:pw")
        expected = basic("alice", "pw")
    else:
        transport, url = QgisTransport(retries=0, authcfg=basic_authcfg), host_a.url("/old.bin")
        expected = basic("carol", "cfg-s3cret")
    src = transport.open(url)
    assert src.read_range(*READ) == host_b.payload[READ[0]:READ[0] + READ[1]]
    assert all(h.get("Authorization") == expected for h in host_a.headers_for("/data.bin"))
    assert host_b.requests and all("Authorization" not in h for _p, h in host_b.requests)
    host_b.drip("/data.bin", 4)
    with pytest.raises(TransportError, match="total deadline of 1 s"):
        QgisTransport(retries=0, deadline=1).open(host_a.url("/old.bin"))


@pytest.fixture
def trusted_https_host_a(tmp_path, qgis_app):
    """An https OriginServer on 127.0.0.1 whose self-signed certificate QGIS's auth manager
    trusts for the test (stored as a certificate authority, removed afterwards)."""
    import ssl

    from qgis.PyQt.QtNetwork import QSslCertificate

    from tests.origin_servers import HOST_A, OriginServer, _payload, self_signed
    cert_path, key_path = self_signed(tmp_path)
    manager = QgsApplication.authManager()
    if not manager.masterPasswordIsSet():
        manager.setMasterPassword("flac-raster-tests", True)
    (cert,) = QSslCertificate.fromPath(str(cert_path))
    assert manager.storeCertAuthority(cert)
    manager.rebuildCaCertsCache()
    manager.rebuildTrustedCaCertsCache()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    server = OriginServer(HOST_A, _payload(), tls=context).start()
    yield server
    server.stop()
    manager.removeCertAuthority(cert)
    manager.rebuildCaCertsCache()
    manager.rebuildTrustedCaCertsCache()


def test_https_to_http_redirect_is_refused(trusted_https_host_a, host_b):  # noqa: F811
    server = trusted_https_host_a
    transport = QgisTransport(retries=0)
    # The certificate is trusted: a plain https read works ...
    assert read_through(transport, server.url(scheme="https")) == \
        server.payload[READ[0]:READ[0] + READ[1]]
    # ... and a redirect down to plain http is refused before anything is sent there.
    server.redirect("/data.bin", 302, host_b.url("/data.bin"))
    with pytest.raises(TransportError, match="from https to plain http") as info:
        in_task(lambda: transport.open(server.url(scheme="https", userinfo="alice:pa55word")))
    assert host_b.requests == []
    record_fault("https -> http redirect, QGIS", "refused (TransportError)", str(info.value),
                 server="two loopback hosts")
