"""Integer samples <-> one standard FLAC stream, through libFLAC (bundled with pyflac).

Encoding writes straight to a seekable file object, so libFLAC fills in STREAMINFO's total
sample count and MD5 (``flac -t`` then passes without warnings).

Decoding is synchronous: pyflac's ``StreamDecoder`` runs a thread and polls with 10 ms
sleeps, and its ``OneShotDecoder`` stops before the last buffered frames. We drive libFLAC
from the calling thread instead (one call per in-memory stream, or frame by frame for a file),
through pyflac's cffi module: our own bodies for its read and frame callbacks serve our
decoders (other pyflac users in the process keep pyflac's), its error callback is reused.
"""

import logging

import numpy as np

from .errors import CorruptFileError, MissingDependencyError

# pyflac logs libFLAC's frame errors itself ("Error in libFLAC decoder: ..."); we turn them
# into CorruptFileError with a message, so keep them off stderr (qgis_process output).
logging.getLogger("pyflac").addHandler(logging.NullHandler())

SAMPLE_RATE = 48000          # meaningless for rasters, but must be valid FLAC
MAX_CHANNELS = 8
RASTER_TUNED_LEVEL = 5       # from this compression level on, Rice partitions go finer
MAX_PARTITION_ORDER = 8      # the streamable subset's limit


def _pyflac():
    try:
        import pyflac  # noqa: F401  (imported for its cffi modules)
        from pyflac import decoder as pyflac_decoder
        from pyflac import encoder as pyflac_encoder
    except ImportError as exc:  # pragma: no cover - exercised by the dependency check
        raise MissingDependencyError(
            "The Python package 'pyflac' is missing: install it with "
            "'python3 -m pip install pyflac==3.0.0' in the Python that runs QGIS.") from exc
    return pyflac_encoder, pyflac_decoder


class FlacStreamWriter:
    """Encode interleaved int16/int32 samples of shape (n, channels) into ``fileobj``.

    ``fileobj`` must be writable and seekable; the stream starts at its current position.
    """

    def __init__(self, fileobj, channels, bits, compression_level=5, blocksize=0):
        if not 1 <= channels <= MAX_CHANNELS:
            raise ValueError(f"FLAC holds 1 to {MAX_CHANNELS} channels, not {channels}")
        if bits not in (16, 32):
            raise ValueError("sample width must be 16 or 32 bits")
        encoder_mod, _ = _pyflac()
        self._file = fileobj
        self._dtype = np.int16 if bits == 16 else np.int32
        self._channels = channels
        self._encoder = encoder_mod.StreamEncoder(
            sample_rate=SAMPLE_RATE,
            write_callback=self._on_write,
            seek_callback=self._file.seek,
            tell_callback=self._file.tell,
            compression_level=int(min(max(compression_level, 0), 8)),
            blocksize=blocksize,
            streamable_subset=blocksize <= 4608,
        )
        if compression_level >= RASTER_TUNED_LEVEL:
            # Raster rows change character along a 4096-sample block (land/sea, fill/scene)
            # far more than audio does: finer Rice partitions cost little time and gain up
            # to 9 % (ETOPO5). Still the streamable subset; any FLAC decoder reads it.
            encoder_mod._lib.FLAC__stream_encoder_set_max_residual_partition_order(
                self._encoder._encoder, MAX_PARTITION_ORDER)
        self.samples_written = 0

    def _on_write(self, buffer, num_bytes, num_samples, current_frame):
        self._file.write(buffer)

    def write(self, samples):
        """Append samples; ``samples`` is (n, channels) or (n,) for one channel."""
        samples = np.asarray(samples)
        if samples.ndim == 1:
            samples = samples.reshape(-1, 1)
        if samples.shape[0] == 0:
            return
        if samples.shape[1] != self._channels:
            raise ValueError("channel count changed within a stream")
        self._encoder.process(np.ascontiguousarray(samples, dtype=self._dtype))
        self.samples_written += samples.shape[0]

    def close(self):
        if self.samples_written == 0:
            raise ValueError("a FLAC stream needs at least one sample")
        if not self._encoder.finish():
            raise CorruptFileError(f"libFLAC failed to finish the stream: {self._encoder.state}")


def encode_samples(samples, fileobj, compression_level=5):
    """Encode a whole (n, channels) int16/int32 array as one stream into ``fileobj``."""
    samples = np.asarray(samples)
    channels = 1 if samples.ndim == 1 else samples.shape[1]
    writer = FlacStreamWriter(fileobj, channels, samples.dtype.itemsize * 8, compression_level)
    writer.write(samples)
    writer.close()


