"""A block of raster pixels (all bands, optional mask) <-> one standard FLAC stream.

A :class:`StreamSpec` records everything needed to undo the encoding: the per-band sample
encoding, the band transform and the predictor (core/codec/predictors.py), the channel layout and
the sample width, and for tiles whether a run-length stage (core/codec/runlength.py) sits between
the samples and FLAC. With ``"auto"`` the transforms are chosen per block by trial: each
candidate encodes a sample of the block's rows and the smallest wins. The plain format stores it
in a tag, the streaming container per tile in its index.
"""

import io
from dataclasses import dataclass

import numpy as np

from . import channel_layout as layout_mod
from . import predictors, runlength
from ..errors import CorruptFileError
from .flac_codec import MAX_CHANNELS, FlacStreamWriter, decode_bytes
from .samples import BandStats, Encoding, choose_encoding, grid_encodings

MASK_DTYPE = "uint8"
TRIAL_LEVEL = 5   # trials rank candidates; level 5 ranks them as level 8 does, faster
PLANAR_ZERO_SHARE = 0.5   # float32grid tiles go planar when this share of values is on the grid
GRID_BLOCKSIZE = 2048     # the other FLAC block size tried for interleaved float32grid tiles


@dataclass
class StreamSpec:
    encodings: list          # one Encoding per band
    mask: Encoding = None    # encoding of the per-dataset mask, if stored
    predictor: str = "none"
    layout: str = layout_mod.INTERLEAVED
    band_transform: str = "none"
    runs: str = "none"       # "rle": one sample per run of repeated pixels (tiles only)

    @property
    def all_encodings(self):
        return self.encodings + ([self.mask] if self.mask is not None else [])

    @property
    def plane_count(self):
        return sum(e.planes for e in self.all_encodings)

    @property
    def bits(self):
        return max(e.bits for e in self.all_encodings)

    @property
    def channels(self):
        """FLAC channels of the stream (the run-length channel included)."""
        return self.pixel_channels + (self.runs == "rle")

    @property
    def pixel_channels(self):
        return layout_mod.channels(self.layout, self.plane_count)

    @property
    def run_length_fits(self):
        """The run-length channel needs a free FLAC channel."""
        return self.pixel_channels < MAX_CHANNELS

    @property
    def sample_dtype(self):
        return np.int16 if self.bits == 16 else np.int32

    def to_json(self):
        obj = {
            "layout": self.layout,
            "predictor": self.predictor,
            "band_transform": self.band_transform,
            "bits": self.bits,
            "bands": [e.to_json() for e in self.encodings],
            "mask": self.mask.to_json() if self.mask is not None else None,
        }
        if self.runs != "none":   # absent = "none": files without runs read as before
            obj["runs"] = self.runs
        return obj

    @classmethod
    def from_json(cls, obj, dtype, band_count):
        if not isinstance(obj, dict):
            raise CorruptFileError("Malformed stream description")
        bands = obj.get("bands")
        if not isinstance(bands, list) or len(bands) != band_count:
            raise CorruptFileError("The stream description does not match the band count")
        try:
            spec = cls(
                encodings=[Encoding.from_json(dtype, b) for b in bands],
                mask=Encoding.from_json(MASK_DTYPE, obj["mask"]) if obj.get("mask") else None,
                predictor=str(obj.get("predictor", "none")),
                layout=str(obj.get("layout", layout_mod.INTERLEAVED)),
                band_transform=str(obj.get("band_transform", "none")),
                runs=str(obj.get("runs", "none")),
            )
        except Exception as exc:  # any malformed field is a damaged file, said plainly
            raise CorruptFileError(f"Malformed stream description: {exc}") from exc
        predictors.check_predictor(spec.predictor, allow_auto=False)
        predictors.check_band_transform(spec.band_transform, allow_auto=False)
        runlength.check_mode(spec.runs, allow_auto=False)
        if spec.runs != "none" and not spec.run_length_fits:
            raise CorruptFileError("A run-length stream needs a free FLAC channel")
        if spec.runs == runlength.TAIL and spec.layout != layout_mod.PLANAR:
            raise CorruptFileError("Runs of the last plane need the planar layout")
        if spec.layout not in (layout_mod.INTERLEAVED, layout_mod.SEQUENTIAL, layout_mod.PLANAR):
            raise CorruptFileError(f"Unknown layout {spec.layout!r}")
        if spec.layout == layout_mod.INTERLEAVED and spec.plane_count > 8:
            raise CorruptFileError("More than 8 interleaved channels")
        if obj.get("bits") not in (None, spec.bits):
            raise CorruptFileError("Sample width does not match the band encodings")
        return spec


