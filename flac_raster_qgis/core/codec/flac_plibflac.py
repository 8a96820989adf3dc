"""The default FLAC binding: plibflac (reference libFLAC 1.5, wheels for every major platform).

Only plibflac's public API: ``Encoder``/``Decoder`` over file objects. Decoding is strict
(``errors='strict'``: any libFLAC stream error raises instead of being skipped or zero-filled)
and checks STREAMINFO's MD5 when the stream was read to its end. plibflac 0.1.x has no strict
mode, so it counts as absent (a damaged frame would silently decode as zeros).
"""

import threading

import numpy as np

from ..errors import CorruptFileError, EncodeError

NAME = "plibflac"
SAMPLE_RATE = 48000          # meaningless for rasters, but must be valid FLAC
# Samples per channel per read(): plibflac allocates the whole request up front, so a stream
# that claims a huge length never costs more than this (x channels x 4 bytes) at a time.
READ_CHUNK = 1 << 18
SCRATCH_LIMIT = 1 << 22      # samples: the largest per-thread encoder buffer kept (16 MB)


def _plibflac():
    try:
        import plibflac
    except ImportError:
        return None
    return plibflac


def available():
    plibflac = _plibflac()
    if plibflac is None:
        return False
    try:
        return int(str(plibflac.__version__).split(".")[0]) >= 1
    except (AttributeError, ValueError):
        return False


class Encoder:
    """libFLAC's stream encoder writing to ``fileobj`` (seekable: STREAMINFO gets the total
    sample count and the MD5 at the end)."""

    def __init__(self, fileobj, channels, bits, compression_level, blocksize, partition_order):
        plibflac = _plibflac()
        self._error = plibflac.Error
        options = {"channels": channels, "bits_per_sample": bits, "sample_rate": SAMPLE_RATE,
                   "compression_level": compression_level,
                   "streamable_subset": blocksize <= 4608}
        if blocksize:
            options["blocksize"] = blocksize
        if partition_order is not None:
            options["max_residual_partition_order"] = partition_order
        try:
            self._encoder = plibflac.Encoder(fileobj, **options)
            self._encoder.open()
        except (self._error, ValueError, TypeError, OSError) as exc:
            raise EncodeError(f"libFLAC could not start encoding: {exc}") from exc

    def write(self, samples):
        planes = _planes(np.asarray(samples))
        try:
            self._encoder.write(list(planes))
        except (self._error, ValueError, TypeError, OSError) as exc:
            raise EncodeError(f"libFLAC failed to encode: {exc}") from exc

    def finish(self):
        try:
            self._encoder.close()
        except (self._error, ValueError, OSError) as exc:
            raise EncodeError(f"libFLAC failed to finish the stream: {exc}") from exc


_scratch = threading.local()


def _planes(samples):
    """One contiguous int32 row per channel, as plibflac takes them, in a per-thread buffer
    reused from call to call: a fresh megabyte per tile costs as much as a third of the
    encoding itself (page faults). libFLAC has copied the samples when write() returns."""
    n, channels = samples.shape
    size = n * channels
    if size > SCRATCH_LIMIT:
        return np.ascontiguousarray(samples.T, dtype=np.int32)
    buffer = getattr(_scratch, "buffer", None)
    if buffer is None or buffer.size < size:
        buffer = _scratch.buffer = np.empty(max(size, 1 << 18), dtype=np.int32)
    planes = buffer[:size].reshape(channels, n)
    np.copyto(planes, samples.T)
    return planes


def _to_array(planes, dtype):
    n = len(planes[0])
    if len(planes) == 1:
        return np.frombuffer(planes[0], dtype=np.int32).astype(dtype).reshape(n, 1)
    out = np.empty((n, len(planes)), dtype=dtype)
    for ch, plane in enumerate(planes):
        out[:, ch] = np.frombuffer(plane, dtype=np.int32)   # 16-bit values fit exactly
    return out


def frames(fileobj, check_md5=True):
    """(n, channels) arrays of the stream read from ``fileobj``, MD5-checked at the end
    (unless ``check_md5`` is False)."""
    plibflac = _plibflac()
    error = plibflac.Error
    try:
        decoder = plibflac.Decoder(fileobj, errors="strict", md5_checking=bool(check_md5))
    except (error, ValueError, TypeError, OSError) as exc:
        raise CorruptFileError(f"FLAC decoding failed: {exc}") from exc
    finished = False
    try:
        dtype = None
        while True:
            try:
                planes = decoder.read(READ_CHUNK)
            except error as exc:
                raise CorruptFileError(f"FLAC data is damaged: {exc}") from exc
            if dtype is None:
                dtype = _sample_dtype(decoder)
            if planes is None:
                break
            yield _to_array(planes, dtype)
        finished = True
        try:
            decoder.close()
        except error as exc:
            raise CorruptFileError(
                "FLAC data is damaged: the decoded samples do not match the stream's MD5 "
                "signature") from exc
    finally:
        if not finished:
            try:
                # Abandoned early: its MD5 cannot match, and need not; the file may be closed
                # already (a generator finalised after its ``with open()`` block).
                decoder.close()
            except (error, ValueError, OSError):
                pass


def _sample_dtype(decoder):
    if decoder.channels == 0:
        raise CorruptFileError("FLAC data is damaged: no STREAMINFO block")
    bits = decoder.bits_per_sample
    if bits not in (16, 32):
        raise CorruptFileError(f"FLAC data is damaged: unsupported sample width {bits}")
    return np.int16 if bits == 16 else np.int32
