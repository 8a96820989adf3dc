"""The plain format: a whole raster as ONE standard FLAC file, metadata in VORBIS_COMMENT.

Bands are channels (more than 8 planes: one channel, band after band); pixels are samples
in row-major order. The raster is read and written a window of rows at a time, so memory
stays bounded whatever the raster size. Tags (written with mutagen):

``FLACRASTER_FORMAT=plain``, ``FLACRASTER_VERSION``, ``FLACRASTER_RASTER`` (metadata JSON),
``FLACRASTER_ENCODING`` (StreamSpec JSON), plus readable ``ENCODER``/``DESCRIPTION``.
"""

import json
import os
import zlib

import numpy as np

from ..codec import channel_layout as layout_mod
from ..raster import metadata as meta_mod
from ..codec import predictors
from . import safejson
from ..atomic import atomic_output
from ..codec.blockcodec import (MASK_DTYPE, StreamSpec, band_transform_applies, band_transformed,
                         band_values, block_planes, make_spec)
from ..errors import CorruptFileError, NotAFlacRasterError
from ..feedback import ensure
from ..codec.flac_codec import FlacStreamReader, FlacStreamWriter
from .flac_blocks import check_metadata_blocks
from .reader_base import RowStrip
from ..codec.samples import BandStats, choose_encoding
from ..version import FORMAT_VERSION, __version__

TAG_FORMAT = "FLACRASTER_FORMAT"
TAG_VERSION = "FLACRASTER_VERSION"
TAG_RASTER = "FLACRASTER_RASTER"
TAG_ENCODING = "FLACRASTER_ENCODING"
TAG_CHECKSUM = "FLACRASTER_CHECKSUM"
WINDOW_BYTES = 16 << 20  # raw bytes read per window


