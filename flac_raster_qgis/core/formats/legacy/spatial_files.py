"""flac-raster 0.1.x ``convert --spatial`` files: index and footprint only, never pixels.

The encoder squeezed every value into [-1, 1] and truncated it to an integer, so nearly all
samples are 0: nothing can be recovered. We still show what the file describes (size, CRS,
footprint, tile grid) and the tiles' *real* byte ranges: the index offsets were recorded
before the header grew, so each must be shifted by delta = file size - sum of tile sizes.
"""

import base64
import binascii
import json
import math
import zlib

from ...raster import metadata as meta_mod
from ...errors import CorruptFileError, NoPixelsError
from .legacy_reader import LegacyReader
from .flac_stream import MARKER
from .header import MAX_DIMENSION, build_meta, crs_json, header_from_tags
from ..reader_base import Level

MAX_INDEX_JSON = 64 << 20        # decompressed index size; a larger one is a gzip bomb
MAX_TILES = 1 << 20

NO_PIXELS_MESSAGE = (
    "This is a flac-raster 0.1.x '--spatial' file. It holds no recoverable pixels: "
    "flac-raster's encoder destroyed them when it wrote the file (almost every sample is 0). "
    "Its footprint and tile index can be shown, but the image cannot. Re-convert from the "
    "source raster instead.")


def decode_index(text):
    """base64(gzip(JSON)) -> the JSON object, with a bounded decompressor."""
    try:
        packed = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise CorruptFileError(f"The spatial index is not valid base64: {exc}") from exc
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        raw = inflater.decompress(packed, MAX_INDEX_JSON)
    except zlib.error as exc:
        raise CorruptFileError(f"The spatial index is not valid gzip data: {exc}") from exc
    if inflater.unconsumed_tail:
        raise CorruptFileError(
            f"The spatial index expands to more than {MAX_INDEX_JSON >> 20} MiB: refusing it "
            "(a damaged or hostile file)")
    if not inflater.eof:
        raise CorruptFileError("The spatial index is truncated")
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise CorruptFileError(f"The spatial index is not valid JSON: {exc}") from exc


def _no_constants(name):
    raise ValueError(f"{name} is not allowed in the index")


def _int(obj, key, low, high, what):
    value = obj.get(key) if isinstance(obj, dict) else None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise CorruptFileError(f"The spatial index has a bad {what}: {value!r:.40}")
    return value


def _bbox(value):
    if (isinstance(value, list) and len(value) == 4
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                    for v in value)):
        return [float(v) for v in value]
    return None


def parse_tiles(obj, width, height, file_size):
    """Checked tile list with stale and corrected byte ranges; returns (tiles, delta)."""
    frames = obj.get("frames") if isinstance(obj, dict) else None
    if not isinstance(frames, list) or not frames or len(frames) > MAX_TILES:
        raise CorruptFileError("The spatial index has no usable tile list")
    tiles = []
    for frame in frames:
        window = frame.get("window") if isinstance(frame, dict) else None
        col = _int(window, "col_off", 0, width - 1, "tile column offset")
        row = _int(window, "row_off", 0, height - 1, "tile row offset")
        w = _int(window, "width", 1, width - col, "tile width")
        h = _int(window, "height", 1, height - row, "tile height")
        tiles.append({
            "id": _int(frame, "frame_id", 0, MAX_TILES, "tile id"),
            "window": [col, row, w, h],
            "bbox": _bbox(frame.get("bbox")),
            "index_byte_offset": _int(frame, "byte_offset", 0, file_size, "tile offset"),
            "index_byte_size": _int(frame, "byte_size", 1, file_size, "tile size"),
        })
    delta = file_size - sum(t["index_byte_size"] for t in tiles)
    if delta < 0:
        raise CorruptFileError("The spatial index's tiles add up to more than the file")
    for number, tile in enumerate(tiles):
        start = 0 if number == 0 else tile["index_byte_offset"] + delta
        end = tile["index_byte_offset"] + tile["index_byte_size"] + delta
        if end > file_size:
            raise CorruptFileError("A tile of the spatial index lies beyond the end of the file")
        tile["byte_range"] = [start, end]
    return tiles, delta


def _check_last_tile(source, tiles):
    """One 4-byte read proves the corrected offsets fit this file (not truncated/altered)."""
    if len(tiles) < 2:
        return
    start = tiles[-1]["byte_range"][0]
    if start + 4 > source.size or source.read_ranges([(start, 4)])[0] != MARKER:
        raise CorruptFileError(
            "The spatial index does not match the file (no FLAC stream where the last tile "
            "should start): the file is truncated or damaged")


class LegacySpatialReader(LegacyReader):
    kind = "flac-raster-0.1-spatial"

    def __init__(self, source, flac_header):
        tags = flac_header.comments
        header = header_from_tags(tags)
        index = decode_index(tags["GEOSPATIAL_SPATIAL_INDEX"])
        warnings = []
        crs = crs_json(header.crs_text, warnings)
        meta = build_meta(header.width, header.height, header.count, header.dtype, crs,
                          header.transform9, None)
        self.tiles, self.delta = parse_tiles(index, header.width, header.height, source.size)
        _check_last_tile(source, self.tiles)
        tile_size = self._tile_size(tags)
        level = Level(0, header.width, header.height, list(meta["transform"]),
                      tile_width=tile_size, tile_height=tile_size)
        super().__init__(source, meta, [level])
        self.header = header
        self.bps = flac_header.streaminfo.bps
        self.warnings.extend(warnings)
        self.note_loss([NO_PIXELS_MESSAGE])

    def _tile_size(self, tags):
        try:
            size = int(tags.get("GEOSPATIAL_TILE_SIZE", ""))
        except ValueError:
            size = 0
        if not 1 <= size <= MAX_DIMENSION:
            first = self.tiles[0]["window"]
            size = max(first[2], first[3])
        return size

    def tile_byte_ranges(self, level, tiles):
        """The corrected ranges (what flac-raster 0.1.2's ``query`` meant to print)."""
        self.level(level)
        by_origin = {(t["window"][0], t["window"][1]): t["byte_range"] for t in self.tiles}
        out = []
        for tile in tiles:
            start, end = by_origin.get((tile.x, tile.y), (0, self.source.size))
            out.append((start, end - start))
        return out

    def _read_window(self, level, window, feedback):
        raise NoPixelsError(NO_PIXELS_MESSAGE)

    def info(self):
        out = self._base_info()
        out.update({
            "compression_ratio": None,      # meaningless: the pixels were destroyed
            "pixels_recoverable": False,
            "footprint": list(meta_mod.bounds(self.meta)),
            "bits_per_sample": self.bps,
            "data_min": self.header.data_min,
            "data_max": self.header.data_max,
            "offset_delta": self.delta,
            "tiles": self.tiles,
            "note": "Byte ranges are corrected for the stale offsets flac-raster recorded "
                    "(shifted by offset_delta); the stored BOUNDS tag is wrong and ignored.",
        })
        return out
