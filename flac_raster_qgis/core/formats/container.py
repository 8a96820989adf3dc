"""The streaming container: fixed header, zlib-compressed JSON index, FLAC tiles.

Byte-exact specification: docs/format.md. This module only packs and unpacks the header
and the index, and validates everything read from an untrusted file before any of it is
used to allocate memory or to address bytes. Writing is in formats/container_writer.py, reading in
formats/container_reader.py.
"""

import json
import struct
import zlib
from dataclasses import dataclass

from ..codec import channel_layout as layout_mod
from ..raster import metadata as meta_mod
from . import safejson
from ..choices import MAX_TILE, MIN_TILE, is_tile_size  # noqa: F401 - re-exported
from ..codec.blockcodec import StreamSpec, max_stream_bytes, samples_per_channel
from ..errors import CorruptFileError, NotAFlacRasterError
from ..codec.flac_codec import MAX_CHANNELS
from ..raster.tiling import Grid, level_transform, pyramid_sizes

MAGIC = b"\x89FRS\r\n\x1a\n"
VERSION = 3   # the newest format version this code reads and writes (docs/format.md §7)
FORMAT_NAME = "flac_raster_qgis/streaming"
HEADER = struct.Struct("<8sHHIQQQQQI")      # everything but the trailing header CRC
HEADER_SIZE = HEADER.size + 4               # 64 bytes
FIRST_READ = 3 * 1024   # speculative first read: header + a typical index (~15 B per tile)
                        # in one request; the rest of it is waste unless a tile is needed
MAX_INDEX_BYTES = 64 << 20                  # decompressed index bound (zip-bomb guard)
MAX_LEVELS = 40
MAX_SPECS = 1 << 20
MAX_TILE_SAMPLES = 1 << 28    # FLAC samples of one tile, all channels: 1 GiB decoded at most
                              # (512-pixel tiles of up to 512 planes, 4096 of up to 8)
FLAC_MIN_STREAM = 42                        # "fLaC" + STREAMINFO block: no stream is shorter
RESAMPLING_NAMES = ("nearest", "average", "mode")


@dataclass
class Header:
    version: int
    index_offset: int
    index_length: int
    index_raw_length: int
    data_offset: int
    data_length: int
    index_crc32: int
    flags: int = 0


def pack_header(h):
    body = HEADER.pack(MAGIC, h.version, HEADER_SIZE, h.flags, h.index_offset, h.index_length,
                       h.index_raw_length, h.data_offset, h.data_length, h.index_crc32)
    return body + struct.pack("<I", zlib.crc32(body))


def is_container(head):
    return bytes(head[:len(MAGIC)]) == MAGIC


def unpack_header(head, file_size):
    """Parse and check the fixed header against the file size."""
    if not is_container(head):
        raise NotAFlacRasterError("Not a flac_raster_qgis streaming file (bad signature)")
    if len(head) < HEADER_SIZE:
        raise CorruptFileError("The file is truncated: the header is incomplete")
    (_, version, header_size, flags, index_offset, index_length, raw_length, data_offset,
     data_length, index_crc) = HEADER.unpack_from(head, 0)
    (header_crc,) = struct.unpack_from("<I", head, HEADER.size)
    if zlib.crc32(bytes(head[:HEADER.size])) != header_crc:
        raise CorruptFileError("The file header is damaged (header checksum mismatch)")
    if version > VERSION or version < 1:
        raise NotAFlacRasterError(
            f"This streaming file has format version {version}; this plugin reads versions "
            f"1 to {VERSION}. Update flac_raster_qgis to open it.")
    if header_size != HEADER_SIZE:
        raise CorruptFileError(f"Unexpected header size {header_size}")
    h = Header(version, index_offset, index_length, raw_length, data_offset, data_length,
               index_crc, flags)
    _check(index_offset >= HEADER_SIZE, "the index overlaps the header")
    _check(0 < index_length <= MAX_INDEX_BYTES, "the index length is out of range")
    _check(0 < raw_length <= MAX_INDEX_BYTES,
           f"the index is larger than {MAX_INDEX_BYTES >> 20} MiB when decompressed")
    _check(index_offset + index_length <= file_size, "the index lies beyond the end of the file "
                                                     "(truncated download?)")
    _check(data_offset >= HEADER_SIZE and data_offset + data_length <= file_size,
           "the tile data lies beyond the end of the file (truncated download?)")
    _check(index_offset + index_length <= data_offset or data_offset + data_length <= index_offset,
           "the index overlaps the tile data")
    return h


