"""HTTP range reads through QGIS's own network stack, so proxy, SSL and authcfg settings apply.

:class:`QgisTransport` is a transport for core's
:class:`~flac_raster_qgis.core.sources.http.HttpSource`, which holds the whole protocol — the
speculative 3 KiB first read, coalescing, 206 + Content-Range checks, ETag / Last-Modified
change detection, retries, redirects (credentials only to their origin, no https->http), the
total deadline, the range cache and the plain-language errors. This module only makes each GET
(core's ``Exchange``) with QgsNetworkAccessManager and hands back core's ``Reply``.

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
  answers 200 with the whole file) on the first progress signal and raises core's
  ``BodyOverflow``, so a multi-gigabyte file is never fetched silently;
* turns a core cancel request (polled every 50 ms) into an abort of the network request;
* aborts the request when its total deadline passes (a server dripping bytes).

Runs are fetched one after the other in the calling thread (``parallel_fetches`` off: a
Python thread pool's threads have no Qt event loop).
"""

import base64
import itertools

from qgis.core import (QgsApplication, QgsBlockingNetworkRequest, QgsFeedback,
                       QgsNetworkAccessManager, QgsNetworkReplyContent)
from qgis.PyQt.QtCore import QCoreApplication, QEventLoop, QThread, QTimer, QUrl
from qgis.PyQt.QtNetwork import QNetworkReply, QNetworkRequest

from .core.errors import DeadlineError, TransportError
from .core.sources.http import (HEAD_BYTES, BodyOverflow, Headers, HttpSource, Reply,
                        TransportSettings, TransientHttpError, timeout_error)
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
    """Opens core HttpSource objects whose GETs go through QGIS's network access manager;
    the same knobs as core's RequestsTransport.

    ``authcfg`` is a QGIS authentication configuration id (QgsAuthConfigSelect); it and
    ``headers`` go to the origin of the URL opened only (core/sources/request_policy.py);
    ``timeout_ms`` applies to each request's transfer (no byte for that long = a retryable timeout);
    ``deadline`` (seconds) bounds each request in total; ``cache_dir`` enables core's on-disk
    range cache (the page points it at its temp folder).

    One exchange is one GET without following redirects (core's HttpSource.attempt follows
    them, hop by hop, so credentials and authcfg headers reach only their origin), waited for
    in a local event loop of the calling thread.
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
        return HttpSource(self, url, feedback=feedback)

    def close(self):
        pass

    def exchange(self, exchange):
        """One GET of ``exchange.url`` -> core's Reply (its body already read: QGIS hands
        over a finished reply, and stops one that outgrows the range as it arrives)."""
        # The authentication configuration goes with the origin's requests only.
        authcfg = self.authcfg if exchange.trusted else None
        request = self._request(exchange)
        if QThread.currentThread() is QCoreApplication.instance().thread():
            return self._exchange_in_main_thread(request, authcfg, exchange)
        return self._exchange_in_worker(request, authcfg, exchange)

    def _request(self, exchange):
        request = QNetworkRequest(QUrl(exchange.url))   # core strips user:password@
        if exchange.trusted:
            for key, value in self.headers.items():
                request.setRawHeader(key.encode("latin-1"), str(value).encode("latin-1"))
            if exchange.credentials and not self.authcfg:
                user, password = exchange.credentials
                token = base64.b64encode(f"{user}:{password}".encode("utf-8"))
                request.setRawHeader(b"Authorization", b"Basic " + token)
        for key, value in exchange.headers.items():
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
        request.setTransferTimeout(self.timeout_ms)
        return request

    def _auth_failed(self, name):
        return TransportError(f"The authentication configuration {self.authcfg!r} could "
                              f"not be applied to {name} (is it valid, and the master "
                              "password set?)")

    # -- worker threads (QgsTask, renderer threads): QgsBlockingNetworkRequest ---------------

    def _exchange_in_worker(self, request, authcfg, exchange):
        """QgsBlockingNetworkRequest, whose redirect-following is cut short: it would send a
        fresh request to any host the server names, with the authcfg re-applied. This
        thread's network manager reports each finished reply first, so a redirect answer is
        captured there and the blocking request cancelled before it follows."""
        tag = next(_EXCHANGE_IDS)
        request.setAttribute(_EXCHANGE, tag)
        qfeedback = QgsFeedback()
        state = {"overflow": False, "received": 0, "total": -1, "why": None, "redirect": None}

        def on_finished(content):
            if content.request().attribute(_EXCHANGE) != tag:
                return
            status = content.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
            if status is not None and int(status) in REDIRECT_STATUSES:
                state["redirect"] = _reply(int(status), content)
                qfeedback.cancel()

        on_progress, poll = _watchers(state, exchange, lambda: qfeedback.cancel())

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
        exchange.check_cancel()   # a user cancel wins over whatever the reply says
        if state["redirect"] is not None:
            return state["redirect"]
        _check_stopped(state)
        reply = blocking.reply()
        if reply.attribute(QNetworkRequest.Attribute.SourceIsFromCacheAttribute):
            raise TransientHttpError("the answer came from a cache (refused)")
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        if status is not None and reply.request().attribute(_EXCHANGE) != tag:
            # The answer to another request: QGIS followed a redirect by itself (the capture
            # above missed it, e.g. a QGIS version ordering its signals differently).
            raise TransportError(f"A redirect for {exchange.name} could not be checked before "
                                 "QGIS followed it; refused")
        if status is None:
            raise _network_failure(reply.error(), reply.errorString() or blocking.errorMessage(),
                                   exchange.name, self,
                                   error == QgsBlockingNetworkRequest.ErrorCode.TimeoutError)
        # A connection lost mid-body leaves a short body: core's checks retry it.
        return _reply(int(status), reply, bytes(reply.content()))

    # -- the main thread (qgis_process, the Python console): a reply of our own --------------

    def _exchange_in_main_thread(self, request, authcfg, exchange):
        """QgsBlockingNetworkRequest would run the request in a thread of its own, out of
        reach of the redirect capture above; the main thread's manager is used directly."""
        auth = QgsApplication.authManager()
        if authcfg:
            ok, request = auth.updateNetworkRequest(request, authcfg)
            if not ok:
                raise self._auth_failed(exchange.name)
        reply = QgsNetworkAccessManager.instance().get(request)
        state = {"reply": reply, "overflow": False, "received": 0, "total": -1, "why": None}
        try:
            if authcfg and not auth.updateNetworkReply(reply, authcfg):
                raise self._auth_failed(exchange.name)
            _wait(state, exchange)
            exchange.check_cancel()   # a user cancel wins over whatever the reply says
            _check_stopped(state)
            status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
            if status is None:
                raise _network_failure(reply.error(), reply.errorString(), exchange.name, self)
            return _reply(int(status), reply, bytes(reply.readAll()))
        finally:
            state["reply"] = None
            reply.deleteLater()


