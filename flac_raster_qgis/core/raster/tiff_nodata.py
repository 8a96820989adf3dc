"""The nodata value a GeoTIFF declares, as written (the GDAL_NODATA tag is text).

GDAL hands a float32 band's nodata back cast to float32: a file declaring -88.8888 reads as
-88.88880157470703, and writing that back changes the declaration. The text is the truth, so
it is read here from the file's first IFD: a few bounded reads, no third-party TIFF library.
"""

import contextlib
import struct

GDAL_NODATA = 42113
ASCII = 2
MAX_ENTRIES = 4096     # tags in one IFD (GeoTIFFs have a few dozen)
MAX_TEXT = 128         # a number's text


def declared_nodata(path):
    """The GDAL_NODATA text of the TIFF at ``path`` as a float, or None (not a TIFF, no tag,
    not a number). Never raises for a damaged file: GDAL's own value is then used."""
    with contextlib.suppress(OSError, ValueError, struct.error):
        with open(path, "rb") as fh:
            text = _nodata_text(fh)
        if text is not None:
            return float(text.strip())
    return None


def _nodata_text(fh):
    head = fh.read(16)
    order = {b"II": "<", b"MM": ">"}.get(head[:2])
    if order is None:
        return None
    (magic,) = struct.unpack(order + "H", head[2:4])
    if magic == 42:        # classic TIFF
        (ifd,) = struct.unpack(order + "I", head[4:8])
        count_fmt, entry_fmt, entry_size, inline = "H", "HHI4s", 12, 4
    elif magic == 43:      # BigTIFF
        (ifd,) = struct.unpack(order + "Q", head[8:16])
        count_fmt, entry_fmt, entry_size, inline = "Q", "HHQ8s", 20, 8
    else:
        return None
    fh.seek(ifd)
    size = struct.calcsize(order + count_fmt)
    (entries,) = struct.unpack(order + count_fmt, fh.read(size))
    if entries > MAX_ENTRIES:
        return None
    table = fh.read(entries * entry_size)
    for i in range(entries):
        tag, kind, count, value = struct.unpack_from(order + entry_fmt, table, i * entry_size)
        if tag != GDAL_NODATA:
            continue
        if kind != ASCII or not 0 < count <= MAX_TEXT:
            return None
        if count <= inline:
            raw = value[:count]
        else:
            (offset,) = struct.unpack(order + ("I" if inline == 4 else "Q"), value)
            fh.seek(offset)
            raw = fh.read(count)
        return raw.split(b"\0", 1)[0].decode("ascii")
    return None
