"""HTTP range reads through QGIS's own network stack, so proxy, SSL and authcfg settings apply.

:class:`QgisHttpSource` *is* core's :class:`~flac_raster_qgis.core.sources.http.HttpSource` — the
speculative 3 KiB first read, coalescing, 206 + Content-Range checks, ETag / Last-Modified
change detection, retries, redirects (credentials only to their origin, no https->http), the
total deadline, the range cache and the plain-language errors are all inherited — with each
HTTP exchange made by QgsNetworkAccessManager instead of requests.

Redirects: Qt's own redirect policies and QgsBlockingNetworkRequest both follow a redirect by
sending a request to whatever host it names with the credentials re-applied (Qt copies every
header, Authorization included; QGIS re-applies the authcfg). So each exchange is one GET with
``ManualRedirectPolicy`` and core's attempt() decides about each hop. In worker threads (a
QgsTask, renderer threads) the exchange is a QgsBlockingNetworkRequest whose redirect answer
is captured from the thread's network manager (its ``finished`` signal comes first) and the
request cancelled before QGIS follows it; in the main thread (qgis_process, the console),
where QgsBlockingNetworkRequest would move the request to a thread of its own, a reply of our
own is waited for in a local event loop. Either way this layer also:

* aborts a response that grows beyond the requested range (a server ignoring ``Range``
  answers 200 with the whole file) on the first progress signal, so a multi-gigabyte file is
  never fetched silently;
* turns a core cancel request (polled every 50 ms) into an abort of the network request;
* aborts the request when its total deadline passes (a server dripping bytes).

Runs are fetched one after the other in the calling thread (no Python thread pool: its
threads have no Qt event loop).
"""

import base64
import itertools

from qgis.core import (QgsApplication, QgsBlockingNetworkRequest, QgsFeedback,
                       QgsNetworkAccessManager, QgsNetworkReplyContent)
from qgis.PyQt.QtCore import QCoreApplication, QEventLoop, QThread, QTimer, QUrl
from qgis.PyQt.QtNetwork import QNetworkReply, QNetworkRequest