def _check_stopped(state):
    """Raise what a reply stopped by us means (nothing when it was not stopped)."""
    if state["why"] == "deadline":   # core's attempt() words the deadline error
        raise TransientHttpError("the total deadline passed", final=DeadlineError)
    if state["overflow"]:   # core's HttpSource decides what the overflow means
        raise BodyOverflow(state["received"], state["total"])


def _reply(status, reply, body=b""):
    """Core's Reply from a QNetworkReply or QgsNetworkReplyContent."""
    reason = str(reply.attribute(QNetworkRequest.Attribute.HttpReasonPhraseAttribute) or "")
    pairs = [(bytes(k).decode("latin-1"), bytes(reply.rawHeader(k)).decode("latin-1"))
             for k in reply.rawHeaderList()]
    return Reply(status, reason, Headers(pairs), (body,) if body else ())


def _watchers(state, exchange, stop):
    """(on_progress, poll) slots that call ``stop()`` on overflow (a 200 with the whole file,
    or a broken 206), on a cancel and once the deadline passed, noting why in ``state``."""

    def on_progress(received, total):
        state["received"] = max(state["received"], int(received))
        if received > exchange.length or total > exchange.length:
            state["overflow"] = True
            state["total"] = int(total)
            stop()

    def poll():
        if exchange.cancelled():
            state["why"] = "cancel"
            stop()
        elif exchange.deadline.expired():
            state["why"] = "deadline"
            stop()

    return on_progress, poll


def _wait(state, exchange):
    """Run a local event loop until ``state["reply"]`` finishes, aborting it when
    :func:`_watchers` says so (polled every 50 ms)."""
    loop = QEventLoop()

    def stop():
        if state["reply"] is not None:
            state["reply"].abort()

    on_progress, poll = _watchers(state, exchange, stop)
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


__all__ = ["QgisTransport"]
