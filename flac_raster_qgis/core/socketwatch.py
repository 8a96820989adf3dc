"""A total deadline for requests/urllib3, whose timeouts are per socket read only.

A server that drips 4 bytes a second never lets one ``recv`` time out, so neither
``timeout=`` nor urllib3's ``Timeout(total=)`` (which only bounds the *start* of the reads)
ends the request. The only reliable way out of a blocked read is to shut the socket down:

* :class:`DeadlineAdapter` is a requests ``HTTPAdapter`` whose connection pools report every
  connection a request uses to the :class:`SocketWatch` of the calling thread;
* :class:`SocketWatch` shuts those sockets down once its deadline passes, so the blocked read
  returns at once with an error, which the transport turns into its deadline message.

urllib3's ``_make_request(conn, method, url, ...)`` is the one hook between "a connection was
chosen" and "bytes are exchanged on it"; it has this shape in urllib3 1.26 and 2.x.
"""

import socket
import threading

_current = threading.local()
_POLL = 0.05   # seconds between shutdown attempts once the deadline passed (still connecting)


class SocketWatch:
    """Shuts down the sockets of the current thread's request when ``deadline`` expires.

    Use as a context manager around one request (headers and body).
    """

    def __init__(self, deadline):
        self.deadline = deadline
        self.fired = False
        self._conns = []
        self._lock = threading.Lock()
        self._timer = None
        self._done = False

    def __enter__(self):
        _current.watch = self
        self._schedule(max(0.0, self.deadline.left()))
        return self

    def __exit__(self, *exc):
        _current.watch = None
        with self._lock:
            self._done = True
            if self._timer is not None:
                self._timer.cancel()
            self._conns.clear()

    def attach(self, conn):
        with self._lock:
            self._conns.append(conn)
        if self.deadline.expired():
            self._fire()

    def _schedule(self, delay):
        with self._lock:
            if self._done:
                return
            self._timer = threading.Timer(delay, self._fire)
            self._timer.daemon = True
            self._timer.start()

    def _fire(self):
        with self._lock:
            if self._done:
                return
            self.fired = True
            conns = list(self._conns)
        waiting = False
        for conn in conns:
            sock = getattr(conn, "sock", None)
            if sock is None:
                waiting = True      # still connecting: try again in a moment
                continue
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except (OSError, AttributeError):
                try:
                    sock.close()
                except OSError:
                    pass
        if waiting or not conns:
            self._schedule(_POLL)


def current_watch():
    return getattr(_current, "watch", None)


def _watched(pool_cls):
    class Watched(pool_cls):
        def _make_request(self, conn, *args, **kwargs):
            watch = current_watch()
            if watch is not None:
                watch.attach(conn)
            return super()._make_request(conn, *args, **kwargs)

    Watched.__name__ = Watched.__qualname__ = "Watched" + pool_cls.__name__
    return Watched


def _adapter_class():
    from requests.adapters import HTTPAdapter
    from urllib3 import poolmanager

    defaults = dict(poolmanager.pool_classes_by_scheme)
    watched = {scheme: _watched(cls) for scheme, cls in defaults.items()}

    def watch_pools(manager):
        # SOCKS proxies bring their own pool classes: those stay as they are.
        if dict(manager.pool_classes_by_scheme) == defaults:
            manager.pool_classes_by_scheme = watched
        return manager

    class DeadlineAdapter(HTTPAdapter):
        """An HTTPAdapter whose pools report their connections to the thread's SocketWatch."""

        def init_poolmanager(self, *args, **kwargs):
            super().init_poolmanager(*args, **kwargs)
            watch_pools(self.poolmanager)

        def proxy_manager_for(self, proxy, **proxy_kwargs):
            return watch_pools(super().proxy_manager_for(proxy, **proxy_kwargs))

    return DeadlineAdapter


_adapter = None


def deadline_adapter(**kwargs):
    """A new :class:`DeadlineAdapter` (the class is built on first use: requests is lazy)."""
    global _adapter
    if _adapter is None:
        _adapter = _adapter_class()
    return _adapter(**kwargs)


__all__ = ["SocketWatch", "deadline_adapter", "current_watch"]