from .core.errors import DeadlineError, TransportError
from .core.sources.http import HEAD_BYTES, HttpSource, TransportSettings, TransientHttpError, timeout_error
from .core.sources.request_policy import DEFAULT_DEADLINE, REDIRECT_STATUSES
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

    ``authcfg`` is a QGIS authentication configuration id (QgsAuthConfigSelect); it and
    ``headers`` go to the origin of the URL opened only (core/sources/request_policy.py); ``timeout_ms``
    applies to each request's transfer (no byte for that long = a retryable timeout);
    ``deadline`` (seconds) bounds each request in total; ``cache_dir`` enables core's on-disk
    range cache (the page points it at its temp folder).
    """

    def __init__(self, authcfg=None, timeout_ms=30000, retries=2, backoff=0.2, gap=16384,
                 cache_dir=None, cache_max_bytes=256 * 1024 * 1024, head_bytes=HEAD_BYTES,
                 max_run_bytes=8 * 1024 * 1024, max_redirects=5, if_match=True,
                 deadline=DEFAULT_DEADLINE, headers=None):
        self.authcfg = authcfg or None
        self.timeout_ms = int(timeout_ms)
        seconds = self.timeout_ms / 1000.0
        self.configure((seconds, seconds), retries, backoff, gap, head_bytes, max_run_bytes,
                       max_redirects, if_match, cache_dir, cache_max_bytes, deadline, headers)

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
    """core.sources.http.HttpSource with each HTTP exchange made by QGIS's network access manager.

    One exchange is one GET without following redirects (core's :meth:`HttpSource.attempt`
    follows them, hop by hop, so credentials and authcfg headers reach only their origin),
    waited for in a local event loop of the calling thread; the runs of a read are therefore
    fetched one after the other (``parallel_fetches`` off).
    """

    parallel_fetches = False

    def _request(self, url, headers, trusted):
        t = self._t
        request = QNetworkRequest(QUrl(url))   # core strips user:password@ from every hop
        if trusted:
            for key, value in t.headers.items():
                request.setRawHeader(key.encode("latin-1"), str(value).encode("latin-1"))
            if self.credentials and not t.authcfg:
                user, password = self.credentials
                token = base64.b64encode(f"{user}:{password}".encode("utf-8"))
                request.setRawHeader(b"Authorization", b"Basic " + token)
        for key, value in headers.items():
            request.setRawHeader(key.encode("latin-1"), value.encode("latin-1"))
        # Ranges are offsets into the stored bytes: a compressed answer would shift them.
        request.setRawHeader(b"Accept-Encoding", b"identity")
        request.setAttribute(_MARKER, True)  # lets our preprocessor add the plugin's name
        # Qt would follow a redirect itself, copying every header (Authorization included) to
        # whatever host it points at: core follows them instead, one checked hop at a time.
        request.setAttribute(QNetworkRequest.Attribute.RedirectPolicyAttribute,
                             QNetworkRequest.RedirectPolicy.ManualRedirectPolicy)
        # Never through QGIS's shared HTTP cache: it keys by URL, not by range.
        request.setAttribute(QNetworkRequest.Attribute.CacheLoadControlAttribute,
                             QNetworkRequest.CacheLoadControl.AlwaysNetwork)
        request.setAttribute(QNetworkRequest.Attribute.CacheSaveControlAttribute, False)
        request.setTransferTimeout(t.timeout_ms)
        return request

    def _auth_failed(self):
        return TransportError(f"The authentication configuration {self._t.authcfg!r} could "
                              f"not be applied to {self.name} (is it valid, and the master "
                              "password set?)")

    def exchange(self, url, headers, trusted, length, opening, deadline, feedback, abort):
        # The authentication configuration goes with the origin's requests only.
        authcfg = self._t.authcfg if trusted else None
        request = self._request(url, headers, trusted)
        if QThread.currentThread() is QCoreApplication.instance().thread():
            return self._exchange_in_main_thread(request, authcfg, length, opening, deadline,
                                                 feedback, abort)
        return self._exchange_in_worker(request, authcfg, length, opening, deadline, feedback,
                                        abort)

    # -- worker threads (QgsTask, renderer threads): QgsBlockingNetworkRequest ---------------

    def _exchange_in_worker(self, request, authcfg, length, opening, deadline, feedback,
                            abort):
        """QgsBlockingNetworkRequest, whose redirect-following is cut short: it would send a
        fresh request to any host the server names, with the authcfg re-applied. This
        thread's network manager reports each finished reply first, so a redirect answer is
        captured there and the blocking request cancelled before it follows."""
        t = self._t
        tag = next(_EXCHANGE_IDS)
        request.setAttribute(_EXCHANGE, tag)
        qfeedback = QgsFeedback()
        state = {"overflow": False, "received": 0, "total": -1, "why": None, "redirect": None}

        def on_finished(content):
            if content.request().attribute(_EXCHANGE) != tag:
                return
            status = content.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
            if status is not None and int(status) in REDIRECT_STATUSES:
                state["redirect"] = _Response(int(status), _reason(content),
                                              _Headers(_header_pairs(content)), b"")
                qfeedback.cancel()

        on_progress, poll = _watchers(state, length, deadline, feedback, abort,
                                      lambda: qfeedback.cancel())

        # The QgsNetworkReplyContent overload: a value, not a QNetworkReply wrapper.
        finished = QgsNetworkAccessManager.instance().finished[QgsNetworkReplyContent]
        finished.connect(on_finished)
        blocking = QgsBlockingNetworkRequest()
        if authcfg:
            blocking.setAuthCfg(authcfg)
        blocking.downloadProgress.connect(on_progress)
        timer = QTimer()
        timer.setInterval(50)
        timer.timeout.connect(poll)
        timer.start()
        try:
            error = blocking.get(request, True, qfeedback)
        finally:
            timer.stop()
            finished.disconnect(on_finished)
        self._check(feedback, abort)   # a user cancel wins over whatever the reply says
        if state["redirect"] is not None:
            return state["redirect"]
        outcome = self._outcome(state, opening)
        if outcome is not None:
            return outcome
        reply = blocking.reply()
        if reply.attribute(QNetworkRequest.Attribute.SourceIsFromCacheAttribute):
            raise TransientHttpError("the answer came from a cache (refused)")
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        if status is not None and reply.request().attribute(_EXCHANGE) != tag:
            # The answer to another request: QGIS followed a redirect by itself (the capture
            # above missed it, e.g. a QGIS version ordering its signals differently).
            raise TransportError(f"A redirect for {self.name} could not be checked before QGIS "
                                 "followed it; refused")
        if status is None:
            raise _network_failure(reply.error(), reply.errorString() or blocking.errorMessage(),
                                   self.name, t,
                                   error == QgsBlockingNetworkRequest.ErrorCode.TimeoutError)
        # A connection lost mid-body leaves a short body: core's checks retry it.
        return _Response(int(status), _reason(reply), _Headers(_header_pairs(reply)),
                         bytes(reply.content()))

    def _outcome(self, state, opening):
        """What a reply stopped by us means (None when it was not stopped)."""
        if state["why"] == "deadline":   # core's attempt() words the deadline error
            raise TransientHttpError("the total deadline passed", final=DeadlineError)
        if state["overflow"]:
            self.stats.add(0, state["received"])  # (bodies read are counted by core)
            if opening or state["total"] in (-1, self.size):
                # The whole file is coming: core's plain "ignores range requests" error.
                return _Response(200, "OK", _Headers([]), b"")
            raise TransportError(f"The server sent more bytes than asked for ({self.name}); "
                                 "a misbehaving server or proxy")
        return None

    # -- the main thread (qgis_process, the Python console): a reply of our own --------------

    def _exchange_in_main_thread(self, request, authcfg, length, opening, deadline, feedback,
                                 abort):
        """QgsBlockingNetworkRequest would run the request in a thread of its own, out of
        reach of the redirect capture above; the main thread's manager is used directly."""
        t = self._t
        auth = QgsApplication.authManager()
        if authcfg:
            ok, request = auth.updateNetworkRequest(request, authcfg)
            if not ok:
                raise self._auth_failed()
        reply = QgsNetworkAccessManager.instance().get(request)
        state = {"reply": reply, "overflow": False, "received": 0, "total": -1, "why": None}
        try:
            if authcfg and not auth.updateNetworkReply(reply, authcfg):
                raise self._auth_failed()
            _wait(state, length, deadline, feedback, abort)
            self._check(feedback, abort)   # a user cancel wins over whatever the reply says
            outcome = self._outcome(state, opening)
            if outcome is not None:
                return outcome
            status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
            if status is None:
                raise _network_failure(reply.error(), reply.errorString(), self.name, t)
            return _Response(int(status), _reason(reply), _Headers(_header_pairs(reply)),
                             bytes(reply.readAll()))
        finally:
            state["reply"] = None
            reply.deleteLater()


