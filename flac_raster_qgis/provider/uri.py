"""The data-source URI of a live layer: the file's path or http(s) URL, optionally followed by
``|authcfg=ID`` (the suffix style of QGIS's OGR provider, since a URL may hold any query).

Why a suffix and not a query parameter: the URL is passed to the server untouched, and the
authentication id names a QGIS auth configuration, never a secret, so it is safe in a project.
"""

import re

_AUTHCFG = re.compile(r"\|authcfg=([A-Za-z0-9]*)$")


def encode_uri(location, authcfg=None):
    location = str(location).strip()
    return f"{location}|authcfg={authcfg}" if authcfg else location


def decode_uri(uri):
    """``{"path": location, "authcfg": id or ""}`` (the keys QgsProviderMetadata uses)."""
    uri = str(uri or "").strip()
    match = _AUTHCFG.search(uri)
    if match:
        return {"path": uri[:match.start()].strip(), "authcfg": match.group(1)}
    return {"path": uri, "authcfg": ""}
