"""The alternative FLAC binding: pyflac 3 (libFLAC 1.4, source package: needs a compiler).

Only pyflac's public API: ``StreamEncoder`` with write/seek/tell callbacks, and
``StreamDecoder``, which decodes in its own thread from the bytes given to ``process()`` and
hands frames to a callback. Three consequences, all handled here:

- the frames come from another thread, through a small bounded queue: the decoder waits while
  the queue is full, and we feed it input only when it has produced nothing for a moment (and
  never more than :data:`MAX_AHEAD` bytes past the last frame), so memory stays bounded for
  any input;
- pyflac offers no MD5 check, so we hash the decoded samples ourselves (FLAC's MD5 is over the
  interleaved little-endian samples) and compare with STREAMINFO's;
- pyflac cannot set the Rice partition order, so its files are larger than plibflac's
  (measured: SRTM +0.1 %, ETOPO5 +10 % as streaming files); both decode either's files bit
  for bit.
"""

import hashlib
import io
import queue
import threading
import time

import numpy as np

from ..errors import CorruptFileError, EncodeError

NAME = "pyflac"
SAMPLE_RATE = 48000
CHUNK = 1 << 16               # bytes handed to the decoder at a time
MAX_FRAME_BYTES = 8 * 65535 * 4 + 1024    # the largest possible FLAC frame (verbatim, 8 ch)
MAX_AHEAD = 2 * MAX_FRAME_BYTES           # input past the last frame: beyond, it is not FLAC
FRAME_WAIT = 0.002            # s without a frame before more input is fed
END_WAIT = 0.05               # s without a frame after the last input: the stream has ended
STALL_DEADLINE = 30.0         # s for a frame once MAX_AHEAD is fed (generous: a frame takes ms)
_DONE = object()


def _pyflac():
    try:
        import pyflac
    except ImportError:
        return None
    return pyflac


def available():
    try:
        return _pyflac() is not None
    except Exception:  # noqa: BLE001 - a broken install (missing libsndfile, cffi) is absent
        return False


class Encoder:
    def __init__(self, fileobj, channels, bits, compression_level, blocksize, partition_order):
        # partition_order: not settable through pyflac's API (see the module docstring).
        pyflac = _pyflac()
        self._errors = (pyflac.EncoderInitException, pyflac.EncoderProcessException,
                        ValueError, TypeError, OSError)
        self._file = fileobj
        self._write_error = None
        self._base = fileobj.tell()
        self._dtype = np.int16 if bits == 16 else np.int32
        try:
            self._encoder = pyflac.StreamEncoder(
                sample_rate=SAMPLE_RATE, write_callback=self._on_write,
                seek_callback=self._seek, tell_callback=self._tell,
                compression_level=compression_level, blocksize=blocksize,
                streamable_subset=blocksize <= 4608)
        except self._errors as exc:
            raise EncodeError(f"libFLAC could not start encoding: {exc}") from exc

    def _on_write(self, buffer, num_bytes, num_samples, current_frame):
        # Called from C: an exception here would only be printed, so keep the first one and
        # raise it from write()/finish().
        if self._write_error is None:
            try:
                self._file.write(buffer)
            except OSError as exc:
                self._write_error = exc

    def _check_writes(self):
        if self._write_error is not None:
            raise EncodeError(f"Could not write the FLAC stream: {self._write_error}")

    def _seek(self, offset):
        self._file.seek(self._base + offset)

    def _tell(self):
        return self._file.tell() - self._base

    def write(self, samples):
        try:
            self._encoder.process(np.ascontiguousarray(samples, dtype=self._dtype))
        except self._errors as exc:
            raise EncodeError(f"libFLAC failed to encode: {exc}") from exc
        self._check_writes()

    def finish(self):
        try:
            ok = self._encoder.finish()
        except self._errors as exc:
            raise EncodeError(f"libFLAC failed to finish the stream: {exc}") from exc
        self._check_writes()
        if not ok:
            raise EncodeError(f"libFLAC failed to finish the stream: {self._encoder.state}")


class _StreamInfo:
    """What we need from STREAMINFO: sample width, total samples, MD5 (zeros: not recorded)."""

    def __init__(self, head):
        if len(head) < 42 or head[:4] != b"fLaC" or head[4] & 0x7F != 0:
            raise CorruptFileError("FLAC data is damaged: no STREAMINFO block")
        info = head[8:42]
        packed = int.from_bytes(info[10:18], "big")
        self.bits = ((packed >> 36) & 0x1F) + 1
        self.total = packed & ((1 << 36) - 1)
        self.md5 = bytes(info[18:34])
        if self.bits not in (16, 32):
            raise CorruptFileError(f"FLAC data is damaged: unsupported sample width {self.bits}")


