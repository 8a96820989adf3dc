"""Which Python binding of libFLAC encodes and decodes: plibflac by default, pyflac otherwise.

plibflac publishes wheels for Windows, macOS (arm64) and Linux, so it installs without a
compiler; pyflac (source only) stays supported for installs that already have it. Both sit
behind the same small interface, one module each:

- ``Encoder(fileobj, channels, bits, compression_level, blocksize, partition_order)`` with
  ``write(samples)`` ((n, channels) int16/int32) and ``finish()``;
- ``frames(fileobj)``: a generator of (n, channels) arrays (int16 for 16-bit streams, int32 for
  32-bit ones) that checks the stream's MD5 after its last frame; closing it early is silent.

Every failure of either binding leaves its module as a :class:`FlacRasterError` subclass
(CorruptFileError for a bad stream, EncodeError for an encoder failure). The environment
variable ``FLACRASTER_FLAC_BINDING`` (``plibflac`` or ``pyflac``) forces one, for the tests
that run the codec through each.
"""

import importlib
import os

from .errors import MissingDependencyError

BINDING_ENV = "FLACRASTER_FLAC_BINDING"
# name -> module implementing the interface above, in order of preference.
BINDINGS = {"plibflac": ".flac_plibflac", "pyflac": ".flac_pyflac"}


def _load(name):
    """The binding module, or None when its package is missing or unusable here."""
    module = importlib.import_module(BINDINGS[name], __package__)
    return module if module.available() else None


def active():
    """The binding module to use now (the forced one, else the first that is installed)."""
    forced = os.environ.get(BINDING_ENV, "").strip().lower()
    if forced:
        if forced not in BINDINGS:
            raise MissingDependencyError(
                f"{BINDING_ENV}={forced!r}: the FLAC binding must be one of "
                f"{', '.join(BINDINGS)}")
        module = _load(forced)
        if module is None:
            raise MissingDependencyError(
                f"{BINDING_ENV} asks for the FLAC binding {forced}, which is not installed")
        return module
    for name in BINDINGS:
        module = _load(name)
        if module is not None:
            return module
    from .dependencies import codec_missing_message
    raise MissingDependencyError(codec_missing_message())


def name():
    """The active binding's name, or '' when none is installed."""
    try:
        return active().NAME
    except MissingDependencyError:
        return ""
