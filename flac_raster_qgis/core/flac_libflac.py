"""A decode-only FLAC binding: the machine's own libFLAC (>= 1.4) through ctypes.

Why: plibflac holds the GIL while libFLAC decodes, so the reader's decode threads run one at a
time. A ctypes call releases the GIL for the C call; only our small callbacks (one per FLAC
frame, plus a few reads) take it back, so tiles decode on both cores. Where no libFLAC is found
(``ctypes.util.find_library('FLAC')``: Debian 12 has libFLAC.so.12, Debian 13 libFLAC.so.14)
or it is older than 1.4 (no 32-bit samples), this module counts as absent and plibflac/pyflac
decode as before. Encoding always stays with those bindings.

Strict like the others: any libFLAC error callback (lost sync, bad header, CRC mismatch) aborts
the stream as CorruptFileError before the damaged frame is used; a frame whose channels or
sample width differ from STREAMINFO, a stream shorter than STREAMINFO's sample count, and an
MD5 mismatch at the end are CorruptFileError too. An exception inside a callback aborts the
decoder (ctypes would otherwise print it and let libFLAC continue) and is raised afterwards.
"""

import ctypes
import ctypes.util
import threading

import numpy as np

from .errors import CorruptFileError

NAME = "libflac"
READ_CHUNK = 1 << 18          # samples per channel per yielded array (bounds memory per step)
MIN_VERSION = (1, 4)          # 32-bit samples
LIBRARY_NAMES = ("FLAC",)

# libFLAC's enums (stream_decoder.h), stable since 1.2
READ_CONTINUE, READ_END_OF_STREAM, READ_ABORT = 0, 1, 2
WRITE_CONTINUE, WRITE_ABORT = 0, 1
STATE_END_OF_STREAM = 4
METADATA_STREAMINFO = 0
ERROR_NAMES = {0: "lost sync", 1: "bad frame header", 2: "frame CRC mismatch",
               3: "unparseable stream", 4: "bad metadata", 5: "out of bounds"}

_decoder_p = ctypes.c_void_p
_READ = ctypes.CFUNCTYPE(ctypes.c_int, _decoder_p, ctypes.c_void_p,
                         ctypes.POINTER(ctypes.c_size_t), ctypes.c_void_p)
# plain addresses only: ctypes builds POINTER arguments slowly, once per frame
_WRITE = ctypes.CFUNCTYPE(ctypes.c_int, _decoder_p, ctypes.c_void_p, ctypes.c_void_p,
                          ctypes.c_void_p)
_METADATA = ctypes.CFUNCTYPE(None, _decoder_p, ctypes.c_void_p, ctypes.c_void_p)
_ERROR = ctypes.CFUNCTYPE(None, _decoder_p, ctypes.c_int, ctypes.c_void_p)


class _FrameHeader(ctypes.Structure):
    """The leading fields of FLAC__FrameHeader (all we read)."""
    _fields_ = [("blocksize", ctypes.c_uint32), ("sample_rate", ctypes.c_uint32),
                ("channels", ctypes.c_uint32), ("channel_assignment", ctypes.c_int),
                ("bits_per_sample", ctypes.c_uint32)]


class _StreamInfo(ctypes.Structure):
    _fields_ = [("min_blocksize", ctypes.c_uint32), ("max_blocksize", ctypes.c_uint32),
                ("min_framesize", ctypes.c_uint32), ("max_framesize", ctypes.c_uint32),
                ("sample_rate", ctypes.c_uint32), ("channels", ctypes.c_uint32),
                ("bits_per_sample", ctypes.c_uint32), ("total_samples", ctypes.c_uint64),
                ("md5sum", ctypes.c_ubyte * 16)]


class _Metadata(ctypes.Structure):
    """FLAC__StreamMetadata with the STREAMINFO member of its data union."""
    _fields_ = [("type", ctypes.c_int), ("is_last", ctypes.c_int), ("length", ctypes.c_uint32),
                ("stream_info", _StreamInfo)]


_lock = threading.Lock()
_library = []     # [] not looked up yet, [None] absent, [CDLL] found


def _find():
    for name in LIBRARY_NAMES:
        path = ctypes.util.find_library(name)
        if not path:
            continue
        try:
            lib = ctypes.CDLL(path)
            version = ctypes.c_char_p.in_dll(lib, "FLAC__VERSION_STRING").value.decode()
            if tuple(int(p) for p in version.split(".")[:2]) < MIN_VERSION:
                continue
            _declare(lib)
        except (OSError, AttributeError, ValueError, UnicodeDecodeError):
            continue
        return lib
    return None


