"""HTTP byte source over :mod:`requests`: range reads only, never a whole-file download.

Why each piece exists:

* One speculative ``GET Range: bytes=0-4095`` on open learns the size (Content-Range), the
  version (ETag / Last-Modified) and, usually, the whole header + index in one round trip.
* Ranges are sorted and coalesced into runs (neighbours closer than ``gap`` bytes share a
  request), and runs are fetched in parallel on a bounded pool over one keep-alive session.
* Every response is checked: status 206, Content-Range equal to the request and the known size,
  body length, and the version recorded at open - so bytes of two versions are never mixed.
* Transient failures (5xx, resets, timeouts, short bodies) are retried with exponential backoff
  within a small budget; everything else fails at once with a message a GIS user understands.
* URLs in messages and logs go through core/sources/redaction.py: no passwords, tokens or
  signatures.
* Redirects are followed one hop at a time by :meth:`HttpSource.attempt` under the rules of
  core/sources/request_policy.py (credentials and caller headers only to their origin, no
  https->http, bounded hops), and each request has a total deadline besides the per-read timeouts.

The protocol (all of the above) lives once, in :class:`HttpSource`. A *transport* only makes
one GET: it receives an :class:`Exchange` (what to ask, and whether credentials may go) and
returns a :class:`Reply` (status, reason, headers, a lazily read body), so requests
(:class:`RequestsTransport`, here) and QGIS's network stack (qgis_network.py) share every
check. A transport never interprets an answer: a stack that must stop a growing answer before
its status is known (QGIS) raises :class:`BodyOverflow`, and the protocol decides what it
means.
"""

import logging
import re
import threading
import time
import zlib
from dataclasses import dataclass, field
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from urllib.parse import urlsplit

from ..errors import (AccessDeniedError, ForbiddenError, MissingDependencyError, NoAnswerError,
                     NotFoundError, RangeNotSupportedError, RemoteChangedError, TransportError)
from .redaction import install_log_redaction, redact_url, scrub
from .request_policy import (DEFAULT_DEADLINE, REDIRECT_STATUSES, Deadline, check_deadline,
                            credentials_refused, next_hop, origin, userinfo, without_userinfo)
from .socket_watch import SocketWatch, deadline_adapter
from .byte_source import ByteSource
from .disk_cache import TileCache, cache_key
from ..version import __version__

_log = logging.getLogger(__name__)

HEAD_BYTES = 3072  # the speculative first request (container.FIRST_READ)
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
GAP = 16384              # bytes: ranges closer than this share one request
MAX_RUN_BYTES = 8 * 1024 * 1024   # one merged request at most (big reads stay parallel)
MAX_RETRY_AFTER = 5.0  # seconds: honour Retry-After, but never let a server park us for long

install_log_redaction()


def coalesce(ranges, gap=GAP, max_run=None):
    """Sorted runs ``[(start, length)]`` covering ``ranges``; neighbours ≤ ``gap`` apart merge.

    ``max_run`` bounds a merged run (a single larger range still gets its own run) so that big
    reads stay parallel and a retry never repeats much.
    """
    runs = []
    for start, end in sorted((s, s + n) for s, n in ranges if n > 0):
        if runs and start <= runs[-1][1] + gap and (
                max_run is None or max(end, runs[-1][1]) - runs[-1][0] <= max_run):
            runs[-1][1] = max(runs[-1][1], end)
        else:
            runs.append([start, end])
    return [(s, e - s) for s, e in runs]


class TransientHttpError(Exception):
    """One attempt failed in a way worth retrying (raised by :meth:`HttpSource.attempt`);
    the text says what happened. ``final`` is the TransportError class raised once every
    retry is spent, so callers branch on the kind of failure, never on its wording."""

    def __init__(self, message, retry_after=None, final=TransportError):
        super().__init__(message)
        self.retry_after = retry_after
        self.final = final


def timeout_error(message):
    """A retryable timeout (connect or read): NoAnswerError once the retries are spent."""
    return TransientHttpError(message, final=NoAnswerError)


class _Aborted(Exception):
    """A sibling run failed or the caller was cancelled: stop quietly."""


class ConnectionLost(Exception):
    """Raised by a :attr:`Reply.body` whose connection broke mid-answer; the text is a short
    human reason (no URL). The protocol says how many bytes had arrived and retries."""


