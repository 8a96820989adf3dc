"""Keep secrets out of every message, ``info()`` and log record: ONE rule, used everywhere.

A URL can carry credentials in three places: ``user:password@``, the fragment, and query
parameters (API keys, OAuth tokens, the signatures of pre-signed cloud URLs). A parameter is
secret when its name (decoded, lower-case) is in :data:`SENSITIVE_PARAMS` or contains one of
:data:`SENSITIVE_FRAGMENTS`; its value becomes ``REDACTED``, the name stays so that a user can
still tell which URL failed. Over-redacting a harmless parameter (``design`` contains ``sig``)
costs nothing; leaking one secret costs a lot, so the fragments are deliberately broad.

:func:`redact_url` is for URLs we hold; :func:`scrub` for free text that may quote one (a
urllib3 exception, a log record); :func:`install_log_redaction` puts :func:`scrub` on the
loggers of the HTTP libraries, which quote request lines (query strings included) at DEBUG.
"""

import logging
import re
from urllib.parse import unquote, urlsplit, urlunsplit

# Exact names (compared decoded and lower-case) whose values are secrets although they do not
# contain one of the fragments below: OAuth/OpenID, JWTs, short password spellings, and the
# parts of the cloud providers' signed URLs (AWS SigV2/SigV4, Google Cloud Storage, Azure SAS
# ``sig``, CloudFront ``Policy``/``Signature``/``Key-Pair-Id``, Alibaba OSS).
SENSITIVE_PARAMS = frozenset({
    "code", "jwt", "pwd", "passwd", "hmac", "otp", "ticket", "nonce", "policy", "private",
    "access_token", "id_token", "refresh_token", "client_secret", "apikey", "api_key",
    "x-amz-signature", "x-amz-credential", "x-amz-security-token", "awsaccesskeyid",
    "x-goog-signature", "x-goog-credential", "googleaccessid",
    "signature", "key-pair-id", "ossaccesskeyid", "security-token", "sig", "se-sig",
})
# Any parameter whose name contains one of these is secret (x-api-key, auth_code, passwd,
# session, sessionid, access-key, X-Amz-Credential, client_secret ...).
SENSITIVE_FRAGMENTS = ("key", "token", "secret", "sig", "pass", "auth", "session",
                       "credential")
REDACTED = "REDACTED"


def is_sensitive(name):
    """True when a query parameter called ``name`` carries a secret (see the module doc)."""
    name = unquote(str(name)).strip().lower()
    return name in SENSITIVE_PARAMS or any(f in name for f in SENSITIVE_FRAGMENTS)


def redact_url(url):
    """``url`` without user:password@ and fragment, secret query values replaced by REDACTED."""
    try:
        parts = urlsplit(str(url))
        netloc = parts.netloc
        if "@" in netloc:
            netloc = "***@" + netloc.rsplit("@", 1)[1]
        query = parts.query
        if query:
            pairs = []
            for pair in re.split(r"([&;])", query):
                name, eq, _value = pair.partition("=")
                pairs.append(f"{name}={REDACTED}" if eq and is_sensitive(name) else pair)
            query = "".join(pairs)
        return urlunsplit((parts.scheme, netloc, parts.path, query, ""))
    except Exception:  # never let a message helper raise; hide what we cannot parse
        return "<URL hidden>"


_USERINFO_RE = re.compile(r"//[^/\s@'\"]+@")
_PARAM_RE = re.compile(r"([?&;])([^=&;\s'\"]+)=([^&;\s'\")#]*)")
_FRAGMENT_RE = re.compile(r"(//[^\s'\"]*?)#[^\s'\")]*")


def scrub(text):
    """Redact credentials from free text (e.g. a urllib3 message quoting a URL)."""
    text = _USERINFO_RE.sub("//***@", str(text))
    text = _PARAM_RE.sub(
        lambda m: f"{m.group(1)}{m.group(2)}={REDACTED}" if is_sensitive(m.group(2))
        else m.group(0), text)
    return _FRAGMENT_RE.sub(r"\1", text)


class RedactingFilter(logging.Filter):
    """Scrubs every record of the logger it sits on (the record's final text is rewritten)."""

    def filter(self, record):
        try:
            record.msg, record.args = scrub(record.getMessage()), ()
        except Exception:  # a malformed record: hide it rather than leak it
            record.msg, record.args = "<log message hidden>", ()
        return True


# urllib3 logs each request line, query string included, at DEBUG level; requests and our own
# transport logger are covered too, so turning debug logging on never shows a token.
LOGGERS = ("urllib3.connectionpool", "urllib3.util.retry", "urllib3.connection",
           "urllib3.response", "requests", "flac_raster_qgis.core.sources.http")


def install_log_redaction(names=LOGGERS):
    """Put a :class:`RedactingFilter` on each named logger (idempotent).

    A logger's filters never see the records of its child loggers, so each logger that may
    quote a URL is named explicitly.
    """
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())


__all__ = ["SENSITIVE_PARAMS", "SENSITIVE_FRAGMENTS", "REDACTED", "is_sensitive",
           "redact_url", "scrub", "install_log_redaction"]