class _NoWaitEvent:
    """Stands in for pyflac's threading.Event (its error callback calls set())."""

    def wait(self, timeout=None):
        return True

    def set(self):
        pass

    def clear(self):
        pass


class FlacStreamReader:
    """Decode one FLAC stream read from ``read(n)``; :meth:`frames` yields (n, channels) arrays.

    The samples are int16 for 16-bit streams and int32 for 32-bit streams.
    """

    def __init__(self, read, max_samples=None, check_md5=True):
        _, decoder_mod = _pyflac()
        self._decoder_mod = decoder_mod
        self._decoder = _SyncDecoder(decoder_mod, read, check_md5)
        self._decoder.max_samples = max_samples   # damaged/hostile streams stop here

    def decode_all(self):
        """All frames in ONE libFLAC call: the GIL is taken only inside the callbacks, so
        several threads decoding tiles overlap better than with frame-by-frame calls."""
        lib = self._decoder_mod._lib
        dec = self._decoder
        try:
            ok = lib.FLAC__stream_decoder_process_until_end_of_stream(dec._decoder)
            self._check(ok)
            state = lib.FLAC__stream_decoder_get_state(dec._decoder)
            if state != lib.FLAC__STREAM_DECODER_END_OF_STREAM:
                raise CorruptFileError(f"FLAC decoding failed: {dec.state}")
            self._finish()
        except BaseException:
            dec.finish()
            raise
        return dec.pending

    def _check(self, ok):
        dec = self._decoder
        if dec._error:
            raise CorruptFileError(f"FLAC data is damaged: {dec._error}")
        if not ok:
            raise CorruptFileError(f"FLAC decoding failed: {dec.state}")

    def _finish(self):
        lib = self._decoder_mod._lib
        if not lib.FLAC__stream_decoder_finish(self._decoder._decoder):
            raise CorruptFileError(
                "FLAC data is damaged: the decoded samples do not match the stream's MD5 "
                "signature")

    def frames(self):
        lib = self._decoder_mod._lib
        dec = self._decoder
        pending = dec.pending
        finished = False
        try:
            while True:
                ok = lib.FLAC__stream_decoder_process_single(dec._decoder)
                while pending:
                    yield pending.pop(0)
                self._check(ok)
                state = lib.FLAC__stream_decoder_get_state(dec._decoder)
                if state == lib.FLAC__STREAM_DECODER_END_OF_STREAM:
                    finished = True
                    self._finish()
                    return
                if state in (lib.FLAC__STREAM_DECODER_ABORTED,
                             lib.FLAC__STREAM_DECODER_MEMORY_ALLOCATION_ERROR,
                             lib.FLAC__STREAM_DECODER_SEEK_ERROR,
                             lib.FLAC__STREAM_DECODER_OGG_ERROR):
                    raise CorruptFileError(f"FLAC decoding failed: {dec.state}")
        finally:
            if not finished:
                dec.finish()


def _make_sync_decoder_class(decoder_mod):
    class SyncDecoder(decoder_mod._Decoder):
        def __init__(self, read, check_md5=True):
            super().__init__()
            self._read = read                 # our read callback pulls bytes from here
            self._event = _NoWaitEvent()      # pyflac's error callback sets it
            self.pending = []
            self.samples = 0
            self.max_samples = None
            self._flac_raster_sync = True     # our read/frame callbacks handle this decoder
            lib, ffi = decoder_mod._lib, decoder_mod._ffi
            # End-to-end check: libFLAC compares the decoded samples with STREAMINFO's MD5
            # (~25 % of decode time; skipped only for bytes a CRC-32 has already verified).
            lib.FLAC__stream_decoder_set_md5_checking(self._decoder, bool(check_md5))
            rc = lib.FLAC__stream_decoder_init_stream(
                self._decoder, lib._read_callback, ffi.NULL, ffi.NULL, ffi.NULL, ffi.NULL,
                lib._write_callback, ffi.NULL, lib._error_callback, self._decoder_handle)
            if rc != lib.FLAC__STREAM_DECODER_INIT_STATUS_OK:
                raise CorruptFileError(f"libFLAC decoder init failed ({rc})")

    return SyncDecoder


_SYNC_CLASSES = {}


def _SyncDecoder(decoder_mod, read, check_md5=True):
    cls = _SYNC_CLASSES.get(id(decoder_mod))
    if cls is None:
        _install_read_callback(decoder_mod)
        _install_frame_callback(decoder_mod)
        cls = _SYNC_CLASSES[id(decoder_mod)] = _make_sync_decoder_class(decoder_mod)
    return cls(read, check_md5)