class BodyOverflow(Exception):
    """A transport stopped an answer that grew beyond the bytes asked for before its status
    could be checked (QGIS reports progress before the answer is complete): nothing more is
    downloaded. ``received``: bytes that had arrived; ``total``: the answer's announced
    length, or -1. :meth:`HttpSource.attempt` decides what it means (usually a server that
    ignores Range and sends the whole file)."""

    def __init__(self, received, total):
        super().__init__(f"answer longer than asked for ({received} bytes, total {total})")
        self.received = int(received)
        self.total = int(total)


class Headers(dict):
    """Response headers with a case-insensitive ``get`` (names kept lower-case)."""

    def __init__(self, pairs=()):
        super().__init__((str(k).lower(), v) for k, v in
                         (pairs.items() if hasattr(pairs, "items") else pairs))

    def get(self, key, default=None):
        return super().get(key.lower(), default)


@dataclass(frozen=True)
class Exchange:
    """One GET the protocol asks a transport to make (no redirect followed).

    ``url`` carries no ``user:password@``; ``headers`` (Range, If-Match) go with every hop;
    ``trusted`` means ``url`` has the origin of the URL opened, so ``credentials`` and the
    transport's caller headers / authentication configuration may go with it (and only
    then). ``length`` is the number of bytes asked for: a transport that cannot read the body
    lazily stops an answer that grows beyond it (:class:`BodyOverflow`). The answer must stop
    once ``deadline`` passes, and promptly on a cancel (:meth:`check_cancel`)."""

    url: str
    headers: dict
    trusted: bool
    credentials: object      # (user, password) or None; None when not trusted
    name: str                # the redacted URL opened, for messages
    length: int
    deadline: Deadline
    feedback: object = None
    abort: object = None     # a threading.Event set when a sibling run failed

    def cancelled(self):
        """Whether the caller cancelled or a sibling run failed (polled by transports)."""
        return bool((self.abort is not None and self.abort.is_set()) or (
            self.feedback is not None and self.feedback.is_cancelled()))

    def check_cancel(self):
        """Raise if cancelled: a user cancel wins over whatever an answer says."""
        HttpSource._check(self.feedback, self.abort)


@dataclass(frozen=True)
class Reply:
    """One HTTP answer as every transport returns it: ``status``, ``reason``, ``headers``
    (:class:`Headers`) and ``body``, an iterable of byte chunks read lazily, so the protocol
    can refuse an answer (a 200 for the whole file) without downloading it and stop at the
    first byte beyond the range. Iterating may raise :class:`ConnectionLost`; a body cut
    short simply ends (the protocol sees a short body). :meth:`close` releases the
    connection, dropping what was not read."""

    status: int
    reason: str = ""
    headers: Headers = field(default_factory=Headers)
    body: object = ()
    release: object = None   # callable run by close(), or None

    def close(self):
        if self.release is not None:
            self.release()


class TransportSettings:
    """The knobs every range transport shares (requests here, QGIS's network stack in
    qgis_network.py), read by :class:`HttpSource`. A transport adds ``open(url, feedback)``
    (an :class:`HttpSource` over itself) and ``exchange(Exchange) -> Reply``."""

    parallel_fetches = False  # True: runs are fetched concurrently on ``executor()``

    def configure(self, timeout, retries, backoff, gap, head_bytes, max_run_bytes,
                  max_redirects, if_match, cache_dir, cache_max_bytes,
                  deadline=DEFAULT_DEADLINE, headers=None):
        """``deadline``: seconds one request (its redirects and body included) may take in
        total; ``headers``: extra request headers, sent to the origin of the URL opened only
        (like its credentials, see core/sources/request_policy.py)."""
        self.timeout = (float(timeout[0]), float(timeout[1]))
        self.retries = max(0, int(retries))
        self.backoff = max(0.0, float(backoff))
        self.gap = max(0, int(gap))
        self.head_bytes = max(1, int(head_bytes))
        self.max_run_bytes = max_run_bytes
        self.max_redirects = int(max_redirects)
        self.if_match = if_match
        self.cache = TileCache(cache_dir, cache_max_bytes) if cache_dir else None
        self.deadline = check_deadline(deadline)
        self.headers = dict(headers or {})


