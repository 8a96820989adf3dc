"""Servers of our own on two loopback hosts (127.0.0.1 and 127.0.0.2 are both loopback on
Linux) for the origin, redirect and deadline promises of core/sources/request_policy.py.

:class:`OriginServer` serves ``payload`` with single-range support and records every request's
headers; per path it can redirect (``redirect(path, status, location)``), demand HTTP Basic
authentication (``require_auth(path, user, password)``) or drip its answer a few bytes at a
time (``drip(path, bytes_per_second)``), so a read that does not give up stays blocked.
"""

import base64
import shutil
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler

import pytest

from tests.servers import _parse_range, _QuietServer

HOST_A = "127.0.0.1"
HOST_B = "127.0.0.2"


class OriginServer:
    def __init__(self, host, payload, tls=None):
        self.host = host
        self.tls = tls              # an ssl.SSLContext: serve https
        self.payload = payload
        self.requests = []          # (path, {header: value}) in arrival order
        self._redirects = {}
        self._auth = {}
        self._drips = {}
        self._stop = threading.Event()
        self._httpd = None

    # -- control ------------------------------------------------------------------------------

    def redirect(self, path, status, location):
        self._redirects[path] = (status, location)

    def require_auth(self, path, user, password):
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        self._auth[path] = "Basic " + token

    def drip(self, path, bytes_per_second=4, headers_too=False):
        """Answer ``path`` a few bytes a second: the body only, or from the status line on."""
        self._drips[path] = (bytes_per_second, headers_too)

    def url(self, path="/data.bin", scheme="http", userinfo=None):
        auth = f"{userinfo}@" if userinfo else ""
        return f"{scheme}://{auth}{self.host}:{self.port}{path}"

    @property
    def port(self):
        return self._httpd.server_address[1]

    def headers_for(self, path):
        return [h for p, h in self.requests if p == path]

    def start(self):
        owner = self

        class Handler(_Handler):
            server_owner = owner

        try:
            self._httpd = _QuietServer((self.host, 0), Handler)
        except OSError as exc:
            pytest.skip(f"cannot listen on {self.host}: {exc}")
        if self.tls is not None:
            self._httpd.socket = self.tls.wrap_socket(self._httpd.socket, server_side=True)
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        return self

    def stop(self):
        self._stop.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 5
    server_owner = None

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        owner = self.server_owner
        path = self.path.split("?", 1)[0]
        owner.requests.append((path, {k: v for k, v in self.headers.items()}))
        try:
            self._answer(owner, path)
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            self.close_connection = True

    def _send(self, status, headers, body, hold=False):
        """Send the head (or, with ``hold``, return it with the body unsent) and the body."""
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        if hold:
            self._headers_buffer.append(b"\r\n")
            head = b"".join(self._headers_buffer)
            self._headers_buffer = []
            return head + body
        self.end_headers()
        return body

    def _answer(self, owner, path):
        if path in owner._redirects:
            status, location = owner._redirects[path]
            self.wfile.write(self._send(status, {"Location": location}, b""))
            return
        expected = owner._auth.get(path)
        if expected and self.headers.get("Authorization") != expected:
            self.wfile.write(self._send(401, {"WWW-Authenticate": 'Basic realm="test"',
                                              "Content-Type": "text/plain"}, b"denied\n"))
            return
        size = len(owner.payload)
        rng = _parse_range(self.headers.get("Range", ""), size)
        if rng in (None, "unsatisfiable"):
            self.wfile.write(self._send(416, {"Content-Range": f"bytes */{size}"}, b""))
            return
        first, last = rng
        rate, headers_too = owner._drips.get(path, (None, False))
        body = self._send(206, {"Content-Range": f"bytes {first}-{last}/{size}",
                                "ETag": '"origin-v1"', "Accept-Ranges": "bytes"},
                          owner.payload[first:last + 1], hold=headers_too)
        if rate is None:
            self.wfile.write(body)
            return
        for i in range(0, len(body), rate):   # a few bytes a second: no read ever times out
            if owner._stop.wait(1.0):
                break
            self.wfile.write(body[i:i + rate])
            self.wfile.flush()
        self.close_connection = True


def _payload():
    return bytes((i * 31 + (i >> 9)) & 0xFF for i in range(200_000))


@pytest.fixture
def host_a():
    server = OriginServer(HOST_A, _payload()).start()
    yield server
    server.stop()


@pytest.fixture
def host_b():
    server = OriginServer(HOST_B, _payload()).start()
    yield server
    server.stop()


def self_signed(folder, host=HOST_A):
    """(certfile, keyfile) of a throw-away certificate for ``host`` (the openssl tool)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    cert, key = folder / f"{host}.pem", folder / f"{host}.key"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", f"/CN={host}", "-addext", f"subjectAltName=IP:{host}",
                    "-keyout", str(key), "-out", str(cert)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return cert, key


@pytest.fixture
def https_host_a(tmp_path):
    """(server, certfile): an https OriginServer on 127.0.0.1 with a self-signed certificate."""
    cert, key = self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = OriginServer(HOST_A, _payload(), tls=context).start()
    yield server, str(cert)
    server.stop()


def wait_until(predicate, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()