def _check(cond, message):
    if not cond:
        raise CorruptFileError(f"The streaming file is damaged: {message}")


# -- index -----------------------------------------------------------------------------------

def pack_index(index):
    raw = json.dumps(index, separators=(",", ":"), allow_nan=False).encode("utf-8")
    if len(raw) > MAX_INDEX_BYTES:
        raise ValueError("The index is too large (too many tiles); use a larger tile size")
    packed = zlib.compress(raw, 9)
    return packed, len(raw)


def unpack_index(packed, header):
    """Decompress (bounded), parse and validate the index; return a :class:`Index`."""
    if zlib.crc32(packed) != header.index_crc32:
        raise CorruptFileError("The streaming file's index is damaged (checksum mismatch)")
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(packed, header.index_raw_length + 1)
    except zlib.error as exc:
        raise CorruptFileError(f"The streaming file's index cannot be decompressed: {exc}") from exc
    if (len(raw) != header.index_raw_length or not inflater.eof or inflater.unconsumed_tail
            or inflater.unused_data):
        raise CorruptFileError("The streaming file's index does not have its declared size")
    obj = safejson.loads(raw, "streaming file's index", max_bytes=MAX_INDEX_BYTES)
    return Index.parse(obj, header)


@dataclass
class TileEntry:
    offset: int       # absolute file offset
    length: int
    crc32: int
    spec: StreamSpec


@dataclass
class LevelEntry:
    index: int
    factor: int
    width: int
    height: int
    transform: list
    grid: Grid
    resampling: str
    lossless: bool
    tiles: list       # TileEntry, row-major

    def tile_entry(self, tile):
        return self.tiles[tile.row * self.grid.tiles_across + tile.col]


class Index:
    """The validated index: raster metadata, tile size, levels and their tiles."""

    def __init__(self, meta, tile_width, tile_height, levels, writer=""):
        self.meta = meta
        self.tile_width = tile_width
        self.tile_height = tile_height
        self.levels = levels
        self.writer = writer

    @classmethod
    def parse(cls, obj, header):
        _check(isinstance(obj, dict), "the index is not a JSON object")
        _check(obj.get("format") == FORMAT_NAME, "the index names another format")
        _check(obj.get("version") == header.version, "index and header versions differ")
        meta = meta_mod.validate(obj.get("raster"))
        tw, th = obj.get("tile_width"), obj.get("tile_height")
        for value in (tw, th):
            _check(_is_int(value) and is_tile_size(value),
                   f"bad tile size {value!r}")
        specs = obj.get("specs")
        _check(isinstance(specs, list) and 0 < len(specs) <= MAX_SPECS, "bad stream table")
        specs = [_parse_spec(s, meta, tw, th) for s in specs]
        _check(version_needed(s.to_json() for s in specs) <= header.version,
               "a stream description needs a newer format version than the header states")
        levels_obj = obj.get("levels")
        _check(isinstance(levels_obj, list) and 0 < len(levels_obj) <= MAX_LEVELS,
               "bad level list")
        sizes = pyramid_sizes(meta["width"], meta["height"], max(tw, th))
        _check(len(levels_obj) <= len(sizes), "more overview levels than the raster allows")
        levels = [_parse_level(k, lv, meta, tw, th, sizes[k], specs, header)
                  for k, lv in enumerate(levels_obj)]
        _check_no_overlap(levels, header)
        writer = obj.get("writer")
        return cls(meta, tw, th, levels, writer if isinstance(writer, str) else "")


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def version_needed(specs):
    """The lowest format version that describes these stream descriptions (JSON dicts).

    Version 2 added the ``interp`` predictor and run-length tiles, version 3 the
    ``float32grid`` band encoding; a file using none of them is written as version 1, so
    plugins that only know version 1 still open it.
    """
    needed = 1
    for spec in specs:
        if spec.get("layout") == "planar" or spec.get("runs") == "tail" or any(
                isinstance(b, dict) and b.get("repr") == "float32grid"
                for b in spec.get("bands") or ()):
            return 3
        if spec.get("predictor") == "interp" or spec.get("runs", "none") != "none":
            needed = 2
    return needed


def _parse_spec(obj, meta, tile_width, tile_height):
    spec = StreamSpec.from_json(obj, meta["dtype"], meta["count"])
    _check((spec.mask is not None) == bool(meta.get("mask")),
           "a tile's mask channel does not match the raster's mask flag")
    _check(spec.channels <= MAX_CHANNELS, "too many channels")
    _check(tile_samples(spec, tile_width, tile_height) <= MAX_TILE_SAMPLES,
           "a tile would hold more samples than the format allows")
    return spec