class RequestsTransport(TransportSettings):
    """Opens :class:`HttpSource` objects; owns the keep-alive session and the request pool.

    ``timeout`` is (connect, read) seconds; ``deadline`` the total seconds one request may take;
    ``retries`` extra attempts per request with ``backoff * 2**n`` seconds between them; ``gap``
    bytes is how far apart two ranges may be and still share one request; ``cache_dir``
    enables the on-disk tile cache; ``verify`` is requests' (True, False or a CA bundle path)
    and means exactly that: REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE never override it.
    """

    def __init__(self, timeout=(5, 30), retries=3, backoff=0.2, max_workers=4, gap=GAP,
                 cache_dir=None, headers=None, max_redirects=5, head_bytes=HEAD_BYTES,
                 cache_max_bytes=256 * 1024 * 1024, max_run_bytes=MAX_RUN_BYTES,
                 if_match=True, verify=True, deadline=DEFAULT_DEADLINE):
        try:
            import requests
        except ImportError as exc:  # pragma: no cover - requests ships with QGIS
            raise MissingDependencyError(
                "The Python package 'requests' is needed to read rasters over HTTP") from exc
        if isinstance(timeout, (int, float)):
            timeout = (timeout, timeout)
        self.max_workers = max(1, int(max_workers))
        self.configure(timeout, retries, backoff, gap, head_bytes, max_run_bytes, max_redirects,
                       if_match, cache_dir, cache_max_bytes, deadline, headers)
        # Passed with every request: a per-request verify=True/None is what lets requests
        # swap in the environment's CA bundle, and a session-level False loses to it.
        self.verify = verify

        session = requests.Session()
        adapter = deadline_adapter(pool_connections=4, pool_maxsize=max(4, self.max_workers),
                                   max_retries=0)  # retries are ours: counted, cancellable
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.max_redirects = self.max_redirects
        session.verify = verify
        session.headers["User-Agent"] = (
            f"flac_raster_qgis/{__version__} python-requests/{requests.__version__}")
        # Ranges are byte offsets into the stored file: a compressed answer would shift them.
        session.headers["Accept-Encoding"] = "identity"
        self.session = session
        self._executor = None
        self._lock = threading.Lock()

    parallel_fetches = True

    def open(self, url, feedback=None):
        return HttpSource(self, url, feedback=feedback)

    def exchange(self, request):
        """One GET of ``request.url`` over the keep-alive session -> a :class:`Reply` whose
        body streams from the socket, which stays under the deadline's watch until the
        reply is closed."""
        import requests

        headers = {**self.headers, **request.headers} if request.trusted else request.headers
        name = request.name
        watch = SocketWatch(request.deadline).__enter__()   # until the body is read: close()
        try:
            try:
                resp = self.session.get(request.url, headers=headers, auth=request.credentials,
                                        timeout=self.timeout, stream=True,
                                        allow_redirects=False, verify=self.verify)
            except requests.exceptions.SSLError as exc:
                raise TransportError(f"Secure connection to {name} failed (TLS/SSL): "
                                     f"{_short(exc)}") from None
            except requests.ConnectTimeout:
                raise timeout_error(f"could not connect within {self.timeout[0]:g} s") from None
            except requests.ReadTimeout:
                raise timeout_error(f"no answer within {self.timeout[1]:g} s") from None
            except requests.ConnectionError as exc:
                raise TransientHttpError(f"connection failed: {_connection_problem(exc)}") from None
            except requests.RequestException as exc:
                raise TransportError(f"Cannot request {name}: {_short(exc)}") from None
        except BaseException:
            watch.__exit__(None, None, None)
            raise

        def release():
            try:
                resp.close()  # an unread body (e.g. a 200 ignoring Range) is dropped, not read
            finally:
                watch.__exit__(None, None, None)

        return Reply(resp.status_code, resp.reason or "", Headers(resp.headers),
                     _streamed_body(resp), release)

    def executor(self):
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=self.max_workers,
                                                    thread_name_prefix="flacraster-http")
            return self._executor

    def close(self):
        with self._lock:
            if self._executor is not None:
                self._executor.shutdown(wait=False, cancel_futures=True)
                self._executor = None
        self.session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class HttpSource(ByteSource):
    """A remote file read with HTTP Range requests (see the module docstring): the protocol,
    over any transport (``transport.exchange(Exchange) -> Reply``). Runs are fetched
    concurrently on the transport's pool when its ``parallel_fetches`` is on; off, one after
    the other in the calling thread (a stack whose requests must stay on it: QGIS's)."""

    def __init__(self, transport, url, feedback=None):
        super().__init__()
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            raise TransportError(f"Only http(s) URLs are supported: {redact_url(url)}")
        self.url = url
        self.name = redact_url(url)
        self._t = transport
        # Where the credentials and caller headers may go (core/sources/request_policy.py).
        self.origin = origin(url)
        self.credentials = userinfo(url)
        self._plain_url = without_userinfo(url)
        self.etag = None
        self.last_modified = None
        self._head = b""
        self._open(feedback)

    # -- public -----------------------------------------------------------------------------

    @property
    def head(self):
        """The bytes fetched by the speculative read on open (the start of the file)."""
        return self._head

    def read_ranges(self, ranges, feedback=None, crc32=None):
        """Bytes per range. ``crc32`` (one expected zlib.crc32 or None per range) is what the
        on-disk cache needs: only ranges whose bytes match it are stored, and a cached entry
        that no longer matches is dropped and fetched again. Ranges without one are never
        cached, so one damaged answer can never poison later reads."""
        ranges = [(int(s), int(n)) for s, n in ranges]
        checks = list(crc32) if crc32 is not None else [None] * len(ranges)
        if len(checks) != len(ranges):
            raise ValueError("crc32 needs one value (or None) per range")
        for start, length in ranges:
            if start < 0 or length < 0 or start + length > self.size:
                raise TransportError(
                    f"Range {start}+{length} lies outside {self.name} ({self.size} bytes)")
        cache = self._t.cache if self.identity else None
        verified = _VerifiedCache(cache, self._cache_key)
        head_len = len(self._head)
        results = [None] * len(ranges)
        missing = []   # (index, start, length) still to fetch, after what the head holds
        for i, (start, length) in enumerate(ranges):
            if length == 0:
                results[i] = b""
            elif start + length <= head_len:
                results[i] = self._head[start:start + length]
            elif (data := verified.get(start, length, checks[i])) is not None:
                results[i] = data
            elif start < head_len:
                # Starts inside the speculative first read (typically the coarsest overview
                # right after the index): fetch only the rest, never the same bytes twice.
                missing.append((i, head_len, start + length - head_len))
            else:
                missing.append((i, start, length))
        if not missing:
            return results
        runs = coalesce([(s, n) for _i, s, n in missing], self._t.gap, self._t.max_run_bytes)
        bodies = [body for body, _total, _headers in self._fetch_runs(runs, feedback)]
        starts = [s for s, _n in runs]
        for i, fetch_start, fetch_length in missing:
            k = _find_run(runs, starts, fetch_start, fetch_length)
            offset = fetch_start - runs[k][0]
            start, length = ranges[i]
            prefix = self._head[start:head_len] if start < fetch_start else b""
            results[i] = prefix + bodies[k][offset:offset + fetch_length]
            verified.put(start, length, checks[i], results[i])
        return results

    # -- opening ------------------------------------------------------------------------------

    def _open(self, feedback):
        body, total, headers = self._fetch_runs([(0, self._t.head_bytes)], feedback,
                                                opening=True)[0]
        self.size = total
        self._head = body
        self.etag = headers.get("ETag") or None
        self.last_modified = headers.get("Last-Modified") or None
        parts = []
        if self.etag:
            parts.append(f"etag={self.etag}")
        if self.last_modified:
            parts.append(f"last-modified={self.last_modified}")
        # Without a validator we cannot tell versions apart: no identity, so no disk cache.
        self.identity = f"size={total}; " + "; ".join(parts) if parts else ""

    def _cache_key(self, start, length):
        return cache_key(self.url, self.identity, start, length)

    # -- fetching -----------------------------------------------------------------------------

    def _fetch_runs(self, runs, feedback, opening=False):
        """``[(body, total, headers)]`` per run, fetched in parallel on the transport's pool
        (one after the other when the transport's ``parallel_fetches`` is off).

        The calling thread only waits, polling ``feedback`` so that a cancel returns at once
        even while a worker sits in a slow socket read (the worker stops at its next chunk).
        """
        if feedback is not None:
            feedback.check()
        if not self._t.parallel_fetches:
            return [self._fetch(start, length, feedback, None, opening) for start, length in runs]
        if len(runs) == 1 and feedback is None:
            start, length = runs[0]
            return [self._fetch(start, length, opening=opening)]
        abort = threading.Event()
        executor = self._t.executor()
        futures = [executor.submit(self._fetch, s, n, feedback, abort, opening)
                   for s, n in runs]
        pending = set(futures)
        try:
            while pending:
                done, pending = wait(pending, timeout=0.1, return_when=FIRST_EXCEPTION)
                for future in done:
                    exc = future.exception()
                    if exc is not None and not isinstance(exc, _Aborted):
                        raise exc
                if feedback is not None:
                    feedback.check()  # prompt even while workers sit in a socket read
        finally:
            if pending:
                abort.set()
                for future in pending:
                    future.cancel()
        return [f.result() for f in futures]

    def _fetch(self, start, length, feedback=None, abort=None, opening=False):
        """One range with retries: ``(body, total, headers)`` or a TransportError."""
        t = self._t
        last = None
        for attempt in range(t.retries + 1):
            self._check(feedback, abort)
            try:
                return self.attempt(start, length, feedback, abort, opening)
            except TransientHttpError as exc:
                last = exc
                if attempt == t.retries:
                    break
                delay = t.backoff * (2 ** attempt)
                if exc.retry_after is not None:
                    delay = max(delay, min(exc.retry_after, MAX_RETRY_AFTER))
                _log.info("HTTP %s (bytes %d-%d): %s; retry %d/%d in %.2f s", self.name, start,
                          start + length - 1, exc, attempt + 1, t.retries, delay)
                self._sleep(delay, feedback, abort)
        attempts = t.retries + 1
        raise last.final(
            f"Giving up on {self.name} (bytes {start}-{start + length - 1}) after {attempts} "
            f"attempt{'s' if attempts > 1 else ''}: {last}") from None

    def attempt(self, start, length, feedback, abort, opening):
        """ONE request for bytes ``start .. start + length - 1`` -> ``(body, total, headers)``.

        Redirects are followed here, hop by hop, under core/sources/request_policy.py's rules,
        and the whole request (hops and body) runs under one total :class:`Deadline`. Raises
        TransientHttpError for what is worth retrying, TransportError (or a subclass) for the
        rest. ``opening`` is the first request (no validator known yet). The transport makes
        each GET (``exchange``); retries, caching and every check stay in this class.
        """
        end = start + length - 1
        headers = {"Range": f"bytes={start}-{end}"}
        if not opening and self._t.if_match and self.etag and not self.etag.startswith("W/"):
            headers["If-Match"] = self.etag  # the server refuses (412) if the file changed
        deadline = Deadline(self._t.deadline)
        url = self._plain_url
        try:
            for hops in range(self._t.max_redirects + 1):
                trusted = origin(url) == self.origin
                request = Exchange(url, headers, trusted, self.credentials if trusted else None,
                                   self.name, length, deadline, feedback, abort)
                try:
                    reply = self._t.exchange(request)
                except BodyOverflow as exc:
                    self.stats.add(1, exc.received)
                    raise self._overflow(exc, opening) from None
                try:
                    self.stats.add(1, 0)
                    status = reply.status
                    if status in REDIRECT_STATUSES:
                        url = next_hop(url, status, reply.headers.get("Location"), hops,
                                       self._t.max_redirects, self.name)
                        continue
                    if not trusted and status in (401, 403, 407) and self._holds_credentials():
                        raise credentials_refused(f"HTTP {status}", self.name, url)
                    return self._check_response(reply, start, end, feedback, abort, opening)
                finally:
                    reply.close()
            raise AssertionError("next_hop() bounds the hops")  # pragma: no cover
        except (TransientHttpError, TransportError):
            if deadline.expired():
                raise deadline.error(self.name, start, end) from None
            raise

    def _holds_credentials(self):
        """Whether anything we would send only to the origin exists."""
        t = self._t
        return bool(self.credentials or t.headers or getattr(t, "authcfg", None))

    def _overflow(self, exc, opening):
        """What a :class:`BodyOverflow` means: on opening, or when the whole file is coming,
        a server that ignores Range; otherwise a broken range answer."""
        if opening or exc.total in (-1, self.size):
            return self._ignores_ranges()
        return self._too_long()

    def _ignores_ranges(self):
        return RangeNotSupportedError(
            f"Cannot stream {self.name}: the server ignores HTTP range requests, so only "
            "the tiles you need cannot be fetched; serve the file from a server that "
            "supports Range (nginx, Apache, S3, most CDNs)")

    def _too_long(self):
        return TransportError(f"The server sent more bytes than asked for ({self.name}); "
                              "a misbehaving server or proxy")

    def _check_response(self, reply, start, end, feedback, abort, opening):
        status = reply.status
        label = f"HTTP {status} {reply.reason or ''}".strip()
        if status == 206:
            return self._check_partial(reply, start, end, feedback, abort, opening)
        if status == 200:
            if opening and reply.headers.get("Content-Length") == "0":
                raise TransportError(f"The file on the server is empty: {self.name}")
            raise self._ignores_ranges()
        if status in RETRY_STATUSES:
            raise TransientHttpError(label, _retry_after(reply.headers.get("Retry-After")))
        if status in (404, 410):
            raise NotFoundError(f"Not found ({label}): {self.name}")
        if status == 403:
            # nginx, Apache and lighttpd answer 403 for a file they may not read (e.g. one
            # written with mode 0600), with or without authentication.
            raise ForbiddenError(f"Access denied ({label}) for {self.name} (check "
                                 "authentication, and the file's permissions on the server: "
                                 "a web server answers 403 for a file it is not allowed to "
                                 "read)")
        if status in (401, 407):
            raise AccessDeniedError(f"Access denied ({label}) for {self.name} "
                                    "(check authentication)")
        if status == 412:
            raise self._changed()
        if status == 416:
            if opening:
                raise TransportError(f"The file on the server is empty: {self.name}")
            raise TransportError(
                f"Range not satisfiable ({label}) for bytes {start}-{end} of {self.name}: the "
                "file is shorter than its index says (damaged or replaced)")
        raise TransportError(f"Unexpected answer from the server ({label}) for {self.name}")

    def _check_partial(self, reply, start, end, feedback, abort, opening):
        content_range = reply.headers.get("Content-Range", "")
        m = re.fullmatch(r"\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*", content_range)
        if not m:
            raise TransportError(
                f"The server answered a range request for {self.name} without a valid "
                f"Content-Range header ({content_range[:80]!r}); a misbehaving server or proxy")
        first, last = int(m.group(1)), int(m.group(2))
        total = None if m.group(3) == "*" else int(m.group(3))
        if opening:
            if total is None:
                raise TransportError(f"The server does not report the size of {self.name} "
                                     "(Content-Range without a total)")
            expected_last = min(end, total - 1)
        else:
            self._check_identity(reply.headers)
            if total is not None and total != self.size:
                raise self._changed()
            expected_last = end
        if first != start or last != expected_last:
            raise TransportError(
                f"The server sent bytes {first}-{last} of {self.name} when {start}-"
                f"{expected_last} were asked for; a misbehaving server or proxy")
        encoding = reply.headers.get("Content-Encoding", "identity").strip().lower()
        if encoding not in ("", "identity"):
            raise TransportError(f"The server compressed a range of {self.name} "
                                 f"(Content-Encoding: {encoding}); ranges must be served as is")
        expected = last - first + 1
        declared = reply.headers.get("Content-Length")
        if declared is not None and declared.strip().isdigit() and int(declared) != expected:
            raise TransportError(
                f"The server's Content-Length ({declared}) disagrees with its Content-Range "
                f"({content_range}) for {self.name}; a misbehaving server or proxy")
        body = self._read_body(reply, expected, feedback, abort)
        return body, total if total is not None else self.size, reply.headers

    def _read_body(self, reply, expected, feedback, abort):
        chunks = []
        got = 0
        try:
            for chunk in reply.body:
                chunks.append(chunk)
                got += len(chunk)
                if got > expected:
                    raise self._too_long()
                self._check(feedback, abort)
        except ConnectionLost as exc:
            raise TransientHttpError(f"connection lost after {got} of {expected} bytes: "
                                     f"{exc}") from None
        finally:
            self.stats.add(0, got)
        if got != expected:
            raise TransientHttpError(f"short body: {got} of {expected} bytes")
        return b"".join(chunks)

    def _check_identity(self, headers):
        etag = headers.get("ETag")
        modified = headers.get("Last-Modified")
        if self.etag and etag:
            if _weak(etag) != _weak(self.etag):
                raise self._changed()
        elif self.last_modified and modified and modified != self.last_modified:
            raise self._changed()

    def _changed(self):
        return RemoteChangedError(
            f"The file on the server changed while reading; reopen it ({self.name})")

    # -- cancellation -------------------------------------------------------------------------

    @staticmethod
    def _check(feedback, abort):
        if abort is not None and abort.is_set():
            raise _Aborted()
        if feedback is not None:
            feedback.check()

    def _sleep(self, seconds, feedback, abort):
        deadline = time.monotonic() + seconds
        while True:
            self._check(feedback, abort)
            left = deadline - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, 0.05))