class _Frames:
    """One pyflac StreamDecoder fed from ``fileobj``; frames come back through a queue."""

    def __init__(self, pyflac, fileobj, check_md5=True):
        self._pyflac = pyflac
        self._file = fileobj
        self._check_md5 = check_md5
        self._queue = queue.Queue(maxsize=4)
        self._abandoned = threading.Event()
        self._failure = None
        self._decoder = None       # started once the stream's header is known to be FLAC

    def _on_frame(self, audio, sample_rate, channels, samples):
        self._put(audio)            # runs in pyflac's thread

    def _put(self, item):
        """Wait (backpressure) while the consumer is behind; drop once it has gone."""
        while not self._abandoned.is_set():
            try:
                self._queue.put(item, timeout=0.05)
                return
            except queue.Full:
                continue

    def _aborted(self):
        state = self._decoder.state
        return state in (self._pyflac.DecoderState.ABORTED,
                         self._pyflac.DecoderState.MEMORY_ALLOCATION_ERROR,
                         self._pyflac.DecoderState.SEEK_ERROR,
                         self._pyflac.DecoderState.OGG_ERROR)

    def _finish_in_background(self):
        """pyflac's finish() waits for the decoder thread, which may wait for queue space:
        run it beside the consumer, then mark the end of the frames."""
        def finish():
            try:
                self._decoder.finish()
            except Exception as exc:  # noqa: BLE001 - reported to the consumer below
                self._failure = exc
            finally:
                self._put(_DONE)

        thread = threading.Thread(target=finish, name="flacraster-pyflac-finish", daemon=True)
        thread.start()
        return thread

    def __iter__(self):
        # In-memory input is handed over whole (it is in memory already); a file goes in
        # CHUNK by CHUNK, each when the decoder has produced nothing for FRAME_WAIT.
        whole = isinstance(self._file, io.BytesIO)
        head = self._file.read() if whole else self._file.read(CHUNK)
        info = _StreamInfo(head)
        md5 = hashlib.md5() if self._check_md5 else None
        dtype = np.dtype("<i2" if info.bits == 16 else "<i4")
        # pyflac starts its decoding thread here; the finally below always ends it.
        self._decoder = self._pyflac.StreamDecoder(write_callback=self._on_frame)
        try:
            self._decoder.process(bytes(head))
        except BaseException:
            self._abandon(None)
            raise
        ahead, decoded, finisher, exhausted = len(head), 0, None, whole
        progress = time.monotonic()
        try:
            while True:
                try:
                    frame = self._queue.get(timeout=FRAME_WAIT)
                except queue.Empty:
                    if self._aborted():
                        raise CorruptFileError("FLAC data is damaged: libFLAC stopped "
                                               f"decoding ({self._decoder.state})") from None
                    idle = time.monotonic() - progress
                    if finisher is not None:
                        continue                      # it ends with _DONE
                    if (info.total and decoded >= info.total) or (exhausted and idle > END_WAIT):
                        finisher = self._finish_in_background()
                    elif ahead >= MAX_AHEAD and idle > STALL_DEADLINE:
                        raise CorruptFileError(
                            "FLAC data is damaged: no frame found in the stream") from None
                    elif not exhausted and ahead < MAX_AHEAD:
                        chunk = self._file.read(CHUNK)
                        exhausted = not chunk
                        if chunk:
                            self._decoder.process(bytes(chunk))
                            ahead += len(chunk)
                        progress = time.monotonic()
                    continue
                if frame is _DONE:
                    break
                ahead, progress = 0, time.monotonic()
                decoded += frame.shape[0]
                if md5 is not None:
                    md5.update(np.ascontiguousarray(frame, dtype=dtype).tobytes())
                yield frame
            if self._failure is not None:
                raise CorruptFileError(f"FLAC data is damaged: {self._failure}")
            if md5 is not None and info.md5 != bytes(16) and md5.digest() != info.md5:
                raise CorruptFileError(
                    "FLAC data is damaged: the decoded samples do not match the stream's MD5 "
                    "signature")
        finally:
            self._abandon(finisher)

    def _abandon(self, finisher):
        """Stop pyflac's thread whatever state it is in: frames are dropped from now on."""
        self._abandoned.set()
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        if finisher is None:
            try:
                self._decoder.finish()
            except Exception:  # noqa: BLE001 - abandoned: its errors no longer matter
                pass
        else:
            finisher.join()


def frames(fileobj, check_md5=True):
    """(n, channels) arrays of the stream read from ``fileobj``, MD5-checked at the end
    (unless ``check_md5`` is False)."""
    pyflac = _pyflac()
    try:
        yield from _Frames(pyflac, fileobj, check_md5)
    except (pyflac.DecoderInitException, pyflac.DecoderProcessException, ValueError) as exc:
        raise CorruptFileError(f"FLAC decoding failed: {exc}") from exc
