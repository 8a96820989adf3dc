"""Which Python binding of libFLAC encodes and decodes: plibflac by default, pyflac otherwise;
the machine's own libFLAC can decode too (ctypes, core/flac_libflac.py), when forced.

plibflac publishes wheels for Windows, macOS (arm64) and Linux, so it installs without a
compiler; pyflac (source only) stays supported for installs that already have it. Both sit
behind the same small interface, one module each:

- ``Encoder(fileobj, channels, bits, compression_level, blocksize, partition_order)`` with
  ``write(samples)`` ((n, channels) int16/int32) and ``finish()``;
- ``frames(fileobj)``: a generator of (n, channels) arrays (int16 for 16-bit streams, int32 for
  32-bit ones) that checks the stream's MD5 after its last frame; closing it early is silent.

The ctypes decoder releases the GIL while libFLAC works, so tiles decode in parallel threads;
it decodes only.

Every failure of either binding leaves its module as a :class:`FlacRasterError` subclass
(CorruptFileError for a bad stream, EncodeError for an encoder failure). The environment
variable ``FLACRASTER_FLAC_BINDING`` (``plibflac``, ``pyflac`` or ``libflac``) forces one, for
the tests that run the codec through each: ``plibflac``/``pyflac`` encode and decode with that
package alone, ``libflac`` decodes with the ctypes decoder and encodes with the default.
"""

import importlib
import os

from .errors import MissingDependencyError

BINDING_ENV = "FLACRASTER_FLAC_BINDING"
# name -> module implementing the interface above, in order of preference.
BINDINGS = {"plibflac": ".flac_plibflac", "pyflac": ".flac_pyflac"}
DECODE_ONLY = {"libflac": ".flac_libflac"}


def _forced():
    forced = os.environ.get(BINDING_ENV, "").strip().lower()
    if forced and forced not in BINDINGS and forced not in DECODE_ONLY:
        raise MissingDependencyError(
            f"{BINDING_ENV}={forced!r}: the FLAC binding must be one of "
            f"{', '.join(list(BINDINGS) + list(DECODE_ONLY))}")
    return forced


def _load(name):
    """The binding module, or None when its package is missing or unusable here."""
    module = importlib.import_module({**BINDINGS, **DECODE_ONLY}[name], __package__)
    return module if module.available() else None


def _load_forced(name):
    module = _load(name)
    if module is None:
        raise MissingDependencyError(
            f"{BINDING_ENV} asks for the FLAC binding {name}, which is not installed")
    return module


def active():
    """The binding module that encodes now (the forced one, else the first installed)."""
    forced = _forced()
    if forced in BINDINGS:
        return _load_forced(forced)
    for name in BINDINGS:
        module = _load(name)
        if module is not None:
            return module
    from .dependencies import codec_missing_message
    raise MissingDependencyError(codec_missing_message())


def decoder():
    """The module whose ``frames()`` decodes now: the ctypes libFLAC decoder when forced,
    else :func:`active`. Not the default: measured on Debian 12, its libFLAC 1.4.2 plus one
    ctypes callback per frame costs ~30 % more CPU per tile than plibflac's libFLAC 1.5, which
    the second core does not win back."""
    forced = _forced()
    if forced in DECODE_ONLY:
        return _load_forced(forced)
    return active()


def name():
    """The active binding's name, or '' when none is installed."""
    try:
        return active().NAME
    except MissingDependencyError:
        return ""
