"""A total deadline for requests/urllib3, whose timeouts are per socket read only.

A server that drips 4 bytes a second never lets one ``recv`` time out, so neither
``timeout=`` nor urllib3's ``Timeout(total=)`` (which only bounds the *start* of the reads)
ends the request. The only reliable way out of a blocked read is to shut the socket down:

* :class:`DeadlineAdapter` is a requests ``HTTPAdapter`` whose connection pools report every
  connection a request uses to the :class:`SocketWatch` of the calling thread;
* :class:`SocketWatch` shuts those sockets down once its deadline passes (one shared watchdog
  thread), so the blocked read returns at once with an error, which the transport turns into
  its deadline message.

urllib3's ``_make_request(conn, method, url, ...)`` is the one hook between "a connection was
chosen" and "bytes are exchanged on it"; it has this shape in urllib3 1.26 and 2.x.
"""

import heapq
import itertools
import socket
import threading
import time

_current = threading.local()
_POLL = 0.05   # seconds between shutdown attempts once the deadline passed (still connecting)


class SocketWatch:
    """Shuts down the sockets of the current thread's request when ``deadline`` expires.

    Use as a context manager around one request (headers and body). One shared watchdog
    thread serves every watch: entering and leaving costs a heap push and a flag, not a
    thread per request.
    """

    def __init__(self, deadline):
        self.deadline = deadline
        self.fired = False
        self.done = False
        self._conns = []
        self._lock = threading.Lock()

    def __enter__(self):
        _current.watch = self
        _WATCHDOG.watch(self, self.deadline.at)
        return self

    def __exit__(self, *exc):
        _current.watch = None
        with self._lock:
            self.done = True
            self._conns.clear()

    def attach(self, conn):
        with self._lock:
            self._conns.append(conn)
        if self.deadline.expired():
            self.fire()

    def fire(self):
        """Shut the watched sockets down; True when it must be tried again (still connecting,
        or no connection chosen yet)."""
        with self._lock:
            if self.done:
                return False
            self.fired = True
            conns = list(self._conns)
        waiting = not conns
        for conn in conns:
            sock = getattr(conn, "sock", None)
            if sock is None:
                waiting = True
                continue
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except (OSError, AttributeError):
                try:
                    sock.close()
                except OSError:
                    pass
        return waiting


class _Watchdog:
    """One daemon thread firing watches at their deadlines (a heap ordered by time)."""

    def __init__(self):
        self._cond = threading.Condition()
        self._heap = []
        self._ids = itertools.count()
        self._thread = None

    def watch(self, watch, at):
        with self._cond:
            if len(self._heap) > 4096:  # finished watches wait for their time: prune them
                self._heap = [e for e in self._heap if not e[2].done]
                heapq.heapify(self._heap)
            heapq.heappush(self._heap, (at, next(self._ids), watch))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, daemon=True,
                                                name="flacraster-deadline")
                self._thread.start()
            self._cond.notify()

    def _run(self):
        while True:
            with self._cond:
                while self._heap and self._heap[0][2].done:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cond.wait()
                    continue
                at, _, watch = self._heap[0]
                left = at - time.monotonic()
                if left > 0:
                    self._cond.wait(left)
                    continue
                heapq.heappop(self._heap)
            if watch.fire():
                self.watch(watch, time.monotonic() + _POLL)


_WATCHDOG = _Watchdog()


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
