"""What every HTTP transport promises, whatever its stack: origins, redirects and deadlines.

Both transports (requests in core/sources/http.py, QGIS's network stack in qgis_network.py)
make one hop at a time and leave the redirect decisions to :func:`next_hop`, so the promises
hold the same way for both:

* **Credentials stay with their origin.** ``user:password@``, an authentication configuration
  and every header a caller passes are sent only to the origin they were given for: the same
  scheme, host and port as the URL opened. A redirect to another origin is followed without
  them; if the resource there then asks for authentication, the read fails with a plain
  error instead of sending them.
* **No downgrade.** A redirect from https to plain http is refused.
* **Bounded hops.** More than ``max_redirects`` redirects is a loop: refused.
* **A total deadline per request** (:class:`Deadline`): per-read timeouts alone let a server
  that drips a few bytes a second hold a read forever.
"""

import time
from urllib.parse import urljoin, urlsplit, urlunsplit

from ..errors import AccessDeniedError, DeadlineError, TransportError
from .redaction import redact_url

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
DEFAULT_DEADLINE = 120.0  # seconds for one request, redirects and body included
_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin(url):
    """(scheme, host, port) of ``url``, lower-case, with the scheme's default port filled in."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port or _DEFAULT_PORTS.get(scheme)


def without_userinfo(url):
    """``url`` with any ``user:password@`` removed (credentials travel as a header)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def userinfo(url):
    """(user, password) from ``url`` (percent-decoded), or None when it has none."""
    from urllib.parse import unquote
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return None
    return unquote(parts.username or ""), unquote(parts.password or "")


def next_hop(url, status, location, hops, max_redirects, name):
    """The URL a redirect answer (``status``, ``Location``) sends us to after ``hops``
    redirects, or a TransportError: no Location, not http(s), a downgrade, or a loop."""
    if not location:
        raise TransportError(f"The server redirected {name} (HTTP {status}) without saying "
                             "where to (no Location header)")
    target = without_userinfo(urljoin(url, location.strip()))
    scheme = urlsplit(target).scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise TransportError(f"The server redirected {name} to a non-http(s) location; refused")
    if urlsplit(url).scheme.lower() == "https" and scheme == "http":
        raise TransportError(
            f"The server redirected {name} from https to plain http ({redact_url(target)}); "
            "refused: the connection would no longer be secure")
    if hops >= max_redirects:
        raise TransportError(f"Too many redirects (more than {max_redirects}) for {name}: "
                             "the server sends requests in a loop")
    return target


def credentials_refused(label, name, url):
    """The error for a resource that asks for authentication after a redirect to another
    origin: the credentials we hold were for the origin of the URL opened, not for this one."""
    scheme, host, port = origin(url)
    return AccessDeniedError(
        f"Access denied ({label}) for {name}: it redirected to another host "
        f"({scheme}://{host}:{port}), which asks for authentication; credentials are only sent "
        "to the host they were given for")


class Deadline:
    """The moment one request must be complete by (a monotonic clock, so no clock jumps)."""

    def __init__(self, seconds):
        self.seconds = float(seconds)
        self.at = time.monotonic() + self.seconds

    def left(self):
        return self.at - time.monotonic()

    def expired(self):
        return self.left() <= 0

    def error(self, name, start, end):
        return DeadlineError(
            f"The server did not complete the answer for {name} (bytes {start}-{end}) within "
            f"the total deadline of {self.seconds:g} s: it sends too slowly, or the network "
            "is very slow (the transport's 'deadline' option sets the limit)")


def check_deadline(seconds):
    seconds = float(seconds)
    if not seconds > 0:
        raise ValueError("the deadline must be a positive number of seconds")
    return seconds


__all__ = ["REDIRECT_STATUSES", "DEFAULT_DEADLINE", "origin", "userinfo", "without_userinfo",
           "next_hop", "credentials_refused", "Deadline", "check_deadline"]
