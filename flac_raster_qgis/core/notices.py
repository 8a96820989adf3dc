"""A reader's warnings reach every kind of caller: the Feedback log (Processing, the page),
``warnings.warn`` (scripts, notebooks, pytest) and the ``flac_raster_qgis`` logger.

A script calling ``flac_to_raster`` on a flac-raster 0.1.x file that lost information used to
get no sign of it unless it passed a ``Feedback(log=...)``.
"""

import logging
import warnings

from .errors import FlacRasterWarning, LossySourceWarning

LOGGER = logging.getLogger("flac_raster_qgis")

# GeoTIFF metadata items saying the output was decoded from a file that had lost information
LOSSY_TAG = "FLACRASTER_SOURCE_LOSSY"
LOSSY_NOTES_TAG = "FLACRASTER_SOURCE_NOTES"


def emit_reader_warnings(reader, feedback, already=()):
    """Send each warning of ``reader`` not in ``already`` to all three channels; return the
    warnings sent so far (pass it back as ``already`` after a read found new ones)."""
    sent = list(already)
    for message in reader.warnings:
        if message in sent:
            continue
        sent.append(message)
        feedback.info(message)
        LOGGER.warning(message)
        category = LossySourceWarning if message in reader.loss_notes else FlacRasterWarning
        warnings.warn(message, category, stacklevel=3)
    return sent


def lossy_tags(reader):
    """GeoTIFF dataset tags for an output of ``reader`` ({} if the file lost nothing)."""
    if not reader.loss_notes:
        return {}
    return {LOSSY_TAG: "YES", LOSSY_NOTES_TAG: " | ".join(reader.loss_notes)}