def _declare(lib):
    d = _decoder_p
    signatures = {
        "FLAC__stream_decoder_new": (d, []),
        "FLAC__stream_decoder_delete": (None, [d]),
        "FLAC__stream_decoder_set_md5_checking": (ctypes.c_int, [d, ctypes.c_int]),
        "FLAC__stream_decoder_init_stream": (ctypes.c_int, [
            d, _READ, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
            _WRITE, _METADATA, _ERROR, ctypes.c_void_p]),
        "FLAC__stream_decoder_process_single": (ctypes.c_int, [d]),
        "FLAC__stream_decoder_process_until_end_of_stream": (ctypes.c_int, [d]),
        "FLAC__stream_decoder_process_until_end_of_metadata": (ctypes.c_int, [d]),
        "FLAC__stream_decoder_get_state": (ctypes.c_int, [d]),
        "FLAC__stream_decoder_finish": (ctypes.c_int, [d]),
    }
    for name, (restype, argtypes) in signatures.items():
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = restype, argtypes


def library():
    """The loaded libFLAC, or None (looked up once per process)."""
    with _lock:
        if not _library:
            _library.append(_find())
        return _library[0]


def available():
    return library() is not None


class _Stream:
    """One libFLAC decoder over ``fileobj``, with its callbacks and what they collected."""

    def __init__(self, lib, fileobj, check_md5, max_samples=None):
        self.lib = lib
        self.file = fileobj
        self.info = None          # (channels, bits, total samples) from STREAMINFO
        self.error = None         # why the stream is refused (set by any callback)
        self.too_many = False     # more samples than ``max_samples``
        self.limit = max_samples
        self.pending = []         # decoded frames not yet handed out: int32 (channels, n)
        self.pending_samples = 0
        self.decoded = 0
        self.out = None           # whole-stream int32 (channels, total) buffer, if allocated
        self._pointers = None     # ctypes type: the frame's array of channel pointers
        # the CFUNCTYPE objects must live as long as the decoder
        self._callbacks = (_READ(self._read), _WRITE(self._write), _METADATA(self._metadata),
                           _ERROR(self._error))
        self.handle = lib.FLAC__stream_decoder_new()
        if not self.handle:
            raise MemoryError("libFLAC could not allocate a decoder")
        lib.FLAC__stream_decoder_set_md5_checking(self.handle, 1 if check_md5 else 0)
        status = lib.FLAC__stream_decoder_init_stream(
            self.handle, self._callbacks[0], None, None, None, None, self._callbacks[1],
            self._callbacks[2], self._callbacks[3], None)
        if status != 0:
            self.close()
            raise CorruptFileError(f"FLAC decoding failed: libFLAC init status {status}")

    # -- callbacks (libFLAC's thread, GIL taken back by ctypes): never raise ---------------
    def _read(self, _decoder, buffer, size, _client):
        try:
            wanted = size[0]
            readinto = getattr(self.file, "readinto", None)
            if readinto is not None:
                got = readinto((ctypes.c_ubyte * wanted).from_address(buffer))
            else:
                data = self.file.read(wanted)
                got = len(data)
                ctypes.memmove(buffer, data, got)
            size[0] = got or 0
            return READ_CONTINUE if got else READ_END_OF_STREAM
        except Exception as exc:  # noqa: BLE001 - reported after libFLAC returns
            self.error = self.error or f"reading failed: {exc}"
            size[0] = 0
            return READ_ABORT

    def _metadata(self, _decoder, metadata, _client):
        try:
            block = _Metadata.from_address(metadata)
            if block.type == METADATA_STREAMINFO and self.info is None:
                si = block.stream_info
                self.info = (si.channels, si.bits_per_sample, si.total_samples)
        except Exception as exc:  # noqa: BLE001
            self.error = self.error or f"bad STREAMINFO: {exc}"

    def _error(self, _decoder, status, _client):
        self.error = self.error or ERROR_NAMES.get(status, f"libFLAC error {status}")

    def _write(self, _decoder, frame, buffer, _client):
        try:
            if self.error is not None:
                return WRITE_ABORT      # the frame libFLAC reported an error for is not used
            header = _FrameHeader.from_address(frame)
            channels, bits, _ = self.info
            if header.channels != channels or header.bits_per_sample != bits:
                self.error = "a frame's channels or sample width differ from STREAMINFO"
                return WRITE_ABORT
            n = header.blocksize
            end = self.decoded + n
            if self.limit is not None and end > self.limit:
                self.too_many = True
                self.error = "the stream holds more samples than the raster"
                return WRITE_ABORT
            pointers = self._pointers.from_address(buffer)
            if self.out is not None:
                if end > self.out.shape[1]:
                    self.error = "more samples than STREAMINFO declares"
                    return WRITE_ABORT
                row = 4 * self.out.shape[1]
                base = self.out.ctypes.data + 4 * self.decoded
            else:
                block = np.empty((channels, n), dtype=np.int32)
                self.pending.append(block)
                self.pending_samples += n
                row, base = 4 * n, block.ctypes.data
            for ch in range(channels):
                ctypes.memmove(base + ch * row, pointers[ch], 4 * n)
            self.decoded = end
            return WRITE_CONTINUE
        except Exception as exc:  # noqa: BLE001
            self.error = self.error or f"frame handling failed: {exc}"
            return WRITE_ABORT

    # -- driving ---------------------------------------------------------------------------
    def check(self, ok=True):
        if self.error is not None:
            if self.too_many:
                raise CorruptFileError(
                    "FLAC data is damaged: the stream holds more samples than the raster")
            raise CorruptFileError(f"FLAC data is damaged: {self.error}")
        if not ok:
            raise CorruptFileError("FLAC data is damaged: libFLAC stopped decoding "
                                   f"(state {self.lib.FLAC__stream_decoder_get_state(self.handle)})")

    def start(self):
        ok = self.lib.FLAC__stream_decoder_process_until_end_of_metadata(self.handle)
        self.check(ok)
        if self.info is None:
            raise CorruptFileError("FLAC data is damaged: no STREAMINFO block")
        channels, bits, _ = self.info
        if bits not in (16, 32):
            raise CorruptFileError(f"FLAC data is damaged: unsupported sample width {bits}")
        if not 1 <= channels <= 8:
            raise CorruptFileError(f"FLAC data is damaged: {channels} channels")
        self._pointers = ctypes.c_void_p * channels
        return np.int16 if bits == 16 else np.int32

    def run(self):
        """Decode to the end in one libFLAC call (the GIL released but for the callbacks)."""
        self.check(self.lib.FLAC__stream_decoder_process_until_end_of_stream(self.handle))

    def at_end(self):
        return self.lib.FLAC__stream_decoder_get_state(self.handle) == STATE_END_OF_STREAM

    def step(self):
        """Decode one frame (or reach the end)."""
        self.check(self.lib.FLAC__stream_decoder_process_single(self.handle))

    def take(self, dtype):
        """The pending frames (or the whole-stream buffer) as one (n, channels) array."""
        if self.out is not None:
            planes = self.out[:, :self.decoded]
        else:
            planes = (self.pending[0] if len(self.pending) == 1
                      else np.concatenate(self.pending, 1))
        self.pending, self.pending_samples = [], 0
        if planes.shape[0] == 1:
            return planes.reshape(-1, 1).astype(dtype)
        out = np.empty(planes.shape[::-1], dtype=dtype)
        np.copyto(out, planes.T, casting="unsafe")    # 16-bit streams hold 16-bit values
        return out

    def finish(self):
        """True when libFLAC's MD5 comparison (if any) passed."""
        return bool(self.lib.FLAC__stream_decoder_finish(self.handle))

    def close(self):
        if self.handle:
            self.lib.FLAC__stream_decoder_delete(self.handle)
            self.handle = None


