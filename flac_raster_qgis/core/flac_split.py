"""Where one in-memory FLAC stream can be cut in two, so that two decoders share a tile.

Why: one 512x512 tile is one FLAC stream, and libFLAC decodes a stream frame after frame on
one core. plibflac releases the GIL while libFLAC works, so a second decoder can run at the
same time on the second core: it is handed STREAMINFO (the metadata blocks) followed by the
frames from one near the middle of the stream, the first decoder the bytes before that frame.
Each half is a standard FLAC stream of whole frames (``flac -t`` passes), its STREAMINFO sample
count set to the half's own, without MD5: no decoder needs to know about the cut.

The cut point is a frame header found by its sync code and checked as FLAC checks it (field
values and the header's CRC-8); its frame number gives the first sample of the second half.
Only fixed-blocksize streams of known length (STREAMINFO) are cut: what our encoder writes.
A sync code inside frame data that passes those checks is caught by the decoders (the second
one sees a CRC-16 mismatch, the first a short last frame: the sample counts of both halves
are checked exactly), and the caller then decodes the stream whole.
"""

FRAME_SYNC = b"\xff\xf8"       # fixed-blocksize frames
MIN_FRAMES = 8                 # shorter streams are not worth a second thread
STREAMINFO_END = 42            # "fLaC" + block header + the 34-byte STREAMINFO


def _crc8_table():
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else crc << 1
        table.append(crc)
    return table


_CRC8 = _crc8_table()


def _crc8(data):
    crc = 0
    for byte in data:
        crc = _CRC8[crc ^ byte]
    return crc


def _frame_number(data, pos):
    """The frame number of a valid fixed-blocksize frame header at ``pos``, else None."""
    head = data[pos:pos + 16]
    if len(head) < 6 or head[2] >> 4 == 0 or head[2] & 15 == 15 or head[3] & 1:
        return None
    if head[3] >> 4 > 10 or (head[3] >> 1) & 7 == 3:      # channel assignment, sample size
        return None
    lead = head[4]                                       # UTF-8-style coded frame number
    count = 1 if lead < 0x80 else 8 - (lead ^ 0xFF).bit_length()
    if not 1 <= count <= 6 or (count == 1 and lead >= 0x80):
        return None
    number = lead & (0x7F >> count if count > 1 else 0x7F)
    for byte in head[5:4 + count]:
        if byte & 0xC0 != 0x80:
            return None
        number = number << 6 | (byte & 0x3F)
    end = (4 + count + {6: 1, 7: 2}.get(head[2] >> 4, 0)
           + {12: 1, 13: 2, 14: 2}.get(head[2] & 15, 0))
    if end >= len(head) or _crc8(head[:end]) != head[end]:
        return None
    return number


def plan(data):
    """(head, second, start, total): the stream's metadata bytes ``data[:head]``, the offset
    ``second`` of a frame near the middle whose first sample is ``start``, and the stream's
    total sample count; None where the stream cannot or need not be cut."""
    data = data if isinstance(data, bytes) else bytes(data)
    if data[:4] != b"fLaC" or len(data) < STREAMINFO_END or data[4] & 0x7F != 0:
        return None
    blocksize = int.from_bytes(data[10:12], "big")
    if blocksize != int.from_bytes(data[8:10], "big") or blocksize < 16:
        return None
    total = int.from_bytes(data[21:26], "big") & ((1 << 36) - 1)
    if total < MIN_FRAMES * blocksize:
        return None
    head = 4
    while True:                                  # metadata blocks, up to the last one
        if head + 4 > len(data):
            return None
        last = data[head] & 0x80
        head += 4 + int.from_bytes(data[head + 1:head + 4], "big")
        if last:
            break
    offset = data.find(FRAME_SYNC, head + (len(data) - head) // 2)
    while offset != -1:
        number = _frame_number(data, offset)
        if number is not None and 0 < number * blocksize < total:
            return head, offset, number * blocksize, total
        offset = data.find(FRAME_SYNC, offset + 1)
    return None


def for_half(metadata, total):
    """The metadata bytes with STREAMINFO describing a half: its own total sample count,
    and no MD5 (all zeros: "not known", which every decoder accepts; the whole stream's MD5
    would not match a half)."""
    out = bytearray(metadata)
    field = (int.from_bytes(out[21:26], "big") & ~((1 << 36) - 1)) | total
    out[21:26] = field.to_bytes(5, "big")
    out[26:STREAMINFO_END] = bytes(STREAMINFO_END - 26)
    return bytes(out)


def halves(data, cut):
    """The two streams of ``data`` cut as :func:`plan` said: (first, second)."""
    head, offset, start, total = cut
    metadata = data[:head]
    return (for_half(metadata, start) + data[head:offset],
            for_half(metadata, total - start) + data[offset:])