def window_rows(meta):
    itemsize = np.dtype(meta["dtype"]).itemsize
    row_bytes = max(1, meta["width"] * (meta["count"] + 1) * max(itemsize, 4))
    return int(max(1, min(meta["height"], WINDOW_BYTES // row_bytes)))


def _windows(meta):
    from rasterio.windows import Window
    step = window_rows(meta)
    for row in range(0, meta["height"], step):
        yield Window(0, row, meta["width"], min(step, meta["height"] - row))


def _read_mask(ds, window):
    return ds.read_masks(1, window=window)


def _collect_stats(ds, meta, feedback):
    """First pass: exact facts per band (float integrality, integer ranges)."""
    stats = [BandStats(meta["dtype"]) for _ in range(meta["count"])]
    natural = meta["dtype"] in ("uint8", "int8", "uint16", "int16")
    if natural:
        return [choose_encoding(s) for s in stats]
    for window in _windows(meta):
        feedback.check()
        block = ds.read(window=window)
        for s, band in zip(stats, block):
            s.update(band)
    return [choose_encoding(s) for s in stats]


def encode(src_path, dst_path, compression_level=5, overwrite=False, feedback=None,
           predictor="auto"):
    """Write the raster at ``src_path`` (anything GDAL reads) as a plain FLAC file."""
    import rasterio
    feedback = ensure(feedback)
    with rasterio.open(src_path) as ds:
        meta = meta_mod.read_metadata(ds)
        with atomic_output(dst_path, overwrite) as tmp:
            encodings = _collect_stats(ds, meta, feedback)
            first = next(iter(_windows(meta)))
            sample_block = ds.read(window=first)
            mask = _read_mask(ds, first) if meta["mask"] else None
            spec = make_spec(sample_block, meta["dtype"], mask, predictor, encodings,
                             band_transform="auto", compression_level=compression_level)
            with open(tmp, "wb") as fh:
                _write_samples(ds, meta, spec, fh, compression_level, feedback)
            _write_tags(tmp, meta, spec)
    return dst_path


def _write_samples(ds, meta, spec, fh, compression_level, feedback):
    writer = FlacStreamWriter(fh, spec.channels, spec.bits, compression_level)
    windows = list(_windows(meta))
    if spec.layout == layout_mod.INTERLEAVED:
        prev = None
        for i, window in enumerate(windows):
            feedback.check()
            flat = band_transformed(spec, _window_planes(ds, meta, spec, window, band=None))
            residual = [predictors.apply(spec.predictor, p, None if prev is None else prev[k])
                        for k, p in enumerate(flat)]
            prev = [p[-1] for p in flat]
            writer.write(layout_mod.interleave(residual))
            feedback.set_progress((i + 1) / len(windows))
    else:
        bands = list(range(meta["count"])) + (["mask"] if spec.mask is not None else [])
        total = len(bands) * len(windows)
        for b_index, band in enumerate(bands):
            prev = None
            for i, window in enumerate(windows):
                feedback.check()
                planes = _window_planes(ds, meta, spec, window, band=band)[0]
                residual = [predictors.apply(spec.predictor, p, None if prev is None else prev[k])
                            for k, p in enumerate(planes)]
                prev = [p[-1] for p in planes]
                writer.write(layout_mod.rows_interleave(residual))
                feedback.set_progress((b_index * len(windows) + i + 1) / total)
    writer.close()


def _window_planes(ds, meta, spec, window, band):
    """Sample planes of one window: all bands (band=None), one band index, or the mask."""
    if band is None:
        arrays = ds.read(window=window)
        mask = _read_mask(ds, window) if spec.mask is not None else None
        return block_planes(spec, arrays, mask)
    if band == "mask":
        enc = spec.mask
        values = _read_mask(ds, window)
    else:
        enc = spec.encodings[band]
        values = ds.read(band + 1, window=window)
    return [[p.astype(spec.sample_dtype, copy=False) for p in enc.to_planes(values)]]


def _write_tags(path, meta, spec):
    from mutagen.flac import FLAC
    audio = FLAC(path)
    audio.clear()
    audio[TAG_FORMAT] = "plain"
    audio[TAG_VERSION] = str(FORMAT_VERSION)
    raster_json = json.dumps(meta, separators=(",", ":"), allow_nan=False)
    encoding_json = json.dumps(spec.to_json(), separators=(",", ":"))
    audio[TAG_RASTER] = raster_json
    audio[TAG_ENCODING] = encoding_json
    audio[TAG_CHECKSUM] = tags_checksum(raster_json, encoding_json)
    audio["ENCODER"] = f"flac_raster_qgis {__version__}"
    audio["DESCRIPTION"] = f"Raster {meta_mod.summary(meta)} (lossless)"
    audio.save(padding=lambda info: 0)


def tags_checksum(raster_json, encoding_json):
    """CRC-32 over both JSON tags: STREAMINFO's MD5 guards the samples, this the metadata."""
    return f"{zlib.crc32((raster_json + chr(10) + encoding_json).encode('utf-8')):08x}"


# -- reading ---------------------------------------------------------------------------------

def read_tags(path_or_file):
    """The raster metadata and StreamSpec of a plain file, or NotAFlacRasterError."""
    from mutagen import MutagenError
    from mutagen.flac import FLAC
    try:
        _check_metadata(path_or_file)
        audio = FLAC(path_or_file)
    except MutagenError as exc:
        raise NotAFlacRasterError(f"Not a FLAC file: {exc}") from exc
    tags = audio.tags or {}
    if TAG_FORMAT not in tags or tags[TAG_FORMAT][0] != "plain":
        raise NotAFlacRasterError("This FLAC file carries no flac_raster_qgis raster metadata")
    try:
        version = int(tags[TAG_VERSION][0])
        if tags[TAG_CHECKSUM][0] != tags_checksum(tags[TAG_RASTER][0], tags[TAG_ENCODING][0]):
            raise CorruptFileError("The raster metadata tags are damaged (checksum mismatch)")
        meta = meta_mod.validate(safejson.loads(tags[TAG_RASTER][0], "raster metadata tag"))
        spec = StreamSpec.from_json(safejson.loads(tags[TAG_ENCODING][0], "encoding tag"),
                                    meta["dtype"], meta["count"])
    except (KeyError, ValueError, TypeError) as exc:
        raise CorruptFileError(f"The raster tags are damaged: {exc}") from exc
    if version > FORMAT_VERSION:
        raise NotAFlacRasterError(
            f"This file was written by a newer flac_raster_qgis (format {version}); "
            f"this version reads format {FORMAT_VERSION} and older")
    if meta.get("mask") != (spec.mask is not None):
        raise CorruptFileError("The mask flag does not match the stream description")
    if spec.band_transform != "none" and (spec.layout != layout_mod.INTERLEAVED
                                          or not band_transform_applies(spec)):
        raise CorruptFileError("The band transform does not fit this file's band layout")
    if spec.runs != "none" or spec.predictor not in predictors.WINDOWED_PREDICTORS:
        raise CorruptFileError(f"The {spec.predictor} predictor and run-length coding are for "
                               "streaming tiles, not plain files")
    if any(e.repr == "float32grid" for e in spec.encodings) or spec.layout == layout_mod.PLANAR:
        raise CorruptFileError("The float32 grid encoding and the planar layout are for "
                               "streaming tiles, not plain files")
    _check_stream_size(audio.info, meta, spec)
    return meta, spec


def _check_metadata(path_or_file):
    """Metadata block lengths within the file and a limit, before mutagen allocates them."""
    if hasattr(path_or_file, "read"):
        size = path_or_file.seek(0, 2)
        check_metadata_blocks(path_or_file, size)
        path_or_file.seek(0)
        return
    with open(path_or_file, "rb") as fh:
        check_metadata_blocks(fh, os.fstat(fh.fileno()).st_size)


def _check_stream_size(info, meta, spec):
    """The tags' raster size must be what STREAMINFO holds: a hostile size is refused here,
    before anything (an output GeoTIFF, a window array) is sized by it."""
    per_channel = meta["width"] * meta["height"] * (
        1 if spec.layout == layout_mod.INTERLEAVED else spec.plane_count)
    total = getattr(info, "total_samples", 0)
    if total and total != per_channel:
        raise CorruptFileError(
            f"The raster tags describe {per_channel} samples per channel but the FLAC stream "
            f"holds {total}: the metadata does not belong to these pixels")
    if getattr(info, "channels", spec.channels) != spec.channels:
        raise CorruptFileError("The FLAC channel count does not match the stream description")


class _RowAssembler:
    """Collects decoded samples and hands out whole rows, so frames of any size fit."""

    def __init__(self, frames):
        self._frames = frames
        self._parts = []
        self._count = 0

    def take(self, n):
        while self._count < n:
            try:
                frame = next(self._frames)
            except StopIteration:
                raise CorruptFileError("The FLAC stream ended before the raster did") from None
            self._parts.append(frame)
            self._count += frame.shape[0]
        joined = np.concatenate(self._parts) if len(self._parts) > 1 else self._parts[0]
        out, rest = joined[:n], joined[n:]
        self._parts = [rest] if rest.shape[0] else []
        self._count = rest.shape[0]
        return out

    def finish(self):
        for frame in self._frames:
            if frame.shape[0]:
                raise CorruptFileError("The FLAC stream holds more samples than the raster")
        if self._count:
            raise CorruptFileError("The FLAC stream holds more samples than the raster")


def decode_strips(stream, meta, spec, feedback=None):
    """The pixels of a plain file's FLAC stream (a binary file object at its start) as
    rasterreader.RowStrip pieces of whole rows (``window_rows`` high, full width), in stream
    order: every band and the mask together (interleaved layout), or band after band and then
    the mask (sequential layout). ``row_off`` counts from the raster's first row.

    The one decoder behind every plain read: the GeoTIFF export and windowed reads both go
    through PlainReader.strips(). Memory is one strip whatever the raster size; a consumer
    may stop early (closing the generator stops the decoding). Read to the end, the stream
    must hold exactly the raster's samples (CorruptFileError otherwise)."""
    feedback = ensure(feedback)
    rows = _RowAssembler(FlacStreamReader(stream).frames())
    if spec.layout == layout_mod.INTERLEAVED:
        yield from _interleaved_strips(meta, spec, rows, feedback)
    else:
        yield from _sequential_strips(meta, spec, rows, feedback)
    rows.finish()


def _interleaved_strips(meta, spec, rows, feedback):
    width = meta["width"]
    windows = list(_windows(meta))
    bands = tuple(range(meta["count"]))
    prev = None
    for i, window in enumerate(windows):
        feedback.check()
        samples = rows.take(window.height * width)
        if samples.shape[1] != spec.plane_count:
            raise CorruptFileError("Channel count does not match the band encodings")
        flat = layout_mod.deinterleave(samples, window.height, width)
        planes = [predictors.undo(spec.predictor, p, None if prev is None else prev[k])
                  for k, p in enumerate(flat)]
        prev = [p[-1] for p in planes]
        values = band_values(spec, planes)
        mask = values.pop().astype(MASK_DTYPE) if spec.mask is not None else None
        yield RowStrip(window.row_off, bands, np.stack(values), mask, (i + 1) / len(windows))


def _sequential_strips(meta, spec, rows, feedback):
    width = meta["width"]
    windows = list(_windows(meta))
    total = len(spec.all_encodings) * len(windows)
    for b_index, enc in enumerate(spec.all_encodings):
        prev = None
        for i, window in enumerate(windows):
            feedback.check()
            samples = rows.take(window.height * width * enc.planes)
            if samples.shape[1] != 1:
                raise CorruptFileError("A sequential stream must have one channel")
            residual = layout_mod.rows_deinterleave(samples, enc.planes, window.height, width)
            planes = [predictors.undo(spec.predictor, p, None if prev is None else prev[k])
                      for k, p in enumerate(residual)]
            prev = [p[-1] for p in planes]
            values = enc.from_planes(planes)
            progress = (b_index * len(windows) + i + 1) / total
            if b_index == len(spec.encodings):
                yield RowStrip(window.row_off, (), None, values.astype(MASK_DTYPE), progress)
            else:
                yield RowStrip(window.row_off, (b_index,), values[np.newaxis], None, progress)