def _watchers(state, length, deadline, feedback, abort, stop):
    """(on_progress, poll) slots that call ``stop()`` on overflow (a 200 with the whole file,
    or a broken 206), on a cancel and once the deadline passed, noting why in ``state``."""

    def on_progress(received, total):
        state["received"] = max(state["received"], int(received))
        if received > length or total > length:
            state["overflow"] = True
            state["total"] = int(total)
            stop()

    def poll():
        if (abort is not None and abort.is_set()) or (
                feedback is not None and feedback.is_cancelled()):
            state["why"] = "cancel"
            stop()
        elif deadline.expired():
            state["why"] = "deadline"
            stop()

    return on_progress, poll


def _wait(state, length, deadline, feedback, abort):
    """Run a local event loop until ``state["reply"]`` finishes, aborting it when
    :func:`_watchers` says so (polled every 50 ms)."""
    loop = QEventLoop()

    def stop():
        if state["reply"] is not None:
            state["reply"].abort()

    on_progress, poll = _watchers(state, length, deadline, feedback, abort, stop)
    reply = state["reply"]
    reply.downloadProgress.connect(on_progress)
    reply.finished.connect(loop.quit)
    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(poll)
    timer.start()
    try:
        if not reply.isFinished():
            loop.exec_()
    finally:
        timer.stop()


def _reason(reply):
    return str(reply.attribute(QNetworkRequest.Attribute.HttpReasonPhraseAttribute) or "")


def _header_pairs(reply):
    """(name, value) pairs of a QNetworkReply or QgsNetworkReplyContent."""
    return [(bytes(k).decode("latin-1"), bytes(reply.rawHeader(k)).decode("latin-1"))
            for k in reply.rawHeaderList()]


def _network_failure(qerror, message, name, transport, timed_out=False):
    """Map a reply without an HTTP status to core's retryable or final errors."""
    text = (message or "").replace(name, "").strip(" -:") or "network error"
    if timed_out or qerror in (QNetworkReply.NetworkError.OperationCanceledError,
                               QNetworkReply.NetworkError.TimeoutError):
        return timeout_error(f"no answer within {transport.timeout_ms / 1000:g} s")
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
_EXCHANGE = QNetworkRequest.Attribute(int(QNetworkRequest.Attribute.User) + 0x464D)
_EXCHANGE_IDS = itertools.count(1)
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
