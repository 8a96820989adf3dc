"""The page's words for transport failures (gui/source_select.describe_error), fed with the
real errors of the QGIS transport against our fault server."""

import pytest

from flac_raster_qgis.core.errors import TransportError
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
