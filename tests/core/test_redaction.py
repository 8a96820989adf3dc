"""Secrets in query parameters never reach an error, ``info()`` or a DEBUG log record
(issue 13, item 12): one rule (core/sources/redaction.py) behind every message."""

import logging

import pytest

from flac_raster_qgis.core import open_flac
from flac_raster_qgis.core.errors import TransportError
from flac_raster_qgis.core.sources.http import RequestsTransport
from flac_raster_qgis.core.sources.redaction import is_sensitive, redact_url, scrub
from tests.core.test_reader_faults import files, window_bounds  # noqa: F401 - a fixture
from tests.reliability_report import record

pytestmark = pytest.mark.timeout(60)

# Parameter names seen in real signed / keyed URLs, each with a distinct secret value.
SECRET_PARAMS = {
    "x-api-key": "xapikey-v4lue", "jwt": "eyJhbGciOi.jwt-v4lue", "passwd": "passwd-v4lue",
    "auth_code": "authcode-v4lue", "session": "session-v4lue", "access-key": "accesskey-v4lue",
    "X-Amz-Signature": "amzsig-v4lue", "X-Amz-Credential": "AKIAEXAMPLE-v4lue",
    "X-Amz-Security-Token": "amztoken-v4lue", "X-Goog-Signature": "googsig-v4lue",
    "X-Goog-Credential": "googcred-v4lue", "sig": "azuresig-v4lue",
    "Signature": "cfsig-v4lue", "Key-Pair-Id": "APKAEXAMPLE-v4lue", "Policy": "cfpolicy-v4lue",
    "AWSAccessKeyId": "awsv2key-v4lue", "GoogleAccessId": "svc-acct-v4lue",
    "OSSAccessKeyId": "osskey-v4lue", "security-token": "osstoken-v4lue",
    "sessionid": "sessid-v4lue", "client_secret": "clisec-v4lue", "pwd": "pwd-v4lue",
    "code": "oauthcode-v4lue", "refresh_token": "refresh-v4lue", "my%2Dapi%2Dkey": "enc-v4lue",
}
KEPT = "page=2"


def secret_query():
    return "&".join(f"{k}={v}" for k, v in SECRET_PARAMS.items()) + "&" + KEPT


@pytest.mark.parametrize("name", sorted(SECRET_PARAMS))
def test_each_listed_or_fragment_name_is_sensitive(name):
    assert is_sensitive(name)


@pytest.mark.parametrize("name", ["page", "x", "bbox", "format", "version", "se", "sp", "sv"])
def test_ordinary_parameters_stay_visible(name):
    assert not is_sensitive(name)


def test_redact_url_and_scrub_hide_every_secret():
    url = f"https://u:pw-s3cret@h.example/a.flac?{secret_query()}#frag-secret"
    for text in (redact_url(url), scrub(f"GET {url} failed"),
                 scrub(f"HTTPSConnectionPool(host='h'): url: /a.flac?{secret_query()} (...)")):
        for value in list(SECRET_PARAMS.values()) + ["pw-s3cret", "frag-secret"]:
            assert value not in text, (value, text)
        assert KEPT in text


def test_secrets_never_in_errors_info_or_debug_logs(fault_server, files, caplog):  # noqa: F811
    caplog.set_level(logging.DEBUG)
    spec = files["container"]
    fault_server.payload = spec["raw"]
    url = fault_server.url("/raster.flac", query=secret_query())
    texts = []
    with RequestsTransport(timeout=(2, 2), retries=1, backoff=0.01) as transport:
        with open_flac(url, transport=transport) as reader:
            texts += [reader.source.name, str(reader.info())]
            fault_server.always = "500"          # retried (logged at INFO), then an error
            with pytest.raises(TransportError) as info:
                reader.read(bounds=window_bounds(spec))
            texts.append(str(info.value))
        fault_server.always = "404"
        with pytest.raises(TransportError) as info:
            transport.open(url)
        texts.append(str(info.value))
    records = [r.getMessage() for r in caplog.records]
    assert any("/raster.flac" in r for r in records)    # urllib3 did log the request lines
    for text in texts + records:
        for value in SECRET_PARAMS.values():
            assert value not in text, (value, text)
    assert KEPT in texts[0] and KEPT in texts[-1]
    record("credentials", f"{len(SECRET_PARAMS)} secret query parameters (x-api-key, jwt, "
           "passwd, auth_code, session, access-key, AWS/GCS/Azure/CloudFront/OSS signatures)",
           len(texts) + len(records), "no secret value in errors, info() or DEBUG log records")