# What a FLAC stream of a block can need at most, from FLAC's own rules: every subframe
# VERBATIM (a side channel one bit wider), the shortest blocks FLAC allows (16 samples), each
# frame with its largest header, CRC-16, subframe headers (wasted-bits field included) and
# byte padding, plus "fLaC", STREAMINFO and the encoder's vendor comment. A length beyond this
# is a hostile or damaged index, refused before a byte is read.
FLAC_MIN_BLOCKSIZE = 16
FLAC_MAX_FRAME_HEADER = 16 + 2 + 1          # header (UTF-8 frame number, blocksize, rate) + CRC
FLAC_MAX_SUBFRAME_HEADER = 1 + 4            # type byte + unary wasted-bits count
FLAC_MAX_METADATA = 8192                    # fLaC + STREAMINFO + VORBIS_COMMENT (vendor only)


def samples_per_channel(spec, rows, cols):
    """FLAC samples per channel of a rows x cols block (at most: run-length streams hold
    fewer; a "tail" stream holds the other planes plus up to a pair per last-plane sample)."""
    if spec.runs == runlength.TAIL:
        return rows * cols * (spec.plane_count + 1)
    return rows * cols * (1 if spec.layout == layout_mod.INTERLEAVED else spec.plane_count)


def max_stream_bytes(spec, rows, cols):
    """The largest FLAC stream a rows x cols block of ``spec`` can honestly need (see above)."""
    per_channel = samples_per_channel(spec, rows, cols)
    data_bits = per_channel * spec.channels * (spec.bits + 1)
    frames = -(-per_channel // FLAC_MIN_BLOCKSIZE)
    per_frame = FLAC_MAX_FRAME_HEADER + spec.channels * FLAC_MAX_SUBFRAME_HEADER
    return FLAC_MAX_METADATA + -(-data_bits // 8) + frames * per_frame


def stats_for(arrays, dtype):
    """BandStats for each band of ``arrays`` (count, rows, cols)."""
    out = []
    for band in arrays:
        stats = BandStats(dtype)
        stats.update(band)
        out.append(stats)
    return out


def _mask_encoding():
    return choose_encoding(BandStats(MASK_DTYPE))


def block_planes(spec, arrays, mask):
    """Sample planes (widened to the stream's sample type) for each band, then the mask."""
    per_band = []
    sample_type = spec.sample_dtype
    sources = list(arrays) + ([mask] if spec.mask is not None else [])
    for enc, values in zip(spec.all_encodings, sources):
        per_band.append([p.astype(sample_type, copy=False) for p in enc.to_planes(values)])
    return per_band


def make_spec(arrays, dtype, mask=None, predictor="auto", encodings=None,
              band_transform="none", compression_level=5):
    """Choose encodings (exactly, from the data), band transform and predictor for one block.

    The plain format (the other caller) streams windows; it asks for a band transform
    only with interleaved channels (band after band would need two bands' windows at once),
    and never for runs (a window's sample count must follow from its size).
    """
    spec, per_band = _base_spec(arrays, dtype, mask, encodings)
    if spec.layout != layout_mod.INTERLEAVED:
        band_transform = "none"
    _choose_transforms(spec, per_band, predictor, band_transform, "none", compression_level,
                       windowed=True)
    return spec


def _base_spec(arrays, dtype, mask, encodings):
    if encodings is None:
        encodings = [choose_encoding(s) for s in stats_for(arrays, dtype)]
    spec = StreamSpec(encodings=list(encodings),
                      mask=_mask_encoding() if mask is not None else None)
    spec.layout = layout_mod.choose(spec.plane_count)
    return spec, block_planes(spec, arrays, mask)


def _choose_transforms(spec, per_band, predictor, band_transform, runs, compression_level,
                       windowed=False):
    """Set spec.predictor/band_transform/runs; returns the chosen residual planes if computed."""
    predictors.check_band_transform(band_transform)   # the predictor: in candidates()
    if runs != runlength.TAIL:   # the writer's own choice for planar grid tiles
        runlength.check_mode(runs)
    if not band_transform_applies(spec):
        band_transform = "none"   # one band, or bands stored with different plane counts
    if not spec.run_length_fits:
        runs = "none"
    options = predictors.candidates(predictor, band_transform, len(spec.encodings), windowed)
    run_modes = runlength.MODES if runs == "auto" else (runs,)
    if len(options) == 1 and len(run_modes) == 1:
        (spec.predictor, spec.band_transform), spec.runs = options[0], run_modes[0]
        return None
    rows = per_band[0][0].shape[0] if per_band and per_band[0] else 0
    sample_rows = predictors.trial_rows(rows)
    best = None
    for pred, bands in options:
        spec.predictor, spec.band_transform = pred, bands
        residual = _residual_planes(spec, per_band)
        trial = _samples(spec, [p[sample_rows] for p in residual])
        for mode in run_modes:
            if mode == "rle" and runs == "auto" and not runlength.worth_trying(trial):
                continue   # few repeats: runs cannot win, skip the trial encoding
            spec.runs = mode
            size = _encoded_size(spec, trial, TRIAL_LEVEL) * predictors.DECODE_COST[pred]
            if best is None or size < best[0]:
                best = (size, pred, bands, mode, residual)
    _, spec.predictor, spec.band_transform, spec.runs, residual = best
    return residual


def band_transform_applies(spec):
    """Band differencing pairs plane j of band k with plane j of band k-1."""
    return len(spec.encodings) > 1 and len({e.planes for e in spec.encodings}) == 1


def band_transformed(spec, per_band):
    """Flat list of planes after the band transform (mask untouched), before the predictor."""
    n = len(spec.encodings)
    data, extra = per_band[:n], per_band[n:]
    if spec.band_transform != "none" and n > 1:
        by_index = [predictors.apply_bands(spec.band_transform, [band[j] for band in data])
                    for j in range(len(data[0]))]
        data = [[by_index[j][k] for j in range(len(by_index))] for k in range(n)]
    return [p for band in data + extra for p in band]


def band_values(spec, flat):
    """Inverse of :func:`band_transformed` plus the value mapping: flat planes -> one value
    array per band (and the mask last, if stored)."""
    n = len(spec.encodings)
    per_band, pos = [], 0
    for enc in spec.all_encodings:
        per_band.append(flat[pos:pos + enc.planes])
        pos += enc.planes
    if spec.band_transform != "none" and n > 1:
        by_index = [predictors.undo_bands(spec.band_transform, [band[j] for band in per_band[:n]])
                    for j in range(len(per_band[0]))]
        per_band[:n] = [[by_index[j][k] for j in range(len(by_index))] for k in range(n)]
    return [enc.from_planes(planes) for enc, planes in zip(spec.all_encodings, per_band)]


def _residual_planes(spec, per_band):
    """Flat list of the planes FLAC sees: band transform, then predictor (mask untouched)."""
    return [predictors.apply(spec.predictor, p) for p in band_transformed(spec, per_band)]


def _samples(spec, flat):
    if spec.layout == layout_mod.INTERLEAVED:
        return layout_mod.interleave(flat)
    if spec.layout == layout_mod.PLANAR:
        return layout_mod.planar(flat)
    per_band, pos = [], 0
    for enc in spec.all_encodings:
        per_band.append(layout_mod.rows_interleave(flat[pos:pos + enc.planes]))
        pos += enc.planes
    return np.concatenate(per_band)


def _stream_samples(spec, samples):
    """The samples FLAC sees: one per pixel, or one per run (of the last plane only)."""
    if spec.runs == runlength.TAIL:
        return runlength.encode_tail(samples, samples.shape[0] // spec.plane_count)
    return runlength.encode(samples) if spec.runs == "rle" else samples


def _encode_samples(spec, samples, compression_level, blocksize=None):
    samples = _stream_samples(spec, samples)
    if blocksize is None:
        blocksize = runlength.BLOCKSIZE if spec.runs == "rle" else 0
    buf = io.BytesIO()
    writer = FlacStreamWriter(buf, spec.channels, spec.bits, compression_level, blocksize)
    writer.write(samples)
    writer.close()
    return buf.getvalue()


def _encoded_size(spec, samples, compression_level):
    if samples.size == 0:
        return 0
    return len(_encode_samples(spec, samples, compression_level))


def encode_block(arrays, dtype, mask=None, compression_level=5, predictor="auto",
                 encodings=None, band_transform="auto", runs="auto"):
    """Encode (count, rows, cols) ``arrays`` (+ optional mask) -> (FLAC bytes, StreamSpec).

    ``predictor`` is ``auto``/``none``/``vdiff``/``interp``, ``band_transform`` ``auto``/
    ``none``/``bdiff``, ``runs`` ``auto``/``none``/``rle``; ``auto`` tries the candidates on a
    sample of the block's rows (runs only when the samples repeat enough to have a chance).
    """
    arrays = np.asarray(arrays)
    runlength.check_mode(runs)   # "tail" is the writer's own choice, below
    best = None
    candidates = _encoding_candidates(arrays, dtype, encodings)
    for candidate, layout in candidates:
        # planar grid tiles: the below-grid plane (last) is mostly runs of zeros, the grid
        # plane has none: runs of the last plane only. FLAC blocks of one tile row, or of
        # libFLAC's 4096 samples, by trial (the smooth EGM96 geoid: 17 % smaller in rows,
        # the coastal DEM 0.5 % smaller in 4096); interleaved grid tiles: 4096 or 2048
        # (coastal DEM: 0.4 % on those). The decoder needs no word of it.
        tail = layout == layout_mod.PLANAR and runs == "auto"
        row = arrays.shape[-1]
        if tail:
            blocksizes = (0, row) if 16 <= row <= 65535 else (0,)
        elif any(e.repr == "float32grid" for e in candidate) and runs == "auto":
            blocksizes = (None, GRID_BLOCKSIZE)
        else:
            blocksizes = (None,)
        for data, spec in _encode_with(arrays, dtype, mask, candidate, layout, predictor,
                                       band_transform, runlength.TAIL if tail else runs,
                                       compression_level, blocksizes):
            if best is None or len(data) < len(best[0]):
                best = (data, spec)
    for candidate, _ in candidates:   # planes kept for the trials are not kept any longer
        for enc in candidate:
            enc.prepared = None
    return best


def _encode_with(arrays, dtype, mask, encodings, layout, predictor, band_transform, runs,
                 compression_level, blocksizes=(None,)):
    """[(FLAC bytes, spec)] for one candidate, one per FLAC block size tried (whole
    encodings: on the trial rows the choice was wrong for a tile in three)."""
    spec, per_band = _base_spec(arrays, dtype, mask, encodings)
    spec.layout = layout or spec.layout
    residual = _choose_transforms(spec, per_band, predictor, band_transform, runs,
                                  compression_level)
    if residual is None:
        residual = _residual_planes(spec, per_band)
    samples = _samples(spec, residual)
    return [(_encode_samples(spec, samples, compression_level, size), spec)
            for size in blocksizes]


def _encoding_candidates(arrays, dtype, encodings):
    """(band encodings, layout or None for the default) to encode the block with (the
    smaller stream wins): the caller's encodings, or the exact default, plus for float32
    tiles the ``float32grid`` alternatives where they apply, interleaved and planar
    (whole encodings each: worth it only for float tiles, see samples.grid_encodings)."""
    if encodings is not None:
        return [(encodings, None)]
    default = [choose_encoding(s) for s in stats_for(arrays, dtype)]
    if dtype != "float32":
        return [(default, None)]
    grids = [grid_encodings(band) if enc.repr == "float32bits" else []
             for band, enc in zip(arrays, default)]
    out = [(default, None)]
    for i in range(max(len(g) for g in grids)):   # i-th grid candidate of every band
        picks = [g[min(i, len(g) - 1)] if g else (enc, 0.0) for g, enc in zip(grids, default)]
        option = [enc for enc, _ in picks]
        if min(share for _, share in picks) >= PLANAR_ZERO_SHARE:
            # mostly on the grid: the below planes are long runs of zeros, planar (measured:
            # coastal DEM +1.7 %, geoid +13 %), and the bit patterns never won such tiles
            return [(option, layout_mod.PLANAR)]
        out.append((option, None))
    return out


def decode_block(data, spec, rows, cols, check_md5=True):
    """Inverse of :func:`encode_block`: -> (arrays (count, rows, cols), mask or None).

    ``check_md5=False``: ``data`` was verified against a CRC-32 already (see decode_bytes).
    """
    total = samples_per_channel(spec, rows, cols)
    if spec.runs == runlength.TAIL:   # pairs for at most every sample of the last plane
        head = rows * cols * (spec.plane_count - 1)
        samples = runlength.decode_tail(
            decode_bytes(data, max_samples=head + 2 * rows * cols, channels=1,
                         check_md5=check_md5), rows * cols, spec.plane_count)
    elif spec.runs == "rle":   # at most one run per sample: bounds what a damaged tile yields
        samples = runlength.decode(
            decode_bytes(data, max_samples=total, channels=spec.channels, check_md5=check_md5),
            total)
    else:
        samples = decode_bytes(data, expected_samples=total, channels=spec.channels,
                               check_md5=check_md5)
    if samples.dtype != spec.sample_dtype:
        raise CorruptFileError("The FLAC sample width does not match the index")
    n = len(spec.encodings)
    if spec.band_transform != "none" and n > 1 and not band_transform_applies(spec):
        raise CorruptFileError("A band transform needs bands with equal plane counts")
    encodings = spec.all_encodings
    if spec.layout == layout_mod.INTERLEAVED:
        per_band = _undo_interleaved(spec, samples.reshape(rows, cols, spec.pixel_channels))
    else:
        per_band, pos = [], 0
        for enc in encodings:
            count = rows * cols * enc.planes
            split = (layout_mod.deplanar if spec.layout == layout_mod.PLANAR
                     else layout_mod.rows_deinterleave)
            planes = split(samples[pos:pos + count], enc.planes, rows, cols)
            per_band.append([predictors.undo(spec.predictor, p, in_place=True) for p in planes])
            pos += count
        if spec.band_transform != "none" and n > 1:
            by_index = [predictors.undo_bands(spec.band_transform, [band[j] for band in per_band[:n]])
                        for j in range(len(per_band[0]))]
            per_band[:n] = [[by_index[j][k] for j in range(len(by_index))] for k in range(n)]
    dtype = encodings[0].dtype if encodings else "uint8"
    arrays = np.empty((n, rows, cols), dtype=dtype)
    for k in range(n):
        arrays[k] = encodings[k].from_planes(per_band[k])
    mask = encodings[n].from_planes(per_band[n]) if spec.mask is not None else None
    return arrays, mask


def _undo_interleaved(spec, cube):
    """Undo predictor and band transform of (rows, cols, channels) samples -> planes per band.

    ``vdiff`` runs on all channels at once (one row loop for every channel: Python-level
    loops dominate the cost on 512x512 tiles); ``interp`` runs plane by plane, its strided
    sub-band steps are ~40 % faster on contiguous planes than across interleaved channels.
    """
    n = len(spec.encodings)
    band_diff = predictors.check_band_transform(spec.band_transform, False) != "none" and n > 1
    if spec.predictor == "interp":
        planes = [predictors.undo("interp", np.ascontiguousarray(cube[:, :, c]), in_place=True)
                  for c in range(cube.shape[2])]
    else:
        # the decoded samples are this call's own: undone, and band-transformed, in place
        cube = predictors.undo(spec.predictor, cube, in_place=True)
        if band_diff and not cube.flags.writeable:
            cube = cube.copy()
        planes = [cube[:, :, c] for c in range(cube.shape[2])]
    if band_diff:
        step = spec.encodings[0].planes
        for c in range(step, n * step):   # band k plane j += band k-1 plane j, in order
            np.add(planes[c], planes[c - step], out=planes[c])
    per_band, pos = [], 0
    for enc in spec.all_encodings:
        per_band.append(planes[pos:pos + enc.planes])
        pos += enc.planes
    return per_band
