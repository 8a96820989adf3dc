"""Integer samples <-> one standard FLAC stream, through libFLAC.

The binding (plibflac by default, pyflac otherwise) is chosen in :mod:`.flac_binding`; this
module holds what does not depend on it: the raster-tuned encoder settings, sample widths and
channel counts, and the bounds that keep a damaged or hostile stream from yielding more
samples than the raster has. Encoding writes straight to a seekable file object, so libFLAC
fills in STREAMINFO's total sample count and MD5 (``flac -t`` passes without warnings);
decoding checks that MD5 whenever a stream is read to its end.
"""

import io
import logging

import numpy as np

from . import flac_binding
from .errors import CorruptFileError

# pyflac logs libFLAC's frame errors itself ("Error in libFLAC decoder: ..."), plibflac its
# warnings; we turn them into CorruptFileError with a message, so keep them off stderr
# (qgis_process output).
for _name in ("pyflac", "plibflac"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

MAX_CHANNELS = 8
RASTER_TUNED_LEVEL = 5       # from this compression level on, Rice partitions go finer
MAX_PARTITION_ORDER = 8      # the streamable subset's limit


class FlacStreamWriter:
    """Encode interleaved int16/int32 samples of shape (n, channels) into ``fileobj``.

    ``fileobj`` must be writable and seekable; the stream starts at its current position.
    ``partition_order`` overrides the maximum Rice partition order (the benchmarks' studies).
    """

    def __init__(self, fileobj, channels, bits, compression_level=5, blocksize=0,
                 partition_order=None):
        if not 1 <= channels <= MAX_CHANNELS:
            raise ValueError(f"FLAC holds 1 to {MAX_CHANNELS} channels, not {channels}")
        if bits not in (16, 32):
            raise ValueError("sample width must be 16 or 32 bits")
        level = int(min(max(compression_level, 0), 8))
        if partition_order is None and level >= RASTER_TUNED_LEVEL:
            # Raster rows change character along a 4096-sample block (land/sea, fill/scene)
            # far more than audio does: finer Rice partitions cost little time and gain up
            # to 9 % (ETOPO5). Still the streamable subset; any FLAC decoder reads it.
            partition_order = MAX_PARTITION_ORDER
        self._channels = channels
        self._encoder = flac_binding.active().Encoder(fileobj, channels, bits, level,
                                                      blocksize, partition_order)
        self.samples_written = 0

    def write(self, samples):
        """Append samples; ``samples`` is (n, channels) or (n,) for one channel."""
        samples = np.asarray(samples)
        if samples.ndim == 1:
            samples = samples.reshape(-1, 1)
        if samples.shape[0] == 0:
            return
        if samples.shape[1] != self._channels:
            raise ValueError("channel count changed within a stream")
        self._encoder.write(samples)
        self.samples_written += samples.shape[0]

    def close(self):
        if self.samples_written == 0:
            raise ValueError("a FLAC stream needs at least one sample")
        self._encoder.finish()


def encode_samples(samples, fileobj, compression_level=5):
    """Encode a whole (n, channels) int16/int32 array as one stream into ``fileobj``."""
    samples = np.asarray(samples)
    channels = 1 if samples.ndim == 1 else samples.shape[1]
    writer = FlacStreamWriter(fileobj, channels, samples.dtype.itemsize * 8, compression_level)
    writer.write(samples)
    writer.close()


class FlacStreamReader:
    """Decode one FLAC stream read from the binary file object ``fileobj`` (from its current
    position); :meth:`frames` yields (n, channels) arrays, int16 for 16-bit streams and int32
    for 32-bit streams. More than ``max_samples`` samples is a CorruptFileError.

    ``check_md5=False`` skips the end-to-end MD5 comparison (~25 % of decode time), only for
    bytes a CRC-32 has verified already (streaming tiles, see containerreader)."""

    def __init__(self, fileobj, max_samples=None, check_md5=True):
        self._file = fileobj
        self._max_samples = max_samples     # damaged/hostile streams stop here
        self._check_md5 = bool(check_md5)

    def frames(self):
        count = 0
        channels = None
        frames = flac_binding.active().frames(self._file, self._check_md5)
        try:
            for frame in frames:
                count += frame.shape[0]
                if self._max_samples is not None and count > self._max_samples:
                    raise CorruptFileError(
                        "FLAC data is damaged: the stream holds more samples than the raster")
                if channels is None:
                    channels = frame.shape[1]
                elif frame.shape[1] != channels:
                    raise CorruptFileError("FLAC data is damaged: the channel count changed")
                yield frame
        finally:
            frames.close()

    def decode_all(self):
        """Every frame of the stream, as a list of arrays."""
        return list(self.frames())


def decode_bytes(data, expected_samples=None, channels=None, max_samples=None, check_md5=True):
    """Decode a whole in-memory FLAC stream to one (n, channels) array.

    ``expected_samples``/``channels``, when given, are checked so that damaged input can
    never yield a wrongly shaped result; ``max_samples`` only bounds the count;
    ``check_md5`` as for :class:`FlacStreamReader`.
    """
    limit = expected_samples if expected_samples is not None else max_samples
    parts = FlacStreamReader(io.BytesIO(data), max_samples=limit,
                             check_md5=check_md5).decode_all()
    if not parts:
        raise CorruptFileError("The FLAC stream holds no audio frames")
    out = parts[0] if len(parts) == 1 else np.concatenate(parts)
    if channels is not None and out.shape[1] != channels:
        raise CorruptFileError(f"Expected {channels} channels, found {out.shape[1]}")
    if expected_samples is not None and out.shape[0] != expected_samples:
        raise CorruptFileError(
            f"Expected {expected_samples} samples per channel, decoded {out.shape[0]}")
    return out