def frames(fileobj, check_md5=True):
    """(n, channels) arrays of the stream read from ``fileobj`` (int16 for 16-bit streams,
    int32 for 32-bit ones), MD5-checked at the end unless ``check_md5`` is False."""
    stream = _Stream(library(), fileobj, check_md5)
    try:
        dtype = stream.start()
        while not stream.at_end():
            stream.step()
            if stream.pending_samples >= READ_CHUNK:
                yield stream.take(dtype)
        if stream.pending:
            yield stream.take(dtype)
        _finish(stream)
    finally:
        stream.close()     # abandoned early: finish/delete without judging the MD5


def decode_all(fileobj, check_md5=True, max_samples=None):
    """The whole stream as one (n, channels) array, in ONE libFLAC call into one buffer
    sized from STREAMINFO (a frame per callback otherwise costs a ctypes call and a Python
    step each). More than ``max_samples`` samples is a CorruptFileError, raised as soon
    as STREAMINFO or the frames say so."""
    stream = _Stream(library(), fileobj, check_md5, max_samples)
    try:
        dtype = stream.start()
        channels, _, total = stream.info
        if total and max_samples is not None and total > max_samples:
            raise CorruptFileError(
                "FLAC data is damaged: the stream holds more samples than the raster")
        if total and max_samples is not None:   # bounded above: never a hostile size
            stream.out = np.empty((channels, total), dtype=np.int32)
        stream.run()
        out = stream.take(dtype)
        _finish(stream)
        return out
    finally:
        stream.close()


def _finish(stream):
    total = stream.info[2]
    if total and stream.decoded != total:
        raise CorruptFileError(
            f"FLAC data is damaged: {stream.decoded} samples decoded, STREAMINFO declares "
            f"{total}")
    if not stream.finish():
        raise CorruptFileError(
            "FLAC data is damaged: the decoded samples do not match the stream's MD5 "
            "signature")
