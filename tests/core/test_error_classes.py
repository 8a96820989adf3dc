"""Each user-facing transport failure has its own class (core/errors.py), raised whatever
the wording: callers branch on the class (tests/qgis/test_error_messages.py checks that the
QGIS transport raises the same ones)."""

import pytest

from flac_raster_qgis.core import errors
from flac_raster_qgis.core.sources.request_policy import Deadline, credentials_refused
from flac_raster_qgis.core.formats.detect import open_source


def test_every_case_is_a_transport_error():
    for kind in (errors.NotFoundError, errors.AccessDeniedError, errors.ForbiddenError,
                 errors.NoAnswerError, errors.DeadlineError, errors.RangeNotSupportedError,
                 errors.RemoteChangedError):
        assert issubclass(kind, errors.TransportError)   # existing except clauses still catch
    assert issubclass(errors.ForbiddenError, errors.AccessDeniedError)
    assert issubclass(errors.DeadlineError, errors.NoAnswerError)


def test_a_missing_local_file_is_not_found(tmp_path):
    with pytest.raises(errors.NotFoundError):
        open_source(str(tmp_path / "missing.flac"))


def test_policy_errors_have_their_classes():
    refused = credentials_refused("HTTP 401", "data.bin", "http://127.0.0.2:8000/data.bin")
    assert type(refused) is errors.AccessDeniedError
    assert isinstance(Deadline(1.0).error("data.bin", 0, 9), errors.DeadlineError)
