"""HTTP range reads through QGIS's own network stack, so proxy, SSL and authcfg settings apply.

:class:`QgisHttpSource` *is* core's :class:`~flac_raster_qgis.core.http.HttpSource` — the
speculative 3 KiB first read, coalescing, 206 + Content-Range checks, ETag / Last-Modified
change detection, retries, the range cache and the plain-language errors are all inherited —
with one request attempt done by :class:`QgsBlockingNetworkRequest` instead of requests.

Two things only this layer can do:

* abort a response that grows beyond the requested range (a server ignoring ``Range`` answers
  200 with the whole file): the download is cancelled on the first progress signal, so a
  multi-gigabyte file is never fetched silently;
* turn a core cancel request (polled every 100 ms by a timer in the waiting thread) into a
  QgsFeedback cancel that stops the network reply at once.

It must run in a QThread (a QgsTask's worker thread): QGIS's network manager and the transfer
timeout rely on Qt timers and the thread's event loop. Runs are fetched one after the other in
that thread (no Python thread pool: its threads are not QThreads).
"""

import base64

from qgis.core import QgsBlockingNetworkRequest, QgsFeedback, QgsNetworkAccessManager
from qgis.PyQt.QtCore import QTimer, QUrl
from qgis.PyQt.QtNetwork import QNetworkReply, QNetworkRequest

from .core.errors import TransportError
from .core.http import HEAD_BYTES, HttpSource, TransportSettings, TransientHttpError
from .core.version import __version__

USER_AGENT_SUFFIX = f"flac_raster_qgis/{__version__}"
_SSL_ERRORS = {QNetworkReply.NetworkError.SslHandshakeFailedError}
_PROXY_ERRORS = {
    QNetworkReply.NetworkError.ProxyConnectionRefusedError,
    QNetworkReply.NetworkError.ProxyConnectionClosedError,
    QNetworkReply.NetworkError.ProxyNotFoundError,
    QNetworkReply.NetworkError.ProxyTimeoutError,
    QNetworkReply.NetworkError.ProxyAuthenticationRequiredError,
}


class QgisTransport(TransportSettings):
    """Opens :class:`QgisHttpSource` objects; the same knobs as core's RequestsTransport.

    ``authcfg`` is a QGIS authentication configuration id (QgsAuthConfigSelect); ``timeout_ms``
    applies to each request's transfer (no byte for that long = a retryable timeout);
    ``cache_dir`` enables core's on-disk range cache (the page points it at its temp folder).
    """

    def __init__(self, authcfg=None, timeout_ms=30000, retries=2, backoff=0.2, gap=16384,
                 cache_dir=None, cache_max_bytes=256 * 1024 * 1024, head_bytes=HEAD_BYTES,
                 max_run_bytes=8 * 1024 * 1024, max_redirects=5, if_match=True):
        self.authcfg = authcfg or None
        self.timeout_ms = int(timeout_ms)
        seconds = self.timeout_ms / 1000.0
        self.configure((seconds, seconds), retries, backoff, gap, head_bytes, max_run_bytes,
                       max_redirects, if_match, cache_dir, cache_max_bytes)

    def open(self, url, feedback=None):
        return QgisHttpSource(self, url, feedback=feedback)

    def close(self):
        pass


class _Headers(dict):
    """Response headers with case-insensitive ``get`` (what core's checks call)."""

    def __init__(self, pairs):
        super().__init__((k.lower(), v) for k, v in pairs)

    def get(self, key, default=None):
        return super().get(key.lower(), default)


class _Response:
    """The few attributes of a requests.Response that core's response checks read."""

    history = ()

    def __init__(self, status, reason, headers, body):
        self.status_code = status
        self.reason = reason
        self.headers = headers
        self._body = body

    def iter_content(self, chunk_size=65536):
        if self._body:
            yield self._body

    def close(self):
        self._body = b""


