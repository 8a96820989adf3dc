"""FLAC metadata block lengths checked before a tag parser (mutagen) reads them.

mutagen trusts what a file declares: a block's 24-bit length, and inside a VORBIS_COMMENT or
PICTURE block (whose block length it deliberately distrusts) the 32-bit lengths of each
string. A 4 KB sparse file declaring a 1.5 GB comment made it allocate 2.9 GB before the
error. Here every length is checked against the end of its block, the file size and
MAX_METADATA_BYTES (all metadata blocks together) with a few small reads.
"""

import struct

from ..errors import CorruptFileError
from .safejson import MAX_JSON_BYTES

MAX_METADATA_BYTES = MAX_JSON_BYTES + (1 << 20)   # our two JSON tags never need more
MAX_COMMENTS = 1 << 16
VORBIS_COMMENT, PICTURE = 4, 6


def check_metadata_blocks(fileobj, file_size):
    """Walk the metadata blocks of the FLAC stream at the start of ``fileobj``; raise
    CorruptFileError if any length is impossible. A file that is not FLAC is left to the
    parser to refuse (it says so better)."""
    fileobj.seek(0)
    if fileobj.read(4) != b"fLaC":
        return
    pos, total = 4, 0
    while True:
        header = fileobj.read(4)
        if len(header) < 4:
            raise CorruptFileError("The FLAC file is truncated inside its metadata")
        kind, length = header[0] & 0x7F, int.from_bytes(header[1:], "big")
        pos += 4
        total += length
        if pos + length > file_size:
            raise CorruptFileError(f"A FLAC metadata block declares {length} bytes, beyond the "
                                   f"end of the file ({file_size} bytes)")
        if total > MAX_METADATA_BYTES:
            raise CorruptFileError(f"The FLAC metadata is implausibly large ({total} bytes "
                                   f"declared; at most {MAX_METADATA_BYTES} are plausible)")
        if kind == VORBIS_COMMENT:
            _check_comment(fileobj, length)
        elif kind == PICTURE:
            _check_picture(fileobj, length)
        pos += length
        fileobj.seek(pos)
        if header[0] & 0x80:
            return


class _Block:
    """Lengths inside one block: each must fit in what is left of the block."""

    def __init__(self, fileobj, length, what):
        self.fileobj, self.left, self.what = fileobj, length, what

    def number(self, fmt):
        size = struct.calcsize(fmt)
        self.skip(size)
        return struct.unpack(fmt, self._read(size))[0]

    def _read(self, size):
        data = self.fileobj.read(size)
        if len(data) != size:
            raise CorruptFileError(f"The FLAC {self.what} is truncated")
        return data

    def skip(self, size):
        if size > self.left:
            raise CorruptFileError(f"The FLAC {self.what} declares a field of {size} bytes "
                                   f"where its block has {self.left} left")
        self.left -= size

    def string(self, fmt):
        size = self.number(fmt)
        self.skip(size)
        self.fileobj.seek(size, 1)


def _check_comment(fileobj, length):
    block = _Block(fileobj, length, "tag block (VORBIS_COMMENT)")
    block.string("<I")                     # vendor string
    count = block.number("<I")
    if count > MAX_COMMENTS or count * 4 > block.left:
        raise CorruptFileError(f"The FLAC tag block declares {count} tags: implausible")
    for _ in range(count):
        block.string("<I")


def _check_picture(fileobj, length):
    block = _Block(fileobj, length, "picture block")
    block.number(">I")                     # picture type
    block.string(">I")                     # MIME type
    block.string(">I")                     # description
    for _ in range(4):                     # width, height, depth, colours
        block.number(">I")
    block.string(">I")                     # the picture
