"""FLAC header parsing and bounded sample decoding for flac-raster 0.1.x files.

flac-raster's streams are ordinary FLAC with two traps: STREAMINFO says total_samples = 0
(decode to the end, never trust the header) and the interesting text sits in a
VORBIS_COMMENT that may lie beyond the first bytes we were handed. Everything here reads
untrusted bytes, so every length is checked against the bytes actually present before it
is used, and decoding stops as soon as a stream yields more samples than it claims.
"""

import io
import struct
from dataclasses import dataclass, field

import numpy as np

from ...errors import CorruptFileError, NotAFlacRasterError
from ...codec.flac_codec import FlacStreamReader

MARKER = b"fLaC"
STREAMINFO, VORBIS_COMMENT = 0, 4
MAX_METADATA_BLOCKS = 1024
MAX_COMMENTS = 10000


@dataclass
class StreamInfo:
    min_blocksize: int
    max_blocksize: int
    sample_rate: int
    channels: int
    bps: int
    total_samples: int


@dataclass
class FlacHeader:
    """What precedes the audio frames of one FLAC stream."""

    streaminfo: StreamInfo
    vendor: str = ""
    comments: dict = field(default_factory=dict)   # upper-case name -> first value
    has_vorbis_comment: bool = False
    audio_offset: int = 0                          # relative to the stream's first byte


class _Bytes:
    """Random access over a stream's bytes: the bytes already held first, then the source."""

    def __init__(self, head, source, base, limit):
        self._head = head
        self._source = source
        self._base = base          # absolute offset of the stream's first byte in source
        self._limit = limit        # the stream's length (bytes we may read)

    def get(self, pos, length):
        if pos < 0 or length < 0 or pos + length > self._limit:
            raise CorruptFileError("The FLAC header is truncated or its block lengths are wrong")
        if pos + length <= len(self._head):
            return self._head[pos:pos + length]
        return self._source.read_ranges([(self._base + pos, length)])[0]


def parse_streaminfo(block):
    if len(block) < 34:
        raise CorruptFileError("The FLAC STREAMINFO block is too short")
    min_bs, max_bs = struct.unpack(">HH", block[0:4])
    bits = int.from_bytes(block[10:18], "big")
    rate = bits >> 44
    channels = ((bits >> 41) & 0x7) + 1
    bps = ((bits >> 36) & 0x1F) + 1
    total = bits & ((1 << 36) - 1)
    return StreamInfo(min_bs, max_bs, rate, channels, bps, total)


def parse_vorbis_comment(block):
    """(vendor, {NAME: first value}) of a VORBIS_COMMENT block (little-endian lengths)."""
    try:
        pos = 0
        (vendor_len,) = struct.unpack_from("<I", block, pos)
        pos += 4
        if pos + vendor_len > len(block):
            raise CorruptFileError("The FLAC comment block is truncated")
        vendor = bytes(block[pos:pos + vendor_len]).decode("utf-8", "replace")
        pos += vendor_len
        (count,) = struct.unpack_from("<I", block, pos)
        pos += 4
        if count > MAX_COMMENTS or count * 4 > len(block) - pos:
            raise CorruptFileError("The FLAC comment block claims an impossible comment count")
        comments = {}
        for _ in range(count):
            (length,) = struct.unpack_from("<I", block, pos)
            pos += 4
            if pos + length > len(block):
                raise CorruptFileError("A FLAC comment runs past its block")
            text = bytes(block[pos:pos + length]).decode("utf-8")
            pos += length
            name, sep, value = text.partition("=")
            if sep:
                comments.setdefault(name.upper(), value)
    except struct.error as exc:
        raise CorruptFileError("The FLAC comment block is truncated") from exc
    except UnicodeDecodeError as exc:
        raise CorruptFileError("A FLAC comment is not valid UTF-8") from exc
    return vendor, comments


def read_header(head, source, base=0, limit=None):
    """Parse the metadata blocks of the FLAC stream starting at ``base`` in ``source``.

    ``head`` holds the stream's first bytes (possibly all of them); more are read from
    ``source`` only when a block runs past it. ``limit`` is the stream's length.
    """
    limit = source.size - base if limit is None else limit
    data = _Bytes(head, source, base, limit)
    if data.get(0, 4) != MARKER:
        raise NotAFlacRasterError("The data does not start with the FLAC marker 'fLaC'")
    pos = 4
    header = None
    vendor, comments, has_vc = "", {}, False
    for index in range(MAX_METADATA_BLOCKS):
        kind_byte, length = struct.unpack(">B3s", data.get(pos, 4))
        length = int.from_bytes(length, "big")
        is_last, kind = kind_byte & 0x80, kind_byte & 0x7F
        pos += 4
        if kind == 127:
            raise CorruptFileError("Invalid FLAC metadata block type")
        if index == 0:
            if kind != STREAMINFO:
                raise CorruptFileError("The FLAC stream does not begin with STREAMINFO")
            header = parse_streaminfo(data.get(pos, length))
        elif kind == VORBIS_COMMENT and not has_vc:
            vendor, comments = parse_vorbis_comment(data.get(pos, length))
            has_vc = True
        elif pos + length > limit:
            raise CorruptFileError("A FLAC metadata block runs past the end of the file")
        pos += length
        if is_last:
            break
    else:
        raise CorruptFileError("The FLAC stream has too many metadata blocks")
    return FlacHeader(header, vendor, comments, has_vc, pos)


def decode_samples(data, pixels, channels, expected_bps=None, feedback=None):
    """Decode one whole stream (bytes) into a (pixels, channels) int16/int32 array.

    flac-raster writes total_samples = 0, so the count comes from the raster size and the
    stream is decoded to its end; a stream with fewer or more samples is damaged.
    """
    parts = []
    filled = 0
    frames = FlacStreamReader(io.BytesIO(data)).frames()
    try:
        for block in frames:
            if block.ndim != 2 or block.shape[1] != channels:
                raise CorruptFileError(
                    f"Expected {channels} channel(s), the stream has {block.shape[-1]}")
            filled += block.shape[0]
            if filled > pixels:
                raise CorruptFileError(
                    f"The stream holds more samples than its {pixels} pixels: the file is "
                    "damaged or is not what its tags say")
            parts.append(block)      # grows with real decoded data, never with a claim
            if feedback is not None:
                feedback.check()
    except (ValueError, TypeError) as exc:
        raise CorruptFileError(f"FLAC data is damaged: {exc}") from exc
    finally:
        frames.close()
    if filled != pixels:
        raise CorruptFileError(
            f"The stream holds {filled} samples per band but the raster needs {pixels}: "
            "the file is truncated or damaged")
    out = parts[0] if len(parts) == 1 else np.concatenate(parts)
    if expected_bps == 32 and out.dtype != np.int32:
        out = out.astype(np.int32)
    return out