def tile_samples(spec, tile_width, tile_height):
    """FLAC samples (all channels) of a full tile: what decoding it costs in memory."""
    return samples_per_channel(spec, tile_height, tile_width) * spec.channels


def check_tile_samples(tile_size, band_count, planes_per_band, mask):
    """Writer side of MAX_TILE_SAMPLES: a raster with that many bands needs smaller tiles."""
    planes = band_count * planes_per_band + bool(mask)
    # as tile_samples() counts the worst stream of that many planes: with a run-length channel
    if layout_mod.choose(planes) == layout_mod.INTERLEAVED:
        per_pixel = planes + (planes < MAX_CHANNELS)      # runs need a free channel
    else:
        per_pixel = 2 * planes                            # one channel, and one of runs
    if tile_size * tile_size * per_pixel > MAX_TILE_SAMPLES:
        largest = int((MAX_TILE_SAMPLES // per_pixel) ** 0.5) // 16 * 16
        hint = (f"use a tile size of {largest} or less" if largest >= MIN_TILE
                else "this many bands cannot be stored in a streaming file")
        raise ValueError(f"A {tile_size}x{tile_size} tile of {band_count} band(s) would hold "
                         f"more than {MAX_TILE_SAMPLES} samples: {hint}")


def _parse_level(k, obj, meta, tw, th, size, specs, header):
    _check(isinstance(obj, dict), f"level {k} is not an object")
    _check(obj.get("level") == k, f"levels are not listed in order (expected {k})")
    factor = 1 << k
    _check(obj.get("factor") == factor, f"level {k} must have factor {factor}")
    _check(obj.get("width") == size[0] and obj.get("height") == size[1],
           f"level {k} must be {size[0]}x{size[1]} pixels")
    resampling = obj.get("resampling")
    if k == 0:
        _check(resampling == "none" and obj.get("lossless") is True,
               "level 0 must be the lossless full-resolution raster")
    else:
        _check(resampling in RESAMPLING_NAMES, f"level {k} has unknown resampling {resampling!r}")
    grid = Grid(size[0], size[1], tw, th)
    arrays = [obj.get(name) for name in ("offsets", "lengths", "crc32", "specs")]
    _check(all(isinstance(a, list) and len(a) == grid.count for a in arrays),
           f"level {k} does not list exactly {grid.count} tiles")
    offsets, lengths, crcs, spec_ids = arrays
    max_lengths = {}   # per stream description: its verbatim FLAC size (blockcodec)
    tiles = []
    for i in range(grid.count):
        off, length, crc, sid = offsets[i], lengths[i], crcs[i], spec_ids[i]
        _check(all(_is_int(v) for v in (off, length, crc, sid)),
               f"level {k} tile {i}: not integers")
        _check(0 <= sid < len(specs), f"level {k} tile {i}: unknown stream description")
        max_len = max_lengths.get(sid)
        if max_len is None:
            max_len = max_lengths[sid] = max_stream_bytes(specs[sid], th, tw)
        _check(FLAC_MIN_STREAM <= length <= max_len, f"level {k} tile {i}: implausible length")
        _check(0 <= off and off + length <= header.data_length,
               f"level {k} tile {i} lies outside the tile data")
        _check(0 <= crc <= 0xFFFFFFFF, f"level {k} tile {i}: bad checksum value")
        tiles.append(TileEntry(header.data_offset + off, length, crc, specs[sid]))
    return LevelEntry(k, factor, size[0], size[1], level_transform(meta["transform"], factor),
                      grid, resampling, k == 0, tiles)


def _check_no_overlap(levels, header):
    spans = sorted((t.offset, t.length) for lv in levels for t in lv.tiles)
    for (a_off, a_len), (b_off, _) in zip(spans, spans[1:]):
        _check(a_off + a_len <= b_off, "two tiles overlap in the file")


def build_index(meta, tile_width, tile_height, levels, specs, writer):
    """The index dict. ``levels``: dicts with level/factor/width/height/resampling/lossless and
    per-tile lists offsets (relative to the data section), lengths, crc32, specs."""
    return {
        "format": FORMAT_NAME,
        "version": version_needed(specs),
        "writer": writer,
        "raster": meta,
        "tile_width": tile_width,
        "tile_height": tile_height,
        "specs": specs,
        "levels": levels,
    }