class _VerifiedCache:
    """The on-disk cache seen through per-range CRC-32s (see :meth:`HttpSource.read_ranges`)."""

    def __init__(self, cache, key):
        self.cache, self.key = cache, key

    def get(self, start, length, crc):
        if self.cache is None or crc is None:
            return None
        key = self.key(start, length)
        data = self.cache.get(key, length)
        if data is not None and zlib.crc32(data) != crc:
            self.cache.discard(key)   # damaged on disk (or by a bad answer cached earlier)
            return None
        return data

    def put(self, start, length, crc, data):
        if self.cache is not None and crc is not None and zlib.crc32(data) == crc:
            self.cache.put(self.key(start, length), data)


def _streamed_body(resp):
    """The chunks of a streamed requests.Response; a broken connection is ConnectionLost."""
    import requests

    try:
        yield from resp.iter_content(chunk_size=65536)
    except (requests.RequestException, OSError) as exc:  # OSError: a socket shut down
        # urllib3 2 raises for a body shorter than its Content-Length, urllib3 1.26
        # returns it short: the same words either way (the protocol's "short body").
        if not _is_incomplete_read(exc):
            raise ConnectionLost(_connection_problem(exc)) from None


def _find_run(runs, starts, start, length):
    """Index of a run containing [start, start+length) (runs are sorted by start)."""
    import bisect

    k = bisect.bisect_right(starts, start) - 1
    while k >= 0:
        s, n = runs[k]
        if s <= start and start + length <= s + n:
            return k
        k -= 1
    raise AssertionError("coalesce() lost a range")  # pragma: no cover