def _install_read_callback(decoder_mod):
    """Attach a direct Python body to pyflac's C-level read callback, for our decoders only.

    pyflac's version slices and re-slices a queue of byte strings under a lock for every
    read; ours copies straight from the caller's buffer (a memoryview for in-memory tiles),
    so less time is spent holding the GIL and tile decoding scales across threads. Other
    pyflac decoders in the process go to pyflac's own function unchanged.
    """
    ffi, lib = decoder_mod._ffi, decoder_mod._lib
    original = decoder_mod._read_callback
    cont = lib.FLAC__STREAM_DECODER_READ_STATUS_CONTINUE
    end = lib.FLAC__STREAM_DECODER_READ_STATUS_END_OF_STREAM
    abort = lib.FLAC__STREAM_DECODER_READ_STATUS_ABORT

    @ffi.def_extern(name="_read_callback", error=abort)
    def _read_callback(decoder_ptr, byte_buffer, num_bytes, client_data):
        decoder = ffi.from_handle(client_data)
        if not getattr(decoder, "_flac_raster_sync", False):
            return original(decoder_ptr, byte_buffer, num_bytes, client_data)
        if decoder._error:
            return abort
        chunk = decoder._read(int(num_bytes[0]))
        size = len(chunk)
        num_bytes[0] = size
        if not size:
            return end
        ffi.memmove(byte_buffer, chunk, size)
        return cont


def _install_frame_callback(decoder_mod):
    """Attach a leaner Python body to pyflac's C-level frame callback, for our decoders only.

    pyflac converts every frame channel by channel (astype, column_stack) before calling
    back; writing the channels straight into one array makes tile decoding ~10 % faster.
    Any other pyflac decoder in the process (e.g. another plugin's) is passed to pyflac's
    own function unchanged, so its behaviour does not change.
    """
    ffi, lib = decoder_mod._ffi, decoder_mod._lib
    original = decoder_mod._write_callback
    cont = lib.FLAC__STREAM_DECODER_WRITE_STATUS_CONTINUE

    @ffi.def_extern(name="_write_callback", error=lib.FLAC__STREAM_DECODER_WRITE_STATUS_ABORT)
    def _write_callback(decoder_ptr, frame, buffer, client_data):
        decoder = ffi.from_handle(client_data)
        pending = getattr(decoder, "pending", None)
        if pending is None or not getattr(decoder, "_flac_raster_sync", False):
            return original(decoder_ptr, frame, buffer, client_data)
        header = frame.header
        n, channels, bits = header.blocksize, header.channels, header.bits_per_sample
        if bits not in (16, 32):
            decoder._error = f"unsupported sample width {bits}"
            return lib.FLAC__STREAM_DECODER_WRITE_STATUS_ABORT
        decoder.samples += n
        if decoder.max_samples is not None and decoder.samples > decoder.max_samples:
            decoder._error = "the stream holds more samples than the raster"
            return lib.FLAC__STREAM_DECODER_WRITE_STATUS_ABORT
        out = np.empty((n, channels), dtype=np.int16 if bits == 16 else np.int32)
        for ch in range(channels):
            # libFLAC hands out int32 per channel; 16-bit values fit exactly.
            out[:, ch] = np.frombuffer(ffi.buffer(buffer[ch], n * 4), dtype=np.int32)
        pending.append(out)
        return cont


def memory_reader(data):
    """``read(n)`` over an in-memory stream for :class:`FlacStreamReader`: slices of one
    memoryview (the read callback copies them straight into libFLAC's buffer)."""
    view = memoryview(data)
    pos = 0

    def read(n):
        nonlocal pos
        chunk = view[pos:pos + n]
        pos += len(chunk)
        return chunk

    return read


def decode_bytes(data, expected_samples=None, channels=None, max_samples=None, check_md5=True):
    """Decode a whole in-memory FLAC stream to one (n, channels) array.

    ``expected_samples``/``channels``, when given, are checked so that damaged input can
    never yield a wrongly shaped result; ``max_samples`` only bounds the count.
    ``check_md5=False`` is for streams whose bytes a stronger check has already verified
    (a streaming tile's CRC-32 from the index); the frames' CRC-16 are checked regardless.
    """
    limit = expected_samples if expected_samples is not None else max_samples
    parts = FlacStreamReader(memory_reader(data), max_samples=limit,
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
