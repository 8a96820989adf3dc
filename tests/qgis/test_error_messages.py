"""The page's words for transport failures (gui/source_select.describe_error), fed with the
real errors of the QGIS transport against our fault server."""

import pytest

from flac_raster_qgis.core.errors import (AccessDeniedError, DeadlineError, ForbiddenError,
                                          NoAnswerError, NotFoundError, RangeNotSupportedError,
                                          TransportError)
from flac_raster_qgis.core.sources.http import RequestsTransport
from flac_raster_qgis.qgis_network import QgisTransport
from flac_raster_qgis.gui.source_select import describe_error
from tests.origin_servers import host_a  # noqa: F401 - fixture
from tests.qgis.test_qgis_transport import in_task

pytestmark = pytest.mark.timeout(60)


def failure(url, **options):
    with pytest.raises(TransportError) as info:
        in_task(lambda: QgisTransport(retries=0, **options).open(url))
    return info.value


def test_forbidden_names_permissions_on_the_server(fault_server, qgis_app):
    fault_server.queue("403")
    title, text = describe_error(failure(fault_server.url()))
    assert title == "Access denied"
    assert "authentication configuration" in text and "permissions" in text
    fault_server.queue("401")
    title, text = describe_error(failure(fault_server.url()))
    assert title == "Access denied" and "permissions" not in text


def test_deadline_reads_as_a_server_too_slow(host_a, qgis_app):  # noqa: F811
    host_a.drip("/data.bin", 4)
    title, text = describe_error(failure(host_a.url(), deadline=1.0))
    assert title == "The server did not answer in time" and "total deadline" in text


# -- both transports raise the same classes (the page branches on them, never on words) ---------

def requests_failure(url):
    with pytest.raises(TransportError) as info:
        with RequestsTransport(timeout=(2.0, 0.5), retries=0, backoff=0.01) as transport:
            transport.open(url)
    return info.value


def qgis_failure(url):
    return failure(url, timeout_ms=500)


@pytest.mark.parametrize("fault, kind", [
    ("404", NotFoundError),
    ("403", ForbiddenError),
    ("401", AccessDeniedError),
    ("stall", NoAnswerError),
    ("ignore_range", RangeNotSupportedError),
])
def test_both_transports_raise_the_same_class(fault_server, qgis_app, fault, kind):
    fault_server.stall_seconds = 2.0
    classes = []
    for fail in (requests_failure, qgis_failure):
        fault_server.queue(fault)
        exc = fail(fault_server.url())
        assert isinstance(exc, kind), (fail.__name__, exc)
        classes.append(type(exc))
    assert classes[0] is classes[1]


def test_both_transports_raise_a_deadline_error(host_a, qgis_app):  # noqa: F811
    host_a.drip("/data.bin", 4)
    with pytest.raises(DeadlineError):
        with RequestsTransport(retries=0, deadline=1.0) as transport:
            transport.open(host_a.url())
    assert isinstance(failure(host_a.url(), deadline=1.0), DeadlineError)