class QgisHttpSource(HttpSource):
    """core.http.HttpSource with each attempt made by QgsBlockingNetworkRequest.

    QgsBlockingNetworkRequest runs its own event loop in the calling thread, so the runs of a
    read are fetched one after the other (``parallel_fetches`` off).
    """

    parallel_fetches = False

    def _request(self, start, end, opening):
        t = self._t
        url = QUrl(self.url)
        user = url.userName(QUrl.ComponentFormattingOption.FullyDecoded)
        password = url.password(QUrl.ComponentFormattingOption.FullyDecoded)
        url.setUserInfo("")  # QGIS logs failing URLs in full: keep credentials out of them
        request = QNetworkRequest(url)
        if (user or password) and not t.authcfg:
            token = base64.b64encode(f"{user}:{password}".encode("utf-8"))
            request.setRawHeader(b"Authorization", b"Basic " + token)
        request.setRawHeader(b"Range", f"bytes={start}-{end}".encode("ascii"))
        # Ranges are offsets into the stored bytes: a compressed answer would shift them.
        request.setRawHeader(b"Accept-Encoding", b"identity")
        if not opening and t.if_match and self.etag and not self.etag.startswith("W/"):
            request.setRawHeader(b"If-Match", self.etag.encode("latin-1"))
        request.setAttribute(_MARKER, True)  # lets our preprocessor add the plugin's name
        request.setAttribute(QNetworkRequest.Attribute.RedirectPolicyAttribute,
                             QNetworkRequest.RedirectPolicy.NoLessSafeRedirectPolicy)
        request.setMaximumRedirectsAllowed(t.max_redirects)
        # Never through QGIS's shared HTTP cache: it keys by URL, not by range, and
        # QgsBlockingNetworkRequest falls back to it when the server answers an error.
        request.setAttribute(QNetworkRequest.Attribute.CacheLoadControlAttribute,
                             QNetworkRequest.CacheLoadControl.AlwaysNetwork)
        request.setAttribute(QNetworkRequest.Attribute.CacheSaveControlAttribute, False)
        request.setTransferTimeout(t.timeout_ms)
        return request

    def attempt(self, start, length, feedback, abort, opening):
        t = self._t
        end = start + length - 1
        request = self._request(start, end, opening)
        qfeedback = QgsFeedback()
        state = {"overflow": False, "received": 0, "total": -1}

        def on_progress(received, total):
            state["received"] = max(state["received"], int(received))
            if received > length or total > length:
                state["overflow"] = True  # a 200 with the whole file, or a broken 206
                state["total"] = int(total)
                qfeedback.cancel()

        def poll_cancel():
            if (abort is not None and abort.is_set()) or (
                    feedback is not None and feedback.is_cancelled()):
                qfeedback.cancel()

        blocking = QgsBlockingNetworkRequest()
        if t.authcfg:
            blocking.setAuthCfg(t.authcfg)
        blocking.downloadProgress.connect(on_progress)
        timer = QTimer()
        timer.setInterval(100)
        timer.timeout.connect(poll_cancel)
        timer.start()
        try:
            error = blocking.get(request, True, qfeedback)
        finally:
            timer.stop()
        self.stats.add(1, 0)
        self._check(feedback, abort)  # a user cancel wins over whatever the reply says
        if state["overflow"]:
            self.stats.add(0, state["received"])
            if opening or state["total"] in (-1, self.size):
                # The whole file is coming: core's plain "ignores range requests" error.
                whole = _Response(200, "OK", _Headers([]), b"")
                return self._check_response(whole, start, end, feedback, abort, opening)
            raise TransportError(f"The server sent more bytes than asked for ({self.name}); "
                                 "a misbehaving server or proxy")
        reply = blocking.reply()
        if reply.attribute(QNetworkRequest.Attribute.SourceIsFromCacheAttribute):
            raise TransientHttpError("the server answered with an error (a cached copy was refused)")
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        if status is None:
            raise _network_failure(reply.error(), reply.errorString() or blocking.errorMessage(),
                                   self.name, error, t)
        reason = reply.attribute(QNetworkRequest.Attribute.HttpReasonPhraseAttribute) or ""
        headers = _Headers((bytes(k).decode("latin-1"), bytes(reply.rawHeader(k)).decode("latin-1"))
                           for k in reply.rawHeaderList())
        body = bytes(reply.content())
        # A connection lost mid-body leaves a short body: core's checks retry it.
        return self._check_response(_Response(int(status), str(reason), headers, body),
                                    start, end, feedback, abort, opening)


def _network_failure(qerror, message, name, error, transport):
    """Map a reply without an HTTP status to core's retryable or final errors."""
    text = (message or "").replace(name, "").strip(" -:") or "network error"
    if qerror == QNetworkReply.NetworkError.OperationCanceledError or (
            error == QgsBlockingNetworkRequest.ErrorCode.TimeoutError):
        return TransientHttpError(f"no answer within {transport.timeout_ms / 1000:g} s")
    if qerror in _SSL_ERRORS:
        return TransportError(f"Secure connection to {name} failed (TLS/SSL): {text}")
    if qerror in _PROXY_ERRORS:
        return TransportError(f"The proxy refused or failed the request for {name}: {text} "
                              "(check Settings > Options > Network)")
    if qerror == QNetworkReply.NetworkError.TooManyRedirectsError:
        return TransportError(f"Too many redirects (more than {transport.max_redirects}) for "
                              f"{name}: the server sends requests in a loop")
    if qerror in (QNetworkReply.NetworkError.HostNotFoundError,
                  QNetworkReply.NetworkError.ProtocolUnknownError,
                  QNetworkReply.NetworkError.ProtocolInvalidOperationError):
        return TransportError(f"Cannot reach {name}: {text}")
    return TransientHttpError(f"connection failed ({text})")


_MARKER = QNetworkRequest.Attribute(int(QNetworkRequest.Attribute.User) + 0x464C)
_preprocessor_id = None


def _tag_user_agent(request):
    """QGIS 3.22 overwrites every User-Agent with its own; append ours to our requests only."""
    if request.attribute(_MARKER):
        agent = bytes(request.rawHeader(b"User-Agent")).decode("latin-1")
        if USER_AGENT_SUFFIX not in agent:
            request.setRawHeader(b"User-Agent",
                                 f"{agent} {USER_AGENT_SUFFIX}".strip().encode("latin-1"))


def install_user_agent():
    """Register the preprocessor (plugin start); harmless to call twice."""
    global _preprocessor_id
    if _preprocessor_id is None:
        _preprocessor_id = QgsNetworkAccessManager.setRequestPreprocessor(_tag_user_agent)


def remove_user_agent():
    global _preprocessor_id
    if _preprocessor_id is not None:
        QgsNetworkAccessManager.removeRequestPreprocessor(_preprocessor_id)
        _preprocessor_id = None


__all__ = ["QgisTransport", "QgisHttpSource"]