def _weak(etag):
    return etag[2:] if etag.startswith("W/") else etag


def _retry_after(value):
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        return None


_CONNECTION_PROBLEMS = (
    ("Connection refused", "connection refused (is the server running?)"),
    ("Connection reset", "connection reset by the server"),
    ("RemoteDisconnected", "the server closed the connection without answering"),
    ("Broken pipe", "the server closed the connection"),
    ("Name or service not known", "host name not found"),
    ("nodename nor servname", "host name not found"),
    ("getaddrinfo failed", "host name not found"),
    ("Temporary failure in name resolution", "host name lookup failed (no network?)"),
    ("Network is unreachable", "network unreachable"),
    ("No route to host", "no route to host"),
    ("timed out", "timed out"),
    ("IncompleteRead", "the server closed the connection mid-answer"),
)


def _is_incomplete_read(exc):
    """A body cut short of its Content-Length, as urllib3 2.x reports it (IncompleteRead
    inside requests' ChunkedEncodingError / urllib3's ProtocolError)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if type(exc).__name__ == "IncompleteRead" or "IncompleteRead" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__ or (exc.args[0] if exc.args and
                                                   isinstance(exc.args[0], BaseException)
                                                   else None)
    return False


def _connection_problem(exc):
    """A short human reason for a requests/urllib3 connection error (no raw URL)."""
    text = str(exc)
    for needle, words in _CONNECTION_PROBLEMS:
        if needle.lower() in text.lower():
            return words
    return _short(exc, 120)


def _short(exc, limit=200):
    text = scrub(exc)
    return text if len(text) <= limit else text[:limit] + "…"


__all__ = ["RequestsTransport", "HttpSource", "Exchange", "Reply", "Headers", "BodyOverflow",
           "ConnectionLost", "redact_url", "coalesce"]
